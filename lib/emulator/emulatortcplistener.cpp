// SPDX-License-Identifier: MIT
#include "emulatortcplistener_p.h"

#include <QtCore/qloggingcategory.h>
#include <QtCore/qpointer.h>
#include <QtCore/qsocketnotifier.h>
#include <QtNetwork/qtcpsocket.h>

#include <cerrno>
#include <cstring>
#include <sys/socket.h>
#include <unistd.h>

Q_DECLARE_LOGGING_CATEGORY(lcSlimFaasEmulator)

EmulatorTcpListener::EmulatorTcpListener(const QString &portName, QObject *parent)
    : QObject(parent), m_portName(portName)
{
    m_resume.setSingleShot(true);
    m_resume.setInterval(RetryInterval);
    connect(&m_resume, &QTimer::timeout, this, [this] {
        // A new connection may close the listener: m_bound is read again each time.
        for (size_t i = 0; i < m_bound.size(); ++i) {
            m_bound[i].notifier->setEnabled(true);
            acceptPending(&m_bound[i]);
        }
    });
}

EmulatorTcpListener::~EmulatorTcpListener()
{
    close();
}

bool EmulatorTcpListener::listen(const QHostAddress &address, quint16 port)
{
    close();
    if (address != QHostAddress::LocalHost) {
        if (bind(address, port))
            return true;
        close();
        return false;
    }
    // Both loopbacks on one port. With port 0 the IPv4 one picks it, and another program may
    // hold that port on ::1: try a few.
    for (int attempt = 0; attempt < (port ? 1 : 10); ++attempt) {
        if (!bind(QHostAddress(QHostAddress::LocalHost), port)) {
            close();
            return false;
        }
        if (bind(QHostAddress(QHostAddress::LocalHostIPv6), serverPort()))
            return true;
        if (m_lastError != QAbstractSocket::AddressInUseError)
            return true; // no IPv6 loopback here: 127.0.0.1 only
        close();
    }
    return false;
}

bool EmulatorTcpListener::bind(const QHostAddress &address, quint16 port)
{
    Bound bound;
    bound.server = std::make_unique<QTcpServer>();
    if (!bound.server->listen(address, port)) {
        m_errorString = bound.server->errorString();
        m_lastError = bound.server->serverError();
        return false;
    }
    bound.server->pauseAccepting(); // its own accepting would spin, see the header
    bound.notifier
            = new QSocketNotifier(bound.server->socketDescriptor(), QSocketNotifier::Read, this);
    QTcpServer *server = bound.server.get();
    connect(bound.notifier, &QSocketNotifier::activated, this, [this, server] {
        for (Bound &bound : m_bound) {
            if (bound.server.get() == server) {
                acceptPending(&bound);
                break;
            }
        }
    });
    m_bound.push_back(std::move(bound));
    return true;
}

quint16 EmulatorTcpListener::serverPort() const
{
    return m_bound.empty() ? 0 : m_bound.front().server->serverPort();
}

void EmulatorTcpListener::close()
{
    m_resume.stop();
    for (Bound &bound : m_bound) {
        delete bound.notifier; // before the descriptor it watches is closed
        bound.notifier = nullptr;
        bound.server->close();
    }
    m_bound.clear();
}

void EmulatorTcpListener::acceptPending(Bound *bound)
{
    // A slot of newConnection may close the listener, which frees bound.
    const QPointer<QTcpServer> alive(bound->server.get());
    while (alive && bound->notifier) {
        const int descriptor = ::accept4(int(bound->server->socketDescriptor()), nullptr, nullptr,
                                         SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (descriptor < 0) {
            const int error = errno;
            if (error == EINTR || error == ECONNABORTED)
                continue; // that one connection is gone; the next may be there
            if (error == EAGAIN || error == EWOULDBLOCK)
                return; // all taken
            // EMFILE, ENFILE, ENOBUFS, ENOMEM...: it would fail again at once. Connections
            // wait in the listen queue until descriptors are free again.
            if (!m_failing)
                qCWarning(lcSlimFaasEmulator).noquote()
                        << m_portName
                        << "port cannot accept:" << QString::fromLocal8Bit(std::strerror(error))
                        << "- trying again every" << RetryInterval << "ms";
            m_failing = true;
            for (Bound &each : m_bound)
                each.notifier->setEnabled(false);
            m_resume.start();
            return;
        }
        if (m_failing)
            qCInfo(lcSlimFaasEmulator).noquote() << m_portName << "port accepts again";
        m_failing = false;
        auto *socket = new QTcpSocket(this);
        if (!socket->setSocketDescriptor(descriptor)) {
            ::close(descriptor);
            delete socket;
            continue;
        }
        emit newConnection(socket);
    }
}
