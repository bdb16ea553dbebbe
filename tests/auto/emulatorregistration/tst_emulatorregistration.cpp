// SPDX-License-Identifier: MIT
// The emulator's WebSocket port and registration (docs/protocol.md §1, §3, §7), its status
// routes, and several emulators in one process.

#include <emulatortestcase.h>

#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qregularexpression.h>
#include <QtNetwork/qtcpsocket.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

using SlimFaasProtocol::MessageType;

class tst_EmulatorRegistration : public EmulatorTestCase
{
    Q_OBJECT

private Q_SLOTS:
    void webSocketPortOnlyUpgradesWs();
    void registrationSucceeds();
    void refusals_data();
    void refusals();
    void sameConfigurationInAnyOrderIsAccepted();
    void differentConfigurationIsRefused_data();
    void differentConfigurationIsRefused();
    void repeatedListEntriesCount();
    void configurationForgottenAfterLastDisconnect();
    void pingIsAnsweredWithPong();
    void statusFunctions();
    void registerReadAsTheServerReadsIt();
    void registerFieldsAsTheServerTypesThem_data();
    void registerFieldsAsTheServerTypesThem();
    void settingsWithoutEffectAreWarnedAbout();
    void keepAlivePongs();
    void emulatorsInOneProcessAreIndependent();
};

void tst_EmulatorRegistration::webSocketPortOnlyUpgradesWs()
{
    auto rawHttp = [this](const QByteArray &request) {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, emulator->webSocketPort());
        socket.waitForConnected(5000);
        socket.write(request);
        QByteArray answer;
        // The endpoint answers and closes the connection.
        const bool closed = QTest::qWaitFor(
                [&] {
                    answer += socket.readAll();
                    return socket.state() == QAbstractSocket::UnconnectedState;
                },
                5000);
        answer += socket.readAll();
        return closed ? answer : QByteArray("not closed");
    };
    const QByteArray notFound = rawHttp("GET /other HTTP/1.1\r\nHost: x\r\n\r\n");
    QVERIFY2(notFound.startsWith("HTTP/1.1 404"), notFound.constData());
    const QByteArray plain = rawHttp("GET /ws HTTP/1.1\r\nHost: x\r\n\r\n");
    QVERIFY2(plain.startsWith("HTTP/1.1 400"), plain.constData());
    QVERIFY(plain.endsWith("\r\n\r\nExpected a WebSocket request."));
    // A WebSocket upgrade on another path is refused too; /ws?query is still /ws.
    QWebSocket other;
    other.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/elsewhere").arg(emulator->webSocketPort())));
    QWebSocket withQuery;
    withQuery.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws?x=1").arg(emulator->webSocketPort())));
    QTRY_COMPARE(withQuery.state(), QAbstractSocket::ConnectedState);
    QTRY_COMPARE(other.state(), QAbstractSocket::UnconnectedState);
}

void tst_EmulatorRegistration::registrationSucceeds()
{
    QSignalSpy opened(emulator, &SlimFaasEmulator::connectionOpened);
    QSignalSpy registered(emulator, &SlimFaasEmulator::functionRegistered);
    RawFunction raw(emulator->webSocketUrl());
    const auto response = raw.registerAs(SlimFaasFunctionConfig(QStringLiteral("fn")));
    QVERIFY(response);
    QVERIFY(response->success);
    QVERIFY(response->error.isEmpty());
    QVERIFY(QRegularExpression(QStringLiteral("^[0-9a-f]{32}$"))
                    .match(response->connectionId)
                    .hasMatch());
    QCOMPARE(opened.size(), 1);
    QCOMPARE(registered.size(), 1);
    QCOMPARE(registered.first().at(0).toString(), QStringLiteral("fn"));
    QCOMPARE(registered.first().at(1).toString(), response->connectionId);
    QCOMPARE(emulator->replicas(QStringLiteral("fn")), 1);
    // The raw JSON carries "error": null, as the server's does.
    QVERIFY(raw.of(MessageType::RegisterResponse)
                    .first()
                    .payload.toObject()
                    .value(QLatin1String("error"))
                    .isNull());
}

