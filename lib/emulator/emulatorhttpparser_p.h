// SPDX-License-Identifier: MIT
#ifndef EMULATORHTTPPARSER_P_H
#define EMULATORHTTPPARSER_P_H

//
//  W A R N I N G
//  -------------
// Not part of the public API: HTTP/1.1 request parsing for the emulator's caller port.
//
// Node.js's http_parser does the parsing (request line, headers, Content-Length and chunked
// framing, with the strictness that keeps request smuggling out: duplicate or signed
// lengths, bad chunk sizes, both framings at once are errors). This class adds the limits
// and the decoding the emulator needs, and turns the parser's callbacks into steps the
// connection can act on one at a time. It owns no socket, so fuzzers drive it directly.
//

#include <slimfaasheaders.h>

#include <QtCore/qbytearray.h>
#include <QtCore/qhash.h>
#include <QtCore/qstring.h>

#include <memory>

struct http_parser;

class EmulatorHttpRequestParser
{
public:
    struct Head
    {
        QString method;
        QString path;            // decoded, see decodePath()
        QString query;           // raw, with its leading '?', or empty
        SlimFaasHeaders headers; // named as Kestrel names them (see storeHeader())
        bool keepAlive = true;
        bool http10 = false;
        bool expectContinue = false;
    };

    enum class Step {
        NeedMore,        // everything given was consumed; feed more
        HeadComplete,    // head() is ready; a body may follow
        MessageComplete, // the request (head and body) is over; feed the next one later
        Error,           // errorStatus() says which answer; the connection must close
    };

    EmulatorHttpRequestParser(qint64 maximumHeadSize, qint64 maximumBodySize);
    ~EmulatorHttpRequestParser();

    // Parses from data until one step is reached; *consumed says how much was used. Body
    // bytes parsed on the way are appended to takeBody()'s buffer.
    Step feed(const char *data, qsizetype size, qsizetype *consumed);

    const Head &head() const { return m_head; }
    // After HeadComplete: the request is over too (it has no body, and the parser went on
    // to its end), so no MessageComplete step follows.
    bool isMessageComplete() const { return m_messageComplete; }
    // After HeadComplete: the bytes of a Content-Length body still to come, or -1 for a
    // chunked body.
    qint64 bodyBytesAhead() const;
    QByteArray takeBody();
    // True between the first byte of a request and the end of its head.
    bool isInHead() const { return m_inHead; }
    int errorStatus() const { return m_errorStatus; } // 400, 413 or 431
    QByteArray errorText() const { return m_errorText; }

    // "%2F" stays encoded so that it never splits a route segment; every other escape is
    // decoded, then "." and ".." segments are removed, as Kestrel gives a path to routing.
    static QString decodePath(const QByteArray &rawPath);

private:
    struct Callbacks;
    friend struct Callbacks;

    bool addHeadBytes(size_t length);
    // Debian builds http_parser without HTTP_PARSER_STRICT, which then takes any two bytes
    // for the CRLF that ends a chunk's data: the wrapper checks them, from the given byte
    // of the data being fed, and from the start of the next feed when they straddle it.
    bool checkChunkEnd(const char *from);
    void storeHeader();
    bool finishHead();
    void fail(int status, const QByteArray &text);

    std::unique_ptr<http_parser> m_parser;
    qint64 m_maximumHeadSize;
    qint64 m_maximumBodySize;
    Head m_head;
    QHash<QString, QString> m_headerKeys; // a header's lowercased name -> its key in m_head
    QByteArray m_url;
    QByteArray m_field;
    QByteArray m_value;
    bool m_lastWasValue = false;
    bool m_badHeaderName = false; // a name that is not a token, seen by storeHeader()
    QByteArray m_body;
    qint64 m_headSize = 0;
    qint64 m_bodySize = 0;
    bool m_inHead = false;
    bool m_headComplete = false;
    bool m_messageComplete = false;
    const char *m_feedEnd = nullptr;
    int m_chunkEndToCheck = 0; // bytes of a chunk's closing CRLF not checked yet
    int m_errorStatus = 0;
    QByteArray m_errorText;
};

#endif // EMULATORHTTPPARSER_P_H
