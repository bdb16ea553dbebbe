#include "emulatorhttp_p.h"

#include <QtCore/qloggingcategory.h>
#include <QtCore/qurl.h>
#include <QtNetwork/qtcpsocket.h>

Q_DECLARE_LOGGING_CATEGORY(lcSlimFaasEmulator)

namespace {

constexpr qsizetype MaxHeadSize = 64 * 1024;

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 100:
        return "Continue";
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 413:
        return "Payload Too Large";
    case 431:
        return "Request Header Fields Too Large";
    case 499:
        return "Client Closed Request";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return "Status";
    }
}

} // namespace

// One TCP connection from a caller: parses requests one after the other (keep-alive) and
// carries their responses.
class EmulatorHttpConnection : public QObject
{
public:
    EmulatorHttpConnection(QTcpSocket *socket, EmulatorHttpServer *server)
        : QObject(server), m_socket(socket), m_server(server)
    {
        socket->setParent(this);
        connect(socket, &QTcpSocket::readyRead, this, [this] { onReadyRead(); });
        connect(socket, &QTcpSocket::disconnected, this, [this] { onDisconnected(); });
    }

    void write(const QByteArray &data)
    {
        if (m_socket->state() == QAbstractSocket::ConnectedState)
            m_socket->write(data);
    }

    void exchangeFinished(EmulatorHttpExchange *exchange)
    {
        if (exchange != m_exchange)
            return;
        if (m_closeAfterResponse) {
            m_socket->disconnectFromHost();
            return;
        }
        if (m_state == State::Idle)
            startNextRequest();
        // Otherwise the rest of the body is read and dropped, then the next request starts.
    }

    void abort() { m_socket->abort(); }

private:
    enum class State { Head, FixedBody, ChunkSize, ChunkData, ChunkDataEnd, Trailers, Idle };

    void onReadyRead()
    {
        m_buffer += m_socket->readAll();
        process();
    }

    void startNextRequest()
    {
        if (m_exchange)
            m_exchange->deleteLater();
        m_exchange = nullptr;
        m_state = State::Head;
        process();
    }

