// SPDX-License-Identifier: MIT
// SlimFaasEmulator::messageExchanged(): every message of every connection, both ways, with
// the connection and the function it belongs to; and setMessageInterceptor(), which holds a
// message on its way until releaseMessage().

#include <emulatorharness.h>

#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

using SlimFaasProtocol::MessageType;

namespace {

struct Exchanged
{
    QString connectionId;
    QString functionName;
    SlimFaasEmulator::MessageDirection direction;
    bool binary;
    QByteArray message;

    int type() const
    {
        if (binary)
            return message.isEmpty() ? -1 : quint8(message.at(0));
        const auto envelope = SlimFaasProtocol::decodeEnvelope(message);
        return envelope ? envelope->type : -1;
    }
};

} // namespace

class tst_EmulatorObserver : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void everyMessageBothWaysWithFunctionAndConnection();
    void rejectedMessagesAreSeenToo();
    void interceptorHoldsReleasesAndDrops();

private:
    void observe();
    QList<Exchanged> of(int type, SlimFaasEmulator::MessageDirection direction) const;

    EmulatorHarness *harness = nullptr;
    QList<Exchanged> seen;
};

void tst_EmulatorObserver::init()
{
    harness = new EmulatorHarness(this);
    QVERIFY2(harness->start(), qPrintable(harness->emulator()->errorString()));
    seen.clear();
}

void tst_EmulatorObserver::cleanup()
{
    delete harness;
}

void tst_EmulatorObserver::observe()
{
    connect(harness->emulator(), &SlimFaasEmulator::messageExchanged, this,
            [this](const QString &connectionId, const QString &functionName,
                   SlimFaasEmulator::MessageDirection direction, bool binary,
                   const QByteArray &message) {
                seen.append({ connectionId, functionName, direction, binary, message });
            });
}

QList<Exchanged> tst_EmulatorObserver::of(int type,
                                          SlimFaasEmulator::MessageDirection direction) const
{
    QList<Exchanged> found;
    for (const Exchanged &e : seen) {
        if (e.type() == type && e.direction == direction)
            found.append(e);
    }
    return found;
}

