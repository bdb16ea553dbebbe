// SPDX-License-Identifier: MIT
#include "slimfaassyncrequest.h"
#include "slimfaasframe_p.h"
#include "slimfaassyncrequest_p.h"
#include "slimfaassyncstreams_p.h"

#include <QtCore/qmetaobject.h>
#include <QtCore/qthread.h>

using SlimFaasProtocol::MessageType;

SlimFaasSyncRequest::SlimFaasSyncRequest(SlimFaasSyncStreams *streams, QObject *parent)
    : QIODevice(parent), d_ptr(new SlimFaasSyncRequestPrivate)
{
    d_ptr->streams = streams;
    // Unbuffered: the request body already sits in received chunks; a second copy in
    // QIODevice's buffer would only cost memory.
    QIODevice::open(QIODevice::ReadWrite | QIODevice::Unbuffered);
    // QIODevice learns lazily whether the device is sequential, on the first write() or
    // read(): learnt here, a write() from a worker thread races with nothing.
    (void)QIODevice::size();
}

// Deleting the request is how the application lets go of it, as with QNetworkReply: an
// open stream is cancelled, a finished one is still delivered.
SlimFaasSyncRequest::~SlimFaasSyncRequest()
{
    Q_D(SlimFaasSyncRequest);
    if (d->streams)
        d->streams->detach(this);
}

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
QUrlQuery SlimFaasSyncRequest::urlQuery() const
{
    const QString &query = d_func()->query;
    return QUrlQuery(query.startsWith(u'?') ? query.mid(1) : query);
}

SlimFaasHeaders SlimFaasSyncRequest::headers() const
{
    return d_func()->headers;
}

