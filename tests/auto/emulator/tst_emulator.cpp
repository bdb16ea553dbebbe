#include <slimfaasclient.h>
#include <slimfaasemulator.h>

#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qregularexpression.h>
#include <QtNetwork/qnetworkaccessmanager.h>
#include <QtNetwork/qnetworkreply.h>
#include <QtNetwork/qtcpsocket.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>
#include <QtWebSockets/qwebsocket.h>

using SlimFaasProtocol::MessageType;

// A function speaking raw protocol to the emulator, so tests control every byte.
class RawFunction : public QObject
{
    Q_OBJECT
public:
    explicit RawFunction(const QUrl &url, QObject *parent = nullptr) : QObject(parent)
    {
        connect(&socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
            if (auto envelope = SlimFaasProtocol::decodeEnvelope(text.toUtf8()))
                envelopes.append(*envelope);
        });
        connect(&socket, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &data) {
            if (auto frame = SlimFaasProtocol::decodeFrame(data))
                frames.append(*frame);
        });
        socket.open(url);
    }
    bool waitConnected()
    {
        return QTest::qWaitFor([this] { return socket.state() == QAbstractSocket::ConnectedState; },
                               5000);
    }
    // Sends Register and returns the response.
    std::optional<SlimFaasProtocol::RegisterResponse>
    registerAs(const SlimFaasFunctionConfig &config)
    {
        if (!waitConnected())
            return std::nullopt;
        const QString id = SlimFaasProtocol::newCorrelationId();
        send(MessageType::Register, id, SlimFaasProtocol::registerPayload(config));
        if (!QTest::qWaitFor([&] { return !of(MessageType::RegisterResponse).isEmpty(); }, 5000))
            return std::nullopt;
        const auto envelope = of(MessageType::RegisterResponse).constLast();
        if (envelope.correlationId != id)
            return std::nullopt;
        return SlimFaasProtocol::parseRegisterResponse(envelope.payload);
    }
    void send(MessageType type, const QString &id, const QJsonValue &payload)
    {
        socket.sendTextMessage(
                QString::fromUtf8(SlimFaasProtocol::encodeEnvelope(type, id, payload)));
    }
    void callback(const QString &elementId, int status)
    {
        send(MessageType::AsyncCallback, elementId,
             SlimFaasProtocol::asyncCallbackPayload({ elementId, status }));
    }
    QList<SlimFaasProtocol::Envelope> of(MessageType type) const
    {
        QList<SlimFaasProtocol::Envelope> list;
        for (const auto &envelope : envelopes)
            if (envelope.type == int(type))
                list.append(envelope);
        return list;
    }
    QList<SlimFaasAsyncRequest> requests() const
    {
        QList<SlimFaasAsyncRequest> list;
        for (const auto &envelope : of(MessageType::AsyncRequest))
            if (auto request = SlimFaasProtocol::parseAsyncRequest(envelope.payload))
                list.append(*request);
        return list;
    }
    QList<SlimFaasProtocol::Frame> framesOf(MessageType type) const
    {
        QList<SlimFaasProtocol::Frame> list;
        for (const auto &frame : frames)
            if (frame.type == type)
                list.append(frame);
        return list;
    }

    QWebSocket socket;
    QList<SlimFaasProtocol::Envelope> envelopes;
    QList<SlimFaasProtocol::Frame> frames;
};

class tst_Emulator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void webSocketPortOnlyUpgradesWs();
    void registrationSucceeds();
    void registrationRefusals_data();
    void registrationRefusals();
    void sameConfigurationInAnyOrderIsAccepted();
    void configurationForgottenAfterLastDisconnect();
    void repeatedListEntriesCount();
    void pingIsAnsweredWithPong();
    void statusFunctions();

    void asyncRecordsStatusWithRealClient();
    void async500IsRetriedThenLastTry();
    void asyncDeferredThenLaterCallback();
    void asyncTimeoutGives504();
    void asyncDisconnectGives503AndRedelivers();
    void asyncUnknownFunctionIs404();
    void dispatchIsRoundRobin();
    void dispatchRespectsPerPodLimit();
    void dispatchRespectsGlobalLimit();

    void eventsReachEverySubscribedConnection();
    void eventWithoutSubscriberIs404();
    void privateEventNeedsTrustedCaller();

    void syncBodies_data();
    void syncBodies();
    void syncCallerAbortCancelsStream();
    void syncToFunctionWithoutClientIs404();
    void syncTimeoutCancels();
    void busyConnectionsGive503();
    void syncWaitStartsAfterTheBody();

    void malformedInputIsSurvived();

