// SPDX-License-Identifier: MIT
#include "trypane.h"

#include "curlcommand.h"
#include "monitorsession.h"

#include <slimfaasemulator.h>

#include <QtGui/qclipboard.h>
#include <QtGui/qfontdatabase.h>
#include <QtGui/qguiapplication.h>
#include <QtWidgets/qboxlayout.h>
#include <QtWidgets/qplaintextedit.h>
#include <QtWidgets/qpushbutton.h>

TryPane::TryPane(MonitorSession *session, QWidget *parent)
    : QWidget(parent), m_session(session), m_text(new QPlainTextEdit(this))
{
    m_text->setObjectName(QStringLiteral("tryText"));
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    auto *copy = new QPushButton(tr("Copy all"), this);
    connect(copy, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(m_text->toPlainText()); });
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(copy);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_text);
    layout->addLayout(buttons);
    connect(session, &MonitorSession::connectionChanged, this, &TryPane::refresh);
    connect(session->client(), &SlimFaasClient::functionConfigChanged, this, &TryPane::refresh);
    refresh();
}

QString TryPane::text() const
{
    return m_text->toPlainText();
}

void TryPane::refresh()
{
    const SlimFaasFunctionConfig config = m_session->client()->functionConfig();
    QStringList lines;
    if (const SlimFaasEmulator *emulator = m_session->emulator()) {
        lines << tr("# Embedded emulator: functions connect to %1")
                         .arg(emulator->webSocketUrl().toString());
        lines << tr("# callers send HTTP requests to %1").arg(emulator->httpUrl().toString());
    } else {
        lines << tr("# SlimFaas: %1").arg(m_session->client()->url().toString());
        lines << tr("# callers (assumed): %1").arg(m_session->callerUrl().toString());
    }
    lines << tr("# Try it from a terminal:");
    QStringList events;
    for (const SlimFaasSubscribeEvent &event : config.subscribeEvents())
        events << event.name;
    lines << CurlCommand::examples(m_session->callerUrl(), config.functionName(), events);
    if (m_session->emulator())
        lines << QStringLiteral("curl -s %1")
                         .arg(CurlCommand::shellQuoted(m_session->callerUrl().toString()
                                                       + QStringLiteral("/status-functions")));
    m_text->setPlainText(lines.join(QLatin1Char('\n')));
}
