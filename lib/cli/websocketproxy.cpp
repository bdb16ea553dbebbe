#include "websocketproxy.h"
#include "websocketproxy_p.h"

#include <slimfaasprotocol.h>

#include <QtCore/qcoreapplication.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qmetaobject.h>

#include <algorithm>
#include <utility>

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(WebSocketProxy)
};

constexpr qsizetype MaxHeadSize = 16 * 1024;
constexpr int HeadTimeout = 10000;
constexpr int CloseHandshakeTimeout = 5000;

void answerAndClose(QTcpSocket *socket, const QByteArray &status, const QByteArray &body = {})
{
    socket->write("HTTP/1.1 " + status + "\r\nContent-Type: text/plain\r\nContent-Length: "
                  + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
    socket->disconnectFromHost();
}

// The handshake's own headers: each WebSocket connection has its own, QWebSocket writes
// them. Sec-WebSocket-Protocol is not relayed: SlimFaas uses no subprotocol.
bool isHandshakeHeader(const QByteArray &name)
{
    static const char *const names[] = { "host",
                                         "upgrade",
                                         "connection",
                                         "origin",
                                         "sec-websocket-key",
                                         "sec-websocket-version",
                                         "sec-websocket-extensions",
                                         "sec-websocket-protocol",
                                         "content-length" };
    for (const char *handshake : names) {
        if (name.compare(handshake, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// Close codes a close frame may carry (RFC 6455 §7.4): 1005, 1006 and 1015 only say that
// there was none.
bool isSendable(int code)
{
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014)
            || (code >= 3000 && code <= 4999);
}

} // namespace

// ---------------------------------------------------------------- WebSocketProxy

WebSocketProxy::WebSocketProxy(QObject *parent)
    : QObject(parent), m_ws(QStringLiteral("slimfaas-proxy"), QWebSocketServer::NonSecureMode)
{
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            // Relayed messages are small and many: none may wait for Nagle's algorithm.
            socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { inspect(socket); });
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            QTimer::singleShot(HeadTimeout, socket, [this, socket] {
                if (disconnect(socket, &QTcpSocket::readyRead, this, nullptr))
                    answerAndClose(socket, "408 Request Timeout");
            });
        }
    });
    connect(&m_ws, &QWebSocketServer::newConnection, this, &WebSocketProxy::onUpgraded);
}

WebSocketProxy::~WebSocketProxy()
{
    // Before the servers their sockets came from.
    m_upgrading.clear();
    const auto relays = std::exchange(m_relays, {});
    qDeleteAll(relays);
}

bool WebSocketProxy::listen(const QHostAddress &address, quint16 port)
{
    return m_server.listen(address, port);
}

void WebSocketProxy::close()
{
    m_server.close();
    const auto relays = m_relays;
    for (RelayedConnection *relay : relays)
        relay->closeBoth(QWebSocketProtocol::CloseCodeGoingAway, QString());
}

QUrl WebSocketProxy::url() const
{
    QUrl url;
    url.setScheme(QStringLiteral("ws"));
    const QHostAddress address = m_server.serverAddress();
    url.setHost(address == QHostAddress::Any || address == QHostAddress::AnyIPv4
                        || address == QHostAddress::AnyIPv6
                ? QStringLiteral("127.0.0.1")
                : address.toString());
    url.setPort(m_server.serverPort());
    url.setPath(QStringLiteral("/ws"));
    return url;
}

int WebSocketProxy::connectionCount() const
{
    return int(std::count_if(m_relays.cbegin(), m_relays.cend(),
                             [](const RelayedConnection *relay) { return relay->isRelaying(); }));
}

