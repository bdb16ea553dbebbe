// SPDX-License-Identifier: MIT
#ifndef EMULATORHTTP_P_H
#define EMULATORHTTP_P_H

//
//  W A R N I N G
//  -------------
// Not part of the public API: the emulator's caller-facing HTTP/1.1 server.
//
// Why not QHttpServer: in Qt 6.4 it hands a route the request only once the whole body has
// arrived, and never says when the caller disconnects. SlimFaas streams sync request bodies
// to the function as they arrive and cancels the stream when the caller leaves; emulating
// that needs both. The parsing itself is Node.js's http_parser (widely deployed and fuzzed),
// fed from QTcpSocket on the emulator's thread; this file owns connections, limits and the
// answers Kestrel gives when they are broken (see SlimFaasEmulatorLimits).
//
// Everything here lives on the emulator's thread.
//

#include "emulatorlog_p.h"
#include "emulatortcplistener_p.h"
#include "slimfaasemulatorlimits.h"

#include <slimfaasheaders.h>

#include <QtCore/qbytearray.h>
#include <QtCore/qobject.h>
#include <QtCore/qpointer.h>
#include <QtCore/qtimer.h>
#include <QtNetwork/qhostaddress.h>

QT_BEGIN_NAMESPACE
class QTcpSocket;
QT_END_NAMESPACE

class EmulatorHttpConnection;

// One request and its response. The body streams in (bodyDataAvailable / takeBody), the
// response streams out (writeHead / writeBody / end), or goes at once with respond().
class EmulatorHttpExchange : public QObject
{
    Q_OBJECT
public:
    QString method() const { return m_method; }
    // Decoded as Kestrel decodes it: percent-escapes resolved except %2F (so that an
    // encoded slash never splits a route segment), dot segments removed; with its leading
    // '/'. An absolute-form target (http://host/p) gives its path.
    QString path() const { return m_path; }
    QString query() const { return m_query; } // with its leading '?', or empty
    SlimFaasHeaders headers() const { return m_headers; }
    QString header(const QString &name) const;
    QHostAddress peerAddress() const { return m_peer; }

    bool isBodyComplete() const { return m_bodyComplete; }
    QByteArray takeBody(); // what has arrived and was not taken yet
    // Stops reading the caller's body (what has arrived stays to take) until resumed: the
    // caller's TCP window then fills and its writes wait, as they would on SlimFaas while it
    // awaits its write to the function.
    void setBodyReadingPaused(bool paused);
    bool isBodyReadingPaused() const { return m_bodyReadingPaused; }
    qint64 bodyBytesReceived() const { return m_bodyReceived; }
    bool isHeadSent() const { return m_headSent; }
    bool isFinished() const { return m_finished; }
    bool isCallerGone() const { return m_callerGone; }
    // The emulator itself cut the caller's connection (a limit), as opposed to the caller
    // leaving on its own.
    bool isCutByServer() const { return m_aborted; }

    // A header every response head of this exchange carries (CORS, set by the routing).
    void addResponseHeader(const QString &name, const QString &value)
    {
        m_responseHeaders[name].append(value);
    }
    void writeHead(int statusCode, const SlimFaasHeaders &headers = {});
    // writeHead() then writeBody(body), in one write when they can go together.
    void writeHead(int statusCode, const SlimFaasHeaders &headers, const QByteArray &body);
    void writeBody(const QByteArray &data);
    void end();
    void respond(int statusCode, const QByteArray &body = {}, const SlimFaasHeaders &headers = {});
    // Response bytes written but not yet taken by the caller's socket.
    qint64 pendingResponseBytes() const;
    // Drops the caller's connection: an error the caller sees, when no status fits.
    void abort();
    // The connection closes once this response is over (Connection: close when its head has
    // not left yet), as Kestrel does after a response it could not frame as announced.
    void closeAfterResponse() { m_keepAlive = false; }
    // What the route knows this exchange by (the emulator: its sync stream's id), for the
    // server's callerGone() and bodyTimedOut(), which name the exchange.
    void setRouteKey(const QString &key) { m_routeKey = key; }
    QString routeKey() const { return m_routeKey; }

Q_SIGNALS:
    void bodyDataAvailable();
    void bodyFinished();

private:
    friend class EmulatorHttpConnection;
    explicit EmulatorHttpExchange(EmulatorHttpConnection *connection);
    void abortConnection();
    // The response head, from the status and headers; contentLength, when given, replaces
    // any Content-Length among them.
    QByteArray buildHead(int statusCode, const SlimFaasHeaders &headers,
                         const QByteArray *contentLength);
    // The body piece as writeBody() frames it (cut at the announced length, chunked when
    // the response is), appended to out; false when nothing of it may be sent.
    bool appendBody(QByteArray *out, const QByteArray &data);

    QPointer<EmulatorHttpConnection> m_connection;
    QString m_method;
    QString m_path;
    QString m_query;
    SlimFaasHeaders m_headers;
    SlimFaasHeaders m_responseHeaders;
    QHostAddress m_peer;
    QString m_routeKey;
    QByteArray m_body;
    qint64 m_bodyReceived = 0;
    qint64 m_declaredLength = -1; // the response's Content-Length, -1 when streamed
    qint64 m_bodySent = 0;
    bool m_bodyComplete = false;
    bool m_headSent = false;
    bool m_chunked = false;
    bool m_closeDelimited = false; // HTTP/1.0 without Content-Length: the close ends the body
    bool m_noBody = false;
    bool m_finished = false;
    bool m_callerGone = false;
    bool m_http10 = false;
    bool m_keepAlive = true; // the caller's request allows another on this connection
    bool m_aborted = false;  // the connection is being cut: nothing more is written
    bool m_bodyReadingPaused = false;
};

// Answers a connection the emulator will not serve (503, Connection: close) and drops it.
void refuseConnection(QTcpSocket *socket);

class EmulatorHttpServer : public QObject
{
    Q_OBJECT
public:
    EmulatorHttpServer(const SlimFaasEmulatorLimits &limits, EmulatorLog *log,
                       QObject *parent = nullptr);
    ~EmulatorHttpServer() override;
    bool listen(const QHostAddress &address, quint16 port);
    const SlimFaasEmulatorLimits &limits() const { return m_limits; }
    EmulatorLog *log() const { return m_log; }
    void close();
    quint16 serverPort() const { return m_listener.serverPort(); }
    QString errorString() const { return m_listener.errorString(); }

Q_SIGNALS:
    // The request head has arrived; its body may still be coming.
    void requestStarted(EmulatorHttpExchange *exchange);
    // The caller of an unfinished exchange went away. These two are the server's, not the
    // exchange's: a route then connects to them once, not twice per request.
    void callerGone(EmulatorHttpExchange *exchange);
    // The body arrives slower than minimumRequestBodyDataRate: the read fails, as Kestrel's
    // does. A route that does not answer here leaves the connection to answer 408 and close.
    void bodyTimedOut(EmulatorHttpExchange *exchange);

private:
    void accept(QTcpSocket *socket);
    void refuse(QTcpSocket *socket);

    EmulatorTcpListener m_listener;
    SlimFaasEmulatorLimits m_limits;
    EmulatorLog *m_log;
    int m_connections = 0;
};

#endif // EMULATORHTTP_P_H
