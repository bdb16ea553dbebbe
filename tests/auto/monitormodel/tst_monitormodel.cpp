// SPDX-License-Identifier: MIT
// The monitor's traffic model, filter and JSON Lines capture format, without a window.

#include <inboxmodel.h>
#include <trafficfilter.h>
#include <trafficmodel.h>

#include <emulatorharness.h>
#include <messagejson.h>
#include <slimfaasclient.h>

#include <QtCore/qbuffer.h>
#include <QtCore/qelapsedtimer.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qprocess.h>
#include <QtCore/qrandom.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

using SlimFaasProtocol::MessageType;

namespace {

// A record made the way the monitor makes them: the tap's JSON of a real message.
TrafficRecord recordOf(const char *direction, MessageType type, const QString &id,
                       const QJsonObject &payload)
{
    const QByteArray message = SlimFaasProtocol::encodeEnvelope(type, id, payload);
    const auto record = TrafficRecord::fromJson(describeMessage(direction, type, id, message));
    if (!record)
        qFatal("no record");
    return *record;
}

struct Sample
{
    MessageType type;
    bool in;
    int status;
    QString path;
};

} // namespace

class tst_MonitorModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rowsArriveInOneBatchPerTurn();
    void aStreamBecomesRowsInBatchesAnIntervalApart();
    void oldestRowsAreDropped();
    void recordFromMessageIsTheRecordOfItsJsonLine_data();
    void recordFromMessageIsTheRecordOfItsJsonLine();
    void filterNarrows100000Records();
    void exportThenImportGivesTheSameRecords();
    void bodiesAreKeptTruncated();
    void tapCaptureImports();
    void oldCaptureFormImports();
    void badLinesAreSkipped();
    void inboxCountdownTurnsAmberThenRed();
};

void tst_MonitorModel::rowsArriveInOneBatchPerTurn()
{
    TrafficModel model;
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    for (int i = 0; i < 500; ++i)
        model.append(recordOf("in", MessageType::Ping, QString::number(i), {}));
    QCOMPARE(model.rowCount(), 0); // not before the event loop turns
    QTRY_COMPARE(model.rowCount(), 500);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(model.index(499, TrafficModel::IdColumn).data().toString(), QStringLiteral("499"));
    QCOMPARE(model.index(0, TrafficModel::TypeColumn).data().toString(), QStringLiteral("Ping"));

    model.setPaused(true);
    model.append(recordOf("out", MessageType::Pong, QStringLiteral("p"), {}));
    QTest::qWait(20);
    QCOMPARE(model.rowCount(), 500);
    QCOMPARE(model.pendingCount(), 1);
    model.setPaused(false);
    QTRY_COMPARE(model.rowCount(), 501);
}

void tst_MonitorModel::aStreamBecomesRowsInBatchesAnIntervalApart()
{
    // Records appended between event-loop turns for a while, as live traffic comes: a view
    // updates per batch, and batches come at most every FlushIntervalMsecs (a coarse timer
    // may fire 5 % early), not once per turn.
    TrafficModel model;
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    const TrafficRecord record = recordOf("in", MessageType::Ping, QStringLiteral("p"), {});
    QElapsedTimer elapsed;
    elapsed.start();
    int appended = 0;
    int turns = 0;
    while (elapsed.elapsed() < 6 * TrafficModel::FlushIntervalMsecs) {
        model.append(record);
        ++appended;
        if (appended % 10 == 0) {
            QTest::qSleep(1); // a steady stream, far below maximumRecords()
            QCoreApplication::processEvents();
            ++turns;
        }
    }
    const qint64 streamed = elapsed.elapsed();
    QTRY_COMPARE(model.rowCount(), appended);
    QVERIFY2(turns > 50, "the event loop must turn often for this test to mean anything");
    QVERIFY2(inserted.size() <= streamed / (TrafficModel::FlushIntervalMsecs * 0.95) + 2,
             qPrintable(QStringLiteral("%1 batches in %2 ms").arg(inserted.size()).arg(streamed)));
    QVERIFY(inserted.size() >= 2); // not held until the stream ends
}

