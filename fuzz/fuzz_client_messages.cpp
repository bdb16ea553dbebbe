// SPDX-License-Identifier: MIT
// The client's whole incoming-message path: raw WebSocket messages, text and binary, into a
// registered SlimFaasClient whose handlers answer as an application would. It has no
// connection: what it sends goes nowhere, which the client handles as a lost connection.

#include "fuzzmessages.h"

#include <slimfaasclient.h>
#include <slimfaasclient_p.h>
#include <slimfaasnodeconnection_p.h>
#include <slimfaassyncrequest.h>

#include <QtCore/qcoreapplication.h>
#include <QtCore/qloggingcategory.h>
#include <QtWebSockets/qwebsocket.h>

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static QCoreApplication app(*argc, *argv);
    // Every rejected message logs: silence keeps the fuzzer fast.
    QLoggingCategory::setFilterRules(QStringLiteral("*=false"));
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    SlimFaasClient client;
    client.setFunctionConfig(SlimFaasFunctionConfig(QStringLiteral("fuzz")));
    client.setAsyncRequestHandler([](const SlimFaasAsyncRequest &request) {
        return request.body().size() % 2 ? 200 : SlimFaasClient::DeferredStatus;
    });
    // Asking for the body decodes it: an event keeps it encoded until then.
    client.setPublishEventHandler([](const SlimFaasPublishEvent &event) { (void)event.body(); });
    client.setSyncRequestHandler([](SlimFaasSyncRequest *request) {
        QObject::connect(request, &SlimFaasSyncRequest::requestBodyFinished, request,
                         [request] { request->respond(200, {}, request->readAll()); });
    });
    // As if registered: one node with a socket object (never connected) in the Ready state.
    client.setUrl(QUrl(QStringLiteral("ws://fuzz.invalid/ws")));
    SlimFaasClientPrivate *d = SlimFaasClientPrivate::get(&client);
    SlimFaasNodeConnection *node = d->nodes.first();
    auto *socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, &client);
    node->socket = socket;
    d->running = true;
    node->state = SlimFaasClient::Ready;
    d->updateState();
    node->pending->registerConnection(QString());

    for (const FuzzMessage &message : splitFuzzInput(data, size)) {
        if (!node->socket)
            break; // the client dropped the connection, as it may
        if (message.binary)
            node->onBinaryMessage(message.data);
        else
            node->onTextMessage(QString::fromUtf8(message.data));
        QCoreApplication::processEvents();
    }
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    return 0;
}
