// SPDX-License-Identifier: MIT
#include "monitorsession.h"

#include "functionsmodel.h"
#include "inboxmodel.h"
#include "interceptor.h"
#include "trafficmodel.h"

#include <messagejson.h>
#include <proxyoptions.h>
#include <slimfaasemulator.h>
#include <syncecho.h>
#include <websocketproxy.h>

#include <QtCore/qdatetime.h>
#include <QtCore/qloggingcategory.h>
#include <QtCore/qpointer.h>
#include <QtCore/qtimer.h>

Q_LOGGING_CATEGORY(lcMonitor, "slimfaas.monitor")

namespace {

// SlimFaas's caller-facing port when it is not told otherwise.
constexpr int SlimFaasHttpPort = 5000;
// Outcomes remembered for the emulator's later reports about them.
constexpr int MaximumOutcomes = 2000;
// A sync request still in the inbox this long after SlimFaas's limit was given up on by
// SlimFaas without a word (its caller left): it leaves the inbox as expired.
constexpr int SyncExpiryGraceMsecs = 2000;

} // namespace

MonitorSession::MonitorSession(TrafficModel *traffic, QObject *parent)
    : QObject(parent), m_traffic(traffic), m_inbox(new InboxModel(this)),
      m_functions(new FunctionsModel(this)), m_client(new SlimFaasClient(this)),
      m_interceptor(new Interceptor(this)), m_expiry(new QTimer(this))
{
    connect(m_interceptor, &Interceptor::released, this,
            [this](const HeldMessage &held, const QString &outcome) {
                m_traffic->appendNote(
                        held.correlationId,
                        tr("intercepted %1 s: %2").arg(held.held.elapsed() / 1000).arg(outcome));
            });
    m_expiry->setInterval(1000);
    connect(m_expiry, &QTimer::timeout, this, &MonitorSession::expireSyncRequests);
    m_expiry->start();
    connect(m_client, &SlimFaasClient::messageReceived, this,
            [this](SlimFaasProtocol::MessageType type, const QString &id, const QByteArray &m) {
                ++m_received;
                record(TrafficRecord::In, type, id, m);
            });
    connect(m_client, &SlimFaasClient::messageSent, this,
            [this](SlimFaasProtocol::MessageType type, const QString &id, const QByteArray &m) {
                ++m_sent;
                if (m_emulator && type == SlimFaasProtocol::MessageType::Register) {
                    // Only the latest few can still be on their way to the emulator.
                    if (m_ownRegisters.size() >= 4 * m_emulator->nodeCount())
                        m_ownRegisters.removeFirst();
                    m_ownRegisters.append(m);
                }
                record(TrafficRecord::Out, type, id, m);
            });
    m_client->setAsyncRequestHandler(
            [this](const SlimFaasAsyncRequest &request) { return handleAsync(request); });
    m_client->setSyncRequestHandler([this](SlimFaasSyncRequest *request) { handleSync(request); });

    connect(m_client, &SlimFaasClient::callbackSent, this, [this](const QString &id, int status) {
        // Past the queue's HttpTimeout the answer counts only if nothing was dequeued
        // meanwhile (docs/protocol.md §4): say so, whatever the server does with it later.
        const int row = m_inbox->rowOf(id);
        const qint64 lateAfter = m_emulator ? m_emulator->asyncTimeout()
                                            : qint64(InboxModel::SafeAsyncSecs) * 1000;
        const bool late = row >= 0 && m_inbox->waitedMsecs(row) >= lateAfter;
        removeFromInbox(id, tr("answered %1").arg(status),
                        late ? tr("late: SlimFaas may drop it (504)") : QString());
    });
    connect(m_client, &SlimFaasClient::asyncRequestsAbandoned, this,
            [this](const QList<SlimFaasAsyncRequest> &requests) {
                for (const SlimFaasAsyncRequest &request : requests)
                    removeFromInbox(request.elementId(),
                                    tr("connection lost: SlimFaas answers it 503 and sends it "
                                       "again"));
            });
    connect(m_client, &SlimFaasClient::asyncRequestExpired, this,
            [this](const SlimFaasAsyncRequest &request) {
                removeFromInbox(request.elementId(),
                                tr("expired: SlimFaas stopped waiting and recorded 504"));
            });
    connect(m_client, &SlimFaasClient::callbackRefused, this,
            [this](const QString &id, SlimFaasClient::CallbackRefusal, const QString &message) {
                m_traffic->annotate(id, tr("answer refused: %1").arg(message));
                const QString reason = tr("answer refused by the client: %1").arg(message);
                if (m_inbox->rowOf(id) >= 0)
                    m_inbox->setWarning(id, reason);
                emit warningReported(id, reason);
            });
    connect(m_client, &SlimFaasClient::errorOccurred, this,
            [](SlimFaasClient::Error, const QString &message) {
                qCWarning(lcMonitor, "%s", qPrintable(message));
            });
}

