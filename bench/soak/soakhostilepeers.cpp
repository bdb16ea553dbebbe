// SPDX-License-Identifier: MIT
#include "soakhostilepeers.h"

#include <clientframe.h>

#include <slimfaasprotocol.h>

#include <QtNetwork/qnetworkaccessmanager.h>
#include <QtNetwork/qnetworkreply.h>
#include <QtNetwork/qtcpsocket.h>
#include <QtWebSockets/qwebsocket.h>

namespace {

const QByteArray Handshake
        = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
          "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
          "Sec-WebSocket-Version: 13\r\n";

QByteArray registerMessage(const QString &name, const QStringList &events = {})
{
    SlimFaasFunctionConfig config(name);
    config.setSubscribeEvents(events);
    return SlimFaasProtocol::encodeEnvelope(SlimFaasProtocol::MessageType::Register,
                                            QStringLiteral("r"),
                                            SlimFaasProtocol::registerPayload(config));
}

} // namespace

SoakHostilePeers::SoakHostilePeers(quint16 webSocketPort, quint16 httpPort, int intervalMsecs,
                                   QObject *parent)
    : QObject(parent), m_wsPort(webSocketPort), m_httpPort(httpPort),
      m_network(new QNetworkAccessManager(this))
{
    connect(&m_timer, &QTimer::timeout, this, &SoakHostilePeers::round);
    m_timer.start(intervalMsecs);
    startDeaf();
    m_noisy = registered(QStringLiteral("soak-noisy"), {});
}

QTcpSocket *SoakHostilePeers::registered(const QString &name, const QStringList &events)
{
    QTcpSocket *socket = upgrade({});
    connect(socket, &QTcpSocket::readyRead, socket, [socket, name, events] {
        // Read only up to the 101: a function that never reads stops there.
        if (socket->property("upgraded").toBool()) {
            if (socket->readBufferSize() == 0)
                socket->readAll();
            return;
        }
        if (!socket->read(4096).startsWith("HTTP/1.1 101"))
            return;
        socket->setProperty("upgraded", true);
        socket->write(clientFrame(registerMessage(name, events)));
    });
    return socket;
}

QTcpSocket *SoakHostilePeers::upgrade(const QByteArray &extraHeaders)
{
    auto *socket = new QTcpSocket(this);
    connect(socket, &QTcpSocket::connected, socket,
            [socket, extraHeaders] { socket->write(Handshake + extraHeaders + "\r\n"); });
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    socket->connectToHost(QHostAddress::LocalHost, m_wsPort);
    return socket;
}

void SoakHostilePeers::round()
{
    ++m_rounds;
    twoNames();
    for (int kind = 0; kind < 3; ++kind) {
        for (int i = 0; i < 30; ++i)
            cycle(kind);
    }
    for (int i = 0; i < 10; ++i)
        silent();
    for (int i = 0; i < 3; ++i)
        foreignOrigin();
    hoard();
    if (m_noisy && m_noisy->state() == QAbstractSocket::ConnectedState) {
        for (int i = 0; i < 2000; ++i) {
            m_noisy->write(clientFrame(SlimFaasProtocol::encodeEnvelope(
                    SlimFaasProtocol::MessageType::AsyncCallback, QStringLiteral("c"),
                    QJsonObject{ { QLatin1String("elementId"),
                                   QStringLiteral("unknown-%1").arg(++m_badCallbacks) },
                                 { QLatin1String("statusCode"), 200 } })));
        }
    }
    if (m_deaf && m_deaf->state() == QAbstractSocket::ConnectedState
        && m_deaf->bytesToWrite() < 4 * 1024 * 1024) {
        const QByteArray ping = clientFrame(SlimFaasProtocol::encodeEnvelope(
                SlimFaasProtocol::MessageType::Ping, QString(10 * 1024, QLatin1Char('p')),
                QJsonValue::Null));
        for (int i = 0; i < 100; ++i, ++m_deafPings)
            m_deaf->write(ping);
    }
}

// Registered under two names, closed, then the first name called: 404, no crash.
void SoakHostilePeers::twoNames()
{
    auto *socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    const QString first = QStringLiteral("soak-first-%1").arg(m_rounds);
    connect(socket, &QWebSocket::connected, socket, [socket, first] {
        socket->sendTextMessage(QString::fromUtf8(registerMessage(first)));
        socket->sendTextMessage(QString::fromUtf8(registerMessage(first + QStringLiteral("-b"))));
        QTimer::singleShot(300, socket, [socket] { socket->close(); });
    });
    connect(socket, &QWebSocket::disconnected, this, [this, socket, first] {
        socket->deleteLater();
        // QWebSocket cuts the TCP connection right after its close frame, so the call could
        // reach a busy emulator before the close does: it waits a second.
        QTimer::singleShot(1000, this, [this, first] {
            QNetworkReply *reply = m_network->get(
                    QNetworkRequest(QUrl(QStringLiteral("http://127.0.0.1:%1/function/%2/x")
                                                 .arg(m_httpPort)
                                                 .arg(first))));
            connect(reply, &QNetworkReply::finished, this, [this, reply] {
                if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 404)
                    ++m_twoName404;
                reply->deleteLater();
            });
        });
    });
    socket->open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(m_wsPort)));
}

