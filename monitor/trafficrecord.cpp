// SPDX-License-Identifier: MIT
#include "trafficrecord.h"

#include <messagejson.h>

#include <QtCore/qcoreapplication.h>
#include <QtCore/qdatetime.h>
#include <QtCore/qhash.h>
#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qmutex.h>
#include <QtCore/qstringlist.h>

using SlimFaasProtocol::MessageType;

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(TrafficRecord)
};

// Keys that have a fixed field of their own; every other key goes to the extra JSON.
const QLatin1String fixedKeys[] = {
    QLatin1String("time"),      QLatin1String("direction"),     QLatin1String("type"),
    QLatin1String("typeCode"),  QLatin1String("correlationId"), QLatin1String("method"),
    QLatin1String("path"),      QLatin1String("query"),         QLatin1String("statusCode"),
    QLatin1String("tryNumber"), QLatin1String("body"),          QLatin1String("bodyEncoding"),
    QLatin1String("bodySize"),  QLatin1String("flags"),         QLatin1String("endOfStream"),
    QLatin1String("note"),
};

// The message's own fields that have a field of their own in a record (under "payload" in a
// line of the current form); every other payload key goes to the extra JSON.
const QLatin1String recordedPayloadKeys[] = {
    QLatin1String("method"),     QLatin1String("path"),      QLatin1String("query"),
    QLatin1String("statusCode"), QLatin1String("tryNumber"), QLatin1String("body"),
};

// The status of an AsyncCallback written from the client's template (encodeAsyncCallback():
// every callback the monitor's client sends), told by its bytes; 0 for any other message.
// Its record is known without decoding it.
int templateCallbackStatus(MessageType type, const QString &correlationId,
                           const QByteArray &message)
{
    if (type != MessageType::AsyncCallback)
        return 0;
    const QByteArray sample = SlimFaasProtocol::encodeAsyncCallback({ correlationId, 200 });
    const qsizetype digits = sample.indexOf("\"statusCode\":") + 13;
    if (digits < 13 || message.size() != sample.size())
        return 0;
    const int status = QByteArrayView(message).sliced(digits, 3).toInt();
    if (status < 100 || status > 999)
        return 0;
    QByteArray expected = sample;
    expected.replace(digits, 3, QByteArray::number(status));
    return message == expected ? status : 0;
}

bool containsNumber(const QJsonValue &value)
{
    if (value.isDouble())
        return true;
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        return std::any_of(array.begin(), array.end(),
                           [](const QJsonValue &element) { return containsNumber(element); });
    }
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        return std::any_of(object.begin(), object.end(),
                           [](const QJsonValue &member) { return containsNumber(member); });
    }
    return false;
}

// QJsonDocument's compact JSON of an object. Records that follow each other mostly carry the
// same extra fields (a caller's headers): the last text is reused while they stay the same.
// Not for objects with numbers: whether numbers that compare equal are always written alike
// is QJsonDocument's business.
QByteArray compactJson(const QJsonObject &object)
{
    thread_local QJsonObject last;
    thread_local QByteArray lastJson;
    if (!lastJson.isEmpty() && object == last)
        return lastJson;
    QByteArray json = QJsonDocument(object).toJson(QJsonDocument::Compact);
    if (!containsNumber(object)) {
        last = object;
        lastJson = json;
    }
    return json;
}

// Requests and callbacks repeat their correlationId as elementId: kept once, restored on
// export, which saves a third of a small record.
bool repeatsElementId(MessageType type)
{
    return type == MessageType::AsyncRequest || type == MessageType::AsyncCallback;
}

bool fail(QString *errorString, const QString &message)
{
    if (errorString)
        *errorString = message;
    return false;
}

} // namespace

