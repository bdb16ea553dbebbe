// SPDX-License-Identifier: MIT
#include "emulatoroptions.h"

#include <slimfaasemulator.h>

#include <QtCore/qcommandlineparser.h>
#include <QtCore/qcoreapplication.h>

#include <climits>
#include <cstdio>
#include <functional>

namespace {

// Messages users read: translatable (translations/).
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(SlimFaasEmulatorTool)
};

// What an option does with its values (its default when not given): an error message, or
// empty when applied.
using Apply = std::function<QString(const QStringList &values, SlimFaasEmulator *emulator,
                                    SlimFaasEmulatorLimits *limits)>;

struct Option
{
    QCommandLineOption option;
    Apply apply;
};

// A number of milliseconds from minimum up, handed to set; message when it is not.
Apply milliseconds(int minimum, const QString &message,
                   std::function<void(SlimFaasEmulator *, int)> set)
{
    return [=](const QStringList &values, SlimFaasEmulator *emulator, SlimFaasEmulatorLimits *) {
        bool ok = false;
        const int value = values.constLast().toInt(&ok);
        if (!ok || value < minimum)
            return message;
        set(emulator, value);
        return QString();
    };
}

Apply port(std::function<void(SlimFaasEmulator *, quint16)> set)
{
    return [=](const QStringList &values, SlimFaasEmulator *emulator, SlimFaasEmulatorLimits *) {
        bool ok = false;
        const uint value = values.constLast().toUInt(&ok);
        if (!ok || value > 65535)
            return Text::tr("Ports must be numbers from 0 to 65535.");
        set(emulator, quint16(value));
        return QString();
    };
}

// One option per field of SlimFaasEmulatorLimits, its default shown in --help: a positive
// number.
Option limit(const char *name, const QString &description, const QString &valueName, qint64 value,
             std::function<void(SlimFaasEmulatorLimits *, qint64)> set)
{
    const QString optionName = QLatin1String(name);
    return { QCommandLineOption(optionName,
                                description + QLatin1Char(' ')
                                        + Text::tr("(default %1)").arg(value),
                                valueName, QString::number(value)),
             [=](const QStringList &values, SlimFaasEmulator *, SlimFaasEmulatorLimits *limits) {
                 bool ok = false;
                 const qint64 v = values.constLast().toLongLong(&ok);
                 if (!ok || v <= 0)
                     return Text::tr("--%1 must be a positive number.").arg(optionName);
                 set(limits, v);
                 return QString();
             } };
}

int clampToInt(qint64 value)
{
    return int(qMin<qint64>(value, INT_MAX));
}

