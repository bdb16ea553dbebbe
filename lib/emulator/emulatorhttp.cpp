// SPDX-License-Identifier: MIT
#include "emulatorhttp_p.h"
#include "emulatorhttpparser_p.h"

#include <QtCore/qelapsedtimer.h>
#include <QtCore/qloggingcategory.h>
#include <QtCore/qtimer.h>
#include <QtNetwork/qtcpsocket.h>

namespace {

const char *reasonPhrase(int status)
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
    case 408:
        return "Request Timeout";
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
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "Status";
    }
}

// A header's name or value into the head: ASCII (nearly always) byte for byte, anything else
// through the conversion the head has always used (names Latin-1, values UTF-8).
void appendHeaderText(QByteArray *head, const QString &text, bool latin1)
{
    const QChar *chars = text.constData();
    const qsizetype size = text.size();
    qsizetype i = 0;
    while (i < size && chars[i].unicode() < 0x80)
        ++i;
    if (i < size) {
        head->append(latin1 ? text.toLatin1() : text.toUtf8());
        return;
    }
    const qsizetype start = head->size();
    head->resize(start + size);
    char *out = head->data() + start;
    for (i = 0; i < size; ++i)
        out[i] = char(chars[i].unicode());
}

bool isHeaderNamed(const QString &key, QLatin1String name)
{
    return key.size() == name.size() && key.compare(name, Qt::CaseInsensitive) == 0;
}

} // namespace

// One TCP connection from a caller: requests one after the other (keep-alive, pipelining),
// each answered before the next is parsed, and the limits of SlimFaasEmulatorLimits.
//
// Reading stops while a request waits for its response or while the caller leaves
// responses unread, so a pipelining or slow caller holds at most one socket read buffer
// (ReadChunk) and MaxUnreadResponses of the emulator's memory.
class EmulatorHttpConnection : public QObject
{
public:
    EmulatorHttpConnection(QTcpSocket *socket, EmulatorHttpServer *server)
        : QObject(server), m_socket(socket), m_server(server),
          m_parser(server->limits().maximumRequestHeadSize, server->limits().maximumRequestBodySize)
    {
        socket->setParent(this);
        socket->setReadBufferSize(ReadChunk);
        m_clock.start();
        m_timer.setSingleShot(true);
        connect(&m_timer, &QTimer::timeout, this, [this] { onTimeout(); });
        // Kestrel checks the body rate on its 1 s heartbeat; shorter grace periods (tests) are
        // checked more often.
        m_rateTimer.setInterval(qBound(50, server->limits().requestBodyGracePeriod / 4, 1000));
        connect(&m_rateTimer, &QTimer::timeout, this, [this] { checkBodyRate(); });
        connect(socket, &QTcpSocket::readyRead, this, [this] { process(); });
        connect(socket, &QTcpSocket::bytesWritten, this, [this] {
            // Only a connection that stopped for its unread responses waits for this.
            if (m_waitingForDrain && m_socket->bytesToWrite() <= MaxUnreadResponses) {
                m_waitingForDrain = false;
                process();
            }
        });
        connect(socket, &QTcpSocket::disconnected, this, [this] { onDisconnected(); });
        armTimer(Timer::Head); // the first request's head is due from the connection's start
    }

    void write(const QByteArray &data)
    {
        if (m_socket->state() == QAbstractSocket::ConnectedState)
            m_socket->write(data);
    }

    qint64 pendingBytes() const { return m_socket->bytesToWrite(); }
    void resume() { process(); }
    const SlimFaasEmulatorLimits &limits() const { return m_server->limits(); }
    EmulatorLog *log() const { return m_server->log(); }

    void exchangeFinished(EmulatorHttpExchange *exchange, bool closeAfter)
    {
        if (exchange != m_exchange)
            return;
        if (closeAfter || !m_keepAlive) {
            m_closing = true;
            m_socket->disconnectFromHost();
            return;
        }
        // The rest of the body, if any, is still parsed (and dropped) before the next request.
        if (m_requestComplete)
            nextRequest();
    }

    void abort()
    {
        m_closing = true;
        // Deferred: the caller may be in the middle of writing to this exchange. What was
        // written before goes out first, as a server's flushed writes do: the caller sees
        // the response cut where it stopped.
        QMetaObject::invokeMethod(
                m_socket,
                [socket = m_socket] {
                    socket->flush();
                    socket->abort();
                },
                Qt::QueuedConnection);
    }

private:
    static constexpr qint64 ReadChunk = 64 * 1024;
    static constexpr qint64 MaxUnreadResponses = 1024 * 1024;
    // Requests parsed in one go before the event loop gets its turn back.
    static constexpr int RequestsPerTurn = 64;

