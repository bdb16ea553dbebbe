// SPDX-License-Identifier: MIT
// The client when SlimFaas fails under it: killed with work in flight, frozen, restarted
// again and again, and answering thousands of deferred requests from other threads while
// traffic goes on. Every request must end exactly once; nothing may leak.

#include <emulatortestcase.h>

#include <slimfaasclient.h>
#include <slimfaassyncrequest.h>

#include <QtConcurrent/qtconcurrentrun.h>
#include <QtCore/qdir.h>
#include <QtCore/qprocess.h>
#include <QtCore/qthreadpool.h>
#include <QtCore/qtimer.h>
#include <QtNetwork/qtcpserver.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

#include <csignal>

#include <sys/prctl.h>

class tst_Faults : public EmulatorTestCase
{
    Q_OBJECT

private Q_SLOTS:
    void serverKilledWithWorkInFlight();
    void frozenServerIsDetectedAndReplaced();
    void twentyRestartsLeakNothing();
    void oversizedMessageFromTheServer();
    void oversizedMessageToTheServer();
    void deferredAnswersFromAThreadPool();

private:
    SlimFaasClient *newClient(const QUrl &url);
    // A client whose sync requests are answered with their own body, or with BigBody for
    // the path "big".
    SlimFaasClient *echoClient(const QString &name);
    static int syncStatus(QNetworkReply *reply);
    static int openDescriptors();
};

SlimFaasClient *tst_Faults::newClient(const QUrl &url)
{
    SlimFaasFunctionConfig config(QStringLiteral("f"));
    config.setNumberParallelRequest(100000);
    config.setNumberParallelRequestPerPod(100000);
    auto *client = new SlimFaasClient(url, config, harness);
    client->setMinimumReconnectDelay(50);
    client->setMaximumReconnectDelay(200);
    return client;
}

static const QByteArray BigBody(64 * 1024, 'b');

SlimFaasClient *tst_Faults::echoClient(const QString &name)
{
    SlimFaasFunctionConfig config(name);
    auto *client = new SlimFaasClient(emulator->webSocketUrl(), config, harness);
    client->setMinimumReconnectDelay(50);
    client->setMaximumReconnectDelay(200);
    client->setSyncRequestHandler([](SlimFaasSyncRequest *request) {
        connect(request, &SlimFaasSyncRequest::requestBodyFinished, request, [request] {
            request->respond(200, {},
                             request->path() == QLatin1String("big") ? BigBody
                                                                     : request->readAll());
        });
    });
    client->open();
    return client;
}

// The status a sync caller got, 0 when its response broke off (the connection was cut).
int tst_Faults::syncStatus(QNetworkReply *reply)
{
    if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 20000))
        return -1;
    const bool cut = reply->error() != QNetworkReply::NoError
            && reply->error() <= QNetworkReply::UnknownNetworkError;
    return cut ? 0 : reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

int tst_Faults::openDescriptors()
{
    return int(QDir(QStringLiteral("/proc/self/fd"))
                       .entryList(QDir::NoDotAndDotDot | QDir::AllEntries)
                       .size());
}

