// SPDX-License-Identifier: MIT
// Several SlimFaas nodes in one emulator (docs/protocol.md §11): each node knows only the
// functions connected to it, the async queues are shared but only the master dispatches, to
// its own connections, and an event reaches the connections of the node that received it.

#include <emulatorharness.h>

#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qrandom.h>
#include <QtCore/qscopedpointer.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

using SlimFaasProtocol::MessageType;

class tst_EmulatorNodes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void asyncWaitsForTheMasterThenFailover();
    void syncCallToAnotherNodeIs404();
    void statusIsPerNode();
    void eventsStayOnTheirNode();
    void nodesRouteListsEveryNode();
    void masterRouteRefusesBadNodes();
    void failoverDropsTheFormerMastersTries();
    void fixedPortsAreConsecutive();
    void oneNodeWarnsOfNoNode();
    void restartedNodeDropsItsConnectionsOnly();

private:
    // The warnings of that code raised so far: their messages.
    QStringList warnings(const QString &code) const;
    int status(const QByteArray &verb, const QString &path, int node,
               const QByteArray &body = {}) const;
    QJsonObject nodesOver(int node) const;

    QScopedPointer<EmulatorHarness> harness;
    SlimFaasEmulator *emulator = nullptr;
    QList<QPair<QString, QString>> raised; // code, message
};

void tst_EmulatorNodes::init()
{
    harness.reset(new EmulatorHarness);
    emulator = harness->emulator();
    emulator->setNodeCount(3);
    connect(emulator, &SlimFaasEmulator::warningRaised, this,
            [this](const QString &code, const QString &, const QString &message) {
                raised.append({ code, message });
            });
    QVERIFY2(harness->start(), qPrintable(emulator->errorString()));
}

void tst_EmulatorNodes::cleanup()
{
    harness.reset();
    emulator = nullptr;
    raised.clear();
}

QStringList tst_EmulatorNodes::warnings(const QString &code) const
{
    QStringList messages;
    for (const auto &[each, message] : raised) {
        if (each == code)
            messages.append(message);
    }
    return messages;
}

int tst_EmulatorNodes::status(const QByteArray &verb, const QString &path, int node,
                              const QByteArray &body) const
{
    return EmulatorHarness::statusOf(harness->call(verb, path, body, {}, node));
}

QJsonObject tst_EmulatorNodes::nodesOver(int node) const
{
    QNetworkReply *reply = harness->call("GET", QStringLiteral("/emulator/nodes"), {}, {}, node);
    if (EmulatorHarness::statusOf(reply) != 200)
        return {};
    return QJsonDocument::fromJson(reply->readAll()).object();
}

// A function connected to one node, not the master: its async requests are accepted there
// but never delivered, with a warning, until that node becomes the master.
void tst_EmulatorNodes::asyncWaitsForTheMasterThenFailover()
{
    QCOMPARE(emulator->masterNode(), 0);
    RawFunction *job = harness->function(SlimFaasFunctionConfig(QStringLiteral("job")), 1);
    QCOMPARE(emulator->replicas(QStringLiteral("job"), 1), 1);
    QCOMPARE(warnings(QStringLiteral("function-not-on-master")).size(), 1);
    QVERIFY(warnings(QStringLiteral("function-not-on-master"))
                    .first()
                    .contains(QLatin1String("node 0, the master")));

    QCOMPARE(status("POST", QStringLiteral("/async-function/job/a"), 1, "1"), 202);
    QCOMPARE(status("POST", QStringLiteral("/async-function/job/b"), 1, "2"), 202);
    // The other nodes do not know it.
    QCOMPARE(status("POST", QStringLiteral("/async-function/job/c"), 0, "3"), 404);
    QCOMPARE(status("POST", QStringLiteral("/async-function/job/c"), 2, "3"), 404);
    QTest::qWait(300);
    QCOMPARE(job->requests().size(), 0);
    QCOMPARE(emulator->queueLength(QStringLiteral("job")), 2);

    QSignalSpy moved(emulator, &SlimFaasEmulator::masterNodeChanged);
    QSignalSpy completed(emulator, &SlimFaasEmulator::asyncRequestCompleted);
    QNetworkReply *reply = harness->call("POST", QStringLiteral("/emulator/master/1"), {}, {}, 2);
    QCOMPARE(EmulatorHarness::statusOf(reply), 200);
    const QJsonObject nodes = QJsonDocument::fromJson(reply->readAll()).object();
    QCOMPARE(nodes[QLatin1String("master")].toInt(), 1);
    QCOMPARE(moved.size(), 1);
    QCOMPARE(moved.first().first().toInt(), 1);
    QCOMPARE(emulator->masterNode(), 1);
    QTRY_COMPARE(job->requests().size(), 2);
    QCOMPARE(job->requests().at(0).path(), QStringLiteral("a"));
    QCOMPARE(job->requests().at(1).path(), QStringLiteral("b"));
    for (const SlimFaasAsyncRequest &request : job->requests())
        job->callback(request.elementId(), 200);
    QTRY_COMPARE(completed.size(), 2);
    QCOMPARE(completed.at(0).at(2).toInt(), 200);
    QCOMPARE(emulator->queueLength(QStringLiteral("job")), 0);
    // The leadership went to its node: nothing more to say of the master.
    QCOMPARE(warnings(QStringLiteral("function-not-on-master")).size(), 1);

    // Back to node 0: said again, and a new request waits.
    QVERIFY(emulator->setMasterNode(0));
    QCOMPARE(warnings(QStringLiteral("function-not-on-master")).size(), 2);
    QCOMPARE(status("POST", QStringLiteral("/async-function/job/d"), 1, "4"), 202);
    QTest::qWait(200);
    QCOMPARE(job->requests().size(), 2);
    QCOMPARE(emulator->queueLength(QStringLiteral("job")), 1);
}

