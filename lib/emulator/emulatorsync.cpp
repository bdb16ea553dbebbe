// SPDX-License-Identifier: MIT
// Sync calls through the emulator: /function/<name>/<path> bridged to binary frames
// (docs/protocol.md §6), with the server's behaviour at the edges.

#include "emulatorsyncresponsecheck_p.h"
#include "slimfaasemulator_p.h"

#include <QtWebSockets/qwebsocket.h>

#include <utility>

using SlimFaasProtocol::MessageType;

void SlimFaasEmulatorPrivate::handleSyncRoute(EmulatorHttpExchange *exchange, int node,
                                              const QString &functionName, const QString &path)
{
    Q_Q(SlimFaasEmulator);
    const EmulatorFunction *found
            = beginFunctionRoute(exchange, node, functionName, path, Route::Sync);
    if (!found)
        return;
    if (found->config.functionName() != functionName) {
        // Found ignoring case, then looked for under the caller's spelling: no connection.
        exchange->respond(503);
        return;
    }
    EmulatorFunction &function = nodes[size_t(node)].functions[functionName];
    EmulatorConnection *connection = selectConnection(function);
    if (!connection) {
        exchange->respond(503); // SlimFaas's 503s have no body
        return;
    }

    auto owned = std::make_unique<EmulatorSyncStream>();
    EmulatorSyncStream *stream = owned.get();
    stream->correlationId = SlimFaasProtocol::newCorrelationId();
    stream->functionName = functionName;
    stream->connection = connection->serial;
    stream->exchange = exchange;
    syncStreams.emplace(stream->correlationId, std::move(owned));
    connection->syncStreams.insert(stream->correlationId);

    const QString id = stream->correlationId;
    // The request's frames (its start, a body that came with its head, its end) leave in
    // one write when this returns.
    const HeldWrites held(this, connection);
    // Its wait for the response start (armSyncTimeout()) begins once the request body has
    // gone out, as on SlimFaas (see forwardRequestBody()).

    // Its caller's leaving and a body too slow reach onSyncCallerGone() and
    // onSyncBodyTimedOut() through the HTTP server, which names the exchange.
    exchange->setRouteKey(id);

    SlimFaasProtocol::SyncRequestHead head;
    head.method = exchange->method();
    head.path = path;
    head.query = exchange->query();
    head.headers = exchange->headers();
    sendFrame(connection, MessageType::SyncRequestStart, id,
              SlimFaasProtocol::encodeSyncRequestHead(head));
    emit q->syncRequestStarted(functionName, id, connection->id);

    if (methodHasNoBody(head.method)) {
        stream->requestEndSent = true;
        sendFrame(connection, MessageType::SyncRequestEnd, id, {},
                  SlimFaasProtocol::FrameFlagEndOfStream);
        armSyncTimeout(stream);
        return;
    }
    // The body goes on as it arrives, not once complete. One that came with the head goes
    // now, or once the function has read enough (onConnectionDrained()).
    if (!exchange->isBodyComplete()) {
        QObject::connect(exchange, &EmulatorHttpExchange::bodyDataAvailable, q, [this, id] {
            if (EmulatorSyncStream *stream = syncStream(id))
                forwardRequestBody(stream);
        });
        QObject::connect(exchange, &EmulatorHttpExchange::bodyFinished, q, [this, id] {
            if (EmulatorSyncStream *stream = syncStream(id))
                forwardRequestBody(stream);
        });
    }
    forwardRequestBody(stream);
}

EmulatorSyncStream *
SlimFaasEmulatorPrivate::syncStreamOf(const EmulatorHttpExchange *exchange) const
{
    EmulatorSyncStream *stream = syncStream(exchange->routeKey());
    // A stream given up (leakSyncStream()) no longer hears its exchange.
    return stream && stream->exchange == exchange ? stream : nullptr;
}

