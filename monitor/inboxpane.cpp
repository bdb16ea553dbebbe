// SPDX-License-Identifier: MIT
#include "inboxpane.h"

#include "callrequest.h"
#include "inboxmodel.h"
#include "monitorsession.h"

#include <QtCore/qdatetime.h>
#include <QtCore/qfile.h>
#include <QtGui/qevent.h>
#include <QtWidgets/qapplication.h>
#include <QtWidgets/qboxlayout.h>
#include <QtWidgets/qfiledialog.h>
#include <QtWidgets/qgroupbox.h>
#include <QtWidgets/qheaderview.h>
#include <QtWidgets/qlabel.h>
#include <QtWidgets/qlistwidget.h>
#include <QtWidgets/qmessagebox.h>
#include <QtWidgets/qplaintextedit.h>
#include <QtWidgets/qpushbutton.h>
#include <QtWidgets/qscrollarea.h>
#include <QtWidgets/qspinbox.h>
#include <QtWidgets/qstackedwidget.h>
#include <QtWidgets/qtableview.h>

namespace {

// Outcomes kept under the inbox: enough for the last few minutes of a busy function.
constexpr int MaximumOutcomes = 500;
// How far down the outcome list an update looks for its request: the recent ones.
constexpr int OutcomeLookBack = 200;

enum Page { AsyncPage, SyncPage };

QString outcomeText(const QString &id, const QString &reason)
{
    return InboxPane::tr("%1  %2 — %3")
            .arg(QTime::currentTime().toString(QStringLiteral("HH:mm:ss")), id, reason);
}

} // namespace