private:
    RawFunction *function(const SlimFaasFunctionConfig &config);
    QNetworkReply *call(const QByteArray &verb, const QString &path, const QByteArray &body = {});
    int statusOf(QNetworkReply *reply);

    SlimFaasEmulator *emulator = nullptr;
    QNetworkAccessManager *network = nullptr;
};

void tst_Emulator::init()
{
    emulator = new SlimFaasEmulator(this);
    emulator->setWebSocketPort(0);
    emulator->setHttpPort(0);
    emulator->setKubernetesFunctions({ QStringLiteral("Existing-Deployment") });
    emulator->setRetryDelayScale(0.02); // [2,4,8] s -> 40, 80, 160 ms
    QVERIFY2(emulator->start(), qPrintable(emulator->errorString()));
    network = new QNetworkAccessManager(this);
}

void tst_Emulator::cleanup()
{
    delete network;
    delete emulator;
    qDeleteAll(findChildren<RawFunction *>());
    qDeleteAll(findChildren<SlimFaasClient *>());
}

RawFunction *tst_Emulator::function(const SlimFaasFunctionConfig &config)
{
    auto *raw = new RawFunction(emulator->webSocketUrl(), this);
    const auto response = raw->registerAs(config);
    if (!response || !response->success)
        qWarning("registration failed");
    return raw;
}

QNetworkReply *tst_Emulator::call(const QByteArray &verb, const QString &path,
                                  const QByteArray &body)
{
    QNetworkRequest request(emulator->httpUrl().resolved(QUrl(path)));
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QByteArrayLiteral("application/octet-stream"));
    QNetworkReply *reply = network->sendCustomRequest(request, verb, body);
    reply->setParent(this);
    return reply;
}

int tst_Emulator::statusOf(QNetworkReply *reply)
{
    if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 20000))
        return -1;
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

// ---------------------------------------------------------------- WebSocket endpoint

void tst_Emulator::webSocketPortOnlyUpgradesWs()
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
    QVERIFY(plain.endsWith("Expected a WebSocket request."));
    // A WebSocket on another path is refused too.
    QWebSocket other;
    other.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/elsewhere").arg(emulator->webSocketPort())));
    QTest::qWait(300);
    QVERIFY(other.state() != QAbstractSocket::ConnectedState);
}

// ---------------------------------------------------------------- registration

void tst_Emulator::registrationSucceeds()
{
    QSignalSpy registered(emulator, &SlimFaasEmulator::functionRegistered);
    RawFunction raw(emulator->webSocketUrl());
    const auto response = raw.registerAs(SlimFaasFunctionConfig(QStringLiteral("fn")));
    QVERIFY(response);
    QVERIFY(response->success);
    QVERIFY(response->error.isEmpty());
    QVERIFY(QRegularExpression(QStringLiteral("^[0-9a-f]{32}$"))
                    .match(response->connectionId)
                    .hasMatch());
    QCOMPARE(registered.size(), 1);
    QCOMPARE(emulator->replicas(QStringLiteral("fn")), 1);
    // The raw JSON carries "error": null, as the server's.
    QVERIFY(raw.of(MessageType::RegisterResponse)
                    .first()
                    .payload.toObject()
                    .value(QLatin1String("error"))
                    .isNull());
}

void tst_Emulator::registrationRefusals_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("expected");
    QTest::newRow("empty name") << QString()
                                << QStringLiteral(
                                           "Invalid register payload: functionName is required.");
    QTest::newRow("kubernetes") << QStringLiteral("existing-deployment")
                                << QStringLiteral(
                                           "Function 'existing-deployment' is already declared as "
                                           "a Kubernetes deployment. WebSocket clients cannot use "
                                           "the same name as an existing Kubernetes function.");
    QTest::newRow("configuration")
            << QStringLiteral("taken")
            << QStringLiteral("Function 'taken' already has registered clients with a different "
                              "configuration. All WebSocket clients with the same function name "
                              "must share the same configuration.");
}

void tst_Emulator::registrationRefusals()
{
    QFETCH(QString, name);
    QFETCH(QString, expected);
    SlimFaasFunctionConfig first(QStringLiteral("taken"));
    first.setNumberParallelRequest(3);
    function(first);
    RawFunction raw(emulator->webSocketUrl());
    const auto response = raw.registerAs(SlimFaasFunctionConfig(name));
    QVERIFY(response);
    QVERIFY(!response->success);
    QCOMPARE(response->error, expected);
    QVERIFY(response->connectionId.isEmpty());
    QTest::qWait(100);
    QCOMPARE(raw.socket.state(), QAbstractSocket::ConnectedState); // the server does not close
}

