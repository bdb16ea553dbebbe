// SPDX-License-Identifier: MIT
#include <scriptedpeer.h>
#include <slimfaasclient.h>

#include <QtCore/qjsondocument.h>
#include <QtCore/qmetaobject.h>
#include <QtCore/qpointer.h>
#include <QtCore/qregularexpression.h>
#include <QtCore/qscopeguard.h>
#include <QtCore/qthread.h>

#include <QtCore/qtimer.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>
#include <QtWebSockets/qwebsocket.h>
#include <memory>

#include <stdexcept>

using SlimFaasProtocol::MessageType;

class tst_Client : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void registerMessageOnTheWire();
    void registrationSucceeds();
    void registrationRefused_data();
    void registrationRefused();
    void refusalRetriedWhenAsked();
    void waitForReady();
    void unansweredRegistrationTimesOut();
    void handshakeHeadersAreSent();
    void severalClientsPerProcess();

    void handlerStatusIsSent_data();
    void handlerStatusIsSent();
    void deferredAnswerLater();
    void signalStyleAnsweredLater();
    void noHandlerAnswers500();
    void throwingHandlerAnswers500AndKeepsRunning();
    void secondAndUnknownAnswersRefused();
    void refusalsLeaveTheConnectionErrorAlone();
    void staleAnswerAfterReconnectIsRefused();
    void staleAnswerOfAnEarlierTryIsRefused();
    void answerFromAnotherThread();
    void dropAbandonsPendingRequests();
    void expiredRequestsAreForgotten();
    void deadlinesFollowTheServer();
    void bodyRoundTrip_data();
    void bodyRoundTrip();

    void eventDelivered();

    void pingsSentAtInterval();
    void deadPeerDetectedAndReplaced();
    void trafficKeepsThePeerAlive();
    void reconnectBacksOffWithinBounds();
    void closeStopsEverything();
    void newConfigurationReRegisters();
    void writablePropertiesNotify();
    void newUrlReconnects();

    void movedToAWorkerThread_data();
    void movedToAWorkerThread();
    void openAndCloseFromAForeignThreadAreQueued();
    void deletedInItsOwnSignal_data();
    void deletedInItsOwnSignal();
    void bothAnswerStylesAtOnce_data();
    void bothAnswerStylesAtOnce();

    void badInputIsSurvived_data();
    void badInputIsSurvived();
    void oversizedMessageReconnects();

private:
    SlimFaasClient *makeClient(const SlimFaasFunctionConfig &config
                               = SlimFaasFunctionConfig(QStringLiteral("fn")));
    SlimFaasClient *readyClient();
    SlimFaasAsyncRequest sendRequest(const QString &elementId, const QByteArray &body = "hello");
    QList<SlimFaasProtocol::AsyncCallback> callbacks() const;

    ScriptedPeer *peer = nullptr;
    QList<SlimFaasClient *> clients;
};

void tst_Client::init()
{
    peer = new ScriptedPeer(this);
    QVERIFY(peer->listen());
}

void tst_Client::cleanup()
{
    qDeleteAll(clients);
    clients.clear();
    delete peer;
    peer = nullptr;
}

SlimFaasClient *tst_Client::makeClient(const SlimFaasFunctionConfig &config)
{
    auto *client = new SlimFaasClient(peer->url(), config);
    client->setPingInterval(0);
    client->setDeadPeerTimeout(5000);
    client->setMinimumReconnectDelay(50);
    client->setMaximumReconnectDelay(400);
    clients.append(client);
    return client;
}

SlimFaasClient *tst_Client::readyClient()
{
    SlimFaasClient *client = makeClient();
    client->open();
    if (!client->waitForReady(5000))
        qWarning("client did not become ready: %s", qPrintable(client->errorString()));
    return client;
}

SlimFaasAsyncRequest tst_Client::sendRequest(const QString &elementId, const QByteArray &body)
{
    SlimFaasAsyncRequest request;
    request.setElementId(elementId);
    request.setMethod(QStringLiteral("POST"));
    request.setPath(QStringLiteral("hello/world"));
    request.setQuery(QStringLiteral("?a=1"));
    request.setHeaders(
            { { QStringLiteral("Content-Type"), { QStringLiteral("application/json") } } });
    request.setBody(body);
    request.setTryNumber(1);
    peer->sendEnvelope(MessageType::AsyncRequest, elementId,
                       SlimFaasProtocol::asyncRequestPayload(request));
    return request;
}

QList<SlimFaasProtocol::AsyncCallback> tst_Client::callbacks() const
{
    QList<SlimFaasProtocol::AsyncCallback> list;
    for (const auto &envelope : peer->envelopes(MessageType::AsyncCallback)) {
        const auto callback = SlimFaasProtocol::parseAsyncCallback(envelope.payload);
        if (callback && envelope.correlationId == callback->elementId)
            list.append(*callback);
    }
    return list;
}

// ---------------------------------------------------------------- registration

void tst_Client::registerMessageOnTheWire()
{
    SlimFaasFunctionConfig config(QStringLiteral("my-job"));
    config.setDependsOn({ QStringLiteral("other-function") });
    config.addSubscribeEvent(QStringLiteral("order-created"));
    config.addSubscribeEvent(QStringLiteral("internal"), SlimFaas::Visibility::Private);
    config.addPathStartWithVisibility(QStringLiteral("/admin"), SlimFaas::Visibility::Private);
    config.setConfiguration(QStringLiteral("{\"key\":\"value\"}"));
    SlimFaasClient *client = makeClient(config);
    client->open();
    QVERIFY(client->waitForReady(5000));

    const auto registers = peer->envelopes(MessageType::Register);
    QCOMPARE(registers.size(), 1);
    QVERIFY(!registers.first().correlationId.isEmpty());
    const QJsonObject expected = QJsonDocument::fromJson(R"({
      "functionName":"my-job",
      "configuration":{
        "dependsOn":["other-function"],
        "subscribeEvents":[{"name":"order-created"},{"name":"internal","visibility":"Private"}],
        "defaultVisibility":"Public",
        "pathsStartWithVisibility":[{"path":"/admin","visibility":"Private"}],
        "configuration":"{\"key\":\"value\"}",
        "replicasStartAsSoonAsOneFunctionRetrieveARequest":false,
        "numberParallelRequest":10,
        "numberParallelRequestPerPod":10,
        "defaultTrust":"Trusted"}})")
                                         .object();
    QCOMPARE(registers.first().payload.toObject(), expected);
    // The raw text carries the type as a number.
    QVERIFY(QJsonDocument::fromJson(peer->received().first().data)[QLatin1String("type")]
                    .isDouble());
}