    enum class Timer { None, Head, Idle };

    // Every request goes from Idle to None and back: rather than a stop and a start of the
    // QTimer each time (each one a call into the event dispatcher), the deadline is kept
    // here and the QTimer left running; when it fires early it is started again for what is
    // left, and it only starts at once for a deadline earlier than the one it runs for.
    void armTimer(Timer kind)
    {
        if (kind == m_timerKind)
            return;
        m_timerKind = kind;
        if (kind == Timer::None)
            return; // a timeout now finds None and does nothing
        const int interval
                = kind == Timer::Head ? limits().requestHeadTimeout : limits().keepAliveTimeout;
        m_deadline = m_clock.elapsed() + interval;
        if (!m_timer.isActive() || m_timerDue > m_deadline) {
            m_timer.start(interval);
            m_timerDue = m_deadline;
        }
    }

    void onTimeout()
    {
        if (m_timerKind == Timer::None)
            return;
        const qint64 left = m_deadline - m_clock.elapsed();
        if (left > 0) {
            m_timer.start(int(left));
            m_timerDue = m_deadline;
            return;
        }
        if (m_timerKind == Timer::Head) {
            log()->info(QStringLiteral("requestHeadTimeout"), m_socket->peerAddress().toString(),
                        QStringLiteral("caller %1 did not send a request head in time: 408")
                                .arg(m_socket->peerAddress().toString()));
            failAndClose(408, "Request head timeout.");
        } else {
            m_closing = true;
            m_socket->disconnectFromHost();
        }
    }

    // Kestrel's MinRequestBodyDataRate: past the grace period, the bytes of the body that
    // have arrived, over the time since its head, must reach the minimum.
    void checkBodyRate()
    {
        if (!m_exchange || m_requestComplete || m_closing) {
            m_rateTimer.stop();
            return;
        }
        const qint64 elapsed = m_bodyClock.elapsed();
        const int minimum = limits().minimumRequestBodyDataRate;
        if (elapsed <= limits().requestBodyGracePeriod
            || m_exchange->m_bodyReceived * 1000 >= qint64(minimum) * elapsed)
            return;
        m_rateTimer.stop();
        qCInfo(lcSlimFaasEmulator).noquote()
                << "caller" << m_socket->peerAddress().toString() << "sent"
                << m_exchange->m_bodyReceived << "body bytes in" << elapsed
                << "ms, under the minimum of" << minimum << "bytes/s: request body timeout";
        QPointer<EmulatorHttpExchange> exchange = m_exchange;
        if (!exchange->m_finished)
            emit m_server->bodyTimedOut(exchange);
        if (m_closing)
            return;
        if (!exchange || !exchange->m_finished || exchange != m_exchange)
            failAndClose(408, "Request body timeout.");
        else
            closeWhenAnswered();
    }

    // Kestrel reads no more of a request whose body timed out: once answered, the connection
    // goes.
    void closeWhenAnswered()
    {
        m_keepAlive = false;
        if (m_exchange && m_exchange->m_finished) {
            m_closing = true;
            m_socket->disconnectFromHost();
        }
    }

