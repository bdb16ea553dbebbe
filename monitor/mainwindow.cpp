// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "answerrulesdialog.h"
#include "callerpanel.h"
#include "detailpane.h"
#include "filterbar.h"
#include "inboxmodel.h"
#include "inboxpane.h"
#include "monitorsession.h"
#include "statuspanel.h"
#include "trafficfilter.h"
#include "trafficmodel.h"
#include "trypane.h"

#include <slimfaasemulator.h>

#include <QtCore/qfile.h>
#include <QtCore/qsettings.h>
#include <QtWidgets/qapplication.h>
#include <QtWidgets/qboxlayout.h>
#include <QtWidgets/qfiledialog.h>
#include <QtWidgets/qheaderview.h>
#include <QtWidgets/qlabel.h>
#include <QtWidgets/qlineedit.h>
#include <QtWidgets/qmessagebox.h>
#include <QtWidgets/qscrollarea.h>
#include <QtWidgets/qscrollbar.h>
#include <QtWidgets/qsplitter.h>
#include <QtWidgets/qstatusbar.h>
#include <QtWidgets/qtableview.h>
#include <QtWidgets/qtabwidget.h>
#include <QtWidgets/qtoolbar.h>

using SlimFaasProtocol::MessageType;

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent),
      m_traffic(new TrafficModel(this)),
      m_session(new MonitorSession(m_traffic, this)),
      m_filter(new TrafficFilter(this)),
      m_view(new QTableView(this)),
      m_filterBar(new FilterBar(m_filter, this)),
      m_detail(new DetailPane(m_session, this)),
      m_inbox(new InboxPane(m_session, this)),
      m_status(new StatusPanel(m_session, this)),
      m_try(new TryPane(m_session, this)),
      m_sideTabs(new QTabWidget(this)),
      m_counts(new QLabel(this))
{
    m_filter->setSourceModel(m_traffic);
    m_view->setObjectName(QStringLiteral("trafficView"));
    m_view->setModel(m_filter);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    // Fixed row heights and column widths: a million rows never get measured.
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_view->horizontalHeader()->setStretchLastSection(true);
    const int x = fontMetrics().horizontalAdvance(QLatin1Char('x'));
    const int widths[] = { 7, 13, 5, 22, 38, 8, 22, 12, 7, 10, 5 };
    for (int column = 0; column < int(std::size(widths)); ++column)
        m_view->setColumnWidth(column, widths[column] * x);

    // Auto-scroll follows new rows only while the user is at the bottom: scrolling up to
    // look at older rows stops it, scrolling back down resumes it.
    QScrollBar *scroll = m_view->verticalScrollBar();
    connect(scroll, &QScrollBar::valueChanged, this,
            [this, scroll](int value) { m_followNewRows = value >= scroll->maximum(); });
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_followNewRows)
            m_view->scrollToBottom();
        updateCounts();
    });
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, &MainWindow::updateCounts);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &MainWindow::updateCounts);
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, &MainWindow::updateCounts);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::selectionChanged);

    m_sideTabs->setObjectName(QStringLiteral("sideTabs"));
    m_sideTabs->addTab(m_inbox, tr("Inbox"));
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
    connect(caller, &CallerPanel::followRequested, this, [this](const QString &id) {
        m_filterBar->textEdit()->setText(id);
        m_filterBar->apply();
        selectNewestRequest(id);
    });
    // A request picked in the inbox shows in the detail pane: its body and headers are what
    // the answer depends on.
    connect(m_inbox, &InboxPane::requestSelected, this, [this](const QString &id) {
        if (!id.isEmpty())
            selectNewestRequest(id);
    });
    connect(m_session->inbox(), &InboxModel::countChanged, this, [this](int count) {
        m_sideTabs->setTabText(m_sideTabs->indexOf(m_inbox),
                               count ? tr("Inbox (%1)").arg(count) : tr("Inbox"));
    });

    auto *bottom = new QSplitter(Qt::Horizontal, this);
    bottom->addWidget(m_detail);
    bottom->addWidget(m_sideTabs);
    bottom->setStretchFactor(0, 3);
    bottom->setStretchFactor(1, 2);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_view);
    split->addWidget(bottom);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_status);
    layout->addWidget(m_filterBar);
    layout->addWidget(split, 1);
    setCentralWidget(central);
    statusBar()->addPermanentWidget(m_counts);

    buildActions();
    connect(m_session, &MonitorSession::connectionChanged, this, &MainWindow::updateTitle);
    connect(m_traffic, &TrafficModel::recordsDropped, this, [this](int count) {
        statusBar()->showMessage(
                tr("%n oldest message(s) dropped to stay within %1 kept.", nullptr, count)
                        .arg(m_traffic->maximumRecords()),
                5000);
    });

    QSettings settings;
    AnswerRules rules;
    rules.load(&settings);
    m_session->setRules(rules);
    updateTitle();
    updateCounts();
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

