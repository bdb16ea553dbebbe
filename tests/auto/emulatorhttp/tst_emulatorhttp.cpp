// SPDX-License-Identifier: MIT
// The caller-facing HTTP/1.1 port against callers that break the rules, hold on or flood
// it, and functions whose responses would break HTTP: every answer as Kestrel gives it, no
// crash, no hang, bounded memory.

#include <emulatortestcase.h>

#include <QtCore/qfile.h>
#include <QtNetwork/qtcpsocket.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

using SlimFaasProtocol::MessageType;

class tst_EmulatorHttp : public EmulatorTestCase
{
    Q_OBJECT

private Q_SLOTS:
    void malformedRequests_data();
    void malformedRequests();
    void chunkEndsCheckedAcrossReads();
    void pipelinedFloodIsAnsweredInOrder();
    void oversizedHeadInOneSend();
    void bodyOverTheCap_data();
    void bodyOverTheCap();
    void hugeAsyncBodyIsCountedNotKept();
    void headTimeout();
    void limitsAreThoseSlimFaasRunsWith();
    void slowRequestBodyTimesOut();
    void idleKeepAliveTimeout();
    void connectionCap();
    void webSocketPortHeadTimeoutAndCap();
    void absoluteFormTarget();
    void encodedSlashDoesNotSplitRoutes();
    void dotSegmentsAreRemoved();
    void http10GetsNoChunking();
    void requestHeaderNamesAsKestrelGivesThem();
    void wakeFunctionsAnswers204();
    void invalidFunctionResponses_data();
    void invalidFunctionResponses();
    void functionContentLengthFramesTheBody_data();
    void functionContentLengthFramesTheBody();
    void slowCallerStreamIsBounded();
    void webSocketMessageSize();
    void stopAnswersCallersInFlight();

private:
    QTcpSocket *caller(quint16 port = 0);
    // Sends request and collects the answer until the emulator closes the connection, or
    // until timeout ms have passed.
    QByteArray exchange(const QByteArray &request, int timeout = 5000, bool *closed = nullptr);
    QByteArray readUntilClosed(QTcpSocket *socket, int timeout, bool *closed);
    void restart(const SlimFaasEmulatorLimits &limits);
    RawFunction *respondingFunction(const QString &name,
                                    const SlimFaasProtocol::SyncResponseHead &head,
                                    const QByteArray &body);
};

void tst_EmulatorHttp::restart(const SlimFaasEmulatorLimits &limits)
{
    emulator->stop();
    emulator->setLimits(limits);
    QVERIFY(emulator->start());
}

QTcpSocket *tst_EmulatorHttp::caller(quint16 port)
{
    auto *socket = new QTcpSocket(harness);
    socket->connectToHost(QHostAddress::LocalHost, port ? port : emulator->httpPort());
    if (!socket->waitForConnected(5000))
        qWarning("caller not connected");
    return socket;
}

// Everything the emulator sends until it closes the connection, or until timeout ms.
QByteArray tst_EmulatorHttp::readUntilClosed(QTcpSocket *socket, int timeout, bool *closed)
{
    QByteArray answer;
    const bool ended = QTest::qWaitFor(
            [&] {
                answer += socket->readAll();
                return socket->state() == QAbstractSocket::UnconnectedState;
            },
            timeout);
    answer += socket->readAll();
    if (closed)
        *closed = ended;
    return answer;
}

QByteArray tst_EmulatorHttp::exchange(const QByteArray &request, int timeout, bool *closed)
{
    QTcpSocket *socket = caller();
    socket->write(request);
    return readUntilClosed(socket, timeout, closed);
}

RawFunction *tst_EmulatorHttp::respondingFunction(const QString &name,
                                                  const SlimFaasProtocol::SyncResponseHead &head,
                                                  const QByteArray &body)
{
    RawFunction *raw = harness->function(SlimFaasFunctionConfig(name));
    connect(&raw->socket, &QWebSocket::binaryMessageReceived, raw, [=](const QByteArray &data) {
        const auto frame = SlimFaasProtocol::decodeFrame(data);
        if (!frame || frame->type != MessageType::SyncRequestEnd)
            return;
        raw->sendFrame(MessageType::SyncResponseStart, frame->correlationId,
                       SlimFaasProtocol::encodeSyncResponseHead(head));
        if (!body.isEmpty())
            raw->sendFrame(MessageType::SyncResponseChunk, frame->correlationId, body);
        raw->sendFrame(MessageType::SyncResponseEnd, frame->correlationId, {},
                       SlimFaasProtocol::FrameFlagEndOfStream);
    });
    return raw;
}