void tst_Emulator::sameConfigurationInAnyOrderIsAccepted()
{
    SlimFaasFunctionConfig a(QStringLiteral("shared"));
    a.setDependsOn({ QStringLiteral("x"), QStringLiteral("y") });
    a.setSubscribeEvents(QStringList{ QStringLiteral("e1"), QStringLiteral("e2") });
    a.addPathStartWithVisibility(QStringLiteral("/a"), SlimFaas::Visibility::Private);
    a.addPathStartWithVisibility(QStringLiteral("/b"), SlimFaas::Visibility::Public);
    SlimFaasFunctionConfig b(QStringLiteral("shared"));
    b.setDependsOn({ QStringLiteral("y"), QStringLiteral("x") });
    b.setSubscribeEvents(QStringList{ QStringLiteral("e2"), QStringLiteral("e1") });
    b.addPathStartWithVisibility(QStringLiteral("/b"), SlimFaas::Visibility::Public);
    b.addPathStartWithVisibility(QStringLiteral("/a"), SlimFaas::Visibility::Private);
    function(a);
    RawFunction second(emulator->webSocketUrl());
    auto response = second.registerAs(b);
    QVERIFY(response && response->success);
    QCOMPARE(emulator->replicas(QStringLiteral("shared")), 2);

    SlimFaasFunctionConfig c = b;
    c.addSubscribeEvent(QStringLiteral("e1"), SlimFaas::Visibility::Private); // differs
    c.setSubscribeEvents(
            QList<SlimFaasSubscribeEvent>{ { QStringLiteral("e1"), SlimFaas::Visibility::Private },
                                           { QStringLiteral("e2"), std::nullopt } });
    RawFunction third(emulator->webSocketUrl());
    response = third.registerAs(c);
    QVERIFY(response && !response->success);
}

void tst_Emulator::configurationForgottenAfterLastDisconnect()
{
    RawFunction *first = function(SlimFaasFunctionConfig(QStringLiteral("rolling")));
    SlimFaasFunctionConfig changed(QStringLiteral("rolling"));
    changed.setNumberParallelRequestPerPod(1);
    RawFunction early(emulator->webSocketUrl());
    auto response = early.registerAs(changed);
    QVERIFY(response && !response->success); // old replica still there
    first->socket.close();
    QTRY_COMPARE(emulator->replicas(QStringLiteral("rolling")), 0);
    QVERIFY(emulator->registeredFunctions().isEmpty());
    RawFunction late(emulator->webSocketUrl());
    response = late.registerAs(changed);
    QVERIFY(response && response->success);
}

// SlimFaas sorts the lists and compares them entry by entry: order does not matter, but a
// repeated entry does.
void tst_Emulator::repeatedListEntriesCount()
{
    SlimFaasFunctionConfig once(QStringLiteral("dupes"));
    once.setDependsOn({ QStringLiteral("a"), QStringLiteral("b") });
    function(once);
    SlimFaasFunctionConfig twice(QStringLiteral("dupes"));
    twice.setDependsOn({ QStringLiteral("b"), QStringLiteral("a"), QStringLiteral("a") });
    RawFunction raw(emulator->webSocketUrl());
    const auto response = raw.registerAs(twice);
    QVERIFY(response);
    QVERIFY(!response->success);
}

void tst_Emulator::pingIsAnsweredWithPong()
{
    RawFunction raw(emulator->webSocketUrl());
    QVERIFY(raw.waitConnected());
    raw.send(MessageType::Ping, QStringLiteral("ping-42"), QJsonValue::Null);
    QTRY_COMPARE(raw.of(MessageType::Pong).size(), 1);
    QCOMPARE(raw.of(MessageType::Pong).first().correlationId, QStringLiteral("ping-42"));
}

void tst_Emulator::statusFunctions()
{
    function(SlimFaasFunctionConfig(QStringLiteral("statusfn")));
    function(SlimFaasFunctionConfig(QStringLiteral("statusfn")));
    QNetworkReply *reply = call("GET", QStringLiteral("/status-functions"));
    QCOMPARE(statusOf(reply), 200);
    const QJsonArray statuses = QJsonDocument::fromJson(reply->readAll()).array();
    QCOMPARE(statuses.size(), 1);
    const QJsonObject status = statuses.first().toObject();
    QCOMPARE(status[QLatin1String("Name")].toString(), QStringLiteral("statusfn"));
    QCOMPARE(status[QLatin1String("NumberReady")].toInt(), 2);
    QCOMPARE(status[QLatin1String("PodType")].toString(), QStringLiteral("WebSocket"));
    QCOMPARE(status[QLatin1String("QueueLength")].toInt(), 0);
    const QJsonArray pods = status[QLatin1String("Pods")].toArray();
    QCOMPARE(pods.size(), 2);
    QVERIFY(QRegularExpression(QStringLiteral("^ws-[0-9a-f]{8}$"))
                    .match(pods.first()[QLatin1String("Name")].toString())
                    .hasMatch());
}

