// SPDX-License-Identifier: MIT
// Peers that misbehave on purpose, and a tool left running for hours: the emulator keeps
// serving, holds a bounded amount of memory and descriptors, and says what it refused.

#include <clientframe.h>
#include <emulatorharness.h>
#include <measuredprocess.h>
#include <testpattern.h>

#include <QtCore/qelapsedtimer.h>
#include <QtCore/qfile.h>
#include <QtCore/qprocess.h>
#include <QtCore/qregularexpression.h>
#include <QtCore/qset.h>
#include <QtCore/qtimer.h>
#include <QtNetwork/qnetworkaccessmanager.h>
#include <QtNetwork/qnetworkinterface.h>
#include <QtNetwork/qnetworkreply.h>
#include <QtNetwork/qtcpserver.h>
#include <QtNetwork/qtcpsocket.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <vector>

using SlimFaasProtocol::MessageType;

namespace {

const QByteArray Handshake
        = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
          "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
          "Sec-WebSocket-Version: 13\r\n\r\n";

// Sockets the emulator holds: TCP connections and WebSockets, wherever they are in its tree.
int socketsHeld(const SlimFaasEmulator *emulator)
{
    return int(emulator->findChildren<QTcpSocket *>().size()
               + emulator->findChildren<QWebSocket *>().size());
}

// Runs count connections to port, at most parallel at a time; each is handed to script,
// which calls done() once the connection has played its part (the socket is then closed
// and freed). Returns once all have ended.
bool runCycles(quint16 port, int count, int parallel,
               const std::function<void(QTcpSocket *, std::function<void()>)> &script)
{
    int started = 0, ended = 0;
    std::function<void()> startOne = [&] {
        ++started;
        auto *socket = new QTcpSocket;
        auto finished = std::make_shared<bool>(false);
        auto done = [&, socket, finished] {
            if (*finished)
                return;
            *finished = true;
            socket->abort();
            socket->deleteLater();
            ++ended;
            if (started < count)
                startOne();
        };
        QObject::connect(socket, &QTcpSocket::errorOccurred, socket, [done] { done(); });
        QObject::connect(socket, &QTcpSocket::connected, socket,
                         [socket, script, done] { script(socket, done); });
        socket->connectToHost(QHostAddress::LocalHost, port);
    };
    for (int i = 0; i < qMin(parallel, count); ++i)
        startOne();
    QElapsedTimer timer;
    timer.start();
    while (ended < count && timer.elapsed() < 120000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    return ended == count;
}

// The emulator's log lines (category slimfaas.emulator) while it lives.
class LogCapture
{
public:
    LogCapture()
    {
        s_lines.clear();
        s_previous = qInstallMessageHandler(&LogCapture::handle);
    }
    ~LogCapture() { qInstallMessageHandler(s_previous); }
    QStringList lines() const { return s_lines; }

private:
    static void handle(QtMsgType type, const QMessageLogContext &context, const QString &text)
    {
        if (qstrcmp(context.category, "slimfaas.emulator") == 0)
            s_lines.append(text);
        else
            s_previous(type, context, text);
    }
    static inline QStringList s_lines;
    static inline QtMessageHandler s_previous = nullptr;
};

// slimfaas-emulator as a process on free ports, its standard error kept.
class EmulatorProcess : public QObject
{
public:
    explicit EmulatorProcess(QObject *parent = nullptr) : QObject(parent) { }
    ~EmulatorProcess() override
    {
        process.terminate();
        process.waitForFinished(5000);
    }
    bool start(const QStringList &arguments = {})
    {
        process.setProgram(QStringLiteral(SLIMFAAS_EMULATOR_PATH));
        process.setProcessEnvironment(environmentForMemoryMeasurement());
        process.setArguments(QStringList{ QStringLiteral("--ws-port"), QStringLiteral("0"),
                                          QStringLiteral("--http-port"), QStringLiteral("0") }
                             + arguments);
        connect(&process, &QProcess::readyReadStandardError, this,
                [this] { errors += process.readAllStandardError(); });
        connect(&process, &QProcess::readyReadStandardOutput, this,
                [this] { output += process.readAllStandardOutput(); });
        process.start();
        if (!process.waitForStarted(5000))
            return false;
        // "functions connect to ws://…, callers use http://…"
        static const QRegularExpression urls(
                QStringLiteral("(ws://\\S+), callers use (http://\\S+)"));
        QRegularExpressionMatch match;
        if (!QTest::qWaitFor(
                    [&] { return (match = urls.match(QString::fromUtf8(output))).hasMatch(); },
                    10000))
            return false;
        webSocketUrl = QUrl(match.captured(1));
        httpUrl = QUrl(match.captured(2));
        return true;
    }
    // Resident memory, in KiB (VmRSS of /proc/<pid>/status); -1 when unknown.
    qint64 residentKiB() const { return statusKiB("VmRSS:"); }
    // The most it has been resident so far (VmHWM).
    qint64 peakResidentKiB() const { return statusKiB("VmHWM:"); }

    QProcess process;
    QByteArray output;
    QByteArray errors;
    QUrl webSocketUrl;
    QUrl httpUrl;

private:
    qint64 statusKiB(const QByteArray &field) const
    {
        QFile status(QStringLiteral("/proc/%1/status").arg(process.processId()));
        if (!status.open(QIODevice::ReadOnly))
            return -1;
        for (const QByteArray &line : status.readAll().split('\n')) {
            if (line.startsWith(field))
                return line.mid(field.size()).trimmed().split(' ').value(0).toLongLong();
        }
        return -1;
    }
};

// A function that registers and then never reads its socket again.
class DeafFunction
{
public:
    bool connectAndRegister(const QUrl &url, const SlimFaasFunctionConfig &config)
    {
        socket.setReadBufferSize(4096); // Qt stops taking from the kernel beyond this
        socket.connectToHost(QHostAddress::LocalHost, quint16(url.port()));
        if (!socket.waitForConnected(5000))
            return false;
        socket.write(Handshake);
        QByteArray answer;
        if (!QTest::qWaitFor([&] { return (answer += socket.read(4096)).contains("\r\n\r\n"); },
                             5000)
            || !answer.startsWith("HTTP/1.1 101"))
            return false;
        send(SlimFaasProtocol::encodeEnvelope(MessageType::Register, QStringLiteral("r"),
                                              SlimFaasProtocol::registerPayload(config)));
        return true;
    }
    // Writes without letting the test's own buffer grow: false when it stopped taking.
    bool send(const QByteArray &message)
    {
        socket.write(clientFrame(message));
        return QTest::qWaitFor([&] { return socket.bytesToWrite() < 1024 * 1024; }, 3000);
    }

    QTcpSocket socket;
};

// A peer that upgrades, then writes what the test gives it frame by frame, and keeps what
// the emulator sends back.
class UpgradedPeer
{
public:
    bool upgrade(const QUrl &url)
    {
        socket.connectToHost(QHostAddress::LocalHost, quint16(url.port()));
        if (!socket.waitForConnected(5000))
            return false;
        socket.write(Handshake);
        if (!QTest::qWaitFor([&] { return (received += socket.readAll()).contains("\r\n\r\n"); },
                             5000)
            || !received.startsWith("HTTP/1.1 101"))
            return false;
        received.remove(0, received.indexOf("\r\n\r\n") + 4);
        QObject::connect(&socket, &QTcpSocket::readyRead, &socket,
                         [this] { received += socket.readAll(); });
        return true;
    }
    bool isOpen() const { return socket.state() == QAbstractSocket::ConnectedState; }
    // The code of the close frame the emulator sent (server frames are not masked), 0 when
    // none came.
    int closeCode() const
    {
        for (qsizetype at = 0; at + 2 <= received.size();) {
            auto byte = [&](qsizetype i) {
                return at + i < received.size() ? quint64(quint8(received.at(at + i))) : 0;
            };
            quint64 size = byte(1) & 0x7f;
            qsizetype header = 2;
            if (size == 126) {
                size = byte(2) << 8 | byte(3);
                header = 4;
            } else if (size == 127) {
                size = 0;
                for (int i = 0; i < 8; ++i)
                    size = size << 8 | byte(2 + i);
                header = 10;
            }
            if ((byte(0) & 0x0f) == 0x8)
                return size >= 2 ? int(byte(header) << 8 | byte(header + 1)) : 0;
            at += header + qsizetype(size);
        }
        return 0;
    }

    QTcpSocket socket;
    QByteArray received; // after the 101
};

// Streams bytes to a caller's socket until count are written or the peer stops taking them
// for 3 s; returns how many were written.
qint64 pushUntilStalled(QTcpSocket *socket, qint64 count)
{
    const QByteArray chunk(1024 * 1024, 'b');
    qint64 written = 0;
    while (written < count) {
        if (!QTest::qWaitFor([&] { return socket->bytesToWrite() < chunk.size(); }, 3000))
            break;
        socket->write(chunk.left(int(qMin<qint64>(chunk.size(), count - written))));
        written += qMin<qint64>(chunk.size(), count - written);
    }
    return written - socket->bytesToWrite();
}

// Waits until the emulator has handled everything raw sent before: it answers a Ping in
// order.
bool drained(RawFunction *raw)
{
    const int pongs = int(raw->of(MessageType::Pong).size());
    raw->send(MessageType::Ping, QStringLiteral("drained"), QJsonValue::Null);
    return QTest::qWaitFor([&] { return raw->of(MessageType::Pong).size() > pongs; }, 60000);
}

} // namespace

class tst_EmulatorHostile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void connectionCyclesLeaveNothing_data();
    void connectionCyclesLeaveNothing();
    void silentUpgradesAreClosed();
    void floodOfBadCallbacksKeepsTheLogSmall();
    void peerValuesCannotForgeLogLines();
    void loopbackOnlyByDefault();
    void otherHostsAreAnnounced();
    void libraryDefaultsToLoopback();
    void webPageOriginsAreRefused_data();
    void webPageOriginsAreRefused();
    void repeatedSlashesEscapeAPrivateRule();
    void deafFunctionBoundsMemory_data();
    void deafFunctionBoundsMemory();
    void hugeIncomingMessagesBoundMemory_data();
    void hugeIncomingMessagesBoundMemory();
    void largeMessagesUnderTheLimitsPass();

private:
    EmulatorHarness *harness = nullptr;
    SlimFaasEmulator *emulator = nullptr;
};

