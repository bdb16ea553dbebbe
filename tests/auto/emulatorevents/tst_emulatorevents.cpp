// SPDX-License-Identifier: MIT
// Publish/subscribe through the emulator's /publish-event route (docs/protocol.md §5).

#include <emulatortestcase.h>

#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

using SlimFaasProtocol::MessageType;

class tst_EmulatorEvents : public EmulatorTestCase
{
    Q_OBJECT

private Q_SLOTS:
    void everySubscribedConnectionReceivesOnce();
    void withoutSubscriberIs404();
    void privateEventNeedsTrustedCaller();
    void subscriptionVisibilityDefaultsToTheFunctions();
    void eventBodiesAsTheServerGivesThem();

private:
    int publish(const QString &path, const QList<QPair<QByteArray, QByteArray>> &headers = {});
};

int tst_EmulatorEvents::publish(const QString &path,
                                const QList<QPair<QByteArray, QByteArray>> &headers)
{
    return EmulatorHarness::statusOf(harness->call("POST", path, "evt", headers));
}

void tst_EmulatorEvents::everySubscribedConnectionReceivesOnce()
{
    SlimFaasFunctionConfig a(QStringLiteral("sub-a"));
    a.setSubscribeEvents(QStringList{ QStringLiteral("order-created") });
    SlimFaasFunctionConfig b(QStringLiteral("sub-b"));
    b.setSubscribeEvents(QStringList{ QStringLiteral("other"), QStringLiteral("order-created") });
    SlimFaasFunctionConfig c(QStringLiteral("not-subscribed"));
    c.setSubscribeEvents(QStringList{ QStringLiteral("Order-Created") }); // names are exact
    const QList<RawFunction *> subscribers{ harness->function(a), harness->function(a),
                                            harness->function(b), harness->function(b) };
    RawFunction *bystander = harness->function(c);
    QSignalSpy published(emulator, &SlimFaasEmulator::eventPublished);
    QCOMPARE(publish(QStringLiteral("/publish-event/order-created/orders/1?x=2"),
                     { { "X-Trace", "t1" } }),
             204);
    QCOMPARE(published.size(), 1);
    QCOMPARE(published.first().at(0).toString(), QStringLiteral("order-created"));
    QCOMPARE(published.first().at(1).toInt(), 4);
    QSet<QString> correlationIds;
    for (RawFunction *raw : subscribers) {
        QTRY_COMPARE(raw->of(MessageType::PublishEvent).size(), 1);
        const auto envelope = raw->of(MessageType::PublishEvent).first();
        const auto event = SlimFaasProtocol::parsePublishEvent(envelope.payload);
        QVERIFY(event);
        QCOMPARE(event->eventName(), QStringLiteral("order-created"));
        QCOMPARE(event->method(), QStringLiteral("POST"));
        QCOMPARE(event->path(), QStringLiteral("orders/1"));
        QCOMPARE(event->query(), QStringLiteral("?x=2"));
        QCOMPARE(event->body(), QByteArray("evt"));
        QCOMPARE(event->headers().value(QStringLiteral("X-Trace")),
                 QStringList{ QStringLiteral("t1") });
        QCOMPARE(envelope.correlationId.size(), 32);
        correlationIds.insert(envelope.correlationId);
    }
    QTest::qWait(100);
    for (RawFunction *raw : subscribers)
        QCOMPARE(raw->of(MessageType::PublishEvent).size(), 1);
    QVERIFY(bystander->of(MessageType::PublishEvent).isEmpty());
    QCOMPARE(correlationIds.size(), 2); // one message per function, as SlimFaas sends it
}

void tst_EmulatorEvents::withoutSubscriberIs404()
{
    QSignalSpy published(emulator, &SlimFaasEmulator::eventPublished);
    QCOMPARE(publish(QStringLiteral("/publish-event/nobody-listens")), 404);
    RawFunction *lonely = harness->function(SlimFaasFunctionConfig(QStringLiteral("lonely")));
    QCOMPARE(publish(QStringLiteral("/publish-event/nobody-listens/x")), 404);
    // A subscriber whose connections are gone is no subscriber.
    SlimFaasFunctionConfig config(QStringLiteral("gone"));
    config.setSubscribeEvents(QStringList{ QStringLiteral("late") });
    RawFunction *gone = harness->function(config);
    gone->socket.close();
    QTRY_COMPARE(emulator->replicas(QStringLiteral("gone")), 0);
    QCOMPARE(publish(QStringLiteral("/publish-event/late")), 404);
    QCOMPARE(published.size(), 3);
    QCOMPARE(published.last().at(1).toInt(), 0);
    QVERIFY(lonely->of(MessageType::PublishEvent).isEmpty());
}