    void failAndClose(int status, const char *message)
    {
        const QByteArray body(message);
        write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status)
              + "\r\nContent-Type: text/plain\r\nContent-Length: " + QByteArray::number(body.size())
              + "\r\nConnection: close\r\n\r\n" + body);
        m_socket->disconnectFromHost();
        m_state = State::Idle;
    }

    void process()
    {
        bool progress = true;
        while (progress && m_socket->state() == QAbstractSocket::ConnectedState) {
            progress = false;
            switch (m_state) {
            case State::Head:
                progress = parseHead();
                break;
            case State::FixedBody:
                if (consumeBody()) {
                    bodyDone();
                    progress = true;
                }
                break;
            case State::ChunkSize: {
                const qsizetype eol = m_buffer.indexOf("\r\n");
                if (eol < 0)
                    break;
                bool ok = false;
                const QByteArray sizeField = m_buffer.left(eol).split(';').first().trimmed();
                m_remaining = sizeField.toLongLong(&ok, 16);
                m_buffer.remove(0, eol + 2);
                if (!ok || m_remaining < 0) {
                    failAndClose(400, "Invalid chunked encoding.");
                    return;
                }
                m_state = m_remaining == 0 ? State::Trailers : State::ChunkData;
                progress = true;
                break;
            }
            case State::ChunkData:
                if (consumeBody()) {
                    m_state = State::ChunkDataEnd;
                    progress = true;
                }
                break;
            case State::ChunkDataEnd:
                if (m_buffer.size() < 2)
                    break;
                m_buffer.remove(0, 2);
                m_state = State::ChunkSize;
                progress = true;
                break;
            case State::Trailers: {
                const qsizetype eol = m_buffer.indexOf("\r\n");
                if (eol < 0)
                    break;
                m_buffer.remove(0, eol + 2);
                if (eol == 0)
                    bodyDone();
                progress = true;
                break;
            }
            case State::Idle:
                break;
            }
        }
    }

    bool parseHead()
    {
        const qsizetype end = m_buffer.indexOf("\r\n\r\n");
        if (end < 0) {
            if (m_buffer.size() > MaxHeadSize)
                failAndClose(431, "Request head too large.");
            return false;
        }
        const QList<QByteArray> lines = m_buffer.left(end).split('\n');
        m_buffer.remove(0, end + 4);
        const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
        if (requestLine.size() != 3 || !requestLine.at(2).startsWith("HTTP/1.")) {
            failAndClose(400, "Malformed request line.");
            return false;
        }
        auto *exchange = new EmulatorHttpExchange(this);
        exchange->m_method = QString::fromLatin1(requestLine.at(0));
        const QByteArray target = requestLine.at(1);
        const qsizetype question = target.indexOf('?');
        exchange->m_path
                = QUrl::fromPercentEncoding(target.left(question < 0 ? target.size() : question));
        if (question >= 0 && question + 1 < target.size())
            exchange->m_query = QString::fromLatin1(target.mid(question));
        exchange->m_peer = m_socket->peerAddress();
        m_closeAfterResponse = requestLine.at(2) == "HTTP/1.0";
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            exchange->m_headers[QString::fromLatin1(line.left(colon).trimmed())].append(
                    QString::fromUtf8(line.mid(colon + 1).trimmed()));
        }
        const QString connection = exchange->header(QStringLiteral("Connection")).toLower();
        if (connection == QLatin1String("close"))
            m_closeAfterResponse = true;
        else if (connection == QLatin1String("keep-alive"))
            m_closeAfterResponse = false;

        const bool chunked = exchange->header(QStringLiteral("Transfer-Encoding"))
                                     .contains(QLatin1String("chunked"), Qt::CaseInsensitive);
        bool lengthOk = true;
        const QString lengthHeader = exchange->header(QStringLiteral("Content-Length"));
        m_remaining = lengthHeader.isEmpty() ? 0 : lengthHeader.toLongLong(&lengthOk);
        if (!lengthOk || m_remaining < 0) {
            delete exchange;
            failAndClose(400, "Invalid Content-Length.");
            return false;
        }
        m_state = chunked ? State::ChunkSize : State::FixedBody;
        if (exchange->header(QStringLiteral("Expect"))
                    .compare(QLatin1String("100-continue"), Qt::CaseInsensitive)
            == 0)
            write("HTTP/1.1 100 Continue\r\n\r\n");

        m_exchange = exchange;
        emit m_server->requestStarted(exchange);
        return true;
    }

    // Hands on what has arrived of the current body part; true once it is all there.
    bool consumeBody()
    {
        const qint64 take = qMin<qint64>(m_remaining, m_buffer.size());
        if (take > 0) {
            deliver(m_buffer.left(take));
            m_buffer.remove(0, take);
            m_remaining -= take;
        }
        return m_remaining == 0;
    }

    void deliver(const QByteArray &data)
    {
        if (!m_exchange || m_exchange->m_finished)
            return; // the response is already over: the rest of the body is dropped
        m_exchange->m_body += data;
        emit m_exchange->bodyDataAvailable();
    }

    void bodyDone()
    {
        m_state = State::Idle;
        if (!m_exchange)
            return;
        if (!m_exchange->m_finished) {
            m_exchange->m_bodyComplete = true;
            emit m_exchange->bodyFinished();
        }
        if (m_exchange && m_exchange->m_finished && !m_closeAfterResponse)
            startNextRequest();
    }

    void onDisconnected()
    {
        if (m_exchange && !m_exchange->m_finished) {
            m_exchange->m_callerGone = true;
            emit m_exchange->callerGone();
        }
        if (m_exchange)
            m_exchange->deleteLater();
        m_exchange = nullptr;
        deleteLater();
    }

    QTcpSocket *m_socket;
    EmulatorHttpServer *m_server;
    QByteArray m_buffer;
    State m_state = State::Head;
    qint64 m_remaining = 0;
    bool m_closeAfterResponse = false;
    QPointer<EmulatorHttpExchange> m_exchange;
};

