// SPDX-License-Identifier: MIT
// The monitor as an operator on call uses it: through the window's own widgets and keys,
// on its embedded emulator, with callers on HTTP. What the window says about an answer is
// what SlimFaas did with it; views move only when the operator moves them.

#include <connectiondialog.h>
#include <detailpane.h>
#include <filterbar.h>
#include <inboxmodel.h>
#include <inboxpane.h>
#include <mainwindow.h>
#include <monitorsession.h>
#include <statuspanel.h>
#include <trafficfilter.h>
#include <trafficmodel.h>

#include <slimfaasemulator.h>

#include "modaldialogs.h"

#include <QtCore/qjsondocument.h>
#include <QtCore/qsettings.h>
#include <QtCore/qstandardpaths.h>
#include <QtCore/qtemporarydir.h>
#include <QtGui/qfont.h>
#include <QtNetwork/qnetworkaccessmanager.h>
#include <QtNetwork/qnetworkreply.h>
#include <QtNetwork/qtcpserver.h>
#include <QtNetwork/qtcpsocket.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>
#include <QtWidgets/qlabel.h>
#include <QtWidgets/qlineedit.h>
#include <QtWidgets/qlistwidget.h>
#include <QtWidgets/qplaintextedit.h>
#include <QtWidgets/qprogressdialog.h>
#include <QtWidgets/qpushbutton.h>
#include <QtWidgets/qscrollbar.h>
#include <QtWidgets/qspinbox.h>
#include <QtWidgets/qsplitter.h>
#include <QtWidgets/qtableview.h>

using SlimFaasProtocol::MessageType;

class tst_MonitorOperator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void callerGoneLeavesTheInbox();
    void lateAnswerIsShownAsLate();
    void expiredRequestLeavesTheInbox();
    void closingWithRequestsWaitingAsks();
    void clearAsks();
    void answeredWithTheKeyboardAlone();
    void syncAnsweredWithTheKeyboardAlone();
    void viewsStayPutWhileRequestsArrive();
    void filterChangeKeepsSelectionAndFollowing();
    void detailPaneFollowsTheAnswer();
    void syncRequestShowsItsBodyAndItsOwnDraft();
    void pausedCounterAndServerQueue();
    void multiSelectAnswers();
    void busyPortIsShownInADialog();
    void connectionDialogSaysWhatIsWrong();
    void unreachableUrlIsNotRemembered();
    void importShowsProgressAndReasons();

private:
    QNetworkReply *call(const QByteArray &verb, const QString &path, const QByteArray &body = {});
    // A sync call on a raw socket, to be dropped by the test as a caller with a timeout does.
    QTcpSocket *rawSyncCall(const QString &path);
    InboxModel *inbox() const { return m_window->session()->inbox(); }
    SlimFaasEmulator *emulator() const { return m_window->session()->emulator(); }
    QString outcome(int row = 0) const
    {
        QListWidget *list = m_window->inboxPane()->outcomeList();
        return row < list->count() ? list->item(row)->text() : QString();
    }
    QList<int> rowsOf(MessageType type, const QString &id = {}) const;
    TrafficRecord ping(int i) const;
    void activate();

    QNetworkAccessManager m_network;
    MainWindow *m_window = nullptr;
};

void tst_MonitorOperator::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("SlimFaasQtTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_monitoroperator"));
    QSettings().clear();
}

void tst_MonitorOperator::init()
{
    QSettings().clear();
    m_window = new MainWindow;
    m_window->show();
    ConnectionSettings embedded;
    embedded.config.setFunctionName(QStringLiteral("demo"));
    // Room for bursts: every request is delivered, none waits in SlimFaas's queue.
    embedded.config.setNumberParallelRequest(500);
    embedded.config.setNumberParallelRequestPerPod(500);
    QVERIFY(m_window->openConnection(embedded));
    QVERIFY(emulator());
    emulator()->setRetryDelayScale(0.02);
    QVERIFY(m_window->session()->client()->waitForReady(10000));
}

void tst_MonitorOperator::cleanup()
{
    delete m_window;
    m_window = nullptr;
}

void tst_MonitorOperator::activate()
{
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window));
}