// ---------------------------------------------------------------- async

void tst_Emulator::asyncRecordsStatusWithRealClient()
{
    auto *client = new SlimFaasClient(emulator->webSocketUrl(),
                                      SlimFaasFunctionConfig(QStringLiteral("real")), this);
    SlimFaasAsyncRequest seen;
    client->setAsyncRequestHandler([&seen](const SlimFaasAsyncRequest &request) {
        seen = request;
        return 200;
    });
    client->open();
    QVERIFY(client->waitForReady(5000));
    QSignalSpy completed(emulator, &SlimFaasEmulator::asyncRequestCompleted);
    QNetworkReply *reply
            = call("POST", QStringLiteral("/async-function/real/hello/world?a=1"), "payload");
    QCOMPARE(statusOf(reply), 202);
    const QString elementId = QString::fromLatin1(reply->rawHeader("SlimFaas-Element-Id"));
    QVERIFY(!elementId.isEmpty());
    QTRY_COMPARE(completed.size(), 1);
    QCOMPARE(completed.first().at(1).toString(), elementId);
    QCOMPARE(completed.first().at(2).toInt(), 200);
    QCOMPARE(seen.elementId(), elementId);
    QCOMPARE(seen.method(), QStringLiteral("POST"));
    QCOMPARE(seen.path(), QStringLiteral("hello/world")); // no leading slash
    QCOMPARE(seen.query(), QStringLiteral("?a=1"));
    QCOMPARE(seen.body(), QByteArray("payload"));
    QCOMPARE(seen.header(QStringLiteral("content-type")),
             QStringLiteral("application/octet-stream"));
    QCOMPARE(seen.tryNumber(), 1);
}

void tst_Emulator::async500IsRetriedThenLastTry()
{
    auto *client = new SlimFaasClient(emulator->webSocketUrl(),
                                      SlimFaasFunctionConfig(QStringLiteral("flaky")), this);
    QList<SlimFaasAsyncRequest> tries;
    client->setAsyncRequestHandler([&tries](const SlimFaasAsyncRequest &request) {
        tries.append(request);
        return 500;
    });
    client->open();
    QVERIFY(client->waitForReady(5000));
    QSignalSpy completed(emulator, &SlimFaasEmulator::asyncRequestCompleted);
    QSignalSpy retries(emulator, &SlimFaasEmulator::asyncRequestRetryScheduled);
    QCOMPARE(statusOf(call("POST", QStringLiteral("/async-function/flaky"))), 202);
    QTRY_COMPARE_WITH_TIMEOUT(completed.size(), 1, 10000);
    QCOMPARE(completed.first().at(2).toInt(), 500);
    QCOMPARE(tries.size(), 4); // first try + [2,4,8]
    for (int i = 0; i < 4; ++i) {
        QCOMPARE(tries[i].tryNumber(), i + 1);
        QCOMPARE(tries[i].isLastTry(), i == 3);
        QCOMPARE(tries[i].elementId(), tries[0].elementId());
        QVERIFY(tries[i].path().isEmpty());
    }
    QCOMPARE(retries.size(), 3);
    QVERIFY(retries.at(0).at(4).toInt() < retries.at(1).at(4).toInt());
    QVERIFY(retries.at(1).at(4).toInt() < retries.at(2).at(4).toInt());
}

void tst_Emulator::asyncDeferredThenLaterCallback()
{
    auto *client = new SlimFaasClient(emulator->webSocketUrl(),
                                      SlimFaasFunctionConfig(QStringLiteral("slow")), this);
    client->setAsyncRequestHandler([](const SlimFaasAsyncRequest &) { return 202; });
    client->open();
    QVERIFY(client->waitForReady(5000));
    QSignalSpy completed(emulator, &SlimFaasEmulator::asyncRequestCompleted);
    QCOMPARE(statusOf(call("POST", QStringLiteral("/async-function/slow/job"))), 202);
    QTRY_COMPARE(client->pendingRequestCount(), 1);
    QTest::qWait(200);
    QCOMPARE(completed.size(), 0);
    QVERIFY(client->sendCallback(client->pendingRequests().first().elementId(), 201));
    QTRY_COMPARE(completed.size(), 1);
    QCOMPARE(completed.first().at(2).toInt(), 201);
}

