// SPDX-License-Identifier: MIT
// How the emulator spreads async work over a function's connections (docs/protocol.md §4):
// round-robin, numberParallelRequestPerPod per connection, numberParallelRequest in all.

#include <emulatortestcase.h>

#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

using SlimFaasProtocol::MessageType;

class tst_EmulatorDispatch : public EmulatorTestCase
{
    Q_OBJECT

private Q_SLOTS:
    void roundRobin();
    void perPodLimit();
    void globalLimit();
    void queuedWorkWaitsForAConnection();
    void busyConnectionsGive503();
    void zeroParallelismServesNothing_data();
    void zeroParallelismServesNothing();
    void overflowingParallelismServesNothing();

private:
    QList<RawFunction *> functions(const SlimFaasFunctionConfig &config, int count);
    void post(const QString &function, int count);
    // The requests a connection holds without having answered them.
    static int unanswered(const RawFunction *raw, const QSet<QString> &answered);
};

QList<RawFunction *> tst_EmulatorDispatch::functions(const SlimFaasFunctionConfig &config,
                                                     int count)
{
    QList<RawFunction *> raws;
    for (int i = 0; i < count; ++i)
        raws.append(harness->function(config));
    return raws;
}

void tst_EmulatorDispatch::post(const QString &function, int count)
{
    for (int i = 0; i < count; ++i) {
        QNetworkReply *reply = harness->call(
                "POST", QStringLiteral("/async-function/%1/%2").arg(function).arg(i));
        QCOMPARE(EmulatorHarness::statusOf(reply), 202);
    }
}

int tst_EmulatorDispatch::unanswered(const RawFunction *raw, const QSet<QString> &answered)
{
    int count = 0;
    for (const SlimFaasAsyncRequest &request : raw->requests())
        count += answered.contains(request.elementId()) ? 0 : 1;
    return count;
}

void tst_EmulatorDispatch::roundRobin()
{
    const QList<RawFunction *> raws = functions(SlimFaasFunctionConfig(QStringLiteral("rr")), 3);
    for (int i = 0; i < 9; ++i) {
        QNetworkReply *reply
                = harness->call("POST", QStringLiteral("/async-function/rr/%1").arg(i));
        QCOMPARE(EmulatorHarness::statusOf(reply), 202);
        QTRY_COMPARE(raws[0]->requests().size() + raws[1]->requests().size()
                             + raws[2]->requests().size(),
                     i + 1);
        // Answer at once, so that every connection is free for the next request.
        for (RawFunction *raw : raws)
            for (const auto &request : raw->requests())
                if (request.path() == QString::number(i))
                    raw->callback(request.elementId(), 200);
    }
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

// With numberParallelRequestPerPod = 2, no connection ever holds more than two unanswered
// requests, while the whole queue is worked through.
void tst_EmulatorDispatch::perPodLimit()
{
    SlimFaasFunctionConfig config(QStringLiteral("limited"));
    config.setNumberParallelRequestPerPod(2);
    config.setNumberParallelRequest(100);
    const QList<RawFunction *> raws = functions(config, 3);
    QSet<QString> answered;
    int highest = 0;
    auto check = [&] {
        for (const RawFunction *raw : raws)
            highest = qMax(highest, unanswered(raw, answered));
    };
    for (const RawFunction *raw : raws)
        connect(&raw->socket, &QWebSocket::textMessageReceived, this, check);

    post(QStringLiteral("limited"), 12);
    QTRY_COMPARE(raws[0]->requests().size() + raws[1]->requests().size()
                         + raws[2]->requests().size(),
                 6);
    QTest::qWait(200);
    for (const RawFunction *raw : raws)
        QCOMPARE(raw->requests().size(), 2);
    QCOMPARE(emulator->queueLength(QStringLiteral("limited")), 6);

    // Answering one frees exactly one slot, on that connection.
    const QString first = raws[1]->requests().first().elementId();
    answered.insert(first);
    raws[1]->callback(first, 200);
    QTRY_COMPARE(raws[1]->requests().size(), 3);
    QTest::qWait(100);
    QCOMPARE(raws[0]->requests().size() + raws[2]->requests().size(), 4);
    QCOMPARE(emulator->queueLength(QStringLiteral("limited")), 5);

    // Answer everything as it comes: the limit holds all the way.
    QSignalSpy completed(emulator, &SlimFaasEmulator::asyncRequestCompleted);
    QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (RawFunction *raw : raws) {
                    for (const SlimFaasAsyncRequest &request : raw->requests()) {
                        if (!answered.contains(request.elementId())) {
                            answered.insert(request.elementId());
                            raw->callback(request.elementId(), 200);
                        }
                    }
                }
                return completed.size() == 11;
            }(),
            10000);
    QCOMPARE(highest, 2);
    QCOMPARE(emulator->queueLength(QStringLiteral("limited")), 0);
}

