// SPDX-License-Identifier: MIT
#ifndef MONITORSESSION_H
#define MONITORSESSION_H

#include "answerrules.h"
#include "trafficrecord.h"

#include <slimfaasclient.h>

#include <QtCore/qhash.h>
#include <QtCore/qobject.h>
#include <QtCore/qset.h>
#include <QtCore/qtimer.h>
#include <QtCore/qurl.h>

class FunctionsModel;
class InboxModel;
class Interceptor;
class SlimFaasEmulator;
class TrafficModel;
class WebSocketProxy;

QT_BEGIN_NAMESPACE
class QHostAddress;
QT_END_NAMESPACE

// What the monitor does, without its widgets: one SlimFaasClient registered as a function
// (on an embedded SlimFaasEmulator, or on a real SlimFaas), every message it sends and
// receives recorded in a TrafficModel, requests answered by the auto-answer rules or put
// in the inbox, and the answers a person gives from the inbox sent back. With the embedded
// emulator it also shows every other function connected there (the server view): their
// messages both ways in the TrafficModel, with their function and connection, never
// answered by the monitor, and their connections in functions(). In front of a real SlimFaas
// it can be a proxy instead (startProxy()): it registers nothing, and shows every message
// of every function connection it relays, with its function and connection. With the
// embedded emulator or the proxy, interceptor() holds the messages its rules take.
// Several nodes: the embedded emulator can run several (setEmbeddedNodeCount()), and the
// client then keeps a connection to each; a client given several node URLs keeps them. Every
// message recorded carries the node it went through (TrafficRecord::node(), the node's
// WebSocket URL): the client's currentNode() for the monitor's own messages, the emulator's
// connectionNode() for the others.
// GUI thread only.
class MonitorSession : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QUrl callerUrl READ callerUrl NOTIFY connectionChanged)
public:
    explicit MonitorSession(TrafficModel *traffic, QObject *parent = nullptr);
    ~MonitorSession() override;

    // Starts an emulator on the loopback (port 0: a free one) and registers there. False,
    // with errorString(), when the emulator cannot listen.
    bool startEmbedded(const SlimFaasFunctionConfig &config, quint16 webSocketPort = 0,
                       quint16 httpPort = 0);
    // How many nodes the next startEmbedded() runs (1 by default, at most
    // SlimFaasEmulator::MaximumNodeCount); the client connects to every one of them.
    int embeddedNodeCount() const { return m_embeddedNodeCount; }
    void setEmbeddedNodeCount(int count);
    // The WebSocket URL of each node of the embedded emulator (empty without one), and the
    // name a node has in TrafficRecord::node().
    QList<QUrl> embeddedNodeUrls() const;
    QString embeddedNodeName(int node) const;
    // Whether messages can come through several nodes: the client has several node URLs (or
    // looks every address up), or the embedded emulator runs several nodes.
    bool hasSeveralNodes() const;
    // Registers on a real SlimFaas. callerUrl is where callers reach it over HTTP, used in
    // curl lines; empty means the WebSocket host on SlimFaas's default port 5000. When url
    // is one of the client's node URLs (SlimFaasClient::setNodeUrls()), the client keeps
    // them all; otherwise url becomes its only one.
    void connectTo(const QUrl &url, const SlimFaasFunctionConfig &config,
                   const QUrl &callerUrl = {});

    // Relays functions that connect to ws://address:port/ws to `upstream` (a SlimFaas
    // WebSocket URL), as slimfaas-tap --proxy does, and records their messages; the
    // monitor's own client stays closed. False, with errorString(), when it cannot listen.
    bool startProxy(const QHostAddress &address, quint16 port, const QUrl &upstream);

    SlimFaasClient *client() const { return m_client; }
    // Null unless startProxy() worked.
    WebSocketProxy *proxy() const { return m_proxy; }
    // What functions connect to in proxy mode (empty otherwise).
    QUrl proxyUrl() const { return m_proxyUrl; }
    Interceptor *interceptor() const { return m_interceptor; }
    // Null when connected to a real SlimFaas.
    SlimFaasEmulator *emulator() const { return m_emulator; }
    TrafficModel *traffic() const { return m_traffic; }
    InboxModel *inbox() const { return m_inbox; }
    // The connections of the embedded emulator (empty when connected to a real SlimFaas).
    FunctionsModel *functions() const { return m_functions; }
    QUrl callerUrl() const { return m_callerUrl; }
    void setCallerUrl(const QUrl &url);
    QString errorString() const { return m_errorString; }

    AnswerRules rules() const { return m_rules; }
    void setRules(const AnswerRules &rules) { m_rules = rules; }

    // Requests SlimFaas holds in the function's queue, not delivered yet (waiting for a free
    // slot of NumberParallelRequest); -1 when unknown (a real SlimFaas does not say).
    int queueLength() const { return m_queueLength; }

    qint64 messagesReceived() const { return m_received; }
    qint64 messagesSent() const { return m_sent; }

    // Answers from the inbox. Each returns false when the request is no longer there (or
    // the client refuses the answer; the reason is in the client's errorOccurred()).
    bool answer(const QString &id, int status);
    bool answerSync(const QString &id, int status, const SlimFaasHeaders &headers,
                    const QByteArray &body);
    bool cancelSync(const QString &id);
    void defer(const QString &id);

