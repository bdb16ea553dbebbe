// SPDX-License-Identifier: MIT
// The monitor's window driven as a person would, on its embedded emulator: requests sent
// over HTTP by a caller, answered by clicking the inbox's buttons or by rules.

#include <answerrulesdialog.h>
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
#include <trypane.h>

#include <slimfaasemulator.h>

#include "modaldialogs.h"

#include <QtCore/qjsondocument.h>
#include <QtCore/qpointer.h>
#include <QtCore/qprocess.h>
#include <QtCore/qsettings.h>
#include <QtCore/qstandardpaths.h>
#include <QtCore/qtemporarydir.h>
#include <QtGui/qimage.h>
#include <QtNetwork/qnetworkaccessmanager.h>
#include <QtNetwork/qnetworkreply.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>
#include <QtWidgets/qcombobox.h>
#include <QtWidgets/qlineedit.h>
#include <QtWidgets/qlistwidget.h>
#include <QtWidgets/qplaintextedit.h>
#include <QtWidgets/qpushbutton.h>
#include <QtWidgets/qscrollbar.h>
#include <QtWidgets/qspinbox.h>
#include <QtWidgets/qtableview.h>
#include <QtWidgets/qtablewidget.h>
#include <QtWidgets/qtabwidget.h>
#include <QtWidgets/qtoolbar.h>

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
    void expiredRequestsLeaveWithAReason();
    void detailPaneShowsAndReplaysTheRequest();
    void refusalIsShownInTheStatus();
    void connectionDialogEditsEveryField();
    void rulesDialogKeepsOrderAndValues();
    void filterBarAutoScrollAndPause();
    void exportThenImportThroughTheWindow();
    void secondFunctionInItsOwnWindow();
    void programOptions_data();
    void programOptions();
    void programTakesAScreenshot();

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
    // ...and shown in the detail pane.
    QTRY_COMPARE(m_window->detailPane()->bodyText(), QStringLiteral("{\"a\":1}"));
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
    QNetworkReply *reply
            = call("POST", QStringLiteral("/function/demo/echo?q=2"), QByteArrayLiteral("ping"));
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
    QNetworkReply *echo
            = call("POST", QStringLiteral("/function/demo/echo"), QByteArrayLiteral("same bytes"));
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
    QTRY_COMPARE(m_window->statusPanel()->stateText(), QStringLiteral("Waiting to reconnect"));
    QTRY_VERIFY2(m_window->statusPanel()->detailText().contains(QStringLiteral("reconnecting in ")),
                 qPrintable(m_window->statusPanel()->detailText()));
}

void tst_Monitor::expiredRequestsLeaveWithAReason()
{
    // SlimFaas gives up on a callback after 300 s; here after 300 ms on both sides.
    emulator()->setCallbackTimeout(300);
    m_window->session()->client()->setCallbackTimeout(300);
    call("POST", QStringLiteral("/async-function/demo/forgotten"), QByteArrayLiteral("{}"));
    QTRY_COMPARE(inbox()->rowCount(), 1);
    QTRY_COMPARE(inbox()->rowCount(), 0);
    auto *outcomes = m_window->findChild<QListWidget *>(QStringLiteral("outcomeList"));
    QVERIFY2(outcomes->item(0)->text().contains(QStringLiteral("expired")),
             qPrintable(outcomes->item(0)->text()));
}