MonitorSession::~MonitorSession()
{
    // The client first: its goodbyes still reach a living emulator and inbox.
    m_client->close();
    m_interceptor->detach();
    stopProxy();
}

void MonitorSession::disconnectClient()
{
    m_client->close();
    // Whatever close() did not report is gone with the connection all the same.
    for (int row = m_inbox->rowCount() - 1; row >= 0; --row)
        removeFromInbox(m_inbox->idAt(row), tr("connection closed"));
    m_interceptor->detach();
    stopEmulator();
    stopProxy();
}

bool MonitorSession::startEmbedded(const SlimFaasFunctionConfig &config, quint16 webSocketPort,
                                   quint16 httpPort)
{
    disconnectClient();
    m_emulator = new SlimFaasEmulator(this);
    m_emulator->setNodeCount(m_embeddedNodeCount);
    m_emulator->setWebSocketPort(webSocketPort);
    m_emulator->setHttpPort(httpPort);
    if (!m_emulator->start()) {
        m_errorString = m_emulator->errorString();
        stopEmulator();
        emit connectionChanged();
        return false;
    }
    m_errorString.clear();
    watchEmulator();
    m_interceptor->attach(m_emulator);
    m_callerUrl = m_emulator->httpUrl();
    // One connection to each node, as a function that reaches every node has.
    m_client->setNodeUrls(embeddedNodeUrls());
    m_client->setFunctionConfig(config);
    m_client->open();
    emit connectionChanged();
    return true;
}

void MonitorSession::connectTo(const QUrl &url, const SlimFaasFunctionConfig &config,
                               const QUrl &callerUrl)
{
    disconnectClient();
    m_errorString.clear();
    m_callerUrl = callerUrl;
    if (m_callerUrl.isEmpty()) {
        m_callerUrl.setScheme(url.scheme() == QLatin1String("wss") ? QStringLiteral("https")
                                                                   : QStringLiteral("http"));
        m_callerUrl.setHost(url.host());
        m_callerUrl.setPort(SlimFaasHttpPort);
    }
    if (!m_client->nodeUrls().contains(url))
        m_client->setUrl(url);
    m_client->setFunctionConfig(config);
    m_client->open();
    emit connectionChanged();
}

void MonitorSession::setEmbeddedNodeCount(int count)
{
    m_embeddedNodeCount = qBound(1, count, SlimFaasEmulator::MaximumNodeCount);
}

QList<QUrl> MonitorSession::embeddedNodeUrls() const
{
    QList<QUrl> urls;
    for (int node = 0; m_emulator && node < m_emulator->nodeCount(); ++node)
        urls.append(m_emulator->webSocketUrl(node));
    return urls;
}

QString MonitorSession::embeddedNodeName(int node) const
{
    return m_emulator && node >= 0 ? m_emulator->webSocketUrl(node).toString() : QString();
}

bool MonitorSession::hasSeveralNodes() const
{
    return m_client->nodes().size() > 1 || m_client->everyAddress()
            || (m_emulator && m_emulator->nodeCount() > 1);
}

bool MonitorSession::startProxy(const QHostAddress &address, quint16 port, const QUrl &upstream)
{
    disconnectClient();
    m_proxy = new WebSocketProxy(this);
    m_proxy->setUpstream(upstream);
    if (!m_proxy->listen(address, port)) {
        m_errorString = m_proxy->errorString();
        stopProxy();
        emit connectionChanged();
        return false;
    }
    m_errorString.clear();
    m_proxyUrl = ProxyEndpoints::functionUrl(*m_proxy, address);
    m_callerUrl.clear();
    m_callerUrl.setScheme(upstream.scheme() == QLatin1String("wss") ? QStringLiteral("https")
                                                                    : QStringLiteral("http"));
    m_callerUrl.setHost(upstream.host());
    m_callerUrl.setPort(SlimFaasHttpPort);
    m_client->setUrl(upstream);
    connect(m_proxy, &WebSocketProxy::messageRelayed, this,
            [this](const QString &connectionId, const QString &functionName,
                   WebSocketProxy::Direction direction, bool binary, const QByteArray &message) {
                onProxyMessage(connectionId, functionName, direction == WebSocketProxy::ToFunction,
                               binary, message);
            });
    connect(m_proxy, &WebSocketProxy::warningRaised, this,
            [this](const QString &, const QString &message) { emit warningReported({}, message); });
    m_interceptor->attach(m_proxy);
    emit connectionChanged();
    return true;
}

