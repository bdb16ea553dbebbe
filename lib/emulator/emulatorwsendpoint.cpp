// SPDX-License-Identifier: MIT
#include "emulatorwsendpoint_p.h"

#include "emulatorhttp_p.h"

#include <QtCore/qloggingcategory.h>
#include <QtCore/qtimer.h>
#include <QtCore/qurl.h>
#include <QtNetwork/qtcpsocket.h>
#include <QtWebSockets/qwebsocket.h>

namespace {
constexpr qsizetype MaxHeadSize = 16 * 1024;

void answerAndClose(QTcpSocket *socket, const QByteArray &status, const QByteArray &body)
{
    socket->write("HTTP/1.1 " + status + "\r\nContent-Type: text/plain\r\nContent-Length: "
                  + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
    socket->disconnectFromHost();
}
} // namespace

EmulatorWsEndpoint::EmulatorWsEndpoint(const SlimFaasEmulatorLimits &limits, EmulatorLog *log,
                                       QObject *parent)
    : QObject(parent), m_listener(QStringLiteral("WebSocket"), this),
      m_ws(QStringLiteral("slimfaas-emulator"), QWebSocketServer::NonSecureMode, this),
      m_limits(limits), m_log(log)
{
    connect(&m_listener, &EmulatorTcpListener::newConnection, this, [this](QTcpSocket *socket) {
        if (m_counted.size() >= m_limits.maximumConnections) {
            m_log->warning(QStringLiteral("maximumConnections"), socket->peerAddress().toString(),
                           QStringLiteral("limit maximumConnections : WebSocket port: connection "
                                          "from %1 refused, already %2 open")
                                   .arg(socket->peerAddress().toString())
                                   .arg(m_counted.size()));
            refuseConnection(socket);
            return;
        }
        // Counted until it disconnects or goes, whichever comes first, once.
        m_counted.insert(socket);
        connect(socket, &QObject::destroyed, this, [this, socket] { release(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] { release(socket); });
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { inspect(socket); });
        // Until a QWebSocket takes it over, the TCP socket is the endpoint's to free. A
        // handshake QWebSocketServer refuses ends here too.
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
            if (tcp) {
                // The QWebSocket reads and writes it now, yet leaves it without a parent and
                // never deletes it: it becomes the QWebSocket's child, freed after the
                // QWebSocket's destructor has used it (the emulator deletes the QWebSocket
                // once it has disconnected).
                disconnect(tcp, &QTcpSocket::disconnected, tcp, nullptr);
                tcp->setParent(socket);
            }
            emit clientConnected(socket, tcp);
        }
    });
}

void EmulatorWsEndpoint::release(const QTcpSocket *socket)
{
    m_counted.remove(socket);
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

bool EmulatorWsEndpoint::isAllowedOrigin(const QString &origin) const
{
    if (m_allowedOrigins.contains(QLatin1String("*")))
        return true;
    for (const QString &allowed : m_allowedOrigins) {
        if (allowed.compare(origin, Qt::CaseInsensitive) == 0)
            return true;
    }
    const QUrl url(origin, QUrl::StrictMode);
    if (!url.isValid()
        || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
        return false;
    const QString host = url.host();
    return host == QLatin1String("localhost") || QHostAddress(host).isLoopback();
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
    QList<QByteArray> origins;
    for (const QByteArray &line : lines) {
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name.compare("upgrade", Qt::CaseInsensitive) == 0
            && value.compare("websocket", Qt::CaseInsensitive) == 0)
            upgrade = true;
        else if (name.compare("origin", Qt::CaseInsensitive) == 0)
            origins.append(value);
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
    // A browser page names itself in Origin; functions are programs, which send none. Any
    // web page the developer opens could otherwise join a function and read its calls.
    for (const QByteArray &origin : std::as_const(origins)) {
        if (isAllowedOrigin(QString::fromUtf8(origin)))
            continue;
        const QString peer = socket->peerAddress().toString();
        m_log->warning(QStringLiteral("allowedWebSocketOrigins"), peer,
                       QStringLiteral("limit allowedWebSocketOrigins : WebSocket upgrade from "
                                      "%1:%2 with Origin \"%3\" refused (403): only loopback "
                                      "origins are allowed unless allowedWebSocketOrigins says "
                                      "otherwise")
                               .arg(peer)
                               .arg(socket->peerPort())
                               .arg(QString::fromUtf8(origin)));
        answerAndClose(socket, "403 Forbidden", "Origin not allowed.");
        return;
    }
    m_handedOver.removeAll(nullptr);
    m_handedOver.append(socket);
    m_ws.handleConnection(socket); // the head is still unread: the handshake starts from it
}