void tst_EmulatorHostile::init()
{
    harness = new EmulatorHarness(this);
    emulator = harness->emulator();
}

void tst_EmulatorHostile::cleanup()
{
    delete harness;
}

void tst_EmulatorHostile::connectionCyclesLeaveNothing_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("closed before the upgrade") << QStringLiteral("before");
    QTest::newRow("closed after the upgrade") << QStringLiteral("after");
    QTest::newRow("handshake refused") << QStringLiteral("error");
}

// However a connection to the WebSocket port ends, it is counted down once and freed: after
// 20 000 of them the port still takes maximumConnections at once, and a function registers.
void tst_EmulatorHostile::connectionCyclesLeaveNothing()
{
    QFETCH(QString, kind);
    SlimFaasEmulatorLimits limits;
    limits.maximumConnections = 40;
    emulator->setLimits(limits);
    QVERIFY(harness->start());
    const int before = socketsHeld(emulator);
    int serial = 0;
    const bool ran = runCycles(
            emulator->webSocketPort(), 20000, 16,
            [&](QTcpSocket *socket, std::function<void()> done) {
                ++serial;
                if (kind == QLatin1String("before")) {
                    // Half of them send part of a head first.
                    if (serial % 2)
                        socket->write("GET /ws HTTP/1.1\r\nHost: x\r\n");
                    socket->flush();
                    done();
                    return;
                }
                const QByteArray request = kind == QLatin1String("after")
                        ? Handshake
                        : QByteArray(Handshake).replace("Version: 13", "Version: 7");
                socket->write(request);
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket, done] {
                    if (socket->peek(12).size() == 12) // the status line: 101, or the refusal
                        done();
                });
                QObject::connect(socket, &QTcpSocket::disconnected, socket, [done] { done(); });
            });
    QVERIFY(ran);
    QTRY_COMPARE_WITH_TIMEOUT(socketsHeld(emulator), before, 20000);

    // The count is back to zero: all but one of maximumConnections open at once.
    QList<RawFunction *> open;
    for (int i = 0; i < limits.maximumConnections - 1; ++i)
        open.append(new RawFunction(emulator->webSocketUrl(), harness));
    for (RawFunction *raw : open)
        QVERIFY(raw->waitConnected());
    const auto response = open.constLast()->registerAs(
            SlimFaasFunctionConfig(QStringLiteral("after-the-storm")));
    QVERIFY(response && response->success);
    QCOMPARE(emulator->replicas(QStringLiteral("after-the-storm")), 1);
}

