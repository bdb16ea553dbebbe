// SPDX-License-Identifier: MIT
#ifndef SLIMFAASCALLER_H
#define SLIMFAASCALLER_H

#include "slimfaasfunctionstatus.h"
#include "slimfaasheaders.h"
#include "slimfaasqtclient_export.h"

#include <QtCore/qfuture.h>
#include <QtCore/qlist.h>
#include <QtCore/qobject.h>
#include <QtCore/qpair.h>
#include <QtCore/qscopedpointer.h>
#include <QtCore/qurl.h>

#ifndef QT_NO_SSL
#include <QtNetwork/qsslconfiguration.h>
#endif

QT_BEGIN_NAMESPACE
class QIODevice;
class QNetworkAccessManager;
QT_END_NAMESPACE

class SlimFaasCallReply;
class SlimFaasCallerPrivate;

// The caller side of SlimFaas (docs/protocol.md §9): invokes functions, queues async calls,
// publishes events and reads function statuses over SlimFaas's HTTP port
// (http://<slimfaas>:5000, or the emulator's). A QObject over its own QNetworkAccessManager,
// on the event loop of the thread that owns it, with no thread of its own: create it, call it
// and destroy it on that thread. Its results (replies, futures and signals) are delivered on
// that thread too.
//
//  - invoke():  /function/<name>/<path>, a sync call; the SlimFaasCallReply streams the
//    function's answer, as QNetworkReply does.
//  - enqueue(): /async-function/<name>/<path>; gives the element id once SlimFaas answered 202.
//  - publish(): /publish-event/<event>/<path>; Delivered (204) or NoSubscriber (404).
//  - functionStatuses(), functionStatus(): /status-functions, /status-function/<name>.
//
// Results come both ways: as a QFuture (for .then() chains, or result() in a script) and as a
// signal. A failed call makes its future throw SlimFaasCallError (catch it with
// QFuture::onFailed()) and emits errorOccurred(). Destroying the caller aborts its calls in
// flight: their futures then throw OperationCanceled, and their replies finish with it.
class SLIMFAASQT_CLIENT_EXPORT SlimFaasCaller : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QUrl url READ url WRITE setUrl NOTIFY urlChanged)
    Q_PROPERTY(int transferTimeout READ transferTimeout WRITE setTransferTimeout NOTIFY
                       transferTimeoutChanged)

public:
    // Why a call failed.
    enum Error {
        NoError,           // the call succeeded
        FunctionNotFound,  // 404: no such function (or no connection of it), or status unknown
        HttpError,         // SlimFaas answered a status this call does not expect
        ConnectionError,   // refused, reset, host not found: no HTTP answer
        TimeoutError,      // nothing moved for transferTimeout ms
        SslError,          // TLS handshake or certificate verification failed
        OperationCanceled, // abort(), or the caller was destroyed
        ProtocolError,     // an answer this library cannot read (bad JSON, no element id)
        InvalidArgument,   // an empty function or event name, or one containing '/'
    };
    Q_ENUM(Error)

    // What publish() achieved.
    enum PublishResult {
        Delivered,    // 204: at least one subscriber will receive it
        NoSubscriber, // 404: nobody subscribes to this event
    };
    Q_ENUM(PublishResult)

    // A caller without a URL yet: set one with setUrl() before calling.
    explicit SlimFaasCaller(QObject *parent = nullptr);
    // A caller of SlimFaas at url (http:// or https://).
    explicit SlimFaasCaller(const QUrl &url, QObject *parent = nullptr);
    ~SlimFaasCaller() override;

    // SlimFaas's HTTP base URL. A path in it is kept as a prefix (SlimFaas behind a reverse
    // proxy at http://gateway/slimfaas).
    QUrl url() const;
    void setUrl(const QUrl &url);

    // Headers sent with every call (Authorization, for example). A call's own headers are
    // added after these; a null value removes the header.
    void setHeader(const QByteArray &name, const QByteArray &value);
    QList<QPair<QByteArray, QByteArray>> headers() const;

    // Milliseconds without any byte moving, in either direction, after which a call fails
    // with TimeoutError (QNetworkRequest::setTransferTimeout). 0, the default, waits as long
    // as SlimFaas does (300 s for a sync call). Read as each call starts: change it between
    // calls for a per-call limit.
    int transferTimeout() const;
    void setTransferTimeout(int msecs);

#ifndef QT_NO_SSL
    // TLS for https:// URLs. Certificates are verified unless this configuration says otherwise.
    QSslConfiguration sslConfiguration() const;
    void setSslConfiguration(const QSslConfiguration &configuration);
#endif

    // The manager every call goes through, for a proxy, a cookie jar or a cache.
    QNetworkAccessManager *networkAccessManager() const;

    // A sync call. `path` follows /function/<name>/ and may carry a query ("a/b?x=1"). The
    // reply is yours to delete (deleteLater() once finished). With a QIODevice body the upload
    // streams from it as it becomes readable: give `size`, or a device that knows it (a file),
    // because Qt sends no chunked uploads, and buffers a body of unknown size completely
    // before sending it. A sequential device must emit readyRead() as data comes, and
    // readChannelFinished() at its end when its size is unknown (sockets and QProcess do,
    // a QFile on stdin does not). The device must stay open until the reply finishes.
    SlimFaasCallReply *invoke(const QString &function, const QString &path,
                              const QByteArray &method = QByteArrayLiteral("GET"),
                              const SlimFaasHeaders &headers = {}, const QByteArray &body = {});
    SlimFaasCallReply *invoke(const QString &function, const QString &path,
                              const QByteArray &method, const SlimFaasHeaders &headers,
                              QIODevice *body, qint64 size = -1);

    // An async call: resolves with the SlimFaas-Element-Id SlimFaas gave the queued request.
    QFuture<QString> enqueue(const QString &function, const QString &path,
                             const QByteArray &method = QByteArrayLiteral("POST"),
                             const SlimFaasHeaders &headers = {}, const QByteArray &body = {});

    // Publishes an event to its subscribers. NoSubscriber is a result, not an error.
    QFuture<PublishResult> publish(const QString &event, const QString &path = {},
                                   const QByteArray &body = {},
                                   const SlimFaasHeaders &headers = {});

    // Every function SlimFaas knows, Kubernetes and WebSocket ones, with its status.
    QFuture<QList<SlimFaasFunctionStatus>> functionStatuses();
    // Fails with FunctionNotFound for a function SlimFaas does not know.
    QFuture<SlimFaasFunctionStatus> functionStatus(const QString &function);

Q_SIGNALS:
    void urlChanged(const QUrl &url);
    void transferTimeoutChanged(int msecs);

    // enqueue() queued a call: SlimFaas's element id for it.
    void enqueued(const QString &function, const QString &elementId);
    // publish() got its answer.
    void published(const QString &event, SlimFaasCaller::PublishResult result);
    // functionStatuses() got its answer.
    void functionStatusesReceived(const QList<SlimFaasFunctionStatus> &statuses);
    // functionStatus() got its answer.
    void functionStatusReceived(const SlimFaasFunctionStatus &status);
    // Any call that failed, invoke() included (its reply says so too).
    void errorOccurred(SlimFaasCaller::Error error, const QString &errorString);

private:
    friend class SlimFaasCallReplyPrivate;
    Q_DECLARE_PRIVATE(SlimFaasCaller)
    Q_DISABLE_COPY_MOVE(SlimFaasCaller)
    QScopedPointer<SlimFaasCallerPrivate> d_ptr;
};

#endif // SLIMFAASCALLER_H
