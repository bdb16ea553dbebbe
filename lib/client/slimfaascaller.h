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
// that thread too. A call made from another thread, or in a thread with no event loop (a
// std::thread), is not started: it fails at once with OperationCanceled and a warning saying
// which rule it broke (a reply given to another thread then has no parent).
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
//
// Against a hostile server or function (SlimFaas relays a function's status and headers as
// they are):
//  - redirects are not followed unless redirectPolicy() says so, and then only to the same
//    origin with the same method: credentials never reach another host;
//  - a path given to invoke(), enqueue() or publish() stays under its route: dot segments
//    ("." and "..", also percent-encoded) are refused with InvalidArgument;
//  - memory is bounded: a reply holds at most readBufferSize() unread bytes, and the calls
//    that read their answer whole stop at maximumAnswerSize();
//  - an answer that cannot be read (failed decompression, malformed chunking) is a
//    ProtocolError, and one cut short by the connection's close a ConnectionError, never a
//    success; interim 1xx answers are skipped.
//
// Its http:// and https:// requests go through an HTTP/1.1 transport of the library's own
// behind networkAccessManager() (Qt 6.4's takes a malformed chunk size for the last chunk),
// keeping up to 6 keep-alive connections per origin.
class SLIMFAASQT_CLIENT_EXPORT SlimFaasCaller : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QUrl url READ url WRITE setUrl NOTIFY urlChanged)
    Q_PROPERTY(int transferTimeout READ transferTimeout WRITE setTransferTimeout NOTIFY
                       transferTimeoutChanged)
    // What a call does with a redirect (see setRedirectPolicy()).
    Q_PROPERTY(RedirectPolicy redirectPolicy READ redirectPolicy WRITE setRedirectPolicy)
    // The most bytes of an answer read whole (see setMaximumAnswerSize()).
    Q_PROPERTY(qint64 maximumAnswerSize READ maximumAnswerSize WRITE setMaximumAnswerSize)
    // The read buffer each new reply starts with (see setReplyReadBufferSize()).
    Q_PROPERTY(qint64 replyReadBufferSize READ replyReadBufferSize WRITE setReplyReadBufferSize)
    // Whether replies delete themselves once finished (see setAutoDeleteReplies()).
    Q_PROPERTY(bool autoDeleteReplies READ autoDeleteReplies WRITE setAutoDeleteReplies)

public:
    // Why a call failed.
    enum Error {
        NoError,           // the call succeeded
        FunctionNotFound,  // 404: no such function (or no connection of it), or status unknown
        HttpError,         // SlimFaas answered a status this call does not expect
        ConnectionError,   // refused, reset, host not found, or closed before the end of
                           // the answer: no complete HTTP answer
        TimeoutError,      // nothing moved for transferTimeout ms
        SslError,          // TLS handshake or certificate verification failed
        OperationCanceled, // abort(), the caller was destroyed, or a thread rule was broken
        ProtocolError,     // an answer this library cannot read: bad JSON, no element id,
                           // failed decompression, malformed framing, too large
        InvalidArgument,   // a bad name (empty, ".", "..", or with a slash or
                           // backslash), or a path with dot segments
    };
    Q_ENUM(Error)

    // What a call does with a redirect (3xx with Location). SlimFaas's own routes never
    // answer one (it follows a pod's redirects itself): a redirect comes from a function
    // (whose status and headers SlimFaas relays) or from something in between.
    enum RedirectPolicy {
        NoRedirect,         // the default: a 3xx is the answer, Location readable in its headers
        SameOriginRedirect, // follows up to 10 redirects to the caller's own scheme, host and
                            // port when the method stays the same (307 and 308; 301, 302 and
                            // 303 for GET and HEAD): every other redirect is the answer
    };
    Q_ENUM(RedirectPolicy)

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

    // What a call does with a redirect: NoRedirect (the default) or SameOriginRedirect. A
    // redirect that is followed sends the same method, headers and body again, to the same
    // origin only; a body from a sequential QIODevice cannot be sent again, so its call
    // follows no redirect. Read as each call starts.
    RedirectPolicy redirectPolicy() const;
    void setRedirectPolicy(RedirectPolicy policy);

    // The most bytes of an answer that enqueue(), publish(), functionStatuses() and
    // functionStatus() keep (they read it whole): a longer answer fails the call with
    // ProtocolError. 16 MiB by default. invoke() streams and is bounded by
    // replyReadBufferSize() instead. Read as each call starts.
    qint64 maximumAnswerSize() const;
    void setMaximumAnswerSize(qint64 bytes);

    // The readBufferSize() each new SlimFaasCallReply starts with: 1 MiB by default.
    qint64 replyReadBufferSize() const;
    void setReplyReadBufferSize(qint64 bytes);

    // When true, each reply deletes itself (deleteLater()) once it has emitted finished(),
    // as QNetworkAccessManager::setAutoDeleteReplies() does. False by default: the caller is
    // the replies' parent, so they are freed with it at the latest.
    bool autoDeleteReplies() const;
    void setAutoDeleteReplies(bool autoDelete);

