// SPDX-License-Identifier: MIT
#ifndef TAPPRINTER_H
#define TAPPRINTER_H

#include <slimfaasprotocol.h>

#include <QtCore/qbytearray.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qstring.h>
#include <QtCore/qurl.h>

#include <cstdio>

// Prints protocol messages as JSON lines (describeMessage() in lib/cli), flushed one by one
// so that a pipe reader sees each message as it arrives. The JSON writer escapes every
// control character, so a line is safe for a terminal too.
class TapPrinter
{
public:
    explicit TapPrinter(FILE *out = stdout) : m_out(out) { }

    // A message of the tap's own client; node, when given, is the SlimFaas node whose
    // connection carried it (the "node" field).
    void print(const char *direction, SlimFaasProtocol::MessageType type,
               const QString &correlationId, const QByteArray &message, const QUrl &node = {});

    // A message relayed by the proxy, as it was on the wire, with the proxy's "connection"
    // id and the "function" it registered as (absent until known).
    void printRelayed(const char *direction, const QString &connectionId,
                      const QString &functionName, bool binary, const QByteArray &message);

private:
    void write(const QJsonObject &line);

    FILE *m_out;
};

#endif // TAPPRINTER_H
