// SPDX-License-Identifier: MIT
// SlimFaasClient::waitForEvent() and waitForAsyncRequest(): futures over the client's
// signals, for scripts and tests that wait for one thing to arrive.

#include "slimfaasclient.h"

#include <QtCore/qfuturewatcher.h>
#include <QtCore/qpointer.h>
#include <QtCore/qpromise.h>
#include <QtCore/qtimer.h>

#include <memory>

namespace {

// One wait: a context object, child of the client, that carries the connections of the
// wait and dies when it settles. Destroying it unsettled (with the client) drops the last
// reference to the promise, and a QPromise destroyed unfinished cancels its future.
template<typename T> class Wait
{
public:
    Wait(SlimFaasClient *client, int msecs)
        : promise(std::make_shared<QPromise<T>>()), context(new QObject(client))
    {
        promise->start();
        auto *watcher = new QFutureWatcher<T>(context);
        QObject::connect(watcher, &QFutureWatcherBase::canceled, context, &QObject::deleteLater);
        watcher->setFuture(promise->future());
        if (msecs >= 0) {
            auto settle = resolver();
            QTimer::singleShot(msecs, context, [settle] { settle(nullptr); });
        }
    }

    // Settles the wait with a value, or cancels it with nullptr. Only the first call counts.
    std::function<void(const T *)> resolver() const
    {
        return [promise = promise, context = QPointer<QObject>(context)](const T *value) {
            if (promise->future().isFinished())
                return;
            if (value)
                promise->addResult(*value);
            else
                promise->future().cancel();
            promise->finish();
            if (context)
                context->deleteLater();
        };
    }

    std::shared_ptr<QPromise<T>> promise;
    QObject *context;
};

} // namespace

QFuture<SlimFaasPublishEvent>
SlimFaasClient::waitForEvent(const QString &eventName, PublishEventPredicate predicate, int msecs)
{
    Wait<SlimFaasPublishEvent> wait(this, msecs);
    connect(this, &SlimFaasClient::publishEventReceived, wait.context,
            [eventName, predicate = std::move(predicate),
             settle = wait.resolver()](const SlimFaasPublishEvent &event) {
                if (!eventName.isEmpty() && event.eventName() != eventName)
                    return;
                if (!predicate || predicate(event))
                    settle(&event);
            });
    return wait.promise->future();
}

QFuture<SlimFaasAsyncRequest> SlimFaasClient::waitForAsyncRequest(AsyncRequestPredicate predicate,
                                                                  int msecs)
{
    Wait<SlimFaasAsyncRequest> wait(this, msecs);
    // Observed through messageReceived(), not asyncRequestReceived(): a connection to that
    // signal would make the client believe the application answers requests itself, and
    // stop answering 500 to the requests nobody handles.
    connect(this, &SlimFaasClient::messageReceived, wait.context,
            [this, context = wait.context, predicate = std::move(predicate),
             settle = wait.resolver()](SlimFaasProtocol::MessageType type, const QString &,
                                       const QByteArray &message) {
                if (type != SlimFaasProtocol::MessageType::AsyncRequest || state() != Ready)
                    return;
                const auto envelope = SlimFaasProtocol::decodeEnvelope(message);
                if (!envelope)
                    return;
                auto request = SlimFaasProtocol::parseAsyncRequest(envelope->payload);
                if (!request || (predicate && !predicate(*request)))
                    return;
                // Settled once the client has handled the message, with its own copy when
                // still pending (it carries the deadline).
                QMetaObject::invokeMethod(
                        context,
                        [this, settle, request = *request]() mutable {
                            const auto pending = pendingRequests();
                            for (const SlimFaasAsyncRequest &known : pending) {
                                if (known.elementId() == request.elementId())
                                    request = known;
                            }
                            if (!request.receivedAt().isValid())
                                request.setReceivedAt(QDateTime::currentDateTimeUtc());
                            settle(&request);
                        },
                        Qt::QueuedConnection);
            });
    return wait.promise->future();
}
