// SPDX-License-Identifier: MIT
#ifndef SLIMFAASCLIENT_P_H
#define SLIMFAASCLIENT_P_H

//
//  W A R N I N G
//  -------------
// Not part of the public API: what SlimFaasClient's node connections share (settings,
// handlers, the client's state), and the set of nodes.
//

#include "slimfaasclient.h"
#include "slimfaasnodeaddresses_p.h"
#include "slimfaaspendingrequests_p.h"

#include <QtCore/qloggingcategory.h>
#include <QtCore/qmutex.h>
#include <QtCore/qpointer.h>

#include <atomic>
#include <memory>

class SlimFaasNodeConnection;

Q_DECLARE_LOGGING_CATEGORY(lcSlimFaasClient)

class SlimFaasClientPrivate
{
    Q_DECLARE_PUBLIC(SlimFaasClient)

public:
    explicit SlimFaasClientPrivate(SlimFaasClient *q);
    ~SlimFaasClientPrivate();
    // For fuzz/fuzz_client_messages.cpp, which hands incoming messages to a client that has
    // no real connection, and for the test-only hooks below.
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

    // --- the nodes
    // The URLs the client keeps a connection to: the given ones, or with everyAddress one
    // per address they resolve to.
    QList<QUrl> wantedNodeUrls() const;
    // Makes the node connections match urls: new ones are created (and started when the
    // client runs), gone ones retired; the others are left alone.
    void applyNodeUrls(const QList<QUrl> &urls);
    void retireNode(SlimFaasNodeConnection *node);
    SlimFaasNodeConnection *nodeFor(const QUrl &url) const;
    SlimFaasNodeConnection *nodeFor(const SlimFaasPendingRequests *table) const;
    void startAddressWatch();
    void onAddressesResolved(const QList<QUrl> &urls, const QString &error);
    void onNodeReconnectScheduled();
    // A node was refused and the client does not retry: every node stops.
    void stopAfterRefusal(SlimFaasNodeConnection *refused);

    // --- what the nodes share
    void acceptPublishEvent(const QString &correlationId, SlimFaasPublishEvent &event);
    void offerSyncRequest(SlimFaasSyncRequest *request);
    bool runHandler(const std::function<void()> &handler, const char *failureMessage);
    bool acceptCallback(const QString &elementId, int statusCode,
                        const SlimFaasAsyncRequest *attempt,
                        SlimFaasPendingRequests *table = nullptr);
    std::shared_ptr<SlimFaasPendingRequests> tableFor(const QString &elementId,
                                                      const SlimFaasAsyncRequest *attempt) const;
    void refuseCallback(const QString &elementId, SlimFaasClient::CallbackRefusal reason,
                        const QString &message);
    int totalPendingCount() const;

    // --- state and errors
    // The client's state, connectionId() and registeredNodeCount() follow the nodes'. Returns
    // true when the client has just become Ready (ready() is due).
    bool updateState();
    void updateConnectionId();
    void reportError(SlimFaasClient::Error error, const QString &message);

    SlimFaasClient *q_ptr;

    // Settings
    QList<QUrl> urls; // url() is the first
    bool everyAddress = false;
    int addressRefreshInterval = SlimFaasClient::DefaultAddressRefreshInterval;
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
#endif
    QNetworkProxy proxy{ QNetworkProxy::DefaultProxy };
    SlimFaasClient::AsyncRequestHandler asyncRequestHandler;
    SlimFaasClient::PublishEventHandler publishEventHandler;
    SlimFaasClient::SyncRequestHandler syncRequestHandler;

    // Test-only hook: how every-address mode resolves a host name (QHostInfo by default).
    // Set it before open() through setResolverForTesting(); tests use it to play a headless
    // Service whose addresses change.
    SlimFaasNodeAddresses::Resolver resolver;
    static void setResolverForTesting(SlimFaasClient *client,
                                      SlimFaasNodeAddresses::Resolver resolver)
    {
        get(client)->resolver = std::move(resolver);
    }

    // The node connections, in the order of wantedNodeUrls(); children of the client.
    QList<SlimFaasNodeConnection *> nodes;
    // The node whose connection the client is handling right now (see currentNode()).
    SlimFaasNodeConnection *currentNode = nullptr;
    // Their pending-request tables, for sendCallback() and the queries from any thread:
    // written on the client's thread under tablesLock, read there without it.
    mutable QMutex tablesLock;
    QList<std::shared_ptr<SlimFaasPendingRequests>> tables;
    SlimFaasNodeAddresses *addresses = nullptr; // every-address mode, once open
    QList<QUrl> resolvedUrls;                   // what it found last
    bool addressesKnown = false;                // a round of lookups came back since open()
    // While nodes are replaced, the client's state is computed once at the end.
    bool holdState = false;

    std::atomic<SlimFaasClient::State> state{ SlimFaasClient::Disconnected }; // read anywhere
    bool running = false; // open() called, and neither close() nor a final refusal since
    QString connectionId;
    int registeredNodeCount = 0;
    SlimFaasClient::Error error = SlimFaasClient::NoError;
    QString errorString;
};

#endif // SLIMFAASCLIENT_P_H
