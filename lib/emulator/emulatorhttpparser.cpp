// SPDX-License-Identifier: MIT
#include "emulatorhttpparser_p.h"

#include <http_parser.h>

#include <QtCore/qhash.h>
#include <QtCore/qlist.h>

#include <algorithm>
#include <cstring>

namespace {

constexpr uint64_t NoContentLength = ~uint64_t(0); // http_parser's "no Content-Length"

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// The request headers Kestrel knows (its KnownHeaders.cs): it hands them to the application
// under these names, whatever the caller's spelling.
const QHash<QString, QString> &knownRequestHeaders()
{
    static const QHash<QString, QString> known = [] {
        static const char *const names[] = { "Accept",
                                             "Accept-Charset",
                                             "Accept-Encoding",
                                             "Accept-Language",
                                             "Access-Control-Request-Headers",
                                             "Access-Control-Request-Method",
                                             "Authorization",
                                             "baggage",
                                             "Cache-Control",
                                             "Connection",
                                             "Content-Length",
                                             "Content-Type",
                                             "Cookie",
                                             "Correlation-Context",
                                             "Date",
                                             "Expect",
                                             "From",
                                             "grpc-accept-encoding",
                                             "grpc-encoding",
                                             "grpc-timeout",
                                             "Host",
                                             "If-Match",
                                             "If-Modified-Since",
                                             "If-None-Match",
                                             "If-Range",
                                             "If-Unmodified-Since",
                                             "Keep-Alive",
                                             "Max-Forwards",
                                             "Origin",
                                             "Pragma",
                                             "Proxy-Authorization",
                                             "Range",
                                             "Referer",
                                             "Request-Id",
                                             "TE",
                                             "traceparent",
                                             "tracestate",
                                             "Trailer",
                                             "Transfer-Encoding",
                                             "Translate",
                                             "Upgrade",
                                             "Upgrade-Insecure-Requests",
                                             "User-Agent",
                                             "Via",
                                             "Warning" };
        QHash<QString, QString> map;
        for (const char *name : names) {
            const QString canonical = QString::fromLatin1(name);
            map.insert(canonical.toLower(), canonical);
        }
        return map;
    }();
    return known;
}

// A header name as Kestrel takes it: a token (RFC 9110 §5.6.2).
bool isToken(const QByteArray &name)
{
    static constexpr char Punctuation[] = "!#$%&'*+-.^_`|~";
    return !name.isEmpty() && std::all_of(name.cbegin(), name.cend(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || std::strchr(Punctuation, c);
    });
}

// http_parser's method names as QStrings, made once: one per request cost an allocation.
QString methodName(int method)
{
    static const QList<QString> names = [] {
        QList<QString> list;
        for (int i = 0; i < 64; ++i)
            list.append(QString::fromLatin1(http_method_str(http_method(i))));
        return list;
    }();
    return method >= 0 && method < names.size()
            ? names.at(method)
            : QString::fromLatin1(http_method_str(http_method(method)));
}

// Emptied, keeping the memory for the next piece.
void empty(QByteArray *bytes)
{
    bytes->resize(0);
}

} // namespace

// http_parser calls back plain functions with the parser; this routes them to the instance.
// A callback returning non-zero stops the parser with an error; pausing stops it cleanly
// after the step, so the connection can act before the next byte is parsed.
struct EmulatorHttpRequestParser::Callbacks
{
    static EmulatorHttpRequestParser *self(http_parser *p)
    {
        return static_cast<EmulatorHttpRequestParser *>(p->data);
    }

    static int messageBegin(http_parser *p)
    {
        EmulatorHttpRequestParser *s = self(p);
        s->m_head = Head();
        s->m_headerKeys.clear();
        s->m_badHeaderName = false;
        empty(&s->m_url);
        empty(&s->m_field);
        empty(&s->m_value);
        s->m_lastWasValue = false;
        s->m_headSize = 0;
        s->m_bodySize = 0;
        s->m_inHead = true;
        return 0;
    }

    static int url(http_parser *p, const char *at, size_t length)
    {
        EmulatorHttpRequestParser *s = self(p);
        if (!s->addHeadBytes(length))
            return 1;
        s->m_url.append(at, qsizetype(length));
        return 0;
    }

    static int headerField(http_parser *p, const char *at, size_t length)
    {
        EmulatorHttpRequestParser *s = self(p);
        if (!s->addHeadBytes(length))
            return 1;
        if (s->m_lastWasValue)
            s->storeHeader();
        s->m_field.append(at, qsizetype(length));
        return 0;
    }

    static int headerValue(http_parser *p, const char *at, size_t length)
    {
        EmulatorHttpRequestParser *s = self(p);
        if (!s->addHeadBytes(length))
            return 1;
        s->m_lastWasValue = true;
        s->m_value.append(at, qsizetype(length));
        return 0;
    }

