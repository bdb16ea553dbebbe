// SPDX-License-Identifier: MIT
#include "slimfaascaller.h"
#include "slimfaascaller_p.h"
#include "slimfaascallreply.h"
#include "slimfaascallreply_p.h"
#include "slimfaasrawheaders_p.h"

#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>
#include <QtNetwork/qnetworkaccessmanager.h>

#include <algorithm>

Q_LOGGING_CATEGORY(lcSlimFaasCaller, "slimfaas.caller", QtWarningMsg)

SlimFaasCallError::SlimFaasCallError(SlimFaasCaller::Error error, const QString &errorString,
                                     int statusCode)
    : m_error(error), m_errorString(errorString), m_statusCode(statusCode),
      m_what(errorString.toUtf8())
{ }

SlimFaasCallerPrivate::SlimFaasCallerPrivate(SlimFaasCaller *q)
    : q_ptr(q), network(new QNetworkAccessManager(q))
{ }

QUrl SlimFaasCallerPrivate::routeUrl(const QString &route, const QString &name,
                                     const QString &path) const
{
    QString relative = path;
    QString query;
    const qsizetype mark = relative.indexOf(QLatin1Char('?'));
    if (mark >= 0) {
        query = relative.mid(mark + 1);
        relative.truncate(mark);
    }
    // SlimFaas gives the function what follows /<route>/<name>/, without a leading slash.
    while (relative.startsWith(QLatin1Char('/')))
        relative.remove(0, 1);

    QString full = url.path(QUrl::FullyEncoded);
    while (full.endsWith(QLatin1Char('/')))
        full.chop(1);
    full += QLatin1Char('/') + route;
    if (!name.isNull())
        full += QLatin1Char('/') + QString::fromLatin1(QUrl::toPercentEncoding(name));
    if (!relative.isEmpty())
        full += QLatin1Char('/') + relative;

    QUrl target = url;
    target.setPath(full, QUrl::TolerantMode);
    if (mark >= 0)
        target.setQuery(query, QUrl::TolerantMode);
    else
        target.setQuery(QString());
    target.setFragment(QString());
    return target;
}

QNetworkRequest SlimFaasCallerPrivate::makeRequest(const QUrl &target,
                                                   const SlimFaasHeaders &callHeaders) const
{
    QNetworkRequest request(target);
    for (const auto &header : headers)
        request.setRawHeader(header.first, header.second);
    for (auto it = callHeaders.cbegin(); it != callHeaders.cend(); ++it)
        request.setRawHeader(it.key().toLatin1(), it.value().join(QLatin1String(", ")).toUtf8());
    request.setTransferTimeout(transferTimeout);
#ifndef QT_NO_SSL
    if (target.scheme() == QLatin1String("https"))
        request.setSslConfiguration(sslConfiguration);
#endif
    return request;
}