// The caller went away. SlimFaas sends its SyncCancel with the caller's token, already
// cancelled, so it never leaves: the function goes on. Before the response start the
// stream is forgotten; after it, SlimFaas never removes it (SyncFunctionEndpoints.cs
// leaves before waitForEnd, the only code that would): it keeps its per-pod slot until
// the function sends SyncCancel or disconnects, even after its SyncResponseEnd.
void SlimFaasEmulatorPrivate::onSyncCallerGone(EmulatorHttpExchange *exchange)
{
    Q_Q(SlimFaasEmulator);
    EmulatorSyncStream *stream = syncStreamOf(exchange);
    if (!stream || stream->callerGone)
        return;
    stream->callerGone = true;
    if (exchange->isCutByServer()) {
        // The emulator's own limit gave up on a caller too far behind (an emulator
        // extra: SlimFaas would stall the function's socket instead). Nobody will read
        // the rest, so the function is told to stop.
        failSyncStream(stream, SlimFaasEmulator::tr("caller too far behind the response"), true);
        return;
    }
    const QString id = stream->correlationId;
    warn(QStringLiteral("sync-cancel-not-sent"), stream->functionName,
         SlimFaasEmulator::tr("the caller of sync request %1 went away: SlimFaas sends the "
                              "function no SyncCancel.")
                 .arg(id),
         id);
    emit q->syncRequestCancelled(stream->functionName, id,
                                 SlimFaasEmulator::tr("caller went away"));
    if (stream->statusCode)
        leakSyncStream(stream, SlimFaasEmulator::tr("its caller left after the response started"));
    else
        closeSyncStream(stream);
}

// Kestrel fails the body read of a caller too slow: SlimFaas's sending code catches it,
// sends SyncCancel and its handler answers 503.
void SlimFaasEmulatorPrivate::onSyncBodyTimedOut(EmulatorHttpExchange *exchange)
{
    if (EmulatorSyncStream *stream = syncStreamOf(exchange)) {
        exchange->closeAfterResponse();
        failSyncStream(stream, SlimFaasEmulator::tr("request body too slow"), true);
    }
}

// A QTimer per stream cost its construction, a connection, a start and a stop, each start
// and stop a call into the event dispatcher. One timer serves every stream: it runs for the
// earliest deadline and, when that stream got its start meanwhile, runs again for the next.
void SlimFaasEmulatorPrivate::armSyncTimeout(EmulatorSyncStream *stream)
{
    disarmSyncTimeout(stream);
    if (!syncClock.isValid())
        syncClock.start();
    const qint64 deadline = syncClock.elapsed() + syncTimeout;
    stream->deadline = syncDeadlines.emplace(deadline, stream->correlationId);
    if (!syncDeadlineTimer.isActive() || syncTimerDue > deadline) {
        syncDeadlineTimer.start(syncTimeout);
        syncTimerDue = deadline;
    }
}

void SlimFaasEmulatorPrivate::disarmSyncTimeout(EmulatorSyncStream *stream)
{
    if (!stream->deadline)
        return;
    syncDeadlines.erase(*stream->deadline);
    stream->deadline.reset();
}

void SlimFaasEmulatorPrivate::onSyncDeadline()
{
    // In the order the deadlines fall; a timeout may end or arm other streams' waits.
    while (!syncDeadlines.empty() && syncDeadlines.begin()->first <= syncClock.elapsed()) {
        const QString id = syncDeadlines.begin()->second;
        if (EmulatorSyncStream *stream = syncStream(id))
            stream->deadline.reset();
        syncDeadlines.erase(syncDeadlines.begin());
        syncTimedOut(id);
    }
    if (syncDeadlines.empty())
        return;
    const qint64 next = syncDeadlines.begin()->first;
    if (!syncDeadlineTimer.isActive() || syncTimerDue > next) {
        syncDeadlineTimer.start(int(qMax<qint64>(0, next - syncClock.elapsed())));
        syncTimerDue = next;
    }
}

void SlimFaasEmulatorPrivate::syncTimedOut(const QString &id)
{
    EmulatorSyncStream *stream = syncStream(id);
    if (!stream)
        return;
    log.info(QStringLiteral("syncTimeout"), stream->functionName,
             QStringLiteral("no response for sync %1 in %2 ms").arg(id).arg(syncTimeout));
    // The timeout ends in SlimFaas's catch-all of the /function route: 503.
    failSyncStream(stream, SlimFaasEmulator::tr("timeout"), true);
}