void tst_Emulator::asyncTimeoutGives504()
{
    emulator->setCallbackTimeout(200);
    RawFunction *raw = function(SlimFaasFunctionConfig(QStringLiteral("silent")));
    QSignalSpy completed(emulator, &SlimFaasEmulator::asyncRequestCompleted);
    QCOMPARE(statusOf(call("POST", QStringLiteral("/async-function/silent"))), 202);
    QTRY_COMPARE(raw->requests().size(), 1);
    QTRY_COMPARE(completed.size(), 1);
    QCOMPARE(completed.first().at(2).toInt(), 504);
    // A late callback is unknown now: dropped.
    QSignalSpy rejected(emulator, &SlimFaasEmulator::messageRejected);
    raw->callback(raw->requests().first().elementId(), 200);
    QTRY_COMPARE(rejected.size(), 1);
    QCOMPARE(completed.size(), 1);
}

void tst_Emulator::asyncDisconnectGives503AndRedelivers()
{
    emulator->setRetryDelayScale(0.1); // first retry after 200 ms
    auto *client = new SlimFaasClient(emulator->webSocketUrl(),
                                      SlimFaasFunctionConfig(QStringLiteral("dropper")), this);
    QList<SlimFaasAsyncRequest> received;
    client->setAsyncRequestHandler([&](const SlimFaasAsyncRequest &request) {
        received.append(request);
        return received.size() == 1 ? 202 : 200; // hold the first delivery
    });
    client->open();
    QVERIFY(client->waitForReady(5000));
    QSignalSpy retries(emulator, &SlimFaasEmulator::asyncRequestRetryScheduled);
    QSignalSpy completed(emulator, &SlimFaasEmulator::asyncRequestCompleted);
    QCOMPARE(statusOf(call("POST", QStringLiteral("/async-function/dropper"))), 202);
    QTRY_COMPARE(client->pendingRequestCount(), 1);
    const QString firstConnection = client->connectionId();

    client->close(); // the connection goes away with the callback pending
    QTRY_COMPARE(retries.size(), 1);
    QCOMPARE(retries.first().at(2).toInt(), 503);
    QCOMPARE(retries.first().at(3).toInt(), 2);
    client->open(); // back before the retry fires
    QVERIFY(client->waitForReady(5000));
    QVERIFY(client->connectionId() != firstConnection);

    QTRY_COMPARE(completed.size(), 1);
    QCOMPARE(completed.first().at(2).toInt(), 200);
    QCOMPARE(received.size(), 2);
    QCOMPARE(received[1].elementId(), received[0].elementId());
    QCOMPARE(received[1].tryNumber(), 2);
}

void tst_Emulator::asyncUnknownFunctionIs404()
{
    QCOMPARE(statusOf(call("POST", QStringLiteral("/async-function/nobody/x"))), 404);
}

void tst_Emulator::dispatchIsRoundRobin()
{
    QList<RawFunction *> raws;
    for (int i = 0; i < 3; ++i)
        raws.append(function(SlimFaasFunctionConfig(QStringLiteral("rr"))));
    for (int i = 0; i < 9; ++i) {
        QCOMPARE(statusOf(call("POST", QStringLiteral("/async-function/rr/%1").arg(i))), 202);
        // Answer at once, so every connection is free for the next one.
        QTRY_COMPARE(raws[0]->requests().size() + raws[1]->requests().size()
                             + raws[2]->requests().size(),
                     i + 1);
        for (RawFunction *raw : raws)
            for (const auto &request : raw->requests())
                if (request.path() == QString::number(i))
                    raw->callback(request.elementId(), 200);
    }
    for (RawFunction *raw : raws)
        QCOMPARE(raw->requests().size(), 3);
    // In turn: connection k receives requests k, k+3, k+6.
    for (int k = 0; k < 3; ++k) {
        QStringList paths;
        for (const auto &request : raws[k]->requests())
            paths.append(request.path());
        QCOMPARE(paths,
                 (QStringList{ QString::number(k), QString::number(k + 3),
                               QString::number(k + 6) }));
    }
}

