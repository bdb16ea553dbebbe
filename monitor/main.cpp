// SPDX-License-Identifier: MIT
// slimfaas-monitor: watch what SlimFaas sends a function, live, and answer it by hand.
//
//   slimfaas-monitor                      an embedded emulator, function "demo"
//   slimfaas-monitor --url ws://slimfaas:5003/ws --function orders --subscribe order-created
//   slimfaas-monitor --nodes 3            an embedded emulator of three SlimFaas nodes
//   slimfaas-monitor --url ws://slimfaas-0.slimfaas:5003/ws --url ws://slimfaas-1.slimfaas:5003/ws
//   slimfaas-monitor --proxy --listen 127.0.0.1:5013 --upstream ws://slimfaas:5003/ws

#include "inboxpane.h"
#include "mainwindow.h"
#include "monitorsession.h"
#include "monitortranslation.h"
#include "trafficmodel.h"

#include <functionoptions.h>
#include <proxyoptions.h>
#include <slimfaasemulator.h>

#include <QtCore/qcommandlineparser.h>
#include <QtCore/qtimer.h>
#include <QtWidgets/qapplication.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <tuple>

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(SlimFaasMonitor)
};

int usageError(const QString &message)
{
    std::fprintf(stderr, "slimfaas-monitor: %s\n", qPrintable(message));
    return 1;
}

// Whether the command line asks only for text that QCommandLineParser prints before exiting.
bool printsAndExits(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        for (const char *option : { "-h", "-?", "--help", "--help-all", "-v", "--version" }) {
            if (std::strcmp(argv[i], option) == 0)
                return true;
        }
    }
    return false;
}

} // namespace

