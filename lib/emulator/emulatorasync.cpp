// SPDX-License-Identifier: MIT
// The async queue of the emulator: /async-function and /publish-event, dispatch, callbacks,
// timeouts and retries (docs/protocol.md §4, §5, §8).

#include "slimfaasemulator_p.h"

#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qscopeguard.h>
#include <QtCore/quuid.h>
#include <QtWebSockets/qwebsocket.h>

#include <algorithm>
#include <cstring>

using SlimFaasProtocol::MessageType;

namespace {

// The only retry policy of WebSocket functions: SlimFaas builds their deployment with an
// empty SlimFaasConfiguration, so DefaultAsync in their configuration string is never read.
const QList<int> RetryDelaysSecs{ 2, 4, 8 };
const QList<int> RetryStatuses{ 500, 502, 503 };

// C#'s unchecked int multiplication, which SlimFaas's worker uses for replicas x perPod:
// the product modulo 2^32 read as a signed int (no undefined behaviour here).
int wrappingProduct(int a, int b)
{
    const quint32 product = quint32(a) * quint32(b);
    qint32 wrapped;
    std::memcpy(&wrapped, &product, sizeof wrapped);
    return wrapped;
}

} // namespace

// The parallelism SlimFaas's worker computes, Math.Min(numberParallelRequest, replicas *
// numberParallelRequestPerPod), overflowing as it does: past a 32-bit int the product wraps,
// often to a negative number, and then nothing is dispatched. Said when a replica makes it so.
void SlimFaasEmulatorPrivate::warnAboutParallelism(const EmulatorFunction &function)
{
    const SlimFaasFunctionConfig &config = function.config;
    const int replicas = int(function.connections.size());
    const qint64 product = qint64(replicas) * config.numberParallelRequestPerPod();
    const int wrapped = wrappingProduct(replicas, config.numberParallelRequestPerPod());
    if (product == wrapped)
        return;
    const int limit = qMax(0, qMin(config.numberParallelRequest(), wrapped));
    warn(QStringLiteral("parallelism-overflow"), config.functionName(),
         SlimFaasEmulator::tr("\"%1\": %2 replicas x numberParallelRequestPerPod %3 = %4 "
                              "overflows SlimFaas's 32-bit int, which wraps to %5: it dispatches "
                              "%6 of its async requests at once.")
                 .arg(config.functionName())
                 .arg(replicas)
                 .arg(config.numberParallelRequestPerPod())
                 .arg(product)
                 .arg(wrapped)
                 .arg(limit ? QString::number(limit) : SlimFaasEmulator::tr("none")));
}

int SlimFaasEmulatorPrivate::inFlight(const QString &functionName) const
{
    return inFlightCounts.value(functionName);
}

void SlimFaasEmulatorPrivate::handleAsyncRoute(EmulatorHttpExchange *exchange, int node,
                                               const QString &functionName, const QString &path)
{
    if (!beginFunctionRoute(exchange, node, functionName, path, Route::Async))
        return;
    // A queued request carries its whole body: wait for it. A body SlimFaas would never send
    // the function (over 1 MiB, or for a method without one) is counted, not kept, so a huge
    // upload costs no memory.
    if (exchange->isBodyComplete()) {
        enqueue(exchange, functionName, path);
        return;
    }
    QPointer<EmulatorHttpExchange> guard(exchange);
    const bool bodyIsNeverSent = methodHasNoBody(exchange->method());
    QObject::connect(exchange, &EmulatorHttpExchange::bodyDataAvailable, exchange,
                     [guard, bodyIsNeverSent] {
                         if (guard
                             && (bodyIsNeverSent
                                 || guard->bodyBytesReceived()
                                         > SlimFaasEmulator::AsyncBodyOffloadThreshold))
                             guard->takeBody();
                     });
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
    auto owned = std::make_unique<EmulatorAsyncItem>();
    EmulatorAsyncItem *item = owned.get();
    item->serial = ++asyncItemsArrived;
    asyncItems.emplace(item->serial, std::move(owned));
    item->functionName = functionName; // the caller's spelling, as SlimFaas queues it
    item->request.setElementId(QUuid::createUuid().toString(QUuid::WithoutBraces));
    item->request.setMethod(exchange->method());
    item->request.setPath(path);
    item->request.setQuery(exchange->query());
    item->request.setHeaders(exchange->headers());
    // GET, HEAD, DELETE and TRACE carry no body (null) even when the caller sent one; other
    // methods carry theirs, "" when empty. Over 1 MiB SlimFaas offloads it to a file, and the
    // WebSocket path then sends null.
    const QByteArray body = exchange->takeBody();
    const qint64 bodySize = exchange->bodyBytesReceived();
    if (!methodHasNoBody(item->request.method())) {
        if (bodySize > SlimFaasEmulator::AsyncBodyOffloadThreshold) {
            warn(QStringLiteral("async-body-dropped"), functionName,
                 SlimFaasEmulator::tr("an async request for \"%1\" has a body of %2 bytes, over "
                                      "1 MiB: SlimFaas offloads it and the function receives "
                                      "\"body\":null.")
                         .arg(functionName)
                         .arg(bodySize));
        } else {
            item->request.setBody(body);
        }
    }
    item->request.setTryNumber(0);
    item->timer.setSingleShot(true);

    QList<quint64> &queue = queues[functionName];
    queue.append(item->serial);
    exchange->respond(202, {},
                      { { QStringLiteral("SlimFaas-Element-Id"), { item->request.elementId() } } });
    qCDebug(lcSlimFaasEmulator) << "queued" << item->request.elementId() << "for" << functionName;
    emit q->asyncRequestQueued(functionName, item->request.elementId(), int(queue.size()));
    emitQueueLength(functionName);
    dispatch(functionName);
}

