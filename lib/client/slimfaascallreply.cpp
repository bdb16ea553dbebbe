// SPDX-License-Identifier: MIT
#include "slimfaascallreply.h"
#include "slimfaascaller_p.h"
#include "slimfaascallreply_p.h"

void SlimFaasCallReplyPrivate::attach(QNetworkReply *reply, SlimFaasCaller *owner)
{
    Q_Q(SlimFaasCallReply);
    network = reply;
    caller = owner;
    url = reply->url();
    // Qt 6.4 passes a read buffer size on to its HTTP thread only once that thread has started
    // the request: set now it is lost, and the thread buffers the whole body. Set again from
    // the event loop (after the start Qt has queued) and once the answer's head is in.
    reply->setReadBufferSize(readBufferSize);
    QMetaObject::invokeMethod(
            reply, [reply, size = readBufferSize] { reply->setReadBufferSize(size); },
            Qt::QueuedConnection);
    QObject::connect(reply, &QNetworkReply::metaDataChanged, q, [this] { onMetaData(); });
    QObject::connect(reply, &QNetworkReply::readyRead, q, &SlimFaasCallReply::readyRead);
    QObject::connect(reply, &QNetworkReply::uploadProgress, q, &SlimFaasCallReply::uploadProgress);
    QObject::connect(reply, &QNetworkReply::downloadProgress, q,
                     &SlimFaasCallReply::downloadProgress);
    QObject::connect(reply, &QNetworkReply::finished, q, [this] { onFinished(); });
}

bool SlimFaasCallReplyPrivate::onMetaData()
{
    Q_Q(SlimFaasCallReply);
    const QVariant status = network->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    // The transport skips interim 1xx answers; 101 fails the call when it ends.
    if (!status.isValid() || status.toInt() < 200)
        return true;
    if (canResend && redirects < SlimFaasMaximumRedirects) {
        const QUrl target = SlimFaasCallerPrivate::allowedRedirect(network, method, origin);
        if (target.isValid()) {
            follow(target);
            return false;
        }
    }
    statusCode = status.toInt();
    network->setReadBufferSize(readBufferSize); // see attach()
    headers.clear();
    for (const auto &pair : network->rawHeaderPairs()) {
        // QNetworkReply has already joined repeated headers with ", ", and splitting them
        // again would cut values that contain commas (dates): one value per name.
        headers.insert(QString::fromLatin1(pair.first), { QString::fromUtf8(pair.second) });
    }
    emit q->metaDataChanged();
    return true;
}

void SlimFaasCallReplyPrivate::follow(const QUrl &target)
{
    Q_Q(SlimFaasCallReply);
    QNetworkRequest request = network->request();
    request.setUrl(target);
    QObject::disconnect(network, nullptr, q, nullptr);
    network->abort(); // the redirect's own body is not wanted
    network->deleteLater();
    ++redirects;
    attach(send(request), caller);
}

void SlimFaasCallReplyPrivate::onFinished()
{
    Q_Q(SlimFaasCallReply);
    if (finished)
        return;
    finished = true;
    if (statusCode == 0 && network->attribute(QNetworkRequest::HttpStatusCodeAttribute).isValid()
        && !onMetaData()) { // an answer without a body may finish before metaDataChanged
        finished = false;   // a redirect followed: the call goes on
        return;
    }
    if (auto failure = SlimFaasCallerPrivate::transportError(network, aborted)) {
        error = failure->error();
        q->setErrorString(failure->errorString());
        if (caller)
            caller->d_func()->reportError(*failure, method, url, q);
        emit q->errorOccurred(error);
    }
    emit q->finished();
}

void SlimFaasCallReplyPrivate::fail(SlimFaasCaller::Error newError, const QString &message)
{
    Q_Q(SlimFaasCallReply);
    if (network) {
        QObject::disconnect(network, nullptr, q, nullptr);
        if (network->isOpen()) // an aborted reply is closed already: nothing left to read
            leftover += network->readAll();
        network->abort();
        network = nullptr;
    }
    if (finished)
        return;
    finished = true;
    error = newError;
    q->setErrorString(message);
    // Reported from the event loop: this runs inside invoke() or the caller's destructor.
    QMetaObject::invokeMethod(
            q,
            [q, newError] {
                emit q->errorOccurred(newError);
                emit q->finished();
            },
            Qt::QueuedConnection);
}

