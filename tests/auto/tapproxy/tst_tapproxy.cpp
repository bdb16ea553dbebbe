// SPDX-License-Identifier: MIT
// slimfaas-tap --proxy, a real process, between functions and the real emulator on loopback:
// every flow behaves as if the function were connected directly, every message is relayed
// unchanged, and each is printed as one JSON line with its connection and function.

#include <emulatorharness.h>
#include <measuredprocess.h>
#include <messagejson.h>

#include <slimfaasclient.h>
#include <slimfaassyncrequest.h>

#include <QtCore/qfile.h>
#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qprocess.h>
#include <QtCore/qrandom.h>
#include <QtCore/qregularexpression.h>
#include <QtNetwork/qtcpsocket.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>
#include <QtWebSockets/qwebsocketserver.h>

using SlimFaasProtocol::MessageType;

namespace {

struct Wire
{
    bool binary;
    QByteArray message;
    friend bool operator==(const Wire &a, const Wire &b)
    {
        return a.binary == b.binary && a.message == b.message;
    }
};

QByteArray randomBytes(qsizetype size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    QRandomGenerator generator(42);
    generator.fillRange(reinterpret_cast<quint32 *>(bytes.data()), size / 4);
    return bytes;
}

// A raw function that keeps every message it sent and received, as it was on the wire.
class ProxiedFunction : public RawFunction
{
public:
    explicit ProxiedFunction(const QUrl &url, QObject *parent) : RawFunction(url, parent)
    {
        connect(&socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
            received.append({ false, text.toUtf8() });
        });
        connect(&socket, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &data) {
            received.append({ true, data });
        });
    }

    void sendText(MessageType type, const QString &correlationId, const QJsonValue &payload)
    {
        const QByteArray json = SlimFaasProtocol::encodeEnvelope(type, correlationId, payload);
        sent.append({ false, json });
        socket.sendTextMessage(QString::fromUtf8(json));
    }
    void sendBinary(MessageType type, const QString &correlationId, const QByteArray &payload = {},
                    quint8 flags = 0)
    {
        const QByteArray frame = SlimFaasProtocol::encodeFrame(type, correlationId, payload, flags);
        sent.append({ true, frame });
        socket.sendBinaryMessage(frame);
    }
    void answer(const QString &elementId, int statusCode)
    {
        sendText(MessageType::AsyncCallback, elementId,
                 SlimFaasProtocol::asyncCallbackPayload({ elementId, statusCode }));
    }
    std::optional<SlimFaasProtocol::RegisterResponse>
    registerAs(const SlimFaasFunctionConfig &config)
    {
        if (!waitConnected())
            return std::nullopt;
        const QString id = SlimFaasProtocol::newCorrelationId();
        sendText(MessageType::Register, id, SlimFaasProtocol::registerPayload(config));
        if (!QTest::qWaitFor([this] { return !of(MessageType::RegisterResponse).isEmpty(); },
                             10000))
            return std::nullopt;
        const auto envelope = of(MessageType::RegisterResponse).constLast();
        if (envelope.correlationId != id)
            return std::nullopt;
        return SlimFaasProtocol::parseRegisterResponse(envelope.payload);
    }

    QList<Wire> sent;
    QList<Wire> received;
};

} // namespace

class tst_TapProxy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void registrationAndRefusal();
    void asyncRetriedThenDeferredCallback();
    void eventsReachEverySubscriber();
    void syncStreamingBothWays8MiB();
    void syncCancelBothWays();
    void keepalive();
    void realClientThroughTheProxy();
    void handshakeAndCloseCodesRelayed();
    void refusedHandshakeReachesTheFunction();
    void functionThatStopsReadingIsBackPressured();
    void usageErrors();

private:
    QProcess *startProxy(const QUrl &upstream, const QStringList &extra, QUrl *url, QByteArray *out,
                         QByteArray *err);
    ProxiedFunction *function();
    QList<QJsonObject> lines() const;
    // The proxy's id for the connection that registered as functionName.
    QString proxyConnectionOf(const QString &functionName) const;
    // What the emulator and the function saw are the same messages, both ways, in order, and
    // the tap printed each of them once, field by field.
    void verifyRelayed(ProxiedFunction *f, const QString &emulatorConnectionId,
                       const QString &functionName);

    EmulatorHarness *harness = nullptr;
    QList<QProcess *> processes;
    QUrl proxyUrl;
    QByteArray tapOut;
    QByteArray tapErr;
    QHash<QString, QList<Wire>> toFunction; // by the emulator's connection id
    QHash<QString, QList<Wire>> fromFunction;
};

void tst_TapProxy::init()
{
    harness = new EmulatorHarness(this);
    harness->emulator()->setKeepAliveInterval(300);
    harness->emulator()->setListenAddress(QHostAddress::LocalHost);
    QVERIFY2(harness->start(), qPrintable(harness->emulator()->errorString()));
    toFunction.clear();
    fromFunction.clear();
    connect(harness->emulator(), &SlimFaasEmulator::messageExchanged, this,
            [this](const QString &connectionId, const QString &,
                   SlimFaasEmulator::MessageDirection direction, bool binary,
                   const QByteArray &message) {
                (direction == SlimFaasEmulator::ToFunction ? toFunction
                                                           : fromFunction)[connectionId]
                        .append({ binary, message });
            });
    tapOut.clear();
    tapErr.clear();
    QVERIFY(startProxy(harness->emulator()->webSocketUrl(), {}, &proxyUrl, &tapOut, &tapErr));
}

