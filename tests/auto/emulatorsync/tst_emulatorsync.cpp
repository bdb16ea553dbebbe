// SPDX-License-Identifier: MIT
// Sync calls through the emulator's /function route, bridged to binary frames
// (docs/protocol.md §6), against a function that answers with raw frames.

#include <emulatortestcase.h>
#include <testpattern.h>

#include <slimfaasclient.h>
#include <slimfaassyncrequest.h>

#include <QtNetwork/qtcpsocket.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

using SlimFaasProtocol::MessageType;

class tst_EmulatorSync : public EmulatorTestCase
{
    Q_OBJECT

private Q_SLOTS:
    void bodies_data();
    void bodies();
    void noBodyMethods_data();
    void noBodyMethods();
    void responseStreamsBeforeItEnds();
    void requestBodyStreamsAsItArrives();
    void callerLeavingSendsNoCancel();
    void callerLeavingAfterTheStartHoldsTheSlot();
    void responseStartAsTheServerReadsIt_data();
    void responseStartReadTheSameInEverySpelling_data();
    void responseStartReadTheSameInEverySpelling();
    void responseStartAsTheServerReadsIt();
    void clientSendsTheResponseStartTheServerReads();
    void functionWithoutClientIs404();
    void timeoutCancels();
    void waitStartsAfterTheBody();
    void functionCancelBeforeResponse();
    void functionCancelDuringResponse();
    void connectionLostBeforeResponse();
    void malformedResponseStartFailsAtOnce();
    void chunkBeforeStartIsBuffered();
    void failureBeforeTheFirstBytesIs503();
    void wrongCaseNameIs503();
    void pathRulesMatchPerRoute();

private:
    // Echoes: status 201 with headers, the request chunks back as they come, End on End.
    RawFunction *echoFunction(const QString &name);
    QTcpSocket *rawCaller(const QByteArray &request);
};

RawFunction *tst_EmulatorSync::echoFunction(const QString &name)
{
    RawFunction *raw = harness->function(SlimFaasFunctionConfig(name));
    connect(&raw->socket, &QWebSocket::binaryMessageReceived, raw, [raw](const QByteArray &data) {
        const auto frame = SlimFaasProtocol::decodeFrame(data);
        if (!frame)
            return;
        if (frame->type == MessageType::SyncRequestStart) {
            SlimFaasProtocol::SyncResponseHead head;
            head.statusCode = 201;
            head.headers
                    = { { QStringLiteral("X-Echo"), { QStringLiteral("a"), QStringLiteral("b") } },
                        { QStringLiteral("Transfer-Encoding"), { QStringLiteral("chunked") } } };
            raw->sendFrame(MessageType::SyncResponseStart, frame->correlationId,
                           SlimFaasProtocol::encodeSyncResponseHead(head));
        } else if (frame->type == MessageType::SyncRequestChunk) {
            raw->sendFrame(MessageType::SyncResponseChunk, frame->correlationId, frame->payload);
        } else if (frame->type == MessageType::SyncRequestEnd) {
            raw->sendFrame(MessageType::SyncResponseEnd, frame->correlationId, {},
                           SlimFaasProtocol::FrameFlagEndOfStream);
        }
    });
    return raw;
}

QTcpSocket *tst_EmulatorSync::rawCaller(const QByteArray &request)
{
    auto *caller = new QTcpSocket(harness);
    caller->connectToHost(QHostAddress::LocalHost, emulator->httpPort());
    if (!caller->waitForConnected(5000))
        qWarning("caller not connected");
    caller->write(request);
    return caller;
}

void tst_EmulatorSync::bodies_data()
{
    QTest::addColumn<int>("size");
    // 4054 and 4055: a chunk's frame of 4096 bytes, held with the start and the end, and
    // one of 4097, written on its own between them.
    for (int size : { 0, 1, 4054, 4055, 32 * 1024, 32 * 1024 + 1, 8 * 1024 * 1024 })
        QTest::addRow("%d bytes", size) << size;
}