int main(int argc, char *argv[])
{
    // --help and --version need no display: QApplication would abort without one, so they
    // get a QCoreApplication, and the parser prints and exits before any window exists.
    const std::unique_ptr<QCoreApplication> app(printsAndExits(argc, argv)
                                                        ? new QCoreApplication(argc, argv)
                                                        : new QApplication(argc, argv));
    QCoreApplication::setOrganizationName(QStringLiteral("SlimFaasQt"));
    QCoreApplication::setApplicationName(QStringLiteral("slimfaas-monitor"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SLIMFAASQT_VERSION));
    installMonitorTranslator(); // French when the system locale asks for it

    QCommandLineParser parser;
    parser.setApplicationDescription(Text::tr(
            "Connects to SlimFaas as a virtual function, shows every message live and lets "
            "you answer requests by hand or with auto-answer rules. Without --url it starts "
            "its own SlimFaas emulator on free local ports."));
    parser.addHelpOption();
    parser.addVersionOption();
    FunctionOptions function(
            Text::tr("SlimFaas WebSocket URL, ws:// or wss://. Without it the monitor runs an "
                     "embedded emulator."),
            QString(), Text::tr("Function name to register (default demo)."),
            QStringLiteral("demo"));
    function.addFunctionOptions(parser);
    function.addNodeOptions(parser);
    const QCommandLineOption nodesOption(
            QStringLiteral("nodes"),
            Text::tr("SlimFaas nodes the embedded emulator runs (default 1), node k on the "
                     "emulator ports plus k; the function connects to every one, and the status "
                     "panel shows the master and moves it. With --url, give --url once per node "
                     "instead."),
            Text::tr("n"), QStringLiteral("1"));
    const QCommandLineOption callerUrlOption(
            QStringLiteral("caller-url"),
            Text::tr("Where callers reach SlimFaas over HTTP, for the curl lines (default: the "
                     "--url host on port 5000)."),
            Text::tr("url"));
    const QCommandLineOption webSocketPortOption(
            QStringLiteral("emulator-ws-port"),
            Text::tr("WebSocket port of the embedded emulator (default 0: a free one)."),
            Text::tr("port"), QStringLiteral("0"));
    const QCommandLineOption httpPortOption(
            QStringLiteral("emulator-http-port"),
            Text::tr("HTTP port of the embedded emulator (default 0: a free one)."),
            Text::tr("port"), QStringLiteral("0"));
    const QCommandLineOption maximumOption(
            QStringLiteral("max-records"),
            Text::tr("Messages kept before the oldest are dropped (default 1000000)."),
            Text::tr("n"), QString::number(TrafficModel::DefaultMaximumRecords));
    const QCommandLineOption screenshotOption(
            QStringLiteral("screenshot"),
            Text::tr("Save a PNG of the window to this file after --screenshot-delay seconds, "
                     "with the next request to answer (or the newest) selected, then quit (for "
                     "documentation)."),
            Text::tr("file"));
    const QCommandLineOption screenshotDelayOption(
            QStringLiteral("screenshot-delay"),
            Text::tr("Seconds before --screenshot is taken (default 5)."), Text::tr("s"),
            QStringLiteral("5"));
    const QCommandLineOption proxyOption(
            QStringLiteral("proxy"),
            Text::tr("Relay other functions to SlimFaas instead of registering one: accept "
                     "their connections on ws://HOST:PORT/ws (--listen), open one connection "
                     "to --upstream for each, and show (and intercept) every message both "
                     "ways, as slimfaas-tap --proxy prints them. The function options do not "
                     "apply."));
    const QCommandLineOption listenOption(
            QStringLiteral("listen"),
            Text::tr("With --proxy: the address and port functions connect to (port 0 picks a "
                     "free one, shown in the window)."),
            Text::tr("host:port"));
    const QCommandLineOption upstreamOption(
            QStringLiteral("upstream"),
            Text::tr("With --proxy: the SlimFaas WebSocket URL each function connection is "
                     "relayed to, e.g. ws://slimfaas:5003/ws."),
            Text::tr("url"));
    parser.addOptions({ nodesOption, callerUrlOption, webSocketPortOption, httpPortOption,
                        maximumOption, screenshotOption, screenshotDelayOption, proxyOption,
                        listenOption, upstreamOption });
    function.addConnectionOptions(parser);
    parser.process(*app);

    QString error;
    if (!function.read(parser, &error))
        return usageError(error);
    std::optional<ProxyEndpoints> proxy;
    if (parser.isSet(proxyOption)) {
        if (!function.url().isEmpty())
            return usageError(Text::tr("--proxy relays to --upstream: --url does not go with it."));
        proxy = ProxyEndpoints::read(parser.value(listenOption), parser.value(upstreamOption),
                                     &error);
        if (!proxy)
            return usageError(error);
        if (proxy->listenAddress().isNull())
            return usageError(
                    Text::tr("--listen: \"%1\" is not an IP address.").arg(proxy->listenHost));
    } else if (parser.isSet(listenOption) || parser.isSet(upstreamOption)) {
        return usageError(Text::tr("--listen and --upstream go with --proxy."));
    }
    int webSocketPort = 0, httpPort = 0, maximum = 0, delay = 0, nodes = 1;
    for (const auto &[option, minimum, value] :
         { std::tuple(&nodesOption, 1, &nodes), std::tuple(&webSocketPortOption, 0, &webSocketPort),
           std::tuple(&httpPortOption, 0, &httpPort), std::tuple(&maximumOption, 1, &maximum),
           std::tuple(&screenshotDelayOption, 0, &delay) }) {
        const auto read = FunctionOptions::integerValue(parser, *option, minimum, &error);
        if (!read)
            return usageError(error);
        *value = *read;
    }
    if (webSocketPort > 65535 || httpPort > 65535)
        return usageError(Text::tr("A port is at most 65535."));
    if (nodes > SlimFaasEmulator::MaximumNodeCount)
        return usageError(
                Text::tr("--nodes is at most %1.").arg(SlimFaasEmulator::MaximumNodeCount));
    if (nodes > 1 && proxy)
        return usageError(Text::tr("--nodes is for the embedded emulator, not for --proxy."));
    if (nodes > 1 && !function.url().isEmpty())
        return usageError(Text::tr("--nodes is for the embedded emulator: with --url, give "
                                   "--url once per node."));
    const QUrl callerUrl(parser.value(callerUrlOption));
    if (parser.isSet(callerUrlOption)
        && (!callerUrl.isValid()
            || (callerUrl.scheme() != QLatin1String("http")
                && callerUrl.scheme() != QLatin1String("https"))))
        return usageError(Text::tr("--caller-url must be an http:// or https:// URL."));

    MainWindow window;
    window.traffic()->setMaximumRecords(maximum);
    function.applyTo(window.session()->client());
    function.applyNodesTo(window.session()->client());
    window.session()->setEmbeddedNodeCount(nodes);
    ConnectionSettings connection{ function.url(), function.functionConfig() };
    if (proxy) {
        connection.url = proxy->upstream;
        connection.proxy = true;
        connection.listen = parser.value(listenOption);
        if (!window.openConnection(connection))
            return usageError(window.session()->errorString());
    } else if (connection.url.isEmpty()) {
        if (!window.openConnection(connection, quint16(webSocketPort), quint16(httpPort)))
            return usageError(window.session()->errorString());
    } else {
        window.openConnection(connection);
    }
    if (parser.isSet(callerUrlOption))
        window.session()->setCallerUrl(callerUrl);
    window.show();

    const QString screenshot = parser.value(screenshotOption);
    int exitCode = 0;
    if (!screenshot.isEmpty()) {
        QTimer::singleShot(delay * 1000, &window, [&] {
            // The request the inbox offers next, else the newest one.
            window.selectNewestRequest(window.inboxPane()->selectedId());
            if (!window.grab().save(screenshot)) {
                std::fprintf(stderr, "slimfaas-monitor: %s\n",
                             qPrintable(Text::tr("Cannot write %1.").arg(screenshot)));
                exitCode = 1;
            }
            // exit(), not quit(): quit() closes the window, which would ask about the
            // requests the picture shows waiting.
            QCoreApplication::exit();
        });
    }
    const int result = app->exec();
    return exitCode ? exitCode : result;
}
