// SPDX-License-Identifier: MIT
#ifndef SLIMFAASCLIENT_H
#define SLIMFAASCLIENT_H

#include "slimfaasasyncrequest.h"
#include "slimfaasfunctionconfig.h"
#include "slimfaasprotocol.h"
#include "slimfaaspublishevent.h"
#include "slimfaasqtclient_export.h"
#include "slimfaassyncrequest.h"

#include <QtCore/qfuture.h>
#include <QtCore/qlist.h>
#include <QtCore/qobject.h>
#include <QtCore/qpair.h>
#include <QtCore/qurl.h>
#include <QtNetwork/qnetworkproxy.h>

#ifndef QT_NO_SSL
#include <QtNetwork/qsslconfiguration.h>
#include <QtNetwork/qsslerror.h>
#endif

#include <functional>
#include <memory>

class SlimFaasClientPrivate;

// Connects this program to SlimFaas as a virtual function over one WebSocket
// (ws://<slimfaas>:5003/ws) and keeps it connected: registration, keepalive, dead-peer
// detection and reconnection with backoff all run on the thread that owns the client,
// driven by its event loop. No thread of its own.
//
// Async requests arrive one by one and must each be answered exactly once with a status:
//  - handler style: setAsyncRequestHandler() returns the status; 202 (DeferredStatus) means
//    "I will answer later with sendCallback()";
//  - signal style: connect to asyncRequestReceived() and call sendCallback() when done.
// With neither, requests are answered 500, as the official clients do. Each request gets
// exactly one answer: the slots of asyncRequestReceived() run first, then the handler; the
// first answer given (a slot's or the handler's sendCallback(), or the handler's returned
// status) stands, and any other is refused with callbackRefused(AlreadyAnswered).
//
// Synchronous /function calls arrive as SlimFaasSyncRequest streams, the same two ways:
// setSyncRequestHandler() or syncRequestReceived(). Unhandled, they are answered 500.
//
// Threads: the client belongs to the thread that owns it (QObject::thread()), which runs
// every handler and emits every signal; moveToThread() takes everything along (timers,
// socket, streams), before open() as after, as long as that thread runs an event loop.
// sendCallback() (both forms), pendingRequests(), pendingRequestCount() and state() may be
// called from any thread; everything else — settings, open()/close(), waitForReady(), the
// node accessors — from the owning thread only. open() and close() from another thread are
// queued to the owning one, with a warning. For the sync requests' own rules see
// SlimFaasSyncRequest.
//
// Several SlimFaas nodes: SlimFaas runs as several nodes (a StatefulSet behind a headless
// Service), and each node only knows the connections made to it: it answers 404 to callers
// of a function that has no connection there, only the Raft master dispatches the queued
// async requests (to its own connections), and an event goes to the connections of the node
// that received it. A client given several node URLs (setNodeUrls()), or one URL with
// everyAddress set, keeps one registered connection to each node, each with the same
// configuration and settings, handshake headers, TLS configuration, keepalive and
// reconnection as a single URL has. Requests, events and sync streams arrive from any node;
// each answer goes back on the connection that delivered the request, and
// asyncRequestsAbandoned() and the cancelled sync streams of one node are that node's only.
// state() is Ready while at least one node is registered (ready() when the first one is);
// registeredNodeCount(), nodeState(), nodeRegistered() and nodeLost() tell the nodes apart,
// and currentNode() which one a signal is about. A refusal on one node is taken as the
// answer of all (every node shares the deployment whose configuration was refused): without
// retryAfterRefusal every node stops, as with one. With one URL nothing changes.
//
// Lifetime: deleting the client inside a slot of one of its own signals is safe. Its open
// sync requests end with cancelled(ClientDestroyed) before it frees them.
//
// Properties: every writable one notifies. None is BINDABLE: each setter acts at once
// (restarts a timer, replaces the connection), which a lazily evaluated binding would skip.
class SLIMFAASQT_CLIENT_EXPORT SlimFaasClient : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QUrl url READ url WRITE setUrl NOTIFY urlChanged)
    Q_PROPERTY(QList<QUrl> nodeUrls READ nodeUrls WRITE setNodeUrls NOTIFY nodeUrlsChanged)
    Q_PROPERTY(bool everyAddress READ everyAddress WRITE setEveryAddress NOTIFY everyAddressChanged)
    Q_PROPERTY(int addressRefreshInterval READ addressRefreshInterval WRITE
                       setAddressRefreshInterval NOTIFY addressRefreshIntervalChanged)
    Q_PROPERTY(QList<QUrl> nodes READ nodes NOTIFY nodesChanged)
    Q_PROPERTY(int registeredNodeCount READ registeredNodeCount NOTIFY registeredNodeCountChanged)
    Q_PROPERTY(SlimFaasFunctionConfig functionConfig READ functionConfig WRITE setFunctionConfig
                       NOTIFY functionConfigChanged)
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    Q_PROPERTY(QString connectionId READ connectionId NOTIFY connectionIdChanged)
    Q_PROPERTY(Error error READ error NOTIFY errorOccurred)
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorOccurred)
    Q_PROPERTY(int pingInterval READ pingInterval WRITE setPingInterval NOTIFY pingIntervalChanged)
    Q_PROPERTY(int deadPeerTimeout READ deadPeerTimeout WRITE setDeadPeerTimeout NOTIFY
                       deadPeerTimeoutChanged)
    Q_PROPERTY(int minimumReconnectDelay READ minimumReconnectDelay WRITE setMinimumReconnectDelay
                       NOTIFY minimumReconnectDelayChanged)
    Q_PROPERTY(int maximumReconnectDelay READ maximumReconnectDelay WRITE setMaximumReconnectDelay
                       NOTIFY maximumReconnectDelayChanged)
    Q_PROPERTY(bool retryAfterRefusal READ retryAfterRefusal WRITE setRetryAfterRefusal NOTIFY
                       retryAfterRefusalChanged)
    Q_PROPERTY(qint64 maximumIncomingMessageSize READ maximumIncomingMessageSize WRITE
                       setMaximumIncomingMessageSize NOTIFY maximumIncomingMessageSizeChanged)
    Q_PROPERTY(int callbackTimeout READ callbackTimeout WRITE setCallbackTimeout NOTIFY
                       callbackTimeoutChanged)
    Q_PROPERTY(int pendingRequestCount READ pendingRequestCount NOTIFY pendingRequestCountChanged)

