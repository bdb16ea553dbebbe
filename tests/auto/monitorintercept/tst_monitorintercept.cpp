// SPDX-License-Identifier: MIT
// The monitor as a proxy in front of a SlimFaas (here a real emulator), and its intercept, on
// the embedded emulator's connections and on the proxy's: a raw function connected one way
// or the other, callers over HTTP, every message held, edited, forwarded or dropped where
// the function can tell.

#include <interceptmodel.h>
#include <interceptor.h>
#include <interceptpane.h>
#include <mainwindow.h>
#include <monitorsession.h>
#include <trafficmodel.h>

#include <rawfunction.h>
#include <slimfaasemulator.h>
#include <websocketproxy.h>

#include <QtCore/qbuffer.h>
#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qsettings.h>
#include <QtCore/qstandardpaths.h>
#include <QtNetwork/qnetworkaccessmanager.h>
#include <QtNetwork/qnetworkreply.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>
#include <QtWidgets/qplaintextedit.h>
#include <QtWidgets/qtableview.h>

using SlimFaasProtocol::MessageType;

class tst_MonitorIntercept : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void proxyShowsEveryRelayedMessage();
    void proxyCaptureRoundTrip();
    void heldAsyncRequestForwardedEdited_data();
    void heldAsyncRequestForwardedEdited();
    void droppedRequestNeverArrives_data();
    void droppedRequestNeverArrives();
    void heldSyncStreamKeepsItsOrder_data();
    void heldSyncStreamKeepsItsOrder();
    void heldCallbackForwarded_data();
    void heldCallbackForwarded();
    void forwardAllAndDropAll_data();
    void forwardAllAndDropAll();
    void rulesOffForwardsAndHoldsNothing_data();
    void rulesOffForwardsAndHoldsNothing();
    void keyboardForwardsAndDrops();

private:
    void modes();
    // The monitor embedded, or as a proxy in front of an emulator of the test's own; the
    // raw function connected and registered as "outside".
    void start(bool viaProxy);
    void holdOnly(InterceptRule::Direction direction, MessageType type);
    QNetworkReply *post(const QString &path, const QByteArray &body);
    QList<int> rowsOf(MessageType type) const;

    TrafficModel *traffic = nullptr;
    MonitorSession *session = nullptr;
    SlimFaasEmulator *upstream = nullptr;
    RawFunction *function = nullptr;
    QNetworkAccessManager *network = nullptr;
    QUrl httpUrl;
    QString connectionId; // the emulator's, as the function got it
};

void tst_MonitorIntercept::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("SlimFaasQtTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_monitorintercept"));
    QSettings().clear();
}

void tst_MonitorIntercept::init()
{
    traffic = new TrafficModel(this);
    session = new MonitorSession(traffic, this);
    network = new QNetworkAccessManager(this);
}

void tst_MonitorIntercept::cleanup()
{
    delete function;
    function = nullptr;
    delete network;
    delete session;
    delete traffic;
    delete upstream;
    upstream = nullptr;
}

void tst_MonitorIntercept::modes()
{
    QTest::addColumn<bool>("viaProxy");
    QTest::newRow("embedded emulator") << false;
    QTest::newRow("proxy") << true;
}

void tst_MonitorIntercept::start(bool viaProxy)
{
    QUrl functionUrl;
    if (viaProxy) {
        upstream = new SlimFaasEmulator;
        upstream->setWebSocketPort(0);
        upstream->setHttpPort(0);
        QVERIFY2(upstream->start(), qPrintable(upstream->errorString()));
        QVERIFY2(session->startProxy(QHostAddress(QHostAddress::LocalHost), 0,
                                     upstream->webSocketUrl()),
                 qPrintable(session->errorString()));
        QVERIFY(session->proxy());
        functionUrl = session->proxyUrl();
        httpUrl = upstream->httpUrl();
    } else {
        QVERIFY2(session->startEmbedded(SlimFaasFunctionConfig(QStringLiteral("demo"))),
                 qPrintable(session->errorString()));
        functionUrl = session->emulator()->webSocketUrl();
        httpUrl = session->emulator()->httpUrl();
    }
    function = new RawFunction(functionUrl);
    QVERIFY(function->waitConnected());
    const auto registered = function->registerAs(SlimFaasFunctionConfig(QStringLiteral("outside")));
    QVERIFY(registered);
    QVERIFY(registered->success);
    connectionId = registered->connectionId;
}

