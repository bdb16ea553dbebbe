// SPDX-License-Identifier: MIT
#ifndef EMULATORTCPLISTENER_P_H
#define EMULATORTCPLISTENER_P_H

//
//  W A R N I N G
//  -------------
// Not part of the public API: the listening socket under both of the emulator's ports.
//
// QTcpServer does not stop when accept() fails for want of file descriptors: in Qt 6.4 its
// socket engine keeps the first error it was given, the TemporaryError (EAGAIN) that ends
// every batch of accepts, so a later EMFILE never reaches acceptError() and the read
// notifier fires again at once, forever (a core at 100 % while new callers wait). This
// listener lets QTcpServer bind and listen but accepts itself: when accept() fails it stops
// watching the socket for a moment, and the connections wait in the listen queue.
//

#include <QtCore/qobject.h>
#include <QtCore/qtimer.h>
#include <QtNetwork/qhostaddress.h>
#include <QtNetwork/qtcpserver.h>

#include <memory>
#include <vector>

QT_BEGIN_NAMESPACE
class QSocketNotifier;
class QTcpSocket;
QT_END_NAMESPACE

class EmulatorTcpListener : public QObject
{
    Q_OBJECT
public:
    // portName names the port in warnings ("HTTP", "WebSocket").
    explicit EmulatorTcpListener(const QString &portName, QObject *parent = nullptr);
    ~EmulatorTcpListener() override;
    // QHostAddress::LocalHost listens on both loopback addresses, 127.0.0.1 and ::1, on the
    // same port, so that "localhost" works whichever it resolves to (::1 is skipped where
    // the machine has no IPv6).
    bool listen(const QHostAddress &address, quint16 port);
    void close();
    quint16 serverPort() const;
    QString errorString() const { return m_errorString; }

    // How long accepting pauses after accept() failed.
    static constexpr int RetryInterval = 100;

Q_SIGNALS:
    // A new connection; the socket is a child of the listener until someone takes it.
    void newConnection(QTcpSocket *socket);

private:
    struct Bound
    {
        std::unique_ptr<QTcpServer> server; // binds and listens, never accepts
        QSocketNotifier *notifier = nullptr;
    };
    bool bind(const QHostAddress &address, quint16 port);
    void acceptPending(Bound *bound);

    std::vector<Bound> m_bound;
    QTimer m_resume;
    QString m_portName;
    QString m_errorString;
    QAbstractSocket::SocketError m_lastError = QAbstractSocket::UnknownSocketError;
    bool m_failing = false; // accept() failed and has not succeeded since: warned once
};

#endif // EMULATORTCPLISTENER_P_H