InboxPane::InboxPane(MonitorSession *session, QWidget *parent)
    : QWidget(parent), m_session(session), m_view(new QTableView(this)),
      m_summary(new QLabel(this)), m_pages(new QStackedWidget(this)), m_status(new QSpinBox(this)),
      m_defer(new QPushButton(tr("Defer"), this)), m_syncStatus(new QSpinBox(this)),
      m_syncHeaders(new QPlainTextEdit(this)), m_syncBody(new QPlainTextEdit(this)),
      m_outcomes(new QListWidget(this)), m_lastOutcome(new QLabel(this))
{
    m_view->setObjectName(QStringLiteral("inboxView"));
    // Before the view's own selection model sees the rows go: was the selection among them?
    connect(session->inbox(), &QAbstractItemModel::rowsAboutToBeRemoved, this,
            [this](const QModelIndex &, int first, int last) {
                for (const QModelIndex &row : m_view->selectionModel()->selectedRows())
                    m_selectionRemoved
                            = m_selectionRemoved || (row.row() >= first && row.row() <= last);
            });
    m_view->setModel(session->inbox());
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    // Several requests answered at once: click, Shift+click, Ctrl+click, Shift+arrows.
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    // Tab leaves the list instead of moving along its cells (and Ctrl+Tab never deselects).
    m_view->setTabKeyNavigation(false);
    m_view->setToolTip(tr("Enter or Space: answer 200 (sync: edit the response) · a digit: type "
                          "a status · D: defer · Delete: cancel a sync request"));
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_view->setWordWrap(false);
    m_view->horizontalHeader()->setStretchLastSection(true);
    const int x = fontMetrics().horizontalAdvance(QLatin1Char('x'));
    const int widths[] = { 11, 9, 9, 9, 20, 5 };
    for (int column = 0; column < int(std::size(widths)); ++column) {
        // Wide enough for the header too, whatever the language.
        const int header = fontMetrics().horizontalAdvance(
                                   session->inbox()->headerData(column, Qt::Horizontal).toString())
                + 3 * x;
        m_view->setColumnWidth(column, qMax(widths[column] * x, header));
    }
    m_view->installEventFilter(this);

    // Async answers: the statuses people use most, and any other.
    auto *asyncPage = new QWidget(this);
    auto *asyncLayout = new QVBoxLayout(asyncPage);
    asyncLayout->setContentsMargins(0, 0, 0, 0);
    auto *asyncBar = new QHBoxLayout;
    asyncLayout->addLayout(asyncBar);
    asyncLayout->addStretch();
    asyncBar->addWidget(new QLabel(tr("Answer:"), this));
    for (int status : { 200, 500, 503 }) {
        auto *button = new QPushButton(QString::number(status), this);
        button->setObjectName(QStringLiteral("answer%1Button").arg(status));
        const QString keys = status == 200 ? tr("Ctrl+2, or Enter on a row")
                : status == 500            ? tr("Ctrl+5")
                                           : tr("Ctrl+3");
        button->setToolTip(status == 200 ? tr("Done: SlimFaas records success (%1).").arg(keys)
                                         : tr("Failed: SlimFaas tries again after 2, 4, 8 s "
                                              "(at most 4 tries) (%1).")
                                                   .arg(keys));
        connect(button, &QPushButton::clicked, this, [this, status] { answerSelected(status); });
        // Three digits need no 80-pixel button: the bar fits a narrow pane.
        button->setMaximumWidth(fontMetrics().horizontalAdvance(QStringLiteral("00000")) + 16);
        asyncBar->addWidget(button);
        m_asyncButtons << button;
    }
    m_status->setObjectName(QStringLiteral("statusSpin"));
    m_status->setRange(100, 599);
    m_status->setValue(404);
    m_status->setToolTip(tr("Any status: type it and press Enter (Ctrl+T, or a digit on a row)."));
    m_status->installEventFilter(this);
    auto *answerTyped = new QPushButton(tr("Answer"), this);
    answerTyped->setObjectName(QStringLiteral("answerTypedButton"));
    answerTyped->setToolTip(m_status->toolTip());
    connect(answerTyped, &QPushButton::clicked, this,
            [this] { answerSelected(m_status->value()); });
    m_asyncButtons << answerTyped;
    asyncBar->addWidget(m_status);
    asyncBar->addWidget(answerTyped);
    asyncBar->addStretch();

    // Sync answers.
    auto *syncEditor = new QGroupBox(tr("Sync response"), this);
    syncEditor->setObjectName(QStringLiteral("syncEditor"));
    m_syncStatus->setObjectName(QStringLiteral("syncStatusSpin"));
    m_syncStatus->setRange(100, 599);
    m_syncStatus->setValue(200);
    m_syncStatus->setToolTip(tr("Enter sends the response (Ctrl+Return from anywhere)."));
    m_syncStatus->installEventFilter(this);
    m_syncHeaders->setObjectName(QStringLiteral("syncHeadersEdit"));
    m_syncHeaders->setMaximumHeight(fontMetrics().height() * 5);
    m_syncHeaders->setMinimumHeight(fontMetrics().height() * 3);
    m_syncHeaders->setTabChangesFocus(true);
    m_syncBody->setObjectName(QStringLiteral("syncBodyEdit"));
    m_syncBody->setPlaceholderText(tr("Response body"));
    m_syncBody->setTabChangesFocus(true);
    m_syncBody->setMinimumHeight(fontMetrics().height() * 3);
    m_syncBody->setMaximumHeight(fontMetrics().height() * 5);
    connect(m_syncBody, &QPlainTextEdit::textChanged, this, [this] { m_loadedBody.clear(); });
    auto *load = new QPushButton(tr("Load body…"), this);
    connect(load, &QPushButton::clicked, this, &InboxPane::loadBody);
    auto *send = new QPushButton(tr("Send response"), this);
    send->setObjectName(QStringLiteral("sendResponseButton"));
    send->setToolTip(tr("Send this response to every selected sync request (Ctrl+Return)."));
    connect(send, &QPushButton::clicked, this, &InboxPane::sendSyncResponse);
    auto *cancel = new QPushButton(tr("Cancel request"), this);
    cancel->setObjectName(QStringLiteral("cancelRequestButton"));
    cancel->setToolTip(tr("Abort the call: the caller gets an error (Delete on a row, "
                          "Ctrl+Delete)."));
    connect(cancel, &QPushButton::clicked, this, &InboxPane::cancelSelected);
    m_syncButtons = { load, send, cancel };
    m_cancel = cancel;
    // Compact: the status and the buttons on one line, the headers beside the body.
    auto *syncButtons = new QHBoxLayout;
    auto *statusLabel = new QLabel(tr("Status"), this);
    statusLabel->setBuddy(m_syncStatus);
    syncButtons->addWidget(statusLabel);
    syncButtons->addWidget(m_syncStatus);
    syncButtons->addWidget(load);
    syncButtons->addStretch();
    syncButtons->addWidget(send);
    m_syncHeaders->setPlaceholderText(tr("Content-Type: application/json"));
    m_syncHeaders->setToolTip(tr("Response headers, one \"Name: value\" per line."));
    m_syncBody->setToolTip(tr("Response body, sent as UTF-8 (or load a file)."));
    auto *syncEdits = new QHBoxLayout;
    syncEdits->addWidget(m_syncHeaders, 2);
    syncEdits->addWidget(m_syncBody, 3);
    auto *syncLayout = new QVBoxLayout(syncEditor);
    syncLayout->setContentsMargins(6, 2, 6, 4);
    syncLayout->addLayout(syncButtons);
    syncLayout->addLayout(syncEdits);

    // One place for either answer: selecting another kind of request never resizes the
    // pane, and what does not fit scrolls rather than squeezing the lists.
    m_pages->addWidget(asyncPage);
    m_pages->addWidget(syncEditor);
    auto *answers = new QScrollArea(this);
    answers->setWidget(m_pages);
    answers->setWidgetResizable(true);
    answers->setFrameShape(QFrame::NoFrame);
    // Room for the sync editor whatever is selected: the pane's minimum never changes.
    answers->setMinimumHeight(syncEditor->minimumSizeHint().height() + 2);
    // As tall as the answer shown needs, the rest is the list's; the pane's minimum size
    // stays the same, so the window's other panes never move.
    answers->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    auto fitPage = [this, answers] {
        // Only the page shown counts in the stack's size.
        for (int i = 0; i < m_pages->count(); ++i)
            m_pages->widget(i)->setSizePolicy(
                    i == m_pages->currentIndex()
                            ? QSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred)
                            : QSizePolicy(QSizePolicy::Ignored, QSizePolicy::Ignored));
        m_pages->adjustSize();
        answers->setMaximumHeight(
                qMax(answers->minimumHeight(), m_pages->currentWidget()->sizeHint().height() + 2));
        const QModelIndex current = m_view->selectionModel()
                ? m_view->selectionModel()->currentIndex()
                : QModelIndex();
        if (current.isValid())
            m_view->scrollTo(current);
    };
    connect(m_pages, &QStackedWidget::currentChanged, this, fitPage);
    fitPage();

    m_defer->setObjectName(QStringLiteral("deferButton"));
    m_defer->setToolTip(tr("Keep it in the inbox and answer later (D on a row, Ctrl+D)."));
    connect(m_defer, &QPushButton::clicked, this, &InboxPane::deferSelected);
    m_summary->setObjectName(QStringLiteral("inboxSummary"));
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setMinimumWidth(0);
    m_summary->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    auto *summaryBar = new QHBoxLayout;
    summaryBar->addWidget(m_summary, 1);
    summaryBar->addWidget(cancel);
    summaryBar->addWidget(m_defer);

    m_outcomes->setObjectName(QStringLiteral("outcomeList"));
    m_outcomes->setToolTip(tr("Requests that left the inbox, newest first, and why."));
    m_outcomes->setWordWrap(true);
    m_outcomes->setTextElideMode(Qt::ElideNone);
    connect(session, &MonitorSession::inboxRequestRemoved, this,
            [this](const QString &id, const QString &reason) {
                auto *item = new QListWidgetItem(outcomeText(id, reason));
                item->setData(Qt::UserRole, id);
                item->setToolTip(item->text());
                m_outcomes->insertItem(0, item);
                m_lastOutcome->setText(tr("Last: %1").arg(item->text()));
                m_lastOutcome->setToolTip(item->text());
                while (m_outcomes->count() > MaximumOutcomes)
                    delete m_outcomes->takeItem(m_outcomes->count() - 1);
                m_drafts.remove(id);
            });
    connect(session, &MonitorSession::outcomeUpdated, this,
            [this](const QString &id, const QString &reason) {
                for (int i = 0; i < qMin(m_outcomes->count(), OutcomeLookBack); ++i) {
                    QListWidgetItem *item = m_outcomes->item(i);
                    if (item->data(Qt::UserRole).toString() == id) {
                        item->setText(outcomeText(id, reason));
                        item->setToolTip(item->text());
                        if (i == 0) {
                            m_lastOutcome->setText(tr("Last: %1").arg(item->text()));
                            m_lastOutcome->setToolTip(item->text());
                        }
                        return;
                    }
                }
            });

    // The newest outcome in one line; the list itself is a tab of its own (outcomeList()).
    m_lastOutcome->setObjectName(QStringLiteral("lastOutcome"));
    m_lastOutcome->setTextFormat(Qt::PlainText);
    m_lastOutcome->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view, 1);
    layout->addLayout(summaryBar);
    layout->addWidget(answers);
    layout->addWidget(m_lastOutcome);

    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        selectionChanged();
        emit requestSelected(selectedId(), !m_autoSelecting);
    });
    // What the operator selected stays selected. When nothing is (at the start, or the
    // selected requests left), the oldest request not deferred is the one to answer next.
    InboxModel *inbox = session->inbox();
    connect(inbox, &QAbstractItemModel::rowsRemoved, this, [this] {
        if (m_selectionRemoved && selectedIds().isEmpty())
            selectNext();
        m_selectionRemoved = false;
        selectionChanged();
    });
    connect(inbox, &QAbstractItemModel::rowsInserted, this, [this] {
        if (selectedIds().isEmpty())
            selectNext();
        selectionChanged();
    });
    connect(inbox, &QAbstractItemModel::modelReset, this, &InboxPane::selectionChanged);
    // A warning arriving on the selected request shows in the summary.
    connect(inbox, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &, const QModelIndex &, const QList<int> &roles) {
                if (roles.isEmpty() || roles.contains(InboxModel::WarningRole))
                    selectionChanged();
            });
    selectionChanged();
}

