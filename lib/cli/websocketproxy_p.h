#ifndef WEBSOCKETPROXY_P_H
#define WEBSOCKETPROXY_P_H

//
//  W A R N I N G
//  -------------
// Not part of the proxy's API: one function connection and its upstream connection.
//

#include "websocketproxy.h"

#include <QtCore/qpointer.h>
#include <QtCore/qtimer.h>
#include <QtNetwork/qnetworkrequest.h>
#include <QtNetwork/qtcpsocket.h>
#include <QtWebSockets/qwebsocket.h>

// Lives from the function's TCP connection to the end of both WebSockets; owned by the
// proxy, deleted (later) once both sides are closed.
class RelayedConnection : public QObject
{
    Q_OBJECT
public:
    RelayedConnection(WebSocketProxy *proxy, QTcpSocket *tcp, const QString &id);

    // Opens the upstream connection for the function's handshake (the request's query and
    // headers); the function's handshake goes on once it succeeded.
    void openUpstream(const QUrl &url, const QString &origin,
                      const QList<QPair<QByteArray, QByteArray>> &headers);
    // The function's WebSocket, once its handshake is done.
    void attach(QWebSocket *function);
    // Closes both sides (the proxy's close(), the memory cap).
    void closeBoth(QWebSocketProtocol::CloseCode code, const QString &reason);

    QString id() const { return m_id; }
    bool isRelaying() const { return m_function && m_upstreamOpen; }

private:
    void refuse(const QByteArray &status, const QString &why);
    // text for a text message, else binary.
    void relay(WebSocketProxy::Direction direction, const QString *text, const QByteArray &binary);
    void onClosed(WebSocketProxy::Direction closedBy);
    void finishWhenBothClosed();
    void noteFunctionName(const QByteArray &message);

    WebSocketProxy *m_proxy;
    QPointer<QTcpSocket> m_tcp; // the function's, under its QWebSocket: for raw Pong frames
    QWebSocket *m_function = nullptr;
    QWebSocket *m_upstream = nullptr;
    QString m_id;
    QString m_functionName;
    QTimer m_deadline; // the upstream handshake, then the close handshakes
    bool m_upstreamOpen = false;
    bool m_closed = false; // connectionClosed() emitted, the other side is being closed
    bool m_functionGone = false;
    bool m_upstreamGone = false;
};

#endif // WEBSOCKETPROXY_P_H