// As SlimFaas's WebSocket port: /ws upgrades, other paths 404, plain HTTP 400. The head is
// only peeked: QWebSocketServer reads it again for the function's handshake.
void WebSocketProxy::inspect(QTcpSocket *socket)
{
    const QByteArray peeked = socket->peek(MaxHeadSize + 1);
    const qsizetype end = peeked.indexOf("\r\n\r\n");
    if (end < 0) {
        if (peeked.size() > MaxHeadSize) {
            disconnect(socket, &QTcpSocket::readyRead, this, nullptr);
            answerAndClose(socket, "431 Request Header Fields Too Large");
        }
        return;
    }
    disconnect(socket, &QTcpSocket::readyRead, this, nullptr);
    const QList<QByteArray> lines = peeked.left(end).split('\n');
    const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
    const QByteArray target = requestLine.value(1);
    const qsizetype question = target.indexOf('?');
    const QByteArray path = question < 0 ? target : target.left(question);
    const QByteArray query = question < 0 ? QByteArray() : target.mid(question + 1);
    bool upgrade = false;
    QString origin;
    QList<QPair<QByteArray, QByteArray>> headers;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines.at(i);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name.compare("upgrade", Qt::CaseInsensitive) == 0
            && value.compare("websocket", Qt::CaseInsensitive) == 0)
            upgrade = true;
        if (name.compare("origin", Qt::CaseInsensitive) == 0)
            origin = QString::fromLatin1(value);
        if (!isHandshakeHeader(name))
            headers.append({ name, value });
    }
    if (path != "/ws") {
        answerAndClose(socket, "404 Not Found");
        return;
    }
    if (!upgrade) {
        answerAndClose(socket, "400 Bad Request", "Expected a WebSocket request.");
        return;
    }
    QUrl upstream = m_upstream;
    if (!query.isEmpty())
        upstream.setQuery(QString::fromLatin1(query), QUrl::TolerantMode);
    auto *relay = new RelayedConnection(this, socket, QString::number(m_nextId++));
    m_relays.append(relay);
    connect(relay, &QObject::destroyed, this, [this, relay] {
        m_relays.removeOne(relay);
        for (auto it = m_upgrading.begin(); it != m_upgrading.end();) {
            if (it.value() == relay)
                it = m_upgrading.erase(it);
            else
                ++it;
        }
    });
    relay->openUpstream(upstream, origin, headers);
}

void WebSocketProxy::onUpgraded()
{
    while (QWebSocket *socket = m_ws.nextPendingConnection()) {
        // Which TCP socket it came from: the one with the same peer.
        RelayedConnection *relay = nullptr;
        for (auto it = m_upgrading.begin(); it != m_upgrading.end(); ++it) {
            if (it.key()->peerPort() == socket->peerPort()
                && it.key()->peerAddress() == socket->peerAddress()) {
                relay = it.value();
                m_upgrading.erase(it);
                break;
            }
        }
        if (!relay) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        relay->attach(socket);
    }
}

// ---------------------------------------------------------------- RelayedConnection

RelayedConnection::RelayedConnection(WebSocketProxy *proxy, QTcpSocket *tcp, const QString &id)
    : QObject(proxy), m_proxy(proxy), m_tcp(tcp), m_id(id)
{
    m_deadline.setSingleShot(true);
    // Until its handshake is handed over, the TCP socket ending ends the relay.
    connect(tcp, &QTcpSocket::disconnected, this, [this] {
        if (!m_function && !m_closed) {
            m_closed = true;
            m_functionGone = true;
            if (m_upstream)
                m_upstream->abort();
            m_upstreamGone = true;
            deleteLater();
        }
    });
}