QString InboxPane::selectedId() const
{
    const QStringList ids = selectedIds();
    return ids.isEmpty() ? QString() : ids.first();
}

QStringList InboxPane::selectedIds() const
{
    QModelIndexList rows = m_view->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QStringList ids;
    for (const QModelIndex &row : std::as_const(rows))
        ids << m_session->inbox()->idAt(row.row());
    return ids;
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
    int async = 0;
    int sync = 0;
    const QStringList ids = selectedIds();
    for (const QString &id : ids)
        ++(inbox->isSync(inbox->rowOf(id)) ? sync : async);
    for (QPushButton *button : std::as_const(m_asyncButtons))
        button->setEnabled(async > 0);
    m_status->setEnabled(async > 0);
    m_defer->setEnabled(!ids.isEmpty());
    for (QPushButton *button : std::as_const(m_syncButtons))
        button->setEnabled(sync > 0);
    m_cancel->setVisible(sync > 0);
    m_syncStatus->setEnabled(sync > 0);
    m_syncHeaders->setEnabled(sync > 0);
    m_syncBody->setEnabled(sync > 0);
    m_pages->setCurrentIndex(sync > 0 && async == 0 ? SyncPage : AsyncPage);

    // The editor shows the draft of the first selected sync request, never another's.
    QString syncId;
    for (const QString &id : ids) {
        if (inbox->isSync(inbox->rowOf(id))) {
            syncId = id;
            break;
        }
    }
    if (syncId != m_draftId) {
        saveDraft();
        loadDraft(syncId);
    }

    QString summary;
    if (ids.size() == 1) {
        const int row = inbox->rowOf(ids.first());
        summary = tr("%1 %2").arg(inbox->index(row, InboxModel::MethodColumn).data().toString(),
                                  inbox->index(row, InboxModel::PathColumn).data().toString());
        if (!inbox->warning(row).isEmpty())
            summary = tr("⚠ %1 — %2").arg(inbox->warning(row), summary);
    } else if (!ids.isEmpty()) {
        summary = tr("%n request(s) selected", nullptr, int(ids.size()));
        if (async && sync)
            summary += tr(": %n async", nullptr, async) + tr(", %n sync", nullptr, sync);
    } else if (inbox->rowCount() > 0) {
        summary = tr("Select a request to answer it.");
    } else {
        summary = tr("Nothing to answer.");
    }
    m_summary->setText(summary);
    m_summary->setToolTip(summary);
}