void tst_EmulatorHttp::malformedRequests_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    const QByteArray post = "POST /async-function/f/x HTTP/1.1\r\nHost: h\r\n";
    QTest::newRow("duplicate Content-Length")
            << post + "Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd" << 400;
    QTest::newRow("signed Content-Length") << post + "Content-Length: +5\r\n\r\nabcde" << 400;
    QTest::newRow("hex chunk size")
            << post + "Transfer-Encoding: chunked\r\n\r\n0x5\r\nabcde\r\n0\r\n\r\n"
            << 400;
    QTest::newRow("no CRLF after chunk data")
            << post + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc0\r\n\r\n"
            << 400;
    // Two bytes where the CRLF belongs used to be skipped unread.
    QTest::newRow("other bytes instead of CRLF after chunk data")
            << post + "Transfer-Encoding: chunked\r\n\r\n3\r\nabcXY0\r\n\r\n"
            << 400;
    QTest::newRow("chunked and Content-Length")
            << post + "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
            << 400;
    QTest::newRow("Transfer-Encoding by substring")
            << post + "Transfer-Encoding: notchunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
            << 400;
    QTest::newRow("header without colon") << QByteArray("GET / HTTP/1.1\r\nNoColon\r\n\r\n") << 400;
    QTest::newRow("NUL in a header")
            << QByteArray("GET / HTTP/1.1\r\nX-A: a\0b\r\n\r\n", 28) << 400;
    QTest::newRow("bad version") << QByteArray("GET / HTTP/9.x\r\n\r\n") << 400;
    // Kestrel answers 505 to a version it does not speak, 400 to a space in a header name.
    QTest::newRow("HTTP/1.2") << QByteArray("GET / HTTP/1.2\r\nHost: h\r\n\r\n") << 505;
    QTest::newRow("HTTP/2.0") << QByteArray("GET / HTTP/2.0\r\nHost: h\r\n\r\n") << 505;
    QTest::newRow("space before colon") << QByteArray("GET / HTTP/1.1\r\nHost : h\r\n\r\n") << 400;
    QTest::newRow("garbage") << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n")
                             << 400;
    // Bare LF line ends are tolerated, as by most servers: the request is answered.
    QTest::newRow("bare LF") << QByteArray("GET /nowhere HTTP/1.1\nHost: h\n\n") << 404;
}

void tst_EmulatorHttp::malformedRequests()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    RawFunction *f = harness->function(SlimFaasFunctionConfig(QStringLiteral("f")));
    bool closed = false;
    const bool refused = status == 400 || status == 505;
    const QByteArray answer = exchange(request, refused ? 5000 : 1000, &closed);
    QVERIFY2(answer.startsWith("HTTP/1.1 " + QByteArray::number(status) + ' '), answer.constData());
    if (refused) {
        QVERIFY2(closed, "a malformed request closes the connection");
        QVERIFY(answer.contains("Connection: close\r\n"));
    }
    QTest::qWait(50);
    QVERIFY(f->requests().isEmpty());
}

void tst_EmulatorHttp::chunkEndsCheckedAcrossReads()
{
    // A chunk's closing CRLF split between reads: right is accepted, wrong is refused.
    RawFunction *f = harness->function(SlimFaasFunctionConfig(QStringLiteral("f")));
    const QByteArray head = "POST /async-function/f/x HTTP/1.1\r\nConnection: close\r\n"
                            "Transfer-Encoding: chunked\r\n\r\n";
    for (const QByteArray &body : { QByteArray("3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"),
                                    QByteArray("3\r\nabc\rX2\r\nde\r\n0\r\n\r\n") }) {
        QTcpSocket *socket = caller();
        socket->write(head);
        for (char byte : body) {
            socket->write(&byte, 1);
            socket->flush();
            QTest::qWait(2);
        }
        QByteArray answer;
        QTRY_VERIFY((answer += socket->readAll()).contains("\r\n\r\n"));
        QVERIFY2(answer.startsWith(body.contains('X') ? "HTTP/1.1 400 " : "HTTP/1.1 202 "),
                 answer.constData());
    }
    QTRY_COMPARE(f->requests().size(), 1);
    QCOMPARE(f->requests().constFirst().body(), QByteArray("abcde"));
}

void tst_EmulatorHttp::pipelinedFloodIsAnsweredInOrder()
{
    // One send of 100 000 requests used to recurse once per request and overflow the stack.
    constexpr int Count = 100000;
    QByteArray flood;
    for (int i = 0; i < Count; ++i)
        flood += "GET /status-function/none-" + QByteArray::number(i % 10) + " HTTP/1.1\r\n\r\n";
    flood += "GET /status-functions HTTP/1.1\r\nConnection: close\r\n\r\n";
    QTcpSocket *socket = caller();
    socket->write(flood);
    bool closed = false;
    const QByteArray answer = readUntilClosed(socket, 120000, &closed);
    QVERIFY(closed);
    QCOMPARE(answer.count("HTTP/1.1 404 "), Count);
    QVERIFY(answer.endsWith("\r\n\r\n[]"));
}

void tst_EmulatorHttp::oversizedHeadInOneSend()
{
    // The limit holds even when the blank line arrives in the same read as the excess.
    QByteArray request = "GET /status-functions HTTP/1.1\r\n";
    for (int i = 0; i < 1200; ++i)
        request += "X-Filler-" + QByteArray::number(i) + ": " + QByteArray(80, 'a') + "\r\n";
    request += "\r\n";
    QVERIFY(request.size() > 100 * 1024);
    bool closed = false;
    const QByteArray answer = exchange(request, 5000, &closed);
    QVERIFY2(answer.startsWith("HTTP/1.1 431 "), answer.left(200).constData());
    QVERIFY(closed);

    SlimFaasEmulatorLimits limits;
    limits.maximumRequestHeadSize = 1024;
    restart(limits);
    QVERIFY(exchange("GET /status-functions HTTP/1.1\r\nX-A: " + QByteArray(2000, 'a') + "\r\n\r\n")
                    .startsWith("HTTP/1.1 431 "));
    QVERIFY(exchange("GET /status-functions HTTP/1.1\r\nConnection: close\r\n\r\n")
                    .startsWith("HTTP/1.1 200 "));
}

