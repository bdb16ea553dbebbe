#ifndef TAPPRINTER_H
#define TAPPRINTER_H

#include <slimfaasprotocol.h>

#include <QtCore/qbytearray.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qstring.h>

#include <cstdio>

// Turns protocol messages into one JSON object per line:
//   {"time":…,"direction":"in","type":"AsyncRequest","typeCode":2,"correlationId":…,
//    <payload fields>…,"body":"<text>","bodyEncoding":"utf8"|"base64"}
// Binary sync frames carry "flags", "endOfStream" and their payload: a Start frame's JSON
// fields are inlined, a chunk's bytes become "body".
class TapPrinter
{
public:
    explicit TapPrinter(FILE *out = stdout) : m_out(out) { }

    void print(const char *direction, SlimFaasProtocol::MessageType type,
               const QString &correlationId, const QByteArray &message);

    static QJsonObject describe(const char *direction, SlimFaasProtocol::MessageType type,
                                const QString &correlationId, const QByteArray &message);

private:
    FILE *m_out;
};

#endif // TAPPRINTER_H