QList<Option> options()
{
    const QString ms = Text::tr("ms"), bytes = Text::tr("bytes");
    const QString timeouts = Text::tr("Timeouts must be positive numbers of milliseconds.");
    const SlimFaasEmulatorLimits d;
    return {
        { QCommandLineOption(
                  QStringLiteral("host"),
                  Text::tr("Address to listen on: \"localhost\" (the default) for 127.0.0.1 "
                           "and ::1, so that localhost works whichever it resolves to and no "
                           "other host can reach the ports; \"any\" for every IPv4 and IPv6 "
                           "address; or an IP address. A warning says when the ports are "
                           "reachable from other hosts."),
                  Text::tr("address"), QStringLiteral("localhost")),
          [](const QStringList &values, SlimFaasEmulator *emulator, SlimFaasEmulatorLimits *) {
              const QString value = values.constLast();
              const QHostAddress host = value == QLatin1String("any")
                      ? QHostAddress(QHostAddress::Any)
                      : value == QLatin1String("localhost") ? QHostAddress(QHostAddress::LocalHost)
                                                            : QHostAddress(value);
              if (host.isNull())
                  return Text::tr("--host must be an IP address, \"localhost\" or \"any\".");
              emulator->setListenAddress(host);
              return QString();
          } },
        { QCommandLineOption(QStringLiteral("ws-port"),
                             Text::tr("WebSocket port, 0 for any free port (default 5003, as "
                                      "SlimFaas)."),
                             Text::tr("port"), QStringLiteral("5003")),
          port([](SlimFaasEmulator *e, quint16 p) { e->setWebSocketPort(p); }) },
        { QCommandLineOption(QStringLiteral("http-port"),
                             Text::tr("HTTP port, 0 for any free port (default 30021, SlimFaas's "
                                      "local examples)."),
                             Text::tr("port"), QStringLiteral("30021")),
          port([](SlimFaasEmulator *e, quint16 p) { e->setHttpPort(p); }) },
        { QCommandLineOption(
                  QStringLiteral("nodes"),
                  Text::tr("SlimFaas nodes to run, from 1 (the default) to %1: node k listens on "
                           "--ws-port and --http-port plus k (free ports for 0), knows only the "
                           "functions connected to it (404 for the others), and only the master "
                           "(node 0 at first; POST /emulator/master/<node> moves it) dispatches "
                           "async requests, to its own connections. GET /emulator/nodes lists "
                           "them.")
                          .arg(SlimFaasEmulator::MaximumNodeCount),
                  Text::tr("count"), QStringLiteral("1")),
          [](const QStringList &values, SlimFaasEmulator *emulator, SlimFaasEmulatorLimits *) {
              bool ok = false;
              const int count = values.constLast().toInt(&ok);
              if (!ok || count < 1 || count > SlimFaasEmulator::MaximumNodeCount)
                  return Text::tr("--nodes must be a number from 1 to %1.")
                          .arg(SlimFaasEmulator::MaximumNodeCount);
              emulator->setNodeCount(count);
              return QString();
          } },
        { QCommandLineOption(QStringLiteral("kubernetes-functions"),
                             Text::tr("Names that play existing Kubernetes deployments, "
                                      "comma-separated; repeatable. WebSocket functions may not "
                                      "register under them."),
                             Text::tr("names")),
          [](const QStringList &values, SlimFaasEmulator *emulator, SlimFaasEmulatorLimits *) {
              QStringList names;
              for (const QString &value : values) {
                  for (const QString &name : value.split(QLatin1Char(','), Qt::SkipEmptyParts))
                      names.append(name.trimmed());
              }
              emulator->setKubernetesFunctions(names);
              return QString();
          } },
        { QCommandLineOption(
                  QStringLiteral("trusted-network"),
                  Text::tr("Callers to trust with Private functions, paths and events, as CIDR; "
                           "repeatable. They play in-cluster pods of Trusted functions: by "
                           "default nobody is trusted, loopback included, as on SlimFaas. "
                           "\"none\" trusts nobody."),
                  Text::tr("cidr")),
          [](const QStringList &values, SlimFaasEmulator *emulator, SlimFaasEmulatorLimits *) {
              QList<QPair<QHostAddress, int>> networks;
              for (const QString &cidr : values) {
                  if (cidr == QLatin1String("none"))
                      continue;
                  const auto network = QHostAddress::parseSubnet(
                          cidr.contains(QLatin1Char('/')) ? cidr : cidr + QStringLiteral("/32"));
                  if (network.first.isNull())
                      return Text::tr("Invalid --trusted-network \"%1\".").arg(cidr);
                  networks.append(network);
              }
              emulator->setTrustedNetworks(networks);
              return QString();
          } },
        { QCommandLineOption(QStringLiteral("async-timeout"),
                             Text::tr("[emulator] Milliseconds after which a try is recorded 504 "
                                      "at the next dequeue (SlimFaas: 120000)."),
                             ms, QString::number(SlimFaasEmulator::DefaultAsyncTimeout)),
          milliseconds(1, timeouts, [](SlimFaasEmulator *e, int v) { e->setAsyncTimeout(v); }) },
        { QCommandLineOption(QStringLiteral("callback-timeout"),
                             Text::tr("[emulator] Milliseconds a connection waits for an async "
                                      "callback, holding a slot (SlimFaas: 300000)."),
                             ms, QString::number(SlimFaasEmulator::DefaultCallbackTimeout)),
          milliseconds(1, timeouts, [](SlimFaasEmulator *e, int v) { e->setCallbackTimeout(v); }) },
        { QCommandLineOption(QStringLiteral("sync-timeout"),
                             Text::tr("[emulator] Milliseconds a sync request waits for the "
                                      "response start (SlimFaas: 300000)."),
                             ms, QString::number(SlimFaasEmulator::DefaultSyncTimeout)),
          milliseconds(1, timeouts, [](SlimFaasEmulator *e, int v) { e->setSyncTimeout(v); }) },
        { QCommandLineOption(QStringLiteral("retry-delay-scale"),
                             Text::tr("[emulator] Factor applied to the 2, 4 and 8 s retry delays "
                                      "(SlimFaas: 1)."),
                             Text::tr("factor"), QStringLiteral("1")),
          [](const QStringList &values, SlimFaasEmulator *emulator, SlimFaasEmulatorLimits *) {
              bool ok = false;
              const double scale = values.constLast().toDouble(&ok);
              if (!ok || scale < 0)
                  return Text::tr("--retry-delay-scale must be a number >= 0.");
              emulator->setRetryDelayScale(scale);
              return QString();
          } },
        { QCommandLineOption(QStringLiteral("keep-alive-interval"),
                             Text::tr("[emulator] Milliseconds between the unsolicited WebSocket "
                                      "Pong frames SlimFaas sends (SlimFaas: 30000); 0 sends "
                                      "none."),
                             ms, QString::number(SlimFaasEmulator::DefaultKeepAliveInterval)),
          milliseconds(0, Text::tr("--keep-alive-interval must be a number of milliseconds >= 0."),
                       [](SlimFaasEmulator *e, int v) { e->setKeepAliveInterval(v); }) },
        { QCommandLineOption(
                  QStringLiteral("max-message-size"),
                  Text::tr("[emulator] Largest WebSocket message accepted from a function, in "
                           "bytes; 0 for no limit, as SlimFaas (default 67108864, 64 MiB: a "
                           "larger message closes that function's connection, with a warning)."),
                  bytes, QString::number(SlimFaasEmulator::DefaultMaximumIncomingMessageSize)),
          [](const QStringList &values, SlimFaasEmulator *emulator, SlimFaasEmulatorLimits *) {
              bool ok = false;
              const qint64 size = values.constLast().toLongLong(&ok);
              if (!ok || size < 0)
                  return Text::tr("--max-message-size must be a number of bytes >= 0.");
              emulator->setMaximumIncomingMessageSize(size);
              return QString();
          } },
        { QCommandLineOption(
                  QStringLiteral("register-timeout"),
                  Text::tr("[emulator] Milliseconds a WebSocket may stay open without "
                           "registering; then it is closed, with a warning naming the peer "
                           "(SlimFaas: no limit). 0 turns the limit off (default %1).")
                          .arg(SlimFaasEmulator::DefaultRegisterTimeout),
                  ms, QString::number(SlimFaasEmulator::DefaultRegisterTimeout)),
          milliseconds(0, Text::tr("--register-timeout must be a number of milliseconds >= 0."),
                       [](SlimFaasEmulator *e, int v) { e->setRegisterTimeout(v); }) },
        { QCommandLineOption(
                  QStringLiteral("allow-origin"),
                  Text::tr("[emulator] An Origin a WebSocket upgrade may carry besides loopback "
                           "ones (e.g. http://dev.example:8080), \"*\" for any; repeatable. By "
                           "default an upgrade from a web page elsewhere is refused (403); "
                           "SlimFaas accepts any, and its clients send no Origin."),
                  Text::tr("origin")),
          [](const QStringList &values, SlimFaasEmulator *emulator, SlimFaasEmulatorLimits *) {
              emulator->setAllowedWebSocketOrigins(values);
              return QString();
          } },
        limit("max-head-size",
              Text::tr("Largest request line and headers a caller may send; beyond: 431."), bytes,
              d.maximumRequestHeadSize,
              [](SlimFaasEmulatorLimits *l, qint64 v) { l->maximumRequestHeadSize = v; }),
        limit("head-timeout",
              Text::tr("Milliseconds a caller has to send a whole request head; beyond: 408."), ms,
              d.requestHeadTimeout,
              [](SlimFaasEmulatorLimits *l, qint64 v) { l->requestHeadTimeout = clampToInt(v); }),
        limit("keep-alive-timeout",
              Text::tr("Milliseconds an idle keep-alive connection stays open."), ms,
              d.keepAliveTimeout,
              [](SlimFaasEmulatorLimits *l, qint64 v) { l->keepAliveTimeout = clampToInt(v); }),
        limit("min-body-rate",
              Text::tr("Bytes per second a request body must average once the grace period "
                       "is over; slower: 408 (a sync call: 503 and SyncCancel). 0: none."),
              Text::tr("bytes/s"), d.minimumRequestBodyDataRate,
              [](SlimFaasEmulatorLimits *l, qint64 v) {
                  l->minimumRequestBodyDataRate = clampToInt(v);
              }),
        limit("body-rate-grace",
              Text::tr("Milliseconds a request body may take before --min-body-rate applies."), ms,
              d.requestBodyGracePeriod,
              [](SlimFaasEmulatorLimits *l, qint64 v) {
                  l->requestBodyGracePeriod = clampToInt(v);
              }),
        limit("max-connections", Text::tr("Open connections per port; one more gets 503 at once."),
              Text::tr("count"), d.maximumConnections,
              [](SlimFaasEmulatorLimits *l, qint64 v) { l->maximumConnections = clampToInt(v); }),
        limit("max-body-size", Text::tr("Largest request body; beyond: 413."), bytes,
              d.maximumRequestBodySize,
              [](SlimFaasEmulatorLimits *l, qint64 v) { l->maximumRequestBodySize = v; }),
        limit("max-sync-buffer",
              Text::tr("Sync response bytes held for a caller that reads too slowly; beyond, its "
                       "stream is cancelled."),
              bytes, d.maximumSyncResponseBuffer,
              [](SlimFaasEmulatorLimits *l, qint64 v) { l->maximumSyncResponseBuffer = v; }),
        limit("max-function-send-buffer",
              Text::tr("Bytes waiting unsent on one function's WebSocket; beyond, its sync "
                       "request bodies wait, its events are dropped and its Pings go "
                       "unanswered."),
              bytes, d.maximumFunctionSendBuffer,
              [](SlimFaasEmulatorLimits *l, qint64 v) { l->maximumFunctionSendBuffer = v; }),
        limit("max-total-send-buffer", Text::tr("The same, for all function WebSockets together."),
              bytes, d.maximumTotalSendBuffer,
              [](SlimFaasEmulatorLimits *l, qint64 v) { l->maximumTotalSendBuffer = v; }),
        limit("max-total-incoming-buffer",
              Text::tr("Bytes of the messages functions are still sending, for all function "
                       "WebSockets together (a text message counts twice its length); the "
                       "connection whose message goes past it is closed (1009)."),
              bytes, d.maximumTotalIncomingBuffer,
              [](SlimFaasEmulatorLimits *l, qint64 v) { l->maximumTotalIncomingBuffer = v; }),
    };
}

} // namespace