void tst_TapProxy::cleanup()
{
    for (QProcess *process : std::as_const(processes)) {
        process->disconnect(this); // the buffers it wrote to may be gone with their test
        process->terminate();
        process->waitForFinished(5000);
        delete process;
    }
    processes.clear();
    delete harness;
    harness = nullptr;
}

QProcess *tst_TapProxy::startProxy(const QUrl &upstream, const QStringList &extra, QUrl *url,
                                   QByteArray *out, QByteArray *err)
{
    auto *process = new QProcess;
    processes.append(process);
    process->setProgram(QStringLiteral(SLIMFAAS_TAP_PATH));
    process->setProcessEnvironment(environmentForMemoryMeasurement());
    process->setArguments(QStringList{ QStringLiteral("--proxy"), QStringLiteral("--listen"),
                                       QStringLiteral("127.0.0.1:0"), QStringLiteral("--upstream"),
                                       upstream.toString() }
                          + extra);
    connect(process, &QProcess::readyReadStandardOutput, this,
            [process, out] { *out += process->readAllStandardOutput(); });
    connect(process, &QProcess::readyReadStandardError, this,
            [process, err] { *err += process->readAllStandardError(); });
    process->start();
    const QRegularExpression listening(QStringLiteral("proxy listening on (ws://\\S+/ws),"));
    if (!QTest::qWaitFor([&] { return listening.match(QString::fromUtf8(*err)).hasMatch(); },
                         10000)) {
        qWarning("no proxy: %s", err->constData());
        return nullptr;
    }
    *url = QUrl(listening.match(QString::fromUtf8(*err)).captured(1));
    return process;
}

ProxiedFunction *tst_TapProxy::function()
{
    return new ProxiedFunction(proxyUrl, harness);
}

QList<QJsonObject> tst_TapProxy::lines() const
{
    QList<QJsonObject> objects;
    for (const QByteArray &line : tapOut.split('\n')) {
        if (line.isEmpty())
            continue;
        const QJsonDocument document = QJsonDocument::fromJson(line);
        if (!document.isObject())
            qFatal("slimfaas-tap printed a line that is not a JSON object: %s", line.constData());
        objects.append(document.object());
    }
    return objects;
}

QString tst_TapProxy::proxyConnectionOf(const QString &functionName) const
{
    for (const QJsonObject &line : lines()) {
        if (line[QLatin1String("type")] == QLatin1String("Register")
            && line[QLatin1String("payload")][QLatin1String("functionName")] == functionName)
            return line[QLatin1String("connection")].toString();
    }
    return {};
}

