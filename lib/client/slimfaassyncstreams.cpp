// SPDX-License-Identifier: MIT
#include "slimfaasframe_p.h"
#include "slimfaassyncrequest_p.h"
#include "slimfaassyncstreams_p.h"

#include <QtCore/qpointer.h>

Q_LOGGING_CATEGORY(lcSlimFaasSync, "slimfaas.client.sync", QtWarningMsg)

using SlimFaasProtocol::MessageType;

SlimFaasSyncStreams::SlimFaasSyncStreams(QObject *parent) : QObject(parent) { }

SlimFaasSyncStreams::~SlimFaasSyncStreams()
{
    // The requests are our children and go with us; they must not call back.
    for (SlimFaasSyncRequest *request : std::as_const(m_open))
        request->d_func()->streams = nullptr;
}

void SlimFaasSyncStreams::setTransport(const Transport &transport)
{
    m_transport = transport;
}

void SlimFaasSyncStreams::handleFrame(const SlimFaasProtocol::FrameInMessage &view,
                                      const QByteArray &message)
{
    const SlimFaasProtocol::Frame &frame = view.frame;
    if (frame.type == MessageType::SyncRequestStart) {
        SlimFaasProtocol::Frame start = frame;
        start.payload = message.mid(view.payloadBegin, view.payloadSize);
        startRequest(start);
        return;
    }
    SlimFaasSyncRequest *request = m_open.value(frame.correlationId);
    if (!request && m_cancelledIds.contains(frame.correlationId)) {
        qCDebug(lcSlimFaasSync) << "dropping" << SlimFaasProtocol::messageTypeName(frame.type)
                                << "for" << frame.correlationId << "cancelled by the application";
        return;
    }
    if (!request) {
        qCWarning(lcSlimFaasSync) << "ignoring" << SlimFaasProtocol::messageTypeName(frame.type)
                                  << "for unknown stream" << frame.correlationId;
        return;
    }
    SlimFaasSyncRequestPrivate *d = request->d_func();
    switch (frame.type) {
    case MessageType::SyncRequestChunk:
    case MessageType::SyncRequestEnd: {
        if (d->endReceived) {
            qCWarning(lcSlimFaasSync)
                    << "ignoring request data after the end of" << frame.correlationId;
            return;
        }
        QPointer<SlimFaasSyncRequest> guard(request);
        if (view.payloadSize > 0)
            d->receive(request, message, view.payloadBegin, view.payloadSize);
        if (guard && (frame.type == MessageType::SyncRequestEnd || frame.isEndOfStream()))
            d->receiveEnd(request);
        break;
    }
    case MessageType::SyncCancel:
        qCDebug(lcSlimFaasSync) << "SlimFaas cancelled" << frame.correlationId;
        end(request, SlimFaasSyncRequest::Cancelled, SlimFaasSyncRequest::CancelledByServer);
        break;
    default:
        qCWarning(lcSlimFaasSync) << "ignoring frame of type" << int(frame.type) << "for"
                                  << frame.correlationId;
        break;
    }
}

void SlimFaasSyncStreams::startRequest(const SlimFaasProtocol::Frame &frame)
{
    if (frame.correlationId.isEmpty() || m_open.contains(frame.correlationId)) {
        qCWarning(lcSlimFaasSync) << "ignoring SyncRequestStart with a missing or duplicate id"
                                  << frame.correlationId;
        return;
    }
    QString error;
    const auto head = SlimFaasProtocol::decodeSyncRequestHead(frame.payload, &error);
    if (!head) {
        // Nobody can answer a request we cannot read: cancel it at once rather than leave
        // the caller waiting for SlimFaas's 300 s timeout.
        qCWarning(lcSlimFaasSync) << "cancelling sync request" << frame.correlationId
                                  << "with an unreadable start frame:" << error;
        sendNow(MessageType::SyncCancel, frame.correlationId,
                SlimFaasProtocol::encodeFrame(MessageType::SyncCancel, frame.correlationId));
        return;
    }
    auto *request = new SlimFaasSyncRequest(this, this);
    SlimFaasSyncRequestPrivate *d = request->d_func();
    d->correlationId = frame.correlationId;
    d->method = head->method;
    d->path = head->path;
    d->query = head->query;
    d->headers = head->headers;
    m_open.insert(frame.correlationId, request);
    emit requestStarted(request);
}