void tst_EmulatorRegistration::refusals_data()
{
    QTest::addColumn<QJsonValue>("payload");
    QTest::addColumn<QString>("expected");
    const QString invalid = QStringLiteral("Invalid register payload: functionName is required.");
    QTest::newRow("empty name") << QJsonValue(
            SlimFaasProtocol::registerPayload(SlimFaasFunctionConfig(QString())))
                                << invalid;
    QTest::newRow("blank name") << QJsonValue(
            SlimFaasProtocol::registerPayload(SlimFaasFunctionConfig(QStringLiteral("  "))))
                                << invalid;
    QTest::newRow("null payload") << QJsonValue(QJsonValue::Null) << invalid;
    QTest::newRow("unreadable configuration") << QJsonValue(QJsonObject{
            { QLatin1String("functionName"), QLatin1String("x") },
            { QLatin1String("configuration"),
              QJsonObject{ { QLatin1String("numberParallelRequest"), QLatin1String("many") } } } })
                                              << invalid;
    // Matched case-insensitively against the deployment "Existing-Deployment".
    QTest::newRow("kubernetes")
            << QJsonValue(SlimFaasProtocol::registerPayload(
                       SlimFaasFunctionConfig(QStringLiteral("existing-DEPLOYMENT"))))
            << QStringLiteral("Function 'existing-DEPLOYMENT' is already declared as a Kubernetes "
                              "deployment. WebSocket clients cannot use the same name as an "
                              "existing Kubernetes function.");
    QTest::newRow("configuration")
            << QJsonValue(SlimFaasProtocol::registerPayload(
                       SlimFaasFunctionConfig(QStringLiteral("taken"))))
            << QStringLiteral("Function 'taken' already has registered clients with a different "
                              "configuration. All WebSocket clients with the same function name "
                              "must share the same configuration.");
}

void tst_EmulatorRegistration::refusals()
{
    QFETCH(QJsonValue, payload);
    QFETCH(QString, expected);
    SlimFaasFunctionConfig first(QStringLiteral("taken"));
    first.setNumberParallelRequest(3);
    harness->function(first);
    QSignalSpy refused(emulator, &SlimFaasEmulator::registrationRefused);
    RawFunction raw(emulator->webSocketUrl());
    QVERIFY(raw.waitConnected());
    raw.send(MessageType::Register, QStringLiteral("reg-1"), payload);
    QTRY_COMPARE(raw.of(MessageType::RegisterResponse).size(), 1);
    const auto envelope = raw.of(MessageType::RegisterResponse).first();
    QCOMPARE(envelope.correlationId, QStringLiteral("reg-1"));
    const auto response = SlimFaasProtocol::parseRegisterResponse(envelope.payload);
    QVERIFY(response);
    QVERIFY(!response->success);
    QCOMPARE(response->error, expected);
    QVERIFY(response->connectionId.isEmpty());
    QCOMPARE(refused.size(), 1);
    QCOMPARE(refused.first().at(2).toString(), expected);
    QTest::qWait(100);
    QCOMPARE(raw.socket.state(), QAbstractSocket::ConnectedState); // the server does not close
    QCOMPARE(emulator->registeredFunctions(), QStringList{ QStringLiteral("taken") });
}

