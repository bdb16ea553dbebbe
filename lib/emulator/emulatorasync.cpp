// The async queue of the emulator: /async-function and /publish-event, dispatch, callbacks,
// timeouts and retries (PROTOCOL.md §4, §5, §8).

#include "slimfaasemulator_p.h"

#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qscopeguard.h>
#include <QtCore/quuid.h>
#include <QtWebSockets/qwebsocket.h>

using SlimFaasProtocol::MessageType;

namespace {

const QList<int> DefaultRetryDelays{ 2, 4, 8 };
const QList<int> DefaultRetryStatuses{ 500, 502, 503 };

QList<int> intList(const QJsonValue &value, const QList<int> &fallback)
{
    if (!value.isArray())
        return fallback;
    QList<int> list;
    for (const QJsonValue &item : value.toArray()) {
        if (item.isDouble())
            list.append(item.toInt());
    }
    return list;
}

} // namespace

int SlimFaasEmulatorPrivate::inFlight(const QString &functionName) const
{
    return inFlightCounts.value(functionName);
}

void SlimFaasEmulatorPrivate::handleAsyncRoute(EmulatorHttpExchange *exchange,
                                               const QString &functionName, const QString &path)
{
    const auto function = functions.constFind(functionName);
    if (function == functions.cend()
        || (visibilityOf(*function, path) == SlimFaas::Visibility::Private
            && !isTrusted(exchange))) {
        exchange->respond(404);
        return;
    }
    // A queued request carries its whole body: wait for it.
    if (exchange->isBodyComplete()) {
        enqueue(exchange, functionName, path);
        return;
    }
    QPointer<EmulatorHttpExchange> guard(exchange);
    QObject::connect(exchange, &EmulatorHttpExchange::bodyFinished, exchange,
                     [this, guard, functionName, path] {
                         if (guard)
                             enqueue(guard, functionName, path);
                     });
}

void SlimFaasEmulatorPrivate::enqueue(EmulatorHttpExchange *exchange, const QString &functionName,
                                      const QString &path)
{
    Q_Q(SlimFaasEmulator);
    auto *item = new EmulatorAsyncItem;
    item->functionName = functionName;
    item->request.setElementId(QUuid::createUuid().toString(QUuid::WithoutBraces));
    item->request.setMethod(exchange->method());
    item->request.setPath(path);
    item->request.setQuery(exchange->query());
    item->request.setHeaders(exchange->headers());
    const QByteArray body = exchange->takeBody();
    if (!body.isEmpty())
        item->request.setBody(body);
    item->request.setTryNumber(0);
    item->timer.setSingleShot(true);

    // The retry policy is the function's DefaultAsync section (PROTOCOL §8).
    const auto function = functions.constFind(functionName);
    const QJsonObject async = QJsonDocument::fromJson(function->config.configuration().toUtf8())
                                      .object()
                                      .value(QLatin1String("DefaultAsync"))
                                      .toObject();
    item->retryDelaysSecs
            = intList(async.value(QLatin1String("TimeoutRetries")), DefaultRetryDelays);
    item->retryStatuses
            = intList(async.value(QLatin1String("HttpStatusRetries")), DefaultRetryStatuses);

    QList<EmulatorAsyncItem *> &queue = queues[functionName];
    queue.append(item);
    exchange->respond(202, {},
                      { { QStringLiteral("SlimFaas-Element-Id"), { item->request.elementId() } } });
    qCDebug(lcSlimFaasEmulator) << "queued" << item->request.elementId() << "for" << functionName;
    emit q->asyncRequestQueued(functionName, item->request.elementId(), int(queue.size()));
    emitQueueLength(functionName);
    dispatch(functionName);
}

