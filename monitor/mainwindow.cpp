// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "answerrulesdialog.h"
#include "callerpanel.h"
#include "detailpane.h"
#include "filterbar.h"
#include "functionsmodel.h"
#include "inboxmodel.h"
#include "inboxpane.h"
#include "interceptor.h"
#include "interceptpane.h"
#include "monitorsession.h"
#include "statuspanel.h"
#include "trafficfilter.h"
#include "trafficmodel.h"
#include "trypane.h"

#include <proxyoptions.h>
#include <slimfaasemulator.h>

#include <QtCore/qfile.h>
#include <QtCore/qfileinfo.h>
#include <QtCore/qsettings.h>
#include <QtGui/qevent.h>
#include <QtGui/qguiapplication.h>
#include <QtWidgets/qapplication.h>
#include <QtWidgets/qboxlayout.h>
#include <QtWidgets/qfiledialog.h>
#include <QtWidgets/qheaderview.h>
#include <QtWidgets/qlabel.h>
#include <QtWidgets/qlineedit.h>
#include <QtWidgets/qlistwidget.h>
#include <QtWidgets/qmenu.h>
#include <QtWidgets/qmenubar.h>
#include <QtWidgets/qmessagebox.h>
#include <QtWidgets/qprogressdialog.h>
#include <QtWidgets/qpushbutton.h>
#include <QtWidgets/qscrollarea.h>
#include <QtWidgets/qscrollbar.h>
#include <QtWidgets/qsplitter.h>
#include <QtWidgets/qstatusbar.h>
#include <QtWidgets/qtableview.h>
#include <QtWidgets/qtabwidget.h>
#include <QtWidgets/qtoolbar.h>

