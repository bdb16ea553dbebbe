// SPDX-License-Identifier: MIT
// The monitor's caller panel driven through its widgets, against the monitor's own
// function on its embedded emulator: what the panel sends must be what the function
// receives, and what the function answers must be what the panel shows.

#include <callerpanel.h>
#include <callhistory.h>
#include <filterbar.h>
#include <inboxmodel.h>
#include <mainwindow.h>
#include <monitorsession.h>
#include <trafficfilter.h>
#include <trafficmodel.h>

#include <slimfaasemulator.h>
#include <slimfaassyncrequest.h>

#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qpointer.h>
#include <QtCore/qprocess.h>
#include <QtCore/qregularexpression.h>
#include <QtCore/qsettings.h>
#include <QtCore/qstandardpaths.h>
#include <QtGui/qclipboard.h>
#include <QtGui/qguiapplication.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>
#include <QtWidgets/qcombobox.h>
#include <QtWidgets/qlineedit.h>
#include <QtWidgets/qlistwidget.h>
#include <QtWidgets/qplaintextedit.h>
#include <QtWidgets/qpushbutton.h>
#include <QtWidgets/qtableview.h>

using SlimFaasProtocol::MessageType;

class tst_MonitorCaller : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void syncCallReachesTheFunctionAndShowsItsAnswer();
    void syncResponseStreamsInAndCanBeAborted();
    void largeSyncResponseIsShownBounded();
    void asyncCallShowsTheElementIdAndItsTries();
    void publishShows204ForASubscriberAnd404Otherwise();
    void historyResendsAndIsKeptBounded();
    void badInputIsReportedNotSent();
    void aNewCallReplacesTheOneRunning();
    void targetFollowsTheMonitorsFunction();
    void copiedCurlCommandSendsTheSameCall();

private:
    CallerPanel *panel() const { return m_window->findChild<CallerPanel *>(); }
    InboxModel *inbox() const { return m_window->session()->inbox(); }
    template<typename T> T *child(const char *name) const
    {
        auto *found = panel()->findChild<T *>(QLatin1String(name));
        if (!found)
            qFatal("no %s in the caller panel", name);
        return found;
    }
    // Fills the form as a person would.
    void type(CallRequest::Kind kind, const QString &target, const QString &method,
              const QString &path, const QString &query = {}, const QString &headers = {},
              const QString &body = {});
    QList<int> rowsOf(MessageType type, const QString &id = {}) const;

    MainWindow *m_window = nullptr;
};

void tst_MonitorCaller::initTestCase()
{
    // The history lives in QSettings: keep the user's away from the test.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("SlimFaasQtTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_monitorcaller"));
}

void tst_MonitorCaller::init()
{
    QSettings().clear();
    m_window = new MainWindow;
    m_window->show();
    ConnectionSettings embedded;
    embedded.config.setFunctionName(QStringLiteral("demo"));
    embedded.config.setSubscribeEvents(QStringList{ QStringLiteral("order-created") });
    QVERIFY(m_window->openConnection(embedded));
    QVERIFY(m_window->session()->emulator());
    m_window->session()->emulator()->setRetryDelayScale(0.02); // [2,4,8] s -> 40, 80, 160 ms
    QVERIFY(m_window->session()->client()->waitForReady(10000));
    QVERIFY(panel());
}

void tst_MonitorCaller::cleanup()
{
    delete m_window;
    m_window = nullptr;
}

void tst_MonitorCaller::type(CallRequest::Kind kind, const QString &target, const QString &method,
                             const QString &path, const QString &query, const QString &headers,
                             const QString &body)
{
    auto *kinds = child<QComboBox>("callKindCombo");
    kinds->setCurrentIndex(kinds->findData(kind));
    child<QLineEdit>("callTargetEdit")->setText(target);
    child<QComboBox>("callMethodCombo")->setCurrentText(method);
    child<QLineEdit>("callPathEdit")->setText(path);
    child<QLineEdit>("callQueryEdit")->setText(query);
    child<QPlainTextEdit>("callHeadersEdit")->setPlainText(headers);
    child<QPlainTextEdit>("callBodyEdit")->setPlainText(body);
}

