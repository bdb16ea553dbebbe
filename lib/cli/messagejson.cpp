// SPDX-License-Identifier: MIT
#include "messagejson.h"

#include <QtCore/qdatetime.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qstringconverter.h>

using SlimFaasProtocol::MessageType;

void insertMessageBody(QJsonObject &line, const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder.decode(bytes);
    if (!decoder.hasError()) {
        line.insert(QLatin1String("body"), text);
        line.insert(QLatin1String("bodyEncoding"), QLatin1String("utf8"));
    } else {
        line.insert(QLatin1String("body"), QString::fromLatin1(bytes.toBase64()));
        line.insert(QLatin1String("bodyEncoding"), QLatin1String("base64"));
    }
}

namespace {

void inlineObject(QJsonObject &line, const QJsonObject &fields)
{
    for (auto it = fields.constBegin(); it != fields.constEnd(); ++it) {
        if (it.key() != QLatin1String("body"))
            line.insert(it.key(), it.value());
    }
    const QJsonValue body = fields.value(QLatin1String("body"));
    if (body.isString()) {
        const auto decoded = QByteArray::fromBase64Encoding(
                body.toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (decoded)
            insertMessageBody(line, *decoded);
        else
            line.insert(QLatin1String("body"), body); // shown as received: it is invalid
    } else if (fields.contains(QLatin1String("body"))) {
        line.insert(QLatin1String("body"), QJsonValue::Null);
    }
}

} // namespace

QJsonObject describeMessage(const char *direction, MessageType type,
                            const QString &correlationId, const QByteArray &message)
{
    QJsonObject line{
        { QLatin1String("time"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs) },
        { QLatin1String("direction"), QLatin1String(direction) },
        { QLatin1String("type"), SlimFaasProtocol::messageTypeName(type) },
        { QLatin1String("typeCode"), int(type) },
        { QLatin1String("correlationId"), correlationId },
    };
    if (SlimFaasProtocol::isEnvelopeType(int(type)) || !SlimFaasProtocol::isFrameType(int(type))) {
        const auto envelope = SlimFaasProtocol::decodeEnvelope(message);
        if (envelope && envelope->payload.isObject())
            inlineObject(line, envelope->payload.toObject());
        return line;
    }
    const auto frame = SlimFaasProtocol::decodeFrame(message);
    if (!frame)
        return line;
    line.insert(QLatin1String("flags"), int(frame->flags));
    line.insert(QLatin1String("endOfStream"), frame->isEndOfStream());
    if (type == MessageType::SyncRequestStart || type == MessageType::SyncResponseStart) {
        const QJsonDocument head = QJsonDocument::fromJson(frame->payload);
        if (head.isObject())
            inlineObject(line, head.object());
        else
            insertMessageBody(line, frame->payload);
    } else if (!frame->payload.isEmpty()) {
        insertMessageBody(line, frame->payload);
    }
    return line;
}
