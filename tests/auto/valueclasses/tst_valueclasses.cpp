// SPDX-License-Identifier: MIT
#include <SlimFaasAsyncRequest>
#include <SlimFaasFunctionConfig>
#include <SlimFaasHeaders>
#include <SlimFaasPublishEvent>

#include <QtCore/qbuffer.h>
#include <QtCore/qdatastream.h>
#include <QtCore/qdebug.h>
#include <QtCore/qmetaobject.h>
#include <QtTest/qtest.h>

// The value classes as Qt code sees them: gadgets whose fields QMetaType (and so QML)
// can read and write, QDataStream round trips, and a readable qDebug().
class tst_ValueClasses : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void asyncRequestIsAGadget();
    void publishEventIsAGadget();
    void functionConfigIsAGadget();
    void asyncRequestStreams();
    void publishEventStreams();
    void functionConfigStreams();
    void corruptStreamIsRefused();
    void debugSeparatesPathAndQuery();
    void headerLookupsIgnoreCaseAndKeepOrder();
    void headersStreamAsTheQMapTheyReplaced();
    void queryReadsAsQUrlQuery();
    void emptyNamesMakeAnInvalidConfig();
};

static SlimFaasAsyncRequest sampleRequest()
{
    SlimFaasAsyncRequest request;
    request.setElementId(QStringLiteral("e-1"));
    request.setMethod(QStringLiteral("PUT"));
    request.setPath(QStringLiteral("orders/7"));
    request.setQuery(QStringLiteral("?full=1"));
    request.setHeaders(
            { { QStringLiteral("Accept"), { QStringLiteral("a/b"), QStringLiteral("c/d") } } });
    request.setBody(QByteArray("\x00\x01 body", 7));
    request.setHasBody(true);
    request.setLastTry(true);
    request.setTryNumber(3);
    request.setReceivedAt(QDateTime::fromMSecsSinceEpoch(1000, Qt::UTC));
    request.setDeadline(QDateTime::fromMSecsSinceEpoch(301000, Qt::UTC));
    request.setConnectionId(QStringLiteral("conn-9"));
    return request;
}

static SlimFaasPublishEvent sampleEvent()
{
    SlimFaasPublishEvent event;
    event.setCorrelationId(QStringLiteral("c-1"));
    event.setEventName(QStringLiteral("order-created"));
    event.setMethod(QStringLiteral("POST"));
    event.setPath(QStringLiteral("hook"));
    event.setQuery(QStringLiteral("?x=y"));
    event.setHeaders({ { QStringLiteral("X-A"), { QStringLiteral("1") } } });
    event.setBody("payload");
    event.setHasBody(true);
    event.setReceivedAt(QDateTime::fromMSecsSinceEpoch(5000, Qt::UTC));
    return event;
}

static SlimFaasFunctionConfig sampleConfig()
{
    SlimFaasFunctionConfig config(QStringLiteral("fn"));
    config.setDependsOn({ QStringLiteral("db") });
    config.addSubscribeEvent(QStringLiteral("public-one"));
    config.addSubscribeEvent(QStringLiteral("private-one"), SlimFaas::Visibility::Private);
    config.setDefaultVisibility(SlimFaas::Visibility::Private);
    config.addPathStartWithVisibility(QStringLiteral("/admin"), SlimFaas::Visibility::Private);
    config.setConfiguration(QStringLiteral("{\"a\":1}"));
    config.setReplicasStartAsSoonAsOneFunctionRetrieveARequest(true);
    config.setNumberParallelRequest(3);
    config.setNumberParallelRequestPerPod(2);
    config.setDefaultTrust(SlimFaas::Trust::Untrusted);
    return config;
}

template<typename T> static QVariant readProperty(const T &value, const char *name)
{
    const QMetaObject &meta = T::staticMetaObject;
    const int index = meta.indexOfProperty(name);
    if (index < 0)
        return {};
    return meta.property(index).readOnGadget(&value);
}

template<typename T> static bool writeProperty(T &value, const char *name, const QVariant &v)
{
    const QMetaObject &meta = T::staticMetaObject;
    const int index = meta.indexOfProperty(name);
    return index >= 0 && meta.property(index).writeOnGadget(&value, v);
}

