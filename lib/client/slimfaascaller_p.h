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

class SlimFaasCallerPrivate
{
    Q_DECLARE_PUBLIC(SlimFaasCaller)

public:
    explicit SlimFaasCallerPrivate(SlimFaasCaller *q);

    // <base path>/<route>/<name>/<path>, with the query the path may carry.
    QUrl routeUrl(const QString &route, const QString &name, const QString &path) const;
    QNetworkRequest makeRequest(const QUrl &target, const SlimFaasHeaders &callHeaders) const;
    // The argument checks of every route: nothing when the URL (and the name) are usable.
    std::optional<SlimFaasCallError> checkUrl() const;
    std::optional<SlimFaasCallError> checkName(const QString &name) const;

    // The error of a reply that got no (complete) HTTP answer, or nothing when SlimFaas
    // answered, whatever the status.
    static std::optional<SlimFaasCallError> transportError(QNetworkReply *reply, bool aborted);
    static SlimFaasCallError unexpectedStatus(QNetworkReply *reply, int expected);

    // Runs a call whose whole answer is read at once: `interpret` turns it into the result
    // (or throws SlimFaasCallError), `announce` emits the caller's signal for it. The future
    // settles on the caller's thread; destroying the caller makes it throw OperationCanceled.
    template<typename T>
    using Interpret = std::function<T(QNetworkReply *reply, int status, const QByteArray &body)>;
    template<typename T>
    QFuture<T> track(QNetworkReply *reply, Interpret<T> interpret,
                     std::function<void(const T &)> announce);
    template<typename T> QFuture<T> failed(const SlimFaasCallError &error);
    void reportError(const SlimFaasCallError &error, bool queued = false);
    // invoke(): a reply that fails at once with `refusal`, or that follows what `send` sent.
    SlimFaasCallReply *
    startInvoke(const QString &function, const QString &path, const QByteArray &method,
                const SlimFaasHeaders &callHeaders, const std::optional<SlimFaasCallError> &refusal,
                const std::function<QNetworkReply *(const QNetworkRequest &, const QByteArray &)>
                        &send);

    SlimFaasCaller *q_ptr;
    QUrl url;
    QList<QPair<QByteArray, QByteArray>> headers;
    int transferTimeout = 0;
#ifndef QT_NO_SSL
    QSslConfiguration sslConfiguration = QSslConfiguration::defaultConfiguration();
#endif
    QNetworkAccessManager *network; // child of the caller

    // Calls in flight, and how to fail each one if the caller goes away first.
    QHash<QNetworkReply *, std::function<void(const SlimFaasCallError &)>> pendingFutures;
    QList<QPointer<SlimFaasCallReply>> liveReplies;
};

template<typename T> QFuture<T> SlimFaasCallerPrivate::failed(const SlimFaasCallError &error)
{
    QPromise<T> promise;
    promise.start();
    promise.setException(error);
    promise.finish();
    reportError(error, true);
    return promise.future();
}

template<typename T>
QFuture<T> SlimFaasCallerPrivate::track(QNetworkReply *reply, Interpret<T> interpret,
                                        std::function<void(const T &)> announce)
{
    Q_Q(SlimFaasCaller);
    auto promise = std::make_shared<QPromise<T>>();
    promise->start();
    pendingFutures.insert(reply, [promise](const SlimFaasCallError &error) {
        promise->setException(error);
        promise->finish();
    });
    QObject::connect(reply, &QNetworkReply::finished, q, [=] {
        pendingFutures.remove(reply);
        reply->deleteLater();
        // A continuation may destroy the caller: signals first, and nothing of `this` after.
        QPointer<SlimFaasCaller> guard(q_ptr);
        try {
            if (auto error = transportError(reply, false))
                throw *error;
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const T result = interpret(reply, status, reply->readAll());
            announce(result);
            promise->addResult(result);
        } catch (const SlimFaasCallError &error) {
            if (guard)
                reportError(error);
            promise->setException(error);
        }
        promise->finish();
    });
    return promise->future();
}

#endif // SLIMFAASCALLER_P_H
