// SPDX-License-Identifier: MIT
// A complete SlimFaas virtual function in Qt: the example of README.md.
#include <slimfaasclient.h>

#include <QtCore/qcoreapplication.h>
#include <QtCore/qdebug.h>
#include <QtCore/qtimer.h>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);

    SlimFaasFunctionConfig config(QStringLiteral("my-job"));
    config.setSubscribeEvents(QStringList{ QStringLiteral("order-created") });
    config.setNumberParallelRequestPerPod(5);

    const QUrl url(app.arguments().value(1, QStringLiteral("ws://127.0.0.1:5003/ws")));
    SlimFaasClient client(url, config);

    // Async requests: return the status. 202 means "accepted, I answer later".
    client.setAsyncRequestHandler([&client](const SlimFaasAsyncRequest &request) {
        qInfo() << request.method() << request.path() << request.query() << request.body();
        if (request.path() != QLatin1String("long"))
            return 200;
        QTimer::singleShot(10000, &client, [&client, request] {
            client.sendCallback(request, 200); // the real answer, ten seconds later
        });
        return SlimFaasClient::DeferredStatus;
    });

    // Sync calls (/function/my-job/...): a QIODevice to read the body from and answer
    // through. Like a QNetworkReply, the request is ours to delete once it has ended.
    client.setSyncRequestHandler([](SlimFaasSyncRequest *request) {
        QObject::connect(request, &SlimFaasSyncRequest::finished, request, &QObject::deleteLater);
        QObject::connect(request, &SlimFaasSyncRequest::cancelled, request, &QObject::deleteLater);
        QObject::connect(request, &SlimFaasSyncRequest::requestBodyFinished, request, [request] {
            const QByteArray body = request->readAll();
            request->respond(
                    200, { { QStringLiteral("Content-Type"), { QStringLiteral("text/plain") } } },
                    "got " + QByteArray::number(body.size()) + " bytes");
        });
    });

    // Events: fire and forget.
    QObject::connect(&client, &SlimFaasClient::publishEventReceived,
                     [](const SlimFaasPublishEvent &event) {
                         qInfo() << "event" << event.eventName() << event.body();
                     });

    QObject::connect(&client, &SlimFaasClient::ready,
                     [&client] { qInfo() << "registered as" << client.connectionId(); });
    QObject::connect(&client, &SlimFaasClient::registrationRefused, &app,
                     [](const QString &reason) {
                         qCritical() << "refused:" << reason;
                         QCoreApplication::exit(2);
                     });

    client.open(); // connects, registers, and reconnects on its own until close()
    return app.exec();
}