void MonitorSession::stopProxy()
{
    if (!m_proxy)
        return;
    m_proxy->close();
    delete m_proxy;
    m_proxy = nullptr;
    m_proxyUrl.clear();
}

void MonitorSession::onProxyMessage(const QString &connectionId, const QString &functionName,
                                    bool toFunction, bool binary, const QByteArray &message)
{
    ++(toFunction ? m_received : m_sent);
    recordWire(functionName, {}, connectionId, {}, toFunction, binary, message);
}

void MonitorSession::setCallerUrl(const QUrl &url)
{
    m_callerUrl = url;
    emit connectionChanged();
}

void MonitorSession::stopEmulator()
{
    if (!m_emulator)
        return;
    m_emulator->stop();
    m_functions->setEmulator(nullptr);
    delete m_emulator;
    m_emulator = nullptr;
    m_ownRegisters.clear();
    m_ownConnections.clear();
    m_otherConnections.clear();
    if (m_queueLength != -1) {
        m_queueLength = -1;
        emit queueLengthChanged(m_queueLength);
    }
}

bool MonitorSession::isRegisteringNodes() const
{
    for (const QUrl &node : m_client->nodes()) {
        const SlimFaasClient::State state = m_client->nodeState(node);
        if (state == SlimFaasClient::Connecting || state == SlimFaasClient::Registering)
            return true;
    }
    return false;
}

bool MonitorSession::isOwnFunction(const QString &functionName) const
{
    // SlimFaas looks names up ignoring case (docs/protocol.md §10).
    return functionName.compare(m_client->functionConfig().functionName(), Qt::CaseInsensitive)
            == 0;
}

// What only the embedded emulator knows, shown where the operator looks: on the request,
// in its outcome, in the status bar.
void MonitorSession::watchEmulator()
{
    static const QStringList requestCodes
            = { QStringLiteral("late-callback"), QStringLiteral("callback-202"),
                QStringLiteral("sync-cancel-not-sent") };
    m_functions->setEmulator(m_emulator);
    connect(m_emulator, &SlimFaasEmulator::messageExchanged, this,
            [this](const QString &connectionId, const QString &functionName,
                   SlimFaasEmulator::MessageDirection direction, bool binary,
                   const QByteArray &message) {
                onEmulatorMessage(connectionId, functionName,
                                  direction == SlimFaasEmulator::ToFunction, binary, message);
            });
    connect(m_emulator, &SlimFaasEmulator::connectionClosed, this,
            [this](const QString &, const QString &connectionId) {
                m_otherConnections.remove(connectionId);
                m_ownConnections.remove(connectionId);
            });
    connect(m_emulator, &SlimFaasEmulator::requestWarningRaised, this,
            [this](const QString &code, const QString &function, const QString &id,
                   const QString &message) {
                if (isOwnFunction(function))
                    onRequestWarning(code, id, message);
            });
    connect(m_emulator, &SlimFaasEmulator::warningRaised, this,
            [this](const QString &code, const QString &function, const QString &message) {
                if (!isOwnFunction(function) || requestCodes.contains(code))
                    return;
                // While the monitor's own connections are still registering node after node,
                // "not on every node" is only the way there.
                if (code.startsWith(QLatin1String("function-not-on-")) && isRegisteringNodes())
                    return;
                emit warningReported(QString(), message);
            });
    connect(m_emulator, &SlimFaasEmulator::messageRejected, this,
            [this](const QString &connectionId, const QString &reason) {
                if (!m_ownConnections.contains(connectionId)
                    && connectionId != m_client->connectionId())
                    return;
                // "frame … for unknown stream <id> ignored", "callback for unknown element
                // <id> dropped": an answer that reached nobody.
                for (auto it = m_outcomes.constBegin(); it != m_outcomes.constEnd(); ++it) {
                    if (reason.contains(it.key())) {
                        updateOutcome(it.key(), tr("ignored by SlimFaas: %1").arg(reason), true);
                        emit warningReported(it.key(), reason);
                        return;
                    }
                }
                emit warningReported(QString(), tr("SlimFaas ignored a message: %1").arg(reason));
            });
    connect(m_emulator, &SlimFaasEmulator::queueLengthChanged, this,
            [this](const QString &function, int length) {
                if (!isOwnFunction(function) || length == m_queueLength)
                    return;
                m_queueLength = length;
                emit queueLengthChanged(length);
            });
    connect(m_emulator, &SlimFaasEmulator::asyncRequestCompleted, this,
            [this](const QString &function, const QString &id, int status, int) {
                if (!isOwnFunction(function))
                    return;
                if (status == 504) {
                    if (m_recorded504.size() >= MaximumOutcomes)
                        m_recorded504.clear();
                    m_recorded504.insert(id);
                    // Its try is over: SlimFaas drops any answer to it from here on.
                    if (m_inbox->rowOf(id) >= 0)
                        removeFromInbox(id, tr("expired"),
                                        tr("SlimFaas recorded 504 and drops any answer now"));
                }
                updateOutcome(id, tr("recorded %1 by SlimFaas").arg(status), false);
            });
    connect(m_emulator, &SlimFaasEmulator::asyncRequestRetryScheduled, this,
            [this](const QString &function, const QString &id, int, int nextTry, int delay) {
                if (isOwnFunction(function))
                    updateOutcome(id,
                                  tr("SlimFaas sends it again in %1 s (try %2)")
                                          .arg(delay / 1000.0, 0, 'f', delay < 1000 ? 2 : 0)
                                          .arg(nextTry),
                                  false);
            });
    connect(m_emulator, &SlimFaasEmulator::syncRequestFinished, this,
            [this](const QString &function, const QString &id, int) {
                if (isOwnFunction(function))
                    updateOutcome(id, tr("delivered to the caller"), false);
            });
}

