// SPDX-License-Identifier: MIT
#include "benchrunner.h"

#include <QtCore/qcoreapplication.h>
#include <QtCore/qdatetime.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qprocess.h>
#include <QtCore/qsysinfo.h>

#include <cstdio>

namespace {
constexpr int ProcessTimeout = 120000;

QJsonObject lastJsonLine(const QByteArray &output)
{
    const QList<QByteArray> lines = output.trimmed().split('\n');
    for (auto it = lines.crbegin(); it != lines.crend(); ++it) {
        const QJsonDocument document = QJsonDocument::fromJson(*it);
        if (document.isObject())
            return document.object();
    }
    return {};
}

QString sizeName(int bytes)
{
    if (bytes >= 1024 * 1024)
        return QStringLiteral("%1 MiB").arg(bytes / (1024 * 1024));
    if (bytes >= 1024)
        return QStringLiteral("%1 KiB").arg(bytes / 1024);
    return QStringLiteral("%1 B").arg(bytes);
}

void print(const QString &line)
{
    const QByteArray bytes = line.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

// The figure a row compares, and whether more is better.
QString figureOf(const QString &kind)
{
    if (kind == QLatin1String("sync"))
        return QStringLiteral("megabytesPerSecond");
    if (kind == QLatin1String("memory"))
        return QStringLiteral("bytesPerPending");
    return QStringLiteral("perSecond");
}
} // namespace

BenchRunner::BenchRunner(const Options &options)
    : options(options), program(QCoreApplication::applicationFilePath())
{ }

BenchWire::Scenario BenchRunner::scenario(const QString &kind, int bodySize, int inFlight) const
{
    BenchWire::Scenario s;
    s.kind = kind;
    s.bodySize = bodySize;
    s.inFlight = inFlight;
    s.warmup = options.quick ? 0.2 : 0.5;
    s.seconds = options.quick ? 0.5 : 2.0;
    s.count = options.quick ? 10000 : 100000;
    return s;
}

QJsonObject BenchRunner::measure(const BenchWire::Scenario &s, const QString &answerer)
{
    QProcess server;
    server.start(program,
                 QStringList{ QStringLiteral("--role"), QStringLiteral("server") }
                         + s.toArguments());
    QByteArray greeting;
    while (!greeting.contains('\n') && server.waitForReadyRead(ProcessTimeout))
        greeting += server.readAllStandardOutput();
    const int port = greeting.trimmed().split(' ').value(1).toInt();
    if (port <= 0) {
        server.kill();
        server.waitForFinished();
        return { { QLatin1String("error"), QStringLiteral("the load server did not start") } };
    }

    QProcess function;
    function.start(program,
                   QStringList{ QStringLiteral("--role"), answerer, QStringLiteral("--url"),
                                QStringLiteral("ws://127.0.0.1:%1/ws").arg(port) }
                           + s.toArguments());
    const bool functionDone = function.waitForFinished(ProcessTimeout);
    const bool serverDone = server.waitForFinished(ProcessTimeout);
    if (!functionDone || !serverDone) {
        function.kill();
        server.kill();
        function.waitForFinished();
        server.waitForFinished();
        return { { QLatin1String("error"), QStringLiteral("timed out") } };
    }
    // Async and sync are measured where requests start and end, in the server; the
    // answerer always reports its own memory.
    QJsonObject result = lastJsonLine(function.readAllStandardOutput());
    const QJsonObject measuredByServer = lastJsonLine(greeting + server.readAllStandardOutput());
    for (auto it = measuredByServer.begin(); it != measuredByServer.end(); ++it)
        result.insert(it.key(), it.value());
    return result;
}

QJsonObject BenchRunner::compare(const BenchWire::Scenario &s)
{
    const QString figure = figureOf(s.kind);
    const bool lessIsBetter = s.kind == QLatin1String("memory");
    const auto better = [&](const QJsonObject &a, const QJsonObject &b) {
        if (b.isEmpty() || b.contains(QLatin1String("error")))
            return true;
        const double x = a.value(figure).toDouble(), y = b.value(figure).toDouble();
        return lessIsBetter ? x < y : x > y;
    };
    QJsonObject client, bare;
    for (int round = 0; round < options.rounds; ++round) {
        const QJsonObject c = measure(s, QStringLiteral("client"));
        if (better(c, client))
            client = c;
        const QJsonObject b = measure(s, QStringLiteral("bare"));
        if (better(b, bare))
            bare = b;
    }
    const double baseline = bare.value(figure).toDouble();
    const double measured = client.value(figure).toDouble();
    // Client over baseline: above 1 is better for rates, worse for memory.
    const double ratio = baseline > 0 && measured > 0 ? measured / baseline : 0;
    return { { QLatin1String("kind"), s.kind },         { QLatin1String("bodySize"), s.bodySize },
             { QLatin1String("inFlight"), s.inFlight }, { QLatin1String("figure"), figure },
             { QLatin1String("client"), client },       { QLatin1String("bare"), bare },
             { QLatin1String("ratio"), ratio } };
}

int BenchRunner::run()
{
    QList<BenchWire::Scenario> plan;
    const auto wanted = [&](const char *kind) {
        return options.only.isEmpty() || options.only.contains(QLatin1String(kind));
    };
    if (wanted("async")) {
        for (int size : { 256, 16 * 1024 })
            for (int inFlight : { 1, 10, 100 })
                plan.append(scenario(QStringLiteral("async"), size, inFlight));
    }
    if (wanted("events")) {
        for (int size : { 256, 16 * 1024 })
            plan.append(scenario(QStringLiteral("events"), size));
    }
    if (wanted("sync")) {
        for (int size : { 16 * 1024, 1024 * 1024, 8 * 1024 * 1024 })
            plan.append(scenario(QStringLiteral("sync"), size));
    }
    if (wanted("memory"))
        plan.append(scenario(QStringLiteral("memory"), 256));

    QJsonArray rows;
    for (const BenchWire::Scenario &s : std::as_const(plan)) {
        if (!options.json)
            std::fprintf(stderr, "measuring %s %s x%d...\n", qPrintable(s.kind),
                         qPrintable(sizeName(s.bodySize)), s.inFlight);
        rows.append(compare(s));
    }
    if (options.json) {
        const QJsonObject report{ { QLatin1String("date"),
                                    QDateTime::currentDateTimeUtc().toString(Qt::ISODate) },
                                  { QLatin1String("machine"), QSysInfo::prettyProductName() },
                                  { QLatin1String("quick"), options.quick },
                                  { QLatin1String("rows"), rows } };
        print(QString::fromUtf8(QJsonDocument(report).toJson(QJsonDocument::Indented)));
    } else {
        printTable(rows);
    }
    return 0;
}

void BenchRunner::printTable(const QJsonArray &rows) const
{
    const auto number = [](double value, int precision = 0) {
        return QString::number(value, 'f', precision);
    };
    const auto latency = [&](const QJsonObject &r) {
        return QStringLiteral("%1/%2/%3")
                .arg(number(r.value(QLatin1String("p50Ms")).toDouble(), 2),
                     number(r.value(QLatin1String("p99Ms")).toDouble(), 2),
                     number(r.value(QLatin1String("maxMs")).toDouble(), 1));
    };
    const auto peakGrowth = [&](const QJsonObject &r) {
        return (r.value(QLatin1String("peakResident")).toDouble()
                - r.value(QLatin1String("residentWhenReady")).toDouble())
                / (1024 * 1024);
    };
    print(QStringLiteral("%1 %2 %3 %4  %5  %6")
                  .arg(QStringLiteral("case"), -24)
                  .arg(QStringLiteral("client"), 12)
                  .arg(QStringLiteral("bare"), 12)
                  .arg(QStringLiteral("ratio"), 6)
                  .arg(QStringLiteral("latency ms p50/p99/max client | bare"), -40)
                  .arg(QStringLiteral("server alone")));
    for (const QJsonValue &value : rows) {
        const QJsonObject row = value.toObject();
        const QJsonObject client = row.value(QLatin1String("client")).toObject();
        const QJsonObject bare = row.value(QLatin1String("bare")).toObject();
        const QString kind = row.value(QLatin1String("kind")).toString();
        const QString figure = row.value(QLatin1String("figure")).toString();
        QString name = QStringLiteral("%1 %2").arg(
                kind, sizeName(row.value(QLatin1String("bodySize")).toInt()));
        QString unit = QStringLiteral("/s");
        QString detail, ceiling;
        if (kind == QLatin1String("async")) {
            name += QStringLiteral(" x%1").arg(row.value(QLatin1String("inFlight")).toInt());
            detail = latency(client) + QStringLiteral(" | ") + latency(bare);
        } else if (kind == QLatin1String("sync")) {
            unit = QStringLiteral("MB/s");
            detail = latency(client) + QStringLiteral(" | ") + latency(bare);
            detail += QStringLiteral("  peak RSS +%1 | +%2 MiB")
                              .arg(number(peakGrowth(client), 1), number(peakGrowth(bare), 1));
        } else if (kind == QLatin1String("memory")) {
            name = QStringLiteral("memory %1 pending, %2")
                           .arg(client.value(QLatin1String("pending")).toInt())
                           .arg(sizeName(row.value(QLatin1String("bodySize")).toInt()));
            unit = QStringLiteral("B each");
        }
        if (kind == QLatin1String("async") || kind == QLatin1String("sync")) {
            ceiling = number(qMin(client.value(QLatin1String("serverCeilingPerSecond")).toDouble(),
                                  bare.value(QLatin1String("serverCeilingPerSecond")).toDouble()))
                    + QStringLiteral("/s");
        }
        const auto cell = [&](const QJsonObject &r) {
            if (r.contains(QLatin1String("error")))
                return r.value(QLatin1String("error")).toString();
            return number(r.value(figure).toDouble(), kind == QLatin1String("sync") ? 1 : 0)
                    + QLatin1Char(' ') + unit;
        };
        print(QStringLiteral("%1 %2 %3 %4  %5  %6")
                      .arg(name, -24)
                      .arg(cell(client), 12)
                      .arg(cell(bare), 12)
                      .arg(number(row.value(QLatin1String("ratio")).toDouble(), 2), 6)
                      .arg(detail, -40)
                      .arg(ceiling));
    }
}
