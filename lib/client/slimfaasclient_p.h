// SPDX-License-Identifier: MIT
#ifndef SLIMFAASCLIENT_P_H
#define SLIMFAASCLIENT_P_H

//
//  W A R N I N G
//  -------------
// Not part of the public API: the connection state machine behind SlimFaasClient.
//

#include "slimfaasclient.h"
#include "slimfaaspendingrequests_p.h"
#include "slimfaassyncstreams_p.h"

#include <QtCore/qloggingcategory.h>
#include <QtCore/qpointer.h>
#include <QtCore/qtimer.h>

#include <atomic>

QT_BEGIN_NAMESPACE
class QWebSocket;
QT_END_NAMESPACE

Q_DECLARE_LOGGING_CATEGORY(lcSlimFaasClient)

class SlimFaasClientPrivate
{
    Q_DECLARE_PUBLIC(SlimFaasClient)

public:
    explicit SlimFaasClientPrivate(SlimFaasClient *q);
    ~SlimFaasClientPrivate();
    // For fuzz/fuzz_client_messages.cpp, which hands incoming messages to a client that has
    // no real connection.
    static SlimFaasClientPrivate *get(SlimFaasClient *q) { return q->d_func(); }

    // Every entry from the event loop (socket, timers, streams) runs inside one: a slot of
    // the client's own signals may delete the client, and the private part then lives on
    // until the outermost entry returns. Code after an emit checks destroyed.
    class Dispatch
    {
    public:
        explicit Dispatch(SlimFaasClientPrivate *d) : d(d) { ++d->dispatchDepth; }
        ~Dispatch()
        {
            if (--d->dispatchDepth == 0 && d->destroyed)
                delete d;
        }
        Q_DISABLE_COPY_MOVE(Dispatch)

    private:
        SlimFaasClientPrivate *d;
    };
    int dispatchDepth = 0;
    bool destroyed = false;           // the public object is gone (deleted inside a dispatch)
    QList<QPointer<QObject>> orphans; // the client's children at that moment, freed with us

    // --- connection lifecycle
    void connectSocket();
    void onSocketConnected();
    void onSocketLost(QWebSocket *socket);
    void dropConnection(SlimFaasClient::Error error, const QString &message);
    void detachSocket(bool graceful);
    void restartForNewSettings();
    void scheduleReconnect();
    int nextReconnectDelay();
    void restartDeadPeerClock();
    void armDeadPeerTimer();
    void startDeadPeerTicks();
    void noteTraffic();
    void onDeadPeerTimeout();
    void sendPing();

    // --- incoming messages
    void onTextMessage(const QString &message);
    void onBinaryMessage(const QByteArray &message);
    void handleRegisterResponse(const SlimFaasProtocol::Envelope &envelope);
    bool acceptsTraffic(SlimFaasProtocol::MessageType type) const; // Ready, or says why not
    void handleAsyncRequest(const SlimFaasProtocol::Envelope &envelope);
    void acceptAsyncRequest(SlimFaasAsyncRequest &request);
    void handlePublishEvent(const SlimFaasProtocol::Envelope &envelope);
    void acceptPublishEvent(const QString &correlationId, SlimFaasPublishEvent &event);
    void offerSyncRequest(SlimFaasSyncRequest *request);
    bool runHandler(const std::function<void()> &handler, const char *failureMessage);

    // --- outgoing messages
    bool sendEnvelope(SlimFaasProtocol::MessageType type, const QString &correlationId,
                      const QJsonValue &payload);
    bool acceptCallback(const QString &elementId, int statusCode,
                        const SlimFaasAsyncRequest *attempt);
    void refuseCallback(const QString &elementId, SlimFaasClient::CallbackRefusal reason,
                        const QString &message);
    bool sendText(SlimFaasProtocol::MessageType type, const QString &correlationId,
                  const QString &json);
    void transmitCallback(const QString &elementId, int statusCode, quint64 generation);
    void answerAutomatically(const QString &elementId, int statusCode);

    // --- pending async requests
    void expirePendingRequests();
    void armExpiryTimer();
    void abandonPendingRequests();

    // --- state and errors
    void setState(SlimFaasClient::State newState);
    void setConnectionId(const QString &id);
    void reportError(SlimFaasClient::Error error, const QString &message);

    SlimFaasClient *q_ptr;

    // Settings
    QUrl url;
    SlimFaasFunctionConfig config;
    int callbackTimeout = SlimFaasClient::DefaultCallbackTimeout;
    int pingInterval = SlimFaasClient::DefaultPingInterval;
    int deadPeerTimeout = SlimFaasClient::DefaultDeadPeerTimeout;
    int minimumReconnectDelay = SlimFaasClient::DefaultMinimumReconnectDelay;
    int maximumReconnectDelay = SlimFaasClient::DefaultMaximumReconnectDelay;
    bool retryAfterRefusal = false;
    qint64 maximumIncomingMessageSize = SlimFaasClient::DefaultMaximumIncomingMessageSize;
    QList<QPair<QByteArray, QByteArray>> handshakeHeaders;
#ifndef QT_NO_SSL
    QSslConfiguration sslConfiguration = QSslConfiguration::defaultConfiguration();
    QList<QSslError> expectedSslErrors;
    bool ignoreHandshakeSslErrors = false; // set by ignoreSslErrors() during sslErrors()
#endif
    QNetworkProxy proxy{ QNetworkProxy::DefaultProxy };
    SlimFaasClient::AsyncRequestHandler asyncRequestHandler;
    SlimFaasClient::PublishEventHandler publishEventHandler;
    SlimFaasClient::SyncRequestHandler syncRequestHandler;

    // Connection. The timers, the socket and the streams are children of the client, so that
    // moveToThread() takes them along, before open() as after.
    QPointer<QWebSocket> socket;
    SlimFaasSyncStreams *syncStreams; // child of the client; owns the open sync requests
    std::atomic<SlimFaasClient::State> state{ SlimFaasClient::Disconnected }; // read anywhere
    bool running = false; // open() called, and neither close() nor a final refusal since
    QString connectionId;
    QString registerCorrelationId;
    int reconnectAttempt = 0;
    // Set by the checks that kill a connection themselves, so that the disconnect that
    // follows does not report a second, vaguer error.
    bool dropReported = false;
    QTimer *pingTimer;
    QTimer *deadPeerTimer;
    // Whether a message came since the dead-peer timer's last tick, and how many ticks in a
    // row saw none; see noteTraffic().
    bool trafficSinceTick = false;
    int quietTicks = 0;
    QTimer *reconnectTimer;
    QTimer *expiryTimer; // fires at the earliest deadline of the pending requests
    SlimFaasClient::Error error = SlimFaasClient::NoError;
    QString errorString;

    // Pending async requests: the only state that sendCallback() touches from any thread.
    SlimFaasPendingRequests pending;
};

#endif // SLIMFAASCLIENT_P_H
