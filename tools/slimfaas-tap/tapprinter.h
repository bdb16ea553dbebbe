// SPDX-License-Identifier: MIT
#ifndef TAPPRINTER_H
#define TAPPRINTER_H

#include <slimfaasprotocol.h>

#include <QtCore/qbytearray.h>
#include <QtCore/qstring.h>

#include <cstdio>

// Prints protocol messages as JSON lines (describeMessage() in lib/cli), flushed one by one
// so that a pipe reader sees each message as it arrives. The JSON writer escapes every
// control character, so a line is safe for a terminal too.
class TapPrinter
{
public:
    explicit TapPrinter(FILE *out = stdout) : m_out(out) { }

    void print(const char *direction, SlimFaasProtocol::MessageType type,
               const QString &correlationId, const QByteArray &message);

private:
    FILE *m_out;
};

#endif // TAPPRINTER_H
