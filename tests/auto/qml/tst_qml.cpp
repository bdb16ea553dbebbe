// SPDX-License-Identifier: MIT
#include <scriptedpeer.h>
#include <slimfaascaller.h>
#include <slimfaasclient.h>

#include <QtCore/qregularexpression.h>
#include <QtQml/qqmlcomponent.h>
#include <QtQml/qqmlengine.h>
#include <QtTest/qtest.h>

using SlimFaasProtocol::MessageType;

// The SlimFaas QML module: a function written in QML registers, reads its requests' fields
// and answers them.
class tst_Qml : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void functionInQml();
    void syncRequestIsNotCreatable();
    void eventsAsyncAndSyncFromQml();
    void unansweredInQmlGets500();
    void callerIsAQmlType();
    void nodeUrlsFromQml();
};

void tst_Qml::functionInQml()
{
    ScriptedPeer peer;
    QVERIFY(peer.listen());
    QQmlEngine engine;
    engine.addImportPath(QStringLiteral(SLIMFAAS_QML_IMPORT_PATH));
    QQmlComponent component(&engine);
    // As in the README, with the test's own server and a trace of what QML saw.
    component.setData(R"(
import QtQml
import SlimFaas

SlimFaasClient {
    property var seen: []
    pingInterval: 0
    functionConfig.functionName: "from-qml"
    functionConfig.numberParallelRequestPerPod: 3
    onAsyncRequestReceived: (request) => {
        seen.push(request.method + " " + request.path + " " + request.query + " try "
                  + request.tryNumber);
        sendCallback(request.elementId, 201);
    }
    Component.onCompleted: open()
}
)",
                      QUrl());
    QScopedPointer<QObject> object(
            component.createWithInitialProperties({ { QStringLiteral("url"), peer.url() } }));
    QVERIFY2(object, qPrintable(component.errorString()));
    auto *client = qobject_cast<SlimFaasClient *>(object.data());
    QVERIFY(client);
    QCOMPARE(client->functionConfig().functionName(), QStringLiteral("from-qml"));
    QCOMPARE(client->functionConfig().numberParallelRequestPerPod(), 3);
    QCOMPARE(client->pingInterval(), 0);
    QVERIFY(client->waitForReady(5000));
    const auto registered = SlimFaasProtocol::parseRegisterPayload(
            peer.envelopes(MessageType::Register).first().payload);
    QVERIFY(registered);
    QCOMPARE(registered->functionName(), QStringLiteral("from-qml"));

    SlimFaasAsyncRequest request;
    request.setElementId(QStringLiteral("q-1"));
    request.setMethod(QStringLiteral("PUT"));
    request.setPath(QStringLiteral("items/3"));
    request.setQuery(QStringLiteral("?v=2"));
    request.setTryNumber(2);
    peer.sendEnvelope(MessageType::AsyncRequest, request.elementId(),
                      SlimFaasProtocol::asyncRequestPayload(request));
    QTRY_COMPARE(peer.envelopes(MessageType::AsyncCallback).size(), 1);
    const auto callback = SlimFaasProtocol::parseAsyncCallback(
            peer.envelopes(MessageType::AsyncCallback).first().payload);
    QVERIFY(callback);
    QCOMPARE(callback->statusCode, 201);
    QCOMPARE(object->property("seen").toStringList(),
             QStringList{ QStringLiteral("PUT items/3 ?v=2 try 2") });
}

void tst_Qml::syncRequestIsNotCreatable()
{
    QQmlEngine engine;
    engine.addImportPath(QStringLiteral(SLIMFAAS_QML_IMPORT_PATH));
    QQmlComponent component(&engine);
    component.setData("import SlimFaas\nSlimFaasSyncRequest {}\n", QUrl());
    QScopedPointer<QObject> object(component.create());
    QVERIFY(!object);
    QVERIFY2(component.errorString().contains(QLatin1String("SlimFaasClient.syncRequestReceived")),
             qPrintable(component.errorString()));
}

static QObject *create(QQmlEngine &engine, const QByteArray &qml, const QUrl &url)
{
    QQmlComponent component(&engine);
    component.setData(qml, QUrl());
    QObject *object = component.createWithInitialProperties({ { QStringLiteral("url"), url } });
    if (!object)
        qWarning("%s", qPrintable(component.errorString()));
    return object;
}

static QList<SlimFaasProtocol::Frame> frames(const ScriptedPeer &peer)
{
    QList<SlimFaasProtocol::Frame> list;
    for (const ScriptedPeer::Message &message : peer.received()) {
        if (message.binary) {
            if (const auto frame = SlimFaasProtocol::decodeFrame(message.data))
                list.append(*frame);
        }
    }
    return list;
}