void tst_EmulatorHttp::bodyOverTheCap_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::newRow("Content-Length")
            << QByteArray("POST /async-function/f/x HTTP/1.1\r\nContent-Length: 2000\r\n\r\n");
    QTest::newRow("chunked") << QByteArray("POST /function/f/x HTTP/1.1\r\n"
                                           "Transfer-Encoding: chunked\r\n\r\n400\r\n")
                    + QByteArray(1024, 'a') + "\r\n400\r\n" + QByteArray(1024, 'b')
                    + "\r\n0\r\n\r\n";
}

void tst_EmulatorHttp::bodyOverTheCap()
{
    QFETCH(QByteArray, request);
    QCOMPARE(SlimFaasEmulatorLimits().maximumRequestBodySize, 524288000); // as SlimFaas
    SlimFaasEmulatorLimits limits;
    limits.maximumRequestBodySize = 1500;
    restart(limits);
    RawFunction *f = harness->function(SlimFaasFunctionConfig(QStringLiteral("f")));
    bool closed = false;
    const QByteArray answer = exchange(request, 5000, &closed);
    QVERIFY2(answer.contains("HTTP/1.1 413 "), answer.constData());
    QVERIFY(closed);
    QTest::qWait(50);
    QVERIFY(f->requests().isEmpty());
}