void tst_MonitorIntercept::holdOnly(InterceptRule::Direction direction, MessageType type)
{
    InterceptRule rule;
    rule.direction = direction;
    rule.type = int(type);
    rule.function = QStringLiteral("out*");
    InterceptRules rules;
    rules.setRules({ rule });
    session->interceptor()->setRules(rules);
    session->interceptor()->setEnabled(true);
}

QNetworkReply *tst_MonitorIntercept::post(const QString &path, const QByteArray &body)
{
    QNetworkRequest request(httpUrl.resolved(QUrl(path)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    QNetworkReply *reply = network->post(request, body);
    reply->setParent(network);
    return reply;
}

QList<int> tst_MonitorIntercept::rowsOf(MessageType type) const
{
    traffic->flush();
    QList<int> rows;
    for (int row = 0; row < traffic->rowCount(); ++row) {
        if (traffic->record(row).type() == type
            && traffic->record(row).function() == QLatin1String("outside"))
            rows.append(row);
    }
    return rows;
}

void tst_MonitorIntercept::proxyShowsEveryRelayedMessage()
{
    start(true);
    QCOMPARE(session->client()->state(), SlimFaasClient::Disconnected);
    // The Register, named, and the answer to it, on the proxy's connection 1.
    QTRY_COMPARE(rowsOf(MessageType::Register).size(), 1);
    QTRY_COMPARE(rowsOf(MessageType::RegisterResponse).size(), 1);
    const TrafficRecord &registered = traffic->record(rowsOf(MessageType::Register).first());
    QCOMPARE(registered.direction(), TrafficRecord::Out);
    QCOMPARE(registered.connection(), QStringLiteral("1"));
    QCOMPARE(traffic->record(rowsOf(MessageType::RegisterResponse).first()).direction(),
             TrafficRecord::In);

    QNetworkReply *reply = post(QStringLiteral("/async-function/outside/job"), "{\"n\":1}");
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 202);
    QTRY_COMPARE_WITH_TIMEOUT(function->requests().size(), 1, 10000);
    const QString elementId = function->requests().first().elementId();
    QTRY_COMPARE(rowsOf(MessageType::AsyncRequest).size(), 1);
    const TrafficRecord &request = traffic->record(rowsOf(MessageType::AsyncRequest).first());
    QCOMPARE(request.correlationId(), elementId);
    QCOMPARE(request.direction(), TrafficRecord::In);
    QCOMPARE(request.body(), QByteArray("{\"n\":1}"));
    QCOMPARE(request.connection(), QStringLiteral("1"));
    const int row = rowsOf(MessageType::AsyncRequest).first();
    QCOMPARE(traffic->data(traffic->index(row, TrafficModel::FunctionColumn)).toString(),
             QStringLiteral("outside"));
    QCOMPARE(traffic->data(traffic->index(row, TrafficModel::ConnectionColumn)).toString(),
             QStringLiteral("1"));

    function->callback(elementId, 200);
    QTRY_COMPARE(rowsOf(MessageType::AsyncCallback).size(), 1);
    const TrafficRecord &callback = traffic->record(rowsOf(MessageType::AsyncCallback).first());
    QCOMPARE(callback.correlationId(), elementId);
    QCOMPARE(callback.status(), 200);
    QCOMPARE(callback.direction(), TrafficRecord::Out);
    QCOMPARE(callback.connection(), QStringLiteral("1"));
    QCOMPARE(session->messagesReceived(), 2); // RegisterResponse, AsyncRequest
    QCOMPARE(session->messagesSent(), 2);     // Register, AsyncCallback
}

// A proxy session exported and imported again: every message with its function and
// connection, as the tap's lines carry them.
void tst_MonitorIntercept::proxyCaptureRoundTrip()
{
    start(true);
    post(QStringLiteral("/async-function/outside/job"), "{\"n\":1}");
    QTRY_COMPARE_WITH_TIMEOUT(function->requests().size(), 1, 10000);
    function->callback(function->requests().first().elementId(), 200);
    QTRY_COMPARE(rowsOf(MessageType::AsyncCallback).size(), 1);
    traffic->flush();
    const int rows = traffic->rowCount();
    QCOMPARE(rows, 4); // Register, RegisterResponse, AsyncRequest, AsyncCallback

    QBuffer capture;
    QVERIFY(capture.open(QIODevice::WriteOnly));
    QVERIFY(traffic->exportJsonLines(&capture));
    const QList<QByteArray> lines = capture.data().trimmed().split('\n');
    QCOMPARE(lines.size(), rows);
    for (const QByteArray &line : lines) {
        const QJsonObject object = QJsonDocument::fromJson(line).object();
        QCOMPARE(object.value(QLatin1String("function")).toString(), QStringLiteral("outside"));
        QCOMPARE(object.value(QLatin1String("connection")).toString(), QStringLiteral("1"));
    }
    TrafficModel imported;
    QBuffer reread;
    reread.setData(capture.data());
    QVERIFY(reread.open(QIODevice::ReadOnly));
    int skipped = -1;
    QCOMPARE(imported.importJsonLines(&reread, &skipped), rows);
    QCOMPARE(skipped, 0);
    imported.flush();
    QCOMPARE(imported.rowCount(), rows);
    for (int row = 0; row < rows; ++row) {
        QCOMPARE(imported.record(row).type(), traffic->record(row).type());
        QCOMPARE(imported.record(row).direction(), traffic->record(row).direction());
        QCOMPARE(imported.record(row).correlationId(), traffic->record(row).correlationId());
        QCOMPARE(imported.record(row).body(), traffic->record(row).body());
        for (int column :
             { int(TrafficModel::FunctionColumn), int(TrafficModel::ConnectionColumn) })
            QCOMPARE(imported.data(imported.index(row, column)).toString(),
                     traffic->data(traffic->index(row, column)).toString());
    }
    QCOMPARE(imported.data(imported.index(2, TrafficModel::ConnectionColumn)).toString(),
             QStringLiteral("1"));
}

void tst_MonitorIntercept::heldAsyncRequestForwardedEdited_data()
{
    modes();
}

void tst_MonitorIntercept::heldAsyncRequestForwardedEdited()
{
    QFETCH(bool, viaProxy);
    start(viaProxy);
    holdOnly(InterceptRule::ToFunction, MessageType::AsyncRequest);
    InterceptModel *held = session->interceptor()->model();
    post(QStringLiteral("/async-function/outside/job?x=1"), "{\"n\":1}");
    QTRY_COMPARE_WITH_TIMEOUT(held->rowCount(), 1, 10000);
    const HeldMessage &message = held->at(0);
    QCOMPARE(message.function, QStringLiteral("outside"));
    QCOMPARE(message.type, int(MessageType::AsyncRequest));
    QCOMPARE(message.method, QStringLiteral("POST"));
    QCOMPARE(message.path, QStringLiteral("job"));
    QVERIFY(message.toFunction);
    if (viaProxy)
        QCOMPARE(message.connection, QStringLiteral("1"));
    else
        QVERIFY(message.connection.startsWith(QLatin1String("ws-")));
    // The deadline that matters: the try's 120 s.
    QVERIFY(message.deadlineMsecs > 110000 && message.deadlineMsecs <= 120000);
    QCOMPARE(held->data(held->index(0, InterceptModel::FunctionColumn)).toString(),
             QStringLiteral("outside"));
    QVERIFY(held->data(held->index(0, InterceptModel::DeadlineColumn))
                    .toString()
                    .contains(QLatin1String("1:5")));
    QTest::qWait(200);
    QCOMPARE(function->requests().size(), 0); // held, not delivered

    // Edited: its body as text, its query and a header; the monitor does the base64.
    QJsonObject line = QJsonDocument::fromJson(Interceptor::editableJson(message)).object();
    QCOMPARE(line.value(QLatin1String("bodyEncoding")).toString(), QStringLiteral("utf8"));
    QJsonObject payload = line.value(QLatin1String("payload")).toObject();
    QCOMPARE(payload.value(QLatin1String("body")).toString(), QStringLiteral("{\"n\":1}"));
    payload.insert(QLatin1String("body"), QStringLiteral("{\"n\":2,\"é\":true}"));
    payload.insert(QLatin1String("query"), QStringLiteral("?x=2"));
    QJsonObject headers = payload.value(QLatin1String("headers")).toObject();
    headers.insert(QLatin1String("X-Edited"), QJsonArray{ QStringLiteral("yes") });
    payload.insert(QLatin1String("headers"), headers);
    line.insert(QLatin1String("payload"), payload);
    QString error;
    QVERIFY(!session->interceptor()->forwardEdited(message.serial, "{not json", &error));
    QVERIFY(!error.isEmpty());
    QCOMPARE(held->rowCount(), 1); // still held
    QVERIFY2(session->interceptor()->forwardEdited(held->at(0).serial, QJsonDocument(line).toJson(),
                                                   &error),
             qPrintable(error));
    QCOMPARE(held->rowCount(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(function->requests().size(), 1, 10000);
    const SlimFaasAsyncRequest request = function->requests().first();
    QCOMPARE(request.body(), QStringLiteral("{\"n\":2,\"é\":true}").toUtf8());
    QCOMPARE(request.query(), QStringLiteral("?x=2"));
    QCOMPARE(request.headers().value(QStringLiteral("X-Edited")),
             QStringList{ QStringLiteral("yes") });
    // The traffic list shows what was delivered, said to be intercepted.
    QTRY_COMPARE(rowsOf(MessageType::AsyncRequest).size(), 1);
    const TrafficRecord &record = traffic->record(rowsOf(MessageType::AsyncRequest).first());
    QCOMPARE(record.body(), QStringLiteral("{\"n\":2,\"é\":true}").toUtf8());
    const QString note = traffic->noteText(record.note());
    QVERIFY2(note.contains(QLatin1String("forwarded edited")), qPrintable(note));

    // The function's answer goes on to SlimFaas as usual.
    SlimFaasEmulator *server = viaProxy ? upstream : session->emulator();
    QSignalSpy completed(server, &SlimFaasEmulator::asyncRequestCompleted);
    function->callback(request.elementId(), 200);
    QTRY_COMPARE(completed.size(), 1);
    QCOMPARE(completed.first().at(2).toInt(), 200);
}

void tst_MonitorIntercept::droppedRequestNeverArrives_data()
{
    modes();
}

void tst_MonitorIntercept::droppedRequestNeverArrives()
{
    QFETCH(bool, viaProxy);
    start(viaProxy);
    holdOnly(InterceptRule::ToFunction, MessageType::AsyncRequest);
    InterceptModel *held = session->interceptor()->model();
    post(QStringLiteral("/async-function/outside/dropped"), "{\"n\":1}");
    QTRY_COMPARE_WITH_TIMEOUT(held->rowCount(), 1, 10000);
    QVERIFY(session->interceptor()->drop(held->at(0).serial));
    QCOMPARE(held->rowCount(), 0);
    QVERIFY(!session->interceptor()->drop(1)); // gone
    // Other messages still flow: a Ping is answered.
    function->send(MessageType::Ping, QStringLiteral("ping-1"), QJsonValue::Null);
    QTRY_COMPARE_WITH_TIMEOUT(function->of(MessageType::Pong).size(), 1, 10000);
    QTest::qWait(300);
    QCOMPARE(function->requests().size(), 0);
    QCOMPARE(rowsOf(MessageType::AsyncRequest).size(), 0);
}

void tst_MonitorIntercept::heldSyncStreamKeepsItsOrder_data()
{
    modes();
}

void tst_MonitorIntercept::heldSyncStreamKeepsItsOrder()
{
    QFETCH(bool, viaProxy);
    start(viaProxy);
    holdOnly(InterceptRule::ToFunction, MessageType::SyncRequestStart);
    InterceptModel *held = session->interceptor()->model();
    // Seven chunks of SlimFaas's 32 KiB, each its own pattern.
    QByteArray body;
    for (int i = 0; i < 7; ++i)
        body += QByteArray(SlimFaasProtocol::ServerChunkSize, char('a' + i));
    body += "tail";
    QNetworkReply *reply = post(QStringLiteral("/function/outside/upload"), body);
    QTRY_COMPARE_WITH_TIMEOUT(held->rowCount(), 1, 10000);
    QCOMPARE(held->at(0).type, int(MessageType::SyncRequestStart));
    QCOMPARE(held->at(0).path, QStringLiteral("upload"));
    QVERIFY(held->at(0).deadlineMsecs > 0);
    if (!viaProxy) { // the later frames wait behind it in the list, up to the End
        QTRY_VERIFY_WITH_TIMEOUT(!held->at(0).behind.isEmpty()
                                         && held->at(0).behind.last().second.at(0)
                                                 == char(MessageType::SyncRequestEnd),
                                 10000);
        QVERIFY(held->at(0).behind.size() >= 2);
        QCOMPARE(held->data(held->index(0, InterceptModel::BehindColumn)).toInt(),
                 held->at(0).behind.size());
    } else {
        QTest::qWait(300); // behind it in the relay's buffers
    }
    QCOMPARE(held->rowCount(), 1);
    QVERIFY(function->frames.isEmpty());

    QVERIFY(session->interceptor()->forward(held->at(0).serial));
    QTRY_VERIFY_WITH_TIMEOUT(!function->framesOf(MessageType::SyncRequestEnd).isEmpty(), 10000);
    QCOMPARE(function->frames.first().type, MessageType::SyncRequestStart);
    const QString id = function->frames.first().correlationId;
    QByteArray received;
    for (const SlimFaasProtocol::Frame &frame : std::as_const(function->frames)) {
        QCOMPARE(frame.correlationId, id);
        if (frame.type == MessageType::SyncRequestChunk)
            received += frame.payload;
    }
    QCOMPARE(function->frames.last().type, MessageType::SyncRequestEnd);
    QCOMPARE(received.size(), body.size());
    QVERIFY(received == body);

    function->sendFrame(MessageType::SyncResponseStart, id,
                        SlimFaasProtocol::encodeSyncResponseHead({ 201, {} }));
    function->sendFrame(MessageType::SyncResponseChunk, id, "done");
    function->sendFrame(MessageType::SyncResponseEnd, id, {},
                        SlimFaasProtocol::FrameFlagEndOfStream);
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 201);
    QCOMPARE(reply->readAll(), QByteArray("done"));
    QCOMPARE(held->rowCount(), 0);
}

void tst_MonitorIntercept::heldCallbackForwarded_data()
{
    modes();
}

void tst_MonitorIntercept::heldCallbackForwarded()
{
    QFETCH(bool, viaProxy);
    start(viaProxy);
    holdOnly(InterceptRule::FromFunction, MessageType::AsyncCallback);
    InterceptModel *held = session->interceptor()->model();
    SlimFaasEmulator *server = viaProxy ? upstream : session->emulator();
    QSignalSpy completed(server, &SlimFaasEmulator::asyncRequestCompleted);
    post(QStringLiteral("/async-function/outside/job"), "{}");
    QTRY_COMPARE_WITH_TIMEOUT(function->requests().size(), 1, 10000);
    function->callback(function->requests().first().elementId(), 200);
    QTRY_COMPARE_WITH_TIMEOUT(held->rowCount(), 1, 10000);
    // Its request was seen: method, path and the try's deadline, now a little less.
    QCOMPARE(held->at(0).method, QStringLiteral("POST"));
    QVERIFY(held->at(0).deadlineMsecs > 100000 && held->at(0).deadlineMsecs <= 120000);
    QTest::qWait(200);
    QCOMPARE(completed.size(), 0);
    // Edited: 500 instead; SlimFaas retries, as the function had said so.
    QJsonObject line = QJsonDocument::fromJson(Interceptor::editableJson(held->at(0))).object();
    QJsonObject payload = line.value(QLatin1String("payload")).toObject();
    payload.insert(QLatin1String("statusCode"), 500);
    line.insert(QLatin1String("payload"), payload);
    QSignalSpy retried(server, &SlimFaasEmulator::asyncRequestRetryScheduled);
    QString error;
    QVERIFY2(session->interceptor()->forwardEdited(held->at(0).serial, QJsonDocument(line).toJson(),
                                                   &error),
             qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(retried.size(), 1, 10000);
    QCOMPARE(retried.first().at(2).toInt(), 500);
}

void tst_MonitorIntercept::forwardAllAndDropAll_data()
{
    modes();
}

void tst_MonitorIntercept::forwardAllAndDropAll()
{
    QFETCH(bool, viaProxy);
    start(viaProxy);
    holdOnly(InterceptRule::ToFunction, MessageType::AsyncRequest);
    InterceptModel *held = session->interceptor()->model();
    for (int i = 0; i < 4; ++i)
        post(QStringLiteral("/async-function/outside/job%1").arg(i), "{}");
    // The emulator's connections hold each message; the proxy holds one and the relay stops
    // behind it.
    QTRY_COMPARE_WITH_TIMEOUT(held->rowCount(), viaProxy ? 1 : 4, 10000);
    QTest::qWait(300);
    QCOMPARE(function->requests().size(), 0);
    QCOMPARE(session->interceptor()->forwardAll(), 4);
    QCOMPARE(held->rowCount(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(function->requests().size(), 4, 10000);
    QStringList paths;
    for (const SlimFaasAsyncRequest &request : function->requests())
        paths << request.path();
    paths.sort();
    QCOMPARE(paths,
             QStringList({ QStringLiteral("job0"), QStringLiteral("job1"), QStringLiteral("job2"),
                           QStringLiteral("job3") }));

    for (int i = 0; i < 3; ++i)
        post(QStringLiteral("/async-function/outside/dropped%1").arg(i), "{}");
    QTRY_COMPARE_WITH_TIMEOUT(held->rowCount(), viaProxy ? 1 : 3, 10000);
    QTest::qWait(300);
    QCOMPARE(session->interceptor()->dropAll(), 3);
    QCOMPARE(held->rowCount(), 0);
    QTest::qWait(300);
    QCOMPARE(function->requests().size(), 4);
}

void tst_MonitorIntercept::rulesOffForwardsAndHoldsNothing_data()
{
    modes();
}

void tst_MonitorIntercept::rulesOffForwardsAndHoldsNothing()
{
    QFETCH(bool, viaProxy);
    start(viaProxy);
    holdOnly(InterceptRule::ToFunction, MessageType::AsyncRequest);
    InterceptModel *held = session->interceptor()->model();
    QSignalSpy enabled(session->interceptor(), &Interceptor::enabledChanged);
    post(QStringLiteral("/async-function/outside/first"), "{}");
    QTRY_COMPARE_WITH_TIMEOUT(held->rowCount(), 1, 10000);
    session->interceptor()->setEnabled(false); // one click: off
    QCOMPARE(enabled.size(), 1);
    QCOMPARE(held->rowCount(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(function->requests().size(), 1, 10000);
    // Off, nothing is asked of the source any more.
    if (viaProxy)
        QVERIFY(!session->proxy()->hasInterceptor());
    post(QStringLiteral("/async-function/outside/second"), "{}");
    QTRY_COMPARE_WITH_TIMEOUT(function->requests().size(), 2, 10000);
    QCOMPARE(held->rowCount(), 0);
    // On again, the rules hold again.
    session->interceptor()->setEnabled(true);
    post(QStringLiteral("/async-function/outside/third"), "{}");
    QTRY_COMPARE_WITH_TIMEOUT(held->rowCount(), 1, 10000);
    QCOMPARE(function->requests().size(), 2);
}

// The window: the switch, the list and the editor, by keyboard alone.
void tst_MonitorIntercept::keyboardForwardsAndDrops()
{
    MainWindow window;
    QVERIFY(window.openConnection({ QUrl(), SlimFaasFunctionConfig(QStringLiteral("demo")) }));
    MonitorSession *session = window.session();
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    function = new RawFunction(session->emulator()->webSocketUrl());
    QVERIFY(function->waitConnected());
    QVERIFY(function->registerAs(SlimFaasFunctionConfig(QStringLiteral("outside"))));
    httpUrl = session->emulator()->httpUrl();
    InterceptRule rule;
    rule.direction = InterceptRule::ToFunction;
    rule.type = int(MessageType::AsyncRequest);
    rule.pathGlob = QStringLiteral("/kb*");
    InterceptRules rules;
    rules.setRules({ rule });
    session->interceptor()->setRules(rules);
    QAction *intercept = window.action(QStringLiteral("interceptAction"));
    QVERIFY(intercept);
    QVERIFY(!intercept->isChecked());
    QTest::keyClick(&window, Qt::Key_I, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(session->interceptor()->isEnabled());
    QVERIFY(intercept->isChecked());

    InterceptModel *held = session->interceptor()->model();
    post(QStringLiteral("/async-function/outside/kb1"), "{\"k\":1}");
    post(QStringLiteral("/async-function/outside/kb2"), "{\"k\":2}");
    post(QStringLiteral("/async-function/outside/other"), "{}"); // no rule takes it
    QTRY_COMPARE_WITH_TIMEOUT(held->rowCount(), 2, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(function->requests().size(), 1, 10000);
    QCOMPARE(function->requests().first().path(), QStringLiteral("other"));

    // Ctrl+Shift+H: on the list, the oldest selected; E to the editor, edit, Ctrl+Enter.
    QTest::keyClick(&window, Qt::Key_H, Qt::ControlModifier | Qt::ShiftModifier);
    InterceptPane *pane = window.interceptPane();
    QTRY_VERIFY(pane->view()->hasFocus());
    QCOMPARE(pane->selectedSerial(), held->at(0).serial);
    QTest::keyClick(pane->view(), Qt::Key_E);
    QVERIFY(pane->editor()->hasFocus());
    QString text = pane->editor()->toPlainText();
    QVERIFY(text.contains(QLatin1String("{\\\"k\\\":1}")));
    text.replace(QLatin1String("{\\\"k\\\":1}"), QLatin1String("{\\\"k\\\":10}"));
    pane->editor()->setPlainText(text);
    QTest::keyClick(pane->editor(), Qt::Key_Return, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(function->requests().size(), 2, 10000);
    QCOMPARE(function->requests().at(1).body(), QByteArray("{\"k\":10}"));
    QCOMPARE(held->rowCount(), 1);
    // The next one is selected; Delete on the list drops it.
    pane->view()->setFocus();
    QCOMPARE(pane->selectedSerial(), held->at(0).serial);
    QTest::keyClick(pane->view(), Qt::Key_Delete);
    QCOMPARE(held->rowCount(), 0);
    QTest::qWait(300);
    QCOMPARE(function->requests().size(), 2);
    // Ctrl+Shift+I again: off.
    QTest::keyClick(&window, Qt::Key_I, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(!session->interceptor()->isEnabled());
    delete function;
    function = nullptr;
}

QTEST_MAIN(tst_MonitorIntercept)
#include "tst_monitorintercept.moc"