// Sends queued items to the function's connections, as SlimFaas's worker does: nothing
// while the function has no connection (the items wait), otherwise up to
// min(numberParallelRequest, connections x perPod) attempts in flight, each to the next
// connection in turn that is under numberParallelRequestPerPod. When every connection is
// at its limit (sync streams count too) the attempt fails with 503, retried per the policy.
void SlimFaasEmulatorPrivate::dispatch(const QString &functionName)
{
    // Outcomes resolved inside the loop ask for a dispatch too: the running loop serves them.
    if (dispatching.contains(functionName))
        return;
    dispatching.insert(functionName);
    const auto done = qScopeGuard([this, functionName] { dispatching.remove(functionName); });
    auto queueIt = queues.find(functionName);
    if (queueIt == queues.end() || queueIt->isEmpty())
        return;
    auto function = functions.find(functionName);
    if (function == functions.end() || function->connections.isEmpty())
        return;
    const int perPod = qMax(1, function->config.numberParallelRequestPerPod());
    const int limit = qMin(qMax(1, function->config.numberParallelRequest()),
                           int(function->connections.size()) * perPod);
    while (!queueIt->isEmpty() && inFlight(functionName) < limit) {
        EmulatorAsyncItem *item = queueIt->takeFirst();
        emitQueueLength(functionName);
        if (EmulatorConnection *connection = selectConnection(*function)) {
            attempt(item, connection);
        } else {
            qCInfo(lcSlimFaasEmulator) << "every connection of" << functionName
                                       << "is busy: 503 for" << item->request.elementId();
            item->request.setTryNumber(item->request.tryNumber() + 1);
            ++inFlightCounts[functionName];
            resolveAttempt(item, 503);
        }
        // resolveAttempt may have changed the tables: look them up again.
        queueIt = queues.find(functionName);
        function = functions.find(functionName);
        if (queueIt == queues.end() || function == functions.end())
            return;
    }
}

void SlimFaasEmulatorPrivate::emitQueueLength(const QString &functionName)
{
    Q_Q(SlimFaasEmulator);
    emit q->queueLengthChanged(functionName, int(queues.value(functionName).size()));
}

void SlimFaasEmulatorPrivate::attempt(EmulatorAsyncItem *item, EmulatorConnection *connection)
{
    Q_Q(SlimFaasEmulator);
    const int tryNumber = item->request.tryNumber() + 1;
    item->request.setTryNumber(tryNumber);
    item->request.setLastTry(tryNumber > item->retryDelaysSecs.size());
    item->connection = connection;
    connection->pendingCallbacks.insert(item->request.elementId(), item);
    ++inFlightCounts[item->functionName];

    item->timer.disconnect();
    QObject::connect(&item->timer, &QTimer::timeout, q, [this, item] {
        qCInfo(lcSlimFaasEmulator) << "no callback for" << item->request.elementId() << "in"
                                   << callbackTimeout << "ms: 504";
        resolveAttempt(item, 504);
    });
    item->timer.start(callbackTimeout);
    sendEnvelope(connection, MessageType::AsyncRequest, item->request.elementId(),
                 SlimFaasProtocol::asyncRequestPayload(item->request));
    emit q->asyncRequestDispatched(item->functionName, item->request.elementId(), connection->id,
                                   tryNumber, item->request.isLastTry());
}

void SlimFaasEmulatorPrivate::resolveAttempt(EmulatorAsyncItem *item, int statusCode)
{
    Q_Q(SlimFaasEmulator);
    item->timer.stop();
    item->timer.disconnect();
    if (item->connection) {
        item->connection->pendingCallbacks.remove(item->request.elementId());
        item->connection = nullptr;
    }
    const QString functionName = item->functionName;
    --inFlightCounts[functionName];

    const int tryNumber = item->request.tryNumber();
    const bool retry
            = item->retryStatuses.contains(statusCode) && tryNumber <= item->retryDelaysSecs.size();
    if (!retry) {
        qCDebug(lcSlimFaasEmulator) << item->request.elementId() << "completed with" << statusCode
                                    << "after" << tryNumber << "tries";
        emit q->asyncRequestCompleted(functionName, item->request.elementId(), statusCode,
                                      tryNumber);
        delete item;
    } else {
        const int delay = int(item->retryDelaysSecs.at(tryNumber - 1) * 1000 * retryDelayScale);
        retrying.insert(item);
        QObject::connect(&item->timer, &QTimer::timeout, q, [this, item] {
            item->timer.disconnect();
            retrying.remove(item);
            queues[item->functionName].append(item);
            emitQueueLength(item->functionName);
            dispatch(item->functionName);
        });
        item->timer.start(delay);
        emit q->asyncRequestRetryScheduled(functionName, item->request.elementId(), statusCode,
                                           tryNumber + 1, delay);
    }
    dispatch(functionName); // a slot is free
}