// numberParallelRequest caps the attempts in flight across all connections.
void tst_EmulatorDispatch::globalLimit()
{
    SlimFaasFunctionConfig config(QStringLiteral("global"));
    config.setNumberParallelRequestPerPod(10);
    config.setNumberParallelRequest(3);
    const QList<RawFunction *> raws = functions(config, 2);
    post(QStringLiteral("global"), 10);
    QTRY_COMPARE(raws[0]->requests().size() + raws[1]->requests().size(), 3);
    QTest::qWait(200);
    QCOMPARE(raws[0]->requests().size() + raws[1]->requests().size(), 3);
    QCOMPARE(emulator->queueLength(QStringLiteral("global")), 7);
    // One answer, one more in flight.
    raws[0]->callback(raws[0]->requests().first().elementId(), 200);
    QTRY_COMPARE(raws[0]->requests().size() + raws[1]->requests().size(), 4);
    QTest::qWait(100);
    QCOMPARE(raws[0]->requests().size() + raws[1]->requests().size(), 4);
    QCOMPARE(emulator->queueLength(QStringLiteral("global")), 6);
}

// Queued requests outlive the function's connections (only the configuration is forgotten)
// and go to the next connection that registers, whatever its configuration, in the order
// they arrived: the retried one keeps its place.
void tst_EmulatorDispatch::queuedWorkWaitsForAConnection()
{
    SlimFaasFunctionConfig config(QStringLiteral("waiting"));
    config.setNumberParallelRequestPerPod(1);
    RawFunction *first = harness->function(config);
    post(QStringLiteral("waiting"), 2);
    QTRY_COMPARE(first->requests().size(), 1);
    QCOMPARE(emulator->queueLength(QStringLiteral("waiting")), 1);
    first->socket.close(); // request 0 fails with 503 and comes back after its retry delay
    QTRY_COMPARE(emulator->queueLength(QStringLiteral("waiting")), 2);
    QCOMPARE(emulator->replicas(QStringLiteral("waiting")), 0);
    RawFunction *second = harness->function(SlimFaasFunctionConfig(QStringLiteral("waiting")));
    QTRY_COMPARE(second->requests().size(), 2); // per pod: 10 now
    QCOMPARE(second->requests().at(0).path(), QStringLiteral("0"));
    QCOMPARE(second->requests().at(0).tryNumber(), 2);
    QCOMPARE(second->requests().at(1).path(), QStringLiteral("1"));
    QCOMPARE(second->requests().at(1).tryNumber(), 1);
}

// Sync streams and pending callbacks share numberParallelRequestPerPod: once a connection
// is full, a sync call gets 503 and an async attempt fails with 503 (and is retried).
void tst_EmulatorDispatch::busyConnectionsGive503()
{
    SlimFaasFunctionConfig config(QStringLiteral("busy"));
    config.setNumberParallelRequestPerPod(1);
    RawFunction *raw = harness->function(config);
    harness->call("GET", QStringLiteral("/function/busy/first")); // never answered: holds the slot
    QTRY_COMPARE(raw->framesOf(MessageType::SyncRequestStart).size(), 1);
    QCOMPARE(EmulatorHarness::statusOf(
                     harness->call("GET", QStringLiteral("/function/busy/second"))),
             503);

    QSignalSpy retries(emulator, &SlimFaasEmulator::asyncRequestRetryScheduled);
    QCOMPARE(EmulatorHarness::statusOf(
                     harness->call("POST", QStringLiteral("/async-function/busy/job"))),
             202);
    QTRY_VERIFY(!retries.isEmpty());
    QCOMPARE(retries.first().at(2).toInt(), 503);
    QVERIFY(raw->requests().isEmpty());
}

