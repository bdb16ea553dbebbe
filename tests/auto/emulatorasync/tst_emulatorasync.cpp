// SPDX-License-Identifier: MIT
// Async requests through the emulator's /async-function route (docs/protocol.md §4, §8), with the
// real client library where the client's own behaviour matters.

#include <emulatortestcase.h>
#include <slimfaasclient.h>

#include <QtCore/qelapsedtimer.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

using SlimFaasProtocol::MessageType;

class tst_EmulatorAsync : public EmulatorTestCase
{
    Q_OBJECT

private Q_SLOTS:
    void statusRecordedWithRealClient();
    void requestCarriesTheCall();
    void failureIsRetriedWithTheServersIsLastTry();
    void defaultAsyncIsIgnored();
    void successIsNotRetried();
    void deferredThenLaterCallback();
    void callbackAfterTheTimeout();
    void triesRunPastTheTimeoutOldestFirst();
    void timedOutTryEnds504WithNothingElseQueued_data();
    void timedOutTryEnds504WithNothingElseQueued();
    void retryKeepsItsPlaceInTheQueue();
    void explicit202EndsTheWaitUnrecorded();
    void bodyOverOneMebibyteArrivesNull();
    void bodiesAsTheServerGivesThem();
    void wrongCaseNameIsNeverDelivered();
    void missingStatusCodeMeans200();
    void callbackStatusAsTheServerReadsIt_data();
    void callbackStatusAsTheServerReadsIt();
    void clientSendsTheCallbackTheServerReads();
    void callbackReadTheSameInEverySpelling_data();
    void callbackReadTheSameInEverySpelling();
    void timeoutGives504();
    void disconnectGives503AndRedelivers();
    void unknownFunctionIs404();
    void privatePathNeedsTrustedCaller();

private:
    SlimFaasClient *client(const QString &name,
                           std::function<int(const SlimFaasAsyncRequest &)> handler);
};

SlimFaasClient *tst_EmulatorAsync::client(const QString &name,
                                          std::function<int(const SlimFaasAsyncRequest &)> handler)
{
    auto *client
            = new SlimFaasClient(emulator->webSocketUrl(), SlimFaasFunctionConfig(name), harness);
    client->setAsyncRequestHandler(std::move(handler));
    client->open();
    if (!client->waitForReady(5000))
        qWarning("client %s not ready", qPrintable(name));
    return client;
}

void tst_EmulatorAsync::statusRecordedWithRealClient()
{
    SlimFaasAsyncRequest seen;
    client(QStringLiteral("real"), [&seen](const SlimFaasAsyncRequest &request) {
        seen = request;
        return 200;
    });
    QSignalSpy queued(emulator, &SlimFaasEmulator::asyncRequestQueued);
    QSignalSpy dispatched(emulator, &SlimFaasEmulator::asyncRequestDispatched);
    QSignalSpy completed(emulator, &SlimFaasEmulator::asyncRequestCompleted);
    QNetworkReply *reply = harness->call("POST", QStringLiteral("/async-function/real/hello"), "x");
    QCOMPARE(EmulatorHarness::statusOf(reply), 202);
    const QString elementId = QString::fromLatin1(reply->rawHeader("SlimFaas-Element-Id"));
    QVERIFY(!elementId.isEmpty());
    QTRY_COMPARE(completed.size(), 1);
    QCOMPARE(completed.first().at(0).toString(), QStringLiteral("real"));
    QCOMPARE(completed.first().at(1).toString(), elementId);
    QCOMPARE(completed.first().at(2).toInt(), 200);
    QCOMPARE(completed.first().at(3).toInt(), 1);
    QCOMPARE(queued.size(), 1);
    QCOMPARE(dispatched.size(), 1);
    QCOMPARE(dispatched.first().at(3).toInt(), 1);
    QCOMPARE(dispatched.first().at(4).toBool(), true); // SlimFaas's isLastTry, try 1
    QCOMPARE(seen.elementId(), elementId);
}

