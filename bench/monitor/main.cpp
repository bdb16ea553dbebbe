// SPDX-License-Identifier: MIT
// slimfaas-monitor-bench: measures what the README states about slimfaas-monitor.
//
//   slimfaas-monitor-bench [--rate 10000] [--seconds 20] [--records 1000000] [--no-live]
//                          [--live-only]
//
//  1. ingest: records appended to the traffic model per second, with and without the
//     filter proxy, and protocol messages turned into records per second;
//  2. memory: bytes per kept record beyond its body (glibc's allocator statistics);
//  3. filter: time to filter 1 000 000 records by text, by kind and back to everything;
//  4. live: the monitor's window registered on a slimfaas-emulator process, fed async
//     requests by HTTP callers (httpcallers.h) on another thread at --rate messages/s (a
//     request and its callback are two messages) for --seconds; reports the longest
//     event-loop stall, the CPU time per message of the GUI thread, the callers and the
//     emulator, and checks that every message is in the model.
// Run it with QT_QPA_PLATFORM=offscreen on a machine without a display.

#include "httpcallers.h"

#include <inboxmodel.h>
#include <mainwindow.h>
#include <messagejson.h>
#include <monitorsession.h>
#include <trafficfilter.h>
#include <trafficmodel.h>

#include <QtCore/qcommandlineparser.h>
#include <QtCore/qdeadlinetimer.h>
#include <QtCore/qelapsedtimer.h>
#include <QtCore/qeventloop.h>
#include <QtCore/qfile.h>
#include <QtCore/qprocess.h>
#include <QtCore/qthread.h>
#include <QtCore/qtimer.h>
#include <QtNetwork/qtcpserver.h>
#include <QtWidgets/qapplication.h>
#include <QtWidgets/qtableview.h>

#include <malloc.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>

using SlimFaasProtocol::MessageType;

namespace {

// A typical async request as SlimFaas sends it: a JSON body and a Content-Type.
QByteArray asyncRequestMessage(int i, const QByteArray &body)
{
    SlimFaasAsyncRequest request;
    request.setElementId(
            QStringLiteral("0b9d6f8e-1c2a-4f3b-9d7e-%1").arg(i, 12, 10, QLatin1Char('0')));
    request.setMethod(QStringLiteral("POST"));
    request.setPath(QStringLiteral("orders/%1").arg(i % 1000));
    request.setQuery(QStringLiteral("?priority=high"));
    request.setHeaders(
            { { QStringLiteral("Content-Type"), { QStringLiteral("application/json") } } });
    request.setBody(body);
    request.setHasBody(true);
    request.setTryNumber(1);
    request.setLastTry(true);
    return SlimFaasProtocol::encodeEnvelope(MessageType::AsyncRequest, request.elementId(),
                                            SlimFaasProtocol::asyncRequestPayload(request));
}

QList<TrafficRecord> makeRecords(int count, const QByteArray &body)
{
    QList<TrafficRecord> records;
    records.reserve(count);
    for (int i = 0; i < count; ++i) {
        const bool callback = i % 2;
        const QString id
                = QStringLiteral("0b9d6f8e-1c2a-4f3b-9d7e-%1").arg(i / 2, 12, 10, QLatin1Char('0'));
        const QByteArray message = callback
                ? SlimFaasProtocol::encodeEnvelope(
                        MessageType::AsyncCallback, id,
                        QJsonObject{ { QLatin1String("elementId"), id },
                                     { QLatin1String("statusCode"), (i / 2) % 10 ? 200 : 503 } })
                : asyncRequestMessage(i / 2, body);
        records << *TrafficRecord::fromJson(describeMessage(
                callback ? "out" : "in",
                callback ? MessageType::AsyncCallback : MessageType::AsyncRequest, id, message));
    }
    return records;
}

void ingest(int count)
{
    const QByteArray body = QByteArrayLiteral("{\"order\":42,\"lines\":[1,2,3]}");
    // Decoding: what the monitor does per message before the model sees it, and the way
    // through a JSON line that it took before (as slimfaas-tap prints them).
    {
        const QByteArray message = asyncRequestMessage(7, body);
        const int n = 200000;
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < n; ++i) {
            const TrafficRecord record = TrafficRecord::fromMessage(
                    TrafficRecord::In, MessageType::AsyncRequest, QStringLiteral("x"), message, 0);
            Q_UNUSED(record);
        }
        const qint64 direct = qMax<qint64>(1, timer.restart());
        for (int i = 0; i < n / 4; ++i) {
            const auto record = TrafficRecord::fromJson(
                    describeMessage("in", MessageType::AsyncRequest, QStringLiteral("x"), message));
            Q_UNUSED(record);
        }
        const qint64 throughJson = qMax<qint64>(1, timer.elapsed());
        std::printf("decode: %.0f messages/s turned into records (TrafficRecord::fromMessage); "
                    "%.0f/s through a JSON line (describeMessage + fromJson)\n",
                    n * 1000.0 / direct, n / 4 * 1000.0 / throughJson);
    }
    const QList<TrafficRecord> records = makeRecords(count, body);
    for (bool withProxy : { false, true }) {
        TrafficModel model;
        TrafficFilter filter;
        if (withProxy)
            filter.setSourceModel(&model);
        QElapsedTimer timer;
        timer.start();
        // Batches as they come in live: a few hundred messages per event-loop turn.
        for (int i = 0; i < count; ++i) {
            model.append(records.at(i));
            if (i % 500 == 499)
                model.flush();
        }
        model.flush();
        const qint64 ms = qMax<qint64>(1, timer.elapsed());
        std::printf("ingest%s: %d records in %lld ms, %.0f records/s\n",
                    withProxy ? " (with filter proxy)" : "", count, ms, count * 1000.0 / ms);
    }
}