public:
    // Where the connection stands.
    enum State {
        Disconnected,       // not opened, or close() was called
        Connecting,         // WebSocket handshake in progress
        Registering,        // Register sent, waiting for RegisterResponse
        Ready,              // registered: requests and events flow
        WaitingToReconnect, // connection lost or failed; a reconnect is scheduled
        Refused,            // SlimFaas refused the registration; stopped for good
    };
    Q_ENUM(State)

    // What went wrong with the connection (error(), errorOccurred()), numbered by range as
    // QNetworkReply::NetworkError is: 1-99 the transport, 100-199 the registration, 200-299
    // what the server sent, 300-399 the application.
    enum Error {
        NoError = 0,
        ConnectionError = 1, // the socket failed or the server went away
        SslError,            // TLS handshake or certificate verification failed
        DeadPeer,            // no Pong nor any other traffic within deadPeerTimeout
        MessageTooLarge,     // a message exceeded maximumIncomingMessageSize, or the server's limit
        RegistrationRefused = 100, // the server said no; errorString() holds its reason
        RegistrationTimeout,       // no RegisterResponse (or no handshake) within deadPeerTimeout
        InvalidConfiguration,      // open() with a configuration SlimFaas cannot register (see
                                   // SlimFaasFunctionConfig::isValid())
        ProtocolError = 200,       // the server sent something this client cannot decode
        HandlerError = 300,        // an application handler threw
    };
    Q_ENUM(Error)

    // Why an answer was refused (callbackRefused()): about one request, not the connection.
    enum CallbackRefusal {
        NoRefusal = 0,   // the answer was accepted
        UnknownRequest,  // an answer for a request this connection never received
        AlreadyAnswered, // a second answer for the same request
        NotConnected,    // an answer given while no registered connection exists
        InvalidStatus,   // an answer with a status outside 100-599
        RequestExpired,  // an answer after SlimFaas stopped waiting for it (it recorded 504)
        StaleAttempt,    // an answer for an earlier delivery (another connection or try)
    };
    Q_ENUM(CallbackRefusal)

    // The status a handler returns to say "accepted, the real answer comes later".
    static constexpr int DeferredStatus = 202;
    // The defaults of the properties of the same names.
    static constexpr int DefaultCallbackTimeout
            = SlimFaasAsyncRequest::ServerCallbackTimeoutSecs * 1000;
    static constexpr int DefaultPingInterval = 30000;
    static constexpr int DefaultDeadPeerTimeout = 75000;
    static constexpr int DefaultMinimumReconnectDelay = 5000;
    static constexpr int DefaultMaximumReconnectDelay = 60000;
    static constexpr qint64 DefaultMaximumIncomingMessageSize = 64 * 1024 * 1024;
    static constexpr int DefaultAddressRefreshInterval = 10000;

    // The handlers' signatures: see setAsyncRequestHandler(), setPublishEventHandler() and
    // setSyncRequestHandler().
    using AsyncRequestHandler = std::function<int(const SlimFaasAsyncRequest &)>;
    using PublishEventHandler = std::function<void(const SlimFaasPublishEvent &)>;
    using SyncRequestHandler = std::function<void(SlimFaasSyncRequest *)>;

    // A client without URL nor function name yet: set both before open().
    explicit SlimFaasClient(QObject *parent = nullptr);
    // A client that registers config at url (ws:// or wss://) once open() is called.
    SlimFaasClient(const QUrl &url, const SlimFaasFunctionConfig &config,
                   QObject *parent = nullptr);
    ~SlimFaasClient() override;

    // Changing the URL or the configuration of an open client replaces its connection at
    // once: the current one is closed (its pending requests are abandoned and its sync
    // streams cancelled, as for any lost connection) and a new one registers with the new
    // values; stateChanged() and ready() tell the progress. A client that is not open
    // applies them at the next open().
    QUrl url() const;
    void setUrl(const QUrl &url);

    // The SlimFaas nodes to keep a connection to, one URL each (ws:// or wss://): for a
    // StatefulSet, its pods' own names (ws://slimfaas-0.slimfaas:5003/ws, ...). url() is the
    // first; setUrl(url) is setNodeUrls({ url }). Duplicates and empty URLs are dropped.
    // Setting them on an open client connects to the new nodes and closes the connections
    // to the nodes no longer named (as lost connections: their pending requests are
    // abandoned, their sync streams cancelled); the other connections are left alone.
    QList<QUrl> nodeUrls() const;
    void setNodeUrls(const QList<QUrl> &urls);

    // Every-address mode: each node URL's host is looked up (QHostInfo) and the client keeps
    // one connection per address it resolves to, which is what a Kubernetes headless
    // Service gives: one address per ready pod. The names are looked up again every
    // addressRefreshInterval ms and whenever a connection is lost, so that nodes that come
    // are connected to and the connections to nodes that went are closed (as lost ones). A
    // lookup that fails keeps the addresses found before. The node URLs (nodes()) carry the
    // addresses; the handshake's Host header then names the address too, since QWebSocket
    // writes it from the URL. With wss:// and certificate checks, give the pods' own names
    // to setNodeUrls() instead: an address has no certificate name to match. Changing it on
    // an open client applies it at once.
    bool everyAddress() const;
    void setEveryAddress(bool enabled);
    int addressRefreshInterval() const;
    void setAddressRefreshInterval(int msecs);

    // The nodes the client keeps a connection to: nodeUrls(), or in every-address mode one
    // URL per address found (empty until the first lookup is back).
    QList<QUrl> nodes() const;
    // How many of them are registered (Ready).
    int registeredNodeCount() const;
    // One node's state and registration id (Disconnected and empty for an unknown node).
    State nodeState(const QUrl &node) const;
    QString nodeConnectionId(const QUrl &node) const;
    // While the client emits a signal or runs a handler about one node's connection (a
    // message, a request, an event, a state change, an error), that node; empty otherwise.
    // As QObject::sender(), valid inside the slot only, on the client's thread.
    QUrl currentNode() const;

    // The function's name and its nine SlimFaas settings, sent with each Register.
    SlimFaasFunctionConfig functionConfig() const;
    void setFunctionConfig(const SlimFaasFunctionConfig &config);

    // Where the connection stands; stateChanged() follows it. With several nodes, the state
    // of the node furthest along: Ready while any node is registered.
    State state() const;
    // The id SlimFaas gave the current registration, empty while not Ready. With several
    // nodes, that of the first node (in nodes() order) that has one: see nodeConnectionId().
    QString connectionId() const;
    // The last connection error, and its readable message (the server's reason for a refusal).
    Error error() const;
    QString errorString() const;

    // Keepalive: a Ping every pingInterval ms (0 disables). When nothing at all arrives from
    // the server for deadPeerTimeout ms the connection is declared dead and replaced; the
    // same limit applies to the handshake plus registration. 0 disables the check.
    int pingInterval() const;
    void setPingInterval(int msecs);
    int deadPeerTimeout() const;
    void setDeadPeerTimeout(int msecs);

    // Reconnection: exponential backoff with jitter, from the minimum up to the maximum
    // delay, reset by a successful registration.
    int minimumReconnectDelay() const;
    void setMinimumReconnectDelay(int msecs);
    int maximumReconnectDelay() const;
    void setMaximumReconnectDelay(int msecs);

    // The official clients stop after a refused registration. With this set the client
    // keeps retrying with backoff instead: a rolling update whose configuration changed is
    // refused until every old replica has gone, then comes up on its own.
    bool retryAfterRefusal() const;
    void setRetryAfterRefusal(bool retry);

    // The largest message accepted from SlimFaas, in bytes; a larger one closes the connection
    // with MessageTooLarge.
    qint64 maximumIncomingMessageSize() const;
    void setMaximumIncomingMessageSize(qint64 bytes);

    // Extra headers for the WebSocket handshake (Authorization, for deployments that put
    // authentication in front of /ws). Applied from the next connection on.
    void setHandshakeHeader(const QByteArray &name, const QByteArray &value);
    QList<QPair<QByteArray, QByteArray>> handshakeHeaders() const;

