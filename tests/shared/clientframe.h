// SPDX-License-Identifier: MIT
#ifndef CLIENTFRAME_H
#define CLIENTFRAME_H

#include <QtCore/qbytearray.h>

// A client WebSocket text frame, masked with a zero key (the payload goes as it is): what a
// raw peer writes on a socket it drives byte by byte, for tests and the soak's hostile peers.
inline QByteArray clientFrame(const QByteArray &payload)
{
    QByteArray frame(1, char(0x81)); // FIN, text
    const quint64 size = quint64(payload.size());
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
    return frame + payload;
}

#endif // CLIENTFRAME_H
