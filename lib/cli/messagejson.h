// SPDX-License-Identifier: MIT
#ifndef MESSAGEJSON_H
#define MESSAGEJSON_H

#include <slimfaasprotocol.h>

#include <QtCore/qbytearray.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qstring.h>

#include <optional>

// One protocol message as the JSON object slimfaas-tap prints on a line and
// slimfaas-monitor exports and imports. The tap's own fields are at the top level and the
// message's own under "payload", so that no payload can pass for the tap's fields:
//   {"time":…,"direction":"in","type":"AsyncRequest","typeCode":2,"correlationId":…,
//    "bodyEncoding":"utf8"|"base64","payload":{<payload fields>…,"body":"<text>"}}
// The payload's "body" (base64 on the wire) is shown as text when it is valid UTF-8, as
// "bodyEncoding" says. Binary sync frames add "flags" and "endOfStream": a Start frame's JSON
// is the payload, a chunk's bytes are "payload":{"body":…}. "time" is now, in UTC.
// (Before 0.2 the payload's fields were inlined at the top level; the monitor still reads
// that form.) Any thread (pure function).
QJsonObject describeMessage(const char *direction, SlimFaasProtocol::MessageType type,
                            const QString &correlationId, const QByteArray &message);

// A message as it was on the wire, its type and correlationId read from it (a text message:
// the JSON envelope; binary: the frame), for what relays messages without decoding them.
// A message that cannot be read keeps the same top-level fields, with "typeCode" -1, "type"
// "Unreadable", "error" the reason, and its bytes as "payload":{"body":…}. Any thread.
QJsonObject describeWireMessage(const char *direction, bool binary, const QByteArray &message);

// The inverse of describeWireMessage(): the message a line (edited by hand, say) describes, as
// it goes on the wire, its "bodyEncoding" undone and base64 or the frame header done again:
// a text message (*binary false: the JSON envelope) or a binary frame (*binary true, its
// "flags" as given, else 0x01 when "endOfStream" is true). "typeCode" and "correlationId"
// say what it is; "time", "direction" and "type" are not read. nullopt with *error when the
// line cannot be a message. Any thread.
std::optional<QByteArray> encodeWireMessage(const QJsonObject &line, bool *binary, QString *error);

// A body as "body" in `payload` and its "bodyEncoding" in `line`: text when it is valid UTF-8,
// base64 otherwise.
void insertMessageBody(QJsonObject &line, QJsonObject &payload, const QByteArray &bytes);

#endif // MESSAGEJSON_H