// The peak resident memory of this process (the emulator runs in it), in KiB; resetting it
// first lets a test measure its own peak.
static qint64 peakResidentKiB(bool reset = false)
{
    if (reset) {
        QFile clear(QStringLiteral("/proc/self/clear_refs"));
        if (clear.open(QIODevice::WriteOnly))
            clear.write("5");
    }
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

// SlimFaas never sends an async body over 1 MiB to a WebSocket function (it goes as null):
// the emulator counts such a body as it arrives and keeps none of it. It used to hold the
// whole body, and several copies of it per delivery attempt.
void tst_EmulatorHttp::hugeAsyncBodyIsCountedNotKept()
{
    RawFunction *f = harness->function(SlimFaasFunctionConfig(QStringLiteral("f")));
    QSignalSpy warnings(emulator, &SlimFaasEmulator::warningRaised);
    const qint64 size = 128 * 1024 * 1024;
    const QByteArray piece(1024 * 1024, 'z');
    const qint64 before = peakResidentKiB(true);
    QVERIFY(before > 0);
    QTcpSocket *socket = caller();
    socket->write("POST /async-function/f/big HTTP/1.1\r\nHost: x\r\nContent-Length: "
                  + QByteArray::number(size) + "\r\n\r\n");
    for (qint64 sent = 0; sent < size; sent += piece.size()) {
        socket->write(piece);
        while (socket->bytesToWrite() > 4 * piece.size())
            QVERIFY(QTest::qWaitFor([&] { return socket->bytesToWrite() <= 4 * piece.size(); },
                                    10000));
    }
    QByteArray answer;
    QTRY_VERIFY_WITH_TIMEOUT((answer += socket->readAll()).contains("\r\n\r\n"), 30000);
    QVERIFY2(answer.startsWith("HTTP/1.1 202 "), answer.constData());
    QTRY_COMPARE(f->requests().size(), 1);
    QVERIFY(!f->requests().constFirst().hasBody());
    QVERIFY(std::any_of(warnings.cbegin(), warnings.cend(), [](const QList<QVariant> &w) {
        return w.at(0).toString() == QLatin1String("async-body-dropped");
    }));
#if defined(__SANITIZE_ADDRESS__)
#define SLIMFAAS_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SLIMFAAS_ASAN 1
#endif
#endif
#ifdef SLIMFAAS_ASAN
    QSKIP("AddressSanitizer keeps freed memory in quarantine: resident memory says nothing here");
#endif
    const qint64 grownMiB = (peakResidentKiB() - before) / 1024;
    qInfo("peak resident memory grew by %lld MiB for a %lld MiB body", grownMiB,
          size / (1024 * 1024));
    QVERIFY2(grownMiB < 48, qPrintable(QString::number(grownMiB)));
}

void tst_EmulatorHttp::headTimeout()
{
    SlimFaasEmulatorLimits limits;
    limits.requestHeadTimeout = 300;
    restart(limits);
    // Slowloris: a head that is never finished.
    QTcpSocket *socket = caller();
    socket->write("GET /status-functions HTTP/1.1\r\nX-Slow: a");
    QElapsedTimer timer;
    timer.start();
    bool closed = false;
    const QByteArray answer = readUntilClosed(socket, 5000, &closed);
    QVERIFY(closed);
    QVERIFY2(answer.startsWith("HTTP/1.1 408 "), answer.constData());
    QVERIFY(timer.elapsed() < 3000);
    // Dribbling one byte at a time does not restart the clock.
    QTcpSocket *dribbler = caller();
    dribbler->write("GET /status-functions HTTP/1.1\r\n");
    timer.restart();
    QVERIFY(QTest::qWaitFor(
            [&] {
                if (dribbler->state() == QAbstractSocket::ConnectedState)
                    dribbler->write("X");
                return dribbler->state() == QAbstractSocket::UnconnectedState;
            },
            5000));
    QVERIFY(timer.elapsed() < 3000);
    // A connection that sends nothing at all is closed too.
    QTcpSocket *silent = caller();
    QTRY_COMPARE_WITH_TIMEOUT(silent->state(), QAbstractSocket::UnconnectedState, 5000);
}

// SlimFaas runs with Kestrel's default limits: its appsettings.json "Kestrel:Limits" never
// reaches Kestrel (KestrelServerOptions.Configure() reads endpoints, not limits), except
// MaxRequestBodySize, which Program.cs reads and sets itself.
void tst_EmulatorHttp::limitsAreThoseSlimFaasRunsWith()
{
    const SlimFaasEmulatorLimits limits;
    QCOMPARE(limits.requestHeadTimeout, 30 * 1000);
    QCOMPARE(limits.keepAliveTimeout, 130 * 1000);
    QCOMPARE(limits.minimumRequestBodyDataRate, 240);
    QCOMPARE(limits.requestBodyGracePeriod, 5 * 1000);
    QCOMPARE(limits.maximumRequestBodySize, 524288000);
    QCOMPARE(limits.maximumRequestHeadSize, 32 * 1024);
}

// Kestrel's MinRequestBodyDataRate: a body that averages less than the minimum once the
// grace period is over fails its read. /async-function lets the failure through: 408.
// /function catches it after sending the function SyncCancel: 503. The connection closes.
void tst_EmulatorHttp::slowRequestBodyTimesOut()
{
    SlimFaasEmulatorLimits limits;
    limits.minimumRequestBodyDataRate = 1000;
    limits.requestBodyGracePeriod = 300;
    restart(limits);
    RawFunction *f = harness->function(SlimFaasFunctionConfig(QStringLiteral("f")));
    bool closed = false;
    QByteArray answer = exchange("POST /async-function/f/x HTTP/1.1\r\nContent-Length: 10000\r\n"
                                 "\r\nonly ten b",
                                 5000, &closed);
    QVERIFY2(answer.startsWith("HTTP/1.1 408 "), answer.constData());
    QVERIFY(closed);
    QCOMPARE(emulator->queueLength(QStringLiteral("f")), 0);
    QVERIFY(f->requests().isEmpty());

    answer = exchange("POST /function/f/x HTTP/1.1\r\nContent-Length: 10000\r\n\r\nonly ten b",
                      5000, &closed);
    QVERIFY2(answer.startsWith("HTTP/1.1 503 "), answer.constData());
    QVERIFY(answer.contains("Connection: close\r\n"));
    QVERIFY(closed);
    QTRY_COMPARE(f->framesOf(MessageType::SyncCancel).size(), 1);
    QCOMPARE(harness->activeRequests(QStringLiteral("f")), 0);

    // A body that keeps up is not cut, however long it takes in all.
    QTcpSocket *socket = caller();
    socket->write("POST /async-function/f/y HTTP/1.1\r\nContent-Length: 2000\r\n"
                  "Connection: close\r\n\r\n");
    for (int i = 0; i < 4; ++i) {
        socket->write(QByteArray(500, 'x'));
        QTest::qWait(200); // 2500 bytes/s
    }
    answer = readUntilClosed(socket, 5000, &closed);
    QVERIFY2(answer.startsWith("HTTP/1.1 202 "), answer.constData());
}

void tst_EmulatorHttp::idleKeepAliveTimeout()
{
    SlimFaasEmulatorLimits limits;
    limits.keepAliveTimeout = 300;
    restart(limits);
    QTcpSocket *socket = caller();
    socket->write("GET /status-functions HTTP/1.1\r\n\r\n");
    bool closed = false;
    const QByteArray answer = readUntilClosed(socket, 5000, &closed);
    QVERIFY(closed);
    QVERIFY2(answer.startsWith("HTTP/1.1 200 "), answer.constData());
}

void tst_EmulatorHttp::connectionCap()
{
    SlimFaasEmulatorLimits limits;
    limits.maximumConnections = 5;
    restart(limits);
    QList<QTcpSocket *> held;
    for (int i = 0; i < 5; ++i)
        held.append(caller());
    QTest::qWait(100);
    bool closed = false;
    QElapsedTimer timer;
    timer.start();
    const QByteArray refused = exchange("GET /status-functions HTTP/1.1\r\n\r\n", 5000, &closed);
    QVERIFY2(refused.startsWith("HTTP/1.1 503 "), refused.constData());
    QVERIFY(closed);
    QVERIFY(timer.elapsed() < 2000);
    // One goes: room for one more.
    held.takeFirst()->abort();
    QTest::qWait(100);
    QVERIFY(exchange("GET /status-functions HTTP/1.1\r\nConnection: close\r\n\r\n")
                    .startsWith("HTTP/1.1 200 "));
}

void tst_EmulatorHttp::webSocketPortHeadTimeoutAndCap()
{
    SlimFaasEmulatorLimits limits;
    limits.requestHeadTimeout = 300;
    limits.maximumConnections = 3;
    restart(limits);
    QTcpSocket *slow = caller(emulator->webSocketPort());
    slow->write("GET /ws HTTP/1.1\r\nUpgrade: websocket\r\n");
    QTRY_COMPARE_WITH_TIMEOUT(slow->state(), QAbstractSocket::UnconnectedState, 5000);
    QVERIFY(slow->readAll().startsWith("HTTP/1.1 408 "));

    QList<RawFunction *> functions;
    for (int i = 0; i < 3; ++i)
        functions.append(new RawFunction(emulator->webSocketUrl(), harness));
    for (RawFunction *f : functions)
        QVERIFY(f->waitConnected());
    RawFunction extra(emulator->webSocketUrl());
    QVERIFY(!extra.waitConnected());
}

void tst_EmulatorHttp::absoluteFormTarget()
{
    const QByteArray answer = exchange("GET http://slimfaas.example:30021/status-functions "
                                       "HTTP/1.1\r\nConnection: close\r\n\r\n");
    QVERIFY2(answer.startsWith("HTTP/1.1 200 "), answer.constData());
    QVERIFY(answer.endsWith("\r\n\r\n[]"));
    // The caller asked to close: the answer says the connection ends.
    QVERIFY(answer.contains("Connection: close\r\n"));
    // An HTTP/1.0 caller asking for keep-alive is told it is kept.
    QTcpSocket *http10 = caller();
    http10->write("GET /status-functions HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    QTRY_VERIFY(http10->bytesAvailable() > 0 && http10->peek(4096).endsWith("[]"));
    QVERIFY(http10->readAll().contains("Connection: keep-alive\r\n"));
    QCOMPARE(http10->state(), QAbstractSocket::ConnectedState);
}

void tst_EmulatorHttp::encodedSlashDoesNotSplitRoutes()
{
    RawFunction *f = harness->function(SlimFaasFunctionConfig(QStringLiteral("f")));
    // Used to route to "f" with path "x/y".
    QCOMPARE(EmulatorHarness::statusOf(
                     harness->call("POST", QStringLiteral("/async-function/f%2Fx/y"))),
             404);
    // In the rest of the path it stays encoded, as Kestrel leaves it.
    QCOMPARE(EmulatorHarness::statusOf(
                     harness->call("POST", QStringLiteral("/async-function/f/a%2Fb%20c"))),
             202);
    QTRY_COMPARE(f->requests().size(), 1);
    QCOMPARE(f->requests().constFirst().path(), QStringLiteral("a%2Fb c"));
}

void tst_EmulatorHttp::dotSegmentsAreRemoved()
{
    RawFunction *f = harness->function(SlimFaasFunctionConfig(QStringLiteral("f")));
    QVERIFY(exchange("POST /async-function/g/../f/a/./b/../c HTTP/1.1\r\nContent-Length: 0\r\n"
                     "Connection: close\r\n\r\n")
                    .startsWith("HTTP/1.1 202 "));
    QVERIFY(exchange("POST /async-function/g/%2E%2E/f/x/%2e%2e/d HTTP/1.1\r\nContent-Length: 0\r\n"
                     "Connection: close\r\n\r\n")
                    .startsWith("HTTP/1.1 202 "));
    QTRY_COMPARE(f->requests().size(), 2);
    QCOMPARE(f->requests().at(0).path(), QStringLiteral("a/c"));
    QCOMPARE(f->requests().at(1).path(), QStringLiteral("d"));
    // ".." never climbs above the root.
    QVERIFY(exchange("GET /../../status-functions HTTP/1.1\r\nConnection: close\r\n\r\n")
                    .startsWith("HTTP/1.1 200 "));
}

void tst_EmulatorHttp::http10GetsNoChunking()
{
    SlimFaasProtocol::SyncResponseHead head;
    head.statusCode = 200;
    respondingFunction(QStringLiteral("f"), head, "streamed body");
    bool closed = false;
    const QByteArray answer = exchange("GET /function/f/x HTTP/1.0\r\n\r\n", 5000, &closed);
    QVERIFY2(answer.startsWith("HTTP/1.1 200 "), answer.constData());
    QVERIFY(!answer.contains("chunked"));
    QVERIFY(answer.contains("Connection: close\r\n"));
    QVERIFY(answer.endsWith("\r\n\r\nstreamed body"));
    QVERIFY(closed);
}

// Kestrel hands SlimFaas the headers it knows under their standard names, the others under
// the spelling of their first occurrence, and merges repeated headers whatever their case;
// SlimFaas passes them on as they are, on every route.
void tst_EmulatorHttp::requestHeaderNamesAsKestrelGivesThem()
{
    RawFunction *f = harness->function(SlimFaasFunctionConfig(QStringLiteral("f")));
    const QByteArray headers = "content-type: text/plain\r\nHOST: x\r\n"
                               "authorization: Bearer t\r\nX-Dup: 1\r\nx-dup: 2\r\n"
                               "X-DUP: 3\r\nuser-agent: raw\r\ntraceparent: 00-1\r\n"
                               "Content-Length: 0\r\n";
    QVERIFY(exchange("POST /async-function/f/x HTTP/1.1\r\n" + headers
                     + "Connection: close\r\n\r\n")
                    .startsWith("HTTP/1.1 202 "));
    QTRY_COMPARE(f->requests().size(), 1);
    const SlimFaasHeaders expected{
        { QStringLiteral("Authorization"), { QStringLiteral("Bearer t") } },
        { QStringLiteral("Connection"), { QStringLiteral("close") } },
        { QStringLiteral("Content-Length"), { QStringLiteral("0") } },
        { QStringLiteral("Content-Type"), { QStringLiteral("text/plain") } },
        { QStringLiteral("Host"), { QStringLiteral("x") } },
        { QStringLiteral("User-Agent"), { QStringLiteral("raw") } },
        { QStringLiteral("X-Dup"),
          { QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3") } },
        { QStringLiteral("traceparent"), { QStringLiteral("00-1") } },
    };
    QCOMPARE(f->requests().first().headers(), expected);

    QTcpSocket *socket = caller();
    socket->write("GET /function/f/y HTTP/1.1\r\n" + headers + "\r\n");
    QTRY_COMPARE(f->framesOf(MessageType::SyncRequestStart).size(), 1);
    const auto head = SlimFaasProtocol::decodeSyncRequestHead(
            f->framesOf(MessageType::SyncRequestStart).first().payload);
    QVERIFY(head);
    SlimFaasHeaders sync = expected;
    sync.remove(QStringLiteral("Connection"));
    QCOMPARE(head->headers, sync);
}

// POST /wake-functions wakes the Kubernetes functions in the background and answers 204
// whatever there is to wake; it is mapped for POST only.
void tst_EmulatorHttp::wakeFunctionsAnswers204()
{
    QVERIFY(exchange("POST /wake-functions HTTP/1.1\r\nContent-Length: 0\r\n"
                     "Connection: close\r\n\r\n")
                    .startsWith("HTTP/1.1 204 "));
    QVERIFY(exchange("GET /wake-functions HTTP/1.1\r\nConnection: close\r\n\r\n")
                    .startsWith("HTTP/1.1 405 "));
}

void tst_EmulatorHttp::invalidFunctionResponses_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("value");
    QTest::addColumn<int>("answer");
    QTest::addColumn<QString>("warning");
    // Kestrel throws when SlimFaas sets such a header: 503, no SyncCancel, the slot held.
    const QString header = QStringLiteral("response-header-invalid");
    QTest::newRow("CRLF in a value")
            << 200 << QStringLiteral("X-A") << QStringLiteral("a\r\nSet-Cookie: injected=1") << 503
            << header;
    QTest::newRow("LF in a value")
            << 200 << QStringLiteral("X-A") << QStringLiteral("a\nb") << 503 << header;
    QTest::newRow("NUL in a value")
            << 200 << QStringLiteral("X-A") << QStringLiteral("a") + QChar(0) << 503 << header;
    QTest::newRow("DEL in a value")
            << 200 << QStringLiteral("X-A") << QStringLiteral("a") + QChar(0x7f) << 503 << header;
    QTest::newRow("non-ASCII value")
            << 200 << QStringLiteral("X-A") << QStringLiteral("caf\u00e9") << 503 << header;
    QTest::newRow("CRLF in a name") << 200 << QStringLiteral("X-A\r\nSet-Cookie")
                                    << QStringLiteral("injected=1") << 503 << header;
    QTest::newRow("space in a name")
            << 200 << QStringLiteral("X A") << QStringLiteral("b") << 503 << header;
    QTest::newRow("Content-Length not a number")
            << 200 << QStringLiteral("Content-Length") << QStringLiteral("12abc") << 503 << header;
    // No final HTTP status: refused as a malformed start, 502 and SyncCancel.
    const QString status = QStringLiteral("sync-status-refused");
    for (int code : { 100, 101, 103, 199, 600, 99, 0, -1, 99999 })
        QTest::addRow("status %d", code)
                << code << QStringLiteral("X-A") << QStringLiteral("b") << 502 << status;
}

// What a function answers is checked before the caller sees any of it. A header Kestrel
// would refuse gets SlimFaas's answer (503; the stream is never freed, see
// tst_emulatorsync); a status that cannot be a final one (1xx would end the caller's
// response early and shift its keep-alive connection) gets 502 and a SyncCancel. The
// keep-alive connection then answers its next request as its own.
void tst_EmulatorHttp::invalidFunctionResponses()
{
    QFETCH(int, status);
    QFETCH(QString, name);
    QFETCH(QString, value);
    QFETCH(int, answer);
    QFETCH(QString, warning);
    SlimFaasProtocol::SyncResponseHead head;
    head.statusCode = status;
    head.headers = { { name, { value } } };
    RawFunction *f = respondingFunction(QStringLiteral("f"), head, "body");
    QSignalSpy cancelled(emulator, &SlimFaasEmulator::syncRequestCancelled);
    QSignalSpy warnings(emulator, &SlimFaasEmulator::warningRaised);
    const QByteArray received
            = exchange("GET /function/f/x HTTP/1.1\r\n\r\n"
                       "GET /status-function/f HTTP/1.1\r\nConnection: close\r\n\r\n");
    QVERIFY2(received.startsWith("HTTP/1.1 " + QByteArray::number(answer) + ' '),
             received.constData());
    QVERIFY(!received.contains("injected"));
    QVERIFY(!received.contains("body"));
    QCOMPARE(received.count("HTTP/1.1 "), 2);
    QVERIFY(received.contains("HTTP/1.1 200 "));
    QVERIFY(received.contains("\"Name\":\"f\""));
    QCOMPARE(cancelled.size(), 1);
    QCOMPARE(cancelled.at(0).at(0).toString(), QStringLiteral("f"));
    QVERIFY(!warnings.isEmpty());
    QCOMPARE(warnings.first().at(0).toString(), warning);
    QTest::qWait(50);
    QCOMPARE(f->framesOf(MessageType::SyncCancel).size(), answer == 502 ? 1 : 0);
    QCOMPARE(harness->activeRequests(QStringLiteral("f")), answer == 502 ? 0 : 1);
}

void tst_EmulatorHttp::functionContentLengthFramesTheBody_data()
{
    QTest::addColumn<QString>("length");
    QTest::addColumn<QByteArrayList>("chunks");
    QTest::addColumn<QByteArray>("head"); // how the caller's answer starts
    QTest::addColumn<QByteArray>("body"); // what follows the caller's head
    QTest::addColumn<bool>("keptAlive");  // the next request is answered
    QTest::addColumn<int>("held");        // slots still held afterwards
    QTest::addColumn<bool>("warned");

    QTest::newRow("as long as announced")
            << QStringLiteral("5") << QByteArrayList{ "short" } << QByteArray("HTTP/1.1 200 ")
            << QByteArray("short") << true << 0 << false;
    QTest::newRow("fewer bytes after some")
            << QStringLiteral("100") << QByteArrayList{ "short" } << QByteArray("HTTP/1.1 200 ")
            << QByteArray("short") << false << 0 << true;
    QTest::newRow("no bytes at all")
            << QStringLiteral("5") << QByteArrayList{} << QByteArray("HTTP/1.1 500 ")
            << QByteArray() << true << 0 << true;
    QTest::newRow("more in the first chunk")
            << QStringLiteral("3") << QByteArrayList{ "short" } << QByteArray("HTTP/1.1 500 ")
            << QByteArray() << false << 1 << true;
    QTest::newRow("more after all of it")
            << QStringLiteral("5") << QByteArrayList{ "short", "more" }
            << QByteArray("HTTP/1.1 200 ") << QByteArray("short") << false << 1 << true;
    QTest::newRow("anything after 0")
            << QStringLiteral("0") << QByteArrayList{ "x" } << QByteArray("HTTP/1.1 503 ")
            << QByteArray() << false << 1 << true;
}

// SlimFaas removes only Transfer-Encoding from a function's headers: its Content-Length
// stays, and Kestrel frames the body by it. Fewer bytes: 500 if none left, otherwise the
// connection is cut mid-body. More: Kestrel refuses the write that goes past it and closes
// the connection afterwards, and SlimFaas gives up the stream without freeing its slot.
void tst_EmulatorHttp::functionContentLengthFramesTheBody()
{
    QFETCH(QString, length);
    QFETCH(QByteArrayList, chunks);
    QFETCH(QByteArray, head);
    QFETCH(QByteArray, body);
    QFETCH(bool, keptAlive);
    QFETCH(int, held);
    QFETCH(bool, warned);
    RawFunction *f = harness->function(SlimFaasFunctionConfig(QStringLiteral("f")));
    connect(&f->socket, &QWebSocket::binaryMessageReceived, f, [=](const QByteArray &data) {
        const auto frame = SlimFaasProtocol::decodeFrame(data);
        if (!frame || frame->type != MessageType::SyncRequestEnd)
            return;
        SlimFaasProtocol::SyncResponseHead start;
        start.statusCode = 200;
        start.headers = { { QStringLiteral("Content-Length"), { length } } };
        f->sendFrame(MessageType::SyncResponseStart, frame->correlationId,
                     SlimFaasProtocol::encodeSyncResponseHead(start));
        for (const QByteArray &chunk : chunks)
            f->sendFrame(MessageType::SyncResponseChunk, frame->correlationId, chunk);
        f->sendFrame(MessageType::SyncResponseEnd, frame->correlationId, {},
                     SlimFaasProtocol::FrameFlagEndOfStream);
    });
    QSignalSpy warnings(emulator, &SlimFaasEmulator::warningRaised);
    bool closed = false;
    const QByteArray received
            = exchange("GET /function/f/x HTTP/1.1\r\n\r\n"
                       "GET /status-function/f HTTP/1.1\r\nConnection: close\r\n\r\n",
                       5000, &closed);
    QVERIFY(closed);
    QVERIFY2(received.startsWith(head), received.constData());
    QVERIFY(!received.contains("chunked"));
    if (head.startsWith("HTTP/1.1 200"))
        QVERIFY(received.contains("Content-Length: " + length.toLatin1() + "\r\n"));
    const qsizetype bodyStart = received.indexOf("\r\n\r\n") + 4;
    QCOMPARE(received.mid(bodyStart, body.size()), body);
    QCOMPARE(received.count("HTTP/1.1 "), keptAlive ? 2 : 1);
    QTest::qWait(50);
    QCOMPARE(harness->activeRequests(QStringLiteral("f")), held);
    QCOMPARE(harness->warningCodes().contains(QStringLiteral("content-length-mismatch")), warned);
    if (warned)
        QCOMPARE(warnings.first().at(0).toString(), QStringLiteral("content-length-mismatch"));
}

void tst_EmulatorHttp::slowCallerStreamIsBounded()
{
    SlimFaasEmulatorLimits limits;
    limits.maximumSyncResponseBuffer = 256 * 1024;
    restart(limits);
    RawFunction *f = harness->function(SlimFaasFunctionConfig(QStringLiteral("f")));
    QString id;
    connect(&f->socket, &QWebSocket::binaryMessageReceived, f, [&](const QByteArray &data) {
        const auto frame = SlimFaasProtocol::decodeFrame(data);
        if (frame && frame->type == MessageType::SyncRequestEnd)
            id = frame->correlationId;
    });
    QSignalSpy cancelled(emulator, &SlimFaasEmulator::syncRequestCancelled);
    QTcpSocket *socket = caller();
    socket->setReadBufferSize(1); // the caller reads (almost) nothing
    socket->write("GET /function/f/big HTTP/1.1\r\n\r\n");
    QTRY_VERIFY(!id.isEmpty());
    f->sendFrame(MessageType::SyncResponseStart, id, SlimFaasProtocol::encodeSyncResponseHead({}));
    // 256 MiB, far more than socket buffers hold: the emulator must give up, not buffer it.
    const QByteArray chunk(32 * 1024, 'x');
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("bytes behind")));
    for (int i = 0; i < 8192 && cancelled.isEmpty(); ++i) {
        f->sendFrame(MessageType::SyncResponseChunk, id, chunk);
        if (i % 64 == 0)
            QTest::qWait(1);
    }
    QTRY_COMPARE_WITH_TIMEOUT(cancelled.size(), 1, 20000);
    QCOMPARE(cancelled.at(0).at(1).toString(), id);
    QTRY_COMPARE(f->framesOf(MessageType::SyncCancel).size(), 1);
    socket->setReadBufferSize(0); // reading again, the caller finds its connection cut
    QTRY_COMPARE(socket->state(), QAbstractSocket::UnconnectedState);
}

void tst_EmulatorHttp::webSocketMessageSize()
{
    // SlimFaas sets no limit; the emulator keeps its memory bounded by default.
    QCOMPARE(SlimFaasEmulator().maximumIncomingMessageSize(), 64 * 1024 * 1024);
    emulator->stop();
    emulator->setMaximumIncomingMessageSize(1024 * 1024);
    QVERIFY(emulator->start());
    RawFunction *good = harness->function(SlimFaasFunctionConfig(QStringLiteral("good")));
    RawFunction *big = harness->function(SlimFaasFunctionConfig(QStringLiteral("big")));
    QSignalSpy closed(emulator, &SlimFaasEmulator::connectionClosed);
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral(
                                 "of function big closed.* exceeded the maximum of 1048576")));
    big->socket.sendTextMessage(QString(2 * 1024 * 1024, QLatin1Char('a')));
    QTRY_COMPARE_WITH_TIMEOUT(closed.size(), 1, 10000);
    QCOMPARE(closed.at(0).at(0).toString(), QStringLiteral("big"));
    // The emulator's side may close before the function's socket has read the close frame
    // (both run on this thread): wait for it to be read.
    QTRY_COMPARE(big->socket.closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);
    good->send(MessageType::Ping, QStringLiteral("p"), QJsonValue::Null);
    QTRY_COMPARE(good->of(MessageType::Pong).size(), 1);
}

// Stopping the emulator ends the requests its functions were serving with an answer, which
// must reach the callers before their connections go.
void tst_EmulatorHttp::stopAnswersCallersInFlight()
{
    RawFunction *f = harness->function(SlimFaasFunctionConfig(QStringLiteral("f")));
    QTcpSocket *socket = caller();
    socket->write("GET /function/f/slow HTTP/1.1\r\nHost: x\r\n\r\n");
    QTRY_VERIFY(!f->framesOf(MessageType::SyncRequestStart).isEmpty()); // never answered
    emulator->stop();
    bool closed = false;
    const QByteArray answer = readUntilClosed(socket, 5000, &closed);
    QVERIFY(closed);
    // The emulator going away answers 503 (see SlimFaasEmulator::stop()).
    QVERIFY2(answer.startsWith("HTTP/1.1 503 "), answer.constData());
}

QTEST_GUILESS_MAIN(tst_EmulatorHttp)
#include "tst_emulatorhttp.moc"
