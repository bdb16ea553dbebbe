// Sync calls through the emulator: /function/<name>/<path> bridged to binary frames
// (PROTOCOL.md §6).

#include "emulatorsyncresponsecheck_p.h"
#include "slimfaasemulator_p.h"

#include <QtWebSockets/qwebsocket.h>

using SlimFaasProtocol::MessageType;

namespace {
bool methodHasNoBody(const QString &method)
{
    return method == QLatin1String("GET") || method == QLatin1String("HEAD")
            || method == QLatin1String("DELETE") || method == QLatin1String("TRACE");
}
} // namespace

void SlimFaasEmulatorPrivate::handleSyncRoute(EmulatorHttpExchange *exchange,
                                              const QString &functionName, const QString &path)
{
    Q_Q(SlimFaasEmulator);
    // A function without connections is unknown to SlimFaas (it forgot its configuration).
    auto function = functions.find(functionName);
    if (function == functions.end() || function->connections.isEmpty()) {
        exchange->respond(404);
        return;
    }
    if (visibilityOf(*function, path) == SlimFaas::Visibility::Private && !isTrusted(exchange)) {
        exchange->respond(404);
        return;
    }
    EmulatorConnection *connection = selectConnection(*function);
    if (!connection) {
        exchange->respond(503, "Every WebSocket client of this function is busy.");
        return;
    }

    auto *stream = new EmulatorSyncStream;
    stream->correlationId = SlimFaasProtocol::newCorrelationId();
    stream->functionName = functionName;
    stream->connection = connection;
    stream->exchange = exchange;
    syncStreams.insert(stream->correlationId, stream);
    connection->syncStreams.insert(stream->correlationId);

    const QString id = stream->correlationId;
    stream->responseTimer.setSingleShot(true);
    QObject::connect(&stream->responseTimer, &QTimer::timeout, q, [this, id] {
        Q_Q(SlimFaasEmulator);
        EmulatorSyncStream *stream = syncStreams.value(id);
        if (!stream)
            return;
        qCInfo(lcSlimFaasEmulator) << "no response for sync" << id << "in" << syncTimeout << "ms";
        sendFrame(stream->connection, MessageType::SyncCancel, id);
        // The timeout ends in SlimFaas's catch-all of the /function route: 503.
        if (stream->exchange)
            stream->exchange->respond(503, "The function did not answer in time.");
        emit q->syncRequestCancelled(stream->functionName, id, SlimFaasEmulator::tr("timeout"));
        closeSyncStream(stream);
    });
    // Armed once the request body has gone out, as on SlimFaas (see forwardRequestBody()).

    // The caller went away: tell the function to stop.
    QObject::connect(exchange, &EmulatorHttpExchange::callerGone, q, [this, id] {
        Q_Q(SlimFaasEmulator);
        EmulatorSyncStream *stream = syncStreams.value(id);
        if (!stream)
            return;
        sendFrame(stream->connection, MessageType::SyncCancel, id);
        emit q->syncRequestCancelled(stream->functionName, id,
                                     SlimFaasEmulator::tr("caller went away"));
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
        if (EmulatorSyncStream *stream = syncStreams.value(id))
            forwardRequestBody(stream);
    });
    QObject::connect(exchange, &EmulatorHttpExchange::bodyFinished, q, [this, id] {
        if (EmulatorSyncStream *stream = syncStreams.value(id))
            forwardRequestBody(stream);
    });
    forwardRequestBody(stream);
}

void SlimFaasEmulatorPrivate::forwardRequestBody(EmulatorSyncStream *stream)
{
    if (!stream->exchange)
        return;
    const QByteArray data = stream->exchange->takeBody();
    for (qsizetype offset = 0; offset < data.size(); offset += SlimFaasProtocol::ServerChunkSize)
        sendFrame(stream->connection, MessageType::SyncRequestChunk, stream->correlationId,
                  data.mid(offset, SlimFaasProtocol::ServerChunkSize));
    if (stream->exchange->isBodyComplete() && !stream->requestEndSent) {
        stream->requestEndSent = true;
        sendFrame(stream->connection, MessageType::SyncRequestEnd, stream->correlationId, {},
                  SlimFaasProtocol::FrameFlagEndOfStream);
        // SlimFaas waits for the response start from here, once the body is sent.
        if (!stream->statusCode)
            stream->responseTimer.start(syncTimeout);
    }
}