QList<int> tst_MonitorCaller::rowsOf(MessageType type, const QString &id) const
{
    TrafficModel *traffic = m_window->traffic();
    traffic->flush();
    QList<int> rows;
    for (int row = 0; row < traffic->rowCount(); ++row) {
        const TrafficRecord &record = traffic->record(row);
        if (record.type() == type && (id.isEmpty() || record.correlationId() == id))
            rows << row;
    }
    return rows;
}

void tst_MonitorCaller::syncCallReachesTheFunctionAndShowsItsAnswer()
{
    // The default URL is the embedded emulator's, and the default function the monitor's.
    QCOMPARE(child<QLineEdit>("callUrlEdit")->placeholderText(),
             m_window->session()->callerUrl().toString());
    QCOMPARE(child<QLineEdit>("callTargetEdit")->text(), QStringLiteral("demo"));

    QSignalSpy finished(panel(), &CallerPanel::callFinished);
    type(CallRequest::SyncCall, QStringLiteral("demo"), QStringLiteral("PUT"),
         QStringLiteral("orders/7"), QStringLiteral("dry=1"),
         QStringLiteral("X-Trace: abc\nContent-Type: text/plain"), QStringLiteral("hello"));
    child<QPushButton>("sendCallButton")->click();
    QVERIFY(panel()->isRunning());

    // The function (the monitor's own) receives it as typed, and a person answers.
    QTRY_COMPARE(inbox()->rowCount(), 1);
    QVERIFY(inbox()->isSync(0));
    const QString id = inbox()->idAt(0);
    QTRY_VERIFY(!rowsOf(MessageType::SyncRequestStart, id).isEmpty());
    const TrafficRecord &start
            = m_window->traffic()->record(rowsOf(MessageType::SyncRequestStart, id).first());
    QCOMPARE(start.method(), QStringLiteral("PUT"));
    QCOMPARE(start.path(), QStringLiteral("orders/7"));
    QCOMPARE(start.query(), QStringLiteral("?dry=1"));
    QVERIFY2(QString::fromUtf8(QJsonDocument(start.headers()).toJson())
                     .contains(QStringLiteral("abc")),
             QJsonDocument(start.headers()).toJson().constData());
    QTRY_VERIFY(inbox()->syncRequest(0)->isRequestBodyComplete());
    QCOMPARE(inbox()->syncRequest(0)->readAll(), QByteArrayLiteral("hello"));

    SlimFaasHeaders headers;
    headers[QStringLiteral("X-Answered-By")] << QStringLiteral("monitor");
    QVERIFY(m_window->session()->answerSync(id, 201, headers, QByteArrayLiteral("created 7")));

    QTRY_COMPARE(finished.size(), 1);
    QVERIFY(!panel()->isRunning());
    QVERIFY2(panel()->resultText().startsWith(QStringLiteral("201")),
             qPrintable(panel()->resultText()));
    // ...with the time from the click to the end of the answer.
    QVERIFY2(QRegularExpression(QStringLiteral(" · \\d+ ms$"))
                     .match(panel()->resultText())
                     .hasMatch(),
             qPrintable(panel()->resultText()));
    QCOMPARE(panel()->responseBodyText(), QStringLiteral("created 7"));
    QVERIFY2(panel()->responseHeadersText().contains(QStringLiteral("X-Answered-By: monitor"),
                                                     Qt::CaseInsensitive),
             qPrintable(panel()->responseHeadersText()));
}