void SlimFaasSyncStreams::abortAll(SlimFaasSyncRequest::CancelReason reason)
{
    // A cancelled() slot may delete other requests: look each one up again.
    const auto ids = m_open.keys();
    for (const QString &id : ids) {
        if (SlimFaasSyncRequest *request = m_open.value(id))
            end(request, SlimFaasSyncRequest::Cancelled, reason);
    }
}

QList<SlimFaasSyncRequest *> SlimFaasSyncStreams::openRequests() const
{
    return m_open.values();
}

// A frame goes to the socket at once when nothing waits before it (no frame of any request
// queued: the turns stay fair) and the socket has room, as a plain QWebSocket writer would
// send it, an event-loop turn sooner than from the pump. Only when sending runs no
// application code: a slot watching messageSent() must not run inside write().
bool SlimFaasSyncStreams::canSendAtOnce(const SlimFaasSyncRequestPrivate *d) const
{
    return d->outgoing.isEmpty() && m_sending.isEmpty() && m_transport.send
            && !m_transport.sendingIsObserved() && m_transport.backlog() < SocketHighWaterMark;
}

void SlimFaasSyncStreams::enqueue(SlimFaasSyncRequest *request, const QByteArray &frame)
{
    SlimFaasSyncRequestPrivate *d = request->d_func();
    if (canSendAtOnce(d)) {
        sendAtOnce(request, frame);
        return;
    }
    const auto type = MessageType(quint8(frame.at(0)));
    if (d->outgoing.isEmpty())
        m_sending.append(request);
    d->outgoing.append(frame);
    if (type == MessageType::SyncResponseChunk)
        d->outgoingPayload += frame.size() - SlimFaasProtocol::FrameHeaderSize;
    schedulePump();
}

void SlimFaasSyncStreams::enqueueChunk(SlimFaasSyncRequest *request, QByteArrayView payload)
{
    SlimFaasSyncRequestPrivate *d = request->d_func();
    if (!canSendAtOnce(d)) {
        enqueue(request,
                SlimFaasProtocol::encodeFrameFrom(MessageType::SyncResponseChunk, d->correlationId,
                                                  payload));
        return;
    }
    // QWebSocket copies what it sends (it masks the copy) and nothing watches a frame that
    // goes at once (canSendAtOnce()), so the buffer is free again when send() returns; were
    // it still shared, a new one is allocated rather than written over.
    const qsizetype size = SlimFaasProtocol::FrameHeaderSize + payload.size();
    if (m_chunkFrame.isDetached() && m_chunkFrame.capacity() >= size)
        m_chunkFrame.resize(size);
    else
        m_chunkFrame = QByteArray(size, Qt::Uninitialized);
    SlimFaasProtocol::writeFrame(m_chunkFrame.data(), MessageType::SyncResponseChunk,
                                 d->correlationId, payload);
    sendAtOnce(request, m_chunkFrame);
}

void SlimFaasSyncStreams::sendAtOnce(SlimFaasSyncRequest *request, const QByteArray &frame)
{
    SlimFaasSyncRequestPrivate *d = request->d_func();
    const auto type = MessageType(quint8(frame.at(0)));
    m_transport.send(type, d->correlationId, frame);
    // What the application hears of it (bytesWritten(), finished()) comes from the event
    // loop, as for a queued frame: its write() never re-enters it.
    if (type == MessageType::SyncResponseChunk)
        d->sentUnannounced += frame.size() - SlimFaasProtocol::FrameHeaderSize;
    if (!m_announcing.contains(request))
        m_announcing.append(request);
    schedulePump();
}

void SlimFaasSyncStreams::announceSent()
{
    while (!m_announcing.isEmpty()) {
        SlimFaasSyncRequest *request = m_announcing.takeFirst();
        SlimFaasSyncRequestPrivate *d = request->d_func();
        const qint64 written = std::exchange(d->sentUnannounced, 0);
        QPointer<SlimFaasSyncRequest> guard(request);
        if (written > 0)
            emit request->bytesWritten(written);
        if (guard && d->outgoing.isEmpty() && d->responseEnded)
            end(request, SlimFaasSyncRequest::Finished);
    }
}

void SlimFaasSyncStreams::rememberCancelled(const QString &correlationId)
{
    if (m_cancelledOrder.isFull())
        m_cancelledIds.remove(m_cancelledOrder.first());
    m_cancelledOrder.append(correlationId);
    m_cancelledIds.insert(correlationId);
}