void tst_EmulatorAsync::requestCarriesTheCall()
{
    RawFunction *raw = harness->function(SlimFaasFunctionConfig(QStringLiteral("fields")));
    QSignalSpy lengths(emulator, &SlimFaasEmulator::queueLengthChanged);
    QCOMPARE(EmulatorHarness::statusOf(harness->call(
                     "PUT", QStringLiteral("/async-function/fields/hello/world?a=1&b=%20"),
                     QByteArray("\x00\x01payload", 9), { { "X-Custom", "v" } })),
             202);
    QCOMPARE(EmulatorHarness::statusOf(
                     harness->call("DELETE", QStringLiteral("/async-function/fields"))),
             202);
    QTRY_COMPARE(raw->requests().size(), 2);
    const SlimFaasAsyncRequest first = raw->requests().at(0);
    QCOMPARE(raw->of(MessageType::AsyncRequest).first().correlationId, first.elementId());
    QCOMPARE(first.method(), QStringLiteral("PUT"));
    QCOMPARE(first.path(), QStringLiteral("hello/world")); // no leading slash
    QCOMPARE(first.query(), QStringLiteral("?a=1&b=%20"));
    QCOMPARE(first.body(), QByteArray("\x00\x01payload", 9));
    QCOMPARE(first.header(QStringLiteral("x-custom")), QStringLiteral("v"));
    QCOMPARE(first.header(QStringLiteral("Content-Type")),
             QStringLiteral("application/octet-stream"));
    QCOMPARE(first.tryNumber(), 1);
    const SlimFaasAsyncRequest second = raw->requests().at(1);
    QCOMPARE(second.method(), QStringLiteral("DELETE"));
    QVERIFY(second.path().isEmpty());
    QVERIFY(second.query().isEmpty());
    // No body is sent as null.
    QVERIFY(raw->of(MessageType::AsyncRequest).at(1).payload[QLatin1String("body")].isNull());
    // Each request went into the queue (1) and out of it (0).
    QCOMPARE(lengths.size(), 4);
    for (int i = 0; i < 4; ++i)
        QCOMPARE(lengths.at(i).at(1).toInt(), i % 2 ? 0 : 1);
}

// isLastTry as SlimFaas's QueueElement.IsLastTry() computes it: true on tries 1 to 3, false
// on the fourth, which is the real last one.
void tst_EmulatorAsync::failureIsRetriedWithTheServersIsLastTry()
{
    QList<SlimFaasAsyncRequest> tries;
    client(QStringLiteral("flaky"), [&tries](const SlimFaasAsyncRequest &request) {
        tries.append(request);
        return 500;
    });
    QSignalSpy completed(emulator, &SlimFaasEmulator::asyncRequestCompleted);
    QSignalSpy retries(emulator, &SlimFaasEmulator::asyncRequestRetryScheduled);
    QCOMPARE(EmulatorHarness::statusOf(
                     harness->call("POST", QStringLiteral("/async-function/flaky"))),
             202);
    QTRY_COMPARE_WITH_TIMEOUT(completed.size(), 1, 10000);
    QCOMPARE(completed.first().at(2).toInt(), 500);
    QCOMPARE(completed.first().at(3).toInt(), 4);
    QCOMPARE(tries.size(), 4); // first try + [2,4,8]
    for (int i = 0; i < 4; ++i) {
        QCOMPARE(tries[i].tryNumber(), i + 1);
        QCOMPARE(tries[i].isLastTry(), i < 3);
        QCOMPARE(tries[i].elementId(), tries[0].elementId());
    }
    QCOMPARE(retries.size(), 3);
    const QList<int> delays{ 40, 80, 160 }; // [2,4,8] s scaled by 0.02
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(retries.at(i).at(2).toInt(), 500);
        QCOMPARE(retries.at(i).at(3).toInt(), i + 2);
        QCOMPARE(retries.at(i).at(4).toInt(), delays.at(i));
    }
}

// SlimFaas never reads DefaultAsync for a WebSocket function: its own statuses are not
// retried, 500 is, on the default delays. The emulator warns at registration.
void tst_EmulatorAsync::defaultAsyncIsIgnored()
{
    SlimFaasFunctionConfig config(QStringLiteral("teapot"));
    config.setConfiguration(QStringLiteral(
            R"({"DefaultAsync":{"TimeoutRetries":[1,1],"HttpStatusRetries":[418]}})"));
    QSignalSpy warnings(emulator, &SlimFaasEmulator::warningRaised);
    RawFunction *raw = harness->function(config);
    QCOMPARE(warnings.size(), 1);
    QCOMPARE(warnings.first().at(0).toString(), QStringLiteral("default-async-ignored"));
    QCOMPARE(warnings.first().at(1).toString(), QStringLiteral("teapot"));
    QSignalSpy completed(emulator, &SlimFaasEmulator::asyncRequestCompleted);
    QSignalSpy retries(emulator, &SlimFaasEmulator::asyncRequestRetryScheduled);
    QCOMPARE(EmulatorHarness::statusOf(
                     harness->call("POST", QStringLiteral("/async-function/teapot/a"))),
             202);
    QTRY_COMPARE(raw->requests().size(), 1);
    raw->callback(raw->requests().at(0).elementId(), 418); // not retried by SlimFaas
    QTRY_COMPARE(completed.size(), 1);
    QCOMPARE(completed.at(0).at(2).toInt(), 418);
    QCOMPARE(completed.at(0).at(3).toInt(), 1);
    QCOMPARE(EmulatorHarness::statusOf(
                     harness->call("POST", QStringLiteral("/async-function/teapot/b"))),
             202);
    QTRY_COMPARE(raw->requests().size(), 2);
    raw->callback(raw->requests().at(1).elementId(), 500);
    QTRY_COMPARE(retries.size(), 1);
    QCOMPARE(retries.first().at(4).toInt(), 40); // 2 s, scaled: the default schedule
    QTRY_COMPARE(raw->requests().size(), 3);
    QCOMPARE(raw->requests().at(2).tryNumber(), 2);
    QVERIFY(raw->requests().at(2).isLastTry()); // of 4 tries, not of 3
    QCOMPARE(warnings.size(), 1);
}

