// SPDX-License-Identifier: MIT
// slimfaas-emulator as a process: its options and its --log-json lines, which acceptance
// tests and scripts read.

#include <rawfunction.h>
#include <slimfaasemulator.h>

#include <QtCore/qdir.h>
#include <QtCore/qfile.h>
#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qprocess.h>
#include <QtNetwork/qnetworkaccessmanager.h>
#include <QtNetwork/qnetworkreply.h>
#include <QtNetwork/qtcpsocket.h>
#include <QtTest/qtest.h>

#include <sys/resource.h>
#include <unistd.h>

using SlimFaasProtocol::MessageType;

class tst_EmulatorTool : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup();

    void helpListsTheOptions();
    void invalidOptionsAreRefused_data();
    void invalidOptionsAreRefused();
    void logJsonReportsWhatHappens();
    void logJsonReportsWarnings();
    void logJsonListsEveryNode();
    void readmeListsEveryWarning();
    void outOfDescriptorsNoSpinThenServes_data();
    void outOfDescriptorsNoSpinThenServes();

private:
    bool start(const QStringList &arguments, rlim_t maximumDescriptors = 0);
    // User and system CPU time the emulator process has used so far, in clock ticks.
    qint64 cpuTicks() const;
    // The JSON lines printed so far whose "event" is event.
    QList<QJsonObject> events(const QString &event) const;

    QProcess *process = nullptr;
    QByteArray output;
};

void tst_EmulatorTool::cleanup()
{
    if (process) {
        process->terminate();
        process->waitForFinished(5000);
        delete process;
        process = nullptr;
    }
    output.clear();
}

bool tst_EmulatorTool::start(const QStringList &arguments, rlim_t maximumDescriptors)
{
    process = new QProcess;
    process->setProgram(QStringLiteral(SLIMFAAS_EMULATOR_PATH));
    process->setArguments(arguments);
    if (maximumDescriptors) {
        process->setChildProcessModifier([maximumDescriptors] {
            const rlimit limit{ maximumDescriptors, maximumDescriptors };
            setrlimit(RLIMIT_NOFILE, &limit);
        });
    }
    connect(process, &QProcess::readyReadStandardOutput, this,
            [this] { output += process->readAllStandardOutput(); });
    process->start();
    return process->waitForStarted(5000);
}

qint64 tst_EmulatorTool::cpuTicks() const
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(process->processId()));
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    // After "pid (comm) ": state is field 3; utime and stime are fields 14 and 15.
    const QByteArray line = stat.readAll();
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    return fields.size() > 12 ? fields.at(11).toLongLong() + fields.at(12).toLongLong() : -1;
}

QList<QJsonObject> tst_EmulatorTool::events(const QString &event) const
{
    QList<QJsonObject> list;
    for (const QByteArray &line : output.split('\n')) {
        const QJsonObject object = QJsonDocument::fromJson(line).object();
        if (object.value(QLatin1String("event")).toString() == event)
            list.append(object);
    }
    return list;
}

void tst_EmulatorTool::helpListsTheOptions()
{
    QVERIFY(start({ QStringLiteral("--help") }));
    QVERIFY(process->waitForFinished(10000));
    QCOMPARE(process->exitCode(), 0);
    const QString help = QString::fromUtf8(output);
    for (const char *option : { "--host",
                                "--ws-port",
                                "--http-port",
                                "--kubernetes-functions",
                                "--callback-timeout",
                                "--sync-timeout",
                                "--retry-delay-scale",
                                "--trusted-network",
                                "--max-message-size",
                                "--log-json",
                                "--quiet",
                                "--async-timeout",
                                "--keep-alive-interval",
                                "--max-head-size",
                                "--head-timeout",
                                "--keep-alive-timeout",
                                "--max-connections",
                                "--max-body-size",
                                "--max-sync-buffer",
                                "--max-function-send-buffer",
                                "--max-total-send-buffer",
                                "--max-total-incoming-buffer",
                                "--register-timeout",
                                "--allow-origin",
                                "--nodes" })
        QVERIFY2(help.contains(QLatin1String(option)), option);
    // What changes SlimFaas's behaviour is marked as the emulator's own.
    for (const char *line : { "--async-timeout", "--callback-timeout", "--sync-timeout",
                              "--retry-delay-scale", "--keep-alive-interval", "--log-json" }) {
        const qsizetype at = help.indexOf(QLatin1String(line));
        QVERIFY2(help.mid(at, 200).contains(QLatin1String("[emulator]")), line);
    }
}

