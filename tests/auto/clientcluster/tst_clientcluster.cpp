// SPDX-License-Identifier: MIT
// SlimFaasClient against one emulator running three SlimFaas nodes (docs/protocol.md §11):
// sync calls and events reach the connections of the node that received them, async
// requests go out from the master only, to its own connections, and the master can move.

#include <emulatorharness.h>

#include <slimfaasclient.h>

#include <QtCore/qscopedpointer.h>
#include <QtCore/qthread.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

class tst_ClientCluster : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void syncCallsFromEveryNode();
    void asyncRequestsFromWhicheverIsMaster();
    void eventsOnceEach();
    void singleUrlWaitsForTheMaster();
    void restartedNodeIsFollowedAlone();

private:
    SlimFaasClient *newClient(const QList<QUrl> &urls);
    QList<QUrl> nodeUrls() const;
    // The connection id of the last registration of "f" on that node.
    QString registeredId(int node) const
    {
        return m_registrations.value(node).value(m_registrations.value(node).size() - 1);
    }
    // Posts an async request to a node, true when the node accepted it (202).
    bool postAsync(int node, const QString &path) const;

    static constexpr int NodeCount = 3;
    QScopedPointer<EmulatorHarness> m_harness;
    SlimFaasEmulator *m_emulator = nullptr;
    QScopedPointer<QObject> m_scope;
    QHash<int, QStringList> m_registrations; // node -> connection ids, in order
    QHash<QString, int> m_completed;         // elementId -> final status
};

void tst_ClientCluster::init()
{
    m_harness.reset(new EmulatorHarness);
    m_emulator = m_harness->emulator();
    m_emulator->setNodeCount(NodeCount);
    m_scope.reset(new QObject);
    connect(m_emulator, &SlimFaasEmulator::functionRegistered, m_scope.get(),
            [this](const QString &, const QString &connectionId) {
                m_registrations[m_emulator->connectionNode(connectionId)].append(connectionId);
            });
    connect(m_emulator, &SlimFaasEmulator::asyncRequestCompleted, m_scope.get(),
            [this](const QString &, const QString &elementId, int statusCode) {
                m_completed.insert(elementId, statusCode);
            });
    QVERIFY2(m_harness->start(), qPrintable(m_emulator->errorString()));
}

void tst_ClientCluster::cleanup()
{
    m_scope.reset(); // the clients first, then the emulator they are connected to
    m_harness.reset();
    m_emulator = nullptr;
    m_registrations.clear();
    m_completed.clear();
}

QList<QUrl> tst_ClientCluster::nodeUrls() const
{
    QList<QUrl> urls;
    for (int node = 0; node < NodeCount; ++node)
        urls.append(m_emulator->webSocketUrl(node));
    return urls;
}

SlimFaasClient *tst_ClientCluster::newClient(const QList<QUrl> &urls)
{
    auto *client = new SlimFaasClient(m_scope.get());
    SlimFaasFunctionConfig config(QStringLiteral("f"));
    config.setNumberParallelRequest(100);
    config.setNumberParallelRequestPerPod(100);
    config.setSubscribeEvents(QStringList{ QStringLiteral("ev") });
    client->setFunctionConfig(config);
    client->setNodeUrls(urls);
    client->setMinimumReconnectDelay(20);
    client->setMaximumReconnectDelay(200);
    return client;
}

bool tst_ClientCluster::postAsync(int node, const QString &path) const
{
    return EmulatorHarness::statusOf(m_harness->call(
                   "POST", QStringLiteral("/async-function/f/") + path, {}, {}, node))
            == 202;
}

void tst_ClientCluster::syncCallsFromEveryNode()
{
    SlimFaasClient *client = newClient(nodeUrls());
    client->setSyncRequestHandler([client](SlimFaasSyncRequest *request) {
        QObject::connect(request, &SlimFaasSyncRequest::finished, request, &QObject::deleteLater);
        QObject::connect(request, &SlimFaasSyncRequest::cancelled, request, &QObject::deleteLater);
        request->respond(200, {}, client->currentNode().toString().toUtf8());
    });
    client->open();
    QTRY_COMPARE(client->registeredNodeCount(), NodeCount);
    for (int node = 0; node < NodeCount; ++node)
        QCOMPARE(m_emulator->replicas(QStringLiteral("f"), node), 1);
    const QStringList warned = m_harness->warningCodes();
    for (int round = 0; round < 2; ++round) {
        for (int node = 0; node < NodeCount; ++node) {
            QNetworkReply *reply
                    = m_harness->call("POST", QStringLiteral("/function/f/x"), "body", {}, node);
            QCOMPARE(EmulatorHarness::statusOf(reply), 200);
            // Answered through the connection of the node that was called.
            QCOMPARE(reply->readAll(), nodeUrls().at(node).toString().toUtf8());
        }
    }
    QCOMPARE(client->openSyncRequestCount(), 0);
    QCOMPARE(m_harness->warningCodes(), warned); // on every node: nothing to warn of
}