void tst_EmulatorAsync::successIsNotRetried()
{
    RawFunction *raw = harness->function(SlimFaasFunctionConfig(QStringLiteral("done")));
    QSignalSpy completed(emulator, &SlimFaasEmulator::asyncRequestCompleted);
    QSignalSpy retries(emulator, &SlimFaasEmulator::asyncRequestRetryScheduled);
    QCOMPARE(EmulatorHarness::statusOf(
                     harness->call("POST", QStringLiteral("/async-function/done"))),
             202);
    QTRY_COMPARE(raw->requests().size(), 1);
    raw->callback(raw->requests().first().elementId(), 404); // not a retried status
    QTRY_COMPARE(completed.size(), 1);
    QCOMPARE(completed.first().at(2).toInt(), 404);
    QTest::qWait(100);
    QCOMPARE(retries.size(), 0);
    QCOMPARE(raw->requests().size(), 1);
}

// The client's handler returns 202: it sends nothing, and answers later with the same
// elementId; SlimFaas keeps waiting for that answer.
void tst_EmulatorAsync::deferredThenLaterCallback()
{
    SlimFaasClient *slow
            = client(QStringLiteral("slow"), [](const SlimFaasAsyncRequest &) { return 202; });
    QSignalSpy completed(emulator, &SlimFaasEmulator::asyncRequestCompleted);
    QCOMPARE(EmulatorHarness::statusOf(
                     harness->call("POST", QStringLiteral("/async-function/slow/job"))),
             202);
    QTRY_COMPARE(slow->pendingRequestCount(), 1);
    QTest::qWait(200);
    QCOMPARE(completed.size(), 0);
    QVERIFY(slow->sendCallback(slow->pendingRequests().first().elementId(), 201));
    QTRY_COMPARE(completed.size(), 1);
    QCOMPARE(completed.first().at(2).toInt(), 201);
}

// Past asyncTimeout (120 s on SlimFaas) the try is recorded 504 at the next dequeue of the
// function's queue; the connection keeps waiting (and its slot taken) until the callback or
// callbackTimeout; that callback is then dropped. Before such a dequeue it still counts.
void tst_EmulatorAsync::callbackAfterTheTimeout()
{
    emulator->setAsyncTimeout(150);
    emulator->setRetryDelayScale(1); // no dequeue of its own before 150 ms + 2 s
    RawFunction *raw = harness->function(SlimFaasFunctionConfig(QStringLiteral("late")));
    QSignalSpy completed(emulator, &SlimFaasEmulator::asyncRequestCompleted);
    QSignalSpy warnings(emulator, &SlimFaasEmulator::warningRaised);
    auto post = [this] {
        return EmulatorHarness::statusOf(
                harness->call("POST", QStringLiteral("/async-function/late")));
    };
    QCOMPARE(post(), 202);
    QTRY_COMPARE(raw->requests().size(), 1);
    QTest::qWait(250);
    QCOMPARE(completed.size(), 0); // no dequeue yet: nothing recorded
    raw->callback(raw->requests().at(0).elementId(), 200);
    QTRY_COMPARE(completed.size(), 1);
    QCOMPARE(completed.at(0).at(2).toInt(), 200); // counted, but...
    QCOMPARE(warnings.size(), 1);
    QCOMPARE(warnings.at(0).at(0).toString(), QStringLiteral("late-callback"));
    QCOMPARE(warnings.at(0).at(1).toString(), QStringLiteral("late"));

    QCOMPARE(post(), 202);
    QTRY_COMPARE(raw->requests().size(), 2);
    const QString slow = raw->requests().at(1).elementId();
    QTest::qWait(250);
    QCOMPARE(post(), 202); // this dequeue records the slow try as 504
    QTRY_COMPARE(completed.size(), 2);
    QCOMPARE(completed.at(1).at(1).toString(), slow);
    QCOMPARE(completed.at(1).at(2).toInt(), 504);
    QTRY_COMPARE(raw->requests().size(), 3);
    QCOMPARE(harness->activeRequests(QStringLiteral("late")), 2); // the slow one still waits
    raw->callback(slow, 200);
    QTRY_COMPARE(warnings.size(), 2);
    QCOMPARE(warnings.at(1).at(0).toString(), QStringLiteral("late-callback"));
    QTRY_COMPARE(harness->activeRequests(QStringLiteral("late")), 1);
    QCOMPARE(completed.size(), 2); // dropped
}

