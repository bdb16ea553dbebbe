// SPDX-License-Identifier: MIT
#include <slimfaaspendingrequests_p.h>

#include <QtCore/qthread.h>
#include <QtTest/qtest.h>

#include <atomic>

// SlimFaasPendingRequests: what the client may accept as the answer of a request, decided
// without any connection.
class tst_PendingRequests : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void nothingAcceptedWithoutRegistration();
    void answerOnce();
    void refusalOrder();
    void staleAttempts();
    void redeliveryReplacesAndForgetsSettled();
    void arrivalOrder();
    void expiry();
    void unregisterAbandonsAndInvalidatesGeneration();
    void settledRingIsBounded();
    void settledRingKeepsRedelivered();
    void takeFromManyThreads();
};

static SlimFaasAsyncRequest request(const QString &id, int tryNumber = 1,
                                    const QString &connectionId = QStringLiteral("c1"),
                                    const QDateTime &deadline = {})
{
    SlimFaasAsyncRequest r;
    r.setElementId(id);
    r.setTryNumber(tryNumber);
    r.setConnectionId(connectionId);
    r.setDeadline(deadline.isValid() ? deadline : QDateTime::currentDateTimeUtc().addSecs(300));
    return r;
}

void tst_PendingRequests::nothingAcceptedWithoutRegistration()
{
    SlimFaasPendingRequests pending;
    QCOMPARE(pending.generation(), 0u);
    QVERIFY(!pending.isCurrent(0));
    pending.add(request(QStringLiteral("a")));
    QCOMPARE(pending.take(QStringLiteral("a"), 200).refusal, SlimFaasClient::NotConnected);
    QVERIFY(pending.contains(QStringLiteral("a")));
}

void tst_PendingRequests::answerOnce()
{
    SlimFaasPendingRequests pending;
    const quint64 generation = pending.registerConnection(QStringLiteral("c1"));
    QVERIFY(generation != 0);
    QVERIFY(pending.add(request(QStringLiteral("a"))));
    QCOMPARE(pending.count(), 1);
    const auto first = pending.take(QStringLiteral("a"), 200);
    QCOMPARE(first.refusal, SlimFaasClient::NoRefusal);
    QCOMPARE(first.generation, generation);
    QVERIFY(pending.isCurrent(first.generation));
    QCOMPARE(pending.count(), 0);
    QCOMPARE(pending.take(QStringLiteral("a"), 200).refusal, SlimFaasClient::AlreadyAnswered);
    QCOMPARE(pending.take(QStringLiteral("never"), 200).refusal, SlimFaasClient::UnknownRequest);
}

void tst_PendingRequests::refusalOrder()
{
    SlimFaasPendingRequests pending;
    // An invalid status is refused as such, whatever else is wrong.
    QCOMPARE(pending.take(QStringLiteral("x"), 99).refusal, SlimFaasClient::InvalidStatus);
    QCOMPARE(pending.take(QStringLiteral("x"), 600).refusal, SlimFaasClient::InvalidStatus);
    pending.registerConnection(QStringLiteral("c1"));
    pending.add(request(QStringLiteral("a")));
    QCOMPARE(pending.take(QStringLiteral("a"), 0).refusal, SlimFaasClient::InvalidStatus);
    QVERIFY(pending.contains(QStringLiteral("a")));
    QCOMPARE(pending.take(QStringLiteral("a"), 100).refusal, SlimFaasClient::NoRefusal);
}

void tst_PendingRequests::staleAttempts()
{
    SlimFaasPendingRequests pending;
    pending.registerConnection(QStringLiteral("c2"));
    pending.add(request(QStringLiteral("a"), 2, QStringLiteral("c2")));
    const SlimFaasAsyncRequest otherConnection = request(QStringLiteral("a"), 2);
    QCOMPARE(pending.take(QStringLiteral("a"), 200, &otherConnection).refusal,
             SlimFaasClient::StaleAttempt);
    const SlimFaasAsyncRequest earlierTry = request(QStringLiteral("a"), 1, QStringLiteral("c2"));
    QCOMPARE(pending.take(QStringLiteral("a"), 200, &earlierTry).refusal,
             SlimFaasClient::StaleAttempt);
    const SlimFaasAsyncRequest current = request(QStringLiteral("a"), 2, QStringLiteral("c2"));
    QCOMPARE(pending.take(QStringLiteral("a"), 200, &current).refusal, SlimFaasClient::NoRefusal);
}

