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

// The SlimFaas WebSocket wire format (PROTOCOL.md §2, §3-6): bytes in, bytes out, no sockets.
// Shared by the client, the emulator and the monitor. Every decode function validates its
// input and reports a readable reason through `error` instead of trusting the peer.
// Threads: every function is reentrant (no shared state) and may run in any thread.
namespace SlimFaasProtocol {
Q_NAMESPACE_EXPORT(SLIMFAASQT_CLIENT_EXPORT)

// The type of a protocol message. int-backed, as QML and QVariant read enums (the wire
// carries it as one byte).
enum class MessageType : int {
    // JSON envelopes (text messages)
    Register = 0,
    RegisterResponse = 1,
    AsyncRequest = 2,
    AsyncCallback = 3,
    PublishEvent = 4,
    Ping = 5,
    Pong = 6,
    // Sync streaming frames (binary messages)
    SyncRequestStart = 0x10,
    SyncRequestChunk = 0x11,
    SyncRequestEnd = 0x12,
    SyncResponseStart = 0x20,
    SyncResponseChunk = 0x21,
    SyncResponseEnd = 0x22,
    SyncCancel = 0x30,
};
Q_ENUM_NS(MessageType)

SLIMFAASQT_CLIENT_EXPORT QString messageTypeName(MessageType type);
SLIMFAASQT_CLIENT_EXPORT bool isEnvelopeType(int type);
SLIMFAASQT_CLIENT_EXPORT bool isFrameType(int type);

constexpr int FrameHeaderSize = 42; // type(1) + correlationId(36) + flags(1) + length(4)
constexpr int FrameCorrelationIdSize = 36;
constexpr quint8 FrameFlagEndOfStream = 0x01;
constexpr int ServerChunkSize = 32 * 1024; // SyncRequestChunk size the server uses

// A fresh correlation id: a GUID with dashes, 36 ASCII characters, fit for both envelopes
// and binary frames.
SLIMFAASQT_CLIENT_EXPORT QString newCorrelationId();

// ---------------------------------------------------------------- JSON envelope (§2)

struct Envelope
{
    // Kept as the raw number: a type this version does not know is not a decode error,
    // the receiver decides to ignore it (PROTOCOL §2).
    int type = -1;
    QString correlationId;
    QJsonValue payload; // an object, or null
};

SLIMFAASQT_CLIENT_EXPORT QByteArray encodeEnvelope(MessageType type, const QString &correlationId,
                                                   const QJsonValue &payload = QJsonValue::Null);
SLIMFAASQT_CLIENT_EXPORT std::optional<Envelope> decodeEnvelope(const QByteArray &json,
                                                                QString *error = nullptr);

// ---------------------------------------------------------------- payloads

// Register (§3)
SLIMFAASQT_CLIENT_EXPORT QJsonObject registerPayload(const SlimFaasFunctionConfig &config);
SLIMFAASQT_CLIENT_EXPORT QJsonObject
functionConfigurationToJson(const SlimFaasFunctionConfig &config);
// A missing or empty functionName is NOT an error here: the server answers it with its own
// refusal message, so the caller must see it.
SLIMFAASQT_CLIENT_EXPORT std::optional<SlimFaasFunctionConfig>
parseRegisterPayload(const QJsonValue &payload, QString *error = nullptr);

struct RegisterResponse
{
    bool success = false;
    QString error;
    QString connectionId;
};
SLIMFAASQT_CLIENT_EXPORT QJsonObject registerResponsePayload(const RegisterResponse &response);
SLIMFAASQT_CLIENT_EXPORT std::optional<RegisterResponse>
parseRegisterResponse(const QJsonValue &payload, QString *error = nullptr);

// AsyncRequest (§4). receivedAt is left unset: it is the receiver's bookkeeping.
SLIMFAASQT_CLIENT_EXPORT QJsonObject asyncRequestPayload(const SlimFaasAsyncRequest &request);
SLIMFAASQT_CLIENT_EXPORT std::optional<SlimFaasAsyncRequest>
parseAsyncRequest(const QJsonValue &payload, QString *error = nullptr);

// AsyncCallback (§4)
struct AsyncCallback
{
    QString elementId;
    int statusCode = 0;
};
SLIMFAASQT_CLIENT_EXPORT QJsonObject asyncCallbackPayload(const AsyncCallback &callback);
SLIMFAASQT_CLIENT_EXPORT std::optional<AsyncCallback> parseAsyncCallback(const QJsonValue &payload,
                                                                         QString *error = nullptr);

// PublishEvent (§5). The event's correlationId travels in the envelope, not the payload.
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
    QString correlationId;
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

// Headers: {"Name": ["v1", "v2"]}. A bare string value is accepted as a one-value list.
SLIMFAASQT_CLIENT_EXPORT QJsonObject headersToJson(const SlimFaasHeaders &headers);
SLIMFAASQT_CLIENT_EXPORT std::optional<SlimFaasHeaders> headersFromJson(const QJsonValue &value,
                                                                        QString *error = nullptr);

// ---------------------------------------------------------------- binary frames (§6)

struct Frame
{
    MessageType type = MessageType::SyncCancel;
    QString correlationId; // trailing padding removed
    quint8 flags = 0;
    QByteArray payload;

    bool isEndOfStream() const { return flags & FrameFlagEndOfStream; }
};

SLIMFAASQT_CLIENT_EXPORT QByteArray encodeFrame(MessageType type, const QString &correlationId,
                                                const QByteArray &payload = {}, quint8 flags = 0);
// Fails for a message shorter than the header. A declared length that disagrees with the
// real payload is not an error: like the server, the smaller of the two is used, and
// `lengthMismatch` (when given) says it happened. Unknown type bytes are kept as they are.
SLIMFAASQT_CLIENT_EXPORT std::optional<Frame>
decodeFrame(const QByteArray &message, QString *error = nullptr, bool *lengthMismatch = nullptr);

// JSON payloads of the Start frames.
struct SyncRequestHead
{
    QString method = QStringLiteral("GET");
    QString path;
    QString query;
    SlimFaasHeaders headers;
};
SLIMFAASQT_CLIENT_EXPORT QByteArray encodeSyncRequestHead(const SyncRequestHead &head);
SLIMFAASQT_CLIENT_EXPORT std::optional<SyncRequestHead>
decodeSyncRequestHead(const QByteArray &json, QString *error = nullptr);

struct SyncResponseHead
{
    int statusCode = 200;
    SlimFaasHeaders headers;
};
SLIMFAASQT_CLIENT_EXPORT QByteArray encodeSyncResponseHead(const SyncResponseHead &head);
SLIMFAASQT_CLIENT_EXPORT std::optional<SyncResponseHead>
decodeSyncResponseHead(const QByteArray &json, QString *error = nullptr);

} // namespace SlimFaasProtocol

#endif // SLIMFAASPROTOCOL_H
