// SPDX-License-Identifier: MIT
#include "statuspanel.h"

#include "inboxmodel.h"
#include "monitorsession.h"
#include "nodesview.h"
#include "rategraph.h"

#include <websocketproxy.h>

#include <QtWidgets/qgridlayout.h>
#include <QtWidgets/qlabel.h>

namespace {

QString duration(qint64 msecs)
{
    const qint64 secs = msecs / 1000;
    return QStringLiteral("%1:%2:%3")
            .arg(secs / 3600, 2, 10, QLatin1Char('0'))
            .arg((secs / 60) % 60, 2, 10, QLatin1Char('0'))
            .arg(secs % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

StatusPanel::StatusPanel(MonitorSession *session, QWidget *parent)
    : QFrame(parent), m_session(session), m_state(new QLabel(this)), m_detail(new QLabel(this)),
      m_counters(new QLabel(this)), m_graph(new RateGraph(this)),
      m_nodes(new NodesView(session, this))
{
    setFrameShape(QFrame::StyledPanel);
    m_state->setObjectName(QStringLiteral("stateLabel"));
    m_detail->setObjectName(QStringLiteral("detailLabel"));
    m_counters->setObjectName(QStringLiteral("countersLabel"));
    m_state->setMinimumWidth(fontMetrics().horizontalAdvance(QLatin1Char('x')) * 18);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_detail->setWordWrap(true);
    QFont bold = m_state->font();
    bold.setBold(true);
    m_state->setFont(bold);

    // State, counters and graph on the first line; the details, which can be long (a
    // refusal reason, a URL), get the whole second line.
    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    layout->addWidget(m_state, 0, 0);
    layout->addWidget(m_counters, 0, 1, Qt::AlignRight);
    layout->addWidget(m_graph, 0, 2, 2, 1);
    layout->addWidget(m_detail, 1, 0, 1, 2);
    layout->addWidget(m_nodes, 2, 0, 1, 3);
    layout->setColumnStretch(1, 1);

    SlimFaasClient *client = session->client();
    connect(client, &SlimFaasClient::stateChanged, this, &StatusPanel::updateConnectedTime);
    connect(client, &SlimFaasClient::connectionIdChanged, this, &StatusPanel::refresh);
    connect(client, &SlimFaasClient::ready, this, [this] {
        m_connectedFor.start();
        m_refusal.clear();
        refresh();
    });
    connect(client, &SlimFaasClient::registrationRefused, this, [this](const QString &reason) {
        m_refusal = reason;
        refresh();
    });
    connect(client, &SlimFaasClient::reconnectScheduled, this, [this](int delay, int attempt) {
        m_reconnectAt.setRemainingTime(delay);
        m_reconnectAttempt = attempt;
        refresh();
    });
    connect(session, &MonitorSession::connectionChanged, this, [this] {
        m_refusal.clear();
        refresh();
    });
    connect(session->inbox(), &InboxModel::countChanged, this, &StatusPanel::refresh);
    connect(session, &MonitorSession::queueLengthChanged, this, &StatusPanel::refresh);

    m_sinceSample.start();
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, [this] {
        const qint64 total = m_session->messagesReceived() + m_session->messagesSent();
        const qint64 elapsed = qMax<qint64>(1, m_sinceSample.restart());
        m_rate = double(total - m_lastTotal) * 1000.0 / double(elapsed);
        m_graph->addSample(m_rate);
        m_lastTotal = total;
        refresh();
    });
    m_tick.start();
    refresh();
}

void StatusPanel::updateConnectedTime()
{
    if (m_session->client()->state() != SlimFaasClient::Ready)
        m_connectedFor.invalidate();
    refresh();
}

QString StatusPanel::stateText() const
{
    if (m_session->proxy())
        return tr("Proxy");
    return stateName(m_session->client()->state());
}

QString StatusPanel::stateName(SlimFaasClient::State state)
{
    switch (state) {
    case SlimFaasClient::Disconnected:
        return tr("Disconnected");
    case SlimFaasClient::Connecting:
        return tr("Connecting…");
    case SlimFaasClient::Registering:
        return tr("Registering…");
    case SlimFaasClient::Ready:
        return tr("Ready");
    case SlimFaasClient::WaitingToReconnect:
        return tr("Waiting to reconnect");
    case SlimFaasClient::Refused:
        return tr("Refused");
    }
    return {};
}

QString StatusPanel::detailText() const
{
    const SlimFaasClient *client = m_session->client();
    QStringList parts;
    if (const WebSocketProxy *proxy = m_session->proxy()) {
        parts << tr("functions connect to %1").arg(m_session->proxyUrl().toString());
        parts << tr("relayed to %1").arg(proxy->upstream().toString());
        parts << tr("%n connection(s)", nullptr, proxy->connectionCount());
        return parts.join(QStringLiteral(" · "));
    }
    parts << tr("function %1").arg(client->functionConfig().functionName());
    parts << (m_session->emulator() ? tr("embedded emulator %1").arg(client->url().toString())
                                    : client->url().toString());
    switch (client->state()) {
    case SlimFaasClient::Ready:
        parts << tr("connection %1").arg(client->connectionId());
        if (m_connectedFor.isValid())
            parts << tr("connected for %1").arg(duration(m_connectedFor.elapsed()));
        break;
    case SlimFaasClient::WaitingToReconnect:
        parts << tr("reconnecting in %1 s (attempt %2)")
                         .arg((m_reconnectAt.remainingTime() + 999) / 1000)
                         .arg(m_reconnectAttempt);
        if (!client->errorString().isEmpty())
            parts << client->errorString();
        break;
    case SlimFaasClient::Refused:
        parts << tr("refused: %1").arg(m_refusal.isEmpty() ? client->errorString() : m_refusal);
        break;
    default:
        if (!m_session->errorString().isEmpty())
            parts << m_session->errorString();
        break;
    }
    if (client->state() == SlimFaasClient::WaitingToReconnect && !m_refusal.isEmpty())
        parts << tr("last refusal: %1").arg(m_refusal);
    return parts.join(QStringLiteral(" · "));
}

QString StatusPanel::countersText() const
{
    QString text = tr("in %1 · out %2 · waiting for you %3")
                           .arg(m_session->messagesReceived())
                           .arg(m_session->messagesSent())
                           .arg(m_session->inbox()->rowCount());
    // Requests SlimFaas has not delivered yet (the function's parallel slots are taken).
    if (m_session->queueLength() >= 0)
        text += QStringLiteral(" · ") + tr("queued %1").arg(m_session->queueLength());
    return text + QStringLiteral(" · ") + tr("%1 msg/s").arg(m_rate, 0, 'f', 0);
}

void StatusPanel::refresh()
{
    static const QString colors[] = {
        QStringLiteral("#2e7d32"), // Ready: green
        QStringLiteral("#b26a00"), // on the way, or waiting: amber
        QStringLiteral("#c62828"), // refused or disconnected: red
    };
    const SlimFaasClient::State state = m_session->client()->state();
    const QString &color = (state == SlimFaasClient::Ready || m_session->proxy()) ? colors[0]
            : (state == SlimFaasClient::Refused || state == SlimFaasClient::Disconnected)
            ? colors[2]
            : colors[1];
    m_state->setText(QStringLiteral("● ") + stateText());
    m_state->setStyleSheet(QStringLiteral("color: %1").arg(color));
    const QString detail = detailText();
    m_detail->setText(detail);
    m_detail->setToolTip(detail);
    m_counters->setText(countersText());
}
