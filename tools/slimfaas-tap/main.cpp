// SPDX-License-Identifier: MIT
// slimfaas-tap: connect to SlimFaas as a virtual function and show what it sends.
//
//   slimfaas-tap --url ws://127.0.0.1:5003/ws --function my-job --subscribe order-created
//
// Several SlimFaas nodes: --url once per node, or --every-address with a headless Service's
// name; each printed line then says which "node" carried the message.
//
// Every received message is printed as one JSON line on stdout; async requests are
// answered with --status (default 200), sync requests per --sync (echo by default). This file is
// also the shortest complete example of the SlimFaasClient API. With --proxy it relays other
// functions' connections instead (tapproxy.cpp).

#include "tapoptions.h"
#include "tapprinter.h"
#include "tapproxy.h"

#include <slimfaasclient.h>
#include <slimfaastranslation.h>

#include <syncecho.h>
#include <terminaltext.h>
#include <terminationsignals.h>

#include <QtCore/qcoreapplication.h>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("slimfaas-tap"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SLIMFAASQT_VERSION));

    installSlimFaasTranslator(); // French when the system locale asks for it
    const auto options = parseTapOptions(QCoreApplication::arguments());
    if (!options)
        return 1;
    if (options->proxy)
        return runTapProxy(*options);

    SlimFaasClient client(options->function.url(), options->function.functionConfig());
    options->function.applyTo(&client);
    options->function.applyNodesTo(&client);

    TapPrinter printer;
    if (!options->quiet) {
        QObject::connect(&client, &SlimFaasClient::messageReceived, &app,
                         [&printer, &client](SlimFaasProtocol::MessageType type, const QString &id,
                                             const QByteArray &message) {
                             printer.print("in", type, id, message, client.currentNode());
                         });
        if (options->showSent) {
            QObject::connect(&client, &SlimFaasClient::messageSent, &app,
                             [&printer, &client](SlimFaasProtocol::MessageType type,
                                                 const QString &id, const QByteArray &message) {
                                 printer.print("out", type, id, message, client.currentNode());
                             });
        }
    }

    // Handler style: the returned status is sent back at once; 202 leaves it pending.
    const int status = options->asyncStatus;
    client.setAsyncRequestHandler([status](const SlimFaasAsyncRequest &) { return status; });

    // Sync requests: a handler that answers through the request object.
    client.setSyncRequestHandler([&options](SlimFaasSyncRequest *request) {
        // The request is ours to delete once it has ended, as a QNetworkReply.
        QObject::connect(request, &SlimFaasSyncRequest::finished, request, &QObject::deleteLater);
        QObject::connect(request, &SlimFaasSyncRequest::cancelled, request, &QObject::deleteLater);
        if (!options->syncEcho) {
            request->respond(options->syncStatus, {}, options->syncBody);
            return;
        }
        echoSyncRequest(request);
    });

    int exitCode = 0;
    QObject::connect(&client, &SlimFaasClient::registrationRefused, &app,
                     [&](const QString &reason) {
                         // The server's words: escaped, so that they cannot drive the terminal.
                         std::fprintf(stderr, "slimfaas-tap: registration refused: %s\n",
                                      TerminalText::escaped(reason).constData());
                         if (!client.retryAfterRefusal()) {
                             exitCode = 2;
                             app.quit();
                         }
                     });
    QObject::connect(&client, &SlimFaasClient::ready, &app, [&client] {
        std::fprintf(stderr, "slimfaas-tap: registered %s as %s\n",
                     TerminalText::escaped(client.functionConfig().functionName()).constData(),
                     TerminalText::escaped(client.connectionId()).constData());
    });
    // With several nodes, each one's registration and loss (ready() is the first one's).
    if (options->function.nodeUrls().size() > 1 || options->function.everyAddress()) {
        QObject::connect(&client, &SlimFaasClient::nodeRegistered, &app,
                         [](const QUrl &node, const QString &connectionId) {
                             std::fprintf(stderr, "slimfaas-tap: node %s registered as %s\n",
                                          TerminalText::escaped(node.toString()).constData(),
                                          TerminalText::escaped(connectionId).constData());
                         });
        QObject::connect(&client, &SlimFaasClient::nodeLost, &app, [](const QUrl &node) {
            std::fprintf(stderr, "slimfaas-tap: node %s lost\n",
                         TerminalText::escaped(node.toString()).constData());
        });
    }
    QObject::connect(&client, &SlimFaasClient::errorOccurred, &app,
                     [](SlimFaasClient::Error error, const QString &message) {
                         if (error != SlimFaasClient::RegistrationRefused)
                             std::fprintf(stderr, "slimfaas-tap: %s\n",
                                          TerminalText::escaped(message).constData());
                     });

    quitOnTerminationSignals(&app);
    client.open();
    const int loopResult = app.exec();
    client.close();
    return exitCode ? exitCode : loopResult;
}
