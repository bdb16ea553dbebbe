#include "tapoptions.h"

#include <slimfaasclient.h>

#include <QtCore/qcommandlineparser.h>
#include <QtCore/qcoreapplication.h>

#include <cstdio>

namespace {

// Messages users read: translatable (translations/).
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(SlimFaasTap)
};

bool usageError(const QString &message)
{
    std::fprintf(stderr, "slimfaas-tap: %s\n", qPrintable(message));
    return false;
}

bool parseInt(const QString &text, const QString &option, int minimum, int *out)
{
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok || value < minimum)
        return usageError(Text::tr("--%1 expects an integer >= %2, got \"%3\".")
                                  .arg(option)
                                  .arg(minimum)
                                  .arg(text));
    *out = value;
    return true;
}

bool parseVisibility(const QString &text, SlimFaas::Visibility *out)
{
    const auto visibility = SlimFaas::visibilityFromName(text);
    if (!visibility)
        return usageError(Text::tr("Visibility must be Public or Private, got \"%1\".").arg(text));
    *out = *visibility;
    return true;
}

} // namespace

std::optional<TapOptions> parseTapOptions(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(Text::tr(
            "Connects to SlimFaas as a virtual function and prints every message it "
            "receives as one JSON line on stdout. Async requests are answered with the "
            "status given by --status. Diagnostics go to stderr. Exit status: 0 on "
            "SIGINT/SIGTERM, 1 on a usage error, 2 when SlimFaas refuses the registration."));
    parser.addHelpOption();
    parser.addVersionOption();

    const QCommandLineOption urlOption(
            QStringLiteral("url"),
            Text::tr("SlimFaas WebSocket URL (default ws://127.0.0.1:5003/ws)."), Text::tr("url"),
            QStringLiteral("ws://127.0.0.1:5003/ws"));
    const QCommandLineOption functionOption(QStringLiteral("function"),
                                            Text::tr("Function name to register (required)."),
                                            Text::tr("name"));
    const QCommandLineOption subscribeOption(
            QStringLiteral("subscribe"),
            Text::tr("Subscribe to an event; repeatable. NAME or NAME:Public|Private."),
            Text::tr("event"));
    const QCommandLineOption dependsOnOption(
            QStringLiteral("depends-on"), Text::tr("A function this one depends on; repeatable."),
            Text::tr("name"));
    const QCommandLineOption defaultVisibilityOption(
            QStringLiteral("default-visibility"), Text::tr("Public (default) or Private."),
            Text::tr("visibility"), QStringLiteral("Public"));
    const QCommandLineOption pathVisibilityOption(
            QStringLiteral("path-visibility"),
            Text::tr("Visibility of a path prefix, PATH:Public|Private; repeatable."),
            Text::tr("rule"));
    const QCommandLineOption configurationOption(QStringLiteral("configuration"),
                                                 Text::tr("SlimFaas/Configuration JSON string."),
                                                 Text::tr("json"));
    const QCommandLineOption replicasStartOption(
            QStringLiteral("replicas-start-as-soon-as-one-function-retrieve-a-request"),
            Text::tr("Set ReplicasStartAsSoonAsOneFunctionRetrieveARequest."));
    const QCommandLineOption parallelOption(QStringLiteral("number-parallel-request"),
                                            Text::tr("NumberParallelRequest (default 10)."),
                                            Text::tr("n"), QStringLiteral("10"));
    const QCommandLineOption parallelPerPodOption(
            QStringLiteral("number-parallel-request-per-pod"),
            Text::tr("NumberParallelRequestPerPod (default 10)."), Text::tr("n"),
            QStringLiteral("10"));
    const QCommandLineOption trustOption(QStringLiteral("default-trust"),
                                         Text::tr("Trusted (default) or Untrusted."),
                                         Text::tr("trust"), QStringLiteral("Trusted"));
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
    const QCommandLineOption pingOption(
            QStringLiteral("ping-interval"),
            Text::tr("Keepalive ping interval in ms, 0 disables (default 30000)."), Text::tr("ms"),
            QString::number(SlimFaasClient::DefaultPingInterval));
    const QCommandLineOption deadPeerOption(
            QStringLiteral("dead-peer-timeout"),
            Text::tr(
                    "Reconnect when nothing arrives for this many ms, 0 disables (default 75000)."),
            Text::tr("ms"), QString::number(SlimFaasClient::DefaultDeadPeerTimeout));
    const QCommandLineOption reconnectMinOption(
            QStringLiteral("reconnect-min"),
            Text::tr("Minimum reconnect delay in ms (default 5000)."), Text::tr("ms"),
            QString::number(SlimFaasClient::DefaultMinimumReconnectDelay));
    const QCommandLineOption reconnectMaxOption(
            QStringLiteral("reconnect-max"),
            Text::tr("Maximum reconnect delay in ms (default 60000)."), Text::tr("ms"),
            QString::number(SlimFaasClient::DefaultMaximumReconnectDelay));
    const QCommandLineOption retryRefusalOption(
            QStringLiteral("retry-after-refusal"),
            Text::tr("Keep retrying with backoff when the registration is refused, instead of "
                     "exiting."));
    const QCommandLineOption headerOption(
            QStringLiteral("header"),
            Text::tr("Extra WebSocket handshake header, \"Name: value\"; repeatable."),
            Text::tr("header"));
    const QCommandLineOption insecureOption(
            QStringLiteral("insecure"),
            Text::tr("Do not verify the server's TLS certificate (wss://)."));

    parser.addOptions({ urlOption,
                        functionOption,
                        subscribeOption,
                        dependsOnOption,
                        defaultVisibilityOption,
                        pathVisibilityOption,
                        configurationOption,
                        replicasStartOption,
                        parallelOption,
                        parallelPerPodOption,
                        trustOption,
                        statusOption,
                        syncOption,
                        quietOption,
                        showSentOption,
                        pingOption,
                        deadPeerOption,
                        reconnectMinOption,
                        reconnectMaxOption,
                        retryRefusalOption,
                        headerOption,
                        insecureOption });
    parser.process(arguments);

    TapOptions options;
    options.url = QUrl(parser.value(urlOption));
    if (!options.url.isValid()
        || (options.url.scheme() != QLatin1String("ws")
            && options.url.scheme() != QLatin1String("wss"))) {
        usageError(Text::tr("--url must be a ws:// or wss:// URL."));
        return std::nullopt;
    }
    if (!parser.isSet(functionOption) || parser.value(functionOption).isEmpty()) {
        usageError(Text::tr("--function is required."));
        return std::nullopt;
    }

    SlimFaasFunctionConfig &config = options.config;
    config.setFunctionName(parser.value(functionOption));
    config.setDependsOn(parser.values(dependsOnOption));
    for (const QString &entry : parser.values(subscribeOption)) {
        const qsizetype colon = entry.lastIndexOf(QLatin1Char(':'));
        if (colon < 0) {
            config.addSubscribeEvent(entry);
            continue;
        }
        SlimFaas::Visibility visibility;
        if (!parseVisibility(entry.mid(colon + 1), &visibility))
            return std::nullopt;
        config.addSubscribeEvent(entry.left(colon), visibility);
    }
    SlimFaas::Visibility defaultVisibility;
    if (!parseVisibility(parser.value(defaultVisibilityOption), &defaultVisibility))
        return std::nullopt;
    config.setDefaultVisibility(defaultVisibility);
    for (const QString &entry : parser.values(pathVisibilityOption)) {
        const qsizetype colon = entry.lastIndexOf(QLatin1Char(':'));
        SlimFaas::Visibility visibility;
        if (colon <= 0) {
            usageError(Text::tr("--path-visibility expects PATH:Public|Private, got \"%1\".")
                               .arg(entry));
            return std::nullopt;
        }
        if (!parseVisibility(entry.mid(colon + 1), &visibility))
            return std::nullopt;
        config.addPathStartWithVisibility(entry.left(colon), visibility);
    }
    config.setConfiguration(parser.value(configurationOption));
    config.setReplicasStartAsSoonAsOneFunctionRetrieveARequest(parser.isSet(replicasStartOption));
    const auto trust = SlimFaas::trustFromName(parser.value(trustOption));
    if (!trust) {
        usageError(Text::tr("--default-trust must be Trusted or Untrusted."));
        return std::nullopt;
    }
    config.setDefaultTrust(*trust);

    int parallel = 0, parallelPerPod = 0;
    if (!parseInt(parser.value(parallelOption), parallelOption.names().constFirst(), 1, &parallel)
        || !parseInt(parser.value(parallelPerPodOption), parallelPerPodOption.names().constFirst(),
                     1, &parallelPerPod)
        || !parseInt(parser.value(statusOption), statusOption.names().constFirst(), 100,
                     &options.asyncStatus)
        || !parseInt(parser.value(pingOption), pingOption.names().constFirst(), 0,
                     &options.pingInterval)
        || !parseInt(parser.value(deadPeerOption), deadPeerOption.names().constFirst(), 0,
                     &options.deadPeerTimeout)
        || !parseInt(parser.value(reconnectMinOption), reconnectMinOption.names().constFirst(), 0,
                     &options.minimumReconnectDelay)
        || !parseInt(parser.value(reconnectMaxOption), reconnectMaxOption.names().constFirst(), 0,
                     &options.maximumReconnectDelay))
        return std::nullopt;
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
    config.setNumberParallelRequest(parallel);
    config.setNumberParallelRequestPerPod(parallelPerPod);

    for (const QString &header : parser.values(headerOption)) {
        const qsizetype colon = header.indexOf(QLatin1Char(':'));
        if (colon <= 0) {
            usageError(Text::tr("--header expects \"Name: value\", got \"%1\".").arg(header));
            return std::nullopt;
        }
        options.handshakeHeaders.append({ header.left(colon).trimmed().toUtf8(),
                                          header.mid(colon + 1).trimmed().toUtf8() });
    }
    options.quiet = parser.isSet(quietOption);
    options.showSent = parser.isSet(showSentOption);
    options.retryAfterRefusal = parser.isSet(retryRefusalOption);
    options.insecure = parser.isSet(insecureOption);
    return options;
}