void InboxPane::saveDraft()
{
    if (m_draftId.isEmpty() || m_session->inbox()->rowOf(m_draftId) < 0)
        return;
    m_drafts.insert(m_draftId,
                    { m_syncStatus->value(), m_syncHeaders->toPlainText(),
                      m_syncBody->toPlainText(), m_loadedBody });
}

void InboxPane::loadDraft(const QString &id)
{
    m_draftId = id;
    const SyncDraft draft = m_drafts.value(id);
    m_syncStatus->setValue(draft.status);
    m_syncHeaders->setPlainText(draft.headers);
    m_syncBody->setPlainText(draft.body);
    m_loadedBody = draft.loadedBody; // after setPlainText(), which clears it
}

void InboxPane::answerSelected(int status)
{
    QStringList failed;
    for (const QString &id : selectedIds()) {
        const int row = m_session->inbox()->rowOf(id);
        if (row >= 0 && !m_session->inbox()->isSync(row) && !m_session->answer(id, status))
            failed << id;
    }
    if (!failed.isEmpty())
        QMessageBox::warning(
                this, tr("Answer not sent"),
                tr("%n request(s) could not be answered (%2): %1", nullptr, int(failed.size()))
                        .arg(failed.join(QStringLiteral(", ")),
                             m_session->client()->errorString()));
}

