// SPDX-License-Identifier: MIT
// Malformed input from functions and callers: logged and skipped, never fatal, never felt
// by other connections (docs/protocol.md §2, §6).

#include <emulatorharness.h>

#include <QtNetwork/qtcpsocket.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

using SlimFaasProtocol::MessageType;

class tst_EmulatorRobustness : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void malformedMessages_data();
    void malformedMessages();
    void messagesBeforeRegistration();
    void secondRegisterAddsTheSocketAgain();
    void registeredUnderTwoNames();
    void truncatedFrameUsesWhatArrived();
    void malformedHttpRequests_data();
    void malformedHttpRequests();
    void messagesAreObserved();
    void httpEdgesAsTheServer();
    void fixedRoutes();

private:
    // The connection is still usable and another function is unaffected.
    void verifyStillServing(RawFunction *bad);

    EmulatorHarness *harness = nullptr;
    SlimFaasEmulator *emulator = nullptr;
    RawFunction *good = nullptr;
};

void tst_EmulatorRobustness::init()
{
    harness = new EmulatorHarness(this);
    QVERIFY2(harness->start(), qPrintable(harness->emulator()->errorString()));
    emulator = harness->emulator();
    good = harness->function(SlimFaasFunctionConfig(QStringLiteral("good")));
}

void tst_EmulatorRobustness::cleanup()
{
    delete harness;
}

void tst_EmulatorRobustness::verifyStillServing(RawFunction *bad)
{
    const int pongs = int(bad->of(MessageType::Pong).size());
    bad->send(MessageType::Ping, QStringLiteral("still-there"), QJsonValue::Null);
    QTRY_COMPARE(bad->of(MessageType::Pong).size(), pongs + 1);
    QCOMPARE(bad->socket.state(), QAbstractSocket::ConnectedState);
    const int requests = int(good->requests().size());
    QCOMPARE(EmulatorHarness::statusOf(
                     harness->call("POST", QStringLiteral("/async-function/good/x"))),
             202);
    QTRY_COMPARE(good->requests().size(), requests + 1);
}

void tst_EmulatorRobustness::malformedMessages_data()
{
    QTest::addColumn<QVariant>("message"); // QString: text, QByteArray: binary
    auto text = [](const char *json) {
        return QVariant(QString::fromUtf8(json));
    };
    QTest::newRow("not json") << text("{not json");
    QTest::newRow("empty text") << text("");
    QTest::newRow("array") << text("[1,2]");
    QTest::newRow("type as string") << text(R"({"type":"Register","correlationId":"x"})");
    QTest::newRow("unknown type") << text(R"({"type":77,"correlationId":"x","payload":null})");
    QTest::newRow("server-only type") << text(R"({"type":2,"correlationId":"x","payload":{}})");
    QTest::newRow("callback without payload")
            << text(R"({"type":3,"correlationId":"x","payload":null})");
    QTest::newRow("callback without elementId")
            << text(R"({"type":3,"correlationId":"x","payload":{"statusCode":200}})");
    QTest::newRow("callback for unknown element") << text(
            R"({"type":3,"correlationId":"x","payload":{"elementId":"unknown","statusCode":200}})");
    QTest::newRow("short frame") << QVariant(QByteArray(5, '\x20'));
    QTest::newRow("empty frame") << QVariant(QByteArray());
    QTest::newRow("frame for unknown stream") << QVariant(SlimFaasProtocol::encodeFrame(
            MessageType::SyncResponseChunk, SlimFaasProtocol::newCorrelationId(), "x"));
    QTest::newRow("unknown frame type") << QVariant(SlimFaasProtocol::encodeFrame(
            MessageType(0x99), SlimFaasProtocol::newCorrelationId(), "x"));
    QTest::newRow("request frame from a function") << QVariant(SlimFaasProtocol::encodeFrame(
            MessageType::SyncRequestStart, SlimFaasProtocol::newCorrelationId(), "{}"));
}

void tst_EmulatorRobustness::malformedMessages()
{
    QFETCH(QVariant, message);
    RawFunction *bad = harness->function(SlimFaasFunctionConfig(QStringLiteral("bad")));
    QSignalSpy rejected(emulator, &SlimFaasEmulator::messageRejected);
    if (message.typeId() == QMetaType::QString)
        bad->socket.sendTextMessage(message.toString());
    else
        bad->socket.sendBinaryMessage(message.toByteArray());
    QTRY_COMPARE(rejected.size(), 1);
    QVERIFY(!rejected.first().at(1).toString().isEmpty());
    QCOMPARE(emulator->replicas(QStringLiteral("bad")), 1);
    verifyStillServing(bad);
}

