#ifndef ECHOHANDLER_H
#define ECHOHANDLER_H

#include <slimfaassyncrequest.h>

// A sync handler for tests: streams the request body back as it arrives, with status 200
// and the request's Content-Type. The request is deleted once it has ended.
inline void echoHandler(SlimFaasSyncRequest *request)
{
    QObject::connect(request, &SlimFaasSyncRequest::finished, request, &QObject::deleteLater);
    QObject::connect(request, &SlimFaasSyncRequest::cancelled, request, &QObject::deleteLater);
    SlimFaasHeaders headers;
    const QString type = request->header(QStringLiteral("content-type"));
    if (!type.isEmpty())
        headers.insert(QStringLiteral("Content-Type"), { type });
    request->startResponse(200, headers);
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

#endif // ECHOHANDLER_H
