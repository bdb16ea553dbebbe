// The monitor's window driven as a person would, on its embedded emulator: requests sent
// over HTTP by a caller, answered by clicking the inbox's buttons or by rules.

#include <inboxmodel.h>
#include <inboxpane.h>
#include <mainwindow.h>
#include <monitorsession.h>
#include <statuspanel.h>
#include <trafficmodel.h>
#include <trypane.h>

#include <slimfaasemulator.h>

#include <QtCore/qsettings.h>
#include <QtCore/qstandardpaths.h>
#include <QtNetwork/qnetworkaccessmanager.h>
#include <QtNetwork/qnetworkreply.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>
#include <QtWidgets/qlistwidget.h>
#include <QtWidgets/qplaintextedit.h>
#include <QtWidgets/qpushbutton.h>
#include <QtWidgets/qspinbox.h>
#include <QtWidgets/qtabwidget.h>

using SlimFaasProtocol::MessageType;

class tst_Monitor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void startsOnTheEmbeddedEmulator();
    void asyncAnswered503IsRetriedThen200();
    void deferredRequestAnsweredLater();
    void syncRequestAnsweredFromTheEditor();
    void syncRequestCancelledFromTheInbox();
    void rulesAnswerWithoutAClick();
    void abandonedRequestsLeaveWithAReason();

private:
    QNetworkReply *call(const QByteArray &verb, const QString &path, const QByteArray &body = {},
                        const QList<QPair<QByteArray, QByteArray>> &headers = {});
    InboxModel *inbox() const { return m_window->session()->inbox(); }
    SlimFaasEmulator *emulator() const { return m_window->session()->emulator(); }
    QPushButton *button(const char *name) const
    {
        auto *found = m_window->findChild<QPushButton *>(QLatin1String(name));
        if (!found)
            qFatal("no button %s", name);
        return found;
    }
    // Rows of the traffic model of this type (and, if given, element id).
    QList<int> rowsOf(MessageType type, const QString &id = {}) const;
    // The element id of the oldest async request waiting in the inbox.
    QString waitingId() const { return inbox()->idAt(0); }

    QNetworkAccessManager m_network;
    MainWindow *m_window = nullptr;
};

void tst_Monitor::initTestCase()
{
    // Rules and recent connections live in QSettings: keep the user's away from the test.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("SlimFaasQtTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_monitor"));
    QSettings().clear();
}

void tst_Monitor::init()
{
    QSettings().clear();
    m_window = new MainWindow;
    m_window->show();
    ConnectionSettings embedded;
    embedded.config.setFunctionName(QStringLiteral("demo"));
    QVERIFY(m_window->openConnection(embedded));
    QVERIFY(emulator());
    emulator()->setRetryDelayScale(0.02); // [2,4,8] s -> 40, 80, 160 ms
    QVERIFY(m_window->session()->client()->waitForReady(10000));
}

void tst_Monitor::cleanup()
{
    delete m_window;
    m_window = nullptr;
}