QNetworkReply *tst_MonitorOperator::call(const QByteArray &verb, const QString &path,
                                         const QByteArray &body)
{
    QNetworkRequest request(emulator()->httpUrl().resolved(QUrl(path)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("text/plain"));
    QNetworkReply *reply = m_network.sendCustomRequest(request, verb, body);
    reply->setParent(m_window);
    return reply;
}

QTcpSocket *tst_MonitorOperator::rawSyncCall(const QString &path)
{
    auto *socket = new QTcpSocket(m_window);
    socket->connectToHost(QHostAddress::LocalHost, emulator()->httpPort());
    if (!socket->waitForConnected(5000))
        return nullptr;
    socket->write("POST /function/demo/" + path.toUtf8()
                  + " HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nping");
    return socket;
}

QList<int> tst_MonitorOperator::rowsOf(MessageType type, const QString &id) const
{
    TrafficModel *traffic = m_window->traffic();
    if (!traffic->isPaused())
        traffic->flush();
    QList<int> rows;
    for (int row = 0; row < traffic->rowCount(); ++row) {
        const TrafficRecord &record = traffic->record(row);
        if (record.type() == type && (id.isEmpty() || record.correlationId() == id))
            rows << row;
    }
    return rows;
}

TrafficRecord tst_MonitorOperator::ping(int i) const
{
    return *TrafficRecord::fromJson(
            QJsonObject{ { QLatin1String("time"), QStringLiteral("2026-11-25T10:00:00.000Z") },
                         { QLatin1String("direction"), QLatin1String("in") },
                         { QLatin1String("typeCode"), 5 },
                         { QLatin1String("correlationId"), QStringLiteral("ping-%1").arg(i) } });
}

void tst_MonitorOperator::callerGoneLeavesTheInbox()
{
    QTcpSocket *caller = rawSyncCall(QStringLiteral("slow"));
    QVERIFY(caller);
    QTRY_COMPARE(inbox()->rowCount(), 1);
    const QString id = inbox()->idAt(0);
    // The caller gives up (curl --max-time): SlimFaas sends the function nothing.
    caller->abort();
    QTRY_COMPARE(inbox()->rowCount(), 0);
    QVERIFY2(outcome().contains(QStringLiteral("caller gone")), qPrintable(outcome()));
    QVERIFY(outcome().contains(id));
    // It cannot be answered any more, and its row in the traffic says why.
    QVERIFY(!m_window->session()->answerSync(id, 201, {}, "late"));
    const QList<int> rows = rowsOf(MessageType::SyncRequestStart, id);
    QCOMPARE(rows.size(), 1);
    QVERIFY(m_window->traffic()
                    ->index(rows.first(), TrafficModel::NoteColumn)
                    .data()
                    .toString()
                    .contains(QStringLiteral("caller gone")));
    QVERIFY(rowsOf(MessageType::SyncResponseStart, id).isEmpty());
}

void tst_MonitorOperator::lateAnswerIsShownAsLate()
{
    // SlimFaas's 120 s, shortened: an answer after it may be dropped. The try records 504
    // by itself once the timeout and its retry delay (2 s here) have passed: the answer
    // comes in between.
    emulator()->setAsyncTimeout(300);
    emulator()->setRetryDelayScale(1.0);
    call("POST", QStringLiteral("/async-function/demo/slowjob"), "{}");
    QTRY_COMPARE(inbox()->rowCount(), 1);
    const QString id = inbox()->idAt(0);
    QTest::qWait(400);
    QTRY_COMPARE(m_window->inboxPane()->selectedId(), id);
    m_window->findChild<QPushButton *>(QStringLiteral("answer200Button"))->click();
    QTRY_COMPARE(inbox()->rowCount(), 0);
    QVERIFY2(outcome().contains(QStringLiteral("answered 200")), qPrintable(outcome()));
    QVERIFY2(outcome().contains(QStringLiteral("late: SlimFaas may drop it")),
             qPrintable(outcome()));
    // The emulator's warning lands on the request's row.
    const int row = rowsOf(MessageType::AsyncRequest, id).constLast();
    QTRY_VERIFY2(
            m_window->traffic()
                    ->index(row, TrafficModel::NoteColumn)
                    .data()
                    .toString()
                    .contains(QStringLiteral("late")),
            qPrintable(
                    m_window->traffic()->index(row, TrafficModel::NoteColumn).data().toString()));
    QVERIFY(!outcome().contains(QStringLiteral("recorded 200")));
}

void tst_MonitorOperator::expiredRequestLeavesTheInbox()
{
    emulator()->setAsyncTimeout(200);
    call("POST", QStringLiteral("/async-function/demo/first"), "{}");
    QTRY_COMPARE(inbox()->rowCount(), 1);
    const QString first = inbox()->idAt(0);
    QTest::qWait(300);
    // The next dequeue records the first try 504: SlimFaas drops any answer to it now.
    call("POST", QStringLiteral("/async-function/demo/second"), "{}");
    QTRY_VERIFY(inbox()->rowOf(first) < 0);
    QString text;
    for (int row = 0; row < m_window->inboxPane()->outcomeList()->count(); ++row) {
        if (outcome(row).contains(first))
            text = outcome(row);
    }
    QVERIFY2(text.contains(QStringLiteral("expired")), qPrintable(text));
    QVERIFY(!m_window->session()->answer(first, 200));

    // A sync request nobody answers within SlimFaas's limit (300 s, here 300 ms).
    emulator()->setSyncTimeout(300);
    QNetworkReply *reply = call("POST", QStringLiteral("/function/demo/forgotten"), "x");
    QTRY_VERIFY(inbox()->rowCount() >= 1 && inbox()->isSync(inbox()->rowCount() - 1));
    const QString sync = inbox()->idAt(inbox()->rowCount() - 1);
    QTRY_VERIFY(inbox()->rowOf(sync) < 0);
    QVERIFY2(outcome().contains(sync) && outcome().contains(QStringLiteral("expired")),
             qPrintable(outcome()));
    QVERIFY(!m_window->session()->answerSync(sync, 200, {}, {}));
    QTRY_VERIFY(reply->isFinished());
}

void tst_MonitorOperator::closingWithRequestsWaitingAsks()
{
    call("POST", QStringLiteral("/async-function/demo/waiting"), "{}");
    QTRY_COMPARE(inbox()->rowCount(), 1);
    QString asked;
    ModalDialogs::handleNext([&asked](QWidget *dialog) {
        asked = static_cast<QMessageBox *>(dialog)->text();
        ModalDialogs::click(dialog, QMessageBox::Cancel);
    });
    QVERIFY(!m_window->close());
    QVERIFY2(asked.contains(QStringLiteral("waiting for an answer")), qPrintable(asked));
    QVERIFY(m_window->isVisible());
    QCOMPARE(inbox()->rowCount(), 1);

    ModalDialogs::handleNext(
            [](QWidget *dialog) { ModalDialogs::clickRole(dialog, QMessageBox::DestructiveRole); });
    QVERIFY(m_window->close());
    QVERIFY(!m_window->isVisible());
}

void tst_MonitorOperator::clearAsks()
{
    QTRY_VERIFY(m_window->traffic()->rowCount() >= 2); // the registration
    const int rows = m_window->traffic()->rowCount();
    ModalDialogs::handleNext(
            [](QWidget *dialog) { ModalDialogs::click(dialog, QMessageBox::Cancel); });
    m_window->action(QStringLiteral("clearAction"))->trigger();
    QCOMPARE(m_window->traffic()->rowCount(), rows);
    ModalDialogs::handleNext(
            [](QWidget *dialog) { ModalDialogs::clickRole(dialog, QMessageBox::DestructiveRole); });
    m_window->action(QStringLiteral("clearAction"))->trigger();
    QCOMPARE(m_window->traffic()->rowCount(), 0);
    // Its shortcut is in its tooltip.
    QVERIFY(m_window->action(QStringLiteral("clearAction"))
                    ->toolTip()
                    .contains(QStringLiteral("Ctrl+L")));
    QVERIFY(m_window->action(QStringLiteral("pauseAction"))
                    ->toolTip()
                    .contains(QStringLiteral("Ctrl+P")));
    QVERIFY(m_window->findChild<QPushButton *>(QStringLiteral("answer503Button"))
                    ->toolTip()
                    .contains(QStringLiteral("Ctrl+3")));
}

void tst_MonitorOperator::answeredWithTheKeyboardAlone()
{
    QSignalSpy completed(emulator(), &SlimFaasEmulator::asyncRequestCompleted);
    QSignalSpy retried(emulator(), &SlimFaasEmulator::asyncRequestRetryScheduled);
    call("POST", QStringLiteral("/async-function/demo/one"), "1");
    call("POST", QStringLiteral("/async-function/demo/two"), "2");
    call("POST", QStringLiteral("/async-function/demo/three"), "3");
    QTRY_COMPARE(inbox()->rowCount(), 3);
    const QString one = inbox()->idAt(0);
    const QString two = inbox()->idAt(1);
    const QString three = inbox()->idAt(2);
    activate();

    // Ctrl+F reaches the filter; Ctrl+I the inbox.
    QTest::keyClick(m_window, Qt::Key_F, Qt::ControlModifier);
    QCOMPARE(QApplication::focusWidget(), m_window->filterBar()->textEdit());
    QTest::keyClick(m_window, Qt::Key_I, Qt::ControlModifier);
    QTableView *view = m_window->inboxPane()->view();
    QCOMPARE(QApplication::focusWidget(), view);
    QCOMPARE(m_window->inboxPane()->selectedId(), one);
    // Tab and Ctrl+Tab move the focus, never the selection away.
    QTest::keyClick(view, Qt::Key_Tab, Qt::ControlModifier);
    QCOMPARE(m_window->inboxPane()->selectedId(), one);
    QTest::keyClick(m_window, Qt::Key_I, Qt::ControlModifier);

    // Down to the second, Enter: 200.
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Down);
    QCOMPARE(m_window->inboxPane()->selectedId(), two);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
    QTRY_COMPARE(completed.size(), 1);
    QCOMPARE(completed.first().at(1).toString(), two);
    QCOMPARE(completed.first().at(2).toInt(), 200);

    // The oldest is selected next; a status typed digit by digit, Enter: 503, retried.
    QTRY_COMPARE(m_window->inboxPane()->selectedId(), one);
    QCOMPARE(QApplication::focusWidget(), view);
    QTest::keyClick(view, Qt::Key_5);
    QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("03"));
    QCOMPARE(m_window->findChild<QSpinBox *>(QStringLiteral("statusSpin"))->text(),
             QStringLiteral("503"));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
    QTRY_COMPARE(retried.size(), 1);
    QCOMPARE(retried.first().at(1).toString(), one);
    QCOMPARE(retried.first().at(2).toInt(), 503);
    QCOMPARE(QApplication::focusWidget(), view);

    // D defers; the next one is selected; Ctrl+5 answers it 500 from anywhere.
    QTRY_COMPARE(inbox()->rowCount(), 2); // the retry of "one" is back
    QTRY_COMPARE(m_window->inboxPane()->selectedId(), three);
    QTest::keyClick(view, Qt::Key_D);
    QVERIFY(inbox()->index(inbox()->rowOf(three), 0).data(InboxModel::DeferredRole).toBool());
    QCOMPARE(m_window->inboxPane()->selectedId(), one);
    QTest::keyClick(m_window, Qt::Key_5, Qt::ControlModifier);
    QTRY_COMPARE(retried.size(), 2);
    QCOMPARE(retried.last().at(2).toInt(), 500);
}

