// SPDX-License-Identifier: MIT
#include "terminaltext.h"

#include <unistd.h>

namespace {

void appendHex(QByteArray &out, uchar byte)
{
    static const char digits[] = "0123456789abcdef";
    out += "\\x";
    out += digits[byte >> 4];
    out += digits[byte & 0xf];
}

// The length of the UTF-8 sequence `lead` starts, and the range its second byte must be in
// (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF); 0 when it starts none.
int sequenceLength(uchar lead, uchar *low, uchar *high)
{
    *low = 0x80;
    *high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf)
        return 2;
    if (lead >= 0xe0 && lead <= 0xef) {
        if (lead == 0xe0)
            *low = 0xa0;
        else if (lead == 0xed)
            *high = 0x9f;
        return 3;
    }
    if (lead >= 0xf0 && lead <= 0xf4) {
        if (lead == 0xf0)
            *low = 0x90;
        else if (lead == 0xf4)
            *high = 0x8f;
        return 4;
    }
    return 0;
}

} // namespace

QByteArray TerminalText::feed(QByteArrayView bytes)
{
    QByteArray input = m_pending + bytes.toByteArray();
    m_pending.clear();
    QByteArray out;
    out.reserve(input.size());
    const auto *data = reinterpret_cast<const uchar *>(input.constData());
    const qsizetype size = input.size();
    qsizetype i = 0;
    while (i < size) {
        const uchar byte = data[i];
        if (byte < 0x80) {
            const bool line = byte == '\n' || byte == '\t';
            if ((byte < 0x20 && !(line && m_lines == KeepLines)) || byte == 0x7f)
                appendHex(out, byte);
            else
                out += char(byte);
            ++i;
            continue;
        }
        uchar low, high;
        const int length = sequenceLength(byte, &low, &high);
        if (length == 0) {
            appendHex(out, byte);
            ++i;
            continue;
        }
        int valid = 1; // how many bytes of the sequence are there and well formed
        while (valid < length && i + valid < size) {
            const uchar next = data[i + valid];
            const bool ok = valid == 1 ? next >= low && next <= high : next >= 0x80 && next <= 0xbf;
            if (!ok)
                break;
            ++valid;
        }
        if (valid < length && i + valid == size) {
            m_pending = input.mid(i); // cut by the end of this part
            break;
        }
        if (valid < length) {
            appendHex(out, byte);
            ++i;
            continue;
        }
        if (length == 2 && byte == 0xc2 && data[i + 1] <= 0x9f) {
            // A C1 control (U+0080 to U+009F): some terminals obey them as ESC sequences.
            out += "\\u00";
            static const char digits[] = "0123456789abcdef";
            out += digits[data[i + 1] >> 4];
            out += digits[data[i + 1] & 0xf];
        } else {
            out.append(reinterpret_cast<const char *>(data + i), length);
        }
        i += length;
    }
    return out;
}

QByteArray TerminalText::finish()
{
    QByteArray out;
    for (const char byte : std::as_const(m_pending))
        appendHex(out, uchar(byte));
    m_pending.clear();
    return out;
}

QByteArray TerminalText::escaped(QByteArrayView bytes, Lines lines)
{
    TerminalText text(lines);
    return text.feed(bytes) + text.finish();
}

bool TerminalText::isTerminal(FILE *file)
{
    return ::isatty(fileno(file)) == 1;
}