void tst_EmulatorRobustness::messagesBeforeRegistration()
{
    RawFunction raw(emulator->webSocketUrl());
    QVERIFY(raw.waitConnected());
    QSignalSpy rejected(emulator, &SlimFaasEmulator::messageRejected);
    raw.callback(QStringLiteral("e"), 200);
    raw.sendFrame(MessageType::SyncResponseEnd, SlimFaasProtocol::newCorrelationId());
    QTRY_COMPARE(rejected.size(), 2);
    QVERIFY(raw.registerAs(SlimFaasFunctionConfig(QStringLiteral("late")))->success);
    verifyStillServing(&raw);
}

// SlimFaas answers a second Register on a registered socket and adds the socket to the
// function again: it then counts twice, and the emulator warns.
void tst_EmulatorRobustness::secondRegisterAddsTheSocketAgain()
{
    RawFunction *raw = harness->function(SlimFaasFunctionConfig(QStringLiteral("once")));
    QSignalSpy warnings(emulator, &SlimFaasEmulator::warningRaised);
    const auto again = raw->registerAs(SlimFaasFunctionConfig(QStringLiteral("once")));
    QVERIFY(again && again->success);
    QCOMPARE(again->connectionId,
             raw->of(MessageType::RegisterResponse)
                     .first()
                     .payload[QLatin1String("connectionId")]
                     .toString());
    QCOMPARE(emulator->replicas(QStringLiteral("once")), 2);
    QCOMPARE(warnings.size(), 1);
    QCOMPARE(warnings.first().at(0).toString(), QStringLiteral("register-repeated"));
    verifyStillServing(raw);
    raw->socket.close();
    QTRY_COMPARE(emulator->replicas(QStringLiteral("once")), 0);
    QCOMPARE(emulator->registeredFunctions(), QStringList{ QStringLiteral("good") });
}

// SlimFaas serves a socket registered under two names under both, takes it out of the last
// name only when it closes, and keeps the first name's configuration for good
// (WebSocketConnectionRegistry.cs: TryRegister, Unregister): reproduced, with a warning, and
// nothing left pointing to the closed connection.
void tst_EmulatorRobustness::registeredUnderTwoNames()
{
    SlimFaasFunctionConfig alpha(QStringLiteral("alpha"));
    alpha.setNumberParallelRequest(7);
    RawFunction *raw = harness->function(alpha);
    const auto beta = raw->registerAs(SlimFaasFunctionConfig(QStringLiteral("beta")));
    QVERIFY(beta && beta->success);
    QCOMPARE(harness->warningCodes().count(QStringLiteral("register-second-name")), 1);
    QCOMPARE(emulator->registeredFunctions(),
             (QStringList{ QStringLiteral("alpha"), QStringLiteral("beta"),
                           QStringLiteral("good") }));
    for (const QString &name : { QStringLiteral("alpha"), QStringLiteral("beta") }) {
        const int before = int(raw->requests().size());
        QCOMPARE(EmulatorHarness::statusOf(
                         harness->call("POST", QStringLiteral("/async-function/%1/x").arg(name))),
                 202);
        QTRY_COMPARE(raw->requests().size(), before + 1);
        raw->callback(raw->requests().constLast().elementId(), 200);
    }
    QTRY_COMPARE(harness->activeRequests(QStringLiteral("alpha")), 0);

    raw->socket.close();
    QTRY_COMPARE(emulator->replicas(QStringLiteral("beta")), 0);
    QCOMPARE(emulator->replicas(QStringLiteral("alpha")), 0);
    QCOMPARE(emulator->registeredFunctions(), QStringList{ QStringLiteral("good") });
    QCOMPARE(EmulatorHarness::statusOf(harness->call("GET", QStringLiteral("/function/alpha/x"))),
             404);
    QCOMPARE(EmulatorHarness::statusOf(harness->call("GET", QStringLiteral("/emulator/functions"))),
             200);
    QCOMPARE(EmulatorHarness::statusOf(
                     harness->call("POST", QStringLiteral("/async-function/alpha/x"))),
             404);

    // "beta" went with its last replica; "alpha" keeps its configuration.
    RawFunction other(emulator->webSocketUrl());
    QVERIFY(other.waitConnected());
    QVERIFY(other.registerAs(SlimFaasFunctionConfig(QStringLiteral("beta")))->success);
    const auto refused = other.registerAs(SlimFaasFunctionConfig(QStringLiteral("alpha")));
    QVERIFY(refused && !refused->success);
    QVERIFY(refused->error.contains(QLatin1String("different configuration")));
    QCOMPARE(harness->warningCodes().count(QStringLiteral("register-second-name")), 2);
    RawFunction same(emulator->webSocketUrl());
    QVERIFY(same.waitConnected());
    QVERIFY(same.registerAs(alpha)->success);
    QCOMPARE(emulator->replicas(QStringLiteral("alpha")), 1);
    same.socket.close();
    QTRY_COMPARE(emulator->replicas(QStringLiteral("alpha")), 0);
    RawFunction later(emulator->webSocketUrl());
    QVERIFY(later.waitConnected());
    QVERIFY(!later.registerAs(SlimFaasFunctionConfig(QStringLiteral("alpha")))->success);
}