void tst_EmulatorTool::invalidOptionsAreRefused_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("port") << QStringList{ QStringLiteral("--ws-port"), QStringLiteral("70000") };
    QTest::newRow("host") << QStringList{ QStringLiteral("--host"), QStringLiteral("nowhere") };
    QTest::newRow("timeout") << QStringList{ QStringLiteral("--callback-timeout"),
                                             QStringLiteral("0") };
    QTest::newRow("scale") << QStringList{ QStringLiteral("--retry-delay-scale"),
                                           QStringLiteral("-1") };
    QTest::newRow("network") << QStringList{ QStringLiteral("--trusted-network"),
                                             QStringLiteral("10.0.0.0/99") };
    QTest::newRow("async timeout")
            << QStringList{ QStringLiteral("--async-timeout"), QStringLiteral("-5") };
    QTest::newRow("keepalive") << QStringList{ QStringLiteral("--keep-alive-interval"),
                                               QStringLiteral("soon") };
    QTest::newRow("limit") << QStringList{ QStringLiteral("--max-connections"),
                                           QStringLiteral("0") };
    QTest::newRow("no nodes") << QStringList{ QStringLiteral("--nodes"), QStringLiteral("0") };
    QTest::newRow("too many nodes")
            << QStringList{ QStringLiteral("--nodes"), QStringLiteral("65") };
}

void tst_EmulatorTool::invalidOptionsAreRefused()
{
    QFETCH(QStringList, arguments);
    QVERIFY(start(arguments));
    QVERIFY(process->waitForFinished(10000));
    QCOMPARE(process->exitCode(), 1);
    QVERIFY(process->readAllStandardError().startsWith("slimfaas-emulator: "));
}