// A dequeue records 504 for the tries that have run past asyncTimeout and leaves the younger
// ones running, however many are in flight; a later dequeue records those in their turn.
void tst_EmulatorAsync::triesRunPastTheTimeoutOldestFirst()
{
    emulator->setAsyncTimeout(1000);
    emulator->setRetryDelayScale(1); // no dequeue of its own before 1 s + 2 s
    RawFunction *raw = harness->function(SlimFaasFunctionConfig(QStringLiteral("aging")));
    QSignalSpy completed(emulator, &SlimFaasEmulator::asyncRequestCompleted);
    auto post = [this] {
        return EmulatorHarness::statusOf(
                harness->call("POST", QStringLiteral("/async-function/aging")));
    };
    QCOMPARE(post(), 202);
    QTRY_COMPARE(raw->requests().size(), 1);
    QTest::qWait(600);
    QCOMPARE(post(), 202);
    QTRY_COMPARE(raw->requests().size(), 2);
    QTest::qWait(600); // the first try is past its 1000 ms, the second is not
    QCOMPARE(post(), 202);
    QTRY_COMPARE(completed.size(), 1);
    QCOMPARE(completed.at(0).at(1).toString(), raw->requests().at(0).elementId());
    QCOMPARE(completed.at(0).at(2).toInt(), 504);
    QTRY_COMPARE(raw->requests().size(), 3);
    QTest::qWait(600); // now the second is past it, the third is not
    QCOMPARE(post(), 202);
    QTRY_COMPARE(completed.size(), 2);
    QCOMPARE(completed.at(1).at(1).toString(), raw->requests().at(1).elementId());
    QCOMPARE(completed.at(1).at(2).toInt(), 504);
    QTRY_COMPARE(raw->requests().size(), 4);
    QCOMPARE(completed.size(), 2);
}

void tst_EmulatorAsync::timedOutTryEnds504WithNothingElseQueued_data()
{
    QTest::addColumn<bool>("callback202");
    QTest::newRow("no callback") << false;
    QTest::newRow("a 202 callback") << true;
}

// On SlimFaas a try without an end becomes available again asyncTimeout + its retry delay
// (2 s, here scaled) after it began, and the worker's dequeue for it records the 504 by
// itself: an idle function's request ends 504 without any other request to dequeue it. A
// callback that comes after that is dropped.
void tst_EmulatorAsync::timedOutTryEnds504WithNothingElseQueued()
{
    QFETCH(bool, callback202);
    emulator->setAsyncTimeout(150);
    RawFunction *raw = harness->function(SlimFaasFunctionConfig(QStringLiteral("idle")));
    QSignalSpy completed(emulator, &SlimFaasEmulator::asyncRequestCompleted);
    QSignalSpy warnings(emulator, &SlimFaasEmulator::warningRaised);
    QElapsedTimer clock;
    clock.start();
    QCOMPARE(EmulatorHarness::statusOf(
                     harness->call("POST", QStringLiteral("/async-function/idle"))),
             202);
    QTRY_COMPARE(raw->requests().size(), 1);
    const QString elementId = raw->requests().first().elementId();
    if (callback202)
        raw->callback(elementId, 202);
    QTRY_COMPARE(completed.size(), 1);
    QVERIFY(clock.elapsed() >= 150 + 40);
    QCOMPARE(completed.first().at(1).toString(), elementId);
    QCOMPARE(completed.first().at(2).toInt(), 504);
    QCOMPARE(completed.first().at(3).toInt(), 1);
    QCOMPARE(raw->requests().size(), 1); // 504 is final
    if (callback202)
        return;
    warnings.clear();
    raw->callback(elementId, 200);
    QTRY_COMPARE(warnings.size(), 1);
    QCOMPARE(warnings.first().at(0).toString(), QStringLiteral("late-callback"));
    QVERIFY(warnings.first().at(2).toString().contains(QLatin1String("drops it")));
    QTRY_COMPARE(harness->activeRequests(QStringLiteral("idle")), 0);
    QCOMPARE(completed.size(), 1);
}

// SlimFaas's queue keeps items in the order they arrived: once its retry delay is over, a
// retried request is dispatched before the requests that came after it.
void tst_EmulatorAsync::retryKeepsItsPlaceInTheQueue()
{
    SlimFaasFunctionConfig config(QStringLiteral("backlog"));
    config.setNumberParallelRequest(1);
    RawFunction *raw = harness->function(config);
    auto post = [this](const char *path) {
        return EmulatorHarness::statusOf(harness->call(
                "POST", QStringLiteral("/async-function/backlog/") + QLatin1String(path)));
    };
    QCOMPARE(post("first"), 202);
    QTRY_COMPARE(raw->requests().size(), 1);
    raw->callback(raw->requests().at(0).elementId(), 500); // retried after 40 ms
    QCOMPARE(post("second"), 202);
    QTRY_COMPARE(raw->requests().size(), 2); // takes the only slot
    QCOMPARE(raw->requests().at(1).path(), QStringLiteral("second"));
    QCOMPARE(post("third"), 202);
    QTRY_COMPARE(emulator->queueLength(QStringLiteral("backlog")), 2); // third, and first back
    raw->callback(raw->requests().at(1).elementId(), 200);
    QTRY_COMPARE(raw->requests().size(), 3);
    QCOMPARE(raw->requests().at(2).path(), QStringLiteral("first"));
    QCOMPARE(raw->requests().at(2).tryNumber(), 2);
    raw->callback(raw->requests().at(2).elementId(), 200);
    QTRY_COMPARE(raw->requests().size(), 4);
    QCOMPARE(raw->requests().at(3).path(), QStringLiteral("third"));
}