void tst_EmulatorRegistration::sameConfigurationInAnyOrderIsAccepted()
{
    SlimFaasFunctionConfig a(QStringLiteral("shared"));
    a.setDependsOn({ QStringLiteral("x"), QStringLiteral("y") });
    a.setSubscribeEvents(QList<SlimFaasSubscribeEvent>{
            { QStringLiteral("e1"), std::nullopt },
            { QStringLiteral("e2"), SlimFaas::Visibility::Private } });
    a.addPathStartWithVisibility(QStringLiteral("/a"), SlimFaas::Visibility::Private);
    a.addPathStartWithVisibility(QStringLiteral("/b"), SlimFaas::Visibility::Public);
    a.setConfiguration(QStringLiteral(R"({"DefaultAsync":{"TimeoutRetries":[1]}})"));
    SlimFaasFunctionConfig b(QStringLiteral("shared"));
    b.setDependsOn({ QStringLiteral("y"), QStringLiteral("x") });
    b.setSubscribeEvents(
            QList<SlimFaasSubscribeEvent>{ { QStringLiteral("e2"), SlimFaas::Visibility::Private },
                                           { QStringLiteral("e1"), std::nullopt } });
    b.addPathStartWithVisibility(QStringLiteral("/b"), SlimFaas::Visibility::Public);
    b.addPathStartWithVisibility(QStringLiteral("/a"), SlimFaas::Visibility::Private);
    b.setConfiguration(a.configuration());
    harness->function(a);
    RawFunction second(emulator->webSocketUrl());
    const auto response = second.registerAs(b);
    QVERIFY(response);
    QVERIFY(response->success);
    QCOMPARE(emulator->replicas(QStringLiteral("shared")), 2);
}

void tst_EmulatorRegistration::differentConfigurationIsRefused_data()
{
    QTest::addColumn<SlimFaasFunctionConfig>("changed");
    const SlimFaasFunctionConfig base(QStringLiteral("strict"));
    SlimFaasFunctionConfig c = base;
    c.setDependsOn({ QStringLiteral("other") });
    QTest::newRow("dependsOn") << c;
    c = base;
    c.setSubscribeEvents(QStringList{ QStringLiteral("e") });
    QTest::newRow("subscribeEvents") << c;
    c = base;
    c.setDefaultVisibility(SlimFaas::Visibility::Private);
    QTest::newRow("defaultVisibility") << c;
    c = base;
    c.addPathStartWithVisibility(QStringLiteral("/p"), SlimFaas::Visibility::Private);
    QTest::newRow("pathsStartWithVisibility") << c;
    c = base;
    c.setConfiguration(QStringLiteral("{}"));
    QTest::newRow("configuration") << c;
    c = base;
    c.setReplicasStartAsSoonAsOneFunctionRetrieveARequest(true);
    QTest::newRow("replicasStart") << c;
    c = base;
    c.setNumberParallelRequest(9);
    QTest::newRow("numberParallelRequest") << c;
    c = base;
    c.setNumberParallelRequestPerPod(9);
    QTest::newRow("numberParallelRequestPerPod") << c;
    c = base;
    c.setDefaultTrust(SlimFaas::Trust::Untrusted);
    QTest::newRow("defaultTrust") << c;
}

void tst_EmulatorRegistration::differentConfigurationIsRefused()
{
    QFETCH(SlimFaasFunctionConfig, changed);
    harness->function(SlimFaasFunctionConfig(QStringLiteral("strict")));
    RawFunction raw(emulator->webSocketUrl());
    const auto response = raw.registerAs(changed);
    QVERIFY(response);
    QVERIFY(!response->success);
    QCOMPARE(emulator->replicas(QStringLiteral("strict")), 1);
}

// SlimFaas sorts the lists and compares them entry by entry: order does not matter, but a
// repeated entry does.
void tst_EmulatorRegistration::repeatedListEntriesCount()
{
    SlimFaasFunctionConfig once(QStringLiteral("dupes"));
    once.setDependsOn({ QStringLiteral("a"), QStringLiteral("b") });
    harness->function(once);
    SlimFaasFunctionConfig twice(QStringLiteral("dupes"));
    twice.setDependsOn({ QStringLiteral("b"), QStringLiteral("a"), QStringLiteral("a") });
    RawFunction raw(emulator->webSocketUrl());
    const auto response = raw.registerAs(twice);
    QVERIFY(response);
    QVERIFY(!response->success);
}