void tst_EmulatorSync::bodies()
{
    QFETCH(int, size);
    RawFunction *raw = echoFunction(QStringLiteral("echo"));
    QSignalSpy started(emulator, &SlimFaasEmulator::syncRequestStarted);
    QSignalSpy finished(emulator, &SlimFaasEmulator::syncRequestFinished);
    const QByteArray body = pattern(size);
    QNetworkReply *reply = harness->call("POST", QStringLiteral("/function/echo/path?q=1"), body,
                                         { { "X-Request", "r" } });
    QCOMPARE(EmulatorHarness::statusOf(reply), 201);
    const QByteArray answer = reply->readAll();
    QCOMPARE(answer.size(), body.size());
    QVERIFY(answer == body);
    QCOMPARE(reply->rawHeader("X-Echo"), QByteArray("a, b"));

    const auto start = raw->framesOf(MessageType::SyncRequestStart);
    QCOMPARE(start.size(), 1);
    QCOMPARE(start.first().correlationId.size(), 36); // a GUID with dashes
    const auto head = SlimFaasProtocol::decodeSyncRequestHead(start.first().payload);
    QVERIFY(head);
    QCOMPARE(head->method, QStringLiteral("POST"));
    QCOMPARE(head->path, QStringLiteral("path"));
    QCOMPARE(head->query, QStringLiteral("?q=1"));
    QCOMPARE(head->headers.value(QStringLiteral("X-Request")), QStringList{ QStringLiteral("r") });
    QByteArray forwarded;
    for (const auto &chunk : raw->framesOf(MessageType::SyncRequestChunk)) {
        QVERIFY(chunk.payload.size() <= SlimFaasProtocol::ServerChunkSize);
        QVERIFY(!chunk.payload.isEmpty());
        forwarded += chunk.payload;
    }
    QVERIFY(forwarded == body);
    const auto end = raw->framesOf(MessageType::SyncRequestEnd);
    QCOMPARE(end.size(), 1);
    QVERIFY(end.first().isEndOfStream());
    QCOMPARE(raw->frames.constFirst().type, MessageType::SyncRequestStart);
    QCOMPARE(raw->frames.constLast().type, MessageType::SyncRequestEnd);
    QCOMPARE(started.size(), 1);
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.first().at(2).toInt(), 201);
}

void tst_EmulatorSync::noBodyMethods_data()
{
    QTest::addColumn<QByteArray>("method");
    for (const char *method : { "GET", "HEAD", "DELETE" })
        QTest::newRow(method) << QByteArray(method);
}

// Start is followed directly by End, even when the caller sends a body.
void tst_EmulatorSync::noBodyMethods()
{
    QFETCH(QByteArray, method);
    RawFunction *raw = echoFunction(QStringLiteral("nobody"));
    QNetworkReply *reply = harness->call(method, QStringLiteral("/function/nobody"),
                                         method == "DELETE" ? QByteArray("ignored") : QByteArray());
    QCOMPARE(EmulatorHarness::statusOf(reply), 201);
    QCOMPARE(raw->frames.size(), 2);
    QCOMPARE(raw->frames.at(0).type, MessageType::SyncRequestStart);
    QCOMPARE(raw->frames.at(1).type, MessageType::SyncRequestEnd);
    QVERIFY(raw->frames.at(1).payload.isEmpty());
}

// The first response chunk reaches the caller while the function is still answering.
void tst_EmulatorSync::responseStreamsBeforeItEnds()
{
    RawFunction *raw = harness->function(SlimFaasFunctionConfig(QStringLiteral("streamer")));
    QTcpSocket *caller = rawCaller("GET /function/streamer/live HTTP/1.1\r\nHost: x\r\n\r\n");
    QTRY_COMPARE(raw->framesOf(MessageType::SyncRequestEnd).size(), 1);
    const QString id = raw->frames.first().correlationId;
    SlimFaasProtocol::SyncResponseHead head;
    head.statusCode = 200;
    head.headers = { { QStringLiteral("Content-Type"), { QStringLiteral("text/plain") } } };
    raw->sendFrame(MessageType::SyncResponseStart, id,
                   SlimFaasProtocol::encodeSyncResponseHead(head));
    raw->sendFrame(MessageType::SyncResponseChunk, id, "first part;");
    QByteArray received;
    QTRY_VERIFY((received += caller->readAll()).contains("first part;"));
    QVERIFY(received.startsWith("HTTP/1.1 200"));
    QVERIFY(received.contains("Transfer-Encoding: chunked\r\n"));
    QVERIFY(!received.contains("0\r\n\r\n"));
    raw->sendFrame(MessageType::SyncResponseChunk, id, "second part");
    raw->sendFrame(MessageType::SyncResponseEnd, id, {}, SlimFaasProtocol::FrameFlagEndOfStream);
    QTRY_VERIFY((received += caller->readAll()).endsWith("\r\n0\r\n\r\n"));
    QVERIFY(received.contains("second part"));
    // Keep-alive: the same connection serves the next request.
    caller->write("GET /function/streamer/again HTTP/1.1\r\nHost: x\r\n\r\n");
    QTRY_COMPARE(raw->framesOf(MessageType::SyncRequestStart).size(), 2);
}

