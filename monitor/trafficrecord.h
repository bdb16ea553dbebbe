// SPDX-License-Identifier: MIT
#ifndef TRAFFICRECORD_H
#define TRAFFICRECORD_H

#include <slimfaasprotocol.h>

#include <QtCore/qbytearray.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qstring.h>

// One protocol message as the monitor keeps it: a few fixed-size fields and one byte array
// holding, back to back, the correlation id, method, path, query, the remaining fields as
// compact JSON (headers, eventName, isLastTry, registration fields…) and the body. Column
// text is made from it on demand, so a kept record costs about 250 bytes beyond its body.
// Bodies larger than MaximumKeptBody are kept truncated; bodySize() is the real size.
//
// The JSON form (fromJson()/toJson()) is the line slimfaas-tap prints (lib/cli
// messagejson.h), which is also what the monitor exports and imports.
// A value type: any thread, no sharing between threads without copying.
class TrafficRecord
{
public:
    enum Direction : quint8 { In, Out };
    enum class BodyState : quint8 { Absent, Null, Present };
    static constexpr int MaximumKeptBody = 64 * 1024;

    TrafficRecord() = default;

    // From a JSON line; nothing when it is not one (the reason in *errorString).
    static std::optional<TrafficRecord> fromJson(const QJsonObject &line,
                                                 QString *errorString = nullptr);
    QJsonObject toJson() const;
    // From a message as the client sends or receives it (its bytes, the type and correlation
    // id it gave them), seen at time (ms since the epoch): the record
    // fromJson(describeMessage(…)) makes, with no JSON line in between. No function,
    // connection or node.
    static TrafficRecord fromMessage(Direction direction, SlimFaasProtocol::MessageType type,
                                     const QString &correlationId, const QByteArray &message,
                                     qint64 time);

    qint64 time() const { return m_time; } // ms since the epoch, UTC
    Direction direction() const { return Direction(m_direction); }
    SlimFaasProtocol::MessageType type() const { return SlimFaasProtocol::MessageType(m_type); }
    int status() const { return m_status; }       // 0 when the message has none
    int tryNumber() const { return m_tryNumber; } // 0 when the message has none
    qint64 bodySize() const { return m_bodySize; }
    BodyState bodyState() const { return BodyState(m_bodyState); }
    bool isBodyTruncated() const { return m_bodySize > bodyView().size(); }
    int note() const { return m_note; } // index of an annotation (TrafficModel), or -1
    void setNote(int note) { m_note = qint16(note); }
    // Read from a capture file rather than seen live. Like the note, it belongs to the model
    // that shows the record: not compared, not exported.
    bool isImported() const { return m_imported; }
    void setImported(bool imported) { m_imported = imported; }

    // The function that sent or received it and its connection (the pod name, or the
    // connection id a proxy gave it): the "function" and "connection" fields of the tap's
    // lines. Empty when unknown. Kept as indexes into a table shared by every record of the
    // process, so that a record pays 8 bytes for them however long the names are.
    QString function() const { return internedString(m_function); }
    QString connection() const { return internedString(m_connection); }
    void setFunction(const QString &function) { m_function = intern(function); }
    void setConnection(const QString &connection) { m_connection = intern(connection); }
    // The SlimFaas node it went through (its WebSocket URL): the "node" field of the tap's
    // lines, empty when unknown (a capture from before nodes were recorded).
    QString node() const { return internedString(m_node); }
    void setNode(const QString &node) { m_node = intern(node); }
    quint32 nodeIndex() const { return m_node; }
    // The interned form, for comparing records without making strings (0: empty).
    quint32 functionIndex() const { return m_function; }
    quint32 connectionIndex() const { return m_connection; }
    // The index of a string in the shared table, added when it is new (0 for an empty
    // string); internedString() gives it back. Any thread.
    static quint32 intern(const QString &text);
    static QString internedString(quint32 index);

    QByteArrayView correlationIdView() const { return part(0); }
    QByteArrayView methodView() const { return part(1); }
    QByteArrayView pathView() const { return part(2); }
    QByteArrayView queryView() const { return part(3); }
    QByteArrayView extraView() const { return part(4); }
    QByteArrayView bodyView() const { return part(5); }
    // What the free-text filter looks into: every text field but the body.
    QByteArrayView searchableView() const { return QByteArrayView(m_text).first(m_ends[4]); }

    QString correlationId() const { return QString::fromUtf8(correlationIdView()); }
    QString method() const { return QString::fromUtf8(methodView()); }
    QString path() const { return QString::fromUtf8(pathView()); }
    QString query() const { return QString::fromUtf8(queryView()); }
    QByteArray body() const { return bodyView().toByteArray(); }
    // The fields that have no column of their own (headers, eventName, …).
    QJsonObject extraFields() const;
    QJsonObject headers() const { return extraFields().value(QLatin1String("headers")).toObject(); }
    bool hasFrameFlags() const { return m_frameFlags >= 0; }
    int frameFlags() const { return m_frameFlags; }

    friend bool operator==(const TrafficRecord &a, const TrafficRecord &b);
    friend bool operator!=(const TrafficRecord &a, const TrafficRecord &b) { return !(a == b); }

private:
    // The fields fromJson() and fromMessage() read alike: status, try, the text parts and
    // the body (m_bodySize is the larger of its size and what was set before).
    void setContent(const QJsonObject &fields, bool nested, const QString &correlationId,
                    QByteArray body);
    QByteArrayView part(int index) const
    {
        const quint32 begin = index == 0 ? 0 : m_ends[index - 1];
        const quint32 end = index == 5 ? quint32(m_text.size()) : m_ends[index];
        return QByteArrayView(m_text).sliced(begin, end - begin);
    }

    qint64 m_time = 0;
    QByteArray m_text;
    quint32 m_ends[5] = {}; // where the id, method, path, query and extra JSON end in m_text
    quint32 m_function = 0;
    quint32 m_connection = 0;
    quint32 m_node = 0;
    qint32 m_bodySize = 0;
    qint16 m_status = 0;
    qint16 m_note = -1;
    qint8 m_frameFlags = -1; // -1: not a sync frame
    quint8 m_direction = In;
    quint8 m_type = 0;
    quint8 m_tryNumber = 0;
    quint8 m_bodyState = quint8(BodyState::Absent);
    bool m_imported = false;
};

#endif // TRAFFICRECORD_H