// The rolling-update case: the new configuration is refused until the last old replica has
// gone, then accepted.
void tst_EmulatorRegistration::configurationForgottenAfterLastDisconnect()
{
    QSignalSpy closed(emulator, &SlimFaasEmulator::connectionClosed);
    RawFunction *first = harness->function(SlimFaasFunctionConfig(QStringLiteral("rolling")));
    RawFunction *second = harness->function(SlimFaasFunctionConfig(QStringLiteral("rolling")));
    SlimFaasFunctionConfig changed(QStringLiteral("rolling"));
    changed.setNumberParallelRequestPerPod(1);
    RawFunction early(emulator->webSocketUrl());
    auto response = early.registerAs(changed);
    QVERIFY(response && !response->success);

    first->socket.close();
    QTRY_COMPARE(emulator->replicas(QStringLiteral("rolling")), 1);
    response = early.registerAs(changed); // one old replica is left
    QVERIFY(response && !response->success);

    second->socket.close();
    QTRY_COMPARE(emulator->replicas(QStringLiteral("rolling")), 0);
    QVERIFY(emulator->registeredFunctions().isEmpty());
    QCOMPARE(closed.size(), 2);
    QCOMPARE(closed.first().at(0).toString(), QStringLiteral("rolling"));
    RawFunction late(emulator->webSocketUrl());
    response = late.registerAs(changed);
    QVERIFY(response && response->success);
}

void tst_EmulatorRegistration::pingIsAnsweredWithPong()
{
    RawFunction raw(emulator->webSocketUrl());
    QVERIFY(raw.waitConnected());
    // Before registration too: the server answers any connection.
    raw.send(MessageType::Ping, QStringLiteral("ping-1"), QJsonValue::Null);
    QTRY_COMPARE(raw.of(MessageType::Pong).size(), 1);
    QVERIFY(raw.registerAs(SlimFaasFunctionConfig(QStringLiteral("pinger")))->success);
    raw.send(MessageType::Ping, QStringLiteral("ping-42"), QJsonValue::Null);
    QTRY_COMPARE(raw.of(MessageType::Pong).size(), 2);
    QCOMPARE(raw.of(MessageType::Pong).at(0).correlationId, QStringLiteral("ping-1"));
    QCOMPARE(raw.of(MessageType::Pong).at(1).correlationId, QStringLiteral("ping-42"));
    QVERIFY(raw.of(MessageType::Pong).at(1).payload.isNull());
}