void tst_Monitor::detailPaneShowsAndReplaysTheRequest()
{
    call("PATCH", QStringLiteral("/async-function/demo/items/3?dry=1"),
         QByteArrayLiteral("{\"name\":\"it's\",\"n\":[1,2]}"), { { "X-Trace", "abc" } });
    QTRY_COMPARE(inbox()->rowCount(), 1);
    const QString id = waitingId();
    const int row = rowsOf(MessageType::AsyncRequest, id).first();
    m_window->trafficView()->selectRow(
            m_window->filter()->mapFromSource(m_window->traffic()->index(row, 0)).row());
    DetailPane *detail = m_window->detailPane();
    QCOMPARE(detail->bodyText(), QStringLiteral("{\"name\":\"it's\",\"n\":[1,2]}"));
    QVERIFY(detail->headersText().contains(QStringLiteral("X-Trace: abc")));
    // The whole message as JSON is the line slimfaas-tap prints.
    const QJsonObject json = QJsonDocument::fromJson(detail->jsonText().toUtf8()).object();
    QCOMPARE(json.value(QLatin1String("type")).toString(), QStringLiteral("AsyncRequest"));
    const QJsonObject payload = json.value(QLatin1String("payload")).toObject();
    QCOMPARE(payload.value(QLatin1String("elementId")).toString(), id);
    QCOMPARE(payload.value(QLatin1String("path")).toString(), QStringLiteral("items/3"));
    QCOMPARE(payload.value(QLatin1String("body")).toString(),
             QStringLiteral("{\"name\":\"it's\",\"n\":[1,2]}"));
    detail->setBodyView(DetailPane::JsonView);
    auto *body = detail->findChild<QPlainTextEdit *>();
    QVERIFY(body->toPlainText().contains(QStringLiteral("\n    \"n\": [")));
    detail->setBodyView(DetailPane::HexView);
    QVERIFY(body->toPlainText().startsWith(QStringLiteral("00000000  7b 22 6e 61")));
    QVERIFY(body->toPlainText().contains(QStringLiteral("{\"name\":\"it's")));

    // The curl line, run in a shell, sends the same request again.
    const QString curl = detail->curlText();
    QVERIFY2(curl.contains(QStringLiteral("-X PATCH")), qPrintable(curl));
    QProcess shell;
    shell.start(QStringLiteral("sh"), { QStringLiteral("-c"), curl });
    // The emulator answers from this thread: wait with the event loop running.
    QTRY_COMPARE_WITH_TIMEOUT(shell.state(), QProcess::NotRunning, 20000);
    QCOMPARE(shell.exitCode(), 0);
    QTRY_COMPARE(inbox()->rowCount(), 2);
    const QList<int> requests = rowsOf(MessageType::AsyncRequest);
    const TrafficRecord &again = m_window->traffic()->record(requests.last());
    QVERIFY(again.correlationId() != id);
    QCOMPARE(again.method(), QStringLiteral("PATCH"));
    QCOMPARE(again.path(), QStringLiteral("items/3"));
    QCOMPARE(again.query(), QStringLiteral("?dry=1"));
    QCOMPARE(again.body(), m_window->traffic()->record(row).body());
    QVERIFY(again.headers().contains(QStringLiteral("X-Trace")));
}

void tst_Monitor::refusalIsShownInTheStatus()
{
    // A second monitor registering "demo" with another configuration is refused.
    MainWindow other;
    ConnectionSettings conflicting;
    conflicting.url = emulator()->webSocketUrl();
    conflicting.config.setFunctionName(QStringLiteral("demo"));
    conflicting.config.setNumberParallelRequest(3);
    QVERIFY(other.openConnection(conflicting));
    QTRY_COMPARE(other.statusPanel()->stateText(), QStringLiteral("Refused"));
    QVERIFY2(other.statusPanel()->detailText().contains(QStringLiteral("refused: ")),
             qPrintable(other.statusPanel()->detailText()));
    QVERIFY(!other.session()->client()->errorString().isEmpty());
    QVERIFY(other.statusPanel()->detailText().contains(other.session()->client()->errorString()));
    // Without an emulator, the curl lines name SlimFaas's caller port.
    QVERIFY(other.tryPane()->text().contains(
            QStringLiteral("http://127.0.0.1:5000/async-function/demo")));
}

void tst_Monitor::connectionDialogEditsEveryField()
{
    ConnectionSettings settings;
    settings.url = QUrl(QStringLiteral("wss://slimfaas.example:5003/ws"));
    SlimFaasFunctionConfig &config = settings.config;
    config.setFunctionName(QStringLiteral("orders"));
    config.setDependsOn({ QStringLiteral("stock"), QStringLiteral("billing") });
    config.addSubscribeEvent(QStringLiteral("order-created"));
    config.addSubscribeEvent(QStringLiteral("order-paid"), SlimFaas::Visibility::Private);
    config.setDefaultVisibility(SlimFaas::Visibility::Private);
    config.addPathStartWithVisibility(QStringLiteral("/admin"), SlimFaas::Visibility::Private);
    config.setConfiguration(QStringLiteral("{\"DefaultSync\":{\"HttpTimeout\":30}}"));
    config.setReplicasStartAsSoonAsOneFunctionRetrieveARequest(true);
    config.setNumberParallelRequest(7);
    config.setNumberParallelRequestPerPod(2);
    config.setDefaultTrust(SlimFaas::Trust::Untrusted);

    ConnectionDialog dialog(ConnectionSettings(), {});
    dialog.setSettings(settings);
    QCOMPARE(dialog.settings(), settings);

    // Recent connections: most recent first, no duplicates, kept in QSettings.
    QSettings store;
    ConnectionSettings embedded;
    embedded.config.setFunctionName(QStringLiteral("demo"));
    ConnectionSettings::remember(&store, settings);
    ConnectionSettings::remember(&store, embedded);
    ConnectionSettings::remember(&store, settings);
    const QList<ConnectionSettings> recent = ConnectionSettings::recent(&store);
    QCOMPARE(recent.size(), 2);
    QCOMPARE(recent.at(0), settings);
    QCOMPARE(recent.at(1), embedded);
}