// An AsyncCallback carrying 202 ends the connection's wait, but SlimFaas records nothing for
// it: the try ends as 504 once past its timeout, and a later callback is unknown.
void tst_EmulatorAsync::explicit202EndsTheWaitUnrecorded()
{
    RawFunction *raw = harness->function(SlimFaasFunctionConfig(QStringLiteral("eager")));
    QSignalSpy completed(emulator, &SlimFaasEmulator::asyncRequestCompleted);
    QSignalSpy rejected(emulator, &SlimFaasEmulator::messageRejected);
    QSignalSpy warnings(emulator, &SlimFaasEmulator::warningRaised);
    QCOMPARE(EmulatorHarness::statusOf(
                     harness->call("POST", QStringLiteral("/async-function/eager"))),
             202);
    QTRY_COMPARE(raw->requests().size(), 1);
    const QString elementId = raw->requests().first().elementId();
    raw->callback(elementId, 202);
    QTRY_COMPARE(warnings.size(), 1);
    QCOMPARE(warnings.first().at(0).toString(), QStringLiteral("callback-202"));
    QCOMPARE(harness->activeRequests(QStringLiteral("eager")), 0); // the wait is over
    emulator->setAsyncTimeout(150); // now, so that the 202 cannot be late on a slow machine
    raw->callback(elementId, 200);
    QTRY_COMPARE(rejected.size(), 1); // unknown now
    QVERIFY(rejected.first().at(1).toString().contains(elementId));
    QTest::qWait(200);
    QCOMPARE(completed.size(), 0);
    QCOMPARE(EmulatorHarness::statusOf(
                     harness->call("POST", QStringLiteral("/async-function/eager"))),
             202);
    QTRY_COMPARE(completed.size(), 1);
    QCOMPARE(completed.first().at(1).toString(), elementId);
    QCOMPARE(completed.first().at(2).toInt(), 504);
}

// SlimFaas offloads an async body over 1 MiB to a file and the WebSocket path sends null.
void tst_EmulatorAsync::bodyOverOneMebibyteArrivesNull()
{
    RawFunction *raw = harness->function(SlimFaasFunctionConfig(QStringLiteral("big")));
    QSignalSpy warnings(emulator, &SlimFaasEmulator::warningRaised);
    const QByteArray limit(int(SlimFaasEmulator::AsyncBodyOffloadThreshold), 'a');
    QCOMPARE(EmulatorHarness::statusOf(
                     harness->call("POST", QStringLiteral("/async-function/big/ok"), limit)),
             202);
    QCOMPARE(EmulatorHarness::statusOf(harness->call(
                     "POST", QStringLiteral("/async-function/big/over"), limit + "b")),
             202);
    QTRY_COMPARE(raw->requests().size(), 2);
    QCOMPARE(raw->requests().at(0).body(), limit);
    QVERIFY(raw->of(MessageType::AsyncRequest).at(1).payload[QLatin1String("body")].isNull());
    QVERIFY(!raw->requests().at(1).hasBody());
    QCOMPARE(warnings.size(), 1);
    QCOMPARE(warnings.first().at(0).toString(), QStringLiteral("async-body-dropped"));
    QCOMPARE(warnings.first().at(1).toString(), QStringLiteral("big"));
}

// An empty POST, PUT or PATCH body is "" (hasBody() true); GET, HEAD, DELETE and TRACE give
// null (hasBody() false) even when the caller sent a body.
void tst_EmulatorAsync::bodiesAsTheServerGivesThem()
{
    QList<SlimFaasAsyncRequest> seen;
    client(QStringLiteral("bodies"), [&seen](const SlimFaasAsyncRequest &request) {
        seen.append(request);
        return 200;
    });
    const QList<QPair<QByteArray, QByteArray>> calls{ { "POST", {} },  { "PUT", {} },
                                                      { "PATCH", {} }, { "POST", "x" },
                                                      { "GET", "x" },  { "DELETE", "x" },
                                                      { "HEAD", {} } };
    for (const auto &call : calls) {
        QCOMPARE(EmulatorHarness::statusOf(harness->call(
                         call.first, QStringLiteral("/async-function/bodies"), call.second)),
                 202);
        QTRY_COMPARE(seen.size(), int(calls.indexOf(call)) + 1);
    }
    for (int i = 0; i < 7; ++i) {
        QCOMPARE(seen[i].method(), QString::fromLatin1(calls[i].first));
        QCOMPARE(seen[i].hasBody(), i < 4);
        QCOMPARE(seen[i].body(), i < 4 ? calls[i].second : QByteArray());
    }
}