EmulatorHttpExchange::EmulatorHttpExchange(EmulatorHttpConnection *connection)
    : QObject(connection), m_connection(connection)
{ }

QString EmulatorHttpExchange::header(const QString &name) const
{
    for (auto it = m_headers.cbegin(); it != m_headers.cend(); ++it) {
        if (it.key().compare(name, Qt::CaseInsensitive) == 0 && !it.value().isEmpty())
            return it.value().constFirst();
    }
    return {};
}

QByteArray EmulatorHttpExchange::takeBody()
{
    QByteArray data;
    data.swap(m_body);
    return data;
}

void EmulatorHttpExchange::writeHead(int statusCode, const SlimFaasHeaders &headers)
{
    if (m_headSent || m_finished || !m_connection)
        return;
    m_headSent = true;
    m_noBody = m_method == QLatin1String("HEAD") || statusCode == 204 || statusCode == 304
            || statusCode < 200;
    QByteArray head = "HTTP/1.1 " + QByteArray::number(statusCode) + ' ' + reasonPhrase(statusCode)
            + "\r\n";
    bool hasLength = false;
    SlimFaasHeaders all = headers;
    all.insert(m_responseHeaders);
    for (auto it = all.cbegin(); it != all.cend(); ++it) {
        // Framing is this server's business: SlimFaas drops transfer-encoding likewise.
        if (it.key().compare(QLatin1String("Transfer-Encoding"), Qt::CaseInsensitive) == 0
            || it.key().compare(QLatin1String("Connection"), Qt::CaseInsensitive) == 0)
            continue;
        if (it.key().compare(QLatin1String("Content-Length"), Qt::CaseInsensitive) == 0)
            hasLength = true;
        for (const QString &value : it.value())
            head += it.key().toLatin1() + ": " + value.toUtf8() + "\r\n";
    }
    m_chunked = !hasLength && !m_noBody;
    if (m_chunked)
        head += "Transfer-Encoding: chunked\r\n";
    head += "\r\n";
    m_connection->write(head);
}

void EmulatorHttpExchange::writeBody(const QByteArray &data)
{
    if (!m_headSent)
        writeHead(200);
    if (m_finished || m_noBody || data.isEmpty() || !m_connection)
        return;
    if (m_chunked)
        m_connection->write(QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n");
    else
        m_connection->write(data);
}

void EmulatorHttpExchange::end()
{
    if (m_finished || !m_connection)
        return;
    if (!m_headSent)
        writeHead(200, { { QStringLiteral("Content-Length"), { QStringLiteral("0") } } });
    if (m_chunked)
        m_connection->write("0\r\n\r\n");
    m_finished = true;
    m_connection->exchangeFinished(this);
}

void EmulatorHttpExchange::respond(int statusCode, const QByteArray &body,
                                   const SlimFaasHeaders &headers)
{
    SlimFaasHeaders all = headers;
    all.insert(QStringLiteral("Content-Length"), { QString::number(body.size()) });
    writeHead(statusCode, all);
    writeBody(body);
    end();
}

void EmulatorHttpExchange::abort()
{
    m_finished = true;
    if (m_connection)
        m_connection->abort();
}

EmulatorHttpServer::EmulatorHttpServer(QObject *parent) : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_server.nextPendingConnection())
            new EmulatorHttpConnection(socket, this);
    });
}

bool EmulatorHttpServer::listen(const QHostAddress &address, quint16 port)
{
    return m_server.listen(address, port);
}

void EmulatorHttpServer::close()
{
    m_server.close();
}
