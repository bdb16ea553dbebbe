// SPDX-License-Identifier: MIT
#include "emulatorlog_p.h"

#include <algorithm>
#include <utility>

namespace {

bool needsEscape(char16_t c)
{
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029
            || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0xfeff;
}

} // namespace

QString escapeForLog(const QString &text)
{
    if (std::none_of(text.cbegin(), text.cend(), [](QChar c) { return needsEscape(c.unicode()); }))
        return text;
    QString escaped;
    escaped.reserve(text.size() + 16);
    for (QChar c : text) {
        const char16_t u = c.unicode();
        if (!needsEscape(u))
            escaped += c;
        else if (u == '\n')
            escaped += QLatin1String("\\n");
        else if (u == '\r')
            escaped += QLatin1String("\\r");
        else if (u == '\t')
            escaped += QLatin1String("\\t");
        else
            escaped += QStringLiteral("\\u%1").arg(uint(u), 4, 16, QLatin1Char('0'));
    }
    return escaped;
}

EmulatorLog::EmulatorLog(QObject *parent) : QObject(parent)
{
    m_window.setSingleShot(true);
    m_window.setInterval(Window);
    connect(&m_window, &QTimer::timeout, this, &EmulatorLog::endWindow);
}

EmulatorLog::~EmulatorLog()
{
    endWindow(); // the last counts are not lost
}

void EmulatorLog::warning(const QString &kind, const QString &peer, const QString &text)
{
    write(QtWarningMsg, kind, peer, text);
}

void EmulatorLog::info(const QString &kind, const QString &peer, const QString &text)
{
    write(QtInfoMsg, kind, peer, text);
}

void EmulatorLog::write(QtMsgType type, const QString &kind, const QString &peer,
                        const QString &text)
{
    if (type == QtInfoMsg ? !lcSlimFaasEmulator().isInfoEnabled()
                          : !lcSlimFaasEmulator().isWarningEnabled())
        return;
    QString key = kind + QLatin1Char('\n') + peer;
    if (!m_counts.contains(key) && m_counts.size() >= MaximumKeys)
        key = kind + QLatin1String("\n\n"); // every other peer, counted together
    Count &count = m_counts[key];
    if (count.kind.isEmpty()) {
        count.type = type;
        count.kind = kind;
        count.peer = key.endsWith(QLatin1String("\n\n")) ? tr("other peers") : peer;
    }
    if (!m_window.isActive())
        m_window.start();
    if (count.written < LinesInFull) {
        ++count.written;
        emitLine(type, text);
    } else {
        ++count.suppressed;
    }
}

void EmulatorLog::emitLine(QtMsgType type, const QString &line)
{
    if (type == QtInfoMsg)
        qCInfo(lcSlimFaasEmulator).noquote() << escapeForLog(line);
    else
        qCWarning(lcSlimFaasEmulator).noquote() << escapeForLog(line);
}

void EmulatorLog::endWindow()
{
    const QHash<QString, Count> counts = std::exchange(m_counts, {});
    for (const Count &count : counts) {
        if (count.suppressed == 0)
            continue;
        emitLine(count.type,
                 tr("%1 more \"%2\" lines%3 in the last %4 s, not written")
                         .arg(count.suppressed)
                         .arg(count.kind,
                              count.peer.isEmpty() ? QString() : tr(" about %1").arg(count.peer))
                         .arg(Window / 1000));
    }
}