// SlimFaas finds a function ignoring case but queues the request under the caller's
// spelling, which no worker serves: 202, then nothing.
void tst_EmulatorAsync::wrongCaseNameIsNeverDelivered()
{
    RawFunction *raw = harness->function(SlimFaasFunctionConfig(QStringLiteral("Mixed")));
    QSignalSpy warnings(emulator, &SlimFaasEmulator::warningRaised);
    QCOMPARE(EmulatorHarness::statusOf(
                     harness->call("POST", QStringLiteral("/async-function/mixed/x"))),
             202);
    QCOMPARE(warnings.size(), 1);
    QCOMPARE(warnings.first().at(0).toString(), QStringLiteral("function-name-case"));
    QCOMPARE(warnings.first().at(1).toString(), QStringLiteral("Mixed"));
    QCOMPARE(emulator->queueLength(QStringLiteral("mixed")), 1);
    QCOMPARE(EmulatorHarness::statusOf(
                     harness->call("POST", QStringLiteral("/async-function/Mixed/y"))),
             202);
    QTRY_COMPARE(raw->requests().size(), 1);
    QCOMPARE(raw->requests().first().path(), QStringLiteral("y"));
    QTest::qWait(100);
    QCOMPARE(raw->requests().size(), 1);
    QCOMPARE(emulator->queueLength(QStringLiteral("mixed")), 1);
}

// SlimFaas's AsyncCallbackPayload defaults statusCode to 200.
void tst_EmulatorAsync::missingStatusCodeMeans200()
{
    RawFunction *raw = harness->function(SlimFaasFunctionConfig(QStringLiteral("terse")));
    QSignalSpy completed(emulator, &SlimFaasEmulator::asyncRequestCompleted);
    QCOMPARE(EmulatorHarness::statusOf(
                     harness->call("POST", QStringLiteral("/async-function/terse"))),
             202);
    QTRY_COMPARE(raw->requests().size(), 1);
    const QString elementId = raw->requests().first().elementId();
    raw->send(MessageType::AsyncCallback, elementId,
              QJsonObject{ { QLatin1String("elementId"), elementId } });
    QTRY_COMPARE(completed.size(), 1);
    QCOMPARE(completed.first().at(2).toInt(), 200);
}

void tst_EmulatorAsync::callbackStatusAsTheServerReadsIt_data()
{
    QTest::addColumn<QByteArray>("status");
    QTest::newRow("200.0") << QByteArray("200.0");
    QTest::newRow("2e2") << QByteArray("2e2");
    QTest::newRow("a string") << QByteArray("\"200\"");
    QTest::newRow("null") << QByteArray("null");
}

// SlimFaas deserialises statusCode into an int: 200.0, "200" or null make it drop the
// callback, and the request keeps its slot until the connection's wait ends (504).
void tst_EmulatorAsync::callbackStatusAsTheServerReadsIt()
{
    QFETCH(QByteArray, status);
    emulator->setCallbackTimeout(500);
    RawFunction *raw = harness->function(SlimFaasFunctionConfig(QStringLiteral("decimal")));
    QSignalSpy completed(emulator, &SlimFaasEmulator::asyncRequestCompleted);
    QSignalSpy warnings(emulator, &SlimFaasEmulator::warningRaised);
    QCOMPARE(EmulatorHarness::statusOf(
                     harness->call("POST", QStringLiteral("/async-function/decimal"))),
             202);
    QTRY_COMPARE(raw->requests().size(), 1);
    const QByteArray id = raw->requests().first().elementId().toLatin1();
    raw->socket.sendTextMessage(QString::fromLatin1(R"({"type":3,"correlationId":")" + id
                                                    + R"(","payload":{"elementId":")" + id
                                                    + R"(","statusCode":)" + status + "}}"));
    QTRY_COMPARE(warnings.size(), 1);
    QCOMPARE(warnings.first().at(0).toString(), QStringLiteral("callback-unreadable"));
    QCOMPARE(warnings.first().at(1).toString(), QStringLiteral("decimal"));
    QVERIFY(warnings.first().at(2).toString().contains(QLatin1String("statusCode")));
    QCOMPARE(completed.size(), 0);
    QCOMPARE(harness->activeRequests(QStringLiteral("decimal")), 1);
    QTRY_COMPARE(completed.size(), 1);
    QCOMPARE(completed.first().at(2).toInt(), 504);
}

