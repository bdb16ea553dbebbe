// SPDX-License-Identifier: MIT
// SlimFaasClient against several SlimFaas nodes (docs/protocol.md §11): each node is an
// emulator of its own, with its own registry, which is what a node sees of sync calls and
// events; the async requests a node dispatches here are those its own queue holds, as the
// master's would be. The client keeps one registered connection per node, and every answer
// goes back on the connection that delivered its request.

#include <emulatorharness.h>
#include <measuredprocess.h>

#include <slimfaasclient.h>
#include <slimfaasclient_p.h>

#include <QtCore/qdir.h>
#include <QtCore/qthread.h>
#include <QtCore/qtimer.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>
#include <QtWebSockets/qwebsocket.h>

#include <malloc.h>

using SlimFaasProtocol::MessageType;

class tst_ClientNodes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void registersOnEveryNode();
    void syncCallsFromEveryNode();
    void syncCancelGoesToItsNode();
    void asyncRequestsAnsweredOnTheirNode();
    void eventsOncePerNode();
    void restartedNodeIsFollowedAlone();
    void answerForALostNodeIsStale();
    void nodeUrlsChangeOnOpenClient();
    void refusalOnOneNodeStopsEveryNode();
    void refusedNodeRetriesAlone();
    void everyAddressFollowsTheAddresses();
    void removedAddressAbandonsItsRequests();
    void lostConnectionLooksAgain();
    void unresolvableNameIsReported();

private:
    // The nodes: started emulators on free ports, or on one port at several loopback
    // addresses (a headless Service's pods). The checks only need each node's WebSocket URL
    // (nodeUrls()), a way to call it (EmulatorHarness::call()) and what it recorded, so that
    // an emulator running several nodes in one process can stand in for the list
    // (tests/auto/clientcluster does, with the master's dispatch and restartNode()).
    bool startNodes(int count, const QList<QHostAddress> &addresses = {}, quint16 port = 0);
    QList<QUrl> nodeUrls() const;
    SlimFaasClient *newClient(const QList<QUrl> &urls);
    static SlimFaasFunctionConfig config();
    // The connection id a node gave its last accepted registration of "f".
    QString registeredId(int node) const;
    int callbacksOn(int node) const { return m_callbacks.value(node); }
    static int openDescriptors();

    QObject *m_scope = nullptr;
    QList<EmulatorHarness *> m_nodes;
    QHash<int, QStringList> m_registrations; // node -> connection ids, in order
    QHash<int, int> m_callbacks;             // node -> AsyncCallback messages received
    QHash<int, QList<int>> m_completed;      // node -> final statuses of async requests
};

void tst_ClientNodes::init()
{
    m_scope = new QObject;
    m_nodes.clear();
    m_registrations.clear();
    m_callbacks.clear();
    m_completed.clear();
}

void tst_ClientNodes::cleanup()
{
    delete m_scope;
    m_scope = nullptr;
    m_nodes.clear();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
}

bool tst_ClientNodes::startNodes(int count, const QList<QHostAddress> &addresses, quint16 port)
{
    for (int i = 0; i < count; ++i) {
        auto *harness = new EmulatorHarness(m_scope);
        SlimFaasEmulator *emulator = harness->emulator();
        if (!addresses.isEmpty()) {
            emulator->setListenAddress(addresses.at(i));
            emulator->setWebSocketPort(port);
        }
        connect(emulator, &SlimFaasEmulator::functionRegistered, m_scope,
                [this, i](const QString &, const QString &connectionId) {
                    m_registrations[i].append(connectionId);
                });
        connect(emulator, &SlimFaasEmulator::messageReceived, m_scope,
                [this, i](const QString &, MessageType type) {
                    if (type == MessageType::AsyncCallback)
                        ++m_callbacks[i];
                });
        connect(emulator, &SlimFaasEmulator::asyncRequestCompleted, m_scope,
                [this, i](const QString &, const QString &, int statusCode) {
                    m_completed[i].append(statusCode);
                });
        if (!harness->start()) {
            qWarning("node %d: %s", i, qPrintable(emulator->errorString()));
            return false;
        }
        m_nodes.append(harness);
    }
    return true;
}