// Sends queued items to the function's connections, as SlimFaas's worker does: nothing
// while the function has no connection (the items wait), otherwise up to
// min(numberParallelRequest, connections x perPod) connection waits at once (0 when either
// limit is 0: nothing is ever sent), each to the next connection in turn that is under
// numberParallelRequestPerPod. When every connection is at its limit (sync streams count
// too) the try fails with 503, retried as any 503. Only the master node dispatches, to its
// own connections (WebSocketQueuesWorker.cs: the other nodes skip the queues). The name is
// taken by value: callers pass an item's own name, and the item may be finished (freed)
// inside.
void SlimFaasEmulatorPrivate::dispatch(QString functionName)
{
    // Outcomes resolved inside the loop ask for a dispatch too: the running loop serves them.
    if (dispatching.contains(functionName))
        return;
    dispatching.insert(functionName);
    const auto done = qScopeGuard([this, functionName] { dispatching.remove(functionName); });
    auto queueIt = queues.find(functionName);
    // A try past its timeout and retry delay counts as available to SlimFaas's worker, which
    // dequeues for it (recording it 504) even when nothing else is queued.
    if ((queueIt == queues.end() || queueIt->isEmpty()) && !timedOutTryIsAvailable(functionName))
        return;
    QHash<QString, EmulatorFunction> &functions = nodes[size_t(master)].functions;
    auto function = functions.find(functionName);
    if (function == functions.end() || function->connections.isEmpty())
        return;
    const int perPod = function->config.numberParallelRequestPerPod();
    const int limit = qMin(function->config.numberParallelRequest(),
                           wrappingProduct(int(function->connections.size()), perPod));
    if (inFlight(functionName) >= limit)
        return;
    // SlimFaas records the tries past their timeout when it dequeues from this queue.
    expireTries(functionName);
    queueIt = queues.find(functionName);
    function = functions.find(functionName);
    if (queueIt == queues.end() || function == functions.end())
        return;
    while (!queueIt->isEmpty() && inFlight(functionName) < limit) {
        EmulatorAsyncItem *item = asyncItem(queueIt->takeFirst());
        emitQueueLength(functionName);
        if (!item) {
            Q_ASSERT(item); // finishAsyncItem() takes an item out of its queue
        } else if (EmulatorConnection *connection = selectConnection(*function)) {
            attempt(item, connection);
        } else {
            log.info(QStringLiteral("busy"), functionName,
                     QStringLiteral("every connection of \"%1\" is busy: 503 for %2")
                             .arg(functionName, item->request.elementId()));
            item->request.setTryNumber(item->request.tryNumber() + 1);
            recordOutcome(item, 503);
        }
        // recordOutcome may have changed the tables: look them up again.
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
    // SlimFaas's QueueElement.IsLastTry(): "count > 0 && count <= retries", so true on tries
    // 1 to 3 and false on the fourth, the real last one. Reproduced, not fixed.
    item->request.setLastTry(tryNumber <= RetryDelaysSecs.size());
    item->connection = connection->serial;
    item->tryStarted.start();
    item->tryOrder = ++triesBegun;
    connection->pendingCallbacks.insert(item->request.elementId(), item->serial);
    ++inFlightCounts[item->functionName];
    unfinished[item->functionName].insert(item->tryOrder, item->serial);

    // The timer is the item's own: it goes with the item, and so does this connection.
    item->timer.disconnect();
    QObject::connect(&item->timer, &QTimer::timeout, &item->timer, [this, item] {
        log.info(QStringLiteral("callbackTimeout"), item->functionName,
                 QStringLiteral("no callback for %1 in %2 ms: 504")
                         .arg(item->request.elementId())
                         .arg(callbackTimeout));
        endWait(item, 504);
    });
    item->timer.start(callbackTimeout);
    // SlimFaas's queue: a try without an end is a timeout once asyncTimeout has passed, then
    // waits for its retry delay, then is available again, and the worker's dequeue for it
    // records the 504 (QueueElementExtensions.cs, SlimDataInterpreter.cs). The fourth try
    // has no delay: it is finished at its timeout and waits for another dequeue.
    // The item's own timer, not a QTimer::singleShot(): one of those stayed registered with
    // the event loop until it fired, long after its item was done, and every timer start
    // and stop paid for each of them. A restart drops only an earlier try's, which would do
    // nothing (its tryOrder is no longer the item's).
    item->tryExpiry.disconnect();
    item->tryExpiry.stop();
    if (tryNumber <= RetryDelaysSecs.size()) {
        const quint64 serial = item->serial, tryOrder = item->tryOrder;
        const int delay = asyncTimeout + retryDelay(tryNumber);
        QObject::connect(&item->tryExpiry, &QTimer::timeout, &item->tryExpiry,
                         [this, serial, tryOrder] {
                             const EmulatorAsyncItem *item = asyncItem(serial);
                             if (item && item->tryOrder == tryOrder && !item->finished)
                                 dispatch(item->functionName);
                         });
        item->tryExpiry.setSingleShot(true);
        // What QTimer::singleShot() picks for the delay.
        item->tryExpiry.setTimerType(delay >= 2000 ? Qt::CoarseTimer : Qt::PreciseTimer);
        item->tryExpiry.start(delay);
    }
    sendEnvelope(connection, MessageType::AsyncRequest, item->request.elementId(),
                 SlimFaasProtocol::encodeAsyncRequest(item->request.elementId(), item->request));
    emit q->asyncRequestDispatched(item->functionName, item->request.elementId(), connection->id,
                                   tryNumber, item->request.isLastTry());
}

// The connection's wait for a callback is over: a callback came, the wait timed out, or the
// connection went away. Its status is recorded unless the queue has already finished the
// item, or it is 202, which SlimFaas skips (the try then times out in the queue).
void SlimFaasEmulatorPrivate::endWait(EmulatorAsyncItem *item, int statusCode)
{
    item->timer.stop();
    item->timer.disconnect();
    if (EmulatorConnection *connection = this->connection(item->connection))
        connection->pendingCallbacks.remove(item->request.elementId());
    item->connection = 0;
    const QString functionName = item->functionName;
    --inFlightCounts[functionName];
    if (item->finished)
        finishAsyncItem(item);
    else if (statusCode != 202)
        recordOutcome(item, statusCode);
    dispatch(functionName); // a slot is free
}

// The queue's record of the current try: final, or retried after its delay. While the
// connection still waits for a callback (a 504 recorded at a dequeue) the item stays, marked
// finished, until that wait ends.
void SlimFaasEmulatorPrivate::recordOutcome(EmulatorAsyncItem *item, int statusCode)
{
    Q_Q(SlimFaasEmulator);
    const QString functionName = item->functionName;
    unfinished[functionName].remove(item->tryOrder); // absent when the try was never sent
    const int tryNumber = item->request.tryNumber();
    const bool retry = RetryStatuses.contains(statusCode) && tryNumber <= RetryDelaysSecs.size();
    if (!retry) {
        qCDebug(lcSlimFaasEmulator) << item->request.elementId() << "completed with" << statusCode
                                    << "after" << tryNumber << "tries";
        const QString elementId = item->request.elementId();
        if (item->connection)
            item->finished = true;
        else
            finishAsyncItem(item);
        emit q->asyncRequestCompleted(functionName, elementId, statusCode, tryNumber);
        return;
    }
    const int delay = retryDelay(tryNumber);
    retrying.insert(item->serial);
    QObject::connect(&item->timer, &QTimer::timeout, &item->timer, [this, item] {
        item->timer.disconnect();
        retrying.remove(item->serial);
        // SlimFaas's queue keeps every item where it arrived: a retry is available again in
        // its place, ahead of the requests that came after it.
        QList<quint64> &queue = queues[item->functionName];
        queue.insert(std::lower_bound(queue.begin(), queue.end(), item->serial), item->serial);
        emitQueueLength(item->functionName);
        dispatch(item->functionName);
    });
    item->timer.start(delay);
    emit q->asyncRequestRetryScheduled(functionName, item->request.elementId(), statusCode,
                                       tryNumber + 1, delay);
}

int SlimFaasEmulatorPrivate::retryDelay(int tryNumber) const
{
    return int(RetryDelaysSecs.at(tryNumber - 1) * 1000 * retryDelayScale);
}

// Whether a try of the function has run past asyncTimeout and its retry delay with no outcome
// recorded: SlimFaas then counts it as available. The tries are in the order they began, so
// the look ends at the first one still within asyncTimeout.
bool SlimFaasEmulatorPrivate::timedOutTryIsAvailable(const QString &functionName) const
{
    const auto tried = unfinished.constFind(functionName);
    if (tried == unfinished.cend())
        return false;
    for (const quint64 serial : *tried) {
        const EmulatorAsyncItem *item = asyncItem(serial);
        if (!item)
            continue;
        const qint64 elapsed = item->tryStarted.elapsed();
        if (elapsed < asyncTimeout)
            return false;
        const int tryNumber = item->request.tryNumber();
        if (tryNumber <= RetryDelaysSecs.size() && elapsed >= asyncTimeout + retryDelay(tryNumber))
            return true;
    }
    return false;
}

void SlimFaasEmulatorPrivate::finishAsyncItem(EmulatorAsyncItem *item)
{
    const quint64 serial = item->serial;
    const QString functionName = item->functionName;
    if (const auto queue = queues.find(functionName); queue != queues.end()) {
        queue->removeOne(serial);
        if (queue->isEmpty())
            queues.erase(queue);
    }
    if (const auto tried = unfinished.find(functionName); tried != unfinished.end()) {
        tried->remove(item->tryOrder);
        if (tried->isEmpty())
            unfinished.erase(tried);
    }
    retrying.remove(serial);
    if (EmulatorConnection *connection = this->connection(item->connection)) {
        connection->pendingCallbacks.remove(item->request.elementId());
        --inFlightCounts[functionName];
    }
    asyncItems.erase(serial);
}

// SlimFaas's dequeue first marks every try of the queue that has run past its HttpTimeout
// (120 s) as 504; 504 is not retried, so those items are finished. The tries are kept in
// the order they began, so the first one still within its time ends the look: reading them
// all made every dequeue cost as much as the tries in flight.
void SlimFaasEmulatorPrivate::expireTries(const QString &functionName)
{
    for (;;) {
        // recordOutcome may change the tables: look the function's tries up again.
        const auto tried = unfinished.constFind(functionName);
        if (tried == unfinished.cend() || tried->isEmpty())
            return;
        EmulatorAsyncItem *oldest = asyncItem(tried->first());
        Q_ASSERT(oldest); // finishAsyncItem() takes an item out of unfinished
        if (!oldest) {
            unfinished[functionName].erase(unfinished[functionName].begin());
            continue;
        }
        if (oldest->tryStarted.elapsed() < asyncTimeout)
            return;
        log.info(QStringLiteral("asyncTimeout"), functionName,
                 QStringLiteral("try %1 of %2 ran past %3 ms: 504 at this dequeue")
                         .arg(oldest->request.tryNumber())
                         .arg(oldest->request.elementId())
                         .arg(asyncTimeout));
        recordOutcome(oldest, 504);
    }
}

void SlimFaasEmulatorPrivate::handleCallback(EmulatorConnection *connection,
                                             const SlimFaasProtocol::Envelope &envelope)
{
    QString unreadable;
    const auto callback = readCallback(envelope.payload, &unreadable);
    if (!callback) {
        // SlimFaas logs and drops it: the request stays pending on the connection.
        const QString elementId
                = envelope.payload.toObject().value(QLatin1String("elementId")).toString();
        if (const EmulatorAsyncItem *item
            = asyncItem(connection->pendingCallbacks.value(elementId))) {
            warn(QStringLiteral("callback-unreadable"), item->functionName,
                 SlimFaasEmulator::tr("the callback for %1 cannot be read by SlimFaas (%2): it is "
                                      "dropped, and the request keeps its slot until the "
                                      "connection's wait for a callback ends.")
                         .arg(elementId, unreadable));
        }
        reject(connection, SlimFaasEmulator::tr("invalid callback skipped: %1").arg(unreadable));
        return;
    }
    handleCallback(connection, *callback);
}

void SlimFaasEmulatorPrivate::handleCallback(EmulatorConnection *connection,
                                             const SlimFaasProtocol::AsyncCallback &callback)
{
    if (callback.elementId.trimmed().isEmpty()) {
        reject(connection,
               SlimFaasEmulator::tr("invalid callback skipped: %1")
                       .arg(SlimFaasEmulator::tr("empty elementId")));
        return;
    }
    EmulatorAsyncItem *item = asyncItem(connection->pendingCallbacks.value(callback.elementId));
    if (!item) {
        // Unknown on this connection (answered already, timed out, or sent after a
        // reconnect): SlimFaas logs and drops it.
        reject(connection,
               SlimFaasEmulator::tr("callback for unknown element %1 dropped")
                       .arg(callback.elementId));
        return;
    }
    const QString name = item->functionName;
    const qint64 elapsed = item->tryStarted.elapsed();
    if (item->finished) {
        warn(QStringLiteral("late-callback"), name,
             SlimFaasEmulator::tr("the callback %1 for %2 came %3 ms after the try began, past "
                                  "the queue's %4 ms: SlimFaas had recorded 504 and drops it.")
                     .arg(callback.statusCode)
                     .arg(callback.elementId)
                     .arg(elapsed)
                     .arg(asyncTimeout),
             callback.elementId);
    } else if (elapsed >= asyncTimeout) {
        warn(QStringLiteral("late-callback"), name,
             SlimFaasEmulator::tr("the callback %1 for %2 came %3 ms after the try began, past "
                                  "the queue's %4 ms: it counts only because no dequeue happened "
                                  "meanwhile; in production it may be dropped (504).")
                     .arg(callback.statusCode)
                     .arg(callback.elementId)
                     .arg(elapsed)
                     .arg(asyncTimeout),
             callback.elementId);
    }
    if (callback.statusCode == 202) {
        warn(QStringLiteral("callback-202"), name,
             SlimFaasEmulator::tr("a callback with status 202 for %1 ends SlimFaas's wait but is "
                                  "never recorded: the request will end as 504, and a later "
                                  "callback for it is dropped.")
                     .arg(callback.elementId),
             callback.elementId);
    }
    endWait(item, callback.statusCode);
}

// Delivered by the node that received the publish, to its own connections only
// (EventEndpoints.cs: the node's WebSocketFunctionRepository).
void SlimFaasEmulatorPrivate::handlePublishRoute(EmulatorHttpExchange *exchange, int node,
                                                 const QString &eventName, const QString &path)
{
    auto publish = [this, node, eventName, path](EmulatorHttpExchange *exchange) {
        Q_Q(SlimFaasEmulator);
        const bool trusted = isTrusted(exchange);
        SlimFaasPublishEvent event;
        event.setEventName(eventName);
        event.setMethod(exchange->method());
        event.setPath(path);
        event.setQuery(exchange->query());
        event.setHeaders(exchange->headers());
        // As for async requests: null for GET, HEAD, DELETE and TRACE, "" when empty.
        const QByteArray body = exchange->takeBody();
        if (!methodHasNoBody(event.method()))
            event.setBody(body);
        const QJsonObject payload = SlimFaasProtocol::publishEventPayload(event);

        int deliveries = 0, recipients = 0; // an event dropped at a limit is still answered 204
        const QHash<QString, EmulatorFunction> &functions = nodes[size_t(node)].functions;
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
                for (quint64 serial : it->connections) {
                    EmulatorConnection *connection = this->connection(serial);
                    recipients += connection ? 1 : 0;
                    if (connection
                        && maySend(connection,
                                   SlimFaasEmulator::tr("the event \"%1\" is not sent to it")
                                           .arg(eventName))) {
                        sendEnvelope(connection, MessageType::PublishEvent, correlationId, payload);
                        ++deliveries;
                    }
                }
                break;
            }
        }
        exchange->respond(recipients ? 204 : 404);
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
