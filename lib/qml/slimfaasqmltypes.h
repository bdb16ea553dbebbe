// SPDX-License-Identifier: MIT
#ifndef SLIMFAASQMLTYPES_H
#define SLIMFAASQMLTYPES_H

//
// The registrations of the SlimFaas QML module. The classes stay plain Qt (no QML
// dependency in SlimFaasQt::Client); these foreign declarations tell QML about them.
//

#include <slimfaasasyncrequest.h>
#include <slimfaasclient.h>
#include <slimfaasfunctionconfig.h>
#include <slimfaaspublishevent.h>
#include <slimfaassyncrequest.h>

#include <QtQml/qqml.h>

// SlimFaasClient { url: "ws://…/ws"; functionConfig.functionName: "my-job"; … }
struct SlimFaasClientForeign
{
    Q_GADGET
    QML_FOREIGN(SlimFaasClient)
    QML_NAMED_ELEMENT(SlimFaasClient)
};

// Handed to QML by syncRequestReceived(); created only by the client.
struct SlimFaasSyncRequestForeign
{
    Q_GADGET
    QML_FOREIGN(SlimFaasSyncRequest)
    QML_NAMED_ELEMENT(SlimFaasSyncRequest)
    QML_UNCREATABLE("Sync requests come from SlimFaasClient.syncRequestReceived.")
};

// Value types: their fields read (and, through a property, write) from QML.
struct SlimFaasFunctionConfigForeign
{
    Q_GADGET
    QML_FOREIGN(SlimFaasFunctionConfig)
    QML_ANONYMOUS
};

struct SlimFaasAsyncRequestForeign
{
    Q_GADGET
    QML_FOREIGN(SlimFaasAsyncRequest)
    QML_ANONYMOUS
};

struct SlimFaasPublishEventForeign
{
    Q_GADGET
    QML_FOREIGN(SlimFaasPublishEvent)
    QML_ANONYMOUS
};

#endif // SLIMFAASQMLTYPES_H