    static int headersComplete(http_parser *p)
    {
        EmulatorHttpRequestParser *s = self(p);
        if (s->m_lastWasValue)
            s->storeHeader();
        s->m_inHead = false;
        if (p->content_length != NoContentLength
            && p->content_length > uint64_t(s->m_maximumBodySize)) {
            s->fail(413, "Request body too large.");
            return -1;
        }
        if (!s->finishHead())
            return -1;
        s->m_headComplete = true;
        // A request without a body (nor an upgrade) goes on to its end at once, so that the
        // connection never waits for more bytes to learn it is over.
        const bool noBody = !(p->flags & F_CHUNKED)
                && (p->content_length == 0 || p->content_length == NoContentLength);
        if (!noBody || p->upgrade)
            http_parser_pause(p, 1);
        return 0;
    }

    static int body(http_parser *p, const char *at, size_t length)
    {
        EmulatorHttpRequestParser *s = self(p);
        s->m_bodySize += qint64(length);
        if (s->m_bodySize > s->m_maximumBodySize) {
            s->fail(413, "Request body too large.");
            return 1;
        }
        s->m_body.append(at, qsizetype(length));
        if ((p->flags & F_CHUNKED) && p->content_length == 0) {
            s->m_chunkEndToCheck = 2;
            if (!s->checkChunkEnd(at + length))
                return 1;
        }
        return 0;
    }

    static int messageComplete(http_parser *p)
    {
        self(p)->m_messageComplete = true;
        http_parser_pause(p, 1);
        return 0;
    }
};

EmulatorHttpRequestParser::EmulatorHttpRequestParser(qint64 maximumHeadSize, qint64 maximumBodySize)
    : m_parser(std::make_unique<http_parser>()), m_maximumHeadSize(maximumHeadSize),
      m_maximumBodySize(maximumBodySize)
{
    http_parser_init(m_parser.get(), HTTP_REQUEST);
    m_parser->data = this;
}

EmulatorHttpRequestParser::~EmulatorHttpRequestParser() = default;

EmulatorHttpRequestParser::Step EmulatorHttpRequestParser::feed(const char *data, qsizetype size,
                                                                qsizetype *consumed)
{
    static const http_parser_settings settings = [] {
        http_parser_settings s;
        std::memset(&s, 0, sizeof s);
        s.on_message_begin = Callbacks::messageBegin;
        s.on_url = Callbacks::url;
        s.on_header_field = Callbacks::headerField;
        s.on_header_value = Callbacks::headerValue;
        s.on_headers_complete = Callbacks::headersComplete;
        s.on_body = Callbacks::body;
        s.on_message_complete = Callbacks::messageComplete;
        return s;
    }();

    *consumed = 0;
    if (m_errorStatus)
        return Step::Error;
    if (HTTP_PARSER_ERRNO(m_parser.get()) == HPE_PAUSED)
        http_parser_pause(m_parser.get(), 0);
    m_headComplete = false;
    m_messageComplete = false;
    // A zero-length call would tell http_parser the stream ended.
    if (size == 0)
        return Step::NeedMore;
    m_feedEnd = data + size;
    if (!checkChunkEnd(data))
        return Step::Error;
    *consumed = qsizetype(http_parser_execute(m_parser.get(), &settings, data, size_t(size)));
    const auto error = http_errno(m_parser->http_errno);
    if (m_errorStatus)
        return Step::Error;
    if (error != HPE_OK && error != HPE_PAUSED) {
        fail(error == HPE_HEADER_OVERFLOW ? 431 : 400,
             QByteArray("Malformed request: ") + http_errno_description(error) + '.');
        return Step::Error;
    }
    if (m_parser->upgrade && m_messageComplete) {
        // An upgrade (or CONNECT) hands the rest of the stream to another protocol, which
        // the caller port does not speak: answer this request, then close.
        m_head.keepAlive = false;
    }
    if (m_headComplete)
        return Step::HeadComplete;
    if (m_messageComplete)
        return Step::MessageComplete;
    return Step::NeedMore;
}

qint64 EmulatorHttpRequestParser::bodyBytesAhead() const
{
    if ((m_parser->flags & F_CHUNKED) || m_parser->content_length == NoContentLength)
        return -1;
    return qint64(m_parser->content_length);
}

QByteArray EmulatorHttpRequestParser::takeBody()
{
    QByteArray data;
    data.swap(m_body);
    return data;
}

bool EmulatorHttpRequestParser::addHeadBytes(size_t length)
{
    // Each piece stands for its line too: count the separators a line costs at least.
    m_headSize += qint64(length) + 2;
    if (m_headSize > m_maximumHeadSize) {
        fail(431, "Request head too large.");
        return false;
    }
    return true;
}

bool EmulatorHttpRequestParser::checkChunkEnd(const char *from)
{
    for (; m_chunkEndToCheck > 0 && from < m_feedEnd; ++from) {
        if (*from != (m_chunkEndToCheck == 2 ? '\r' : '\n')) {
            fail(400, "Malformed request: chunk data not followed by CRLF.");
            return false;
        }
        --m_chunkEndToCheck;
    }
    return true;
}