// Sockets that upgrade and never register are closed after registerTimeout, with a warning
// naming the peer: 1 000 of them (the whole port) do not lock functions out for good.
void tst_EmulatorHostile::silentUpgradesAreClosed()
{
    emulator->setRegisterTimeout(6000);
    QVERIFY(harness->start());
    LogCapture log;
    QList<QTcpSocket *> silent;
    int upgraded = 0, closed = 0;
    for (int i = 0; i < SlimFaasEmulatorLimits().maximumConnections; ++i) {
        auto *socket = new QTcpSocket(harness);
        connect(socket, &QTcpSocket::readyRead, socket, [socket, &upgraded] {
            if (!socket->property("upgraded").toBool()
                && socket->readAll().startsWith("HTTP/1.1 101")) {
                socket->setProperty("upgraded", true);
                ++upgraded;
            }
        });
        connect(socket, &QTcpSocket::disconnected, socket, [&closed] { ++closed; });
        socket->connectToHost(QHostAddress::LocalHost, emulator->webSocketPort());
        socket->write(Handshake);
        silent.append(socket);
        if (silent.size() % 50 == 0) // within the listen queue
            QTRY_COMPARE_WITH_TIMEOUT(upgraded, int(silent.size()), 10000);
    }
    QSet<QString> peers;
    for (const QTcpSocket *socket : std::as_const(silent))
        peers.insert(QStringLiteral("127.0.0.1:%1").arg(socket->localPort()));
    if (closed == 0) {
        // The port is full (unless a slow machine took longer than the timeout to get here).
        QTcpSocket refused;
        refused.connectToHost(QHostAddress::LocalHost, emulator->webSocketPort());
        QVERIFY(refused.waitForConnected(5000));
        refused.write(Handshake);
        QTRY_VERIFY(refused.state() != QAbstractSocket::ConnectedState || refused.bytesAvailable());
        QVERIFY(!refused.readAll().startsWith("HTTP/1.1 101"));
    }
    QTRY_COMPARE_WITH_TIMEOUT(closed, int(silent.size()), 30000);
    RawFunction raw(emulator->webSocketUrl());
    const auto response = raw.registerAs(SlimFaasFunctionConfig(QStringLiteral("welcome")));
    QVERIFY(response && response->success);
    // The lines name the peers; past the first five in 10 s they are counted (EmulatorLog).
    static const QRegularExpression named(QStringLiteral(
            "limit registerTimeout : connection \\w+ from (\\S+) has not registered"));
    const QStringList lines = log.lines().filter(QStringLiteral("registerTimeout"));
    QVERIFY(!lines.isEmpty());
    for (const QString &line : lines) {
        const QRegularExpressionMatch match = named.match(line);
        QVERIFY2(!match.hasMatch() || peers.contains(match.captured(1)), qPrintable(line));
    }
    QVERIFY2(named.match(lines.constFirst()).hasMatch(), qPrintable(lines.constFirst()));
}

