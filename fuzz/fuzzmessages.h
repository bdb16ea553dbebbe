// SPDX-License-Identifier: MIT
#ifndef FUZZMESSAGES_H
#define FUZZMESSAGES_H

// Splits one fuzzer input into WebSocket messages: each is a kind byte (even: text, odd:
// binary), a 16-bit big-endian length and that many bytes (fewer at the end of the input).
// Several messages per input let the fuzzer reach states that need a sequence, such as a
// registration followed by requests.

#include <QtCore/qbytearray.h>
#include <QtCore/qlist.h>

struct FuzzMessage
{
    bool binary = false;
    QByteArray data;
};

inline QList<FuzzMessage> splitFuzzInput(const uint8_t *data, size_t size)
{
    QList<FuzzMessage> messages;
    size_t at = 0;
    while (at + 3 <= size) {
        FuzzMessage message;
        message.binary = data[at] & 1;
        const size_t length
                = qMin<size_t>((size_t(data[at + 1]) << 8) | data[at + 2], size - at - 3);
        message.data = QByteArray(reinterpret_cast<const char *>(data + at + 3), qsizetype(length));
        messages.append(message);
        at += 3 + length;
    }
    return messages;
}

#endif // FUZZMESSAGES_H