// The status routes answer SlimFaas's five fields and nothing else; the emulator-only
// /emulator/functions adds what the emulator knows.
void tst_EmulatorRegistration::statusFunctions()
{
    SlimFaasFunctionConfig config(QStringLiteral("statusfn"));
    config.setNumberParallelRequestPerPod(1);
    config.setDefaultVisibility(SlimFaas::Visibility::Private);
    RawFunction *raw = harness->function(config);
    harness->function(config);
    SlimFaasFunctionConfig another(QStringLiteral("another"));
    another.setNumberParallelRequestPerPod(1);
    RawFunction *anotherRaw = harness->function(another);
    QNetworkReply *reply = harness->call("GET", QStringLiteral("/status-functions"));
    QCOMPARE(EmulatorHarness::statusOf(reply), 200);
    QCOMPARE(reply->header(QNetworkRequest::ContentTypeHeader).toString(),
             QStringLiteral("application/json"));
    const QJsonArray statuses = QJsonDocument::fromJson(reply->readAll()).array();
    QCOMPARE(statuses.size(), 2);
    const QJsonObject status = statuses.at(1).toObject(); // sorted by name
    const QStringList fields{ QStringLiteral("Name"), QStringLiteral("NumberReady"),
                              QStringLiteral("NumberRequested"), QStringLiteral("PodType"),
                              QStringLiteral("Visibility") };
    QCOMPARE(status.keys(), fields);
    QCOMPARE(status[QLatin1String("Name")].toString(), QStringLiteral("statusfn"));
    QCOMPARE(status[QLatin1String("NumberReady")].toInt(), 2);
    QCOMPARE(status[QLatin1String("NumberRequested")].toInt(), 2);
    QCOMPARE(status[QLatin1String("PodType")].toString(), QStringLiteral("WebSocket"));
    QCOMPARE(status[QLatin1String("Visibility")].toString(), QStringLiteral("Private"));

    // Queued work shows on the emulator's own route: the only connection of "another" holds
    // one unanswered request, the second waits.
    for (int i = 0; i < 2; ++i) {
        reply = harness->call("POST", QStringLiteral("/async-function/another"));
        QCOMPARE(EmulatorHarness::statusOf(reply), 202);
    }
    QTRY_COMPARE(anotherRaw->requests().size(), 1);
    reply = harness->call("GET", QStringLiteral("/status-function/another"));
    QCOMPARE(EmulatorHarness::statusOf(reply), 200);
    const QJsonObject one = QJsonDocument::fromJson(reply->readAll()).object();
    QCOMPARE(one.keys(), fields);
    QCOMPARE(one[QLatin1String("Name")].toString(), QStringLiteral("another"));
    QCOMPARE(one[QLatin1String("NumberReady")].toInt(), 1);
    QCOMPARE(EmulatorHarness::statusOf(
                     harness->call("GET", QStringLiteral("/status-function/nobody"))),
             404);

    reply = harness->call("GET", QStringLiteral("/emulator/functions"));
    QCOMPARE(EmulatorHarness::statusOf(reply), 200);
    const QJsonArray details = QJsonDocument::fromJson(reply->readAll()).array();
    QCOMPARE(details.size(), 2);
    const QJsonObject detail = details.at(1).toObject();
    for (const QString &field : fields)
        QCOMPARE(detail[field], status[field]);
    QCOMPARE(detail[QLatin1String("NumberParallelRequestPerPod")].toInt(), 1);
    QCOMPARE(detail[QLatin1String("NumberParallelRequest")].toInt(), 10);
    QCOMPARE(detail[QLatin1String("Trust")].toString(), QStringLiteral("Trusted"));
    QCOMPARE(detail[QLatin1String("QueueLength")].toInt(), 0);
    const QJsonArray pods = detail[QLatin1String("Pods")].toArray();
    QCOMPARE(pods.size(), 2);
    const QString connectionId = raw->of(MessageType::RegisterResponse)
                                         .first()
                                         .payload[QLatin1String("connectionId")]
                                         .toString();
    QCOMPARE(pods.first()[QLatin1String("Name")].toString(),
             QStringLiteral("ws-") + connectionId.left(8));
    QCOMPARE(pods.first()[QLatin1String("ConnectionId")].toString(), connectionId);
    QCOMPARE(harness->details(QStringLiteral("another"))[QLatin1String("QueueLength")].toInt(), 1);
    QCOMPARE(harness->activeRequests(QStringLiteral("another")), 1);
    QCOMPARE(
            EmulatorHarness::statusOf(harness->call("POST", QStringLiteral("/emulator/functions"))),
            405);
}

