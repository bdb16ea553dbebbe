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

#include <QtCore/qelapsedtimer.h>
#include <QtCore/qhash.h>
#include <QtCore/qloggingcategory.h>
#include <QtCore/qmap.h>
#include <QtCore/qpointer.h>
#include <QtCore/qset.h>
#include <QtCore/qtimer.h>

#include <memory>
#include <optional>

#include <QtNetwork/qtcpsocket.h>

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
    QPointer<QTcpSocket> tcp; // under socket: for the keepalive Pong frames
    QHash<QString, EmulatorAsyncItem *> pendingCallbacks; // by elementId
    QSet<QString> syncStreams;                            // correlation ids

    int activeWork() const { return int(pendingCallbacks.size() + syncStreams.size()); }
    QString podName() const { return QStringLiteral("ws-") + id.left(8); }
};

// A Register payload as SlimFaas reads it (emulatorregistration.cpp).
struct EmulatorRegistration
{
    SlimFaasFunctionConfig config; // what the strings mean
    // The visibility and trust strings as written: SlimFaas compares configurations with
    // them, case-sensitively, though it reads their meaning ignoring case.
    QStringList written;
};

struct EmulatorFunction
{
    SlimFaasFunctionConfig config;
    QStringList written;                     // see EmulatorRegistration
    QList<EmulatorConnection *> connections; // in registration order
    int nextConnection = 0;                  // round-robin cursor, moved on by every selection
};

// A queued async request, from its HTTP arrival to its final status. As on SlimFaas, the
// queue's record of a try and the connection's wait for its callback are two things: the
// queue records 504 once asyncTimeout has passed (at a dequeue), the connection keeps
// waiting until callbackTimeout; the item lives until both are over.
struct EmulatorAsyncItem
{
    QString functionName;
    SlimFaasAsyncRequest request;             // tryNumber counts attempts made so far
    EmulatorConnection *connection = nullptr; // while the connection waits for its callback
    QElapsedTimer tryStarted;
    quint64 tryOrder = 0;  // its key in unfinished
    bool finished = false; // the queue recorded its final status
    QTimer timer;          // the connection's wait, then the retry delay
};

struct EmulatorSyncStream
{
    QString correlationId;
    QString functionName;
    EmulatorConnection *connection = nullptr;
    QPointer<EmulatorHttpExchange> exchange;
    QTimer responseTimer;
    int statusCode = 0;
    SlimFaasHeaders responseHeaders; // held back until the first body bytes, as SlimFaas does
    QByteArray earlyChunks;          // response chunks that came before their start
    bool headWritten = false;
    bool requestEndSent = false;
    bool endReceived = false; // SyncResponseEnd came before the start
    bool callerGone = false;  // the stream then lives on until the function ends it
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
    void onClientConnected(QWebSocket *socket, QTcpSocket *tcp);
    void onTextMessage(EmulatorConnection *connection, const QString &text);
    void onBinaryMessage(EmulatorConnection *connection, const QByteArray &message);
    void onDisconnected(EmulatorConnection *connection);
    void handleRegister(EmulatorConnection *connection, const SlimFaasProtocol::Envelope &envelope);
    void warnAboutConfiguration(const SlimFaasFunctionConfig &config);
    void warn(const QString &code, const QString &functionName, const QString &message);
    void sendKeepAlive();
    void sendEnvelope(EmulatorConnection *connection, SlimFaasProtocol::MessageType type,
                      const QString &correlationId, const QJsonValue &payload);
    void sendFrame(EmulatorConnection *connection, SlimFaasProtocol::MessageType type,
                   const QString &correlationId, const QByteArray &payload = {}, quint8 flags = 0);
    void reject(EmulatorConnection *connection, const QString &reason);
    // messageExchanged(), only when something is connected to it.
    void observe(const EmulatorConnection *connection, SlimFaasEmulator::MessageDirection direction,
                 bool binary, const QByteArray &message);
    void onHttpRequest(EmulatorHttpExchange *exchange);
    bool handleServerRoute(EmulatorHttpExchange *exchange);
    bool isTrusted(const EmulatorHttpExchange *exchange) const;
    enum class Route { Async, Sync };
    static SlimFaas::Visibility visibilityOf(const SlimFaasFunctionConfig &config,
                                             const QString &path, Route route);
    // The registered function a caller's name designates, as SlimFaas looks it up: exactly,
    // else ignoring case (null when none). SlimFaas then goes on with the caller's spelling.
    const EmulatorFunction *lookUpFunction(const QString &callerName) const;
    static bool sameConfiguration(const SlimFaasFunctionConfig &a, const SlimFaasFunctionConfig &b);
    static EmulatorConnection *selectConnection(EmulatorFunction &function);
    static bool methodHasNoBody(const QString &method);

