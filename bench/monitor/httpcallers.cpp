// SPDX-License-Identifier: MIT
#include "httpcallers.h"

#include <QtCore/qtimer.h>
#include <QtNetwork/qtcpsocket.h>

#include <time.h>

namespace {

qint64 threadCpuMsecs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return qint64(now.tv_sec) * 1000 + now.tv_nsec / 1000000;
}

} // namespace

HttpCallers::HttpCallers(quint16 port, const QByteArray &path, int requestsPerSecond, int seconds)
    : m_port(port), m_perSecond(qMax(1, requestsPerSecond)), m_total(m_perSecond * seconds)
{
    const QByteArray body = QByteArrayLiteral("{\"n\":1}");
    m_request = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port)
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

void HttpCallers::start()
{
    m_cpuAtStart = threadCpuMsecs();
    for (int i = 0; i < Connections; ++i) {
        auto *connection = new Connection;
        connection->socket = new QTcpSocket(this);
        connection->socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        connect(connection->socket, &QTcpSocket::readyRead, this,
                [this, connection] { read(connection); });
        connect(connection->socket, &QTcpSocket::disconnected, this, [this, connection] {
            // Whatever was waiting on it gets no answer now.
            failed += connection->inFlight;
            answered += connection->inFlight;
            m_inFlight -= connection->inFlight;
            connection->inFlight = 0;
        });
        // Requests written before the connection is up wait in the socket's buffer.
        connection->socket->connectToHost(QStringLiteral("127.0.0.1"), quint16(m_port));
        m_connections << connection;
    }
    m_clock.start();
    m_tick = new QTimer(this);
    m_tick->setTimerType(Qt::PreciseTimer);
    m_tick->setInterval(10);
    connect(m_tick, &QTimer::timeout, this, &HttpCallers::tick);
    m_tick->start();
    tick();
}

void HttpCallers::tick()
{
    const qint64 due = qMin<qint64>(m_total, m_perSecond * m_clock.elapsed() / 1000);
    int count = int(due - sent);
    if (count > MaximumInFlight - m_inFlight) {
        count = MaximumInFlight - m_inFlight;
        ++behindTicks; // the emulator is behind: do not pile up requests
    }
    // Round robin over the connections that are still open, one write each.
    const int perConnection = MaximumInFlight / Connections;
    QByteArray batch;
    for (int tries = 0; count > 0 && tries < Connections; ++tries) {
        Connection *connection = m_connections.at(m_next);
        m_next = (m_next + 1) % Connections;
        if (connection->socket->state() == QAbstractSocket::UnconnectedState)
            continue;
        const int n = qMin(count, perConnection - connection->inFlight);
        if (n <= 0)
            continue;
        batch.clear();
        batch.reserve(n * m_request.size());
        for (int i = 0; i < n; ++i)
            batch.append(m_request);
        connection->socket->write(batch);
        connection->inFlight += n;
        m_inFlight += n;
        sent += n;
        count -= n;
        lastSentMsecs = m_clock.elapsed();
    }
    if (sent >= m_total)
        m_tick->stop();
}

void HttpCallers::read(Connection *connection)
{
    connection->received.append(connection->socket->readAll());
    QByteArray &data = connection->received;
    qsizetype at = 0;
    for (;;) {
        const qsizetype headEnd = data.indexOf("\r\n\r\n", at);
        if (headEnd < 0)
            break;
        const QByteArrayView head = QByteArrayView(data).sliced(at, headEnd - at);
        qsizetype length = 0;
        // The emulator always frames its answers with a Content-Length.
        for (qsizetype line = head.indexOf('\n'); line >= 0; line = head.indexOf('\n', line + 1)) {
            const QByteArrayView rest = head.sliced(line + 1);
            if (rest.size() > 15 && qstrnicmp(rest.data(), "content-length:", 15) == 0) {
                const qsizetype end = rest.indexOf('\r');
                length = (end < 0 ? rest : rest.first(end)).sliced(15).trimmed().toLongLong();
                break;
            }
        }
        const qsizetype next = headEnd + 4 + length;
        if (next > data.size())
            break;
        if (!head.startsWith("HTTP/1.1 202"))
            ++failed;
        ++answered;
        --connection->inFlight;
        --m_inFlight;
        at = next;
    }
    data.remove(0, at);
}

void HttpCallers::stop()
{
    m_tick->stop();
    for (Connection *connection : std::as_const(m_connections)) {
        connection->socket->disconnect(this);
        delete connection->socket;
        delete connection;
    }
    m_connections.clear();
    cpuMsecs = threadCpuMsecs() - m_cpuAtStart;
}