using SlimFaasProtocol::MessageType;

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent), m_traffic(new TrafficModel(this)),
      m_session(new MonitorSession(m_traffic, this)), m_filter(new TrafficFilter(this)),
      m_view(new QTableView(this)), m_filterBar(new FilterBar(m_filter, this)),
      m_detail(new DetailPane(m_session, this)), m_inbox(new InboxPane(m_session, this)),
      m_status(new StatusPanel(m_session, this)), m_try(new TryPane(m_session, this)),
      m_sideTabs(new QTabWidget(this)), m_counts(new QLabel(this)),
      m_split(new QSplitter(Qt::Vertical, this)), m_heldCount(new QTimer(this))
{
    m_intercept = new InterceptPane(m_session->interceptor(), this);
    m_filter->setSourceModel(m_traffic);
    m_view->setObjectName(QStringLiteral("trafficView"));
    m_view->setModel(m_filter);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setTabKeyNavigation(false);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    // Fixed row heights and column widths: a million rows never get measured.
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_view->horizontalHeader()->setStretchLastSection(true);
    const int x = fontMetrics().horizontalAdvance(QLatin1Char('x'));
    const int widths[] = { 9, 13, 5, 22, 38, 8, 22, 12, 7, 10, 5, 24, 12, 12, 32 };
    for (int column = 0; column < int(std::size(widths)); ++column) {
        const int header = fontMetrics().horizontalAdvance(
                                   m_traffic->headerData(column, Qt::Horizontal).toString())
                + 3 * x;
        m_view->setColumnWidth(column, qMax(widths[column] * x, header));
    }
    // Who sent or received a message, next to its direction; the note stays last, stretched.
    QHeaderView *columns = m_view->horizontalHeader();
    columns->moveSection(columns->visualIndex(TrafficModel::FunctionColumn),
                         TrafficModel::DirectionColumn + 1);
    columns->moveSection(columns->visualIndex(TrafficModel::ConnectionColumn),
                         TrafficModel::DirectionColumn + 2);
    columns->moveSection(columns->visualIndex(TrafficModel::NodeColumn),
                         TrafficModel::DirectionColumn + 3);
    // The direction in words, in any language.
    m_view->setColumnWidth(TrafficModel::DirectionColumn,
                           qMax(m_view->columnWidth(TrafficModel::DirectionColumn),
                                qMax(fontMetrics().horizontalAdvance(TrafficModel::tr("in")),
                                     fontMetrics().horizontalAdvance(TrafficModel::tr("out")))
                                        + 2 * x));

    // Auto-scroll follows new rows only while the user is at the bottom: scrolling up to
    // look at older rows stops it, scrolling back down resumes it. A filter change is not
    // the user scrolling.
    QScrollBar *scroll = m_view->verticalScrollBar();
    connect(scroll, &QScrollBar::valueChanged, this, [this, scroll](int value) {
        if (!m_filterChanging)
            m_followNewRows = value >= scroll->maximum();
    });
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_followNewRows && !m_filterChanging)
            m_view->scrollToBottom();
        updateCounts();
    });
    // The chunks of a sync request shown in the detail pane keep coming.
    connect(m_traffic, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_shownStreamOpen && m_shownNumber >= 0)
            showInDetail(int(m_shownNumber - m_traffic->number(0)));
    });
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, &MainWindow::updateCounts);
    connect(m_filter, &QAbstractItemModel::modelReset, this, [this] {
        if (!m_filterChanging) {
            m_shownNumber = m_keptNumber = -1;
            m_shownStreamOpen = m_pickedByOperator = false;
            m_detail->clear();
        }
        updateCounts();
    });
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, &MainWindow::updateCounts);
    connect(m_filter, &TrafficFilter::filterAboutToChange, this, &MainWindow::filterAboutToChange);
    connect(m_filter, &TrafficFilter::filterChanged, this, &MainWindow::filterChanged);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::selectionChanged);
    // The message shown changed under the pane (its note: who answered, a warning).
    connect(m_traffic, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                if (m_shownNumber < 0)
                    return;
                const qint64 row = m_shownNumber - m_traffic->number(0);
                if (row >= topLeft.row() && row <= bottomRight.row())
                    showInDetail(int(row));
            });

    m_sideTabs->setObjectName(QStringLiteral("sideTabs"));
    m_sideTabs->addTab(m_inbox, tr("Inbox"));
    m_sideTabs->addTab(m_inbox->outcomeList(), tr("Left the inbox"));
    m_sideTabs->addTab(m_try, tr("Try it"));
    // Calls sent from the monitor itself; an async call's element id becomes the filter.
    auto *caller = new CallerPanel(m_session, this);
    caller->setObjectName(QStringLiteral("callerPanel"));
    // Scrolled, so that its tall form never squeezes the traffic list above it.
    auto *callerScroll = new QScrollArea(this);
    callerScroll->setWidget(caller);
    callerScroll->setWidgetResizable(true);
    callerScroll->setFrameShape(QFrame::NoFrame);
    m_sideTabs->addTab(callerScroll, tr("Call"));
    // Every connection of the embedded emulator; a double click shows only its messages.
    auto *functions = new QTableView(this);
    functions->setObjectName(QStringLiteral("functionsView"));
    functions->setModel(m_session->functions());
    functions->setSelectionBehavior(QAbstractItemView::SelectRows);
    functions->setEditTriggers(QAbstractItemView::NoEditTriggers);
    functions->verticalHeader()->hide();
    functions->horizontalHeader()->setStretchLastSection(true);
    functions->horizontalHeader()->moveSection(FunctionsModel::NodeColumn,
                                               FunctionsModel::FunctionColumn + 1);
    functions->setToolTip(tr("Every function connected to the embedded emulator. Double-click "
                             "one to show only its connection's messages."));
    m_sideTabs->addTab(functions, tr("Functions"));
    // Messages held before they are delivered, with what to do with them.
    m_sideTabs->addTab(m_intercept, tr("Intercepted"));
    connect(m_session->interceptor()->model(), &InterceptModel::countChanged, this,
            [this](int count) {
                m_sideTabs->setTabText(m_sideTabs->indexOf(m_intercept),
                                       count ? tr("Intercepted (%1)").arg(count)
                                             : tr("Intercepted"));
            });
    connect(functions, &QAbstractItemView::doubleClicked, this, [this](const QModelIndex &index) {
        m_filterBar->connectionEdit()->setText(m_session->functions()->podName(index.row()));
        m_filterBar->apply();
    });
    connect(caller, &CallerPanel::followRequested, this, [this](const QString &id) {
        m_filterBar->textEdit()->setText(id);
        m_filterBar->apply();
        selectNewestRequest(id);
    });
    // A request picked in the inbox shows in the detail pane: its body and headers are what
    // the answer depends on. One the inbox picked itself shows only if the operator has not
    // picked a traffic row, and scrolls the list only if it follows new rows anyway.
    connect(m_inbox, &InboxPane::requestSelected, this, [this](const QString &id, bool byOperator) {
        if (id.isEmpty() || (!byOperator && m_pickedByOperator))
            return;
        if (!byOperator && m_traffic->isPaused())
            return;
        m_selectingForInbox = true;
        selectNewestRequest(id, byOperator || m_followNewRows);
        m_selectingForInbox = false;
        m_pickedByOperator = false;
    });
    connect(m_session->inbox(), &InboxModel::countChanged, this, [this](int count) {
        m_sideTabs->setTabText(m_sideTabs->indexOf(m_inbox),
                               count ? tr("Inbox (%1)").arg(count) : tr("Inbox"));
    });

    auto *bottom = new QSplitter(Qt::Horizontal, this);
    bottom->setObjectName(QStringLiteral("bottomSplitter"));
    bottom->addWidget(m_detail);
    bottom->addWidget(m_sideTabs);
    bottom->setStretchFactor(0, 3);
    bottom->setStretchFactor(1, 2);
    m_split->setObjectName(QStringLiteral("mainSplitter"));
    m_split->addWidget(m_view);
    m_split->addWidget(bottom);
    m_split->setStretchFactor(0, 3);
    m_split->setStretchFactor(1, 2);
    m_split->setChildrenCollapsible(false);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_status);
    layout->addWidget(m_filterBar);
    layout->addWidget(m_split, 1);
    setCentralWidget(central);
    m_counts->setObjectName(QStringLiteral("countsLabel"));
    statusBar()->addPermanentWidget(m_counts);

    buildActions();
    connect(m_session, &MonitorSession::connectionChanged, this, &MainWindow::updateTitle);
    // The Node column, while the messages can come through several nodes.
    connect(m_session, &MonitorSession::connectionChanged, this, &MainWindow::updateNodeColumn);
    connect(m_session->client(), &SlimFaasClient::nodesChanged, this,
            &MainWindow::updateNodeColumn);
    connect(m_session, &MonitorSession::queueLengthChanged, this, &MainWindow::updateCounts);
    connect(m_session->inbox(), &InboxModel::countChanged, this, &MainWindow::updateCounts);
    // What the server says about this function, where the operator looks.
    connect(m_session, &MonitorSession::warningReported, this,
            [this](const QString &id, const QString &message) {
                statusBar()->showMessage(id.isEmpty() ? tr("⚠ %1").arg(message)
                                                      : tr("⚠ %1: %2").arg(id, message),
                                         15000);
            });
    connect(m_traffic, &TrafficModel::recordsDropped, this, [this](int count) {
        statusBar()->showMessage(
                tr("%n oldest message(s) dropped to stay within %1 kept.", nullptr, count)
                        .arg(m_traffic->maximumRecords()),
                5000);
    });
    // While paused the list does not move: count what it holds back.
    m_heldCount->setInterval(500);
    connect(m_heldCount, &QTimer::timeout, this, &MainWindow::updateCounts);

    QSettings settings;
    AnswerRules rules;
    rules.load(&settings);
    m_session->setRules(rules);
    updateTitle();
    updateCounts();
    updateNodeColumn();
    setMinimumSize(1024, 600);
    resize(1280, 800);
}