void tst_TapProxy::verifyRelayed(ProxiedFunction *f, const QString &emulatorConnectionId,
                                 const QString &functionName)
{
    // Unchanged, both ways: the function got what the emulator sent, the emulator what the
    // function sent.
    QTRY_COMPARE_WITH_TIMEOUT(f->received.size(), toFunction.value(emulatorConnectionId).size(),
                              10000);
    QTRY_COMPARE_WITH_TIMEOUT(fromFunction.value(emulatorConnectionId).size(), f->sent.size(),
                              10000);
    QVERIFY(f->received == toFunction.value(emulatorConnectionId));
    QVERIFY(f->sent == fromFunction.value(emulatorConnectionId));

    // One line per message each way, in order, with the proxy's fields.
    const QString connection = proxyConnectionOf(functionName);
    QVERIFY(!connection.isEmpty());
    const auto printed = [&](const char *direction) {
        QList<QJsonObject> list;
        for (const QJsonObject &line : lines()) {
            if (line[QLatin1String("connection")] == connection
                && line[QLatin1String("direction")] == QLatin1String(direction))
                list.append(line);
        }
        return list;
    };
    QTRY_COMPARE_WITH_TIMEOUT(printed("in").size(), f->received.size(), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(printed("out").size(), f->sent.size(), 10000);
    const auto compare = [&](const QList<QJsonObject> &list, const QList<Wire> &wires,
                             const char *direction) {
        for (qsizetype i = 0; i < list.size(); ++i) {
            QJsonObject line = list.at(i);
            QCOMPARE(line.take(QLatin1String("connection")).toString(), connection);
            QCOMPARE(line.take(QLatin1String("function")).toString(), functionName);
            QVERIFY(QDateTime::fromString(line.take(QLatin1String("time")).toString(),
                                          Qt::ISODateWithMs)
                            .isValid());
            QJsonObject expected
                    = describeWireMessage(direction, wires.at(i).binary, wires.at(i).message);
            expected.remove(QLatin1String("time"));
            QCOMPARE(line, expected);
            QVERIFY(line[QLatin1String("typeCode")].toInt() >= 0); // every message readable
        }
    };
    compare(printed("in"), f->received, "in");
    compare(printed("out"), f->sent, "out");
}

void tst_TapProxy::registrationAndRefusal()
{
    QSignalSpy registered(harness->emulator(), &SlimFaasEmulator::functionRegistered);
    ProxiedFunction *f = function();
    SlimFaasFunctionConfig config(QStringLiteral("proxied"));
    config.setNumberParallelRequestPerPod(3);
    const auto response = f->registerAs(config);
    QVERIFY(response);
    QVERIFY(response->success);
    QCOMPARE(response->connectionId.size(), 32);
    QTRY_COMPARE_WITH_TIMEOUT(registered.size(), 1, 10000);
    QCOMPARE(registered.first().at(0).toString(), QStringLiteral("proxied"));
    QCOMPARE(registered.first().at(1).toString(), response->connectionId);
    QCOMPARE(harness->details(
                            QStringLiteral("proxied"))[QLatin1String("NumberParallelRequestPerPod")]
                     .toInt(),
             3);
    verifyRelayed(f, response->connectionId, QStringLiteral("proxied"));

    // The lines, field by field, for the Register and its answer.
    const QString connection = proxyConnectionOf(QStringLiteral("proxied"));
    QCOMPARE(connection, QStringLiteral("1"));
    const QList<QJsonObject> printed = lines();
    QCOMPARE(printed.size(), 2);
    const QJsonObject reg = printed.at(0);
    QCOMPARE(reg[QLatin1String("direction")].toString(), QStringLiteral("out"));
    QCOMPARE(reg[QLatin1String("type")].toString(), QStringLiteral("Register"));
    QCOMPARE(reg[QLatin1String("typeCode")].toInt(), 0);
    QCOMPARE(reg[QLatin1String("function")].toString(), QStringLiteral("proxied"));
    QCOMPARE(reg[QLatin1String("connection")].toString(), QStringLiteral("1"));
    QCOMPARE(reg[QLatin1String("payload")][QLatin1String("configuration")]
                [QLatin1String("numberParallelRequestPerPod")]
                        .toInt(),
             3);
    const QJsonObject answer = printed.at(1);
    QCOMPARE(answer[QLatin1String("direction")].toString(), QStringLiteral("in"));
    QCOMPARE(answer[QLatin1String("type")].toString(), QStringLiteral("RegisterResponse"));
    QCOMPARE(answer[QLatin1String("correlationId")], reg[QLatin1String("correlationId")]);
    QCOMPARE(answer[QLatin1String("payload")][QLatin1String("connectionId")].toString(),
             response->connectionId);
    QCOMPARE(answer[QLatin1String("function")].toString(), QStringLiteral("proxied"));

    // Refused: the server's reason verbatim, and the socket stays open, as when direct.
    QSignalSpy refused(harness->emulator(), &SlimFaasEmulator::registrationRefused);
    ProxiedFunction *k8s = function();
    const auto refusal
            = k8s->registerAs(SlimFaasFunctionConfig(EmulatorHarness::kubernetesFunction()));
    QVERIFY(refusal);
    QVERIFY(!refusal->success);
    QTRY_COMPARE_WITH_TIMEOUT(refused.size(), 1, 10000);
    QCOMPARE(refusal->error, refused.first().at(2).toString());
    QVERIFY(refusal->error.contains(QLatin1String("Kubernetes")));
    QTest::qWait(200);
    QCOMPARE(k8s->socket.state(), QAbstractSocket::ConnectedState);
    verifyRelayed(k8s, refused.first().at(1).toString(), EmulatorHarness::kubernetesFunction());
    QCOMPARE(proxyConnectionOf(EmulatorHarness::kubernetesFunction()), QStringLiteral("2"));
}

void tst_TapProxy::asyncRetriedThenDeferredCallback()
{
    ProxiedFunction *f = function();
    const auto response = f->registerAs(SlimFaasFunctionConfig(QStringLiteral("worker")));
    QVERIFY(response && response->success);
    QSignalSpy completed(harness->emulator(), &SlimFaasEmulator::asyncRequestCompleted);
    QCOMPARE(EmulatorHarness::statusOf(
                     harness->call("POST", QStringLiteral("/async-function/worker/job?n=1"),
                                   "{\"n\":1}", { { "Content-Type", "application/json" } })),
             202);
    QTRY_COMPARE_WITH_TIMEOUT(f->requests().size(), 1, 10000);
    const SlimFaasAsyncRequest first = f->requests().first();
    QCOMPARE(first.tryNumber(), 1);
    QCOMPARE(first.body(), QByteArray("{\"n\":1}"));
    QCOMPARE(first.path(), QStringLiteral("job"));
    f->answer(first.elementId(), 500); // SlimFaas retries it
    QTRY_COMPARE_WITH_TIMEOUT(f->requests().size(), 2, 10000);
    const SlimFaasAsyncRequest second = f->requests().at(1);
    QCOMPARE(second.elementId(), first.elementId());
    QCOMPARE(second.tryNumber(), 2);
    QTest::qWait(300); // answered later, as a deferred request is
    QVERIFY(completed.isEmpty());
    f->answer(second.elementId(), 200);
    QTRY_COMPARE_WITH_TIMEOUT(completed.size(), 1, 10000);
    QCOMPARE(completed.first().at(1).toString(), first.elementId());
    QCOMPARE(completed.first().at(2).toInt(), 200);
    QCOMPARE(completed.first().at(3).toInt(), 2);
    verifyRelayed(f, response->connectionId, QStringLiteral("worker"));

    // The request's line, field by field.
    QJsonObject request;
    for (const QJsonObject &line : lines()) {
        if (line[QLatin1String("type")] == QLatin1String("AsyncRequest")) {
            request = line;
            break;
        }
    }
    QCOMPARE(request[QLatin1String("direction")].toString(), QStringLiteral("in"));
    QCOMPARE(request[QLatin1String("typeCode")].toInt(), 2);
    QCOMPARE(request[QLatin1String("correlationId")].toString(), first.elementId());
    QCOMPARE(request[QLatin1String("bodyEncoding")].toString(), QStringLiteral("utf8"));
    QCOMPARE(request[QLatin1String("connection")].toString(), QStringLiteral("1"));
    QCOMPARE(request[QLatin1String("function")].toString(), QStringLiteral("worker"));
    const QJsonObject payload = request[QLatin1String("payload")].toObject();
    QCOMPARE(payload[QLatin1String("elementId")].toString(), first.elementId());
    QCOMPARE(payload[QLatin1String("method")].toString(), QStringLiteral("POST"));
    QCOMPARE(payload[QLatin1String("path")].toString(), QStringLiteral("job"));
    QCOMPARE(payload[QLatin1String("query")].toString(), QStringLiteral("?n=1"));
    QCOMPARE(payload[QLatin1String("body")].toString(), QStringLiteral("{\"n\":1}"));
    QCOMPARE(payload[QLatin1String("tryNumber")].toInt(), 1);
    QCOMPARE(payload[QLatin1String("headers")][QLatin1String("Content-Type")].toArray().first(),
             QStringLiteral("application/json"));
}

void tst_TapProxy::eventsReachEverySubscriber()
{
    SlimFaasFunctionConfig config(QStringLiteral("listener"));
    config.setSubscribeEvents(QStringList{ QStringLiteral("order-created") });
    ProxiedFunction *a = function();
    ProxiedFunction *b = function();
    const auto ra = a->registerAs(config);
    const auto rb = b->registerAs(config);
    QVERIFY(ra && ra->success && rb && rb->success);
    QCOMPARE(EmulatorHarness::statusOf(
                     harness->call("POST", QStringLiteral("/publish-event/order-created/new"),
                                   QByteArray("\xff\x00\x01", 3))),
             204);
    for (ProxiedFunction *f : { a, b }) {
        QTRY_COMPARE_WITH_TIMEOUT(f->of(MessageType::PublishEvent).size(), 1, 10000);
        const auto event = SlimFaasProtocol::parsePublishEvent(
                f->of(MessageType::PublishEvent).first().payload);
        QVERIFY(event);
        QCOMPARE(event->eventName(), QStringLiteral("order-created"));
        QCOMPARE(event->body(), QByteArray("\xff\x00\x01", 3));
    }
    // Two connections of one function: told apart by their connection, with the same name.
    verifyRelayed(a, ra->connectionId, QStringLiteral("listener"));
    QList<QString> connections;
    for (const QJsonObject &line : lines()) {
        if (line[QLatin1String("type")] == QLatin1String("PublishEvent")) {
            QCOMPARE(line[QLatin1String("function")].toString(), QStringLiteral("listener"));
            QCOMPARE(line[QLatin1String("bodyEncoding")].toString(), QStringLiteral("base64"));
            QCOMPARE(line[QLatin1String("payload")][QLatin1String("body")].toString(),
                     QStringLiteral("/wAB"));
            connections.append(line[QLatin1String("connection")].toString());
        }
    }
    std::sort(connections.begin(), connections.end());
    QCOMPARE(connections, (QList<QString>{ QStringLiteral("1"), QStringLiteral("2") }));
    QVERIFY(b->received == toFunction.value(rb->connectionId));
}

void tst_TapProxy::syncStreamingBothWays8MiB()
{
    ProxiedFunction *f = function();
    const auto response = f->registerAs(SlimFaasFunctionConfig(QStringLiteral("streamer")));
    QVERIFY(response && response->success);
    const QByteArray upload = randomBytes(8 * 1024 * 1024);
    QNetworkReply *reply
            = harness->call("PUT", QStringLiteral("/function/streamer/up?x=1"), upload);
    QTRY_VERIFY_WITH_TIMEOUT(!f->framesOf(MessageType::SyncRequestEnd).isEmpty(), 60000);
    const QString id = f->framesOf(MessageType::SyncRequestStart).first().correlationId;
    const auto head = SlimFaasProtocol::decodeSyncRequestHead(
            f->framesOf(MessageType::SyncRequestStart).first().payload);
    QVERIFY(head);
    QCOMPARE(head->method, QStringLiteral("PUT"));
    QCOMPARE(head->path, QStringLiteral("up"));
    QByteArray received;
    for (const auto &chunk : f->framesOf(MessageType::SyncRequestChunk))
        received += chunk.payload;
    received += f->framesOf(MessageType::SyncRequestEnd).first().payload;
    QCOMPARE(received.size(), upload.size());
    QVERIFY(received == upload);

    // The answer: 8 MiB back in 32 KiB frames.
    const QByteArray download = randomBytes(8 * 1024 * 1024 + 5);
    f->sendBinary(MessageType::SyncResponseStart, id,
                  SlimFaasProtocol::encodeSyncResponseHead(
                          { 200,
                            { { QStringLiteral("Content-Type"),
                                { QStringLiteral("application/octet-stream") } } } }));
    for (qsizetype at = 0; at < download.size(); at += SlimFaasProtocol::ServerChunkSize)
        f->sendBinary(MessageType::SyncResponseChunk, id,
                      download.mid(at, SlimFaasProtocol::ServerChunkSize));
    f->sendBinary(MessageType::SyncResponseEnd, id, {}, SlimFaasProtocol::FrameFlagEndOfStream);
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 60000);
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    const QByteArray answer = reply->readAll();
    QCOMPARE(answer.size(), download.size());
    QVERIFY(answer == download);
    verifyRelayed(f, response->connectionId, QStringLiteral("streamer"));
}

