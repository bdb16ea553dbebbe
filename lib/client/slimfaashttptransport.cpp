// SPDX-License-Identifier: MIT
#include "slimfaashttptransport_p.h"

#include <QtNetwork/qauthenticator.h>
#include <QtNetwork/qnetworkcookie.h>
#include <QtNetwork/qnetworkcookiejar.h>
#include <QtNetwork/qnetworkproxy.h>
#include <QtNetwork/qtcpsocket.h>

#ifndef QT_NO_SSL
#include <QtNetwork/qsslsocket.h>
#endif

#include <http_parser.h>
#include <zlib.h>

namespace {

constexpr qint64 SocketReadSize = 64 * 1024; // what one read of the socket takes at most
constexpr qint64 UploadAhead = 256 * 1024;   // request body queued in the socket at most
// Qt's decompression bomb check: past the request's decompressedSafetyCheckThreshold(), an
// answer that inflates more than this many times its compressed size is refused.
constexpr qint64 MaximumInflateRatio = 40;

bool isHttps(const QUrl &url)
{
    return url.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0;
}

int portOf(const QUrl &url)
{
    return url.port(isHttps(url) ? 443 : 80);
}

QNetworkReply::NetworkError networkErrorOfSocket(QAbstractSocket::SocketError error)
{
    switch (error) {
    case QAbstractSocket::ConnectionRefusedError:
        return QNetworkReply::ConnectionRefusedError;
    case QAbstractSocket::RemoteHostClosedError:
        return QNetworkReply::RemoteHostClosedError;
    case QAbstractSocket::HostNotFoundError:
        return QNetworkReply::HostNotFoundError;
    case QAbstractSocket::SocketTimeoutError:
        return QNetworkReply::TimeoutError;
    case QAbstractSocket::SslHandshakeFailedError:
    case QAbstractSocket::SslInternalError:
    case QAbstractSocket::SslInvalidUserDataError:
        return QNetworkReply::SslHandshakeFailedError;
    case QAbstractSocket::ProxyAuthenticationRequiredError:
        return QNetworkReply::ProxyAuthenticationRequiredError;
    case QAbstractSocket::ProxyConnectionRefusedError:
        return QNetworkReply::ProxyConnectionRefusedError;
    case QAbstractSocket::ProxyConnectionClosedError:
        return QNetworkReply::ProxyConnectionClosedError;
    case QAbstractSocket::ProxyConnectionTimeoutError:
        return QNetworkReply::ProxyTimeoutError;
    case QAbstractSocket::ProxyNotFoundError:
        return QNetworkReply::ProxyNotFoundError;
    case QAbstractSocket::ProxyProtocolError:
        return QNetworkReply::UnknownProxyError;
    default:
        return QNetworkReply::UnknownNetworkError;
    }
}

} // namespace

// ---------------------------------------------------------------- the parser

struct SlimFaasHttpReply::Parser
{
    explicit Parser(SlimFaasHttpReply *owner) : reply(owner) { reset(); }
    ~Parser() { endInflate(); }

    void reset()
    {
        http_parser_init(&parser, HTTP_RESPONSE);
        parser.data = this;
        // As Qt: header values with control characters are taken (the tools escape them).
        parser.lenient_http_headers = 1;
        clearHead();
        headDone = headPending = interimEnded = complete = bodyAdded = false;
        failure.clear();
        chunkLeft = 0;
        crlfExpected = 0;
        endInflate();
    }
    void clearHead()
    {
        reason.clear();
        field.clear();
        value.clear();
        headers.clear();
        lastWasValue = false;
    }
    void endInflate()
    {
        if (inflating)
            inflateEnd(&stream);
        inflating = false;
        inflateEnded = false;
    }
    void takeHeader()
    {
        if (!field.isEmpty())
            headers.append({ field, value.trimmed() });
        field.clear();
        value.clear();
    }

