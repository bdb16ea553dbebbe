// Sync calls through the emulator: /function/<name>/<path> bridged to binary frames
// (PROTOCOL.md §6), with the server's behaviour at the edges.

#include "emulatorsyncresponsecheck_p.h"
#include "slimfaasemulator_p.h"

#include <QtWebSockets/qwebsocket.h>

using SlimFaasProtocol::MessageType;

void SlimFaasEmulatorPrivate::handleSyncRoute(EmulatorHttpExchange *exchange,
                                              const QString &functionName, const QString &path)
{
    Q_Q(SlimFaasEmulator);
    const EmulatorFunction *found = beginFunctionRoute(exchange, functionName, path, Route::Sync);
    if (!found)
        return;
    if (found->config.functionName() != functionName) {
        // Found ignoring case, then looked for under the caller's spelling: no connection.
        exchange->respond(503);
        return;
    }
    EmulatorFunction &function = functions[functionName];
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
    stream->responseTimer.setSingleShot(true);
    QObject::connect(&stream->responseTimer, &QTimer::timeout, q, [this, id] {
        EmulatorSyncStream *stream = syncStream(id);
        if (!stream)
            return;
        log.info(QStringLiteral("syncTimeout"), stream->functionName,
                 QStringLiteral("no response for sync %1 in %2 ms").arg(id).arg(syncTimeout));
        // The timeout ends in SlimFaas's catch-all of the /function route: 503.
        failSyncStream(stream, SlimFaasEmulator::tr("timeout"), true);
    });
    // Armed once the request body has gone out, as on SlimFaas (see forwardRequestBody()).

    // The caller went away. SlimFaas sends its SyncCancel with the caller's token, already
    // cancelled, so it never leaves: the function goes on. Before the response start the
    // stream is forgotten; after it, it keeps its per-pod slot until the function ends it.
    QObject::connect(exchange, &EmulatorHttpExchange::callerGone, q, [this, id, exchange] {
        Q_Q(SlimFaasEmulator);
        EmulatorSyncStream *stream = syncStream(id);
        if (!stream || stream->callerGone)
            return;
        stream->callerGone = true;
        if (exchange->isCutByServer()) {
            // The emulator's own limit gave up on a caller too far behind (an emulator
            // extra: SlimFaas would stall the function's socket instead). Nobody will read
            // the rest, so the function is told to stop.
            failSyncStream(stream, SlimFaasEmulator::tr("caller too far behind the response"),
                           true);
            return;
        }
        warn(QStringLiteral("sync-cancel-not-sent"), stream->functionName,
             SlimFaasEmulator::tr("the caller of sync request %1 went away: SlimFaas sends the "
                                  "function no SyncCancel%2.")
                     .arg(id,
                          stream->statusCode
                                  ? SlimFaasEmulator::tr(", and the stream keeps its slot of the "
                                                         "connection until the function ends it")
                                  : QString()));
        emit q->syncRequestCancelled(stream->functionName, id,
                                     SlimFaasEmulator::tr("caller went away"));
        if (!stream->statusCode)
            closeSyncStream(stream);
    });

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
        stream->responseTimer.start(syncTimeout);
        return;
    }
    // The body goes on as it arrives, not once complete.
    QObject::connect(exchange, &EmulatorHttpExchange::bodyDataAvailable, q, [this, id] {
        if (EmulatorSyncStream *stream = syncStream(id))
            forwardRequestBody(stream);
    });
    QObject::connect(exchange, &EmulatorHttpExchange::bodyFinished, q, [this, id] {
        if (EmulatorSyncStream *stream = syncStream(id))
            forwardRequestBody(stream);
    });
    forwardRequestBody(stream);
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
                        SlimFaasEmulator::tr("the sync request bodies for it are not read until "
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
            stream->responseTimer.start(syncTimeout);
    }
}

// SlimFaas sets the caller's status and headers when SyncResponseStart comes, but they leave
// with the first body bytes (or the end): until then a failure can still be a 503.
void SlimFaasEmulatorPrivate::writeResponseHead(EmulatorSyncStream *stream)
{
    if (stream->headWritten)
        return;
    stream->headWritten = true;
    if (stream->exchange && !stream->callerGone)
        stream->exchange->writeHead(stream->statusCode, stream->responseHeaders);
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
    EmulatorHttpExchange *exchange = stream->callerGone ? nullptr : stream->exchange.data();
    switch (frame.type) {
    case MessageType::SyncResponseStart: {
        if (stream->statusCode) {
            reject(connection, SlimFaasEmulator::tr("repeated SyncResponseStart ignored"));
            return;
        }
        QString error;
        auto head = SlimFaasProtocol::decodeSyncResponseHead(frame.payload, &error);
        if (!head) {
            // SlimFaas's wait for the start fails at once: SyncCancel back, 503.
            reject(connection, SlimFaasEmulator::tr("invalid SyncResponseStart: %1").arg(error));
            failSyncStream(stream, SlimFaasEmulator::tr("invalid response start"), true);
            return;
        }
        stream->responseTimer.stop();
        if (const QString invalid = checkSyncResponseHead(&*head); !invalid.isEmpty()) {
            // Nothing of it reaches the caller: 502, as a proxy answers for a bad upstream.
            log.warning(QStringLiteral("invalid-response"), stream->functionName,
                        QStringLiteral("function %1 sent an invalid response for sync %2 : %3")
                                .arg(stream->functionName, stream->correlationId, invalid));
            sendFrame(connection, MessageType::SyncCancel, stream->correlationId);
            if (exchange)
                exchange->respond(502, "The function's response was invalid.");
            Q_Q(SlimFaasEmulator);
            emit q->syncRequestCancelled(stream->functionName, stream->correlationId,
                                         SlimFaasEmulator::tr("invalid response: %1").arg(invalid));
            closeSyncStream(stream);
            return;
        }
        stream->statusCode = head->statusCode;
        stream->responseHeaders = head->headers;
        if (!stream->earlyChunks.isEmpty()) {
            writeResponseHead(stream);
            if (exchange)
                exchange->writeBody(stream->earlyChunks);
            stream->earlyChunks.clear();
        }
        if (stream->endReceived)
            finishSyncStream(stream);
        break;
    }
    case MessageType::SyncResponseChunk:
        if (!stream->statusCode) {
            // SlimFaas's chunk channel exists from the start of the stream: kept for later.
            stream->earlyChunks.append(frame.payload);
            return;
        }
        writeResponseHead(stream);
        if (exchange)
            exchange->writeBody(frame.payload);
        break;
    case MessageType::SyncResponseEnd:
        if (!stream->statusCode) {
            // The end is kept too; the caller still waits for the start.
            stream->endReceived = true;
            return;
        }
        finishSyncStream(stream);
        break;
    case MessageType::SyncCancel:
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

void SlimFaasEmulatorPrivate::finishSyncStream(EmulatorSyncStream *stream)
{
    Q_Q(SlimFaasEmulator);
    if (stream->exchange && !stream->callerGone) {
        if (stream->headWritten) {
            stream->exchange->end();
        } else {
            stream->headWritten = true;
            stream->exchange->respond(stream->statusCode, {}, stream->responseHeaders);
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
    if (stream->exchange)
        QObject::disconnect(stream->exchange, nullptr, q_ptr, nullptr);
    const QString functionName = stream->functionName;
    syncStreams.erase(stream->correlationId); // frees it
    dispatch(functionName); // the connection has a free slot again
}