MainWindow::~MainWindow()
{
    // Children are deleted in the order they were made, models before the panes and the
    // session that use them. Stop reacting to the panes first, then close the connection
    // while everything it reports to is still alive.
    const QList<QObject *> sources = findChildren<QObject *>();
    for (QObject *source : sources)
        disconnect(source, nullptr, this, nullptr);
    delete m_session;
    m_session = nullptr;
}

QAction *MainWindow::makeAction(QMenu *menu, const QString &name, const QString &text,
                                const QList<QKeySequence> &keys, const QString &tip)
{
    auto *action = new QAction(text, this);
    action->setObjectName(name);
    action->setShortcuts(keys);
    // The shortcut in the tooltip too: toolbars show tooltips, not menus' shortcut column.
    action->setToolTip(
            keys.isEmpty()
                    ? tip
                    : tr("%1 (%2)").arg(tip, keys.first().toString(QKeySequence::NativeText)));
    action->setShortcutContext(Qt::WindowShortcut);
    menu->addAction(action);
    return action;
}

QAction *MainWindow::action(const QString &objectName) const
{
    return findChild<QAction *>(objectName);
}

void MainWindow::buildActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QMenu *view = menuBar()->addMenu(tr("&View"));
    QMenu *inbox = menuBar()->addMenu(tr("&Inbox"));
    QMenu *intercept = menuBar()->addMenu(tr("In&tercept"));
    for (QMenu *menu : { file, view, inbox, intercept })
        menu->setToolTipsVisible(true);

    QAction *connectAction = makeAction(file, QStringLiteral("connectAction"), tr("Connect…"),
                                        { QKeySequence::Open },
                                        tr("Register on a SlimFaas or on the embedded emulator, "
                                           "as another function."));
    connect(connectAction, &QAction::triggered, this, &MainWindow::showConnectionDialog);
    QAction *newWindow = makeAction(file, QStringLiteral("newWindowAction"), tr("New function…"),
                                    { QKeySequence::New },
                                    tr("Watch one more function in a window of its own, on the "
                                       "same emulator or SlimFaas."));
    connect(newWindow, &QAction::triggered, this, &MainWindow::showNewWindowDialog);
    file->addSeparator();
    QAction *exportAction
            = makeAction(file, QStringLiteral("exportAction"), tr("Export…"),
                         { QKeySequence::Save }, tr("Save the captured messages as JSON Lines."));
    connect(exportAction, &QAction::triggered, this, &MainWindow::exportWithDialog);
    QAction *importAction = makeAction(file, QStringLiteral("importAction"), tr("Import…"),
                                       { QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O) },
                                       tr("Open a capture from the monitor or from "
                                          "slimfaas-tap."));
    connect(importAction, &QAction::triggered, this, &MainWindow::importWithDialog);
    file->addSeparator();
    QAction *quit = makeAction(file, QStringLiteral("quitAction"), tr("Close window"),
                               { QKeySequence(Qt::CTRL | Qt::Key_Q) },
                               tr("Close this window (asks first when requests are waiting)."));
    connect(quit, &QAction::triggered, this, &QWidget::close);

    m_pause = makeAction(view, QStringLiteral("pauseAction"), tr("Pause"),
                         { QKeySequence(Qt::CTRL | Qt::Key_P), QKeySequence(Qt::Key_Pause) },
                         tr("Freeze the list; messages keep being recorded and appear on "
                            "resume."));
    m_pause->setCheckable(true);
    connect(m_pause, &QAction::toggled, m_traffic, &TrafficModel::setPaused);
    connect(m_traffic, &TrafficModel::pausedChanged, this, [this](bool paused) {
        m_pause->setChecked(paused);
        m_pause->setText(paused ? tr("Resume") : tr("Pause"));
        if (paused)
            m_heldCount->start();
        else
            m_heldCount->stop();
        updateCounts();
    });
    QAction *clear = makeAction(view, QStringLiteral("clearAction"), tr("Clear"),
                                { QKeySequence(Qt::CTRL | Qt::Key_L) },
                                tr("Empty the traffic list (asks first; the inbox keeps its "
                                   "requests)."));
    connect(clear, &QAction::triggered, this, &MainWindow::clearTraffic);
    view->addSeparator();
    QAction *find = makeAction(view, QStringLiteral("filterAction"), tr("Filter…"),
                               { QKeySequence::Find }, tr("Type a filter for the traffic list."));
    connect(find, &QAction::triggered, this, [this] {
        m_filterBar->textEdit()->setFocus(Qt::ShortcutFocusReason);
        m_filterBar->textEdit()->selectAll();
    });
    QAction *list = makeAction(view, QStringLiteral("trafficAction"), tr("Go to the traffic list"),
                               { QKeySequence(Qt::CTRL | Qt::Key_J) },
                               tr("Put the keyboard on the traffic list."));
    connect(list, &QAction::triggered, this, [this] { m_view->setFocus(Qt::ShortcutFocusReason); });

    QAction *goInbox = makeAction(inbox, QStringLiteral("inboxAction"), tr("Go to the inbox"),
                                  { QKeySequence(Qt::CTRL | Qt::Key_I) },
                                  tr("Put the keyboard on the inbox: arrows move, Enter "
                                     "answers 200, a digit types a status."));
    connect(goInbox, &QAction::triggered, this, [this] {
        m_sideTabs->setCurrentWidget(m_inbox);
        m_inbox->focusInbox();
    });
    inbox->addSeparator();
    const struct
    {
        int status;
        Qt::Key key;
        const char *tip;
    } answers[] = {
        { 200, Qt::Key_2, QT_TR_NOOP("Answer the selected async requests 200: done.") },
        { 500, Qt::Key_5,
          QT_TR_NOOP("Answer the selected async requests 500: SlimFaas tries "
                     "again.") },
        { 503, Qt::Key_3,
          QT_TR_NOOP("Answer the selected async requests 503: SlimFaas tries "
                     "again.") },
    };
    for (const auto &answer : answers) {
        QAction *a = makeAction(inbox, QStringLiteral("answer%1Action").arg(answer.status),
                                tr("Answer %1").arg(answer.status),
                                { QKeySequence(Qt::CTRL | answer.key) }, tr(answer.tip));
        const int status = answer.status;
        connect(a, &QAction::triggered, m_inbox,
                [this, status] { m_inbox->answerSelected(status); });
    }
    QAction *typed = makeAction(inbox, QStringLiteral("typeStatusAction"), tr("Type a status…"),
                                { QKeySequence(Qt::CTRL | Qt::Key_T) },
                                tr("Put the keyboard on the status box; Enter answers."));
    connect(typed, &QAction::triggered, this, [this] {
        m_sideTabs->setCurrentWidget(m_inbox);
        m_inbox->focusStatus();
    });
    QAction *send = makeAction(
            inbox, QStringLiteral("sendResponseAction"), tr("Send response"),
            { QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter) },
            tr("Send the sync response in the editor to the selected sync "
               "requests."));
    connect(send, &QAction::triggered, m_inbox, &InboxPane::sendSyncResponse);
    QAction *defer = makeAction(inbox, QStringLiteral("deferAction"), tr("Defer"),
                                { QKeySequence(Qt::CTRL | Qt::Key_D) },
                                tr("Keep the selected requests for later."));
    connect(defer, &QAction::triggered, m_inbox, &InboxPane::deferSelected);
    QAction *cancel = makeAction(inbox, QStringLiteral("cancelRequestAction"), tr("Cancel request"),
                                 { QKeySequence(Qt::CTRL | Qt::Key_Delete) },
                                 tr("Abort the selected sync calls: their callers get an error."));
    connect(cancel, &QAction::triggered, m_inbox, &InboxPane::cancelSelected);
    inbox->addSeparator();
    QAction *rules = makeAction(inbox, QStringLiteral("rulesAction"), tr("Auto-answer rules…"),
                                { QKeySequence(Qt::CTRL | Qt::Key_R) },
                                tr("Answer requests without a click, by method and path."));
    connect(rules, &QAction::triggered, this, &MainWindow::showRulesDialog);

    QAction *interceptOn = makeAction(
            intercept, QStringLiteral("interceptAction"), tr("Intercept"),
            { QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I) },
            tr("Hold the messages the intercept rules take before they are delivered; off "
               "forwards every message held."));
    interceptOn->setCheckable(true);
    Interceptor *interceptor = m_session->interceptor();
    connect(interceptOn, &QAction::toggled, interceptor, &Interceptor::setEnabled);
    connect(interceptor, &Interceptor::enabledChanged, interceptOn, &QAction::setChecked);
    QAction *goIntercepted = makeAction(intercept, QStringLiteral("interceptedAction"),
                                        tr("Go to the Intercepted list"),
                                        { QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_H) },
                                        tr("Put the keyboard on the messages held: Enter "
                                           "forwards, Delete drops, E edits."));
    connect(goIntercepted, &QAction::triggered, this, [this] {
        m_sideTabs->setCurrentWidget(m_intercept);
        m_intercept->focusList();
    });
    intercept->addSeparator();
    const struct
    {
        const char *name;
        const char *text;
        Qt::Key key;
        const char *tip;
        void (InterceptPane::*slot)();
    } held[] = {
        { "forwardAction", QT_TR_NOOP("Forward"), Qt::Key_F,
          QT_TR_NOOP("Deliver the selected held message as it is."),
          &InterceptPane::forwardSelected },
        { "forwardEditedAction", QT_TR_NOOP("Forward edited"), Qt::Key_E,
          QT_TR_NOOP("Deliver the selected held message as its JSON now says."),
          &InterceptPane::forwardEditedSelected },
        { "dropAction", QT_TR_NOOP("Drop"), Qt::Key_X,
          QT_TR_NOOP("Never deliver the selected held message (nor the rest of its stream)."),
          &InterceptPane::dropSelected },
        { "forwardAllAction", QT_TR_NOOP("Forward all"), Qt::Key_A,
          QT_TR_NOOP("Deliver every held message as it is, oldest first."),
          &InterceptPane::forwardAll },
        { "dropAllAction", QT_TR_NOOP("Drop all"), Qt::Key_K,
          QT_TR_NOOP("Never deliver any of the held messages."), &InterceptPane::dropAll },
    };
    for (const auto &each : held) {
        QAction *a = makeAction(intercept, QString::fromLatin1(each.name), tr(each.text),
                                { QKeySequence(Qt::CTRL | Qt::SHIFT | each.key) }, tr(each.tip));
        connect(a, &QAction::triggered, m_intercept, each.slot);
    }
    intercept->addSeparator();
    QAction *interceptRules
            = makeAction(intercept, QStringLiteral("interceptRulesAction"), tr("Intercept rules…"),
                         { QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R) },
                         tr("Which messages are held: by direction, type, "
                            "function, method and path."));
    connect(interceptRules, &QAction::triggered, m_intercept, &InterceptPane::editRules);

    QToolBar *bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setMovable(false);
    bar->addActions({ connectAction, newWindow });
    bar->addSeparator();
    bar->addActions({ m_pause, clear });
    bar->addSeparator();
    bar->addAction(rules);
    bar->addAction(interceptOn);
    bar->addSeparator();
    bar->addActions({ exportAction, importAction });
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (m_sized)
        return;
    // The first time only: the list and the panes under it share the height, the detail
    // pane gets more of the width; the operator's own sizes are kept from then on.
    m_sized = true;
    const int height = m_split->height();
    m_split->setSizes({ height / 2, height - height / 2 });
    auto *bottom = findChild<QSplitter *>(QStringLiteral("bottomSplitter"));
    bottom->setSizes({ bottom->width() * 11 / 20, bottom->width() * 9 / 20 });
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    const int waiting = m_session->inbox()->rowCount();
    if (waiting > 0) {
        QMessageBox box(
                QMessageBox::Warning, tr("Requests are waiting"),
                tr("%n request(s) in the inbox are waiting for an answer.", nullptr, waiting),
                QMessageBox::NoButton, this);
        box.setObjectName(QStringLiteral("closeConfirmation"));
        box.setInformativeText(tr("If the window closes now, SlimFaas answers the async ones "
                                  "503 and sends them again, and the sync callers get an "
                                  "error."));
        QPushButton *close = box.addButton(tr("Close anyway"), QMessageBox::DestructiveRole);
        box.addButton(QMessageBox::Cancel);
        box.setDefaultButton(QMessageBox::Cancel);
        box.exec();
        if (box.clickedButton() != close) {
            event->ignore();
            return;
        }
    }
    QMainWindow::closeEvent(event);
}