void tst_EmulatorTool::logJsonReportsWhatHappens()
{
    QVERIFY(start({ QStringLiteral("--host"), QStringLiteral("127.0.0.1"),
                    QStringLiteral("--ws-port"), QStringLiteral("0"), QStringLiteral("--http-port"),
                    QStringLiteral("0"), QStringLiteral("--kubernetes-functions"),
                    QStringLiteral("a,b"), QStringLiteral("--log-json") }));
    QTRY_COMPARE(events(QStringLiteral("listening")).size(), 1);
    QVERIFY(output.startsWith("{")); // the first line
    const QJsonObject listening = events(QStringLiteral("listening")).first();
    const QUrl wsUrl(listening.value(QLatin1String("webSocketUrl")).toString());
    const QUrl httpUrl(listening.value(QLatin1String("httpUrl")).toString());
    QCOMPARE(wsUrl.path(), QStringLiteral("/ws"));
    QVERIFY(wsUrl.port() > 0);
    QVERIFY(httpUrl.port() > 0);
    // One node: the line scripts grep is the one it always was.
    QCOMPARE(listening.keys(),
             (QStringList{ QStringLiteral("event"), QStringLiteral("httpUrl"),
                           QStringLiteral("time"), QStringLiteral("webSocketUrl") }));

    RawFunction refused(wsUrl);
    QVERIFY(!refused.registerAs(SlimFaasFunctionConfig(QStringLiteral("B")))->success);
    RawFunction function(wsUrl);
    QVERIFY(function.registerAs(SlimFaasFunctionConfig(QStringLiteral("job")))->success);
    QNetworkAccessManager network;
    QNetworkRequest request(httpUrl.resolved(QUrl(QStringLiteral("/async-function/job/go"))));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("text/plain"));
    QNetworkReply *reply = network.post(request, QByteArray("x"));
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 202);
    QTRY_COMPARE(function.requests().size(), 1);
    function.callback(function.requests().first().elementId(), 200);

    QTRY_COMPARE(events(QStringLiteral("asyncRequestCompleted")).size(), 1);
    const QJsonObject completed = events(QStringLiteral("asyncRequestCompleted")).first();
    QCOMPARE(completed.value(QLatin1String("function")).toString(), QStringLiteral("job"));
    QCOMPARE(completed.value(QLatin1String("statusCode")).toInt(), 200);
    QCOMPARE(completed.value(QLatin1String("elementId")).toString(),
             QString::fromLatin1(reply->rawHeader("SlimFaas-Element-Id")));
    QCOMPARE(events(QStringLiteral("registrationRefused")).size(), 1);
    QCOMPARE(events(QStringLiteral("functionRegistered")).size(), 1);
    QCOMPARE(events(QStringLiteral("asyncRequestQueued")).size(), 1);
    QCOMPARE(events(QStringLiteral("asyncRequestDispatched")).size(), 1);
    QCOMPARE(events(QStringLiteral("queueLengthChanged")).size(), 2);
    bool sawCallback = false;
    for (const QJsonObject &message : events(QStringLiteral("message"))) {
        QVERIFY(message.contains(QLatin1String("time")));
        if (message.value(QLatin1String("type")).toString() == QLatin1String("AsyncCallback")) {
            QCOMPARE(message.value(QLatin1String("direction")).toString(), QStringLiteral("in"));
            QCOMPARE(message.value(QLatin1String("typeCode")).toInt(), 3);
            sawCallback = true;
        }
    }
    QVERIFY(sawCallback);
}

// A trap gives a warning line on stderr and, with --log-json, a "warning" event naming the
// code and the function. Loopback callers are not trusted unless --trusted-network says so.
void tst_EmulatorTool::logJsonReportsWarnings()
{
    QVERIFY(start({ QStringLiteral("--host"), QStringLiteral("127.0.0.1"),
                    QStringLiteral("--ws-port"), QStringLiteral("0"), QStringLiteral("--http-port"),
                    QStringLiteral("0"), QStringLiteral("--log-json") }));
    QTRY_COMPARE(events(QStringLiteral("listening")).size(), 1);
    const QJsonObject listening = events(QStringLiteral("listening")).first();
    const QUrl wsUrl(listening.value(QLatin1String("webSocketUrl")).toString());
    const QUrl httpUrl(listening.value(QLatin1String("httpUrl")).toString());
    SlimFaasFunctionConfig config(QStringLiteral("retrier"));
    config.setConfiguration(QStringLiteral(R"({"DefaultAsync":{"TimeoutRetries":[1]}})"));
    config.setDefaultVisibility(SlimFaas::Visibility::Private);
    RawFunction function(wsUrl);
    QVERIFY(function.registerAs(config)->success);
    QTRY_COMPARE(events(QStringLiteral("warning")).size(), 1);
    const QJsonObject warning = events(QStringLiteral("warning")).first();
    QCOMPARE(warning.value(QLatin1String("code")).toString(),
             QStringLiteral("default-async-ignored"));
    QCOMPARE(warning.value(QLatin1String("function")).toString(), QStringLiteral("retrier"));
    QVERIFY(!warning.value(QLatin1String("message")).toString().isEmpty());
    QByteArray errors;
    QTRY_VERIFY((errors += process->readAllStandardError()).contains("default-async-ignored"));

    QNetworkAccessManager network;
    QNetworkReply *reply = network.post(
            QNetworkRequest(httpUrl.resolved(QUrl(QStringLiteral("/async-function/retrier")))),
            QByteArray());
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 404);
}