void MonitorSession::onRequestWarning(const QString &code, const QString &id,
                                      const QString &message)
{
    emit warningReported(id, message);
    if (m_inbox->rowOf(id) >= 0) {
        m_inbox->setWarning(id, message);
        m_traffic->appendNote(id, tr("warning: %1").arg(code));
        if (code == QLatin1String("sync-cancel-not-sent")) {
            // Nobody reads an answer any more, and SlimFaas forgot the stream: not one to
            // answer. The request object stays with the client until the connection ends.
            removeFromInbox(id, tr("caller gone"),
                            tr("SlimFaas ignores any answer to it (and sends no SyncCancel)"));
            m_traffic->appendNote(id, tr("caller gone"));
        }
        return;
    }
    if (code == QLatin1String("late-callback"))
        updateOutcome(id,
                      m_recorded504.contains(id) ? tr("dropped: SlimFaas had recorded 504 already")
                                                 : tr("late: SlimFaas may drop it (504)"),
                      true);
    else if (code == QLatin1String("callback-202"))
        updateOutcome(id, tr("never recorded: the request ends as 504"), true);
    else if (code == QLatin1String("sync-cancel-not-sent"))
        updateOutcome(id, tr("ignored: the caller had gone"), true);
}

void MonitorSession::updateOutcome(const QString &id, const QString &detail, bool isWarning)
{
    const auto it = m_outcomes.find(id);
    if (it == m_outcomes.end() || (it->warned && !isWarning))
        return;
    it->warned = it->warned || isWarning;
    if (isWarning)
        m_traffic->appendNote(id, detail);
    emit outcomeUpdated(id, tr("%1 — %2").arg(it->base, detail));
}

void MonitorSession::expireSyncRequests()
{
    const qint64 limit
            = (m_emulator ? m_emulator->syncTimeout() : qint64(InboxModel::MaximumWaitSecs) * 1000)
            + SyncExpiryGraceMsecs;
    for (int row = m_inbox->rowCount() - 1; row >= 0; --row) {
        if (m_inbox->isSync(row) && m_inbox->waitedMsecs(row) >= limit)
            removeFromInbox(m_inbox->idAt(row), tr("expired"),
                            tr("SlimFaas stopped waiting for an answer after %1 s")
                                    .arg((limit - SyncExpiryGraceMsecs) / 1000));
    }
}