// Whichever node an async request is posted to, the master dispatches it to its own
// connection: the client answers there, also after the master moved, by the library's call
// and by POST /emulator/master/<node>.
void tst_ClientCluster::asyncRequestsFromWhicheverIsMaster()
{
    SlimFaasClient *client = newClient(nodeUrls());
    QHash<QString, int> received; // path -> times
    QHash<QString, QUrl> from;    // path -> node that delivered it
    QHash<QString, QString> over; // path -> connection id it came over
    QList<SlimFaasAsyncRequest> deferred;
    client->setAsyncRequestHandler([&](const SlimFaasAsyncRequest &request) {
        ++received[request.path()];
        from.insert(request.path(), client->currentNode());
        over.insert(request.path(), request.connectionId());
        if (request.path() == QLatin1String("threaded")) {
            deferred.append(request);
            return SlimFaasClient::DeferredStatus;
        }
        return 200;
    });
    client->open();
    QTRY_COMPARE(client->registeredNodeCount(), NodeCount);
    const QList<QUrl> urls = nodeUrls();

    auto round = [&](int master) {
        for (int node = 0; node < NodeCount; ++node) {
            const QString path = QStringLiteral("m%1-n%2").arg(master).arg(node);
            QVERIFY(postAsync(node, path));
            QTRY_COMPARE(received.value(path), 1);
            QCOMPARE(from.value(path), urls.at(master));
            QCOMPARE(over.value(path), client->nodeConnectionId(urls.at(master)));
        }
        QTRY_COMPARE(m_completed.size(), (master + 1) * NodeCount);
    };
    QCOMPARE(m_emulator->masterNode(), 0);
    round(0);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(m_emulator->setMasterNode(1));
    round(1);
    if (QTest::currentTestFailed())
        return;
    QNetworkReply *moved = m_harness->call("POST", QStringLiteral("/emulator/master/2"), {}, {}, 0);
    QCOMPARE(EmulatorHarness::statusOf(moved), 200);
    QCOMPARE(m_emulator->masterNode(), 2);
    round(2);
    if (QTest::currentTestFailed())
        return;

    // Answered from another thread: queued to the client's thread, then to the master's
    // connection that delivered it.
    QVERIFY(postAsync(0, QStringLiteral("threaded")));
    QTRY_COMPARE(deferred.size(), 1);
    QCOMPARE(from.value(QStringLiteral("threaded")), urls.at(2));
    bool accepted = false;
    QThread *thread
            = QThread::create([&] { accepted = client->sendCallback(deferred.first(), 201); });
    thread->start();
    QVERIFY(thread->wait(5000));
    delete thread;
    QVERIFY(accepted);
    QTRY_COMPARE(m_completed.value(deferred.first().elementId()), 201);
    m_completed.remove(deferred.first().elementId());
    received.remove(QStringLiteral("threaded"));

    QTest::qWait(200); // nothing comes twice
    QCOMPARE(received.size(), 3 * NodeCount);
    for (auto it = received.cbegin(); it != received.cend(); ++it)
        QCOMPARE(it.value(), 1);
    for (auto it = m_completed.cbegin(); it != m_completed.cend(); ++it)
        QCOMPARE(it.value(), 200);
    QCOMPARE(client->pendingRequestCount(), 0);
    // The client's connections stayed as they were.
    for (int node = 0; node < NodeCount; ++node)
        QCOMPARE(m_registrations.value(node).size(), 1);
}

void tst_ClientCluster::eventsOnceEach()
{
    SlimFaasClient *client = newClient(nodeUrls());
    QList<QUrl> from;
    QStringList paths;
    connect(client, &SlimFaasClient::publishEventReceived, m_scope.get(),
            [&](const SlimFaasPublishEvent &event) {
                from.append(client->currentNode());
                paths.append(event.path());
            });
    client->open();
    QTRY_COMPARE(client->registeredNodeCount(), NodeCount);
    const QList<int> publishedOn{ 2, 0, 1, 1 };
    for (int i = 0; i < publishedOn.size(); ++i) {
        QCOMPARE(EmulatorHarness::statusOf(
                         m_harness->call("POST", QStringLiteral("/publish-event/ev/e%1").arg(i), {},
                                         {}, publishedOn.at(i))),
                 204);
    }
    QTRY_COMPARE(from.size(), publishedOn.size());
    QTest::qWait(200); // nothing more comes
    QCOMPARE(from.size(), publishedOn.size());
    for (int i = 0; i < publishedOn.size(); ++i) {
        QCOMPARE(paths.at(i), QStringLiteral("e%1").arg(i));
        QCOMPARE(from.at(i), nodeUrls().at(publishedOn.at(i)));
    }
}