void tst_Monitor::rulesDialogKeepsOrderAndValues()
{
    AnswerRule first;
    first.method = QStringLiteral("GET");
    first.pathGlob = QStringLiteral("health*");
    first.kind = AnswerRule::SyncRequest;
    first.action = AnswerRule::Echo;
    AnswerRule second;
    second.pathGlob = QStringLiteral("jobs/*");
    second.kind = AnswerRule::AsyncRequest;
    second.action = AnswerRule::DelayThenStatus;
    second.status = 500;
    second.delayMsecs = 2500;
    AnswerRules rules;
    rules.setRules({ first, second });
    AnswerRule fallback;
    fallback.action = AnswerRule::AnswerStatus;
    fallback.status = 202;
    rules.setDefaultRule(fallback);

    AnswerRulesDialog dialog(rules);
    QCOMPARE(dialog.rules().rules(), rules.rules());
    QCOMPARE(dialog.rules().defaultRule(), rules.defaultRule());
    // "Down" on the first row swaps the two rules.
    auto *table = dialog.findChild<QTableWidget *>(QStringLiteral("rulesTable"));
    table->setCurrentCell(0, 0);
    for (QPushButton *button : dialog.findChildren<QPushButton *>()) {
        if (button->text() == QLatin1String("Down"))
            button->click();
    }
    QCOMPARE(dialog.rules().rules(), (QList<AnswerRule>{ second, first }));
    QCOMPARE(
            rules.match(QStringLiteral("GET"), QStringLiteral("/healthz"), AnswerRule::SyncRequest),
            0);
    QCOMPARE(
            rules.match(QStringLiteral("GET"), QStringLiteral("healthz"), AnswerRule::AsyncRequest),
            -1);
    QCOMPARE(rules.match(QStringLiteral("PUT"), QStringLiteral("jobs/1/run"),
                         AnswerRule::AsyncRequest),
             1);
    QCOMPARE(rules.describe(-1), QStringLiteral("default: answer 202"));
    // Descriptions are made once, and again when the rules change.
    const QString firstDescription = rules.describe(0);
    QCOMPARE(rules.describe(0), firstDescription);
    QVERIFY(firstDescription.startsWith(QLatin1String("rule 1: ")));
    rules.setRules({ second, first });
    QCOMPARE(rules.describe(0), QStringLiteral("rule 1: %1").arg(second.description()));
    QCOMPARE(rules.describe(1), QStringLiteral("rule 2: %1").arg(first.description()));
    fallback.status = 204;
    rules.setDefaultRule(fallback);
    QCOMPARE(rules.describe(-1), QStringLiteral("default: answer 204"));
}

void tst_Monitor::filterBarAutoScrollAndPause()
{
    TrafficModel *traffic = m_window->traffic();
    QTableView *view = m_window->trafficView();
    view->resize(800, 200);
    auto ping = [](int i) {
        return *TrafficRecord::fromJson(QJsonObject{
                { QLatin1String("time"), QStringLiteral("2026-11-25T10:00:00.000Z") },
                { QLatin1String("direction"), QLatin1String("in") },
                { QLatin1String("typeCode"), 5 },
                { QLatin1String("correlationId"), QStringLiteral("ping-%1").arg(i) } });
    };
    for (int i = 0; i < 500; ++i)
        traffic->append(ping(i));
    QTRY_COMPARE(traffic->rowCount(), 502); // and Register, RegisterResponse
    QScrollBar *scroll = view->verticalScrollBar();
    QTRY_COMPARE(scroll->value(), scroll->maximum()); // followed the new rows
    // Looking at older rows stops the following...
    scroll->setValue(0);
    for (int i = 500; i < 600; ++i)
        traffic->append(ping(i));
    QTRY_COMPARE(traffic->rowCount(), 602);
    QTest::qWait(50);
    QCOMPARE(scroll->value(), 0);
    // ...going back to the bottom resumes it.
    scroll->setValue(scroll->maximum());
    for (int i = 600; i < 700; ++i)
        traffic->append(ping(i));
    QTRY_COMPARE(traffic->rowCount(), 702);
    QTRY_COMPARE(scroll->value(), scroll->maximum());

    // Pause holds new rows back without losing them.
    QAction *pause = nullptr;
    for (QAction *action : m_window->findChild<QToolBar *>()->actions()) {
        if (action->text() == QLatin1String("Pause"))
            pause = action;
    }
    QVERIFY(pause);
    pause->trigger();
    traffic->append(ping(700));
    QTest::qWait(50);
    QCOMPARE(traffic->rowCount(), 702);
    pause->trigger();
    QTRY_COMPARE(traffic->rowCount(), 703);

    // The filter bar drives the proxy.
    FilterBar *bar = m_window->filterBar();
    bar->textEdit()->setText(QStringLiteral("ping-69"));
    QTRY_COMPARE(m_window->filter()->rowCount(), 11); // ping-69, ping-690 … ping-699
    bar->textEdit()->clear();
    bar->findChild<QComboBox *>(QStringLiteral("filterKind"))->setCurrentIndex(5); // keepalive
    QTRY_COMPARE(m_window->filter()->rowCount(), 701);
    bar->findChild<QComboBox *>(QStringLiteral("filterDirection"))->setCurrentIndex(2); // out
    QTRY_COMPARE(m_window->filter()->rowCount(), 0);
}

