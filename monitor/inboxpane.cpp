// SPDX-License-Identifier: MIT
#include "inboxpane.h"

#include "callrequest.h"
#include "inboxmodel.h"
#include "monitorsession.h"

#include <QtCore/qdatetime.h>
#include <QtCore/qfile.h>
#include <QtWidgets/qboxlayout.h>
#include <QtWidgets/qfiledialog.h>
#include <QtWidgets/qformlayout.h>
#include <QtWidgets/qgroupbox.h>
#include <QtWidgets/qheaderview.h>
#include <QtWidgets/qlabel.h>
#include <QtWidgets/qlistwidget.h>
#include <QtWidgets/qmessagebox.h>
#include <QtWidgets/qplaintextedit.h>
#include <QtWidgets/qpushbutton.h>
#include <QtWidgets/qspinbox.h>
#include <QtWidgets/qsplitter.h>
#include <QtWidgets/qtableview.h>

namespace {

// Outcomes kept under the inbox: enough for the last few minutes of a busy function.
constexpr int MaximumOutcomes = 500;

} // namespace

InboxPane::InboxPane(MonitorSession *session, QWidget *parent)
    : QWidget(parent),
      m_session(session),
      m_view(new QTableView(this)),
      m_status(new QSpinBox(this)),
      m_defer(new QPushButton(tr("Defer"), this)),
      m_syncEditor(new QGroupBox(tr("Sync response"), this)),
      m_syncStatus(new QSpinBox(this)),
      m_syncHeaders(new QPlainTextEdit(this)),
      m_syncBody(new QPlainTextEdit(this)),
      m_cancel(new QPushButton(tr("Cancel request"), this)),
      m_outcomes(new QListWidget(this))
{
    m_view->setObjectName(QStringLiteral("inboxView"));
    m_view->setModel(session->inbox());
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_view->setWordWrap(false);
    m_view->horizontalHeader()->setStretchLastSection(true);
    const int x = fontMetrics().horizontalAdvance(QLatin1Char('x'));
    const int widths[] = { 11, 9, 7, 9, 20, 5 };
    for (int column = 0; column < int(std::size(widths)); ++column)
        m_view->setColumnWidth(column, widths[column] * x);

    // Async answers: the statuses people use most, and any other.
    auto *asyncBar = new QHBoxLayout;
    asyncBar->addWidget(new QLabel(tr("Answer:"), this));
    for (int status : { 200, 500, 503 }) {
        auto *button = new QPushButton(QString::number(status), this);
        button->setObjectName(QStringLiteral("answer%1Button").arg(status));
        button->setToolTip(status == 200 ? tr("Done: SlimFaas records success.")
                                         : tr("Failed: SlimFaas tries again after 2, 4, 8 s "
                                              "(at most 4 tries)."));
        connect(button, &QPushButton::clicked, this, [this, status] { answerSelected(status); });
        asyncBar->addWidget(button);
        m_asyncButtons << button;
    }
    m_status->setObjectName(QStringLiteral("statusSpin"));
    m_status->setRange(100, 599);
    m_status->setValue(404);
    auto *answerTyped = new QPushButton(tr("Answer"), this);
    answerTyped->setObjectName(QStringLiteral("answerTypedButton"));
    connect(answerTyped, &QPushButton::clicked, this,
            [this] { answerSelected(m_status->value()); });
    m_asyncButtons << answerTyped;
    asyncBar->addWidget(m_status);
    asyncBar->addWidget(answerTyped);
    m_defer->setObjectName(QStringLiteral("deferButton"));
    m_defer->setToolTip(tr("Keep it in the inbox and answer later."));
    connect(m_defer, &QPushButton::clicked, this, &InboxPane::deferSelected);
    asyncBar->addWidget(m_defer);
    asyncBar->addStretch();

    // Sync answers.
    m_syncStatus->setObjectName(QStringLiteral("syncStatusSpin"));
    m_syncStatus->setRange(100, 599);
    m_syncStatus->setValue(200);
    m_syncHeaders->setObjectName(QStringLiteral("syncHeadersEdit"));
    m_syncHeaders->setPlaceholderText(tr("Content-Type: application/json"));
    m_syncHeaders->setMaximumHeight(fontMetrics().height() * 4);
    m_syncBody->setObjectName(QStringLiteral("syncBodyEdit"));
    m_syncBody->setPlaceholderText(tr("Response body"));
    connect(m_syncBody, &QPlainTextEdit::textChanged, this, [this] { m_loadedBody.clear(); });
    auto *load = new QPushButton(tr("Load body…"), this);
    connect(load, &QPushButton::clicked, this, &InboxPane::loadBody);
    auto *send = new QPushButton(tr("Send response"), this);
    send->setObjectName(QStringLiteral("sendResponseButton"));
    connect(send, &QPushButton::clicked, this, &InboxPane::sendSyncResponse);
    m_cancel->setObjectName(QStringLiteral("cancelRequestButton"));
    m_cancel->setToolTip(tr("Abort the call: the caller gets an error."));
    connect(m_cancel, &QPushButton::clicked, this, &InboxPane::cancelSelected);
    auto *syncButtons = new QHBoxLayout;
    syncButtons->addWidget(load);
    syncButtons->addStretch();
    syncButtons->addWidget(m_cancel);
    syncButtons->addWidget(send);
    auto *syncForm = new QFormLayout(m_syncEditor);
    syncForm->addRow(tr("Status"), m_syncStatus);
    syncForm->addRow(tr("Headers"), m_syncHeaders);
    syncForm->addRow(tr("Body"), m_syncBody);
    syncForm->addRow(syncButtons);

    m_outcomes->setObjectName(QStringLiteral("outcomeList"));
    m_outcomes->setToolTip(tr("Requests that left the inbox, newest first, and why."));
    connect(session, &MonitorSession::inboxRequestRemoved, this,
            [this](const QString &id, const QString &reason) {
                m_outcomes->insertItem(0, tr("%1  %2 — %3")
                                                  .arg(QTime::currentTime().toString(
                                                               QStringLiteral("HH:mm:ss")),
                                                       id, reason));
                while (m_outcomes->count() > MaximumOutcomes)
                    delete m_outcomes->takeItem(m_outcomes->count() - 1);
            });

    auto *top = new QWidget(this);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(m_view, 1);
    topLayout->addLayout(asyncBar);
    topLayout->addWidget(m_syncEditor);
    auto *bottom = new QWidget(this);
    auto *bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    bottomLayout->addWidget(new QLabel(tr("Left the inbox:"), this));
    bottomLayout->addWidget(m_outcomes);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(top);
    split->addWidget(bottom);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);

    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        selectionChanged();
        emit requestSelected(selectedId());
    });
    // The oldest request not deferred is the one to answer next: select it when nothing
    // is selected, or what is selected was put aside.
    auto followUp = [this] {
        const int row = m_session->inbox()->rowOf(selectedId());
        if (row < 0 || m_session->inbox()->index(row, 0).data(InboxModel::DeferredRole).toBool())
            selectNext();
        selectionChanged();
    };
    connect(session->inbox(), &QAbstractItemModel::rowsInserted, this, followUp);
    connect(session->inbox(), &QAbstractItemModel::rowsRemoved, this, followUp);
    selectionChanged();
}