void MainWindow::buildActions()
{
    QToolBar *bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setMovable(false);
    QAction *connectAction = bar->addAction(tr("Connect…"), this, &MainWindow::showConnectionDialog);
    connectAction->setShortcut(QKeySequence::Open);
    connectAction->setToolTip(tr("Register on a SlimFaas or on the embedded emulator, as "
                                 "another function."));
    QAction *newWindow = bar->addAction(tr("New function…"), this, &MainWindow::showNewWindowDialog);
    newWindow->setShortcut(QKeySequence::New);
    newWindow->setToolTip(tr("Watch one more function in a window of its own, on the same "
                             "emulator or SlimFaas."));
    m_pause = bar->addAction(tr("Pause"));
    m_pause->setCheckable(true);
    m_pause->setToolTip(tr("Freeze the list; messages keep being recorded and appear on "
                           "resume."));
    connect(m_pause, &QAction::toggled, m_traffic, &TrafficModel::setPaused);
    connect(m_traffic, &TrafficModel::pausedChanged, this, [this](bool paused) {
        m_pause->setChecked(paused);
        m_pause->setText(paused ? tr("Resume") : tr("Pause"));
        updateCounts();
    });
    bar->addAction(tr("Clear"), this, [this] {
        m_traffic->clear();
        m_detail->clear();
    });
    bar->addSeparator();
    bar->addAction(tr("Auto-answer rules…"), this, &MainWindow::showRulesDialog);
    bar->addSeparator();
    bar->addAction(tr("Export…"), this, &MainWindow::exportWithDialog)
            ->setToolTip(tr("Save the captured messages as JSON Lines."));
    bar->addAction(tr("Import…"), this, &MainWindow::importWithDialog)
            ->setToolTip(tr("Open a capture from the monitor or from slimfaas-tap."));
}

bool MainWindow::openConnection(const ConnectionSettings &connection, quint16 webSocketPort,
                                quint16 httpPort)
{
    m_connection = connection;
    bool ok = true;
    if (connection.url.isEmpty())
        ok = m_session->startEmbedded(connection.config, webSocketPort, httpPort);
    else
        m_session->connectTo(connection.url, connection.config);
    if (!ok) {
        statusBar()->showMessage(tr("The embedded emulator cannot start: %1")
                                         .arg(m_session->errorString()));
        return false;
    }
    QSettings settings;
    ConnectionSettings::remember(&settings, connection);
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
        // Same emulator: registered as a remote connection to it, with its caller URL.
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

bool MainWindow::importTraffic(const QString &fileName, QString *errorString)
{
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly)) {
        if (errorString)
            *errorString = file.errorString();
        return false;
    }
    int skipped = 0;
    const int count = m_traffic->importJsonLines(&file, &skipped, errorString);
    if (count < 0)
        return false;
    m_traffic->flush();
    statusBar()->showMessage(skipped ? tr("Imported %1 messages; %2 lines were not messages and "
                                          "were skipped.")
                                               .arg(count)
                                               .arg(skipped)
                                     : tr("Imported %1 messages.").arg(count),
                             10000);
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
    const QString fileName = QFileDialog::getOpenFileName(
            this, tr("Import traffic"), QString(),
            tr("JSON Lines (*.jsonl *.json);;All files (*)"));
    QString error;
    if (!fileName.isEmpty() && !importTraffic(fileName, &error))
        QMessageBox::warning(this, tr("Import failed"), error);
}

void MainWindow::selectNewestRequest(const QString &id)
{
    m_traffic->flush();
    const QByteArray utf8Id = id.toUtf8();
    for (int row = m_filter->rowCount() - 1; row >= 0; --row) {
        const TrafficRecord &record =
                m_traffic->record(m_filter->mapToSource(m_filter->index(row, 0)).row());
        const MessageType type = record.type();
        if ((type == MessageType::AsyncRequest || type == MessageType::SyncRequestStart
             || type == MessageType::PublishEvent)
            && (id.isEmpty() || record.correlationIdView() == utf8Id)) {
            m_view->selectRow(row);
            m_view->scrollTo(m_filter->index(row, 0));
            return;
        }
    }
}

void MainWindow::selectionChanged()
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    if (!current.isValid()) {
        m_detail->clear();
        return;
    }
    const int row = m_filter->mapToSource(current).row();
    const TrafficRecord &record = m_traffic->record(row);
    m_detail->showRecord(record, m_traffic->noteText(record.note()));
}

void MainWindow::updateTitle()
{
    setWindowTitle(tr("SlimFaas monitor — %1").arg(m_connection.description()));
}

void MainWindow::updateCounts()
{
    QString text = tr("%1 of %2 messages shown").arg(m_filter->rowCount()).arg(m_traffic->rowCount());
    if (m_traffic->isPaused())
        text += tr(" · paused, %1 waiting").arg(m_traffic->pendingCount());
    m_counts->setText(text);
}
