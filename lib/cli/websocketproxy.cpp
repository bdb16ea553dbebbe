// SPDX-License-Identifier: MIT
#include "websocketproxy.h"
#include "websocketproxy_p.h"

#include <slimfaasprotocol.h>

#include <QtCore/qcoreapplication.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qmetaobject.h>
#include <QtCore/qrandom.h>
#include <QtNetwork/qsslsocket.h>

#include <algorithm>
#include <utility>

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(WebSocketProxy)
};

constexpr qsizetype MaxHeadSize = 16 * 1024;
constexpr int HeadTimeout = 10000;
constexpr int CloseTimeout = 5000;
constexpr qint64 SocketReadBuffer = 256 * 1024; // what Qt reads ahead of the relay
constexpr qint64 RelayChunk = 256 * 1024;

void answerAndClose(QTcpSocket *socket, const QByteArray &status, const QByteArray &body = {})
{
    socket->write("HTTP/1.1 " + status + "\r\nContent-Type: text/plain\r\nContent-Length: "
                  + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
    socket->disconnectFromHost();
}

// One frame of `opcode` with the whole payload, masked when it goes to the server
// (RFC 6455 §5.2, §5.3).
QByteArray frame(quint8 opcode, QByteArray payload, bool masked)
{
    QByteArray frame;
    frame.append(char(0x80 | opcode));
    const quint8 mask = masked ? 0x80 : 0;
    const qint64 size = payload.size();
    if (size < 126) {
        frame.append(char(mask | size));
    } else if (size < 65536) {
        frame.append(char(mask | 126)).append(char(size >> 8)).append(char(size & 0xff));
    } else {
        frame.append(char(mask | 127));
        for (int shift = 56; shift >= 0; shift -= 8)
            frame.append(char((size >> shift) & 0xff));
    }
    if (masked) {
        const quint32 key = QRandomGenerator::global()->generate();
        const char bytes[4] = { char(key >> 24), char(key >> 16), char(key >> 8), char(key) };
        frame.append(bytes, 4);
        char *data = payload.data();
        for (qsizetype i = 0; i < payload.size(); ++i)
            data[i] = char(data[i] ^ bytes[i % 4]);
    }
    return frame + payload;
}

QByteArray closeFrame(int code, const QString &reason, bool masked)
{
    QByteArray payload;
    payload.append(char(code >> 8)).append(char(code & 0xff)).append(reason.toUtf8().left(123));
    return frame(0x8, payload, masked);
}

} // namespace

// ---------------------------------------------------------------- WebSocketFrameReader

