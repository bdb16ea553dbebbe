// SPDX-License-Identifier: MIT
#ifndef SLIMFAASSYNCREQUEST_P_H
#define SLIMFAASSYNCREQUEST_P_H

//
//  W A R N I N G
//  -------------
// Not part of the public API.
//

#include "slimfaassyncrequest.h"

#include <QtCore/qbytearray.h>
#include <QtCore/qlist.h>
#include <QtCore/qpointer.h>

#include <atomic>

class SlimFaasSyncRequestPrivate
{
public:
    static SlimFaasSyncRequestPrivate *get(SlimFaasSyncRequest *q) { return q->d_func(); }

    // The response-side operations, run on the owning thread (directly, or queued there
    // when called from another thread).
    bool startResponse(SlimFaasSyncRequest *q, int statusCode, const SlimFaasHeaders &headers);
    qint64 writeResponse(SlimFaasSyncRequest *q, const char *data, qint64 size);
    bool finish(SlimFaasSyncRequest *q);
    void refuse(SlimFaasSyncRequest *q, const QString &message);

    // Request body arriving from SlimFaas, and handing it over within readBufferSize.
    // The bytes [begin, begin + size) of `frame`, a piece of the body.
    void receive(SlimFaasSyncRequest *q, const QByteArray &frame, qsizetype begin, qsizetype size);
    void receiveEnd(SlimFaasSyncRequest *q);
    void release(qint64 room);
    void scheduleDelivery(SlimFaasSyncRequest *q);
    void deliver(SlimFaasSyncRequest *q);

    SlimFaasSyncStreams *streams = nullptr; // null once the stream has ended
    QString correlationId;
    QString method;
    QString path;
    QString query;
    SlimFaasHeaders headers;

    // Read from any thread (state(), bytesToWrite()): a worker paces and stops itself by them.
    std::atomic<SlimFaasSyncRequest::State> state{ SlimFaasSyncRequest::Receiving };
    bool bodyComplete = false; // the end of the body has been handed to the application
    bool endReceived = false;  // SlimFaas sent the end of the body (some may still be held)
    int responseStatus = 0;
    bool responseEnded = false;
    // Nobody took the request (no handler, no receiver): the client answered it and frees it.
    bool autoDelete = false;

    // A piece of the request body where it came: inside its frame, which it shares.
    struct BodyPiece
    {
        QByteArray frame;
        qsizetype begin = 0;
        qsizetype size = 0;
        const char *data() const { return frame.constData() + begin; }
    };
    // Request body received and not read yet, one entry per chunk (no copying on arrival).
    QList<BodyPiece> incoming;
    qsizetype incomingOffset = 0; // already read from incoming.first()
    qint64 incomingSize = 0;
    // Beyond readBufferSize, chunks wait here, unseen by the application, until it reads.
    qint64 readBufferSize = 0;
    QList<BodyPiece> held;
    qint64 heldSize = 0;
    bool deliveryScheduled = false;
    // requestBodyFinished() was due while nothing was connected to it (a receiver reached
    // through a queued connection connects later): it is emitted, queued, to the first one.
    std::atomic<bool> bodyEndUnheard{ false };

    // Response frames queued and not yet handed to the socket; bytes counts payload only.
    QList<QByteArray> outgoing;
    std::atomic<qint64> outgoingPayload{ 0 };
    // Payload handed to the socket at once, inside write(), and not yet announced with
    // bytesWritten(), which the event loop emits (SlimFaasSyncStreams::announceSent()).
    qint64 sentUnannounced = 0;
};

#endif // SLIMFAASSYNCREQUEST_P_H
