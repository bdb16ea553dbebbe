// SPDX-License-Identifier: MIT
#include "emulatortcplistener_p.h"

#include <QtCore/qloggingcategory.h>
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
        if (m_notifier) {
            m_notifier->setEnabled(true);
            acceptPending();
        }
    });
}

bool EmulatorTcpListener::listen(const QHostAddress &address, quint16 port)
{
    if (!m_server.listen(address, port))
        return false;
    m_server.pauseAccepting(); // its own accepting would spin, see the header
    m_notifier = new QSocketNotifier(m_server.socketDescriptor(), QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &EmulatorTcpListener::acceptPending);
    return true;
}

void EmulatorTcpListener::close()
{
    m_resume.stop();
    delete m_notifier; // before the descriptor it watches is closed
    m_notifier = nullptr;
    m_server.close();
}

void EmulatorTcpListener::acceptPending()
{
    while (m_notifier) {
        const int descriptor = ::accept4(int(m_server.socketDescriptor()), nullptr, nullptr,
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
            m_notifier->setEnabled(false);
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