// A function written in QML alone: it subscribes to an event, answers an async and a sync
// request, and reads what they are.
void tst_Qml::eventsAsyncAndSyncFromQml()
{
    ScriptedPeer peer;
    QVERIFY(peer.listen());
    QQmlEngine engine;
    engine.addImportPath(QStringLiteral(SLIMFAAS_QML_IMPORT_PATH));
    QScopedPointer<QObject> object(create(engine, R"(
import QtQml
import SlimFaas

SlimFaasClient {
    property var seen: []
    property int registerType: -1
    pingInterval: 0
    functionConfig.functionName: "qml-fn"
    functionConfig.subscribeEvents: ["order-created"]
    onMessageSent: (type, correlationId, message) => {
        if (registerType < 0)
            registerType = type
    }
    onPublishEventReceived: (event) => seen.push("event " + event.eventName + " " + event.path)
    onAsyncRequestReceived: (request) => {
        seen.push("async " + request.method + " " + request.path)
        sendCallback(request.elementId, 201)
    }
    onSyncRequestReceived: (request) => {
        seen.push("sync " + request.method + " " + request.path + " " + request.query)
        request.startResponse(203, { "Content-Type": "text/plain" })
        request.write("from ")
        request.write("qml")
        request.finish()
    }
    Component.onCompleted: open()
}
)",
                                          peer.url()));
    QVERIFY(object);
    auto *client = qobject_cast<SlimFaasClient *>(object.data());
    QVERIFY(client);
    QVERIFY(client->waitForReady(5000));
    QCOMPARE(object->property("registerType").toInt(), int(MessageType::Register));
    const auto registered = SlimFaasProtocol::parseRegisterPayload(
            peer.envelopes(MessageType::Register).first().payload);
    QVERIFY(registered);
    QCOMPARE(registered->subscribeEvents().size(), 1);
    QCOMPARE(registered->subscribeEvents().first().name, QStringLiteral("order-created"));

    peer.sendText(R"({"type":4,"correlationId":"e1","payload":{"eventName":"order-created",)"
                  R"("method":"POST","path":"orders"}})");
    SlimFaasAsyncRequest request;
    request.setElementId(QStringLiteral("a-1"));
    request.setMethod(QStringLiteral("DELETE"));
    request.setPath(QStringLiteral("items/7"));
    request.setTryNumber(1);
    peer.sendEnvelope(MessageType::AsyncRequest, request.elementId(),
                      SlimFaasProtocol::asyncRequestPayload(request));
    SlimFaasProtocol::SyncRequestHead head;
    head.method = QStringLiteral("PATCH");
    head.path = QStringLiteral("things/9");
    head.query = QStringLiteral("?x=1");
    peer.sendBinary(SlimFaasProtocol::encodeFrame(
            MessageType::SyncRequestStart, QStringLiteral("s-1"),
            SlimFaasProtocol::encodeSyncRequestHead(head), SlimFaasProtocol::FrameFlagEndOfStream));

    QTRY_COMPARE(peer.envelopes(MessageType::AsyncCallback).size(), 1);
    QCOMPARE(SlimFaasProtocol::parseAsyncCallback(
                     peer.envelopes(MessageType::AsyncCallback).first().payload)
                     ->statusCode,
             201);
    QTRY_VERIFY(!frames(peer).isEmpty()
                && frames(peer).constLast().type == MessageType::SyncResponseEnd);
    const QList<SlimFaasProtocol::Frame> sent = frames(peer);
    QCOMPARE(sent.first().type, MessageType::SyncResponseStart);
    const auto responseHead = SlimFaasProtocol::decodeSyncResponseHead(sent.first().payload);
    QVERIFY(responseHead);
    QCOMPARE(responseHead->statusCode, 203);
    QCOMPARE(responseHead->headers.value(QStringLiteral("content-type")),
             QStringList{ QStringLiteral("text/plain") });
    QByteArray body;
    for (const SlimFaasProtocol::Frame &frame : sent) {
        if (frame.type == MessageType::SyncResponseChunk)
            body += frame.payload;
    }
    QCOMPARE(body, QByteArray("from qml"));
    QCOMPARE(object->property("seen").toStringList(),
             (QStringList{ QStringLiteral("event order-created orders"),
                           QStringLiteral("async DELETE items/7"),
                           QStringLiteral("sync PATCH things/9 ?x=1") }));
    QTRY_COMPARE(client->openSyncRequestCount(), 0);
}