void tst_EmulatorObserver::everyMessageBothWaysWithFunctionAndConnection()
{
    observe();
    QSignalSpy opened(harness->emulator(), &SlimFaasEmulator::connectionOpened);
    RawFunction *function = harness->function(SlimFaasFunctionConfig(QStringLiteral("watched")));
    QVERIFY(function);
    QCOMPARE(opened.size(), 1);
    const QString connectionId = opened.first().first().toString();

    // Register: received before the name is known, answered under it.
    const auto registers = of(int(MessageType::Register), SlimFaasEmulator::FromFunction);
    QCOMPARE(registers.size(), 1);
    QCOMPARE(registers.first().connectionId, connectionId);
    QVERIFY(registers.first().functionName.isEmpty());
    QVERIFY(!registers.first().binary);
    QVERIFY(registers.first().message.contains("\"watched\""));
    const auto responses = of(int(MessageType::RegisterResponse), SlimFaasEmulator::ToFunction);
    QCOMPARE(responses.size(), 1);
    QCOMPARE(responses.first().functionName, QStringLiteral("watched"));
    QCOMPARE(responses.first().connectionId, connectionId);

    // An async request out, its callback in: the bytes are the wire's.
    QCOMPARE(EmulatorHarness::statusOf(
                     harness->call("POST", QStringLiteral("/async-function/watched/job"), "abc")),
             202);
    QTRY_COMPARE_WITH_TIMEOUT(function->requests().size(), 1, 10000);
    const auto requests = of(int(MessageType::AsyncRequest), SlimFaasEmulator::ToFunction);
    QCOMPARE(requests.size(), 1);
    QCOMPARE(requests.first().functionName, QStringLiteral("watched"));
    QCOMPARE(requests.first().connectionId, connectionId);
    const auto envelope = SlimFaasProtocol::decodeEnvelope(requests.first().message);
    QVERIFY(envelope);
    QCOMPARE(SlimFaasProtocol::parseAsyncRequest(envelope->payload)->body(), QByteArray("abc"));
    function->callback(function->requests().first().elementId(), 200);
    QTRY_COMPARE_WITH_TIMEOUT(
            of(int(MessageType::AsyncCallback), SlimFaasEmulator::FromFunction).size(), 1, 10000);
    QCOMPARE(of(int(MessageType::AsyncCallback), SlimFaasEmulator::FromFunction)
                     .first()
                     .functionName,
             QStringLiteral("watched"));

    // A sync call: binary frames both ways.
    QNetworkReply *reply = harness->call("POST", QStringLiteral("/function/watched/echo"), "xyz");
    QTRY_VERIFY_WITH_TIMEOUT(!function->framesOf(MessageType::SyncRequestEnd).isEmpty(), 10000);
    const QString id = function->framesOf(MessageType::SyncRequestStart).first().correlationId;
    function->sendFrame(MessageType::SyncResponseStart, id,
                        SlimFaasProtocol::encodeSyncResponseHead({ 201, {} }));
    function->sendFrame(MessageType::SyncResponseEnd, id, "done",
                        SlimFaasProtocol::FrameFlagEndOfStream);
    QCOMPARE(EmulatorHarness::statusOf(reply), 201);
    const auto starts = of(int(MessageType::SyncRequestStart), SlimFaasEmulator::ToFunction);
    QCOMPARE(starts.size(), 1);
    QVERIFY(starts.first().binary);
    QCOMPARE(SlimFaasProtocol::decodeFrame(starts.first().message)->correlationId, id);
    QVERIFY(!of(int(MessageType::SyncRequestEnd), SlimFaasEmulator::ToFunction).isEmpty());
    const auto answers = of(int(MessageType::SyncResponseEnd), SlimFaasEmulator::FromFunction);
    QCOMPARE(answers.size(), 1);
    QVERIFY(answers.first().binary);
    QCOMPARE(answers.first().functionName, QStringLiteral("watched"));
    QCOMPARE(answers.first().message,
             SlimFaasProtocol::encodeFrame(MessageType::SyncResponseEnd, id, "done",
                                           SlimFaasProtocol::FrameFlagEndOfStream));

    // Ping and its Pong; every message seen belongs to this one connection.
    function->send(MessageType::Ping, QStringLiteral("p1"), QJsonValue::Null);
    QTRY_COMPARE_WITH_TIMEOUT(of(int(MessageType::Pong), SlimFaasEmulator::ToFunction).size(), 1,
                              10000);
    for (const Exchanged &e : std::as_const(seen))
        QCOMPARE(e.connectionId, connectionId);
    // As many messages seen to the function as it received.
    QCOMPARE(qsizetype(function->envelopes.size() + function->frames.size()),
             std::count_if(seen.cbegin(), seen.cend(), [](const Exchanged &e) {
                 return e.direction == SlimFaasEmulator::ToFunction;
             }));
}

void tst_EmulatorObserver::rejectedMessagesAreSeenToo()
{
    RawFunction *function = harness->function(SlimFaasFunctionConfig(QStringLiteral("sloppy")));
    QVERIFY(function);
    observe(); // connected late: only what follows is seen
    QSignalSpy rejected(harness->emulator(), &SlimFaasEmulator::messageRejected);
    function->socket.sendTextMessage(QStringLiteral("not json"));
    function->socket.sendBinaryMessage("short");
    QTRY_COMPARE_WITH_TIMEOUT(rejected.size(), 2, 10000);
    QCOMPARE(seen.size(), 2);
    QCOMPARE(seen.at(0).message, QByteArray("not json"));
    QVERIFY(!seen.at(0).binary);
    QCOMPARE(seen.at(1).message, QByteArray("short"));
    QVERIFY(seen.at(1).binary);
    for (const Exchanged &e : std::as_const(seen)) {
        QCOMPARE(e.direction, SlimFaasEmulator::FromFunction);
        QCOMPARE(e.functionName, QStringLiteral("sloppy"));
    }
}