QNetworkReply *tst_Monitor::call(const QByteArray &verb, const QString &path,
                                 const QByteArray &body,
                                 const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QNetworkRequest request(emulator()->httpUrl().resolved(QUrl(path)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("text/plain"));
    for (const auto &header : headers)
        request.setRawHeader(header.first, header.second);
    QNetworkReply *reply = m_network.sendCustomRequest(request, verb, body);
    reply->setParent(m_window);
    return reply;
}

QList<int> tst_Monitor::rowsOf(MessageType type, const QString &id) const
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

void tst_Monitor::startsOnTheEmbeddedEmulator()
{
    QCOMPARE(m_window->statusPanel()->stateText(), QStringLiteral("Ready"));
    QVERIFY(m_window->statusPanel()->detailText().contains(QStringLiteral("function demo")));
    QVERIFY(m_window->statusPanel()->detailText().contains(
            m_window->session()->client()->connectionId()));
    QVERIFY(m_window->windowTitle().contains(QStringLiteral("demo")));
    const QString tryText = m_window->tryPane()->text();
    QVERIFY2(tryText.contains(emulator()->webSocketUrl().toString()), qPrintable(tryText));
    QVERIFY(tryText.contains(emulator()->httpUrl().toString(QUrl::StripTrailingSlash)
                             + QStringLiteral("/async-function/demo/hello")));
    QVERIFY(tryText.contains(QStringLiteral("curl ")));
    QCOMPARE(emulator()->registeredFunctions(), QStringList{ QStringLiteral("demo") });
    // Registration is traffic too.
    QTRY_COMPARE(rowsOf(MessageType::Register).size(), 1);
    QTRY_COMPARE(rowsOf(MessageType::RegisterResponse).size(), 1);
}

void tst_Monitor::asyncAnswered503IsRetriedThen200()
{
    QSignalSpy completed(emulator(), &SlimFaasEmulator::asyncRequestCompleted);
    QNetworkReply *reply = call("POST", QStringLiteral("/async-function/demo/hello?x=1"),
                                QByteArrayLiteral("{\"a\":1}"));
    QTRY_COMPARE(inbox()->rowCount(), 1);
    const QString id = waitingId();
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 202);

    QList<int> rows = rowsOf(MessageType::AsyncRequest, id);
    QCOMPARE(rows.size(), 1);
    const TrafficRecord &first = m_window->traffic()->record(rows.first());
    QCOMPARE(first.path(), QStringLiteral("hello"));
    QCOMPARE(first.query(), QStringLiteral("?x=1"));
    QCOMPARE(first.body(), QByteArrayLiteral("{\"a\":1}"));
    QCOMPARE(first.tryNumber(), 1);

    QCOMPARE(m_window->inboxPane()->selectedId(), id); // the oldest is selected for us
    button("answer503Button")->click();
    // SlimFaas retries: a second delivery, tryNumber 2, back in the inbox.
    QTRY_COMPARE(rowsOf(MessageType::AsyncRequest, id).size(), 2);
    rows = rowsOf(MessageType::AsyncRequest, id);
    QCOMPARE(m_window->traffic()->record(rows.last()).tryNumber(), 2);
    QTRY_COMPARE(inbox()->rowCount(), 1);
    QCOMPARE(inbox()->index(0, InboxModel::TryColumn).data().toInt(), 2);
    QCOMPARE(rowsOf(MessageType::AsyncCallback, id).size(), 1);
    QVERIFY(completed.isEmpty());

    QTRY_COMPARE(m_window->inboxPane()->selectedId(), id);
    button("answer200Button")->click();
    QTRY_COMPARE(completed.size(), 1);
    QCOMPARE(completed.first().at(1).toString(), id);
    QCOMPARE(completed.first().at(2).toInt(), 200);
    QCOMPARE(completed.first().at(3).toInt(), 2);
    QCOMPARE(inbox()->rowCount(), 0);
    auto *outcomes = m_window->findChild<QListWidget *>(QStringLiteral("outcomeList"));
    QVERIFY(outcomes->item(0)->text().contains(QStringLiteral("answered 200")));
}

void tst_Monitor::deferredRequestAnsweredLater()
{
    QSignalSpy completed(emulator(), &SlimFaasEmulator::asyncRequestCompleted);
    call("PUT", QStringLiteral("/async-function/demo/later"), QByteArrayLiteral("x"));
    QTRY_COMPARE(inbox()->rowCount(), 1);
    const QString id = waitingId();
    button("deferButton")->click();
    QVERIFY(inbox()->index(0, 0).data(InboxModel::DeferredRole).toBool());

    // A second request arrives meanwhile and is answered first.
    call("POST", QStringLiteral("/async-function/demo/now"), QByteArrayLiteral("y"));
    QTRY_COMPARE(inbox()->rowCount(), 2);
    QTRY_VERIFY(m_window->inboxPane()->selectedId() != id);
    button("answer200Button")->click();
    QTRY_COMPARE(completed.size(), 1);
    QVERIFY(completed.first().at(1).toString() != id);
    QTest::qWait(200);
    QCOMPARE(inbox()->rowCount(), 1);
    QCOMPARE(waitingId(), id);

    // Later, by hand, with a typed status.
    QVERIFY(m_window->inboxPane()->selectRequest(id));
    m_window->findChild<QSpinBox *>(QStringLiteral("statusSpin"))->setValue(201);
    button("answerTypedButton")->click();
    QTRY_COMPARE(completed.size(), 2);
    QCOMPARE(completed.last().at(1).toString(), id);
    QCOMPARE(completed.last().at(2).toInt(), 201);
    QCOMPARE(inbox()->rowCount(), 0);
}

void tst_Monitor::syncRequestAnsweredFromTheEditor()
{
    QNetworkReply *reply = call("POST", QStringLiteral("/function/demo/echo?q=2"),
                                QByteArrayLiteral("ping"));
    QTRY_COMPARE(inbox()->rowCount(), 1);
    QVERIFY(inbox()->isSync(0));
    QTRY_VERIFY(!m_window->inboxPane()->selectedId().isEmpty());
    m_window->findChild<QSpinBox *>(QStringLiteral("syncStatusSpin"))->setValue(207);
    m_window->findChild<QPlainTextEdit *>(QStringLiteral("syncHeadersEdit"))
            ->setPlainText(QStringLiteral("X-Answered-By: monitor\nContent-Type: text/plain"));
    m_window->findChild<QPlainTextEdit *>(QStringLiteral("syncBodyEdit"))
            ->setPlainText(QStringLiteral("pong from a person"));
    button("sendResponseButton")->click();

    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 207);
    QCOMPARE(reply->rawHeader("X-Answered-By"), QByteArrayLiteral("monitor"));
    QCOMPARE(reply->rawHeader("Content-Type"), QByteArrayLiteral("text/plain"));
    QCOMPARE(reply->readAll(), QByteArrayLiteral("pong from a person"));
    QTRY_COMPARE(inbox()->rowCount(), 0);
    QVERIFY(!rowsOf(MessageType::SyncResponseStart).isEmpty());
}

