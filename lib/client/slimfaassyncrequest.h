// SPDX-License-Identifier: MIT
#ifndef SLIMFAASSYNCREQUEST_H
#define SLIMFAASSYNCREQUEST_H

#include "slimfaasheaders.h"
#include "slimfaasqtclient_export.h"

#include <QtCore/qiodevice.h>
#include <QtCore/qscopedpointer.h>
#include <QtCore/qurlquery.h>

class SlimFaasSyncRequestPrivate;
class SlimFaasSyncStreams;

// One synchronous /function call that SlimFaas streams to this function (docs/protocol.md §6).
//
// Like a socket, it is a sequential QIODevice in both directions:
//  - reading gives the caller's request body as it arrives (readyRead per chunk,
//    requestBodyFinished() at the end; readAll() then returns what is left);
//  - writing streams the response body after startResponse(). Writes of any size are cut
//    into frames of at most MaxFrameSize bytes. bytesToWrite() is what this request has
//    queued and the socket has not taken yet, and bytesWritten() reports progress, so a
//    fast writer can pace itself as it would on a QTcpSocket.
// respond() does all of it at once. finish() without startResponse() answers 200 with no
// headers, as the official clients do. close() finishes the response with what was written
// (as closing a socket sends what it holds); cancel() abandons it.
//
// Lifetime, as with QNetworkReply: the request belongs to the application from
// syncRequestReceived() (or the sync handler) on, and lives until the application deletes
// it — call deleteLater() once finished() or cancelled() has been emitted. It stays valid
// after it ended, so queued connections and QSignalSpy can still use the pointer. Deleting
// a request whose response is not finished cancels the stream (SyncCancel, no signal);
// deleting one after finish() still delivers what was queued. The client deletes only the
// requests nobody was offered (no handler, nothing connected: answered 500), and deletes
// every remaining request when it is itself destroyed, right after cancelling the open ones
// with cancelled(ClientDestroyed): a slot of cancelled() (direct connection) stops and
// joins a worker that writes to the request before it goes.
//
// Threads: the request lives in the client's thread. startResponse(), write(), finish(),
// respond(), close() and cancel() may be called from any thread: from another one they are
// queued to the client's thread, in call order, and return true (write(): the size) once
// their arguments are valid; the outcome is told by finished() / cancelled(). The request
// line and headers (correlationId() … header()) never change and may be read from any
// thread, and so may state() and bytesToWrite(): a worker paces its writes by
// bytesToWrite() and stops when state() is Cancelled. Everything else — reading the body,
// the other state queries, setReadBufferSize() — belongs to the client's thread.
//
// requestBodyFinished() is not lost by a receiver that connects late (reached through a
// queued connection, the body has often ended by then): if nothing was connected when the
// body ended, the first receiver to connect gets it, queued. isRequestBodyComplete() tells
// the same at any time.
//
// Back-pressure: the protocol has no flow control (docs/protocol.md §6). SlimFaas pushes the
// request body as fast as the WebSocket takes it, and the one WebSocket carries every
// stream, request and event of the function, so no stream can be slowed at the socket
// without stalling all the others. setReadBufferSize() bounds what the request hands to
// the application (bytesAvailable(), readyRead); the rest waits in the client's memory and
// is handed over as the application reads. It paces a reader; it does not bound memory —
// cancel() a body too large to hold. Responses are paced (bytesToWrite()), see above.
// waitForReadyRead() and waitForBytesWritten() are not supported and return false at once,
// as QNetworkReply's do: use the signals.
class SLIMFAASQT_CLIENT_EXPORT SlimFaasSyncRequest : public QIODevice
{
    Q_OBJECT
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    // The request line, for QML and QMetaObject users.
    Q_PROPERTY(QString correlationId READ correlationId CONSTANT)
    Q_PROPERTY(QString method READ method CONSTANT)
    Q_PROPERTY(QString path READ path CONSTANT)
    Q_PROPERTY(QString query READ query CONSTANT)
    Q_PROPERTY(SlimFaasHeaders headers READ headers CONSTANT)
    Q_PROPERTY(int responseStatus READ responseStatus NOTIFY stateChanged)

public:
    // Where the stream stands.
    enum State {
        Receiving, // the request body is still arriving
        Received,  // the whole request body has arrived; waiting for the response to end
        Finished,  // the response was sent completely
        Cancelled, // the stream was cancelled; nothing more can be written
    };
    Q_ENUM(State)