    static int onStatus(http_parser *p, const char *at, size_t length)
    {
        static_cast<Parser *>(p->data)->reason.append(at, qsizetype(length));
        return 0;
    }
    static int onHeaderField(http_parser *p, const char *at, size_t length)
    {
        auto *self = static_cast<Parser *>(p->data);
        if (self->lastWasValue)
            self->takeHeader();
        self->field.append(at, qsizetype(length));
        self->lastWasValue = false;
        return 0;
    }
    static int onHeaderValue(http_parser *p, const char *at, size_t length)
    {
        auto *self = static_cast<Parser *>(p->data);
        self->value.append(at, qsizetype(length));
        self->lastWasValue = true;
        return 0;
    }
    static int onHeadersComplete(http_parser *p)
    {
        auto *self = static_cast<Parser *>(p->data);
        self->takeHeader();
        if (p->status_code >= 100 && p->status_code < 200 && p->status_code != 101)
            return 0; // interim: no body, and the real answer follows
        self->headDone = true;
        self->headPending = true;
        self->reply->headersComplete();
        return self->reply->m_verb == "HEAD" ? 1 : 0; // 1: no body follows
    }
    // Debian builds libhttp-parser without HTTP_PARSER_STRICT, which skips the two bytes
    // after a chunk's data whatever they are: they are checked here.
    static int onChunkHeader(http_parser *p)
    {
        static_cast<Parser *>(p->data)->chunkLeft = qint64(p->content_length);
        return 0;
    }
    // Checks what follows a chunk's data, from `at` to the end of what is being parsed; the
    // rest is checked as the next bytes arrive. False when it is not CRLF.
    bool checkCrlf(const char *at)
    {
        for (; crlfExpected > 0 && at < feedEnd; ++at, --crlfExpected) {
            if (*at != (crlfExpected == 2 ? '\r' : '\n')) {
                failure = SlimFaasHttpReply::tr("Malformed HTTP answer from %1: %2.")
                                  .arg(reply->url().toDisplayString(),
                                       SlimFaasHttpReply::tr("a chunk is not followed by CRLF"));
                return false;
            }
        }
        return true;
    }
    static int onBody(http_parser *p, const char *at, size_t length)
    {
        auto *self = static_cast<Parser *>(p->data);
        if (!self->reply->appendBody(at, length))
            return -1;
        if (p->flags & F_CHUNKED) {
            self->chunkLeft -= qint64(length);
            if (self->chunkLeft == 0) {
                self->crlfExpected = 2;
                if (!self->checkCrlf(at + length))
                    return -1;
            }
        }
        return 0;
    }
    static int onMessageComplete(http_parser *p)
    {
        auto *self = static_cast<Parser *>(p->data);
        if (!self->headDone)
            self->interimEnded = true;
        else
            self->complete = true;
        http_parser_pause(p, 1);
        return 0;
    }
    static const http_parser_settings &settings()
    {
        static const http_parser_settings s = [] {
            http_parser_settings init{};
            init.on_status = &Parser::onStatus;
            init.on_header_field = &Parser::onHeaderField;
            init.on_header_value = &Parser::onHeaderValue;
            init.on_headers_complete = &Parser::onHeadersComplete;
            init.on_chunk_header = &Parser::onChunkHeader;
            init.on_body = &Parser::onBody;
            init.on_message_complete = &Parser::onMessageComplete;
            return init;
        }();
        return s;
    }

    SlimFaasHttpReply *reply;
    http_parser parser;
    QByteArray reason, field, value;
    QList<QPair<QByteArray, QByteArray>> headers;
    bool lastWasValue = false;
    bool headDone = false;         // the final answer's head is parsed
    bool headPending = false;      // ... and metaDataChanged() not emitted yet
    bool interimEnded = false;     // a 1xx ended: the parser starts again
    bool complete = false;         // the final answer ended
    bool bodyAdded = false;        // readyRead() is due
    QString failure;               // why the body cannot be read (decompression, framing)
    const char *feedEnd = nullptr; // the end of what http_parser_execute() is given
    qint64 chunkLeft = 0;          // bytes of the current chunk still to come
    int crlfExpected = 0;          // bytes of the CRLF after a chunk still to check
    bool mayDecode = false;        // we asked for gzip and deflate
    bool inflating = false;
    bool inflateEnded = false;
    z_stream stream{};
};

// ---------------------------------------------------------------- the manager

SlimFaasNetworkAccessManager::SlimFaasNetworkAccessManager(QObject *parent)
    : QNetworkAccessManager(parent)
{ }

SlimFaasNetworkAccessManager::~SlimFaasNetworkAccessManager()
{
    // QNetworkAccessManager's destructor deletes the replies, once this part is gone.
    for (SlimFaasHttpReply *reply : std::exchange(m_replies, {})) {
        reply->m_manager = nullptr;
        reply->dropConnection(false); // its socket is one of ours
    }
    m_waiting.clear();
    closeIdleConnections();
}

void SlimFaasNetworkAccessManager::closeIdleConnections()
{
    const auto idle = std::exchange(m_idle, {});
    for (SlimFaasHttpConnection *connection : idle)
        close(std::unique_ptr<SlimFaasHttpConnection>(connection));
}

QNetworkReply *SlimFaasNetworkAccessManager::createRequest(Operation op,
                                                           const QNetworkRequest &request,
                                                           QIODevice *outgoingData)
{
    const QString scheme = request.url().scheme().toLower();
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        return QNetworkAccessManager::createRequest(op, request, outgoingData);
    auto *reply = new SlimFaasHttpReply(this, op, request, outgoingData);
    m_replies.append(reply);
    return reply;
}