void tst_ValueClasses::asyncRequestIsAGadget()
{
    QCOMPARE(QMetaType::fromType<SlimFaasAsyncRequest>().metaObject(),
             &SlimFaasAsyncRequest::staticMetaObject);
    const SlimFaasAsyncRequest request = sampleRequest();
    QCOMPARE(readProperty(request, "elementId").toString(), QStringLiteral("e-1"));
    QCOMPARE(readProperty(request, "path").toString(), QStringLiteral("orders/7"));
    QCOMPARE(readProperty(request, "query").toString(), QStringLiteral("?full=1"));
    QCOMPARE(readProperty(request, "headers").value<SlimFaasHeaders>(), request.headers());
    QCOMPARE(readProperty(request, "body").toByteArray(), request.body());
    QCOMPARE(readProperty(request, "tryNumber").toInt(), 3);
    QCOMPARE(readProperty(request, "lastTry").toBool(), true);
    QCOMPARE(readProperty(request, "deadline").toDateTime(), request.deadline());
    QCOMPARE(readProperty(request, "connectionId").toString(), QStringLiteral("conn-9"));
    SlimFaasAsyncRequest written;
    QVERIFY(writeProperty(written, "tryNumber", 4));
    QVERIFY(writeProperty(written, "method", QStringLiteral("GET")));
    QCOMPARE(written.tryNumber(), 4);
    QCOMPARE(written.method(), QStringLiteral("GET"));
}

void tst_ValueClasses::publishEventIsAGadget()
{
    QCOMPARE(QMetaType::fromType<SlimFaasPublishEvent>().metaObject(),
             &SlimFaasPublishEvent::staticMetaObject);
    const SlimFaasPublishEvent event = sampleEvent();
    QCOMPARE(readProperty(event, "eventName").toString(), QStringLiteral("order-created"));
    QCOMPARE(readProperty(event, "query").toString(), QStringLiteral("?x=y"));
    QCOMPARE(readProperty(event, "body").toByteArray(), QByteArray("payload"));
    SlimFaasPublishEvent written;
    QVERIFY(writeProperty(written, "eventName", QStringLiteral("renamed")));
    QCOMPARE(written.eventName(), QStringLiteral("renamed"));
}

void tst_ValueClasses::functionConfigIsAGadget()
{
    QCOMPARE(QMetaType::fromType<SlimFaasFunctionConfig>().metaObject(),
             &SlimFaasFunctionConfig::staticMetaObject);
    const SlimFaasFunctionConfig config = sampleConfig();
    QCOMPARE(readProperty(config, "functionName").toString(), QStringLiteral("fn"));
    QCOMPARE(readProperty(config, "numberParallelRequestPerPod").toInt(), 2);
    QCOMPARE(readProperty(config, "defaultTrust").value<SlimFaas::Trust>(),
             SlimFaas::Trust::Untrusted);
    const auto events
            = readProperty(config, "subscribeEvents").value<QList<SlimFaasSubscribeEvent>>();
    QCOMPARE(events, config.subscribeEvents());
    // The list entries are gadgets too.
    QCOMPARE(readProperty(events.at(1), "name").toString(), QStringLiteral("private-one"));
    QCOMPARE(readProperty(events.at(0), "hasVisibility").toBool(), false);
    QCOMPARE(readProperty(events.at(1), "visibility").value<SlimFaas::Visibility>(),
             SlimFaas::Visibility::Private);
    const auto paths = readProperty(config, "pathsStartWithVisibility")
                               .value<QList<SlimFaasPathVisibility>>();
    QCOMPARE(readProperty(paths.at(0), "path").toString(), QStringLiteral("/admin"));
    SlimFaasFunctionConfig written;
    QVERIFY(writeProperty(written, "numberParallelRequest", 7));
    QCOMPARE(written.numberParallelRequest(), 7);
}