void tst_MonitorModel::recordFromMessageIsTheRecordOfItsJsonLine_data()
{
    QTest::addColumn<int>("type");
    QTest::addColumn<QString>("id");
    QTest::addColumn<QByteArray>("message");
    const QString id = QStringLiteral("0b9d6f8e-1c2a-4f3b-9d7e-000000000042");
    auto envelope = [&id](MessageType type, const QJsonObject &payload) {
        return SlimFaasProtocol::encodeEnvelope(type, id, payload);
    };
    const QJsonObject request{
        { QLatin1String("elementId"), id },
        { QLatin1String("method"), QLatin1String("POST") },
        { QLatin1String("path"), QLatin1String("orders/1") },
        { QLatin1String("query"), QLatin1String("?priority=high") },
        { QLatin1String("headers"),
          QJsonObject{ { QLatin1String("Content-Type"),
                         QJsonArray{ QLatin1String("application/json") } } } },
        { QLatin1String("tryNumber"), 2 },
        { QLatin1String("isLastTry"), false },
    };
    auto withBody = [&request](const QJsonValue &body) {
        QJsonObject payload = request;
        payload.insert(QLatin1String("body"), body);
        return payload;
    };
    const auto async = int(MessageType::AsyncRequest);
    QTest::newRow("async, JSON body")
            << async << id
            << envelope(MessageType::AsyncRequest,
                        withBody(QString::fromLatin1(QByteArray("{\"n\":1}").toBase64())));
    QTest::newRow("async, binary body")
            << async << id
            << envelope(MessageType::AsyncRequest,
                        withBody(QString::fromLatin1(QByteArray("\xff\x00\xfe").toBase64())));
    QTest::newRow("async, body not base64")
            << async << id
            << envelope(MessageType::AsyncRequest, withBody(QStringLiteral("héllo, not base64")));
    QTest::newRow("async, null body")
            << async << id << envelope(MessageType::AsyncRequest, withBody(QJsonValue::Null));
    QTest::newRow("async, number as body")
            << async << id << envelope(MessageType::AsyncRequest, withBody(7));
    QTest::newRow("async, no body") << async << id << envelope(MessageType::AsyncRequest, request);
    QTest::newRow("async, body over the kept size")
            << async << id
            << envelope(MessageType::AsyncRequest,
                        withBody(QString::fromLatin1(
                                QByteArray(TrafficRecord::MaximumKeptBody + 10, 'x').toBase64())));
    QJsonObject other = request;
    other.insert(QLatin1String("elementId"), QLatin1String("another"));
    QTest::newRow("async, another elementId")
            << async << id << envelope(MessageType::AsyncRequest, other);
    QTest::newRow("callback") << int(MessageType::AsyncCallback) << id
                              << envelope(MessageType::AsyncCallback,
                                          { { QLatin1String("elementId"), id },
                                            { QLatin1String("statusCode"), 503 } });
    // As the client writes them (from a template), with the id escaped, and not in that form.
    QTest::newRow("callback as the client writes it")
            << int(MessageType::AsyncCallback) << id
            << SlimFaasProtocol::encodeAsyncCallback({ id, 200 });
    QTest::newRow("callback, an id with escapes")
            << int(MessageType::AsyncCallback) << QStringLiteral("a\"b")
            << SlimFaasProtocol::encodeAsyncCallback({ QStringLiteral("a\"b"), 500 });
    QTest::newRow("callback, another elementId")
            << int(MessageType::AsyncCallback) << id
            << SlimFaasProtocol::encodeAsyncCallback(
                       { QStringLiteral("0b9d6f8e-1c2a-4f3b-9d7e-000000000043"), 200 });
    QTest::newRow("callback, status 99")
            << int(MessageType::AsyncCallback) << id
            << QByteArray(SlimFaasProtocol::encodeAsyncCallback({ id, 200 })).replace("200", " 99");
    QJsonObject event = withBody(QString::fromLatin1(QByteArray("{}").toBase64()));
    event.remove(QLatin1String("elementId"));
    event.insert(QLatin1String("eventName"), QLatin1String("customer-created"));
    QTest::newRow("event") << int(MessageType::PublishEvent) << id
                           << envelope(MessageType::PublishEvent, event);
    QTest::newRow("ping, no payload")
            << int(MessageType::Ping) << QString()
            << SlimFaasProtocol::encodeEnvelope(MessageType::Ping, QString(), QJsonValue::Null);
    QTest::newRow("register") << int(MessageType::Register) << QString()
                              << SlimFaasProtocol::encodeEnvelope(
                                         MessageType::Register, QString(),
                                         QJsonObject{ { QLatin1String("functionName"),
                                                        QLatin1String("fn") } });
    QTest::newRow("not JSON") << async << id << QByteArray("{\"type\":");
    QTest::newRow("payload is an array")
            << async << id << QByteArray("{\"type\":2,\"correlationId\":\"x\",\"payload\":[1]}");
    // Written by hand: a key given twice, numbers written in two forms one after the other
    // (equal as values, not as text), headers with escapes.
    QTest::newRow("a key twice")
            << async << id
            << QByteArray("{\"type\":2,\"correlationId\":\"x\",\"payload\":{\"headers\":{\"A\":["
                          "\"1\"]},"
                          "\"headers\":{\"B\":[\"2\"]},\"method\":\"GET\",\"method\":\"PUT\"}}");
    QTest::newRow("a number as 1e3")
            << async << id
            << QByteArray("{\"type\":2,\"correlationId\":\"x\",\"payload\":{\"n\":1e3}}");
    QTest::newRow("the same number as 1000")
            << async << id
            << QByteArray("{\"type\":2,\"correlationId\":\"x\",\"payload\":{\"n\":1000}}");
    QTest::newRow("headers with escapes")
            << async << id
            << QByteArray("{\"type\":2,\"correlationId\":\"x\",\"payload\":{\"headers\":{\"X\":"
                          "[\"a\\u002Bb\\\"\\u00e9\\ud83d\\ude00\\u0001\"]}}}");
    QTest::newRow("headers with escapes again")
            << async << id
            << QByteArray("{\"type\":2,\"correlationId\":\"x\",\"payload\":{\"headers\":{\"X\":"
                          "[\"a+b\\\"\\u00e9\\ud83d\\ude00\\u0001\"]}}}");
    const QJsonObject head{
        { QLatin1String("method"), QLatin1String("GET") },
        { QLatin1String("path"), QLatin1String("items") },
        { QLatin1String("query"), QString() },
        { QLatin1String("headers"), QJsonObject() },
        { QLatin1String("body"), QString::fromLatin1(QByteArray("abc").toBase64()) },
    };
    auto frame = [&id](MessageType type, const QByteArray &payload, quint8 flags) {
        return SlimFaasProtocol::encodeFrame(type, id, payload, flags);
    };
    QTest::newRow("sync start") << int(MessageType::SyncRequestStart) << id
                                << frame(MessageType::SyncRequestStart,
                                         QJsonDocument(head).toJson(), 0);
    QTest::newRow("sync response start, status")
            << int(MessageType::SyncResponseStart) << id
            << frame(MessageType::SyncResponseStart,
                     QJsonDocument(QJsonObject{ { QLatin1String("statusCode"), 201 } }).toJson(),
                     0);
    QTest::newRow("sync start, head not JSON")
            << int(MessageType::SyncRequestStart) << id
            << frame(MessageType::SyncRequestStart, "not json", 1);
    QTest::newRow("sync body chunk") << int(MessageType::SyncRequestChunk) << id
                                     << frame(MessageType::SyncRequestChunk, "\x01\x02 chunk", 1);
    QTest::newRow("sync empty end") << int(MessageType::SyncResponseEnd) << id
                                    << frame(MessageType::SyncResponseEnd, {}, 1);
    QTest::newRow("sync cancel") << int(MessageType::SyncCancel) << id
                                 << frame(MessageType::SyncCancel, {}, 0);
    QTest::newRow("frame too short")
            << int(MessageType::SyncRequestChunk) << id << QByteArray("\x0b\x00");
}

