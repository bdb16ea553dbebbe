// SPDX-License-Identifier: MIT
#ifndef SLIMFAASSYNCSTREAMS_P_H
#define SLIMFAASSYNCSTREAMS_P_H

//
//  W A R N I N G
//  -------------
// Not part of the public API: the sync streams of one client, between its WebSocket and
// its SlimFaasSyncRequest objects.
//

#include "slimfaasframe_p.h"
#include "slimfaasprotocol.h"
#include "slimfaassyncrequest.h"

class SlimFaasSyncRequestPrivate;

#include <QtCore/qcontiguouscache.h>
#include <QtCore/qhash.h>
#include <QtCore/qloggingcategory.h>
#include <QtCore/qobject.h>
#include <QtCore/qset.h>

#include <functional>

Q_DECLARE_LOGGING_CATEGORY(lcSlimFaasSync)

class SlimFaasSyncStreams : public QObject
{
    Q_OBJECT
public:
    // How the streams reach the socket: send one binary message; tell how many bytes the
    // socket still holds; tell whether sending runs application code (a slot watching the
    // messages sent), which must then never run inside the application's write(). Unset
    // while no connection is registered.
    struct Transport
    {
        std::function<void(SlimFaasProtocol::MessageType type, const QString &correlationId,
                           const QByteArray &frame)>
                send;
        std::function<qint64()> backlog;
        std::function<bool()> sendingIsObserved;
    };

    // The socket is fed while it holds less than this; beyond it, response frames wait in
    // their request's queue, and the writer sees bytesToWrite() grow.
    static constexpr qint64 SocketHighWaterMark = 256 * 1024;

    explicit SlimFaasSyncStreams(QObject *parent = nullptr);
    ~SlimFaasSyncStreams() override;

    void setTransport(const Transport &transport);
    // A frame and the message it lies in, which a request body's pieces keep (no copy).
    void handleFrame(const SlimFaasProtocol::FrameInMessage &view, const QByteArray &message);
    // The connection (or the client) is gone: every open request is cancelled with reason.
    void abortAll(SlimFaasSyncRequest::CancelReason reason = SlimFaasSyncRequest::ConnectionLost);
    // The socket drained some bytes: feed it more.
    void pump();

    QList<SlimFaasSyncRequest *> openRequests() const;
    int openCount() const { return int(m_open.size()); }

    // Used by SlimFaasSyncRequest.
    void enqueue(SlimFaasSyncRequest *request, const QByteArray &frame);
    // A SyncResponseChunk of that payload: sent at once from one buffer reused chunk after
    // chunk when it may go now, else built and queued as enqueue() queues a frame.
    void enqueueChunk(SlimFaasSyncRequest *request, QByteArrayView payload);
    void sendNow(SlimFaasProtocol::MessageType type, const QString &correlationId,
                 const QByteArray &frame);
    void end(SlimFaasSyncRequest *request, SlimFaasSyncRequest::State finalState,
             SlimFaasSyncRequest::CancelReason reason = SlimFaasSyncRequest::CancelledByServer);
    // The application deleted an open request: flush a finished response, cancel any other.
    void detach(SlimFaasSyncRequest *request);

Q_SIGNALS:
    // A new request: the client offers it to the application.
    void requestStarted(SlimFaasSyncRequest *request);

private:
    void startRequest(const SlimFaasProtocol::Frame &frame);
    void schedulePump();
    bool canSendAtOnce(const SlimFaasSyncRequestPrivate *d) const;
    // The frame to the socket now, inside the application's write(); canSendAtOnce() said so.
    void sendAtOnce(SlimFaasSyncRequest *request, const QByteArray &frame);
    void announceSent();
    void rememberCancelled(const QString &correlationId);

    // Streams the application ended itself (cancel(), or deleted unfinished): what SlimFaas
    // still sends for them crossed the SyncCancel and is dropped without a warning. Bounded.
    QSet<QString> m_cancelledIds;
    QContiguousCache<QString> m_cancelledOrder{ 1024 };

    Transport m_transport;
    // The frame enqueueChunk() sends at once, kept for the next one: a chunk's frame
    // allocated and freed per write made the heap's top grow and shrink by its size, which
    // glibc answers with brk() and page faults (see enqueueChunk()).
    QByteArray m_chunkFrame;
    bool m_pumpScheduled = false;
    QHash<QString, SlimFaasSyncRequest *> m_open;
    QList<SlimFaasSyncRequest *> m_sending; // requests with queued frames, served in turn
    // Requests whose frames went out at once, inside write(): their bytesWritten() and
    // finished() are still due, from the event loop.
    QList<SlimFaasSyncRequest *> m_announcing;
};

#endif // SLIMFAASSYNCSTREAMS_P_H