void tst_Client::registrationSucceeds()
{
    SlimFaasClient *client = makeClient();
    QSignalSpy states(client, &SlimFaasClient::stateChanged);
    QSignalSpy ready(client, &SlimFaasClient::ready);
    QSignalSpy ids(client, &SlimFaasClient::connectionIdChanged);
    client->open();
    QTRY_COMPARE(ready.size(), 1);
    QCOMPARE(client->state(), SlimFaasClient::Ready);
    QCOMPARE(client->connectionId(), peer->connectionIds().constLast());
    QCOMPARE(client->connectionId().size(), 32);
    QCOMPARE(ids.size(), 1);
    QCOMPARE(states.size(), 3);
    QCOMPARE(states.at(0).at(0).value<SlimFaasClient::State>(), SlimFaasClient::Connecting);
    QCOMPARE(states.at(1).at(0).value<SlimFaasClient::State>(), SlimFaasClient::Registering);
    QCOMPARE(states.at(2).at(0).value<SlimFaasClient::State>(), SlimFaasClient::Ready);
}

void tst_Client::registrationRefused_data()
{
    QTest::addColumn<QString>("reason");
    QTest::newRow("no name") << QStringLiteral(
            "Invalid register payload: functionName is required.");
    QTest::newRow("kubernetes") << QStringLiteral(
            "Function 'fn' is already declared as a Kubernetes deployment. WebSocket clients "
            "cannot use the same name as an existing Kubernetes function.");
    QTest::newRow("configuration") << QStringLiteral(
            "Function 'fn' already has registered clients with a different configuration. All "
            "WebSocket clients with the same function name must share the same configuration.");
}

void tst_Client::registrationRefused()
{
    QFETCH(QString, reason);
    peer->refusal = reason;
    SlimFaasClient *client = makeClient();
    QSignalSpy refused(client, &SlimFaasClient::registrationRefused);
    QSignalSpy reconnects(client, &SlimFaasClient::reconnectScheduled);
    client->open();
    QTRY_COMPARE(refused.size(), 1);
    QCOMPARE(refused.first().first().toString(), reason);
    QCOMPARE(client->state(), SlimFaasClient::Refused);
    QCOMPARE(client->error(), SlimFaasClient::RegistrationRefused);
    QCOMPARE(client->errorString(), reason);
    QVERIFY(client->connectionId().isEmpty());
    // The client closes the socket itself: the server would leave it open.
    QTRY_VERIFY(peer->connections().isEmpty());
    QTest::qWait(500); // well past the 50-400 ms reconnect delays
    QCOMPARE(peer->acceptedCount(), 1);
    QCOMPARE(reconnects.size(), 0);
}

void tst_Client::refusalRetriedWhenAsked()
{
    peer->refusal = QStringLiteral("Function 'fn' already has registered clients with a "
                                   "different configuration. All WebSocket clients with the "
                                   "same function name must share the same configuration.");
    SlimFaasClient *client = makeClient();
    client->setRetryAfterRefusal(true);
    QSignalSpy reconnects(client, &SlimFaasClient::reconnectScheduled);
    client->open();
    QTRY_VERIFY(peer->acceptedCount() >= 3);
    QVERIFY(client->state() != SlimFaasClient::Refused);
    // The old replicas are gone: the same configuration is now accepted.
    peer->refusal.clear();
    QVERIFY(client->waitForReady(5000));
    QVERIFY(reconnects.size() >= 2);
    const int first = reconnects.at(0).at(0).toInt();
    const int second = reconnects.at(1).at(0).toInt();
    QVERIFY2(second > first, qPrintable(QStringLiteral("%1 then %2").arg(first).arg(second)));
}

void tst_Client::waitForReady()
{
    SlimFaasClient *client = makeClient();
    QVERIFY(!client->waitForReady(100)); // never opened
    client->open();
    QVERIFY(client->waitForReady(5000));
    QVERIFY(client->waitForReady(0)); // already ready

    peer->refusal = QStringLiteral("nope");
    SlimFaasClient *refused = makeClient();
    refused->open();
    QElapsedTimer timer;
    timer.start();
    QVERIFY(!refused->waitForReady(10000));
    QVERIFY(timer.elapsed() < 5000); // returns on refusal, not at the deadline
}

void tst_Client::unansweredRegistrationTimesOut()
{
    peer->answerRegister = false; // the socket opens, the Register goes unanswered
    SlimFaasClient *client = makeClient();
    client->setDeadPeerTimeout(300);
    QSignalSpy errors(client, &SlimFaasClient::errorOccurred);
    client->open();
    QTRY_VERIFY(!errors.isEmpty());
    QCOMPARE(errors.first().first().value<SlimFaasClient::Error>(),
             SlimFaasClient::RegistrationTimeout);
    QTRY_VERIFY(peer->envelopes(MessageType::Register).size() >= 2); // it tried again
    peer->answerRegister = true;
    QVERIFY(client->waitForReady(5000));
}

void tst_Client::handshakeHeadersAreSent()
{
    SlimFaasClient *client = makeClient();
    client->setHandshakeHeader("Authorization", "Bearer secret-token");
    client->setHandshakeHeader("X-Other", "1");
    client->setHandshakeHeader("X-Other", QByteArray()); // removes it
    QCOMPARE(client->handshakeHeaders().size(), 1);
    client->open();
    QVERIFY(client->waitForReady(5000));
    QWebSocket *serverSide = peer->lastConnection();
    QVERIFY(serverSide);
    QCOMPARE(serverSide->request().rawHeader("Authorization"), QByteArray("Bearer secret-token"));
    QVERIFY(!serverSide->request().hasRawHeader("X-Other"));
}

void tst_Client::severalClientsPerProcess()
{
    SlimFaasClient *a = makeClient(SlimFaasFunctionConfig(QStringLiteral("a")));
    SlimFaasClient *b = makeClient(SlimFaasFunctionConfig(QStringLiteral("b")));
    a->open();
    b->open();
    QVERIFY(a->waitForReady(5000));
    QVERIFY(b->waitForReady(5000));
    QVERIFY(a->connectionId() != b->connectionId());
    a->close();
    QCOMPARE(b->state(), SlimFaasClient::Ready);
}

// ---------------------------------------------------------------- async requests

void tst_Client::handlerStatusIsSent_data()
{
    QTest::addColumn<int>("status");
    QTest::newRow("200") << 200;
    QTest::newRow("500") << 500;
    QTest::newRow("404") << 404;
}

void tst_Client::handlerStatusIsSent()
{
    QFETCH(int, status);
    SlimFaasClient *client = readyClient();
    SlimFaasAsyncRequest seen;
    client->setAsyncRequestHandler([&](const SlimFaasAsyncRequest &request) {
        seen = request;
        return status;
    });
    QSignalSpy sent(client, &SlimFaasClient::callbackSent);
    const SlimFaasAsyncRequest request = sendRequest(QStringLiteral("element-1"));
    QTRY_COMPARE(callbacks().size(), 1);
    QCOMPARE(callbacks().first().elementId, QStringLiteral("element-1"));
    QCOMPARE(callbacks().first().statusCode, status);
    QCOMPARE(sent.size(), 1);
    QCOMPARE(client->pendingRequestCount(), 0);
    QCOMPARE(seen.elementId(), request.elementId());
    QCOMPARE(seen.path(), QStringLiteral("hello/world"));
    QCOMPARE(seen.query(), QStringLiteral("?a=1"));
    QCOMPARE(seen.header(QStringLiteral("content-type")), QStringLiteral("application/json"));
    QCOMPARE(seen.body(), QByteArray("hello"));
    QVERIFY(seen.receivedAt().isValid());
    QCOMPARE(seen.receivedAt().secsTo(seen.deadline()), 300);
}

