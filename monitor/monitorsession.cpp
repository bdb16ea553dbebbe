#include "monitorsession.h"

#include "inboxmodel.h"
#include "trafficmodel.h"

#include <messagejson.h>
#include <slimfaasemulator.h>
#include <syncecho.h>

#include <QtCore/qloggingcategory.h>
#include <QtCore/qpointer.h>
#include <QtCore/qtimer.h>

Q_LOGGING_CATEGORY(lcMonitor, "slimfaas.monitor")

namespace {

// SlimFaas's caller-facing port when it is not told otherwise.
constexpr int SlimFaasHttpPort = 5000;

} // namespace

MonitorSession::MonitorSession(TrafficModel *traffic, QObject *parent)
    : QObject(parent),
      m_traffic(traffic),
      m_inbox(new InboxModel(this)),
      m_client(new SlimFaasClient(this))
{
    connect(m_client, &SlimFaasClient::messageReceived, this,
            [this](SlimFaasProtocol::MessageType type, const QString &id, const QByteArray &m) {
                ++m_received;
                record("in", type, id, m);
            });
    connect(m_client, &SlimFaasClient::messageSent, this,
            [this](SlimFaasProtocol::MessageType type, const QString &id, const QByteArray &m) {
                ++m_sent;
                record("out", type, id, m);
            });
    m_client->setAsyncRequestHandler(
            [this](const SlimFaasAsyncRequest &request) { return handleAsync(request); });
    m_client->setSyncRequestHandler([this](SlimFaasSyncRequest *request) { handleSync(request); });

    connect(m_client, &SlimFaasClient::callbackSent, this, [this](const QString &id, int status) {
        removeFromInbox(id, tr("answered %1").arg(status));
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
}

void MonitorSession::disconnectClient()
{
    m_client->close();
    // Whatever close() did not report is gone with the connection all the same.
    for (int row = m_inbox->rowCount() - 1; row >= 0; --row)
        removeFromInbox(m_inbox->idAt(row), tr("connection closed"));
    stopEmulator();
}

bool MonitorSession::startEmbedded(const SlimFaasFunctionConfig &config, quint16 webSocketPort,
                                   quint16 httpPort)
{
    disconnectClient();
    m_emulator = new SlimFaasEmulator(this);
    m_emulator->setListenAddress(QHostAddress::LocalHost);
    m_emulator->setWebSocketPort(webSocketPort);
    m_emulator->setHttpPort(httpPort);
    if (!m_emulator->start()) {
        m_errorString = m_emulator->errorString();
        stopEmulator();
        emit connectionChanged();
        return false;
    }
    m_errorString.clear();
    m_callerUrl = m_emulator->httpUrl();
    m_client->setUrl(m_emulator->webSocketUrl());
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
    m_client->setUrl(url);
    m_client->setFunctionConfig(config);
    m_client->open();
    emit connectionChanged();
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
    delete m_emulator;
    m_emulator = nullptr;
}

void MonitorSession::record(const char *direction, SlimFaasProtocol::MessageType type,
                            const QString &correlationId, const QByteArray &message)
{
    QString error;
    const auto record =
            TrafficRecord::fromJson(describeMessage(direction, type, correlationId, message), &error);
    if (!record) {
        qCWarning(lcMonitor, "message %s not recorded: %s", qPrintable(correlationId),
                  qPrintable(error));
        return;
    }
    m_traffic->append(*record);
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
                case SlimFaasSyncRequest::CancelledByServer:
                    removeFromInbox(id, tr("cancelled by SlimFaas: the stream failed or timed out"));
                    break;
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

void MonitorSession::removeFromInbox(const QString &id, const QString &reason)
{
    if (m_inbox->remove(id))
        emit inboxRequestRemoved(id, reason);
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