// --nodes 3: the first line names every node, node 0's URLs where they always were, and
// each node serves its own functions.
void tst_EmulatorTool::logJsonListsEveryNode()
{
    QVERIFY(start({ QStringLiteral("--host"), QStringLiteral("127.0.0.1"),
                    QStringLiteral("--ws-port"), QStringLiteral("0"), QStringLiteral("--http-port"),
                    QStringLiteral("0"), QStringLiteral("--nodes"), QStringLiteral("3"),
                    QStringLiteral("--log-json") }));
    QTRY_COMPARE(events(QStringLiteral("listening")).size(), 1);
    const QJsonObject first = QJsonDocument::fromJson(output.left(output.indexOf('\n'))).object();
    QCOMPARE(first.value(QLatin1String("event")).toString(), QStringLiteral("listening"));
    const QJsonArray nodes = first.value(QLatin1String("nodes")).toArray();
    QCOMPARE(nodes.size(), 3);
    QSet<int> ports;
    for (int node = 0; node < 3; ++node) {
        const QJsonObject entry = nodes.at(node).toObject();
        QCOMPARE(entry.value(QLatin1String("node")).toInt(-1), node);
        QCOMPARE(entry.value(QLatin1String("master")).toBool(), node == 0);
        const QUrl ws(entry.value(QLatin1String("webSocketUrl")).toString());
        const QUrl http(entry.value(QLatin1String("httpUrl")).toString());
        QCOMPARE(ws.scheme(), QStringLiteral("ws"));
        QCOMPARE(ws.path(), QStringLiteral("/ws"));
        QCOMPARE(http.scheme(), QStringLiteral("http"));
        ports << ws.port() << http.port();
    }
    QCOMPARE(ports.size(), 6);
    QCOMPARE(first.value(QLatin1String("webSocketUrl")),
             nodes.at(0)[QLatin1String("webSocketUrl")]);
    QCOMPARE(first.value(QLatin1String("httpUrl")), nodes.at(0)[QLatin1String("httpUrl")]);

    // A function on node 2: found there, 404 on node 0, and warned about.
    RawFunction function(QUrl(nodes.at(2)[QLatin1String("webSocketUrl")].toString()));
    QVERIFY(function.registerAs(SlimFaasFunctionConfig(QStringLiteral("job")))->success);
    QTRY_COMPARE(events(QStringLiteral("functionRegistered")).size(), 1);
    QCOMPARE(
            events(QStringLiteral("connectionOpened")).first().value(QLatin1String("node")).toInt(),
            2);
    QStringList codes;
    for (const QJsonObject &warning : events(QStringLiteral("warning")))
        codes.append(warning.value(QLatin1String("code")).toString());
    QCOMPARE(codes,
             (QStringList{ QStringLiteral("function-not-on-every-node"),
                           QStringLiteral("function-not-on-master") }));
    QNetworkAccessManager network;
    auto post = [&](int node, const QString &path) {
        QNetworkRequest request(
                QUrl(nodes.at(node)[QLatin1String("httpUrl")].toString()).resolved(QUrl(path)));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("text/plain"));
        QNetworkReply *reply = network.post(request, QByteArray("x"));
        if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000))
            return -1;
        return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    };
    QCOMPARE(post(0, QStringLiteral("/async-function/job/go")), 404);
    QCOMPARE(post(2, QStringLiteral("/async-function/job/go")), 202);
    QCOMPARE(post(1, QStringLiteral("/emulator/master/2")), 200);
    QTRY_COMPARE(events(QStringLiteral("masterNodeChanged")).size(), 1);
    QCOMPARE(events(QStringLiteral("masterNodeChanged"))
                     .first()
                     .value(QLatin1String("node"))
                     .toInt(),
             2);
    QTRY_COMPARE(function.requests().size(), 1);
}