void tst_Client::deferredAnswerLater()
{
    SlimFaasClient *client = readyClient();
    client->setAsyncRequestHandler(
            [](const SlimFaasAsyncRequest &) { return SlimFaasClient::DeferredStatus; });
    QSignalSpy pendingChanges(client, &SlimFaasClient::pendingRequestCountChanged);
    sendRequest(QStringLiteral("long-job"));
    QTRY_COMPARE(client->pendingRequestCount(), 1);
    QTest::qWait(200);
    QVERIFY(callbacks().isEmpty()); // 202 sends nothing
    QCOMPARE(client->pendingRequests().first().elementId(), QStringLiteral("long-job"));

    QVERIFY(client->sendCallback(QStringLiteral("long-job"), 200));
    QTRY_COMPARE(callbacks().size(), 1);
    QCOMPARE(callbacks().first().statusCode, 200);
    QCOMPARE(client->pendingRequestCount(), 0);
    QVERIFY(pendingChanges.size() >= 2);
}

void tst_Client::signalStyleAnsweredLater()
{
    SlimFaasClient *client = readyClient();
    connect(client, &SlimFaasClient::asyncRequestReceived, this,
            [client](const SlimFaasAsyncRequest &request) {
                QTimer::singleShot(100, client, [client, id = request.elementId()] {
                    client->sendCallback(id, 201);
                });
            });
    sendRequest(QStringLiteral("a"));
    sendRequest(QStringLiteral("b"));
    QTRY_COMPARE(client->pendingRequestCount(), 2);
    QTRY_COMPARE(callbacks().size(), 2);
    QCOMPARE(callbacks().at(0).statusCode, 201);
    QCOMPARE(client->pendingRequestCount(), 0);
}

void tst_Client::noHandlerAnswers500()
{
    readyClient();
    sendRequest(QStringLiteral("orphan"));
    QTRY_COMPARE(callbacks().size(), 1);
    QCOMPARE(callbacks().first().statusCode, 500);
}

void tst_Client::throwingHandlerAnswers500AndKeepsRunning()
{
    SlimFaasClient *client = readyClient();
    int calls = 0;
    client->setAsyncRequestHandler([&calls](const SlimFaasAsyncRequest &) -> int {
        if (++calls == 1)
            throw std::runtime_error("boom");
        return 200;
    });
    QSignalSpy errors(client, &SlimFaasClient::errorOccurred);
    sendRequest(QStringLiteral("first"));
    QTRY_COMPARE(callbacks().size(), 1);
    QCOMPARE(callbacks().at(0).statusCode, 500);
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.first().first().value<SlimFaasClient::Error>(), SlimFaasClient::HandlerError);
    QVERIFY(errors.first().at(1).toString().contains(QLatin1String("boom")));
    sendRequest(QStringLiteral("second"));
    QTRY_COMPARE(callbacks().size(), 2);
    QCOMPARE(callbacks().at(1).statusCode, 200);
    QCOMPARE(client->state(), SlimFaasClient::Ready);
}

void tst_Client::secondAndUnknownAnswersRefused()
{
    SlimFaasClient *client = readyClient();
    client->setAsyncRequestHandler([](const SlimFaasAsyncRequest &) { return 202; });
    sendRequest(QStringLiteral("once"));
    QTRY_COMPARE(client->pendingRequestCount(), 1);
    QSignalSpy refused(client, &SlimFaasClient::callbackRefused);
    auto reason = [&refused](int i) {
        return refused.at(i).at(1).value<SlimFaasClient::CallbackRefusal>();
    };

    QVERIFY(!client->sendCallback(QStringLiteral("once"), 42));
    QCOMPARE(refused.size(), 1);
    QCOMPARE(refused.at(0).at(0).toString(), QStringLiteral("once"));
    QCOMPARE(reason(0), SlimFaasClient::InvalidStatus);
    QVERIFY(!refused.at(0).at(2).toString().isEmpty());
    QCOMPARE(client->pendingRequestCount(), 1); // still answerable

    QVERIFY(client->sendCallback(QStringLiteral("once"), 200));
    QVERIFY(!client->sendCallback(QStringLiteral("once"), 500));
    QCOMPARE(reason(1), SlimFaasClient::AlreadyAnswered);
    QVERIFY(!client->sendCallback(QStringLiteral("never-seen"), 200));
    QCOMPARE(reason(2), SlimFaasClient::UnknownRequest);
    QCOMPARE(refused.size(), 3);

    QTest::qWait(200);
    QCOMPARE(callbacks().size(), 1);
    QCOMPARE(callbacks().first().statusCode, 200);
}

void tst_Client::refusalsLeaveTheConnectionErrorAlone()
{
    SlimFaasClient *client = readyClient();
    client->setAsyncRequestHandler([](const SlimFaasAsyncRequest &) { return 200; });
    QSignalSpy errors(client, &SlimFaasClient::errorOccurred);
    QSignalSpy refused(client, &SlimFaasClient::callbackRefused);
    for (int i = 0; i < 300; ++i)
        sendRequest(QStringLiteral("r%1").arg(i));
    QTRY_COMPARE(callbacks().size(), 300);
    // A worker answering what the handler already answered: 300 refusals.
    for (int i = 0; i < 300; ++i)
        QVERIFY(!client->sendCallback(QStringLiteral("r%1").arg(i), 200));
    QCOMPARE(refused.size(), 300);
    QCOMPARE(refused.last().at(1).value<SlimFaasClient::CallbackRefusal>(),
             SlimFaasClient::AlreadyAnswered);
    QCOMPARE(errors.size(), 0);
    QCOMPARE(client->error(), SlimFaasClient::NoError);
    QVERIFY(client->errorString().isEmpty());
    QCOMPARE(client->state(), SlimFaasClient::Ready);
}

void tst_Client::staleAnswerAfterReconnectIsRefused()
{
    SlimFaasClient *client = readyClient();
    QList<SlimFaasAsyncRequest> received;
    connect(client, &SlimFaasClient::asyncRequestReceived, this,
            [&received](const SlimFaasAsyncRequest &request) { received.append(request); });
    sendRequest(QStringLiteral("job"));
    QTRY_COMPARE(received.size(), 1);
    const SlimFaasAsyncRequest firstTry = received.first();
    QCOMPARE(firstTry.connectionId(), client->connectionId());

    // The connection drops; SlimFaas answers try 1 with 503 and delivers the job again.
    peer->closeConnections();
    QTRY_COMPARE(client->state(), SlimFaasClient::WaitingToReconnect);
    QVERIFY(client->waitForReady(5000));
    SlimFaasAsyncRequest retry = firstTry;
    retry.setTryNumber(2);
    peer->sendEnvelope(MessageType::AsyncRequest, retry.elementId(),
                       SlimFaasProtocol::asyncRequestPayload(retry));
    QTRY_COMPARE(received.size(), 2);
    const SlimFaasAsyncRequest secondTry = received.last();
    QCOMPARE(secondTry.tryNumber(), 2);
    QVERIFY(secondTry.connectionId() != firstTry.connectionId());

    // The worker of try 1 finishes late: refused, and try 2 stays answerable.
    QSignalSpy refused(client, &SlimFaasClient::callbackRefused);
    QVERIFY(!client->sendCallback(firstTry, 200));
    QCOMPARE(refused.size(), 1);
    QCOMPARE(refused.first().at(1).value<SlimFaasClient::CallbackRefusal>(),
             SlimFaasClient::StaleAttempt);
    QCOMPARE(client->pendingRequestCount(), 1);
    QVERIFY(client->sendCallback(secondTry, 201));
    QTRY_COMPARE(callbacks().size(), 1);
    QCOMPARE(callbacks().first().statusCode, 201);
}