QString InboxPane::selectedId() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : m_session->inbox()->idAt(rows.first().row());
}

bool InboxPane::selectRequest(const QString &id)
{
    const int row = m_session->inbox()->rowOf(id);
    if (row < 0)
        return false;
    m_view->selectRow(row);
    return true;
}

void InboxPane::selectionChanged()
{
    const InboxModel *inbox = m_session->inbox();
    const int row = inbox->rowOf(selectedId());
    const bool async = row >= 0 && !inbox->isSync(row);
    const bool sync = row >= 0 && inbox->isSync(row);
    for (QPushButton *button : std::as_const(m_asyncButtons))
        button->setEnabled(async);
    m_status->setEnabled(async);
    m_defer->setEnabled(row >= 0);
    // The editor takes room the list needs: shown only while a sync request is selected.
    m_syncEditor->setVisible(sync);
}

void InboxPane::answerSelected(int status)
{
    const QString id = selectedId();
    if (!id.isEmpty() && !m_session->answer(id, status))
        QMessageBox::warning(this, tr("Answer not sent"),
                             tr("Request %1 could not be answered: %2")
                                     .arg(id, m_session->client()->errorString()));
}

void InboxPane::deferSelected()
{
    const QString id = selectedId();
    if (id.isEmpty())
        return;
    m_session->defer(id);
    selectNext();
}

void InboxPane::selectNext()
{
    const InboxModel *inbox = m_session->inbox();
    for (int row = 0; row < inbox->rowCount(); ++row) {
        if (!inbox->index(row, 0).data(InboxModel::DeferredRole).toBool()) {
            m_view->selectRow(row);
            return;
        }
    }
    if (selectedId().isEmpty() && inbox->rowCount() > 0)
        m_view->selectRow(0);
}

void InboxPane::sendSyncResponse()
{
    const QString id = selectedId();
    if (id.isEmpty())
        return;
    SlimFaasHeaders headers;
    QString badLine;
    if (!CallRequest::parseHeaders(m_syncHeaders->toPlainText(), &headers, &badLine)) {
        QMessageBox::warning(this, tr("Invalid header"),
                             tr("\"%1\" is not a header: write one \"Name: value\" per line.")
                                     .arg(badLine));
        return;
    }
    const QByteArray body =
            m_loadedBody.isEmpty() ? m_syncBody->toPlainText().toUtf8() : m_loadedBody;
    if (!m_session->answerSync(id, m_syncStatus->value(), headers, body))
        QMessageBox::warning(this, tr("Response not sent"),
                             tr("Request %1 could not be answered; it may have been cancelled.")
                                     .arg(id));
}

void InboxPane::cancelSelected()
{
    const QString id = selectedId();
    if (!id.isEmpty())
        m_session->cancelSync(id);
}

void InboxPane::loadBody()
{
    const QString fileName = QFileDialog::getOpenFileName(this, tr("Response body"));
    if (fileName.isEmpty())
        return;
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly)) {
        QMessageBox::warning(this, tr("Cannot read the file"), file.errorString());
        return;
    }
    const QByteArray bytes = file.readAll();
    m_syncBody->setPlainText(QString::fromUtf8(bytes));
    m_loadedBody = bytes; // after setPlainText(), which clears it
}
