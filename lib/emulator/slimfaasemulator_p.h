// SPDX-License-Identifier: MIT
#ifndef SLIMFAASEMULATOR_P_H
#define SLIMFAASEMULATOR_P_H

//
//  W A R N I N G
//  -------------
// Not part of the public API: the emulator's state, shared by its parts
// (slimfaasemulator.cpp: connections and registration; emulatorasync.cpp: the async queue
// and events; emulatorsync.cpp: sync streams; emulatorincoming.cpp: the bound on what
// functions are still sending).
//

#include "emulatorhttp_p.h"
#include "emulatorlog_p.h"
#include "emulatorwsendpoint_p.h"
#include "slimfaasemulator.h"

#include <QtCore/qelapsedtimer.h>
#include <QtCore/qhash.h>
#include <QtCore/qloggingcategory.h>
#include <QtCore/qmap.h>
#include <QtCore/qpointer.h>
#include <QtCore/qset.h>
#include <QtCore/qtimer.h>

#include <map>
#include <memory>
#include <optional>
#include <vector>

#include <QtNetwork/qtcpsocket.h>

QT_BEGIN_NAMESPACE
class QWebSocket;
QT_END_NAMESPACE

// Who owns what. Each connection, async item and sync stream has one owner, a table of
// SlimFaasEmulatorPrivate keyed by its serial (connections, asyncItems) or correlation id
// (syncStreams); every other table and every object holds that key, looked up again when
// used, so that nothing can point to what another table freed. One function ends each of
// them everywhere: onDisconnected() a connection, finishAsyncItem() an item,
// closeSyncStream() a stream.

// One WebSocket; a virtual pod once registered, under one name or several.
struct EmulatorConnection
{
    quint64 serial = 0;          // its key in SlimFaasEmulatorPrivate::connections
    QPointer<QWebSocket> socket; // a child of the emulator, deleted (later) with the connection
    QString id;                  // 32 hex characters
    int node = 0;                // the node whose WebSocket port accepted it
    QString functionName;        // the name of the last Register accepted
    // The name SlimFaas takes it out of when it closes: the last Register's, even refused
    // (the server sets the connection's name before it checks the registration).
    QString unregisterName;
    QStringList functionNames; // every name it is registered under, first first
    bool registered = false;
    QPointer<QTcpSocket> tcp;                 // under socket: for the keepalive Pong frames
    QHash<QString, quint64> pendingCallbacks; // elementId -> serial of the async item
    QSet<QString> syncStreams;                // correlation ids
    bool sendBlocked = false; // unsent bytes went over a limit: waiting for it to read
    // What it is still sending (emulatorincoming.cpp): the frames of its unfinished message,
    // and that plus its socket's unread bytes, as counted in
    // SlimFaasEmulatorPrivate::incomingHeld.
    qint64 incomingMessage = 0;
    qint64 incomingHeld = 0;
    bool incomingRefused = false; // closed for maximumTotalIncomingBuffer

    // Small messages written while a route sends several (SlimFaasEmulatorPrivate::
    // HeldWrites): they leave together, in one write to the TCP socket.
    QByteArray heldFrames;
    bool holdingWrites = false;

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
    // What SlimFaas accepts here and then fails on at every lookup (a null list or string).
    QStringList breaks = {};
    // A path rule with a null path: accepted, then every call of this function fails.
    bool brokenPaths = false;
};

struct EmulatorFunction
{
    SlimFaasFunctionConfig config;
    QStringList written;        // see EmulatorRegistration
    QList<quint64> connections; // serials, in registration order (twice when registered twice)
    int nextConnection = 0;     // round-robin cursor, moved on by every selection
};