void SlimFaasSyncStreams::sendNow(MessageType type, const QString &correlationId,
                                  const QByteArray &frame)
{
    if (m_transport.send)
        m_transport.send(type, correlationId, frame);
}

// Writes happen inside the application's write() calls; feeding the socket from the event
// loop instead keeps bytesWritten() from re-entering the writer, as with QTcpSocket.
void SlimFaasSyncStreams::schedulePump()
{
    if (m_pumpScheduled)
        return;
    m_pumpScheduled = true;
    QMetaObject::invokeMethod(
            this,
            [this] {
                m_pumpScheduled = false;
                pump();
            },
            Qt::QueuedConnection);
}

void SlimFaasSyncStreams::pump()
{
    announceSent();
    if (!m_transport.send)
        return;
    while (!m_sending.isEmpty() && m_transport.backlog() < SocketHighWaterMark) {
        // Round-robin: one frame per request per turn, so one large response cannot starve
        // the others sharing the socket.
        SlimFaasSyncRequest *request = m_sending.takeFirst();
        SlimFaasSyncRequestPrivate *d = request->d_func();
        const QByteArray frame = d->outgoing.takeFirst();
        const auto type = MessageType(quint8(frame.at(0)));
        const qint64 payload = type == MessageType::SyncResponseChunk
                ? frame.size() - SlimFaasProtocol::FrameHeaderSize
                : 0;
        d->outgoingPayload -= payload;
        if (!d->outgoing.isEmpty())
            m_sending.append(request);
        // A copy: a slot of messageSent() may close the connection and unset the transport
        // while it runs.
        const auto send = m_transport.send;
        send(type, d->correlationId, frame);

        QPointer<SlimFaasSyncRequest> guard(request);
        if (payload)
            emit request->bytesWritten(payload);
        if (guard && d->outgoing.isEmpty() && d->responseEnded)
            end(request, SlimFaasSyncRequest::Finished);
        if (!m_transport.send)
            return; // a slot above closed the connection
    }
}

void SlimFaasSyncStreams::end(SlimFaasSyncRequest *request, SlimFaasSyncRequest::State finalState,
                              SlimFaasSyncRequest::CancelReason reason)
{
    SlimFaasSyncRequestPrivate *d = request->d_func();
    if (!d->streams)
        return;
    m_open.remove(d->correlationId);
    m_sending.removeAll(request);
    m_announcing.removeAll(request);
    d->streams = nullptr;
    d->outgoing.clear();
    d->outgoingPayload = 0;
    if (reason == SlimFaasSyncRequest::CancelledByApplication)
        rememberCancelled(d->correlationId);
    if (finalState == SlimFaasSyncRequest::Cancelled) {
        d->held.clear();
        d->heldSize = 0;
    }
    d->state = finalState;
    if (d->autoDelete)
        request->deleteLater();

    QPointer<SlimFaasSyncRequest> guard(request);
    emit request->stateChanged(finalState);
    if (!guard)
        return;
    if (finalState == SlimFaasSyncRequest::Finished) {
        emit request->finished();
    } else {
        qCDebug(lcSlimFaasSync) << "stream" << d->correlationId << "cancelled:" << reason;
        emit request->cancelled(reason);
    }
}

void SlimFaasSyncStreams::detach(SlimFaasSyncRequest *request)
{
    SlimFaasSyncRequestPrivate *d = request->d_func();
    m_open.remove(d->correlationId);
    m_sending.removeAll(request);
    m_announcing.removeAll(request);
    d->streams = nullptr;
    if (!m_transport.send)
        return;
    if (d->responseEnded) {
        // The answer is complete and only waits for the socket: it goes out now, past the
        // high-water mark, since nobody is left to pace it.
        for (const QByteArray &frame : std::as_const(d->outgoing))
            m_transport.send(MessageType(quint8(frame.at(0))), d->correlationId, frame);
    } else {
        qCDebug(lcSlimFaasSync) << "request" << d->correlationId
                                << "deleted before its response ended: cancelling it";
        rememberCancelled(d->correlationId);
        sendNow(MessageType::SyncCancel, d->correlationId,
                SlimFaasProtocol::encodeFrame(MessageType::SyncCancel, d->correlationId));
    }
}