void RelayedConnection::openUpstream(const QUrl &url, const QString &origin,
                                     const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QNetworkRequest request(url);
    for (const auto &header : headers) {
        const QByteArray before = request.rawHeader(header.first);
        request.setRawHeader(header.first,
                             before.isEmpty() ? header.second : before + ", " + header.second);
    }
    m_upstream = new QWebSocket(origin, QWebSocketProtocol::VersionLatest, this);
    const qint64 maximum = m_proxy->maximumIncomingMessageSize();
    if (maximum > 0) {
        m_upstream->setMaxAllowedIncomingMessageSize(quint64(maximum));
        m_upstream->setMaxAllowedIncomingFrameSize(quint64(maximum));
    }
    connect(m_upstream, &QWebSocket::connected, this, [this] {
        m_deadline.stop();
        m_upstreamOpen = true;
        if (!m_tcp || m_tcp->state() != QAbstractSocket::ConnectedState) {
            m_upstream->close(QWebSocketProtocol::CloseCodeGoingAway);
            return;
        }
        disconnect(m_tcp, &QTcpSocket::disconnected, m_tcp, nullptr);
        m_proxy->m_upgrading.insert(m_tcp, this);
        m_proxy->m_ws.handleConnection(m_tcp); // its head is still unread
    });
    connect(m_upstream, &QWebSocket::disconnected, this, [this] {
        if (!m_upstreamOpen) {
            refuse("502 Bad Gateway",
                   Text::tr("connection %1: %2 refused or unreachable: %3")
                           .arg(m_id, m_upstream->requestUrl().toString(),
                                m_upstream->errorString()));
            return;
        }
        onClosed(WebSocketProxy::ToFunction);
    });
    connect(m_upstream, &QWebSocket::textMessageReceived, this,
            [this](const QString &text) { relay(WebSocketProxy::ToFunction, &text, {}); });
    connect(m_upstream, &QWebSocket::binaryMessageReceived, this,
            [this](const QByteArray &message) {
                relay(WebSocketProxy::ToFunction, nullptr, message);
            });
    // ASP.NET's keepalive Pong, or the answer to a Ping relayed from the function: to the
    // function as a Pong frame, written under its QWebSocket, which has no call for it (it
    // writes each of its frames whole, so this lands between two of them).
    connect(m_upstream, &QWebSocket::pong, this, [this](quint64, const QByteArray &payload) {
        if (!m_function || !m_tcp || m_closed)
            return;
        const QByteArray data = payload.left(125);
        m_tcp->write(QByteArray(1, char(0x8A)) + char(data.size()) + data);
    });
    m_deadline.callOnTimeout(this, [this] {
        if (!m_upstreamOpen) {
            refuse("504 Gateway Timeout",
                   Text::tr("connection %1: no answer from %2 within %3 ms")
                           .arg(m_id, m_upstream->requestUrl().toString())
                           .arg(WebSocketProxy::UpstreamHandshakeTimeout));
        } else {
            // A close handshake that does not end: cut what is left.
            if (!m_functionGone && m_function)
                m_function->abort();
            if (!m_upstreamGone)
                m_upstream->abort();
            deleteLater();
        }
    });
    m_deadline.start(WebSocketProxy::UpstreamHandshakeTimeout);
    m_upstream->open(request);
}

void RelayedConnection::refuse(const QByteArray &status, const QString &why)
{
    if (m_closed)
        return;
    m_closed = true;
    emit m_proxy->warningRaised(QString(), why);
    if (m_tcp)
        answerAndClose(m_tcp, status);
    m_upstream->abort();
    deleteLater();
}

void RelayedConnection::attach(QWebSocket *function)
{
    m_function = function;
    function->setParent(this);
    const qint64 maximum = m_proxy->maximumIncomingMessageSize();
    if (maximum > 0) {
        function->setMaxAllowedIncomingMessageSize(quint64(maximum));
        function->setMaxAllowedIncomingFrameSize(quint64(maximum));
    }
    connect(function, &QWebSocket::textMessageReceived, this,
            [this](const QString &text) { relay(WebSocketProxy::FromFunction, &text, {}); });
    connect(function, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &message) {
        relay(WebSocketProxy::FromFunction, nullptr, message);
    });
    // QWebSocket cannot send a Pong: the function's goes to SlimFaas as a Ping with its
    // payload, which keeps the connection as busy as the Pong would have.
    connect(function, &QWebSocket::pong, this, [this](quint64, const QByteArray &payload) {
        if (!m_closed)
            m_upstream->ping(payload);
    });
    connect(function, &QWebSocket::disconnected, this,
            [this] { onClosed(WebSocketProxy::FromFunction); });
    emit m_proxy->connectionOpened(m_id, m_upstream->requestUrl());
    if (m_upstream->state() != QAbstractSocket::ConnectedState)
        onClosed(WebSocketProxy::ToFunction); // it went during the function's handshake
}