void MonitorSession::record(TrafficRecord::Direction direction, SlimFaasProtocol::MessageType type,
                            const QString &correlationId, const QByteArray &message)
{
    TrafficRecord kept = TrafficRecord::fromMessage(direction, type, correlationId, message,
                                                    QDateTime::currentMSecsSinceEpoch());
    kept.setFunction(m_client->functionConfig().functionName());
    // The node whose connection carried it (the client says while it emits the signal); its
    // name is made again only when it changes.
    const QUrl nodeUrl = m_client->currentNode();
    if (nodeUrl != m_recordedNode || m_recordedNodeName.isNull()) {
        m_recordedNode = nodeUrl;
        m_recordedNodeName = nodeUrl.toString();
    }
    const QString &node = m_recordedNodeName;
    kept.setNode(node);
    if (m_emulator) {
        if (const QString own = m_ownConnections.key(node); !own.isEmpty())
            kept.setConnection(FunctionsModel::podNameOf(own));
    } else {
        kept.setConnection(node.isEmpty() ? m_client->connectionId()
                                          : m_client->nodeConnectionId(nodeUrl));
    }
    m_traffic->append(kept);
}

void MonitorSession::onEmulatorMessage(const QString &connectionId, const QString &functionName,
                                       bool toFunction, bool binary, const QByteArray &message)
{
    if (m_ownConnections.contains(connectionId))
        return;
    auto other = m_otherConnections.find(connectionId);
    if (other == m_otherConnections.end()) {
        // A connection's first message (the emulator speaks only after the Register).
        if (!toFunction && !binary && m_ownRegisters.removeOne(message)) {
            m_ownConnections.insert(connectionId,
                                    embeddedNodeName(m_emulator->connectionNode(connectionId)));
            m_functions->addOwnConnection(connectionId);
            return;
        }
        other = m_otherConnections.insert(connectionId, QString());
    }
    // Named by its Register before the emulator accepts it (or refuses it).
    other.value() = recordWire(functionName, other.value(), FunctionsModel::podNameOf(connectionId),
                               embeddedNodeName(m_emulator->connectionNode(connectionId)),
                               toFunction, binary, message);
}

QString MonitorSession::recordWire(const QString &functionName, const QString &knownName,
                                   const QString &connection, const QString &node, bool toFunction,
                                   bool binary, const QByteArray &message)
{
    const QJsonObject line = describeWireMessage(toFunction ? "in" : "out", binary, message);
    QString function = functionName;
    if (function.isEmpty()
        && line.value(QLatin1String("typeCode")).toInt()
                == int(SlimFaasProtocol::MessageType::Register))
        function = line.value(QLatin1String("payload"))
                           .toObject()
                           .value(QLatin1String("functionName"))
                           .toString();
    if (function.isEmpty())
        function = knownName;
    QString error;
    auto record = TrafficRecord::fromJson(line, &error);
    if (!record) {
        qCWarning(lcMonitor, "message of connection %s not recorded: %s", qPrintable(connection),
                  qPrintable(error));
        return function;
    }
    record->setFunction(function);
    record->setConnection(connection);
    record->setNode(node);
    m_traffic->append(*record);
    return function;
}

int MonitorSession::handleAsync(const SlimFaasAsyncRequest &request)
{
    const int index = m_rules.match(request.method(), request.path(), AnswerRule::AsyncRequest);
    const AnswerRule rule = m_rules.rule(index);
    m_traffic->annotate(request.elementId(), m_rules.describe(index));
    switch (rule.action) {
    case AnswerRule::AnswerStatus:
        return rule.status;
    case AnswerRule::Echo:
        return 200; // an async caller gets no body back: echo means "done"
    case AnswerRule::DelayThenStatus: {
        const QString id = request.elementId();
        const int status = rule.status;
        QTimer::singleShot(rule.delayMsecs, this,
                           [this, id, status] { m_client->sendCallback(id, status); });
        return SlimFaasClient::DeferredStatus;
    }
    case AnswerRule::AskMe:
        break;
    }
    m_inbox->addAsync(request);
    return SlimFaasClient::DeferredStatus;
}

