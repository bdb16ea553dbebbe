// SPDX-License-Identifier: MIT
// slimfaas-soak: minutes of mixed traffic through a slimfaas-emulator process, with the
// function's connections restarted periodically and hostile callers on the side. Prints
// what was handled, what was lost or duplicated (both must be 0), and the resident memory
// and open descriptors of both processes at the start and the end.
//
//   slimfaas-soak --minutes 10
//
// Accounting: every async request accepted with 202 must reach a function (lost: it never
// did once the traffic stopped and the queue drained); the same attempt (elementId and
// tryNumber) must not be handled twice (duplicated). A retry after a restart is a new
// attempt, as SlimFaas delivers at least once. Every sync call must get exactly one answer:
// its echo, or 503 when a restart cut the function's connection before the response began.

#include "soakhostilecallers.h"
#include "soakhostilepeers.h"

#include <slimfaasclient.h>
#include <slimfaassyncrequest.h>

#include <QtCore/qcommandlineparser.h>
#include <QtCore/qcoreapplication.h>
#include <QtCore/qdir.h>
#include <QtCore/qelapsedtimer.h>
#include <QtCore/qfile.h>
#include <QtCore/qhash.h>
#include <QtCore/qloggingcategory.h>
#include <QtCore/qprocess.h>
#include <QtCore/qset.h>
#include <QtCore/qtimer.h>
#include <QtNetwork/qnetworkaccessmanager.h>
#include <QtNetwork/qnetworkreply.h>
#include <QtNetwork/qtcpserver.h>

#include <cstdio>

namespace {

struct ProcessFigures
{
    qint64 rssKiB = 0;
    int fds = 0;
};

ProcessFigures figuresOf(qint64 pid)
{
    ProcessFigures figures;
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (status.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : status.readAll().split('\n')) {
            if (line.startsWith("VmRSS:"))
                figures.rssKiB = line.mid(6).trimmed().split(' ').value(0).toLongLong();
        }
    }
    figures.fds = int(QDir(QStringLiteral("/proc/%1/fd").arg(pid))
                              .entryList(QDir::NoDotAndDotDot | QDir::AllEntries)
                              .size());
    return figures;
}

quint16 freePort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