void tst_TapProxy::syncCancelBothWays()
{
    harness->emulator()->setSyncTimeout(500);
    ProxiedFunction *f = function();
    const auto response = f->registerAs(SlimFaasFunctionConfig(QStringLiteral("canceller")));
    QVERIFY(response && response->success);

    // The function cancels: the caller gets 503, the function a SyncCancel back.
    QNetworkReply *first = harness->call("POST", QStringLiteral("/function/canceller/a"), "x");
    QTRY_COMPARE_WITH_TIMEOUT(f->framesOf(MessageType::SyncRequestStart).size(), 1, 10000);
    const QString a = f->framesOf(MessageType::SyncRequestStart).first().correlationId;
    f->sendBinary(MessageType::SyncCancel, a);
    QCOMPARE(EmulatorHarness::statusOf(first), 503);
    QTRY_COMPARE_WITH_TIMEOUT(f->framesOf(MessageType::SyncCancel).size(), 1, 10000);
    QCOMPARE(f->framesOf(MessageType::SyncCancel).first().correlationId, a);

    // SlimFaas cancels (no answer within its sync timeout): the function is told.
    QNetworkReply *second = harness->call("POST", QStringLiteral("/function/canceller/b"), "y");
    QTRY_COMPARE_WITH_TIMEOUT(f->framesOf(MessageType::SyncRequestStart).size(), 2, 10000);
    const QString b = f->framesOf(MessageType::SyncRequestStart).at(1).correlationId;
    QCOMPARE(EmulatorHarness::statusOf(second), 503);
    QTRY_COMPARE_WITH_TIMEOUT(f->framesOf(MessageType::SyncCancel).size(), 2, 10000);
    QCOMPARE(f->framesOf(MessageType::SyncCancel).at(1).correlationId, b);
    verifyRelayed(f, response->connectionId, QStringLiteral("canceller"));
    int cancels = 0;
    for (const QJsonObject &line : lines()) {
        if (line[QLatin1String("type")] == QLatin1String("SyncCancel")) {
            QCOMPARE(line[QLatin1String("typeCode")].toInt(), 0x30);
            QCOMPARE(line[QLatin1String("function")].toString(), QStringLiteral("canceller"));
            ++cancels;
        }
    }
    QCOMPARE(cancels, 3);
}