void tst_MonitorModel::recordFromMessageIsTheRecordOfItsJsonLine()
{
    QFETCH(int, type);
    QFETCH(QString, id);
    QFETCH(QByteArray, message);
    for (const char *direction : { "in", "out" }) {
        const auto line = TrafficRecord::fromJson(
                describeMessage(direction, MessageType(type), id, message));
        QVERIFY(line);
        const TrafficRecord record = TrafficRecord::fromMessage(
                qstrcmp(direction, "in") == 0 ? TrafficRecord::In : TrafficRecord::Out,
                MessageType(type), id, message, line->time());
        QCOMPARE(record.toJson(), line->toJson());
        QVERIFY(record == *line);
    }
}

void tst_MonitorModel::oldestRowsAreDropped()
{
    TrafficModel model;
    model.setMaximumRecords(100);
    for (int i = 0; i < 250; ++i)
        model.append(recordOf("in", MessageType::Ping, QString::number(i), {}));
    model.flush();
    QCOMPARE(model.rowCount(), 100);
    QCOMPARE(model.record(0).correlationId(), QStringLiteral("150"));
    QCOMPARE(model.number(0), 151); // running numbers survive the drop
    model.append(recordOf("in", MessageType::Ping, QStringLiteral("250"), {}));
    model.flush();
    QCOMPARE(model.rowCount(), 100);
    QCOMPARE(model.record(0).correlationId(), QStringLiteral("151"));
    QCOMPARE(model.record(99).correlationId(), QStringLiteral("250"));
}

