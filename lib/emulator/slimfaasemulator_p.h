#ifndef SLIMFAASEMULATOR_P_H
#define SLIMFAASEMULATOR_P_H

//
//  W A R N I N G
//  -------------
// Not part of the public API: the emulator's state, shared by its parts
// (slimfaasemulator.cpp: connections and registration; emulatorasync.cpp: the async queue
// and events; emulatorsync.cpp: sync streams).
//

#include "emulatorhttp_p.h"
#include "emulatorwsendpoint_p.h"
#include "slimfaasemulator.h"

#include <QtCore/qhash.h>
#include <QtCore/qloggingcategory.h>
#include <QtCore/qpointer.h>
#include <QtCore/qset.h>
#include <QtCore/qtimer.h>

#include <memory>

QT_BEGIN_NAMESPACE
class QWebSocket;
QT_END_NAMESPACE

Q_DECLARE_LOGGING_CATEGORY(lcSlimFaasEmulator)

struct EmulatorAsyncItem;
struct EmulatorSyncStream;

// One WebSocket; a virtual pod once registered.
struct EmulatorConnection
{
    QWebSocket *socket = nullptr;
    QString id; // 32 hex characters
    QString functionName;
    bool registered = false;
    QHash<QString, EmulatorAsyncItem *> pendingCallbacks; // by elementId
    QSet<QString> syncStreams;                            // correlation ids

    int activeWork() const { return int(pendingCallbacks.size() + syncStreams.size()); }
    QString podName() const { return QStringLiteral("ws-") + id.left(8); }
};

struct EmulatorFunction
{
    SlimFaasFunctionConfig config;
    QList<EmulatorConnection *> connections; // in registration order
    int nextConnection = 0;                  // round-robin cursor, moved on by every selection
};

// A queued async request, from its HTTP arrival to its final status.
struct EmulatorAsyncItem
{
    QString functionName;
    SlimFaasAsyncRequest request; // tryNumber counts attempts made so far
    QList<int> retryDelaysSecs;
    QList<int> retryStatuses;
    EmulatorConnection *connection = nullptr; // while an attempt waits for its callback
    QTimer timer;                             // the callback wait, then the retry delay
};

struct EmulatorSyncStream
{
    QString correlationId;
    QString functionName;
    EmulatorConnection *connection = nullptr;
    QPointer<EmulatorHttpExchange> exchange;
    QTimer responseTimer;
    int statusCode = 0;
    bool requestEndSent = false;
};

class SlimFaasEmulatorPrivate
{
    Q_DECLARE_PUBLIC(SlimFaasEmulator)
public:
    explicit SlimFaasEmulatorPrivate(SlimFaasEmulator *q) : q_ptr(q) { }
    // For fuzz/fuzz_emulator_messages.cpp, which hands messages to the emulator without a
    // real connection.
    static SlimFaasEmulatorPrivate *get(SlimFaasEmulator *q) { return q->d_func(); }
    ~SlimFaasEmulatorPrivate();

    // slimfaasemulator.cpp
    void onClientConnected(QWebSocket *socket);
    void onTextMessage(EmulatorConnection *connection, const QString &text);
    void onBinaryMessage(EmulatorConnection *connection, const QByteArray &message);
    void onDisconnected(EmulatorConnection *connection);
    void handleRegister(EmulatorConnection *connection, const SlimFaasProtocol::Envelope &envelope);
    void sendEnvelope(EmulatorConnection *connection, SlimFaasProtocol::MessageType type,
                      const QString &correlationId, const QJsonValue &payload);
    void sendFrame(EmulatorConnection *connection, SlimFaasProtocol::MessageType type,
                   const QString &correlationId, const QByteArray &payload = {}, quint8 flags = 0);
    void reject(EmulatorConnection *connection, const QString &reason);
    void onHttpRequest(EmulatorHttpExchange *exchange);
    bool isTrusted(const EmulatorHttpExchange *exchange) const;
    SlimFaas::Visibility visibilityOf(const EmulatorFunction &function, const QString &path) const;
    static bool sameConfiguration(const SlimFaasFunctionConfig &a, const SlimFaasFunctionConfig &b);
    static EmulatorConnection *selectConnection(EmulatorFunction &function);

    // emulatorasync.cpp
    void handleAsyncRoute(EmulatorHttpExchange *exchange, const QString &functionName,
                          const QString &path);
    void enqueue(EmulatorHttpExchange *exchange, const QString &functionName, const QString &path);
    void dispatch(const QString &functionName);
    void emitQueueLength(const QString &functionName);
    void attempt(EmulatorAsyncItem *item, EmulatorConnection *connection);
    void resolveAttempt(EmulatorAsyncItem *item, int statusCode);
    void handleCallback(EmulatorConnection *connection, const SlimFaasProtocol::Envelope &envelope);
    void handlePublishRoute(EmulatorHttpExchange *exchange, const QString &eventName,
                            const QString &path);
    int inFlight(const QString &functionName) const;

    // emulatorsync.cpp
    void handleSyncRoute(EmulatorHttpExchange *exchange, const QString &functionName,
                         const QString &path);
    void forwardRequestBody(EmulatorSyncStream *stream);
    void handleSyncFrame(EmulatorConnection *connection, const SlimFaasProtocol::Frame &frame);
    void closeSyncStream(EmulatorSyncStream *stream);

    SlimFaasEmulator *q_ptr;

    // Settings
    QHostAddress listenAddress = QHostAddress::LocalHost;
    quint16 wantedWebSocketPort = SlimFaasEmulator::DefaultWebSocketPort;
    quint16 wantedHttpPort = SlimFaasEmulator::DefaultHttpPort;
    QStringList kubernetesFunctions;
    int callbackTimeout = SlimFaasEmulator::DefaultCallbackTimeout;
    int syncTimeout = SlimFaasEmulator::DefaultSyncTimeout;
    double retryDelayScale = 1.0;
    QList<QPair<QHostAddress, int>> trustedNetworks{
        { QHostAddress(QStringLiteral("127.0.0.0")), 8 }, { QHostAddress::LocalHostIPv6, 128 }
    };
    qint64 maximumIncomingMessageSize = SlimFaasEmulator::DefaultMaximumIncomingMessageSize;
    SlimFaasEmulatorLimits limits;

    // Servers
    std::unique_ptr<EmulatorWsEndpoint> wsEndpoint;
    std::unique_ptr<EmulatorHttpServer> httpServer;
    QString errorString;

    // State
    QHash<QWebSocket *, EmulatorConnection *> connections;
    QHash<QString, EmulatorFunction> functions;        // registered, by name
    QHash<QString, QList<EmulatorAsyncItem *>> queues; // waiting async items, by function
    QHash<QString, int> inFlightCounts;                // attempts awaiting a callback
    QSet<QString> dispatching;                         // functions inside dispatch()
    QSet<EmulatorAsyncItem *> retrying;                // waiting for their retry delay
    QHash<QString, EmulatorSyncStream *> syncStreams;  // by correlation id
};

#endif // SLIMFAASEMULATOR_P_H