void SlimFaasEmulatorPrivate::forwardRequestBody(EmulatorSyncStream *stream)
{
    EmulatorConnection *connection = this->connection(stream->connection);
    if (!stream->exchange || !connection)
        return;
    // Over the function's limit the caller's body waits where it is, unread, until the
    // function reads (onConnectionDrained()).
    const bool blocked = connection->sendBlocked
            || !maySend(connection,
                        QT_TRANSLATE_NOOP("SlimFaasEmulator",
                                          "the sync request bodies for it are not read until "
                                          "it reads"));
    stream->exchange->setBodyReadingPaused(blocked);
    if (blocked)
        return;
    const QByteArray data = stream->exchange->takeBody();
    for (qsizetype offset = 0; offset < data.size(); offset += SlimFaasProtocol::ServerChunkSize)
        sendFrame(connection, MessageType::SyncRequestChunk, stream->correlationId,
                  data.mid(offset, SlimFaasProtocol::ServerChunkSize));
    if (stream->exchange->isBodyComplete() && !stream->requestEndSent) {
        stream->requestEndSent = true;
        sendFrame(connection, MessageType::SyncRequestEnd, stream->correlationId, {},
                  SlimFaasProtocol::FrameFlagEndOfStream);
        // SlimFaas waits for the response start from here, once the body is sent.
        if (!stream->statusCode)
            armSyncTimeout(stream);
    }
}

// The stream failed: 503 for a caller who has seen nothing yet, a cut connection for one
// who has. sendCancel: the failure passes through SlimFaas's sending code, which tells the
// function with a SyncCancel (a timeout, an unreadable or cancelled response start).
void SlimFaasEmulatorPrivate::failSyncStream(EmulatorSyncStream *stream, const QString &reason,
                                             bool sendCancel)
{
    Q_Q(SlimFaasEmulator);
    EmulatorConnection *connection = this->connection(stream->connection);
    if (sendCancel && connection)
        sendFrame(connection, MessageType::SyncCancel, stream->correlationId);
    if (stream->exchange && !stream->callerGone) {
        if (!stream->headWritten)
            stream->exchange->respond(503);
        else
            stream->exchange->abort();
    }
    if (!stream->leaked) // a leaked stream's end was told when it was given up
        emit q->syncRequestCancelled(stream->functionName, stream->correlationId, reason);
    closeSyncStream(stream);
}

void SlimFaasEmulatorPrivate::handleSyncFrame(EmulatorConnection *connection,
                                              const SlimFaasProtocol::Frame &frame)
{
    EmulatorSyncStream *stream = syncStream(frame.correlationId);
    if (!stream || stream->connection != connection->serial) {
        reject(connection,
               SlimFaasEmulator::tr("frame %1 for unknown stream %2 ignored")
                       .arg(SlimFaasProtocol::messageTypeName(frame.type), frame.correlationId));
        return;
    }
    switch (frame.type) {
    case MessageType::SyncResponseStart:
        if (stream->statusCode || stream->leaked) {
            // SlimFaas completes its wait for the start once; a second one changes nothing.
            reject(connection, SlimFaasEmulator::tr("repeated SyncResponseStart ignored"));
            return;
        }
        startSyncResponse(stream, frame.payload);
        break;
    case MessageType::SyncResponseChunk:
        if (stream->leaked)
            return; // nobody reads this stream any more
        if (!stream->statusCode) {
            // SlimFaas's chunk channel exists from the start of the stream: kept for later.
            stream->earlyChunks.append(frame.payload);
            return;
        }
        writeSyncChunk(stream, frame.payload);
        break;
    case MessageType::SyncResponseEnd:
        if (stream->leaked)
            return; // SlimFaas marks the end, but nothing removes the stream
        if (!stream->statusCode) {
            // The end is kept too; the caller still waits for the start.
            stream->endReceived = true;
            return;
        }
        finishSyncStream(stream);
        break;
    case MessageType::SyncCancel:
        if (stream->leaked) {
            // The one message that frees a stream SlimFaas stopped serving.
            closeSyncStream(stream);
            return;
        }
        // The function gave up. Before its response start, SlimFaas's wait for it fails and
        // its failure path sends a SyncCancel back; after it, the caller's stream breaks.
        // Either way the caller gets 503 unless body bytes have already left.
        failSyncStream(stream, SlimFaasEmulator::tr("cancelled by the function"),
                       !stream->statusCode);
        break;
    default:
        reject(connection, SlimFaasEmulator::tr("frame of type %1 ignored").arg(int(frame.type)));
        break;
    }
}

