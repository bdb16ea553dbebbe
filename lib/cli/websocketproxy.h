// SPDX-License-Identifier: MIT
#ifndef WEBSOCKETPROXY_H
#define WEBSOCKETPROXY_H

#include <QtCore/qbytearray.h>
#include <QtCore/qlist.h>
#include <QtCore/qobject.h>
#include <QtCore/qstring.h>
#include <QtCore/qurl.h>
#include <QtNetwork/qhostaddress.h>
#include <QtNetwork/qtcpserver.h>
#ifndef QT_NO_SSL
#include <QtNetwork/qsslconfiguration.h>
#endif

#include <functional>

class RelayedConnection;

QT_BEGIN_NAMESPACE
class QTcpSocket;
QT_END_NAMESPACE

// A WebSocket relay between functions and a SlimFaas server, for slimfaas-tap --proxy and
// the monitor: functions connect to ws://<address>:<port>/ws as they would to SlimFaas, and
// each connection gets one connection of its own to upstream(). The function's handshake
// goes upstream as the function wrote it — its query and headers, Origin only if the
// function sent one — with the request line and Host of the upstream URL (its scheme,
// host, port and path) and without Sec-WebSocket-Extensions, so that no compression is
// negotiated and every frame stays readable; the upstream's answer goes back as it is. A
// refused handshake is refused to the function with the upstream's own answer; an
// unreachable upstream gives 502 Bad Gateway, one that does not answer within
// UpstreamHandshakeTimeout 504. Other paths than /ws get 404, a plain HTTP request 400, as
// on SlimFaas's port.
//
// From then on the bytes of each side go to the other unchanged, frame by frame, masked as
// the function masked them: text and binary messages, Ping, Pong and Close frames alike, so
// a close code reaches the other side as it was sent, and a side that goes without a
// close frame makes the other's TCP connection close the same way. Frame readers watch
// both directions and report each message with messageRelayed() (reassembled, unmasked),
// without changing what is relayed.
//
// Memory: when one side stops reading, the proxy stops reading the other once
// maximumBufferedBytes() (1 MiB) wait to be written, and goes on when they are written:
// back-pressure, as if the two were connected directly. A connection holds at most about
// that plus 256 KiB each way, and, while someone observes, the message being reassembled
// (at most maximumIncomingMessageSize(), 64 MiB: a bigger one cuts both TCP connections,
// since no close frame can go in mid-frame, reported as 1009 with a warning).
//
// Intercept: with an interceptor set (setInterceptor()), each data message of a connection is
// read whole before it goes on and handed to the interceptor, which relays it, drops it or
// holds it. A held message stops that direction of that connection: nothing more is read
// from the side that sent it (its later messages wait behind it in order, in TCP's
// buffers) until relayHeld(), replaceHeld() or dropHeld() ends the hold. Ping, Pong and
// Close frames are never held. Without an interceptor (the default) nothing of this is done
// or paid: bytes are relayed as they come. With one, a connection also holds the message
// being read twice over (its frames and the reassembled message), at most
// maximumIncomingMessageSize() each.
//
// Threads: create and use it in one thread, which runs an event loop; every signal is
// emitted in that thread, synchronously, as the message is relayed, and the interceptor is
// called there too.
class WebSocketProxy : public QObject
{
    Q_OBJECT
public:
    // Which way a message went (slimfaas-tap's "direction": "in" and "out").
    enum Direction {
        ToFunction,   // from SlimFaas to the function: "in"
        FromFunction, // from the function to SlimFaas: "out"
    };
    Q_ENUM(Direction)

    static constexpr qint64 DefaultMaximumBufferedBytes = 1024 * 1024;
    static constexpr qint64 DefaultMaximumIncomingMessageSize = 64 * 1024 * 1024;
    // How long an upstream handshake may take before the function's is refused (504).
    static constexpr int UpstreamHandshakeTimeout = 30000;

    // What an interceptor decides for a message.
    enum InterceptDecision {
        Relay, // goes on now, as it is
        Hold,  // waits, and that direction with it, until relayHeld(), replaceHeld() or dropHeld()
        Drop,  // never reaches the other side (nor messageRelayed())
    };
    Q_ENUM(InterceptDecision)
    // Asked for each complete text or binary message, as it is on the wire (unmasked), before
    // it is relayed; functionName as in messageRelayed(). It must not call back into the
    // proxy; it decides, and ends a hold later.
    using Interceptor = std::function<InterceptDecision(
            const QString &connectionId, const QString &functionName, Direction direction,
            bool binary, const QByteArray &message)>;