void tst_MonitorCaller::syncResponseStreamsInAndCanBeAborted()
{
    QSignalSpy finished(panel(), &CallerPanel::callFinished);
    type(CallRequest::SyncCall, QStringLiteral("demo"), QStringLiteral("GET"),
         QStringLiteral("stream"));
    auto *abortButton = child<QPushButton>("abortCallButton");
    QVERIFY(!abortButton->isEnabled());
    child<QPushButton>("sendCallButton")->click();
    QTRY_COMPARE(inbox()->rowCount(), 1);
    SlimFaasSyncRequest *request = inbox()->syncRequest(0);
    QVERIFY(request);
    QVERIFY(abortButton->isEnabled());

    // The status, then each piece of the body, show before the response ends.
    SlimFaasHeaders headers;
    headers[QStringLiteral("X-Stream")] << QStringLiteral("yes");
    // SlimFaas relays the status and headers with the first body bytes (docs/protocol.md §6).
    QVERIFY(request->startResponse(200, headers));
    QVERIFY(request->write("first piece; ") > 0);
    QTRY_COMPARE(panel()->responseBodyText(), QStringLiteral("first piece; "));
    QVERIFY2(panel()->resultText().startsWith(QStringLiteral("200")),
             qPrintable(panel()->resultText()));
    QVERIFY(panel()->responseHeadersText().contains(QStringLiteral("X-Stream: yes"),
                                                    Qt::CaseInsensitive));
    QVERIFY(request->write("second piece") > 0);
    QTRY_COMPARE(panel()->responseBodyText(), QStringLiteral("first piece; second piece"));
    QVERIFY(finished.isEmpty());
    QVERIFY(panel()->isRunning());

    abortButton->click();
    QTRY_COMPARE(finished.size(), 1);
    QVERIFY(!panel()->isRunning());
    QVERIFY(!abortButton->isEnabled());
    QVERIFY2(panel()->resultText().contains(QStringLiteral("Aborted")),
             qPrintable(panel()->resultText()));
    QCOMPARE(panel()->responseBodyText(), QStringLiteral("first piece; second piece"));
}

void tst_MonitorCaller::largeSyncResponseIsShownBounded()
{
    // A function may stream for minutes: the panel keeps its first MiB on screen and counts
    // the rest.
    QSignalSpy finished(panel(), &CallerPanel::callFinished);
    type(CallRequest::SyncCall, QStringLiteral("demo"), QStringLiteral("GET"),
         QStringLiteral("big"));
    child<QPushButton>("sendCallButton")->click();
    QTRY_COMPARE(inbox()->rowCount(), 1);
    SlimFaasSyncRequest *request = inbox()->syncRequest(0);
    QVERIFY(request->startResponse(200));
    const QByteArray line = QByteArray(1023, 'x') + '\n';
    const int lines = 1100; // 1100 KiB
    for (int n = 0; n < lines; ++n)
        QVERIFY(request->write(line) == line.size());
    QVERIFY(request->finish());
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
    QCOMPARE(panel()->responseBodyText().size(), 1024 * 1024);
    QVERIFY2(panel()->resultText().contains(QString::number(lines * line.size()))
                     && panel()->resultText().contains(QString::number(1024 * 1024)),
             qPrintable(panel()->resultText()));
}