void memory(int count)
{
    const QByteArray body = QByteArrayLiteral("{\"order\":42,\"lines\":[1,2,3]}");
    const QList<TrafficRecord> source = makeRecords(2, body);
    // Small blocks come from the heap (uordblks), the model's large arrays from mmap (hblkhd).
    auto allocated = [] {
        const struct mallinfo2 info = mallinfo2();
        return info.uordblks + info.hblkhd;
    };
    malloc_trim(0);
    const size_t before = allocated();
    {
        TrafficModel model;
        // Records that do not share their bytes with each other, as live ones do not.
        for (int i = 0; i < count; ++i)
            model.append(*TrafficRecord::fromJson(source.at(i % 2).toJson()));
        model.flush();
        const size_t after = allocated();
        qint64 bodies = 0;
        for (int i = 0; i < model.rowCount(); ++i)
            bodies += model.record(i).bodyView().size();
        const double perRecord = double(after - before) / count;
        std::printf("memory: %.0f bytes per record in total, %.0f beyond the body "
                    "(%d records, half async requests with a %lld-byte body, half callbacks)\n",
                    perRecord, perRecord - double(bodies) / count, count, qlonglong(body.size()));
    }
}

void filtering(int count)
{
    const QList<TrafficRecord> records = makeRecords(count, QByteArrayLiteral("{\"a\":1}"));
    TrafficModel model;
    for (const TrafficRecord &record : records)
        model.append(record);
    model.flush();
    TrafficFilter filter;
    filter.setSourceModel(&model);
    auto timed = [&](const char *what, auto &&change) {
        QElapsedTimer timer;
        timer.start();
        change();
        const int shown = filter.rowCount();
        std::printf("filter %s over %d records: %lld ms, %d shown\n", what, count, timer.elapsed(),
                    shown);
    };
    timed("text \"orders/99\"", [&] { filter.setText(QStringLiteral("orders/99")); });
    timed("text \"ORDERS/4\" (case)", [&] { filter.setText(QStringLiteral("ORDERS/4")); });
    timed("status 500-599", [&] {
        filter.setFilter(QString(), TrafficFilter::AnyKind, TrafficFilter::AnyDirection, 500, 599);
    });
    timed("kind async, direction in", [&] {
        filter.setFilter(QString(), TrafficFilter::AsyncKind, TrafficFilter::Incoming, 0, 0);
    });
    timed("cleared", [&] {
        filter.setFilter(QString(), TrafficFilter::AnyKind, TrafficFilter::AnyDirection, 0, 0);
    });
}

// CPU time the calling thread has used.
qint64 threadCpuMsecs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return qint64(now.tv_sec) * 1000 + now.tv_nsec / 1000000;
}

// Runs the event loop until done() or msecs pass, checking every 20 ms.
template<typename Done> bool waitFor(Done done, int msecs)
{
    const QDeadlineTimer deadline(msecs);
    QEventLoop loop;
    QTimer check;
    check.setInterval(20);
    QObject::connect(&check, &QTimer::timeout, &loop, [&] {
        if (done() || deadline.hasExpired())
            loop.quit();
    });
    check.start();
    if (!done())
        loop.exec();
    return done();
}

quint16 freePort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

// CPU time of a process (user and system), from /proc; -1 when unknown.
qint64 processCpuMsecs(qint64 pid)
{
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray stat = file.readAll();
    // After the command name in parentheses: state, then utime and stime as fields 12, 13.
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return -1;
    return (fields.at(11).toLongLong() + fields.at(12).toLongLong()) * 1000 / sysconf(_SC_CLK_TCK);
}

