// SPDX-License-Identifier: MIT
#ifndef FUNCTIONOPTIONS_H
#define FUNCTIONOPTIONS_H

#include <slimfaasfunctionconfig.h>

#include <QtCore/qbytearray.h>
#include <QtCore/qcommandlineoption.h>
#include <QtCore/qcoreapplication.h>
#include <QtCore/qlist.h>
#include <QtCore/qpair.h>
#include <QtCore/qurl.h>

#include <optional>

QT_BEGIN_NAMESPACE
class QCommandLineParser;
QT_END_NAMESPACE

class SlimFaasClient;

// The command-line options of every program that connects to SlimFaas as a function
// (slimfaas-tap, slimfaas-monitor), declared once so that they read and behave the same:
// the URL, the function name, the nine SlimFaas/* configuration fields, keepalive and
// reconnection timings, refusal handling, handshake headers and TLS verification.
//
// A program adds the two groups where it wants them in its --help, lets the parser
// process the arguments, then calls read(), and finally applyTo() on its client.
// Main thread only, like QCommandLineParser.
class FunctionOptions
{
    Q_DECLARE_TR_FUNCTIONS(FunctionOptions)
public:
    // defaultUrl empty: --url is optional and url() stays empty without it.
    // defaultFunctionName empty: --function is required.
    FunctionOptions(const QString &urlDescription, const QString &defaultUrl,
                    const QString &functionDescription, const QString &defaultFunctionName = {});

    // --url, --function and the configuration fields.
    void addFunctionOptions(QCommandLineParser &parser) const;
    // --ping-interval, --dead-peer-timeout, --reconnect-min/max, --retry-after-refusal,
    // --header, --insecure.
    void addConnectionOptions(QCommandLineParser &parser) const;

    // --every-address, for programs that reach several SlimFaas nodes (with --url given
    // several times, one per node); see nodeUrls() and applyNodesTo().
    void addNodeOptions(QCommandLineParser &parser) const;

    // Reads the processed parser; false with a message for the user when a value is wrong.
    bool read(const QCommandLineParser &parser, QString *errorString);

    QUrl url() const { return m_url; }
    // Every --url given, in order (the default one when none is); url() is the last.
    QList<QUrl> nodeUrls() const { return m_nodeUrls; }
    bool everyAddress() const { return m_everyAddress; }
    SlimFaasFunctionConfig functionConfig() const { return m_config; }
    // Sets everything but the URL and the configuration, which the client's constructor takes.
    void applyTo(SlimFaasClient *client) const;
    // Gives the client every node URL and the every-address mode (after addNodeOptions()).
    void applyNodesTo(SlimFaasClient *client) const;

    // An integer option's value, or nothing and a message when it is not one >= minimum.
    static std::optional<int> integerValue(const QCommandLineParser &parser,
                                           const QCommandLineOption &option, int minimum,
                                           QString *errorString);

private:
    QString m_defaultUrl;
    QString m_defaultFunctionName;
    QCommandLineOption m_urlOption;
    QCommandLineOption m_functionOption;
    QCommandLineOption m_subscribeOption;
    QCommandLineOption m_dependsOnOption;
    QCommandLineOption m_defaultVisibilityOption;
    QCommandLineOption m_pathVisibilityOption;
    QCommandLineOption m_configurationOption;
    QCommandLineOption m_replicasStartOption;
    QCommandLineOption m_parallelOption;
    QCommandLineOption m_parallelPerPodOption;
    QCommandLineOption m_trustOption;
    QCommandLineOption m_pingOption;
    QCommandLineOption m_deadPeerOption;
    QCommandLineOption m_reconnectMinOption;
    QCommandLineOption m_reconnectMaxOption;
    QCommandLineOption m_retryRefusalOption;
    QCommandLineOption m_headerOption;
    QCommandLineOption m_insecureOption;
    QCommandLineOption m_everyAddressOption;

    QUrl m_url;
    QList<QUrl> m_nodeUrls;
    bool m_everyAddress = false;
    SlimFaasFunctionConfig m_config;
    int m_pingInterval = 0;
    int m_deadPeerTimeout = 0;
    int m_minimumReconnectDelay = 0;
    int m_maximumReconnectDelay = 0;
    bool m_retryAfterRefusal = false;
    bool m_insecure = false;
    QList<QPair<QByteArray, QByteArray>> m_handshakeHeaders;
};

#endif // FUNCTIONOPTIONS_H