// A queued async request, from its HTTP arrival to its final status. As on SlimFaas, the
// queue's record of a try and the connection's wait for its callback are two things: the
// queue records 504 once asyncTimeout has passed (at a dequeue), the connection keeps
// waiting until callbackTimeout; the item lives until both are over.
struct EmulatorAsyncItem
{
    quint64 serial = 0; // its key in SlimFaasEmulatorPrivate::asyncItems: arrival order
    QString functionName;
    SlimFaasAsyncRequest request; // tryNumber counts attempts made so far
    quint64 connection = 0;       // serial of the connection waiting for its callback, or 0
    QElapsedTimer tryStarted;
    quint64 tryOrder = 0;  // its key in unfinished
    bool finished = false; // the queue recorded its final status
    QTimer timer;          // the connection's wait, then the retry delay
    QTimer tryExpiry;      // the try's asyncTimeout and retry delay, then a dispatch
};

struct EmulatorSyncStream
{
    QString correlationId;
    QString functionName;
    quint64 connection = 0; // serial of its connection; 0 once that has gone
    QPointer<EmulatorHttpExchange> exchange;
    // Its place in SlimFaasEmulatorPrivate::syncDeadlines while it waits for its response
    // start (syncTimeout), see armSyncTimeout().
    std::optional<std::multimap<qint64, QString>::iterator> deadline;
    int statusCode = 0;
    SlimFaasHeaders responseHeaders; // held back until the first body bytes, as SlimFaas does
    QByteArray earlyChunks;          // response chunks that came before their start
    bool headWritten = false;
    bool requestEndSent = false;
    bool endReceived = false; // SyncResponseEnd came before the start
    bool callerGone = false;  // the stream then lives on until the function ends it
    // SlimFaas stopped serving the stream without removing it (its caller left after the
    // response start, or the start could not be copied to the caller): it holds its per-pod
    // slot until the function sends SyncCancel for it or disconnects.
    bool leaked = false;
    std::optional<qint64> contentLength; // the function's, which SlimFaas keeps
    qint64 bodyWritten = 0;              // response bytes given to the caller
};

// One SlimFaas node: its two ports and its own registry. Each SlimFaas process keeps its
// connections and their functions in per-process singletons (Program.cs ~294,
// WebSocketConnectionRegistry, WebSocketFunctionRepository): a node knows only the functions
// connected to it. The async queues are SlimData's, shared: SlimFaasEmulatorPrivate's.
struct EmulatorNode
{
    std::unique_ptr<EmulatorWsEndpoint> wsEndpoint;
    std::unique_ptr<EmulatorHttpServer> httpServer;
    QHash<QString, EmulatorFunction> functions; // registered, with a live connection, by name
    // Names SlimFaas keeps a configuration for with no live connection: a connection that
    // registered under several names is taken out of the last one only, so the others keep it
    // in their replica lists, dead, and their configuration for good.
    QHash<QString, EmulatorRegistration> heldConfigurations;
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
    EmulatorConnection *onClientConnected(QWebSocket *socket, QTcpSocket *tcp, int node = 0);
    // The live connection, item or stream of that key; null when it has gone.
    EmulatorConnection *connection(quint64 serial) const;
    EmulatorAsyncItem *asyncItem(quint64 serial) const;
    EmulatorSyncStream *syncStream(const QString &correlationId) const;
    void onTextMessage(EmulatorConnection *connection, const QString &text);
    void onBinaryMessage(EmulatorConnection *connection, const QByteArray &message);
    // What a function sent, read (once the interceptor, if any, let it through).
    void readText(EmulatorConnection *connection, const QByteArray &json);
    void readBinary(EmulatorConnection *connection, const QByteArray &message);
    // Whether the interceptor keeps (or drops) this message rather than let it through now.
    bool intercepted(const EmulatorConnection *connection,
                     SlimFaasEmulator::MessageDirection direction, bool binary,
                     const QByteArray &message) const;
    void write(EmulatorConnection *connection, bool binary, const QByteArray &message);
    // Whether a message of that size may go to the TCP socket under the connection's
    // QWebSocket as one frame written here (see write()).
    bool writesDirectly(const EmulatorConnection *connection, qsizetype size) const;
    // A message of `size` bytes in one WebSocket frame, its payload written by fill(char *)
    // into the buffer that goes to the TCP socket: at once, or with the held writes.
    template<typename Fill>
    void writeDirectly(EmulatorConnection *connection, bool binary, qsizetype size, Fill fill);
    void releaseHeldWrites(EmulatorConnection *connection);
    // While one lives, the small messages written to a connection are held and leave in one
    // write when it goes (the sync route's three frames: one system call, not three).
    class HeldWrites
    {
    public:
        HeldWrites(SlimFaasEmulatorPrivate *d, EmulatorConnection *connection);
        ~HeldWrites();
        Q_DISABLE_COPY_MOVE(HeldWrites)