void tst_EmulatorAsync::callbackReadTheSameInEverySpelling_data()
{
    QTest::addColumn<QByteArray>("before"); // the text before the element id
    QTest::addColumn<QByteArray>("after");  // after it
    QTest::addColumn<int>("recorded");      // the status recorded, 504 when dropped
    QTest::addColumn<bool>("invalid");      // rejected as no JSON at all
    const QByteArray start = R"({"correlationId":"ID","payload":{"elementId":")";
    // SlimFaasClient's spelling, which the emulator reads without a JSON parser, then texts
    // that differ from it by a little and must be read as SlimFaas's deserialiser reads them.
    QTest::newRow("the client's") << start << QByteArray(R"(","statusCode":201},"type":3})") << 201
                                  << false;
    QTest::newRow("status 0") << start << QByteArray(R"(","statusCode":0},"type":3})") << 0
                              << false;
    QTest::newRow("four digits") << start << QByteArray(R"(","statusCode":2000},"type":3})") << 2000
                                 << false;
    QTest::newRow("leading zero") << start << QByteArray(R"(","statusCode":0200},"type":3})") << 504
                                  << true;
    QTest::newRow("decimal") << start << QByteArray(R"(","statusCode":200.0},"type":3})") << 504
                             << false;
    QTest::newRow("space") << start << QByteArray(R"(","statusCode": 203},"type":3})") << 203
                           << false;
    QTest::newRow("another member")
            << start << QByteArray(R"(","statusCode":204,"x":1},"type":3})") << 204 << false;
    QTest::newRow("escaped id") << QByteArray(R"({"correlationId":"ID","payload":{"elementId":"\u)")
                                << QByteArray(R"(","statusCode":205},"type":3})") << 205 << false;
    QTest::newRow("type 4") << start << QByteArray(R"(","statusCode":206},"type":4})") << 504
                            << false;
    QTest::newRow("trailing text")
            << start << QByteArray(R"(","statusCode":207},"type":3}x)") << 504 << true;
}

// A callback in the client's spelling is read without a JSON parser: every other spelling
// goes through the general reader, and each is read as SlimFaas reads it.
void tst_EmulatorAsync::callbackReadTheSameInEverySpelling()
{
    QFETCH(QByteArray, before);
    QFETCH(QByteArray, after);
    QFETCH(int, recorded);
    QFETCH(bool, invalid);
    emulator->setCallbackTimeout(500);
    RawFunction *raw = harness->function(SlimFaasFunctionConfig(QStringLiteral("spelling")));
    QSignalSpy completed(emulator, &SlimFaasEmulator::asyncRequestCompleted);
    QSignalSpy rejected(emulator, &SlimFaasEmulator::messageRejected);
    QCOMPARE(EmulatorHarness::statusOf(
                     harness->call("POST", QStringLiteral("/async-function/spelling"))),
             202);
    QTRY_COMPARE(raw->requests().size(), 1);
    QByteArray id = raw->requests().first().elementId().toLatin1();
    if (before.endsWith("\\u"))
        id = QByteArray::number(uchar(id.at(0)), 16).rightJustified(4, '0') + id.mid(1);
    QByteArray text = before + id + after;
    text.replace("\"ID\"", '"' + raw->requests().first().elementId().toLatin1() + '"');
    raw->socket.sendTextMessage(QString::fromLatin1(text));
    QTRY_COMPARE(completed.size(), 1);
    QCOMPARE(completed.first().at(2).toInt(), recorded);
    QCOMPARE(!rejected.isEmpty()
                     && rejected.first().at(1).toString().contains(QLatin1String("invalid JSON")),
             invalid);
}

// The client library never sends a statusCode SlimFaas cannot read.
void tst_EmulatorAsync::clientSendsTheCallbackTheServerReads()
{
    QByteArray sent;
    connect(emulator, &SlimFaasEmulator::messageReceived, this,
            [&](const QString &, MessageType type, const QString &, const QByteArray &message) {
                if (type == MessageType::AsyncCallback)
                    sent = message;
            });
    SlimFaasClient *deferred
            = client(QStringLiteral("integral"), [](const SlimFaasAsyncRequest &) { return 202; });
    QSignalSpy completed(emulator, &SlimFaasEmulator::asyncRequestCompleted);
    QCOMPARE(EmulatorHarness::statusOf(
                     harness->call("POST", QStringLiteral("/async-function/integral"))),
             202);
    QTRY_COMPARE(deferred->pendingRequestCount(), 1);
    QVERIFY(deferred->sendCallback(deferred->pendingRequests().first().elementId(), 201));
    QTRY_COMPARE(completed.size(), 1);
    QCOMPARE(completed.first().at(2).toInt(), 201);
    QVERIFY2(sent.contains(R"("statusCode":201})"), sent.constData());
    QVERIFY(harness->warningCodes().isEmpty());
}

