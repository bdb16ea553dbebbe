// SPDX-License-Identifier: MIT
#include "tapoptions.h"

#include <websocketproxy.h>

#include <QtCore/qcommandlineparser.h>
#include <QtCore/qcoreapplication.h>

#include <cstdio>

namespace {

// Messages users read: translatable (translations/).
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(SlimFaasTap)
};

void usageError(const QString &message)
{
    std::fprintf(stderr, "slimfaas-tap: %s\n", qPrintable(message));
}

std::optional<TapOptions> readProxyOptions(const QCommandLineParser &parser,
                                           const QCommandLineOption &listen,
                                           const QCommandLineOption &upstream,
                                           const QCommandLineOption &maxBuffer, TapOptions options)
{
    options.proxy = true;
    QString error;
    const auto endpoints
            = ProxyEndpoints::read(parser.value(listen), parser.value(upstream), &error);
    if (!endpoints) {
        usageError(error);
        return std::nullopt;
    }
    options.endpoints = *endpoints;
    bool ok = false;
    options.maxBuffer = parser.value(maxBuffer).toLongLong(&ok);
    if (!ok || options.maxBuffer < 0) {
        usageError(Text::tr("--max-buffer expects a number of bytes, got \"%1\".")
                           .arg(parser.value(maxBuffer)));
        return std::nullopt;
    }
    return options;
}

} // namespace

std::optional<TapOptions> parseTapOptions(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
            Text::tr(
                    "Connects to SlimFaas as a virtual function and prints every message it "
                    "receives as one JSON line on stdout. Async requests are answered with the "
                    "status given by --status. Diagnostics go to stderr. Exit status: 0 on "
                    "SIGINT/SIGTERM, 1 on a usage error, 2 when SlimFaas refuses the registration.")
            + QLatin1Char('\n')
            + Text::tr("With --proxy it is no function itself: it relays the connections of "
                       "functions to SlimFaas unchanged, and prints every message each way, "
                       "with the proxy's connection id and the function's name:\n"
                       "  slimfaas-tap --proxy --listen HOST:PORT --upstream "
                       "ws://SLIMFAAS:5003/ws"));
    parser.addHelpOption();
    parser.addVersionOption();

    TapOptions options{ FunctionOptions(
            Text::tr("SlimFaas WebSocket URL (default ws://127.0.0.1:5003/ws). Repeatable: one "
                     "connection per SlimFaas node, e.g. each pod of its StatefulSet; the "
                     "printed lines then carry the \"node\"."),
            QStringLiteral("ws://127.0.0.1:5003/ws"),
            Text::tr("Function name to register (required).")) };
    const QCommandLineOption statusOption(
            QStringLiteral("status"),
            Text::tr("HTTP status answered to every async request (default 200). 202 leaves them "
                     "pending, as a long-running job would."),
            Text::tr("code"), QStringLiteral("200"));
    const QCommandLineOption syncOption(
            QStringLiteral("sync"),
            Text::tr("How sync requests (/function calls) are answered: \"echo\" (default) streams "
                     "the body back with status 200 and the same Content-Type; "
                     "\"status:CODE[:BODY]\" answers CODE with BODY."),
            Text::tr("mode"), QStringLiteral("echo"));
    const QCommandLineOption quietOption(QStringLiteral("quiet"),
                                         Text::tr("Print nothing on stdout (for load tests)."));
    const QCommandLineOption showSentOption(
            QStringLiteral("show-sent"),
            Text::tr("Also print the messages this program sends, with \"direction\":\"out\"."));

    const QCommandLineOption proxyOption(
            QStringLiteral("proxy"),
            Text::tr("Relay functions to SlimFaas instead of registering a function: accept "
                     "their connections on ws://HOST:PORT/ws (--listen), open one connection "
                     "to --upstream for each, pass every message on unchanged and print it. "
                     "The function options do not apply."));
    const QCommandLineOption listenOption(
            QStringLiteral("listen"),
            Text::tr("With --proxy: the address and port functions connect to (port 0 picks a "
                     "free one; the URL is printed on stderr)."),
            Text::tr("host:port"));
    const QCommandLineOption upstreamOption(
            QStringLiteral("upstream"),
            Text::tr("With --proxy: the SlimFaas WebSocket URL each function connection is "
                     "relayed to, e.g. ws://slimfaas:5003/ws."),
            Text::tr("url"));
    const QCommandLineOption maxBufferOption(
            QStringLiteral("max-buffer"),
            Text::tr("With --proxy: bytes that may wait for a side that does not read before "
                     "the proxy stops reading the other side, until they are written "
                     "(back-pressure; default 1048576)."),
            Text::tr("bytes"), QString::number(WebSocketProxy::DefaultMaximumBufferedBytes));

    options.function.addFunctionOptions(parser);
    parser.addOptions({ statusOption, syncOption, quietOption, showSentOption, proxyOption,
                        listenOption, upstreamOption, maxBufferOption });
    options.function.addNodeOptions(parser);
    options.function.addConnectionOptions(parser);
    parser.process(arguments);

    QString error;
    options.quiet = parser.isSet(quietOption);
    if (parser.isSet(proxyOption))
        return readProxyOptions(parser, listenOption, upstreamOption, maxBufferOption,
                                std::move(options));
    if (parser.isSet(listenOption) || parser.isSet(upstreamOption)) {
        usageError(Text::tr("--listen and --upstream go with --proxy."));
        return std::nullopt;
    }
    if (!options.function.read(parser, &error)) {
        usageError(error);
        return std::nullopt;
    }
    const auto status = FunctionOptions::integerValue(parser, statusOption, 100, &error);
    if (!status) {
        usageError(error);
        return std::nullopt;
    }
    options.asyncStatus = *status;
    if (options.asyncStatus > 599) {
        usageError(Text::tr("--status must be between 100 and 599."));
        return std::nullopt;
    }
    const QString sync = parser.value(syncOption);
    if (sync != QLatin1String("echo")) {
        const QStringList parts = sync.split(QLatin1Char(':'));
        bool ok = false;
        options.syncStatus = parts.value(1).toInt(&ok);
        if (parts.first() != QLatin1String("status") || !ok || options.syncStatus < 100
            || options.syncStatus > 599) {
            usageError(
                    Text::tr("--sync expects echo or status:CODE[:BODY], got \"%1\".").arg(sync));
            return std::nullopt;
        }
        options.syncEcho = false;
        options.syncBody = sync.section(QLatin1Char(':'), 2).toUtf8();
    }
    options.showSent = parser.isSet(showSentOption);
    return options;
}
