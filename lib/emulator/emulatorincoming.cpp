// SPDX-License-Identifier: MIT
// What functions are still sending. Qt holds a WebSocket message until its last frame has
// come, and a frame in the TCP socket's read buffer until all of it has: nothing the
// emulator sees. One message is bounded by maximumIncomingMessageSize (Qt's own limits on a
// message and a frame, which close with 1009); what all connections hold together is
// counted here and bounded by limits.maximumTotalIncomingBuffer, so that ten peers sending
// ten messages just under the per-message limit cannot take ten times that.

#include "slimfaasemulator_p.h"

#include <QtWebSockets/qwebsocket.h>

namespace {
// How long a connection closed for its incoming bytes may take to finish its closing
// handshake (a peer that reads nothing keeps it open) before it is cut, and what Qt holds
// of its message freed.
constexpr int ClosingGrace = 1000; // milliseconds
} // namespace

void SlimFaasEmulatorPrivate::watchIncoming(EmulatorConnection *connection)
{
    Q_Q(SlimFaasEmulator);
    if (!connection->tcp || !connection->socket)
        return; // not from the WebSocket port: nothing comes from a peer
    const quint64 serial = connection->serial;
    auto frame = [this, serial](qint64 bytes, bool last) {
        if (EmulatorConnection *connection = this->connection(serial))
            connection->incomingMessage = last ? 0 : connection->incomingMessage + bytes;
    };
    QObject::connect(connection->socket, &QWebSocket::textFrameReceived, q,
                     [frame](const QString &text, bool last) {
                         frame(2 * qint64(text.size()), last); // UTF-16
                     });
    QObject::connect(connection->socket, &QWebSocket::binaryFrameReceived, q,
                     [frame](const QByteArray &data, bool last) { frame(data.size(), last); });
    // Connected after QWebSocket's own handler, which takes every whole frame out first: what
    // is left unread is the frame still arriving.
    QObject::connect(connection->tcp, &QTcpSocket::readyRead, q, [this, serial] {
        if (EmulatorConnection *connection = this->connection(serial))
            countIncoming(connection);
    });
}

void SlimFaasEmulatorPrivate::countIncoming(EmulatorConnection *connection)
{
    const qint64 held = connection->incomingMessage
            + (connection->tcp ? connection->tcp->bytesAvailable() : 0);
    const qint64 grown = held - connection->incomingHeld;
    incomingHeld += grown;
    connection->incomingHeld = held;
    const qint64 limit = limits.maximumTotalIncomingBuffer;
    if (limit <= 0 || grown <= 0 || incomingHeld <= limit || connection->incomingRefused
        || !connection->socket)
        return;
    // This connection's message goes past the limit: it is the one closed, as Qt closes a
    // connection whose message is over maximumIncomingMessageSize.
    connection->incomingRefused = true;
    warnLimit(QStringLiteral("maximumTotalIncomingBuffer"), peerOf(connection),
              SlimFaasEmulator::tr("%1 of \"%2\" closed (1009, message too big): the emulator "
                                   "held %3 bytes of messages still arriving, %4 of them its "
                                   "own")
                      .arg(describePeer(connection), connection->functionName)
                      .arg(incomingHeld)
                      .arg(held));
    const QPointer<QWebSocket> socket = connection->socket;
    // May disconnect at once: the connection is then gone.
    socket->close(QWebSocketProtocol::CloseCodeTooMuchData,
                  QStringLiteral("Incoming messages over the emulator's limit"));
    if (socket && socket->state() != QAbstractSocket::UnconnectedState) {
        QTimer::singleShot(ClosingGrace, socket, [socket] {
            if (socket->state() != QAbstractSocket::UnconnectedState)
                socket->abort();
        });
    }
}

void SlimFaasEmulatorPrivate::forgetIncoming(EmulatorConnection *connection)
{
    incomingHeld -= connection->incomingHeld;
    connection->incomingHeld = 0;
}
