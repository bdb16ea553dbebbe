// slimfaas-tap: connect to SlimFaas as a virtual function and show what it sends.
//
//   slimfaas-tap --url ws://127.0.0.1:5003/ws --function my-job --subscribe order-created
//
// Every received message is printed as one JSON line on stdout; async requests are
// answered with --status (default 200), sync requests per --sync (echo by default). This file is
// also the shortest complete example of the SlimFaasClient API.

#include "tapoptions.h"
#include "tapprinter.h"

#include <slimfaasclient.h>
#include <slimfaastranslation.h>

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

    SlimFaasClient client(options->url, options->config);
    client.setPingInterval(options->pingInterval);
    client.setDeadPeerTimeout(options->deadPeerTimeout);
    client.setMinimumReconnectDelay(options->minimumReconnectDelay);
    client.setMaximumReconnectDelay(options->maximumReconnectDelay);
    client.setRetryAfterRefusal(options->retryAfterRefusal);
    for (const auto &header : options->handshakeHeaders)
        client.setHandshakeHeader(header.first, header.second);
#ifndef QT_NO_SSL
    if (options->insecure) {
        QSslConfiguration ssl = client.sslConfiguration();
        ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
        client.setSslConfiguration(ssl);
    }
#endif

    TapPrinter printer;
    if (!options->quiet) {
        QObject::connect(
                &client, &SlimFaasClient::messageReceived, &app,
                [&printer](SlimFaasProtocol::MessageType type, const QString &id,
                           const QByteArray &message) { printer.print("in", type, id, message); });
        if (options->showSent) {
            QObject::connect(&client, &SlimFaasClient::messageSent, &app,
                             [&printer](SlimFaasProtocol::MessageType type, const QString &id,
                                        const QByteArray &message) {
                                 printer.print("out", type, id, message);
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
        SlimFaasHeaders headers;
        const QString type = request->header(QStringLiteral("Content-Type"));
        if (!type.isEmpty())
            headers.insert(QStringLiteral("Content-Type"), { type });
        request->startResponse(200, headers);
        auto echo = [request] {
            request->write(request->readAll());
            if (request->isRequestBodyComplete())
                request->finish();
        };
        QObject::connect(request, &QIODevice::readyRead, request, echo);
        QObject::connect(request, &SlimFaasSyncRequest::requestBodyFinished, request, echo);
        if (request->bytesAvailable() > 0 || request->isRequestBodyComplete())
            echo();
    });

    int exitCode = 0;
    QObject::connect(&client, &SlimFaasClient::registrationRefused, &app,
                     [&](const QString &reason) {
                         std::fprintf(stderr, "slimfaas-tap: registration refused: %s\n",
                                      qPrintable(reason));
                         if (!client.retryAfterRefusal()) {
                             exitCode = 2;
                             app.quit();
                         }
                     });
    QObject::connect(&client, &SlimFaasClient::ready, &app, [&client] {
        std::fprintf(stderr, "slimfaas-tap: registered %s as %s\n",
                     qPrintable(client.functionConfig().functionName()),
                     qPrintable(client.connectionId()));
    });
    QObject::connect(&client, &SlimFaasClient::errorOccurred, &app,
                     [](SlimFaasClient::Error error, const QString &message) {
                         if (error != SlimFaasClient::RegistrationRefused)
                             std::fprintf(stderr, "slimfaas-tap: %s\n", qPrintable(message));
                     });

    quitOnTerminationSignals(&app);
    client.open();
    const int loopResult = app.exec();
    client.close();
    return exitCode ? exitCode : loopResult;
}