std::unique_ptr<SlimFaasHttpConnection>
SlimFaasNetworkAccessManager::acquire(SlimFaasHttpReply *reply, bool fresh)
{
    const QString key = reply->poolKey();
    SlimFaasHttpConnection *mismatched = nullptr;
    for (auto it = m_idle.find(key); it != m_idle.end() && it.key() == key; ++it) {
        SlimFaasHttpConnection *connection = it.value();
#ifndef QT_NO_SSL
        if (connection->tls != reply->m_tls) {
            mismatched = connection;
            continue;
        }
#endif
        if (fresh || connection->socket->state() != QAbstractSocket::ConnectedState) {
            mismatched = connection;
            continue;
        }
        m_idle.erase(it);
        for (const QMetaObject::Connection &watch : std::exchange(connection->idleWatch, {}))
            disconnect(watch);
        connection->reused = true;
        return std::unique_ptr<SlimFaasHttpConnection>(connection);
    }
    if (m_open.value(key) >= MaximumConnections) {
        if (!mismatched) {
            m_waiting.append(reply);
            return nullptr;
        }
        m_idle.remove(key, mismatched); // room for a connection that fits
        close(std::unique_ptr<SlimFaasHttpConnection>(mismatched));
    }
    ++m_open[key];
    auto connection = std::make_unique<SlimFaasHttpConnection>();
    connection->key = key;
    const QUrl url = reply->url();
#ifndef QT_NO_SSL
    connection->tls = reply->m_tls;
    if (isHttps(url)) {
        auto *socket = new QSslSocket(this);
        socket->setSslConfiguration(reply->m_tls);
        connection->socket = socket;
    }
#endif
    if (!connection->socket)
        connection->socket = new QTcpSocket(this);
    QNetworkProxy proxyToUse = proxy();
    if (QNetworkProxyFactory *factory = proxyFactory()) {
        const QList<QNetworkProxy> proxies = factory->queryProxy(QNetworkProxyQuery(url));
        proxyToUse = proxies.isEmpty() ? QNetworkProxy(QNetworkProxy::NoProxy) : proxies.first();
    }
    connection->socket->setProxy(proxyToUse);
    // As Qt's transport: the application answers a proxy's challenge through the manager.
    connect(connection->socket, &QAbstractSocket::proxyAuthenticationRequired, this,
            &QNetworkAccessManager::proxyAuthenticationRequired, Qt::DirectConnection);
    connection->socket->setReadBufferSize(SocketReadSize);
    return connection;
}

void SlimFaasNetworkAccessManager::release(std::unique_ptr<SlimFaasHttpConnection> connection,
                                           bool reusable)
{
    const QString key = connection->key;
    QAbstractSocket *socket = connection->socket;
    if (reusable && connection->mayReuse && socket->state() == QAbstractSocket::ConnectedState
        && socket->bytesAvailable() == 0) {
        SlimFaasHttpConnection *idle = connection.release();
        m_idle.insert(key, idle);
        // A byte or a close on an idle connection: the server is done with it.
        auto drop = [this, idle] {
            if (m_idle.remove(idle->key, idle))
                close(std::unique_ptr<SlimFaasHttpConnection>(idle));
        };
        idle->idleWatch = { connect(socket, &QAbstractSocket::readyRead, this, drop),
                            connect(socket, &QAbstractSocket::disconnected, this, drop),
                            connect(socket, &QAbstractSocket::errorOccurred, this, drop) };
    } else {
        close(std::move(connection));
    }
    // The next reply waiting for this origin takes the room.
    m_waiting.removeIf([](const QPointer<SlimFaasHttpReply> &r) { return r.isNull(); });
    for (qsizetype i = 0; i < m_waiting.size(); ++i) {
        SlimFaasHttpReply *next = m_waiting.at(i);
        if (next->poolKey() != key)
            continue;
        m_waiting.removeAt(i);
        if (auto taken = acquire(next, false))
            next->startOn(std::move(taken));
        break;
    }
}

void SlimFaasNetworkAccessManager::close(std::unique_ptr<SlimFaasHttpConnection> connection)
{
    disconnect(connection->socket, nullptr, this, nullptr);
    connection->socket->abort();
    connection->socket->deleteLater();
    --m_open[connection->key];
}

void SlimFaasNetworkAccessManager::forget(SlimFaasHttpReply *reply)
{
    m_replies.removeAll(reply);
    m_waiting.removeIf([reply](const QPointer<SlimFaasHttpReply> &r) {
        return r.isNull() || r.data() == reply;
    });
}