// SlimFaas's deserialiser: a message without "type" is a Register, a payload that is not an
// object is refused, visibility and trust strings mean Private/Untrusted when they say so
// in any case and Public/Trusted otherwise, but configurations compare them as written.
void tst_EmulatorRegistration::registerReadAsTheServerReadsIt()
{
    auto registerRaw = [this](const QByteArray &json) {
        auto *raw = new RawFunction(emulator->webSocketUrl(), harness);
        if (raw->waitConnected()) {
            raw->socket.sendTextMessage(QString::fromUtf8(json));
            if (!QTest::qWaitFor(
                        [raw] { return !raw->of(MessageType::RegisterResponse).isEmpty(); }, 5000))
                qWarning("no RegisterResponse");
        }
        return raw->of(MessageType::RegisterResponse).value(0).payload.toObject();
    };
    QJsonObject answer
            = registerRaw(R"({"correlationId":"c1","payload":{"functionName":"typeless"}})");
    QVERIFY(answer[QLatin1String("success")].toBool());
    QCOMPARE(emulator->replicas(QStringLiteral("typeless")), 1);

    answer = registerRaw(R"({"type":0,"correlationId":"c2","payload":"typeless"})");
    QVERIFY(!answer[QLatin1String("success")].toBool());
    QCOMPARE(answer[QLatin1String("error")].toString(),
             QStringLiteral("Invalid register payload: functionName is required."));

    const QByteArray lowercase
            = R"({"type":0,"correlationId":"c3","payload":{"functionName":"cased",
        "configuration":{"defaultVisibility":"private","defaultTrust":"UNTRUSTED",
        "pathsStartWithVisibility":[{"path":"open","visibility":"Secret"}]}}})";
    QVERIFY(registerRaw(lowercase)[QLatin1String("success")].toBool());
    const QJsonObject detail = harness->details(QStringLiteral("cased"));
    QCOMPARE(detail[QLatin1String("Visibility")].toString(), QStringLiteral("Private"));
    QCOMPARE(detail[QLatin1String("Trust")].toString(), QStringLiteral("Untrusted"));
    emulator->setTrustedNetworks({});
    // "Secret" means Public: the path is open to anyone, the rest is private.
    QCOMPARE(EmulatorHarness::statusOf(
                     harness->call("POST", QStringLiteral("/async-function/cased/open"))),
             202);
    QCOMPARE(EmulatorHarness::statusOf(
                     harness->call("POST", QStringLiteral("/async-function/cased/closed"))),
             404);
    // Same meaning, other spelling: a different configuration for SlimFaas.
    SlimFaasFunctionConfig canonical(QStringLiteral("cased"));
    canonical.setDefaultVisibility(SlimFaas::Visibility::Private);
    canonical.setDefaultTrust(SlimFaas::Trust::Untrusted);
    canonical.addPathStartWithVisibility(QStringLiteral("open"), SlimFaas::Visibility::Public);
    RawFunction other(emulator->webSocketUrl());
    const auto refused = other.registerAs(canonical);
    QVERIFY(refused && !refused->success);
    QVERIFY(refused->error.contains(QLatin1String("different configuration")));
    QVERIFY(registerRaw(QByteArray(lowercase).replace("c3", "c4"))[QLatin1String("success")]
                    .toBool());
    QCOMPARE(emulator->replicas(QStringLiteral("cased")), 2);
}

void tst_EmulatorRegistration::registerFieldsAsTheServerTypesThem_data()
{
    QTest::addColumn<QByteArray>("configuration");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<QString>("warning");
    QTest::addColumn<QString>("named"); // what the warning names

    // System.Text.Json into int and bool properties: refused, with the one refusal SlimFaas
    // has for an unreadable payload, which names the wrong field.
    const QString unreadable = QStringLiteral("register-unreadable");
    QTest::newRow("numberParallelRequest 10.0") << QByteArray(R"({"numberParallelRequest":10.0})")
                                                << false << unreadable << QStringLiteral("10.0");
    QTest::newRow("numberParallelRequestPerPod 1e1")
            << QByteArray(R"({"numberParallelRequestPerPod":1e1})") << false << unreadable
            << QStringLiteral("numberParallelRequestPerPod");
    QTest::newRow("numberParallelRequest null") << QByteArray(R"({"numberParallelRequest":null})")
                                                << false << unreadable << QStringLiteral("null");
    QTest::newRow("numberParallelRequest a string")
            << QByteArray(R"({"numberParallelRequest":"10"})") << false << unreadable
            << QStringLiteral("\"10\"");
    QTest::newRow("boolean null")
            << QByteArray(R"({"replicasStartAsSoonAsOneFunctionRetrieveARequest":null})") << false
            << unreadable << QStringLiteral("replicasStartAsSoonAsOneFunctionRetrieveARequest");
    QTest::newRow("boolean 1") << QByteArray(
            R"({"replicasStartAsSoonAsOneFunctionRetrieveARequest":1})")
                               << false << unreadable << QStringLiteral("not a boolean");
    // Read as null, then dereferenced by every lookup of WebSocket functions.
    const QString breaks = QStringLiteral("register-breaks-lookups");
    for (const char *key : { "dependsOn", "subscribeEvents", "pathsStartWithVisibility",
                             "defaultVisibility", "defaultTrust" })
        QTest::addRow("%s null", key) << QByteArray("{\"") + key + "\":null}" << true << breaks
                                      << QString::fromLatin1(key);
    QTest::newRow("a null subscription") << QByteArray(R"({"subscribeEvents":[null]})") << true
                                         << breaks << QStringLiteral("null entry");
    QTest::newRow("a null path visibility")
            << QByteArray(R"({"pathsStartWithVisibility":[{"path":"/a","visibility":null}]})")
            << true << breaks << QStringLiteral("null visibility");
    QTest::newRow("a null path") << QByteArray(
            R"({"pathsStartWithVisibility":[{"path":null,"visibility":"Private"}]})")
                                 << true << breaks << QStringLiteral("null path");
    QTest::newRow("integers and booleans as the server writes them") << QByteArray(
            R"({"numberParallelRequest":3,"replicasStartAsSoonAsOneFunctionRetrieveARequest":true,"configuration":null})")
                                                                     << true << QString()
                                                                     << QString();
}