void tst_Faults::serverKilledWithWorkInFlight()
{
    SlimFaasClient *client = newClient(emulator->webSocketUrl());
    client->setAsyncRequestHandler(
            [](const SlimFaasAsyncRequest &) { return SlimFaasClient::DeferredStatus; });
    QList<SlimFaasSyncRequest *> syncRequests;
    QHash<QString, int> syncEnds; // correlationId -> final outcomes seen
    client->setSyncRequestHandler([&](SlimFaasSyncRequest *request) {
        const QString id = request->correlationId();
        syncEnds.insert(id, 0);
        connect(request, &SlimFaasSyncRequest::cancelled, this,
                [&syncEnds, id] { ++syncEnds[id]; });
        connect(request, &SlimFaasSyncRequest::finished, this, [&syncEnds, id] { ++syncEnds[id]; });
        syncRequests.append(request);
    });
    QSignalSpy abandoned(client, &SlimFaasClient::asyncRequestsAbandoned);
    client->open();
    QVERIFY(client->waitForReady(10000));

    // Six sync calls: QNetworkAccessManager opens at most six connections per host.
    constexpr int AsyncCount = 50, SyncCount = 6;
    QList<QNetworkReply *> asyncReplies, syncReplies;
    for (int i = 0; i < AsyncCount; ++i)
        asyncReplies.append(harness->call("POST", QStringLiteral("/async-function/f/a"), "x"));
    for (int i = 0; i < SyncCount; ++i)
        syncReplies.append(harness->call("POST", QStringLiteral("/function/f/s"), "y"));
    QTRY_COMPARE_WITH_TIMEOUT(client->pendingRequestCount(), AsyncCount, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(syncEnds.size(), SyncCount, 10000);
    for (QNetworkReply *reply : std::as_const(asyncReplies))
        QCOMPARE(EmulatorHarness::statusOf(reply), 202);

    emulator->stop(); // the server goes, with everything in flight

    // Each pending async request is abandoned exactly once, each sync stream ends once,
    // each sync caller gets one answer.
    QTRY_VERIFY_WITH_TIMEOUT(!abandoned.isEmpty(), 10000);
    QSet<QString> abandonedIds;
    int abandonedTotal = 0;
    for (const QList<QVariant> &arguments : std::as_const(abandoned)) {
        for (const SlimFaasAsyncRequest &request :
             arguments.at(0).value<QList<SlimFaasAsyncRequest>>()) {
            abandonedIds.insert(request.elementId());
            ++abandonedTotal;
        }
    }
    QCOMPARE(abandonedIds.size(), AsyncCount);
    QCOMPARE(abandonedTotal, AsyncCount);
    QCOMPARE(client->pendingRequestCount(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(syncEnds.cbegin(), syncEnds.cend(), [](int ends) { return ends >= 1; }),
            10000);
    QTest::qWait(200);
    for (auto it = syncEnds.cbegin(); it != syncEnds.cend(); ++it)
        QCOMPARE(it.value(), 1);
    for (QNetworkReply *reply : std::as_const(syncReplies)) {
        QVERIFY(QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000));
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        QVERIFY2(status == 503 || reply->error() != QNetworkReply::NoError,
                 qPrintable(QString::number(status)));
    }
    // Answering an abandoned request now is refused, not sent twice.
    QVERIFY(!client->sendCallback(*abandonedIds.cbegin(), 200));
}

void tst_Faults::frozenServerIsDetectedAndReplaced()
{
#if defined(__SANITIZE_THREAD__) || __has_feature(thread_sanitizer)
    // Qt 6.4's QProcess starts a child with clone(CLONE_VM | CLONE_VFORK), which the
    // ThreadSanitizer runtime cannot follow: it aborts the test ("CHECK failed ...
    // thr->slot"). Qt uses fork() instead only when Qt itself is built with ThreadSanitizer.
    // Nothing crosses threads here (the dead-peer timers and the reconnection run on the
    // client's thread), so the plain and AddressSanitizer runs cover this case.
    QSKIP("QProcess cannot start a child under ThreadSanitizer with Debian's Qt 6.4");
#endif
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 wsPort = probe.serverPort();
    probe.close();
    auto startEmulator = [wsPort](QProcess *process) {
        // The emulator must not outlive a test that crashes: it would keep ctest's output
        // pipe open, and ctest would wait for it until the test's timeout.
        process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
        process->start(QStringLiteral(SLIMFAAS_EMULATOR_PATH),
                       { QStringLiteral("--host"), QStringLiteral("127.0.0.1"),
                         QStringLiteral("--ws-port"), QString::number(wsPort),
                         QStringLiteral("--http-port"), QStringLiteral("0"),
                         QStringLiteral("--quiet") });
        return process->waitForStarted(10000);
    };
    QProcess first;
    QVERIFY(startEmulator(&first));
    const QUrl url(QStringLiteral("ws://127.0.0.1:%1/ws").arg(wsPort));
    SlimFaasClient *client = newClient(url);
    client->setPingInterval(200);
    client->setDeadPeerTimeout(1000);
    client->setMinimumReconnectDelay(100);
    QSignalSpy errors(client, &SlimFaasClient::errorOccurred);
    client->open(); // retried until the emulator listens
    QVERIFY(client->waitForReady(10000));
    const QString firstId = client->connectionId();

    ::kill(pid_t(first.processId()), SIGSTOP); // frozen: the socket stays open, nothing answers
    QTRY_VERIFY_WITH_TIMEOUT(client->state() != SlimFaasClient::Ready, 5000);
    QVERIFY(std::any_of(errors.cbegin(), errors.cend(), [](const QList<QVariant> &e) {
        return e.at(0).value<SlimFaasClient::Error>() == SlimFaasClient::DeadPeer;
    }));
    first.kill();
    first.waitForFinished(5000);

    QProcess second;
    QVERIFY(startEmulator(&second));
    QTRY_COMPARE_WITH_TIMEOUT(client->state(), SlimFaasClient::Ready, 10000);
    QVERIFY(client->connectionId() != firstId);
    client->close();
    second.terminate();
    second.waitForFinished(5000);
}

void tst_Faults::twentyRestartsLeakNothing()
{
    emulator->stop();
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 wsPort = probe.serverPort();
    probe.close();
    emulator->setWebSocketPort(wsPort);
    QVERIFY(emulator->start());
    SlimFaasClient *client = newClient(emulator->webSocketUrl());
    client->setAsyncRequestHandler([](const SlimFaasAsyncRequest &) { return 200; });
    client->open();
    QVERIFY(client->waitForReady(10000));
    // One round first: whatever is created once and kept (pools, caches) is not a leak.
    auto restart = [&] {
        emulator->stop();
        QTRY_VERIFY_WITH_TIMEOUT(client->state() != SlimFaasClient::Ready, 5000);
        QVERIFY(emulator->start());
        QTRY_COMPARE_WITH_TIMEOUT(client->state(), SlimFaasClient::Ready, 10000);
        QCOMPARE(EmulatorHarness::statusOf(
                         harness->call("POST", QStringLiteral("/async-function/f/x"))),
                 202);
    };
    restart();
    QTest::qWait(300);
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    const int descriptors = openDescriptors();
    const int children = int(client->findChildren<QObject *>().size());
    const int timers = int(client->findChildren<QTimer *>().size());
    QSignalSpy readySpy(client, &SlimFaasClient::ready);
    for (int i = 0; i < 20; ++i) {
        restart();
        if (QTest::currentTestFailed())
            return;
    }
    QCOMPARE(readySpy.size(), 20);
    QTest::qWait(300);
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    QCOMPARE(int(client->findChildren<QObject *>().size()), children);
    QCOMPARE(int(client->findChildren<QTimer *>().size()), timers);
    QCOMPARE(openDescriptors(), descriptors);
}

// The server sends more than the client takes: the client says so, reconnects, registers
// again and serves the next requests; the caller of the oversized one gets one answer.
void tst_Faults::oversizedMessageFromTheServer()
{
    SlimFaasClient *client = echoClient(QStringLiteral("f"));
    client->setMaximumIncomingMessageSize(4096);
    QVERIFY(client->waitForReady(10000));
    const QString firstId = client->connectionId();
    QSignalSpy errors(client, &SlimFaasClient::errorOccurred);
    QSignalSpy registered(emulator, &SlimFaasEmulator::functionRegistered);

    // The emulator cannot tell which side refused: it names the function and both cases.
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral(
                                 "of function f closed, a message too big .* or one sent to it "
                                 "exceeded the function's own limit")));
    // A 16 KiB sync body goes as one SyncRequestChunk frame.
    QNetworkReply *big
            = harness->call("POST", QStringLiteral("/function/f/echo"), QByteArray(16 * 1024, 'x'));
    QTRY_VERIFY_WITH_TIMEOUT(!errors.isEmpty(), 10000);
    QCOMPARE(errors.first().at(0).value<SlimFaasClient::Error>(), SlimFaasClient::MessageTooLarge);
    QVERIFY2(errors.first().at(1).toString().contains(QLatin1String("4096")),
             qPrintable(errors.first().at(1).toString()));
    QTRY_COMPARE_WITH_TIMEOUT(client->state(), SlimFaasClient::Ready, 10000);
    QCOMPARE(registered.size(), 1);
    QCOMPARE(registered.first().at(0).toString(), QStringLiteral("f"));
    QVERIFY(client->connectionId() != firstId);
    QCOMPARE(registered.first().at(1).toString(), client->connectionId());
    const int bigStatus = syncStatus(big);
    QVERIFY2(bigStatus != 200 && bigStatus != -1, qPrintable(QString::number(bigStatus)));

    QNetworkReply *small = harness->call("POST", QStringLiteral("/function/f/echo"), "small");
    QCOMPARE(syncStatus(small), 200);
    QCOMPARE(small->readAll(), QByteArray("small"));
    QCOMPARE(errors.size(), 1);
}