void tst_MonitorCaller::asyncCallShowsTheElementIdAndItsTries()
{
    QSignalSpy finished(panel(), &CallerPanel::callFinished);
    QSignalSpy completed(m_window->session()->emulator(), &SlimFaasEmulator::asyncRequestCompleted);
    type(CallRequest::AsyncCall, QStringLiteral("demo"), QStringLiteral("POST"),
         QStringLiteral("jobs"), QString(), QString(), QStringLiteral("{\"n\":1}"));
    child<QPushButton>("sendCallButton")->click();
    QTRY_COMPARE(finished.size(), 1);
    QVERIFY2(panel()->resultText().startsWith(QStringLiteral("202")),
             qPrintable(panel()->resultText()));
    const QString elementId = panel()->elementId();
    QVERIFY(!elementId.isEmpty());
    QCOMPARE(child<QLineEdit>("elementIdEdit")->text(), elementId);

    // The element id is the one the function receives.
    QTRY_COMPARE(inbox()->rowCount(), 1);
    QCOMPARE(inbox()->idAt(0), elementId);
    QTRY_COMPARE(panel()->outcomes(),
                 QStringList{ QStringLiteral("try 1: delivered to the function") });

    // Its tries and the function's answers follow, as the traffic list records them.
    QVERIFY(m_window->session()->answer(elementId, 503));
    QTRY_COMPARE(inbox()->rowCount(), 1);
    QVERIFY(m_window->session()->answer(elementId, 200));
    QTRY_COMPARE(completed.size(), 1);
    QTRY_COMPARE(panel()->outcomes(),
                 (QStringList{ QStringLiteral("try 1: delivered to the function"),
                               QStringLiteral("try 1: the function answered 503"),
                               QStringLiteral("try 2: delivered to the function"),
                               QStringLiteral("try 2: the function answered 200") }));

    // "Show in traffic" filters the list on that element id and selects its request.
    child<QPushButton>("followButton")->click();
    QCOMPARE(m_window->filterBar()->textEdit()->text(), elementId);
    QCOMPARE(m_window->filter()->rowCount(), 4);
    const QModelIndex current = m_window->trafficView()->currentIndex();
    QVERIFY(current.isValid());
    const TrafficRecord &selected
            = m_window->traffic()->record(m_window->filter()->mapToSource(current).row());
    QCOMPARE(selected.correlationId(), elementId);
    QCOMPARE(selected.type(), MessageType::AsyncRequest);
}

void tst_MonitorCaller::publishShows204ForASubscriberAnd404Otherwise()
{
    QSignalSpy finished(panel(), &CallerPanel::callFinished);
    type(CallRequest::PublishEvent, QStringLiteral("order-created"), QString(),
         QStringLiteral("orders"), QString(), QString(), QStringLiteral("{\"id\":7}"));
    QVERIFY(!child<QComboBox>("callMethodCombo")->isVisible()); // events are POSTs
    child<QPushButton>("sendCallButton")->click();
    QTRY_COMPARE(finished.size(), 1);
    QVERIFY2(panel()->resultText().startsWith(QStringLiteral("204")),
             qPrintable(panel()->resultText()));
    QTRY_COMPARE(rowsOf(MessageType::PublishEvent).size(), 1);

    type(CallRequest::PublishEvent, QStringLiteral("nobody-listens"), QString(),
         QStringLiteral("orders"));
    child<QPushButton>("sendCallButton")->click();
    QTRY_COMPARE(finished.size(), 2);
    QVERIFY2(panel()->resultText().startsWith(QStringLiteral("404")),
             qPrintable(panel()->resultText()));
    QCOMPARE(rowsOf(MessageType::PublishEvent).size(), 1);
}