// A sync call reaches the function only through the node it is connected to: 404 elsewhere,
// as SlimFaas answers a function it does not know, and a warning names the nodes.
void tst_EmulatorNodes::syncCallToAnotherNodeIs404()
{
    RawFunction *function = harness->function(SlimFaasFunctionConfig(QStringLiteral("fn")), 2);
    const QStringList partial = warnings(QStringLiteral("function-not-on-every-node"));
    QCOMPARE(partial.size(), 1);
    QVERIFY2(partial.first().contains(QLatin1String("node(s) 2 only")),
             qPrintable(partial.first()));
    QVERIFY2(partial.first().contains(QLatin1String("node(s) 0, 1 gets 404")),
             qPrintable(partial.first()));

    QCOMPARE(status("GET", QStringLiteral("/function/fn/x"), 0), 404);
    QCOMPARE(status("GET", QStringLiteral("/function/fn/x"), 1), 404);
    QCOMPARE(function->framesOf(MessageType::SyncRequestStart).size(), 0);

    connect(&function->socket, &QWebSocket::binaryMessageReceived, function,
            [function](const QByteArray &data) {
                const auto frame = SlimFaasProtocol::decodeFrame(data);
                if (!frame || frame->type != MessageType::SyncRequestEnd)
                    return;
                SlimFaasProtocol::SyncResponseHead head;
                head.statusCode = 200;
                function->sendFrame(MessageType::SyncResponseStart, frame->correlationId,
                                    SlimFaasProtocol::encodeSyncResponseHead(head));
                function->sendFrame(MessageType::SyncResponseChunk, frame->correlationId, "hi");
                function->sendFrame(MessageType::SyncResponseEnd, frame->correlationId, {},
                                    SlimFaasProtocol::FrameFlagEndOfStream);
            });
    QNetworkReply *reply = harness->call("GET", QStringLiteral("/function/fn/x"), {}, {}, 2);
    QCOMPARE(EmulatorHarness::statusOf(reply), 200);
    QCOMPARE(reply->readAll(), QByteArray("hi"));
    QCOMPARE(function->framesOf(MessageType::SyncRequestStart).size(), 1);

    // Connected to every node: reachable from each, and nothing more is said.
    harness->function(SlimFaasFunctionConfig(QStringLiteral("fn")), 0);
    QCOMPARE(warnings(QStringLiteral("function-not-on-every-node")).size(), 2);
    QVERIFY(warnings(QStringLiteral("function-not-on-every-node"))
                    .last()
                    .contains(QLatin1String("node(s) 0, 2 only")));
    harness->function(SlimFaasFunctionConfig(QStringLiteral("fn")), 1);
    QCOMPARE(warnings(QStringLiteral("function-not-on-every-node")).size(), 2);
    QCOMPARE(emulator->replicas(QStringLiteral("fn")), 3);
    QCOMPARE(emulator->replicas(QStringLiteral("fn"), 1), 1);
    // One leaves: said again.
    delete function;
    QTRY_COMPARE(emulator->replicas(QStringLiteral("fn")), 2);
    QCOMPARE(warnings(QStringLiteral("function-not-on-every-node")).size(), 3);
    QVERIFY(warnings(QStringLiteral("function-not-on-every-node"))
                    .last()
                    .contains(QLatin1String("node(s) 2 gets 404")));
}

