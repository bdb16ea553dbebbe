// SPDX-License-Identifier: MIT
#include "functionoptions.h"

#include <slimfaasclient.h>

#include <QtCore/qcommandlineparser.h>

namespace {

bool fail(QString *errorString, const QString &message)
{
    if (errorString)
        *errorString = message;
    return false;
}

} // namespace

FunctionOptions::FunctionOptions(const QString &urlDescription, const QString &defaultUrl,
                                 const QString &functionDescription,
                                 const QString &defaultFunctionName)
    : m_defaultUrl(defaultUrl), m_defaultFunctionName(defaultFunctionName),
      m_urlOption(QStringLiteral("url"), urlDescription, tr("url"), defaultUrl),
      m_functionOption(QStringLiteral("function"), functionDescription, tr("name"),
                       defaultFunctionName),
      m_subscribeOption(QStringLiteral("subscribe"),
                        tr("Subscribe to an event; repeatable. NAME or NAME:Public|Private."),
                        tr("event")),
      m_dependsOnOption(QStringLiteral("depends-on"),
                        tr("A function this one depends on; repeatable."), tr("name")),
      m_defaultVisibilityOption(QStringLiteral("default-visibility"),
                                tr("Public (default) or Private."), tr("visibility"),
                                QStringLiteral("Public")),
      m_pathVisibilityOption(QStringLiteral("path-visibility"),
                             tr("Visibility of a path prefix, PATH:Public|Private; repeatable."),
                             tr("rule")),
      m_configurationOption(QStringLiteral("configuration"),
                            tr("SlimFaas/Configuration JSON string."), tr("json")),
      m_replicasStartOption(
              QStringLiteral("replicas-start-as-soon-as-one-function-retrieve-a-request"),
              tr("Set ReplicasStartAsSoonAsOneFunctionRetrieveARequest.")),
      m_parallelOption(QStringLiteral("number-parallel-request"),
                       tr("NumberParallelRequest (default 10)."), tr("n"), QStringLiteral("10")),
      m_parallelPerPodOption(QStringLiteral("number-parallel-request-per-pod"),
                             tr("NumberParallelRequestPerPod (default 10)."), tr("n"),
                             QStringLiteral("10")),
      m_trustOption(QStringLiteral("default-trust"), tr("Trusted (default) or Untrusted."),
                    tr("trust"), QStringLiteral("Trusted")),
      m_pingOption(QStringLiteral("ping-interval"),
                   tr("Keepalive ping interval in ms, 0 disables (default 30000)."), tr("ms"),
                   QString::number(SlimFaasClient::DefaultPingInterval)),
      m_deadPeerOption(
              QStringLiteral("dead-peer-timeout"),
              tr("Reconnect when nothing arrives for this many ms, 0 disables (default 75000)."),
              tr("ms"), QString::number(SlimFaasClient::DefaultDeadPeerTimeout)),
      m_reconnectMinOption(QStringLiteral("reconnect-min"),
                           tr("Minimum reconnect delay in ms (default 5000)."), tr("ms"),
                           QString::number(SlimFaasClient::DefaultMinimumReconnectDelay)),
      m_reconnectMaxOption(QStringLiteral("reconnect-max"),
                           tr("Maximum reconnect delay in ms (default 60000)."), tr("ms"),
                           QString::number(SlimFaasClient::DefaultMaximumReconnectDelay)),
      m_retryRefusalOption(
              QStringLiteral("retry-after-refusal"),
              tr("Keep retrying with backoff when the registration is refused, instead of "
                 "exiting.")),
      m_headerOption(QStringLiteral("header"),
                     tr("Extra WebSocket handshake header, \"Name: value\"; repeatable."),
                     tr("header")),
      m_insecureOption(QStringLiteral("insecure"),
                       tr("Do not verify the server's TLS certificate (wss://).")),
      m_everyAddressOption(
              QStringLiteral("every-address"),
              tr("Connect to every address the --url host names resolve to, one connection "
                 "per SlimFaas node (a Kubernetes headless Service), and follow the changes. "
                 "With wss:// and certificate checks give the pods' own names with --url "
                 "instead."))
{ }

void FunctionOptions::addFunctionOptions(QCommandLineParser &parser) const
{
    parser.addOptions({ m_urlOption, m_functionOption, m_subscribeOption, m_dependsOnOption,
                        m_defaultVisibilityOption, m_pathVisibilityOption, m_configurationOption,
                        m_replicasStartOption, m_parallelOption, m_parallelPerPodOption,
                        m_trustOption });
}

void FunctionOptions::addNodeOptions(QCommandLineParser &parser) const
{
    parser.addOption(m_everyAddressOption);
}

void FunctionOptions::addConnectionOptions(QCommandLineParser &parser) const
{
    parser.addOptions({ m_pingOption, m_deadPeerOption, m_reconnectMinOption, m_reconnectMaxOption,
                        m_retryRefusalOption, m_headerOption, m_insecureOption });
}

std::optional<int> FunctionOptions::integerValue(const QCommandLineParser &parser,
                                                 const QCommandLineOption &option, int minimum,
                                                 QString *errorString)
{
    const QString text = parser.value(option);
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok || value < minimum) {
        fail(errorString,
             tr("--%1 expects an integer >= %2, got \"%3\".")
                     .arg(option.names().constFirst())
                     .arg(minimum)
                     .arg(text));
        return std::nullopt;
    }
    return value;
}

