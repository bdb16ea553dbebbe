// SPDX-License-Identifier: MIT
// Calls the function "hello" three ways, then prints what SlimFaas says about it.
// Run slimfaas-emulator and slimfaas-tap --function hello first (see README.md).

#include <slimfaascaller.h>
#include <slimfaascallerror.h>
#include <slimfaascallreply.h>

#include <QtCore/qcoreapplication.h>
#include <QtCore/qdebug.h>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    SlimFaasCaller caller(QUrl(QStringLiteral("http://127.0.0.1:30021")));
    caller.setHeader("Authorization", "Bearer my-token"); // sent with every call

    // Sync: the function's answer streams in, like a QNetworkReply.
    SlimFaasCallReply *reply = caller.invoke(
            QStringLiteral("hello"), QStringLiteral("greet?lang=fr"), "POST",
            { { QStringLiteral("Content-Type"), { QStringLiteral("text/plain") } } }, "world");
    QObject::connect(reply, &SlimFaasCallReply::finished, &app, [&] {
        qInfo() << "sync:" << reply->statusCode() << reply->readAll();
        reply->deleteLater();

        // Async: SlimFaas queues the call and answers with its element id.
        caller.enqueue(QStringLiteral("hello"), QStringLiteral("job"), "POST", {}, "{\"n\":1}")
                .then(&app,
                      [&](const QString &elementId) {
                          qInfo() << "queued as" << elementId;
                          return caller.publish(QStringLiteral("greeted"), {}, "world");
                      })
                .unwrap()
                .then(&app,
                      [&](SlimFaasCaller::PublishResult result) {
                          qInfo() << "event:" << result; // Delivered, or NoSubscriber
                          return caller.functionStatus(QStringLiteral("hello"));
                      })
                .unwrap()
                .then(&app,
                      [](const SlimFaasFunctionStatus &status) {
                          qInfo() << status;
                          QCoreApplication::exit(0);
                      })
                .onFailed(&app, [](const SlimFaasCallError &error) {
                    qWarning() << error.errorString(); // translated, with error() and statusCode()
                    QCoreApplication::exit(1);
                });
    });
    return app.exec();
}