// The function's SyncResponseStart, as SlimFaas takes it: its wait for the start ends with
// what the deserialiser makes of the payload, then the status and headers are copied to the
// caller's response (HandleSyncFunctionViaWebSocket), where Kestrel may throw.
void SlimFaasEmulatorPrivate::startSyncResponse(EmulatorSyncStream *stream,
                                                const QByteArray &payload)
{
    Q_Q(SlimFaasEmulator);
    EmulatorConnection *connection = this->connection(stream->connection);
    if (!connection)
        return;
    const QString name = stream->functionName;
    const QString id = stream->correlationId;
    const EmulatorSyncResponseStart start = readSyncResponseStart(payload);
    if (start.reading == EmulatorSyncResponseStart::Reading::Ignored) {
        warn(QStringLiteral("sync-response-malformed"), name,
             SlimFaasEmulator::tr("the SyncResponseStart of sync request %1 is JSON null: "
                                  "SlimFaas ignores it and the caller waits until the sync "
                                  "timeout (503).")
                     .arg(id));
        return;
    }
    if (start.reading == EmulatorSyncResponseStart::Reading::Malformed) {
        // SlimFaas's wait for the start fails at once: SyncCancel back, 503.
        reject(connection,
               SlimFaasEmulator::tr("invalid SyncResponseStart: %1").arg(start.problem));
        warn(QStringLiteral("sync-response-malformed"), name,
             SlimFaasEmulator::tr("the SyncResponseStart of sync request %1 cannot be read by "
                                  "SlimFaas: %2. It sends SyncCancel and answers the caller "
                                  "503.")
                     .arg(id, start.problem));
        failSyncStream(stream, SlimFaasEmulator::tr("invalid response start"), true);
        return;
    }
    disarmSyncTimeout(stream);
    if (start.statusCode < 200 || start.statusCode > 599) {
        // Kestrel writes any status it is given as the final one: a 1xx would end the
        // caller's response early and desynchronise its keep-alive connection, a status
        // outside 100-999 is no HTTP at all. Refused as a malformed start instead: 502, the
        // function told to stop.
        warn(QStringLiteral("sync-status-refused"), name,
             SlimFaasEmulator::tr("sync request %1 was answered with status %2, which cannot be "
                                  "a final HTTP status: the emulator answers the caller 502 and "
                                  "sends SyncCancel (SlimFaas would pass it on as the caller's "
                                  "final status).")
                     .arg(id)
                     .arg(start.statusCode));
        sendFrame(connection, MessageType::SyncCancel, id);
        if (stream->exchange && !stream->callerGone)
            stream->exchange->respond(502, "The function's response status was invalid.");
        emit q->syncRequestCancelled(
                name, id, SlimFaasEmulator::tr("invalid status %1").arg(start.statusCode));
        closeSyncStream(stream);
        return;
    }
    // SlimFaas's wait is over: from here a failure neither sends SyncCancel nor removes the
    // stream.
    stream->statusCode = start.statusCode;
    QString failure;
    if (start.headersNull) {
        failure = SlimFaasEmulator::tr("\"headers\" is null");
        warn(QStringLiteral("sync-response-malformed"), name,
             SlimFaasEmulator::tr("the SyncResponseStart of sync request %1 has \"headers\": "
                                  "null: SlimFaas fails while copying them (503 to the caller, "
                                  "no SyncCancel).")
                     .arg(id));
    } else if (const QString refused = kestrelRefusesResponseHeaders(start.headers);
               !refused.isEmpty()) {
        failure = refused;
        warn(QStringLiteral("response-header-invalid"), name,
             SlimFaasEmulator::tr("sync request %1: %2. Kestrel throws when SlimFaas sets it: "
                                  "503 to the caller, no SyncCancel.")
                     .arg(id, refused));
    }
    if (!failure.isEmpty()) {
        if (stream->exchange && !stream->callerGone)
            stream->exchange->respond(503);
        emit q->syncRequestCancelled(name, id,
                                     SlimFaasEmulator::tr("invalid response: %1").arg(failure));
        leakSyncStream(stream, failure);
        return;
    }
    stream->responseHeaders = start.headers;
    // SlimFaas removes transfer-encoding and keeps the rest, Content-Length included:
    // Kestrel then frames the body by the function's length.
    for (auto it = stream->responseHeaders.begin(); it != stream->responseHeaders.end();) {
        if (it.key().compare(QLatin1String("Transfer-Encoding"), Qt::CaseInsensitive) == 0)
            it = stream->responseHeaders.erase(it);
        else
            ++it;
    }
    const bool noBody = stream->exchange
            && (stream->exchange->method() == QLatin1String("HEAD") || stream->statusCode == 204
                || stream->statusCode == 304);
    if (!noBody)
        stream->contentLength = declaredContentLength(stream->responseHeaders);
    if (!stream->earlyChunks.isEmpty()) {
        const QByteArray early = std::exchange(stream->earlyChunks, {});
        writeSyncChunk(stream, early);
        if (!syncStream(id) || stream->leaked)
            return;
    }
    if (stream->endReceived)
        finishSyncStream(stream);
}

