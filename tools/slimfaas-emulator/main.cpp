// slimfaas-emulator: the SlimFaas side of the WebSocket protocol, on this machine.
//
//   slimfaas-emulator                      # ws://127.0.0.1:5003/ws and http://127.0.0.1:30021
//   curl -X POST http://127.0.0.1:30021/async-function/my-job/hello -d '{"x":1}'
//
// It behaves as SlimFaas does, traps included, and says so when a function walks into one
// (a warning line; with --log-json, a "warning" event).

#include <slimfaasemulator.h>
#include <slimfaastranslation.h>
#include <terminationsignals.h>

#include <QtCore/qcommandlineparser.h>
#include <QtCore/qcoreapplication.h>
#include <QtCore/qdatetime.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qloggingcategory.h>

#include <climits>
#include <cstdio>
#include <functional>

namespace {

// Messages users read: translatable (translations/).
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(SlimFaasEmulatorTool)
};

void printLine(const QJsonObject &fields)
{
    QJsonObject line = fields;
    line.insert(QLatin1String("time"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    const QByteArray json = QJsonDocument(line).toJson(QJsonDocument::Compact);
    std::fwrite(json.constData(), 1, size_t(json.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

using Fields = std::initializer_list<QPair<QString, QJsonValue>>;

void printEvent(const char *name, Fields fields)
{
    QJsonObject line(fields);
    line.insert(QLatin1String("event"), QLatin1String(name));
    printLine(line);
}

// --log-json: one JSON object per line on stdout for everything the emulator observes.
void logAsJsonLines(SlimFaasEmulator *e)
{
    using P = SlimFaasProtocol::MessageType;
    const QString function
            = QStringLiteral("function"),
            connection = QStringLiteral("connectionId"), element = QStringLiteral("elementId"),
            correlation = QStringLiteral("correlationId"), status = QStringLiteral("statusCode");
    QObject::connect(e, &SlimFaasEmulator::connectionOpened, e, [=](const QString &id) {
        printEvent("connectionOpened", { { connection, id } });
    });
    QObject::connect(e, &SlimFaasEmulator::functionRegistered, e,
                     [=](const QString &fn, const QString &id) {
                         printEvent("functionRegistered", { { function, fn }, { connection, id } });
                     });
    QObject::connect(e, &SlimFaasEmulator::registrationRefused, e,
                     [=](const QString &fn, const QString &id, const QString &reason) {
                         printEvent("registrationRefused",
                                    { { function, fn },
                                      { connection, id },
                                      { QStringLiteral("reason"), reason } });
                     });
    QObject::connect(e, &SlimFaasEmulator::connectionClosed, e,
                     [=](const QString &fn, const QString &id) {
                         printEvent("connectionClosed", { { function, fn }, { connection, id } });
                     });
    auto message = [=](const char *direction) {
        return [=](const QString &id, P type, const QString &correlationId, const QByteArray &raw) {
            printEvent("message",
                       { { QStringLiteral("direction"), QLatin1String(direction) },
                         { connection, id },
                         { QStringLiteral("type"), SlimFaasProtocol::messageTypeName(type) },
                         { QStringLiteral("typeCode"), int(type) },
                         { correlation, correlationId },
                         { QStringLiteral("size"), int(raw.size()) } });
        };
    };
    QObject::connect(e, &SlimFaasEmulator::messageReceived, e, message("in"));
    QObject::connect(e, &SlimFaasEmulator::messageSent, e, message("out"));
    QObject::connect(e, &SlimFaasEmulator::messageRejected, e,
                     [=](const QString &id, const QString &reason) {
                         printEvent("messageRejected",
                                    { { connection, id }, { QStringLiteral("reason"), reason } });
                     });
    QObject::connect(e, &SlimFaasEmulator::asyncRequestQueued, e,
                     [=](const QString &fn, const QString &elementId, int length) {
                         printEvent("asyncRequestQueued",
                                    { { function, fn },
                                      { element, elementId },
                                      { QStringLiteral("queueLength"), length } });
                     });
    QObject::connect(
            e, &SlimFaasEmulator::queueLengthChanged, e, [=](const QString &fn, int length) {
                printEvent("queueLengthChanged",
                           { { function, fn }, { QStringLiteral("queueLength"), length } });
            });
    QObject::connect(e, &SlimFaasEmulator::asyncRequestDispatched, e,
                     [=](const QString &fn, const QString &elementId, const QString &id,
                         int tryNumber, bool last) {
                         printEvent("asyncRequestDispatched",
                                    { { function, fn },
                                      { element, elementId },
                                      { connection, id },
                                      { QStringLiteral("tryNumber"), tryNumber },
                                      { QStringLiteral("isLastTry"), last } });
                     });
    QObject::connect(
            e, &SlimFaasEmulator::asyncRequestRetryScheduled, e,
            [=](const QString &fn, const QString &elementId, int code, int next, int delay) {
                printEvent("asyncRequestRetryScheduled",
                           { { function, fn },
                             { element, elementId },
                             { status, code },
                             { QStringLiteral("nextTryNumber"), next },
                             { QStringLiteral("delayMs"), delay } });
            });
    QObject::connect(e, &SlimFaasEmulator::asyncRequestCompleted, e,
                     [=](const QString &fn, const QString &elementId, int code, int tryNumber) {
                         printEvent("asyncRequestCompleted",
                                    { { function, fn },
                                      { element, elementId },
                                      { status, code },
                                      { QStringLiteral("tryNumber"), tryNumber } });
                     });
    QObject::connect(e, &SlimFaasEmulator::eventPublished, e, [=](const QString &name, int n) {
        printEvent("eventPublished",
                   { { QStringLiteral("eventName"), name }, { QStringLiteral("deliveries"), n } });
    });
    QObject::connect(
            e, &SlimFaasEmulator::syncRequestStarted, e,
            [=](const QString &fn, const QString &id, const QString &connectionId) {
                printEvent("syncRequestStarted",
                           { { function, fn }, { correlation, id }, { connection, connectionId } });
            });
    QObject::connect(e, &SlimFaasEmulator::syncRequestFinished, e,
                     [=](const QString &fn, const QString &id, int code) {
                         printEvent("syncRequestFinished",
                                    { { function, fn }, { correlation, id }, { status, code } });
                     });
    QObject::connect(e, &SlimFaasEmulator::warningRaised, e,
                     [=](const QString &code, const QString &fn, const QString &text) {
                         printEvent("warning",
                                    { { QStringLiteral("code"), code },
                                      { function, fn },
                                      { QStringLiteral("message"), text } });
                     });
    QObject::connect(e, &SlimFaasEmulator::syncRequestCancelled, e,
                     [=](const QString &fn, const QString &id, const QString &reason) {
                         printEvent("syncRequestCancelled",
                                    { { function, fn },
                                      { correlation, id },
                                      { QStringLiteral("reason"), reason } });
                     });
}

bool parsePort(const QString &text, quint16 *port)
{
    bool ok = false;
    const uint value = text.toUInt(&ok);
    if (!ok || value > 65535)
        return false;
    *port = quint16(value);
    return true;
}

// What callers and functions may hold of the emulator: one option per field of
// SlimFaasEmulatorLimits, its default shown in --help.
struct LimitOption
{
    QCommandLineOption option;
    std::function<void(SlimFaasEmulatorLimits *, qint64)> apply;
};

QList<LimitOption> addLimitOptions(QCommandLineParser *parser)
{
    const SlimFaasEmulatorLimits d;
    auto option = [](const char *name, const QString &description, const QString &valueName,
                     qint64 value) {
        return QCommandLineOption(QLatin1String(name),
                                  description + QLatin1Char(' ')
                                          + Text::tr("(default %1)").arg(value),
                                  valueName, QString::number(value));
    };
    const QString bytes = Text::tr("bytes"), ms = Text::tr("ms");
    const QList<LimitOption> options{
        { option("max-head-size",
                 Text::tr("Largest request line and headers a caller may send; beyond: 431."),
                 bytes, d.maximumRequestHeadSize),
          [](SlimFaasEmulatorLimits *l, qint64 v) {
              l->maximumRequestHeadSize = v;
          } },
        { option("head-timeout",
                 Text::tr("Milliseconds a caller has to send a whole request head; beyond: 408."),
                 ms, d.requestHeadTimeout),
          [](SlimFaasEmulatorLimits *l, qint64 v) {
              l->requestHeadTimeout = int(qMin<qint64>(v, INT_MAX));
          } },
        { option("keep-alive-timeout",
                 Text::tr("Milliseconds an idle keep-alive connection stays open."), ms,
                 d.keepAliveTimeout),
          [](SlimFaasEmulatorLimits *l, qint64 v) {
              l->keepAliveTimeout = int(qMin<qint64>(v, INT_MAX));
          } },
        { option("max-connections",
                 Text::tr("Open connections per port; one more gets 503 at once."),
                 Text::tr("count"), d.maximumConnections),
          [](SlimFaasEmulatorLimits *l, qint64 v) {
              l->maximumConnections = int(qMin<qint64>(v, INT_MAX));
          } },
        { option("max-body-size", Text::tr("Largest request body; beyond: 413."), bytes,
                 d.maximumRequestBodySize),
          [](SlimFaasEmulatorLimits *l, qint64 v) {
              l->maximumRequestBodySize = v;
          } },
        { option("max-sync-buffer",
                 Text::tr("Sync response bytes held for a caller that reads too slowly; "
                          "beyond, its stream is cancelled."),
                 bytes, d.maximumSyncResponseBuffer),
          [](SlimFaasEmulatorLimits *l, qint64 v) {
              l->maximumSyncResponseBuffer = v;
          } },
        { option("max-function-send-buffer",
                 Text::tr("Bytes waiting unsent on one function's WebSocket; beyond, its sync "
                          "request bodies wait, its events are dropped and its Pings go "
                          "unanswered."),
                 bytes, d.maximumFunctionSendBuffer),
          [](SlimFaasEmulatorLimits *l, qint64 v) {
              l->maximumFunctionSendBuffer = v;
          } },
        { option("max-total-send-buffer",
                 Text::tr("The same, for all function WebSockets together."), bytes,
                 d.maximumTotalSendBuffer),
          [](SlimFaasEmulatorLimits *l, qint64 v) {
              l->maximumTotalSendBuffer = v;
          } },
    };
    for (const LimitOption &limit : options)
        parser->addOption(limit.option);
    return options;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("slimfaas-emulator"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SLIMFAASQT_VERSION));

    installSlimFaasTranslator(); // French when the system locale asks for it
    QCommandLineParser parser;
    parser.setApplicationDescription(Text::tr(
            "Emulates the SlimFaas server for WebSocket functions: functions register on "
            "ws://HOST:WS-PORT/ws, callers use http://HOST:HTTP-PORT/async-function/<name>/..., "
            "/function/<name>/..., /publish-event/<event>/..., /status-functions, "
            "/status-function/<name>, /health and /ready, answered as SlimFaas answers them. "
            "Where SlimFaas surprises (ignored DefaultAsync, bodies over 1 MiB dropped, late or "
            "202 callbacks, path rules that never match, no SyncCancel when a caller leaves, "
            "names in another case, zero parallelism), the emulator does the same and prints a "
            "warning.\n"
            "Emulator only: GET /emulator/functions (pods, queue length, limits), the --log-json "
            "lines, and the options marked [emulator] below, which change what SlimFaas does "
            "(keep their defaults to behave as in production). Stops on SIGINT/SIGTERM."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption hostOption(
            QStringLiteral("host"),
            Text::tr("Address to listen on: \"localhost\" (the default) for 127.0.0.1 and ::1, "
                     "so that localhost works whichever it resolves to and no other host can "
                     "reach the ports; \"any\" for every IPv4 and IPv6 address; or an IP "
                     "address. A warning says when the ports are reachable from other hosts."),
            Text::tr("address"), QStringLiteral("localhost"));
    const QCommandLineOption allowOriginOption(
            QStringLiteral("allow-origin"),
            Text::tr("[emulator] An Origin a WebSocket upgrade may carry besides loopback ones "
                     "(e.g. http://dev.example:8080), \"*\" for any; repeatable. By default an "
                     "upgrade from a web page elsewhere is refused (403); SlimFaas accepts any, "
                     "and its clients send no Origin."),
            Text::tr("origin"));
    const QCommandLineOption wsPortOption(
            QStringLiteral("ws-port"),
            Text::tr("WebSocket port, 0 for any free port (default 5003, as SlimFaas)."),
            Text::tr("port"), QStringLiteral("5003"));
    const QCommandLineOption httpPortOption(
            QStringLiteral("http-port"),
            Text::tr("HTTP port, 0 for any free port (default 30021, SlimFaas's local examples)."),
            Text::tr("port"), QStringLiteral("30021"));
    const QCommandLineOption k8sOption(QStringLiteral("kubernetes-functions"),
                                       Text::tr("Names that play existing Kubernetes deployments, "
                                                "comma-separated; repeatable. WebSocket functions "
                                                "may not register under them."),
                                       Text::tr("names"));
    const QCommandLineOption trustedOption(
            QStringLiteral("trusted-network"),
            Text::tr("Callers to trust with Private functions, paths and events, as CIDR; "
                     "repeatable. They play in-cluster pods of Trusted functions: by default "
                     "nobody is trusted, loopback included, as on SlimFaas. \"none\" trusts "
                     "nobody."),
            Text::tr("cidr"));
    const QCommandLineOption asyncTimeoutOption(
            QStringLiteral("async-timeout"),
            Text::tr("[emulator] Milliseconds after which a try is recorded 504 at the next "
                     "dequeue (SlimFaas: 120000)."),
            Text::tr("ms"), QString::number(SlimFaasEmulator::DefaultAsyncTimeout));
    const QCommandLineOption callbackTimeoutOption(
            QStringLiteral("callback-timeout"),
            Text::tr("[emulator] Milliseconds a connection waits for an async callback, holding "
                     "a slot (SlimFaas: 300000)."),
            Text::tr("ms"), QString::number(SlimFaasEmulator::DefaultCallbackTimeout));
    const QCommandLineOption syncTimeoutOption(
            QStringLiteral("sync-timeout"),
            Text::tr("[emulator] Milliseconds a sync request waits for the response start "
                     "(SlimFaas: 300000)."),
            Text::tr("ms"), QString::number(SlimFaasEmulator::DefaultSyncTimeout));
    const QCommandLineOption retryScaleOption(
            QStringLiteral("retry-delay-scale"),
            Text::tr("[emulator] Factor applied to the 2, 4 and 8 s retry delays (SlimFaas: 1)."),
            Text::tr("factor"), QStringLiteral("1"));
    const QCommandLineOption keepAliveOption(
            QStringLiteral("keep-alive-interval"),
            Text::tr("[emulator] Milliseconds between the unsolicited WebSocket Pong frames "
                     "SlimFaas sends (SlimFaas: 30000); 0 sends none."),
            Text::tr("ms"), QString::number(SlimFaasEmulator::DefaultKeepAliveInterval));
    const QCommandLineOption maxMessageOption(
            QStringLiteral("max-message-size"),
            Text::tr("[emulator] Largest WebSocket message accepted from a function, in bytes; "
                     "0 for no limit, as SlimFaas (default 67108864, 64 MiB: a larger message "
                     "closes that function's connection, with a warning)."),
            Text::tr("bytes"),
            QString::number(SlimFaasEmulator::DefaultMaximumIncomingMessageSize));
    const QCommandLineOption registerTimeoutOption(
            QStringLiteral("register-timeout"),
            Text::tr("[emulator] Milliseconds a WebSocket may stay open without registering; "
                     "then it is closed, with a warning naming the peer (SlimFaas: no limit). "
                     "0 turns the limit off (default %1).")
                    .arg(SlimFaasEmulator::DefaultRegisterTimeout),
            Text::tr("ms"), QString::number(SlimFaasEmulator::DefaultRegisterTimeout));
    const QCommandLineOption logJsonOption(
            QStringLiteral("log-json"),
            Text::tr("[emulator] Print one JSON line on stdout per thing observed: connections, "
                     "registrations, messages, queue changes, outcomes and warnings "
                     "({\"event\":\"warning\",\"code\":...}). The first line is the "
                     "\"listening\" event with the bound URLs."));
    const QCommandLineOption quietOption(QStringLiteral("quiet"),
                                         Text::tr("Print nothing but warnings and errors."));
    parser.addOptions({ hostOption, wsPortOption, httpPortOption, k8sOption, trustedOption,
                        asyncTimeoutOption, callbackTimeoutOption, syncTimeoutOption,
                        retryScaleOption, keepAliveOption, maxMessageOption, registerTimeoutOption,
                        allowOriginOption, logJsonOption, quietOption });
    const QList<LimitOption> limitOptions = addLimitOptions(&parser);
    parser.process(app);

    auto usageError = [](const QString &message) {
        std::fprintf(stderr, "slimfaas-emulator: %s\n", qPrintable(message));
        return 1;
    };
    SlimFaasEmulator emulator;
    const QString hostValue = parser.value(hostOption);
    const QHostAddress host = hostValue == QLatin1String("any") ? QHostAddress(QHostAddress::Any)
            : hostValue == QLatin1String("localhost") ? QHostAddress(QHostAddress::LocalHost)
                                                      : QHostAddress(hostValue);
    if (host.isNull())
        return usageError(Text::tr("--host must be an IP address, \"localhost\" or \"any\"."));
    emulator.setAllowedWebSocketOrigins(parser.values(allowOriginOption));
    emulator.setListenAddress(host);
    quint16 wsPort = 0, httpPort = 0;
    if (!parsePort(parser.value(wsPortOption), &wsPort)
        || !parsePort(parser.value(httpPortOption), &httpPort))
        return usageError(Text::tr("Ports must be numbers from 0 to 65535."));
    emulator.setWebSocketPort(wsPort);
    emulator.setHttpPort(httpPort);
    QStringList k8s;
    for (const QString &value : parser.values(k8sOption))
        for (const QString &name : value.split(QLatin1Char(','), Qt::SkipEmptyParts))
            k8s.append(name.trimmed());
    emulator.setKubernetesFunctions(k8s);
    bool ok1 = false, ok2 = false, ok3 = false, ok4 = false, ok5 = false, ok6 = false;
    const int callbackTimeout = parser.value(callbackTimeoutOption).toInt(&ok1);
    const int syncTimeout = parser.value(syncTimeoutOption).toInt(&ok2);
    const double scale = parser.value(retryScaleOption).toDouble(&ok3);
    const qint64 maxMessage = parser.value(maxMessageOption).toLongLong(&ok4);
    const int asyncTimeout = parser.value(asyncTimeoutOption).toInt(&ok5);
    const int keepAlive = parser.value(keepAliveOption).toInt(&ok6);
    if (!ok1 || !ok2 || !ok5 || callbackTimeout <= 0 || syncTimeout <= 0 || asyncTimeout <= 0)
        return usageError(Text::tr("Timeouts must be positive numbers of milliseconds."));
    if (!ok6 || keepAlive < 0)
        return usageError(Text::tr("--keep-alive-interval must be a number of milliseconds >= 0."));
    if (!ok3 || scale < 0)
        return usageError(Text::tr("--retry-delay-scale must be a number >= 0."));
    if (!ok4 || maxMessage < 0)
        return usageError(Text::tr("--max-message-size must be a number of bytes >= 0."));
    emulator.setAsyncTimeout(asyncTimeout);
    emulator.setCallbackTimeout(callbackTimeout);
    emulator.setKeepAliveInterval(keepAlive);
    emulator.setSyncTimeout(syncTimeout);
    emulator.setRetryDelayScale(scale);
    emulator.setMaximumIncomingMessageSize(maxMessage);
    bool ok7 = false;
    const int registerTimeout = parser.value(registerTimeoutOption).toInt(&ok7);
    if (!ok7 || registerTimeout < 0)
        return usageError(Text::tr("--register-timeout must be a number of milliseconds >= 0."));
    emulator.setRegisterTimeout(registerTimeout);
    SlimFaasEmulatorLimits limits;
    for (const LimitOption &limit : limitOptions) {
        bool ok = false;
        const qint64 value = parser.value(limit.option).toLongLong(&ok);
        if (!ok || value <= 0)
            return usageError(Text::tr("--%1 must be a positive number.")
                                      .arg(limit.option.names().constFirst()));
        limit.apply(&limits, value);
    }
    emulator.setLimits(limits);
    if (parser.isSet(trustedOption)) {
        QList<QPair<QHostAddress, int>> networks;
        for (const QString &cidr : parser.values(trustedOption)) {
            if (cidr == QLatin1String("none"))
                continue;
            const auto network = QHostAddress::parseSubnet(
                    cidr.contains(QLatin1Char('/')) ? cidr : cidr + QStringLiteral("/32"));
            if (network.first.isNull())
                return usageError(Text::tr("Invalid --trusted-network \"%1\".").arg(cidr));
            networks.append(network);
        }
        emulator.setTrustedNetworks(networks);
    }

    if (!parser.isSet(quietOption))
        QLoggingCategory::setFilterRules(QStringLiteral("slimfaas.emulator.info=true"));
    const bool logJson = parser.isSet(logJsonOption);
    if (logJson)
        logAsJsonLines(&emulator);
    if (!emulator.start()) {
        std::fprintf(stderr, "slimfaas-emulator: %s\n", qPrintable(emulator.errorString()));
        return 2;
    }
    if (logJson) {
        printEvent("listening",
                   { { QStringLiteral("webSocketUrl"), emulator.webSocketUrl().toString() },
                     { QStringLiteral("httpUrl"), emulator.httpUrl().toString() } });
    } else if (!parser.isSet(quietOption)) {
        std::printf("slimfaas-emulator: functions connect to %s, callers use %s\n",
                    qPrintable(emulator.webSocketUrl().toString()),
                    qPrintable(emulator.httpUrl().toString()));
        std::fflush(stdout);
    }
    quitOnTerminationSignals(&app);
    const int result = app.exec();
    emulator.stop();
    return result;
}