    private:
        SlimFaasEmulatorPrivate *m_d;
        quint64 m_connection; // by serial: a slot may close the connection meanwhile
        bool m_outermost;
    };
    void onDisconnected(EmulatorConnection *connection);
    void handleRegister(EmulatorConnection *connection, const SlimFaasProtocol::Envelope &envelope);
    // The configuration a new replica of that name on that node must share: the live
    // function's, else the one the node still holds for a name a closed connection left
    // (nullopt when neither).
    std::optional<EmulatorRegistration> heldConfiguration(int node, const QString &name) const;
    void warnAboutConfiguration(const SlimFaasFunctionConfig &config);
    void warn(const QString &code, const QString &functionName, const QString &message,
              const QString &requestId = QString());
    // An emulator limit was hit (no trap of SlimFaas: a log line only, rate-limited per limit
    // and peer address).
    void warnLimit(const QString &limit, const QString &peer, const QString &message);
    // The peer's address, which the log's rate limits count by.
    static QString peerOf(const EmulatorConnection *connection);
    // What a log line says of a connection: its id and the peer's address and port.
    static QString describePeer(const EmulatorConnection *connection);
    void closeUnregistered(quint64 serial);
    // Bytes written to the connection that its peer has not read yet.
    static qint64 unsentBytes(const EmulatorConnection *connection);
    // Whether more may be written to the connection now (maximumFunctionSendBuffer,
    // maximumTotalSendBuffer); when not, what for is warned about (a limit line naming the
    // peer) and the connection is watched until it has read enough.
    bool maySend(EmulatorConnection *connection, const QString &what);
    // The same, with what for translated (SlimFaasEmulator's context, marked with
    // QT_TRANSLATE_NOOP) only when it is said: a sync body asks for every piece.
    bool maySend(EmulatorConnection *connection, const char *untranslatedWhat);
    // The limit a write to the connection would go past now, or an empty string.
    QString sendLimit(const EmulatorConnection *connection) const;
    void refuseSend(EmulatorConnection *connection, const QString &limit, const QString &what);
    void onConnectionDrained(EmulatorConnection *connection);
    void sendKeepAlive();
    void sendEnvelope(EmulatorConnection *connection, SlimFaasProtocol::MessageType type,
                      const QString &correlationId, const QJsonValue &payload);
    // An envelope already encoded (SlimFaasProtocol::encodeAsyncRequest()).
    void sendEnvelope(EmulatorConnection *connection, SlimFaasProtocol::MessageType type,
                      const QString &correlationId, const QByteArray &json);
    void sendFrame(EmulatorConnection *connection, SlimFaasProtocol::MessageType type,
                   const QString &correlationId, const QByteArray &payload = {}, quint8 flags = 0);
    void reject(EmulatorConnection *connection, const QString &reason);
    SlimFaasEmulator::MessageInterceptor interceptor;
    // messageExchanged(), only when something is connected to it.
    void observe(const EmulatorConnection *connection, SlimFaasEmulator::MessageDirection direction,
                 bool binary, const QByteArray &message);
    // Each request names the node whose HTTP port received it.
    void onHttpRequest(EmulatorHttpExchange *exchange, int node);
    bool handleServerRoute(EmulatorHttpExchange *exchange, int node);
    const EmulatorFunction *statusOf(const QString &functionName, int node, int *connections) const;
    QByteArray functionStatusesJson(int node) const;
    // One function's member of functionStatusesJson(), after a comma when not the first.
    static void appendFunctionStatus(QByteArray *json, const QString &name,
                                     const EmulatorFunction &function, int connections);
    // The emulator-only routes of several nodes: GET /emulator/nodes, POST
    // /emulator/master/<node>. False when the path is neither.
    bool handleNodeRoute(EmulatorHttpExchange *exchange);
    bool isTrusted(const EmulatorHttpExchange *exchange) const;
    enum class Route { Async, Sync };
    static SlimFaas::Visibility visibilityOf(const SlimFaasFunctionConfig &config,
                                             const QString &path, Route route);
    // The start both function routes share, as SlimFaas's handlers begin: the function the
    // caller names (lookUpFunction()), then its visibility for this path and caller: 404 and
    // null when it is unknown or Private to an untrusted caller. On the way, the warnings of
    // the traps the call walks into (another case, repeated slashes). The route goes on with
    // the caller's spelling of the name.
    const EmulatorFunction *beginFunctionRoute(EmulatorHttpExchange *exchange, int node,
                                               const QString &functionName, const QString &path,
                                               Route route);
    // The function registered on the node that a caller's name designates, as SlimFaas looks
    // it up: exactly, else ignoring case (null when none). SlimFaas then goes on with the
    // caller's spelling.
    const EmulatorFunction *lookUpFunction(int node, const QString &callerName) const;
    static bool sameConfiguration(const SlimFaasFunctionConfig &a, const SlimFaasFunctionConfig &b);
    EmulatorConnection *selectConnection(EmulatorFunction &function) const;
    static bool methodHasNoBody(const QString &method);
    // The registry of the connection's node.
    EmulatorNode &nodeOf(const EmulatorConnection *connection)
    {
        return nodes[size_t(connection->node)];
    }
    // The nodes where the function has a connection, in order.
    QList<int> nodesWith(const QString &functionName) const;
    // The warnings of a function reachable from some nodes only, or not from the master's
    // connections: raised when what they say changes (several nodes only).
    void warnAboutNodes(const QString &functionName);
    // A failover to node: the former master's tries abandoned, the queues dispatched again.
    void moveMaster(int node);