void SlimFaasEmulatorPrivate::handleSyncFrame(EmulatorConnection *connection,
                                              const SlimFaasProtocol::Frame &frame)
{
    Q_Q(SlimFaasEmulator);
    EmulatorSyncStream *stream = syncStreams.value(frame.correlationId);
    if (!stream || stream->connection != connection) {
        reject(connection,
               SlimFaasEmulator::tr("frame %1 for unknown stream %2 ignored")
                       .arg(SlimFaasProtocol::messageTypeName(frame.type), frame.correlationId));
        return;
    }
    EmulatorHttpExchange *exchange = stream->exchange;
    switch (frame.type) {
    case MessageType::SyncResponseStart: {
        QString error;
        auto head = SlimFaasProtocol::decodeSyncResponseHead(frame.payload, &error);
        if (!head || stream->statusCode) {
            reject(connection,
                   SlimFaasEmulator::tr("invalid or repeated SyncResponseStart "
                                        "ignored: %1")
                           .arg(error));
            return;
        }
        stream->responseTimer.stop();
        if (const QString invalid = checkSyncResponseHead(&*head); !invalid.isEmpty()) {
            // Nothing of it reaches the caller: 502, as a proxy answers for a bad upstream.
            qCWarning(lcSlimFaasEmulator).noquote()
                    << "function" << stream->functionName << "sent an invalid response for sync"
                    << stream->correlationId << ":" << invalid;
            sendFrame(connection, MessageType::SyncCancel, stream->correlationId);
            if (exchange)
                exchange->respond(502, "The function's response was invalid.");
            emit q->syncRequestCancelled(stream->functionName, stream->correlationId,
                                         SlimFaasEmulator::tr("invalid response: %1").arg(invalid));
            closeSyncStream(stream);
            return;
        }
        stream->statusCode = head->statusCode;
        if (exchange)
            exchange->writeHead(head->statusCode, head->headers);
        break;
    }
    case MessageType::SyncResponseChunk:
        if (!stream->statusCode) {
            reject(connection, SlimFaasEmulator::tr("response chunk before its start ignored"));
            return;
        }
        if (exchange)
            exchange->writeBody(frame.payload);
        break;
    case MessageType::SyncResponseEnd:
        if (!stream->statusCode) {
            reject(connection, SlimFaasEmulator::tr("response end before its start ignored"));
            return;
        }
        if (exchange)
            exchange->end();
        emit q->syncRequestFinished(stream->functionName, stream->correlationId,
                                    stream->statusCode);
        closeSyncStream(stream);
        break;
    case MessageType::SyncCancel:
        // The function gave up. Before its response began, SlimFaas's wait for it fails: the
        // failure path sends a SyncCancel back and the caller gets 503 from the route's
        // catch-all. Once the response has begun the caller's connection is cut.
        if (exchange && !exchange->isHeadSent()) {
            sendFrame(connection, MessageType::SyncCancel, stream->correlationId);
            exchange->respond(503, "The function cancelled the request.");
        } else if (exchange) {
            exchange->abort();
        }
        emit q->syncRequestCancelled(stream->functionName, stream->correlationId,
                                     SlimFaasEmulator::tr("cancelled by the function"));
        closeSyncStream(stream);
        break;
    default:
        reject(connection, SlimFaasEmulator::tr("frame of type %1 ignored").arg(int(frame.type)));
        break;
    }
}

void SlimFaasEmulatorPrivate::closeSyncStream(EmulatorSyncStream *stream)
{
    syncStreams.remove(stream->correlationId);
    if (stream->connection)
        stream->connection->syncStreams.remove(stream->correlationId);
    if (stream->exchange)
        QObject::disconnect(stream->exchange, nullptr, q_ptr, nullptr);
    const QString functionName = stream->functionName;
    delete stream;
    dispatch(functionName); // the connection has a free slot again
}