std::optional<SlimFaasCallError> SlimFaasCallerPrivate::checkUrl() const
{
    if (url.isValid()
        && (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https")))
        return std::nullopt;
    return SlimFaasCallError(SlimFaasCaller::InvalidArgument,
                             SlimFaasCaller::tr("Invalid SlimFaas URL \"%1\": expected http:// "
                                                "or https://.")
                                     .arg(url.toString()));
}

std::optional<SlimFaasCallError> SlimFaasCallerPrivate::checkName(const QString &name) const
{
    if (name.isEmpty() || name.contains(QLatin1Char('/'))) {
        return SlimFaasCallError(SlimFaasCaller::InvalidArgument,
                                 SlimFaasCaller::tr("Invalid name \"%1\": it must not be empty "
                                                    "nor contain '/'.")
                                         .arg(name));
    }
    return checkUrl();
}

std::optional<SlimFaasCallError> SlimFaasCallerPrivate::transportError(QNetworkReply *reply,
                                                                       bool aborted)
{
    const QNetworkReply::NetworkError code = reply->error();
    // QNetworkReply turns 4xx and 5xx into errors too; here they are answers.
    const bool httpStatus = (code >= QNetworkReply::ContentAccessDenied
                             && code <= QNetworkReply::UnknownContentError
                             && code != QNetworkReply::ContentReSendError)
            || code == QNetworkReply::ProtocolInvalidOperationError
            || (code >= QNetworkReply::InternalServerError
                && code <= QNetworkReply::UnknownServerError);
    if (code == QNetworkReply::NoError || httpStatus)
        return std::nullopt;

    SlimFaasCaller::Error error = SlimFaasCaller::ConnectionError;
    QString message = reply->errorString();
    switch (code) {
    case QNetworkReply::OperationCanceledError:
        // Qt reports an expired transfer timeout as a cancellation: only abort() is one.
        if (aborted) {
            error = SlimFaasCaller::OperationCanceled;
            message = SlimFaasCaller::tr("The call was aborted.");
        } else {
            error = SlimFaasCaller::TimeoutError;
            message = SlimFaasCaller::tr("No data moved within the transfer timeout.");
        }
        break;
    case QNetworkReply::TimeoutError:
        error = SlimFaasCaller::TimeoutError;
        break;
    case QNetworkReply::SslHandshakeFailedError:
        error = SlimFaasCaller::SslError;
        break;
    default:
        break;
    }
    return SlimFaasCallError(error,
                             SlimFaasCaller::tr("Calling %1 failed: %2")
                                     .arg(reply->url().toDisplayString(), message));
}

SlimFaasCallError SlimFaasCallerPrivate::unexpectedStatus(QNetworkReply *reply, int expected)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 404) {
        return SlimFaasCallError(SlimFaasCaller::FunctionNotFound,
                                 SlimFaasCaller::tr("SlimFaas does not know %1 (404).")
                                         .arg(reply->url().toDisplayString()),
                                 status);
    }
    return SlimFaasCallError(SlimFaasCaller::HttpError,
                             SlimFaasCaller::tr("SlimFaas answered %1 instead of %2 to %3.")
                                     .arg(status)
                                     .arg(expected)
                                     .arg(reply->url().toDisplayString()),
                             status);
}

SlimFaasCallReply *SlimFaasCallerPrivate::startInvoke(
        const QString &function, const QString &path, const QByteArray &method,
        const SlimFaasHeaders &callHeaders, const std::optional<SlimFaasCallError> &refusal,
        const std::function<QNetworkReply *(const QNetworkRequest &, const QByteArray &)> &send)
{
    Q_Q(SlimFaasCaller);
    auto *reply = new SlimFaasCallReply;
    reply->d_func()->function = function;
    reply->d_func()->method = method;
    if (refusal) {
        reply->d_func()->fail(refusal->error(), refusal->errorString());
        reportError(*refusal, true);
        return reply;
    }
    const QNetworkRequest request
            = makeRequest(routeUrl(QStringLiteral("function"), function, path), callHeaders);
    // A custom "HEAD" would make Qt wait for a body that never comes.
    reply->d_func()->attach(method == "HEAD" ? network->head(request) : send(request, method), q);
    liveReplies.removeIf([](const QPointer<SlimFaasCallReply> &r) { return r.isNull(); });
    liveReplies.append(reply);
    return reply;
}

void SlimFaasCallerPrivate::reportError(const SlimFaasCallError &error, bool queued)
{
    Q_Q(SlimFaasCaller);
    qCDebug(lcSlimFaasCaller) << error.error() << error.errorString();
    if (queued) {
        // A call refused on the spot reports after the caller got its future or reply back.
        QMetaObject::invokeMethod(
                q, [q, error] { emit q->errorOccurred(error.error(), error.errorString()); },
                Qt::QueuedConnection);
    } else {
        emit q->errorOccurred(error.error(), error.errorString());
    }
}

// ---------------------------------------------------------------- public face

SlimFaasCaller::SlimFaasCaller(QObject *parent)
    : QObject(parent), d_ptr(new SlimFaasCallerPrivate(this))
{
    qRegisterMetaType<SlimFaasFunctionStatus>();
    qRegisterMetaType<QList<SlimFaasFunctionStatus>>();
}

SlimFaasCaller::SlimFaasCaller(const QUrl &url, QObject *parent) : SlimFaasCaller(parent)
{
    d_func()->url = url;
}