QList<QUrl> tst_ClientNodes::nodeUrls() const
{
    QList<QUrl> urls;
    for (const EmulatorHarness *node : m_nodes)
        urls.append(node->emulator()->webSocketUrl());
    return urls;
}

SlimFaasFunctionConfig tst_ClientNodes::config()
{
    SlimFaasFunctionConfig config(QStringLiteral("f"));
    config.setNumberParallelRequest(1000);
    config.setNumberParallelRequestPerPod(1000);
    config.setSubscribeEvents(QStringList{ QStringLiteral("ev") });
    return config;
}

SlimFaasClient *tst_ClientNodes::newClient(const QList<QUrl> &urls)
{
    auto *client = new SlimFaasClient(m_scope);
    client->setFunctionConfig(config());
    client->setNodeUrls(urls);
    client->setMinimumReconnectDelay(20);
    client->setMaximumReconnectDelay(200);
    client->setCallbackTimeout(10000);
    return client;
}

QString tst_ClientNodes::registeredId(int node) const
{
    return m_registrations.value(node).value(m_registrations.value(node).size() - 1);
}

int tst_ClientNodes::openDescriptors()
{
    return int(QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::NoDotAndDotDot).size());
}

void tst_ClientNodes::registersOnEveryNode()
{
    QVERIFY(startNodes(3));
    SlimFaasClient *client = newClient(nodeUrls());
    QCOMPARE(client->nodes(), nodeUrls());
    QCOMPARE(client->url(), nodeUrls().first());
    QSignalSpy registered(client, &SlimFaasClient::nodeRegistered);
    QSignalSpy ready(client, &SlimFaasClient::ready);
    QSignalSpy count(client, &SlimFaasClient::registeredNodeCountChanged);
    client->open();
    QTRY_COMPARE(client->registeredNodeCount(), 3);
    QCOMPARE(client->state(), SlimFaasClient::Ready);
    QCOMPARE(ready.size(), 1); // when the first node registered
    QCOMPARE(count.size(), 3);
    QCOMPARE(count.last().at(0).toInt(), 3);
    QCOMPARE(registered.size(), 3);
    QList<QUrl> seen;
    for (int i = 0; i < 3; ++i) {
        const QUrl url = registered.at(i).at(0).toUrl();
        const int node = int(nodeUrls().indexOf(url));
        QVERIFY2(node >= 0, qPrintable(url.toString()));
        QVERIFY(!seen.contains(url));
        seen.append(url);
        // The node's id for this connection is the one the node gave.
        QCOMPARE(registered.at(i).at(1).toString(), registeredId(node));
        QCOMPARE(client->nodeConnectionId(url), registeredId(node));
        QCOMPARE(client->nodeState(url), SlimFaasClient::Ready);
        QCOMPARE(m_nodes.at(node)->emulator()->replicas(QStringLiteral("f")), 1);
    }
    QCOMPARE(client->connectionId(), registeredId(0)); // the first node's
    QCOMPARE(client->nodeState(QUrl(QStringLiteral("ws://127.0.0.1:1/ws"))),
             SlimFaasClient::Disconnected);

    QSignalSpy lost(client, &SlimFaasClient::nodeLost);
    client->close();
    QCOMPARE(client->state(), SlimFaasClient::Disconnected);
    QCOMPARE(client->registeredNodeCount(), 0);
    QCOMPARE(lost.size(), 3);
    for (const EmulatorHarness *node : std::as_const(m_nodes))
        QTRY_COMPARE(node->emulator()->replicas(QStringLiteral("f")), 0);
}