#ifndef QT_NO_SSL
    // TLS for wss:// URLs. Certificates are verified unless this configuration says otherwise.
    QSslConfiguration sslConfiguration() const;
    void setSslConfiguration(const QSslConfiguration &configuration);
    // These TLS errors (a self-signed certificate one knows, say) do not stop a handshake,
    // from the next connection on; as QSslSocket::ignoreSslErrors(errors).
    void ignoreSslErrors(const QList<QSslError> &errors);
#endif

    // The proxy for the WebSocket connection, from the next connection on. By default the
    // application's (QNetworkProxy::applicationProxy(), DefaultProxy).
    QNetworkProxy proxy() const;
    void setProxy(const QNetworkProxy &proxy);

    // Handler style. Runs on the client's thread; returning DeferredStatus keeps the request
    // pending until sendCallback(). An exception escaping the handler answers 500.
    void setAsyncRequestHandler(AsyncRequestHandler handler);
    // Runs for each event, on the client's thread, besides publishEventReceived().
    void setPublishEventHandler(PublishEventHandler handler);
    // Runs when a sync request starts (its body may still be arriving). The handler answers
    // now or later through the request; one that throws before answering gets 500. The
    // request is the application's to delete once it has ended (see SlimFaasSyncRequest).
    void setSyncRequestHandler(SyncRequestHandler handler);

    // Sync streams open on the current connections.
    QList<SlimFaasSyncRequest *> openSyncRequests() const;
    int openSyncRequestCount() const;

    // How long SlimFaas's connection waits for a callback (300 s for WebSocket functions):
    // each request's deadline(). An answer is safe only within 120 s (safeDeadline()): past
    // that SlimFaas records the try as 504 at its next dequeue of the function's queue and
    // drops the answer; until the deadline it may still count. Past the deadline SlimFaas
    // has forgotten the request: the client forgets it too and emits asyncRequestExpired().
    // Change it only to match a server configured otherwise, such as the emulator in tests.
    int callbackTimeout() const;
    void setCallbackTimeout(int msecs);

    // Requests received on the current connections and not answered yet, oldest first.
    QList<SlimFaasAsyncRequest> pendingRequests() const;
    int pendingRequestCount() const;

    // Runs a local event loop until the client is Ready, it is refused, or msecs pass.
    // For scripts and tests; returns true when Ready.
    bool waitForReady(int msecs = 30000);

    // waitForEvent() and waitForAsyncRequest(): waiting for what SlimFaas sends, without
    // blocking the event loop (scripts, tests). Each future resolves on the client's thread
    // with the next event named eventName (any event when empty), or the next async request,
    // that predicate (a PublishEventPredicate or an AsyncRequestPredicate) accepts (any when
    // it is empty). Only what arrives after the call counts. After msecs (-1: no limit;
    // DefaultWaitTimeout unless given) the future is cancelled (isCanceled(),
    // QFuture::onCanceled()); so is it when the client is destroyed. Cancelling the future
    // stops the wait. Call from the client's thread.
    //
    // A wait observes and answers nothing: the request it resolves with is answered as any
    // other, by the async handler or asyncRequestReceived() (and 500 without either), and
    // the future resolves once the client has handed the request to them, so a deferred
    // (202) request can be answered from the continuation with sendCallback().
    using PublishEventPredicate = std::function<bool(const SlimFaasPublishEvent &)>;
    using AsyncRequestPredicate = std::function<bool(const SlimFaasAsyncRequest &)>;
    static constexpr int DefaultWaitTimeout = 30000;
    QFuture<SlimFaasPublishEvent> waitForEvent(const QString &eventName,
                                               PublishEventPredicate predicate = {},
                                               int msecs = DefaultWaitTimeout);
    QFuture<SlimFaasAsyncRequest> waitForAsyncRequest(AsyncRequestPredicate predicate = {},
                                                      int msecs = DefaultWaitTimeout);