void tst_MonitorOperator::syncAnsweredWithTheKeyboardAlone()
{
    QNetworkReply *reply = call("POST", QStringLiteral("/function/demo/keys"), "ping");
    QTRY_COMPARE(inbox()->rowCount(), 1);
    activate();
    QTest::keyClick(m_window, Qt::Key_I, Qt::ControlModifier);
    QTableView *view = m_window->inboxPane()->view();
    QCOMPARE(QApplication::focusWidget(), view);
    // Enter goes to the body; typed; Ctrl+Return sends.
    QTest::keyClick(view, Qt::Key_Return);
    auto *body = m_window->findChild<QPlainTextEdit *>(QStringLiteral("syncBodyEdit"));
    QCOMPARE(QApplication::focusWidget(), body);
    QTest::keyClicks(body, QStringLiteral("typed"));
    // Back on the list, a status typed and Enter sends.
    QTest::keyClick(m_window, Qt::Key_I, Qt::ControlModifier);
    QTest::keyClick(view, Qt::Key_2);
    QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("01"));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 201);
    QCOMPARE(reply->readAll(), QByteArrayLiteral("typed"));
    QTRY_VERIFY2(outcome().contains(QStringLiteral("delivered to the caller")),
                 qPrintable(outcome()));

    // Ctrl+Return sends from the body editor itself.
    QNetworkReply *second = call("POST", QStringLiteral("/function/demo/again"), "ping");
    QTRY_COMPARE(inbox()->rowCount(), 1);
    QTest::keyClick(m_window, Qt::Key_I, Qt::ControlModifier);
    QTest::keyClick(view, Qt::Key_Space);
    QCOMPARE(QApplication::focusWidget(), body);
    QCOMPARE(body->toPlainText(), QString()); // not the last request's answer
    QTest::keyClicks(body, QStringLiteral("second"));
    QTest::keyClick(body, Qt::Key_Return, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(second->isFinished(), 10000);
    QCOMPARE(second->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QCOMPARE(second->readAll(), QByteArrayLiteral("second"));
}

void tst_MonitorOperator::viewsStayPutWhileRequestsArrive()
{
    TrafficModel *traffic = m_window->traffic();
    QTableView *view = m_window->trafficView();
    for (int i = 0; i < 300; ++i)
        traffic->append(ping(i));
    QTRY_COMPARE(traffic->rowCount(), 302);
    // The operator scrolls up and clicks a row.
    QScrollBar *scroll = view->verticalScrollBar();
    QTRY_VERIFY(scroll->maximum() > 0);
    scroll->setValue(scroll->maximum() / 2);
    const QModelIndex picked = view->indexAt(QPoint(10, view->viewport()->height() / 2));
    QVERIFY(picked.isValid());
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(picked).center());
    const QString pickedId
            = view->model()->index(picked.row(), TrafficModel::IdColumn).data().toString();
    QCOMPARE(m_window->detailPane()->fieldValue(QStringLiteral("Correlation id")), pickedId);
    const int value = scroll->value();

    for (int i = 0; i < 100; ++i)
        call("POST", QStringLiteral("/async-function/demo/burst/%1").arg(i), "{}");
    QTRY_COMPARE_WITH_TIMEOUT(inbox()->rowCount(), 100, 30000);
    QTest::qWait(100);
    QCOMPARE(view->selectionModel()->currentIndex().data().toString(),
             picked.data().toString()); // the same running number
    QCOMPARE(view->model()
                     ->index(view->selectionModel()->currentIndex().row(), TrafficModel::IdColumn)
                     .data()
                     .toString(),
             pickedId);
    QCOMPARE(scroll->value(), value);
    QCOMPARE(m_window->detailPane()->fieldValue(QStringLiteral("Correlation id")), pickedId);
    // The inbox selected its oldest request for the next answer, and keeps what the
    // operator picks there while more arrive.
    QCOMPARE(m_window->inboxPane()->selectedId(), inbox()->idAt(0));
    QTableView *inboxView = m_window->inboxPane()->view();
    inboxView->scrollTo(inbox()->index(5, 0));
    QTest::mouseClick(inboxView->viewport(), Qt::LeftButton, {},
                      inboxView->visualRect(inbox()->index(5, 1)).center());
    const QString chosen = inbox()->idAt(5);
    QCOMPARE(m_window->inboxPane()->selectedId(), chosen);
    const int inboxScroll = inboxView->verticalScrollBar()->value();
    for (int i = 0; i < 5; ++i)
        call("POST", QStringLiteral("/async-function/demo/more/%1").arg(i), "{}");
    QTRY_COMPARE(inbox()->rowCount(), 105);
    QCOMPARE(m_window->inboxPane()->selectedId(), chosen);
    QCOMPARE(inboxView->verticalScrollBar()->value(), inboxScroll);

    // Selecting a sync request keeps the panes' sizes.
    auto *splitter = m_window->findChild<QSplitter *>(QStringLiteral("mainSplitter"));
    const QList<int> sizes = splitter->sizes();
    call("POST", QStringLiteral("/function/demo/sync"), "x");
    QTRY_COMPARE(inbox()->rowCount(), 106);
    m_window->inboxPane()->selectRequest(inbox()->idAt(105));
    QTest::qWait(50);
    QCOMPARE(splitter->sizes(), sizes);
}