void tst_ClientNodes::syncCallsFromEveryNode()
{
    QVERIFY(startNodes(3));
    SlimFaasClient *client = newClient(nodeUrls());
    // The answer names the node the call came through.
    client->setSyncRequestHandler([client](SlimFaasSyncRequest *request) {
        QObject::connect(request, &SlimFaasSyncRequest::finished, request, &QObject::deleteLater);
        QObject::connect(request, &SlimFaasSyncRequest::cancelled, request, &QObject::deleteLater);
        request->respond(200, {}, client->currentNode().toString().toUtf8());
    });
    client->open();
    QTRY_COMPARE(client->registeredNodeCount(), 3);
    for (int round = 0; round < 3; ++round) {
        for (int i = 0; i < 3; ++i) {
            QNetworkReply *reply
                    = m_nodes.at(i)->call("POST", QStringLiteral("/function/f/x"), "body");
            QCOMPARE(EmulatorHarness::statusOf(reply), 200);
            QCOMPARE(reply->readAll(), nodeUrls().at(i).toString().toUtf8());
        }
    }
    QCOMPARE(client->openSyncRequestCount(), 0);
    QCOMPARE(client->currentNode(), QUrl()); // outside any signal
}

void tst_ClientNodes::syncCancelGoesToItsNode()
{
    QVERIFY(startNodes(3));
    QHash<int, int> cancelled; // node -> sync calls it saw cancelled
    for (int i = 0; i < 3; ++i) {
        connect(m_nodes.at(i)->emulator(), &SlimFaasEmulator::syncRequestCancelled, m_scope,
                [&cancelled, i] { ++cancelled[i]; });
    }
    SlimFaasClient *client = newClient(nodeUrls());
    client->setSyncRequestHandler([](SlimFaasSyncRequest *request) {
        QObject::connect(request, &SlimFaasSyncRequest::cancelled, request, &QObject::deleteLater);
        request->startResponse(200);
        request->cancel();
    });
    client->open();
    QTRY_COMPARE(client->registeredNodeCount(), 3);
    QNetworkReply *reply = m_nodes.at(2)->call("POST", QStringLiteral("/function/f/x"), "b");
    QTRY_COMPARE(cancelled.value(2), 1);
    QVERIFY(QTest::qWaitFor([reply] { return reply->isFinished(); }, 20000));
    QCOMPARE(cancelled.value(0), 0);
    QCOMPARE(cancelled.value(1), 0);
    QCOMPARE(client->registeredNodeCount(), 3);
}

void tst_ClientNodes::asyncRequestsAnsweredOnTheirNode()
{
    QVERIFY(startNodes(3));
    SlimFaasClient *client = newClient(nodeUrls());
    QList<SlimFaasAsyncRequest> received;
    QList<QUrl> from;
    client->setAsyncRequestHandler([&](const SlimFaasAsyncRequest &request) {
        received.append(request);
        from.append(client->currentNode());
        return SlimFaasClient::DeferredStatus;
    });
    client->open();
    QTRY_COMPARE(client->registeredNodeCount(), 3);

    for (int i = 0; i < 3; ++i) {
        QCOMPARE(EmulatorHarness::statusOf(m_nodes.at(i)->call(
                         "POST", QStringLiteral("/async-function/f/job%1").arg(i))),
                 202);
        QTRY_COMPARE(received.size(), i + 1);
        QCOMPARE(from.at(i), nodeUrls().at(i));
        QCOMPARE(received.at(i).connectionId(), client->nodeConnectionId(nodeUrls().at(i)));
    }
    QCOMPARE(client->pendingRequestCount(), 3);
    QCOMPARE(client->pendingRequests().size(), 3);

    // Answered in another order than they came, both forms: each on its own node.
    QVERIFY(client->sendCallback(received.at(2), 201));
    QVERIFY(client->sendCallback(received.at(0).elementId(), 202 + 1));
    QVERIFY(client->sendCallback(received.at(1), 204));
    QTRY_COMPARE(m_completed.value(2), QList<int>{ 201 });
    QTRY_COMPARE(m_completed.value(0), QList<int>{ 203 });
    QTRY_COMPARE(m_completed.value(1), QList<int>{ 204 });
    for (int i = 0; i < 3; ++i)
        QCOMPARE(callbacksOn(i), 1);
    QCOMPARE(client->pendingRequestCount(), 0);

    // A second answer is refused as with one node, whichever node it came from.
    QSignalSpy refused(client, &SlimFaasClient::callbackRefused);
    QVERIFY(!client->sendCallback(received.at(1), 200));
    QVERIFY(!client->sendCallback(received.at(2).elementId(), 200));
    QCOMPARE(refused.size(), 2);
    QCOMPARE(refused.at(0).at(1).value<SlimFaasClient::CallbackRefusal>(),
             SlimFaasClient::AlreadyAnswered);
    QCOMPARE(refused.at(1).at(1).value<SlimFaasClient::CallbackRefusal>(),
             SlimFaasClient::AlreadyAnswered);

    // From another thread too: the answer is queued to the client's thread, then to its node.
    QCOMPARE(EmulatorHarness::statusOf(
                     m_nodes.at(1)->call("POST", QStringLiteral("/async-function/f/threaded"))),
             202);
    QTRY_COMPARE(received.size(), 4);
    bool accepted = false;
    QThread *thread
            = QThread::create([&] { accepted = client->sendCallback(received.at(3), 200); });
    thread->start();
    QVERIFY(thread->wait(5000));
    delete thread;
    QVERIFY(accepted);
    QTRY_COMPARE(m_completed.value(1), (QList<int>{ 204, 200 }));
    QCOMPARE(callbacksOn(0), 1);
    QCOMPARE(callbacksOn(2), 1);
}