void tst_EmulatorObserver::interceptorHoldsReleasesAndDrops()
{
    observe();
    RawFunction *function = harness->function(SlimFaasFunctionConfig(QStringLiteral("held")));
    QVERIFY(function);
    SlimFaasEmulator *emulator = harness->emulator();
    struct Held
    {
        QString connectionId;
        SlimFaasEmulator::MessageDirection direction;
        bool binary;
        QByteArray message;
    };
    QList<Held> held;
    int asked = 0;
    emulator->setMessageInterceptor([&](const QString &connectionId, const QString &functionName,
                                        SlimFaasEmulator::MessageDirection direction, bool binary,
                                        const QByteArray &message) {
        ++asked;
        Exchanged e{ connectionId, functionName, direction, binary, message };
        if (e.type() == int(MessageType::AsyncRequest)
            || e.type() == int(MessageType::AsyncCallback)) {
            held.append({ connectionId, direction, binary, message });
            return SlimFaasEmulator::HoldMessage;
        }
        if (e.type() == int(MessageType::Ping))
            return SlimFaasEmulator::DropMessage;
        return SlimFaasEmulator::DeliverNow;
    });

    // To the function: held, not written, not reported; released changed.
    QCOMPARE(EmulatorHarness::statusOf(
                     harness->call("POST", QStringLiteral("/async-function/held/job"), "abc")),
             202);
    QTRY_COMPARE_WITH_TIMEOUT(held.size(), 1, 10000);
    QTest::qWait(100);
    QCOMPARE(function->requests().size(), 0);
    QCOMPARE(of(int(MessageType::AsyncRequest), SlimFaasEmulator::ToFunction).size(), 0);
    auto envelope = SlimFaasProtocol::decodeEnvelope(held.first().message);
    QVERIFY(envelope);
    QJsonObject payload = envelope->payload.toObject();
    payload.insert(QLatin1String("body"), QString::fromLatin1(QByteArray("changed").toBase64()));
    QVERIFY(emulator->releaseMessage(held.first().connectionId, SlimFaasEmulator::ToFunction, false,
                                     SlimFaasProtocol::encodeEnvelope(MessageType::AsyncRequest,
                                                                      envelope->correlationId,
                                                                      payload)));
    QTRY_COMPARE_WITH_TIMEOUT(function->requests().size(), 1, 10000);
    QCOMPARE(function->requests().first().body(), QByteArray("changed"));
    QCOMPARE(of(int(MessageType::AsyncRequest), SlimFaasEmulator::ToFunction).size(), 1);

    // From the function: not read until released.
    QSignalSpy completed(emulator, &SlimFaasEmulator::asyncRequestCompleted);
    function->callback(function->requests().first().elementId(), 200);
    QTRY_COMPARE_WITH_TIMEOUT(held.size(), 2, 10000);
    QTest::qWait(100);
    QCOMPARE(completed.size(), 0);
    QVERIFY(emulator->releaseMessage(held.at(1).connectionId, SlimFaasEmulator::FromFunction, false,
                                     held.at(1).message));
    QCOMPARE(completed.size(), 1);
    QCOMPARE(completed.first().at(2).toInt(), 200);

    // Dropped: a Ping never answered; other messages go on.
    function->send(MessageType::Ping, QStringLiteral("p-1"), QJsonValue::Null);
    QTest::qWait(200);
    QCOMPARE(function->of(MessageType::Pong).size(), 0);

    // A connection gone: nothing to release to.
    QVERIFY(!emulator->releaseMessage(QStringLiteral("no-such-connection"),
                                      SlimFaasEmulator::ToFunction, false, "{}"));
    // Removed: nothing asked any more.
    emulator->setMessageInterceptor(nullptr);
    const int before = asked;
    function->send(MessageType::Ping, QStringLiteral("p-2"), QJsonValue::Null);
    QTRY_COMPARE_WITH_TIMEOUT(function->of(MessageType::Pong).size(), 1, 10000);
    QCOMPARE(asked, before);
}

QTEST_GUILESS_MAIN(tst_EmulatorObserver)
#include "tst_emulatorobserver.moc"
