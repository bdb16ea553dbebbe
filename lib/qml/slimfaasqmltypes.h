// SPDX-License-Identifier: MIT
#ifndef SLIMFAASQMLTYPES_H
#define SLIMFAASQMLTYPES_H

//
// The registrations of the SlimFaas QML module. The classes stay plain Qt (no QML
// dependency in SlimFaasQt::Client); these declarations tell QML about them.
//

#include <slimfaasasyncrequest.h>
#include <slimfaascaller.h>
#include <slimfaasclient.h>
#include <slimfaasfunctionconfig.h>
#include <slimfaasprotocol.h>
#include <slimfaaspublishevent.h>
#include <slimfaassyncrequest.h>

#include <QtCore/qset.h>
#include <QtQml/qqml.h>

// SlimFaasClient { url: "ws://…/ws"; functionConfig.functionName: "my-job"; … }
//
// The QML type answers the way a QML handler is written: onAsyncRequestReceived and
// onSyncRequestReceived answer before they return (sendCallback(), request.respond()), and
// what they leave unanswered is answered 500 at once, instead of waiting for SlimFaas's
// 300 s timeout. A handler that answers later says so with defer(request) first. Sync
// requests are freed once they have ended: QML never deletes them itself.
//
// Threads: as SlimFaasClient; QML uses it from the GUI thread.
class SlimFaasQmlClient : public SlimFaasClient
{
    Q_OBJECT
    QML_NAMED_ELEMENT(SlimFaasClient)

public:
    // A client with the QML answering rules above.
    explicit SlimFaasQmlClient(QObject *parent = nullptr);

    // Keeps request (an async request, its elementId, or a sync request) waiting for an
    // answer given later, past the handler's return.
    Q_INVOKABLE void defer(const QVariant &request);

private:
    QSet<QString> m_deferredAsync;
    QSet<QString> m_deferredSync;
};

// Handed to QML by syncRequestReceived(); created only by the client.
struct SlimFaasSyncRequestForeign
{
    Q_GADGET
    QML_FOREIGN(SlimFaasSyncRequest)
    QML_NAMED_ELEMENT(SlimFaasSyncRequest)
    QML_UNCREATABLE("Sync requests come from SlimFaasClient.syncRequestReceived.")
};

// SlimFaasCaller { url: "http://…:5000" }: calls functions and publishes events.
struct SlimFaasCallerForeign
{
    Q_GADGET
    QML_FOREIGN(SlimFaasCaller)
    QML_NAMED_ELEMENT(SlimFaasCaller)
};

// The protocol's message types, as messageSent() and messageReceived() give them.
namespace SlimFaasProtocolForeign {
Q_NAMESPACE
QML_FOREIGN_NAMESPACE(SlimFaasProtocol)
QML_NAMED_ELEMENT(SlimFaasProtocol)
} // namespace SlimFaasProtocolForeign

// Visibility and Trust, for functionConfig.defaultVisibility and friends.
namespace SlimFaasNamespaceForeign {
Q_NAMESPACE
QML_FOREIGN_NAMESPACE(SlimFaas)
QML_NAMED_ELEMENT(SlimFaas)
} // namespace SlimFaasNamespaceForeign

// Value types: their fields read (and, through a property, write) from QML.
struct SlimFaasFunctionConfigForeign
{
    Q_GADGET
    QML_FOREIGN(SlimFaasFunctionConfig)
    QML_VALUE_TYPE(slimFaasFunctionConfig)
};

struct SlimFaasSubscribeEventForeign
{
    Q_GADGET
    QML_FOREIGN(SlimFaasSubscribeEvent)
    QML_VALUE_TYPE(slimFaasSubscribeEvent)
};

struct SlimFaasPathVisibilityForeign
{
    Q_GADGET
    QML_FOREIGN(SlimFaasPathVisibility)
    QML_VALUE_TYPE(slimFaasPathVisibility)
};

struct SlimFaasAsyncRequestForeign
{
    Q_GADGET
    QML_FOREIGN(SlimFaasAsyncRequest)
    QML_VALUE_TYPE(slimFaasAsyncRequest)
};

struct SlimFaasPublishEventForeign
{
    Q_GADGET
    QML_FOREIGN(SlimFaasPublishEvent)
    QML_VALUE_TYPE(slimFaasPublishEvent)
};

#endif // SLIMFAASQMLTYPES_H