void tst_MonitorOperator::filterChangeKeepsSelectionAndFollowing()
{
    TrafficModel *traffic = m_window->traffic();
    QTableView *view = m_window->trafficView();
    for (int i = 0; i < 300; ++i)
        traffic->append(ping(i));
    QTRY_COMPARE(traffic->rowCount(), 302);
    QScrollBar *scroll = view->verticalScrollBar();
    QTRY_COMPARE(scroll->value(), scroll->maximum());
    // Filtered, then cleared: still at the bottom, still following.
    FilterBar *bar = m_window->filterBar();
    bar->textEdit()->setText(QStringLiteral("ping-1"));
    bar->apply();
    QCOMPARE(m_window->filter()->rowCount(), 111);
    bar->textEdit()->clear();
    bar->apply();
    QCOMPARE(scroll->value(), scroll->maximum());
    for (int i = 300; i < 400; ++i)
        traffic->append(ping(i));
    QTRY_COMPARE(traffic->rowCount(), 402);
    QTRY_COMPARE(scroll->value(), scroll->maximum());

    // A selected row stays selected through a filter that shows it, and comes back after
    // one that hides it; the detail pane never mixes two messages.
    const QModelIndex row = m_window->filter()->index(150, 0);
    view->selectionModel()->setCurrentIndex(
            row, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    const QString id = m_window->filter()->index(150, TrafficModel::IdColumn).data().toString();
    QCOMPARE(m_window->detailPane()->fieldValue(QStringLiteral("Correlation id")), id);
    bar->textEdit()->setText(QStringLiteral("ping-14"));
    bar->apply();
    QCOMPARE(view->selectionModel()
                     ->currentIndex()
                     .siblingAtColumn(TrafficModel::IdColumn)
                     .data()
                     .toString(),
             id);
    // A request arrives while a filter hides the selected row.
    call("POST", QStringLiteral("/async-function/demo/arrives"), "{\"new\":1}");
    bar->textEdit()->setText(QStringLiteral("arrives"));
    bar->apply();
    QTRY_COMPARE(inbox()->rowCount(), 1);
    QTRY_COMPARE(m_window->filter()->rowCount(), 1);
    DetailPane *detail = m_window->detailPane();
    const QModelIndex current = view->selectionModel()->currentIndex();
    if (detail->hasRecord()) {
        QVERIFY(current.isValid());
        const QString shown = detail->fieldValue(QStringLiteral("Correlation id"));
        QCOMPARE(shown, current.siblingAtColumn(TrafficModel::IdColumn).data().toString());
        QCOMPARE(QJsonDocument::fromJson(detail->jsonText().toUtf8())
                         .object()
                         .value(QLatin1String("elementId"))
                         .toString(),
                 shown);
    }
    bar->textEdit()->clear();
    bar->apply();
    QTRY_COMPARE(detail->fieldValue(QStringLiteral("Correlation id")), id);
    QCOMPARE(view->selectionModel()
                     ->currentIndex()
                     .siblingAtColumn(TrafficModel::IdColumn)
                     .data()
                     .toString(),
             id);
}

void tst_MonitorOperator::detailPaneFollowsTheAnswer()
{
    call("POST", QStringLiteral("/async-function/demo/answer-me"), "{}");
    QTRY_COMPARE(inbox()->rowCount(), 1);
    const QString id = inbox()->idAt(0);
    DetailPane *detail = m_window->detailPane();
    QTRY_COMPARE(detail->fieldValue(QStringLiteral("Correlation id")), id);
    m_window->findChild<QPushButton *>(QStringLiteral("answer200Button"))->click();
    QTRY_VERIFY2(detail->fieldValue(QStringLiteral("Answered by"))
                         .contains(QStringLiteral("by hand: 200")),
                 qPrintable(detail->fieldValue(QStringLiteral("Answered by"))));
}

void tst_MonitorOperator::syncRequestShowsItsBodyAndItsOwnDraft()
{
    call("POST", QStringLiteral("/function/demo/first"), "first body");
    QTRY_COMPARE(inbox()->rowCount(), 1);
    const QString first = inbox()->idAt(0);
    // Its SyncRequestStart shows the body that came in the chunks after it.
    QTRY_COMPARE(m_window->detailPane()->fieldValue(QStringLiteral("Correlation id")), first);
    QTRY_COMPARE(m_window->detailPane()->bodyText(), QStringLiteral("first body"));

    auto *status = m_window->findChild<QSpinBox *>(QStringLiteral("syncStatusSpin"));
    auto *body = m_window->findChild<QPlainTextEdit *>(QStringLiteral("syncBodyEdit"));
    status->setValue(418);
    body->setPlainText(QStringLiteral("for the first"));
    call("POST", QStringLiteral("/function/demo/second"), "second body");
    QTRY_COMPARE(inbox()->rowCount(), 2);
    const QString second = inbox()->idAt(1);
    QCOMPARE(m_window->inboxPane()->selectedId(), first); // kept
    QVERIFY(m_window->inboxPane()->selectRequest(second));
    QCOMPARE(status->value(), 200);
    QCOMPARE(body->toPlainText(), QString());
    QVERIFY(m_window->inboxPane()->selectRequest(first));
    QCOMPARE(status->value(), 418);
    QCOMPARE(body->toPlainText(), QStringLiteral("for the first"));
}

void tst_MonitorOperator::pausedCounterAndServerQueue()
{
    auto *counts = m_window->findChild<QLabel *>(QStringLiteral("countsLabel"));
    m_window->action(QStringLiteral("pauseAction"))->trigger();
    QVERIFY(m_window->traffic()->isPaused());
    for (int i = 0; i < 5; ++i)
        m_window->traffic()->append(ping(i));
    auto held = [this] {
        return QStringLiteral("paused, %1 message").arg(m_window->traffic()->pendingCount());
    };
    QVERIFY(m_window->traffic()->pendingCount() >= 5);
    QTRY_VERIFY2(counts->text().contains(held()), qPrintable(counts->text()));
    // Requests arriving while paused do not flush the list behind the operator's back.
    const int rows = m_window->traffic()->rowCount();
    call("POST", QStringLiteral("/async-function/demo/paused"), "{}");
    QTRY_COMPARE(inbox()->rowCount(), 1);
    QTest::qWait(100);
    QCOMPARE(m_window->traffic()->rowCount(), rows);
    QVERIFY(m_window->traffic()->pendingCount() >= 6);
    QTRY_VERIFY2(counts->text().contains(held()), qPrintable(counts->text()));
    m_window->action(QStringLiteral("pauseAction"))->trigger();
    QTRY_VERIFY(!counts->text().contains(QStringLiteral("paused")));

    // One slot: the second and third requests wait in SlimFaas's queue, and the status
    // says so.
    auto *window = new MainWindow;
    window->setAttribute(Qt::WA_DeleteOnClose, false);
    ConnectionSettings narrow;
    narrow.config.setFunctionName(QStringLiteral("narrow"));
    narrow.config.setNumberParallelRequest(1);
    narrow.config.setNumberParallelRequestPerPod(1);
    QVERIFY(window->openConnection(narrow));
    QVERIFY(window->session()->client()->waitForReady(10000));
    for (int i = 0; i < 3; ++i) {
        QNetworkRequest request(window->session()->emulator()->httpUrl().resolved(
                QUrl(QStringLiteral("/async-function/narrow/job"))));
        m_network.post(request, QByteArray("{}"))->setParent(window);
    }
    QTRY_COMPARE(window->session()->inbox()->rowCount(), 1);
    auto *otherCounts = window->findChild<QLabel *>(QStringLiteral("countsLabel"));
    QTRY_VERIFY2(otherCounts->text().contains(QStringLiteral("2 queued in SlimFaas")),
                 qPrintable(otherCounts->text()));
    QVERIFY(window->statusPanel()->countersText().contains(QStringLiteral("queued 2")));
    delete window;
}

void tst_MonitorOperator::multiSelectAnswers()
{
    QSignalSpy completed(emulator(), &SlimFaasEmulator::asyncRequestCompleted);
    for (int i = 0; i < 4; ++i)
        call("POST", QStringLiteral("/async-function/demo/many/%1").arg(i), "{}");
    QTRY_COMPARE(inbox()->rowCount(), 4);
    QTableView *view = m_window->inboxPane()->view();
    // The first three: click, Shift+click.
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                      view->visualRect(inbox()->index(0, 1)).center());
    QTest::mouseClick(view->viewport(), Qt::LeftButton, Qt::ShiftModifier,
                      view->visualRect(inbox()->index(2, 1)).center());
    QCOMPARE(m_window->inboxPane()->selectedIds().size(), 3);
    const QString last = inbox()->idAt(3);
    m_window->findChild<QPushButton *>(QStringLiteral("answer200Button"))->click();
    QTRY_COMPARE(completed.size(), 3);
    QTest::qWait(100);
    QCOMPARE(completed.size(), 3);
    QCOMPARE(inbox()->rowCount(), 1);
    QCOMPARE(inbox()->idAt(0), last);
    for (const QList<QVariant> &signal : std::as_const(completed))
        QCOMPARE(signal.at(2).toInt(), 200);
}