// The request body goes to the function as the caller sends it, chunked or not.
void tst_EmulatorSync::requestBodyStreamsAsItArrives()
{
    RawFunction *raw = echoFunction(QStringLiteral("upload"));
    QTcpSocket *caller = rawCaller("POST /function/upload HTTP/1.1\r\nHost: x\r\n"
                                   "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
    QTRY_COMPARE(raw->framesOf(MessageType::SyncRequestChunk).size(), 1);
    QCOMPARE(raw->framesOf(MessageType::SyncRequestChunk).first().payload, QByteArray("hello"));
    QByteArray received;
    // The echo's answer has begun while the caller is still sending.
    QTRY_VERIFY((received += caller->readAll()).contains("hello"));
    QVERIFY(raw->framesOf(MessageType::SyncRequestEnd).isEmpty());
    caller->write("6\r\n world\r\n0\r\n\r\n");
    QTRY_COMPARE(raw->framesOf(MessageType::SyncRequestEnd).size(), 1);
    QTRY_VERIFY((received += caller->readAll()).endsWith("\r\n0\r\n\r\n"));
    QVERIFY(received.contains(" world"));
}

// SlimFaas's SyncCancel for a caller who left uses the caller's cancelled token: it never
// leaves. Before the response start the stream is forgotten.
void tst_EmulatorSync::callerLeavingSendsNoCancel()
{
    SlimFaasFunctionConfig config(QStringLiteral("abandoned"));
    config.setNumberParallelRequestPerPod(1);
    RawFunction *raw = harness->function(config);
    QSignalSpy cancelled(emulator, &SlimFaasEmulator::syncRequestCancelled);
    QSignalSpy warnings(emulator, &SlimFaasEmulator::warningRaised);
    QNetworkReply *reply = harness->call("GET", QStringLiteral("/function/abandoned/wait"));
    QTRY_COMPARE(raw->framesOf(MessageType::SyncRequestEnd).size(), 1);
    const QString first = raw->framesOf(MessageType::SyncRequestStart).first().correlationId;
    reply->abort();
    QTRY_COMPARE(warnings.size(), 1);
    QCOMPARE(warnings.first().at(0).toString(), QStringLiteral("sync-cancel-not-sent"));
    QCOMPARE(warnings.first().at(1).toString(), QStringLiteral("abandoned"));
    QCOMPARE(cancelled.size(), 1);
    QCOMPARE(cancelled.first().at(1).toString(), first);
    QTest::qWait(100);
    QVERIFY(raw->framesOf(MessageType::SyncCancel).isEmpty());
    QCOMPARE(harness->activeRequests(QStringLiteral("abandoned")), 0);
}

// Once the response has begun, SlimFaas never removes a stream whose caller left
// (SyncFunctionEndpoints.cs leaves before waitForEnd): not even the function's
// SyncResponseEnd frees its per-pod slot, only a SyncCancel or a disconnect. With every
// slot held, the replica answers every sync call and every async try 503.
void tst_EmulatorSync::callerLeavingAfterTheStartHoldsTheSlot()
{
    SlimFaasFunctionConfig config(QStringLiteral("leaky"));
    config.setNumberParallelRequestPerPod(1);
    RawFunction *raw = harness->function(config);
    QSignalSpy warnings(emulator, &SlimFaasEmulator::warningRaised);
    QTcpSocket *caller = rawCaller("GET /function/leaky/stream HTTP/1.1\r\nHost: x\r\n\r\n");
    QTRY_COMPARE(raw->framesOf(MessageType::SyncRequestStart).size(), 1);
    const QString id = raw->framesOf(MessageType::SyncRequestStart).first().correlationId;
    SlimFaasProtocol::SyncResponseHead head;
    head.statusCode = 200;
    raw->sendFrame(MessageType::SyncResponseStart, id,
                   SlimFaasProtocol::encodeSyncResponseHead(head));
    raw->sendFrame(MessageType::SyncResponseChunk, id, "part");
    QByteArray received;
    QTRY_VERIFY((received += caller->readAll()).contains("part"));
    caller->abort();
    QTRY_COMPARE(warnings.size(), 2);
    QCOMPARE(warnings.at(0).at(0).toString(), QStringLiteral("sync-cancel-not-sent"));
    QCOMPARE(warnings.at(1).at(0).toString(), QStringLiteral("sync-slot-leaked"));
    QCOMPARE(warnings.at(1).at(1).toString(), QStringLiteral("leaky"));
    QVERIFY2(warnings.at(1).at(2).toString().contains(
                     QLatin1String("holds 1 such slot(s) of its 1")),
             qPrintable(warnings.at(1).at(2).toString()));
    QCOMPARE(harness->activeRequests(QStringLiteral("leaky")), 1);

    // The function ends the stream: SlimFaas marks the end and keeps the stream.
    raw->sendFrame(MessageType::SyncResponseChunk, id, "rest");
    raw->sendFrame(MessageType::SyncResponseEnd, id, {}, SlimFaasProtocol::FrameFlagEndOfStream);
    QTest::qWait(100);
    QCOMPARE(harness->activeRequests(QStringLiteral("leaky")), 1);
    QCOMPARE(EmulatorHarness::statusOf(harness->call("GET", QStringLiteral("/function/leaky/x"))),
             503);
    QSignalSpy retries(emulator, &SlimFaasEmulator::asyncRequestRetryScheduled);
    QCOMPARE(EmulatorHarness::statusOf(
                     harness->call("POST", QStringLiteral("/async-function/leaky/job"))),
             202);
    QTRY_VERIFY(!retries.isEmpty());
    QCOMPARE(retries.first().at(2).toInt(), 503);
    QVERIFY(raw->of(MessageType::AsyncRequest).isEmpty());

    // Only a SyncCancel from the function frees it; none is sent back.
    raw->sendFrame(MessageType::SyncCancel, id);
    QTRY_COMPARE(harness->activeRequests(QStringLiteral("leaky")), 0);
    QTRY_COMPARE(raw->of(MessageType::AsyncRequest).size(), 1); // the retry now gets through
    QVERIFY(raw->framesOf(MessageType::SyncCancel).isEmpty());
}

void tst_EmulatorSync::responseStartAsTheServerReadsIt_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("cancelSent");
    QTest::addColumn<bool>("slotHeld");
    QTest::addColumn<QString>("named"); // what the warning names

    QTest::newRow("statusCode 200.0") << QByteArray(R"({"statusCode":200.0,"headers":{}})") << 503
                                      << true << false << QStringLiteral("200.0");
    QTest::newRow("statusCode a string") << QByteArray(R"({"statusCode":"200"})") << 503 << true
                                         << false << QStringLiteral("\"200\"");
    QTest::newRow("statusCode null") << QByteArray(R"({"statusCode":null})") << 503 << true << false
                                     << QStringLiteral("statusCode");
    QTest::newRow("a header value that is a string")
            << QByteArray(R"({"statusCode":200,"headers":{"X-Plain":"v"}})") << 503 << true << false
            << QStringLiteral("X-Plain");
    QTest::newRow("a header list holding a number")
            << QByteArray(R"({"statusCode":200,"headers":{"X-Number":[1]}})") << 503 << true
            << false << QStringLiteral("X-Number");
    QTest::newRow("headers null") << QByteArray(R"({"statusCode":200,"headers":null})") << 503
                                  << false << true << QStringLiteral("headers");
    QTest::newRow("defaults") << QByteArray(R"({"headers":{"X-A":["v",null],"X-None":null}})")
                              << 200 << false << false << QString();
}

