// SPDX-License-Identifier: MIT
#ifndef EMULATORWSENDPOINT_P_H
#define EMULATORWSENDPOINT_P_H

//
//  W A R N I N G
//  -------------
// Not part of the public API: the dedicated WebSocket port of the emulator.
//

#include "emulatorlog_p.h"
#include "emulatortcplistener_p.h"
#include "slimfaasemulatorlimits.h"

#include <QtCore/qobject.h>
#include <QtCore/qpointer.h>
#include <QtCore/qset.h>
#include <QtNetwork/qhostaddress.h>
#include <QtWebSockets/qwebsocketserver.h>

QT_BEGIN_NAMESPACE
class QTcpSocket;
class QWebSocket;
QT_END_NAMESPACE

// Like SlimFaas's WebSocket port: only /ws upgrades; any other path gets 404, and a plain
// HTTP request to /ws gets 400 "Expected a WebSocket request.". QWebSocketServer would
// accept an upgrade on any path, so the request head is peeked first and the socket handed
// over only when it is a WebSocket request for /ws.
class EmulatorWsEndpoint : public QObject
{
    Q_OBJECT
public:
    EmulatorWsEndpoint(const SlimFaasEmulatorLimits &limits, EmulatorLog *log,
                       QObject *parent = nullptr);
    bool listen(const QHostAddress &address, quint16 port);
    void close();
    quint16 serverPort() const { return m_listener.serverPort(); }
    QString errorString() const { return m_listener.errorString(); }
    void setMaximumIncomingMessageSize(qint64 bytes) { m_maxMessageSize = bytes; }
    // Origins whose upgrades are accepted besides loopback ones ("*": any).
    void setAllowedOrigins(const QStringList &origins) { m_allowedOrigins = origins; }

Q_SIGNALS:
    // tcp: the socket under it, for what QWebSocket cannot send (the keepalive Pong).
    void clientConnected(QWebSocket *socket, QTcpSocket *tcp);

private:
    void inspect(QTcpSocket *socket);
    bool isAllowedOrigin(const QString &origin) const;
    void release(const QTcpSocket *socket); // no longer counted (a second call does nothing)

    EmulatorTcpListener m_listener;
    QWebSocketServer m_ws;
    QList<QPointer<QTcpSocket>> m_handedOver; // upgrading, until their QWebSocket appears
    SlimFaasEmulatorLimits m_limits;
    EmulatorLog *m_log;
    qint64 m_maxMessageSize = 0;
    QStringList m_allowedOrigins;
    // The open connections, counted from their accept to their disconnect or destruction,
    // whichever comes first. Compared, never dereferenced.
    QSet<const QTcpSocket *> m_counted;
};

#endif // EMULATORWSENDPOINT_P_H
