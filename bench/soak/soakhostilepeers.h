// SPDX-License-Identifier: MIT
#ifndef SOAKHOSTILEPEERS_H
#define SOAKHOSTILEPEERS_H

#include <QtCore/qobject.h>
#include <QtCore/qpointer.h>
#include <QtCore/qtimer.h>
#include <QtCore/qurl.h>

QT_BEGIN_NAMESPACE
class QNetworkAccessManager;
class QTcpSocket;
QT_END_NAMESPACE

// Peers that misbehave on the emulator's WebSocket port, a round of them each interval: a
// socket registered under two names that closes (then a call to the first name), connect /
// close cycles of every kind (before the upgrade, after it, a refused handshake), sockets
// that upgrade and never register, upgrades from a web page's Origin, a registered function
// sending callbacks for unknown ids, and a function that never reads its socket while it
// floods Pings, is sent events and is streamed a sync body, and peers that send what the
// emulator must not hold whole (a 60 MB Ping frame, messages they never finish). Each must
// leave the emulator serving; the counts say what the emulator did with them.
class SoakHostilePeers : public QObject
{
    Q_OBJECT
public:
    SoakHostilePeers(quint16 webSocketPort, quint16 httpPort, int intervalMsecs,
                     QObject *parent = nullptr);

    int rounds() const { return m_rounds; }
    int cycles() const { return m_cycles; }
    int silentOpened() const { return m_silentOpened; }
    int silentClosedByEmulator() const { return m_silentClosed; }
    int originsRefused() const { return m_originsRefused; }
    int twoNameCalls404() const { return m_twoName404; }
    qint64 badCallbacks() const { return m_badCallbacks; }
    qint64 deafPings() const { return m_deafPings; }
    qint64 deafSyncBytesTaken() const { return m_deafSyncBytes; }
    int hoardersOpened() const { return m_hoardersOpened; }
    int hoardersClosedByEmulator() const { return m_hoardersClosed; }

private:
    void round();
    void twoNames();
    void cycle(int kind);
    void silent();
    void foreignOrigin();
    void startDeaf();
    void hoard();
    QTcpSocket *upgrade(const QByteArray &extraHeaders);
    // Upgrades, then sends a Register for name once the emulator has answered 101.
    QTcpSocket *registered(const QString &name, const QStringList &events);

    quint16 m_wsPort;
    quint16 m_httpPort;
    QTimer m_timer;
    QNetworkAccessManager *m_network;
    QPointer<QTcpSocket> m_noisy; // registered, sends callbacks for unknown ids
    QPointer<QTcpSocket> m_deaf;  // registered, never reads
    QPointer<QTcpSocket> m_deafCaller;
    QList<QPointer<QTcpSocket>> m_hoarders; // this round's
    int m_rounds = 0;
    int m_cycles = 0;
    int m_silentOpened = 0;
    int m_silentClosed = 0;
    int m_originsRefused = 0;
    int m_twoName404 = 0;
    qint64 m_badCallbacks = 0;
    qint64 m_deafPings = 0;
    qint64 m_deafSyncBytes = 0;
    int m_hoardersOpened = 0;
    int m_hoardersClosed = 0;
};

#endif // SOAKHOSTILEPEERS_H
