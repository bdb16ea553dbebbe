// SPDX-License-Identifier: MIT
#ifndef TESTPATTERN_H
#define TESTPATTERN_H

#include <QtCore/qbytearray.h>

// size bytes that take every value and do not repeat at any power-of-two period, so that a
// body cut, reordered or shifted at a frame boundary never compares equal by chance.
inline QByteArray pattern(qsizetype size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        bytes[i] = char((i * 131 + i / 251) & 0xff);
    return bytes;
}

#endif // TESTPATTERN_H
