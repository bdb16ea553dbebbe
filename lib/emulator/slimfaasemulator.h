// SPDX-License-Identifier: MIT
#ifndef SLIMFAASEMULATOR_H
#define SLIMFAASEMULATOR_H

#include "slimfaasemulatorlimits.h"
#include "slimfaasqtemulator_export.h"

#include <slimfaasprotocol.h>

#include <QtCore/qjsonarray.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qobject.h>
#include <QtCore/qpair.h>
#include <QtCore/qscopedpointer.h>
#include <QtCore/qurl.h>
#include <QtNetwork/qhostaddress.h>

#include <functional>

class SlimFaasEmulatorPrivate;

// The SlimFaas side of the WebSocket protocol on one machine (docs/protocol.md), for tests,
// for trying a function locally, and for the monitor: a WebSocket endpoint where functions
// register, and the HTTP routes callers use.
//
//   ws://<address>:<webSocketPort>/ws            functions connect here
//   http://<address>:<httpPort>/async-function/<name>/<path>
//                                /function/<name>/<path>
//                                /publish-event/<event>/<path>
//                                /status-functions, /status-function/<name>
//                                /health, /ready
//                                /emulator/functions          (emulator only, see below)
//                                /emulator/nodes, /emulator/master/<node>   (emulator only)
//
// It behaves as the SlimFaas server does, including where that surprises
// (docs/protocol.md §10): isLastTry true on every try but the fourth, the default retry policy
// whatever the configuration says, async bodies over 1 MiB delivered as null, a try recorded 504
// once asyncTimeout() has passed, path rules matched per route as the server does, names looked up
// ignoring case but queued with the caller's spelling, no SyncCancel when a sync caller leaves and
// its stream's slot never freed once the response has started, messages read with the server's
// strict types (200.0 is no int), the function's Content-Length framing the caller's body,
// Kestrel's limits and header names, nobody trusted unless trustedNetworks() says so. Each surprise
// a function walks into is reported by warningRaised() and logged as a warning.
//
// Emulator-only: the signals, the settings that shorten the server's delays for tests
// (asyncTimeout, callbackTimeout, syncTimeout, retryDelayScale, keepAliveInterval), and the
// GET /emulator/functions route, which answers functionDetails(): what the emulator knows
// beyond SlimFaas's status (pods, queue length, trust, limits). And what a tool left running
// on a developer's desk needs: loopback only by default, WebSocket upgrades from web pages
// refused (allowedWebSocketOrigins), silent sockets closed (registerTimeout), bounded memory
// and descriptors (limits()), and log lines rate-limited with every peer value escaped.
//
// Several nodes (setNodeCount()): SlimFaas runs as several processes, each with its own
// WebSocket and HTTP ports and its own registry of connections, sharing the async queues;
// the emulator runs them in one process, as docs/protocol.md §11 describes the server: a
// node's /function and /async-function routes and events reach the functions connected to
// that node only (404 when it has none), and only the master node dispatches async requests,
// to its own connections. Each node serves every route above, plus GET /emulator/nodes
// (nodeDetails()) and POST /emulator/master/<node> (setMasterNode()). With one node, the
// default, it is one SlimFaas server.
//
// Threads: create and use it from one thread, which runs an event loop; every signal is
// emitted in that thread.
class SLIMFAASQT_EMULATOR_EXPORT SlimFaasEmulator : public QObject
{
    Q_OBJECT
    Q_PROPERTY(bool running READ isRunning NOTIFY runningChanged)

public:
    // The defaults of the settings of the same names, SlimFaas's own.
    static constexpr quint16 DefaultWebSocketPort = 5003;
    static constexpr quint16 DefaultHttpPort = 30021;
    static constexpr int DefaultAsyncTimeout = 120000;
    static constexpr int DefaultCallbackTimeout = 300000;
    static constexpr int DefaultSyncTimeout = 300000;
    static constexpr int DefaultKeepAliveInterval = 30000;
    // Async bodies larger than this are offloaded by SlimFaas and reach the function as null.
    static constexpr qint64 AsyncBodyOffloadThreshold = 1024 * 1024;
    // The default of maximumIncomingMessageSize().
    static constexpr qint64 DefaultMaximumIncomingMessageSize = 64 * 1024 * 1024;
    static constexpr int DefaultRegisterTimeout = 60000;
    // The most nodes setNodeCount() accepts.
    static constexpr int MaximumNodeCount = 64;
    // For the node arguments below: every node together.
    static constexpr int AllNodes = -1;