void RelayedConnection::noteFunctionName(const QByteArray &message)
{
    const auto envelope = SlimFaasProtocol::decodeEnvelope(message);
    // A message without "type" is a Register, as on SlimFaas.
    if (!envelope || (envelope->type != int(SlimFaasProtocol::MessageType::Register)
                      && envelope->type != -1))
        return;
    const QString name =
            envelope->payload.toObject().value(QLatin1String("functionName")).toString();
    if (name.isEmpty())
        return;
    m_functionName = name;
    emit m_proxy->functionNamed(m_id, name);
}

// A text message is relayed as the QString it came as (no UTF-8 round trip) and made
// UTF-8 only for the signal, when someone listens, and for the Register.
void RelayedConnection::relay(WebSocketProxy::Direction direction, const QString *text,
                              const QByteArray &binary)
{
    if (m_closed)
        return; // the other side is gone: nowhere to send it
    QWebSocket *to = direction == WebSocketProxy::ToFunction ? m_function : m_upstream;
    if (!to)
        return;
    const qint64 cap = m_proxy->maximumBufferedBytes();
    if (cap > 0 && to->bytesToWrite() > cap) {
        emit m_proxy->warningRaised(
                m_id,
                Text::tr("connection %1%2: %3 does not read, more than %4 bytes wait for it: "
                         "both sides closed (1011)")
                        .arg(m_id,
                             m_functionName.isEmpty() ? QString()
                                                      : QStringLiteral(" (%1)").arg(m_functionName),
                             direction == WebSocketProxy::ToFunction ? Text::tr("the function")
                                                                     : Text::tr("SlimFaas"))
                        .arg(cap));
        closeBoth(QWebSocketProtocol::CloseCodeBadOperation,
                  QStringLiteral("proxy buffer full"));
        return;
    }
    if (text)
        to->sendTextMessage(*text);
    else
        to->sendBinaryMessage(binary);
    static const QMetaMethod relayed = QMetaMethod::fromSignal(&WebSocketProxy::messageRelayed);
    const bool observed = m_proxy->isSignalConnected(relayed);
    const bool naming = text && direction == WebSocketProxy::FromFunction
            && m_functionName.isEmpty();
    if (!observed && !naming)
        return;
    const QByteArray message = text ? text->toUtf8() : binary;
    if (naming)
        noteFunctionName(message);
    if (observed)
        emit m_proxy->messageRelayed(m_id, m_functionName, direction, !text, message);
}

void RelayedConnection::onClosed(WebSocketProxy::Direction closedBy)
{
    QWebSocket *from = closedBy == WebSocketProxy::FromFunction ? m_function : m_upstream;
    QWebSocket *other = closedBy == WebSocketProxy::FromFunction ? m_upstream : m_function;
    (closedBy == WebSocketProxy::FromFunction ? m_functionGone : m_upstreamGone) = true;
    if (!m_closed) {
        m_closed = true;
        const int code = from->closeCode();
        const QString reason = from->closeReason();
        emit m_proxy->connectionClosed(m_id, m_functionName, closedBy, code, reason);
        if (other && other->state() != QAbstractSocket::UnconnectedState) {
            if (isSendable(code))
                other->close(QWebSocketProtocol::CloseCode(code), reason);
            else
                other->abort(); // no close frame came: none goes
        } else {
            (closedBy == WebSocketProxy::FromFunction ? m_upstreamGone : m_functionGone) = true;
        }
        m_deadline.start(CloseHandshakeTimeout);
    }
    finishWhenBothClosed();
}

void RelayedConnection::finishWhenBothClosed()
{
    if (m_upstreamGone && (m_functionGone || !m_function)) {
        m_deadline.stop();
        deleteLater();
    }
}

void RelayedConnection::closeBoth(QWebSocketProtocol::CloseCode code, const QString &reason)
{
    if (m_closed)
        return;
    if (!m_function) {
        m_closed = true;
        if (m_tcp)
            m_tcp->abort();
        m_upstream->abort();
        deleteLater();
        return;
    }
    m_closed = true;
    emit m_proxy->connectionClosed(m_id, m_functionName, WebSocketProxy::ToFunction, code, reason);
    m_function->close(code, reason);
    m_upstream->close(code, reason);
    m_deadline.start(CloseHandshakeTimeout);
}