WebSocketFrameReader::Result WebSocketFrameReader::feed(const char *data, qint64 size,
                                                        qint64 *consumed)
{
    qint64 at = 0;
    while (at < size) {
        if (m_remaining < 0) {
            m_header.append(data[at++]);
            if (m_header.size() < 2)
                continue;
            const quint8 first = quint8(m_header.at(0));
            const quint8 second = quint8(m_header.at(1));
            const int length7 = second & 0x7f;
            m_masked = second & 0x80;
            const qsizetype needed = 2
                    + (length7 == 126           ? 2
                               : length7 == 127 ? 8
                                                : 0)
                    + (m_masked ? 4 : 0);
            if (m_header.size() < needed)
                continue;
            m_fin = first & 0x80;
            m_frameOpcode = first & 0x0f;
            qint64 length = length7;
            int offset = 2;
            if (length7 == 126) {
                length = (quint8(m_header.at(2)) << 8) | quint8(m_header.at(3));
                offset = 4;
            } else if (length7 == 127) {
                length = 0;
                for (int i = 2; i < 10; ++i)
                    length = (length << 8) | quint8(m_header.at(i));
                offset = 10;
            }
            if (m_masked)
                std::copy_n(m_header.constData() + offset, 4, reinterpret_cast<char *>(m_mask));
            m_maskOffset = 0;
            const bool control = m_frameOpcode >= 8;
            if ((first & 0x70) || length < 0 || (m_frameOpcode > 2 && m_frameOpcode < 8)
                || m_frameOpcode > 10 || (control && (!m_fin || length > 125))
                || (m_frameOpcode == 0 && !m_messageOpcode)
                || ((m_frameOpcode == 1 || m_frameOpcode == 2) && m_messageOpcode))
                return Result::ProtocolError;
            if (m_frameOpcode == 1 || m_frameOpcode == 2) {
                m_messageOpcode = m_frameOpcode;
                m_collecting = collect && collect(m_frameOpcode);
                m_messageSize = 0;
                m_message.clear();
            }
            if (!control) {
                m_messageSize += length;
                if (m_collecting && maximumMessageSize > 0 && m_messageSize > maximumMessageSize)
                    return Result::MessageTooBig;
            }
            m_remaining = length;
            if (m_remaining == 0) {
                frameDone();
                if (consumed) {
                    *consumed = at;
                    return Result::Ok;
                }
            }
            continue;
        }
        const qint64 n = std::min(m_remaining, size - at);
        QByteArray *target = m_frameOpcode >= 8 ? &m_control : m_collecting ? &m_message : nullptr;
        if (target) {
            const qsizetype start = target->size();
            target->append(data + at, n);
            if (m_masked) {
                char *bytes = target->data() + start;
                for (qint64 i = 0; i < n; ++i)
                    bytes[i] = char(bytes[i] ^ m_mask[(m_maskOffset + i) & 3]);
            }
        }
        m_maskOffset += n;
        m_remaining -= n;
        at += n;
        if (m_remaining == 0) {
            frameDone();
            if (consumed)
                break;
        }
    }
    if (consumed)
        *consumed = at;
    return Result::Ok;
}

void WebSocketFrameReader::frameDone()
{
    if (m_frameOpcode >= 8) {
        const QByteArray payload = std::exchange(m_control, {});
        if (onControl)
            onControl(m_frameOpcode, payload);
    } else if (m_fin) {
        if (m_collecting && onMessage)
            onMessage(m_messageOpcode, m_message);
        m_message.clear();
        m_messageOpcode = 0;
        m_collecting = false;
    }
    m_header.clear();
    m_remaining = -1;
}

// ---------------------------------------------------------------- WebSocketProxy

WebSocketProxy::WebSocketProxy(QObject *parent) : QObject(parent)
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
}