bool FunctionOptions::read(const QCommandLineParser &parser, QString *errorString)
{
    // Visibility values: "Public" or "Private", as in the SlimFaas annotations.
    auto visibility = [errorString](const QString &text) {
        const auto value = SlimFaas::visibilityFromName(text);
        if (!value)
            fail(errorString, tr("Visibility must be Public or Private, got \"%1\".").arg(text));
        return value;
    };

    m_url = QUrl();
    m_nodeUrls.clear();
    if (parser.isSet(m_urlOption) || !m_defaultUrl.isEmpty()) {
        for (const QString &text : parser.values(m_urlOption)) {
            m_url = QUrl(text);
            if (!m_url.isValid()
                || (m_url.scheme() != QLatin1String("ws")
                    && m_url.scheme() != QLatin1String("wss")))
                return fail(errorString, tr("--url must be a ws:// or wss:// URL."));
            m_nodeUrls.append(m_url);
        }
    }
    m_everyAddress = parser.optionNames().contains(m_everyAddressOption.names().constFirst());
    const QString functionName = parser.value(m_functionOption);
    if (functionName.isEmpty())
        return fail(errorString, tr("--function is required."));

    SlimFaasFunctionConfig config(functionName);
    config.setDependsOn(parser.values(m_dependsOnOption));
    for (const QString &entry : parser.values(m_subscribeOption)) {
        const qsizetype colon = entry.lastIndexOf(QLatin1Char(':'));
        if (colon < 0) {
            config.addSubscribeEvent(entry);
            continue;
        }
        const auto eventVisibility = visibility(entry.mid(colon + 1));
        if (!eventVisibility)
            return false;
        config.addSubscribeEvent(entry.left(colon), *eventVisibility);
    }
    const auto defaultVisibility = visibility(parser.value(m_defaultVisibilityOption));
    if (!defaultVisibility)
        return false;
    config.setDefaultVisibility(*defaultVisibility);
    for (const QString &entry : parser.values(m_pathVisibilityOption)) {
        const qsizetype colon = entry.lastIndexOf(QLatin1Char(':'));
        if (colon <= 0)
            return fail(
                    errorString,
                    tr("--path-visibility expects PATH:Public|Private, got \"%1\".").arg(entry));
        const auto pathVisibility = visibility(entry.mid(colon + 1));
        if (!pathVisibility)
            return false;
        config.addPathStartWithVisibility(entry.left(colon), *pathVisibility);
    }
    config.setConfiguration(parser.value(m_configurationOption));
    config.setReplicasStartAsSoonAsOneFunctionRetrieveARequest(parser.isSet(m_replicasStartOption));
    const auto trust = SlimFaas::trustFromName(parser.value(m_trustOption));
    if (!trust)
        return fail(errorString, tr("--default-trust must be Trusted or Untrusted."));
    config.setDefaultTrust(*trust);

    auto readInteger = [&](const QCommandLineOption &option, int minimum, int *out) {
        const auto value = integerValue(parser, option, minimum, errorString);
        if (value)
            *out = *value;
        return value.has_value();
    };
    int parallel = 0, parallelPerPod = 0, ping = 0, deadPeer = 0, reconnectMin = 0,
        reconnectMax = 0;
    if (!readInteger(m_parallelOption, 1, &parallel)
        || !readInteger(m_parallelPerPodOption, 1, &parallelPerPod)
        || !readInteger(m_pingOption, 0, &ping) || !readInteger(m_deadPeerOption, 0, &deadPeer)
        || !readInteger(m_reconnectMinOption, 0, &reconnectMin)
        || !readInteger(m_reconnectMaxOption, 0, &reconnectMax))
        return false;
    config.setNumberParallelRequest(parallel);
    config.setNumberParallelRequestPerPod(parallelPerPod);

    QList<QPair<QByteArray, QByteArray>> headers;
    for (const QString &header : parser.values(m_headerOption)) {
        const qsizetype colon = header.indexOf(QLatin1Char(':'));
        if (colon <= 0)
            return fail(errorString,
                        tr("--header expects \"Name: value\", got \"%1\".").arg(header));
        headers.append({ header.left(colon).trimmed().toUtf8(),
                         header.mid(colon + 1).trimmed().toUtf8() });
    }

    m_config = config;
    m_pingInterval = ping;
    m_deadPeerTimeout = deadPeer;
    m_minimumReconnectDelay = reconnectMin;
    m_maximumReconnectDelay = reconnectMax;
    m_retryAfterRefusal = parser.isSet(m_retryRefusalOption);
    m_insecure = parser.isSet(m_insecureOption);
    m_handshakeHeaders = headers;
    return true;
}

void FunctionOptions::applyNodesTo(SlimFaasClient *client) const
{
    if (!m_nodeUrls.isEmpty())
        client->setNodeUrls(m_nodeUrls);
    client->setEveryAddress(m_everyAddress);
}

void FunctionOptions::applyTo(SlimFaasClient *client) const
{
    client->setPingInterval(m_pingInterval);
    client->setDeadPeerTimeout(m_deadPeerTimeout);
    client->setMinimumReconnectDelay(m_minimumReconnectDelay);
    client->setMaximumReconnectDelay(m_maximumReconnectDelay);
    client->setRetryAfterRefusal(m_retryAfterRefusal);
    for (const auto &header : m_handshakeHeaders)
        client->setHandshakeHeader(header.first, header.second);
#ifndef QT_NO_SSL
    if (m_insecure) {
        QSslConfiguration ssl = client->sslConfiguration();
        ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
        client->setSslConfiguration(ssl);
    }
#endif
}