void tst_MonitorOperator::busyPortIsShownInADialog()
{
    QTcpServer busy;
    QVERIFY(busy.listen(QHostAddress::LocalHost));
    MainWindow window;
    window.show();
    QString text;
    ModalDialogs::handleNext([&text](QWidget *dialog) {
        text = static_cast<QMessageBox *>(dialog)->text();
        ModalDialogs::click(dialog, QMessageBox::Ok);
    });
    ConnectionSettings embedded;
    embedded.config.setFunctionName(QStringLiteral("demo"));
    QVERIFY(!window.openConnection(embedded, 0, busy.serverPort()));
    QVERIFY2(text.contains(QStringLiteral("cannot start")), qPrintable(text));
    QVERIFY2(text.contains(QString::number(busy.serverPort())), qPrintable(text));
}

void tst_MonitorOperator::connectionDialogSaysWhatIsWrong()
{
    const struct
    {
        const char *url;
        const char *says;
    } cases[] = {
        { "ws://exa mple:5003/ws", "not a valid URL" },
        { "http://slimfaas:5003/ws", "must start with ws://" },
        { "ws:///ws", "needs a host" },
    };
    for (const auto &c : cases) {
        ConnectionDialog dialog(ConnectionSettings(), {});
        dialog.findChild<QLineEdit *>(QStringLiteral("urlEdit"))->setText(QLatin1String(c.url));
        dialog.findChild<QLineEdit *>(QStringLiteral("functionEdit"))
                ->setText(QStringLiteral("demo"));
        QString text;
        ModalDialogs::handleNext([&text](QWidget *box) {
            text = static_cast<QMessageBox *>(box)->text();
            ModalDialogs::click(box, QMessageBox::Ok);
        });
        dialog.accept();
        QVERIFY2(text.contains(QLatin1String(c.says)),
                 qPrintable(QLatin1String(c.url) + QStringLiteral(" → ") + text));
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
    }
}