public Q_SLOTS:
#ifndef QT_NO_SSL
    // Called from a slot of sslErrors(): the handshake under way goes on despite them. As
    // with QNetworkReply, only for that handshake; ignoreSslErrors(errors) is for good.
    void ignoreSslErrors();
#endif
    // Connects (or reconnects) and registers; retries on its own until close().
    void open();
    // Stops everything: closes the socket, cancels every timer, abandons pending requests.
    void close();

public:
    // Answers the attempt this request names (elementId, connectionId and tryNumber).
    // SlimFaas delivers a request again after a lost connection or a retried status, with
    // the same elementId; an answer computed for an earlier delivery is refused
    // (StaleAttempt) rather than taken for the new one. Prefer this form.
    // Thread-safe. Returns false, and emits callbackRefused(), when the attempt is not
    // pending on this connection, was already answered or expired, the status is invalid or
    // no connection is registered: nothing is sent then.
    bool sendCallback(const SlimFaasAsyncRequest &request, int statusCode);
    // Answers whatever delivery of elementId is pending now, whichever attempt the caller
    // computed its status for. Kept for callers that only hold the id (and for
    // QMetaObject::invokeMethod); otherwise the same as above.
    Q_INVOKABLE bool sendCallback(const QString &elementId, int statusCode);