void tst_TapProxy::keepalive()
{
    ProxiedFunction *f = function();
    QSignalSpy pongs(&f->socket, &QWebSocket::pong);
    const auto response = f->registerAs(SlimFaasFunctionConfig(QStringLiteral("alive")));
    QVERIFY(response && response->success);
    // The protocol's Ping, answered by SlimFaas through the proxy.
    f->sendText(MessageType::Ping, QStringLiteral("ping-1"), QJsonValue::Null);
    QTRY_COMPARE_WITH_TIMEOUT(f->of(MessageType::Pong).size(), 1, 10000);
    QCOMPARE(f->of(MessageType::Pong).first().correlationId, QStringLiteral("ping-1"));
    // ASP.NET's unsolicited WebSocket Pong frames (every 300 ms here) reach the function.
    QTRY_VERIFY_WITH_TIMEOUT(pongs.size() >= 2, 10000);
    QVERIFY(pongs.first().at(1).toByteArray().isEmpty());
    // A WebSocket Ping is answered (by the proxy).
    pongs.clear();
    f->socket.ping("are you there");
    QTRY_VERIFY_WITH_TIMEOUT(std::any_of(pongs.cbegin(), pongs.cend(),
                                         [](const QList<QVariant> &pong) {
                                             return pong.at(1).toByteArray() == "are you there";
                                         }),
                             10000);
    verifyRelayed(f, response->connectionId, QStringLiteral("alive"));
}