void tst_Client::staleAnswerOfAnEarlierTryIsRefused()
{
    // SlimFaas retried a 500 and the retry came back to the same connection.
    SlimFaasClient *client = readyClient();
    QList<SlimFaasAsyncRequest> received;
    connect(client, &SlimFaasClient::asyncRequestReceived, this,
            [&received](const SlimFaasAsyncRequest &request) { received.append(request); });
    sendRequest(QStringLiteral("again"));
    QTRY_COMPARE(received.size(), 1);
    QVERIFY(client->sendCallback(received.first(), 500));
    SlimFaasAsyncRequest retry = received.first();
    retry.setTryNumber(2);
    peer->sendEnvelope(MessageType::AsyncRequest, retry.elementId(),
                       SlimFaasProtocol::asyncRequestPayload(retry));
    QTRY_COMPARE(received.size(), 2);
    QSignalSpy refused(client, &SlimFaasClient::callbackRefused);
    QVERIFY(!client->sendCallback(received.first(), 200)); // try 1, a second time
    QCOMPARE(refused.first().at(1).value<SlimFaasClient::CallbackRefusal>(),
             SlimFaasClient::StaleAttempt);
    // The string form answers whatever delivery is pending: try 2 here.
    QVERIFY(client->sendCallback(QStringLiteral("again"), 200));
    QTRY_COMPARE(callbacks().size(), 2);
    QCOMPARE(callbacks().last().statusCode, 200);
}

void tst_Client::answerFromAnotherThread()
{
    SlimFaasClient *client = readyClient();
    client->setAsyncRequestHandler([](const SlimFaasAsyncRequest &) { return 202; });
    for (int i = 0; i < 20; ++i)
        sendRequest(QStringLiteral("t%1").arg(i));
    QTRY_COMPARE(client->pendingRequestCount(), 20);

    std::atomic<int> accepted{ 0 };
    QList<QThread *> workers;
    for (int w = 0; w < 2; ++w) {
        // Both workers try to answer every request: each must be sent exactly once.
        workers.append(QThread::create([client, &accepted] {
            for (int i = 0; i < 20; ++i) {
                if (client->sendCallback(QStringLiteral("t%1").arg(i), 200))
                    ++accepted;
            }
        }));
        workers.last()->start();
    }
    for (QThread *worker : workers) {
        QVERIFY(worker->wait(5000));
        delete worker;
    }
    QCOMPARE(accepted.load(), 20);
    QTRY_COMPARE(callbacks().size(), 20);
    QTest::qWait(100);
    QCOMPARE(callbacks().size(), 20);
    QCOMPARE(client->pendingRequestCount(), 0);
}

void tst_Client::dropAbandonsPendingRequests()
{
    SlimFaasClient *client = readyClient();
    client->setAsyncRequestHandler([](const SlimFaasAsyncRequest &) { return 202; });
    QSignalSpy abandoned(client, &SlimFaasClient::asyncRequestsAbandoned);
    sendRequest(QStringLiteral("x1"));
    sendRequest(QStringLiteral("x2"));
    QTRY_COMPARE(client->pendingRequestCount(), 2);
    peer->closeConnections();
    QTRY_COMPARE(abandoned.size(), 1);
    const auto requests = abandoned.first().first().value<QList<SlimFaasAsyncRequest>>();
    QCOMPARE(requests.size(), 2);
    QCOMPARE(requests.at(0).elementId(), QStringLiteral("x1"));
    QCOMPARE(client->pendingRequestCount(), 0);
    // Answering now is refused: nothing would reach the server.
    QSignalSpy refused(client, &SlimFaasClient::callbackRefused);
    auto lastReason = [&refused] {
        return refused.last().at(1).value<SlimFaasClient::CallbackRefusal>();
    };
    QVERIFY(!client->sendCallback(QStringLiteral("x1"), 200));
    QVERIFY(lastReason() == SlimFaasClient::NotConnected
            || lastReason() == SlimFaasClient::UnknownRequest);
    // Reconnected: the old id means nothing on the new connection.
    QVERIFY(client->waitForReady(5000));
    QVERIFY(!client->sendCallback(QStringLiteral("x2"), 200));
    QCOMPARE(lastReason(), SlimFaasClient::UnknownRequest);
    QVERIFY(!client->sendCallback(requests.at(1), 200));
    QCOMPARE(lastReason(), SlimFaasClient::StaleAttempt);
    QCOMPARE(peer->envelopes(MessageType::Register).size(), 2);
}

// SlimFaas's two clocks: an answer is safe within 120 s of the try (the queue records 504
// at its next dequeue after that) and the request is forgotten after 300 s (the
// connection's wait), which callbackTimeout sets. A shorter wait bounds both.
void tst_Client::deadlinesFollowTheServer()
{
    QCOMPARE(SlimFaasAsyncRequest::ServerTryTimeoutSecs, 120);
    QCOMPARE(SlimFaasClient::DefaultCallbackTimeout, 300000);
    SlimFaasClient *client = readyClient();
    QCOMPARE(client->callbackTimeout(), 300000);
    client->setAsyncRequestHandler([](const SlimFaasAsyncRequest &) { return 202; });
    sendRequest(QStringLiteral("clock-1"));
    QTRY_COMPARE(client->pendingRequestCount(), 1);
    SlimFaasAsyncRequest pending = client->pendingRequests().first();
    QCOMPARE(pending.receivedAt().secsTo(pending.safeDeadline()), 120);
    QCOMPARE(pending.receivedAt().secsTo(pending.deadline()), 300);
    client->setCallbackTimeout(60000);
    sendRequest(QStringLiteral("clock-2"));
    QTRY_COMPARE(client->pendingRequestCount(), 2);
    pending = client->pendingRequests().at(1);
    QCOMPARE(pending.receivedAt().secsTo(pending.deadline()), 60);
    QCOMPARE(pending.safeDeadline(), pending.deadline());
    QVERIFY(SlimFaasAsyncRequest().safeDeadline().isNull());
}

