// SPDX-License-Identifier: MIT
#ifndef TERMINALTEXT_H
#define TERMINALTEXT_H

#include <QtCore/qbytearray.h>
#include <QtCore/qbytearrayview.h>
#include <QtCore/qstring.h>

#include <cstdio>

// What the command-line programs print for a person to read is made safe for a terminal:
// control characters that a terminal would obey (ESC sequences that retitle, clear or
// rewrite the screen, a carriage return that hides what came before, C1 controls) become
// visible escapes such as "\x1b" or "\u009b", and bytes that are not UTF-8 become "\xNN".
// The text itself is kept. Any thread (no shared state).
class TerminalText
{
public:
    // Whether line feeds and tabs pass (a body shown as text) or are escaped too (one line:
    // a header, a message).
    enum Lines { KeepLines, OneLine };

    explicit TerminalText(Lines lines = KeepLines) : m_lines(lines) { }

    // Escapes the next part of a stream; a UTF-8 sequence cut at the end of `bytes` waits for
    // the next part.
    QByteArray feed(QByteArrayView bytes);
    // The end of the stream: what still waits is escaped.
    QByteArray finish();

    // One piece of text, whole.
    static QByteArray escaped(QByteArrayView bytes, Lines lines = OneLine);
    static QByteArray escaped(const QString &text, Lines lines = OneLine)
    {
        return escaped(QByteArrayView(text.toUtf8()), lines);
    }

    // Whether `file` is a terminal.
    static bool isTerminal(FILE *file);

private:
    Lines m_lines;
    QByteArray m_pending; // the start of a UTF-8 sequence cut by the end of the last part
};

#endif // TERMINALTEXT_H
