// SPDX-License-Identifier: MIT
#ifndef SLIMFAASPROTOCOL_H
#define SLIMFAASPROTOCOL_H

#include "slimfaasasyncrequest.h"
#include "slimfaasfunctionconfig.h"
#include "slimfaasheaders.h"
#include "slimfaaspublishevent.h"
#include "slimfaasqtclient_export.h"

#include <QtCore/qbytearray.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qjsonvalue.h>
#include <QtCore/qobjectdefs.h>
#include <QtCore/qstring.h>
#include <QtCore/qstringview.h>

#include <optional>

// The SlimFaas WebSocket wire format (docs/protocol.md §2 to §6): bytes in, bytes out, no
// sockets.
// Shared by the client, the emulator and the monitor. Every decode function validates its
// input and reports a readable reason through `error` instead of trusting the peer.
// Threads: every function is reentrant (no shared state) and may run in any thread.
namespace SlimFaasProtocol {
Q_NAMESPACE_EXPORT(SLIMFAASQT_CLIENT_EXPORT)

// The type of a protocol message: the number in an envelope's type, or a frame's first byte.
// int-backed, as QML and QVariant read enums (the wire carries it as one byte).
enum class MessageType : int {
    // JSON envelopes (text messages)
    Register = 0,         // function to server: the function's name and configuration
    RegisterResponse = 1, // server to function: accepted, or refused with a reason
    AsyncRequest = 2,     // server to function: one try of a queued request
    AsyncCallback = 3,    // function to server: the status of a request
    PublishEvent = 4,     // server to function: an event
    Ping = 5,             // function to server
    Pong = 6,             // server to function, with the Ping's correlationId
    // Sync streaming frames (binary messages)
    SyncRequestStart = 0x10,  // server to function: method, path, query, headers
    SyncRequestChunk = 0x11,  // server to function: body bytes
    SyncRequestEnd = 0x12,    // server to function: the request body is complete
    SyncResponseStart = 0x20, // function to server: status and headers
    SyncResponseChunk = 0x21, // function to server: body bytes
    SyncResponseEnd = 0x22,   // function to server: the response is complete
    SyncCancel = 0x30,        // either way: the stream is abandoned
};
Q_ENUM_NS(MessageType)

// The type's name ("AsyncRequest"), and whether a raw number is an envelope's type
// (isEnvelopeType()) or a frame's (isFrameType()).
SLIMFAASQT_CLIENT_EXPORT QString messageTypeName(MessageType type);
SLIMFAASQT_CLIENT_EXPORT bool isEnvelopeType(int type);
SLIMFAASQT_CLIENT_EXPORT bool isFrameType(int type);

constexpr int FrameHeaderSize = 42; // type(1) + correlationId(36) + flags(1) + length(4)
// The frame header's fields: the correlationId's size, and FrameFlagEndOfStream, the flag of
// a stream's last frame.
constexpr int FrameCorrelationIdSize = 36;
constexpr quint8 FrameFlagEndOfStream = 0x01;
constexpr int ServerChunkSize = 32 * 1024; // SyncRequestChunk size the server uses

// A fresh correlation id: a GUID with dashes, 36 ASCII characters, fit for both envelopes
// and binary frames.
SLIMFAASQT_CLIENT_EXPORT QString newCorrelationId();

// ---------------------------------------------------------------- JSON envelope (§2)

// A text message: its type, correlationId and payload.
struct Envelope
{
    // Kept as the raw number: a type this version does not know is not a decode error,
    // the receiver decides to ignore it (docs/protocol.md §2).
    int type = -1;
    QString correlationId; // echoed by an answer (RegisterResponse, Pong, AsyncCallback)
    QJsonValue payload;    // an object, or null
};

// A text message's bytes, and the envelope read from them (nothing, and the reason in *error,
// for one that is not JSON or lacks a member; a missing type reads as Register, as on the
// server).
SLIMFAASQT_CLIENT_EXPORT QByteArray encodeEnvelope(MessageType type, const QString &correlationId,
                                                   const QJsonValue &payload = QJsonValue::Null);
SLIMFAASQT_CLIENT_EXPORT std::optional<Envelope> decodeEnvelope(const QByteArray &json,
                                                                QString *error = nullptr);

// ---------------------------------------------------------------- payloads

// Register (§3): the payload of registerPayload(), whose "configuration" member is
// functionConfigurationToJson().
SLIMFAASQT_CLIENT_EXPORT QJsonObject registerPayload(const SlimFaasFunctionConfig &config);
SLIMFAASQT_CLIENT_EXPORT QJsonObject
functionConfigurationToJson(const SlimFaasFunctionConfig &config);
// A missing or empty functionName is NOT an error here: the server answers it with its own
// refusal message, so the caller must see it.
SLIMFAASQT_CLIENT_EXPORT std::optional<SlimFaasFunctionConfig>
parseRegisterPayload(const QJsonValue &payload, QString *error = nullptr);

// RegisterResponse (§3): accepted with a connectionId, or refused with the server's error.
struct RegisterResponse
{
    bool success = false; // whether the registration was accepted
    QString error;        // the refusal's message, word for word (docs/protocol.md §3)
    QString connectionId; // 32 hex digits when accepted, empty otherwise
};
// A RegisterResponse's payload, and one read from a payload (parseRegisterResponse()).
SLIMFAASQT_CLIENT_EXPORT QJsonObject registerResponsePayload(const RegisterResponse &response);
SLIMFAASQT_CLIENT_EXPORT std::optional<RegisterResponse>
parseRegisterResponse(const QJsonValue &payload, QString *error = nullptr);

// AsyncRequest (§4): asyncRequestPayload() and parseAsyncRequest(). receivedAt is left unset:
// it is the receiver's bookkeeping.
SLIMFAASQT_CLIENT_EXPORT QJsonObject asyncRequestPayload(const SlimFaasAsyncRequest &request);
// The whole AsyncRequest envelope: the same bytes as encodeEnvelope(AsyncRequest,
// correlationId, asyncRequestPayload(request)) at a fraction of the cost, since every
// dispatch sends one.
SLIMFAASQT_CLIENT_EXPORT QByteArray encodeAsyncRequest(const QString &correlationId,
                                                       const SlimFaasAsyncRequest &request);
SLIMFAASQT_CLIENT_EXPORT std::optional<SlimFaasAsyncRequest>
parseAsyncRequest(const QJsonValue &payload, QString *error = nullptr);

// AsyncCallback (§4)
// The answer to one async request.
struct AsyncCallback
{
    QString elementId;  // the request's elementId
    int statusCode = 0; // 2xx done, 500/502/503 retried (docs/protocol.md §4)
};
// An AsyncCallback's payload, and one read from a payload (parseAsyncCallback(); a missing
// statusCode is 200).
SLIMFAASQT_CLIENT_EXPORT QJsonObject asyncCallbackPayload(const AsyncCallback &callback);
SLIMFAASQT_CLIENT_EXPORT std::optional<AsyncCallback> parseAsyncCallback(const QJsonValue &payload,
                                                                         QString *error = nullptr);

// PublishEvent (§5): publishEventPayload() and parsePublishEvent(). The event's
// correlationId travels in the envelope, not the payload.
SLIMFAASQT_CLIENT_EXPORT QJsonObject publishEventPayload(const SlimFaasPublishEvent &event);
SLIMFAASQT_CLIENT_EXPORT std::optional<SlimFaasPublishEvent>
parsePublishEvent(const QJsonValue &payload, QString *error = nullptr);

// The fast path for the two messages that carry the traffic, AsyncRequest and PublishEvent:
// read in one pass straight from the text of a WebSocket message (no UTF-8 round trip, no
// intermediate document), the body decoded once into its buffer. Anything else, and
// anything unusual in those two (a field of the wrong type, invalid base64, deep nesting),
// gives std::nullopt: decodeEnvelope() and the parse functions above handle it and say what
// is wrong. What it returns is exactly what those would build.
struct TrafficMessage
{
    MessageType type = MessageType::AsyncRequest; // AsyncRequest or PublishEvent
    QString correlationId;                        // the envelope's
    // The one the type says; only that one is built.
    std::optional<SlimFaasAsyncRequest> asyncRequest;
    std::optional<SlimFaasPublishEvent> publishEvent; // its correlationId not set
};
// An event's body stays in base64 inside `text` (shared, not copied) until asked for.
SLIMFAASQT_CLIENT_EXPORT std::optional<TrafficMessage> decodeTrafficMessage(const QString &text);

// An AsyncCallback envelope, written from a template: the same bytes as
// encodeEnvelope(AsyncCallback, elementId, asyncCallbackPayload(...)) at a fraction of the
// cost, since every request gets one.
SLIMFAASQT_CLIENT_EXPORT QByteArray encodeAsyncCallback(const AsyncCallback &callback);
// The same message as text, what QWebSocket::sendTextMessage() takes: the client sends one
// per request and so skips a UTF-8 round trip.
SLIMFAASQT_CLIENT_EXPORT QString encodeAsyncCallbackText(const AsyncCallback &callback);

// Appends `text` to `json` as a JSON string: the bytes QJsonDocument::toJson() writes for it
// (its escapes, lone surrogates as \uXXXX), for JSON written without a QJsonObject.
SLIMFAASQT_CLIENT_EXPORT void appendJsonString(QByteArray *json, QStringView text);

// Headers: {"Name": ["v1", "v2"]}. A bare string value is accepted as a one-value list.
SLIMFAASQT_CLIENT_EXPORT QJsonObject headersToJson(const SlimFaasHeaders &headers);
// The headers of a JSON object, or nothing (and the reason in *error) for anything else.
SLIMFAASQT_CLIENT_EXPORT std::optional<SlimFaasHeaders> headersFromJson(const QJsonValue &value,
                                                                        QString *error = nullptr);

// ---------------------------------------------------------------- binary frames (§6)

// A binary message: one frame of a sync stream.
struct Frame
{
    MessageType type = MessageType::SyncCancel; // the type byte, kept even when unknown
    QString correlationId;                      // trailing padding removed
    quint8 flags = 0;                           // FrameFlagEndOfStream or 0
    QByteArray payload;                         // the bytes after the header