    // Which way a message went, for messageExchanged().
    enum MessageDirection {
        FromFunction, // received from the function's connection
        ToFunction,   // sent to the function's connection
    };
    Q_ENUM(MessageDirection)

    // What a message interceptor decides for a message (setMessageInterceptor()).
    enum InterceptDecision {
        DeliverNow,  // delivered as if there were no interceptor
        HoldMessage, // kept by the interceptor, which delivers it later with releaseMessage()
        DropMessage, // never delivered (nor reported by messageExchanged())
    };
    Q_ENUM(InterceptDecision)
    // Asked for every WebSocket message of every connection before it is delivered, as
    // messageExchanged() would report it; it must not call back into the emulator.
    using MessageInterceptor = std::function<InterceptDecision(
            const QString &connectionId, const QString &functionName, MessageDirection direction,
            bool binary, const QByteArray &message)>;

    // An emulator with SlimFaas's ports and timings, not started yet.
    explicit SlimFaasEmulator(QObject *parent = nullptr);
    ~SlimFaasEmulator() override;

    // Settings, read by start(): the address both ports listen on, and the ports of
    // setWebSocketPort() and setHttpPort(). A port of 0 picks a free one (see
    // webSocketPort()). QHostAddress::LocalHost, the default address, listens on 127.0.0.1
    // and ::1, so that "localhost" works whichever it resolves to, and nothing else can
    // reach the ports; any other address is taken as it is, and start() logs a warning
    // when it makes the ports reachable from other hosts.
    QHostAddress listenAddress() const;
    void setListenAddress(const QHostAddress &address);
    void setWebSocketPort(quint16 port);
    void setHttpPort(quint16 port);
    // Names that play existing Kubernetes deployments: WebSocket clients may not use them.
    QStringList kubernetesFunctions() const;
    void setKubernetesFunctions(const QStringList &names);
    // The queue's HttpTimeout of a try (120 s on SlimFaas): once passed, the next dequeue of
    // the function's queue records the try as 504, final; a later callback is dropped.
    int asyncTimeout() const;
    void setAsyncTimeout(int msecs);
    // How long a connection waits for a callback (300 s on SlimFaas), holding one of its
    // per-pod slots; the try is recorded 504 when it ends without one.
    int callbackTimeout() const;
    void setCallbackTimeout(int msecs);
    // How long a sync request waits for SyncResponseStart, counted from the end of the
    // request body, before SyncCancel (300 s).
    int syncTimeout() const;
    void setSyncTimeout(int msecs);
    // Multiplies the retry delays ([2, 4, 8] s; 1.0 = as on SlimFaas), so tests can run the
    // schedule in milliseconds.
    double retryDelayScale() const;
    void setRetryDelayScale(double scale);
    // The unsolicited WebSocket Pong frame SlimFaas sends every 30 s (ASP.NET's keepalive);
    // 0 sends none.
    int keepAliveInterval() const;
    void setKeepAliveInterval(int msecs);
    // Callers trusted with Private functions, paths and events, playing in-cluster pods
    // (SlimFaas trusts only the pods of Trusted functions and jobs, never loopback).
    // Empty by default: nobody is trusted.
    QList<QPair<QHostAddress, int>> trustedNetworks() const;
    void setTrustedNetworks(const QList<QPair<QHostAddress, int>> &networks);
    // The largest WebSocket message a function may send, and frame (0: no limit). SlimFaas
    // sets none; the default bounds the emulator's memory. A bigger message closes that
    // connection with close code 1009 and a warning; a bigger frame is refused from its
    // header, before any of it is held. All messages still arriving together are bounded by
    // SlimFaasEmulatorLimits::maximumTotalIncomingBuffer.
    qint64 maximumIncomingMessageSize() const;
    void setMaximumIncomingMessageSize(qint64 bytes);
    // How long a WebSocket may stay open without a successful Register (SlimFaas sets no
    // limit; the default bounds what silent sockets hold): then it is closed with close code
    // 1008 and a warning naming the peer. 0 turns the limit off. Read when a socket opens.
    int registerTimeout() const;
    void setRegisterTimeout(int msecs);
    // Origins a WebSocket upgrade may carry besides loopback ones (http or https on
    // localhost, 127.0.0.0/8 or ::1); "*" allows any. Empty by default: an upgrade from a web
    // page elsewhere is refused with 403 and a warning (SlimFaas accepts any; its clients
    // send no Origin). Read by start().
    QStringList allowedWebSocketOrigins() const;
    void setAllowedWebSocketOrigins(const QStringList &origins);
    // What callers and functions may hold of the emulator (see SlimFaasEmulatorLimits).
    SlimFaasEmulatorLimits limits() const;
    void setLimits(const SlimFaasEmulatorLimits &limits);
    // How many SlimFaas nodes to run, from 1 (the default: one server) to MaximumNodeCount,
    // read by start(). Node k listens on the ports of setWebSocketPort() and setHttpPort()
    // plus k, or on free ones when those are 0; the limits hold per node and port.
    int nodeCount() const;
    void setNodeCount(int count);
    // The node that holds SlimFaas's Raft leadership (0 at first): the only one that
    // dispatches async requests, to its own connections. setMasterNode() moves it (a
    // failover), running or not: the former master drops the tries it was waiting on (their
    // callbacks are then ignored and the queue records them 504 once asyncTimeout() has
    // passed, as SlimFaas does), and the new one dispatches what waits to its connections.
    // False, and nothing changes, when node is not one of nodeCount().
    int masterNode() const;
    bool setMasterNode(int node);
    // What a function sees of a node's process restarting (a SlimFaas pod that restarts keeps
    // its address): every WebSocket connection that node accepted is aborted from the server
    // side, with the handling of any dropped connection (its sync callers get 503, its async
    // tries are retried), and the node forgets the configurations it held; its ports keep
    // listening, so a function reconnects to the same URL. The other nodes, the shared
    // queues and the leadership are untouched. False, and nothing happens, when the emulator
    // does not run or node is not one of its nodes. From the emulator's thread.
    bool restartNode(int node);