// SlimFaas deserialises SyncResponseStart strictly (System.Text.Json into an int and a
// Dictionary<string, string[]>): a value it cannot read fails the wait for the start
// (SyncCancel, 503); "headers": null is read, then fails while the headers are copied
// (503, no SyncCancel, the slot held).
void tst_EmulatorSync::responseStartAsTheServerReadsIt()
{
    QFETCH(QByteArray, payload);
    QFETCH(int, status);
    QFETCH(bool, cancelSent);
    QFETCH(bool, slotHeld);
    QFETCH(QString, named);
    RawFunction *raw = harness->function(SlimFaasFunctionConfig(QStringLiteral("shapes")));
    QSignalSpy warnings(emulator, &SlimFaasEmulator::warningRaised);
    QNetworkReply *reply = harness->call("GET", QStringLiteral("/function/shapes/x"));
    QTRY_COMPARE(raw->framesOf(MessageType::SyncRequestEnd).size(), 1);
    const QString id = raw->frames.first().correlationId;
    raw->sendFrame(MessageType::SyncResponseStart, id, payload);
    raw->sendFrame(MessageType::SyncResponseEnd, id, {}, SlimFaasProtocol::FrameFlagEndOfStream);
    QCOMPARE(EmulatorHarness::statusOf(reply), status);
    QTest::qWait(100);
    QCOMPARE(raw->framesOf(MessageType::SyncCancel).size(), cancelSent ? 1 : 0);
    QCOMPARE(harness->activeRequests(QStringLiteral("shapes")), slotHeld ? 1 : 0);
    if (named.isEmpty()) {
        QVERIFY(warnings.isEmpty());
        QCOMPARE(reply->rawHeader("X-A"), QByteArray("v"));
        QVERIFY(!reply->hasRawHeader("X-None"));
        return;
    }
    QVERIFY(!warnings.isEmpty());
    QCOMPARE(warnings.first().at(0).toString(), QStringLiteral("sync-response-malformed"));
    QVERIFY2(warnings.first().at(2).toString().contains(named),
             qPrintable(warnings.first().at(2).toString()));
    QCOMPARE(harness->warningCodes().contains(QStringLiteral("sync-slot-leaked")), slotHeld);
}