// A function sends more than the emulator takes: the emulator warns, drops that connection
// only and keeps serving the others; the function reconnects and is served again.
void tst_Faults::oversizedMessageToTheServer()
{
    emulator->stop();
    emulator->setMaximumIncomingMessageSize(16 * 1024); // below a response frame (32 KiB)
    QVERIFY(emulator->start());
    SlimFaasClient *heavy = echoClient(QStringLiteral("heavy"));
    SlimFaasClient *other = echoClient(QStringLiteral("other"));
    QVERIFY(heavy->waitForReady(10000));
    QVERIFY(other->waitForReady(10000));
    const QString heavyId = heavy->connectionId();
    const QString otherId = other->connectionId();
    QSignalSpy closed(emulator, &SlimFaasEmulator::connectionClosed);
    QSignalSpy heavyErrors(heavy, &SlimFaasClient::errorOccurred);

    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral(
                                 "of function heavy closed, a message too big \\(close code "
                                 "1009\\): one from the function exceeded the maximum of 16384 "
                                 "bytes")));
    QNetworkReply *big = harness->call("POST", QStringLiteral("/function/heavy/big"), "x");
    QNetworkReply *meanwhile = harness->call("POST", QStringLiteral("/function/other/a"), "a");
    QTRY_COMPARE_WITH_TIMEOUT(closed.size(), 1, 10000);
    QCOMPARE(closed.first().at(0).toString(), QStringLiteral("heavy"));
    QCOMPARE(closed.first().at(1).toString(), heavyId);
    // Its caller gets an error, never a cut-off body for a whole one.
    const int bigStatus = syncStatus(big);
    QVERIFY2(bigStatus != 200 && bigStatus != -1, qPrintable(QString::number(bigStatus)));
    QCOMPARE(syncStatus(meanwhile), 200);
    QCOMPARE(meanwhile->readAll(), QByteArray("a"));

    // The function is told too, not only that the connection dropped.
    QTRY_VERIFY(!heavyErrors.isEmpty());
    QCOMPARE(heavyErrors.first().at(0).value<SlimFaasClient::Error>(),
             SlimFaasClient::MessageTooLarge);
    QVERIFY2(heavyErrors.first().at(1).toString().contains(
                     QLatin1String("refused one this client sent")),
             qPrintable(heavyErrors.first().at(1).toString()));
    QTRY_COMPARE_WITH_TIMEOUT(heavy->state(), SlimFaasClient::Ready, 10000);
    QVERIFY(heavy->connectionId() != heavyId);
    QNetworkReply *again = harness->call("POST", QStringLiteral("/function/heavy/small"), "ok");
    QCOMPARE(syncStatus(again), 200);
    QCOMPARE(again->readAll(), QByteArray("ok"));
    QCOMPARE(other->connectionId(), otherId);
    QCOMPARE(closed.size(), 1);
}

