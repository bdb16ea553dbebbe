#include "slimfaassyncrequest.h"
#include "slimfaassyncrequest_p.h"
#include "slimfaassyncstreams_p.h"

using SlimFaasProtocol::MessageType;

SlimFaasSyncRequest::SlimFaasSyncRequest(SlimFaasSyncStreams *streams, QObject *parent)
    : QIODevice(parent), d_ptr(new SlimFaasSyncRequestPrivate)
{
    d_ptr->streams = streams;
    // Unbuffered: the request body already sits in received chunks; a second copy in
    // QIODevice's buffer would only cost memory.
    QIODevice::open(QIODevice::ReadWrite | QIODevice::Unbuffered);
}

SlimFaasSyncRequest::~SlimFaasSyncRequest() = default;

QString SlimFaasSyncRequest::correlationId() const
{
    return d_func()->correlationId;
}
QString SlimFaasSyncRequest::method() const
{
    return d_func()->method;
}
QString SlimFaasSyncRequest::path() const
{
    return d_func()->path;
}
QString SlimFaasSyncRequest::query() const
{
    return d_func()->query;
}
SlimFaasHeaders SlimFaasSyncRequest::headers() const
{
    return d_func()->headers;
}

QString SlimFaasSyncRequest::header(const QString &name) const
{
    Q_D(const SlimFaasSyncRequest);
    for (auto it = d->headers.cbegin(); it != d->headers.cend(); ++it) {
        if (it.key().compare(name, Qt::CaseInsensitive) == 0 && !it.value().isEmpty())
            return it.value().constFirst();
    }
    return {};
}

SlimFaasSyncRequest::State SlimFaasSyncRequest::state() const
{
    return d_func()->state;
}
bool SlimFaasSyncRequest::isRequestBodyComplete() const
{
    return d_func()->bodyComplete;
}
bool SlimFaasSyncRequest::isResponseStarted() const
{
    return d_func()->responseStatus != 0;
}
int SlimFaasSyncRequest::responseStatus() const
{
    return d_func()->responseStatus;
}

qint64 SlimFaasSyncRequest::bytesAvailable() const
{
    return d_func()->incomingSize + QIODevice::bytesAvailable();
}

qint64 SlimFaasSyncRequest::bytesToWrite() const
{
    return d_func()->outgoingPayload;
}

bool SlimFaasSyncRequest::atEnd() const
{
    Q_D(const SlimFaasSyncRequest);
    return d->bodyComplete && d->incomingSize == 0 && QIODevice::bytesAvailable() == 0;
}

qint64 SlimFaasSyncRequest::readData(char *data, qint64 maxSize)
{
    Q_D(SlimFaasSyncRequest);
    qint64 copied = 0;
    while (copied < maxSize && !d->incoming.isEmpty()) {
        const QByteArray &chunk = d->incoming.constFirst();
        const qint64 take = qMin<qint64>(maxSize - copied, chunk.size() - d->incomingOffset);
        memcpy(data + copied, chunk.constData() + d->incomingOffset, size_t(take));
        copied += take;
        d->incomingOffset += take;
        if (d->incomingOffset == chunk.size()) {
            d->incoming.removeFirst();
            d->incomingOffset = 0;
        }
    }
    d->incomingSize -= copied;
    // A sequential device signals its end with -1 once nothing more can come.
    if (copied == 0 && (d->bodyComplete || d->state == Cancelled))
        return -1;
    return copied;
}

qint64 SlimFaasSyncRequest::writeData(const char *data, qint64 size)
{
    Q_D(SlimFaasSyncRequest);
    if (!d->responseStatus && !startResponse(200))
        return -1;
    if (d->responseEnded || !d->streams) {
        setErrorString(tr("The response of %1 has already ended.").arg(d->correlationId));
        return -1;
    }
    for (qint64 offset = 0; offset < size; offset += MaxFrameSize) {
        const qint64 length = qMin<qint64>(MaxFrameSize, size - offset);
        d->streams->enqueue(this,
                            SlimFaasProtocol::encodeFrame(MessageType::SyncResponseChunk,
                                                          d->correlationId,
                                                          QByteArray(data + offset, length)));
    }
    return size;
}

bool SlimFaasSyncRequest::startResponse(int statusCode, const SlimFaasHeaders &headers)
{
    Q_D(SlimFaasSyncRequest);
    if (!d->streams || d->responseEnded) {
        setErrorString(
                tr("Cannot start the response of %1: the stream has ended.").arg(d->correlationId));
        qCWarning(lcSlimFaasSync).noquote() << errorString();
        return false;
    }
    if (d->responseStatus) {
        setErrorString(tr("The response of %1 was already started with status %2.")
                               .arg(d->correlationId)
                               .arg(d->responseStatus));
        qCWarning(lcSlimFaasSync).noquote() << errorString();
        return false;
    }
    if (statusCode < 100 || statusCode > 599) {
        setErrorString(tr("Invalid HTTP status %1.").arg(statusCode));
        qCWarning(lcSlimFaasSync).noquote() << errorString();
        return false;
    }
    d->responseStatus = statusCode;
    SlimFaasProtocol::SyncResponseHead head;
    head.statusCode = statusCode;
    head.headers = headers;
    d->streams->enqueue(
            this,
            SlimFaasProtocol::encodeFrame(MessageType::SyncResponseStart, d->correlationId,
                                          SlimFaasProtocol::encodeSyncResponseHead(head)));
    return true;
}

bool SlimFaasSyncRequest::finish()
{
    Q_D(SlimFaasSyncRequest);
    if (!d->responseStatus && !startResponse(200))
        return false;
    if (d->responseEnded || !d->streams) {
        setErrorString(tr("The response of %1 has already ended.").arg(d->correlationId));
        qCWarning(lcSlimFaasSync).noquote() << errorString();
        return false;
    }
    d->responseEnded = true;
    d->streams->enqueue(this,
                        SlimFaasProtocol::encodeFrame(MessageType::SyncResponseEnd,
                                                      d->correlationId, {},
                                                      SlimFaasProtocol::FrameFlagEndOfStream));
    return true;
}

bool SlimFaasSyncRequest::respond(int statusCode, const SlimFaasHeaders &headers,
                                  const QByteArray &body)
{
    if (!startResponse(statusCode, headers))
        return false;
    if (!body.isEmpty() && write(body) != body.size())
        return false;
    return finish();
}

void SlimFaasSyncRequest::cancel()
{
    Q_D(SlimFaasSyncRequest);
    if (!d->streams)
        return; // already over
    d->streams->sendNow(MessageType::SyncCancel, d->correlationId,
                        SlimFaasProtocol::encodeFrame(MessageType::SyncCancel, d->correlationId));
    d->streams->end(this, Cancelled, CancelledByApplication);
}