void tst_ClientNodes::eventsOncePerNode()
{
    QVERIFY(startNodes(3));
    SlimFaasClient *client = newClient(nodeUrls());
    QList<QUrl> from;
    connect(client, &SlimFaasClient::publishEventReceived, m_scope,
            [&] { from.append(client->currentNode()); });
    client->open();
    QTRY_COMPARE(client->registeredNodeCount(), 3);
    const QList<int> publishedOn{ 0, 2, 1, 2 };
    for (int node : publishedOn)
        QCOMPARE(EmulatorHarness::statusOf(
                         m_nodes.at(node)->call("POST", QStringLiteral("/publish-event/ev/x"))),
                 204);
    QTRY_COMPARE(from.size(), publishedOn.size());
    QTest::qWait(100); // nothing more comes
    QCOMPARE(from.size(), publishedOn.size());
    for (int i = 0; i < publishedOn.size(); ++i)
        QCOMPARE(from.at(i), nodeUrls().at(publishedOn.at(i)));
}

void tst_ClientNodes::restartedNodeIsFollowedAlone()
{
    QVERIFY(startNodes(3));
    SlimFaasClient *client = newClient(nodeUrls());
    client->open();
    QTRY_COMPARE(client->registeredNodeCount(), 3);
    const QList<QUrl> urls = nodeUrls();
    const QString firstId = client->nodeConnectionId(urls.at(0));
    const QString lastId = client->nodeConnectionId(urls.at(2));
    QSignalSpy registered(client, &SlimFaasClient::nodeRegistered);
    QSignalSpy lost(client, &SlimFaasClient::nodeLost);
    QSignalSpy ready(client, &SlimFaasClient::ready);
    QSignalSpy states(client, &SlimFaasClient::stateChanged);

    for (int restart = 0; restart < 3; ++restart) {
        SlimFaasEmulator *middle = m_nodes.at(1)->emulator();
        const quint16 wsPort = middle->webSocketPort();
        const quint16 httpPort = middle->httpPort();
        middle->stop();
        QTRY_VERIFY(client->nodeState(urls.at(1)) != SlimFaasClient::Ready);
        QCOMPARE(client->registeredNodeCount(), 2);
        QCOMPARE(client->state(), SlimFaasClient::Ready); // the others still are
        QCOMPARE(lost.size(), restart + 1);
        QCOMPARE(lost.last().at(0).toUrl(), urls.at(1));
        middle->setWebSocketPort(wsPort);
        middle->setHttpPort(httpPort);
        QVERIFY(middle->start());
        QTRY_COMPARE(client->registeredNodeCount(), 3);
        QCOMPARE(registered.size(), restart + 1);
        QCOMPARE(registered.last().at(0).toUrl(), urls.at(1));
        QCOMPARE(client->nodeConnectionId(urls.at(1)), registeredId(1));
        QCOMPARE(m_registrations.value(1).size(), restart + 2);
    }
    // The other nodes saw nothing: one registration each, the same connections.
    QCOMPARE(m_registrations.value(0).size(), 1);
    QCOMPARE(m_registrations.value(2).size(), 1);
    QCOMPARE(client->nodeConnectionId(urls.at(0)), firstId);
    QCOMPARE(client->nodeConnectionId(urls.at(2)), lastId);
    QCOMPARE(ready.size(), 0);
    QCOMPARE(states.size(), 0);
    for (const EmulatorHarness *node : std::as_const(m_nodes))
        QCOMPARE(node->emulator()->replicas(QStringLiteral("f")), 1);
}