// A QML handler that does not answer (nor defer()) does not leave the caller waiting for
// SlimFaas's 300 s timeout: 500 at once.
void tst_Qml::unansweredInQmlGets500()
{
    ScriptedPeer peer;
    QVERIFY(peer.listen());
    QQmlEngine engine;
    engine.addImportPath(QStringLiteral(SLIMFAAS_QML_IMPORT_PATH));
    QScopedPointer<QObject> object(create(engine, R"(
import QtQml
import SlimFaas

SlimFaasClient {
    property var later: null
    pingInterval: 0
    functionConfig.functionName: "qml-fn"
    onAsyncRequestReceived: (request) => {
        if (request.path === "later") {
            defer(request)
            later = request.elementId
        }
    }
    onSyncRequestReceived: (request) => console.log("looked at", request.path)
    Component.onCompleted: open()
}
)",
                                          peer.url()));
    QVERIFY(object);
    auto *client = qobject_cast<SlimFaasClient *>(object.data());
    QVERIFY(client->waitForReady(5000));
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("left unanswered by QML")));
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("left unanswered by QML")));
    for (const char *path : { "now", "later" }) {
        SlimFaasAsyncRequest request;
        request.setElementId(QString::fromLatin1(path));
        request.setPath(QString::fromLatin1(path));
        request.setTryNumber(1);
        peer.sendEnvelope(MessageType::AsyncRequest, request.elementId(),
                          SlimFaasProtocol::asyncRequestPayload(request));
    }
    peer.sendBinary(SlimFaasProtocol::encodeFrame(
            MessageType::SyncRequestStart, QStringLiteral("s-1"),
            SlimFaasProtocol::encodeSyncRequestHead({}), SlimFaasProtocol::FrameFlagEndOfStream));
    QTRY_COMPARE(peer.envelopes(MessageType::AsyncCallback).size(), 1);
    QCOMPARE(peer.envelopes(MessageType::AsyncCallback).first().correlationId,
             QStringLiteral("now"));
    QTRY_VERIFY(!frames(peer).isEmpty());
    const auto head = SlimFaasProtocol::decodeSyncResponseHead(frames(peer).first().payload);
    QVERIFY(head);
    QCOMPARE(head->statusCode, 500);
    QCOMPARE(client->pendingRequestCount(), 1); // the deferred one
    QVERIFY(client->sendCallback(object->property("later").toString(), 200));
    QTRY_COMPARE(peer.envelopes(MessageType::AsyncCallback).size(), 2);
}

void tst_Qml::callerIsAQmlType()
{
    QQmlEngine engine;
    engine.addImportPath(QStringLiteral(SLIMFAAS_QML_IMPORT_PATH));
    QScopedPointer<QObject> object(create(engine, "import SlimFaas\nSlimFaasCaller { }\n",
                                          QUrl(QStringLiteral("http://127.0.0.1:1"))));
    QVERIFY(object);
    QVERIFY(qobject_cast<SlimFaasCaller *>(object.data()));
    QCOMPARE(object->property("url").toUrl(), QUrl(QStringLiteral("http://127.0.0.1:1")));
}

// The node settings are QML properties too: a list of node URLs, assigned and changed from
// QML, keeps a connection to each.
void tst_Qml::nodeUrlsFromQml()
{
    ScriptedPeer first;
    ScriptedPeer second;
    QVERIFY(first.listen());
    QVERIFY(second.listen());
    QQmlEngine engine;
    engine.addImportPath(QStringLiteral(SLIMFAAS_QML_IMPORT_PATH));
    QQmlComponent component(&engine);
    component.setData(R"(
import QtQml
import SlimFaas

SlimFaasClient {
    property url firstNode
    property url secondNode
    nodeUrls: [firstNode, secondNode]
    everyAddress: false
    addressRefreshInterval: 4321
    pingInterval: 0
    functionConfig.functionName: "nodes-from-qml"
    function keepSecond() { nodeUrls = [secondNode] }
    Component.onCompleted: open()
}
)",
                      QUrl());
    QScopedPointer<QObject> object(component.createWithInitialProperties(
            { { QStringLiteral("firstNode"), first.url() },
              { QStringLiteral("secondNode"), second.url() } }));
    QVERIFY2(object, qPrintable(component.errorString()));
    auto *client = qobject_cast<SlimFaasClient *>(object.data());
    QVERIFY(client);
    QCOMPARE(client->nodeUrls(), (QList<QUrl>{ first.url(), second.url() }));
    QCOMPARE(client->url(), first.url());
    QCOMPARE(client->addressRefreshInterval(), 4321);
    QVERIFY(!client->everyAddress());
    QTRY_COMPARE(client->registeredNodeCount(), 2);
    QCOMPARE(first.envelopes(MessageType::Register).size(), 1);
    QCOMPARE(second.envelopes(MessageType::Register).size(), 1);

    QVERIFY(QMetaObject::invokeMethod(object.data(), "keepSecond"));
    QCOMPARE(client->nodeUrls(), QList<QUrl>{ second.url() });
    QCOMPARE(object->property("url").toUrl(), second.url());
    QTRY_COMPARE(client->registeredNodeCount(), 1);
    QCOMPARE(client->nodeState(second.url()), SlimFaasClient::Ready);
    QCOMPARE(second.envelopes(MessageType::Register).size(), 1);
}

QTEST_GUILESS_MAIN(tst_Qml)
#include "tst_qml.moc"