std::optional<TrafficRecord> TrafficRecord::fromJson(const QJsonObject &line, QString *errorString)
{
    TrafficRecord record;
    const QJsonValue typeCode = line.value(QLatin1String("typeCode"));
    if (!typeCode.isDouble() || typeCode.toInt(-1) < 0 || typeCode.toInt(-1) > 0xff) {
        fail(errorString, Text::tr("no typeCode"));
        return std::nullopt;
    }
    record.m_type = quint8(typeCode.toInt());
    const QString direction = line.value(QLatin1String("direction")).toString();
    if (direction == QLatin1String("in"))
        record.m_direction = In;
    else if (direction == QLatin1String("out"))
        record.m_direction = Out;
    else {
        fail(errorString, Text::tr("direction must be \"in\" or \"out\""));
        return std::nullopt;
    }
    const QDateTime time = QDateTime::fromString(line.value(QLatin1String("time")).toString(),
                                                 Qt::ISODateWithMs);
    if (!time.isValid()) {
        fail(errorString, Text::tr("no valid time"));
        return std::nullopt;
    }
    record.m_time = time.toMSecsSinceEpoch();
    // The message's own fields: under "payload" since 0.2, so that none can pass for the
    // tap's; inlined at the top level before.
    const bool nested = line.contains(QLatin1String("payload"));
    const QJsonObject fields = nested ? line.value(QLatin1String("payload")).toObject() : line;
    if (line.contains(QLatin1String("flags")))
        record.m_frameFlags = qint8(line.value(QLatin1String("flags")).toInt() & 0x7f);

    QByteArray body;
    const QJsonValue bodyValue = fields.value(QLatin1String("body"));
    if (bodyValue.isString()) {
        record.m_bodyState = quint8(BodyState::Present);
        if (line.value(QLatin1String("bodyEncoding")).toString() == QLatin1String("base64")) {
            const auto decoded = QByteArray::fromBase64Encoding(
                    bodyValue.toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
            if (!decoded) {
                fail(errorString, Text::tr("body is not valid base64"));
                return std::nullopt;
            }
            body = *decoded;
        } else {
            body = bodyValue.toString().toUtf8();
        }
    } else if (bodyValue.isNull() && fields.contains(QLatin1String("body"))) {
        record.m_bodyState = quint8(BodyState::Null);
    }
    record.m_bodySize = qint32(line.value(QLatin1String("bodySize")).toInteger());
    record.setContent(fields, nested, line.value(QLatin1String("correlationId")).toString(),
                      std::move(body));
    record.setFunction(line.value(QLatin1String("function")).toString());
    record.setConnection(line.value(QLatin1String("connection")).toString());
    record.setNode(line.value(QLatin1String("node")).toString());
    return record;
}

TrafficRecord TrafficRecord::fromMessage(Direction direction, MessageType type,
                                         const QString &correlationId, const QByteArray &message,
                                         qint64 time)
{
    // What fromJson(describeMessage(…)) gives, without the JSON line in between: the body's
    // bytes as the message carries them (a base64 "body" decoded, kept as it is when it is
    // not base64), nothing but the head when the message cannot be decoded.
    TrafficRecord record;
    record.m_type = quint8(type);
    record.m_direction = direction;
    record.m_time = time;
    QJsonObject fields;
    QByteArray body;
    auto readBody = [&record, &fields, &body] {
        const QJsonValue value = fields.value(QLatin1String("body"));
        if (value.isString()) {
            record.m_bodyState = quint8(BodyState::Present);
            const QByteArray text = value.toString().toLatin1();
            const auto decoded
                    = QByteArray::fromBase64Encoding(text, QByteArray::AbortOnBase64DecodingErrors);
            body = decoded ? *decoded : value.toString().toUtf8();
        } else if (value.isNull() && fields.contains(QLatin1String("body"))) {
            record.m_bodyState = quint8(BodyState::Null);
        }
    };
    if (const int status = templateCallbackStatus(type, correlationId, message)) {
        // {"elementId": correlationId, "statusCode": status}: the status, nothing extra.
        record.setContent({}, true, correlationId, {});
        record.m_status = qint16(status);
        return record;
    }
    if (SlimFaasProtocol::isEnvelopeType(int(type)) || !SlimFaasProtocol::isFrameType(int(type))) {
        if (const auto envelope = SlimFaasProtocol::decodeEnvelope(message)) {
            fields = envelope->payload.toObject();
            readBody();
        }
    } else if (const auto frame = SlimFaasProtocol::decodeFrame(message)) {
        record.m_frameFlags = qint8(frame->flags & 0x7f);
        const QJsonDocument head
                = (type == MessageType::SyncRequestStart || type == MessageType::SyncResponseStart)
                ? QJsonDocument::fromJson(frame->payload)
                : QJsonDocument();
        if (head.isObject()) {
            fields = head.object();
            readBody();
        } else if (!frame->payload.isEmpty()) {
            record.m_bodyState = quint8(BodyState::Present);
            body = frame->payload;
        }
    }
    record.setContent(fields, true, correlationId, std::move(body));
    return record;
}

void TrafficRecord::setContent(const QJsonObject &fields, bool nested, const QString &correlationId,
                               QByteArray body)
{
    m_status = qint16(qBound(0, fields.value(QLatin1String("statusCode")).toInt(), 999));
    m_tryNumber = quint8(qBound(0, fields.value(QLatin1String("tryNumber")).toInt(), 255));
    m_bodySize = qMax(m_bodySize, qint32(body.size()));
    if (body.size() > MaximumKeptBody)
        body.truncate(MaximumKeptBody);

    QJsonObject extra = fields;
    if (nested) {
        for (const QLatin1String &key : recordedPayloadKeys)
            extra.remove(key);
    } else {
        for (const QLatin1String &key : fixedKeys)
            extra.remove(key);
    }
    if (repeatsElementId(type())
        && extra.value(QLatin1String("elementId")).toString() == correlationId)
        extra.remove(QLatin1String("elementId"));

    const QByteArray parts[] = {
        correlationId.toUtf8(),
        fields.value(QLatin1String("method")).toString().toUtf8(),
        fields.value(QLatin1String("path")).toString().toUtf8(),
        fields.value(QLatin1String("query")).toString().toUtf8(),
        extra.isEmpty() ? QByteArray() : compactJson(extra),
    };
    qsizetype size = body.size();
    for (const QByteArray &part : parts)
        size += part.size();
    m_text.reserve(size);
    for (int i = 0; i < 5; ++i) {
        m_text.append(parts[i]);
        m_ends[i] = quint32(m_text.size());
    }
    m_text.append(body);
}

QJsonObject TrafficRecord::extraFields() const
{
    const QByteArrayView extra = extraView();
    if (extra.isEmpty())
        return {};
    return QJsonDocument::fromJson(extra.toByteArray()).object();
}

QJsonObject TrafficRecord::toJson() const
{
    QJsonObject line{
        { QLatin1String("time"),
          QDateTime::fromMSecsSinceEpoch(m_time, Qt::UTC).toString(Qt::ISODateWithMs) },
        { QLatin1String("direction"),
          m_direction == In ? QLatin1String("in") : QLatin1String("out") },
        { QLatin1String("type"), SlimFaasProtocol::messageTypeName(type()) },
        { QLatin1String("typeCode"), int(m_type) },
        { QLatin1String("correlationId"), correlationId() },
    };
    // The form describeMessage() gives: the message's fields under "payload".
    QJsonObject payload = extraFields();
    if (repeatsElementId(type()) && !payload.contains(QLatin1String("elementId")))
        payload.insert(QLatin1String("elementId"), correlationId());
    const struct
    {
        const char *key;
        QByteArrayView value;
    } texts[] = { { "method", methodView() }, { "path", pathView() }, { "query", queryView() } };
    for (const auto &text : texts) {
        // The query and path keys exist, empty, whenever the message had a method.
        if (!text.value.isEmpty() || !methodView().isEmpty())
            payload.insert(QLatin1String(text.key), QString::fromUtf8(text.value));
    }
    if (m_status)
        payload.insert(QLatin1String("statusCode"), m_status);
    if (m_tryNumber)
        payload.insert(QLatin1String("tryNumber"), m_tryNumber);
    if (m_frameFlags >= 0) {
        line.insert(QLatin1String("flags"), m_frameFlags);
        line.insert(QLatin1String("endOfStream"), (m_frameFlags & 0x01) != 0);
    }
    if (bodyState() == BodyState::Present)
        insertMessageBody(line, payload, body());
    else if (bodyState() == BodyState::Null)
        payload.insert(QLatin1String("body"), QJsonValue::Null);
    if (isBodyTruncated())
        line.insert(QLatin1String("bodySize"), m_bodySize);
    line.insert(QLatin1String("payload"), payload);
    if (m_connection)
        line.insert(QLatin1String("connection"), connection());
    if (m_function)
        line.insert(QLatin1String("function"), function());
    if (m_node)
        line.insert(QLatin1String("node"), node());
    return line;
}

bool operator==(const TrafficRecord &a, const TrafficRecord &b)
{
    // The note belongs to the model that shows the record, not to the message.
    return a.m_time == b.m_time && a.m_text == b.m_text
            && std::equal(std::begin(a.m_ends), std::end(a.m_ends), std::begin(b.m_ends))
            && a.m_bodySize == b.m_bodySize && a.m_status == b.m_status
            && a.m_frameFlags == b.m_frameFlags && a.m_direction == b.m_direction
            && a.m_type == b.m_type && a.m_tryNumber == b.m_tryNumber
            && a.m_bodyState == b.m_bodyState && a.m_function == b.m_function
            && a.m_connection == b.m_connection && a.m_node == b.m_node;
}

namespace {

// Function names and connection ids, each stored once for every record of the process.
// Names are few; connection ids grow with the connections seen, 16 to 40 bytes each.
struct InternTable
{
    QMutex mutex;
    QStringList strings{ QString() };
    QHash<QString, quint32> indexes;
};

InternTable &internTable()
{
    static InternTable table;
    return table;
}

} // namespace

quint32 TrafficRecord::intern(const QString &text)
{
    if (text.isEmpty())
        return 0;
    // Every record asks for the same few names (its function, connection and node): the
    // latest ones are remembered per thread, without the lock. Indexes never change.
    struct Recent
    {
        QString text;
        quint32 index = 0;
    };
    thread_local Recent recent[4];
    thread_local int next = 0;
    for (const Recent &known : recent) {
        if (known.index && known.text == text)
            return known.index;
    }
    InternTable &table = internTable();
    QMutexLocker locker(&table.mutex);
    auto found = table.indexes.constFind(text);
    if (found == table.indexes.cend()) {
        table.strings.append(text);
        found = table.indexes.insert(text, quint32(table.strings.size() - 1));
    }
    recent[next] = { text, found.value() };
    next = (next + 1) % int(std::size(recent));
    return found.value();
}

QString TrafficRecord::internedString(quint32 index)
{
    if (index == 0)
        return {};
    InternTable &table = internTable();
    QMutexLocker locker(&table.mutex);
    return table.strings.value(qsizetype(index));
}