void tst_MonitorCaller::historyResendsAndIsKeptBounded()
{
    QSignalSpy finished(panel(), &CallerPanel::callFinished);
    type(CallRequest::AsyncCall, QStringLiteral("demo"), QStringLiteral("POST"),
         QStringLiteral("first"), QStringLiteral("a=1"), QStringLiteral("X-N: 1"),
         QStringLiteral("one"));
    child<QPushButton>("sendCallButton")->click();
    QTRY_COMPARE(finished.size(), 1);
    type(CallRequest::PublishEvent, QStringLiteral("order-created"), QString(),
         QStringLiteral("second"));
    child<QPushButton>("sendCallButton")->click();
    QTRY_COMPARE(finished.size(), 2);

    auto *list = child<QListWidget>("callHistoryList");
    QCOMPARE(list->count(), 2); // newest first
    QCOMPARE(panel()->history().at(0).kind, CallRequest::PublishEvent);
    QCOMPARE(panel()->history().at(1).path, QStringLiteral("first"));
    QCOMPARE(list->item(1)->text(), QStringLiteral("async POST demo/first?a=1"));

    // A click puts an entry back in the form, to edit it.
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {},
                      list->visualItemRect(list->item(1)).center());
    QCOMPARE(panel()->request(), panel()->history().at(1));
    QCOMPARE(child<QComboBox>("callKindCombo")->currentData().toInt(), int(CallRequest::AsyncCall));
    QCOMPARE(child<QPlainTextEdit>("callHeadersEdit")->toPlainText(), QStringLiteral("X-N: 1"));

    // One click sends the first call again, exactly as it was.
    QCOMPARE(list->currentRow(), 1);
    child<QPushButton>("resendButton")->click();
    QTRY_COMPARE(finished.size(), 3);
    QTRY_COMPARE(rowsOf(MessageType::AsyncRequest).size(), 2);
    const QList<int> rows = rowsOf(MessageType::AsyncRequest);
    const TrafficRecord &again = m_window->traffic()->record(rows.last());
    QCOMPARE(again.correlationId(), panel()->elementId());
    QCOMPARE(again.path(), QStringLiteral("first"));
    QCOMPARE(again.query(), QStringLiteral("?a=1"));
    QCOMPARE(again.body(), QByteArrayLiteral("one"));
    // ...and it moved to the top instead of being kept twice.
    QCOMPARE(list->count(), 2);
    QCOMPARE(panel()->history().at(0).path, QStringLiteral("first"));

    // Return in the path field sends what the form says.
    child<QLineEdit>("callPathEdit")->setText(QStringLiteral("third"));
    QTest::keyClick(child<QLineEdit>("callPathEdit"), Qt::Key_Return);
    QTRY_COMPARE(finished.size(), 4);
    QCOMPARE(list->count(), 3);
    QCOMPARE(panel()->history().at(0).path, QStringLiteral("third"));

    // Kept across sessions: another window reads the same history, and what either sends
    // joins it.
    {
        MainWindow other;
        auto *otherPanel = other.findChild<CallerPanel *>();
        QCOMPARE(otherPanel->history().entries(), panel()->history().entries());
        otherPanel->setRequest(panel()->history().at(2));
        otherPanel->findChild<QLineEdit *>(QStringLiteral("callPathEdit"))
                ->setText(QStringLiteral("from-the-other-window"));
        otherPanel->findChild<QLineEdit *>(QStringLiteral("callUrlEdit"))
                ->setText(m_window->session()->callerUrl().toString());
        QSignalSpy otherFinished(otherPanel, &CallerPanel::callFinished);
        otherPanel->send();
        QTRY_COMPARE(otherFinished.size(), 1);
    }
    type(CallRequest::SyncCall, QStringLiteral("demo"), QStringLiteral("GET"),
         QStringLiteral("fourth"));
    child<QPushButton>("sendCallButton")->click();
    QTRY_COMPARE(rowsOf(MessageType::SyncRequestStart).size(), 1);
    QCOMPARE(panel()->history().size(), 5);
    QCOMPARE(panel()->history().at(0).path, QStringLiteral("fourth"));
    QCOMPARE(panel()->history().at(1).path, QStringLiteral("from-the-other-window"));
    QCOMPARE(list->count(), 5);

    // A double-click sends an entry again.
    const int before = int(rowsOf(MessageType::PublishEvent).size());
    const int publishRow = 4; // "second": the oldest now
    QCOMPARE(panel()->history().at(publishRow).path, QStringLiteral("second"));
    const QPoint where = list->visualItemRect(list->item(publishRow)).center();
    // QTest::mouseDClick() alone sends no press; a view wants one before the double-click.
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, where);
    QTest::mouseDClick(list->viewport(), Qt::LeftButton, {}, where);
    QTRY_COMPARE(rowsOf(MessageType::PublishEvent).size(), before + 1);
    QCOMPARE(panel()->history().at(0).path, QStringLiteral("second"));

    // Bounded: the oldest entries go.
    CallHistory history;
    for (int n = 0; n < CallHistory::DefaultMaximumEntries + 5; ++n) {
        CallRequest request;
        request.path = QString::number(n);
        history.add(request);
    }
    QCOMPARE(history.size(), CallHistory::DefaultMaximumEntries);
    QCOMPARE(history.at(0).path, QString::number(CallHistory::DefaultMaximumEntries + 4));
    history.setMaximumEntries(3);
    QCOMPARE(history.size(), 3);
    QSettings settings;
    history.save(&settings);
    CallHistory loaded;
    loaded.load(&settings);
    QCOMPARE(loaded.entries(), history.entries());
}