// ---------------------------------------------------------------- the reply

SlimFaasHttpReply::SlimFaasHttpReply(SlimFaasNetworkAccessManager *manager,
                                     QNetworkAccessManager::Operation op,
                                     const QNetworkRequest &request, QIODevice *outgoingData)
    : QNetworkReply(manager), m_manager(manager), m_parser(new Parser(this)), m_upload(outgoingData)
{
    setRequest(request);
    setUrl(request.url());
    setOperation(op);
    switch (op) {
    case QNetworkAccessManager::HeadOperation:
        m_verb = "HEAD";
        break;
    case QNetworkAccessManager::GetOperation:
        m_verb = "GET";
        break;
    case QNetworkAccessManager::PutOperation:
        m_verb = "PUT";
        break;
    case QNetworkAccessManager::PostOperation:
        m_verb = "POST";
        break;
    case QNetworkAccessManager::DeleteOperation:
        m_verb = "DELETE";
        break;
    default:
        m_verb = request.attribute(QNetworkRequest::CustomVerbAttribute).toByteArray();
        break;
    }
#ifndef QT_NO_SSL
    m_tls = request.sslConfiguration();
#endif
    m_key = makePoolKey();
    QNetworkReply::open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    setReadBufferSize(0);
    int timeout = request.transferTimeout();
    if (timeout == 0)
        timeout = manager->transferTimeout();
    m_timeout.setSingleShot(true);
    m_timeout.setInterval(timeout);
    connect(&m_timeout, &QTimer::timeout, this,
            [this] { fail(OperationCanceledError, tr("The operation was canceled.")); });
    if (request.attribute(QNetworkRequest::AutoDeleteReplyOnFinishAttribute,
                          manager->autoDeleteReplies())
                .toBool()) {
        connect(this, &QNetworkReply::finished, this, &QObject::deleteLater);
    }
    // As Qt's: nothing happens before the application has connected to the reply.
    QMetaObject::invokeMethod(
            this,
            [this] {
                if (!m_finished && !m_started)
                    start();
            },
            Qt::QueuedConnection);
}

SlimFaasHttpReply::~SlimFaasHttpReply()
{
    if (m_manager)
        m_manager->forget(this);
    if (m_connection)
        dropConnection(false);
}

QString SlimFaasHttpReply::poolKey() const
{
    return m_key;
}

QString SlimFaasHttpReply::makePoolKey() const
{
    const QUrl target = url();
    QString key = target.scheme().toLower() + QLatin1String("://") + target.host().toLower()
            + QLatin1Char(':') + QString::number(portOf(target));
    if (m_manager) {
        const QNetworkProxy proxy = m_manager->proxy();
        key += QLatin1Char('|') + QString::number(int(proxy.type())) + proxy.hostName()
                + QLatin1Char(':') + QString::number(proxy.port()) + proxy.user();
    }
    return key;
}

void SlimFaasHttpReply::start()
{
    m_started = true;
    if (m_timeout.interval() > 0)
        m_timeout.start();
    if (m_upload) {
        const QVariant length = request().header(QNetworkRequest::ContentLengthHeader);
        if (length.isValid()) {
            m_uploadSize = length.toLongLong();
        } else if (!m_upload->isSequential()) {
            m_uploadSize = m_upload->size() - m_upload->pos();
        } else if (!m_uploadBuffered) {
            bufferUpload(); // calls start() again once the device has ended
            return;
        }
        m_uploadStart = m_upload->isSequential() ? 0 : m_upload->pos();
    }
    if (!m_manager) {
        fail(OperationCanceledError, tr("The operation was canceled."));
        return;
    }
    if (auto connection = m_manager->acquire(this, m_retried))
        startOn(std::move(connection));
}

void SlimFaasHttpReply::bufferUpload()
{
    // Qt sends no chunked uploads either: a body of unknown length is read whole, then sent
    // with its Content-Length.
    auto take = [this] {
        m_uploadBuffer += m_upload->readAll();
    };
    connect(m_upload, &QIODevice::readyRead, this, take);
    connect(m_upload, &QIODevice::readChannelFinished, this, [this, take] {
        take();
        disconnect(m_upload, nullptr, this, nullptr);
        m_uploadBuffered = true;
        m_uploadSize = m_uploadBuffer.size();
        start();
    });
    take();
}

