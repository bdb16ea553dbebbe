// SPDX-License-Identifier: MIT
#include "emulatorwsendpoint_p.h"

#include "emulatorhttp_p.h"

#include <QtCore/qloggingcategory.h>
#include <QtCore/qtimer.h>
#include <QtNetwork/qtcpsocket.h>
#include <QtWebSockets/qwebsocket.h>

Q_DECLARE_LOGGING_CATEGORY(lcSlimFaasEmulator)

namespace {
constexpr qsizetype MaxHeadSize = 16 * 1024;

void answerAndClose(QTcpSocket *socket, const QByteArray &status, const QByteArray &body)
{
    socket->write("HTTP/1.1 " + status + "\r\nContent-Type: text/plain\r\nContent-Length: "
                  + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
    socket->disconnectFromHost();
}
} // namespace

EmulatorWsEndpoint::EmulatorWsEndpoint(const SlimFaasEmulatorLimits &limits, QObject *parent)
    : QObject(parent), m_listener(QStringLiteral("WebSocket")),
      m_ws(QStringLiteral("slimfaas-emulator"), QWebSocketServer::NonSecureMode), m_limits(limits)
{
    connect(&m_listener, &EmulatorTcpListener::newConnection, this, [this](QTcpSocket *socket) {
        if (m_connections >= m_limits.maximumConnections) {
            qCWarning(lcSlimFaasEmulator) << "WebSocket port: connection refused, already"
                                          << m_connections << "open (maximumConnections)";
            refuseConnection(socket);
            return;
        }
        // Counted until the socket goes, whether it becomes a WebSocket or not.
        ++m_connections;
        connect(socket, &QObject::destroyed, this, [this] { --m_connections; });
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { inspect(socket); });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        // A head that never completes must not hold the socket (slowloris).
        QTimer::singleShot(m_limits.requestHeadTimeout, socket, [this, socket] {
            if (disconnect(socket, &QTcpSocket::readyRead, this, nullptr))
                answerAndClose(socket, "408 Request Timeout", {});
        });
    });
    connect(&m_ws, &QWebSocketServer::newConnection, this, [this] {
        while (QWebSocket *socket = m_ws.nextPendingConnection()) {
            // QWebSocket closes with 1009 on its own beyond these; the emulator says so when the
            // connection goes (SlimFaasEmulatorPrivate::onDisconnected).
            if (m_maxMessageSize > 0) {
                socket->setMaxAllowedIncomingMessageSize(quint64(m_maxMessageSize));
                socket->setMaxAllowedIncomingFrameSize(quint64(m_maxMessageSize));
            }
            // Which TCP socket it came from: the one with the same peer.
            QTcpSocket *tcp = nullptr;
            for (auto it = m_handedOver.begin(); it != m_handedOver.end();) {
                if (!*it) {
                    it = m_handedOver.erase(it);
                } else if ((*it)->peerPort() == socket->peerPort()
                           && (*it)->peerAddress() == socket->peerAddress()) {
                    tcp = *it;
                    it = m_handedOver.erase(it);
                } else {
                    ++it;
                }
            }
            emit clientConnected(socket, tcp);
        }
    });
}

bool EmulatorWsEndpoint::listen(const QHostAddress &address, quint16 port)
{
    return m_listener.listen(address, port);
}

void EmulatorWsEndpoint::close()
{
    m_listener.close();
    m_ws.close();
}

void EmulatorWsEndpoint::inspect(QTcpSocket *socket)
{
    const QByteArray peeked = socket->peek(MaxHeadSize + 1);
    const qsizetype end = peeked.indexOf("\r\n\r\n");
    if (end < 0) {
        if (peeked.size() > MaxHeadSize)
            answerAndClose(socket, "431 Request Header Fields Too Large", {});
        return; // wait for the rest of the head
    }
    const QList<QByteArray> lines = peeked.left(end).split('\n');
    const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
    QByteArray path = requestLine.value(1);
    path = path.left(path.indexOf('?') < 0 ? path.size() : path.indexOf('?'));
    bool upgrade = false;
    for (const QByteArray &line : lines) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().compare("upgrade", Qt::CaseInsensitive) == 0
            && line.mid(colon + 1).trimmed().compare("websocket", Qt::CaseInsensitive) == 0)
            upgrade = true;
    }
    disconnect(socket, &QTcpSocket::readyRead, this, nullptr);
    if (path != "/ws") {
        qCDebug(lcSlimFaasEmulator) << "WebSocket port: 404 for" << path;
        answerAndClose(socket, "404 Not Found", {});
        return;
    }
    if (!upgrade) {
        answerAndClose(socket, "400 Bad Request", "Expected a WebSocket request.");
        return;
    }
    disconnect(socket, &QTcpSocket::disconnected, socket, nullptr);
    m_handedOver.append(socket);
    m_ws.handleConnection(socket); // the head is still unread: the handshake starts from it
}
