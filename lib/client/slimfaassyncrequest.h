#ifndef SLIMFAASSYNCREQUEST_H
#define SLIMFAASSYNCREQUEST_H

#include "slimfaasheaders.h"
#include "slimfaasqtclient_export.h"

#include <QtCore/qiodevice.h>
#include <QtCore/qscopedpointer.h>

class SlimFaasSyncRequestPrivate;
class SlimFaasSyncStreams;

// One synchronous /function call that SlimFaas streams to this function (PROTOCOL §6).
//
// Like a socket, it is a sequential QIODevice in both directions:
//  - reading gives the caller's request body as it arrives (readyRead per chunk,
//    requestBodyFinished() at the end; readAll() then returns what is left);
//  - writing streams the response body after startResponse(). Writes of any size are cut
//    into frames of at most MaxFrameSize bytes. bytesToWrite() is what this request has
//    queued and the socket has not taken yet, and bytesWritten() reports progress, so a
//    fast writer can pace itself as it would on a QTcpSocket.
// respond() does all of it at once. finish() without startResponse() answers 200 with no
// headers, as the official clients do.
//
// Lifetime: the client owns the object. It ends when the response is finished or the
// stream is cancelled (by SlimFaas, by a lost connection, or by cancel()); finished() or
// cancelled() is emitted and the object deletes itself when control returns to the event
// loop. Keep a QPointer if you hold on to it longer.
class SLIMFAASQT_CLIENT_EXPORT SlimFaasSyncRequest : public QIODevice
{
    Q_OBJECT
    Q_PROPERTY(State state READ state NOTIFY stateChanged)

public:
    enum State {
        Receiving, // the request body is still arriving
        Received,  // the whole request body has arrived; waiting for the response to end
        Finished,  // the response was sent completely
        Cancelled, // the stream was cancelled; nothing more can be written
    };
    Q_ENUM(State)

    enum CancelReason {
        CancelledByServer,      // SyncCancel from SlimFaas: the caller went away or timed out
        ConnectionLost,         // the WebSocket went down mid-stream
        CancelledByApplication, // cancel() was called; SyncCancel was sent
    };
    Q_ENUM(CancelReason)

    static constexpr int MaxFrameSize = 32 * 1024;

    ~SlimFaasSyncRequest() override;

    QString correlationId() const;
    QString method() const;
    QString path() const;  // without leading slash, as SlimFaas sends it
    QString query() const; // with its leading '?', or empty
    SlimFaasHeaders headers() const;
    QString header(const QString &name) const; // first value, case-insensitive name

    State state() const;
    bool isRequestBodyComplete() const;
    bool isResponseStarted() const;
    int responseStatus() const; // 0 until the response starts

    // QIODevice
    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override;
    qint64 bytesToWrite() const override;
    bool atEnd() const override;

    // Answering. Each returns false, with errorString() saying why, once the response has
    // ended or the stream was cancelled (nothing is sent then).
    bool startResponse(int statusCode, const SlimFaasHeaders &headers = {});
    bool finish();
    bool respond(int statusCode, const SlimFaasHeaders &headers = {}, const QByteArray &body = {});

public Q_SLOTS:
    // Abandons the request: sends SyncCancel so SlimFaas aborts the caller's response.
    void cancel();

Q_SIGNALS:
    void stateChanged(SlimFaasSyncRequest::State state);
    void requestBodyFinished();
    void finished();
    void cancelled(SlimFaasSyncRequest::CancelReason reason);

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *data, qint64 size) override;

private:
    friend class SlimFaasSyncStreams;
    explicit SlimFaasSyncRequest(SlimFaasSyncStreams *streams, QObject *parent);
    Q_DECLARE_PRIVATE(SlimFaasSyncRequest)
    Q_DISABLE_COPY_MOVE(SlimFaasSyncRequest)
    QScopedPointer<SlimFaasSyncRequestPrivate> d_ptr;
};

#endif // SLIMFAASSYNCREQUEST_H