Q_SIGNALS:
    void urlChanged(const QUrl &url);
    void nodeUrlsChanged(const QList<QUrl> &urls);
    void everyAddressChanged(bool enabled);
    void addressRefreshIntervalChanged(int msecs);
    // The set of node connections changed (nodes()): URLs given, or addresses found.
    void nodesChanged(const QList<QUrl> &nodes);
    void registeredNodeCountChanged(int count);
    // One node's connection changed state (stateChanged() is about the whole client).
    void nodeStateChanged(const QUrl &node, SlimFaasClient::State state);
    // One node registered this client as connectionId: its requests and events may arrive.
    void nodeRegistered(const QUrl &node, const QString &connectionId);
    // One node's registration ended: its connection was lost or closed, or the node went.
    void nodeLost(const QUrl &node);
    void functionConfigChanged(const SlimFaasFunctionConfig &config);
    void pingIntervalChanged(int msecs);
    void deadPeerTimeoutChanged(int msecs);
    void minimumReconnectDelayChanged(int msecs);
    void maximumReconnectDelayChanged(int msecs);
    void retryAfterRefusalChanged(bool retry);
    void maximumIncomingMessageSizeChanged(qint64 bytes);
    void callbackTimeoutChanged(int msecs);
    void stateChanged(SlimFaasClient::State state);
    void connectionIdChanged(const QString &connectionId);
    void errorOccurred(SlimFaasClient::Error error, const QString &errorString);