void tst_MonitorModel::filterNarrows100000Records()
{
    const Sample samples[] = {
        { MessageType::AsyncRequest, true, 0, QStringLiteral("orders/1") },
        { MessageType::AsyncCallback, false, 200, QString() },
        { MessageType::AsyncCallback, false, 503, QString() },
        { MessageType::PublishEvent, true, 0, QStringLiteral("customers/9") },
        { MessageType::Ping, false, 0, QString() },
        { MessageType::AsyncCallback, false, 404, QString() },
    };
    constexpr int Count = 100000;
    TrafficModel model;
    // What each filter must keep, counted independently of the filter's code.
    int orders = 0, callbacksOut5xx = 0, events = 0, incoming = 0, status200to404 = 0;
    QRandomGenerator random(7);
    for (int i = 0; i < Count; ++i) {
        const Sample &sample = samples[random.bounded(int(std::size(samples)))];
        QJsonObject payload;
        if (!sample.path.isEmpty()) {
            payload.insert(QLatin1String("method"), QLatin1String("POST"));
            payload.insert(QLatin1String("path"), sample.path);
            payload.insert(QLatin1String("query"), QString());
            payload.insert(QLatin1String("headers"),
                           QJsonObject{ { QLatin1String("X-Order"), QJsonArray{ i } } });
        }
        if (sample.type == MessageType::PublishEvent)
            payload.insert(QLatin1String("eventName"), QLatin1String("customer-created"));
        if (sample.status)
            payload.insert(QLatin1String("statusCode"), sample.status);
        model.append(recordOf(sample.in ? "in" : "out", sample.type, QStringLiteral("id-%1").arg(i),
                              payload));
        orders += sample.path.startsWith(QLatin1String("orders"));
        callbacksOut5xx += sample.status >= 500;
        events += sample.type == MessageType::PublishEvent;
        incoming += sample.in;
        status200to404 += sample.status >= 200 && sample.status <= 404;
    }
    model.flush();
    QCOMPARE(model.rowCount(), Count);

    TrafficFilter filter;
    filter.setSourceModel(&model);
    QCOMPARE(filter.rowCount(), Count);
    filter.setText(QStringLiteral("ORDERS/"));
    QCOMPARE(filter.rowCount(), orders);
    for (int row = 0; row < filter.rowCount(); row += 997)
        QVERIFY(filter.index(row, TrafficModel::PathColumn)
                        .data()
                        .toString()
                        .startsWith(QLatin1String("orders/")));
    filter.setFilter(QString(), TrafficFilter::AsyncKind, TrafficFilter::Outgoing, 500, 599);
    QCOMPARE(filter.rowCount(), callbacksOut5xx);
    filter.setFilter(QStringLiteral("customer-created"), TrafficFilter::AnyKind,
                     TrafficFilter::AnyDirection, 0, 0);
    QCOMPARE(filter.rowCount(), events);
    filter.setFilter(QString(), TrafficFilter::EventKind, TrafficFilter::AnyDirection, 0, 0);
    QCOMPARE(filter.rowCount(), events);
    QCOMPARE(filter.index(0, TrafficModel::PathColumn).data().toString(),
             QStringLiteral("[customer-created] customers/9"));
    filter.setFilter(QString(), TrafficFilter::AnyKind, TrafficFilter::Incoming, 0, 0);
    QCOMPARE(filter.rowCount(), incoming);
    filter.setFilter(QString(), TrafficFilter::AnyKind, TrafficFilter::AnyDirection, 200, 404);
    QCOMPARE(filter.rowCount(), status200to404);
    // A header value is found too; an id is found exactly once.
    filter.setFilter(QStringLiteral("id-99999"), TrafficFilter::AnyKind,
                     TrafficFilter::AnyDirection, 0, 0);
    QCOMPARE(filter.rowCount(), 1);
    filter.setFilter(QStringLiteral("nothing like this"), TrafficFilter::AnyKind,
                     TrafficFilter::AnyDirection, 0, 0);
    QCOMPARE(filter.rowCount(), 0);
    // New rows are filtered as they arrive.
    filter.setFilter(QStringLiteral("orders/"), TrafficFilter::AnyKind, TrafficFilter::AnyDirection,
                     0, 0);
    const int before = filter.rowCount();
    model.append(recordOf("in", MessageType::AsyncRequest, QStringLiteral("new"),
                          { { QLatin1String("method"), QLatin1String("GET") },
                            { QLatin1String("path"), QLatin1String("orders/new") } }));
    model.flush();
    QCOMPARE(filter.rowCount(), before + 1);
}