void tst_TapProxy::realClientThroughTheProxy()
{
    SlimFaasFunctionConfig config(QStringLiteral("client-fn"));
    config.setSubscribeEvents(QStringList{ QStringLiteral("tick") });
    SlimFaasClient client(proxyUrl, config);
    client.setPingInterval(200);
    client.setDeadPeerTimeout(2000);
    QList<SlimFaasAsyncRequest> deferred;
    client.setAsyncRequestHandler([&deferred](const SlimFaasAsyncRequest &request) {
        deferred.append(request);
        return SlimFaasClient::DeferredStatus;
    });
    client.setSyncRequestHandler([](SlimFaasSyncRequest *request) {
        QObject::connect(request, &SlimFaasSyncRequest::finished, request, &QObject::deleteLater);
        QObject::connect(request, &SlimFaasSyncRequest::requestBodyFinished, request,
                         [request] { request->respond(201, {}, "got " + request->readAll()); });
    });
    QSignalSpy events(&client, &SlimFaasClient::publishEventReceived);
    client.open();
    QVERIFY(client.waitForReady(10000));
    QCOMPARE(client.connectionId().size(), 32);

    QSignalSpy completed(harness->emulator(), &SlimFaasEmulator::asyncRequestCompleted);
    QCOMPARE(EmulatorHarness::statusOf(
                     harness->call("POST", QStringLiteral("/async-function/client-fn/later"), "j")),
             202);
    QTRY_COMPARE_WITH_TIMEOUT(deferred.size(), 1, 10000);
    QVERIFY(client.sendCallback(deferred.first(), 200));
    QTRY_COMPARE_WITH_TIMEOUT(completed.size(), 1, 10000);
    QCOMPARE(completed.first().at(2).toInt(), 200);

    QCOMPARE(EmulatorHarness::statusOf(
                     harness->call("POST", QStringLiteral("/publish-event/tick/x"), "t")),
             204);
    QTRY_COMPARE_WITH_TIMEOUT(events.size(), 1, 10000);

    QNetworkReply *reply = harness->call("POST", QStringLiteral("/function/client-fn/s"), "abc");
    QCOMPARE(EmulatorHarness::statusOf(reply), 201);
    QCOMPARE(reply->readAll(), QByteArray("got abc"));

    // Its keepalive Pings go through and are answered: the connection is never declared dead.
    QSignalSpy states(&client, &SlimFaasClient::stateChanged);
    QTest::qWait(2500);
    QVERIFY(states.isEmpty());
    int pings = 0;
    for (const QJsonObject &line : lines()) {
        if (line[QLatin1String("type")] == QLatin1String("Ping")) {
            QCOMPARE(line[QLatin1String("direction")].toString(), QStringLiteral("out"));
            QCOMPARE(line[QLatin1String("function")].toString(), QStringLiteral("client-fn"));
            ++pings;
        }
    }
    QVERIFY(pings >= 5);
}

