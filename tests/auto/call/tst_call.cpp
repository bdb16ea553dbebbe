// SPDX-License-Identifier: MIT
// slimfaas-call as a process, against an emulator in this test with a SlimFaasClient as the
// function: each verb's output and exit status.

#include <echohandler.h>
#include <emulatorharness.h>
#include <hostilehttpserver.h>
#include <measuredprocess.h>

#include <slimfaasclient.h>

#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qprocess.h>
#include <QtCore/qtemporaryfile.h>
#include <QtTest/qtest.h>

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

class tst_Call : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void exitStatuses_data();
    void exitStatuses();
    void callStreamsBodyAndPrintsHead();
    void callJson();
    void callFromFileAndStdin();
    void enqueuePrintsElementId();
    void publishJson();
    void statusJson();
    void urlFromEnvironment();
    void helpListsExitStatuses();
    void redirectIsTheAnswer();
    void dotSegmentsAreUsageErrors_data();
    void dotSegmentsAreUsageErrors();
    void endlessBodyInConstantMemory();
    void answersOverTheLimit_data();
    void answersOverTheLimit();
    void unreadableAnswers_data();
    void unreadableAnswers();
    void malformedFramingFails_data();
    void malformedFramingFails();
    void controlCharactersEscaped();
    void bodyEscapedOnATerminal();

private:
    struct Result
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };
    // Runs slimfaas-call while this thread's event loop keeps the emulator answering.
    Result run(const QStringList &arguments, const QByteArray &input = {},
               const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());
    QStringList withUrl(QStringList arguments) const;

    EmulatorHarness *harness = nullptr;
    SlimFaasEmulator *emulator = nullptr;
    SlimFaasClient *function = nullptr;
    QList<SlimFaasAsyncRequest> asyncRequests;
};

void tst_Call::init()
{
    harness = new EmulatorHarness(this);
    QVERIFY2(harness->start(), qPrintable(harness->emulator()->errorString()));
    emulator = harness->emulator();
    SlimFaasFunctionConfig config(QStringLiteral("echo"));
    config.setSubscribeEvents(QStringList{ QStringLiteral("ev") });
    function = new SlimFaasClient(emulator->webSocketUrl(), config, harness);
    // Echoes the body with status 201, or answers what the path asks: status/<code>.
    function->setSyncRequestHandler([](SlimFaasSyncRequest *request) {
        if (request->path().startsWith(QLatin1String("status/"))) {
            request->respond(request->path().mid(7).toInt());
            return;
        }
        request->startResponse(201,
                               { { QStringLiteral("X-Seen-Query"), { request->query() } },
                                 { QStringLiteral("X-Seen-Method"), { request->method() } },
                                 { QStringLiteral("X-Seen-Header"),
                                   { request->header(QStringLiteral("X-Test")) } } });
        pipeBodyBack(request);
    });
    asyncRequests.clear();
    function->setAsyncRequestHandler([this](const SlimFaasAsyncRequest &request) {
        asyncRequests.append(request);
        return 200;
    });
    function->open();
    QVERIFY(function->waitForReady(5000));
}

void tst_Call::cleanup()
{
    delete harness;
}

tst_Call::Result tst_Call::run(const QStringList &arguments, const QByteArray &input,
                               const QProcessEnvironment &environment)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(SLIMFAAS_CALL_PATH), arguments);
    Result result;
    if (!process.waitForStarted(10000))
        return result;
    process.write(input);
    process.closeWriteChannel();
    if (!QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 20000)) {
        process.kill();
        process.waitForFinished();
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

QStringList tst_Call::withUrl(QStringList arguments) const
{
    arguments << QStringLiteral("--url") << emulator->httpUrl().toString();
    return arguments;
}

void tst_Call::exitStatuses_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    const auto args = [](const char *text) {
        return QString::fromLatin1(text).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    };
    QTest::newRow("call 2xx") << args("call echo/x") << 0;
    QTest::newRow("call 500") << args("call echo/status/500") << 3;
    QTest::newRow("call 404 from the function") << args("call echo/status/404") << 4;
    QTest::newRow("call unknown function") << args("call ghost/x") << 4;
    QTest::newRow("enqueue") << args("enqueue echo/job") << 0;
    QTest::newRow("enqueue unknown function") << args("enqueue ghost") << 4;
    QTest::newRow("publish delivered") << args("publish ev") << 0;
    QTest::newRow("publish without subscriber") << args("publish nobody/x") << 4;
    QTest::newRow("status") << args("status") << 0;
    QTest::newRow("status of one") << args("status echo") << 0;
    QTest::newRow("status unknown") << args("status ghost") << 4;
    QTest::newRow("no verb") << QStringList() << 1;
    QTest::newRow("unknown verb") << args("invoke echo") << 1;
    QTest::newRow("missing target") << args("call") << 1;
    QTest::newRow("bad header") << args("call echo -H nocolon") << 1;
    QTest::newRow("method on publish") << args("publish ev -X PUT") << 1;
    QTest::newRow("data and data-file") << args("call echo --data a --data-file b") << 1;
    QTest::newRow("missing data file") << args("call echo --data-file /nonexistent/file") << 1;
    QTest::newRow("bad timeout") << args("status --timeout soon") << 1;
}