// 1 000 000 callbacks for unknown ids: the first few in full, then a count every 10 s, so
// the log stays small (129 MiB before).
void tst_EmulatorHostile::floodOfBadCallbacksKeepsTheLogSmall()
{
    EmulatorProcess emulator;
    QVERIFY(emulator.start());
    RawFunction raw(emulator.webSocketUrl);
    QVERIFY(raw.registerAs(SlimFaasFunctionConfig(QStringLiteral("flood")))->success);
    raw.envelopes.clear();
    const QString prefix = QStringLiteral(
            R"({"type":3,"correlationId":"c","payload":{"elementId":"unknown-%1","statusCode":200}})");
    constexpr int Total = 1000000, Batch = 20000;
    for (int sent = 0; sent < Total; sent += Batch) {
        for (int i = 0; i < Batch; ++i)
            raw.socket.sendTextMessage(prefix.arg(sent + i));
        QVERIFY(drained(&raw));
        raw.envelopes.clear();
    }
    QVERIFY(emulator.errors.size() < 64 * 1024);
    QVERIFY(emulator.errors.contains("unknown-0"));
    // The rest is counted: at the latest when the window ends.
    QTRY_VERIFY_WITH_TIMEOUT(emulator.errors.contains("more \"rejected\" lines"), 15000);
    qInfo("%lld bytes of log for %d bad callbacks", qint64(emulator.errors.size()), Total);
}

// A function name with a newline, from a Register and from a caller's path: escaped, so that
// every log line is one of the emulator's own.
void tst_EmulatorHostile::peerValuesCannotForgeLogLines()
{
    EmulatorProcess emulator;
    QVERIFY(emulator.start());
    const QString forged = QStringLiteral("pay\nregistered \"payments\" as ws-00000000 replicas 1");
    SlimFaasFunctionConfig config(forged);
    config.setConfiguration(QStringLiteral(R"({"DefaultAsync":{}})")); // a warning naming it
    RawFunction raw(emulator.webSocketUrl);
    QVERIFY(raw.registerAs(config)->success);
    QNetworkAccessManager network;
    // Another case: the function-name-case warning repeats the caller's spelling.
    QNetworkReply *reply = network.post(
            QNetworkRequest(emulator.httpUrl.resolved(QUrl(QStringLiteral(
                    "/async-function/"
                    "PAY%0Aregistered%20%22payments%22%20as%20ws-00000000%20replicas%201/x")))),
            QByteArray());
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 202);
    delete reply;
    QTRY_VERIFY(emulator.errors.contains("function-name-case"));
    QTRY_VERIFY(emulator.errors.contains("default-async-ignored"));
    QVERIFY(emulator.errors.contains("pay\\nregistered"));
    QVERIFY(emulator.errors.contains("PAY\\nregistered"));
    for (const QByteArray &line : emulator.errors.split('\n')) {
        if (!line.isEmpty())
            QVERIFY2(line.startsWith("slimfaas.emulator: "), line.constData());
    }
}

// Without --host both ports listen on 127.0.0.1 and ::1, and on nothing else.
void tst_EmulatorHostile::loopbackOnlyByDefault()
{
    EmulatorProcess emulator;
    QVERIFY(emulator.start());
    const quint16 ports[]
            = { quint16(emulator.webSocketUrl.port()), quint16(emulator.httpUrl.port()) };
    auto reachable = [](const QHostAddress &address, quint16 port) {
        QTcpSocket socket;
        socket.connectToHost(address, port);
        return socket.waitForConnected(3000);
    };
    QTcpServer probe; // this machine has an IPv6 loopback
    const bool ipv6 = probe.listen(QHostAddress(QHostAddress::LocalHostIPv6));
    probe.close();
    for (quint16 port : ports) {
        QVERIFY(reachable(QHostAddress(QHostAddress::LocalHost), port));
        if (ipv6)
            QVERIFY(reachable(QHostAddress(QHostAddress::LocalHostIPv6), port));
        for (const QHostAddress &address : QNetworkInterface::allAddresses()) {
            if (!address.isLoopback() && address.protocol() == QAbstractSocket::IPv4Protocol)
                QVERIFY2(!reachable(address, port), qPrintable(address.toString()));
        }
    }
    // A function connects to ws://localhost whichever address that resolves to.
    RawFunction raw(QUrl(QStringLiteral("ws://localhost:%1/ws").arg(ports[0])));
    QVERIFY(raw.registerAs(SlimFaasFunctionConfig(QStringLiteral("local")))->success);
    QVERIFY(!emulator.errors.contains("reachable from other hosts"));
}