void tst_Emulator::dispatchRespectsPerPodLimit()
{
    SlimFaasFunctionConfig config(QStringLiteral("limited"));
    config.setNumberParallelRequestPerPod(2);
    config.setNumberParallelRequest(100);
    QList<RawFunction *> raws{ function(config), function(config), function(config) };
    for (int i = 0; i < 12; ++i)
        QCOMPARE(statusOf(call("POST", QStringLiteral("/async-function/limited/%1").arg(i))), 202);
    QTRY_COMPARE(raws[0]->requests().size() + raws[1]->requests().size()
                         + raws[2]->requests().size(),
                 6);
    QTest::qWait(200);
    for (RawFunction *raw : raws)
        QCOMPARE(raw->requests().size(), 2); // never more than 2 unanswered each
    QCOMPARE(emulator->queueLength(QStringLiteral("limited")), 6);
    // Answering one frees exactly one slot.
    raws[1]->callback(raws[1]->requests().first().elementId(), 200);
    QTRY_COMPARE(raws[1]->requests().size(), 3);
    QTest::qWait(100);
    QCOMPARE(raws[0]->requests().size() + raws[2]->requests().size(), 4);
    QCOMPARE(emulator->queueLength(QStringLiteral("limited")), 5);
}

void tst_Emulator::dispatchRespectsGlobalLimit()
{
    SlimFaasFunctionConfig config(QStringLiteral("global"));
    config.setNumberParallelRequestPerPod(10);
    config.setNumberParallelRequest(3);
    QList<RawFunction *> raws{ function(config), function(config) };
    for (int i = 0; i < 10; ++i)
        QCOMPARE(statusOf(call("POST", QStringLiteral("/async-function/global/%1").arg(i))), 202);
    QTRY_COMPARE(raws[0]->requests().size() + raws[1]->requests().size(), 3);
    QTest::qWait(200);
    QCOMPARE(raws[0]->requests().size() + raws[1]->requests().size(), 3);
    QCOMPARE(emulator->queueLength(QStringLiteral("global")), 7);
}

// ---------------------------------------------------------------- events

void tst_Emulator::eventsReachEverySubscribedConnection()
{
    SlimFaasFunctionConfig a(QStringLiteral("sub-a"));
    a.setSubscribeEvents(QStringList{ QStringLiteral("order-created") });
    SlimFaasFunctionConfig b(QStringLiteral("sub-b"));
    b.setSubscribeEvents(QStringList{ QStringLiteral("order-created"), QStringLiteral("other") });
    SlimFaasFunctionConfig c(QStringLiteral("not-subscribed"));
    QList<RawFunction *> subscribers{ function(a), function(a), function(b) };
    RawFunction *bystander = function(c);
    QCOMPARE(statusOf(call("POST", QStringLiteral("/publish-event/order-created/orders/1?x=2"),
                           "evt")),
             204);
    for (RawFunction *raw : subscribers) {
        QTRY_COMPARE(raw->of(MessageType::PublishEvent).size(), 1);
        const auto event = SlimFaasProtocol::parsePublishEvent(
                raw->of(MessageType::PublishEvent).first().payload);
        QVERIFY(event);
        QCOMPARE(event->eventName(), QStringLiteral("order-created"));
        QCOMPARE(event->path(), QStringLiteral("orders/1"));
        QCOMPARE(event->query(), QStringLiteral("?x=2"));
        QCOMPARE(event->body(), QByteArray("evt"));
        QCOMPARE(raw->of(MessageType::PublishEvent).first().correlationId.size(), 32);
    }
    QTest::qWait(100);
    for (RawFunction *raw : subscribers)
        QCOMPARE(raw->of(MessageType::PublishEvent).size(), 1);
    QVERIFY(bystander->of(MessageType::PublishEvent).isEmpty());
}

void tst_Emulator::eventWithoutSubscriberIs404()
{
    function(SlimFaasFunctionConfig(QStringLiteral("lonely")));
    QCOMPARE(statusOf(call("POST", QStringLiteral("/publish-event/nobody-listens"))), 404);
}

void tst_Emulator::privateEventNeedsTrustedCaller()
{
    SlimFaasFunctionConfig config(QStringLiteral("private-sub"));
    config.addSubscribeEvent(QStringLiteral("secret"), SlimFaas::Visibility::Private);
    RawFunction *raw = function(config);
    QCOMPARE(statusOf(call("POST", QStringLiteral("/publish-event/secret"))),
             204); // loopback is trusted
    emulator->setTrustedNetworks({});
    QCOMPARE(statusOf(call("POST", QStringLiteral("/publish-event/secret"))), 404);
    QTest::qWait(100);
    QCOMPARE(raw->of(MessageType::PublishEvent).size(), 1);
}

// ---------------------------------------------------------------- sync

void tst_Emulator::syncBodies_data()
{
    QTest::addColumn<int>("size");
    for (int size : { 0, 1, 32 * 1024, 32 * 1024 + 1, 8 * 1024 * 1024 })
        QTest::addRow("%d bytes", size) << size;
}