    void failAndClose(int status, const QByteArray &body)
    {
        m_timer.stop();
        m_timerKind = Timer::None;
        // Once a response has begun no status fits: the caller sees the connection cut.
        if (m_exchange && m_exchange->m_headSent) {
            m_closing = true;
            m_socket->abort();
            return;
        }
        if (m_exchange)
            m_exchange->m_finished = true;
        write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status)
              + "\r\nContent-Type: text/plain\r\nContent-Length: " + QByteArray::number(body.size())
              + "\r\nConnection: close\r\n\r\n" + body);
        m_closing = true;
        m_socket->disconnectFromHost();
    }

    void nextRequest()
    {
        if (m_exchange)
            m_exchange->deleteLater();
        m_exchange = nullptr;
        m_requestComplete = false;
        if (m_processing)
            return; // the running loop goes on with the next request
        process();
    }

    // Parses what has arrived, step by step: no recursion however many requests are
    // pipelined, and at most RequestsPerTurn before the event loop runs again.
    void process()
    {
        if (m_processing || m_closing)
            return;
        m_processing = true;
        int requests = 0;
        while (!m_closing && m_socket->state() == QAbstractSocket::ConnectedState) {
            if (m_exchange && m_requestComplete)
                break; // waiting for the response
            if (m_exchange && m_exchange->m_bodyReadingPaused)
                break; // the route takes no more of the body for now
            if (!m_exchange && m_socket->bytesToWrite() > MaxUnreadResponses) {
                m_waitingForDrain = true;
                break; // the caller is not reading its responses: wait for bytesWritten
            }
            if (m_buffer.isEmpty()) {
                // What has arrived, not a ReadChunk-sized buffer: allocating and freeing 64 KiB
                // per read cost more than the parsing.
                const qint64 available = qMin(m_socket->bytesAvailable(), ReadChunk);
                if (available <= 0)
                    break;
                m_buffer = m_socket->read(available);
                if (m_buffer.isEmpty())
                    break;
            }
            if (!m_exchange && requests >= RequestsPerTurn) {
                QMetaObject::invokeMethod(
                        this, [this] { process(); }, Qt::QueuedConnection);
                break;
            }
            const auto step = feed();
            if (m_parser.isInHead())
                armTimer(Timer::Head);
            switch (step) {
            case EmulatorHttpRequestParser::Step::Error:
                failRequest();
                break;
            case EmulatorHttpRequestParser::Step::HeadComplete: {
                ++requests;
                // A request whose body has come with its head (or that has none) reaches the
                // route whole: it need not wait for the body's signals.
                bool whole = m_parser.isMessageComplete();
                bool part = false; // some of the body parsed, the rest still to come
                const qint64 ahead = m_parser.bodyBytesAhead();
                if (!whole && ahead > 0 && ahead <= m_buffer.size()) {
                    const auto end = feed();
                    if (end == EmulatorHttpRequestParser::Step::Error) {
                        failRequest();
                        break;
                    }
                    whole = end == EmulatorHttpRequestParser::Step::MessageComplete;
                    part = !whole;
                }
                startRequest(whole);
                if (m_exchange && !m_closing) {
                    if (whole)
                        finishRequest();
                    else if (part)
                        deliverBody();
                }
                break;
            }
            case EmulatorHttpRequestParser::Step::MessageComplete:
                deliverBody();
                finishRequest();
                break;
            case EmulatorHttpRequestParser::Step::NeedMore:
                deliverBody();
                break;
            }
        }
        m_processing = false;
        if (m_exchange && !m_requestComplete && !m_closing
            && limits().minimumRequestBodyDataRate > 0 && !m_rateTimer.isActive())
            m_rateTimer.start();
        if (!m_closing && !m_exchange && !m_parser.isInHead() && m_buffer.isEmpty()
            && m_socket->bytesAvailable() == 0)
            armTimer(Timer::Idle);
    }

    // The parser's next step from the buffer, what it used taken out.
    EmulatorHttpRequestParser::Step feed()
    {
        qsizetype consumed = 0;
        const auto step = m_parser.feed(m_buffer.constData(), m_buffer.size(), &consumed);
        if (consumed >= m_buffer.size())
            m_buffer.clear();
        else
            m_buffer.remove(0, consumed);
        return step;
    }

    void failRequest()
    {
        log()->info(QStringLiteral("bad-request"), m_socket->peerAddress().toString(),
                    QStringLiteral("caller %1 : %2 %3")
                            .arg(m_socket->peerAddress().toString())
                            .arg(m_parser.errorStatus())
                            .arg(QString::fromUtf8(m_parser.errorText())));
        failAndClose(m_parser.errorStatus(), m_parser.errorText());
    }

    // whole: the body has been parsed too (it is the parser's to take).
    void startRequest(bool whole)
    {
        armTimer(Timer::None); // a request in progress is the route's to time
        const EmulatorHttpRequestParser::Head &head = m_parser.head();
        auto *exchange = new EmulatorHttpExchange(this);
        exchange->m_method = head.method;
        exchange->m_path = head.path;
        exchange->m_query = head.query;
        exchange->m_headers = head.headers;
        exchange->m_http10 = head.http10;
        exchange->m_keepAlive = head.keepAlive;
        exchange->m_peer = m_socket->peerAddress();
        if (whole) {
            exchange->m_body = m_parser.takeBody();
            exchange->m_bodyReceived = exchange->m_body.size();
            exchange->m_bodyComplete = true;
        }
        m_keepAlive = head.keepAlive;
        m_exchange = exchange;
        m_requestComplete = false;
        // The rate timer starts once process() leaves with the body still coming: most
        // bodies are complete by then.
        if (limits().minimumRequestBodyDataRate > 0)
            m_bodyClock.start();
        if (head.expectContinue)
            write("HTTP/1.1 100 Continue\r\n\r\n");
        emit m_server->requestStarted(exchange);
    }

    void deliverBody()
    {
        QByteArray data = m_parser.takeBody();
        if (data.isEmpty() || !m_exchange || m_exchange->m_finished)
            return; // the response is already over: the rest of the body is dropped
        m_exchange->m_bodyReceived += data.size();
        m_exchange->m_body += data;
        emit m_exchange->bodyDataAvailable();
    }

    void finishRequest()
    {
        m_requestComplete = true;
        m_rateTimer.stop();
        if (!m_exchange)
            return;
        QPointer<EmulatorHttpExchange> exchange = m_exchange;
        if (!exchange->m_finished) {
            exchange->m_bodyComplete = true;
            emit exchange->bodyFinished();
        }
        if (exchange && exchange == m_exchange && exchange->m_finished && !m_closing)
            nextRequest();
    }

    void onDisconnected()
    {
        m_timer.stop();
        m_rateTimer.stop();
        if (m_exchange && !m_exchange->m_finished) {
            m_exchange->m_callerGone = true;
            emit m_server->callerGone(m_exchange);
        }
        if (m_exchange)
            m_exchange->deleteLater();
        m_exchange = nullptr;
        m_closing = true;
        deleteLater();
    }

    QTcpSocket *m_socket;
    EmulatorHttpServer *m_server;
    EmulatorHttpRequestParser m_parser;
    QByteArray m_buffer;   // read from the socket, not parsed yet
    QTimer m_timer;        // runs for m_timerDue, see armTimer()
    QElapsedTimer m_clock; // from the connection's start
    qint64 m_deadline = 0; // m_timerKind's, on m_clock
    qint64 m_timerDue = 0; // when m_timer fires, on m_clock
    Timer m_timerKind = Timer::None;
    QTimer m_rateTimer;        // the body rate, while a request body is coming
    QElapsedTimer m_bodyClock; // from the request's head

    bool m_keepAlive = true;
    bool m_requestComplete = false;
    bool m_processing = false;
    bool m_closing = false;
    bool m_waitingForDrain = false; // process() stopped for MaxUnreadResponses
    QPointer<EmulatorHttpExchange> m_exchange;
};