// CPU time the whole machine has spent busy (every core, any process), from /proc/stat.
qint64 machineBusyMsecs()
{
    QFile file(QStringLiteral("/proc/stat"));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    // cpu user nice system idle iowait irq softirq steal …
    const QList<QByteArray> fields = file.readLine().simplified().split(' ');
    if (fields.size() < 9)
        return -1;
    qint64 busy = 0;
    for (int i = 1; i <= 8; ++i) {
        if (i != 4 && i != 5) // idle, iowait
            busy += fields.at(i).toLongLong();
    }
    return busy * 1000 / sysconf(_SC_CLK_TCK);
}

QByteArray loadAverage()
{
    QFile file(QStringLiteral("/proc/loadavg"));
    return file.open(QIODevice::ReadOnly) ? file.readAll().split(' ').value(0) : QByteArray("?");
}

qint64 ownProcessCpuMsecs()
{
    timespec now{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return qint64(now.tv_sec) * 1000 + now.tv_nsec / 1000000;
}

int live(int rate, int seconds)
{
    const quint16 wsPort = freePort();
    const quint16 httpPort = freePort();
    QProcess emulator;
    emulator.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    emulator.start(QStringLiteral(SLIMFAAS_EMULATOR_PATH),
                   { QStringLiteral("--host"), QStringLiteral("127.0.0.1"),
                     QStringLiteral("--ws-port"), QString::number(wsPort),
                     QStringLiteral("--http-port"), QString::number(httpPort),
                     QStringLiteral("--quiet") });
    if (!emulator.waitForStarted()) {
        std::fprintf(stderr, "cannot start slimfaas-emulator\n");
        return 1;
    }
    waitFor([] { return false; }, 500);

    MainWindow window;
    AnswerRule answer;
    answer.action = AnswerRule::AnswerStatus;
    answer.status = 200;
    AnswerRules rules;
    rules.setRules({ answer });
    window.session()->setRules(rules);
    ConnectionSettings connection;
    connection.url = QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(wsPort));
    connection.config.setFunctionName(QStringLiteral("bench"));
    connection.config.setNumberParallelRequest(1000);
    connection.config.setNumberParallelRequestPerPod(1000);
    window.openConnection(connection);
    window.show();
    if (!window.session()->client()->waitForReady(10000)) {
        std::fprintf(stderr, "the monitor did not register\n");
        return 1;
    }

    // The longest gap between two ticks of a 5 ms timer, beyond its 5 ms: the longest time
    // the event loop (and so the window) did not respond.
    // Stalls over 100 ms are counted too: one is an accident, many are a problem. The
    // thread's CPU time during the longest one tells work (the loop was busy) from
    // starvation (the machine did not run the thread).
    QElapsedTimer sinceTick;
    qint64 longestStall = 0;
    qint64 longestStallCpu = 0;
    qint64 longestBusy = 0; // the most CPU the thread used between two ticks
    int longStalls = 0;
    qint64 lastCpu = threadCpuMsecs();
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(5);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        const qint64 stall = sinceTick.restart() - 5;
        const qint64 cpu = threadCpuMsecs();
        if (stall > longestStall) {
            longestStall = stall;
            longestStallCpu = cpu - lastCpu;
        }
        longestBusy = qMax(longestBusy, cpu - lastCpu);
        lastCpu = cpu;
        longStalls += stall >= 100;
    });
    // The same probe on the idle window first: what the machine itself costs (a loaded
    // machine preempts the process now and then, whatever it runs).
    sinceTick.start();
    probe.start();
    waitFor([] { return false; }, 3000);
    std::printf("live: idle baseline, longest event-loop stall %lld ms in 3 s\n", longestStall);
    longestStall = 0;
    longestBusy = 0;
    longStalls = 0;

    const int requestsPerSecond = rate / 2; // each request is a request and a callback
    QThread callerThread;
    HttpCallers callers(httpPort, "/async-function/bench/orders/1", requestsPerSecond, seconds);
    callers.moveToThread(&callerThread);
    callerThread.start();
    const qint64 before = window.session()->messagesReceived() + window.session()->messagesSent();
    const qint64 guiCpuBefore = threadCpuMsecs();
    const qint64 processCpuBefore = ownProcessCpuMsecs();
    const qint64 emulatorCpuBefore = processCpuMsecs(emulator.processId());
    const qint64 machineBefore = machineBusyMsecs();
    const QByteArray loadBefore = loadAverage();
    QElapsedTimer elapsed;
    elapsed.start();
    QMetaObject::invokeMethod(&callers, [&callers] { callers.start(); });
    // Until every request has been sent and answered, and every one the emulator accepted
    // has been delivered and called back (the monitor's messages sent, less its Register),
    // or 30 s past the end.
    waitFor(
            [&] {
                return callers.answered >= callers.total()
                        && window.session()->messagesSent() - 1
                        >= callers.answered - callers.failed;
            },
            (seconds + 30) * 1000);
    const qint64 ms = elapsed.elapsed();
    probe.stop();
    const qint64 guiCpu = threadCpuMsecs() - guiCpuBefore;
    const qint64 emulatorCpu = processCpuMsecs(emulator.processId()) - emulatorCpuBefore;
    const qint64 machineBusy = machineBusyMsecs() - machineBefore;
    QMetaObject::invokeMethod(
            &callers, [&callers] { callers.stop(); }, Qt::BlockingQueuedConnection);
    callerThread.quit();
    callerThread.wait();
    const qint64 benchCpu = ownProcessCpuMsecs() - processCpuBefore;
    const qint64 otherCpu = benchCpu - guiCpu - callers.cpuMsecs;

    window.traffic()->flush();
    const qint64 messages
            = window.session()->messagesReceived() + window.session()->messagesSent() - before;
    const qint64 inModel = window.traffic()->rowCount();
    const qint64 total = window.session()->messagesReceived() + window.session()->messagesSent();
    std::printf("live: %d requests sent (%d not accepted by the emulator), the last at %lld ms "
                "(planned %d ms; %d ticks at %d in flight), %lld messages in %lld ms = %.0f "
                "messages/s\n",
                int(callers.sent), int(callers.failed), qlonglong(callers.lastSentMsecs),
                seconds * 1000, int(callers.behindTicks), HttpCallers::MaximumInFlight, messages,
                ms, messages * 1000.0 / qMax<qint64>(1, ms));
    // CPU time per message tells what limits the rate on a loaded machine, where wall-clock
    // figures depend on who else runs.
    const double perMessage = 1000.0 / qMax<qint64>(1, messages);
    std::printf("live: CPU time: the GUI thread %lld ms (%.1f us per message), the callers' "
                "thread %lld ms (%.1f us per message), the emulator process %lld ms (%.1f us per "
                "message), other threads of the bench %lld ms\n",
                guiCpu, guiCpu * perMessage, qlonglong(callers.cpuMsecs),
                callers.cpuMsecs * perMessage, emulatorCpu, emulatorCpu * perMessage, otherCpu);
    // What else ran meanwhile: on a shared machine, stalls come from there.
    const double capacity = double(qMax<qint64>(1, ms)) * QThread::idealThreadCount() / 100.0;
    std::printf("live: the machine: load average %s at the start, %s at the end; its %d cores "
                "%.0f %% busy during the run, %.0f %% with other processes than the bench "
                "and the emulator\n",
                loadBefore.constData(), loadAverage().constData(), QThread::idealThreadCount(),
                machineBusy / capacity, (machineBusy - benchCpu - emulatorCpu) / capacity);
    std::printf(
            "live: longest event-loop stall %lld ms (the GUI thread ran %lld ms of it), "
            "%d stalls of 100 ms or more; longest busy turn %lld ms of CPU; %lld of %lld messages "
            "in the model (%s)\n",
            longestStall, longestStallCpu, longStalls, longestBusy, inModel, total,
            inModel == total ? "all" : "MISSING SOME");
    window.close();
    emulator.terminate();
    emulator.waitForFinished();
    return inModel == total ? 0 : 1;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Measures slimfaas-monitor's ingest rate, "
                                                    "memory per record, filter time and "
                                                    "responsiveness under live load."));
    parser.addHelpOption();
    const QCommandLineOption rateOption(QStringLiteral("rate"),
                                        QStringLiteral("Live messages per second (default 10000)."),
                                        QStringLiteral("n"), QStringLiteral("10000"));
    const QCommandLineOption secondsOption(QStringLiteral("seconds"),
                                           QStringLiteral("Live load duration (default 20)."),
                                           QStringLiteral("s"), QStringLiteral("20"));
    const QCommandLineOption recordsOption(
            QStringLiteral("records"),
            QStringLiteral("Records for the ingest, memory and filter runs (default 1000000)."),
            QStringLiteral("n"), QStringLiteral("1000000"));
    const QCommandLineOption skipLiveOption(QStringLiteral("no-live"),
                                            QStringLiteral("Skip the live run."));
    const QCommandLineOption liveOnlyOption(
            QStringLiteral("live-only"),
            QStringLiteral("Only the live run (to profile it without the other runs)."));
    parser.addOptions({ rateOption, secondsOption, recordsOption, skipLiveOption, liveOnlyOption });
    parser.process(app);
    const int records = qMax(1000, parser.value(recordsOption).toInt());

    std::printf("Qt %s, %d cores\n", qVersion(), QThread::idealThreadCount());
    if (!parser.isSet(liveOnlyOption)) {
        ingest(records);
        memory(records);
        filtering(records);
    }
    std::fflush(stdout);
    if (parser.isSet(skipLiveOption))
        return 0;
    return live(qMax(2, parser.value(rateOption).toInt()),
                qMax(1, parser.value(secondsOption).toInt()));
}