#ifndef QT_NO_SSL
    // TLS for https:// URLs. Certificates are verified unless this configuration says otherwise.
    QSslConfiguration sslConfiguration() const;
    void setSslConfiguration(const QSslConfiguration &configuration);
#endif

    // The manager every call goes through, for a proxy (HTTP CONNECT or SOCKS5), a proxy
    // factory, a cookie jar or its sslErrors() signal. Its http:// and https:// requests use
    // the caller's own HTTP/1.1 transport, which does not consult a QAbstractNetworkCache.
    QNetworkAccessManager *networkAccessManager() const;

    // A sync call. `path` follows /function/<name>/ and may carry a query ("a/b?x=1"); a path
    // with a "." or ".." segment (also percent-encoded, in any case or depth, or separated by a
    // backslash) is refused with InvalidArgument, so that the call cannot reach another function
    // or route. The reply is a child of the caller, as a QNetworkReply is of its manager:
    // deleteLater() it once finished (or see autoDeleteReplies()). With a QIODevice body the upload
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
    // `path` is checked as invoke()'s is.
    QFuture<QString> enqueue(const QString &function, const QString &path,
                             const QByteArray &method = QByteArrayLiteral("POST"),
                             const SlimFaasHeaders &headers = {}, const QByteArray &body = {});

    // Publishes an event to its subscribers. NoSubscriber is a result, not an error. `path` is
    // checked as invoke()'s is.
    QFuture<PublishResult> publish(const QString &event, const QString &path = {},
                                   const QByteArray &body = {},
                                   const SlimFaasHeaders &headers = {});

    // Every function SlimFaas knows, Kubernetes and WebSocket ones, with its status.
    QFuture<QList<SlimFaasFunctionStatus>> functionStatuses();
    // Fails with FunctionNotFound for a function SlimFaas does not know.
    QFuture<SlimFaasFunctionStatus> functionStatus(const QString &function);

Q_SIGNALS:
    // url() changed.
    void urlChanged(const QUrl &url);
    // transferTimeout() changed.
    void transferTimeoutChanged(int msecs);

    // enqueue(function, path) succeeded: SlimFaas queued it as `elementId`.
    void enqueued(const QString &function, const QString &path, const QString &elementId);
    // publish(event) ended with `result`.
    void published(const QString &event, SlimFaasCaller::PublishResult result);
    // functionStatuses() succeeded.
    void functionStatusesReceived(const QList<SlimFaasFunctionStatus> &statuses);
    // functionStatus() succeeded.
    void functionStatusReceived(const SlimFaasFunctionStatus &status);
    // A call failed, invoke() included. `method` and `url` are the request it made (for a call
    // refused before sending, the one it would have made); `reply` is the invoke() reply that
    // failed (it says so too), nullptr for the other calls.
    void errorOccurred(SlimFaasCaller::Error error, const QString &errorString,
                       const QByteArray &method, const QUrl &url, SlimFaasCallReply *reply);

private:
    friend class SlimFaasCallReplyPrivate;
    Q_DECLARE_PRIVATE(SlimFaasCaller)
    Q_DISABLE_COPY_MOVE(SlimFaasCaller)
    QScopedPointer<SlimFaasCallerPrivate> d_ptr;
};

#endif // SLIMFAASCALLER_H