void SlimFaasHttpReply::startOn(std::unique_ptr<SlimFaasHttpConnection> connection)
{
    m_connection = std::move(connection);
    QAbstractSocket *socket = m_connection->socket;
    connect(socket, &QAbstractSocket::readyRead, this, &SlimFaasHttpReply::onReadable);
    connect(socket, &QAbstractSocket::disconnected, this, &SlimFaasHttpReply::onClosed);
    connect(socket, &QAbstractSocket::errorOccurred, this, &SlimFaasHttpReply::onSocketError);
    connect(socket, &QAbstractSocket::bytesWritten, this, [this] {
        touch();
        pumpUpload();
    });
    if (m_upload && !m_uploadBuffered && m_upload->isSequential())
        connect(m_upload, &QIODevice::readyRead, this, &SlimFaasHttpReply::pumpUpload);
    if (socket->state() == QAbstractSocket::ConnectedState) {
        sendHead();
        return;
    }
    const QUrl target = url();
#ifndef QT_NO_SSL
    if (auto *ssl = qobject_cast<QSslSocket *>(socket)) {
        connect(ssl, &QSslSocket::encrypted, this, [this] {
            emit encrypted();
            onConnected();
        });
        connect(ssl, &QSslSocket::sslErrors, this, [this, ssl](const QList<QSslError> &errors) {
            emit sslErrors(errors);
            if (m_manager)
                emit m_manager->sslErrors(this, errors);
            if (m_ignoreAllSslErrors)
                ssl->ignoreSslErrors();
            else if (!m_ignoredSslErrors.isEmpty())
                ssl->ignoreSslErrors(m_ignoredSslErrors);
            if (m_connection && (m_ignoreAllSslErrors || !m_ignoredSslErrors.isEmpty()))
                m_connection->mayReuse = false; // not for a reply that ignores nothing
        });
        ssl->connectToHostEncrypted(target.host(), quint16(portOf(target)));
        return;
    }
#endif
    connect(socket, &QAbstractSocket::connected, this, &SlimFaasHttpReply::onConnected);
    socket->connectToHost(target.host(), quint16(portOf(target)));
}

void SlimFaasHttpReply::onConnected()
{
    m_connection->socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    touch();
    sendHead();
}

void SlimFaasHttpReply::sendHead()
{
    const QUrl target = url();
    QByteArray path = target.path(QUrl::FullyEncoded).toLatin1();
    if (path.isEmpty())
        path = "/";
    if (target.hasQuery())
        path += '?' + target.query(QUrl::FullyEncoded).toLatin1();
    QByteArray head = m_verb + ' ' + path + " HTTP/1.1\r\n";
    const QNetworkRequest &req = request();
    if (!req.hasRawHeader("Host")) {
        QByteArray host = target.host(QUrl::FullyEncoded).toLatin1();
        if (host.contains(':'))
            host = '[' + host + ']';
        if (target.port() >= 0 && target.port() != (isHttps(target) ? 443 : 80))
            host += ':' + QByteArray::number(target.port());
        head += "Host: " + host + "\r\n";
    }
    const QList<QByteArray> names = req.rawHeaderList();
    for (const QByteArray &name : names)
        head += name + ": " + req.rawHeader(name) + "\r\n";
    // As Qt: gzip and deflate are asked for, and decoded, unless the application chose.
    m_parser->mayDecode = !req.hasRawHeader("Accept-Encoding");
    if (m_parser->mayDecode)
        head += "Accept-Encoding: gzip, deflate\r\n";
    if (m_manager && !req.hasRawHeader("Cookie")
        && req.attribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Automatic)
                        .toInt()
                == QNetworkRequest::Automatic) {
        const QList<QNetworkCookie> cookies = m_manager->cookieJar()->cookiesForUrl(target);
        QByteArray line;
        for (const QNetworkCookie &cookie : cookies)
            line += (line.isEmpty() ? "" : "; ")
                    + cookie.toRawForm(QNetworkCookie::NameAndValueOnly);
        if (!line.isEmpty())
            head += "Cookie: " + line + "\r\n";
    }
    if (m_upload && !req.hasRawHeader("Content-Length"))
        head += "Content-Length: " + QByteArray::number(m_uploadSize) + "\r\n";
    head += "\r\n";
    m_connection->socket->write(head);
    m_headSent = true;
    pumpUpload();
}

void SlimFaasHttpReply::pumpUpload()
{
    if (!m_upload || !m_headSent || !m_connection || m_uploadSent >= m_uploadSize)
        return;
    QAbstractSocket *socket = m_connection->socket;
    while (m_uploadSent < m_uploadSize && socket->bytesToWrite() < UploadAhead) {
        const qint64 wanted = qMin(SocketReadSize, m_uploadSize - m_uploadSent);
        const QByteArray chunk = m_uploadBuffered ? m_uploadBuffer.mid(m_uploadSent, wanted)
                                                  : m_upload->read(wanted);
        if (chunk.isEmpty())
            break; // a sequential device brings more with readyRead()
        socket->write(chunk);
        m_uploadSent += chunk.size();
        emit uploadProgress(m_uploadSent, m_uploadSize);
        if (m_finished)
            return;
    }
}