// Listening beyond loopback is said once at start-up.
void tst_EmulatorHostile::otherHostsAreAnnounced()
{
    EmulatorProcess emulator;
    QVERIFY(emulator.start({ QStringLiteral("--host"), QStringLiteral("any") }));
    QTRY_VERIFY(emulator.errors.contains("reachable from other hosts"));
    QCOMPARE(emulator.errors.count("reachable from other hosts"), 1);
}

// The library's default, which the monitor's embedded emulator keeps: both loopbacks.
void tst_EmulatorHostile::libraryDefaultsToLoopback()
{
    QCOMPARE(SlimFaasEmulator().listenAddress(), QHostAddress(QHostAddress::LocalHost));
    QVERIFY(harness->start());
    QTcpServer probe;
    const bool ipv6 = probe.listen(QHostAddress(QHostAddress::LocalHostIPv6));
    probe.close();
    for (const QHostAddress &address :
         { QHostAddress(QHostAddress::LocalHost), QHostAddress(QHostAddress::LocalHostIPv6) }) {
        if (address.protocol() == QAbstractSocket::IPv6Protocol && !ipv6)
            continue;
        for (quint16 port : { emulator->webSocketPort(), emulator->httpPort() }) {
            QTcpSocket socket;
            socket.connectToHost(address, port);
            QVERIFY2(socket.waitForConnected(3000), qPrintable(address.toString()));
        }
    }
}

void tst_EmulatorHostile::webPageOriginsAreRefused_data()
{
    QTest::addColumn<QByteArray>("origin");
    QTest::addColumn<QStringList>("allowed");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("no Origin") << QByteArray() << QStringList() << true;
    QTest::newRow("another host") << QByteArray("http://evil.example") << QStringList() << false;
    QTest::newRow("null") << QByteArray("null") << QStringList() << false;
    QTest::newRow("localhost") << QByteArray("http://localhost:3000") << QStringList() << true;
    QTest::newRow("127.0.0.1") << QByteArray("https://127.0.0.1") << QStringList() << true;
    QTest::newRow("::1") << QByteArray("http://[::1]:8080") << QStringList() << true;
    QTest::newRow("localhost lookalike")
            << QByteArray("http://localhost.evil.example") << QStringList() << false;
    QTest::newRow("allowed") << QByteArray("http://dev.example:8080")
                             << QStringList{ QStringLiteral("http://dev.example:8080") } << true;
    QTest::newRow("any allowed") << QByteArray("http://evil.example")
                                 << QStringList{ QStringLiteral("*") } << true;
}

// A web page the developer opens cannot join a function: an upgrade with a foreign Origin
// gets 403 and a warning naming the peer, unless allowedWebSocketOrigins says otherwise.
void tst_EmulatorHostile::webPageOriginsAreRefused()
{
    QFETCH(QByteArray, origin);
    QFETCH(QStringList, allowed);
    QFETCH(bool, accepted);
    emulator->setAllowedWebSocketOrigins(allowed);
    QVERIFY(harness->start());
    LogCapture log;
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, emulator->webSocketPort());
    QVERIFY(socket.waitForConnected(5000));
    const QString peer = QStringLiteral("127.0.0.1:%1").arg(socket.localPort());
    QByteArray request = Handshake;
    if (!origin.isEmpty())
        request.insert(request.size() - 2, "Origin: " + origin + "\r\n");
    socket.write(request);
    QByteArray answer;
    QTRY_VERIFY((answer += socket.readAll()).contains("\r\n\r\n"));
    QCOMPARE(answer.startsWith("HTTP/1.1 101"), accepted);
    if (!accepted) {
        QVERIFY(answer.startsWith("HTTP/1.1 403"));
        const QStringList lines = log.lines().filter(QStringLiteral("allowedWebSocketOrigins"));
        QCOMPARE(lines.size(), 1);
        QVERIFY2(lines.constFirst().contains(peer), qPrintable(lines.constFirst()));
    }
}