void tst_MonitorModel::exportThenImportGivesTheSameRecords()
{
    TrafficModel model;
    SlimFaasAsyncRequest request;
    request.setElementId(QStringLiteral("e1"));
    request.setMethod(QStringLiteral("POST"));
    request.setPath(QStringLiteral("hello"));
    request.setQuery(QStringLiteral("?a=1"));
    request.setHeaders(
            { { QStringLiteral("Content-Type"), { QStringLiteral("application/json") } } });
    request.setBody(QByteArrayLiteral("{\"x\":1}"));
    request.setHasBody(true);
    request.setTryNumber(3);
    model.append(recordOf("in", MessageType::AsyncRequest, QStringLiteral("e1"),
                          SlimFaasProtocol::asyncRequestPayload(request)));
    request.setBody(QByteArray("\x00\xff\x10"
                               "binary",
                               9));
    model.append(recordOf("in", MessageType::AsyncRequest, QStringLiteral("e2"),
                          SlimFaasProtocol::asyncRequestPayload(request)));
    model.append(recordOf("out", MessageType::AsyncCallback, QStringLiteral("e1"),
                          { { QLatin1String("elementId"), QLatin1String("e1") },
                            { QLatin1String("statusCode"), 503 } }));
    const QString streamId = QStringLiteral("6f1c2f4e-1111-2222-3333-444455556666");
    const QByteArray encoded = SlimFaasProtocol::encodeFrame(
            MessageType::SyncRequestChunk, streamId, QByteArrayLiteral("chunk bytes"), 1);
    model.append(*TrafficRecord::fromJson(
            describeMessage("in", MessageType::SyncRequestChunk, streamId, encoded)));
    model.annotate(QStringLiteral("e1"), QStringLiteral("rule 1: POST * (async) → 503"));
    model.flush();
    QCOMPARE(model.rowCount(), 4);

    QBuffer buffer;
    buffer.open(QIODevice::ReadWrite);
    QVERIFY(model.exportJsonLines(&buffer));
    // Every line is what slimfaas-tap would print for that message.
    const QList<QByteArray> lines = buffer.data().split('\n');
    QCOMPARE(lines.size(), 5);
    const QJsonObject first = QJsonDocument::fromJson(lines.first()).object();
    QCOMPARE(first.value(QLatin1String("type")).toString(), QStringLiteral("AsyncRequest"));
    QCOMPARE(first.value(QLatin1String("payload"))[QLatin1String("elementId")].toString(),
             QStringLiteral("e1"));
    QCOMPARE(first.value(QLatin1String("bodyEncoding")).toString(), QStringLiteral("utf8"));
    QCOMPARE(QJsonDocument::fromJson(lines.at(1)).object().value(QLatin1String("bodyEncoding")),
             QJsonValue(QLatin1String("base64")));

    buffer.seek(0);
    TrafficModel copy;
    int skipped = -1;
    QCOMPARE(copy.importJsonLines(&buffer, &skipped), 4);
    QCOMPARE(skipped, 0);
    copy.flush();
    QCOMPARE(copy.rowCount(), model.rowCount());
    for (int row = 0; row < model.rowCount(); ++row) {
        QCOMPARE(copy.record(row), model.record(row));
        for (int column = 0; column < TrafficModel::ColumnCount; ++column)
            QCOMPARE(copy.index(row, column).data(), model.index(row, column).data());
    }
    QCOMPARE(copy.record(1).body(),
             QByteArray("\x00\xff\x10"
                        "binary",
                        9));
    QCOMPARE(copy.record(3).body(), QByteArrayLiteral("chunk bytes"));
}