void tst_Client::expiredRequestsAreForgotten()
{
    SlimFaasClient *client = readyClient();
    client->setCallbackTimeout(300); // as a server configured for short waits
    client->setAsyncRequestHandler([](const SlimFaasAsyncRequest &) { return 202; });
    QSignalSpy expired(client, &SlimFaasClient::asyncRequestExpired);
    sendRequest(QStringLiteral("late-1"));
    QTRY_COMPARE(client->pendingRequestCount(), 1);
    const SlimFaasAsyncRequest pending = client->pendingRequests().first();
    QCOMPARE(pending.receivedAt().msecsTo(pending.deadline()), 300);
    QTest::qWait(150);
    sendRequest(QStringLiteral("late-2"));
    QTRY_COMPARE(expired.size(), 1);
    QCOMPARE(expired.first().first().value<SlimFaasAsyncRequest>().elementId(),
             QStringLiteral("late-1"));
    QCOMPARE(client->pendingRequestCount(), 1); // late-2 still has time
    QTRY_COMPARE(expired.size(), 2);
    QCOMPARE(client->pendingRequestCount(), 0);

    // An answer now would be dropped by SlimFaas: refused, not sent.
    QSignalSpy refused(client, &SlimFaasClient::callbackRefused);
    QVERIFY(!client->sendCallback(QStringLiteral("late-1"), 200));
    QCOMPARE(refused.first().at(1).value<SlimFaasClient::CallbackRefusal>(),
             SlimFaasClient::RequestExpired);
    QTest::qWait(50);
    QVERIFY(callbacks().isEmpty());
}

void tst_Client::bodyRoundTrip_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("empty") << QByteArray("");
    QByteArray binary;
    for (int i = 0; i < 512; ++i)
        binary.append(char(255 - (i % 256)));
    QTest::newRow("binary") << binary;
    QByteArray big(1024 * 1024, Qt::Uninitialized);
    for (int i = 0; i < big.size(); ++i)
        big[i] = char((i * 31 + 7) & 0xff);
    QTest::newRow("1 MiB") << big;
}

void tst_Client::bodyRoundTrip()
{
    QFETCH(QByteArray, body);
    SlimFaasClient *client = readyClient();
    QByteArray received;
    bool hasBody = false;
    client->setAsyncRequestHandler([&](const SlimFaasAsyncRequest &request) {
        received = request.body();
        hasBody = request.hasBody();
        return 200;
    });
    sendRequest(QStringLiteral("body"), body);
    QTRY_COMPARE(callbacks().size(), 1);
    QVERIFY(hasBody);
    QCOMPARE(received.size(), body.size());
    QCOMPARE(received, body);
}

// ---------------------------------------------------------------- events

void tst_Client::eventDelivered()
{
    SlimFaasFunctionConfig config(QStringLiteral("fn"));
    config.setSubscribeEvents(QStringList{ QStringLiteral("order-created") });
    SlimFaasClient *client = makeClient(config);
    QList<SlimFaasPublishEvent> handled;
    client->setPublishEventHandler([&](const SlimFaasPublishEvent &e) { handled.append(e); });
    QSignalSpy events(client, &SlimFaasClient::publishEventReceived);
    client->open();
    QVERIFY(client->waitForReady(5000));
    SlimFaasPublishEvent event;
    event.setEventName(QStringLiteral("order-created"));
    event.setMethod(QStringLiteral("PUT"));
    event.setPath(QStringLiteral("orders/42"));
    event.setQuery(QStringLiteral("?v=2"));
    event.setHeaders(
            { { QStringLiteral("X-Multi"), { QStringLiteral("1"), QStringLiteral("2") } } });
    event.setBody(QByteArray("\x00\x01\xff", 3));
    peer->sendEnvelope(MessageType::PublishEvent,
                       QStringLiteral("0123456789abcdef0123456789abcdef"),
                       SlimFaasProtocol::publishEventPayload(event));
    QTRY_COMPARE(events.size(), 1);
    const auto got = events.first().first().value<SlimFaasPublishEvent>();
    QCOMPARE(got.correlationId(), QStringLiteral("0123456789abcdef0123456789abcdef"));
    QCOMPARE(got.eventName(), event.eventName());
    QCOMPARE(got.method(), event.method());
    QCOMPARE(got.path(), event.path());
    QCOMPARE(got.query(), event.query());
    QCOMPARE(got.headers(), event.headers());
    QCOMPARE(got.body(), event.body());
    QVERIFY(got.receivedAt().isValid());
    QCOMPARE(handled.size(), 1);
    QCOMPARE(handled.first(), got);
    QTest::qWait(100);
    QVERIFY(peer->envelopes(MessageType::AsyncCallback).isEmpty()); // no acknowledgement
}

// ---------------------------------------------------------------- keepalive and reconnect

void tst_Client::pingsSentAtInterval()
{
    SlimFaasClient *client = makeClient();
    client->setPingInterval(100);
    client->setDeadPeerTimeout(1000);
    client->open();
    QVERIFY(client->waitForReady(5000));
    QTest::qWait(650);
    const auto pings = peer->envelopes(MessageType::Ping);
    QVERIFY2(pings.size() >= 4 && pings.size() <= 8, qPrintable(QString::number(pings.size())));
    QSet<QString> ids;
    for (const auto &ping : pings) {
        QVERIFY(ping.payload.isNull());
        ids.insert(ping.correlationId);
    }
    QCOMPARE(ids.size(), pings.size());               // each ping has its own id
    QCOMPARE(client->state(), SlimFaasClient::Ready); // pongs keep it alive
    QCOMPARE(peer->acceptedCount(), 1);
}

void tst_Client::deadPeerDetectedAndReplaced()
{
    peer->answerPings = false; // the socket stays open, nothing comes back
    SlimFaasClient *client = makeClient();
    client->setPingInterval(100);
    client->setDeadPeerTimeout(500);
    QSignalSpy errors(client, &SlimFaasClient::errorOccurred);
    client->open();
    QVERIFY(client->waitForReady(5000));
    const QString firstId = client->connectionId();
    QElapsedTimer timer;
    timer.start();
    QTRY_VERIFY(!errors.isEmpty());
    QCOMPARE(errors.first().first().value<SlimFaasClient::Error>(), SlimFaasClient::DeadPeer);
    QVERIFY(timer.elapsed() < 3000);
    QTRY_COMPARE(peer->acceptedCount(), 2);
    QTRY_COMPARE(client->state(), SlimFaasClient::Ready);
    QVERIFY(client->connectionId() != firstId);
}