// SlimFaas matches a Private path rule against the rest of the path as its catch-all route
// gives it, repeated slashes included: /function/pub//admin is not "admin", and gets
// through. Reproduced, with a warning.
void tst_EmulatorHostile::repeatedSlashesEscapeAPrivateRule()
{
    QVERIFY(harness->start());
    SlimFaasFunctionConfig config(QStringLiteral("pub"));
    config.addPathStartWithVisibility(QStringLiteral("admin"), SlimFaas::Visibility::Private);
    RawFunction *raw = harness->function(config);
    auto status = [this](const QByteArray &method, const QByteArray &path) {
        QTcpSocket caller;
        caller.connectToHost(QHostAddress::LocalHost, emulator->httpPort());
        if (!caller.waitForConnected(5000))
            return -1;
        caller.write(method + ' ' + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
        QByteArray answer;
        if (!QTest::qWaitFor([&] { return (answer += caller.readAll()).contains("\r\n\r\n"); },
                             5000))
            return 0; // forwarded, no answer yet
        return answer.mid(9, 3).toInt();
    };
    QCOMPARE(status("GET", "/function/pub/admin"), 404);
    QCOMPARE(status("POST", "/async-function/pub/Admin/x"), 404);
    QCOMPARE(harness->warningCodes().count(QStringLiteral("path-slashes-escape-rule")), 0);

    QCOMPARE(status("POST", "/async-function/pub//admin"), 202);
    QTRY_COMPARE(raw->requests().size(), 1);
    QCOMPARE(raw->requests().constFirst().path(), QStringLiteral("/admin"));
    QCOMPARE(status("POST", "/async-function/pub///admin/x"), 202);
    QTRY_COMPARE(raw->requests().size(), 2);
    QCOMPARE(raw->requests().constLast().path(), QStringLiteral("//admin/x"));
    QCOMPARE(harness->warningCodes().count(QStringLiteral("path-slashes-escape-rule")), 2);

    QSignalSpy started(emulator, &SlimFaasEmulator::syncRequestStarted);
    QCOMPARE(status("GET", "/function/pub///admin"), 0);
    QTRY_COMPARE(started.size(), 1);
    QCOMPARE(harness->warningCodes().count(QStringLiteral("path-slashes-escape-rule")), 3);
    QTRY_COMPARE(raw->framesOf(MessageType::SyncRequestStart).size(), 1);
    const auto head = SlimFaasProtocol::decodeSyncRequestHead(
            raw->framesOf(MessageType::SyncRequestStart).constFirst().payload);
    QVERIFY(head);
    QCOMPARE(head->path, QStringLiteral("//admin"));

    // Repeated slashes elsewhere, or a trusted caller: nothing to say.
    QCOMPARE(status("POST", "/async-function/pub/x//admin"), 202);
    emulator->setTrustedNetworks({ QHostAddress::parseSubnet(QStringLiteral("127.0.0.0/8")) });
    QCOMPARE(status("POST", "/async-function/pub//admin"), 202);
    QCOMPARE(harness->warningCodes().count(QStringLiteral("path-slashes-escape-rule")), 3);
}

void tst_EmulatorHostile::deafFunctionBoundsMemory_data()
{
    QTest::addColumn<QString>("load");
    QTest::newRow("sync request body") << QStringLiteral("sync");
    QTest::newRow("events") << QStringLiteral("events");
    QTest::newRow("Ping flood") << QStringLiteral("pings");
}

// A function that never reads its socket: what waits for it stays within
// maximumFunctionSendBuffer (8 MiB here) and the emulator's resident memory with it
// (before: +577 MiB for 512 MiB of sync body, +339 MiB for 1 000 events of 256 KiB, Pongs
// without end). The bound checked is the limit twice (one message over it, Qt's write
// buffer) plus 32 MiB for the process's own variations.
void tst_EmulatorHostile::deafFunctionBoundsMemory()
{
    QFETCH(QString, load);
    constexpr qint64 Limit = 8 * 1024 * 1024;
    EmulatorProcess emulator;
    QVERIFY(emulator.start(
            { QStringLiteral("--max-function-send-buffer"), QString::number(Limit) }));
    SlimFaasFunctionConfig config(QStringLiteral("deaf"));
    config.setSubscribeEvents(QStringList{ QStringLiteral("evt") });
    DeafFunction deaf;
    QVERIFY(deaf.connectAndRegister(emulator.webSocketUrl, config));
    QNetworkAccessManager network;
    QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                std::unique_ptr<QNetworkReply> reply(network.get(QNetworkRequest(
                        emulator.httpUrl.resolved(QUrl(QStringLiteral("/status-function/deaf"))))));
                return QTest::qWaitFor([&] { return reply->isFinished(); }, 5000)
                        && reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt()
                        == 200;
            }(),
            10000);
    const qint64 before = emulator.residentKiB();
    QVERIFY(before > 0);

    QTcpSocket caller;
    caller.connectToHost(QHostAddress::LocalHost, quint16(emulator.httpUrl.port()));
    QVERIFY(caller.waitForConnected(5000));
    if (load == QLatin1String("sync")) {
        constexpr qint64 Body = 256 * 1024 * 1024;
        caller.write("POST /function/deaf/upload HTTP/1.1\r\nHost: x\r\nContent-Length: "
                     + QByteArray::number(Body) + "\r\n\r\n");
        const qint64 pushed = pushUntilStalled(&caller, Body);
        qInfo("%lld bytes of sync body taken before the caller was held up", pushed);
        QVERIFY(pushed < Body);
    } else if (load == QLatin1String("events")) {
        const QByteArray body(256 * 1024, 'e');
        QByteArray answers;
        for (int i = 0; i < 1000; ++i) {
            caller.write("POST /publish-event/evt/x HTTP/1.1\r\nHost: x\r\nContent-Length: "
                         + QByteArray::number(body.size()) + "\r\n\r\n" + body);
            QVERIFY(QTest::qWaitFor(
                    [&] { return (answers += caller.readAll()).count("HTTP/1.1 204") > i; },
                    10000));
        }
    } else {
        const QString id(10 * 1024, QLatin1Char('p')); // each Pong repeats it
        for (int i = 0; i < 20000; ++i) {
            QVERIFY(deaf.send(
                    SlimFaasProtocol::encodeEnvelope(MessageType::Ping, id, QJsonValue::Null)));
        }
        QTRY_COMPARE_WITH_TIMEOUT(deaf.socket.bytesToWrite(), 0, 30000);
        QTest::qWait(2000); // what the kernel still held
    }
    const qint64 after = emulator.residentKiB();
    qInfo("resident memory %lld KiB -> %lld KiB", before, after);
    QVERIFY2((after - before) * 1024 < 2 * Limit + 32 * 1024 * 1024,
             qPrintable(QStringLiteral("+%1 KiB").arg(after - before)));
    QTRY_VERIFY(emulator.errors.contains("maximumFunctionSendBuffer"));
}