// /status-functions and /status-function/<name> answer what the node knows.
void tst_EmulatorNodes::statusIsPerNode()
{
    harness->function(SlimFaasFunctionConfig(QStringLiteral("fn")), 1);
    harness->function(SlimFaasFunctionConfig(QStringLiteral("fn")), 1);
    harness->function(SlimFaasFunctionConfig(QStringLiteral("other")), 0);
    auto statuses = [this](int node) {
        QNetworkReply *reply
                = harness->call("GET", QStringLiteral("/status-functions"), {}, {}, node);
        if (EmulatorHarness::statusOf(reply) != 200)
            return QJsonArray{ QStringLiteral("failed") };
        // Written directly, byte for byte what QJsonDocument writes.
        const QByteArray body = reply->readAll();
        if (body != QJsonDocument(emulator->functionStatuses(node)).toJson(QJsonDocument::Compact))
            return QJsonArray{ QStringLiteral("not QJsonDocument's bytes"),
                               QString::fromUtf8(body) };
        return QJsonDocument::fromJson(body).array();
    };
    QCOMPARE(statuses(2), QJsonArray());
    const QJsonArray one = statuses(1);
    QCOMPARE(one.size(), 1);
    QCOMPARE(one.first()[QLatin1String("Name")].toString(), QStringLiteral("fn"));
    QCOMPARE(one.first()[QLatin1String("NumberReady")].toInt(), 2);
    QCOMPARE(statuses(0).size(), 1);
    QCOMPARE(statuses(1), emulator->functionStatuses(1));
    QCOMPARE(status("GET", QStringLiteral("/status-function/fn"), 0), 404);
    QCOMPARE(status("GET", QStringLiteral("/status-function/fn"), 1), 200);
    // The library's view over every node.
    QCOMPARE(emulator->registeredFunctions(),
             (QStringList{ QStringLiteral("fn"), QStringLiteral("other") }));
    QCOMPARE(emulator->registeredFunctions(2), QStringList());
    QCOMPARE(emulator->functionStatuses().size(), 2);
    // /emulator/functions is the same on every node, each pod with its node.
    QNetworkReply *reply = harness->call("GET", QStringLiteral("/emulator/functions"), {}, {}, 2);
    QCOMPARE(EmulatorHarness::statusOf(reply), 200);
    const QJsonArray details = QJsonDocument::fromJson(reply->readAll()).array();
    QCOMPARE(details.size(), 2);
    const QJsonArray pods = details.first()[QLatin1String("Pods")].toArray();
    QCOMPARE(pods.size(), 2);
    for (const QJsonValue &pod : pods) {
        QCOMPARE(pod[QLatin1String("Node")].toInt(), 1);
        QCOMPARE(emulator->connectionNode(pod[QLatin1String("ConnectionId")].toString()), 1);
    }
}

// An event is delivered by the node that received the publish, to its own connections.
void tst_EmulatorNodes::eventsStayOnTheirNode()
{
    SlimFaasFunctionConfig config(QStringLiteral("sub"));
    config.setSubscribeEvents(QStringList{ QStringLiteral("created") });
    RawFunction *onZero = harness->function(config, 0);
    RawFunction *onOne = harness->function(config, 1);
    QSignalSpy published(emulator, &SlimFaasEmulator::eventPublished);

    QCOMPARE(status("POST", QStringLiteral("/publish-event/created/a"), 0, "e"), 204);
    QTRY_COMPARE(onZero->of(MessageType::PublishEvent).size(), 1);
    QCOMPARE(status("POST", QStringLiteral("/publish-event/created/b"), 1, "e"), 204);
    QTRY_COMPARE(onOne->of(MessageType::PublishEvent).size(), 1);
    // No subscriber on node 2: 404, as SlimFaas answers an event nobody subscribed to.
    QCOMPARE(status("POST", QStringLiteral("/publish-event/created/c"), 2, "e"), 404);
    QTest::qWait(100);
    QCOMPARE(onZero->of(MessageType::PublishEvent).size(), 1);
    QCOMPARE(onOne->of(MessageType::PublishEvent).size(), 1);
    QCOMPARE(
            onZero->of(MessageType::PublishEvent).first().payload[QLatin1String("path")].toString(),
            QStringLiteral("a"));
    QCOMPARE(onOne->of(MessageType::PublishEvent).first().payload[QLatin1String("path")].toString(),
             QStringLiteral("b"));
    QCOMPARE(published.size(), 3);
    QCOMPARE(published.at(0).at(1).toInt(), 1);
    QCOMPARE(published.at(2).at(1).toInt(), 0);
}