    // Whether this is the last frame of its direction of the stream.
    bool isEndOfStream() const { return flags & FrameFlagEndOfStream; }
};

// A frame's bytes: the 42-byte header and the payload.
SLIMFAASQT_CLIENT_EXPORT QByteArray encodeFrame(MessageType type, const QString &correlationId,
                                                const QByteArray &payload = {}, quint8 flags = 0);
// Fails for a message shorter than the header. A declared length that disagrees with the
// real payload is not an error: like the server, the smaller of the two is used, and
// `lengthMismatch` (when given) says it happened. Unknown type bytes are kept as they are.
SLIMFAASQT_CLIENT_EXPORT std::optional<Frame>
decodeFrame(const QByteArray &message, QString *error = nullptr, bool *lengthMismatch = nullptr);

// JSON payloads of the Start frames. SyncRequestStart's: the caller's request.
struct SyncRequestHead
{
    QString method = QStringLiteral("GET"); // the caller's method
    QString path;                           // without a leading slash
    QString query;                          // with its leading '?', or empty
    SlimFaasHeaders headers;                // the caller's headers
};
// SyncRequestStart's payload, and one read from its JSON.
SLIMFAASQT_CLIENT_EXPORT QByteArray encodeSyncRequestHead(const SyncRequestHead &head);
SLIMFAASQT_CLIENT_EXPORT std::optional<SyncRequestHead>
decodeSyncRequestHead(const QByteArray &json, QString *error = nullptr);

// SyncResponseStart's payload: the function's status and headers.
struct SyncResponseHead
{
    int statusCode = 200;    // the caller's status
    SlimFaasHeaders headers; // the caller's headers
};
// SyncResponseStart's payload, and one read from its JSON.
SLIMFAASQT_CLIENT_EXPORT QByteArray encodeSyncResponseHead(const SyncResponseHead &head);
SLIMFAASQT_CLIENT_EXPORT std::optional<SyncResponseHead>
decodeSyncResponseHead(const QByteArray &json, QString *error = nullptr);

} // namespace SlimFaasProtocol

#endif // SLIMFAASPROTOCOL_H