void tst_EmulatorHostile::hugeIncomingMessagesBoundMemory_data()
{
    QTest::addColumn<QString>("load");
    QTest::addColumn<int>("closeCode");
    QTest::addColumn<qint64>("heldPerPeer"); // what each would hold in the end, as counted
    constexpr qint64 Message = 60 * 1000 * 1000;
    QTest::newRow("Ping control frames") << QStringLiteral("ping-frame") << 1002 << qint64(0);
    QTest::newRow("Ping messages in one frame") << QStringLiteral("one-frame") << 1009 << Message;
    QTest::newRow("text messages in many frames")
            << QStringLiteral("text") << 1009 << 2 * Message; // UTF-16
    QTest::newRow("binary messages in many frames") << QStringLiteral("binary") << 1009 << Message;
}

// Ten peers each send one message of 60 MB, under the 64 MiB a message may have, and never
// finish it (before: +1.1 GiB). A Ping control frame over 125 bytes is refused from its
// header (1002, RFC 6455 §5.5; Qt does it); the others are held until their last frame, up
// to maximumTotalIncomingBuffer (128 MiB here) for all of them: the connection that goes
// past it is closed with 1009 and what it held is freed. The bound checked is the limit
// twice plus 32 MiB for the process's own variations; a function registers and is called
// afterwards.
void tst_EmulatorHostile::hugeIncomingMessagesBoundMemory()
{
    QFETCH(QString, load);
    QFETCH(int, closeCode);
    QFETCH(qint64, heldPerPeer);
    constexpr qint64 Message = 60 * 1000 * 1000;
    constexpr qint64 Limit = 128 * 1024 * 1024;
    constexpr int Peers = 10;
    constexpr qint64 Chunk = 1024 * 1024;
    EmulatorProcess emulator;
    QVERIFY(emulator.start(
            { QStringLiteral("--max-total-incoming-buffer"), QString::number(Limit) }));
    std::vector<std::unique_ptr<UpgradedPeer>> peers;
    for (int i = 0; i < Peers; ++i) {
        peers.push_back(std::make_unique<UpgradedPeer>());
        QVERIFY(peers.back()->upgrade(emulator.webSocketUrl));
    }
    const qint64 before = emulator.residentKiB();
    QVERIFY(before > 0);

    const bool oneFrame = load == QLatin1String("ping-frame") || load == QLatin1String("one-frame");
    const QByteArray body(Chunk, 'p');
    // The beginning of each message: one frame's header for all of it, or the first frame.
    for (const auto &peer : peers) {
        if (load == QLatin1String("ping-frame"))
            peer->socket.write(clientFrameHeader(0x89, Message));
        else if (load == QLatin1String("one-frame"))
            peer->socket.write(clientFrameHeader(0x81, Message)
                               + "{\"type\":" + QByteArray::number(int(MessageType::Ping))
                               + ",\"correlationId\":\""); // the rest: 'p'
        else
            peer->socket.write(clientFrameHeader(load == QLatin1String("text") ? 0x01 : 0x02, 0));
    }
    // The rest a megabyte at a time to each peer in turn, short of the last frame.
    auto open = [&] {
        return std::count_if(peers.cbegin(), peers.cend(),
                             [](const auto &peer) { return peer->isOpen(); });
    };
    for (qint64 sent = 0; sent + Chunk < Message && open() > 0; sent += Chunk) {
        for (const auto &peer : peers) {
            if (peer->isOpen())
                peer->socket.write(oneFrame ? body : clientFrameHeader(0x00, Chunk) + body);
        }
        QVERIFY(QTest::qWaitFor(
                [&] {
                    return std::all_of(peers.cbegin(), peers.cend(), [&](const auto &peer) {
                        return !peer->isOpen() || peer->socket.bytesToWrite() < 2 * Chunk;
                    });
                },
                20000));
    }
    // Qt closes a connection whose unfinished frame or message gets nothing for 5 s: a byte
    // each second keeps them going while the emulator is measured.
    QTimer trickle;
    QObject::connect(&trickle, &QTimer::timeout, &trickle, [&] {
        for (const auto &peer : peers) {
            if (peer->isOpen())
                peer->socket.write(oneFrame ? QByteArray("p")
                                            : clientFrameHeader(0x00, 1) + QByteArray("p"));
        }
    });
    trickle.start(1000);
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(peers.cbegin(), peers.cend(),
                                         [](const auto &peer) {
                                             return !peer->isOpen()
                                                     || peer->socket.bytesToWrite() == 0;
                                         }),
                             20000);
    QTest::qWait(1000); // what the kernel still held for the emulator
    const qint64 after = emulator.residentKiB();
    qInfo("resident memory %lld KiB -> %lld KiB (at most %lld KiB), %d of %d peers closed", before,
          after, emulator.peakResidentKiB(), Peers - int(open()), Peers);
    QVERIFY2((after - before) * 1024 < 2 * Limit + 32 * 1024 * 1024,
             qPrintable(QStringLiteral("+%1 KiB").arg(after - before)));
    // Those that are left hold no more than the limit together.
    const int mayStay = heldPerPeer > 0 ? int(Limit / heldPerPeer) : 0;
    QTRY_VERIFY(open() <= mayStay);
    for (const auto &peer : peers) {
        if (!peer->isOpen() && peer->closeCode() != 0) // else the cut came first
            QCOMPARE(peer->closeCode(), closeCode);
    }
    QVERIFY(std::any_of(peers.cbegin(), peers.cend(),
                        [&](const auto &peer) { return peer->closeCode() == closeCode; }));
    if (closeCode == 1009)
        QTRY_VERIFY(emulator.errors.contains("limit maximumTotalIncomingBuffer : connection"));
    trickle.stop();
    peers.clear();

    // The emulator serves on.
    RawFunction raw(emulator.webSocketUrl);
    QVERIFY(raw.registerAs(SlimFaasFunctionConfig(QStringLiteral("after")))->success);
    QNetworkAccessManager network;
    QNetworkRequest request(
            emulator.httpUrl.resolved(QUrl(QStringLiteral("/async-function/after/x"))));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("text/plain"));
    std::unique_ptr<QNetworkReply> reply(network.post(request, QByteArray("hello")));
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 202);
    QTRY_COMPARE(raw.requests().size(), 1);
}