WebSocketProxy::~WebSocketProxy()
{
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
        relay->closeBoth(1001, QString()); // going away
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

void WebSocketProxy::setInterceptor(Interceptor interceptor)
{
    m_interceptor = std::move(interceptor);
}

RelayedConnection *WebSocketProxy::relay(const QString &connectionId) const
{
    for (RelayedConnection *relay : m_relays) {
        if (relay->id() == connectionId)
            return relay;
    }
    return nullptr;
}

bool WebSocketProxy::relayHeld(const QString &connectionId, Direction direction)
{
    RelayedConnection *held = relay(connectionId);
    return held && held->endHold(direction, false, false, false, {});
}

bool WebSocketProxy::replaceHeld(const QString &connectionId, Direction direction, bool binary,
                                 const QByteArray &message)
{
    RelayedConnection *held = relay(connectionId);
    return held && held->endHold(direction, false, true, binary, message);
}

bool WebSocketProxy::dropHeld(const QString &connectionId, Direction direction)
{
    RelayedConnection *held = relay(connectionId);
    return held && held->endHold(direction, true, false, false, {});
}

int WebSocketProxy::connectionCount() const
{
    return int(std::count_if(m_relays.cbegin(), m_relays.cend(),
                             [](const RelayedConnection *relay) { return relay->isRelaying(); }));
}

// As SlimFaas's WebSocket port: /ws upgrades, other paths 404, plain HTTP 400.
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
    const QByteArray head = socket->read(end + 4);
    const QList<QByteArray> lines = head.left(end).split('\n');
    const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
    const QByteArray target = requestLine.value(1);
    const qsizetype question = target.indexOf('?');
    const QByteArray path = question < 0 ? target : target.left(question);
    const QByteArray query = question < 0 ? QByteArray() : target.mid(question + 1);
    bool upgrade = false;
    QByteArray headers;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).endsWith('\r') ? lines.at(i).chopped(1) : lines.at(i);
        const qsizetype colon = line.indexOf(':');
        const QByteArray name = colon > 0 ? line.left(colon).trimmed() : QByteArray();
        if (name.compare("upgrade", Qt::CaseInsensitive) == 0
            && line.mid(colon + 1).trimmed().compare("websocket", Qt::CaseInsensitive) == 0)
            upgrade = true;
        // Host is the upstream's; no extension, so that every frame stays readable.
        if (name.compare("host", Qt::CaseInsensitive) == 0
            || name.compare("sec-websocket-extensions", Qt::CaseInsensitive) == 0)
            continue;
        headers += line + "\r\n";
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
    QByteArray resource = upstream.path(QUrl::FullyEncoded).toLatin1();
    if (resource.isEmpty())
        resource = "/";
    if (upstream.hasQuery())
        resource += '?' + upstream.query(QUrl::FullyEncoded).toLatin1();
    const bool secure = upstream.scheme() == QLatin1String("wss");
    const int defaultPort = secure ? 443 : 80;
    QByteArray host = upstream.host(QUrl::FullyEncoded).toLatin1();
    if (host.contains(':'))
        host = '[' + host + ']';
    if (upstream.port(defaultPort) != defaultPort)
        host += ':' + QByteArray::number(upstream.port());
    disconnect(socket, &QTcpSocket::disconnected, socket, nullptr);
    auto *relay = new RelayedConnection(this, socket, QString::number(m_nextId++));
    m_relays.append(relay);
    connect(relay, &QObject::destroyed, this, [this, relay] { m_relays.removeOne(relay); });
    relay->openUpstream(upstream,
                        requestLine.first() + ' ' + resource + " HTTP/1.1\r\nHost: " + host + "\r\n"
                                + headers + "\r\n");
}

// ---------------------------------------------------------------- RelayedConnection

RelayedConnection::RelayedConnection(WebSocketProxy *proxy, QTcpSocket *function, const QString &id)
    : QObject(proxy), m_proxy(proxy), m_function(function), m_id(id)
{
    function->setParent(this);
    function->setReadBufferSize(SocketReadBuffer);
    m_deadline.setSingleShot(true);
    for (WebSocketProxy::Direction direction :
         { WebSocketProxy::ToFunction, WebSocketProxy::FromFunction }) {
        WebSocketFrameReader &reader
                = direction == WebSocketProxy::ToFunction ? m_toFunction : m_fromFunction;
        reader.maximumMessageSize = proxy->maximumIncomingMessageSize();
        reader.onMessage = [this, direction](int opcode, const QByteArray &message) {
            onMessage(direction, opcode, message);
        };
        reader.onControl = [this, direction](int opcode, const QByteArray &payload) {
            onControl(direction, opcode, payload);
        };
        reader.collect = [this, direction](int opcode) {
            static const QMetaMethod relayed
                    = QMetaMethod::fromSignal(&WebSocketProxy::messageRelayed);
            return m_intercept[direction].active || m_proxy->isSignalConnected(relayed)
                    || (direction == WebSocketProxy::FromFunction && opcode == 1
                        && m_functionName.isEmpty());
        };
    }
    connect(function, &QTcpSocket::readyRead, this, [this] {
        if (m_relaying)
            pump(WebSocketProxy::FromFunction);
    });
    connect(function, &QTcpSocket::bytesWritten, this, [this] {
        if (m_paused[WebSocketProxy::ToFunction])
            pump(WebSocketProxy::ToFunction);
    });
    connect(function, &QTcpSocket::disconnected, this,
            [this] { onSideClosed(WebSocketProxy::FromFunction); });
    m_deadline.callOnTimeout(this, [this] {
        if (!m_closed) {
            fail(Text::tr("connection %1: no answer from %2 within %3 ms")
                         .arg(m_id, m_upstreamUrl.toString())
                         .arg(WebSocketProxy::UpstreamHandshakeTimeout),
                 "504 Gateway Timeout");
            return;
        }
        // A closing that does not end: cut what is left.
        if (m_function)
            m_function->abort();
        if (m_upstream)
            m_upstream->abort();
        deleteLater();
    });
}