void tst_Monitor::exportThenImportThroughTheWindow()
{
    call("POST", QStringLiteral("/async-function/demo/export-me"), QByteArrayLiteral("{}"));
    QTRY_COMPARE(inbox()->rowCount(), 1);
    button("answer500Button")->click();
    QTRY_COMPARE(rowsOf(MessageType::AsyncRequest).size(), 2); // the retry
    QTemporaryDir directory;
    const QString file = directory.filePath(QStringLiteral("capture.jsonl"));
    QString error;
    QVERIFY2(m_window->exportTraffic(file, &error), qPrintable(error));

    MainWindow viewer;
    QVERIFY2(viewer.importTraffic(file, &error), qPrintable(error));
    TrafficModel *original = m_window->traffic();
    QTRY_COMPARE(viewer.traffic()->rowCount(), original->rowCount());
    for (int row = 0; row < original->rowCount(); ++row) {
        QCOMPARE(viewer.traffic()->record(row), original->record(row));
        QCOMPARE(viewer.traffic()->index(row, TrafficModel::NoteColumn).data(),
                 original->index(row, TrafficModel::NoteColumn).data());
    }
    QVERIFY(!viewer.importTraffic(directory.filePath(QStringLiteral("missing.jsonl")), &error));
    QVERIFY(!error.isEmpty());
}

void tst_Monitor::secondFunctionInItsOwnWindow()
{
    ConnectionSettings billing;
    billing.config.setFunctionName(QStringLiteral("billing"));
    QPointer<MainWindow> second = m_window->openWindow(billing);
    QVERIFY(second->session()->client()->waitForReady(10000));
    QCOMPARE(emulator()->registeredFunctions().size(), 2);
    QVERIFY(emulator()->registeredFunctions().contains(QStringLiteral("billing")));
    QVERIFY(second->windowTitle().contains(QStringLiteral("billing")));
    QVERIFY(second->tryPane()->text().contains(
            emulator()->httpUrl().toString(QUrl::StripTrailingSlash)
            + QStringLiteral("/async-function/billing/hello")));

    call("POST", QStringLiteral("/async-function/billing/invoice"), QByteArrayLiteral("{}"));
    QTRY_COMPARE(second->session()->inbox()->rowCount(), 1);
    QCOMPARE(inbox()->rowCount(), 0);
    // A request is waiting there: closing asks first.
    bool asked = false;
    ModalDialogs::handleNext([&asked](QWidget *dialog) {
        asked = true;
        ModalDialogs::clickRole(dialog, QMessageBox::DestructiveRole);
    });
    second->close(); // deletes itself
    QVERIFY(asked);
    QTRY_VERIFY(second.isNull());
    QTRY_COMPARE(emulator()->registeredFunctions(), QStringList{ QStringLiteral("demo") });
}