// A frame whose declared length exceeds its payload delivers what is there.
void tst_EmulatorRobustness::truncatedFrameUsesWhatArrived()
{
    RawFunction *raw = harness->function(SlimFaasFunctionConfig(QStringLiteral("liar")));
    QTcpSocket caller;
    caller.connectToHost(QHostAddress::LocalHost, emulator->httpPort());
    QVERIFY(caller.waitForConnected(5000));
    caller.write("GET /function/liar HTTP/1.1\r\nHost: x\r\n\r\n");
    QTRY_COMPARE(raw->framesOf(MessageType::SyncRequestEnd).size(), 1);
    const QString id = raw->frames.first().correlationId;
    SlimFaasProtocol::SyncResponseHead head;
    head.statusCode = 200;
    raw->sendFrame(MessageType::SyncResponseStart, id,
                   SlimFaasProtocol::encodeSyncResponseHead(head));
    QByteArray frame = SlimFaasProtocol::encodeFrame(MessageType::SyncResponseChunk, id, "abc");
    frame[41] = char(100); // claims 100 bytes, carries 3
    raw->socket.sendBinaryMessage(frame);
    raw->sendFrame(MessageType::SyncResponseEnd, id, {}, SlimFaasProtocol::FrameFlagEndOfStream);
    QByteArray received;
    QTRY_VERIFY((received += caller.readAll()).endsWith("0\r\n\r\n"));
    QVERIFY(received.contains("\r\n3\r\nabc\r\n"));
}

void tst_EmulatorRobustness::malformedHttpRequests_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("garbage") << QByteArray("\x01\x02\x03\r\n\r\n") << QByteArray("HTTP/1.1 400");
    QTest::newRow("bad length") << QByteArray(
            "POST /function/good HTTP/1.1\r\nContent-Length: -4\r\n\r\n")
                                << QByteArray("HTTP/1.1 400");
    QTest::newRow("bad chunk") << QByteArray("POST /async-function/good HTTP/1.1\r\n"
                                             "Transfer-Encoding: chunked\r\n\r\nzz\r\n")
                               << QByteArray("HTTP/1.1 400");
    QTest::newRow("unknown route")
            << QByteArray("GET /nowhere HTTP/1.1\r\n\r\n") << QByteArray("HTTP/1.1 404");
    QTest::newRow("head too large")
            << (QByteArray("GET / HTTP/1.1\r\nX: ") + QByteArray(70000, 'a'))
            << QByteArray("HTTP/1.1 431");
}

void tst_EmulatorRobustness::malformedHttpRequests()
{
    QFETCH(QByteArray, request);
    QFETCH(QByteArray, expected);
    QTcpSocket caller;
    caller.connectToHost(QHostAddress::LocalHost, emulator->httpPort());
    QVERIFY(caller.waitForConnected(5000));
    caller.write(request);
    QByteArray received;
    QTRY_VERIFY((received += caller.readAll()).startsWith(expected));
    verifyStillServing(good);
}

// Every message in and out is reported, with its connection, type and correlation id.
void tst_EmulatorRobustness::messagesAreObserved()
{
    QSignalSpy received(emulator, &SlimFaasEmulator::messageReceived);
    QSignalSpy sent(emulator, &SlimFaasEmulator::messageSent);
    RawFunction *raw = harness->function(SlimFaasFunctionConfig(QStringLiteral("watched")));
    const QString connectionId = raw->of(MessageType::RegisterResponse)
                                         .first()
                                         .payload[QLatin1String("connectionId")]
                                         .toString();
    raw->send(MessageType::Ping, QStringLiteral("p"), QJsonValue::Null);
    QTRY_COMPARE(sent.size(), 2);
    QCOMPARE(received.size(), 2);
    QCOMPARE(received.at(0).at(0).toString(), connectionId);
    QCOMPARE(received.at(0).at(1).value<MessageType>(), MessageType::Register);
    QCOMPARE(sent.at(0).at(1).value<MessageType>(), MessageType::RegisterResponse);
    QCOMPARE(received.at(1).at(1).value<MessageType>(), MessageType::Ping);
    QCOMPARE(sent.at(1).at(1).value<MessageType>(), MessageType::Pong);
    QCOMPARE(sent.at(1).at(2).toString(), QStringLiteral("p"));
    const auto pong = SlimFaasProtocol::decodeEnvelope(sent.at(1).at(3).toByteArray());
    QVERIFY(pong);
    QCOMPARE(pong->type, int(MessageType::Pong));
}