// Any message proves the peer alive, not only pongs; the watch then counts from the last
// one: silence for deadPeerTimeout at least, and not much more, means a dead peer.
void tst_Client::trafficKeepsThePeerAlive()
{
    peer->answerPings = false;
    SlimFaasClient *client = makeClient();
    client->setPingInterval(100);
    client->setDeadPeerTimeout(600);
    QSignalSpy errors(client, &SlimFaasClient::errorOccurred);
    client->open();
    QVERIFY(client->waitForReady(5000));
    const QByteArray event = R"({"type":4,"correlationId":"e","payload":{"eventName":"tick"}})";
    QElapsedTimer sinceLast;
    for (int i = 0; i < 8; ++i) { // 1.6 s of events every 200 ms, far past the timeout
        peer->sendText(event);
        sinceLast.start();
        QTest::qWait(200);
        QVERIFY2(errors.isEmpty(), qPrintable(errors.value(0).value(1).toString()));
    }
    QTRY_VERIFY_WITH_TIMEOUT(!errors.isEmpty(), 5000);
    const qint64 silence = sinceLast.elapsed();
    QCOMPARE(errors.first().first().value<SlimFaasClient::Error>(), SlimFaasClient::DeadPeer);
    QVERIFY2(silence >= 600, qPrintable(QString::number(silence)));
    QVERIFY2(silence < 600 * 1.25 + 500, qPrintable(QString::number(silence))); // + slack

    // Setting the timeout to 0 ends a watch under way.
    QTRY_COMPARE(client->state(), SlimFaasClient::Ready);
    errors.clear();
    client->setDeadPeerTimeout(0);
    QTest::qWait(1000);
    QVERIFY(errors.isEmpty());
    QCOMPARE(client->state(), SlimFaasClient::Ready);
}

void tst_Client::reconnectBacksOffWithinBounds()
{
    SlimFaasClient *client = makeClient();
    client->setMinimumReconnectDelay(40);
    client->setMaximumReconnectDelay(300);
    QSignalSpy scheduled(client, &SlimFaasClient::reconnectScheduled);
    client->open();
    QVERIFY(client->waitForReady(5000));
    const quint16 port = peer->port();
    peer->stopListening(); // closes the connection and refuses new ones
    QTRY_VERIFY_WITH_TIMEOUT(scheduled.size() >= 6, 10000);
    QList<int> delays;
    for (const auto &args : scheduled) {
        delays.append(args.at(0).toInt());
        QCOMPARE(args.at(1).toInt(), delays.size()); // attempts count up
    }
    for (int i = 0; i < delays.size(); ++i) {
        QVERIFY2(delays[i] >= 40 && delays[i] <= 300, qPrintable(QString::number(delays[i])));
        if (i > 0 && delays[i - 1] < 150) // below half the cap, doubling must show
            QVERIFY2(delays[i] > delays[i - 1],
                     qPrintable(QStringLiteral("%1 then %2").arg(delays[i - 1]).arg(delays[i])));
    }
    QCOMPARE(delays.last(), 300); // capped

    QVERIFY(peer->listen(port)); // SlimFaas is back
    QVERIFY(client->waitForReady(5000));
    QCOMPARE(peer->envelopes(MessageType::Register).size(), 2);
    // A success resets the backoff.
    scheduled.clear();
    peer->closeConnections();
    QTRY_VERIFY(!scheduled.isEmpty());
    QVERIFY(scheduled.first().at(0).toInt() <= 40 * 1.25 + 1);
    QCOMPARE(scheduled.first().at(1).toInt(), 1);
}

void tst_Client::closeStopsEverything()
{
    SlimFaasClient *client = makeClient();
    client->setPingInterval(50);
    client->setDeadPeerTimeout(200);
    client->open();
    QVERIFY(client->waitForReady(5000));
    QSignalSpy scheduled(client, &SlimFaasClient::reconnectScheduled);
    QSignalSpy errors(client, &SlimFaasClient::errorOccurred);
    client->close();
    QCOMPARE(client->state(), SlimFaasClient::Disconnected);
    QTRY_VERIFY(peer->connections().isEmpty()); // closed cleanly, not left half-open
    const int received = peer->received().size();
    QTest::qWait(600); // many ping intervals, dead-peer timeouts and reconnect delays
    QCOMPARE(peer->received().size(), received);
    QCOMPARE(peer->acceptedCount(), 1);
    QCOMPARE(scheduled.size(), 0);
    QCOMPARE(errors.size(), 0);
    QCOMPARE(client->state(), SlimFaasClient::Disconnected);

    // close() also cancels a pending reconnect.
    client->open();
    QVERIFY(client->waitForReady(5000));
    peer->stopListening();
    QTRY_COMPARE(client->state(), SlimFaasClient::WaitingToReconnect);
    client->close();
    QSignalSpy states(client, &SlimFaasClient::stateChanged);
    QTest::qWait(600);
    QCOMPARE(states.size(), 0);
    QCOMPARE(client->state(), SlimFaasClient::Disconnected);
}

// ---------------------------------------------------------------- bad input

void tst_Client::badInputIsSurvived_data()
{
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<bool>("binary");
    QTest::newRow("invalid json") << QByteArray("{this is not json") << false;
    QTest::newRow("json array") << QByteArray("[1,2,3]") << false;
    QTest::newRow("unknown type") << QByteArray(R"({"type":99,"correlationId":"x","payload":{}})")
                                  << false;
    QTest::newRow("type as string")
            << QByteArray(R"({"type":"AsyncRequest","correlationId":"x","payload":{}})") << false;
    QTest::newRow("async payload null")
            << QByteArray(R"({"type":2,"correlationId":"x","payload":null})") << false;
    QTest::newRow("async wrong field types")
            << QByteArray(R"({"type":2,"correlationId":"x","payload":{"elementId":1,"body":[]}})")
            << false;
    QTest::newRow("async invalid base64") << QByteArray(
            R"({"type":2,"correlationId":"x","payload":{"elementId":"x","body":"%%%"}})")
                                          << false;
    QTest::newRow("event payload null")
            << QByteArray(R"({"type":4,"correlationId":"x","payload":null})") << false;
    QTest::newRow("stray register response") << QByteArray(
            R"({"type":1,"correlationId":"other","payload":{"success":false,"error":"x","connectionId":""}})")
                                             << false;
    QTest::newRow("client-side type")
            << QByteArray(R"({"type":0,"correlationId":"x","payload":null})") << false;
    QTest::newRow("truncated frame") << QByteArray(20, '\x10') << true;
    QTest::newRow("empty binary") << QByteArray() << true;
    QTest::newRow("unknown frame type") << SlimFaasProtocol::encodeFrame(
            MessageType(0x7f), SlimFaasProtocol::newCorrelationId(), "zz")
                                        << true;
}

void tst_Client::badInputIsSurvived()
{
    QFETCH(QByteArray, message);
    QFETCH(bool, binary);
    SlimFaasClient *client = readyClient();
    client->setAsyncRequestHandler([](const SlimFaasAsyncRequest &) { return 200; });
    const QString id = client->connectionId();
    if (binary)
        peer->sendBinary(message);
    else
        peer->sendText(message);
    sendRequest(QStringLiteral("after-bad-input"));
    QTRY_COMPARE(callbacks().size(), 1);
    QCOMPARE(callbacks().first().elementId, QStringLiteral("after-bad-input"));
    QCOMPARE(client->state(), SlimFaasClient::Ready);
    QCOMPARE(client->connectionId(), id);
    QCOMPARE(peer->acceptedCount(), 1);
}