void MainWindow::clearTraffic()
{
    m_traffic->flush();
    const int rows = m_traffic->rowCount();
    if (rows > 0) {
        QMessageBox box(QMessageBox::Question, tr("Clear the traffic list"),
                        tr("Remove the %n message(s) from the list?", nullptr, rows),
                        QMessageBox::NoButton, this);
        box.setObjectName(QStringLiteral("clearConfirmation"));
        box.setInformativeText(tr("Export them first to keep them. The inbox keeps its "
                                  "requests."));
        QPushButton *clear = box.addButton(tr("Clear"), QMessageBox::DestructiveRole);
        box.addButton(QMessageBox::Cancel);
        box.setDefaultButton(QMessageBox::Cancel);
        box.exec();
        if (box.clickedButton() != clear)
            return;
    }
    m_traffic->clear();
}

bool MainWindow::openConnection(const ConnectionSettings &connection, quint16 webSocketPort,
                                quint16 httpPort)
{
    m_connection = connection;
    bool ok = true;
    disconnect(m_rememberWhenReady);
    if (connection.proxy) {
        QString error;
        const auto endpoints
                = ProxyEndpoints::read(connection.listen, connection.url.toString(), &error);
        const QHostAddress address = endpoints ? endpoints->listenAddress() : QHostAddress();
        if (endpoints && address.isNull())
            error = tr("\"%1\" is not an IP address to listen on.").arg(endpoints->listenHost);
        else if (endpoints
                 && !m_session->startProxy(address, endpoints->listenPort, endpoints->upstream))
            error = tr("Cannot listen on %1: %2").arg(connection.listen, m_session->errorString());
        if (!error.isEmpty()) {
            statusBar()->showMessage(error);
            QMessageBox box(QMessageBox::Critical, tr("Cannot start the proxy"), error,
                            QMessageBox::Ok, isVisible() ? this : nullptr);
            box.setObjectName(QStringLiteral("proxyError"));
            box.exec();
            return false;
        }
        QSettings settings;
        ConnectionSettings::remember(&settings, connection);
        return true;
    }
    if (connection.url.isEmpty())
        ok = m_session->startEmbedded(connection.config, webSocketPort, httpPort);
    else
        m_session->connectTo(connection.url, connection.config);
    if (!ok) {
        const QString message
                = tr("The embedded emulator cannot start: %1").arg(m_session->errorString());
        statusBar()->showMessage(message);
        QMessageBox box(QMessageBox::Critical, tr("Cannot start the emulator"), message,
                        QMessageBox::Ok, isVisible() ? this : nullptr);
        box.setObjectName(QStringLiteral("emulatorError"));
        box.setInformativeText(tr("Another program may be using the port: choose another one, "
                                  "or 0 for a free one."));
        box.exec();
        return false;
    }
    // Only a connection that worked is worth offering again.
    m_rememberWhenReady
            = connect(m_session->client(), &SlimFaasClient::ready, this, [this, connection] {
                  disconnect(m_rememberWhenReady);
                  QSettings settings;
                  ConnectionSettings::remember(&settings, connection);
              });
    return true;
}