QString SlimFaasSyncRequest::header(const QString &name) const
{
    return d_func()->headers.firstValue(name);
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

qint64 SlimFaasSyncRequest::readBufferSize() const
{
    return d_func()->readBufferSize;
}

void SlimFaasSyncRequest::setReadBufferSize(qint64 size)
{
    Q_D(SlimFaasSyncRequest);
    d->readBufferSize = qMax<qint64>(0, size);
    if (!d->held.isEmpty()) {
        d->release(d->readBufferSize ? d->readBufferSize - d->incomingSize : d->heldSize);
        d->scheduleDelivery(this);
    }
}

// Called in the thread that connects, which may be any.
void SlimFaasSyncRequest::connectNotify(const QMetaMethod &signal)
{
    Q_D(SlimFaasSyncRequest);
    if (signal != QMetaMethod::fromSignal(&SlimFaasSyncRequest::requestBodyFinished)
        || !d->bodyEndUnheard.exchange(false))
        return;
    QMetaObject::invokeMethod(
            this, [this] { emit requestBodyFinished(); }, Qt::QueuedConnection);
}

bool SlimFaasSyncRequest::waitForReadyRead(int)
{
    return false;
}

bool SlimFaasSyncRequest::waitForBytesWritten(int)
{
    return false;
}

qint64 SlimFaasSyncRequest::readData(char *data, qint64 maxSize)
{
    Q_D(SlimFaasSyncRequest);
    if (QThread::currentThread() != thread()) {
        qCWarning(lcSlimFaasSync) << "refusing to read" << d->correlationId
                                  << "outside the client's thread";
        return -1;
    }
    qint64 copied = 0;
    while (copied < maxSize && !d->incoming.isEmpty()) {
        const auto &piece = d->incoming.constFirst();
        const qint64 take = qMin<qint64>(maxSize - copied, piece.size - d->incomingOffset);
        memcpy(data + copied, piece.data() + d->incomingOffset, size_t(take));
        copied += take;
        d->incomingOffset += take;
        if (d->incomingOffset == piece.size) {
            d->incoming.removeFirst();
            d->incomingOffset = 0;
        }
    }
    d->incomingSize -= copied;
    if (!d->held.isEmpty() && copied > 0) {
        // Room was made: hand over what waited, announced from the event loop so that
        // readyRead() does not re-enter the reader.
        d->release(d->readBufferSize - d->incomingSize);
        d->scheduleDelivery(this);
    }
    // A sequential device signals its end with -1 once nothing more can come.
    if (copied == 0 && (d->bodyComplete || d->state == Cancelled))
        return -1;
    return copied;
}

qint64 SlimFaasSyncRequest::writeData(const char *data, qint64 size)
{
    Q_D(SlimFaasSyncRequest);
    if (QThread::currentThread() != thread()) {
        QMetaObject::invokeMethod(
                this,
                [this, bytes = QByteArray(data, size)] {
                    d_func()->writeResponse(this, bytes.constData(), bytes.size());
                },
                Qt::QueuedConnection);
        return size;
    }
    return d->writeResponse(this, data, size);
}

// From another thread the outcome arrives later; a status that can never be sent is refused
// at once. errorString() belongs to the owning thread, so the refusal is logged instead.
static bool acceptsStatusFromAnotherThread(const QString &correlationId, int statusCode)
{
    if (statusCode >= 100 && statusCode <= 599)
        return true;
    qCWarning(lcSlimFaasSync) << "refusing invalid HTTP status" << statusCode << "for"
                              << correlationId;
    return false;
}

bool SlimFaasSyncRequest::startResponse(int statusCode, const SlimFaasHeaders &headers)
{
    if (QThread::currentThread() != thread()) {
        if (!acceptsStatusFromAnotherThread(correlationId(), statusCode))
            return false;
        QMetaObject::invokeMethod(
                this,
                [this, statusCode, headers] { d_func()->startResponse(this, statusCode, headers); },
                Qt::QueuedConnection);
        return true;
    }
    return d_func()->startResponse(this, statusCode, headers);
}

bool SlimFaasSyncRequest::finish()
{
    if (QThread::currentThread() != thread()) {
        QMetaObject::invokeMethod(
                this, [this] { d_func()->finish(this); }, Qt::QueuedConnection);
        return true;
    }
    return d_func()->finish(this);
}

bool SlimFaasSyncRequest::respond(int statusCode, const SlimFaasHeaders &headers,
                                  const QByteArray &body)
{
    if (QThread::currentThread() != thread()) {
        if (!acceptsStatusFromAnotherThread(correlationId(), statusCode))
            return false;
        // One queued call, so that nothing from another call can slip in between.
        QMetaObject::invokeMethod(
                this, [this, statusCode, headers, body] { respond(statusCode, headers, body); },
                Qt::QueuedConnection);
        return true;
    }
    Q_D(SlimFaasSyncRequest);
    if (!d->startResponse(this, statusCode, headers))
        return false;
    if (!body.isEmpty() && d->writeResponse(this, body.constData(), body.size()) != body.size())
        return false;
    return d->finish(this);
}

void SlimFaasSyncRequest::close()
{
    Q_D(SlimFaasSyncRequest);
    if (QThread::currentThread() != thread()) {
        QMetaObject::invokeMethod(this, &SlimFaasSyncRequest::close, Qt::QueuedConnection);
        return;
    }
    if (d->streams && !d->responseEnded)
        d->finish(this);
    d->incoming.clear();
    d->incomingOffset = 0;
    d->incomingSize = 0;
    d->held.clear();
    d->heldSize = 0;
    QIODevice::close();
}

void SlimFaasSyncRequest::cancel()
{
    Q_D(SlimFaasSyncRequest);
    if (QThread::currentThread() != thread()) {
        QMetaObject::invokeMethod(this, &SlimFaasSyncRequest::cancel, Qt::QueuedConnection);
        return;
    }
    if (!d->streams)
        return; // already over
    d->streams->sendNow(MessageType::SyncCancel, d->correlationId,
                        SlimFaasProtocol::encodeFrame(MessageType::SyncCancel, d->correlationId));
    d->streams->end(this, Cancelled, CancelledByApplication);
}

// ---------------------------------------------------------------- private

void SlimFaasSyncRequestPrivate::refuse(SlimFaasSyncRequest *q, const QString &message)
{
    q->setErrorString(message);
    qCDebug(lcSlimFaasSync).noquote() << message;
}

qint64 SlimFaasSyncRequestPrivate::writeResponse(SlimFaasSyncRequest *q, const char *data,
                                                 qint64 size)
{
    if (!responseStatus && !startResponse(q, 200, {}))
        return -1;
    if (responseEnded || !streams) {
        refuse(q,
               SlimFaasSyncRequest::tr("The response of %1 has already ended.").arg(correlationId));
        return -1;
    }
    for (qint64 offset = 0; offset < size; offset += SlimFaasSyncRequest::MaxFrameSize) {
        const qint64 length = qMin<qint64>(SlimFaasSyncRequest::MaxFrameSize, size - offset);
        streams->enqueueChunk(q, QByteArrayView(data + offset, length));
    }
    return size;
}

bool SlimFaasSyncRequestPrivate::startResponse(SlimFaasSyncRequest *q, int statusCode,
                                               const SlimFaasHeaders &responseHeaders)
{
    if (!streams || responseEnded) {
        refuse(q,
               SlimFaasSyncRequest::tr("Cannot start the response of %1: the stream has ended.")
                       .arg(correlationId));
        return false;
    }
    if (responseStatus) {
        refuse(q,
               SlimFaasSyncRequest::tr("The response of %1 was already started with status %2.")
                       .arg(correlationId)
                       .arg(responseStatus));
        return false;
    }
    if (statusCode < 100 || statusCode > 599) {
        refuse(q, SlimFaasSyncRequest::tr("Invalid HTTP status %1.").arg(statusCode));
        return false;
    }
    responseStatus = statusCode;
    SlimFaasProtocol::SyncResponseHead head;
    head.statusCode = statusCode;
    head.headers = responseHeaders;
    streams->enqueue(q,
                     SlimFaasProtocol::encodeFrame(MessageType::SyncResponseStart, correlationId,
                                                   SlimFaasProtocol::encodeSyncResponseHead(head)));
    return true;
}

bool SlimFaasSyncRequestPrivate::finish(SlimFaasSyncRequest *q)
{
    if (!responseStatus && !startResponse(q, 200, {}))
        return false;
    if (responseEnded || !streams) {
        refuse(q,
               SlimFaasSyncRequest::tr("The response of %1 has already ended.").arg(correlationId));
        return false;
    }
    responseEnded = true;
    streams->enqueue(q,
                     SlimFaasProtocol::encodeFrame(MessageType::SyncResponseEnd, correlationId, {},
                                                   SlimFaasProtocol::FrameFlagEndOfStream));
    return true;
}

void SlimFaasSyncRequestPrivate::receive(SlimFaasSyncRequest *q, const QByteArray &frame,
                                         qsizetype begin, qsizetype size)
{
    if (!q->isOpen())
        return; // closed by the application: the rest of the body is not wanted
    if (readBufferSize > 0 && (!held.isEmpty() || incomingSize + size > readBufferSize)) {
        const qint64 room = held.isEmpty() ? qMax<qint64>(0, readBufferSize - incomingSize) : 0;
        if (room > 0) {
            incoming.append({ frame, begin, room });
            incomingSize += room;
        }
        held.append({ frame, begin + room, size - room });
        heldSize += size - room;
        if (room > 0)
            emit q->readyRead();
        return;
    }
    incoming.append({ frame, begin, size });
    incomingSize += size;
    emit q->readyRead();
}

void SlimFaasSyncRequestPrivate::receiveEnd(SlimFaasSyncRequest *q)
{
    endReceived = true;
    if (!q->isOpen())
        bodyComplete = true; // closed by the application: nobody is left to tell
    else if (held.isEmpty())
        deliver(q);
}

// Moves up to room bytes from the held chunks to the readable ones.
void SlimFaasSyncRequestPrivate::release(qint64 room)
{
    while (room > 0 && !held.isEmpty()) {
        BodyPiece &piece = held.first();
        const qint64 take = qMin<qint64>(room, piece.size);
        incoming.append({ piece.frame, piece.begin, take });
        incomingSize += take;
        heldSize -= take;
        room -= take;
        if (take == piece.size) {
            held.removeFirst();
        } else {
            piece.begin += take;
            piece.size -= take;
        }
    }
}

void SlimFaasSyncRequestPrivate::scheduleDelivery(SlimFaasSyncRequest *q)
{
    if (deliveryScheduled)
        return;
    deliveryScheduled = true;
    QMetaObject::invokeMethod(
            q,
            [this, q] {
                deliveryScheduled = false;
                QPointer<SlimFaasSyncRequest> guard(q);
                if (incomingSize > 0)
                    emit q->readyRead();
                if (guard)
                    deliver(q);
            },
            Qt::QueuedConnection);
}

// The end of the body reaches the application once nothing of it is held back any more.
void SlimFaasSyncRequestPrivate::deliver(SlimFaasSyncRequest *q)
{
    if (!endReceived || !held.isEmpty() || bodyComplete || state == SlimFaasSyncRequest::Cancelled)
        return;
    bodyComplete = true;
    QPointer<SlimFaasSyncRequest> guard(q);
    if (state == SlimFaasSyncRequest::Receiving) {
        state = SlimFaasSyncRequest::Received;
        emit q->stateChanged(state);
    }
    if (!guard)
        return;
    static const QMetaMethod finishedSignal
            = QMetaMethod::fromSignal(&SlimFaasSyncRequest::requestBodyFinished);
    if (q->isSignalConnected(finishedSignal))
        emit q->requestBodyFinished();
    else
        bodyEndUnheard = true;
    if (guard)
        emit q->readChannelFinished();
}
