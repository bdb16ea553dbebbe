// SPDX-License-Identifier: MIT
#ifndef BENCHWIRE_H
#define BENCHWIRE_H

#include <QtCore/qbytearray.h>
#include <QtCore/qstring.h>
#include <QtCore/qstringlist.h>

// The few wire shapes the load server and the bare answerer need, prebuilt: neither may
// spend its time in JSON, or it would measure itself instead of the client.
namespace BenchWire {

// One measurement, as the runner passes it to the load server and to the answerer.
struct Scenario
{
    QString kind = QStringLiteral("async"); // async, events, sync or memory
    int bodySize = 256;
    int inFlight = 1;   // async: requests kept in flight
    int count = 100000; // memory: requests left pending
    double warmup = 0.5;
    double seconds = 2.0;

    // The command-line form the runner passes to the processes it starts (see main.cpp).
    QStringList toArguments() const;
};

// A GUID-shaped correlation id (36 characters) that carries a sequence number, so that an
// answer leads back to its send time without a lookup table.
QString idFor(quint64 sequence);
quint64 sequenceOf(QStringView id);

// The value of "correlationId" in an envelope, found by substring: empty when absent.
QStringView correlationIdOf(QStringView envelope);
// The "type" number of an envelope, or -1.
int typeOf(QStringView envelope);

QString registerResponse(QStringView correlationId);
QString asyncCallback(QStringView elementId);

// A binary frame (docs/protocol.md §6) built by hand.
QByteArray frame(quint8 type, QStringView correlationId, const QByteArray &payload,
                 quint8 flags = 0);

// Memory of this process, from /proc/self/status, in bytes.
qint64 residentBytes();
qint64 peakResidentBytes();
// CPU seconds (user + system) this process has used.
double cpuSeconds();

} // namespace BenchWire

#endif // BENCHWIRE_H