// GET /emulator/nodes on any node: every node, its URLs, the master, its connections.
void tst_EmulatorNodes::nodesRouteListsEveryNode()
{
    RawFunction *a = harness->function(SlimFaasFunctionConfig(QStringLiteral("a")), 0);
    RawFunction *b = harness->function(SlimFaasFunctionConfig(QStringLiteral("b")), 2);
    RawFunction *idle = new RawFunction(emulator->webSocketUrl(2), harness.data());
    QVERIFY(idle->waitConnected());
    QTRY_COMPARE(emulator->nodeDetails()[QLatin1String("nodes")][2][QLatin1String("connections")]
                         .toInt(),
                 2);
    auto idOf = [](RawFunction *raw) {
        return raw->of(MessageType::RegisterResponse)
                .first()
                .payload[QLatin1String("connectionId")]
                .toString();
    };
    for (int over = 0; over < 3; ++over) {
        const QJsonObject details = nodesOver(over);
        QCOMPARE(details, emulator->nodeDetails());
        QCOMPARE(details[QLatin1String("master")].toInt(), 0);
        const QJsonArray nodes = details[QLatin1String("nodes")].toArray();
        QCOMPARE(nodes.size(), 3);
        for (int node = 0; node < 3; ++node) {
            const QJsonObject entry = nodes.at(node).toObject();
            QCOMPARE(entry[QLatin1String("node")].toInt(), node);
            QCOMPARE(entry[QLatin1String("master")].toBool(), node == 0);
            QCOMPARE(QUrl(entry[QLatin1String("webSocketUrl")].toString()),
                     emulator->webSocketUrl(node));
            QCOMPARE(QUrl(entry[QLatin1String("httpUrl")].toString()), emulator->httpUrl(node));
        }
        QCOMPARE(nodes.at(0)[QLatin1String("connections")].toInt(), 1);
        QCOMPARE(nodes.at(1)[QLatin1String("connections")].toInt(), 0);
        QCOMPARE(nodes.at(2)[QLatin1String("connections")].toInt(), 2);
        QCOMPARE(nodes.at(1)[QLatin1String("functions")].toArray(), QJsonArray());
        const QJsonArray onZero = nodes.at(0)[QLatin1String("functions")].toArray();
        QCOMPARE(onZero.size(), 1);
        QCOMPARE(onZero.first()[QLatin1String("name")].toString(), QStringLiteral("a"));
        QCOMPARE(onZero.first()[QLatin1String("connectionIds")].toArray(), QJsonArray{ idOf(a) });
        const QJsonArray onTwo = nodes.at(2)[QLatin1String("functions")].toArray();
        QCOMPARE(onTwo.size(), 1);
        QCOMPARE(onTwo.first()[QLatin1String("connectionIds")].toArray(), QJsonArray{ idOf(b) });
    }
    // Six distinct ports.
    QSet<quint16> ports;
    for (int node = 0; node < 3; ++node)
        ports << emulator->webSocketPort(node) << emulator->httpPort(node);
    QCOMPARE(ports.size(), 6);
    QVERIFY(!ports.contains(0));
    QCOMPARE(emulator->webSocketUrl(), emulator->webSocketUrl(0));
    QCOMPARE(emulator->httpPort(3), quint16(0));
    QCOMPARE(emulator->connectionNode(idOf(b)), 2);
    QCOMPARE(emulator->connectionNode(QStringLiteral("nobody")), -1);

    // The node of each connection, for whoever watches the messages.
    QObject context;
    QList<int> seen;
    connect(emulator, &SlimFaasEmulator::messageExchanged, &context,
            [&](const QString &connectionId) {
                seen.append(emulator->connectionNode(connectionId));
            });
    QCOMPARE(status("POST", QStringLiteral("/async-function/a/x"), 0), 202);
    QTRY_COMPARE(a->requests().size(), 1);
    QCOMPARE(seen, QList<int>{ 0 });
    // Until connectionClosed, a closed connection still tells its node.
    int closedOn = -2;
    connect(emulator, &SlimFaasEmulator::connectionClosed, &context,
            [&](const QString &, const QString &id) { closedOn = emulator->connectionNode(id); });
    delete b;
    QTRY_COMPARE(closedOn, 2);
    QCOMPARE(emulator->connectionNode(idOf(a)), 0);
}