MainWindow *MainWindow::openWindow(const ConnectionSettings &connection)
{
    auto *window = new MainWindow;
    window->setAttribute(Qt::WA_DeleteOnClose);
    // The window's own client settings (keepalive, TLS, headers) come from this one.
    SlimFaasClient *from = m_session->client();
    SlimFaasClient *to = window->session()->client();
    to->setPingInterval(from->pingInterval());
    to->setDeadPeerTimeout(from->deadPeerTimeout());
    to->setMinimumReconnectDelay(from->minimumReconnectDelay());
    to->setMaximumReconnectDelay(from->maximumReconnectDelay());
    to->setRetryAfterRefusal(from->retryAfterRefusal());
    for (const auto &header : from->handshakeHeaders())
        to->setHandshakeHeader(header.first, header.second);
#ifndef QT_NO_SSL
    to->setSslConfiguration(from->sslConfiguration());
#endif
    window->traffic()->setMaximumRecords(m_traffic->maximumRecords());
    if (connection.url.isEmpty() && m_session->emulator()) {
        // Same emulator: registered as a remote connection to each of its nodes, with its
        // caller URL.
        to->setNodeUrls(m_session->embeddedNodeUrls());
        window->m_connection = { m_session->emulator()->webSocketUrl(), connection.config };
        window->m_session->connectTo(window->m_connection.url, connection.config,
                                     m_session->callerUrl());
        window->updateTitle();
    } else {
        window->openConnection(connection);
    }
    window->show();
    return window;
}