EmulatorHttpExchange::EmulatorHttpExchange(EmulatorHttpConnection *connection)
    : QObject(connection), m_connection(connection)
{ }

QString EmulatorHttpExchange::header(const QString &name) const
{
    for (auto it = m_headers.cbegin(); it != m_headers.cend(); ++it) {
        if (it.key().size() == name.size() && it.key().compare(name, Qt::CaseInsensitive) == 0
            && !it.value().isEmpty())
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

void EmulatorHttpExchange::setBodyReadingPaused(bool paused)
{
    if (m_bodyReadingPaused == paused)
        return;
    m_bodyReadingPaused = paused;
    if (!paused && m_connection) {
        // Not from inside the route's own handling of the body.
        QMetaObject::invokeMethod(
                m_connection,
                [connection = m_connection] {
                    if (connection)
                        connection->resume();
                },
                Qt::QueuedConnection);
    }
}

void EmulatorHttpExchange::writeHead(int statusCode, const SlimFaasHeaders &headers)
{
    if (m_headSent || m_finished || !m_connection)
        return;
    // The route's own headers (CORS) go with whatever the response brings.
    if (m_responseHeaders.isEmpty()) {
        m_connection->write(buildHead(statusCode, headers, nullptr));
        return;
    }
    SlimFaasHeaders merged = headers;
    merged.insert(m_responseHeaders);
    m_connection->write(buildHead(statusCode, merged, nullptr));
}

QByteArray EmulatorHttpExchange::buildHead(int statusCode, const SlimFaasHeaders &headers,
                                           const QByteArray *contentLength)
{
    m_headSent = true;
    m_noBody = m_method == QLatin1String("HEAD") || statusCode == 204 || statusCode == 304
            || statusCode < 200;
    QByteArray head;
    head.reserve(256);
    head.append("HTTP/1.1 ")
            .append(QByteArray::number(statusCode))
            .append(' ')
            .append(reasonPhrase(statusCode))
            .append("\r\n");
    const auto appendHeader = [&head](const QString &name, QByteArrayView value) {
        appendHeaderText(&head, name, true);
        head.append(": ", 2).append(value).append("\r\n", 2);
    };
    bool lengthWritten = false;
    for (auto it = headers.cbegin(); it != headers.cend(); ++it) {
        // Framing is this server's business: SlimFaas drops transfer-encoding likewise.
        if (isHeaderNamed(it.key(), QLatin1String("Transfer-Encoding"))
            || isHeaderNamed(it.key(), QLatin1String("Connection")))
            continue;
        if (isHeaderNamed(it.key(), QLatin1String("Content-Length"))) {
            if (contentLength) {
                // respond()'s own length, in the place of the one given.
                if (!lengthWritten)
                    appendHeader(it.key(), *contentLength);
                lengthWritten = true;
                m_declaredLength = contentLength->toLongLong();
                continue;
            }
            bool ok = false;
            const qint64 length = it.value().value(0).toLongLong(&ok);
            if (!ok || length < 0 || it.value().size() != 1)
                continue; // an unusable length must not frame the response
            m_declaredLength = length;
        }
        for (const QString &value : it.value()) {
            appendHeaderText(&head, it.key(), true);
            head.append(": ", 2);
            appendHeaderText(&head, value, false);
            head.append("\r\n", 2);
        }
    }
    if (contentLength && !lengthWritten) {
        appendHeader(QStringLiteral("Content-Length"), *contentLength);
        m_declaredLength = contentLength->toLongLong();
    }
    if (m_noBody) {
        m_declaredLength = -1;
    } else if (m_declaredLength < 0) {
        // HTTP/1.0 has no chunked coding: the end of the connection ends the body.
        m_chunked = !m_http10;
        m_closeDelimited = m_http10;
    }
    if (m_chunked)
        head += "Transfer-Encoding: chunked\r\n";
    if (m_closeDelimited || !m_keepAlive)
        head += "Connection: close\r\n";
    else if (m_http10)
        head += "Connection: keep-alive\r\n"; // HTTP/1.0 closes unless told otherwise
    head += "\r\n";
    return head;
}

void EmulatorHttpExchange::writeBody(const QByteArray &data)
{
    if (!m_headSent)
        writeHead(200);
    if (m_finished || m_aborted || m_noBody || data.isEmpty() || !m_connection)
        return;
    // A caller this far behind holds the emulator's memory: give up its stream (see
    // SlimFaasEmulatorLimits::maximumSyncResponseBuffer), which the route sees as the caller
    // gone.
    const qint64 cap = m_connection->limits().maximumSyncResponseBuffer;
    if (m_connection->pendingBytes() > cap) {
        m_connection->log()->warning(
                QStringLiteral("maximumSyncResponseBuffer"), m_peer.toString(),
                QStringLiteral("limit maximumSyncResponseBuffer : caller %1 of %2 is %3 bytes "
                               "behind the response (limit %4): connection closed")
                        .arg(m_peer.toString(), m_path)
                        .arg(m_connection->pendingBytes())
                        .arg(cap));
        abortConnection();
        return;
    }
    QByteArray out;
    if (appendBody(&out, data))
        m_connection->write(out);
}

bool EmulatorHttpExchange::appendBody(QByteArray *out, const QByteArray &data)
{
    QByteArray piece = data;
    if (m_declaredLength >= 0) {
        // Never more than the length announced: extra bytes would start a bogus response on
        // a keep-alive connection.
        piece.truncate(qMax<qint64>(0, m_declaredLength - m_bodySent));
        if (piece.isEmpty())
            return false;
    }
    m_bodySent += piece.size();
    if (m_chunked)
        out->append(QByteArray::number(piece.size(), 16))
                .append("\r\n")
                .append(piece)
                .append("\r\n");
    else
        out->append(piece);
    return true;
}

void EmulatorHttpExchange::writeHead(int statusCode, const SlimFaasHeaders &headers,
                                     const QByteArray &body)
{
    // What writeHead() then writeBody() would write, in one write when the body may follow at
    // once (writeBody()'s checks: a body to send, the caller not too far behind).
    if (m_headSent || m_finished || !m_connection || !m_responseHeaders.isEmpty()) {
        writeHead(statusCode, headers);
        writeBody(body);
        return;
    }
    QByteArray out = buildHead(statusCode, headers, nullptr);
    if (m_aborted || m_noBody || body.isEmpty()
        || m_connection->pendingBytes() + out.size()
                > m_connection->limits().maximumSyncResponseBuffer) {
        m_connection->write(out);
        writeBody(body);
        return;
    }
    appendBody(&out, body);
    m_connection->write(out);
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
    // Fewer bytes than announced cannot be made good: the caller must see a cut response.
    const bool shortBody = m_declaredLength >= 0 && m_bodySent < m_declaredLength;
    if (shortBody) {
        m_connection->abort();
        return;
    }
    m_connection->exchangeFinished(this, m_closeDelimited || !m_keepAlive);
}

void EmulatorHttpExchange::respond(int statusCode, const QByteArray &body,
                                   const SlimFaasHeaders &headers)
{
    if (m_headSent || m_finished || !m_connection || !m_responseHeaders.isEmpty()) {
        SlimFaasHeaders all = headers;
        all.insert(QStringLiteral("Content-Length"), { QString::number(body.size()) });
        writeHead(statusCode, all);
        writeBody(body);
        end();
        return;
    }
    // Head and body in one write, as writeHead(), writeBody() and end() would send them.
    const QByteArray length = QByteArray::number(body.size());
    QByteArray response = buildHead(statusCode, headers, &length);
    if (!m_noBody && !body.isEmpty()) {
        if (m_connection->pendingBytes() + response.size()
            > m_connection->limits().maximumSyncResponseBuffer) {
            m_connection->write(response);
            writeBody(body); // gives the caller up, as it says
            end();
            return;
        }
        response += body;
        m_bodySent = body.size();
    }
    m_connection->write(response);
    end();
}

qint64 EmulatorHttpExchange::pendingResponseBytes() const
{
    return m_connection ? m_connection->pendingBytes() : 0;
}

void EmulatorHttpExchange::abort()
{
    m_finished = true;
    abortConnection();
}

// Unlike abort(), leaves the exchange unfinished: the route hears the server's callerGone.
void EmulatorHttpExchange::abortConnection()
{
    m_aborted = true;
    if (m_connection)
        m_connection->abort();
}

EmulatorHttpServer::EmulatorHttpServer(const SlimFaasEmulatorLimits &limits, EmulatorLog *log,
                                       QObject *parent)
    : QObject(parent), m_listener(QStringLiteral("HTTP"), this), m_limits(limits), m_log(log)
{
    connect(&m_listener, &EmulatorTcpListener::newConnection, this, [this](QTcpSocket *socket) {
        if (m_connections >= m_limits.maximumConnections)
            refuse(socket);
        else
            accept(socket);
    });
}

// The emulator stops: the answers it has just written (those of the requests its functions
// were serving) leave before the connections, deleted with the server, would drop them.
EmulatorHttpServer::~EmulatorHttpServer()
{
    const auto sockets = findChildren<QTcpSocket *>();
    for (QTcpSocket *socket : sockets)
        socket->flush();
}

bool EmulatorHttpServer::listen(const QHostAddress &address, quint16 port)
{
    return m_listener.listen(address, port);
}

void EmulatorHttpServer::close()
{
    m_listener.close();
}

void EmulatorHttpServer::accept(QTcpSocket *socket)
{
    auto *connection = new EmulatorHttpConnection(socket, this);
    ++m_connections;
    // Not counted down while the server itself goes: ~QObject disconnects before it deletes
    // the children.
    connect(connection, &QObject::destroyed, this, [this] { --m_connections; });
}

// Beyond maximumConnections: an immediate 503 and close, so the caller learns at once
// instead of waiting in the listen queue.
void EmulatorHttpServer::refuse(QTcpSocket *socket)
{
    m_log->warning(QStringLiteral("maximumConnections"), socket->peerAddress().toString(),
                   QStringLiteral("limit maximumConnections : HTTP port: connection from %1 "
                                  "refused, already %2 open")
                           .arg(socket->peerAddress().toString())
                           .arg(m_connections));
    refuseConnection(socket);
}

void refuseConnection(QTcpSocket *socket)
{
    socket->write("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
                  "Connection: close\r\n\r\n");
    socket->disconnectFromHost();
    QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    // A caller that never reads must not keep the socket either.
    QTimer::singleShot(1000, socket, [socket] { socket->abort(); });
}