// One chunk of the function's body to the caller. Past the function's Content-Length,
// Kestrel throws on the write (none of the chunk leaves) and stops keeping the connection
// alive; SlimFaas's handler gives up the stream without removing it.
void SlimFaasEmulatorPrivate::writeSyncChunk(EmulatorSyncStream *stream, const QByteArray &chunk)
{
    EmulatorHttpExchange *exchange = stream->callerGone ? nullptr : stream->exchange.data();
    if (stream->contentLength && stream->bodyWritten + chunk.size() > *stream->contentLength) {
        const qint64 declared = *stream->contentLength;
        warn(QStringLiteral("content-length-mismatch"), stream->functionName,
             SlimFaasEmulator::tr("sync request %1: the function declared Content-Length %2 but "
                                  "sends more (%3 bytes so far). SlimFaas keeps its "
                                  "Content-Length, and Kestrel refuses the write: %4")
                     .arg(stream->correlationId)
                     .arg(declared)
                     .arg(stream->bodyWritten + chunk.size())
                     .arg(stream->headWritten
                                  ? (stream->bodyWritten < declared
                                             ? SlimFaasEmulator::tr("the caller's response is "
                                                                    "cut short.")
                                             : SlimFaasEmulator::tr("the caller gets the first %1 "
                                                                    "bytes, then the connection "
                                                                    "closes.")
                                                       .arg(declared))
                                  : SlimFaasEmulator::tr("the caller gets %1.")
                                            .arg(declared ? 500 : 503)));
        if (exchange) {
            if (!stream->headWritten) {
                // SlimFaas answers 503, and Kestrel, seeing fewer bytes than the length
                // still declared, turns it into a 500 (a length of 0 is met: 503 stays).
                exchange->closeAfterResponse();
                exchange->respond(declared ? 500 : 503);
            } else if (stream->bodyWritten < declared) {
                exchange->abort();
            } else {
                exchange->closeAfterResponse();
                exchange->end();
            }
        }
        leakSyncStream(stream, SlimFaasEmulator::tr("more bytes than its Content-Length"));
        return;
    }
    // SlimFaas sets the caller's status and headers when SyncResponseStart comes, but they
    // leave with the first body bytes (or the end): until then a failure can still be a
    // 503. Here they leave, in the same write as those bytes.
    const bool headPending = !stream->headWritten;
    stream->headWritten = true;
    stream->bodyWritten += chunk.size();
    if (exchange && headPending)
        exchange->writeHead(stream->statusCode, stream->responseHeaders, chunk);
    else if (exchange)
        exchange->writeBody(chunk);
}