void tst_EmulatorSync::responseStartReadTheSameInEverySpelling_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("a"); // the caller's X-A
    QTest::addColumn<QByteArray>("b"); // the caller's X-B
    // SlimFaasClient's spelling, read without a JSON parser, then texts a little off it,
    // which the general reader takes: each must come out as SlimFaas reads it.
    QTest::newRow("the client's") << QByteArray(
            R"({"headers":{"X-A":["a"],"X-B":["b1","b2"]},"statusCode":201})")
                                  << 201 << QByteArray("a") << QByteArray("b1, b2");
    QTest::newRow("no headers") << QByteArray(R"({"headers":{},"statusCode":202})") << 202
                                << QByteArray() << QByteArray();
    QTest::newRow("names out of order")
            << QByteArray(R"({"headers":{"X-B":["b"],"X-A":["a"]},"statusCode":203})") << 203
            << QByteArray("a") << QByteArray("b");
    QTest::newRow("one name in two spellings")
            << QByteArray(R"({"headers":{"X-A":["1"],"x-a":["2"]},"statusCode":204})") << 204
            << QByteArray("2") << QByteArray();
    QTest::newRow("decimal status") << QByteArray(R"({"headers":{},"statusCode":200.0})") << 503
                                    << QByteArray() << QByteArray();
    QTest::newRow("leading zero") << QByteArray(R"({"headers":{},"statusCode":0200})") << 503
                                  << QByteArray() << QByteArray();
    QTest::newRow("null in a list")
            << QByteArray(R"({"headers":{"X-A":["a",null]},"statusCode":205})") << 205
            << QByteArray("a") << QByteArray();
    QTest::newRow("escaped value")
            << QByteArray(R"({"headers":{"X-A":["\u0061"]},"statusCode":206})") << 206
            << QByteArray("a") << QByteArray();
    QTest::newRow("empty list") << QByteArray(R"({"headers":{"X-A":[]},"statusCode":207})") << 207
                                << QByteArray() << QByteArray();
    QTest::newRow("space after") << QByteArray(R"({"headers":{},"statusCode":208} )") << 208
                                 << QByteArray() << QByteArray();
}

// A SyncResponseStart in the client's spelling is read without a JSON parser: every other
// spelling goes through the general reader, and each is read as SlimFaas reads it.
void tst_EmulatorSync::responseStartReadTheSameInEverySpelling()
{
    QFETCH(QByteArray, payload);
    QFETCH(int, status);
    QFETCH(QByteArray, a);
    QFETCH(QByteArray, b);
    RawFunction *raw = harness->function(SlimFaasFunctionConfig(QStringLiteral("spellings")));
    QNetworkReply *reply = harness->call("GET", QStringLiteral("/function/spellings/x"));
    QTRY_COMPARE(raw->framesOf(MessageType::SyncRequestEnd).size(), 1);
    const QString id = raw->frames.first().correlationId;
    raw->sendFrame(MessageType::SyncResponseStart, id, payload);
    raw->sendFrame(MessageType::SyncResponseEnd, id, {}, SlimFaasProtocol::FrameFlagEndOfStream);
    QCOMPARE(EmulatorHarness::statusOf(reply), status);
    QCOMPARE(reply->rawHeader("X-A"), a);
    QCOMPARE(reply->rawHeader("X-B"), b);
}