void tst_EmulatorDispatch::zeroParallelismServesNothing_data()
{
    QTest::addColumn<int>("parallel");
    QTest::addColumn<int>("perPod");
    QTest::newRow("numberParallelRequest 0") << 0 << 10;
    QTest::newRow("numberParallelRequestPerPod 0") << 10 << 0;
}

// SlimFaas's worker allows min(numberParallelRequest, connections x perPod) requests in
// flight: with either at 0 none is ever dispatched (they stay queued). A sync call only
// looks at the per-pod limit: at 0 no connection is under it, 503. The emulator warns at
// registration.
void tst_EmulatorDispatch::zeroParallelismServesNothing()
{
    QFETCH(int, parallel);
    QFETCH(int, perPod);
    SlimFaasFunctionConfig config(QStringLiteral("stuck"));
    config.setNumberParallelRequest(parallel);
    config.setNumberParallelRequestPerPod(perPod);
    QSignalSpy warnings(emulator, &SlimFaasEmulator::warningRaised);
    RawFunction *raw = harness->function(config);
    QCOMPARE(warnings.size(), 1);
    QCOMPARE(warnings.first().at(0).toString(), QStringLiteral("parallelism-zero"));
    QCOMPARE(warnings.first().at(1).toString(), QStringLiteral("stuck"));
    post(QStringLiteral("stuck"), 2);
    QNetworkReply *sync = harness->call("GET", QStringLiteral("/function/stuck/now"));
    if (perPod == 0)
        QCOMPARE(EmulatorHarness::statusOf(sync), 503);
    else
        QTRY_COMPARE(raw->framesOf(MessageType::SyncRequestStart).size(), 1);
    QTest::qWait(200);
    QCOMPARE(raw->envelopes.size(), 1); // its RegisterResponse: no AsyncRequest
    QCOMPARE(raw->frames.isEmpty(), perPod == 0);
    QCOMPARE(emulator->queueLength(QStringLiteral("stuck")), 2);
}

// SlimFaas computes replicas x numberParallelRequestPerPod in a C# int: past 2^31 - 1 it
// wraps, here to a negative number, and its worker dispatches nothing. The replica that makes
// it overflow is warned about; sync calls, which only look at the per-pod limit, go on.
void tst_EmulatorDispatch::overflowingParallelismServesNothing()
{
    SlimFaasFunctionConfig config(QStringLiteral("huge"));
    config.setNumberParallelRequestPerPod(1 << 30);
    QSignalSpy warnings(emulator, &SlimFaasEmulator::warningRaised);
    RawFunction *first = harness->function(config);
    QVERIFY(warnings.isEmpty()); // 2^30 fits
    post(QStringLiteral("huge"), 1);
    QTRY_COMPARE(first->requests().size(), 1);
    first->callback(first->requests().first().elementId(), 200);

    RawFunction *second = harness->function(config); // 2 x 2^30 = 2^31: wraps to -2^31
    QCOMPARE(warnings.size(), 1);
    QCOMPARE(warnings.first().at(0).toString(), QStringLiteral("parallelism-overflow"));
    QCOMPARE(warnings.first().at(1).toString(), QStringLiteral("huge"));
    QVERIFY(warnings.first().at(2).toString().contains(QLatin1String("-2147483648")));
    post(QStringLiteral("huge"), 2);
    QTest::qWait(200);
    QCOMPARE(first->requests().size() + second->requests().size(), 1);
    QCOMPARE(emulator->queueLength(QStringLiteral("huge")), 2);
    QNetworkReply *sync = harness->call("GET", QStringLiteral("/function/huge/now"));
    QTRY_COMPARE(first->framesOf(MessageType::SyncRequestStart).size()
                         + second->framesOf(MessageType::SyncRequestStart).size(),
                 1);
    sync->abort();
}

QTEST_GUILESS_MAIN(tst_EmulatorDispatch)
#include "tst_emulatordispatch.moc"