void SlimFaasEmulatorPrivate::handleCallback(EmulatorConnection *connection,
                                             const SlimFaasProtocol::Envelope &envelope)
{
    QString error;
    auto callback = SlimFaasProtocol::parseAsyncCallback(envelope.payload, &error);
    const QJsonObject object = envelope.payload.toObject();
    if (!callback && object.value(QLatin1String("elementId")).isString()
        && !object.contains(QLatin1String("statusCode"))) {
        // SlimFaas reads a missing statusCode as 200.
        callback = SlimFaasProtocol::AsyncCallback{
            object.value(QLatin1String("elementId")).toString(), 200
        };
    }
    if (!callback || callback->elementId.trimmed().isEmpty()) {
        reject(connection,
               SlimFaasEmulator::tr("invalid callback skipped: %1")
                       .arg(callback ? SlimFaasEmulator::tr("empty elementId") : error));
        return;
    }
    EmulatorAsyncItem *item = connection->pendingCallbacks.value(callback->elementId);
    if (!item) {
        // Unknown on this connection (answered already, timed out, or sent after a
        // reconnect): SlimFaas logs and drops it.
        reject(connection,
               SlimFaasEmulator::tr("callback for unknown element %1 dropped")
                       .arg(callback->elementId));
        return;
    }
    // An explicit 202 ends the wait as any status does, and SlimFaas records no outcome for
    // it; a later callback for the element is then unknown. (A client that defers simply
    // sends nothing until its real answer.)
    resolveAttempt(item, callback->statusCode);
}

void SlimFaasEmulatorPrivate::handlePublishRoute(EmulatorHttpExchange *exchange,
                                                 const QString &eventName, const QString &path)
{
    auto publish = [this, eventName, path](EmulatorHttpExchange *exchange) {
        Q_Q(SlimFaasEmulator);
        const bool trusted = isTrusted(exchange);
        SlimFaasPublishEvent event;
        event.setEventName(eventName);
        event.setMethod(exchange->method());
        event.setPath(path);
        event.setQuery(exchange->query());
        event.setHeaders(exchange->headers());
        const QByteArray body = exchange->takeBody();
        if (!body.isEmpty())
            event.setBody(body);
        const QJsonObject payload = SlimFaasProtocol::publishEventPayload(event);

        int deliveries = 0;
        for (auto it = functions.cbegin(); it != functions.cend(); ++it) {
            const SlimFaasFunctionConfig &config = it->config;
            for (const SlimFaasSubscribeEvent &subscription : config.subscribeEvents()) {
                if (subscription.name != eventName)
                    continue;
                const auto visibility
                        = subscription.visibility.value_or(config.defaultVisibility());
                if (visibility == SlimFaas::Visibility::Private && !trusted)
                    break;
                // One message per function, the same for each of its connections.
                const QString correlationId = QUuid::createUuid().toString(QUuid::Id128);
                for (EmulatorConnection *connection : it->connections) {
                    sendEnvelope(connection, MessageType::PublishEvent, correlationId, payload);
                    ++deliveries;
                }
                break;
            }
        }
        exchange->respond(deliveries ? 204 : 404);
        emit q->eventPublished(eventName, deliveries);
    };
    if (exchange->isBodyComplete()) {
        publish(exchange);
        return;
    }
    QPointer<EmulatorHttpExchange> guard(exchange);
    QObject::connect(exchange, &EmulatorHttpExchange::bodyFinished, exchange, [guard, publish] {
        if (guard)
            publish(guard);
    });
}