// The client library never sends the shapes SlimFaas cannot read: statusCode an integer,
// every header value a list.
void tst_EmulatorSync::clientSendsTheResponseStartTheServerReads()
{
    QByteArray startPayload;
    connect(emulator, &SlimFaasEmulator::messageReceived, this,
            [&](const QString &, MessageType type, const QString &, const QByteArray &message) {
                if (type == MessageType::SyncResponseStart)
                    startPayload = message.mid(SlimFaasProtocol::FrameHeaderSize);
            });
    SlimFaasClient client(emulator->webSocketUrl(), SlimFaasFunctionConfig(QStringLiteral("lib")));
    client.setSyncRequestHandler([](SlimFaasSyncRequest *request) {
        QObject::connect(request, &SlimFaasSyncRequest::finished, request, &QObject::deleteLater);
        request->respond(
                201,
                { { QStringLiteral("X-One"), { QStringLiteral("v") } },
                  { QStringLiteral("X-Two"), { QStringLiteral("a"), QStringLiteral("b") } } },
                "answer");
    });
    client.open();
    QVERIFY(client.waitForReady(5000));
    QNetworkReply *reply = harness->call("POST", QStringLiteral("/function/lib/x"), "q");
    QCOMPARE(EmulatorHarness::statusOf(reply), 201);
    QCOMPARE(reply->readAll(), QByteArray("answer"));
    QVERIFY2(startPayload.contains(R"("statusCode":201)"), startPayload.constData());
    QVERIFY2(startPayload.contains(R"("X-One":["v"])"), startPayload.constData());
    QVERIFY2(startPayload.contains(R"("X-Two":["a","b"])"), startPayload.constData());
    QVERIFY(harness->warningCodes().isEmpty());
}

// A function without connections is unknown to SlimFaas: 404. (With connections that are
// all busy it is 503: tst_emulatordispatch.)
void tst_EmulatorSync::functionWithoutClientIs404()
{
    QCOMPARE(EmulatorHarness::statusOf(harness->call("GET", QStringLiteral("/function/ghost/x"))),
             404);
    RawFunction *raw = harness->function(SlimFaasFunctionConfig(QStringLiteral("gone")));
    raw->socket.close();
    QTRY_COMPARE(emulator->replicas(QStringLiteral("gone")), 0);
    QCOMPARE(EmulatorHarness::statusOf(harness->call("GET", QStringLiteral("/function/gone/x"))),
             404);
}

void tst_EmulatorSync::timeoutCancels()
{
    emulator->setSyncTimeout(200);
    RawFunction *raw = harness->function(SlimFaasFunctionConfig(QStringLiteral("mute")));
    QSignalSpy cancelled(emulator, &SlimFaasEmulator::syncRequestCancelled);
    QNetworkReply *reply = harness->call("GET", QStringLiteral("/function/mute"));
    QCOMPARE(EmulatorHarness::statusOf(reply), 503);
    QTRY_COMPARE(raw->framesOf(MessageType::SyncCancel).size(), 1);
    QCOMPARE(cancelled.size(), 1);
}

// As on SlimFaas, the wait for the response start counts from the end of the request body:
// a slow upload is not cut by it.
void tst_EmulatorSync::waitStartsAfterTheBody()
{
    emulator->setSyncTimeout(200);
    RawFunction *raw = harness->function(SlimFaasFunctionConfig(QStringLiteral("patient")));
    QTcpSocket *caller = rawCaller(
            "POST /function/patient/up HTTP/1.1\r\nHost: x\r\nContent-Length: 8\r\n\r\nhalf");
    QTRY_COMPARE(raw->framesOf(MessageType::SyncRequestChunk).size(), 1);
    QTest::qWait(500); // well past the timeout, body still incomplete
    QVERIFY(raw->framesOf(MessageType::SyncCancel).isEmpty());
    caller->write("done");
    QTRY_COMPARE(raw->framesOf(MessageType::SyncRequestEnd).size(), 1);
    QTRY_COMPARE(raw->framesOf(MessageType::SyncCancel).size(), 1);
    QByteArray answer;
    QTRY_VERIFY((answer += caller->readAll()).startsWith("HTTP/1.1 503"));
}

// Before the response has begun, SlimFaas answers a SyncCancel from the function with a
// SyncCancel of its own and gives the caller 503.
void tst_EmulatorSync::functionCancelBeforeResponse()
{
    RawFunction *raw = harness->function(SlimFaasFunctionConfig(QStringLiteral("quitter")));
    QSignalSpy cancelled(emulator, &SlimFaasEmulator::syncRequestCancelled);
    QNetworkReply *reply = harness->call("GET", QStringLiteral("/function/quitter"));
    QTRY_COMPARE(raw->framesOf(MessageType::SyncRequestEnd).size(), 1);
    const QString id = raw->frames.first().correlationId;
    raw->sendFrame(MessageType::SyncCancel, id);
    QCOMPARE(EmulatorHarness::statusOf(reply), 503);
    QCOMPARE(cancelled.size(), 1);
    QTRY_COMPARE(raw->framesOf(MessageType::SyncCancel).size(), 1);
    QCOMPARE(raw->framesOf(MessageType::SyncCancel).first().correlationId, id);
}