void tst_ClientNodes::answerForALostNodeIsStale()
{
    QVERIFY(startNodes(2));
    SlimFaasClient *client = newClient(nodeUrls());
    QList<SlimFaasAsyncRequest> received;
    client->setAsyncRequestHandler([&](const SlimFaasAsyncRequest &request) {
        received.append(request);
        return SlimFaasClient::DeferredStatus;
    });
    client->open();
    QTRY_COMPARE(client->registeredNodeCount(), 2);
    QCOMPARE(EmulatorHarness::statusOf(
                     m_nodes.at(1)->call("POST", QStringLiteral("/async-function/f/x"))),
             202);
    QTRY_COMPARE(received.size(), 1);
    QSignalSpy abandoned(client, &SlimFaasClient::asyncRequestsAbandoned);
    m_nodes.at(1)->emulator()->stop();
    QTRY_COMPARE(abandoned.size(), 1);
    QCOMPARE(abandoned.at(0).at(0).value<QList<SlimFaasAsyncRequest>>().size(), 1);
    QCOMPARE(client->pendingRequestCount(), 0);
    // The node that is still registered never delivered it: the answer belongs to a
    // connection that is gone.
    QSignalSpy refused(client, &SlimFaasClient::callbackRefused);
    QVERIFY(!client->sendCallback(received.first(), 200));
    QCOMPARE(refused.size(), 1);
    QCOMPARE(refused.at(0).at(1).value<SlimFaasClient::CallbackRefusal>(),
             SlimFaasClient::StaleAttempt);
    QCOMPARE(callbacksOn(0), 0);
}

void tst_ClientNodes::nodeUrlsChangeOnOpenClient()
{
    QVERIFY(startNodes(3));
    const QList<QUrl> urls = nodeUrls();
    SlimFaasClient *client = newClient({ urls.at(0), urls.at(1) });
    client->open();
    QTRY_COMPARE(client->registeredNodeCount(), 2);
    const QString kept = client->nodeConnectionId(urls.at(1));
    QSignalSpy nodesChanged(client, &SlimFaasClient::nodesChanged);
    QSignalSpy urlChanged(client, &SlimFaasClient::urlChanged);
    client->setNodeUrls({ urls.at(1), urls.at(2), urls.at(2) });
    QCOMPARE(client->nodeUrls(), (QList<QUrl>{ urls.at(1), urls.at(2) }));
    QCOMPARE(urlChanged.size(), 1);
    QCOMPARE(nodesChanged.size(), 1);
    QTRY_COMPARE(m_nodes.at(0)->emulator()->replicas(QStringLiteral("f")), 0);
    QTRY_COMPARE(client->registeredNodeCount(), 2);
    QCOMPARE(client->nodeConnectionId(urls.at(1)), kept);
    QCOMPARE(m_registrations.value(1).size(), 1);
    QCOMPARE(m_nodes.at(2)->emulator()->replicas(QStringLiteral("f")), 1);

    // Back to one URL: a client as any other.
    client->setUrl(urls.at(2));
    QCOMPARE(client->nodes(), QList<QUrl>{ urls.at(2) });
    QTRY_COMPARE(m_nodes.at(1)->emulator()->replicas(QStringLiteral("f")), 0);
    QCOMPARE(client->registeredNodeCount(), 1);
    QCOMPARE(client->state(), SlimFaasClient::Ready);
}