void tst_Call::exitStatuses()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    const Result result = run(withUrl(arguments));
    QVERIFY2(result.exitCode == exitCode,
             qPrintable(QStringLiteral("exit %1, stderr: %2")
                                .arg(result.exitCode)
                                .arg(QString::fromLocal8Bit(result.err))));
}

void tst_Call::callStreamsBodyAndPrintsHead()
{
    const Result result = run(withUrl({ QStringLiteral("call"), QStringLiteral("echo/p?a=1"),
                                        QStringLiteral("--query"), QStringLiteral("b=2"),
                                        QStringLiteral("-H"), QStringLiteral("X-Test: yes"),
                                        QStringLiteral("--data"), QStringLiteral("hello") }));
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out, QByteArray("hello"));
    QVERIFY2(result.err.startsWith("HTTP 201\n"), result.err.constData());
    QVERIFY(result.err.contains("X-Seen-Query: ?a=1&b=2\n"));
    QVERIFY(result.err.contains("X-Seen-Method: POST\n")); // POST by default with a body
    QVERIFY(result.err.contains("X-Seen-Header: yes\n"));
}

void tst_Call::callJson()
{
    const Result text
            = run(withUrl({ QStringLiteral("call"), QStringLiteral("echo"), QStringLiteral("-X"),
                            QStringLiteral("put"), QStringLiteral("--data"),
                            QStringLiteral("{\"a\":1}"), QStringLiteral("--json") }));
    QCOMPARE(text.exitCode, 0);
    const QJsonObject object = QJsonDocument::fromJson(text.out).object();
    QCOMPARE(object.value(QLatin1String("status")).toInt(), 201);
    QCOMPARE(object.value(QLatin1String("body")).toString(), QStringLiteral("{\"a\":1}"));
    QCOMPARE(object.value(QLatin1String("headers"))
                     .toObject()
                     .value(QLatin1String("X-Seen-Method"))
                     .toArray()
                     .first()
                     .toString(),
             QStringLiteral("PUT"));
    QVERIFY(text.err.isEmpty());
}

void tst_Call::callFromFileAndStdin()
{
    QByteArray binary(200 * 1024, Qt::Uninitialized);
    for (int i = 0; i < binary.size(); ++i)
        binary[i] = char(i * 31 + i / 251);
    QTemporaryFile file;
    QVERIFY(file.open());
    file.write(binary);
    file.flush();

    const Result fromFile = run(withUrl({ QStringLiteral("call"), QStringLiteral("echo"),
                                          QStringLiteral("--data-file"), file.fileName() }));
    QCOMPARE(fromFile.exitCode, 0);
    QVERIFY(fromFile.out == binary);

    const Result fromStdin = run(
            withUrl({ QStringLiteral("call"), QStringLiteral("echo"), QStringLiteral("--data-file"),
                      QStringLiteral("-"), QStringLiteral("--json") }),
            binary);
    QCOMPARE(fromStdin.exitCode, 0);
    const QJsonObject object = QJsonDocument::fromJson(fromStdin.out).object();
    QVERIFY(!object.contains(QLatin1String("body"))); // not UTF-8
    QVERIFY(QByteArray::fromBase64(object.value(QLatin1String("bodyBase64")).toString().toLatin1())
            == binary);
}

