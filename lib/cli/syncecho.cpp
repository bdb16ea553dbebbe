// SPDX-License-Identifier: MIT
#include "syncecho.h"

#include <slimfaassyncrequest.h>

void echoSyncRequest(SlimFaasSyncRequest *request)
{
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
}