void tst_MonitorModel::bodiesAreKeptTruncated()
{
    SlimFaasAsyncRequest request;
    request.setElementId(QStringLiteral("big"));
    request.setMethod(QStringLiteral("POST"));
    request.setBody(QByteArray(200 * 1024, 'b'));
    request.setHasBody(true);
    const TrafficRecord record = recordOf("in", MessageType::AsyncRequest, QStringLiteral("big"),
                                          SlimFaasProtocol::asyncRequestPayload(request));
    QCOMPARE(record.bodySize(), 200 * 1024);
    QCOMPARE(record.bodyView().size(), TrafficRecord::MaximumKeptBody);
    QVERIFY(record.isBodyTruncated());
    // The full size survives export and import.
    const auto again = TrafficRecord::fromJson(record.toJson());
    QVERIFY(again);
    QCOMPARE(*again, record);
}

void tst_MonitorModel::tapCaptureImports()
{
    EmulatorHarness harness;
    QVERIFY(harness.start());
    QProcess tap;
    tap.start(QStringLiteral(SLIMFAAS_TAP_PATH),
              { QStringLiteral("--url"), harness.emulator()->webSocketUrl().toString(),
                QStringLiteral("--function"), QStringLiteral("tapped"),
                QStringLiteral("--show-sent") });
    QVERIFY(tap.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(
            harness.emulator()->registeredFunctions().contains(QStringLiteral("tapped")), 10000);
    QSignalSpy completed(harness.emulator(), &SlimFaasEmulator::asyncRequestCompleted);
    harness.call("POST", QStringLiteral("/async-function/tapped/hello?x=1"),
                 QByteArrayLiteral("{\"from\":\"tap\"}"));
    QTRY_COMPARE_WITH_TIMEOUT(completed.size(), 1, 10000);
    QCOMPARE(EmulatorHarness::statusOf(harness.call("POST", QStringLiteral("/function/tapped/echo"),
                                                    QByteArrayLiteral("sync body"))),
             200);
    tap.terminate();
    QVERIFY(tap.waitForFinished(10000));
    QByteArray capture = tap.readAllStandardOutput();
    QBuffer buffer(&capture);
    buffer.open(QIODevice::ReadOnly);

    TrafficModel model;
    int skipped = -1;
    const int count = model.importJsonLines(&buffer, &skipped);
    QCOMPARE(skipped, 0);
    QCOMPARE(count, capture.count('\n'));
    model.flush();
    QList<MessageType> types;
    for (int row = 0; row < model.rowCount(); ++row)
        types << model.record(row).type();
    for (MessageType expected : { MessageType::Register, MessageType::RegisterResponse,
                                  MessageType::AsyncRequest, MessageType::AsyncCallback,
                                  MessageType::SyncRequestStart, MessageType::SyncResponseStart })
        QVERIFY2(types.contains(expected), SlimFaasProtocol::messageTypeName(expected).toLatin1());
    const TrafficRecord &request = model.record(int(types.indexOf(MessageType::AsyncRequest)));
    QCOMPARE(request.direction(), TrafficRecord::In);
    QCOMPARE(request.path(), QStringLiteral("hello"));
    QCOMPARE(request.query(), QStringLiteral("?x=1"));
    QCOMPARE(request.body(), QByteArrayLiteral("{\"from\":\"tap\"}"));
    QCOMPARE(request.tryNumber(), 1);
    const TrafficRecord &callback = model.record(int(types.indexOf(MessageType::AsyncCallback)));
    QCOMPARE(callback.direction(), TrafficRecord::Out);
    QCOMPARE(callback.status(), 200);
    QCOMPARE(callback.correlationId(), request.correlationId());
}

// Captures of slimfaas-tap before 0.2 inlined the payload's fields: they import as the
// current form does, and a payload's keys never pass for the line's own.
void tst_MonitorModel::oldCaptureFormImports()
{
    const QByteArray old = R"({"time":"2026-01-02T03:04:05.678Z","direction":"in",)"
                           R"("type":"AsyncRequest","typeCode":2,"correlationId":"e1",)"
                           R"("elementId":"e1","method":"POST","path":"a","query":"?q=1",)"
                           R"("tryNumber":2,"body":"hi","bodyEncoding":"utf8","isLastTry":true})";
    const QByteArray current = R"({"time":"2026-01-02T03:04:05.678Z","direction":"in",)"
                               R"("type":"AsyncRequest","typeCode":2,"correlationId":"e1",)"
                               R"("bodyEncoding":"utf8","payload":{"elementId":"e1",)"
                               R"("method":"POST","path":"a","query":"?q=1","tryNumber":2,)"
                               R"("body":"hi","isLastTry":true}})";
    const auto fromOld = TrafficRecord::fromJson(QJsonDocument::fromJson(old).object());
    const auto fromCurrent = TrafficRecord::fromJson(QJsonDocument::fromJson(current).object());
    QVERIFY(fromOld && fromCurrent);
    QVERIFY(*fromOld == *fromCurrent);
    QCOMPARE(fromCurrent->path(), QStringLiteral("a"));
    QCOMPARE(fromCurrent->body(), QByteArray("hi"));
    QCOMPARE(fromCurrent->tryNumber(), 2);

    const QByteArray forged = R"({"time":"2026-01-02T03:04:05.678Z","direction":"in",)"
                              R"("type":"AsyncRequest","typeCode":2,"correlationId":"e1",)"
                              R"("payload":{"elementId":"e1","direction":"out","typeCode":0,)"
                              R"("time":"1999-01-01T00:00:00.000Z"}})";
    const auto record = TrafficRecord::fromJson(QJsonDocument::fromJson(forged).object());
    QVERIFY(record);
    QCOMPARE(record->direction(), TrafficRecord::In);
    QCOMPARE(record->type(), MessageType::AsyncRequest);
    const QJsonObject exported = record->toJson();
    QCOMPARE(exported.value(QLatin1String("direction")).toString(), QStringLiteral("in"));
    QCOMPARE(exported.value(QLatin1String("payload"))[QLatin1String("direction")].toString(),
             QStringLiteral("out"));
    QCOMPARE(*TrafficRecord::fromJson(exported), *record);
}

void tst_MonitorModel::badLinesAreSkipped()
{
    QByteArray text = "not json\n{\"typeCode\":5}\n\n"
                      "{\"time\":\"2026-01-02T03:04:05.678Z\",\"direction\":\"in\","
                      "\"type\":\"Ping\",\"typeCode\":5,\"correlationId\":\"p\"}\n"
                      "{\"time\":\"2026-01-02T03:04:05.678Z\",\"direction\":\"in\","
                      "\"typeCode\":2,\"body\":\"%%%\",\"bodyEncoding\":\"base64\"}\n";
    QBuffer buffer(&text);
    buffer.open(QIODevice::ReadOnly);
    TrafficModel model;
    int skipped = 0;
    QCOMPARE(model.importJsonLines(&buffer, &skipped), 1);
    QCOMPARE(skipped, 3);
    model.flush();
    QCOMPARE(model.record(0).time(),
             QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5, 678), Qt::UTC).toMSecsSinceEpoch());
}

