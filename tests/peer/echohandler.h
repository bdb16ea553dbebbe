// SPDX-License-Identifier: MIT
#ifndef ECHOHANDLER_H
#define ECHOHANDLER_H

#include <slimfaassyncrequest.h>

// Streams a sync request's body back into its response as it arrives, and finishes the
// response with the request; the response must have started. The request is deleted once
// it has ended, as the application owns it.
inline void pipeBodyBack(SlimFaasSyncRequest *request)
{
    QObject::connect(request, &SlimFaasSyncRequest::finished, request, &QObject::deleteLater);
    QObject::connect(request, &SlimFaasSyncRequest::cancelled, request, &QObject::deleteLater);
    auto pipe = [request] {
        request->write(request->readAll());
        if (request->isRequestBodyComplete())
            request->finish();
    };
    QObject::connect(request, &QIODevice::readyRead, request, pipe);
    QObject::connect(request, &SlimFaasSyncRequest::requestBodyFinished, request, pipe);
    if (request->bytesAvailable() || request->isRequestBodyComplete())
        pipe();
}

// A sync handler for tests: streams the request body back as it arrives, with status 200
// and the request's Content-Type.
inline void echoHandler(SlimFaasSyncRequest *request)
{
    SlimFaasHeaders headers;
    const QString type = request->header(QStringLiteral("content-type"));
    if (!type.isEmpty())
        headers.insert(QStringLiteral("Content-Type"), { type });
    request->startResponse(200, headers);
    pipeBodyBack(request);
}

#endif // ECHOHANDLER_H
