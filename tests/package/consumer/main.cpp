#include <slimfaasclient.h>

#include <QtCore/qcoreapplication.h>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    SlimFaasClient client(QUrl(QStringLiteral("ws://127.0.0.1:1/ws")),
                          SlimFaasFunctionConfig(QStringLiteral("consumer")));
    return client.state() == SlimFaasClient::Disconnected ? 0 : 1;
}