    // emulatorincoming.cpp
    // Counts what the connection's peer is still sending (limits.maximumTotalIncomingBuffer).
    void watchIncoming(EmulatorConnection *connection);
    void countIncoming(EmulatorConnection *connection);
    void forgetIncoming(EmulatorConnection *connection); // it has gone

    // emulatorregistration.cpp
    static std::optional<SlimFaasProtocol::Envelope> readEnvelope(const QByteArray &json,
                                                                  QString *error);
    static std::optional<EmulatorRegistration> readRegistration(const QJsonValue &payload,
                                                                QString *unreadable = nullptr);
    static std::optional<SlimFaasProtocol::AsyncCallback> readCallback(const QJsonValue &payload,
                                                                       QString *unreadable);
    // An AsyncCallback message written exactly as SlimFaasClient writes it (its correlation
    // id in *correlationId), read without a JSON parser; nullopt for any other text, which
    // readEnvelope() and readCallback() then read.
    static std::optional<SlimFaasProtocol::AsyncCallback>
    readCanonicalCallback(const QByteArray &json, QString *correlationId);

    // emulatorasync.cpp
    void handleAsyncRoute(EmulatorHttpExchange *exchange, int node, const QString &functionName,
                          const QString &path);
    void enqueue(EmulatorHttpExchange *exchange, const QString &functionName, const QString &path);
    void dispatch(QString functionName); // a copy: see emulatorasync.cpp
    void emitQueueLength(const QString &functionName);
    void attempt(EmulatorAsyncItem *item, EmulatorConnection *connection);
    void endWait(EmulatorAsyncItem *item, int statusCode);
    void recordOutcome(EmulatorAsyncItem *item, int statusCode);
    // The item is over: out of every table, and freed.
    void finishAsyncItem(EmulatorAsyncItem *item);
    void expireTries(const QString &functionName);
    void handleCallback(EmulatorConnection *connection, const SlimFaasProtocol::Envelope &envelope);
    void handleCallback(EmulatorConnection *connection,
                        const SlimFaasProtocol::AsyncCallback &callback);
    void handlePublishRoute(EmulatorHttpExchange *exchange, int node, const QString &eventName,
                            const QString &path);
    int inFlight(const QString &functionName) const;
    void warnAboutParallelism(const EmulatorFunction &function);
    int retryDelay(int tryNumber) const; // after a try, scaled by retryDelayScale
    bool timedOutTryIsAvailable(const QString &functionName) const;