void SlimFaasHttpReply::touch()
{
    if (m_timeout.isActive())
        m_timeout.start();
}

void SlimFaasHttpReply::onReadable()
{
    while (!m_finished && m_connection) {
        if (readBufferSize() > 0 && m_buffered >= readBufferSize()) {
            m_paused = true; // readData() resumes
            return;
        }
        const QByteArray data = m_connection->socket->read(SocketReadSize);
        if (data.isEmpty())
            break;
        touch();
        m_anyResponse = true;
        if (!feed(data.constData(), data.size()))
            return;
    }
    m_paused = false;
}

bool SlimFaasHttpReply::feed(const char *data, qsizetype size)
{
    const QPointer<SlimFaasHttpReply> self(this);
    http_parser *p = &m_parser->parser;
    const bool eof = size == 0;
    m_parser->feedEnd = data + size;
    if (m_parser->crlfExpected > 0 && !m_parser->checkCrlf(data)) {
        fail(ProtocolFailure, m_parser->failure);
        return false;
    }
    bool leftover = false;
    for (;;) {
        const size_t used = http_parser_execute(p, &Parser::settings(), data, size_t(size));
        // At the end of the stream (no data) http_parser may count one byte used, with an
        // error: nothing to move past then.
        if (!eof) {
            data += used;
            size -= qsizetype(used);
        }
        const http_errno error = HTTP_PARSER_ERRNO(p);
        if (error == HPE_PAUSED) {
            http_parser_pause(p, 0);
            if (m_parser->interimEnded) { // 100, 102, 103...: the final answer follows
                m_parser->reset();
                if (size > 0)
                    continue;
                break;
            }
            leftover = size > 0; // bytes after the answer: this connection is not reusable
            break;
        }
        if (error == HPE_INVALID_EOF_STATE && eof)
            return true; // the connection closed before the end: onClosed() says so
        if (error != HPE_OK) {
            if (!m_parser->failure.isEmpty()) {
                fail(ProtocolFailure, m_parser->failure);
            } else {
                fail(ProtocolFailure,
                     tr("Malformed HTTP answer from %1: %2.")
                             .arg(url().toDisplayString(),
                                  QString::fromLatin1(http_errno_description(error))));
            }
            return false;
        }
        break;
    }

    if (!m_parser->failure.isEmpty()) { // a 101: nothing of HTTP follows
        fail(ProtocolFailure, m_parser->failure);
        return false;
    }
    if (m_parser->headPending) {
        m_parser->headPending = false;
        emit metaDataChanged();
        if (!self || m_finished)
            return false;
    }
    if (m_parser->bodyAdded) {
        m_parser->bodyAdded = false;
        emit readyRead();
        if (!self || m_finished)
            return false;
        emit downloadProgress(m_received, m_parser->inflating ? -1 : m_contentLength);
        if (!self || m_finished)
            return false;
    }
    if (m_parser->complete) {
        if (m_parser->inflating && !m_parser->inflateEnded) {
            fail(ProtocolFailure,
                 tr("Decompression of the answer of %1 failed: %2.")
                         .arg(url().toDisplayString(), tr("the compressed data ends early")));
            return false;
        }
        const bool reusable = !leftover && http_should_keep_alive(p)
                && m_uploadSent >= qMax<qint64>(0, m_uploadSize) && m_connection->socket
                && m_connection->socket->bytesAvailable() == 0;
        dropConnection(reusable);
        finish();
        return false;
    }
    return true;
}

