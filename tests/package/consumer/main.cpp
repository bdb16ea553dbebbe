// SPDX-License-Identifier: MIT
// Uses the installed package as an application would: CamelCase headers, as with Qt.
#include <SlimFaasCallError>
#include <SlimFaasCallReply>
#include <SlimFaasCaller>
#include <SlimFaasClient>
#include <SlimFaasEmulator>
#include <SlimFaasEmulatorLimits>
#include <SlimFaasSyncRequest>
#include <SlimFaasTranslation>

#include <QtCore/qcoreapplication.h>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    installSlimFaasTranslator(QLocale(QLocale::English));
    SlimFaasClient client(QUrl(QStringLiteral("ws://127.0.0.1:1/ws")),
                          SlimFaasFunctionConfig(QStringLiteral("consumer")));
    client.setSyncRequestHandler([](SlimFaasSyncRequest *request) {
        request->respond(200,
                         { { QStringLiteral("Content-Type"), { QStringLiteral("text/plain") } } },
                         "ok");
        request->deleteLater();
    });
    // The caller side: its headers are installed and its symbols exported too.
    SlimFaasCaller caller(QUrl(QStringLiteral("http://127.0.0.1:1")));
    const SlimFaasCallError error(SlimFaasCaller::HttpError, QStringLiteral("e"), 500);
    const bool callerUsable = caller.url().port() == 1 && error.statusCode() == 500
            && SlimFaasFunctionStatus().isNull();
    // The emulator: a separate component, with its own CamelCase headers.
    SlimFaasEmulator emulator;
    const bool emulatorUsable
            = !emulator.isRunning() && SlimFaasEmulatorLimits().maximumRequestBodySize > 0;
    return client.state() == SlimFaasClient::Disconnected && callerUsable && emulatorUsable ? 0 : 1;
}