// Another replica registered "f" with another configuration on node 1 only: SlimFaas
// refuses the client there.
void tst_ClientNodes::refusalOnOneNodeStopsEveryNode()
{
    QVERIFY(startNodes(3));
    SlimFaasFunctionConfig other = config();
    other.setNumberParallelRequest(7);
    m_nodes.at(1)->function(other);
    SlimFaasClient *client = newClient(nodeUrls());
    QSignalSpy refused(client, &SlimFaasClient::registrationRefused);
    client->open();
    QTRY_COMPARE(refused.size(), 1);
    QCOMPARE(client->state(), SlimFaasClient::Refused);
    QCOMPARE(client->nodeState(nodeUrls().at(1)), SlimFaasClient::Refused);
    QCOMPARE(client->registeredNodeCount(), 0);
    for (int node : { 0, 2 }) {
        QCOMPARE(client->nodeState(nodeUrls().at(node)), SlimFaasClient::Disconnected);
        QTRY_COMPARE(m_nodes.at(node)->emulator()->replicas(QStringLiteral("f")), 0);
    }
    QTest::qWait(200); // nothing reconnects
    QCOMPARE(client->state(), SlimFaasClient::Refused);
    QCOMPARE(refused.size(), 1);
}

void tst_ClientNodes::refusedNodeRetriesAlone()
{
    QVERIFY(startNodes(2));
    SlimFaasFunctionConfig other = config();
    other.setNumberParallelRequest(7);
    m_nodes.at(1)->function(other);
    SlimFaasClient *client = newClient(nodeUrls());
    client->setRetryAfterRefusal(true);
    QSignalSpy refused(client, &SlimFaasClient::registrationRefused);
    client->open();
    QTRY_VERIFY(refused.size() >= 2); // node 1 refuses, again and again
    QTRY_COMPARE(client->nodeState(nodeUrls().at(0)), SlimFaasClient::Ready);
    QCOMPARE(client->state(), SlimFaasClient::Ready);
    QCOMPARE(client->registeredNodeCount(), 1);
    QCOMPARE(m_registrations.value(0).size(), 1);
}