template<typename T> static T roundTrip(const T &value)
{
    QByteArray bytes;
    {
        QDataStream out(&bytes, QIODevice::WriteOnly);
        out << value;
    }
    QDataStream in(bytes);
    T read;
    in >> read;
    if (in.status() != QDataStream::Ok || !in.atEnd())
        return T();
    return read;
}

void tst_ValueClasses::asyncRequestStreams()
{
    const SlimFaasAsyncRequest request = sampleRequest();
    QCOMPARE(roundTrip(request), request);
    QCOMPARE(roundTrip(SlimFaasAsyncRequest()), SlimFaasAsyncRequest());
}

void tst_ValueClasses::publishEventStreams()
{
    const SlimFaasPublishEvent event = sampleEvent();
    QCOMPARE(roundTrip(event), event);
}

void tst_ValueClasses::functionConfigStreams()
{
    const SlimFaasFunctionConfig config = sampleConfig();
    QCOMPARE(roundTrip(config), config);
    QCOMPARE(roundTrip(SlimFaasFunctionConfig()), SlimFaasFunctionConfig());
}

void tst_ValueClasses::corruptStreamIsRefused()
{
    QByteArray bytes;
    {
        QDataStream out(&bytes, QIODevice::WriteOnly);
        out << sampleRequest();
    }
    bytes[0] = char(99); // an unknown format version
    QDataStream in(bytes);
    SlimFaasAsyncRequest read = sampleRequest();
    in >> read;
    QCOMPARE(in.status(), QDataStream::ReadCorruptData);
    QCOMPARE(read, sampleRequest()); // untouched
    QDataStream truncated(bytes.left(10));
    SlimFaasPublishEvent event;
    truncated >> event;
    QVERIFY(truncated.status() != QDataStream::Ok);
}

void tst_ValueClasses::debugSeparatesPathAndQuery()
{
    QString text;
    QDebug(&text) << sampleRequest();
    QVERIFY2(text.contains(QLatin1String("path=\"orders/7\"")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("query=\"?full=1\"")), qPrintable(text));
    text.clear();
    QDebug(&text) << sampleEvent();
    QVERIFY2(text.contains(QLatin1String("path=\"hook\", query=\"?x=y\"")), qPrintable(text));
}

void tst_ValueClasses::headerLookupsIgnoreCaseAndKeepOrder()
{
    SlimFaasHeaders headers{ { QStringLiteral("X-Zeta"), { QStringLiteral("z") } },
                             { QStringLiteral("Content-Type"), { QStringLiteral("text/plain") } },
                             { QStringLiteral("accept"),
                               { QStringLiteral("a"), QStringLiteral("b") } } };
    QCOMPARE(headers.value(QStringLiteral("content-type")),
             QStringList{ QStringLiteral("text/plain") });
    QVERIFY(headers.contains(QStringLiteral("CONTENT-TYPE")));
    QCOMPARE(headers.firstValue(QStringLiteral("Accept")), QStringLiteral("a"));
    QCOMPARE(headers.keys(),
             (QStringList{ QStringLiteral("X-Zeta"), QStringLiteral("Content-Type"),
                           QStringLiteral("accept") })); // as given, not sorted
    // The same name in another spelling changes the entry in place.
    headers.insert(QStringLiteral("content-type"), { QStringLiteral("application/json") });
    headers[QStringLiteral("X-ZETA")].append(QStringLiteral("z2"));
    QCOMPARE(headers.size(), 3);
    QCOMPARE(headers.keys().at(1), QStringLiteral("Content-Type"));
    QCOMPARE(headers.value(QStringLiteral("Content-Type")),
             QStringList{ QStringLiteral("application/json") });
    QCOMPARE(headers.value(QStringLiteral("x-zeta")),
             (QStringList{ QStringLiteral("z"), QStringLiteral("z2") }));
    QCOMPARE(headers.remove(QStringLiteral("ACCEPT")), 1);
    QVERIFY(!headers.contains(QStringLiteral("accept")));
    // First letters told apart before the full comparison: case only, characters that
    // differ in the same bit as case, and a non-ASCII one that folds to an ASCII letter.
    const SlimFaasHeaders odd{ { QStringLiteral("{a"), {} }, { QStringLiteral("key"), {} } };
    QVERIFY(!odd.contains(QStringLiteral("[a")));
    QVERIFY(odd.contains(QStringLiteral("{A")));
    QVERIFY(odd.contains(QStringLiteral("KEY")));
    QVERIFY(!odd.contains(QStringLiteral("ley")));
    const QString kelvin = QStringLiteral("\u212Aey");
    QCOMPARE(odd.contains(kelvin), kelvin.compare(QStringLiteral("key"), Qt::CaseInsensitive) == 0);

    // The value classes look up the same way.
    SlimFaasAsyncRequest request;
    request.setHeaders({ { QStringLiteral("Content-Type"), { QStringLiteral("text/csv") } } });
    QCOMPARE(request.headers().value(QStringLiteral("content-type")),
             QStringList{ QStringLiteral("text/csv") });
    QCOMPARE(request.header(QStringLiteral("CONTENT-TYPE")), QStringLiteral("text/csv"));

    // Equal: the same names, in any spelling and order, with the same values.
    const SlimFaasHeaders a{ { QStringLiteral("A"), { QStringLiteral("1") } },
                             { QStringLiteral("B"), { QStringLiteral("2") } } };
    const SlimFaasHeaders b{ { QStringLiteral("b"), { QStringLiteral("2") } },
                             { QStringLiteral("a"), { QStringLiteral("1") } } };
    QCOMPARE(a, b);
    const SlimFaasHeaders fewer{ { QStringLiteral("A"), { QStringLiteral("1") } } };
    QVERIFY(a != fewer);
}

