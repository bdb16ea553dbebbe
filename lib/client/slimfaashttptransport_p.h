// SPDX-License-Identifier: MIT
#ifndef SLIMFAASHTTPTRANSPORT_P_H
#define SLIMFAASHTTPTRANSPORT_P_H

//
//  W A R N I N G
//  -------------
// Not part of the public API: the HTTP/1.1 transport behind SlimFaasCaller.
//

#include <QtCore/qbytearray.h>
#include <QtCore/qhash.h>
#include <QtCore/qlist.h>
#include <QtCore/qpointer.h>
#include <QtCore/qtimer.h>
#include <QtNetwork/qabstractsocket.h>
#include <QtNetwork/qnetworkaccessmanager.h>
#include <QtNetwork/qnetworkreply.h>

#ifndef QT_NO_SSL
#include <QtNetwork/qsslconfiguration.h>
#include <QtNetwork/qsslerror.h>
#endif

#include <deque>
#include <memory>

class SlimFaasHttpReply;

// One connection to an origin (through the manager's proxy): a socket, idle in the pool or
// carrying one reply at a time.
struct SlimFaasHttpConnection
{
    QString key; // the origin, the proxy and the TLS configuration it was opened with
    QAbstractSocket *socket = nullptr;
#ifndef QT_NO_SSL
    QSslConfiguration tls;
#endif
    bool reused = false;                      // it carried a reply before
    bool mayReuse = true;                     // false once TLS errors were ignored on it
    QList<QMetaObject::Connection> idleWatch; // what closes it while it is idle
};

// A QNetworkAccessManager whose http:// and https:// requests go through SlimFaasHttpReply
// (anything else through Qt's own): Qt 6.4's HTTP reply takes a malformed chunk size for the
// last chunk and finishes with a truncated body and no error. Keeps at most
// MaximumConnections connections per origin, idle ones kept for the next request; the
// manager's proxy (HTTP CONNECT or SOCKS5), proxy factory, cookie jar and transfer timeout
// apply. Use it on its own thread, as any QNetworkAccessManager.
class SlimFaasNetworkAccessManager : public QNetworkAccessManager
{
    Q_OBJECT

public:
    static constexpr int MaximumConnections = 6;

    explicit SlimFaasNetworkAccessManager(QObject *parent = nullptr);
    ~SlimFaasNetworkAccessManager() override;

    // Closes every idle connection (clearConnectionCache() is not virtual).
    void closeIdleConnections();

protected:
    QNetworkReply *createRequest(Operation op, const QNetworkRequest &request,
                                 QIODevice *outgoingData) override;

private:
    friend class SlimFaasHttpReply;
    // A connection for `reply`: an idle one, a new one, or none yet (the reply waits its turn
    // and is started again by release()).
    std::unique_ptr<SlimFaasHttpConnection> acquire(SlimFaasHttpReply *reply, bool fresh);
    // `connection` has carried its answer: idle again when reusable, closed otherwise. Then
    // the next reply waiting for its origin may go.
    void release(std::unique_ptr<SlimFaasHttpConnection> connection, bool reusable);
    void close(std::unique_ptr<SlimFaasHttpConnection> connection);
    void forget(SlimFaasHttpReply *reply); // a reply that goes away

    QHash<QString, int> m_open; // connections per key, idle or busy
    QMultiHash<QString, SlimFaasHttpConnection *> m_idle;
    QList<QPointer<SlimFaasHttpReply>> m_waiting;
    QList<SlimFaasHttpReply *> m_replies;
};

// One HTTP/1.1 exchange over a SlimFaasHttpConnection, parsed with libhttp-parser: a chunk
// size that is not hexadecimal or overflows, a chunk not followed by CRLF, or any other
// malformed framing fails the reply with ProtocolFailure; a connection that closes before the
// announced end with RemoteHostClosedError. Interim 1xx answers are skipped. Holds at most
// readBufferSize() unread bytes of body (plus one socket read) before it stops reading.
class SlimFaasHttpReply : public QNetworkReply
{
    Q_OBJECT

public:
    SlimFaasHttpReply(SlimFaasNetworkAccessManager *manager, QNetworkAccessManager::Operation op,
                      const QNetworkRequest &request, QIODevice *outgoingData);
    ~SlimFaasHttpReply() override;

    // QNetworkReply
    void abort() override;
    void close() override;
    qint64 bytesAvailable() const override;
    void setReadBufferSize(qint64 size) override;
#ifndef QT_NO_SSL
    void ignoreSslErrors() override;
#endif

    struct Parser; // libhttp-parser's state and callbacks

protected:
    qint64 readData(char *data, qint64 maxSize) override;
#ifndef QT_NO_SSL
    void sslConfigurationImplementation(QSslConfiguration &configuration) const override;
    void setSslConfigurationImplementation(const QSslConfiguration &configuration) override;
    void ignoreSslErrorsImplementation(const QList<QSslError> &errors) override;
#endif

private:
    friend class SlimFaasNetworkAccessManager;
    friend struct Parser;
    QString poolKey() const; // the origin and the proxy: which connections may serve it
    QString makePoolKey() const;
    void start(); // the request body is ready: find a connection
    void startOn(std::unique_ptr<SlimFaasHttpConnection> connection); // (it waited for one)
    void bufferUpload(); // a sequential upload of unknown size, read whole first
    void onConnected();
    void sendHead();
    void pumpUpload();
    void onReadable();
    void onClosed();
    void onSocketError(QAbstractSocket::SocketError socketError);
    bool feed(const char *data, qsizetype size); // false once the reply ended
    bool appendBody(const char *data, size_t size);
    void headersComplete();
    void fail(QNetworkReply::NetworkError code, const QString &message);
    void finish();
    void dropConnection(bool reusable);
    void touch(); // a byte moved: the transfer timeout starts again
    bool canRetry() const;

    QPointer<SlimFaasNetworkAccessManager> m_manager;
    std::unique_ptr<SlimFaasHttpConnection> m_connection;
    std::unique_ptr<Parser> m_parser;
    QByteArray m_verb;
    QString m_key;
    QIODevice *m_upload = nullptr;
    QByteArray m_uploadBuffer; // a sequential upload of unknown size
    bool m_uploadBuffered = false;
    qint64 m_uploadStart = 0;
    qint64 m_uploadSize = -1;
    qint64 m_uploadSent = 0;
    bool m_headSent = false;
    bool m_started = false;
    bool m_finished = false;
    bool m_paused = false;      // the read buffer is full: the socket is not read
    bool m_anyResponse = false; // a byte of answer arrived
    bool m_retried = false;
    std::deque<QByteArray> m_body;
    qint64 m_buffered = 0;
    qint64 m_received = 0;
    qint64 m_contentLength = -1;
    QTimer m_timeout;
#ifndef QT_NO_SSL
    QSslConfiguration m_tls;
    bool m_ignoreAllSslErrors = false;
    QList<QSslError> m_ignoredSslErrors;
#endif
};

#endif // SLIMFAASHTTPTRANSPORT_P_H