#ifndef QT_NO_SSL
    // The TLS handshake met these errors. Unless a slot calls ignoreSslErrors() (or they were
    // all given to ignoreSslErrors(errors) before), the connection fails with SslError and is
    // retried with backoff.
    void sslErrors(const QList<QSslError> &errors);
#endif

    // Registered: connectionId() is set and requests may arrive. With several nodes, when the
    // first one registers (the client becomes Ready); nodeRegistered() tells each.
    void ready();
    // SlimFaas refused the registration; reason is its message, word for word.
    void registrationRefused(const QString &reason);
    // A reconnect will start in delayMsecs (attempt counts from 1 since the last success),
    // for the node currentNode() names.
    void reconnectScheduled(int delayMsecs, int attempt);

    // An async request arrived: answer it once with sendCallback() (signal style).
    void asyncRequestReceived(const SlimFaasAsyncRequest &request);
    // An answer left for the server (automatic, from a handler, or from sendCallback()).
    void callbackSent(const QString &elementId, int statusCode);
    // sendCallback() refused an answer (reason says why); nothing was sent. Per request:
    // error() and errorOccurred() stay about the connection.
    void callbackRefused(const QString &elementId, SlimFaasClient::CallbackRefusal reason,
                         const QString &errorString);
    // The connection went away with these requests unanswered. SlimFaas answers them 503
    // itself and retries them, so they will come again.
    void asyncRequestsAbandoned(const QList<SlimFaasAsyncRequest> &requests);
    // SlimFaas forgot this request: its connection stopped waiting for the callback (see
    // callbackTimeout()). The try was recorded 504 by then.
    void asyncRequestExpired(const SlimFaasAsyncRequest &request);
    void pendingRequestCountChanged(int count);

    // An event arrived; nothing is expected back.
    void publishEventReceived(const SlimFaasPublishEvent &event);

    // A synchronous call started. The receiver owns the request from here on and deletes it
    // (deleteLater()) once it has ended; safe through queued connections and QSignalSpy.
    void syncRequestReceived(SlimFaasSyncRequest *request);

    // Every protocol message, for observers (monitors, taps, traces). Text messages carry
    // their JSON, binary ones the whole frame.
    void messageReceived(SlimFaasProtocol::MessageType type, const QString &correlationId,
                         const QByteArray &message);
    // Every protocol message this client sent, in the same form.
    void messageSent(SlimFaasProtocol::MessageType type, const QString &correlationId,
                     const QByteArray &message);

private:
    Q_DECLARE_PRIVATE(SlimFaasClient)
    Q_DISABLE_COPY_MOVE(SlimFaasClient)
    // One node's connection, part of the private implementation: emits the client's signals.
    friend class SlimFaasNodeConnection;
    std::unique_ptr<SlimFaasClientPrivate> d_ptr;
};

#endif // SLIMFAASCLIENT_H
