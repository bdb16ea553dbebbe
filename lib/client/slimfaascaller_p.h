// SPDX-License-Identifier: MIT
#ifndef SLIMFAASCALLER_P_H
#define SLIMFAASCALLER_P_H

//
//  W A R N I N G
//  -------------
// Not part of the public API: the HTTP plumbing behind SlimFaasCaller.
//

#include "slimfaascaller.h"
#include "slimfaascallerror.h"
#include "slimfaashttptransport_p.h"

#include <QtCore/qhash.h>
#include <QtCore/qloggingcategory.h>
#include <QtCore/qpointer.h>
#include <QtCore/qpromise.h>
#include <QtNetwork/qnetworkreply.h>
#include <QtNetwork/qnetworkrequest.h>

#include <functional>
#include <memory>
#include <optional>

Q_DECLARE_LOGGING_CATEGORY(lcSlimFaasCaller)

// Sends one request (again, for a redirect): the caller's manager does it.
using SlimFaasSend = std::function<QNetworkReply *(const QNetworkRequest &request)>;

class SlimFaasCallerPrivate
{
    Q_DECLARE_PUBLIC(SlimFaasCaller)

public:
    explicit SlimFaasCallerPrivate(SlimFaasCaller *q);

    // <base path>/<route>/<name>/<path>, with the query the path may carry.
    QUrl routeUrl(const QString &route, const QString &name, const QString &path) const;
    QNetworkRequest makeRequest(const QUrl &target, const SlimFaasHeaders &callHeaders) const;
    // The argument checks of every route: nothing when the URL (and the name, and the path)
    // are usable.
    std::optional<SlimFaasCallError> checkUrl() const; // checkThread() first
    // OperationCanceled, with a warning, for a call from a thread other than the caller's or
    // in a thread with no event loop.
    std::optional<SlimFaasCallError> checkThread() const;
    std::optional<SlimFaasCallError> checkName(const QString &name) const;
    std::optional<SlimFaasCallError> checkTarget(const QString &name, const QString &path) const;

    // The error of a reply that got no (complete, readable) HTTP answer, or nothing when
    // SlimFaas answered, whatever the status.
    static std::optional<SlimFaasCallError> transportError(QNetworkReply *reply, bool aborted);
    static SlimFaasCallError unexpectedStatus(QNetworkReply *reply, int expected);
    // Where the answer of `reply` to `method` should be followed under the policy the call
    // started with, or an empty URL when it is the answer. `origin` is the first request's URL.
    static QUrl allowedRedirect(QNetworkReply *reply, const QByteArray &method, const QUrl &origin);

    // Runs a call whose whole answer is read at once: `interpret` turns it into the result
    // (or throws SlimFaasCallError), `announce` emits the caller's signal for it. The future
    // settles on the caller's thread; destroying the caller makes it throw OperationCanceled.
    template<typename T>
    using Interpret = std::function<T(QNetworkReply *reply, int status, const QByteArray &body)>;
    template<typename T>
    QFuture<T> track(const QNetworkRequest &request, const QByteArray &method,
                     const SlimFaasSend &send, Interpret<T> interpret,
                     std::function<void(const T &)> announce);
    template<typename T>
    QFuture<T> failed(const SlimFaasCallError &error, const QByteArray &method, const QUrl &url);
    void reportError(const SlimFaasCallError &error, const QByteArray &method, const QUrl &url,
                     SlimFaasCallReply *reply = nullptr, bool queued = false);
    // invoke(): a reply that fails at once with `refusal`, or that follows what `send` sent.
    SlimFaasCallReply *startInvoke(const QString &function, const QString &path,
                                   const QByteArray &method, const SlimFaasHeaders &callHeaders,
                                   const std::optional<SlimFaasCallError> &refusal,
                                   const SlimFaasSend &send, bool canResend);