    // Why a stream was cancelled.
    enum CancelReason {
        CancelledByServer,      // SyncCancel from SlimFaas: the stream failed or timed out
        ConnectionLost,         // the WebSocket went down mid-stream
        CancelledByApplication, // cancel() was called; SyncCancel was sent
        ClientDestroyed,        // the client is being destroyed; it frees the request next
    };
    Q_ENUM(CancelReason)

    static constexpr int MaxFrameSize = 32 * 1024; // the largest body piece of one frame

    ~SlimFaasSyncRequest() override;

    // The call as SlimFaas streams it: its frames' correlationId, the caller's method, path,
    // query and headers.
    QString correlationId() const;
    QString method() const;
    QString path() const;  // without leading slash, as SlimFaas sends it
    QString query() const; // with its leading '?', or empty, as SlimFaas sends it
    // The caller's headers (names looked up ignoring case).
    SlimFaasHeaders headers() const;
    // The query as QUrlQuery reads it (no leading '?').
    QUrlQuery urlQuery() const;
    QString header(const QString &name) const; // first value, case-insensitive name

    // Where the stream stands: its state(), whether the request body is all in
    // (isRequestBodyComplete()), whether the response has begun (isResponseStarted()), and
    // with which status (responseStatus()).
    State state() const;
    bool isRequestBodyComplete() const;
    bool isResponseStarted() const;
    int responseStatus() const; // 0 until the response starts

    // QIODevice
    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override;
    qint64 bytesToWrite() const override;
    bool atEnd() const override;
    // Ends the response with what was written (finish()), then closes the device: the
    // unread request body is discarded.
    void close() override;
    // Not supported, as QNetworkReply's: they return false at once; use the signals.
    bool waitForReadyRead(int msecs) override;
    bool waitForBytesWritten(int msecs) override;

    // At most this many unread request-body bytes are handed to the application; 0 (the
    // default) means no limit. See "Back-pressure" above.
    qint64 readBufferSize() const;
    void setReadBufferSize(qint64 size);

    // Answering: startResponse() sends the status and headers, write() the body, finish()
    // ends it (200 without a start); respond() does all three at once. Each returns false,
    // with errorString() saying why, once the response has ended or the stream was
    // cancelled (nothing is sent then). All are invokable from QML.
    Q_INVOKABLE bool startResponse(int statusCode, const SlimFaasHeaders &headers = {});
    // Writes part of the response body (QIODevice::write(), invokable from QML).
    Q_INVOKABLE qint64 write(const QByteArray &data) { return QIODevice::write(data); }
    using QIODevice::write;
    // Ends the response (see startResponse()).
    Q_INVOKABLE bool finish();
    // Sends the whole response at once (see startResponse()).
    Q_INVOKABLE bool respond(int statusCode, const SlimFaasHeaders &headers = {},
                             const QByteArray &body = {});
    // The request body received and not read yet (QIODevice::readAll(), invokable from QML).
    Q_INVOKABLE QByteArray readAll() { return QIODevice::readAll(); }

public Q_SLOTS:
    // Abandons the request: sends SyncCancel so SlimFaas aborts the caller's response.
    void cancel();

Q_SIGNALS:
    void stateChanged(SlimFaasSyncRequest::State state);
    // The whole request body has arrived (readyRead() announced each piece).
    void requestBodyFinished();
    // The response was sent completely.
    void finished();
    // The stream ended without a complete response, for reason; writes are refused from now.
    void cancelled(SlimFaasSyncRequest::CancelReason reason);

protected:
    // A receiver of requestBodyFinished() connected after the body ended still gets it.
    void connectNotify(const QMetaMethod &signal) override;

    // QIODevice
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *data, qint64 size) override;

private:
    friend class SlimFaasSyncStreams;
    friend class SlimFaasSyncRequestPrivate;
    explicit SlimFaasSyncRequest(SlimFaasSyncStreams *streams, QObject *parent);
    Q_DECLARE_PRIVATE(SlimFaasSyncRequest)
    Q_DISABLE_COPY_MOVE(SlimFaasSyncRequest)
    QScopedPointer<SlimFaasSyncRequestPrivate> d_ptr;
};

#endif // SLIMFAASSYNCREQUEST_H