Q_SIGNALS:
    // The URL, the function or the emulator changed.
    void connectionChanged();
    // A request left the inbox, and why ("answered 200", "connection lost", …).
    void inboxRequestRemoved(const QString &id, const QString &reason);
    // What became of a request that left the inbox is known better now: the embedded
    // emulator recorded, delivered, ignored or flagged its answer. reason replaces the one
    // inboxRequestRemoved() gave.
    void outcomeUpdated(const QString &id, const QString &reason);
    // The server has something to say about this function: an emulator warning (on the
    // request with this id, if it concerns one) or a message it ignored.
    void warningReported(const QString &id, const QString &message);
    void queueLengthChanged(int length);

private:
    void record(TrafficRecord::Direction direction, SlimFaasProtocol::MessageType type,
                const QString &correlationId, const QByteArray &message);
    int handleAsync(const SlimFaasAsyncRequest &request);
    void handleSync(SlimFaasSyncRequest *request);
    void removeFromInbox(const QString &id, const QString &reason, const QString &detail = {});
    // Says what became of an answer that left the inbox as "base — detail".
    void updateOutcome(const QString &id, const QString &detail, bool isWarning);
    void watchEmulator();
    // A message of any connection of the embedded emulator: recorded unless it is the
    // monitor's own client's (recorded by record()).
    void onEmulatorMessage(const QString &connectionId, const QString &functionName,
                           bool toFunction, bool binary, const QByteArray &message);
    void onRequestWarning(const QString &code, const QString &id, const QString &message);
    bool isOwnFunction(const QString &functionName) const;
    // Whether one of the client's node connections is on its way to being registered.
    bool isRegisteringNodes() const;
    void expireSyncRequests();
    void disconnectClient();
    void stopEmulator();
    void stopProxy();
    void onProxyMessage(const QString &connectionId, const QString &functionName, bool toFunction,
                        bool binary, const QByteArray &message);
    // A message of another function than the monitor's own, in the traffic list, under
    // functionName, else the name its Register gives, else knownName, with its connection
    // and node (empty when unknown); returns the name used.
    QString recordWire(const QString &functionName, const QString &knownName,
                       const QString &connection, const QString &node, bool toFunction, bool binary,
                       const QByteArray &message);

    TrafficModel *m_traffic;
    InboxModel *m_inbox;
    FunctionsModel *m_functions;
    SlimFaasClient *m_client;
    SlimFaasEmulator *m_emulator = nullptr;
    WebSocketProxy *m_proxy = nullptr;
    QUrl m_proxyUrl;
    Interceptor *m_interceptor;
    AnswerRules m_rules;
    QUrl m_callerUrl;
    QString m_errorString;
    QUrl m_recordedNode; // the node of the latest message recorded, and its name
    QString m_recordedNodeName;
    qint64 m_received = 0;
    qint64 m_sent = 0;
    int m_queueLength = -1;
    // Requests that left the inbox recently: what was said then, and whether a warning has
    // amended it since (which a later, plainer report does not overwrite).
    struct Outcome
    {
        QString base;
        bool warned = false;
    };
    QHash<QString, Outcome> m_outcomes;
    QList<QString> m_outcomeOrder; // oldest first, to keep m_outcomes bounded
    QSet<QString> m_recorded504;   // async requests the emulator gave up on (504)
    QTimer *m_expiry;
    // The server view. The own client's connections are told from the others by their Register:
    // the bytes the client sent, seen first on the emulator's side as that connection's
    // first message.
    QList<QByteArray> m_ownRegisters;
    QHash<QString, QString> m_ownConnections; // connection id -> node name, one per node
    int m_embeddedNodeCount = 1;
    QHash<QString, QString> m_otherConnections; // connection id -> function name, if known
};

#endif // MONITORSESSION_H