void InboxPane::deferSelected()
{
    const QStringList ids = selectedIds();
    if (ids.isEmpty())
        return;
    for (const QString &id : ids)
        m_session->defer(id);
    m_autoSelecting = true;
    m_view->clearSelection();
    selectNext();
    m_autoSelecting = false;
}

void InboxPane::selectNext()
{
    const InboxModel *inbox = m_session->inbox();
    const bool wasAuto = m_autoSelecting;
    m_autoSelecting = true;
    for (int row = 0; row < inbox->rowCount(); ++row) {
        if (!inbox->index(row, 0).data(InboxModel::DeferredRole).toBool()) {
            m_view->selectRow(row);
            break;
        }
    }
    m_autoSelecting = wasAuto;
}

void InboxPane::sendSyncResponse()
{
    QStringList ids;
    for (const QString &id : selectedIds()) {
        if (m_session->inbox()->isSync(m_session->inbox()->rowOf(id)))
            ids << id;
    }
    if (ids.isEmpty())
        return;
    SlimFaasHeaders headers;
    QString badLine;
    if (!CallRequest::parseHeaders(m_syncHeaders->toPlainText(), &headers, &badLine)) {
        QMessageBox::warning(
                this, tr("Invalid header"),
                tr("\"%1\" is not a header: write one \"Name: value\" per line.").arg(badLine));
        return;
    }
    const QByteArray body
            = m_loadedBody.isEmpty() ? m_syncBody->toPlainText().toUtf8() : m_loadedBody;
    const int status = m_syncStatus->value();
    QStringList failed;
    for (const QString &id : std::as_const(ids)) {
        if (!m_session->answerSync(id, status, headers, body))
            failed << id;
    }
    if (!failed.isEmpty())
        QMessageBox::warning(this, tr("Response not sent"),
                             tr("%n request(s) could not be answered; they may have been "
                                "cancelled: %1",
                                nullptr, int(failed.size()))
                                     .arg(failed.join(QStringLiteral(", "))));
    m_view->setFocus(Qt::ShortcutFocusReason);
}

void InboxPane::cancelSelected()
{
    for (const QString &id : selectedIds())
        m_session->cancelSync(id);
}

void InboxPane::focusInbox()
{
    if (selectedIds().isEmpty())
        selectNext();
    m_view->setFocus(Qt::ShortcutFocusReason);
    const QStringList ids = selectedIds();
    if (!ids.isEmpty())
        m_view->selectionModel()->setCurrentIndex(
                m_session->inbox()->index(m_session->inbox()->rowOf(ids.first()), 0),
                QItemSelectionModel::NoUpdate);
}

void InboxPane::focusStatus()
{
    QSpinBox *box = m_pages->currentIndex() == SyncPage ? m_syncStatus : m_status;
    if (!box->isEnabled())
        return;
    box->setFocus(Qt::ShortcutFocusReason);
    box->selectAll();
}

bool InboxPane::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::KeyPress)
        return QWidget::eventFilter(watched, event);
    auto *key = static_cast<QKeyEvent *>(event);
    const bool plain = (key->modifiers() & ~Qt::KeypadModifier) == Qt::NoModifier;
    const bool enter = key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter;
    if (watched == m_view && plain) {
        const bool sync = m_pages->currentIndex() == SyncPage;
        if (enter || key->key() == Qt::Key_Space) {
            if (sync)
                m_syncBody->setFocus(Qt::ShortcutFocusReason);
            else
                answerSelected(200);
            return true;
        }
        if (key->key() >= Qt::Key_1 && key->key() <= Qt::Key_5) {
            // The first digit of a status: the rest is typed into the box, Enter sends.
            QSpinBox *box = sync ? m_syncStatus : m_status;
            if (box->isEnabled()) {
                focusStatus();
                QKeyEvent copy(QEvent::KeyPress, key->key(), key->modifiers(), key->text());
                QCoreApplication::sendEvent(box, &copy);
            }
            return true;
        }
        if (key->key() == Qt::Key_D) {
            deferSelected();
            return true;
        }
        if (key->key() == Qt::Key_Delete) {
            cancelSelected();
            return true;
        }
    } else if ((watched == m_status || watched == m_syncStatus) && plain) {
        if (enter) {
            auto *box = static_cast<QSpinBox *>(watched);
            box->interpretText();
            if (box == m_status) {
                answerSelected(m_status->value());
                m_view->setFocus(Qt::ShortcutFocusReason);
            } else {
                sendSyncResponse();
            }
            return true;
        }
        if (key->key() == Qt::Key_Escape) {
            m_view->setFocus(Qt::ShortcutFocusReason);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
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