// SlimFaas's HTTP side: CORS answers any origin, only GET, POST, PUT, DELETE, PATCH, HEAD
// and OPTIONS reach the function routes (others 405), and its 503s have no body.
void tst_EmulatorRobustness::httpEdgesAsTheServer()
{
    QNetworkReply *reply = harness->call("POST", QStringLiteral("/async-function/good/x"), {},
                                         { { "Origin", "https://app.example" } });
    QCOMPARE(EmulatorHarness::statusOf(reply), 202);
    QCOMPARE(reply->rawHeader("Access-Control-Allow-Origin"), QByteArray("*"));
    reply = harness->call("POST", QStringLiteral("/async-function/good/x"));
    QCOMPARE(EmulatorHarness::statusOf(reply), 202);
    QVERIFY(!reply->hasRawHeader("Access-Control-Allow-Origin")); // no Origin, no CORS

    reply = harness->call("OPTIONS", QStringLiteral("/function/good/x"), {},
                          { { "Origin", "https://app.example" },
                            { "Access-Control-Request-Method", "PUT" },
                            { "Access-Control-Request-Headers", "x-token" } });
    QCOMPARE(EmulatorHarness::statusOf(reply), 204);
    QCOMPARE(reply->rawHeader("Access-Control-Allow-Origin"), QByteArray("*"));
    QCOMPARE(reply->rawHeader("Access-Control-Allow-Methods"), QByteArray("PUT"));
    QCOMPARE(reply->rawHeader("Access-Control-Allow-Headers"), QByteArray("x-token"));
    QVERIFY(good->framesOf(MessageType::SyncRequestStart).isEmpty()); // never reached it

    for (const QByteArray verb : { "TRACE", "PROPFIND" }) {
        QCOMPARE(EmulatorHarness::statusOf(
                         harness->call(verb, QStringLiteral("/async-function/good/x"))),
                 405);
        QCOMPARE(EmulatorHarness::statusOf(harness->call(verb, QStringLiteral("/function/good"))),
                 405);
        QCOMPARE(EmulatorHarness::statusOf(harness->call(verb, QStringLiteral("/publish-event/e"))),
                 405);
    }
    QCOMPARE(EmulatorHarness::statusOf(harness->call("TRACE", QStringLiteral("/elsewhere"))), 404);

    SlimFaasFunctionConfig full(QStringLiteral("full"));
    full.setNumberParallelRequestPerPod(0);
    harness->function(full);
    reply = harness->call("GET", QStringLiteral("/function/full"));
    QCOMPARE(EmulatorHarness::statusOf(reply), 503);
    QVERIFY(reply->readAll().isEmpty());
    QCOMPARE(reply->header(QNetworkRequest::ContentLengthHeader).toInt(), 0);
}

// /health and /ready answer 200 so that scripts can wait for the emulator; waking a function
// and the HTTP callback route serve Kubernetes functions only: 404 for WebSocket ones.
void tst_EmulatorRobustness::fixedRoutes()
{
    QNetworkReply *reply = harness->call("GET", QStringLiteral("/health"));
    QCOMPARE(EmulatorHarness::statusOf(reply), 200);
    QCOMPARE(reply->readAll(), QByteArray("OK"));
    reply = harness->call("GET", QStringLiteral("/ready"));
    QCOMPARE(EmulatorHarness::statusOf(reply), 200);
    QCOMPARE(reply->readAll(), QByteArray("READY"));
    QCOMPARE(
            EmulatorHarness::statusOf(harness->call("POST", QStringLiteral("/wake-function/good"))),
            404);
    QCOMPARE(EmulatorHarness::statusOf(harness->call(
                     "POST", QStringLiteral("/async-function-callback/good/e1/success"))),
             404);
    QCOMPARE(EmulatorHarness::statusOf(harness->call("GET", QStringLiteral("/wake-function/good"))),
             405);
    QVERIFY(good->envelopes.size() == 1); // nothing reached the function
}

QTEST_GUILESS_MAIN(tst_EmulatorRobustness)
#include "tst_emulatorrobustness.moc"