SlimFaasCallReply::SlimFaasCallReply(QObject *parent)
    : QIODevice(parent), d_ptr(new SlimFaasCallReplyPrivate(this))
{
    // Reads go straight to the network reply: no second buffer, and its back-pressure holds.
    QIODevice::open(QIODevice::ReadOnly | QIODevice::Unbuffered);
}

SlimFaasCallReply::~SlimFaasCallReply()
{
    Q_D(SlimFaasCallReply);
    if (d->network) {
        QObject::disconnect(d->network, nullptr, this, nullptr);
        d->network->abort();
        d->network->deleteLater();
    }
}

qint64 SlimFaasCallReply::readBufferSize() const
{
    return d_func()->readBufferSize;
}

void SlimFaasCallReply::setReadBufferSize(qint64 size)
{
    Q_D(SlimFaasCallReply);
    d->readBufferSize = qMax<qint64>(0, size);
    if (d->network) {
        QMetaObject::invokeMethod(
                d->network, [network = d->network, size] { network->setReadBufferSize(size); },
                Qt::QueuedConnection); // see attach()
        d->network->setReadBufferSize(d->readBufferSize);
    }
}

QString SlimFaasCallReply::function() const
{
    return d_func()->function;
}

QByteArray SlimFaasCallReply::method() const
{
    return d_func()->method;
}

QUrl SlimFaasCallReply::url() const
{
    return d_func()->url;
}

int SlimFaasCallReply::statusCode() const
{
    return d_func()->statusCode;
}

SlimFaasHeaders SlimFaasCallReply::headers() const
{
    return d_func()->headers;
}

QByteArray SlimFaasCallReply::rawHeader(const QByteArray &name) const
{
    Q_D(const SlimFaasCallReply);
    const QString wanted = QString::fromLatin1(name);
    for (auto it = d->headers.cbegin(); it != d->headers.cend(); ++it) {
        if (it.key().compare(wanted, Qt::CaseInsensitive) == 0)
            return it.value().join(QLatin1String(", ")).toUtf8();
    }
    return {};
}

bool SlimFaasCallReply::isFinished() const
{
    return d_func()->finished;
}

bool SlimFaasCallReply::isRunning() const
{
    return !d_func()->finished;
}

SlimFaasCaller::Error SlimFaasCallReply::error() const
{
    return d_func()->error;
}

qint64 SlimFaasCallReply::bytesAvailable() const
{
    Q_D(const SlimFaasCallReply);
    return QIODevice::bytesAvailable() + d->leftover.size()
            + (d->network ? d->network->bytesAvailable() : 0);
}

bool SlimFaasCallReply::atEnd() const
{
    return d_func()->finished && bytesAvailable() == 0;
}

void SlimFaasCallReply::close()
{
    abort();
    QIODevice::close();
}

void SlimFaasCallReply::abort()
{
    Q_D(SlimFaasCallReply);
    if (d->finished || !d->network)
        return;
    d->aborted = true;
    // QNetworkReply::abort() throws away what was not read yet; what arrived stays readable.
    if (d->network->isOpen())
        d->leftover += d->network->readAll();
    d->network->abort(); // finishes at once, through onFinished()
}

qint64 SlimFaasCallReply::readData(char *data, qint64 maxSize)
{
    Q_D(SlimFaasCallReply);
    if (!d->leftover.isEmpty()) {
        const qint64 n = qMin<qint64>(maxSize, d->leftover.size());
        memcpy(data, d->leftover.constData(), size_t(n));
        d->leftover.remove(0, n);
        return n;
    }
    if (d->network && d->network->isOpen()) {
        const qint64 n = d->network->read(data, maxSize);
        if (n > 0 || !d->finished)
            return qMax<qint64>(0, n);
    }
    return d->finished ? -1 : 0;
}

qint64 SlimFaasCallReply::writeData(const char *, qint64)
{
    return -1; // read-only: the request body was given to invoke()
}