SlimFaasCaller::~SlimFaasCaller()
{
    Q_D(SlimFaasCaller);
    // The manager and its replies die with us: settle everything still waiting first, so no
    // future stays pending forever and every reply finishes.
    const auto futures = std::exchange(d->pendingFutures, {});
    for (auto it = futures.cbegin(); it != futures.cend(); ++it) {
        QObject::disconnect(it.key(), nullptr, this, nullptr);
        it.key()->abort();
        it.value()(SlimFaasCallError(OperationCanceled,
                                     tr("The caller was destroyed before SlimFaas answered.")));
    }
    const auto replies = std::exchange(d->liveReplies, {});
    for (const QPointer<SlimFaasCallReply> &reply : replies) {
        if (reply)
            reply->d_func()->fail(OperationCanceled,
                                  tr("The caller was destroyed before SlimFaas answered."));
    }
}

QUrl SlimFaasCaller::url() const
{
    return d_func()->url;
}

void SlimFaasCaller::setUrl(const QUrl &url)
{
    Q_D(SlimFaasCaller);
    if (d->url == url)
        return;
    d->url = url;
    emit urlChanged(url);
}

void SlimFaasCaller::setHeader(const QByteArray &name, const QByteArray &value)
{
    setSlimFaasRawHeader(&d_func()->headers, name, value);
}

QList<QPair<QByteArray, QByteArray>> SlimFaasCaller::headers() const
{
    return d_func()->headers;
}

int SlimFaasCaller::transferTimeout() const
{
    return d_func()->transferTimeout;
}

void SlimFaasCaller::setTransferTimeout(int msecs)
{
    Q_D(SlimFaasCaller);
    msecs = qMax(0, msecs);
    if (d->transferTimeout == msecs)
        return;
    d->transferTimeout = msecs;
    emit transferTimeoutChanged(msecs);
}

#ifndef QT_NO_SSL
QSslConfiguration SlimFaasCaller::sslConfiguration() const
{
    return d_func()->sslConfiguration;
}

void SlimFaasCaller::setSslConfiguration(const QSslConfiguration &configuration)
{
    d_func()->sslConfiguration = configuration;
}
#endif

QNetworkAccessManager *SlimFaasCaller::networkAccessManager() const
{
    return d_func()->network;
}

SlimFaasCallReply *SlimFaasCaller::invoke(const QString &function, const QString &path,
                                          const QByteArray &method, const SlimFaasHeaders &headers,
                                          const QByteArray &body)
{
    Q_D(SlimFaasCaller);
    return d->startInvoke(function, path, method, headers, d->checkName(function),
                          [d, body](const QNetworkRequest &request, const QByteArray &verb) {
                              return d->network->sendCustomRequest(request, verb, body);
                          });
}

SlimFaasCallReply *SlimFaasCaller::invoke(const QString &function, const QString &path,
                                          const QByteArray &method, const SlimFaasHeaders &headers,
                                          QIODevice *body, qint64 size)
{
    Q_D(SlimFaasCaller);
    std::optional<SlimFaasCallError> error = d->checkName(function);
    if (!error && (!body || !body->isReadable())) {
        error = SlimFaasCallError(InvalidArgument,
                                  tr("The request body device is not open for reading."));
    }
    return d->startInvoke(function, path, method, headers, error,
                          [d, body, size](QNetworkRequest request, const QByteArray &verb) mutable {
                              if (size < 0 && !body->isSequential())
                                  size = body->size() - body->pos();
                              if (size >= 0) {
                                  // A known length lets Qt send the body as the device yields it;
                                  // without one, Qt 6.4 reads the whole device into memory before
                                  // the first byte leaves.
                                  request.setHeader(QNetworkRequest::ContentLengthHeader, size);
                                  request.setAttribute(
                                          QNetworkRequest::DoNotBufferUploadDataAttribute, true);
                              }
                              return d->network->sendCustomRequest(request, verb, body);
                          });
}

QFuture<QString> SlimFaasCaller::enqueue(const QString &function, const QString &path,
                                         const QByteArray &method, const SlimFaasHeaders &headers,
                                         const QByteArray &body)
{
    Q_D(SlimFaasCaller);
    if (auto error = d->checkName(function))
        return d->failed<QString>(*error);
    const QNetworkRequest request = d->makeRequest(
            d->routeUrl(QStringLiteral("async-function"), function, path), headers);
    return d->track<QString>(
            d->network->sendCustomRequest(request, method, body),
            [](QNetworkReply *reply, int status, const QByteArray &) {
                if (status != 202)
                    throw SlimFaasCallerPrivate::unexpectedStatus(reply, 202);
                const QString id = QString::fromUtf8(reply->rawHeader("SlimFaas-Element-Id"));
                if (id.isEmpty()) {
                    throw SlimFaasCallError(ProtocolError,
                                            tr("SlimFaas accepted the call but gave no "
                                               "SlimFaas-Element-Id."),
                                            status);
                }
                return id;
            },
            [this, function](const QString &id) { emit enqueued(function, id); });
}