// What the limits must never refuse: a sync response body of 40 MB in one frame (SlimFaas's
// .NET client sends each Write() of the function as one frame), 40 MB more in Qt's 512 KiB
// frames, and a 16 MB text message, each under the 64 MiB a message may have, with the
// default limits.
void tst_EmulatorHostile::largeMessagesUnderTheLimitsPass()
{
    QVERIFY(harness->start());
    RawFunction *raw = harness->function(SlimFaasFunctionConfig(QStringLiteral("large")));
    const QString id(16 * 1000 * 1000, QLatin1Char('i'));
    raw->send(MessageType::Ping, id, QJsonValue::Null);
    QTRY_COMPARE_WITH_TIMEOUT(raw->of(MessageType::Pong).size(), 1, 20000);
    QCOMPARE(raw->of(MessageType::Pong).constFirst().correlationId.size(), id.size());

    QNetworkReply *reply = harness->call("GET", QStringLiteral("/function/large/x"));
    QTRY_COMPARE(raw->framesOf(MessageType::SyncRequestEnd).size(), 1);
    const QString stream = raw->framesOf(MessageType::SyncRequestStart).constFirst().correlationId;
    raw->sendFrame(MessageType::SyncResponseStart, stream,
                   SlimFaasProtocol::encodeSyncResponseHead({ 200, {} }));
    const QByteArray body = pattern(80 * 1000 * 1000);
    const qsizetype half = body.size() / 2;
    raw->socket.setOutgoingFrameSize(64 * 1024 * 1024); // one frame
    raw->sendFrame(MessageType::SyncResponseChunk, stream, body.left(half));
    QTRY_COMPARE_WITH_TIMEOUT(raw->socket.bytesToWrite(), 0, 20000);
    raw->socket.setOutgoingFrameSize(512 * 1024); // Qt's default
    raw->sendFrame(MessageType::SyncResponseChunk, stream, body.mid(half));
    raw->sendFrame(MessageType::SyncResponseEnd, stream, {},
                   SlimFaasProtocol::FrameFlagEndOfStream);
    QCOMPARE(EmulatorHarness::statusOf(reply), 200);
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 20000);
    QVERIFY(reply->readAll() == body);
    QCOMPARE(raw->socket.state(), QAbstractSocket::ConnectedState);
}

QTEST_GUILESS_MAIN(tst_EmulatorHostile)
#include "tst_emulatorhostile.moc"