void RelayedConnection::openUpstream(const QUrl &url, const QByteArray &head)
{
    m_upstreamUrl = url;
    m_head = head;
    const bool secure = url.scheme() == QLatin1String("wss");
    QTcpSocket *upstream = secure ? new QSslSocket(this) : new QTcpSocket(this);
    m_upstream = upstream;
    upstream->setReadBufferSize(SocketReadBuffer);
    connect(upstream, &QTcpSocket::readyRead, this, [this] {
        if (m_relaying)
            pump(WebSocketProxy::ToFunction);
        else
            readHandshakeAnswer();
    });
    connect(upstream, &QTcpSocket::bytesWritten, this, [this] {
        if (m_paused[WebSocketProxy::FromFunction])
            pump(WebSocketProxy::FromFunction);
    });
    connect(upstream, &QTcpSocket::disconnected, this,
            [this] { onSideClosed(WebSocketProxy::ToFunction); });
    connect(upstream, &QAbstractSocket::errorOccurred, this, [this, upstream] {
        if (!m_relaying && !m_closed && upstream->state() != QAbstractSocket::ConnectedState)
            fail(Text::tr("connection %1: %2 unreachable: %3")
                         .arg(m_id, m_upstreamUrl.toString(), upstream->errorString()),
                 "502 Bad Gateway");
    });
    m_deadline.start(WebSocketProxy::UpstreamHandshakeTimeout);
    const quint16 port = quint16(url.port(secure ? 443 : 80));
    if (secure) {
        auto *ssl = static_cast<QSslSocket *>(upstream);
        ssl->setSslConfiguration(m_proxy->sslConfiguration());
        connect(ssl, &QSslSocket::encrypted, this, &RelayedConnection::onUpstreamConnected);
        ssl->connectToHostEncrypted(url.host(), port);
    } else {
        connect(upstream, &QTcpSocket::connected, this, &RelayedConnection::onUpstreamConnected);
        upstream->connectToHost(url.host(), port);
    }
}

void RelayedConnection::onUpstreamConnected()
{
    m_upstream->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_upstream->write(std::exchange(m_head, {}));
}

// The upstream's answer to the handshake goes to the function as it is; a 101 starts the
// relay of frames, anything else is the function's answer too, relayed to its end.
void RelayedConnection::readHandshakeAnswer()
{
    m_answer += m_upstream->readAll();
    const qsizetype end = m_answer.indexOf("\r\n\r\n");
    if (end < 0) {
        if (m_answer.size() > MaxHeadSize)
            fail(Text::tr("connection %1: %2 answered the handshake with more than %3 bytes of "
                          "headers")
                         .arg(m_id, m_upstreamUrl.toString())
                         .arg(MaxHeadSize),
                 "502 Bad Gateway");
        return;
    }
    m_deadline.stop();
    const QByteArray statusLine = m_answer.left(m_answer.indexOf("\r\n"));
    const bool switching = statusLine.split(' ').value(1) == "101";
    const QByteArray head = m_answer.left(end + 4);
    const QByteArray rest = m_answer.mid(end + 4);
    m_answer.clear();
    m_function->write(head);
    m_relaying = true;
    if (!switching) {
        // Relayed as bytes from now on, without reading frames: there are none.
        m_toFunction.onMessage = nullptr;
        m_toFunction.onControl = nullptr;
        emit m_proxy->warningRaised(
                m_id,
                Text::tr("connection %1: %2 refused the handshake: %3")
                        .arg(m_id, m_upstreamUrl.toString(), QString::fromLatin1(statusLine)));
        m_function->write(rest);
        m_closed = true; // not a WebSocket: no connectionClosed() either
        return;
    }
    emit m_proxy->connectionOpened(m_id, m_upstreamUrl);
    if (!rest.isEmpty() && !relayBytes(WebSocketProxy::ToFunction, rest))
        return;
    pump(WebSocketProxy::FromFunction); // anything the function sent meanwhile
    pump(WebSocketProxy::ToFunction);
}

