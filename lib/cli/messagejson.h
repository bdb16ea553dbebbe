// SPDX-License-Identifier: MIT
#ifndef MESSAGEJSON_H
#define MESSAGEJSON_H

#include <slimfaasprotocol.h>

#include <QtCore/qbytearray.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qstring.h>

// One protocol message as the JSON object slimfaas-tap prints on a line and
// slimfaas-monitor exports and imports:
//   {"time":…,"direction":"in","type":"AsyncRequest","typeCode":2,"correlationId":…,
//    <payload fields>…,"body":"<text>","bodyEncoding":"utf8"|"base64"}
// Binary sync frames carry "flags", "endOfStream" and their payload: a Start frame's JSON
// fields are inlined, a chunk's bytes become "body". "time" is now, in UTC.
// Any thread (pure function).
QJsonObject describeMessage(const char *direction, SlimFaasProtocol::MessageType type,
                            const QString &correlationId, const QByteArray &message);

// A body inlined as "body" + "bodyEncoding": text when it is valid UTF-8, base64 otherwise.
void insertMessageBody(QJsonObject &line, const QByteArray &bytes);

#endif // MESSAGEJSON_H