// 0: closed before the upgrade; 1: after it; 2: a handshake the emulator refuses.
void SoakHostilePeers::cycle(int kind)
{
    ++m_cycles;
    auto *socket = new QTcpSocket(this);
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    connect(socket, &QAbstractSocket::errorOccurred, socket, &QObject::deleteLater);
    connect(socket, &QTcpSocket::connected, socket, [socket, kind] {
        if (kind == 0) {
            socket->write("GET /ws HTTP/1.1\r\n");
            socket->abort();
            socket->deleteLater();
            return;
        }
        socket->write(kind == 1 ? Handshake + "\r\n"
                                : QByteArray(Handshake).replace("Version: 13", "Version: 7")
                                      + "\r\n");
    });
    connect(socket, &QTcpSocket::readyRead, socket, [socket] {
        socket->readAll();
        socket->abort();
        socket->deleteLater();
    });
    socket->connectToHost(QHostAddress::LocalHost, m_wsPort);
}

// Upgrades and stays silent: the emulator closes it after its register timeout.
void SoakHostilePeers::silent()
{
    ++m_silentOpened;
    QTcpSocket *socket = upgrade({});
    connect(socket, &QTcpSocket::readyRead, socket, [socket] { socket->readAll(); });
    connect(socket, &QTcpSocket::disconnected, this, [this] { ++m_silentClosed; });
}

void SoakHostilePeers::foreignOrigin()
{
    QTcpSocket *socket = upgrade("Origin: http://evil.example\r\n");
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
        if (socket->readAll().startsWith("HTTP/1.1 403"))
            ++m_originsRefused;
        socket->abort();
    });
}

// A function that never reads: subscribed to the soak's events, sent a sync body that its
// caller keeps streaming, and flooding Pings (round()).
void SoakHostilePeers::startDeaf()
{
    m_deaf = registered(QStringLiteral("soak-deaf"), { QStringLiteral("tick") });
    m_deaf->setReadBufferSize(4096);
    connect(m_deaf, &QTcpSocket::readyRead, this, [this] {
        if (!m_deaf || !m_deaf->property("upgraded").toBool()
            || m_deaf->property("callerStarted").toBool())
            return;
        m_deaf->setProperty("callerStarted", true);
        QTimer::singleShot(1000, this, [this] {
            m_deafCaller = new QTcpSocket(this);
            m_deafCaller->connectToHost(QHostAddress::LocalHost, m_httpPort);
            const qint64 body = qint64(64) * 1024 * 1024 * 1024;
            m_deafCaller->write("POST /function/soak-deaf/upload HTTP/1.1\r\nHost: x\r\n"
                                "Content-Length: "
                                + QByteArray::number(body) + "\r\n\r\n");
            auto feed = [this] {
                static const QByteArray chunk(256 * 1024, 'd');
                while (m_deafCaller->bytesToWrite() < chunk.size())
                    m_deafCaller->write(chunk);
            };
            connect(m_deafCaller, &QTcpSocket::bytesWritten, this, [this, feed](qint64 n) {
                m_deafSyncBytes += n;
                feed();
            });
            feed();
        });
    });
}

// A Ping frame of 60 MB (over the 125 bytes of a control frame: refused from its header) and
// three binary messages of 16 MB in 1 MiB frames, never finished: together they pass the
// soak's --max-total-incoming-buffer (32 MiB), so the emulator closes at least one. Those
// it leaves open give up at the next round, before Qt's 5 s for an unfinished message.
void SoakHostilePeers::hoard()
{
    for (const QPointer<QTcpSocket> &socket : std::as_const(m_hoarders)) {
        if (socket) {
            socket->setProperty("gaveUp", true);
            socket->abort();
        }
    }
    m_hoarders.clear();
    for (int i = 0; i < 4; ++i) {
        const bool ping = i == 0;
        ++m_hoardersOpened;
        QTcpSocket *socket = upgrade({});
        m_hoarders.append(socket);
        auto feed = [socket] {
            constexpr qint64 Message = 16 * 1024 * 1024;
            static const QByteArray frame
                    = clientFrameHeader(0x00, 1024 * 1024) + QByteArray(1024 * 1024, 'h');
            qint64 sent = socket->property("hoarded").toLongLong();
            while (sent < Message && socket->bytesToWrite() < frame.size()
                   && socket->state() == QAbstractSocket::ConnectedState) {
                socket->write(frame);
                sent += frame.size();
            }
            socket->setProperty("hoarded", sent);
        };
        connect(socket, &QTcpSocket::readyRead, socket, [socket, ping, feed] {
            if (socket->property("upgraded").toBool()) {
                socket->readAll();
                return;
            }
            if (!socket->read(4096).startsWith("HTTP/1.1 101"))
                return;
            socket->setProperty("upgraded", true);
            if (ping) {
                socket->write(clientFrameHeader(0x89, 60 * 1000 * 1000)
                              + QByteArray(64 * 1024, 'p'));
                return;
            }
            socket->write(clientFrameHeader(0x02, 0)); // the first frame, empty
            QObject::connect(socket, &QTcpSocket::bytesWritten, socket, feed);
            feed();
        });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            if (!socket->property("gaveUp").toBool())
                ++m_hoardersClosed;
        });
    }
}
