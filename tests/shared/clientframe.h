// SPDX-License-Identifier: MIT
#ifndef CLIENTFRAME_H
#define CLIENTFRAME_H

#include <QtCore/qbytearray.h>

// The header of a client WebSocket frame of size bytes, masked with a zero key (the payload
// goes as it is): finAndOpcode is its first byte (0x81: a whole text message, 0x01 its first
// frame, 0x00 a continuation, 0x89 a Ping). What a raw peer writes on a socket it drives byte
// by byte, for tests and the soak's hostile peers.
inline QByteArray clientFrameHeader(quint8 finAndOpcode, quint64 size)
{
    QByteArray frame(1, char(finAndOpcode));
    if (size < 126) {
        frame.append(char(0x80 | size));
    } else if (size < 65536) {
        frame.append(char(0x80 | 126));
        frame.append(char(size >> 8));
        frame.append(char(size & 0xff));
    } else {
        frame.append(char(0x80 | 127));
        for (int i = 7; i >= 0; --i)
            frame.append(char((size >> (8 * i)) & 0xff));
    }
    frame.append(QByteArray(4, '\0'));
    return frame;
}

// A whole text message in one client frame.
inline QByteArray clientFrame(const QByteArray &payload)
{
    return clientFrameHeader(0x81, quint64(payload.size())) + payload;
}

#endif // CLIENTFRAME_H