    // emulatorsync.cpp
    void handleSyncRoute(EmulatorHttpExchange *exchange, int node, const QString &functionName,
                         const QString &path);
    void forwardRequestBody(EmulatorSyncStream *stream);
    // The stream fed by that exchange (its route key), when it still is.
    EmulatorSyncStream *syncStreamOf(const EmulatorHttpExchange *exchange) const;
    void onSyncCallerGone(EmulatorHttpExchange *exchange);
    void onSyncBodyTimedOut(EmulatorHttpExchange *exchange);
    // The stream's wait for its response start: syncTimeout from now (again, if it was
    // waiting), over, and what ends it when nothing came.
    void armSyncTimeout(EmulatorSyncStream *stream);
    void disarmSyncTimeout(EmulatorSyncStream *stream);
    void onSyncDeadline();
    void syncTimedOut(const QString &correlationId);
    void failSyncStream(EmulatorSyncStream *stream, const QString &reason, bool sendCancel);
    void finishSyncStream(EmulatorSyncStream *stream);
    void handleSyncFrame(EmulatorConnection *connection, const SlimFaasProtocol::Frame &frame);
    void closeSyncStream(EmulatorSyncStream *stream);
    void startSyncResponse(EmulatorSyncStream *stream, const QByteArray &payload);
    void writeSyncChunk(EmulatorSyncStream *stream, const QByteArray &chunk);
    void leakSyncStream(EmulatorSyncStream *stream, const QString &why);

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
    int registerTimeout = SlimFaasEmulator::DefaultRegisterTimeout;
    QStringList allowedWebSocketOrigins;
    SlimFaasEmulatorLimits limits;
    int wantedNodeCount = 1;

    EmulatorLog log;

    // Servers and registries: one node, or nodeCount() of them once started.
    std::vector<EmulatorNode> nodes = std::vector<EmulatorNode>(1);
    int master = 0;
    bool running = false;
    bool stopping = false; // stop() closes every connection: no node warnings then
    QTimer keepAliveTimer;
    QString errorString;

    // State
    // The owners: connections by serial (the order they opened), async items by serial (the
    // order they arrived), sync streams by correlation id.
    std::map<quint64, std::unique_ptr<EmulatorConnection>> connections;
    std::map<quint64, std::unique_ptr<EmulatorAsyncItem>> asyncItems;
    std::map<QString, std::unique_ptr<EmulatorSyncStream>> syncStreams;
    // The sync streams waiting for their response start, by deadline on syncClock, and the
    // one timer for all of them, running for syncTimerDue (emulatorsync.cpp).
    std::multimap<qint64, QString> syncDeadlines;
    QTimer syncDeadlineTimer;
    QElapsedTimer syncClock;
    qint64 syncTimerDue = 0;
    quint64 connectionsOpened = 0;
    qint64 incomingHeld = 0; // of all connections (emulatorincoming.cpp)
    quint64 asyncItemsArrived = 0;

    QHash<QString, int> connectionNodes; // connection id -> node, until connectionClosed()
    // What the node warnings last said of each function, by code and function name: raised
    // again only when it changes.
    QHash<QString, QString> nodeWarnings;
    QHash<QString, QList<quint64>> queues; // waiting async items, by function
    QHash<QString, int> inFlightCounts;    // connection waits for a callback
    // Tried, no final status yet, by function, in the order the tries began: the oldest
    // runs past asyncTimeout first, so a dequeue reads only the tries that expire and one more.
    QHash<QString, QMap<quint64, quint64>> unfinished; // tryOrder -> item
    quint64 triesBegun = 0;
    QSet<QString> dispatching; // functions inside dispatch()
    QSet<quint64> retrying;    // items waiting for their retry delay
};

#endif // SLIMFAASEMULATOR_P_H
