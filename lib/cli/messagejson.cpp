// SPDX-License-Identifier: MIT
#include "messagejson.h"

#include <QtCore/qcoreapplication.h>
#include <QtCore/qdatetime.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qstringconverter.h>

using SlimFaasProtocol::MessageType;

void insertMessageBody(QJsonObject &line, QJsonObject &payload, const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder.decode(bytes);
    if (!decoder.hasError()) {
        payload.insert(QLatin1String("body"), text);
        line.insert(QLatin1String("bodyEncoding"), QLatin1String("utf8"));
    } else {
        payload.insert(QLatin1String("body"), QString::fromLatin1(bytes.toBase64()));
        line.insert(QLatin1String("bodyEncoding"), QLatin1String("base64"));
    }
}

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(MessageJson)
};

// A body as the line writes it ("bodyEncoding"), back to its bytes.
std::optional<QByteArray> bodyBytes(const QJsonObject &line, const QJsonValue &body, QString *error)
{
    if (line.value(QLatin1String("bodyEncoding")).toString() == QLatin1String("base64")) {
        const auto decoded = QByteArray::fromBase64Encoding(
                body.toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded) {
            *error = Text::tr("\"body\" is not valid base64, as \"bodyEncoding\" says.");
            return std::nullopt;
        }
        return *decoded;
    }
    return body.toString().toUtf8();
}

// The message's payload object, its base64 "body" decoded for reading.
QJsonObject readablePayload(QJsonObject &line, QJsonObject payload)
{
    const QJsonValue body = payload.value(QLatin1String("body"));
    if (body.isString()) {
        const auto decoded = QByteArray::fromBase64Encoding(
                body.toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (decoded)
            insertMessageBody(line, payload, *decoded);
        // else shown as received: it is invalid
    }
    return payload;
}

QJsonObject lineHead(const char *direction, MessageType type, const QString &correlationId)
{
    return QJsonObject{
        { QLatin1String("time"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs) },
        { QLatin1String("direction"), QLatin1String(direction) },
        { QLatin1String("type"), SlimFaasProtocol::messageTypeName(type) },
        { QLatin1String("typeCode"), int(type) },
        { QLatin1String("correlationId"), correlationId },
    };
}

void insertEnvelope(QJsonObject &line, const SlimFaasProtocol::Envelope &envelope)
{
    line.insert(QLatin1String("payload"),
                envelope.payload.isObject() ? readablePayload(line, envelope.payload.toObject())
                                            : envelope.payload);
}

void insertFrame(QJsonObject &line, MessageType type, const SlimFaasProtocol::Frame &frame)
{
    line.insert(QLatin1String("flags"), int(frame.flags));
    line.insert(QLatin1String("endOfStream"), frame.isEndOfStream());
    QJsonObject payload;
    const QJsonDocument head
            = (type == MessageType::SyncRequestStart || type == MessageType::SyncResponseStart)
            ? QJsonDocument::fromJson(frame.payload)
            : QJsonDocument();
    if (head.isObject())
        payload = readablePayload(line, head.object());
    else if (!frame.payload.isEmpty())
        insertMessageBody(line, payload, frame.payload);
    line.insert(QLatin1String("payload"), payload);
}

} // namespace

QJsonObject describeMessage(const char *direction, MessageType type, const QString &correlationId,
                            const QByteArray &message)
{
    QJsonObject line = lineHead(direction, type, correlationId);
    if (SlimFaasProtocol::isEnvelopeType(int(type)) || !SlimFaasProtocol::isFrameType(int(type))) {
        if (const auto envelope = SlimFaasProtocol::decodeEnvelope(message))
            insertEnvelope(line, *envelope);
        return line;
    }
    if (const auto frame = SlimFaasProtocol::decodeFrame(message))
        insertFrame(line, type, *frame);
    return line;
}