void tst_EmulatorNodes::masterRouteRefusesBadNodes()
{
    QSignalSpy moved(emulator, &SlimFaasEmulator::masterNodeChanged);
    QCOMPARE(status("POST", QStringLiteral("/emulator/master/3"), 0), 404);
    QCOMPARE(status("POST", QStringLiteral("/emulator/master/-1"), 0), 404);
    QCOMPARE(status("POST", QStringLiteral("/emulator/master/two"), 0), 400);
    QCOMPARE(status("GET", QStringLiteral("/emulator/master/2"), 0), 405);
    QCOMPARE(status("POST", QStringLiteral("/emulator/nodes"), 0), 405);
    QVERIFY(!emulator->setMasterNode(3));
    QCOMPARE(moved.size(), 0);
    QCOMPARE(emulator->masterNode(), 0);
    // The same node again: nothing moves.
    QCOMPARE(status("POST", QStringLiteral("/emulator/master/0"), 1), 200);
    QCOMPARE(moved.size(), 0);
    QCOMPARE(status("POST", QStringLiteral("/emulator/master/2"), 1), 200);
    QCOMPARE(moved.size(), 1);
    QCOMPARE(nodesOver(0)[QLatin1String("master")].toInt(), 2);
}

// A failover: the former master stops waiting for the tries it sent (their callbacks are
// dropped, and the queue records 504 at its timeout), the new one takes the queue on.
void tst_EmulatorNodes::failoverDropsTheFormerMastersTries()
{
    harness.reset();
    raised.clear();
    harness.reset(new EmulatorHarness);
    emulator = harness->emulator();
    emulator->setNodeCount(2);
    emulator->setAsyncTimeout(300);
    QVERIFY(harness->start());
    RawFunction *first = harness->function(SlimFaasFunctionConfig(QStringLiteral("job")), 0);
    RawFunction *second = harness->function(SlimFaasFunctionConfig(QStringLiteral("job")), 1);
    QSignalSpy completed(emulator, &SlimFaasEmulator::asyncRequestCompleted);
    QSignalSpy rejected(emulator, &SlimFaasEmulator::messageRejected);
    QCOMPARE(status("POST", QStringLiteral("/async-function/job/early"), 1), 202);
    QTRY_COMPARE(first->requests().size(), 1);
    QCOMPARE(harness->activeRequests(QStringLiteral("job")), 1);

    QVERIFY(emulator->setMasterNode(1));
    QCOMPARE(harness->activeRequests(QStringLiteral("job")), 0);
    first->callback(first->requests().first().elementId(), 200);
    QTRY_COMPARE(rejected.size(), 1);
    QCOMPARE(completed.size(), 0);
    QCOMPARE(status("POST", QStringLiteral("/async-function/job/late"), 0), 202);
    QTRY_COMPARE(second->requests().size(), 1);
    QCOMPARE(second->requests().first().path(), QStringLiteral("late"));
    second->callback(second->requests().first().elementId(), 200);
    QTRY_COMPARE(completed.size(), 1);
    QCOMPARE(completed.first().at(2).toInt(), 200);
    // The abandoned try runs past its timeout: recorded 504 at a dequeue.
    QTRY_COMPARE_WITH_TIMEOUT(completed.size(), 2, 10000);
    QCOMPARE(completed.at(1).at(1).toString(), first->requests().first().elementId());
    QCOMPARE(completed.at(1).at(2).toInt(), 504);
    QCOMPARE(first->requests().size(), 1);
}

// With fixed ports, node k listens on the given ports plus k.
void tst_EmulatorNodes::fixedPortsAreConsecutive()
{
    harness.reset();
    bool started = false;
    QString errors;
    // Below Linux's ephemeral ports (32768 and up), which outgoing connections take.
    for (int attempt = 0; attempt < 10 && !started; ++attempt) {
        const quint16 base = quint16(20000 + QRandomGenerator::global()->bounded(10000));
        harness.reset(new EmulatorHarness);
        emulator = harness->emulator();
        emulator->setNodeCount(3);
        emulator->setWebSocketPort(base);
        emulator->setHttpPort(base + 3);
        started = harness->start();
        if (!started) {
            errors += emulator->errorString() + QLatin1Char('\n');
            continue;
        }
        for (int node = 0; node < 3; ++node) {
            QCOMPARE(emulator->webSocketPort(node), quint16(base + node));
            QCOMPARE(emulator->httpPort(node), quint16(base + 3 + node));
        }
    }
    QVERIFY2(started, qPrintable(errors));
    // A port past 65535 is refused.
    harness.reset(new EmulatorHarness);
    emulator = harness->emulator();
    emulator->setNodeCount(3);
    emulator->setWebSocketPort(65535);
    QVERIFY(!harness->start());
    QVERIFY2(emulator->errorString().contains(QLatin1String("65535 to 65537")),
             qPrintable(emulator->errorString()));
    QVERIFY(!emulator->isRunning());
}