QFuture<SlimFaasCaller::PublishResult> SlimFaasCaller::publish(const QString &event,
                                                               const QString &path,
                                                               const QByteArray &body,
                                                               const SlimFaasHeaders &headers)
{
    Q_D(SlimFaasCaller);
    if (auto error = d->checkName(event))
        return d->failed<PublishResult>(*error);
    const QNetworkRequest request
            = d->makeRequest(d->routeUrl(QStringLiteral("publish-event"), event, path), headers);
    return d->track<PublishResult>(
            // Not post(): that warns about a missing Content-Type, which is the caller's choice.
            d->network->sendCustomRequest(request, QByteArrayLiteral("POST"), body),
            [](QNetworkReply *reply, int status, const QByteArray &) {
                if (status == 404)
                    return NoSubscriber;
                if (status < 200 || status > 299)
                    throw SlimFaasCallerPrivate::unexpectedStatus(reply, 204);
                return Delivered;
            },
            [this, event](const PublishResult &result) { emit published(event, result); });
}

QFuture<QList<SlimFaasFunctionStatus>> SlimFaasCaller::functionStatuses()
{
    Q_D(SlimFaasCaller);
    if (auto error = d->checkUrl())
        return d->failed<QList<SlimFaasFunctionStatus>>(*error);
    const QNetworkRequest request
            = d->makeRequest(d->routeUrl(QStringLiteral("status-functions"), QString(), {}), {});
    return d->track<QList<SlimFaasFunctionStatus>>(
            d->network->get(request),
            [](QNetworkReply *reply, int status, const QByteArray &body) {
                if (status != 200)
                    throw SlimFaasCallerPrivate::unexpectedStatus(reply, 200);
                QJsonParseError parseError;
                const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
                if (!document.isArray()) {
                    throw SlimFaasCallError(
                            ProtocolError,
                            tr("Unreadable function statuses: %1")
                                    .arg(parseError.error == QJsonParseError::NoError
                                                 ? tr("not a JSON array")
                                                 : parseError.errorString()),
                            status);
                }
                QList<SlimFaasFunctionStatus> statuses;
                const QJsonArray array = document.array();
                for (const QJsonValue &entry : array) {
                    QString why;
                    const auto parsed = SlimFaasFunctionStatus::fromJson(entry.toObject(), &why);
                    if (!parsed) {
                        throw SlimFaasCallError(ProtocolError,
                                                tr("Unreadable function status: %1").arg(why),
                                                status);
                    }
                    statuses.append(*parsed);
                }
                return statuses;
            },
            [this](const QList<SlimFaasFunctionStatus> &statuses) {
                emit functionStatusesReceived(statuses);
            });
}

QFuture<SlimFaasFunctionStatus> SlimFaasCaller::functionStatus(const QString &function)
{
    Q_D(SlimFaasCaller);
    if (auto error = d->checkName(function))
        return d->failed<SlimFaasFunctionStatus>(*error);
    const QNetworkRequest request
            = d->makeRequest(d->routeUrl(QStringLiteral("status-function"), function, {}), {});
    return d->track<SlimFaasFunctionStatus>(
            d->network->get(request),
            [](QNetworkReply *reply, int status, const QByteArray &body) {
                if (status != 200)
                    throw SlimFaasCallerPrivate::unexpectedStatus(reply, 200);
                QJsonParseError parseError;
                const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
                QString why = parseError.error == QJsonParseError::NoError
                        ? tr("not a JSON object")
                        : parseError.errorString();
                if (document.isObject()) {
                    if (auto parsed = SlimFaasFunctionStatus::fromJson(document.object(), &why))
                        return *parsed;
                }
                throw SlimFaasCallError(ProtocolError,
                                        tr("Unreadable function status: %1").arg(why), status);
            },
            [this](const SlimFaasFunctionStatus &status) { emit functionStatusReceived(status); });
}
