// SPDX-License-Identifier: MIT
#include <scriptedpeer.h>
#include <slimfaasclient.h>

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

QTEST_GUILESS_MAIN(tst_Qml)
#include "tst_qml.moc"