void RelayedConnection::pump(WebSocketProxy::Direction direction)
{
    QTcpSocket *source = from(direction);
    QTcpSocket *target = to(direction);
    if (!source || !target)
        return;
    const qint64 cap = m_proxy->maximumBufferedBytes();
    const bool draining = source->state() != QAbstractSocket::ConnectedState;
    while (source->bytesAvailable() > 0) {
        if (m_intercept[direction].held)
            return; // read again once the interceptor lets the held message go
        // Back-pressure: the target does not read, so the source is not read either.
        if (cap > 0 && !draining && target->bytesToWrite() >= cap) {
            m_paused[direction] = true;
            return;
        }
        if (!relayBytes(direction, source->read(std::min(source->bytesAvailable(), RelayChunk))))
            return;
    }
    m_paused[direction] = false;
}

bool RelayedConnection::relayBytes(WebSocketProxy::Direction direction, const QByteArray &bytes)
{
    WebSocketFrameReader &reader
            = direction == WebSocketProxy::ToFunction ? m_toFunction : m_fromFunction;
    const Intercept &intercept = m_intercept[direction];
    if (reader.onMessage
        && (m_proxy->m_interceptor || intercept.active || !intercept.input.isEmpty()))
        return relayIntercepted(direction, bytes);
    to(direction)->write(bytes);
    if (!reader.onMessage)
        return true; // not WebSocket frames, or no longer readable
    return readerResult(direction, reader.feed(bytes.constData(), bytes.size()));
}

bool RelayedConnection::readerResult(WebSocketProxy::Direction direction,
                                     WebSocketFrameReader::Result result)
{
    WebSocketFrameReader &reader
            = direction == WebSocketProxy::ToFunction ? m_toFunction : m_fromFunction;
    const QString side = direction == WebSocketProxy::ToFunction ? Text::tr("SlimFaas")
                                                                 : Text::tr("the function");
    if (result == WebSocketFrameReader::Result::MessageTooBig) {
        emit m_proxy->warningRaised(
                m_id,
                Text::tr("connection %1%2: a message over %3 bytes from %4: both sides closed")
                        .arg(m_id,
                             m_functionName.isEmpty() ? QString()
                                                      : QStringLiteral(" (%1)").arg(m_functionName))
                        .arg(m_proxy->maximumIncomingMessageSize())
                        .arg(side));
        // Mid-frame: no close frame can be put in; both TCP connections go.
        if (!m_closed) {
            m_closed = true;
            emit m_proxy->connectionClosed(m_id, m_functionName, direction, 1009,
                                           QStringLiteral("message too big"));
        }
        m_function->abort();
        m_upstream->abort();
        return false;
    }
    if (result == WebSocketFrameReader::Result::ProtocolError) {
        emit m_proxy->warningRaised(m_id,
                                    Text::tr("connection %1: %2 sent a frame that is not RFC "
                                             "6455's; relayed from now on without being read")
                                            .arg(m_id, side));
        reader.onMessage = nullptr;
        reader.onControl = nullptr;
    }
    return true;
}

bool RelayedConnection::relayIntercepted(WebSocketProxy::Direction direction,
                                         const QByteArray &bytes)
{
    m_intercept[direction].input += bytes;
    return readWholeMessages(direction);
}