// A raw function that echoes: answers SyncRequestStart with headers, streams the chunks
// back as they come, ends on SyncRequestEnd.
void tst_Emulator::syncBodies()
{
    QFETCH(int, size);
    RawFunction *raw = function(SlimFaasFunctionConfig(QStringLiteral("echo")));
    connect(&raw->socket, &QWebSocket::binaryMessageReceived, raw, [raw](const QByteArray &data) {
        const auto frame = SlimFaasProtocol::decodeFrame(data);
        if (!frame)
            return;
        if (frame->type == MessageType::SyncRequestStart) {
            SlimFaasProtocol::SyncResponseHead head;
            head.statusCode = 201;
            head.headers
                    = { { QStringLiteral("X-Echo"), { QStringLiteral("a"), QStringLiteral("b") } },
                        { QStringLiteral("Transfer-Encoding"), { QStringLiteral("chunked") } } };
            raw->socket.sendBinaryMessage(SlimFaasProtocol::encodeFrame(
                    MessageType::SyncResponseStart, frame->correlationId,
                    SlimFaasProtocol::encodeSyncResponseHead(head)));
        } else if (frame->type == MessageType::SyncRequestChunk) {
            raw->socket.sendBinaryMessage(SlimFaasProtocol::encodeFrame(
                    MessageType::SyncResponseChunk, frame->correlationId, frame->payload));
        } else if (frame->type == MessageType::SyncRequestEnd) {
            raw->socket.sendBinaryMessage(SlimFaasProtocol::encodeFrame(
                    MessageType::SyncResponseEnd, frame->correlationId, {},
                    SlimFaasProtocol::FrameFlagEndOfStream));
        }
    });
    QByteArray body(size, Qt::Uninitialized);
    for (int i = 0; i < size; ++i)
        body[i] = char((i * 7 + i / 1000) & 0xff);
    QNetworkReply *reply = call("POST", QStringLiteral("/function/echo/path?q=1"), body);
    QCOMPARE(statusOf(reply), 201);
    const QByteArray answer = reply->readAll();
    QCOMPARE(answer.size(), body.size());
    QVERIFY(answer == body);
    QCOMPARE(reply->rawHeader("X-Echo"), QByteArray("a, b"));
    const auto start = raw->framesOf(MessageType::SyncRequestStart);
    QCOMPARE(start.size(), 1);
    const auto head = SlimFaasProtocol::decodeSyncRequestHead(start.first().payload);
    QVERIFY(head);
    QCOMPARE(head->method, QStringLiteral("POST"));
    QCOMPARE(head->path, QStringLiteral("path"));
    QCOMPARE(head->query, QStringLiteral("?q=1"));
    for (const auto &chunk : raw->framesOf(MessageType::SyncRequestChunk))
        QVERIFY(chunk.payload.size() <= SlimFaasProtocol::ServerChunkSize);
    QCOMPARE(raw->framesOf(MessageType::SyncRequestEnd).size(), 1);
}

void tst_Emulator::syncCallerAbortCancelsStream()
{
    RawFunction *raw = function(SlimFaasFunctionConfig(QStringLiteral("abandoned")));
    QSignalSpy cancelled(emulator, &SlimFaasEmulator::syncRequestCancelled);
    QNetworkReply *reply = call("GET", QStringLiteral("/function/abandoned/wait"));
    QTRY_COMPARE(raw->framesOf(MessageType::SyncRequestStart).size(), 1);
    const QString id = raw->framesOf(MessageType::SyncRequestStart).first().correlationId;
    reply->abort();
    QTRY_COMPARE(raw->framesOf(MessageType::SyncCancel).size(), 1);
    QCOMPARE(raw->framesOf(MessageType::SyncCancel).first().correlationId, id);
    QCOMPARE(cancelled.size(), 1);
}

void tst_Emulator::syncToFunctionWithoutClientIs404()
{
    QCOMPARE(statusOf(call("GET", QStringLiteral("/function/ghost/x"))), 404);
    // Once its last client is gone, a function is unknown again.
    RawFunction *raw = function(SlimFaasFunctionConfig(QStringLiteral("gone")));
    raw->socket.close();
    QTRY_COMPARE(emulator->replicas(QStringLiteral("gone")), 0);
    QCOMPARE(statusOf(call("GET", QStringLiteral("/function/gone/x"))), 404);
}

void tst_Emulator::syncTimeoutCancels()
{
    emulator->setSyncTimeout(200);
    RawFunction *raw = function(SlimFaasFunctionConfig(QStringLiteral("mute")));
    QNetworkReply *reply = call("GET", QStringLiteral("/function/mute"));
    QCOMPARE(statusOf(reply), 500);
    QTRY_COMPARE(raw->framesOf(MessageType::SyncCancel).size(), 1);
}