// Once the response has begun, a SyncCancel from the function cuts the caller's connection.
void tst_EmulatorSync::functionCancelDuringResponse()
{
    RawFunction *raw = harness->function(SlimFaasFunctionConfig(QStringLiteral("halfway")));
    QTcpSocket *caller = rawCaller("GET /function/halfway HTTP/1.1\r\nHost: x\r\n\r\n");
    QTRY_COMPARE(raw->framesOf(MessageType::SyncRequestEnd).size(), 1);
    const QString id = raw->frames.first().correlationId;
    SlimFaasProtocol::SyncResponseHead head;
    head.statusCode = 200;
    raw->sendFrame(MessageType::SyncResponseStart, id,
                   SlimFaasProtocol::encodeSyncResponseHead(head));
    raw->sendFrame(MessageType::SyncResponseChunk, id, "partial");
    QByteArray received;
    QTRY_VERIFY((received += caller->readAll()).contains("partial"));
    raw->sendFrame(MessageType::SyncCancel, id);
    QTRY_COMPARE(caller->state(), QAbstractSocket::UnconnectedState);
    received += caller->readAll();
    QVERIFY(!received.endsWith("0\r\n\r\n")); // never completed
    QTest::qWait(100);
    QVERIFY(raw->framesOf(MessageType::SyncCancel).isEmpty()); // no answer once streaming
}

void tst_EmulatorSync::connectionLostBeforeResponse()
{
    RawFunction *raw = harness->function(SlimFaasFunctionConfig(QStringLiteral("fragile")));
    QSignalSpy cancelled(emulator, &SlimFaasEmulator::syncRequestCancelled);
    QNetworkReply *reply = harness->call("GET", QStringLiteral("/function/fragile"));
    QTRY_COMPARE(raw->framesOf(MessageType::SyncRequestEnd).size(), 1);
    raw->socket.close();
    QCOMPARE(EmulatorHarness::statusOf(reply), 503);
    QCOMPARE(cancelled.size(), 1);
}

// A SyncResponseStart SlimFaas cannot read fails its wait at once: SyncCancel, 503.
void tst_EmulatorSync::malformedResponseStartFailsAtOnce()
{
    RawFunction *raw = harness->function(SlimFaasFunctionConfig(QStringLiteral("garbled")));
    QNetworkReply *reply = harness->call("GET", QStringLiteral("/function/garbled"));
    QTRY_COMPARE(raw->framesOf(MessageType::SyncRequestEnd).size(), 1);
    const QString id = raw->frames.first().correlationId;
    raw->sendFrame(MessageType::SyncResponseStart, id, "{not json");
    QCOMPARE(EmulatorHarness::statusOf(reply), 503);
    QVERIFY(reply->readAll().isEmpty()); // SlimFaas's 503s have no body
    QTRY_COMPARE(raw->framesOf(MessageType::SyncCancel).size(), 1);
    QCOMPARE(raw->framesOf(MessageType::SyncCancel).first().correlationId, id);
}

// SlimFaas's response channel exists from the start of the stream: chunks (and the end)
// sent before SyncResponseStart are kept and delivered after it.
void tst_EmulatorSync::chunkBeforeStartIsBuffered()
{
    RawFunction *raw = harness->function(SlimFaasFunctionConfig(QStringLiteral("eager")));
    QNetworkReply *reply = harness->call("GET", QStringLiteral("/function/eager"));
    QTRY_COMPARE(raw->framesOf(MessageType::SyncRequestEnd).size(), 1);
    const QString id = raw->frames.first().correlationId;
    raw->sendFrame(MessageType::SyncResponseChunk, id, "early ");
    raw->sendFrame(MessageType::SyncResponseChunk, id, "bird");
    raw->sendFrame(MessageType::SyncResponseEnd, id, {}, SlimFaasProtocol::FrameFlagEndOfStream);
    QTest::qWait(100);
    QVERIFY(!reply->isFinished());
    SlimFaasProtocol::SyncResponseHead head;
    head.statusCode = 202;
    raw->sendFrame(MessageType::SyncResponseStart, id,
                   SlimFaasProtocol::encodeSyncResponseHead(head));
    QCOMPARE(EmulatorHarness::statusOf(reply), 202);
    QCOMPARE(reply->readAll(), QByteArray("early bird"));
}