// SlimFaas refuses a Register whose numbers are not integers or whose boolean is not one
// (its deserialiser throws; the refusal says "functionName is required"), and accepts null
// lists and strings, on which every lookup of WebSocket functions then throws.
void tst_EmulatorRegistration::registerFieldsAsTheServerTypesThem()
{
    QFETCH(QByteArray, configuration);
    QFETCH(bool, accepted);
    QFETCH(QString, warning);
    QFETCH(QString, named);
    QSignalSpy warnings(emulator, &SlimFaasEmulator::warningRaised);
    RawFunction raw(emulator->webSocketUrl());
    QVERIFY(raw.waitConnected());
    raw.socket.sendTextMessage(QString::fromUtf8(
            R"({"type":0,"correlationId":"r","payload":{"functionName":"typed","configuration":)"
            + configuration + "}}"));
    QTRY_COMPARE(raw.of(MessageType::RegisterResponse).size(), 1);
    const QJsonObject answer = raw.of(MessageType::RegisterResponse).first().payload.toObject();
    QCOMPARE(answer[QLatin1String("success")].toBool(), accepted);
    QCOMPARE(emulator->replicas(QStringLiteral("typed")), accepted ? 1 : 0);
    if (!accepted)
        QCOMPARE(answer[QLatin1String("error")].toString(),
                 QStringLiteral("Invalid register payload: functionName is required."));
    QStringList codes;
    for (const auto &w : warnings)
        codes.append(w.at(0).toString());
    if (warning.isEmpty()) {
        QVERIFY2(!codes.contains(QStringLiteral("register-unreadable"))
                         && !codes.contains(QStringLiteral("register-breaks-lookups")),
                 qPrintable(codes.join(QLatin1Char(' '))));
        QCOMPARE(harness->details(QStringLiteral("typed"))[QLatin1String("NumberParallelRequest")]
                         .toInt(),
                 3);
        return;
    }
    const qsizetype at = codes.indexOf(warning);
    QVERIFY2(at >= 0, qPrintable(codes.join(QLatin1Char(' '))));
    QCOMPARE(warnings.at(at).at(1).toString(), QStringLiteral("typed"));
    QVERIFY2(warnings.at(at).at(2).toString().contains(named),
             qPrintable(warnings.at(at).at(2).toString()));
}