    // Holds messages on their way (the monitor's intercept). With an interceptor set, each
    // message to a function is handed to it before it is written to the socket, and each
    // message from a function before the emulator reads it. A held message is the
    // interceptor's: to the function, the emulator goes on as if it had been sent (its
    // timers run: the try's asyncTimeout(), the call's syncTimeout()); from the function, as
    // if it had not arrived yet. messageExchanged() reports it when it is delivered. The
    // interceptor is called in the emulator's thread, synchronously, as the message goes.
    // Null (the default) removes the interceptor: then nothing is asked or paid.
    void setMessageInterceptor(MessageInterceptor interceptor);
    // Delivers a message the interceptor held, as it was or changed: written to the
    // function's connection, or read as if the function had just sent it. False when that
    // connection has closed (the message is then lost, as it would be on the wire).
    bool releaseMessage(const QString &connectionId, MessageDirection direction, bool binary,
                        const QByteArray &message);

    // Listens on both ports; false, with errorString() saying why, if it cannot. stop()
    // closes every connection (callers in flight get their answers first) and isRunning()
    // says which of the two happened last.
    bool start();
    void stop();
    bool isRunning() const;
    QString errorString() const;

    // The bound ports of a node once started (httpPort() for callers; 0 for a node that does
    // not run), and the URLs to give functions (webSocketUrl(), ws://.../ws) and callers
    // (httpUrl()). Node 0 by default.
    quint16 webSocketPort(int node = 0) const;
    quint16 httpPort(int node = 0) const;
    QUrl webSocketUrl(int node = 0) const;
    QUrl httpUrl(int node = 0) const;
    // Emulator only (GET /emulator/nodes on any node): {"master": <node>, "nodes": [{"node",
    // "webSocketUrl", "httpUrl", "master", "connections" (the WebSockets its port accepted,
    // registered or not), "functions": [{"name", "connectionIds"}]}, ...]}.
    QJsonObject nodeDetails() const;
    // The node whose WebSocket port accepted the connection (for the connection signals,
    // messageExchanged() included, and until connectionClosed() has been emitted); -1 when
    // the connection is unknown.
    int connectionNode(const QString &connectionId) const;

    // What GET /status-functions answers on a node, and GET /status-function/<name> (an
    // empty object for a function without connections there): SlimFaas's five fields,
    // nothing more. With AllNodes, the default, every node's connections count (the same with
    // one node).
    QJsonArray functionStatuses(int node = AllNodes) const;
    QJsonObject functionStatus(const QString &functionName, int node = AllNodes) const;
    // Emulator only (GET /emulator/functions, the same on every node): each function's
    // status over every node plus its pods (each with the node it is connected to), queue
    // length, trust and parallelism limits.
    QJsonArray functionDetails() const;
    // The functions with at least one registered connection (on that node).
    QStringList registeredFunctions(int node = AllNodes) const;
    // Every code warningRaised() may carry, each a trap of the real server (README, "What
    // the emulator warns about").
    static QStringList warningCodes();
    // A function's registered connections (replicas(), on that node), and its requests
    // waiting for dispatch (queueLength(), one queue shared by every node).
    int replicas(const QString &functionName, int node = AllNodes) const;
    int queueLength(const QString &functionName) const;

Q_SIGNALS:
    void runningChanged(bool running);
    // setMasterNode() moved the leadership to node.
    void masterNodeChanged(int node);