void tst_MonitorModel::inboxCountdownTurnsAmberThenRed()
{
    // docs/protocol.md §4: an async answer is safe within 120 s, SlimFaas waits 300 s at most.
    QCOMPARE(InboxModel::urgencyFor(false, 119999), InboxModel::Safe);
    QCOMPARE(InboxModel::urgencyFor(false, 120000), InboxModel::Late);
    QCOMPARE(InboxModel::urgencyFor(false, 269999), InboxModel::Late);
    QCOMPARE(InboxModel::urgencyFor(false, 270000), InboxModel::Critical);
    // §6: a sync call is cancelled 300 s after its body ended.
    QCOMPARE(InboxModel::urgencyFor(true, 200000), InboxModel::Safe);
    QCOMPARE(InboxModel::urgencyFor(true, 240000), InboxModel::Late);
    QCOMPARE(InboxModel::urgencyFor(true, 280000), InboxModel::Critical);

    InboxModel inbox;
    SlimFaasAsyncRequest request;
    request.setElementId(QStringLiteral("e1"));
    request.setMethod(QStringLiteral("POST"));
    request.setPath(QStringLiteral("orders"));
    request.setTryNumber(2);
    inbox.addAsync(request);
    QCOMPARE(inbox.rowCount(), 1);
    QCOMPARE(inbox.index(0, InboxModel::TimeLeftColumn).data().toString(),
             QStringLiteral("2:00 safe"));
    QCOMPARE(inbox.index(0, InboxModel::UrgencyRole).data(InboxModel::UrgencyRole).toInt(),
             int(InboxModel::Safe));
    QVERIFY(!inbox.index(0, 0).data(Qt::BackgroundRole).isValid());
    QCOMPARE(inbox.index(0, InboxModel::TryColumn).data().toInt(), 2);
    QVERIFY(!inbox.remove(QStringLiteral("unknown")));
    QVERIFY(inbox.remove(QStringLiteral("e1")));
    QCOMPARE(inbox.rowCount(), 0);
}

QTEST_MAIN(tst_MonitorModel)
#include "tst_monitormodel.moc"