void tst_Call::enqueuePrintsElementId()
{
    const Result result = run(withUrl({ QStringLiteral("enqueue"), QStringLiteral("echo/job"),
                                        QStringLiteral("--data"), QStringLiteral("work") }));
    QCOMPARE(result.exitCode, 0);
    const QString id = QString::fromUtf8(result.out).trimmed();
    QVERIFY(!id.isEmpty());
    QTRY_COMPARE(asyncRequests.size(), 1);
    QCOMPARE(asyncRequests.first().elementId(), id);
    QCOMPARE(asyncRequests.first().method(), QStringLiteral("POST"));
    QCOMPARE(asyncRequests.first().body(), QByteArray("work"));

    const Result json = run(withUrl(
            { QStringLiteral("enqueue"), QStringLiteral("echo"), QStringLiteral("--json") }));
    QCOMPARE(json.exitCode, 0);
    QVERIFY(!QJsonDocument::fromJson(json.out)
                     .object()
                     .value(QLatin1String("elementId"))
                     .toString()
                     .isEmpty());
}

void tst_Call::publishJson()
{
    auto event = function->waitForEvent(QStringLiteral("ev"));
    const Result delivered = run(
            withUrl({ QStringLiteral("publish"), QStringLiteral("ev/x"), QStringLiteral("--data"),
                      QStringLiteral("e"), QStringLiteral("--json") }));
    QCOMPARE(delivered.exitCode, 0);
    QCOMPARE(QJsonDocument::fromJson(delivered.out).object(),
             QJsonObject(
                     { { QStringLiteral("delivered"), true }, { QStringLiteral("status"), 204 } }));
    QTRY_VERIFY(event.isFinished());
    QCOMPARE(event.result().body(), QByteArray("e"));
    QCOMPARE(event.result().path(), QStringLiteral("x"));

    const Result nobody = run(withUrl(
            { QStringLiteral("publish"), QStringLiteral("none"), QStringLiteral("--json") }));
    QCOMPARE(nobody.exitCode, 4);
    QCOMPARE(QJsonDocument::fromJson(nobody.out).object().value(QLatin1String("delivered")),
             QJsonValue(false));
}

void tst_Call::statusJson()
{
    const Result all = run(withUrl({ QStringLiteral("status"), QStringLiteral("--json") }));
    QCOMPARE(all.exitCode, 0);
    const QJsonArray array = QJsonDocument::fromJson(all.out).array();
    QCOMPARE(array.size(), 1);
    QCOMPARE(array.first().toObject(),
             QJsonObject({ { QStringLiteral("Name"), QStringLiteral("echo") },
                           { QStringLiteral("NumberReady"), 1 },
                           { QStringLiteral("NumberRequested"), 1 },
                           { QStringLiteral("PodType"), QStringLiteral("WebSocket") },
                           { QStringLiteral("Visibility"), QStringLiteral("Public") } }));
    const Result text = run(withUrl({ QStringLiteral("status"), QStringLiteral("echo") }));
    QCOMPARE(text.exitCode, 0);
    QCOMPARE(text.out, QByteArray("echo\t1/1\tWebSocket\tPublic\n"));
}

void tst_Call::urlFromEnvironment()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("SLIMFAAS_URL"), emulator->httpUrl().toString());
    QCOMPARE(run({ QStringLiteral("status") }, {}, environment).exitCode, 0);
    // Nothing listens there: no answer at all.
    environment.insert(QStringLiteral("SLIMFAAS_URL"), QStringLiteral("http://127.0.0.1:1"));
    const Result refused = run({ QStringLiteral("status") }, {}, environment);
    QCOMPARE(refused.exitCode, 2);
    QVERIFY(!refused.err.isEmpty());
    QCOMPARE(run({ QStringLiteral("status"), QStringLiteral("--url"),
                   QStringLiteral("ws://127.0.0.1:1") })
                     .exitCode,
             1);
}

void tst_Call::helpListsExitStatuses()
{
    const Result help = run({ QStringLiteral("--help") });
    QCOMPARE(help.exitCode, 0);
    for (const char *option :
         { "--url", "--method", "--header", "--query", "--data", "--data-file", "--json",
           "--timeout", "--insecure", "Exit status", "SLIMFAAS_URL", "--follow-redirects",
           "--max-answer-size", "--raw", "Limits", "  5  ", "decompression", "1xx" })
        QVERIFY2(help.out.contains(option), option);
}