// The caller's status line leaves with the first body bytes: a SyncCancel or a lost
// connection after the start but before any chunk still gives the caller 503.
void tst_EmulatorSync::failureBeforeTheFirstBytesIs503()
{
    RawFunction *raw = harness->function(SlimFaasFunctionConfig(QStringLiteral("started")));
    SlimFaasProtocol::SyncResponseHead head;
    head.statusCode = 200;
    QNetworkReply *reply = harness->call("GET", QStringLiteral("/function/started/a"));
    QTRY_COMPARE(raw->framesOf(MessageType::SyncRequestEnd).size(), 1);
    QString id = raw->framesOf(MessageType::SyncRequestStart).at(0).correlationId;
    raw->sendFrame(MessageType::SyncResponseStart, id,
                   SlimFaasProtocol::encodeSyncResponseHead(head));
    QTest::qWait(50);
    raw->sendFrame(MessageType::SyncCancel, id);
    QCOMPARE(EmulatorHarness::statusOf(reply), 503);
    QTest::qWait(50);
    QVERIFY(raw->framesOf(MessageType::SyncCancel).isEmpty()); // none back after the start

    reply = harness->call("GET", QStringLiteral("/function/started/b"));
    QTRY_COMPARE(raw->framesOf(MessageType::SyncRequestEnd).size(), 2);
    id = raw->framesOf(MessageType::SyncRequestStart).at(1).correlationId;
    raw->sendFrame(MessageType::SyncResponseStart, id,
                   SlimFaasProtocol::encodeSyncResponseHead(head));
    QTest::qWait(50);
    raw->socket.close();
    QCOMPARE(EmulatorHarness::statusOf(reply), 503);
}

// Found ignoring case, sent under the caller's spelling, which has no connection: 503.
void tst_EmulatorSync::wrongCaseNameIs503()
{
    RawFunction *raw = echoFunction(QStringLiteral("Mixed"));
    QSignalSpy warnings(emulator, &SlimFaasEmulator::warningRaised);
    QNetworkReply *reply = harness->call("POST", QStringLiteral("/function/mixed/x"), "body");
    QCOMPARE(EmulatorHarness::statusOf(reply), 503);
    QVERIFY(reply->readAll().isEmpty());
    QCOMPARE(warnings.size(), 1);
    QCOMPARE(warnings.first().at(0).toString(), QStringLiteral("function-name-case"));
    QCOMPARE(warnings.first().at(1).toString(), QStringLiteral("Mixed"));
    QVERIFY(raw->frames.isEmpty());
    QCOMPARE(EmulatorHarness::statusOf(
                     harness->call("POST", QStringLiteral("/function/Mixed/x"), "body")),
             201);
}

// pathsStartWithVisibility as each SlimFaas route matches it: async compares the lowercased
// path (no leading '/') with the lowercased rule, so "/admin" never matches there; sync
// strips the '/' from both but lowercases only the path, so "Admin" never matches there.
// Each rule that can never match on a route is warned about at registration.
void tst_EmulatorSync::pathRulesMatchPerRoute()
{
    SlimFaasFunctionConfig config(QStringLiteral("rules"));
    config.addPathStartWithVisibility(QStringLiteral("/slash"), SlimFaas::Visibility::Private);
    config.addPathStartWithVisibility(QStringLiteral("Caps"), SlimFaas::Visibility::Private);
    config.addPathStartWithVisibility(QStringLiteral("plain"), SlimFaas::Visibility::Private);
    emulator->setSyncTimeout(100); // a public sync path: forwarded, unanswered, 503
    QSignalSpy warnings(emulator, &SlimFaasEmulator::warningRaised);
    RawFunction *raw = harness->function(config);
    QCOMPARE(warnings.size(), 2);
    for (const auto &warning : warnings)
        QCOMPARE(warning.at(0).toString(), QStringLiteral("path-rule-never-matches"));
    QVERIFY(warnings.at(0).at(2).toString().contains(QLatin1String("/slash")));
    QVERIFY(warnings.at(1).at(2).toString().contains(QLatin1String("Caps")));
    auto status = [this](const char *verb, const char *path) {
        return EmulatorHarness::statusOf(harness->call(verb, QString::fromLatin1(path)));
    };
    QCOMPARE(status("POST", "/async-function/rules/slash/x"), 202); // "/slash": not on async
    QCOMPARE(status("POST", "/async-function/rules/caps/x"), 404);
    QCOMPARE(status("POST", "/async-function/rules/PLAIN"), 404);
    QCOMPARE(status("GET", "/function/rules/slash/x"), 404);
    QCOMPARE(status("GET", "/function/rules/Caps"), 503); // "Caps": not on sync
    QCOMPARE(status("GET", "/function/rules/PLAIN"), 404);
    QCOMPARE(raw->framesOf(MessageType::SyncRequestStart).size(), 1);
    QCOMPARE(raw->framesOf(MessageType::SyncRequestStart).first().payload.contains("Caps"), true);
}

QTEST_GUILESS_MAIN(tst_EmulatorSync)
#include "tst_emulatorsync.moc"
