// SPDX-License-Identifier: MIT
#include "slimfaasqmltypes.h"

#include <QtCore/qloggingcategory.h>
#include <QtCore/qmetatype.h>
#include <QtCore/qvariant.h>
#include <QtQml/qjsvalue.h>

#include <algorithm>

Q_LOGGING_CATEGORY(lcSlimFaasQml, "slimfaas.qml", QtWarningMsg)

namespace {

// JavaScript values as the C++ types expect them: { "Content-Type": "text/plain" } or
// { "X": ["1", "2"] } for headers, ["e"] or [{ name: "e" }] for subscribed events.
SlimFaasHeaders headersFromMap(const QVariantMap &map)
{
    SlimFaasHeaders headers;
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        headers.insert(it.key(), it.value().toStringList());
    return headers;
}

QVariantMap headersToMap(const SlimFaasHeaders &headers)
{
    QVariantMap map;
    for (auto it = headers.cbegin(); it != headers.cend(); ++it)
        map.insert(it.key(), it.value());
    return map;
}

SlimFaasSubscribeEvent eventFromMap(const QVariantMap &fields)
{
    SlimFaasSubscribeEvent event{ fields.value(QStringLiteral("name")).toString(), std::nullopt };
    const QVariant visibility = fields.value(QStringLiteral("visibility"));
    if (visibility.isValid())
        event.visibility = SlimFaas::Visibility(visibility.toInt());
    return event;
}

QList<SlimFaasSubscribeEvent> eventsFromList(const QVariantList &list)
{
    QList<SlimFaasSubscribeEvent> events;
    for (const QVariant &item : list) {
        if (item.metaType() == QMetaType::fromType<SlimFaasSubscribeEvent>()) {
            events.append(item.value<SlimFaasSubscribeEvent>());
            continue;
        }
        const QVariantMap fields = item.toMap();
        if (fields.isEmpty()) {
            events.append({ item.toString(), std::nullopt });
            continue;
        }
        events.append(eventFromMap(fields));
    }
    return events;
}

void registerConverters()
{
    QMetaType::registerConverter<QVariantMap, SlimFaasHeaders>(&headersFromMap);
    QMetaType::registerConverter<SlimFaasHeaders, QVariantMap>(&headersToMap);
    QMetaType::registerConverter<QJSValue, SlimFaasHeaders>(
            [](const QJSValue &value) { return headersFromMap(value.toVariant().toMap()); });
    QMetaType::registerConverter<QVariantList, QList<SlimFaasSubscribeEvent>>(&eventsFromList);
    QMetaType::registerConverter<QString, SlimFaasSubscribeEvent>([](const QString &name) {
        return SlimFaasSubscribeEvent{ name, std::nullopt };
    });
    QMetaType::registerConverter<QVariantMap, SlimFaasSubscribeEvent>(&eventFromMap);
    QMetaType::registerConverter<QStringList, QList<SlimFaasSubscribeEvent>>(
            [](const QStringList &names) {
                QList<SlimFaasSubscribeEvent> events;
                for (const QString &name : names)
                    events.append({ name, std::nullopt });
                return events;
            });
}

} // namespace

Q_CONSTRUCTOR_FUNCTION(registerConverters)

SlimFaasQmlClient::SlimFaasQmlClient(QObject *parent) : SlimFaasClient(parent)
{
    // These run after the QML handlers of the signals: whatever they left unanswered and
    // did not defer is answered 500 now.
    setAsyncRequestHandler([this](const SlimFaasAsyncRequest &request) {
        if (m_deferredAsync.remove(request.elementId()))
            return DeferredStatus;
        const QList<SlimFaasAsyncRequest> waiting = pendingRequests();
        const bool unanswered = std::any_of(waiting.cbegin(), waiting.cend(),
                                            [&request](const SlimFaasAsyncRequest &r) {
                                                return r.elementId() == request.elementId();
                                            });
        if (!unanswered)
            return DeferredStatus; // answered: nothing more to send
        qCWarning(lcSlimFaasQml) << "async request" << request.elementId()
                                 << "left unanswered by QML - answering 500 (use defer() to "
                                    "answer later)";
        return 500;
    });
    setSyncRequestHandler([this](SlimFaasSyncRequest *request) {
        connect(request, &SlimFaasSyncRequest::finished, request, &QObject::deleteLater);
        connect(request, &SlimFaasSyncRequest::cancelled, request, &QObject::deleteLater);
        const bool ended = request->state() == SlimFaasSyncRequest::Finished
                || request->state() == SlimFaasSyncRequest::Cancelled;
        if (m_deferredSync.remove(request->correlationId()) || request->isResponseStarted()
            || ended)
            return;
        qCWarning(lcSlimFaasQml) << "sync request" << request->correlationId()
                                 << "left unanswered by QML - answering 500 (use defer() to "
                                    "answer later)";
        request->respond(500);
    });
}

void SlimFaasQmlClient::defer(const QVariant &request)
{
    if (auto *sync = request.value<SlimFaasSyncRequest *>()) {
        m_deferredSync.insert(sync->correlationId());
        return;
    }
    if (request.metaType() == QMetaType::fromType<SlimFaasAsyncRequest>()) {
        m_deferredAsync.insert(request.value<SlimFaasAsyncRequest>().elementId());
        return;
    }
    const QString elementId = request.toString();
    if (elementId.isEmpty()) {
        qCWarning(lcSlimFaasQml) << "defer() needs a request or its elementId, not" << request;
        return;
    }
    m_deferredAsync.insert(elementId);
}