void tst_Client::oversizedMessageReconnects()
{
    SlimFaasClient *client = makeClient();
    client->setMaximumIncomingMessageSize(1024);
    QSignalSpy errors(client, &SlimFaasClient::errorOccurred);
    client->open();
    QVERIFY(client->waitForReady(5000));
    sendRequest(QStringLiteral("huge"), QByteArray(4096, 'x'));
    QTRY_VERIFY(!errors.isEmpty());
    QCOMPARE(errors.first().first().value<SlimFaasClient::Error>(),
             SlimFaasClient::MessageTooLarge);
    QTRY_COMPARE(peer->acceptedCount(), 2);
    QVERIFY(client->waitForReady(5000));
    client->setAsyncRequestHandler([](const SlimFaasAsyncRequest &) { return 200; });
    sendRequest(QStringLiteral("small"), "ok");
    QTRY_COMPARE(callbacks().size(), 1);
}

void tst_Client::newConfigurationReRegisters()
{
    SlimFaasClient *client = readyClient();
    client->setAsyncRequestHandler([](const SlimFaasAsyncRequest &) { return 202; });
    sendRequest(QStringLiteral("held"));
    QTRY_COMPARE(client->pendingRequestCount(), 1);
    const QString firstConnection = client->connectionId();
    QSignalSpy states(client, &SlimFaasClient::stateChanged);
    QSignalSpy ready(client, &SlimFaasClient::ready);
    QSignalSpy abandoned(client, &SlimFaasClient::asyncRequestsAbandoned);

    SlimFaasFunctionConfig config = client->functionConfig();
    config.setSubscribeEvents(QStringList{ QStringLiteral("late-topic") });
    client->setFunctionConfig(config);
    QTRY_COMPARE(ready.size(), 1);
    QCOMPARE(states.first().first().value<SlimFaasClient::State>(), SlimFaasClient::Connecting);
    QCOMPARE(abandoned.size(), 1); // the old connection's pending work, as on any drop
    QVERIFY(client->connectionId() != firstConnection);
    const auto registers = peer->envelopes(MessageType::Register);
    QCOMPARE(registers.size(), 2);
    const auto registered = SlimFaasProtocol::parseRegisterPayload(registers.last().payload);
    QVERIFY(registered);
    QCOMPARE(registered->subscribeEvents().size(), 1);
    QCOMPARE(registered->subscribeEvents().first().name, QStringLiteral("late-topic"));

    // The same value again changes nothing.
    client->setFunctionConfig(config);
    QTest::qWait(100);
    QCOMPARE(peer->envelopes(MessageType::Register).size(), 2);
}

void tst_Client::writablePropertiesNotify()
{
    SlimFaasClient *client = makeClient();
    const QMetaObject *meta = client->metaObject();
    QList<QByteArray> checked;
    for (int i = meta->propertyOffset(); i < meta->propertyCount(); ++i) {
        const QMetaProperty property = meta->property(i);
        if (!property.isWritable())
            continue;
        QVERIFY2(property.hasNotifySignal(), property.name());
        QVariant changed;
        switch (property.userType()) {
        case QMetaType::Int:
            changed = property.read(client).toInt() + 1234;
            break;
        case QMetaType::LongLong:
            changed = property.read(client).toLongLong() + 1234;
            break;
        case QMetaType::Bool:
            changed = !property.read(client).toBool();
            break;
        case QMetaType::QUrl:
            changed = QUrl(QStringLiteral("ws://127.0.0.1:1/other"));
            break;
        default:
            if (property.metaType() == QMetaType::fromType<QList<QUrl>>()) {
                changed = QVariant::fromValue(
                        QList<QUrl>{ QUrl(QStringLiteral("ws://127.0.0.1:1/a")),
                                     QUrl(QStringLiteral("ws://127.0.0.1:2/b")) });
            } else {
                changed = QVariant::fromValue(SlimFaasFunctionConfig(QStringLiteral("renamed")));
            }
            break;
        }
        QSignalSpy notified(client, property.notifySignal());
        QVERIFY2(property.write(client, changed), property.name());
        QCOMPARE(notified.size(), 1);
        QCOMPARE(property.read(client), changed);
        QVERIFY(property.write(client, changed)); // the same value again: no signal
        QCOMPARE(notified.size(), 1);
        checked.append(property.name());
    }
    QCOMPARE(checked,
             QList<QByteArray>({ "url", "nodeUrls", "everyAddress", "addressRefreshInterval",
                                 "functionConfig", "pingInterval", "deadPeerTimeout",
                                 "minimumReconnectDelay", "maximumReconnectDelay",
                                 "retryAfterRefusal", "maximumIncomingMessageSize",
                                 "callbackTimeout" }));
}

void tst_Client::newUrlReconnects()
{
    SlimFaasClient *client = readyClient();
    ScriptedPeer other;
    QVERIFY(other.listen());
    client->setUrl(other.url());
    QTRY_COMPARE(other.envelopes(MessageType::Register).size(), 1);
    QVERIFY(client->waitForReady(5000));
    QTRY_COMPARE(peer->connections().size(), 0); // the first server saw us leave
    // Not open: the URL waits for open().
    client->close();
    client->setUrl(peer->url());
    QTest::qWait(100);
    QCOMPARE(client->state(), SlimFaasClient::Disconnected);
    QCOMPARE(peer->envelopes(MessageType::Register).size(), 1);
}

// ---------------------------------------------------------------- threads and lifetimes

void tst_Client::movedToAWorkerThread_data()
{
    QTest::addColumn<bool>("openFirst");
    QTest::newRow("moved before open()") << false;
    QTest::newRow("moved after open()") << true;
}

// Keepalive and reconnection run on the thread the client was moved to: it pings, and comes
// back by itself after the server restarts.
void tst_Client::movedToAWorkerThread()
{
    QFETCH(bool, openFirst);
    QTest::failOnWarning(QRegularExpression(QStringLiteral("[Tt]imer")));
    auto *client = new SlimFaasClient(peer->url(), SlimFaasFunctionConfig(QStringLiteral("fn")));
    client->setPingInterval(50);
    client->setDeadPeerTimeout(2000);
    client->setMinimumReconnectDelay(50);
    client->setMaximumReconnectDelay(200);
    if (openFirst) {
        client->open();
        QVERIFY(client->waitForReady(5000));
    }
    QThread worker;
    client->moveToThread(&worker);
    worker.start();
    auto cleanup = qScopeGuard([&] {
        QMetaObject::invokeMethod(client, &QObject::deleteLater);
        worker.quit();
        worker.wait();
    });
    if (!openFirst)
        QMetaObject::invokeMethod(client, &SlimFaasClient::open);
    QTRY_COMPARE(client->state(), SlimFaasClient::Ready);
    const qsizetype pingsBefore = peer->envelopes(MessageType::Ping).size();
    QTRY_VERIFY(peer->envelopes(MessageType::Ping).size() >= pingsBefore + 3);

    const quint16 port = peer->port();
    peer->stopListening();
    QTRY_VERIFY(client->state() != SlimFaasClient::Ready);
    QVERIFY(peer->listen(port));
    QTRY_COMPARE_WITH_TIMEOUT(peer->connections().size(), 1, 10000);
    QTRY_COMPARE(client->state(), SlimFaasClient::Ready);
    const qsizetype pingsAfter = peer->envelopes(MessageType::Ping).size();
    QTRY_VERIFY(peer->envelopes(MessageType::Ping).size() >= pingsAfter + 3);
}

