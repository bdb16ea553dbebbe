// SPDX-License-Identifier: MIT
// slimfaas-bench: how fast SlimFaasClient is next to the least any QWebSocket answerer
// could do, against the same flood server that plays SlimFaas on loopback.
//
//   slimfaas-bench            # every measurement, one table (about a minute and a half)
//   slimfaas-bench --quick    # shorter windows, for a smoke run
//   slimfaas-bench --json     # the same figures for scripts
//
// The program also plays the parts it measures (--role server|client|bare): the runner
// starts each as a process of its own so that none steals the other's CPU.

#include "answerers.h"
#include "benchrunner.h"
#include "loadserver.h"

#include <QtCore/qcommandlineparser.h>
#include <QtCore/qcoreapplication.h>
#include <QtCore/qjsondocument.h>

#include <cstdio>

namespace {
void printJsonLine(const QJsonObject &object)
{
    const QByteArray json = QJsonDocument(object).toJson(QJsonDocument::Compact);
    std::fwrite(json.constData(), 1, size_t(json.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("slimfaas-bench"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
            "Measures SlimFaasClient (async round trips, events, sync streaming, memory) "
            "against a flood server playing SlimFaas on loopback, beside a bare QWebSocket "
            "answerer measured in the same run."));
    parser.addHelpOption();
    const QCommandLineOption quickOption(QStringLiteral("quick"),
                                         QStringLiteral("Short windows and 10 000 pending "
                                                        "requests instead of 100 000."));
    const QCommandLineOption jsonOption(QStringLiteral("json"),
                                        QStringLiteral("Print the figures as JSON."));
    const QCommandLineOption roundsOption(
            QStringLiteral("rounds"),
            QStringLiteral("Run each client/bare pair this many times, keep the best of each "
                           "(default 1)."),
            QStringLiteral("n"), QStringLiteral("1"));
    const QCommandLineOption onlyOption(
            QStringLiteral("only"),
            QStringLiteral("Run only these kinds: async, events, sync, memory; repeatable."),
            QStringLiteral("kind"));
    // The parts the runner starts; useful by hand to profile one side.
    const QCommandLineOption roleOption(
            QStringLiteral("role"),
            QStringLiteral("Play one part instead of running everything: \"server\" (the load "
                           "server: prints its port, then its figures), \"client\" "
                           "(SlimFaasClient as the function) or \"bare\" (the baseline)."),
            QStringLiteral("role"));
    const QCommandLineOption urlOption(QStringLiteral("url"),
                                       QStringLiteral("Load server to connect to (client, bare)."),
                                       QStringLiteral("url"));
    const QCommandLineOption scenarioOption(
            QStringLiteral("scenario"),
            QStringLiteral("With --role: async, events, sync or memory (default async)."),
            QStringLiteral("kind"), QStringLiteral("async"));
    const QCommandLineOption bodyOption(QStringLiteral("body-size"),
                                        QStringLiteral("With --role: body bytes (default 256)."),
                                        QStringLiteral("bytes"), QStringLiteral("256"));
    const QCommandLineOption inFlightOption(
            QStringLiteral("in-flight"),
            QStringLiteral("With --role: async requests the server keeps in flight, or that the "
                           "client takes at once (its numberParallelRequest) (default 1)."),
            QStringLiteral("n"), QStringLiteral("1"));
    const QCommandLineOption countOption(
            QStringLiteral("count"),
            QStringLiteral("With --role: requests left pending by the memory scenario "
                           "(default 100000)."),
            QStringLiteral("n"), QStringLiteral("100000"));
    const QCommandLineOption warmupOption(
            QStringLiteral("warmup"),
            QStringLiteral("With --role: seconds before measuring (default 0.5)."),
            QStringLiteral("seconds"), QStringLiteral("0.5"));
    const QCommandLineOption secondsOption(
            QStringLiteral("seconds"), QStringLiteral("With --role: seconds measured (default 2)."),
            QStringLiteral("seconds"), QStringLiteral("2"));
    parser.addOptions({ quickOption, jsonOption, roundsOption, onlyOption, roleOption, urlOption,
                        scenarioOption, bodyOption, inFlightOption, countOption, warmupOption,
                        secondsOption });
    parser.process(app);

    const QString role = parser.value(roleOption);
    if (role.isEmpty()) {
        BenchRunner::Options options;
        options.quick = parser.isSet(quickOption);
        options.json = parser.isSet(jsonOption);
        options.rounds = qMax(1, parser.value(roundsOption).toInt());
        options.only = parser.values(onlyOption);
        return BenchRunner(options).run();
    }

    BenchWire::Scenario scenario;
    scenario.kind = parser.value(scenarioOption);
    scenario.bodySize = qMax(0, parser.value(bodyOption).toInt());
    scenario.inFlight = qMax(1, parser.value(inFlightOption).toInt());
    scenario.count = qMax(1, parser.value(countOption).toInt());
    scenario.warmup = qMax(0.0, parser.value(warmupOption).toDouble());
    scenario.seconds = qMax(0.1, parser.value(secondsOption).toDouble());
    const QStringList kinds{ QStringLiteral("async"), QStringLiteral("events"),
                             QStringLiteral("sync"), QStringLiteral("memory") };
    if (!kinds.contains(scenario.kind)) {
        std::fprintf(stderr, "slimfaas-bench: unknown scenario \"%s\"\n",
                     qPrintable(scenario.kind));
        return 2;
    }

    if (role == QLatin1String("server")) {
        LoadServer server(scenario);
        if (!server.listen()) {
            std::fprintf(stderr, "slimfaas-bench: cannot listen on loopback\n");
            return 1;
        }
        QObject::connect(&server, &LoadServer::measured, &app, printJsonLine);
        QObject::connect(&server, &LoadServer::functionLeft, &app, &QCoreApplication::quit,
                         Qt::QueuedConnection);
        std::printf("listening %u\n", unsigned(server.port()));
        std::fflush(stdout);
        return app.exec();
    }

    Answerer *answerer = nullptr;
    if (role == QLatin1String("client"))
        answerer = new ClientAnswerer(scenario, &app);
    else if (role == QLatin1String("bare"))
        answerer = new BareAnswerer(scenario, &app);
    if (!answerer || !parser.isSet(urlOption)) {
        std::fprintf(stderr,
                     "slimfaas-bench: --role must be server, client or bare, and "
                     "client and bare need --url\n");
        return 2;
    }
    QObject::connect(answerer, &Answerer::finished, &app, [](const QJsonObject &result) {
        printJsonLine(result);
        QCoreApplication::quit();
    });
    answerer->start(QUrl(parser.value(urlOption)));
    return app.exec();
}