void tst_PendingRequests::redeliveryReplacesAndForgetsSettled()
{
    SlimFaasPendingRequests pending;
    pending.registerConnection(QStringLiteral("c1"));
    QVERIFY(pending.add(request(QStringLiteral("a"), 1)));
    QVERIFY(!pending.add(request(QStringLiteral("a"), 2)));
    QCOMPARE(pending.count(), 1);
    QCOMPARE(pending.requests().constFirst().tryNumber(), 2);
    QCOMPARE(pending.take(QStringLiteral("a"), 200).refusal, SlimFaasClient::NoRefusal);
    // Delivered again after its answer: pending anew, not "already answered".
    QVERIFY(pending.add(request(QStringLiteral("a"), 3)));
    QCOMPARE(pending.take(QStringLiteral("a"), 200).refusal, SlimFaasClient::NoRefusal);
}

void tst_PendingRequests::arrivalOrder()
{
    SlimFaasPendingRequests pending;
    pending.registerConnection(QStringLiteral("c1"));
    QStringList ids;
    for (int i = 0; i < 50; ++i) {
        ids.append(QStringLiteral("id-%1").arg(49 - i));
        pending.add(request(ids.constLast()));
    }
    QStringList seen;
    for (const SlimFaasAsyncRequest &r : pending.requests())
        seen.append(r.elementId());
    QCOMPARE(seen, ids);
}

void tst_PendingRequests::expiry()
{
    SlimFaasPendingRequests pending;
    pending.registerConnection(QStringLiteral("c1"));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QVERIFY(!pending.earliestDeadline().isValid());
    pending.add(request(QStringLiteral("late"), 1, QStringLiteral("c1"), now.addSecs(10)));
    pending.add(request(QStringLiteral("due"), 1, QStringLiteral("c1"), now));
    QCOMPARE(pending.earliestDeadline(), now);
    const QList<SlimFaasAsyncRequest> expired = pending.takeExpired(now);
    QCOMPARE(expired.size(), 1);
    QCOMPARE(expired.constFirst().elementId(), QStringLiteral("due"));
    QCOMPARE(pending.earliestDeadline(), now.addSecs(10));
    QCOMPARE(pending.take(QStringLiteral("due"), 200).refusal, SlimFaasClient::RequestExpired);
    QCOMPARE(pending.take(QStringLiteral("late"), 200).refusal, SlimFaasClient::NoRefusal);
}

void tst_PendingRequests::unregisterAbandonsAndInvalidatesGeneration()
{
    SlimFaasPendingRequests pending;
    pending.registerConnection(QStringLiteral("c1"));
    pending.add(request(QStringLiteral("a")));
    pending.add(request(QStringLiteral("b")));
    const auto accepted = pending.take(QStringLiteral("a"), 200);
    QCOMPARE(accepted.refusal, SlimFaasClient::NoRefusal);
    const QList<SlimFaasAsyncRequest> abandoned = pending.unregisterConnection();
    QCOMPARE(abandoned.size(), 1);
    QCOMPARE(abandoned.constFirst().elementId(), QStringLiteral("b"));
    QCOMPARE(pending.count(), 0);
    // The answer accepted before the loss may no longer be sent.
    QVERIFY(!pending.isCurrent(accepted.generation));
    QCOMPARE(pending.take(QStringLiteral("b"), 200).refusal, SlimFaasClient::NotConnected);
    // A new registration is a new generation, with nothing settled.
    const quint64 next = pending.registerConnection(QStringLiteral("c2"));
    QVERIFY(next != accepted.generation);
    QCOMPARE(pending.take(QStringLiteral("a"), 200).refusal, SlimFaasClient::UnknownRequest);
}

