// SPDX-License-Identifier: MIT
#include "benchwire.h"

#include <QtCore/qendian.h>
#include <QtCore/qfile.h>

#include <sys/resource.h>

namespace BenchWire {

namespace {
constexpr int IdDigits = 12;

qint64 statusField(const char *name)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray key = QByteArray(name) + ':';
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(key))
            return line.mid(key.size()).trimmed().split(' ').value(0).toLongLong() * 1024;
    }
    return -1;
}
} // namespace

QStringList Scenario::toArguments() const
{
    return { QStringLiteral("--scenario"),  kind,
             QStringLiteral("--body-size"), QString::number(bodySize),
             QStringLiteral("--in-flight"), QString::number(inFlight),
             QStringLiteral("--count"),     QString::number(count),
             QStringLiteral("--warmup"),    QString::number(warmup),
             QStringLiteral("--seconds"),   QString::number(seconds) };
}

QString idFor(quint64 sequence)
{
    return QStringLiteral("bench000-0000-4000-8000-%1")
            .arg(sequence, IdDigits, 10, QLatin1Char('0'));
}

quint64 sequenceOf(QStringView id)
{
    return id.right(IdDigits).toULongLong();
}

QStringView correlationIdOf(QStringView envelope)
{
    static const QString key = QStringLiteral("\"correlationId\":\"");
    const qsizetype start = envelope.indexOf(key);
    if (start < 0)
        return {};
    const qsizetype from = start + key.size();
    const qsizetype end = envelope.indexOf(QLatin1Char('"'), from);
    return end < 0 ? QStringView() : envelope.mid(from, end - from);
}

int typeOf(QStringView envelope)
{
    static const QString key = QStringLiteral("\"type\":");
    const qsizetype start = envelope.indexOf(key);
    if (start < 0 || start + key.size() >= envelope.size())
        return -1;
    const QChar digit = envelope.at(start + key.size());
    return digit.isDigit() ? digit.digitValue() : -1;
}

QString registerResponse(QStringView correlationId)
{
    return QStringLiteral("{\"type\":1,\"correlationId\":\"%1\",\"payload\":{\"success\":true,"
                          "\"error\":null,\"connectionId\":\"0123456789abcdef0123456789abcdef\"}}")
            .arg(correlationId);
}

QString asyncCallback(QStringView elementId)
{
    static const QString head = QStringLiteral("{\"type\":3,\"correlationId\":\"");
    static const QString middle = QStringLiteral("\",\"payload\":{\"elementId\":\"");
    static const QString tail = QStringLiteral("\",\"statusCode\":200}}");
    QString callback;
    callback.reserve(head.size() + middle.size() + tail.size() + 2 * elementId.size());
    callback.append(head).append(elementId).append(middle).append(elementId).append(tail);
    return callback;
}

QByteArray frame(quint8 type, QStringView correlationId, const QByteArray &payload, quint8 flags)
{
    QByteArray bytes(42 + payload.size(), Qt::Uninitialized);
    char *out = bytes.data();
    out[0] = char(type);
    const QByteArray id = correlationId.toLatin1().leftJustified(36, ' ', true);
    memcpy(out + 1, id.constData(), 36);
    out[37] = char(flags);
    qToBigEndian<quint32>(quint32(payload.size()), out + 38);
    memcpy(out + 42, payload.constData(), size_t(payload.size()));
    return bytes;
}

qint64 residentBytes()
{
    return statusField("VmRSS");
}

qint64 peakResidentBytes()
{
    return statusField("VmHWM");
}

double cpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

} // namespace BenchWire