// A thread rule broken is said, and does not wedge the client.
void tst_Client::openAndCloseFromAForeignThreadAreQueued()
{
    SlimFaasClient *client = makeClient();
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("open\\(\\) called from a thread that "
                                                           "does not own the client")));
    std::unique_ptr<QThread> opener(QThread::create([client] { client->open(); }));
    opener->start();
    QVERIFY(opener->wait(5000));
    QTRY_COMPARE(client->state(), SlimFaasClient::Ready);
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("close\\(\\) called from a thread")));
    std::unique_ptr<QThread> closer(QThread::create([client] { client->close(); }));
    closer->start();
    QVERIFY(closer->wait(5000));
    QTRY_COMPARE(client->state(), SlimFaasClient::Disconnected);
}

void tst_Client::deletedInItsOwnSignal_data()
{
    QTest::addColumn<QByteArray>("signal");
    for (const char *name :
         { "ready", "stateChanged", "connectionIdChanged", "messageReceived", "messageSent",
           "asyncRequestReceived", "callbackSent", "pendingRequestCountChanged",
           "publishEventReceived", "syncRequestReceived", "errorOccurred", "asyncRequestsAbandoned",
           "reconnectScheduled" })
        QTest::newRow(name) << QByteArray(name);
}

// As with QNetworkReply::finished(), a slot may delete the client that is emitting.
void tst_Client::deletedInItsOwnSignal()
{
    QFETCH(QByteArray, signal);
    auto *client = new SlimFaasClient(peer->url(), SlimFaasFunctionConfig(QStringLiteral("fn")));
    client->setPingInterval(0);
    client->setMinimumReconnectDelay(50);
    client->setMaximumReconnectDelay(50);
    QPointer<SlimFaasClient> alive(client);
    // The signal, looked up by name, and a slot that deletes the client on its first call.
    const QMetaObject *meta = client->metaObject();
    QMetaMethod method;
    for (int i = meta->methodOffset(); i < meta->methodCount(); ++i) {
        if (meta->method(i).methodType() == QMetaMethod::Signal && meta->method(i).name() == signal)
            method = meta->method(i);
    }
    QVERIFY(method.isValid());
    bool deleted = false;
    const auto remove = [&] {
        if (deleted)
            return;
        deleted = true;
        delete client;
    };
    // A slot for a signal known only by its metamethod, called in the emitting stack, as
    // QSignalSpy does it.
    struct Relay : QObject
    {
        std::function<void()> act;
        int qt_metacall(QMetaObject::Call call, int id, void **args) override
        {
            id = QObject::qt_metacall(call, id, args);
            if (id < 0 || call != QMetaObject::InvokeMetaMethod)
                return id;
            act();
            return -1;
        }
    } relay;
    relay.act = remove;
    QVERIFY(QMetaObject::connect(client, method.methodIndex(), &relay,
                                 relay.metaObject()->methodCount()));
    // Make each signal happen.
    client->setAsyncRequestHandler([](const SlimFaasAsyncRequest &) { return 200; });
    client->setSyncRequestHandler([](SlimFaasSyncRequest *request) { request->respond(204); });
    client->open();
    QTRY_VERIFY(deleted || client->state() == SlimFaasClient::Ready);
    if (!deleted) {
        SlimFaasAsyncRequest request;
        request.setElementId(QStringLiteral("d-1"));
        request.setTryNumber(1);
        peer->sendEnvelope(MessageType::AsyncRequest, request.elementId(),
                           SlimFaasProtocol::asyncRequestPayload(request));
        peer->sendText(R"({"type":4,"correlationId":"e","payload":{"eventName":"ev"}})");
        SlimFaasProtocol::SyncRequestHead head;
        head.method = QStringLiteral("GET");
        peer->sendBinary(
                SlimFaasProtocol::encodeFrame(MessageType::SyncRequestStart, QStringLiteral("s-1"),
                                              SlimFaasProtocol::encodeSyncRequestHead(head),
                                              SlimFaasProtocol::FrameFlagEndOfStream));
    }
    QTRY_VERIFY(deleted
                || (callbacks().size() == 1
                    && std::any_of(peer->received().cbegin(), peer->received().cend(),
                                   [](const ScriptedPeer::Message &m) { return m.binary; })));
    if (!deleted) {
        // Pending when the connection goes: abandoned; then errorOccurred, reconnectScheduled.
        client->setAsyncRequestHandler(
                [](const SlimFaasAsyncRequest &) { return SlimFaasClient::DeferredStatus; });
        SlimFaasAsyncRequest request;
        request.setElementId(QStringLiteral("d-2"));
        request.setTryNumber(1);
        peer->sendEnvelope(MessageType::AsyncRequest, request.elementId(),
                           SlimFaasProtocol::asyncRequestPayload(request));
        QTRY_COMPARE(client->pendingRequestCount(), 1);
        peer->closeConnections();
    }
    QTRY_VERIFY(deleted);
    QVERIFY(!alive);
    QTest::qWait(100); // what the emitting code does after the slot, and the event loop
}

void tst_Client::bothAnswerStylesAtOnce_data()
{
    QTest::addColumn<bool>("slotAnswers");
    QTest::addColumn<bool>("handlerAnswersItself");
    QTest::newRow("slot and handler's status") << true << false;
    QTest::newRow("handler's sendCallback() and its status") << false << true;
}

// Exactly one answer per request: the first stands, the second is refused loudly.
void tst_Client::bothAnswerStylesAtOnce()
{
    QFETCH(bool, slotAnswers);
    QFETCH(bool, handlerAnswersItself);
    SlimFaasClient *client = readyClient();
    if (slotAnswers) {
        connect(client, &SlimFaasClient::asyncRequestReceived, client,
                [client](const SlimFaasAsyncRequest &request) {
                    client->sendCallback(request, 201);
                });
    }
    client->setAsyncRequestHandler([client, handlerAnswersItself](const SlimFaasAsyncRequest &r) {
        if (handlerAnswersItself)
            client->sendCallback(r, 201);
        return 200;
    });
    QSignalSpy refused(client, &SlimFaasClient::callbackRefused);
    sendRequest(QStringLiteral("both"));
    QTRY_COMPARE(refused.size(), 1);
    QCOMPARE(refused.first().at(0).toString(), QStringLiteral("both"));
    QCOMPARE(refused.first().at(1).value<SlimFaasClient::CallbackRefusal>(),
             SlimFaasClient::AlreadyAnswered);
    QTRY_COMPARE(callbacks().size(), 1);
    QCOMPARE(callbacks().first().statusCode, 201);
    // Nobody listening to the refusal: it is a warning.
    disconnect(client, &SlimFaasClient::callbackRefused, nullptr, nullptr);
    refused.disconnect();
    QTest::ignoreMessage(QtWarningMsg, "Request both-2 was already answered.");
    sendRequest(QStringLiteral("both-2"));
    QTRY_COMPARE(callbacks().size(), 2);
    QTest::qWait(50);
    QCOMPARE(callbacks().size(), 2);
}

QTEST_GUILESS_MAIN(tst_Client)
#include "tst_client.moc"
