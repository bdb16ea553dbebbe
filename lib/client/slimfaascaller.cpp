// SPDX-License-Identifier: MIT
#include "slimfaascaller.h"
#include "slimfaascaller_p.h"
#include "slimfaascallreply.h"
#include "slimfaascallreply_p.h"
#include "slimfaasrawheaders_p.h"

#include <QtCore/qabstracteventdispatcher.h>
#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qthread.h>
#include <QtNetwork/qnetworkaccessmanager.h>

#include <algorithm>

Q_LOGGING_CATEGORY(lcSlimFaasCaller, "slimfaas.caller", QtWarningMsg)

SlimFaasCallError::SlimFaasCallError(SlimFaasCaller::Error error, const QString &errorString,
                                     int statusCode)
    : m_error(error), m_errorString(errorString), m_statusCode(statusCode),
      m_what(errorString.toUtf8())
{ }

SlimFaasCallerPrivate::SlimFaasCallerPrivate(SlimFaasCaller *q)
    : q_ptr(q), network(new SlimFaasNetworkAccessManager(q))
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
    // Qt's own policy would follow redirects anywhere with every header: the caller decides.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(SlimFaasRedirectPolicyAttribute, int(redirectPolicy));
#ifndef QT_NO_SSL
    if (target.scheme() == QLatin1String("https"))
        request.setSslConfiguration(sslConfiguration);
#endif
    return request;
}

// The thread rule of slimfaascaller.h, said rather than left to hang: from another thread a
// call would drive the caller's QNetworkAccessManager from two threads, and in a thread with
// no event loop (a std::thread) no call could ever finish.
std::optional<SlimFaasCallError> SlimFaasCallerPrivate::checkThread() const
{
    Q_Q(const SlimFaasCaller);
    QString why;
    if (QThread::currentThread() != q->thread()) {
        why = SlimFaasCaller::tr("SlimFaasCaller called from a thread other than its own: create, "
                                 "call and destroy it in one thread, or reach it with "
                                 "QMetaObject::invokeMethod().");
    } else if (!QAbstractEventDispatcher::instance(q->thread())) {
        why = SlimFaasCaller::tr("SlimFaasCaller's thread has no event loop (a std::thread?): "
                                 "no call could finish. Use it in a QThread or the main thread.");
    }
    if (why.isEmpty())
        return std::nullopt;
    qCWarning(lcSlimFaasCaller).noquote() << why;
    return SlimFaasCallError(SlimFaasCaller::OperationCanceled, why);
}