// Frame by frame: control frames go on at once (they may come between the frames of a
// message), data frames wait until their message is whole and the interceptor has decided.
// Between messages, an interceptor set or removed starts or stops this.
bool RelayedConnection::readWholeMessages(WebSocketProxy::Direction direction)
{
    Intercept &intercept = m_intercept[direction];
    WebSocketFrameReader &reader
            = direction == WebSocketProxy::ToFunction ? m_toFunction : m_fromFunction;
    QTcpSocket *target = to(direction);
    if (!target)
        return false;
    qsizetype at = 0;
    QByteArray &frame = intercept.frame;
    while (!intercept.held && at < intercept.input.size()) {
        if (reader.atMessageBoundary())
            intercept.active = bool(m_proxy->m_interceptor);
        qint64 consumed = 0;
        const auto result = reader.feed(intercept.input.constData() + at,
                                        intercept.input.size() - at, &consumed);
        if (result != WebSocketFrameReader::Result::Ok) {
            // Not readable: what is kept goes on as it is, then everything else.
            target->write(intercept.frames + frame + intercept.input.mid(at));
            intercept = Intercept();
            return readerResult(direction, result);
        }
        const QByteArray bytes = intercept.input.mid(at, consumed);
        at += consumed;
        if (!intercept.active) {
            target->write(bytes);
            continue;
        }
        frame += bytes;
        if (!reader.atFrameBoundary())
            continue; // the frame goes on in the next bytes
        if (reader.frameOpcode() >= 8) {
            target->write(std::exchange(frame, {}));
            continue;
        }
        intercept.frames += std::exchange(frame, {});
        if (!intercept.complete)
            continue;
        intercept.complete = false;
        const auto decision = m_proxy->m_interceptor
                ? m_proxy->m_interceptor(m_id, m_functionName, direction, intercept.opcode == 2,
                                         intercept.message)
                : WebSocketProxy::Relay;
        if (decision == WebSocketProxy::Hold) {
            intercept.held = true;
        } else {
            const QByteArray wire = std::exchange(intercept.frames, {});
            const QByteArray message = std::exchange(intercept.message, {});
            if (decision == WebSocketProxy::Relay)
                relayWhole(direction, wire, intercept.opcode, message);
        }
    }
    // Only a hold leaves bytes unread.
    intercept.input = at < intercept.input.size() ? intercept.input.mid(at) : QByteArray();
    return true;
}

void RelayedConnection::relayWhole(WebSocketProxy::Direction direction, const QByteArray &wire,
                                   int opcode, const QByteArray &message)
{
    if (QTcpSocket *target = to(direction))
        target->write(wire);
    announce(direction, opcode, message);
}

bool RelayedConnection::endHold(WebSocketProxy::Direction direction, bool drop, bool replace,
                                bool binary, const QByteArray &message)
{
    Intercept &intercept = m_intercept[direction];
    if (!intercept.held)
        return false;
    intercept.held = false;
    const QByteArray wire = std::exchange(intercept.frames, {});
    const QByteArray original = std::exchange(intercept.message, {});
    if (!drop) {
        if (replace)
            relayWhole(
                    direction,
                    frame(binary ? 0x2 : 0x1, message, direction == WebSocketProxy::FromFunction),
                    binary ? 2 : 1, message);
        else
            relayWhole(direction, wire, intercept.opcode, original);
    }
    // What was read behind it, then what waits in the socket.
    if (readWholeMessages(direction))
        pump(direction);
    return true;
}

void RelayedConnection::onMessage(WebSocketProxy::Direction direction, int opcode,
                                  const QByteArray &message)
{
    Intercept &intercept = m_intercept[direction];
    if (intercept.active) {
        // Whole: the interceptor decides once its last frame is kept.
        intercept.complete = true;
        intercept.opcode = opcode;
        intercept.message = message;
        return;
    }
    announce(direction, opcode, message);
}

void RelayedConnection::announce(WebSocketProxy::Direction direction, int opcode,
                                 const QByteArray &message)
{
    if (direction == WebSocketProxy::FromFunction && opcode == 1 && m_functionName.isEmpty()) {
        const auto envelope = SlimFaasProtocol::decodeEnvelope(message);
        // A message without "type" is a Register, as on SlimFaas.
        if (envelope
            && (envelope->type == int(SlimFaasProtocol::MessageType::Register)
                || envelope->type == -1)) {
            const QString name
                    = envelope->payload.toObject().value(QLatin1String("functionName")).toString();
            if (!name.isEmpty()) {
                m_functionName = name;
                emit m_proxy->functionNamed(m_id, name);
            }
        }
    }
    static const QMetaMethod relayed = QMetaMethod::fromSignal(&WebSocketProxy::messageRelayed);
    if (m_proxy->isSignalConnected(relayed))
        emit m_proxy->messageRelayed(m_id, m_functionName, direction, opcode == 2, message);
}

