// Uses the installed package as an application would: CamelCase headers, as with Qt.
#include <SlimFaasClient>
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
    return client.state() == SlimFaasClient::Disconnected ? 0 : 1;
}