void tst_TapProxy::handshakeAndCloseCodesRelayed()
{
    QWebSocketServer upstream(QStringLiteral("upstream"), QWebSocketServer::NonSecureMode);
    QVERIFY(upstream.listen(QHostAddress::LocalHost));
    QList<QWebSocket *> accepted;
    connect(&upstream, &QWebSocketServer::newConnection, this, [&] {
        while (QWebSocket *socket = upstream.nextPendingConnection())
            accepted.append(socket);
    });
    QUrl url;
    QByteArray out, err;
    QVERIFY(startProxy(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(upstream.serverPort())), {},
                       &url, &out, &err));

    // Query and handshake headers go upstream; no Origin is added.
    QUrl withQuery = url;
    withQuery.setQuery(QStringLiteral("pod=a&x=%20y"));
    QNetworkRequest request(withQuery);
    request.setRawHeader("Authorization", "Bearer token");
    request.setRawHeader("X-Custom", "1");
    QWebSocket first;
    first.open(request);
    QTRY_COMPARE_WITH_TIMEOUT(accepted.size(), 1, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(first.state(), QAbstractSocket::ConnectedState, 10000);
    const QNetworkRequest seen = accepted.first()->request();
    QCOMPARE(seen.url().path(), QStringLiteral("/ws"));
    QCOMPARE(seen.url().query(QUrl::FullyEncoded), QStringLiteral("pod=a&x=%20y"));
    QCOMPARE(seen.rawHeader("Authorization"), QByteArray("Bearer token"));
    QCOMPARE(seen.rawHeader("X-Custom"), QByteArray("1"));
    QVERIFY(!seen.hasRawHeader("Origin"));
    QVERIFY(accepted.first()->origin().isEmpty());

    // The function closes: upstream sees its code and reason.
    QSignalSpy upstreamClosed(accepted.first(), &QWebSocket::disconnected);
    first.close(QWebSocketProtocol::CloseCode(4001), QStringLiteral("bye"));
    QTRY_COMPARE_WITH_TIMEOUT(upstreamClosed.size(), 1, 10000);
    QCOMPARE(int(accepted.first()->closeCode()), 4001);
    QCOMPARE(accepted.first()->closeReason(), QStringLiteral("bye"));

    // Upstream closes: the function sees its code and reason. An Origin the function sends
    // goes too.
    QWebSocket second(QStringLiteral("http://example.org"));
    second.open(url);
    QTRY_COMPARE_WITH_TIMEOUT(accepted.size(), 2, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(second.state(), QAbstractSocket::ConnectedState, 10000);
    QCOMPARE(accepted.at(1)->origin(), QStringLiteral("http://example.org"));
    // Pings and Pongs go through: each end's Ping is answered by the other end.
    QSignalSpy functionPongs(&second, &QWebSocket::pong);
    QSignalSpy upstreamPongs(accepted.at(1), &QWebSocket::pong);
    second.ping("from the function");
    accepted.at(1)->ping("from upstream");
    QTRY_COMPARE_WITH_TIMEOUT(functionPongs.size(), 1, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(upstreamPongs.size(), 1, 10000);
    QCOMPARE(functionPongs.first().at(1).toByteArray(), QByteArray("from the function"));
    QCOMPARE(upstreamPongs.first().at(1).toByteArray(), QByteArray("from upstream"));
    QSignalSpy functionClosed(&second, &QWebSocket::disconnected);
    accepted.at(1)->close(QWebSocketProtocol::CloseCode(4002), QStringLiteral("later"));
    QTRY_COMPARE_WITH_TIMEOUT(functionClosed.size(), 1, 10000);
    QCOMPARE(int(second.closeCode()), 4002);
    QCOMPARE(second.closeReason(), QStringLiteral("later"));
    QTRY_VERIFY_WITH_TIMEOUT(err.contains("connection 2 closed by SlimFaas (4002, later)"), 10000);

    // Text and binary, unchanged, both ways.
    QWebSocket third;
    third.open(url);
    QTRY_COMPARE_WITH_TIMEOUT(accepted.size(), 3, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(third.state(), QAbstractSocket::ConnectedState, 10000);
    QSignalSpy upText(accepted.at(2), &QWebSocket::textMessageReceived);
    QSignalSpy upBinary(accepted.at(2), &QWebSocket::binaryMessageReceived);
    QSignalSpy downText(&third, &QWebSocket::textMessageReceived);
    QSignalSpy downBinary(&third, &QWebSocket::binaryMessageReceived);
    third.sendTextMessage(QStringLiteral("not json \u00e9"));
    third.sendBinaryMessage(QByteArray("\x00\x01", 2));
    accepted.at(2)->sendTextMessage(QStringLiteral("{\"type\":99}"));
    accepted.at(2)->sendBinaryMessage(QByteArray(100, 'z'));
    QTRY_COMPARE_WITH_TIMEOUT(upText.size() + upBinary.size() + downText.size() + downBinary.size(),
                              4, 10000);
    QCOMPARE(upText.first().first().toString(), QStringLiteral("not json \u00e9"));
    QCOMPARE(upBinary.first().first().toByteArray(), QByteArray("\x00\x01", 2));
    QCOMPARE(downText.first().first().toString(), QStringLiteral("{\"type\":99}"));
    QCOMPARE(downBinary.first().first().toByteArray(), QByteArray(100, 'z'));
    // An unreadable message is still one line.
    QTRY_VERIFY_WITH_TIMEOUT(out.count('\n') >= 4, 10000);
    const QJsonObject unreadable = QJsonDocument::fromJson(out.split('\n').first()).object();
    QCOMPARE(unreadable[QLatin1String("type")].toString(), QStringLiteral("Unreadable"));
    QCOMPARE(unreadable[QLatin1String("typeCode")].toInt(), -1);
    QCOMPARE(unreadable[QLatin1String("connection")].toString(), QStringLiteral("3"));
    QVERIFY(!unreadable.contains(QLatin1String("function")));
    QCOMPARE(unreadable[QLatin1String("payload")][QLatin1String("body")].toString(),
             QStringLiteral("not json \u00e9"));

    // Upstream gone: the function's handshake fails as it would against a dead server.
    upstream.close();
    qDeleteAll(accepted);
    QWebSocket fourth;
    QSignalSpy failed(&fourth, &QWebSocket::disconnected);
    fourth.open(url);
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 10000);
    QVERIFY(fourth.state() != QAbstractSocket::ConnectedState);
    QTRY_VERIFY_WITH_TIMEOUT(err.contains("unreachable"), 10000);

    // Paths other than /ws: 404, as on SlimFaas's port.
    QTcpSocket plain;
    plain.connectToHost(QHostAddress::LocalHost, url.port());
    QVERIFY(plain.waitForConnected(5000));
    plain.write("GET /other HTTP/1.1\r\nHost: x\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(
            plain.bytesAvailable() > 0 || plain.state() != QAbstractSocket::ConnectedState, 10000);
    QVERIFY(plain.readAll().startsWith("HTTP/1.1 404"));
}

void tst_TapProxy::refusedHandshakeReachesTheFunction()
{
    // SlimFaas's port answers 404 off /ws: the function gets that answer, as when direct.
    QUrl upstream = harness->emulator()->webSocketUrl();
    upstream.setPath(QStringLiteral("/not-ws"));
    QUrl url;
    QByteArray out, err;
    QVERIFY(startProxy(upstream, {}, &url, &out, &err));
    QTcpSocket tcp;
    tcp.connectToHost(QHostAddress::LocalHost, url.port());
    QVERIFY(tcp.waitForConnected(5000));
    tcp.write("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    QByteArray answer;
    QTRY_VERIFY_WITH_TIMEOUT(
            (answer += tcp.readAll(), tcp.state() != QAbstractSocket::ConnectedState), 10000);
    answer += tcp.readAll();
    QVERIFY2(answer.startsWith("HTTP/1.1 404"), answer.constData());
    QTRY_VERIFY_WITH_TIMEOUT(err.contains("refused the handshake"), 10000);
}

namespace {
qint64 residentKiB(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}
} // namespace

void tst_TapProxy::functionThatStopsReadingIsBackPressured()
{
    QUrl url;
    QByteArray out, err;
    QProcess *proxy = startProxy(harness->emulator()->webSocketUrl(), { QStringLiteral("--quiet") },
                                 &url, &out, &err);
    QVERIFY(proxy);
    // A function that registers, then stops reading its socket.
    QTcpSocket tcp;
    tcp.connectToHost(QHostAddress::LocalHost, url.port());
    QVERIFY(tcp.waitForConnected(5000));
    tcp.write("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(tcp.peek(4096).contains("\r\n\r\n"), 10000);
    const QByteArray answer = tcp.read(tcp.peek(4096).indexOf("\r\n\r\n") + 4);
    QVERIFY2(answer.startsWith("HTTP/1.1 101"), answer.constData());
    // The upstream's own answer: its accept key for the function's key (RFC 6455's example).
    QVERIFY(answer.contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
    const QByteArray reg = SlimFaasProtocol::encodeEnvelope(
            MessageType::Register, QStringLiteral("r"),
            SlimFaasProtocol::registerPayload(SlimFaasFunctionConfig(QStringLiteral("stuck"))));
    QVERIFY(reg.size() < 65536 && reg.size() >= 126);
    QByteArray frame;
    frame.append(char(0x81));
    frame.append(char(0x80 | 126));
    frame.append(char(reg.size() >> 8));
    frame.append(char(reg.size() & 0xff));
    const char mask[4] = { 1, 2, 3, 4 };
    frame.append(mask, 4);
    for (qsizetype i = 0; i < reg.size(); ++i)
        frame.append(char(reg.at(i) ^ mask[i % 4]));
    QSignalSpy registered(harness->emulator(), &SlimFaasEmulator::functionRegistered);
    tcp.write(frame);
    QTRY_COMPARE_WITH_TIMEOUT(registered.size(), 1, 10000);
    QTest::qWait(200);
    tcp.setReadBufferSize(4096); // from now on the kernel's buffers fill, then the proxy's
    const qint64 before = residentKiB(proxy->processId());
    QVERIFY(before > 0);

    // A 32 MiB sync call: far more than the socket buffers hold. The proxy stops reading
    // SlimFaas instead of holding it.
    QNetworkReply *reply = harness->call("PUT", QStringLiteral("/function/stuck/x"),
                                         QByteArray(32 * 1024 * 1024, 'b'));
    QTest::qWait(3000);
    const qint64 during = residentKiB(proxy->processId());
    QVERIFY2(during - before < 8 * 1024,
             qPrintable(QStringLiteral("%1 KiB -> %2 KiB").arg(before).arg(during)));
    QVERIFY(!reply->isFinished());
    QCOMPARE(harness->emulator()->replicas(QStringLiteral("stuck")), 1); // still connected

    // Reading again: every byte comes, the whole request and its end.
    tcp.setReadBufferSize(0);
    qint64 received = 0;
    QByteArray tail;
    const QByteArray end = SlimFaasProtocol::encodeFrame(MessageType::SyncRequestEnd, QString(), {},
                                                         SlimFaasProtocol::FrameFlagEndOfStream)
                                   .left(1);
    QVERIFY(QTest::qWaitFor(
            [&] {
                const QByteArray bytes = tcp.readAll();
                received += bytes.size();
                tail = (tail + bytes).right(64);
                return received > 32 * 1024 * 1024;
            },
            60000));
    QTRY_VERIFY_WITH_TIMEOUT((tail += tcp.readAll(), tail.contains(end)), 20000);
    // What the proxy holds once everything went through; under AddressSanitizer the 32 MiB
    // allocated and freed on the way leave shadow memory behind, so only the plain build
    // measures it.
    if (!underAddressSanitizer())
        QVERIFY(residentKiB(proxy->processId()) - before < 8 * 1024);
}

void tst_TapProxy::usageErrors()
{
    const QList<QStringList> cases{
        { QStringLiteral("--proxy"), QStringLiteral("--upstream"), QStringLiteral("ws://h:1/ws") },
        { QStringLiteral("--proxy"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:x"),
          QStringLiteral("--upstream"), QStringLiteral("ws://h:1/ws") },
        { QStringLiteral("--proxy"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
          QStringLiteral("--upstream"), QStringLiteral("http://h:1/ws") },
        { QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--function"),
          QStringLiteral("f") },
    };
    for (const QStringList &arguments : cases) {
        QProcess process;
        process.start(QStringLiteral(SLIMFAAS_TAP_PATH), arguments);
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitCode(), 1);
        QVERIFY(!process.readAllStandardError().isEmpty());
    }
    QProcess help;
    help.start(QStringLiteral(SLIMFAAS_TAP_PATH), { QStringLiteral("--help") });
    QVERIFY(help.waitForFinished(10000));
    const QByteArray text = help.readAllStandardOutput();
    for (const char *option : { "--proxy", "--listen", "--upstream", "--max-buffer" })
        QVERIFY2(text.contains(option), option);
}

QTEST_GUILESS_MAIN(tst_TapProxy)
#include "tst_tapproxy.moc"