void tst_MonitorOperator::unreachableUrlIsNotRemembered()
{
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const quint16 port = closed.serverPort();
    closed.close();
    MainWindow window;
    ConnectionSettings nowhere;
    nowhere.url = QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(port));
    nowhere.config.setFunctionName(QStringLiteral("demo"));
    QVERIFY(window.openConnection(nowhere));
    QTRY_COMPARE(window.session()->client()->state(), SlimFaasClient::WaitingToReconnect);
    QSettings settings;
    for (const ConnectionSettings &recent : ConnectionSettings::recent(&settings))
        QVERIFY(recent.url != nowhere.url);

    // A connection that registers is remembered.
    ConnectionSettings reachable;
    reachable.url = emulator()->webSocketUrl();
    reachable.config.setFunctionName(QStringLiteral("other"));
    QVERIFY(window.openConnection(reachable));
    QVERIFY(window.session()->client()->waitForReady(10000));
    QTRY_VERIFY(ConnectionSettings::recent(&settings).contains(reachable));
}

void tst_MonitorOperator::importShowsProgressAndReasons()
{
    QTemporaryDir directory;
    const QString fileName = directory.filePath(QStringLiteral("capture.jsonl"));
    QFile file(fileName);
    QVERIFY(file.open(QIODevice::WriteOnly));
    const QByteArray line = QJsonDocument(ping(0).toJson()).toJson(QJsonDocument::Compact);
    file.write(line + '\n');
    file.write("[1,2,3]\n");
    file.write("{\"type\":\"AsyncRequest\",\"body\":\"\xff\xfe\"}\n");
    file.write("{not json\n");
    // Enough lines for the import to take a moment.
    QByteArray many;
    for (int i = 0; i < 40000; ++i)
        many += line + '\n';
    file.write(many);
    file.close();

    bool progressShown = false;
    bool busyCursor = false;
    auto *watch = new QTimer(m_window);
    watch->setInterval(10);
    connect(watch, &QTimer::timeout, this, [&] {
        if (auto *progress
            = m_window->findChild<QProgressDialog *>(QStringLiteral("importProgress")))
            progressShown = progressShown || progress->isVisible();
        busyCursor = busyCursor || QGuiApplication::overrideCursor();
    });
    watch->start();
    QString report;
    QString details;
    ModalDialogs::handleNext(
            [&](QWidget *dialog) {
                auto *box = static_cast<QMessageBox *>(dialog);
                report = box->text();
                details = box->detailedText();
                ModalDialogs::click(dialog, QMessageBox::Ok);
            },
            60000);
    m_window->traffic()->flush();
    const int before = m_window->traffic()->rowCount();
    QString error;
    QStringList reasons;
    QVERIFY2(m_window->importTraffic(fileName, &error, &reasons), qPrintable(error));
    watch->stop();
    QVERIFY(progressShown);
    QVERIFY(busyCursor);
    QVERIFY(!QGuiApplication::overrideCursor());
    QCOMPARE(reasons.size(), 3);
    QVERIFY2(reasons.at(0).startsWith(QStringLiteral("line 2: a JSON array")),
             qPrintable(reasons.at(0)));
    QVERIFY2(reasons.at(1).startsWith(QStringLiteral("line 3: not valid UTF-8")),
             qPrintable(reasons.at(1)));
    QVERIFY2(reasons.at(2).startsWith(QStringLiteral("line 4: not JSON")),
             qPrintable(reasons.at(2)));
    QVERIFY2(report.contains(QStringLiteral("40001")), qPrintable(report));
    QVERIFY2(details.contains(QStringLiteral("line 3: not valid UTF-8")), qPrintable(details));
    // Imported rows look different from live ones.
    TrafficModel *traffic = m_window->traffic();
    QTRY_COMPARE(traffic->rowCount(), before + 40001);
    QVERIFY(traffic->record(before).isImported());
    QVERIFY(!traffic->record(0).isImported());
    QVERIFY(traffic->index(before, 0).data(Qt::FontRole).value<QFont>().italic());
    QVERIFY(!traffic->index(0, 0).data(Qt::FontRole).isValid());
}

QTEST_MAIN(tst_MonitorOperator)
#include "tst_monitoroperator.moc"