std::optional<SlimFaasCallError> SlimFaasCallerPrivate::checkUrl() const
{
    if (auto error = checkThread())
        return error;
    if (url.isValid()
        && (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https")))
        return std::nullopt;
    return SlimFaasCallError(SlimFaasCaller::InvalidArgument,
                             SlimFaasCaller::tr("Invalid SlimFaas URL \"%1\": expected http:// "
                                                "or https://.")
                                     .arg(url.toString()));
}

namespace {

// `text` percent-decoded until nothing changes, as each layer in front of a function may decode
// it once more; nothing when it still changes after a few rounds.
std::optional<QByteArray> fullyDecoded(const QString &text)
{
    QByteArray bytes = text.toUtf8();
    for (int round = 0; round < 8; ++round) {
        const QByteArray decoded = QByteArray::fromPercentEncoding(bytes);
        if (decoded == bytes)
            return bytes;
        bytes = decoded;
    }
    return std::nullopt;
}

// A segment that a server may take for "." or "..": only dots, once trimmed and without
// parameters (";x").
bool isDotSegment(QByteArrayView segment)
{
    const qsizetype parameters = segment.indexOf(';');
    const QByteArray bare
            = segment.first(parameters < 0 ? segment.size() : parameters).toByteArray().trimmed();
    return !bare.isEmpty()
            && std::all_of(bare.cbegin(), bare.cend(), [](char c) { return c == '.'; });
}

// Whether `path` (without its query) could climb out of the route it follows, in any
// encoding: a dot segment between slashes or backslashes, once fully decoded.
bool climbsOut(const QString &path)
{
    const auto decoded = fullyDecoded(path);
    if (!decoded)
        return true;
    QByteArray separated = *decoded;
    separated.replace('\\', '/');
    const QList<QByteArray> segments = separated.split('/');
    return std::any_of(segments.cbegin(), segments.cend(),
                       [](const QByteArray &segment) { return isDotSegment(segment); });
}

// The error Qt 6 sets on a reply for an HTTP status of 400 and above
// (statusCodeFromHttp() in qnetworkreplyhttpimpl.cpp): such a reply is still an answer.
QNetworkReply::NetworkError networkErrorOfStatus(int status)
{
    switch (status) {
    case 400:
    case 418:
        return QNetworkReply::ProtocolInvalidOperationError;
    case 401:
        return QNetworkReply::AuthenticationRequiredError;
    case 403:
        return QNetworkReply::ContentAccessDenied;
    case 404:
        return QNetworkReply::ContentNotFoundError;
    case 405:
        return QNetworkReply::ContentOperationNotPermittedError;
    case 407:
        return QNetworkReply::ProxyAuthenticationRequiredError;
    case 409:
        return QNetworkReply::ContentConflictError;
    case 410:
        return QNetworkReply::ContentGoneError;
    case 500:
        return QNetworkReply::InternalServerError;
    case 501:
        return QNetworkReply::OperationNotImplementedError;
    case 503:
        return QNetworkReply::ServiceUnavailableError;
    default:
        return status > 500 ? QNetworkReply::UnknownServerError
                            : QNetworkReply::UnknownContentError;
    }
}

int defaultPort(const QUrl &url)
{
    return url.port(url.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0 ? 443
                                                                                           : 80);
}

bool sameOrigin(const QUrl &a, const QUrl &b)
{
    return a.scheme().compare(b.scheme(), Qt::CaseInsensitive) == 0
            && a.host().compare(b.host(), Qt::CaseInsensitive) == 0
            && defaultPort(a) == defaultPort(b);
}

} // namespace

std::optional<SlimFaasCallError> SlimFaasCallerPrivate::checkName(const QString &name) const
{
    const auto decoded = fullyDecoded(name);
    if (name.isEmpty() || !decoded || decoded->contains('/') || decoded->contains('\\')
        || isDotSegment(*decoded)) {
        return SlimFaasCallError(SlimFaasCaller::InvalidArgument,
                                 SlimFaasCaller::tr("Invalid name \"%1\": it must not be empty, "
                                                    "\".\" or \"..\", nor contain '/' or '\\'.")
                                         .arg(name));
    }
    return checkUrl();
}

std::optional<SlimFaasCallError> SlimFaasCallerPrivate::checkTarget(const QString &name,
                                                                    const QString &path) const
{
    if (auto error = checkName(name))
        return error;
    const qsizetype mark = path.indexOf(QLatin1Char('?'));
    if (climbsOut(mark < 0 ? path : path.left(mark))) {
        return SlimFaasCallError(
                SlimFaasCaller::InvalidArgument,
                SlimFaasCaller::tr("Invalid path \"%1\": \".\" and \"..\" segments, encoded or "
                                   "not, would leave the route of %2.")
                        .arg(path, name));
    }
    return std::nullopt;
}

std::optional<SlimFaasCallError> SlimFaasCallerPrivate::transportError(QNetworkReply *reply,
                                                                       bool aborted)
{
    const QNetworkReply::NetworkError code = reply->error();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    // QNetworkReply turns 4xx and 5xx into errors too; here they are answers. Any other error
    // on an answer (a failed decompression) makes it unreadable.
    if (code == QNetworkReply::NoError || (status >= 400 && code == networkErrorOfStatus(status)))
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
        // Content and protocol errors: an answer came, but not one that can be read.
        if (code >= QNetworkReply::ContentAccessDenied && code <= QNetworkReply::ProtocolFailure)
            error = SlimFaasCaller::ProtocolError;
        break;
    }
    return SlimFaasCallError(error,
                             SlimFaasCaller::tr("Calling %1 failed: %2")
                                     .arg(reply->url().toDisplayString(), message));
}

QUrl SlimFaasCallerPrivate::allowedRedirect(QNetworkReply *reply, const QByteArray &method,
                                            const QUrl &origin)
{
    if (reply->request().attribute(SlimFaasRedirectPolicyAttribute).toInt()
        != SlimFaasCaller::SameOriginRedirect)
        return {};
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const bool keepsMethod = status == 307 || status == 308;
    // 301, 302 and 303 let a client change the method to GET: followed only when it is GET
    // already (or HEAD), so that a POST never turns silently into something else.
    const bool mayChangeMethod = status == 301 || status == 302 || status == 303;
    if (!keepsMethod && !(mayChangeMethod && (method == "GET" || method == "HEAD")))
        return {};
    const QUrl location = QUrl::fromEncoded(reply->rawHeader("Location"), QUrl::StrictMode);
    if (!location.isValid() || reply->rawHeader("Location").isEmpty())
        return {};
    const QUrl target = reply->url().resolved(location);
    return sameOrigin(target, origin) ? target : QUrl();
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

SlimFaasCallReply *
SlimFaasCallerPrivate::startInvoke(const QString &function, const QString &path,
                                   const QByteArray &method, const SlimFaasHeaders &callHeaders,
                                   const std::optional<SlimFaasCallError> &refusal,
                                   const SlimFaasSend &send, bool canResend)
{
    Q_Q(SlimFaasCaller);
    // Called from a foreign thread (refused by checkThread()), the reply cannot be the
    // caller's child: it is the one who called that owns it then.
    auto *reply = new SlimFaasCallReply(QThread::currentThread() == q->thread() ? q : nullptr);
    SlimFaasCallReplyPrivate *d = reply->d_func();
    d->function = function;
    d->method = method;
    d->readBufferSize = replyReadBufferSize;
    if (autoDeleteReplies)
        QObject::connect(reply, &SlimFaasCallReply::finished, reply, &QObject::deleteLater);
    const QUrl target = routeUrl(QStringLiteral("function"), function, path);
    if (refusal) {
        d->url = target;
        d->fail(refusal->error(), refusal->errorString());
        reportError(*refusal, method, target, reply, true);
        return reply;
    }
    const QNetworkRequest request = makeRequest(target, callHeaders);
    // A custom "HEAD" would make Qt wait for a body that never comes.
    QNetworkAccessManager *manager = network;
    d->send = [manager, method, send](const QNetworkRequest &next) {
        return method == "HEAD" ? manager->head(next) : send(next);
    };
    d->canResend = canResend;
    d->origin = target;
    d->attach(d->send(request), q);
    liveReplies.removeIf([](const QPointer<SlimFaasCallReply> &r) { return r.isNull(); });
    liveReplies.append(reply);
    return reply;
}

void SlimFaasCallerPrivate::reportError(const SlimFaasCallError &error, const QByteArray &method,
                                        const QUrl &target, SlimFaasCallReply *reply, bool queued)
{
    Q_Q(SlimFaasCaller);
    qCDebug(lcSlimFaasCaller) << error.error() << error.errorString();
    if (queued) {
        // A call refused on the spot reports after the caller got its future or reply back.
        QPointer<SlimFaasCallReply> guard(reply);
        QMetaObject::invokeMethod(
                q,
                [q, error, method, target, guard] {
                    emit q->errorOccurred(error.error(), error.errorString(), method, target,
                                          guard.data());
                },
                Qt::QueuedConnection);
    } else {
        emit q->errorOccurred(error.error(), error.errorString(), method, target, reply);
    }
}

// ---------------------------------------------------------------- public face

SlimFaasCaller::SlimFaasCaller(QObject *parent)
    : QObject(parent), d_ptr(new SlimFaasCallerPrivate(this))
{
    qRegisterMetaType<SlimFaasFunctionStatus>();
    qRegisterMetaType<QList<SlimFaasFunctionStatus>>();
    qRegisterMetaType<SlimFaasCallReply *>();
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

SlimFaasCaller::RedirectPolicy SlimFaasCaller::redirectPolicy() const
{
    return d_func()->redirectPolicy;
}

void SlimFaasCaller::setRedirectPolicy(RedirectPolicy policy)
{
    d_func()->redirectPolicy = policy;
}

qint64 SlimFaasCaller::maximumAnswerSize() const
{
    return d_func()->maximumAnswerSize;
}

void SlimFaasCaller::setMaximumAnswerSize(qint64 bytes)
{
    d_func()->maximumAnswerSize = qMax<qint64>(0, bytes);
}

qint64 SlimFaasCaller::replyReadBufferSize() const
{
    return d_func()->replyReadBufferSize;
}

void SlimFaasCaller::setReplyReadBufferSize(qint64 bytes)
{
    d_func()->replyReadBufferSize = qMax<qint64>(0, bytes);
}

bool SlimFaasCaller::autoDeleteReplies() const
{
    return d_func()->autoDeleteReplies;
}

void SlimFaasCaller::setAutoDeleteReplies(bool autoDelete)
{
    d_func()->autoDeleteReplies = autoDelete;
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
    QNetworkAccessManager *network = d->network;
    return d->startInvoke(
            function, path, method, headers, d->checkTarget(function, path),
            [network, method, body](const QNetworkRequest &request) {
                return network->sendCustomRequest(request, method, body);
            },
            true);
}

SlimFaasCallReply *SlimFaasCaller::invoke(const QString &function, const QString &path,
                                          const QByteArray &method, const SlimFaasHeaders &headers,
                                          QIODevice *body, qint64 size)
{
    Q_D(SlimFaasCaller);
    std::optional<SlimFaasCallError> error = d->checkTarget(function, path);
    if (!error && (!body || !body->isReadable())) {
        error = SlimFaasCallError(InvalidArgument,
                                  tr("The request body device is not open for reading."));
    }
    if (error)
        return d->startInvoke(function, path, method, headers, error, {}, false);
    const bool sequential = body->isSequential();
    const qint64 start = sequential ? 0 : body->pos();
    if (size < 0 && !sequential)
        size = body->size() - start;
    QNetworkAccessManager *network = d->network;
    return d->startInvoke(
            function, path, method, headers, error,
            [network, method, body, size, start, sequential](QNetworkRequest request) {
                if (!sequential)
                    body->seek(start); // a redirect followed sends the body again
                if (size >= 0) {
                    // A known length lets Qt send the body as the device yields it; without
                    // one, Qt 6.4 reads the whole device into memory before the first byte
                    // leaves.
                    request.setHeader(QNetworkRequest::ContentLengthHeader, size);
                    request.setAttribute(QNetworkRequest::DoNotBufferUploadDataAttribute, true);
                }
                return network->sendCustomRequest(request, method, body);
            },
            !sequential);
}

QFuture<QString> SlimFaasCaller::enqueue(const QString &function, const QString &path,
                                         const QByteArray &method, const SlimFaasHeaders &headers,
                                         const QByteArray &body)
{
    Q_D(SlimFaasCaller);
    const QUrl target = d->routeUrl(QStringLiteral("async-function"), function, path);
    if (auto error = d->checkTarget(function, path))
        return d->failed<QString>(*error, method, target);
    QNetworkAccessManager *network = d->network;
    return d->track<QString>(
            d->makeRequest(target, headers), method,
            [network, method, body](const QNetworkRequest &request) {
                return network->sendCustomRequest(request, method, body);
            },
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
            [this, function, path](const QString &id) { emit enqueued(function, path, id); });
}

QFuture<SlimFaasCaller::PublishResult> SlimFaasCaller::publish(const QString &event,
                                                               const QString &path,
                                                               const QByteArray &body,
                                                               const SlimFaasHeaders &headers)
{
    Q_D(SlimFaasCaller);
    const QByteArray method = QByteArrayLiteral("POST");
    const QUrl target = d->routeUrl(QStringLiteral("publish-event"), event, path);
    if (auto error = d->checkTarget(event, path))
        return d->failed<PublishResult>(*error, method, target);
    QNetworkAccessManager *network = d->network;
    return d->track<PublishResult>(
            d->makeRequest(target, headers), method,
            // Not post(): that warns about a missing Content-Type, which is the caller's choice.
            [network, method, body](const QNetworkRequest &request) {
                return network->sendCustomRequest(request, method, body);
            },
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
    const QUrl target = d->routeUrl(QStringLiteral("status-functions"), QString(), {});
    if (auto error = d->checkUrl())
        return d->failed<QList<SlimFaasFunctionStatus>>(*error, "GET", target);
    QNetworkAccessManager *network = d->network;
    return d->track<QList<SlimFaasFunctionStatus>>(
            d->makeRequest(target, {}), "GET",
            [network](const QNetworkRequest &request) { return network->get(request); },
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
    const QUrl target = d->routeUrl(QStringLiteral("status-function"), function, {});
    if (auto error = d->checkName(function))
        return d->failed<SlimFaasFunctionStatus>(*error, "GET", target);
    QNetworkAccessManager *network = d->network;
    return d->track<SlimFaasFunctionStatus>(
            d->makeRequest(target, {}), "GET",
            [network](const QNetworkRequest &request) { return network->get(request); },
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
