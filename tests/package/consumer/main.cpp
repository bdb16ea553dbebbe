#include <slimfaascaller.h>
#include <slimfaascallerror.h>
#include <slimfaascallreply.h>
#include <slimfaasclient.h>

#include <QtCore/qcoreapplication.h>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    SlimFaasClient client(QUrl(QStringLiteral("ws://127.0.0.1:1/ws")),
                          SlimFaasFunctionConfig(QStringLiteral("consumer")));
    // The caller side: its headers are installed and its symbols exported too.
    SlimFaasCaller caller(QUrl(QStringLiteral("http://127.0.0.1:1")));
    const SlimFaasCallError error(SlimFaasCaller::HttpError, QStringLiteral("e"), 500);
    const bool callerUsable = caller.url().port() == 1 && error.statusCode() == 500
            && SlimFaasFunctionStatus().isNull();
    return client.state() == SlimFaasClient::Disconnected && callerUsable ? 0 : 1;
}
