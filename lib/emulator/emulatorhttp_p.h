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
// that needs both, so this small server parses HTTP/1.1 itself over QTcpServer.
//

#include <slimfaasheaders.h>

#include <QtCore/qbytearray.h>
#include <QtCore/qobject.h>
#include <QtCore/qpointer.h>
#include <QtNetwork/qhostaddress.h>
#include <QtNetwork/qtcpserver.h>

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
    QString path() const { return m_path; }   // decoded, with its leading '/'
    QString query() const { return m_query; } // with its leading '?', or empty
    SlimFaasHeaders headers() const { return m_headers; }
    QString header(const QString &name) const;
    QHostAddress peerAddress() const { return m_peer; }

    bool isBodyComplete() const { return m_bodyComplete; }
    QByteArray takeBody(); // what has arrived and was not taken yet
    bool isHeadSent() const { return m_headSent; }
    bool isFinished() const { return m_finished; }
    bool isCallerGone() const { return m_callerGone; }

    // A header every response head of this exchange carries (CORS, set by the routing).
    void addResponseHeader(const QString &name, const QString &value)
    {
        m_responseHeaders[name].append(value);
    }
    void writeHead(int statusCode, const SlimFaasHeaders &headers = {});
    void writeBody(const QByteArray &data);
    void end();
    void respond(int statusCode, const QByteArray &body = {}, const SlimFaasHeaders &headers = {});
    // Drops the caller's connection: an error the caller sees, when no status fits.
    void abort();

Q_SIGNALS:
    void bodyDataAvailable();
    void bodyFinished();
    void callerGone();

private:
    friend class EmulatorHttpConnection;
    explicit EmulatorHttpExchange(EmulatorHttpConnection *connection);

    QPointer<EmulatorHttpConnection> m_connection;
    QString m_method;
    QString m_path;
    QString m_query;
    SlimFaasHeaders m_headers;
    SlimFaasHeaders m_responseHeaders;
    QHostAddress m_peer;
    QByteArray m_body;
    bool m_bodyComplete = false;
    bool m_headSent = false;
    bool m_chunked = false;
    bool m_noBody = false;
    bool m_finished = false;
    bool m_callerGone = false;
};

class EmulatorHttpServer : public QObject
{
    Q_OBJECT
public:
    explicit EmulatorHttpServer(QObject *parent = nullptr);
    bool listen(const QHostAddress &address, quint16 port);
    void close();
    quint16 serverPort() const { return m_server.serverPort(); }
    QString errorString() const { return m_server.errorString(); }

Q_SIGNALS:
    // The request head has arrived; its body may still be coming.
    void requestStarted(EmulatorHttpExchange *exchange);

private:
    QTcpServer m_server;
};

#endif // EMULATORHTTP_P_H