// The trap a single URL falls into: connected to a node that is not the master, its async
// requests are accepted and wait until the leadership moves to its node.
void tst_ClientCluster::singleUrlWaitsForTheMaster()
{
    SlimFaasClient *client = newClient({ m_emulator->webSocketUrl(1) });
    QStringList received;
    client->setAsyncRequestHandler([&](const SlimFaasAsyncRequest &request) {
        received.append(request.path());
        return 200;
    });
    client->open();
    QTRY_COMPARE(client->state(), SlimFaasClient::Ready);
    QCOMPARE(client->registeredNodeCount(), 1);
    QCOMPARE(m_emulator->replicas(QStringLiteral("f"), 1), 1);
    QVERIFY(m_harness->warningCodes().contains(QStringLiteral("function-not-on-master")));
    QVERIFY(postAsync(1, QStringLiteral("a")));
    QVERIFY(postAsync(1, QStringLiteral("b")));
    QTest::qWait(300);
    QVERIFY(received.isEmpty());
    QCOMPARE(m_emulator->queueLength(QStringLiteral("f")), 2);

    QCOMPARE(EmulatorHarness::statusOf(
                     m_harness->call("POST", QStringLiteral("/emulator/master/1"), {}, {}, 2)),
             200);
    QTRY_COMPARE(received, (QStringList{ QStringLiteral("a"), QStringLiteral("b") }));
    QTRY_COMPARE(m_completed.size(), 2);
    QCOMPARE(m_emulator->queueLength(QStringLiteral("f")), 0);
}

// restartNode(): that node's connection drops and comes back; the others are the same
// connections, with no new registration.
void tst_ClientCluster::restartedNodeIsFollowedAlone()
{
    SlimFaasClient *client = newClient(nodeUrls());
    client->open();
    QTRY_COMPARE(client->registeredNodeCount(), NodeCount);
    const QList<QUrl> urls = nodeUrls();
    const QString firstId = client->nodeConnectionId(urls.at(0));
    const QString lastId = client->nodeConnectionId(urls.at(2));
    QCOMPARE(firstId, registeredId(0));
    QCOMPARE(lastId, registeredId(2));
    QSignalSpy registered(client, &SlimFaasClient::nodeRegistered);
    QSignalSpy lost(client, &SlimFaasClient::nodeLost);
    QSignalSpy ready(client, &SlimFaasClient::ready);
    QSignalSpy states(client, &SlimFaasClient::stateChanged);

    for (int restart = 0; restart < 3; ++restart) {
        const QString before = client->nodeConnectionId(urls.at(1));
        QVERIFY(m_emulator->restartNode(1));
        QTRY_COMPARE(lost.size(), restart + 1);
        QCOMPARE(lost.last().at(0).toUrl(), urls.at(1));
        QTRY_COMPARE(client->registeredNodeCount(), NodeCount);
        QCOMPARE(registered.size(), restart + 1);
        QCOMPARE(registered.last().at(0).toUrl(), urls.at(1));
        QCOMPARE(client->nodeConnectionId(urls.at(1)), registeredId(1));
        QVERIFY(client->nodeConnectionId(urls.at(1)) != before);
        QCOMPARE(m_registrations.value(1).size(), restart + 2);
    }
    QCOMPARE(m_registrations.value(0).size(), 1);
    QCOMPARE(m_registrations.value(2).size(), 1);
    QCOMPARE(client->nodeConnectionId(urls.at(0)), firstId);
    QCOMPARE(client->nodeConnectionId(urls.at(2)), lastId);
    QCOMPARE(ready.size(), 0);
    QCOMPARE(states.size(), 0); // Ready throughout: two nodes were
    for (int node = 0; node < NodeCount; ++node)
        QCOMPARE(m_emulator->replicas(QStringLiteral("f"), node), 1);

    // The restarted node serves the client again.
    client->setSyncRequestHandler([](SlimFaasSyncRequest *request) {
        QObject::connect(request, &SlimFaasSyncRequest::finished, request, &QObject::deleteLater);
        request->respond(200, {}, "back");
    });
    QNetworkReply *reply = m_harness->call("POST", QStringLiteral("/function/f/x"), {}, {}, 1);
    QCOMPARE(EmulatorHarness::statusOf(reply), 200);
    QCOMPARE(reply->readAll(), QByteArray("back"));
}

QTEST_GUILESS_MAIN(tst_ClientCluster)
#include "tst_clientcluster.moc"