void SlimFaasHttpReply::headersComplete()
{
    const http_parser *p = &m_parser->parser;
    setAttribute(QNetworkRequest::HttpStatusCodeAttribute, int(p->status_code));
    setAttribute(QNetworkRequest::HttpReasonPhraseAttribute, m_parser->reason);
    setAttribute(QNetworkRequest::ConnectionEncryptedAttribute, isHttps(url()));
    // Repeated headers joined as Qt joins them: ", ", and a line per Set-Cookie.
    QList<QPair<QByteArray, QByteArray>> joined;
    for (const auto &header : std::as_const(m_parser->headers)) {
        auto same = std::find_if(joined.begin(), joined.end(), [&](const auto &j) {
            return j.first.compare(header.first, Qt::CaseInsensitive) == 0;
        });
        if (same == joined.end()) {
            joined.append(header);
        } else {
            const bool cookie = header.first.compare("set-cookie", Qt::CaseInsensitive) == 0;
            same->second += (cookie ? "\n" : ", ") + header.second;
        }
    }
    for (const auto &header : std::as_const(joined))
        setRawHeader(header.first, header.second);
    if (p->status_code == 101) {
        m_parser->failure = tr("%1 switched protocols, which was not asked for.")
                                    .arg(url().toDisplayString());
        return;
    }
    if (m_manager
        && request().attribute(QNetworkRequest::CookieSaveControlAttribute,
                               QNetworkRequest::Automatic)
                        .toInt()
                == QNetworkRequest::Automatic) {
        const QByteArray setCookie = rawHeader("Set-Cookie");
        if (!setCookie.isEmpty())
            m_manager->cookieJar()->setCookiesFromUrl(QNetworkCookie::parseCookies(setCookie),
                                                      url());
    }
    if ((p->flags & F_CONTENTLENGTH) && !(p->flags & F_CHUNKED))
        m_contentLength = qint64(p->content_length);
    const QByteArray encoding = rawHeader("Content-Encoding").trimmed().toLower();
    if (m_parser->mayDecode && m_verb != "HEAD"
        && (encoding == "gzip" || encoding == "x-gzip" || encoding == "deflate")) {
        m_parser->stream = z_stream{};
        // 32: a gzip or a zlib header, whichever comes.
        if (inflateInit2(&m_parser->stream, MAX_WBITS + 32) == Z_OK)
            m_parser->inflating = true;
    }
}

bool SlimFaasHttpReply::appendBody(const char *data, size_t size)
{
    if (!m_parser->failure.isEmpty())
        return false;
    m_parser->bodyAdded = true;
    if (!m_parser->inflating) {
        m_body.emplace_back(data, qsizetype(size));
        m_buffered += qint64(size);
        m_received += qint64(size);
        return true;
    }
    z_stream &stream = m_parser->stream;
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data));
    stream.avail_in = uInt(size);
    const qint64 threshold = request().decompressedSafetyCheckThreshold();
    while (!m_parser->inflateEnded) {
        QByteArray out(SocketReadSize, Qt::Uninitialized);
        stream.next_out = reinterpret_cast<Bytef *>(out.data());
        stream.avail_out = uInt(out.size());
        const int result = inflate(&stream, Z_NO_FLUSH);
        const qsizetype produced = out.size() - qsizetype(stream.avail_out);
        if (produced > 0) {
            out.truncate(produced);
            m_buffered += produced;
            m_received += produced;
            m_body.push_back(std::move(out));
        }
        if (result == Z_STREAM_END) {
            m_parser->inflateEnded = true;
            break;
        }
        if (result != Z_OK && result != Z_BUF_ERROR) {
            m_parser->failure = tr("Decompression of the answer of %1 failed: %2.")
                                        .arg(url().toDisplayString(),
                                             QString::fromLatin1(stream.msg ? stream.msg : "?"));
            return false;
        }
        if (threshold >= 0 && qint64(stream.total_out) > threshold
            && qint64(stream.total_out) > MaximumInflateRatio * qint64(stream.total_in)) {
            m_parser->failure = tr("Decompression of the answer of %1 failed: %2.")
                                        .arg(url().toDisplayString(),
                                             tr("it inflates more than %1 times, a "
                                                "decompression bomb")
                                                     .arg(MaximumInflateRatio));
            return false;
        }
        if (result == Z_BUF_ERROR || (stream.avail_in == 0 && stream.avail_out != 0))
            break; // everything given is inflated
    }
    return true;
}

void SlimFaasHttpReply::onClosed()
{
    if (m_finished || !m_connection)
        return;
    QAbstractSocket *socket = m_connection->socket;
    // What arrived before the close is read whatever the read buffer (as Qt does).
    const QByteArray rest = socket->readAll();
    if (!rest.isEmpty()) {
        m_anyResponse = true;
        if (!feed(rest.constData(), rest.size()))
            return;
    }
    if (!m_anyResponse && canRetry()) {
        // An idle connection the server had closed: once more on a new one.
        m_retried = true;
        dropConnection(false);
        if (m_upload && !m_uploadBuffered)
            m_upload->seek(m_uploadStart);
        m_uploadSent = 0;
        m_headSent = false;
        m_parser->reset();
        start();
        return;
    }
    if (m_parser->headDone && m_parser->failure.isEmpty()) {
        if (!feed(nullptr, 0)) // an answer that lasts until the connection closes ends here
            return;
        fail(RemoteHostClosedError,
             tr("The connection to %1 closed before the end of the answer (%2 bytes of body "
                "received).")
                     .arg(url().toDisplayString())
                     .arg(m_received));
        return;
    }
    fail(RemoteHostClosedError,
         tr("The connection to %1 closed before any answer.").arg(url().toDisplayString()));
}