    // Connections. connectionId is assigned when the WebSocket opens and becomes the
    // function's connectionId if it registers.
    void connectionOpened(const QString &connectionId);
    // A Register was accepted.
    void functionRegistered(const QString &functionName, const QString &connectionId);
    // A Register was refused; reason is the message the function got.
    void registrationRefused(const QString &functionName, const QString &connectionId,
                             const QString &reason);
    // A connection went away (functionName empty if it never registered).
    void connectionClosed(const QString &functionName, const QString &connectionId);

    // Every protocol message in and out (text: the JSON; binary: the whole frame).
    void messageReceived(const QString &connectionId, SlimFaasProtocol::MessageType type,
                         const QString &correlationId, const QByteArray &message);
    void messageSent(const QString &connectionId, SlimFaasProtocol::MessageType type,
                     const QString &correlationId, const QByteArray &message);
    // Every WebSocket message of every connection, both ways, as it is on the wire: text
    // messages (the JSON envelope, UTF-8) and binary ones (the whole frame), received ones
    // before they are decoded, so a message the emulator rejects is seen too. functionName is
    // the name the connection registered under, empty until its Register is accepted (the
    // Register itself carries the name in its JSON; the accepting RegisterResponse is
    // reported under it). The keepalive
    // Pong frames and WebSocket control frames are not messages and are not reported.
    // Emitted in the emulator's thread, synchronously, before the message is handled (from
    // the function) or right after it is written to the socket (to the function): a direct
    // connection sees the messages of one connection in wire order; a receiver in another
    // thread needs a queued connection. Cost: nothing is built or copied for it while
    // nothing is connected; a connected slot gets the bytes the emulator already holds
    // (implicitly shared, not copied).
    void messageExchanged(const QString &connectionId, const QString &functionName,
                          SlimFaasEmulator::MessageDirection direction, bool binary,
                          const QByteArray &message);
    // A message the emulator could not use, and why (it was logged and skipped).
    void messageRejected(const QString &connectionId, const QString &reason);

    // Async requests.
    void asyncRequestQueued(const QString &functionName, const QString &elementId, int queueLength);
    // The number of requests waiting for dispatch changed: one queued, dispatched, or back
    // from its retry delay.
    void queueLengthChanged(const QString &functionName, int queueLength);
    // A try was sent to a connection.
    void asyncRequestDispatched(const QString &functionName, const QString &elementId,
                                const QString &connectionId, int tryNumber, bool isLastTry);
    // A try failed with a retried status (500, 502, 503); the next one starts in delayMsecs.
    void asyncRequestRetryScheduled(const QString &functionName, const QString &elementId,
                                    int statusCode, int nextTryNumber, int delayMsecs);
    // The final outcome: a status the function gave, 504 (no callback in time) or 503.
    void asyncRequestCompleted(const QString &functionName, const QString &elementId,
                               int statusCode, int tryNumber);

    // An event went to deliveries connections (0: the caller got 404).
    void eventPublished(const QString &eventName, int deliveries);

    // Sync calls: one started on a connection, one ended with the function's status, one
    // was cancelled (reason says by whom).
    void syncRequestStarted(const QString &functionName, const QString &correlationId,
                            const QString &connectionId);
    void syncRequestFinished(const QString &functionName, const QString &correlationId,
                             int statusCode);
    void syncRequestCancelled(const QString &functionName, const QString &correlationId,
                              const QString &reason);

    // A function walked into a trap of the real server (docs/protocol.md §10): code is a
    // stable kebab-case name (README, "What the emulator warns about"), message says what will
    // happen in production. functionName is the function concerned, as named by its
    // registration or its caller.
    void warningRaised(const QString &code, const QString &functionName, const QString &message);
    // The same warning when it concerns one request, emitted right after warningRaised():
    // requestId is the async request's elementId or the sync call's correlationId, so that a
    // monitor can show the warning on that request (late-callback, callback-202,
    // sync-cancel-not-sent).
    void requestWarningRaised(const QString &code, const QString &functionName,
                              const QString &requestId, const QString &message);

private:
    Q_DECLARE_PRIVATE(SlimFaasEmulator)
    Q_DISABLE_COPY_MOVE(SlimFaasEmulator)
    QScopedPointer<SlimFaasEmulatorPrivate> d_ptr;
};

#endif // SLIMFAASEMULATOR_H
