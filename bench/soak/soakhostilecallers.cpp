// SPDX-License-Identifier: MIT
#include "soakhostilecallers.h"

#include <QtNetwork/qtcpsocket.h>

SoakHostileCallers::SoakHostileCallers(quint16 httpPort, int intervalMsecs, QObject *parent)
    : QObject(parent), m_port(httpPort)
{
    connect(&m_timer, &QTimer::timeout, this, &SoakHostileCallers::round);
    m_timer.start(intervalMsecs);
}

void SoakHostileCallers::round()
{
    open("GET /status-functions HTTP/1.1\r\nX-Slow: ", false); // never finished
    open("\x16\x03\x01garbage\r\n\r\n", false);
    open("GET / HTTP/1.1\r\nX-Big: " + QByteArray(100 * 1024, 'a') + "\r\n\r\n", false);
    open("POST /async-function/soak/x HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n"
         "abcd",
         false);
    QByteArray burst;
    for (int i = 0; i < 2000; ++i)
        burst += "GET /status-function/nobody HTTP/1.1\r\n\r\n";
    open(burst + "GET / HTTP/1.1\r\nConnection: close\r\n\r\n", false);
    open("POST /function/soak/echo HTTP/1.1\r\nContent-Length: 100000\r\n\r\npartial", true);
}

void SoakHostileCallers::open(const QByteArray &request, bool leaveAfterSend)
{
    auto *socket = new QTcpSocket(this);
    ++m_opened;
    connect(socket, &QTcpSocket::readyRead, socket, [socket] { socket->readAll(); });
    connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
        if (!socket->property("leaving").toBool())
            ++m_closedByEmulator;
        socket->deleteLater();
    });
    connect(socket, &QTcpSocket::connected, socket, [this, socket, request, leaveAfterSend] {
        socket->write(request);
        if (leaveAfterSend) {
            socket->setProperty("leaving", true);
            ++m_closedByUs;
            QTimer::singleShot(200, socket, [socket] { socket->abort(); });
        }
    });
    socket->connectToHost(QHostAddress::LocalHost, m_port);
}
