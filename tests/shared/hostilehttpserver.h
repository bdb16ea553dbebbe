// SPDX-License-Identifier: MIT
#ifndef HOSTILEHTTPSERVER_H
#define HOSTILEHTTPSERVER_H

// A hostile HTTP peer in the test process: a QTcpServer that answers each request with the
// exact bytes a test gives (a lying function behind SlimFaas, a proxy, an attacker's host),
// and remembers every request it received, head and body.

#include <QtCore/qbytearray.h>
#include <QtCore/qfile.h>
#include <QtCore/qlist.h>
#include <QtCore/qobject.h>
#include <QtCore/qurl.h>
#include <QtNetwork/qtcpserver.h>
#include <QtNetwork/qtcpsocket.h>

#include <functional>
#include <memory>

// The resident memory of a process ("self" or a pid), in bytes, from /proc/<pid>/status; -1
// when it cannot be read (not Linux).
inline qint64 residentMemory(const QByteArray &pid = "self")
{
    QFile status(QStringLiteral("/proc/%1/status").arg(QString::fromLatin1(pid)));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong() * 1024;
    }
    return -1;
}

// A gzip stream that inflates to `size` zero bytes from about size / 1000 bytes: a
// decompression bomb. Its trailer is not checked by a reader that gives up before the end.
inline QByteArray gzipBomb(qsizetype size)
{
    const QByteArray zlib = qCompress(QByteArray(size, '\0'), 9);
    // qCompress: 4 bytes of length, a 2-byte zlib header, the deflate data, a 4-byte Adler-32.
    const QByteArray deflate = zlib.mid(6, zlib.size() - 10);
    return QByteArray::fromHex("1f8b0800000000000003") + deflate + QByteArray(8, '\0');
}

class HostileHttpServer : public QObject
{
public:
    // Called once per complete request (head, and the body its Content-Length announces).
    using Answer = std::function<void(QTcpSocket *socket, const QByteArray &request)>;

    explicit HostileHttpServer(Answer answer, QObject *parent = nullptr)
        : QObject(parent), m_answer(std::move(answer))
    {
        connect(&m_server, &QTcpServer::pendingConnectionAvailable, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection())
                serve(socket);
        });
    }
    // The same bytes for every request.
    explicit HostileHttpServer(const QByteArray &bytes, QObject *parent = nullptr)
        : HostileHttpServer(
                [bytes](QTcpSocket *socket, const QByteArray &) { socket->write(bytes); }, parent)
    { }

    bool listen() { return m_server.listen(QHostAddress::LocalHost); }
    QUrl url(const QString &path = {}) const
    {
        QUrl url;
        url.setScheme(QStringLiteral("http"));
        url.setHost(QStringLiteral("127.0.0.1"));
        url.setPort(m_server.serverPort());
        url.setPath(path);
        return url;
    }
    quint16 port() const { return m_server.serverPort(); }

    QList<QByteArray> requests; // each whole request as received
    int connections = 0;
    // Whether any connection arrived or any byte was received.
    bool reached() const { return connections > 0; }
    // The request line of each request ("GET /x HTTP/1.1").
    QList<QByteArray> requestLines() const
    {
        QList<QByteArray> lines;
        for (const QByteArray &request : requests)
            lines.append(request.left(request.indexOf("\r\n")));
        return lines;
    }

    // An answer that never ends: a chunked body written as fast as the peer takes it, never
    // more than 1 MiB ahead of it. `written` counts the body bytes sent.
    static Answer endlessChunkedBody(std::shared_ptr<qint64> written)
    {
        return [written](QTcpSocket *socket, const QByteArray &) {
            socket->write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
            const QByteArray chunk = "10000\r\n" + QByteArray(0x10000, 'x') + "\r\n";
            auto pump = [socket, chunk, written] {
                while (socket->state() == QAbstractSocket::ConnectedState
                       && socket->bytesToWrite() < 1024 * 1024) {
                    socket->write(chunk);
                    *written += 0x10000;
                }
            };
            connect(socket, &QTcpSocket::bytesWritten, socket, pump);
            pump();
        };
    }

private:
    void serve(QTcpSocket *socket)
    {
        ++connections;
        auto buffer = std::make_shared<QByteArray>();
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
            *buffer += socket->readAll();
            for (;;) {
                const qsizetype end = buffer->indexOf("\r\n\r\n");
                if (end < 0)
                    return;
                qsizetype length = 0;
                const QList<QByteArray> lines = buffer->left(end).split('\n');
                for (const QByteArray &line : lines) {
                    if (line.toLower().startsWith("content-length:"))
                        length = line.mid(15).trimmed().toLongLong();
                }
                if (buffer->size() < end + 4 + length)
                    return;
                const QByteArray request = buffer->left(end + 4 + length);
                buffer->remove(0, end + 4 + length);
                requests.append(request);
                m_answer(socket, request);
            }
        });
    }

    QTcpServer m_server;
    Answer m_answer;
};

#endif // HOSTILEHTTPSERVER_H