void tst_Monitor::syncRequestCancelledFromTheInbox()
{
    QSignalSpy cancelled(emulator(), &SlimFaasEmulator::syncRequestCancelled);
    QNetworkReply *reply = call("GET", QStringLiteral("/function/demo/slow"));
    QTRY_COMPARE(inbox()->rowCount(), 1);
    QTRY_VERIFY(!m_window->inboxPane()->selectedId().isEmpty());
    button("cancelRequestButton")->click();
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
    // The caller gets an error, never a success.
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    QVERIFY2(reply->error() != QNetworkReply::NoError || status >= 500,
             qPrintable(QString::number(status)));
    QTRY_COMPARE(cancelled.size(), 1);
    QTRY_COMPARE(inbox()->rowCount(), 0);
    auto *outcomes = m_window->findChild<QListWidget *>(QStringLiteral("outcomeList"));
    QVERIFY(outcomes->item(0)->text().contains(QStringLiteral("cancelled from the inbox")));
    QVERIFY(!rowsOf(MessageType::SyncCancel).isEmpty());
}

void tst_Monitor::rulesAnswerWithoutAClick()
{
    AnswerRule asyncRule;
    asyncRule.method = QStringLiteral("POST");
    asyncRule.pathGlob = QStringLiteral("/orders/*");
    asyncRule.kind = AnswerRule::AsyncRequest;
    asyncRule.action = AnswerRule::AnswerStatus;
    asyncRule.status = 204;
    AnswerRule syncRule;
    syncRule.pathGlob = QStringLiteral("teapot");
    syncRule.kind = AnswerRule::SyncRequest;
    syncRule.action = AnswerRule::DelayThenStatus;
    syncRule.delayMsecs = 50;
    syncRule.status = 418;
    AnswerRule echoRule;
    echoRule.pathGlob = QStringLiteral("echo");
    echoRule.action = AnswerRule::Echo;
    AnswerRules rules;
    rules.setRules({ asyncRule, syncRule, echoRule });
    m_window->setAnswerRules(rules);
    // Saved: a new window starts with them.
    AnswerRules saved;
    QSettings settings;
    saved.load(&settings);
    QCOMPARE(saved.rules(), rules.rules());

    QSignalSpy completed(emulator(), &SlimFaasEmulator::asyncRequestCompleted);
    call("POST", QStringLiteral("/async-function/demo/orders/42/lines"), QByteArrayLiteral("{}"));
    QTRY_COMPARE(completed.size(), 1);
    QCOMPARE(completed.first().at(2).toInt(), 204);
    const QString id = completed.first().at(1).toString();
    QCOMPARE(inbox()->rowCount(), 0);
    // The row says which rule answered.
    const QList<int> rows = rowsOf(MessageType::AsyncRequest, id);
    QCOMPARE(rows.size(), 1);
    QTRY_VERIFY(m_window->traffic()
                        ->index(rows.first(), TrafficModel::NoteColumn)
                        .data()
                        .toString()
                        .startsWith(QStringLiteral("rule 1")));

    QNetworkReply *teapot = call("GET", QStringLiteral("/function/demo/teapot"));
    QNetworkReply *echo = call("POST", QStringLiteral("/function/demo/echo"),
                               QByteArrayLiteral("same bytes"));
    QTRY_VERIFY_WITH_TIMEOUT(teapot->isFinished() && echo->isFinished(), 10000);
    QCOMPARE(teapot->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 418);
    QCOMPARE(echo->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QCOMPARE(echo->readAll(), QByteArrayLiteral("same bytes"));

    // What no rule takes waits for a person (the default is "ask me").
    call("POST", QStringLiteral("/async-function/demo/customers/1"), QByteArrayLiteral("{}"));
    call("GET", QStringLiteral("/async-function/demo/orders/1"));
    QTRY_COMPARE(inbox()->rowCount(), 2);
    QTest::qWait(100);
    QCOMPARE(completed.size(), 1);
}

void tst_Monitor::abandonedRequestsLeaveWithAReason()
{
    call("POST", QStringLiteral("/async-function/demo/stuck"), QByteArrayLiteral("{}"));
    QTRY_COMPARE(inbox()->rowCount(), 1);
    // The emulator goes away: the connection is lost with the request unanswered.
    emulator()->stop();
    QTRY_COMPARE(inbox()->rowCount(), 0);
    auto *outcomes = m_window->findChild<QListWidget *>(QStringLiteral("outcomeList"));
    QVERIFY2(outcomes->item(0)->text().contains(QStringLiteral("connection lost")),
             qPrintable(outcomes->item(0)->text()));
    QTRY_VERIFY(m_window->statusPanel()->stateText() != QStringLiteral("Ready"));
}

QTEST_MAIN(tst_Monitor)
#include "tst_monitor.moc"