std::optional<EmulatorOptions> parseEmulatorOptions(const QStringList &arguments,
                                                    SlimFaasEmulator *emulator)
{
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
            "Emulator only: GET /emulator/functions (pods, queue length, limits), GET "
            "/emulator/nodes and POST /emulator/master/<node> (with --nodes), the --log-json "
            "lines, and the options marked [emulator] below, which change what SlimFaas does "
            "(keep their defaults to behave as in production). Stops on SIGINT/SIGTERM."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QList<Option> table = options();
    for (const Option &entry : table)
        parser.addOption(entry.option);
    const QCommandLineOption logJsonOption(
            QStringLiteral("log-json"),
            Text::tr("[emulator] Print one JSON line on stdout per thing observed: connections, "
                     "registrations, messages, queue changes, outcomes and warnings "
                     "({\"event\":\"warning\",\"code\":...}). The first line is the "
                     "\"listening\" event with the bound URLs (with --nodes, node 0's, and every "
                     "node's in \"nodes\")."));
    const QCommandLineOption quietOption(QStringLiteral("quiet"),
                                         Text::tr("Print nothing but warnings and errors."));
    parser.addOptions({ logJsonOption, quietOption });
    parser.process(arguments);

    SlimFaasEmulatorLimits limits;
    for (const Option &entry : table) {
        const QStringList values = parser.values(entry.option);
        if (values.isEmpty())
            continue; // no default: nothing to apply
        if (const QString error = entry.apply(values, emulator, &limits); !error.isEmpty()) {
            std::fprintf(stderr, "slimfaas-emulator: %s\n", qPrintable(error));
            return std::nullopt;
        }
    }
    emulator->setLimits(limits);
    return EmulatorOptions{ parser.isSet(logJsonOption), parser.isSet(quietOption) };
}