// A function's 307 to another host: exit status 3 with the Location shown, and nothing sent
// there, with or without --follow-redirects (which follows the same origin only).
void tst_Call::redirectIsTheAnswer()
{
    HostileHttpServer attacker(QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nstolen"));
    QVERIFY(attacker.listen());
    const QByteArray location = attacker.url(QStringLiteral("/x")).toEncoded();
    HostileHttpServer liar([location](QTcpSocket *socket, const QByteArray &request) {
        const QByteArray target = request.contains(" /function/fa/here ")
                ? QByteArray("/function/fa/there")
                : location;
        if (request.contains(" /function/fa/there "))
            socket->write("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nhere");
        else
            socket->write("HTTP/1.1 307 X\r\nLocation: " + target
                          + "\r\nContent-Length: 5\r\n\r\nmoved");
    });
    QVERIFY(liar.listen());
    for (const char *follow : { "", "--follow-redirects" }) {
        QStringList arguments
                = { QStringLiteral("call"),   QStringLiteral("fa/x"),
                    QStringLiteral("--url"),  liar.url().toString(),
                    QStringLiteral("-H"),     QStringLiteral("Authorization: Bearer s"),
                    QStringLiteral("--data"), QStringLiteral("body") };
        if (*follow)
            arguments << QString::fromLatin1(follow);
        const Result result = run(arguments);
        QCOMPARE(result.exitCode, 3);
        QCOMPARE(result.out, QByteArray("moved"));
        QVERIFY2(result.err.contains("HTTP 307") && result.err.contains("Location: " + location),
                 result.err.constData());
    }
    QVERIFY(!attacker.reached());

    const Result followed
            = run({ QStringLiteral("call"), QStringLiteral("fa/here"), QStringLiteral("--url"),
                    liar.url().toString(), QStringLiteral("--data"), QStringLiteral("body"),
                    QStringLiteral("--follow-redirects") });
    QCOMPARE(followed.exitCode, 0);
    QCOMPARE(followed.out, QByteArray("here"));
}

void tst_Call::dotSegmentsAreUsageErrors_data()
{
    QTest::addColumn<QString>("verb");
    QTest::addColumn<QString>("target");
    for (const char *verb : { "call", "enqueue", "publish" }) {
        for (const char *target :
             { "fa/../../function/fb/x", "fa/%2e%2e/%2E%2E/function/fb/x",
               "fa/..%2f..%2ffunction%2ffb", "fa/%252e%252e/x", "../fb/x", "fa/..\\fb" })
            QTest::addRow("%s %s", verb, target)
                    << QString::fromLatin1(verb) << QString::fromLatin1(target);
    }
}

void tst_Call::dotSegmentsAreUsageErrors()
{
    QFETCH(QString, verb);
    QFETCH(QString, target);
    HostileHttpServer server(QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
    QVERIFY(server.listen());
    const Result result = run({ verb, target, QStringLiteral("--url"), server.url().toString() });
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.err.contains(".."), result.err.constData());
    QVERIFY(!server.reached());
}

// An endless chunked body to /dev/null: the process's resident memory stays flat while
// hundreds of MiB go through.
void tst_Call::endlessBodyInConstantMemory()
{
    if (residentMemory() < 0)
        QSKIP("/proc/<pid>/status is not readable here");
    auto written = std::make_shared<qint64>(0);
    HostileHttpServer server(HostileHttpServer::endlessChunkedBody(written));
    QVERIFY(server.listen());
    QProcess process;
    process.setStandardOutputFile(QProcess::nullDevice());
    process.setProcessEnvironment(environmentForMemoryMeasurement());
    process.start(QStringLiteral(SLIMFAAS_CALL_PATH),
                  { QStringLiteral("call"), QStringLiteral("fa/x"), QStringLiteral("--url"),
                    server.url().toString() });
    QVERIFY(process.waitForStarted(10000));
    const QByteArray pid = QByteArray::number(process.processId());
    qint64 largest = 0;
    QElapsedTimer timer;
    timer.start();
    while (*written < 256 * 1024 * 1024 && timer.elapsed() < 30000
           && process.state() == QProcess::Running) {
        QTest::qWait(50);
        largest = qMax(largest, residentMemory(pid));
    }
    const qint64 sent = *written;
    process.kill();
    process.waitForFinished();
    QVERIFY2(sent >= 64 * 1024 * 1024,
             qPrintable(QStringLiteral("only %1 MiB went through").arg(sent / 1024 / 1024)));
    QVERIFY2(largest < 96 * 1024 * 1024,
             qPrintable(QStringLiteral("%1 MiB resident after %2 MiB")
                                .arg(largest / 1024 / 1024)
                                .arg(sent / 1024 / 1024)));
}

// --json and status keep at most --max-answer-size bytes: beyond it, exit status 5.
void tst_Call::answersOverTheLimit_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<bool>("endless");
    const QStringList json
            = { QStringLiteral("call"), QStringLiteral("fa/x"), QStringLiteral("--json") };
    QTest::newRow("call --json, endless body") << json << true;
    QTest::newRow("call --json, 64 KiB over 1K")
            << (json + QStringList{ QStringLiteral("--max-answer-size"), QStringLiteral("1K") })
            << false;
    QTest::newRow("status, endless body") << QStringList{ QStringLiteral("status") } << true;
    QTest::newRow("status of one, 64 KiB over 1K")
            << QStringList{ QStringLiteral("status"), QStringLiteral("fa"),
                            QStringLiteral("--max-answer-size"), QStringLiteral("1K") }
            << false;
}