void tst_EmulatorAsync::timeoutGives504()
{
    emulator->setCallbackTimeout(200);
    RawFunction *raw = harness->function(SlimFaasFunctionConfig(QStringLiteral("silent")));
    QSignalSpy completed(emulator, &SlimFaasEmulator::asyncRequestCompleted);
    QCOMPARE(EmulatorHarness::statusOf(
                     harness->call("POST", QStringLiteral("/async-function/silent"))),
             202);
    QTRY_COMPARE(raw->requests().size(), 1);
    QTRY_COMPARE(completed.size(), 1);
    QCOMPARE(completed.first().at(2).toInt(), 504); // not a retried status by default
    // A late callback is unknown now: dropped.
    QSignalSpy rejected(emulator, &SlimFaasEmulator::messageRejected);
    raw->callback(raw->requests().first().elementId(), 200);
    QTRY_COMPARE(rejected.size(), 1);
    QCOMPARE(completed.size(), 1);
}

void tst_EmulatorAsync::disconnectGives503AndRedelivers()
{
    emulator->setRetryDelayScale(0.1); // first retry after 200 ms
    QList<SlimFaasAsyncRequest> received;
    SlimFaasClient *dropper
            = client(QStringLiteral("dropper"), [&received](const SlimFaasAsyncRequest &request) {
                  received.append(request);
                  return received.size() == 1 ? 202 : 200;
              });
    QSignalSpy retries(emulator, &SlimFaasEmulator::asyncRequestRetryScheduled);
    QSignalSpy completed(emulator, &SlimFaasEmulator::asyncRequestCompleted);
    QCOMPARE(EmulatorHarness::statusOf(
                     harness->call("POST", QStringLiteral("/async-function/dropper"))),
             202);
    QTRY_COMPARE(dropper->pendingRequestCount(), 1);
    const QString firstConnection = dropper->connectionId();

    dropper->close(); // the connection goes away with the callback pending
    QTRY_COMPARE(retries.size(), 1);
    QCOMPARE(retries.first().at(2).toInt(), 503);
    QCOMPARE(retries.first().at(3).toInt(), 2);
    dropper->open(); // back before the retry fires
    QVERIFY(dropper->waitForReady(5000));
    QVERIFY(dropper->connectionId() != firstConnection);

    QTRY_COMPARE(completed.size(), 1);
    QCOMPARE(completed.first().at(2).toInt(), 200);
    QCOMPARE(received.size(), 2);
    QCOMPARE(received[1].elementId(), received[0].elementId());
    QCOMPARE(received[1].tryNumber(), 2);
}

void tst_EmulatorAsync::unknownFunctionIs404()
{
    QCOMPARE(EmulatorHarness::statusOf(
                     harness->call("POST", QStringLiteral("/async-function/nobody/x"))),
             404);
    QCOMPARE(EmulatorHarness::statusOf(harness->call("POST", QStringLiteral("/async-function/"))),
             404);
    QCOMPARE(emulator->queueLength(QStringLiteral("nobody")), 0);
}

// A Private path is served to trusted callers only (nobody by default, loopback included);
// SlimFaas also trusts a caller whose X-Forwarded-For names a trusted address.
void tst_EmulatorAsync::privatePathNeedsTrustedCaller()
{
    SlimFaasFunctionConfig config(QStringLiteral("guarded"));
    config.addPathStartWithVisibility(QStringLiteral("admin"), SlimFaas::Visibility::Private);
    RawFunction *raw = harness->function(config);
    QVERIFY(emulator->trustedNetworks().isEmpty());
    emulator->setTrustedNetworks({ QHostAddress::parseSubnet(QStringLiteral("10.1.0.0/16")) });
    auto status = [this](const QString &path, const QByteArray &forwardedFor = {}) {
        QList<QPair<QByteArray, QByteArray>> headers;
        if (!forwardedFor.isEmpty())
            headers.append({ "X-Forwarded-For", forwardedFor });
        return EmulatorHarness::statusOf(harness->call("POST", path, {}, headers));
    };
    QCOMPARE(status(QStringLiteral("/async-function/guarded/admin/x")), 404);
    QCOMPARE(status(QStringLiteral("/async-function/guarded/ADMIN")), 404); // case-insensitive
    QCOMPARE(status(QStringLiteral("/async-function/guarded/public")), 202);
    QCOMPARE(status(QStringLiteral("/async-function/guarded/admin/x"), "192.168.0.1"), 404);
    QCOMPARE(status(QStringLiteral("/async-function/guarded/admin/y"), "192.168.0.1, 10.1.2.3:80"),
             202);
    QTRY_COMPARE(raw->requests().size(), 2);
    QCOMPARE(raw->requests().at(1).path(), QStringLiteral("admin/y"));
}

QTEST_GUILESS_MAIN(tst_EmulatorAsync)
#include "tst_emulatorasync.moc"