void MainWindow::showNewWindowDialog()
{
    QSettings settings;
    ConnectionSettings next = m_connection;
    next.config.setFunctionName(QString());
    ConnectionDialog dialog(next, ConnectionSettings::recent(&settings), this);
    dialog.setWindowTitle(tr("Watch another function"));
    if (dialog.exec() == QDialog::Accepted)
        openWindow(dialog.settings());
}

void MainWindow::setAnswerRules(const AnswerRules &rules)
{
    m_session->setRules(rules);
    QSettings settings;
    rules.save(&settings);
}

void MainWindow::showConnectionDialog()
{
    QSettings settings;
    ConnectionDialog dialog(m_connection, ConnectionSettings::recent(&settings), this);
    if (dialog.exec() == QDialog::Accepted)
        openConnection(dialog.settings());
}

void MainWindow::showRulesDialog()
{
    AnswerRulesDialog dialog(m_session->rules(), this);
    if (dialog.exec() == QDialog::Accepted)
        setAnswerRules(dialog.rules());
}

bool MainWindow::exportTraffic(const QString &fileName, QString *errorString)
{
    m_traffic->flush();
    QFile file(fileName);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        if (errorString)
            *errorString = file.errorString();
        return false;
    }
    return m_traffic->exportJsonLines(&file, errorString) && file.flush();
}