// A headless Service played by a resolver the test controls: one name, the addresses of the
// ready pods, which change 200 times.
void tst_ClientNodes::everyAddressFollowsTheAddresses()
{
    const QList<QHostAddress> pods{ QHostAddress(QStringLiteral("127.0.0.1")),
                                    QHostAddress(QStringLiteral("127.0.0.2")),
                                    QHostAddress(QStringLiteral("127.0.0.3")) };
    QVERIFY(startNodes(1, pods));
    const quint16 port = m_nodes.first()->emulator()->webSocketPort();
    for (int i = 1; i < 3; ++i) {
        auto *harness = new EmulatorHarness(m_scope);
        harness->emulator()->setListenAddress(pods.at(i));
        harness->emulator()->setWebSocketPort(port);
        if (!harness->start())
            QSKIP("cannot listen on the other loopback addresses here");
        m_nodes.append(harness);
    }

    QList<QHostAddress> answer = pods;
    int lookups = 0;
    auto *client = new SlimFaasClient(m_scope);
    SlimFaasClientPrivate::setResolverForTesting(
            client,
            [&answer, &lookups, scope = m_scope](const QString &host,
                                                 const SlimFaasNodeAddresses::Done &done) {
                QCOMPARE(host, QStringLiteral("slimfaas.test"));
                ++lookups;
                const QList<QHostAddress> addresses = answer;
                QTimer::singleShot(0, scope, [done, addresses] { done(addresses, {}); });
            });
    client->setFunctionConfig(config());
    client->setUrl(QUrl(QStringLiteral("ws://slimfaas.test:%1/ws").arg(port)));
    client->setEveryAddress(true);
    client->setAddressRefreshInterval(5);
    client->setMinimumReconnectDelay(20);
    client->setMaximumReconnectDelay(200);
    QVERIFY(client->nodes().isEmpty());
    client->open();
    QTRY_COMPARE(client->registeredNodeCount(), 3);
    QCOMPARE(client->nodes().size(), 3);
    QCOMPARE(client->nodes().first(), QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(port)));

    auto replicas = [this](int node) {
        return m_nodes.at(node)->emulator()->replicas(QStringLiteral("f"));
    };
    auto settle = [&](const QList<int> &wanted) {
        QList<QUrl> urls;
        for (int pod : wanted) {
            QUrl url = client->url();
            url.setHost(pods.at(pod).toString());
            urls.append(url);
        }
        QTRY_COMPARE(client->nodes(), urls);
        QTRY_COMPARE(client->registeredNodeCount(), int(wanted.size()));
        for (int pod = 0; pod < 3; ++pod)
            QTRY_COMPARE(replicas(pod), wanted.contains(pod) ? 1 : 0);
    };
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    const int descriptors = openDescriptors();
    const int objects = int(client->findChildren<QObject *>().size());
    const size_t heap = mallinfo2().uordblks;

    // Every subset of the three pods but the empty one, in a varying order.
    const QList<QList<int>> subsets{ { 0 }, { 1, 2 }, { 0, 2 }, { 1 },       { 0, 1, 2 },
                                     { 2 }, { 0, 1 }, { 2, 0 }, { 1, 0, 2 }, { 0, 1, 2 } };
    for (int change = 0; change < 200; ++change) {
        const QList<int> &wanted = subsets.at(change % subsets.size());
        answer.clear();
        for (int pod : wanted)
            answer.append(pods.at(pod));
        settle(wanted);
        if (QTest::currentTestFailed())
            return;
    }
    QVERIFY(lookups > 200);
    // Back to the three pods: nothing of the 200 changes is left.
    answer = pods;
    settle({ 0, 1, 2 });
    QTest::qWait(300); // the closed sockets finish their close handshakes
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    QCOMPARE(int(client->findChildren<QWebSocket *>().size()), 3);
    QCOMPARE(int(client->findChildren<QObject *>().size()), objects);
    QCOMPARE(openDescriptors(), descriptors);
    if (!underAddressSanitizer()) {
        // A generous bound: what a leak of each change's connection would far exceed.
        const qint64 grown = qint64(mallinfo2().uordblks) - qint64(heap);
        QVERIFY2(grown < 2 * 1024 * 1024, qPrintable(QString::number(grown)));
    }
    client->close();
    for (int pod = 0; pod < 3; ++pod)
        QTRY_COMPARE(replicas(pod), 0);
}

void tst_ClientNodes::removedAddressAbandonsItsRequests()
{
    const QList<QHostAddress> pods{ QHostAddress(QStringLiteral("127.0.0.1")),
                                    QHostAddress(QStringLiteral("127.0.0.2")) };
    QVERIFY(startNodes(1, pods));
    const quint16 port = m_nodes.first()->emulator()->webSocketPort();
    auto *second = new EmulatorHarness(m_scope);
    second->emulator()->setListenAddress(pods.at(1));
    second->emulator()->setWebSocketPort(port);
    if (!second->start())
        QSKIP("cannot listen on another loopback address here");
    m_nodes.append(second);

    QList<QHostAddress> answer = pods;
    auto *client = new SlimFaasClient(m_scope);
    SlimFaasClientPrivate::setResolverForTesting(
            client, [&answer](const QString &, const SlimFaasNodeAddresses::Done &done) {
                done(answer, {}); // at once, as for an address literal
            });
    client->setFunctionConfig(config());
    client->setNodeUrls({ QUrl(QStringLiteral("ws://pods.test:%1/ws").arg(port)) });
    client->setEveryAddress(true);
    client->setAddressRefreshInterval(20);
    QList<SlimFaasAsyncRequest> received;
    client->setAsyncRequestHandler([&](const SlimFaasAsyncRequest &request) {
        received.append(request);
        return SlimFaasClient::DeferredStatus;
    });
    client->open();
    QTRY_COMPARE(client->registeredNodeCount(), 2);
    QCOMPARE(EmulatorHarness::statusOf(
                     m_nodes.at(1)->call("POST", QStringLiteral("/async-function/f/x"))),
             202);
    QTRY_COMPARE(received.size(), 1);
    QSignalSpy abandoned(client, &SlimFaasClient::asyncRequestsAbandoned);
    QSignalSpy lost(client, &SlimFaasClient::nodeLost);
    answer = { pods.at(0) };
    QTRY_COMPARE(abandoned.size(), 1);
    QCOMPARE(abandoned.at(0).at(0).value<QList<SlimFaasAsyncRequest>>().first().elementId(),
             received.first().elementId());
    QCOMPARE(lost.size(), 1);
    QCOMPARE(QHostAddress(lost.at(0).at(0).toUrl().host()), pods.at(1));
    QTRY_COMPARE(m_nodes.at(1)->emulator()->replicas(QStringLiteral("f")), 0);
    QCOMPARE(client->registeredNodeCount(), 1);
    QCOMPARE(m_nodes.at(0)->emulator()->replicas(QStringLiteral("f")), 1);
    QCOMPARE(m_registrations.value(0).size(), 1);
}