void tst_Call::answersOverTheLimit()
{
    QFETCH(QStringList, arguments);
    QFETCH(bool, endless);
    auto written = std::make_shared<qint64>(0);
    HostileHttpServer server(endless ? HostileHttpServer::endlessChunkedBody(written)
                                     : [](QTcpSocket *socket, const QByteArray &) {
                                           socket->write("HTTP/1.1 200 OK\r\nContent-Length: "
                                                         "65536\r\n\r\n"
                                                         + QByteArray(65536, '['));
                                       });
    QVERIFY(server.listen());
    const Result result = run(arguments << QStringLiteral("--url") << server.url().toString());
    QCOMPARE(result.exitCode, 5);
    QVERIFY2(result.err.contains("larger than"), result.err.constData());
    QCOMPARE(result.out, QByteArray());
    QVERIFY(*written < 64 * 1024 * 1024);
}

// Answers that cannot be read: exit status 5, never 0 with an empty or raw body. Interim
// answers are skipped: the real one follows them.
void tst_Call::unreadableAnswers_data()
{
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QByteArray>("out");
    const QByteArray bomb = gzipBomb(64 * 1024 * 1024);
    QTest::newRow("gzip bomb") << "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: "
                    + QByteArray::number(bomb.size()) + "\r\n\r\n"
                    + bomb << 5 << QByteArray();
    QTest::newRow("102 then 200") << QByteArray("HTTP/1.1 102 Processing\r\n\r\n"
                                                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                                  << 0 << QByteArray("ok");
    QTest::newRow("103 then 200") << QByteArray(
            "HTTP/1.1 103 Early Hints\r\nLink: </s.css>; rel=preload\r\n\r\n"
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                                  << 0 << QByteArray("ok");
}

void tst_Call::unreadableAnswers()
{
    QFETCH(QByteArray, answer);
    QFETCH(int, exitCode);
    QFETCH(QByteArray, out);
    HostileHttpServer server(answer);
    QVERIFY(server.listen());
    const Result result = run({ QStringLiteral("call"), QStringLiteral("fa/x"),
                                QStringLiteral("--url"), server.url().toString() });
    QVERIFY2(result.exitCode == exitCode, result.err.constData());
    if (exitCode == 0) // a bomb's first inflated bytes are written before it shows as one
        QCOMPARE(result.out, out);
    QVERIFY2(!result.err.contains("HTTP 10"), result.err.constData());
}

// Malformed framing fails the call: a chunk size that is not hexadecimal or overflows 64
// bits, or a chunk not followed by CRLF, with exit status 5 (an answer that cannot be read);
// a connection closed before the end the framing announced with exit status 2 (connection
// lost). What came before the fault is printed, nothing after it.
void tst_Call::malformedFramingFails_data()
{
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<bool>("closes");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QByteArray>("out");
    const QByteArray chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
    QTest::newRow("chunk size zz") << chunked + "zz\r\nhello\r\n0\r\n\r\n"
                                   << false << 5 << QByteArray();
    QTest::newRow("chunk size zz alone") << chunked + "zz\r\n\r\n" << false << 5 << QByteArray();
    QTest::newRow("chunk size over 64 bits") << chunked + "10000000000000005\r\nhello\r\n0\r\n\r\n"
                                             << false << 5 << QByteArray();
    QTest::newRow("zz after a chunk") << chunked + "2\r\nok\r\nzz\r\nhello\r\n0\r\n\r\n"
                                      << false << 5 << QByteArray("ok");
    QTest::newRow("no CRLF after the chunk") << chunked + "2\r\nokXX5\r\nhello\r\n0\r\n\r\n"
                                             << false << 5 << QByteArray("ok");
    QTest::newRow("chunk cut by the close")
            << chunked + "a\r\nhello" << true << 2 << QByteArray("hello");
    QTest::newRow("body shorter than Content-Length")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello") << true << 2
            << QByteArray("hello");
}

void tst_Call::malformedFramingFails()
{
    QFETCH(QByteArray, answer);
    QFETCH(bool, closes);
    QFETCH(int, exitCode);
    QFETCH(QByteArray, out);
    HostileHttpServer server([answer, closes](QTcpSocket *socket, const QByteArray &) {
        socket->write(answer);
        if (closes)
            socket->disconnectFromHost();
    });
    QVERIFY(server.listen());
    const Result result = run({ QStringLiteral("call"), QStringLiteral("fa/x"),
                                QStringLiteral("--url"), server.url().toString() });
    QVERIFY2(result.exitCode == exitCode, result.err.constData());
    QCOMPARE(result.out, out);
    QVERIFY2(result.err.contains(closes ? "closed" : "Malformed"), result.err.constData());
    // --json reads the answer whole: the same exit status, and no JSON of a success.
    const Result json
            = run({ QStringLiteral("call"), QStringLiteral("fa/x"), QStringLiteral("--json"),
                    QStringLiteral("--url"), server.url().toString() });
    QVERIFY2(json.exitCode == exitCode, json.err.constData());
}

// Headers, and messages quoting what the server sent, are printed with their control
// characters escaped: they cannot retitle or clear the terminal. --raw prints them as sent.
void tst_Call::controlCharactersEscaped()
{
    const QByteArray evil = "\x1b]0;owned\x07\x1b[2J";
    HostileHttpServer server("HTTP/1.1 200 OK\r\nX-Evil: " + evil
                             + "\r\nSlimFaas-Element-Id: id\x1b[2J\r\nContent-Length: 2\r\n\r\nok");
    QVERIFY(server.listen());
    const QStringList call = { QStringLiteral("call"), QStringLiteral("fa/x"),
                               QStringLiteral("--url"), server.url().toString() };
    const Result escaped = run(call);
    QCOMPARE(escaped.exitCode, 0);
    QVERIFY2(!escaped.err.contains('\x1b') && !escaped.err.contains('\x07'),
             escaped.err.constData());
    QVERIFY2(escaped.err.contains("X-Evil: \\x1b]0;owned\\x07\\x1b[2J"), escaped.err.constData());
    QCOMPARE(escaped.out, QByteArray("ok")); // a body to a pipe is data: unchanged

    const Result raw = run(call + QStringList{ QStringLiteral("--raw") });
    QCOMPARE(raw.exitCode, 0);
    QVERIFY(raw.err.contains("X-Evil: " + evil));

    // --json: the JSON writer escapes them.
    const Result json = run(call + QStringList{ QStringLiteral("--json") });
    QCOMPARE(json.exitCode, 0);
    QVERIFY(!json.out.contains('\x1b'));
    const QJsonObject headers
            = QJsonDocument::fromJson(json.out).object().value(QLatin1String("headers")).toObject();
    QCOMPARE(headers.value(QLatin1String("X-Evil")).toArray().first().toString().toLatin1(), evil);
}

// A body shown on a terminal is escaped too (a pseudo-terminal plays it); lines stay lines.
void tst_Call::bodyEscapedOnATerminal()
{
    const int master = posix_openpt(O_RDWR | O_NOCTTY);
    if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0)
        QSKIP("no pseudo-terminal here");
    const QString terminal = QString::fromLocal8Bit(ptsname(master));
    HostileHttpServer server(QByteArray(
            "HTTP/1.1 200 OK\r\nContent-Length: 21\r\n\r\nline 1\nline 2\x1b[2J\xc2\x9b\r!"));
    QVERIFY(server.listen());
    QProcess process;
    process.setStandardOutputFile(terminal);
    process.start(QStringLiteral(SLIMFAAS_CALL_PATH),
                  { QStringLiteral("call"), QStringLiteral("fa/x"), QStringLiteral("--url"),
                    server.url().toString() });
    QVERIFY(process.waitForStarted(10000));
    QVERIFY(QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 20000));
    QCOMPARE(process.exitCode(), 0);
    QByteArray shown;
    fcntl(master, F_SETFL, O_NONBLOCK);
    char buffer[4096];
    for (ssize_t n; (n = ::read(master, buffer, sizeof buffer)) > 0;)
        shown.append(buffer, n);
    ::close(master);
    shown.replace("\r\n", "\n"); // the terminal's own line discipline
    QCOMPARE(shown, QByteArray("line 1\nline 2\\x1b[2J\\u009b\\x0d!"));
}

QTEST_MAIN(tst_Call)
#include "tst_call.moc"