    // emulatorregistration.cpp
    static std::optional<SlimFaasProtocol::Envelope> readEnvelope(const QByteArray &json,
                                                                  QString *error);
    static std::optional<EmulatorRegistration> readRegistration(const QJsonValue &payload);

    // emulatorasync.cpp
    void handleAsyncRoute(EmulatorHttpExchange *exchange, const QString &functionName,
                          const QString &path);
    void enqueue(EmulatorHttpExchange *exchange, const QString &functionName, const QString &path);
    void dispatch(const QString &functionName);
    void emitQueueLength(const QString &functionName);
    void attempt(EmulatorAsyncItem *item, EmulatorConnection *connection);
    void endWait(EmulatorAsyncItem *item, int statusCode);
    void recordOutcome(EmulatorAsyncItem *item, int statusCode);
    void expireTries(const QString &functionName);
    void handleCallback(EmulatorConnection *connection, const SlimFaasProtocol::Envelope &envelope);
    void handlePublishRoute(EmulatorHttpExchange *exchange, const QString &eventName,
                            const QString &path);
    int inFlight(const QString &functionName) const;

    // emulatorsync.cpp
    void handleSyncRoute(EmulatorHttpExchange *exchange, const QString &functionName,
                         const QString &path);
    void forwardRequestBody(EmulatorSyncStream *stream);
    void failSyncStream(EmulatorSyncStream *stream, const QString &reason, bool sendCancel);
    void writeResponseHead(EmulatorSyncStream *stream);
    void finishSyncStream(EmulatorSyncStream *stream);
    void handleSyncFrame(EmulatorConnection *connection, const SlimFaasProtocol::Frame &frame);
    void closeSyncStream(EmulatorSyncStream *stream);

    SlimFaasEmulator *q_ptr;

    // Settings
    QHostAddress listenAddress = QHostAddress::LocalHost;
    quint16 wantedWebSocketPort = SlimFaasEmulator::DefaultWebSocketPort;
    quint16 wantedHttpPort = SlimFaasEmulator::DefaultHttpPort;
    QStringList kubernetesFunctions;
    int asyncTimeout = SlimFaasEmulator::DefaultAsyncTimeout;
    int callbackTimeout = SlimFaasEmulator::DefaultCallbackTimeout;
    int syncTimeout = SlimFaasEmulator::DefaultSyncTimeout;
    int keepAliveInterval = SlimFaasEmulator::DefaultKeepAliveInterval;
    double retryDelayScale = 1.0;
    QList<QPair<QHostAddress, int>> trustedNetworks; // nobody, as on SlimFaas
    qint64 maximumIncomingMessageSize = SlimFaasEmulator::DefaultMaximumIncomingMessageSize;
    SlimFaasEmulatorLimits limits;

    // Servers
    std::unique_ptr<EmulatorWsEndpoint> wsEndpoint;
    std::unique_ptr<EmulatorHttpServer> httpServer;
    QTimer keepAliveTimer;
    QString errorString;

    // State
    QHash<QWebSocket *, EmulatorConnection *> connections;
    QHash<QString, EmulatorFunction> functions;        // registered, by name
    QHash<QString, QList<EmulatorAsyncItem *>> queues; // waiting async items, by function
    QHash<QString, int> inFlightCounts;                // connection waits for a callback
    // Tried, no final status yet, by function, in the order the tries began: the oldest
    // runs past asyncTimeout first, so a dequeue reads only the tries that expire and one more.
    QHash<QString, QMap<quint64, EmulatorAsyncItem *>> unfinished;
    quint64 triesBegun = 0;
    QSet<QString> dispatching;                        // functions inside dispatch()
    QSet<EmulatorAsyncItem *> retrying;               // waiting for their retry delay
    QHash<QString, EmulatorSyncStream *> syncStreams; // by correlation id
};

#endif // SLIMFAASEMULATOR_P_H