// A pod that goes is noticed at once, not at the next periodic lookup: its lost connection
// makes the client look the name up again.
void tst_ClientNodes::lostConnectionLooksAgain()
{
    const QList<QHostAddress> pods{ QHostAddress(QStringLiteral("127.0.0.1")),
                                    QHostAddress(QStringLiteral("127.0.0.2")) };
    QVERIFY(startNodes(1, pods));
    const quint16 port = m_nodes.first()->emulator()->webSocketPort();
    auto *second = new EmulatorHarness(m_scope);
    second->emulator()->setListenAddress(pods.at(1));
    second->emulator()->setWebSocketPort(port);
    if (!second->start())
        QSKIP("cannot listen on another loopback address here");
    m_nodes.append(second);

    QList<QHostAddress> answer = pods;
    int lookups = 0;
    auto *client = new SlimFaasClient(m_scope);
    SlimFaasClientPrivate::setResolverForTesting(
            client, [&](const QString &, const SlimFaasNodeAddresses::Done &done) {
                ++lookups;
                done(answer, {});
            });
    client->setFunctionConfig(config());
    client->setUrl(QUrl(QStringLiteral("ws://pods.test:%1/ws").arg(port)));
    client->setEveryAddress(true);
    client->setAddressRefreshInterval(3600 * 1000);
    client->setMinimumReconnectDelay(20);
    client->open();
    QTRY_COMPARE(client->registeredNodeCount(), 2);
    QCOMPARE(lookups, 1);
    answer = { pods.at(0) };
    second->emulator()->stop();
    QTRY_COMPARE(client->nodes().size(), 1);
    QCOMPARE(QHostAddress(client->nodes().first().host()), pods.at(0));
    QVERIFY(lookups >= 2);
    QCOMPARE(client->registeredNodeCount(), 1);
    QCOMPARE(m_registrations.value(0).size(), 1);
}

void tst_ClientNodes::unresolvableNameIsReported()
{
    auto *client = new SlimFaasClient(m_scope);
    SlimFaasClientPrivate::setResolverForTesting(
            client, [](const QString &host, const SlimFaasNodeAddresses::Done &done) {
                done({}, QStringLiteral("no such host %1").arg(host));
            });
    client->setFunctionConfig(config());
    client->setUrl(QUrl(QStringLiteral("ws://nowhere.test:5003/ws")));
    client->setEveryAddress(true);
    QSignalSpy errors(client, &SlimFaasClient::errorOccurred);
    client->open();
    QTRY_VERIFY(!errors.isEmpty());
    QCOMPARE(errors.first().at(0).value<SlimFaasClient::Error>(), SlimFaasClient::ConnectionError);
    QVERIFY(errors.first().at(1).toString().contains(QLatin1String("no such host nowhere.test")));
    QCOMPARE(client->state(), SlimFaasClient::WaitingToReconnect);
    QVERIFY(client->nodes().isEmpty());
    client->close();
    QCOMPARE(client->state(), SlimFaasClient::Disconnected);
}

QTEST_GUILESS_MAIN(tst_ClientNodes)
#include "tst_clientnodes.moc"