bool MainWindow::importTraffic(const QString &fileName, QString *errorString,
                               QStringList *skipReasons, bool quiet)
{
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly)) {
        if (errorString)
            *errorString = file.errorString();
        return false;
    }
    // Hundreds of thousands of lines take seconds: say so, and let it be stopped.
    QGuiApplication::setOverrideCursor(Qt::BusyCursor);
    QProgressDialog progress(tr("Importing %1…").arg(QFileInfo(fileName).fileName()), tr("Stop"), 0,
                             1000, this);
    progress.setObjectName(QStringLiteral("importProgress"));
    progress.setWindowTitle(tr("Import traffic"));
    progress.setWindowModality(Qt::WindowModal);
    const qint64 size = qMax<qint64>(1, file.size());
    // A big file shows it at once; a small one only if it takes a while after all.
    progress.setMinimumDuration(size > 1024 * 1024 ? 0 : 500);
    int skipped = 0;
    QStringList reasons;
    const int count = m_traffic->importJsonLines(&file, &skipped, errorString, &reasons,
                                                 [&progress, size](qint64 done) {
                                                     progress.setValue(int(done * 1000 / size));
                                                     return !progress.wasCanceled();
                                                 });
    const bool stopped = progress.wasCanceled();
    progress.reset();
    QGuiApplication::restoreOverrideCursor();
    if (count < 0)
        return false;
    m_traffic->flush();
    for (int row = m_traffic->rowCount() - count; row < m_traffic->rowCount() && !m_nodesImported;
         ++row)
        m_nodesImported = row >= 0 && m_traffic->record(row).nodeIndex() != 0;
    updateNodeColumn();
    QString message = tr("Imported %n message(s) from %1.", nullptr, count)
                              .arg(QFileInfo(fileName).fileName());
    if (skipped)
        message += QLatin1Char(' ') + tr("%n line(s) skipped, not messages.", nullptr, skipped);
    if (stopped)
        message += QLatin1Char(' ') + tr("Stopped before the end of the file.");
    statusBar()->showMessage(message, 15000);
    if (skipReasons)
        *skipReasons = reasons;
    if (skipped && !quiet) {
        QMessageBox box(QMessageBox::Information, tr("Import traffic"), message, QMessageBox::Ok,
                        this);
        box.setObjectName(QStringLiteral("importReport"));
        box.setInformativeText(tr("Imported rows are in italics."));
        QString details = reasons.join(QLatin1Char('\n'));
        if (skipped > reasons.size())
            details += QLatin1Char('\n')
                    + tr("… and %n more.", nullptr, skipped - int(reasons.size()));
        box.setDetailedText(details);
        box.exec();
    }
    return true;
}

void MainWindow::exportWithDialog()
{
    const QString fileName = QFileDialog::getSaveFileName(
            this, tr("Export traffic"), QStringLiteral("slimfaas-capture.jsonl"),
            tr("JSON Lines (*.jsonl *.json);;All files (*)"));
    QString error;
    if (!fileName.isEmpty() && !exportTraffic(fileName, &error))
        QMessageBox::warning(this, tr("Export failed"), error);
}

void MainWindow::importWithDialog()
{
    const QString fileName
            = QFileDialog::getOpenFileName(this, tr("Import traffic"), QString(),
                                           tr("JSON Lines (*.jsonl *.json);;All files (*)"));
    QString error;
    if (!fileName.isEmpty() && !importTraffic(fileName, &error))
        QMessageBox::warning(this, tr("Import failed"), error);
}

void MainWindow::selectNewestRequest(const QString &id, bool scroll)
{
    // Paused, the list holds still: nothing is flushed into it behind the operator's back.
    if (!m_traffic->isPaused())
        m_traffic->flush();
    const QByteArray utf8Id = id.toUtf8();
    for (int row = m_filter->rowCount() - 1; row >= 0; --row) {
        const int sourceRow = m_filter->mapToSource(m_filter->index(row, 0)).row();
        const TrafficRecord &record = m_traffic->record(sourceRow);
        const MessageType type = record.type();
        if ((type == MessageType::AsyncRequest || type == MessageType::SyncRequestStart
             || type == MessageType::PublishEvent)
            && (id.isEmpty() || record.correlationIdView() == utf8Id)) {
            selectNumber(m_traffic->number(sourceRow), scroll);
            return;
        }
    }
}