void tst_MonitorCaller::badInputIsReportedNotSent()
{
    QSignalSpy finished(panel(), &CallerPanel::callFinished);
    type(CallRequest::SyncCall, QStringLiteral("demo"), QStringLiteral("GET"), QStringLiteral("x"),
         QString(), QStringLiteral("no colon here"));
    child<QPushButton>("sendCallButton")->click();
    QVERIFY2(panel()->resultText().contains(QStringLiteral("no colon here")),
             qPrintable(panel()->resultText()));
    QVERIFY(!panel()->isRunning());
    QCOMPARE(panel()->history().size(), 0);

    // A function name SlimFaasCaller refuses fails with its reason, without a request.
    type(CallRequest::AsyncCall, QStringLiteral("a/b"), QStringLiteral("POST"),
         QStringLiteral("x"));
    child<QPushButton>("sendCallButton")->click();
    QTRY_COMPARE(finished.size(), 1);
    QVERIFY2(panel()->resultText().startsWith(QStringLiteral("Failed")),
             qPrintable(panel()->resultText()));

    // Nobody listening at a typed URL: a connection error, shown.
    child<QLineEdit>("callUrlEdit")->setText(QStringLiteral("http://127.0.0.1:1"));
    type(CallRequest::SyncCall, QStringLiteral("demo"), QStringLiteral("GET"), QStringLiteral("x"));
    child<QPushButton>("sendCallButton")->click();
    QTRY_COMPARE(finished.size(), 2);
    QVERIFY2(panel()->resultText().startsWith(QStringLiteral("Failed")),
             qPrintable(panel()->resultText()));
    QCOMPARE(inbox()->rowCount(), 0);
}

void tst_MonitorCaller::aNewCallReplacesTheOneRunning()
{
    QSignalSpy finished(panel(), &CallerPanel::callFinished);
    // A sync call waiting for the function is dropped when the next call is sent...
    type(CallRequest::SyncCall, QStringLiteral("demo"), QStringLiteral("GET"),
         QStringLiteral("slow"));
    child<QPushButton>("sendCallButton")->click();
    QTRY_COMPARE(inbox()->rowCount(), 1);
    QPointer<SlimFaasSyncRequest> slow = inbox()->syncRequest(0);
    QVERIFY(panel()->isRunning());

    // ...and so is the answer of an async call sent just before another one.
    type(CallRequest::AsyncCall, QStringLiteral("demo"), QStringLiteral("POST"),
         QStringLiteral("dropped"));
    child<QPushButton>("sendCallButton")->click();
    type(CallRequest::PublishEvent, QStringLiteral("order-created"), QString(),
         QStringLiteral("kept"));
    child<QPushButton>("sendCallButton")->click();
    QTRY_COMPARE(finished.size(), 1);
    QVERIFY2(panel()->resultText().startsWith(QStringLiteral("204")),
             qPrintable(panel()->resultText()));
    QTest::qWait(200); // the async call's 202 arrives, and changes nothing
    QCOMPARE(finished.size(), 1);
    QVERIFY(panel()->elementId().isEmpty());
    QVERIFY2(panel()->resultText().startsWith(QStringLiteral("204")),
             qPrintable(panel()->resultText()));
    QVERIFY(!panel()->isRunning());
    // The function's side still holds the sync request (SlimFaas does not tell it the caller
    // left, docs/protocol.md §6); answering it reaches nobody and shows nothing in the panel.
    QVERIFY(slow);
    QVERIFY(slow->respond(200, {}, QByteArrayLiteral("late")));
    QTest::qWait(100);
    QCOMPARE(finished.size(), 1);
    QVERIFY(panel()->responseBodyText().isEmpty());
}