    SlimFaasCaller *q_ptr;
    QUrl url;
    QList<QPair<QByteArray, QByteArray>> headers;
    int transferTimeout = 0;
    SlimFaasCaller::RedirectPolicy redirectPolicy = SlimFaasCaller::NoRedirect;
    qint64 maximumAnswerSize = 16 * 1024 * 1024;
    qint64 replyReadBufferSize = 1024 * 1024;
    bool autoDeleteReplies = false;
#ifndef QT_NO_SSL
    QSslConfiguration sslConfiguration = QSslConfiguration::defaultConfiguration();
#endif
    SlimFaasNetworkAccessManager *network; // child of the caller

    // Calls in flight, and how to fail each one if the caller goes away first.
    QHash<QNetworkReply *, std::function<void(const SlimFaasCallError &)>> pendingFutures;
    QList<QPointer<SlimFaasCallReply>> liveReplies;
};

// How many redirects a call follows at most (SameOriginRedirect).
constexpr int SlimFaasMaximumRedirects = 10;
// The request attribute that carries a call's redirect policy to its replies.
constexpr QNetworkRequest::Attribute SlimFaasRedirectPolicyAttribute
        = QNetworkRequest::Attribute(QNetworkRequest::User + 71);

template<typename T>
QFuture<T> SlimFaasCallerPrivate::failed(const SlimFaasCallError &error, const QByteArray &method,
                                         const QUrl &target)
{
    QPromise<T> promise;
    promise.start();
    promise.setException(error);
    promise.finish();
    reportError(error, method, target, nullptr, true);
    return promise.future();
}

template<typename T>
QFuture<T> SlimFaasCallerPrivate::track(const QNetworkRequest &request, const QByteArray &method,
                                        const SlimFaasSend &send, Interpret<T> interpret,
                                        std::function<void(const T &)> announce)
{
    Q_Q(SlimFaasCaller);
    auto promise = std::make_shared<QPromise<T>>();
    promise->start();
    const qint64 limit = maximumAnswerSize;
    const QUrl origin = request.url();
    auto fail = [promise](const SlimFaasCallError &error) {
        promise->setException(error);
        promise->finish();
    };
    // Watches each request of the call: the first, then one per redirect followed. The
    // connections to the reply in flight hold the watcher, so it lives as long as the call.
    auto watch = std::make_shared<std::function<void(QNetworkReply *, int)>>();
    std::weak_ptr<std::function<void(QNetworkReply *, int)>> weakWatch = watch;
    *watch = [=](QNetworkReply *reply, int hops) {
        pendingFutures.insert(reply, fail);
        auto tooLarge = std::make_shared<bool>(false);
        QObject::connect(reply, &QNetworkReply::readyRead, q, [reply, limit, tooLarge] {
            if (reply->bytesAvailable() > limit) {
                *tooLarge = true;
                reply->abort(); // finishes at once
            }
        });
        QObject::connect(reply, &QNetworkReply::finished, q, [=, self = weakWatch.lock()] {
            pendingFutures.remove(reply);
            reply->deleteLater();
            if (!*tooLarge && hops < SlimFaasMaximumRedirects) {
                const QUrl next = allowedRedirect(reply, method, origin);
                if (next.isValid()) {
                    QNetworkRequest again = reply->request();
                    again.setUrl(next);
                    (*self)(send(again), hops + 1);
                    return;
                }
            }
            // A continuation may destroy the caller: signals first, and nothing of `this` after.
            QPointer<SlimFaasCaller> guard(q_ptr);
            try {
                if (*tooLarge) {
                    throw SlimFaasCallError(
                            SlimFaasCaller::ProtocolError,
                            SlimFaasCaller::tr("The answer of %1 is larger than %2 bytes.")
                                    .arg(reply->url().toDisplayString())
                                    .arg(limit));
                }
                if (auto error = transportError(reply, false))
                    throw *error;
                const int status
                        = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                const T result = interpret(reply, status, reply->readAll());
                announce(result);
                promise->addResult(result);
            } catch (const SlimFaasCallError &error) {
                if (guard)
                    reportError(error, method, reply->url());
                promise->setException(error);
            }
            promise->finish();
        });
    };
    (*watch)(send(request), 0);
    return promise->future();
}

#endif // SLIMFAASCALLER_P_H