QJsonObject describeWireMessage(const char *direction, bool binary, const QByteArray &message)
{
    // Decoded once, for the type and the line alike.
    QString error;
    if (!binary) {
        if (const auto envelope = SlimFaasProtocol::decodeEnvelope(message, &error)) {
            // No "type" is a Register, as on SlimFaas.
            const int type = envelope->type < 0 ? int(MessageType::Register) : envelope->type;
            QJsonObject line = lineHead(direction, MessageType(type), envelope->correlationId);
            insertEnvelope(line, *envelope);
            return line;
        }
    } else if (const auto frame = SlimFaasProtocol::decodeFrame(message, &error)) {
        QJsonObject line = lineHead(direction, frame->type, frame->correlationId);
        insertFrame(line, frame->type, *frame);
        return line;
    }
    QJsonObject line = lineHead(direction, MessageType::Register, QString());
    line.insert(QLatin1String("type"), QLatin1String("Unreadable"));
    line.insert(QLatin1String("typeCode"), -1);
    line.insert(QLatin1String("error"), error);
    QJsonObject payload;
    insertMessageBody(line, payload, message);
    line.insert(QLatin1String("payload"), payload);
    return line;
}

std::optional<QByteArray> encodeWireMessage(const QJsonObject &line, bool *binary, QString *error)
{
    const QJsonValue typeCode = line.value(QLatin1String("typeCode"));
    const QJsonValue correlationId = line.value(QLatin1String("correlationId"));
    if (!typeCode.isDouble() || typeCode.toDouble() != typeCode.toInt()) {
        *error = Text::tr("\"typeCode\" must be a message type's number.");
        return std::nullopt;
    }
    if (!correlationId.isString() && !correlationId.isUndefined()) {
        *error = Text::tr("\"correlationId\" must be a string.");
        return std::nullopt;
    }
    const int type = typeCode.toInt();
    const QJsonValue payload = line.value(QLatin1String("payload"));
    const QJsonValue body = payload.toObject().value(QLatin1String("body"));
    if (type == -1) { // unreadable: its bytes as they were
        const auto bytes = bodyBytes(line, body, error);
        *binary = line.value(QLatin1String("binary")).toBool();
        return bytes;
    }
    if (SlimFaasProtocol::isFrameType(type)) {
        *binary = true;
        const QString id = correlationId.toString();
        if (id.size() > 36 || QStringView(id).toLatin1() != id.toUtf8()) {
            *error = Text::tr("A frame's \"correlationId\" is at most 36 ASCII characters.");
            return std::nullopt;
        }
        const QJsonValue flags = line.value(QLatin1String("flags"));
        const int flagBits = flags.isDouble()
                ? flags.toInt()
                : (line.value(QLatin1String("endOfStream")).toBool() ? 0x01 : 0);
        if (flagBits < 0 || flagBits > 255) {
            *error = Text::tr("\"flags\" is one byte, 0 to 255.");
            return std::nullopt;
        }
        QByteArray bytes;
        const auto messageType = SlimFaasProtocol::MessageType(type);
        if (messageType == SlimFaasProtocol::MessageType::SyncRequestStart
            || messageType == SlimFaasProtocol::MessageType::SyncResponseStart) {
            QJsonObject head = payload.toObject();
            if (head.contains(QLatin1String("body"))) {
                const auto decoded = bodyBytes(line, body, error);
                if (!decoded)
                    return std::nullopt;
                head.insert(QLatin1String("body"), QString::fromLatin1(decoded->toBase64()));
            }
            bytes = QJsonDocument(head).toJson(QJsonDocument::Compact);
        } else if (body.isString()) {
            const auto decoded = bodyBytes(line, body, error);
            if (!decoded)
                return std::nullopt;
            bytes = *decoded;
        }
        return SlimFaasProtocol::encodeFrame(messageType, id, bytes, quint8(flagBits));
    }
    *binary = false;
    if (!payload.isObject() && !payload.isNull() && !payload.isUndefined()) {
        *error = Text::tr("\"payload\" must be an object or null.");
        return std::nullopt;
    }
    QJsonValue wirePayload = payload.isUndefined() ? QJsonValue(QJsonValue::Null) : payload;
    if (body.isString()) {
        const auto decoded = bodyBytes(line, body, error);
        if (!decoded)
            return std::nullopt;
        QJsonObject object = payload.toObject();
        object.insert(QLatin1String("body"), QString::fromLatin1(decoded->toBase64()));
        wirePayload = object;
    }
    return SlimFaasProtocol::encodeEnvelope(SlimFaasProtocol::MessageType(type),
                                            correlationId.toString(), wirePayload);
}