void tst_MonitorCaller::targetFollowsTheMonitorsFunction()
{
    auto *target = child<QLineEdit>("callTargetEdit");
    QCOMPARE(target->text(), QStringLiteral("demo"));
    ConnectionSettings other;
    other.config.setFunctionName(QStringLiteral("billing"));
    QVERIFY(m_window->openConnection(other));
    QTRY_COMPARE(target->text(), QStringLiteral("billing"));
    QCOMPARE(child<QLineEdit>("callUrlEdit")->placeholderText(),
             m_window->session()->callerUrl().toString());

    // A name typed by hand stays.
    target->setText(QStringLiteral("orders"));
    other.config.setFunctionName(QStringLiteral("shipping"));
    QVERIFY(m_window->openConnection(other));
    QTest::qWait(100);
    QCOMPARE(target->text(), QStringLiteral("orders"));
}

void tst_MonitorCaller::copiedCurlCommandSendsTheSameCall()
{
    type(CallRequest::AsyncCall, QStringLiteral("demo"), QStringLiteral("PUT"),
         QStringLiteral("it's/here"), QStringLiteral("a=1&b=two"),
         QStringLiteral("X-Quote: it's\nContent-Type: application/json"),
         QStringLiteral("{\"say\": \"it's\"}"));
    child<QPushButton>("copyCurlButton")->click();
    const QString command = QGuiApplication::clipboard()->text();
    const QString base = m_window->session()->callerUrl().toString(QUrl::StripTrailingSlash);
    QCOMPARE(command,
             QStringLiteral("curl -i -X PUT -H 'X-Quote: it'\\''s' "
                            "-H 'Content-Type: application/json' "
                            "--data-binary '{\"say\": \"it'\\''s\"}' '")
                     + base + QStringLiteral("/async-function/demo/it'\\''s/here?a=1&b=two'"));

    // Run by a shell, it reaches the function as the panel's call would.
    const QString curl = QStandardPaths::findExecutable(QStringLiteral("curl"));
    if (curl.isEmpty())
        QSKIP("curl is not installed: the command line was checked, not run");
    QProcess shell;
    shell.start(QStringLiteral("/bin/sh"),
                { QStringLiteral("-c"), command + QStringLiteral(" -s -o /dev/null") });
    // The emulator answers on this thread: wait with the event loop running.
    QTRY_COMPARE_WITH_TIMEOUT(shell.state(), QProcess::NotRunning, 10000);
    QCOMPARE(shell.exitCode(), 0);
    QTRY_COMPARE(rowsOf(MessageType::AsyncRequest).size(), 1);
    const TrafficRecord &received
            = m_window->traffic()->record(rowsOf(MessageType::AsyncRequest).first());
    QCOMPARE(received.method(), QStringLiteral("PUT"));
    QCOMPARE(received.path(), QStringLiteral("it's/here"));
    QCOMPARE(received.query(), QStringLiteral("?a=1&b=two"));
    QCOMPARE(received.body(), QByteArrayLiteral("{\"say\": \"it's\"}"));
    QCOMPARE(received.headers().value(QStringLiteral("X-Quote")).toArray().first().toString(),
             QStringLiteral("it's"));
}

QTEST_MAIN(tst_MonitorCaller)
#include "tst_monitorcaller.moc"
