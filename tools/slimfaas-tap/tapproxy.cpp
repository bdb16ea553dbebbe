// SPDX-License-Identifier: MIT
#include "tapproxy.h"
#include "tapprinter.h"

#include <terminaltext.h>
#include <terminationsignals.h>
#include <websocketproxy.h>

#include <QtCore/qcoreapplication.h>

#include <cstdio>

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(SlimFaasTap)
};

void say(const QString &message)
{
    // Names and reasons come from the peers: escaped, so that they cannot drive the terminal.
    std::fprintf(stderr, "slimfaas-tap: %s\n", TerminalText::escaped(message).constData());
}

} // namespace

int runTapProxy(const TapOptions &options)
{
    WebSocketProxy proxy;
    const ProxyEndpoints &endpoints = options.endpoints;
    proxy.setUpstream(endpoints.upstream);
    proxy.setMaximumBufferedBytes(options.maxBuffer);
    const QHostAddress address = endpoints.listenAddress();
    if (address.isNull()) {
        say(Text::tr("--listen: \"%1\" is not an IP address.").arg(endpoints.listenHost));
        return 1;
    }
    if (!proxy.listen(address, endpoints.listenPort)) {
        say(Text::tr("cannot listen on %1:%2: %3")
                    .arg(endpoints.listenHost)
                    .arg(endpoints.listenPort)
                    .arg(proxy.errorString()));
        return 1;
    }
    const QUrl url = ProxyEndpoints::functionUrl(proxy, address);
    say(Text::tr("proxy listening on %1, relaying to %2")
                .arg(url.toString(), endpoints.upstream.toString()));

    TapPrinter printer;
    if (!options.quiet) {
        QObject::connect(&proxy, &WebSocketProxy::messageRelayed, &proxy,
                         [&printer](const QString &connectionId, const QString &functionName,
                                    WebSocketProxy::Direction direction, bool binary,
                                    const QByteArray &message) {
                             printer.printRelayed(direction == WebSocketProxy::ToFunction ? "in"
                                                                                          : "out",
                                                  connectionId, functionName, binary, message);
                         });
    }
    QObject::connect(&proxy, &WebSocketProxy::connectionOpened, &proxy,
                     [](const QString &connectionId, const QUrl &upstream) {
                         say(Text::tr("connection %1 opened, relayed to %2")
                                     .arg(connectionId, upstream.toString()));
                     });
    QObject::connect(
            &proxy, &WebSocketProxy::functionNamed, &proxy,
            [](const QString &connectionId, const QString &functionName) {
                say(Text::tr("connection %1 registers as %2").arg(connectionId, functionName));
            });
    QObject::connect(
            &proxy, &WebSocketProxy::connectionClosed, &proxy,
            [](const QString &connectionId, const QString &, WebSocketProxy::Direction closedBy,
               int code, const QString &reason) {
                say(Text::tr("connection %1 closed by %2 (%3%4)")
                            .arg(connectionId,
                                 closedBy == WebSocketProxy::ToFunction ? Text::tr("SlimFaas")
                                                                        : Text::tr("the function"))
                            .arg(code)
                            .arg(reason.isEmpty() ? QString() : QStringLiteral(", ") + reason));
            });
    QObject::connect(&proxy, &WebSocketProxy::warningRaised, &proxy,
                     [](const QString &, const QString &message) {
                         say(Text::tr("warning: %1").arg(message));
                     });

    quitOnTerminationSignals(QCoreApplication::instance());
    const int result = QCoreApplication::exec();
    proxy.close();
    return result;
}