// The README's table of traps is what users read: every code the emulator can raise is in it.
void tst_EmulatorTool::readmeListsEveryWarning()
{
    QFile readme(QStringLiteral(SLIMFAAS_README_PATH));
    QVERIFY(readme.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(readme.readAll());
    const QStringList codes = SlimFaasEmulator::warningCodes();
    QCOMPARE(codes.size(), 26);
    for (const QString &code : codes) {
        QVERIFY2(text.contains(QLatin1String("| `") + code + QLatin1String("` |")),
                 qPrintable(code));
    }
}

void tst_EmulatorTool::outOfDescriptorsNoSpinThenServes_data()
{
    QTest::addColumn<bool>("webSocketPort");
    QTest::newRow("HTTP port") << false;
    QTest::newRow("WebSocket port") << true;
}

// More idle connections than the process has file descriptors, under a connection cap they
// do not reach: accept() fails with EMFILE while connections wait in the listen queue. The
// emulator must neither spin on it nor stop accepting for good.
void tst_EmulatorTool::outOfDescriptorsNoSpinThenServes()
{
#if defined(__SANITIZE_ADDRESS__)
#define SLIMFAAS_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SLIMFAAS_ASAN 1
#endif
#endif
#ifdef SLIMFAAS_ASAN
    // The sanitizers' runtime needs descriptors of its own: UBSan tests whether memory is
    // readable through a pipe, and without one it reports a false "invalid vptr" and stops
    // the emulator. The plain build runs this case.
    QSKIP("the sanitizer runtime cannot work without free file descriptors");
#endif
    QFETCH(bool, webSocketPort);
    constexpr rlim_t Descriptors = 64;
    QVERIFY(start({ QStringLiteral("--host"), QStringLiteral("127.0.0.1"),
                    QStringLiteral("--ws-port"), QStringLiteral("0"), QStringLiteral("--http-port"),
                    QStringLiteral("0"), QStringLiteral("--max-connections"),
                    QStringLiteral("100000"), QStringLiteral("--log-json") },
                  Descriptors));
    QTRY_COMPARE(events(QStringLiteral("listening")).size(), 1);
    const QJsonObject listening = events(QStringLiteral("listening")).first();
    const QUrl wsUrl(listening.value(QLatin1String("webSocketUrl")).toString());
    const QUrl httpUrl(listening.value(QLatin1String("httpUrl")).toString());

    QList<QTcpSocket *> idle;
    for (rlim_t i = 0; i < 3 * Descriptors; ++i) {
        auto *socket = new QTcpSocket(process);
        socket->connectToHost(QHostAddress::LocalHost,
                              quint16((webSocketPort ? wsUrl : httpUrl).port()));
        idle.append(socket);
    }
    const QDir descriptors(QStringLiteral("/proc/%1/fd").arg(process->processId()));
    QTRY_VERIFY_WITH_TIMEOUT(descriptors.entryList(QDir::NoDotAndDotDot | QDir::AllEntries).size()
                                     >= qsizetype(Descriptors),
                             10000);

    // It used to retry accept() at once, forever: a whole core.
    const long ticksPerSecond = sysconf(_SC_CLK_TCK);
    const qint64 before = cpuTicks();
    QVERIFY(before >= 0);
    QTest::qWait(2000);
    const qint64 used = cpuTicks() - before;
    qInfo("out of descriptors: %lld ms of CPU in 2 s", used * 1000 / ticksPerSecond);
    QVERIFY2(used * 5 < 2 * ticksPerSecond, qPrintable(QString::number(used)));
    const QByteArray errors = process->readAllStandardError();
    QVERIFY2(errors.contains(webSocketPort ? "WebSocket port cannot accept"
                                           : "HTTP port cannot accept"),
             errors.constData());

    // Once the idle connections go, new callers and functions are served again.
    qDeleteAll(idle);
    QNetworkAccessManager network;
    QNetworkReply *reply = network.get(
            QNetworkRequest(httpUrl.resolved(QUrl(QStringLiteral("/status-functions")))));
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    RawFunction function(wsUrl);
    QVERIFY(function.registerAs(SlimFaasFunctionConfig(QStringLiteral("after")))->success);
}

QTEST_GUILESS_MAIN(tst_EmulatorTool)
#include "tst_emulatortool.moc"