void tst_Monitor::programOptions_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QByteArray>("output");
    QTest::newRow("help") << QStringList{ QStringLiteral("--help") } << 0
                          << QByteArrayLiteral("--number-parallel-request-per-pod");
    QTest::newRow("help lists the monitor's own options")
            << QStringList{ QStringLiteral("--help") } << 0 << QByteArrayLiteral("--screenshot");
    QTest::newRow("http url") << QStringList{ QStringLiteral("--url"), QStringLiteral("http://x") }
                              << 1 << QByteArrayLiteral("--url must be a ws:// or wss:// URL.");
    QTest::newRow("bad parallelism")
            << QStringList{ QStringLiteral("--number-parallel-request"), QStringLiteral("0") } << 1
            << QByteArrayLiteral("--number-parallel-request expects an integer >= 1");
    QTest::newRow("bad port") << QStringList{ QStringLiteral("--emulator-http-port"),
                                              QStringLiteral("70000") }
                              << 1 << QByteArrayLiteral("at most 65535");
    QTest::newRow("bad caller url")
            << QStringList{ QStringLiteral("--caller-url"), QStringLiteral("ftp://x") } << 1
            << QByteArrayLiteral("--caller-url must be");
    QTest::newRow("help lists the node options")
            << QStringList{ QStringLiteral("--help") } << 0 << QByteArrayLiteral("--every-address");
    QTest::newRow("help lists --nodes")
            << QStringList{ QStringLiteral("--help") } << 0 << QByteArrayLiteral("--nodes <n>");
    QTest::newRow("no nodes") << QStringList{ QStringLiteral("--nodes"), QStringLiteral("0") } << 1
                              << QByteArrayLiteral("--nodes expects an integer >= 1");
    QTest::newRow("too many nodes")
            << QStringList{ QStringLiteral("--nodes"), QStringLiteral("65") } << 1
            << QByteArrayLiteral("--nodes is at most 64.");
    QTest::newRow("nodes with a url")
            << QStringList{ QStringLiteral("--nodes"), QStringLiteral("2"), QStringLiteral("--url"),
                            QStringLiteral("ws://127.0.0.1:1/ws") }
            << 1 << QByteArrayLiteral("give --url once per node");
    QTest::newRow("help lists the proxy's options") << QStringList{ QStringLiteral("--help") } << 0
                                                    << QByteArrayLiteral("--upstream <url>");
    QTest::newRow("proxy without listen")
            << QStringList{ QStringLiteral("--proxy"), QStringLiteral("--upstream"),
                            QStringLiteral("ws://slimfaas:5003/ws") }
            << 1 << QByteArrayLiteral("--proxy needs --listen HOST:PORT");
    QTest::newRow("proxy to http")
            << QStringList{ QStringLiteral("--proxy"), QStringLiteral("--listen"),
                            QStringLiteral("127.0.0.1:0"), QStringLiteral("--upstream"),
                            QStringLiteral("http://slimfaas:5000") }
            << 1 << QByteArrayLiteral("--proxy needs --upstream ws://");
    QTest::newRow("listen without proxy")
            << QStringList{ QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0") } << 1
            << QByteArrayLiteral("--listen and --upstream go with --proxy.");
    QTest::newRow("proxy and url")
            << QStringList{ QStringLiteral("--proxy"),        QStringLiteral("--listen"),
                            QStringLiteral("127.0.0.1:0"),    QStringLiteral("--upstream"),
                            QStringLiteral("ws://a:5003/ws"), QStringLiteral("--url"),
                            QStringLiteral("ws://b:5003/ws") }
            << 1 << QByteArrayLiteral("--url does not go with it");
}

void tst_Monitor::programOptions()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QByteArray, output);
    QProcess monitor;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    environment.insert(QStringLiteral("LANG"), QStringLiteral("C"));
    environment.remove(QStringLiteral("LC_ALL"));
    monitor.setProcessEnvironment(environment);
    monitor.start(QStringLiteral(SLIMFAAS_MONITOR_PATH), arguments);
    QVERIFY(monitor.waitForFinished(20000));
    QCOMPARE(monitor.exitCode(), exitCode);
    const QByteArray text = monitor.readAllStandardOutput() + monitor.readAllStandardError();
    QVERIFY2(text.contains(output), text.constData());
}

void tst_Monitor::programTakesAScreenshot()
{
    QTemporaryDir directory;
    const QString png = directory.filePath(QStringLiteral("monitor.png"));
    QProcess monitor;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), directory.path());
    monitor.setProcessEnvironment(environment);
    monitor.start(QStringLiteral(SLIMFAAS_MONITOR_PATH),
                  { QStringLiteral("--function"), QStringLiteral("shot"),
                    QStringLiteral("--screenshot"), png, QStringLiteral("--screenshot-delay"),
                    QStringLiteral("1") });
    QVERIFY(monitor.waitForFinished(30000));
    QCOMPARE(monitor.exitCode(), 0);
    const QImage image(png);
    QVERIFY(!image.isNull());
    QVERIFY(image.width() >= 800 && image.height() >= 600);
}

QTEST_MAIN(tst_Monitor)
#include "tst_monitor.moc"