void MonitorSession::handleSync(SlimFaasSyncRequest *request)
{
    // The application owns a sync request: free it once it has ended, whoever ends it.
    connect(request, &SlimFaasSyncRequest::finished, request, &QObject::deleteLater);
    connect(request, &SlimFaasSyncRequest::cancelled, request, &QObject::deleteLater);
    const int index = m_rules.match(request->method(), request->path(), AnswerRule::SyncRequest);
    const AnswerRule rule = m_rules.rule(index);
    m_traffic->annotate(request->correlationId(), m_rules.describe(index));
    switch (rule.action) {
    case AnswerRule::AnswerStatus:
        request->respond(rule.status);
        return;
    case AnswerRule::Echo:
        echoSyncRequest(request);
        return;
    case AnswerRule::DelayThenStatus: {
        const QPointer<SlimFaasSyncRequest> later(request);
        const int status = rule.status;
        QTimer::singleShot(rule.delayMsecs, this, [later, status] {
            if (later)
                later->respond(status);
        });
        return;
    }
    case AnswerRule::AskMe:
        break;
    }
    const QString id = request->correlationId();
    connect(request, &SlimFaasSyncRequest::finished, this, [this, id, request] {
        removeFromInbox(id, tr("answered %1").arg(request->responseStatus()));
    });
    connect(request, &SlimFaasSyncRequest::cancelled, this,
            [this, id](SlimFaasSyncRequest::CancelReason reason) {
                switch (reason) {
                case SlimFaasSyncRequest::CancelledByServer: {
                    // At the server's limit it is the timeout, sooner a failed stream. The
                    // server's clock started a little earlier, when the body ended there.
                    const int row = m_inbox->rowOf(id);
                    const qint64 limit = m_emulator ? m_emulator->syncTimeout()
                                                    : qint64(InboxModel::MaximumWaitSecs) * 1000;
                    const qint64 margin = qMin<qint64>(1000, limit / 2);
                    if (row >= 0 && m_inbox->waitedMsecs(row) >= limit - margin)
                        removeFromInbox(id, tr("expired"),
                                        tr("SlimFaas stopped waiting for an answer after %1 s "
                                           "and cancelled the call")
                                                .arg(limit / 1000.0, 0, 'f', limit < 1000 ? 1 : 0));
                    else
                        removeFromInbox(id,
                                        tr("cancelled by SlimFaas: the stream failed or "
                                           "timed out"));
                    break;
                }
                case SlimFaasSyncRequest::ConnectionLost:
                    removeFromInbox(id, tr("connection lost: the caller got an error"));
                    break;
                case SlimFaasSyncRequest::CancelledByApplication:
                    removeFromInbox(id, tr("cancelled from the inbox"));
                    break;
                case SlimFaasSyncRequest::ClientDestroyed:
                    break; // the session is going away with its client
                }
            });
    m_inbox->addSync(request);
}

void MonitorSession::removeFromInbox(const QString &id, const QString &reason,
                                     const QString &detail)
{
    if (!m_inbox->remove(id))
        return;
    if (!m_outcomes.contains(id)) {
        m_outcomeOrder.append(id);
        while (m_outcomeOrder.size() > MaximumOutcomes)
            m_outcomes.remove(m_outcomeOrder.takeFirst());
    }
    m_outcomes.insert(id, { reason, !detail.isEmpty() });
    if (!detail.isEmpty())
        m_traffic->appendNote(id, detail);
    emit inboxRequestRemoved(id, detail.isEmpty() ? reason : tr("%1 — %2").arg(reason, detail));
}

bool MonitorSession::answer(const QString &id, int status)
{
    const int row = m_inbox->rowOf(id);
    if (row < 0 || m_inbox->isSync(row))
        return false;
    m_traffic->annotate(id, tr("by hand: %1").arg(status));
    // callbackSent() takes it out of the inbox.
    return m_client->sendCallback(id, status);
}

bool MonitorSession::answerSync(const QString &id, int status, const SlimFaasHeaders &headers,
                                const QByteArray &body)
{
    SlimFaasSyncRequest *request = m_inbox->syncRequest(m_inbox->rowOf(id));
    if (!request)
        return false;
    m_traffic->annotate(id, tr("by hand: %1").arg(status));
    // finished() takes it out of the inbox.
    return request->respond(status, headers, body);
}

bool MonitorSession::cancelSync(const QString &id)
{
    SlimFaasSyncRequest *request = m_inbox->syncRequest(m_inbox->rowOf(id));
    if (!request)
        return false;
    m_traffic->annotate(id, tr("cancelled by hand"));
    request->cancel();
    return true;
}

void MonitorSession::defer(const QString &id)
{
    m_inbox->setDeferred(id, true);
}
