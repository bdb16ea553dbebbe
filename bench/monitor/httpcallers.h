// SPDX-License-Identifier: MIT
#ifndef HTTPCALLERS_H
#define HTTPCALLERS_H

#include <QtCore/qbytearray.h>
#include <QtCore/qelapsedtimer.h>
#include <QtCore/qlist.h>
#include <QtCore/qobject.h>

#include <atomic>

QT_BEGIN_NAMESPACE
class QTcpSocket;
class QTimer;
QT_END_NAMESPACE

// HTTP callers of the emulator's /async-function route at a steady rate, for the live run of
// slimfaas-monitor-bench: a few keep-alive connections with the requests pipelined on each,
// written from prebuilt bytes, the 202 answers read by their Content-Length. Every request is
// a real one that the emulator parses, queues and delivers; what the callers save is the cost
// of a general HTTP client (QNetworkAccessManager spent more CPU per request than the
// emulator and the monitor together), so that two cores can drive 10 000 messages a second.
//
// Requests are sent on a schedule (rate × time since start()), every 10 ms; at most
// MaximumInFlight wait for their answer at once, beyond which the schedule slips and
// behindTicks counts the ticks that could not catch up.
// Made on any thread, then used on the thread it lives on; the counters are atomic and may
// be read from any thread.
class HttpCallers : public QObject
{
public:
    // POSTs to path (e.g. "/async-function/bench/orders/1") on 127.0.0.1:port.
    HttpCallers(quint16 port, const QByteArray &path, int requestsPerSecond, int seconds);
    // Keep-alive connections, each with up to MaximumInFlight / Connections requests.
    static constexpr int Connections = 8;
    static constexpr int MaximumInFlight = 1024;

    // Connects and starts sending.
    void start();
    // Closes every connection and reads the thread's CPU clock into cpuMsecs.
    void stop();

    int total() const { return m_total; }
    std::atomic<int> sent{ 0 };
    std::atomic<int> answered{ 0 }; // answers read, 202 or not
    std::atomic<int> failed{ 0 };   // answers other than 202, and requests on a lost connection
    std::atomic<int> behindTicks{ 0 };
    std::atomic<qint64> lastSentMsecs{ 0 }; // when the last request went out, since start()
    std::atomic<qint64> cpuMsecs{ 0 };      // this thread's CPU time from start() to stop()

private:
    struct Connection
    {
        QTcpSocket *socket = nullptr;
        QByteArray received;
        int inFlight = 0;
    };
    void tick();
    void read(Connection *connection);

    QByteArray m_request;
    int m_port;
    int m_perSecond;
    int m_total;
    int m_inFlight = 0;
    int m_next = 0; // the connection the next request goes to
    qint64 m_cpuAtStart = 0;
    QElapsedTimer m_clock;
    QList<Connection *> m_connections;
    QTimer *m_tick = nullptr;
};

#endif // HTTPCALLERS_H