bool SlimFaasHttpReply::canRetry() const
{
    return !m_retried && m_connection && m_connection->reused
            && (!m_upload || m_uploadBuffered || !m_upload->isSequential());
}

void SlimFaasHttpReply::onSocketError(QAbstractSocket::SocketError socketError)
{
    if (m_finished || !m_connection)
        return;
    if (socketError == QAbstractSocket::RemoteHostClosedError) {
        onClosed();
        return;
    }
    fail(networkErrorOfSocket(socketError), m_connection->socket->errorString());
}

void SlimFaasHttpReply::dropConnection(bool reusable)
{
    if (!m_connection)
        return;
    QAbstractSocket *socket = m_connection->socket;
    disconnect(socket, nullptr, this, nullptr);
    if (m_upload)
        disconnect(m_upload, nullptr, this, nullptr);
    if (m_manager) {
        m_manager->release(std::move(m_connection), reusable);
    } else {
        socket->abort();
        socket->deleteLater();
        m_connection.reset();
    }
}

void SlimFaasHttpReply::fail(QNetworkReply::NetworkError code, const QString &message)
{
    if (m_finished)
        return;
    dropConnection(false);
    if (m_manager)
        m_manager->forget(this);
    setError(code, message);
    const QPointer<SlimFaasHttpReply> self(this);
    m_finished = true; // no further bytes, whatever the slots do
    emit errorOccurred(code);
    if (!self)
        return;
    m_finished = false;
    finish();
}

void SlimFaasHttpReply::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_timeout.stop();
    // The manager emits finished() too, as Qt's does. The reply no longer needs it otherwise
    // (and must not touch it once it is being destroyed).
    const QPointer<SlimFaasNetworkAccessManager> manager = m_manager;
    if (m_manager)
        m_manager->forget(this);
    m_manager.clear();
    setFinished(true);
    const QPointer<SlimFaasHttpReply> self(this);
    emit readChannelFinished();
    if (!self)
        return;
    emit finished();
    if (self && manager)
        emit manager->finished(this);
}

void SlimFaasHttpReply::abort()
{
    if (m_finished)
        return;
    dropConnection(false);
    if (m_manager)
        m_manager->forget(this);
    QNetworkReply::close();
    m_body.clear();
    m_buffered = 0;
    fail(OperationCanceledError, tr("The operation was canceled."));
}

void SlimFaasHttpReply::close()
{
    if (!m_finished)
        abort();
    QNetworkReply::close();
}

qint64 SlimFaasHttpReply::bytesAvailable() const
{
    return m_buffered + QNetworkReply::bytesAvailable();
}

void SlimFaasHttpReply::setReadBufferSize(qint64 size)
{
    QNetworkReply::setReadBufferSize(size);
    if (m_paused && (size == 0 || m_buffered < size))
        QMetaObject::invokeMethod(this, &SlimFaasHttpReply::onReadable, Qt::QueuedConnection);
}

qint64 SlimFaasHttpReply::readData(char *data, qint64 maxSize)
{
    if (m_body.empty())
        return m_finished ? -1 : 0;
    qint64 copied = 0;
    while (copied < maxSize && !m_body.empty()) {
        QByteArray &front = m_body.front();
        const qint64 n = qMin<qint64>(maxSize - copied, front.size());
        memcpy(data + copied, front.constData(), size_t(n));
        copied += n;
        if (n == front.size())
            m_body.pop_front();
        else
            front.remove(0, n);
    }
    m_buffered -= copied;
    if (m_paused && m_buffered < readBufferSize()) {
        m_paused = false;
        QMetaObject::invokeMethod(this, &SlimFaasHttpReply::onReadable, Qt::QueuedConnection);
    }
    return copied;
}

#ifndef QT_NO_SSL
void SlimFaasHttpReply::ignoreSslErrors()
{
    m_ignoreAllSslErrors = true;
}

void SlimFaasHttpReply::ignoreSslErrorsImplementation(const QList<QSslError> &errors)
{
    m_ignoredSslErrors = errors;
}

void SlimFaasHttpReply::sslConfigurationImplementation(QSslConfiguration &configuration) const
{
    auto *ssl = m_connection ? qobject_cast<QSslSocket *>(m_connection->socket) : nullptr;
    configuration = ssl ? ssl->sslConfiguration() : m_tls;
}

void SlimFaasHttpReply::setSslConfigurationImplementation(const QSslConfiguration &configuration)
{
    m_tls = configuration;
}
#endif