bool MainWindow::selectNumber(qint64 number, bool scroll)
{
    const qint64 sourceRow = number - m_traffic->number(0);
    if (sourceRow < 0 || sourceRow >= m_traffic->rowCount())
        return false;
    const QModelIndex index = m_filter->mapFromSource(m_traffic->index(int(sourceRow), 0));
    if (!index.isValid())
        return false;
    m_view->selectionModel()->setCurrentIndex(
            index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    if (scroll)
        m_view->scrollTo(index);
    return true;
}

void MainWindow::selectionChanged()
{
    if (m_filterChanging)
        return;
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    if (!current.isValid()) {
        m_shownNumber = m_keptNumber = -1;
        m_shownStreamOpen = false;
        m_detail->clear();
        return;
    }
    if (!m_selectingForInbox)
        m_pickedByOperator = true;
    showInDetail(m_filter->mapToSource(current).row());
    m_keptNumber = m_shownNumber;
}

void MainWindow::showInDetail(int sourceRow)
{
    const TrafficRecord &record = m_traffic->record(sourceRow);
    m_shownNumber = m_traffic->number(sourceRow);
    std::optional<QByteArray> streamBody;
    m_shownStreamOpen = false;
    if (record.type() == MessageType::SyncRequestStart) {
        m_shownStreamOpen = true;
        // The request's body is in the chunks that follow it, interleaved with other
        // traffic: gather what has arrived (bounded, as the detail pane keeps bodies).
        constexpr int LookAhead = 20000;
        streamBody = QByteArray();
        const QByteArrayView id = record.correlationIdView();
        const int end = qMin(m_traffic->rowCount(), sourceRow + 1 + LookAhead);
        for (int row = sourceRow + 1; row < end; ++row) {
            const TrafficRecord &next = m_traffic->record(row);
            if (next.direction() != TrafficRecord::In || next.correlationIdView() != id)
                continue;
            if (next.type() == MessageType::SyncRequestChunk)
                streamBody->append(next.bodyView().data(), next.bodyView().size());
            if (next.type() == MessageType::SyncRequestEnd || next.type() == MessageType::SyncCancel
                || streamBody->size() >= TrafficRecord::MaximumKeptBody) {
                m_shownStreamOpen = false;
                break;
            }
        }
    }
    m_detail->showRecord(record, m_traffic->noteText(record.note()), streamBody);
}

void MainWindow::filterAboutToChange()
{
    m_filterChanging = true;
    // Where the operator was looking, to come back to it when nothing is selected.
    const QModelIndex top = m_view->indexAt(QPoint(0, 0));
    m_topNumber = top.isValid() ? m_traffic->number(m_filter->mapToSource(top).row()) : -1;
}

void MainWindow::filterChanged()
{
    // The selected message stays selected when the new filter shows it, and is selected
    // again when a later filter does.
    const bool selected = m_keptNumber >= 0 && selectNumber(m_keptNumber, false);
    if (!selected) {
        m_view->selectionModel()->clear();
        m_detail->clear();
        m_shownNumber = -1;
        m_shownStreamOpen = false;
    }
    m_filterChanging = false;
    if (m_followNewRows) {
        m_view->scrollToBottom();
    } else if (selected) {
        m_view->scrollTo(m_view->selectionModel()->currentIndex(),
                         QAbstractItemView::PositionAtCenter);
    } else if (m_topNumber >= 0) {
        // The first row at or after the one that was on top.
        const qint64 sourceRow = qMax<qint64>(0, m_topNumber - m_traffic->number(0));
        for (qint64 row = sourceRow; row < m_traffic->rowCount(); ++row) {
            const QModelIndex index = m_filter->mapFromSource(m_traffic->index(int(row), 0));
            if (index.isValid()) {
                m_view->scrollTo(index, QAbstractItemView::PositionAtTop);
                break;
            }
        }
    }
    if (selected)
        showInDetail(int(m_keptNumber - m_traffic->number(0)));
    updateCounts();
}

void MainWindow::updateTitle()
{
    setWindowTitle(tr("SlimFaas monitor — %1").arg(m_connection.description()));
}

void MainWindow::updateNodeColumn()
{
    const bool shown = m_session->hasSeveralNodes() || m_nodesImported;
    m_view->setColumnHidden(TrafficModel::NodeColumn, !shown);
    // Its filter too, unless it is in use.
    QLineEdit *nodeFilter = m_filterBar->nodeEdit();
    nodeFilter->setVisible(shown || !nodeFilter->text().isEmpty());
}

void MainWindow::updateCounts()
{
    QString text
            = tr("%1 of %2 messages shown").arg(m_filter->rowCount()).arg(m_traffic->rowCount());
    if (m_traffic->isPaused())
        text += QStringLiteral(" · ")
                + tr("paused, %n message(s) held", nullptr, m_traffic->pendingCount());
    const int queued = m_session->queueLength();
    if (queued >= 0)
        text += QStringLiteral(" · ") + tr("%n queued in SlimFaas", nullptr, queued);
    m_counts->setText(text);
    m_counts->setToolTip(queued >= 0 ? tr("Requests SlimFaas holds for this function until one "
                                          "of its parallel slots is free; the inbox shows only "
                                          "those delivered.")
                                     : QString());
}