// One node is one server: nothing to say of nodes, and node 0 is everything.
void tst_EmulatorNodes::oneNodeWarnsOfNoNode()
{
    harness.reset();
    raised.clear();
    harness.reset(new EmulatorHarness);
    emulator = harness->emulator();
    connect(emulator, &SlimFaasEmulator::warningRaised, this,
            [this](const QString &code, const QString &, const QString &message) {
                raised.append({ code, message });
            });
    QVERIFY(harness->start());
    QCOMPARE(emulator->nodeCount(), 1);
    harness->function(SlimFaasFunctionConfig(QStringLiteral("job")));
    QCOMPARE(raised.size(), 0);
    const QJsonObject details = nodesOver(0);
    QCOMPARE(details[QLatin1String("nodes")].toArray().size(), 1);
    QCOMPARE(details[QLatin1String("nodes")][0][QLatin1String("master")].toBool(), true);
    QCOMPARE(emulator->functionStatuses(), emulator->functionStatuses(0));
    QCOMPARE(status("POST", QStringLiteral("/emulator/master/1"), 0), 404);
}

// restartNode(): the node's connections drop, as its process restarting would drop them;
// its ports stay, the other nodes keep theirs.
void tst_EmulatorNodes::restartedNodeDropsItsConnectionsOnly()
{
    QSignalSpy registered(emulator, &SlimFaasEmulator::functionRegistered);
    RawFunction *functions[3];
    for (int node = 0; node < 3; ++node)
        functions[node] = harness->function(SlimFaasFunctionConfig(QStringLiteral("fn")), node);
    QCOMPARE(registered.size(), 3);
    const QString restartedId = registered.at(1).at(1).toString();
    QCOMPARE(emulator->connectionNode(restartedId), 1);

    // A sync call in flight on the restarted node gets what a dropped connection gives.
    QNetworkReply *reply = harness->call("POST", QStringLiteral("/function/fn/x"), "b", {}, 1);
    QTRY_COMPARE(functions[1]->framesOf(MessageType::SyncRequestStart).size(), 1);
    QSignalSpy closed(emulator, &SlimFaasEmulator::connectionClosed);
    const qsizetype partial = warnings(QStringLiteral("function-not-on-every-node")).size();
    QVERIFY(emulator->restartNode(1));
    QCOMPARE(closed.size(), 1);
    QCOMPARE(closed.first().at(1).toString(), restartedId);
    QCOMPARE(emulator->replicas(QStringLiteral("fn"), 1), 0);
    QCOMPARE(emulator->replicas(QStringLiteral("fn"), 0), 1);
    QCOMPARE(emulator->replicas(QStringLiteral("fn"), 2), 1);
    QCOMPARE(EmulatorHarness::statusOf(reply), 503);
    QTRY_COMPARE(functions[1]->socket.state(), QAbstractSocket::UnconnectedState);
    QCOMPARE(functions[0]->socket.state(), QAbstractSocket::ConnectedState);
    QCOMPARE(functions[2]->socket.state(), QAbstractSocket::ConnectedState);
    const QStringList said = warnings(QStringLiteral("function-not-on-every-node"));
    QCOMPARE(said.size(), partial + 1);
    QVERIFY2(said.last().contains(QLatin1String("node(s) 0, 2 only")), qPrintable(said.last()));

    // The same URL takes the function back.
    harness->function(SlimFaasFunctionConfig(QStringLiteral("fn")), 1);
    QCOMPARE(emulator->replicas(QStringLiteral("fn"), 1), 1);
    QCOMPARE(registered.size(), 4);
    QCOMPARE(closed.size(), 1);

    QVERIFY(!emulator->restartNode(3));
    QVERIFY(!emulator->restartNode(-1));
    emulator->stop();
    QVERIFY(!emulator->restartNode(0));
}

QTEST_MAIN(tst_EmulatorNodes)
#include "tst_emulatornodes.moc"