struct Counters
{
    // async
    QSet<QString> accepted; // elementIds answered 202
    QSet<QString> delivered;
    QHash<QString, int> attempts; // elementId + tryNumber -> times handled
    int duplicated = 0;
    int asyncRefused = 0; // not 202 (e.g. 404 while no function is registered)
    // sync
    int syncSent = 0, syncEchoed = 0, syncCut = 0, syncFailed = 0;
    // events
    int eventsPublished = 0, eventsDelivered = 0;
    int reconnects = 0;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("slimfaas-soak"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
            "Mixed async, sync and event traffic through a slimfaas-emulator process for N "
            "minutes, with periodic function restarts and hostile callers; prints messages "
            "handled, reconnects, lost and duplicated, and each process's memory."));
    parser.addHelpOption();
    const QCommandLineOption minutesOption(
            QStringLiteral("minutes"), QStringLiteral("How long the traffic runs (default 10)."),
            QStringLiteral("minutes"), QStringLiteral("10"));
    const QCommandLineOption emulatorOption(
            QStringLiteral("emulator"),
            QStringLiteral("The slimfaas-emulator program (default: the one built alongside)."),
            QStringLiteral("path"), QStringLiteral(SLIMFAAS_EMULATOR_PATH));
    const QCommandLineOption functionsOption(
            QStringLiteral("functions"),
            QStringLiteral("Connections registered as the function \"soak\" (default 3)."),
            QStringLiteral("count"), QStringLiteral("3"));
    const QCommandLineOption restartOption(
            QStringLiteral("restart-interval"),
            QStringLiteral("Seconds between two function restarts, one connection at a time "
                           "(default 15)."),
            QStringLiteral("seconds"), QStringLiteral("15"));
    const QCommandLineOption rateOption(
            QStringLiteral("rate"),
            QStringLiteral("Async requests per second; sync calls are half, events a fifth "
                           "(default 100)."),
            QStringLiteral("per-second"), QStringLiteral("100"));
    parser.addOptions(
            { minutesOption, emulatorOption, functionsOption, restartOption, rateOption });
    parser.process(app);
    const double minutes = parser.value(minutesOption).toDouble();
    const int functionCount = qMax(1, parser.value(functionsOption).toInt());
    const int restartSecs = qMax(1, parser.value(restartOption).toInt());
    const int rate = qMax(10, parser.value(rateOption).toInt());
    QLoggingCategory::setFilterRules(QStringLiteral("slimfaas.*.warning=false"));

    // The emulator, in its own process, with short retry delays and head timeout.
    const quint16 wsPort = freePort(), httpPort = freePort();
    QProcess emulator;
    emulator.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    emulator.setStandardOutputFile(QProcess::nullDevice());
    emulator.start(parser.value(emulatorOption),
                   { QStringLiteral("--host"), QStringLiteral("127.0.0.1"),
                     QStringLiteral("--ws-port"), QString::number(wsPort),
                     QStringLiteral("--http-port"), QString::number(httpPort),
                     QStringLiteral("--retry-delay-scale"), QStringLiteral("0.1"),
                     QStringLiteral("--head-timeout"), QStringLiteral("5000"),
                     QStringLiteral("--register-timeout"), QStringLiteral("3000"),
                     // Reached by the hostile peers' unfinished messages with little traffic.
                     QStringLiteral("--max-total-incoming-buffer"),
                     QString::number(32 * 1024 * 1024), QStringLiteral("--quiet") });
    if (!emulator.waitForStarted(10000)) {
        std::fprintf(stderr, "slimfaas-soak: cannot start %s\n",
                     qPrintable(parser.value(emulatorOption)));
        return 2;
    }
    const QUrl wsUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(wsPort));
    const QString http = QStringLiteral("http://127.0.0.1:%1").arg(httpPort);

    Counters c;
    SlimFaasFunctionConfig config(QStringLiteral("soak"));
    config.setSubscribeEvents(QStringList{ QStringLiteral("tick") });
    config.setNumberParallelRequest(1000);
    config.setNumberParallelRequestPerPod(1000);
    QList<SlimFaasClient *> functions;
    for (int i = 0; i < functionCount; ++i) {
        auto *client = new SlimFaasClient(wsUrl, config, &app);
        client->setMinimumReconnectDelay(100);
        client->setMaximumReconnectDelay(1000);
        client->setAsyncRequestHandler([&c](const SlimFaasAsyncRequest &request) {
            c.delivered.insert(request.elementId());
            const QString attempt
                    = request.elementId() + QLatin1Char('#') + QString::number(request.tryNumber());
            if (++c.attempts[attempt] == 2)
                ++c.duplicated;
            return 200;
        });
        client->setPublishEventHandler([&c](const SlimFaasPublishEvent &) { ++c.eventsDelivered; });
        client->setSyncRequestHandler([](SlimFaasSyncRequest *request) {
            QObject::connect(request, &SlimFaasSyncRequest::requestBodyFinished, request,
                             [request] { request->respond(200, {}, request->readAll()); });
        });
        QObject::connect(client, &SlimFaasClient::ready, client, [&c, client] {
            if (client->property("wasReady").toBool())
                ++c.reconnects;
            client->setProperty("wasReady", true);
        });
        client->open();
        functions.append(client);
    }
    for (SlimFaasClient *client : std::as_const(functions)) {
        if (!client->waitForReady(20000)) {
            std::fprintf(stderr, "slimfaas-soak: a function did not register\n");
            return 2;
        }
    }
    QCoreApplication::processEvents();
    const ProcessFigures emulatorStart = figuresOf(emulator.processId());
    const ProcessFigures selfStart = figuresOf(QCoreApplication::applicationPid());

    QNetworkAccessManager network;
    int inFlight = 0;
    auto send = [&](const QString &path, const QByteArray &body,
                    std::function<void(QNetworkReply *)> done) {
        QNetworkRequest request{ QUrl(http + path) };
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("text/plain"));
        request.setTransferTimeout(60000);
        QNetworkReply *reply = network.post(request, body);
        ++inFlight;
        QObject::connect(reply, &QNetworkReply::finished, reply, [&inFlight, reply, done] {
            --inFlight;
            done(reply);
            reply->deleteLater();
        });
    };
    auto status = [](QNetworkReply *reply) {
        return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    };
    quint64 sequence = 0;
    bool trafficOn = true;
    QTimer traffic;
    QObject::connect(&traffic, &QTimer::timeout, &app, [&] {
        if (!trafficOn || inFlight > 500)
            return; // the emulator is behind: no unbounded queue on this side either
        for (int i = 0; i < rate / 10; ++i) {
            send(QStringLiteral("/async-function/soak/job"), QByteArray::number(++sequence),
                 [&](QNetworkReply *reply) {
                     const QByteArray id = reply->rawHeader("SlimFaas-Element-Id");
                     if (status(reply) == 202 && !id.isEmpty())
                         c.accepted.insert(QString::fromLatin1(id));
                     else
                         ++c.asyncRefused;
                 });
        }
        for (int i = 0; i < rate / 20; ++i) {
            const QByteArray body
                    = "sync-" + QByteArray::number(++sequence) + QByteArray(1000, 's');
            ++c.syncSent;
            send(QStringLiteral("/function/soak/echo"), body,
                 [&c, body, status](QNetworkReply *reply) {
                     const int code = status(reply);
                     if (code == 200 && reply->readAll() == body)
                         ++c.syncEchoed;
                     else if (code == 503)
                         ++c.syncCut;
                     else
                         ++c.syncFailed;
                 });
        }
        for (int i = 0; i < rate / 50; ++i) {
            ++c.eventsPublished;
            send(QStringLiteral("/publish-event/tick/t"), "tick", [](QNetworkReply *) {});
        }
    });
    traffic.start(100);

    // One connection restarted at a time, in turn.
    int nextRestart = 0;
    QTimer restarts;
    QObject::connect(&restarts, &QTimer::timeout, &app, [&] {
        SlimFaasClient *client = functions.at(nextRestart++ % functions.size());
        client->close();
        QTimer::singleShot(500, client, &SlimFaasClient::open);
    });
    restarts.start(restartSecs * 1000);

    SoakHostileCallers hostile(httpPort, 2000);
    SoakHostilePeers peers(wsPort, httpPort, 2000);

    QElapsedTimer clock;
    clock.start();
    QTimer progress;
    QObject::connect(&progress, &QTimer::timeout, &app, [&] {
        std::printf("%5.1f min: async %lld accepted, %lld delivered; sync %d echoed, %d cut; "
                    "events %d delivered; reconnects %d; emulator RSS %lld KiB\n",
                    clock.elapsed() / 60000.0, qint64(c.accepted.size()),
                    qint64(c.delivered.size()), c.syncEchoed, c.syncCut, c.eventsDelivered,
                    c.reconnects, figuresOf(emulator.processId()).rssKiB);
        std::fflush(stdout);
    });
    progress.start(60000);

    QTimer::singleShot(int(minutes * 60000), &app, [&] {
        trafficOn = false;
        restarts.stop();
        traffic.stop();
        // Drain: every accepted request delivered, every reply in, or 60 s.
        QElapsedTimer drain;
        drain.start();
        auto *check = new QTimer(&app);
        QObject::connect(check, &QTimer::timeout, &app, [&, check, drain] {
            bool allIn = inFlight == 0;
            for (const QString &id : std::as_const(c.accepted))
                allIn = allIn && c.delivered.contains(id);
            if (allIn || drain.elapsed() > 60000) {
                check->stop();
                app.quit();
            }
        });
        check->start(200);
    });
    app.exec();

    // Settled: let the emulator close what the hostile callers left, then measure.
    QElapsedTimer settle;
    settle.start();
    while (settle.elapsed() < 2000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 100);
    const ProcessFigures emulatorEnd = figuresOf(emulator.processId());
    const ProcessFigures selfEnd = figuresOf(QCoreApplication::applicationPid());
    int lost = 0;
    for (const QString &id : std::as_const(c.accepted))
        lost += c.delivered.contains(id) ? 0 : 1;
    const bool emulatorAlive = emulator.state() == QProcess::Running;

    std::printf("slimfaas-soak: %.1f minutes, %d function connections restarted every %d s, "
                "hostile callers every 2 s\n",
                clock.elapsed() / 60000.0, functionCount, restartSecs);
    std::printf("  async:     %lld accepted, %lld delivered, lost %d, duplicated %d "
                "(%d not accepted)\n",
                qint64(c.accepted.size()), qint64(c.delivered.size()), lost, c.duplicated,
                c.asyncRefused);
    std::printf("  sync:      %d sent, %d echoed, %d cut by a restart (503), %d failed\n",
                c.syncSent, c.syncEchoed, c.syncCut, c.syncFailed);
    std::printf("  events:    %d published, %d deliveries\n", c.eventsPublished, c.eventsDelivered);
    std::printf("  reconnects: %d\n", c.reconnects);
    std::printf("  hostile:   %d connections, %d closed by the emulator, %d still open\n",
                hostile.opened(), hostile.closedByEmulator(), hostile.stillOpen());
    std::printf("  peers:     %d rounds: %d two-name calls 404 after the close, %d connect/close "
                "cycles, %d of %d silent upgrades closed by the emulator, %d web-page origins "
                "refused, %lld bad callbacks, %lld Pings from a function that reads nothing, "
                "%lld bytes of a sync body taken for it, %d of %d peers sending a 60 MB Ping "
                "frame or an unfinished message closed by the emulator\n",
                peers.rounds(), peers.twoNameCalls404(), peers.cycles(),
                peers.silentClosedByEmulator(), peers.silentOpened(), peers.originsRefused(),
                peers.badCallbacks(), peers.deafPings(), peers.deafSyncBytesTaken(),
                peers.hoardersClosedByEmulator(), peers.hoardersOpened());
    std::printf("  emulator:  RSS %lld KiB -> %lld KiB, descriptors %d -> %d, %s\n",
                emulatorStart.rssKiB, emulatorEnd.rssKiB, emulatorStart.fds, emulatorEnd.fds,
                emulatorAlive ? "running" : "DIED");
    std::printf("  soak:      RSS %lld KiB -> %lld KiB, descriptors %d -> %d\n", selfStart.rssKiB,
                selfEnd.rssKiB, selfStart.fds, selfEnd.fds);
    std::fflush(stdout);
    emulator.terminate();
    emulator.waitForFinished(5000);
    return lost == 0 && c.duplicated == 0 && c.syncFailed == 0 && emulatorAlive ? 0 : 1;
}