// Sync streams and pending callbacks share numberParallelRequestPerPod: once a
// connection is full, a sync call gets 503 and an async attempt fails with 503 (retried).
void tst_Emulator::busyConnectionsGive503()
{
    SlimFaasFunctionConfig config(QStringLiteral("busy"));
    config.setNumberParallelRequestPerPod(1);
    RawFunction *raw = function(config);
    call("GET", QStringLiteral("/function/busy/first")); // never answered: holds the slot
    QTRY_COMPARE(raw->framesOf(MessageType::SyncRequestStart).size(), 1);
    QCOMPARE(statusOf(call("GET", QStringLiteral("/function/busy/second"))), 503);

    QSignalSpy retries(emulator, &SlimFaasEmulator::asyncRequestRetryScheduled);
    QCOMPARE(statusOf(call("POST", QStringLiteral("/async-function/busy/job"))), 202);
    QTRY_VERIFY(!retries.isEmpty());
    QCOMPARE(retries.first().at(2).toInt(), 503);
    QVERIFY(raw->requests().isEmpty());
}

// As on SlimFaas, the wait for the response start counts from the end of the request body:
// a slow upload is not cut by it.
void tst_Emulator::syncWaitStartsAfterTheBody()
{
    emulator->setSyncTimeout(200);
    RawFunction *raw = function(SlimFaasFunctionConfig(QStringLiteral("patient")));
    QTcpSocket caller;
    caller.connectToHost(QHostAddress::LocalHost, emulator->httpPort());
    QVERIFY(caller.waitForConnected(5000));
    caller.write("POST /function/patient/up HTTP/1.1\r\nHost: x\r\nContent-Length: 8\r\n\r\nhalf");
    QTRY_COMPARE(raw->framesOf(MessageType::SyncRequestChunk).size(), 1);
    QTest::qWait(500); // well past the timeout, body still incomplete
    QVERIFY(raw->framesOf(MessageType::SyncCancel).isEmpty());
    caller.write("done");
    QTRY_COMPARE(raw->framesOf(MessageType::SyncRequestEnd).size(), 1);
    QTRY_COMPARE(raw->framesOf(MessageType::SyncCancel).size(), 1);
    QByteArray answer;
    QTRY_VERIFY((answer += caller.readAll()).startsWith("HTTP/1.1 500"));
}

// ---------------------------------------------------------------- robustness

void tst_Emulator::malformedInputIsSurvived()
{
    RawFunction *bad = function(SlimFaasFunctionConfig(QStringLiteral("bad")));
    RawFunction *good = function(SlimFaasFunctionConfig(QStringLiteral("good")));
    QSignalSpy rejected(emulator, &SlimFaasEmulator::messageRejected);
    bad->socket.sendTextMessage(QStringLiteral("{not json"));
    bad->socket.sendTextMessage(QStringLiteral("[1,2]"));
    bad->socket.sendTextMessage(QStringLiteral(R"({"type":"Register"})"));
    bad->socket.sendTextMessage(
            QStringLiteral(R"({"type":77,"correlationId":"x","payload":null})"));
    bad->socket.sendTextMessage(QStringLiteral(R"({"type":3,"correlationId":"x","payload":null})"));
    bad->socket.sendTextMessage(QStringLiteral(
            R"({"type":3,"correlationId":"x","payload":{"elementId":"unknown","statusCode":200}})"));
    bad->socket.sendBinaryMessage(QByteArray(5, '\x20'));
    bad->socket.sendBinaryMessage(SlimFaasProtocol::encodeFrame(
            MessageType::SyncResponseChunk, SlimFaasProtocol::newCorrelationId(), "x"));
    bad->socket.sendBinaryMessage(SlimFaasProtocol::encodeFrame(
            MessageType(0x99), SlimFaasProtocol::newCorrelationId(), "x"));
    QTRY_COMPARE(rejected.size(), 9);
    // The bad connection is still open and registered, the good one unaffected.
    bad->send(MessageType::Ping, QStringLiteral("still-there"), QJsonValue::Null);
    QTRY_COMPARE(bad->of(MessageType::Pong).size(), 1);
    QCOMPARE(emulator->replicas(QStringLiteral("bad")), 1);
    QCOMPARE(statusOf(call("POST", QStringLiteral("/async-function/good/x"))), 202);
    QTRY_COMPARE(good->requests().size(), 1);
}

QTEST_GUILESS_MAIN(tst_Emulator)
#include "tst_emulator.moc"