void tst_Faults::deferredAnswersFromAThreadPool()
{
    constexpr int Count = 10000;
    SlimFaasClient *client = newClient(emulator->webSocketUrl());
    QThreadPool pool;
    pool.setMaxThreadCount(4);
    client->setAsyncRequestHandler([client, &pool](const SlimFaasAsyncRequest &request) {
        const QString id = request.elementId();
        pool.start([client, id] { client->sendCallback(id, 200); });
        return SlimFaasClient::DeferredStatus;
    });
    client->setSyncRequestHandler([](SlimFaasSyncRequest *request) {
        connect(request, &SlimFaasSyncRequest::requestBodyFinished, request,
                [request] { request->respond(200, {}, request->readAll()); });
    });
    client->open();
    QVERIFY(client->waitForReady(10000));

    QHash<QString, int> completions;
    int nonOk = 0;
    connect(emulator, &SlimFaasEmulator::asyncRequestCompleted, this,
            [&](const QString &, const QString &elementId, int statusCode) {
                ++completions[elementId];
                nonOk += statusCode == 200 ? 0 : 1;
            });
    // The requests go in over one pipelining connection, in batches, while sync calls run.
    QTcpSocket caller;
    caller.connectToHost(QHostAddress::LocalHost, emulator->httpPort());
    QVERIFY(caller.waitForConnected(5000));
    int accepted = 0;
    connect(&caller, &QTcpSocket::readyRead, this,
            [&] { accepted += int(caller.readAll().count("HTTP/1.1 202 ")); });
    int syncOk = 0, syncSent = 0;
    for (int batch = 0; batch < Count / 500; ++batch) {
        QByteArray requests;
        for (int i = 0; i < 500; ++i)
            requests += "POST /async-function/f/job HTTP/1.1\r\nContent-Length: 1\r\n\r\nx";
        caller.write(requests);
        QNetworkReply *sync = harness->call("POST", QStringLiteral("/function/f/echo"), "ping");
        ++syncSent;
        connect(sync, &QNetworkReply::finished, this,
                [&syncOk, sync] { syncOk += sync->readAll() == "ping" ? 1 : 0; });
        QTest::qWait(20);
    }
    QTRY_COMPARE_WITH_TIMEOUT(accepted, Count, 60000);
    QTRY_COMPARE_WITH_TIMEOUT(int(completions.size()), Count, 60000);
    QTRY_COMPARE_WITH_TIMEOUT(syncOk, syncSent, 20000);
    pool.waitForDone();
    QTest::qWait(200);
    QCOMPARE(int(completions.size()), Count);
    QVERIFY(std::all_of(completions.cbegin(), completions.cend(), [](int n) { return n == 1; }));
    QCOMPARE(nonOk, 0);
    QCOMPARE(client->pendingRequestCount(), 0);
}

QTEST_GUILESS_MAIN(tst_Faults)
#include "tst_faults.moc"
