#ifndef WEBSOCKETPROXY_H
#define WEBSOCKETPROXY_H

#include <QtCore/qbytearray.h>
#include <QtCore/qhash.h>
#include <QtCore/qobject.h>
#include <QtCore/qstring.h>
#include <QtCore/qurl.h>
#include <QtNetwork/qhostaddress.h>
#include <QtNetwork/qtcpserver.h>
#include <QtWebSockets/qwebsocketserver.h>

class RelayedConnection;

QT_BEGIN_NAMESPACE
class QTcpSocket;
QT_END_NAMESPACE

// A WebSocket relay between functions and a SlimFaas server, for slimfaas-tap --proxy and
// the monitor: functions connect to ws://<address>:<port>/ws as they would to SlimFaas, and
// each connection gets one connection of its own to upstream() — the upstream URL's scheme,
// host, port and path, the function's query, and the function's handshake headers (Origin
// only if the function sent one). The function's handshake is answered once the upstream
// one succeeded, so a refused upstream handshake refuses the function's (502 Bad Gateway);
// other paths than /ws get 404, a plain HTTP request 400, as on SlimFaas's port.
//
// Every message is relayed unchanged both ways, text and binary, in order, and reported by
// messageRelayed(). WebSocket control frames: QWebSocket answers a Ping itself and does not
// report it, so a Ping is answered by the proxy, on each side, and is not relayed; a Pong
// (ASP.NET's unsolicited keepalive Pong, or the answer to a Ping) is relayed — to the
// function as a Pong with the same payload, to SlimFaas as a Ping with the same payload
// (QWebSocket cannot send a Pong). When one side closes, the other is closed with the same
// close code and reason; a side that went without a close frame (1006) makes the proxy drop
// the other side's TCP connection the same way.
//
// Memory: a message is at most maximumIncomingMessageSize() (64 MiB, as SlimFaas's clients
// accept); when one side stops reading, what waits to be written to it grows until
// maximumBufferedBytes() (16 MiB): past it the proxy closes both sides (close code 1011)
// and emits warningRaised(). QWebSocket in Qt 6.4 cannot stop reading a socket, so there
// is no back-pressure; the cap bounds each connection to about twice (both ways) the cap
// plus one message.
//
// Threads: create and use it in one thread, which runs an event loop; every signal is
// emitted in that thread, synchronously, as the message is relayed.
class WebSocketProxy : public QObject
{
    Q_OBJECT
public:
    // Which way a message went (slimfaas-tap's "direction": "in" and "out").
    enum Direction {
        ToFunction, // from SlimFaas to the function: "in"
        FromFunction, // from the function to SlimFaas: "out"
    };
    Q_ENUM(Direction)

    static constexpr qint64 DefaultMaximumBufferedBytes = 16 * 1024 * 1024;
    static constexpr qint64 DefaultMaximumIncomingMessageSize = 64 * 1024 * 1024;
    // How long an upstream handshake may take before the function's is refused (504).
    static constexpr int UpstreamHandshakeTimeout = 30000;

    explicit WebSocketProxy(QObject *parent = nullptr);
    ~WebSocketProxy() override;

    // The SlimFaas WebSocket URL each function connection is relayed to (ws:// or wss://).
    QUrl upstream() const { return m_upstream; }
    void setUpstream(const QUrl &url) { m_upstream = url; }
    // What may wait unwritten for one side before the connection is closed (see above).
    qint64 maximumBufferedBytes() const { return m_maximumBufferedBytes; }
    void setMaximumBufferedBytes(qint64 bytes) { m_maximumBufferedBytes = bytes; }
    // The largest message relayed; a bigger one closes that side with 1009, and the other
    // side with it.
    qint64 maximumIncomingMessageSize() const { return m_maximumIncomingMessageSize; }
    void setMaximumIncomingMessageSize(qint64 bytes) { m_maximumIncomingMessageSize = bytes; }

    // Listens for functions; port 0 picks a free one. False, with errorString(), on failure.
    bool listen(const QHostAddress &address, quint16 port);
    // Stops listening and closes every relayed connection (close code 1001, going away).
    void close();
    quint16 serverPort() const { return m_server.serverPort(); }
    // ws://<address>:<port>/ws, what functions connect to.
    QUrl url() const;
    QString errorString() const { return m_server.errorString(); }
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
    // The connection is over: closedBy says which side ended it, with its close code and
    // reason.
    void connectionClosed(const QString &connectionId, const QString &functionName,
                          WebSocketProxy::Direction closedBy, int closeCode,
                          const QString &reason);
    // A function connection could not be relayed (upstream refused or unreachable), or was
    // cut at the memory cap: connectionId is empty when no relay was made.
    void warningRaised(const QString &connectionId, const QString &message);

private:
    friend class RelayedConnection;
    void inspect(QTcpSocket *socket);
    void onUpgraded();

    QTcpServer m_server;
    QWebSocketServer m_ws;
    QUrl m_upstream;
    qint64 m_maximumBufferedBytes = DefaultMaximumBufferedBytes;
    qint64 m_maximumIncomingMessageSize = DefaultMaximumIncomingMessageSize;
    QHash<QTcpSocket *, RelayedConnection *> m_upgrading; // handed to m_ws, no QWebSocket yet
    QList<RelayedConnection *> m_relays;
    quint32 m_nextId = 1;
};

#endif // WEBSOCKETPROXY_H