// Private events reach trusted callers only: an address in trustedNetworks (none by default:
// SlimFaas does not trust loopback callers), or, as SlimFaas allows, one named by
// X-Forwarded-For.
void tst_EmulatorEvents::privateEventNeedsTrustedCaller()
{
    SlimFaasFunctionConfig privateSub(QStringLiteral("private-sub"));
    privateSub.addSubscribeEvent(QStringLiteral("secret"), SlimFaas::Visibility::Private);
    SlimFaasFunctionConfig publicSub(QStringLiteral("public-sub"));
    publicSub.addSubscribeEvent(QStringLiteral("secret"), SlimFaas::Visibility::Public);
    RawFunction *privateRaw = harness->function(privateSub);
    RawFunction *publicRaw = harness->function(publicSub);
    QCOMPARE(publish(QStringLiteral("/publish-event/secret")), 204); // the public subscriber
    QTRY_COMPARE(publicRaw->of(MessageType::PublishEvent).size(), 1);
    QTest::qWait(50);
    QVERIFY(privateRaw->of(MessageType::PublishEvent).isEmpty()); // loopback is not trusted

    emulator->setTrustedNetworks({ QHostAddress::parseSubnet(QStringLiteral("127.0.0.0/8")) });
    QCOMPARE(publish(QStringLiteral("/publish-event/secret")), 204);
    QTRY_COMPARE(privateRaw->of(MessageType::PublishEvent).size(), 1);
    QTRY_COMPARE(publicRaw->of(MessageType::PublishEvent).size(), 2);

    emulator->setTrustedNetworks({ QHostAddress::parseSubnet(QStringLiteral("10.0.0.0/8")) });
    QCOMPARE(
            publish(QStringLiteral("/publish-event/secret"), { { "X-Forwarded-For", "10.2.3.4" } }),
            204);
    QTRY_COMPARE(privateRaw->of(MessageType::PublishEvent).size(), 2);
    QTRY_COMPARE(publicRaw->of(MessageType::PublishEvent).size(), 3);

    publicRaw->socket.close();
    QTRY_COMPARE(emulator->replicas(QStringLiteral("public-sub")), 0);
    QCOMPARE(publish(QStringLiteral("/publish-event/secret")), 404); // only a private one left
    QTest::qWait(100);
    QCOMPARE(privateRaw->of(MessageType::PublishEvent).size(), 2);
}

void tst_EmulatorEvents::subscriptionVisibilityDefaultsToTheFunctions()
{
    SlimFaasFunctionConfig config(QStringLiteral("private-fn"));
    config.setDefaultVisibility(SlimFaas::Visibility::Private);
    config.setSubscribeEvents(QList<SlimFaasSubscribeEvent>{
            { QStringLiteral("inherits"), std::nullopt },
            { QStringLiteral("open"), SlimFaas::Visibility::Public } });
    RawFunction *raw = harness->function(config);
    QCOMPARE(publish(QStringLiteral("/publish-event/inherits")), 404);
    QCOMPARE(publish(QStringLiteral("/publish-event/open")), 204);
    QTRY_COMPARE(raw->of(MessageType::PublishEvent).size(), 1);
}

// As for async requests: "" for an empty POST body, null for a GET even with a body.
void tst_EmulatorEvents::eventBodiesAsTheServerGivesThem()
{
    SlimFaasFunctionConfig config(QStringLiteral("listener"));
    config.setSubscribeEvents(QStringList{ QStringLiteral("tick") });
    RawFunction *raw = harness->function(config);
    QCOMPARE(
            EmulatorHarness::statusOf(harness->call("POST", QStringLiteral("/publish-event/tick"))),
            204);
    QCOMPARE(EmulatorHarness::statusOf(
                     harness->call("GET", QStringLiteral("/publish-event/tick"), "ignored")),
             204);
    QCOMPARE(EmulatorHarness::statusOf(
                     harness->call("DELETE", QStringLiteral("/publish-event/tick"), "ignored")),
             204);
    QTRY_COMPARE(raw->of(MessageType::PublishEvent).size(), 3);
    const auto events = raw->of(MessageType::PublishEvent);
    QCOMPARE(events.at(0).payload[QLatin1String("body")], QJsonValue(QString()));
    QVERIFY(events.at(1).payload[QLatin1String("body")].isNull());
    QVERIFY(events.at(2).payload[QLatin1String("body")].isNull());
    const auto first = SlimFaasProtocol::parsePublishEvent(events.at(0).payload);
    const auto second = SlimFaasProtocol::parsePublishEvent(events.at(1).payload);
    QVERIFY(first && second);
    QVERIFY(first->hasBody());
    QVERIFY(!second->hasBody());
}

QTEST_GUILESS_MAIN(tst_EmulatorEvents)
#include "tst_emulatorevents.moc"