    explicit WebSocketProxy(QObject *parent = nullptr);
    ~WebSocketProxy() override;

    // The SlimFaas WebSocket URL each function connection is relayed to (ws:// or wss://).
    QUrl upstream() const { return m_upstream; }
    void setUpstream(const QUrl &url) { m_upstream = url; }
#ifndef QT_NO_SSL
    // The TLS settings of wss:// upstream connections (default: the system's, peers
    // verified). A certificate that does not verify refuses the function's handshake with
    // 502 and a warning.
    QSslConfiguration sslConfiguration() const
    {
        return m_sslConfiguration;
    }
    void setSslConfiguration(const QSslConfiguration &configuration)
    {
        m_sslConfiguration = configuration;
    }
#endif
    // What may wait unwritten for one side before the proxy stops reading the other.
    qint64 maximumBufferedBytes() const
    {
        return m_maximumBufferedBytes;
    }
    void setMaximumBufferedBytes(qint64 bytes)
    {
        m_maximumBufferedBytes = bytes;
    }
    // The largest message reassembled for the observers; a bigger one cuts both sides
    // (connectionClosed() with 1009).
    qint64 maximumIncomingMessageSize() const
    {
        return m_maximumIncomingMessageSize;
    }
    void setMaximumIncomingMessageSize(qint64 bytes)
    {
        m_maximumIncomingMessageSize = bytes;
    }

    // Sets or (with nullptr) removes the interceptor. Connections start or stop reading
    // whole messages at their next message boundary; messages held stay held until released.
    void setInterceptor(Interceptor interceptor);
    bool hasInterceptor() const
    {
        return bool(m_interceptor);
    }
    // End the hold of a connection's direction: the held message goes on as it was, or
    // replaced by `message` (sent as one frame, masked towards SlimFaas), or is dropped;
    // then that direction is read again. False when that connection has gone or holds
    // nothing that way.
    bool relayHeld(const QString &connectionId, Direction direction);
    bool replaceHeld(const QString &connectionId, Direction direction, bool binary,
                     const QByteArray &message);
    bool dropHeld(const QString &connectionId, Direction direction);

    // Listens for functions; port 0 picks a free one. False, with errorString(), on failure.
    bool listen(const QHostAddress &address, quint16 port);
    // Stops listening and closes every relayed connection (close code 1001, going away).
    void close();
    quint16 serverPort() const
    {
        return m_server.serverPort();
    }
    // ws://<address>:<port>/ws, what functions connect to.
    QUrl url() const;
    QString errorString() const
    {
        return m_server.errorString();
    }
    // Connections relayed now (upstream handshake done).
    int connectionCount() const;

Q_SIGNALS:
    // Both handshakes succeeded: the function's connection is relayed to upstreamUrl.
    // connectionId is the proxy's own id for it (a number counted from 1, as text), in
    // every later signal.
    void connectionOpened(const QString &connectionId, const QUrl &upstreamUrl);
    // The function's connection sent its (first) Register, naming the function.
    void functionNamed(const QString &connectionId, const QString &functionName);
    // One message relayed (already queued for the other side), as it is on the wire.
    // functionName is empty until the connection's Register was seen; the Register itself is
    // reported under its name.
    void messageRelayed(const QString &connectionId, const QString &functionName,
                        WebSocketProxy::Direction direction, bool binary,
                        const QByteArray &message);
    // The connection is over: closedBy says which side ended it (ToFunction: SlimFaas, or
    // the proxy itself, by close() or at the memory cap), with its close code and reason.
    void connectionClosed(const QString &connectionId, const QString &functionName,
                          WebSocketProxy::Direction closedBy, int closeCode, const QString &reason);
    // A function connection could not be relayed (upstream unreachable or silent, a broken
    // frame), or carried a message over maximumIncomingMessageSize().
    void warningRaised(const QString &connectionId, const QString &message);

private:
    friend class RelayedConnection;
    void inspect(QTcpSocket *socket);
    RelayedConnection *relay(const QString &connectionId) const;

    QTcpServer m_server;
    QUrl m_upstream;
    qint64 m_maximumBufferedBytes = DefaultMaximumBufferedBytes;
    qint64 m_maximumIncomingMessageSize = DefaultMaximumIncomingMessageSize;
    QList<RelayedConnection *> m_relays;
    quint32 m_nextId = 1;
    Interceptor m_interceptor;
#ifndef QT_NO_SSL
    QSslConfiguration m_sslConfiguration = QSslConfiguration::defaultConfiguration();
#endif
};

#endif // WEBSOCKETPROXY_H