void RelayedConnection::onControl(WebSocketProxy::Direction direction, int opcode,
                                  const QByteArray &payload)
{
    if (opcode != 8 || m_closeSeen[direction])
        return; // Ping and Pong go through as they are
    m_closeSeen[direction] = true;
    m_closeCode[direction]
            = payload.size() >= 2 ? (quint8(payload.at(0)) << 8) | quint8(payload.at(1)) : 1005;
    m_closeReason[direction] = QString::fromUtf8(payload.mid(2));
    if (!m_closed) {
        m_closed = true;
        emit m_proxy->connectionClosed(m_id, m_functionName, direction, m_closeCode[direction],
                                       m_closeReason[direction]);
        m_deadline.start(CloseTimeout);
    }
}

void RelayedConnection::onSideClosed(WebSocketProxy::Direction closedBy)
{
    if (!m_relaying && !m_closed) {
        if (closedBy == WebSocketProxy::ToFunction) {
            fail(Text::tr("connection %1: %2 closed the connection before answering the "
                          "handshake")
                         .arg(m_id, m_upstreamUrl.toString()),
                 "502 Bad Gateway");
            return;
        }
        m_closed = true; // the function gave up waiting
        m_functionGone = m_upstreamGone = true;
        if (m_upstream)
            m_upstream->abort();
        finishWhenBothClosed();
        return;
    }
    (closedBy == WebSocketProxy::FromFunction ? m_functionGone : m_upstreamGone) = true;
    QTcpSocket *other = to(closedBy);
    if (m_relaying && other && other->state() == QAbstractSocket::ConnectedState)
        pump(closedBy); // what it sent before going, whatever waits already
    if (!m_closed) {
        m_closed = true;
        if (m_relaying)
            emit m_proxy->connectionClosed(m_id, m_functionName, closedBy, 1006, QString());
    }
    if (other && other->state() != QAbstractSocket::UnconnectedState) {
        other->disconnectFromHost(); // after what waits to be written
        m_deadline.start(CloseTimeout);
    } else {
        (closedBy == WebSocketProxy::FromFunction ? m_upstreamGone : m_functionGone) = true;
    }
    finishWhenBothClosed();
}

void RelayedConnection::fail(const QString &why, const QByteArray &status)
{
    if (m_closed)
        return;
    m_closed = true;
    emit m_proxy->warningRaised(m_id, why);
    m_upstreamGone = true;
    if (m_upstream)
        m_upstream->abort();
    if (m_function && m_function->state() == QAbstractSocket::ConnectedState) {
        answerAndClose(m_function, status);
        m_deadline.start(CloseTimeout);
    } else {
        m_functionGone = true;
    }
    finishWhenBothClosed();
}

void RelayedConnection::finishWhenBothClosed()
{
    if (m_upstreamGone && m_functionGone) {
        m_deadline.stop();
        deleteLater();
    }
}

void RelayedConnection::closeBoth(int code, const QString &reason)
{
    if (m_closed)
        return;
    m_closed = true;
    if (!m_relaying) {
        m_functionGone = m_upstreamGone = true;
        m_function->abort();
        if (m_upstream)
            m_upstream->abort();
        finishWhenBothClosed();
        return;
    }
    emit m_proxy->connectionClosed(m_id, m_functionName, WebSocketProxy::ToFunction, code, reason);
    // A close frame only where no frame is half relayed (whole messages are written whole).
    if (m_intercept[WebSocketProxy::ToFunction].active || m_toFunction.atFrameBoundary())
        m_function->write(closeFrame(code, reason, false));
    if (m_intercept[WebSocketProxy::FromFunction].active || m_fromFunction.atFrameBoundary())
        m_upstream->write(closeFrame(code, reason, true));
    m_function->disconnectFromHost();
    m_upstream->disconnectFromHost();
    m_deadline.start(CloseTimeout);
}