// As Kestrel gives headers to SlimFaas: a known one under its standard name, any other
// under the spelling of its first occurrence, repeated ones (whatever their case) merged in
// arrival order.
void EmulatorHttpRequestParser::storeHeader()
{
    // Most clients spell the known headers the standard way: their name then needs no
    // lowering and no lookup of its first spelling (a known one always goes under its
    // standard name).
    static const QHash<QByteArray, QString> standard = [] {
        QHash<QByteArray, QString> map;
        for (const QString &name : knownRequestHeaders())
            map.insert(name.toLatin1(), name);
        return map;
    }();
    const auto known = standard.constFind(m_field);
    if (known != standard.cend()) {
        m_head.headers[*known].append(QString::fromUtf8(m_value.trimmed()));
        empty(&m_field);
        empty(&m_value);
        m_lastWasValue = false;
        return;
    }
    const QString field = QString::fromLatin1(m_field);
    const QString lower = field.toLower();
    auto key = m_headerKeys.constFind(lower);
    if (key == m_headerKeys.cend()) {
        const auto canonical = knownRequestHeaders().constFind(lower);
        // A new name that is not a known one goes under this spelling, which must be a
        // token (a known name always is): finishHead() refuses the head otherwise.
        if (canonical == knownRequestHeaders().cend() && !isToken(m_field))
            m_badHeaderName = true;
        key = m_headerKeys.insert(lower,
                                  canonical == knownRequestHeaders().cend() ? field : *canonical);
    }
    m_head.headers[*key].append(QString::fromUtf8(m_value.trimmed()));
    empty(&m_field);
    empty(&m_value);
    m_lastWasValue = false;
}

bool EmulatorHttpRequestParser::finishHead()
{
    http_parser *p = m_parser.get();
    // As Kestrel: HTTP/1.0 and 1.1 only, header names that are tokens (http_parser, built
    // lenient by Debian, takes "Host : x" with the space in the name).
    if (p->http_major != 1 || p->http_minor > 1) {
        fail(505, "HTTP version not supported.");
        return false;
    }
    // Checked as each name came (storeHeader()).
    if (m_badHeaderName) {
        fail(400, "Malformed request: invalid header name.");
        return false;
    }
    m_head.method = methodName(p->method);
    m_head.http10 = p->http_major == 1 && p->http_minor == 0;
    m_head.keepAlive = http_should_keep_alive(p) != 0;
    // A known name: it is stored under "Expect" whatever its spelling.
    const auto expect = m_head.headers.constFind(QStringLiteral("Expect"));
    if (expect != m_head.headers.cend())
        m_head.expectContinue = !m_head.http10 && !expect.value().isEmpty()
                && expect.value().constFirst().compare(QLatin1String("100-continue"),
                                                       Qt::CaseInsensitive)
                        == 0;
    // Origin form (/p?q) and absolute form (http://host/p?q) both end up as a path.
    http_parser_url url;
    http_parser_url_init(&url);
    if (http_parser_parse_url(m_url.constData(), size_t(m_url.size()), p->method == HTTP_CONNECT,
                              &url)
        != 0) {
        fail(400, "Malformed request target.");
        return false;
    }
    auto field = [&](http_parser_url_fields f) {
        // Raw views of m_url, which outlives their use here.
        return (url.field_set & (1 << f)) ? QByteArray::fromRawData(
                       m_url.constData() + url.field_data[f].off, url.field_data[f].len)
                                          : QByteArray();
    };
    m_head.path = decodePath(field(UF_PATH));
    const QByteArray query = field(UF_QUERY);
    m_head.query = query.isEmpty() ? QString() : QLatin1Char('?') + QString::fromLatin1(query);
    return true;
}

void EmulatorHttpRequestParser::fail(int status, const QByteArray &text)
{
    if (m_errorStatus)
        return;
    m_errorStatus = status;
    m_errorText = text;
}

QString EmulatorHttpRequestParser::decodePath(const QByteArray &rawPath)
{
    // Nothing to decode and no dot segment (the usual case): the path as it came.
    if (rawPath.startsWith('/') && !rawPath.contains('%') && !rawPath.contains("/."))
        return QString::fromUtf8(rawPath);
    QByteArray decoded;
    decoded.reserve(rawPath.size());
    for (qsizetype i = 0; i < rawPath.size(); ++i) {
        const char c = rawPath.at(i);
        if (c == '%' && i + 2 < rawPath.size()) {
            const int high = hexValue(rawPath.at(i + 1));
            const int low = hexValue(rawPath.at(i + 2));
            const char byte = char(high * 16 + low);
            if (high >= 0 && low >= 0 && byte != '/') {
                decoded.append(byte);
                i += 2;
                continue;
            }
        }
        decoded.append(c);
    }
    // Dot segments go, as RFC 3986 §5.2.4 says; ".." never climbs above the root.
    QList<QByteArray> segments;
    const QList<QByteArray> parts = decoded.split('/');
    for (qsizetype i = 1; i < parts.size(); ++i) {
        const QByteArray &part = parts.at(i);
        const bool last = i == parts.size() - 1;
        if (part == ".") {
            if (last)
                segments.append(QByteArray());
        } else if (part == "..") {
            if (!segments.isEmpty())
                segments.removeLast();
            if (last)
                segments.append(QByteArray());
        } else {
            segments.append(part);
        }
    }
    return QString::fromUtf8('/' + segments.join('/'));
}
