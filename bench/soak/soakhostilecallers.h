// SPDX-License-Identifier: MIT
#ifndef SOAKHOSTILECALLERS_H
#define SOAKHOSTILECALLERS_H

#include <QtCore/qobject.h>
#include <QtCore/qtimer.h>

// Callers that break HTTP on the emulator's caller port, a round of them each interval:
// unfinished heads (slowloris), garbage, oversized heads, smuggling patterns, a burst of
// pipelined requests, a sync caller that leaves mid-request. Each connection must end with
// an answer or a close from the emulator; answered() and closed() count them.
class SoakHostileCallers : public QObject
{
    Q_OBJECT
public:
    SoakHostileCallers(quint16 httpPort, int intervalMsecs, QObject *parent = nullptr);
    int opened() const { return m_opened; }
    int closedByEmulator() const { return m_closedByEmulator; }
    int stillOpen() const { return m_opened - m_closedByEmulator - m_closedByUs; }

private:
    void round();
    void open(const QByteArray &request, bool leaveAfterSend);

    quint16 m_port;
    QTimer m_timer;
    int m_opened = 0;
    int m_closedByEmulator = 0;
    int m_closedByUs = 0;
};

#endif // SOAKHOSTILECALLERS_H