// For a WebSocket function SlimFaas reads no section of the configuration string (its
// deployment gets an empty SlimFaasConfiguration), and dependsOn and
// replicasStartAsSoonAsOneFunctionRetrieveARequest only drive the scaling of Kubernetes
// deployments. The function still works as with none of them; each is warned about.
void tst_EmulatorRegistration::settingsWithoutEffectAreWarnedAbout()
{
    SlimFaasFunctionConfig config(QStringLiteral("settled"));
    config.setConfiguration(QStringLiteral(
            R"({"DefaultSync":{"HttpTimeout":1},"DefaultPublish":{"TimeoutRetries":[1]}})"));
    config.setDependsOn({ QStringLiteral("absent") });
    config.setReplicasStartAsSoonAsOneFunctionRetrieveARequest(true);
    config.setSubscribeEvents({ QStringLiteral("tick") });
    QSignalSpy warnings(emulator, &SlimFaasEmulator::warningRaised);
    RawFunction *raw = harness->function(config);
    QStringList codes;
    for (const auto &warning : warnings) {
        codes.append(warning.at(0).toString());
        QCOMPARE(warning.at(1).toString(), QStringLiteral("settled"));
    }
    codes.sort();
    QCOMPARE(codes,
             (QStringList{ QStringLiteral("default-publish-ignored"),
                           QStringLiteral("default-sync-ignored"),
                           QStringLiteral("depends-on-ignored"),
                           QStringLiteral("replicas-start-ignored") }));
    QCOMPARE(EmulatorHarness::statusOf(
                     harness->call("POST", QStringLiteral("/publish-event/tick"), "t")),
             204);
    QTRY_COMPARE(raw->of(MessageType::PublishEvent).size(), 1);
    // Answered after DefaultSync's 1 s: still the caller's answer, SlimFaas waits 300 s.
    QNetworkReply *reply = harness->call("GET", QStringLiteral("/function/settled/slow"));
    QTRY_COMPARE(raw->framesOf(MessageType::SyncRequestEnd).size(), 1);
    QTest::qWait(1200);
    const QString id = raw->framesOf(MessageType::SyncRequestStart).first().correlationId;
    SlimFaasProtocol::SyncResponseHead head;
    head.statusCode = 200;
    raw->sendFrame(MessageType::SyncResponseStart, id,
                   SlimFaasProtocol::encodeSyncResponseHead(head));
    raw->sendFrame(MessageType::SyncResponseEnd, id, {}, SlimFaasProtocol::FrameFlagEndOfStream);
    QCOMPARE(EmulatorHarness::statusOf(reply), 200);
    QTest::qWait(100);
    QCOMPARE(raw->of(MessageType::PublishEvent).size(), 1); // sent once, never retried
}

// ASP.NET's keepalive: an unsolicited Pong frame every 30 s, here every keepAliveInterval.
void tst_EmulatorRegistration::keepAlivePongs()
{
    QCOMPARE(emulator->keepAliveInterval(), SlimFaasEmulator::DefaultKeepAliveInterval);
    QCOMPARE(SlimFaasEmulator::DefaultKeepAliveInterval, 30000);
    emulator->setKeepAliveInterval(50);
    RawFunction *raw = harness->function(SlimFaasFunctionConfig(QStringLiteral("kept")));
    QSignalSpy pongs(&raw->socket, &QWebSocket::pong);
    QTRY_VERIFY(pongs.size() >= 2);
    // Between the Pongs the protocol goes on as usual.
    raw->send(MessageType::Ping, QStringLiteral("p"), QJsonValue::Null);
    QTRY_COMPARE(raw->of(MessageType::Pong).size(), 1);
    emulator->setKeepAliveInterval(0);
    QTest::qWait(100); // a Pong already on its way may still land
    const qsizetype after = pongs.size();
    QTest::qWait(200);
    QCOMPARE(pongs.size(), after);
}

void tst_EmulatorRegistration::emulatorsInOneProcessAreIndependent()
{
    EmulatorHarness other;
    QVERIFY(other.start());
    QVERIFY(other.emulator()->webSocketPort() != emulator->webSocketPort());
    harness->function(SlimFaasFunctionConfig(QStringLiteral("here")));
    SlimFaasFunctionConfig different(QStringLiteral("here"));
    different.setNumberParallelRequest(1);
    RawFunction *there = other.function(different); // no clash with the first emulator
    QVERIFY(there->of(MessageType::RegisterResponse)
                    .first()
                    .payload[QLatin1String("success")]
                    .toBool());
    QCOMPARE(emulator->replicas(QStringLiteral("here")), 1);
    QCOMPARE(other.emulator()->replicas(QStringLiteral("here")), 1);
    QCOMPARE(EmulatorHarness::statusOf(other.call("POST", QStringLiteral("/async-function/here"))),
             202);
    QTRY_COMPARE(there->requests().size(), 1);
    QCOMPARE(emulator->queueLength(QStringLiteral("here")), 0);
}

QTEST_GUILESS_MAIN(tst_EmulatorRegistration)
#include "tst_emulatorregistration.moc"