void tst_PendingRequests::settledRingIsBounded()
{
    SlimFaasPendingRequests pending(3);
    pending.registerConnection(QStringLiteral("c1"));
    for (int i = 0; i < 4; ++i) {
        pending.add(request(QString::number(i)));
        QCOMPARE(pending.take(QString::number(i), 200).refusal, SlimFaasClient::NoRefusal);
    }
    // The oldest fell out of the ring: unknown now, the newer three still remembered.
    QCOMPARE(pending.take(QStringLiteral("0"), 200).refusal, SlimFaasClient::UnknownRequest);
    for (int i = 1; i < 4; ++i)
        QCOMPARE(pending.take(QString::number(i), 200).refusal, SlimFaasClient::AlreadyAnswered);
}

// The oldest settled id is not forgotten when it is the one being settled again, nor while
// it is pending again.
void tst_PendingRequests::settledRingKeepsRedelivered()
{
    SlimFaasPendingRequests pending(2);
    pending.registerConnection(QStringLiteral("c1"));
    const auto answer = [&](const QString &id) {
        return pending.take(id, 200).refusal;
    };
    const QString a = QStringLiteral("a"), b = QStringLiteral("b"), c = QStringLiteral("c");
    pending.add(request(a));
    QCOMPARE(answer(a), SlimFaasClient::NoRefusal);
    pending.add(request(b));
    QCOMPARE(answer(b), SlimFaasClient::NoRefusal);
    QVERIFY(pending.add(request(a, 2))); // the oldest settled, delivered again
    QCOMPARE(answer(a), SlimFaasClient::NoRefusal);
    QCOMPARE(answer(a), SlimFaasClient::AlreadyAnswered);
    QCOMPARE(answer(b), SlimFaasClient::AlreadyAnswered);
    QVERIFY(pending.add(request(b, 2))); // now the oldest, pending again
    pending.add(request(c));
    QCOMPARE(answer(c), SlimFaasClient::NoRefusal);
    QVERIFY(pending.contains(b));
    QCOMPARE(answer(b), SlimFaasClient::NoRefusal);
    QCOMPARE(answer(b), SlimFaasClient::AlreadyAnswered);
    QCOMPARE(answer(a), SlimFaasClient::UnknownRequest);
}

// Answers race from several threads for the same requests: each is accepted exactly once.
void tst_PendingRequests::takeFromManyThreads()
{
    constexpr int Requests = 2000;
    constexpr int Threads = 4;
    SlimFaasPendingRequests pending;
    pending.registerConnection(QStringLiteral("c1"));
    for (int i = 0; i < Requests; ++i)
        pending.add(request(QString::number(i)));
    std::atomic<int> accepted{ 0 };
    std::atomic<int> refusedAsAnswered{ 0 };
    QList<QThread *> threads;
    for (int t = 0; t < Threads; ++t) {
        threads.append(QThread::create([&] {
            for (int i = 0; i < Requests; ++i) {
                const auto answer = pending.take(QString::number(i), 200);
                if (answer.refusal == SlimFaasClient::NoRefusal)
                    ++accepted;
                else if (answer.refusal == SlimFaasClient::AlreadyAnswered)
                    ++refusedAsAnswered;
                (void)pending.count();
            }
        }));
        threads.constLast()->start();
    }
    for (QThread *thread : std::as_const(threads)) {
        QVERIFY(thread->wait(60000));
        delete thread;
    }
    QCOMPARE(accepted.load(), Requests);
    QCOMPARE(refusedAsAnswered.load(), Requests * (Threads - 1));
    QCOMPARE(pending.count(), 0);
}

QTEST_GUILESS_MAIN(tst_PendingRequests)
#include "tst_pendingrequests.moc"
