// SPDX-License-Identifier: MIT
// slimfaas-call as a process, against an emulator in this test with a SlimFaasClient as the
// function: each verb's output and exit status.

#include <echohandler.h>
#include <emulatorharness.h>

#include <slimfaasclient.h>

#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qprocess.h>
#include <QtCore/qtemporaryfile.h>
#include <QtTest/qtest.h>

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
           "--timeout", "--insecure", "Exit status", "SLIMFAAS_URL" })
        QVERIFY2(help.out.contains(option), option);
}

QTEST_MAIN(tst_Call)
#include "tst_call.moc"