// The stream stays in the connection's table, holding one of its per-pod slots, until the
// function sends SyncCancel for it or disconnects: SlimFaas removes a stream only when it
// has seen its response to the end.
void SlimFaasEmulatorPrivate::leakSyncStream(EmulatorSyncStream *stream, const QString &why)
{
    stream->leaked = true;
    disarmSyncTimeout(stream);
    stream->earlyChunks.clear();
    if (stream->exchange)
        QObject::disconnect(stream->exchange, nullptr, q_ptr, nullptr);
    stream->exchange = nullptr;
    EmulatorConnection *connection = this->connection(stream->connection);
    if (!connection) {
        closeSyncStream(stream); // nothing left to hold a slot of
        return;
    }
    int held = 0;
    for (const QString &id : std::as_const(connection->syncStreams)) {
        if (const EmulatorSyncStream *other = syncStream(id); other && other->leaked)
            ++held;
    }
    const QHash<QString, EmulatorFunction> &functions = nodeOf(connection).functions;
    const auto function = functions.constFind(stream->functionName);
    const int perPod
            = function == functions.cend() ? 0 : function->config.numberParallelRequestPerPod();
    warn(QStringLiteral("sync-slot-leaked"), stream->functionName,
         SlimFaasEmulator::tr("sync request %1 (%2) is never removed by SlimFaas, not even by "
                              "its SyncResponseEnd: only a SyncCancel for it or a disconnect "
                              "frees its slot. Connection %3 now holds %4 such slot(s) of its "
                              "%5 (numberParallelRequestPerPod); once all are held, every sync "
                              "call and async try it gets is answered 503.")
                 .arg(stream->correlationId, why, connection->id)
                 .arg(held)
                 .arg(perPod));
}

void SlimFaasEmulatorPrivate::finishSyncStream(EmulatorSyncStream *stream)
{
    Q_Q(SlimFaasEmulator);
    EmulatorHttpExchange *exchange = stream->callerGone ? nullptr : stream->exchange.data();
    if (stream->contentLength && stream->bodyWritten < *stream->contentLength) {
        // Kestrel sees fewer bytes than the length SlimFaas kept: nothing sent yet, it
        // answers 500 instead; otherwise it closes the connection mid-body.
        warn(QStringLiteral("content-length-mismatch"), stream->functionName,
             SlimFaasEmulator::tr("sync request %1: the function declared Content-Length %2 but "
                                  "sent %3 bytes. SlimFaas keeps its Content-Length: %4")
                     .arg(stream->correlationId)
                     .arg(*stream->contentLength)
                     .arg(stream->bodyWritten)
                     .arg(stream->headWritten
                                  ? SlimFaasEmulator::tr("the caller's response is cut short.")
                                  : SlimFaasEmulator::tr("Kestrel answers the caller 500.")));
        if (exchange) {
            if (stream->headWritten) {
                exchange->abort();
            } else {
                stream->headWritten = true;
                exchange->respond(500);
            }
        }
        emit q->syncRequestCancelled(stream->functionName, stream->correlationId,
                                     SlimFaasEmulator::tr("response shorter than its "
                                                          "Content-Length"));
        closeSyncStream(stream);
        return;
    }
    if (exchange) {
        if (stream->headWritten) {
            exchange->end();
        } else {
            stream->headWritten = true;
            SlimFaasHeaders headers; // its Content-Length is 0 or none: respond() writes one
            for (auto it = stream->responseHeaders.cbegin(); it != stream->responseHeaders.cend();
                 ++it) {
                if (it.key().compare(QLatin1String("Content-Length"), Qt::CaseInsensitive) != 0)
                    headers.insert(it.key(), it.value());
            }
            exchange->respond(stream->statusCode, {}, headers);
        }
    }
    if (!stream->callerGone)
        emit q->syncRequestFinished(stream->functionName, stream->correlationId,
                                    stream->statusCode);
    closeSyncStream(stream);
}

void SlimFaasEmulatorPrivate::closeSyncStream(EmulatorSyncStream *stream)
{
    if (EmulatorConnection *connection = this->connection(stream->connection))
        connection->syncStreams.remove(stream->correlationId);
    // The exchange's body signals, when connected, stay connected until it goes: each slot
    // looks its stream up by id and finds none (disconnecting by receiver walked every
    // connection of the exchange).
    disarmSyncTimeout(stream);
    const QString functionName = stream->functionName;
    syncStreams.erase(stream->correlationId); // frees it
    dispatch(functionName);                   // the connection has a free slot again
}
