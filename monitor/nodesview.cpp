// SPDX-License-Identifier: MIT
#include "nodesview.h"

#include "monitorsession.h"
#include "statuspanel.h"

#include <slimfaasemulator.h>

#include <QtWidgets/qboxlayout.h>
#include <QtWidgets/qcombobox.h>
#include <QtWidgets/qlabel.h>
#include <QtWidgets/qpushbutton.h>

NodesView::NodesView(MonitorSession *session, QWidget *parent)
    : QWidget(parent), m_session(session), m_lines(new QLabel(this)),
      m_masterLabel(new QLabel(tr("Move the &master to"), this)), m_masterBox(new QComboBox(this)),
      m_makeMaster(new QPushButton(tr("Ma&ke master"), this))
{
    m_lines->setObjectName(QStringLiteral("nodesLabel"));
    m_lines->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_masterBox->setObjectName(QStringLiteral("masterBox"));
    m_masterBox->setToolTip(tr("The node to make SlimFaas's master: the only node that "
                               "dispatches async requests, to the functions connected to it."));
    m_masterLabel->setBuddy(m_masterBox);
    m_makeMaster->setObjectName(QStringLiteral("makeMasterButton"));
    m_makeMaster->setToolTip(tr("Move the leadership to the chosen node, as a failover does: "
                                "the former master forgets the requests it was waiting on "
                                "(SlimFaas records them 504 later), the new one dispatches "
                                "what waits."));

    auto *master = new QHBoxLayout;
    master->setContentsMargins(0, 0, 0, 0);
    master->addWidget(m_masterLabel);
    master->addWidget(m_masterBox);
    master->addWidget(m_makeMaster);
    master->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_lines);
    layout->addLayout(master);

    connect(m_makeMaster, &QPushButton::clicked, this, &NodesView::makeMaster);
    connect(m_masterBox, &QComboBox::currentIndexChanged, this, [this] {
        m_makeMaster->setEnabled(m_emulator
                                 && m_masterBox->currentIndex() != m_emulator->masterNode());
    });
    SlimFaasClient *client = session->client();
    connect(client, &SlimFaasClient::nodesChanged, this, &NodesView::refresh);
    connect(client, &SlimFaasClient::nodeStateChanged, this, &NodesView::refresh);
    connect(client, &SlimFaasClient::nodeRegistered, this, &NodesView::refresh);
    connect(client, &SlimFaasClient::nodeLost, this, &NodesView::refresh);
    connect(session, &MonitorSession::connectionChanged, this, &NodesView::followEmulator);
    followEmulator();
}

void NodesView::followEmulator()
{
    if (m_emulator)
        disconnect(m_emulator, nullptr, this, nullptr);
    m_emulator = m_session->emulator();
    m_masterBox->clear();
    if (m_emulator) {
        for (int node = 0; node < m_emulator->nodeCount(); ++node)
            m_masterBox->addItem(tr("node %1").arg(node));
        connect(m_emulator, &SlimFaasEmulator::masterNodeChanged, this, [this](int node) {
            m_masterBox->setCurrentIndex(node);
            refresh();
        });
        m_masterBox->setCurrentIndex(m_emulator->masterNode());
    }
    refresh();
}

void NodesView::makeMaster()
{
    if (m_emulator)
        m_emulator->setMasterNode(m_masterBox->currentIndex());
}

QString NodesView::nodesText() const
{
    const SlimFaasClient *client = m_session->client();
    const QList<QUrl> embedded = m_session->embeddedNodeUrls();
    QStringList lines;
    for (const QUrl &url : client->nodes()) {
        QStringList parts;
        const int node = int(embedded.indexOf(url));
        if (node >= 0)
            parts << tr("node %1").arg(node);
        parts << url.toString() << StatusPanel::stateName(client->nodeState(url));
        if (const QString id = client->nodeConnectionId(url); !id.isEmpty())
            parts << tr("connection %1").arg(id);
        if (node >= 0 && m_emulator && node == m_emulator->masterNode())
            parts << tr("master");
        lines << parts.join(QStringLiteral(" · "));
    }
    return lines.join(QLatin1Char('\n'));
}

void NodesView::refresh()
{
    setVisible(m_session->hasSeveralNodes());
    const bool master = m_emulator && m_emulator->nodeCount() > 1;
    m_masterLabel->setVisible(master);
    m_masterBox->setVisible(master);
    m_makeMaster->setVisible(master);
    m_makeMaster->setEnabled(master && m_masterBox->currentIndex() != m_emulator->masterNode());
    m_lines->setText(nodesText());
}