void tst_ValueClasses::headersStreamAsTheQMapTheyReplaced()
{
    QMap<QString, QStringList> map{ { QStringLiteral("A"), { QStringLiteral("1") } },
                                    { QStringLiteral("B"),
                                      { QStringLiteral("2"), QStringLiteral("3") } } };
    QByteArray bytes;
    {
        QDataStream out(&bytes, QIODevice::WriteOnly);
        out << map;
    }
    SlimFaasHeaders headers;
    {
        QDataStream in(bytes);
        in >> headers;
        QCOMPARE(in.status(), QDataStream::Ok);
    }
    QCOMPARE(headers.keys(), (QStringList{ QStringLiteral("A"), QStringLiteral("B") }));
    QByteArray again;
    {
        QDataStream out(&again, QIODevice::WriteOnly);
        out << headers;
    }
    QCOMPARE(again, bytes);
}

void tst_ValueClasses::queryReadsAsQUrlQuery()
{
    SlimFaasAsyncRequest request;
    request.setQuery(QStringLiteral("?a=1&b=two"));
    QCOMPARE(request.query(), QStringLiteral("?a=1&b=two")); // as SlimFaas sends it
    QCOMPARE(request.urlQuery().queryItemValue(QStringLiteral("a")), QStringLiteral("1"));
    QCOMPARE(request.urlQuery().queryItemValue(QStringLiteral("b")), QStringLiteral("two"));
    SlimFaasPublishEvent event;
    event.setQuery(QStringLiteral("?first=x"));
    QCOMPARE(event.urlQuery().queryItemValue(QStringLiteral("first")), QStringLiteral("x"));
    event.setQuery(QString());
    QVERIFY(event.urlQuery().isEmpty());
}

void tst_ValueClasses::emptyNamesMakeAnInvalidConfig()
{
    QVERIFY(!SlimFaasFunctionConfig().isValid());
    QVERIFY(!SlimFaasFunctionConfig().validationError().isEmpty());
    SlimFaasFunctionConfig config(QStringLiteral("fn"));
    QVERIFY(config.isValid());
    QVERIFY(config.validationError().isEmpty());
    config.setSubscribeEvents(QStringList{ QStringLiteral("e"), QString() });
    QVERIFY(!config.isValid());
    config.setSubscribeEvents(QStringList{ QStringLiteral("e") });
    QVERIFY(config.isValid());
    config.setFunctionName(QStringLiteral("  "));
    QVERIFY(!config.isValid());
}

QTEST_GUILESS_MAIN(tst_ValueClasses)
#include "tst_valueclasses.moc"
