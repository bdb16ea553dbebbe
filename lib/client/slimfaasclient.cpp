// SPDX-License-Identifier: MIT
#include "slimfaasclient.h"
#include "slimfaasclient_p.h"
#include "slimfaasnodeconnection_p.h"
#include "slimfaasrawheaders_p.h"
#include "slimfaassyncrequest_p.h"
#include "slimfaassyncstreams_p.h"

#include <QtCore/qeventloop.h>
#include <QtCore/qmetaobject.h>
#include <QtCore/qthread.h>
#include <QtCore/qtimer.h>
#include <QtWebSockets/qwebsocket.h>

#include <algorithm>
#include <exception>

// Warnings (bad input from the server) show by default; the chatty levels are opt-in with
// QT_LOGGING_RULES="slimfaas.client.debug=true".
Q_LOGGING_CATEGORY(lcSlimFaasClient, "slimfaas.client", QtWarningMsg)

SlimFaasClientPrivate::SlimFaasClientPrivate(SlimFaasClient *q) : q_ptr(q) { }

// ---------------------------------------------------------------- the nodes

QList<QUrl> SlimFaasClientPrivate::wantedNodeUrls() const
{
    return everyAddress ? resolvedUrls : urls;
}

// The nodes that stay are left alone (same connection, same registration). The list is
// updated before the gone nodes are retired, so that a slot of what they emit meanwhile
// sees the new set; the client's state is computed once, at the end.
void SlimFaasClientPrivate::applyNodeUrls(const QList<QUrl> &wanted)
{
    Q_Q(SlimFaasClient);
    QList<SlimFaasNodeConnection *> next;
    QList<SlimFaasNodeConnection *> added;
    for (const QUrl &url : wanted) {
        SlimFaasNodeConnection *node = nodeFor(url);
        if (!node) {
            node = new SlimFaasNodeConnection(this, url, q);
            added.append(node);
        }
        next.append(node);
    }
    if (added.isEmpty() && next == nodes)
        return;
    QList<SlimFaasNodeConnection *> gone;
    for (SlimFaasNodeConnection *node : std::as_const(nodes)) {
        if (!next.contains(node))
            gone.append(node);
    }
    QList<std::shared_ptr<SlimFaasPendingRequests>> nextTables;
    for (SlimFaasNodeConnection *node : std::as_const(next))
        nextTables.append(node->pending);
    {
        QMutexLocker lock(&tablesLock);
        tables = nextTables;
    }
    nodes = next;

    const bool held = holdState;
    holdState = true;
    for (SlimFaasNodeConnection *node : std::as_const(gone)) {
        qCInfo(lcSlimFaasClient) << "node" << node->url.toDisplayString() << "removed";
        node->retire();
        node->deleteLater();
        if (destroyed)
            return;
    }
    if (running) {
        for (SlimFaasNodeConnection *node : std::as_const(added)) {
            if (nodes.contains(node))
                node->start();
            if (destroyed)
                return;
        }
    }
    holdState = held;
    const bool becameReady = updateState();
    if (destroyed)
        return;
    updateConnectionId();
    if (destroyed)
        return;
    if (becameReady)
        emit q->ready(); // a node was ready and all others went: not expected, but said
    if (!destroyed)
        emit q->nodesChanged(q->nodes());
}

SlimFaasNodeConnection *SlimFaasClientPrivate::nodeFor(const QUrl &url) const
{
    for (SlimFaasNodeConnection *node : nodes) {
        if (node->url == url)
            return node;
    }
    return nullptr;
}

SlimFaasNodeConnection *SlimFaasClientPrivate::nodeFor(const SlimFaasPendingRequests *table) const
{
    for (SlimFaasNodeConnection *node : nodes) {
        if (node->pending.get() == table)
            return node;
    }
    return nullptr;
}

void SlimFaasClientPrivate::startAddressWatch()
{
    Q_Q(SlimFaasClient);
    if (!addresses) {
        addresses = new SlimFaasNodeAddresses(
                resolver,
                [this](const QList<QUrl> &found, const QString &lookupError) {
                    Dispatch scope(this);
                    onAddressesResolved(found, lookupError);
                },
                q);
    }
    addresses->watch(urls, addressRefreshInterval);
}

void SlimFaasClientPrivate::onAddressesResolved(const QList<QUrl> &found,
                                                const QString &lookupError)
{
    if (!running)
        return;
    addressesKnown = true;
    if (!lookupError.isEmpty()) {
        qCWarning(lcSlimFaasClient).noquote() << "address lookup:" << lookupError;
        if (found.isEmpty())
            reportError(SlimFaasClient::ConnectionError,
                        SlimFaasClient::tr("Could not find the addresses of the SlimFaas "
                                           "nodes: %1")
                                .arg(lookupError));
        if (destroyed || !running)
            return;
    }
    if (found != resolvedUrls)
        qCInfo(lcSlimFaasClient) << "nodes resolved:" << found;
    resolvedUrls = found;
    applyNodeUrls(found);
}

// A node lost its connection: it may be gone for good (a pod replaced), and another may
// have come. A lookup now follows that sooner than the periodic one.
void SlimFaasClientPrivate::onNodeReconnectScheduled()
{
    if (everyAddress && addresses)
        addresses->refresh();
}

// SlimFaas refuses a configuration that differs from the one its other connections of the
// function registered; every node sees the same deployment, so a refusal on one is taken as
// the answer of all, as with one node: the client stops (unless retryAfterRefusal).
void SlimFaasClientPrivate::stopAfterRefusal(SlimFaasNodeConnection *refused)
{
    running = false;
    const bool held = holdState;
    holdState = true;
    const QList<SlimFaasNodeConnection *> all = nodes;
    for (SlimFaasNodeConnection *node : all) {
        if (node != refused && nodes.contains(node))
            node->stop();
        if (destroyed)
            return;
    }
    refused->setState(SlimFaasClient::Refused);
    if (destroyed)
        return;
    holdState = held;
    updateState();
}

// ---------------------------------------------------------------- what the nodes share

void SlimFaasClientPrivate::acceptPublishEvent(const QString &correlationId,
                                               SlimFaasPublishEvent &event)
{
    Q_Q(SlimFaasClient);
    event.setCorrelationId(correlationId);
    event.setReceivedAt(QDateTime::currentDateTimeUtc());

    // The guard (a slot may delete the client) only when someone listens: events come by
    // the hundred thousand per second, and it is two atomic operations each.
    static const QMetaMethod receivedSignal
            = QMetaMethod::fromSignal(&SlimFaasClient::publishEventReceived);
    if (q->isSignalConnected(receivedSignal)) {
        QPointer<SlimFaasClient> guard(q);
        emit q->publishEventReceived(event);
        if (!guard)
            return;
    }
    if (!publishEventHandler)
        return;
    runHandler([&] { publishEventHandler(event); },
               QT_TRANSLATE_NOOP("SlimFaasClient", "The event handler failed: %1"));
}

// Application code must not take the event loop down: an exception escaping a handler is
// reported as HandlerError, and the caller answers for the handler (500 or cancel).
// failureMessage is untranslated (QT_TRANSLATE_NOOP): translating it for every request
// would cost more than the rest of the bookkeeping, and it is needed only on failure.
bool SlimFaasClientPrivate::runHandler(const std::function<void()> &handler,
                                       const char *failureMessage)
{
    try {
        handler();
        return true;
    } catch (const std::exception &e) {
        reportError(SlimFaasClient::HandlerError,
                    SlimFaasClient::tr(failureMessage).arg(QString::fromLocal8Bit(e.what())));
    } catch (...) {
        reportError(SlimFaasClient::HandlerError,
                    SlimFaasClient::tr(failureMessage)
                            .arg(SlimFaasClient::tr("an exception that is not a "
                                                    "std::exception")));
    }
    return false;
}

void SlimFaasClientPrivate::offerSyncRequest(SlimFaasSyncRequest *request)
{
    Q_Q(SlimFaasClient);
    QPointer<SlimFaasSyncRequest> guard(request);
    emit q->syncRequestReceived(request);
    if (destroyed || !guard)
        return;
    if (syncRequestHandler) {
        const bool completed = runHandler(
                [&] { syncRequestHandler(request); },
                QT_TRANSLATE_NOOP("SlimFaasClient", "The sync request handler failed: %1"));
        if (!completed && guard)
            guard->isResponseStarted() ? guard->cancel() : void(guard->respond(500));
    } else if (!q->isSignalConnected(
                       QMetaMethod::fromSignal(&SlimFaasClient::syncRequestReceived))) {
        qCWarning(lcSlimFaasClient)
                << "no handler for sync request" << request->correlationId() << "- answering 500";
        // Nobody was given the pointer, so nobody else can delete it.
        SlimFaasSyncRequestPrivate::get(request)->autoDelete = true;
        request->respond(500);
    }
}

// Which node's table decides on an answer: the one of the connection the attempt names;
// else the one that has the request pending, or remembers it; else a registered one (which
// refuses it, as stale or unknown). The caller holds tablesLock off the client's thread.
// -1 when there is no node at all.
static qsizetype tableIndexFor(const QList<std::shared_ptr<SlimFaasPendingRequests>> &tables,
                               const QString &elementId, const SlimFaasAsyncRequest *attempt)
{
    if (tables.size() <= 1)
        return tables.size() - 1;
    if (attempt) {
        for (qsizetype i = 0; i < tables.size(); ++i) {
            if (tables.at(i)->generation() != 0
                && tables.at(i)->connectionId() == attempt->connectionId())
                return i;
        }
    }
    for (qsizetype i = 0; i < tables.size(); ++i) {
        if (tables.at(i)->contains(elementId))
            return i;
    }
    for (qsizetype i = 0; i < tables.size(); ++i) {
        if (tables.at(i)->knows(elementId))
            return i;
    }
    for (qsizetype i = 0; i < tables.size(); ++i) {
        if (tables.at(i)->generation() != 0)
            return i;
    }
    return 0;
}

std::shared_ptr<SlimFaasPendingRequests>
SlimFaasClientPrivate::tableFor(const QString &elementId, const SlimFaasAsyncRequest *attempt) const
{
    QMutexLocker lock(&tablesLock);
    const qsizetype index = tableIndexFor(tables, elementId, attempt);
    return index < 0 ? nullptr : tables.at(index);
}

// Decides, under the table's lock, whether this answer is the one of the pending attempt;
// only then is it sent (from the client's thread), on the connection that delivered it.
bool SlimFaasClientPrivate::acceptCallback(const QString &elementId, int statusCode,
                                           const SlimFaasAsyncRequest *attempt,
                                           SlimFaasPendingRequests *table)
{
    Q_Q(SlimFaasClient);
    const bool onOwnThread = QThread::currentThread() == q->thread();
    std::shared_ptr<SlimFaasPendingRequests> held; // keeps it alive off the client's thread
    if (!table) {
        if (onOwnThread) {
            // Only this thread changes the list: no lock, no reference count.
            const qsizetype index = tableIndexFor(tables, elementId, attempt);
            table = index < 0 ? nullptr : tables.at(index).get();
        } else {
            held = tableFor(elementId, attempt);
            table = held.get();
        }
    }
    SlimFaasPendingRequests::Answer answer;
    if (table)
        answer = table->take(elementId, statusCode, attempt);
    else
        answer.refusal = statusCode < 100 || statusCode > 599 ? SlimFaasClient::InvalidStatus
                                                              : SlimFaasClient::NotConnected;
    const SlimFaasClient::CallbackRefusal refusal = answer.refusal;
    const quint64 generation = answer.generation;

    switch (refusal) {
    case SlimFaasClient::NoRefusal:
        break;
    case SlimFaasClient::InvalidStatus:
        refuseCallback(elementId, refusal,
                       SlimFaasClient::tr("Refused to answer %1 with status %2: a status must "
                                          "be between 100 and 599.")
                               .arg(elementId)
                               .arg(statusCode));
        return false;
    case SlimFaasClient::NotConnected:
        refuseCallback(elementId, refusal,
                       SlimFaasClient::tr("Cannot answer %1: not connected to SlimFaas. The "
                                          "server answers it 503 and will deliver it again.")
                               .arg(elementId));
        return false;
    case SlimFaasClient::StaleAttempt:
        refuseCallback(elementId, refusal,
                       SlimFaasClient::tr("Refused an answer for an earlier delivery of %1: "
                                          "SlimFaas has delivered it again since, and only "
                                          "the answer to that delivery counts.")
                               .arg(elementId));
        return false;
    case SlimFaasClient::AlreadyAnswered:
        refuseCallback(elementId, refusal,
                       SlimFaasClient::tr("Request %1 was already answered.").arg(elementId));
        return false;
    case SlimFaasClient::RequestExpired:
        refuseCallback(elementId, refusal,
                       SlimFaasClient::tr("Request %1 expired: SlimFaas stopped waiting for its "
                                          "answer and recorded 504.")
                               .arg(elementId));
        return false;
    default:
        refuseCallback(
                elementId, refusal,
                SlimFaasClient::tr("Request %1 is not pending on this connection.").arg(elementId));
        return false;
    }

    if (onOwnThread) {
        if (SlimFaasNodeConnection *node = nodeFor(table))
            node->transmitCallback(elementId, statusCode, generation);
        return true;
    }
    if (!held) { // a node's own table, from another thread: find its owner
        QMutexLocker lock(&tablesLock);
        for (const auto &candidate : std::as_const(tables)) {
            if (candidate.get() == table)
                held = candidate;
        }
    }
    QMetaObject::invokeMethod(
            q,
            [this, weak = std::weak_ptr<SlimFaasPendingRequests>(held), elementId, statusCode,
             generation] {
                Dispatch scope(this);
                const auto owner = weak.lock();
                SlimFaasNodeConnection *node = owner ? nodeFor(owner.get()) : nullptr;
                if (node)
                    node->transmitCallback(elementId, statusCode, generation);
                else
                    qCWarning(lcSlimFaasClient) << "node gone before the callback for" << elementId
                                                << "could be sent; SlimFaas will retry it";
            },
            Qt::QueuedConnection);
    return true;
}

// A refused answer concerns one request, not the connection: it has its own signal, and
// error() keeps describing the connection. The log stays quiet when someone listens.
void SlimFaasClientPrivate::refuseCallback(const QString &elementId,
                                           SlimFaasClient::CallbackRefusal reason,
                                           const QString &message)
{
    Q_Q(SlimFaasClient);
    if (destroyed)
        return;
    if (QThread::currentThread() != q->thread()) {
        QMetaObject::invokeMethod(
                q,
                [this, elementId, reason, message] {
                    Dispatch scope(this);
                    refuseCallback(elementId, reason, message);
                },
                Qt::QueuedConnection);
        return;
    }
    if (q->isSignalConnected(QMetaMethod::fromSignal(&SlimFaasClient::callbackRefused)))
        qCDebug(lcSlimFaasClient).noquote() << message;
    else
        qCWarning(lcSlimFaasClient).noquote() << message;
    emit q->callbackRefused(elementId, reason, message);
}

// The client's thread: no lock (only it changes the list).
int SlimFaasClientPrivate::totalPendingCount() const
{
    if (tables.size() == 1)
        return tables.first()->count();
    int count = 0;
    for (const auto &table : tables)
        count += table->count();
    return count;
}

// ---------------------------------------------------------------- state

namespace {
// Which node's state the client's own reports: the furthest along wins, so that the client
// is Ready while any node is, and Refused only when nothing else is going on.
int stateRank(SlimFaasClient::State state)
{
    switch (state) {
    case SlimFaasClient::Ready:
        return 5;
    case SlimFaasClient::Registering:
        return 4;
    case SlimFaasClient::Connecting:
        return 3;
    case SlimFaasClient::WaitingToReconnect:
        return 2;
    case SlimFaasClient::Refused:
        return 1;
    case SlimFaasClient::Disconnected:
        break;
    }
    return 0;
}
} // namespace

bool SlimFaasClientPrivate::updateState()
{
    Q_Q(SlimFaasClient);
    if (holdState || destroyed)
        return false;
    SlimFaasClient::State newState = SlimFaasClient::Disconnected;
    int registered = 0;
    for (const SlimFaasNodeConnection *node : std::as_const(nodes)) {
        const SlimFaasClient::State nodeState = node->state;
        if (nodeState == SlimFaasClient::Ready)
            ++registered;
        if (stateRank(nodeState) > stateRank(newState))
            newState = nodeState;
    }
    if (nodes.isEmpty() && running) // every-address mode, no address (yet)
        newState = addressesKnown ? SlimFaasClient::WaitingToReconnect : SlimFaasClient::Connecting;
    const SlimFaasClient::State oldState = state;
    if (oldState != newState) {
        state = newState;
        emit q->stateChanged(newState);
        if (destroyed)
            return false;
    }
    if (registered != registeredNodeCount) {
        registeredNodeCount = registered;
        emit q->registeredNodeCountChanged(registered);
        if (destroyed)
            return false;
    }
    return oldState != SlimFaasClient::Ready && newState == SlimFaasClient::Ready;
}

// connectionId() is the first node's that has one.
void SlimFaasClientPrivate::updateConnectionId()
{
    Q_Q(SlimFaasClient);
    QString id;
    for (const SlimFaasNodeConnection *node : std::as_const(nodes)) {
        if (!node->connectionId.isEmpty()) {
            id = node->connectionId;
            break;
        }
    }
    if (connectionId == id || destroyed)
        return;
    connectionId = id;
    emit q->connectionIdChanged(id);
}

void SlimFaasClientPrivate::reportError(SlimFaasClient::Error newError, const QString &message)
{
    Q_Q(SlimFaasClient);
    if (destroyed)
        return;
    if (QThread::currentThread() != q->thread()) {
        QMetaObject::invokeMethod(
                q,
                [this, newError, message] {
                    Dispatch scope(this);
                    reportError(newError, message);
                },
                Qt::QueuedConnection);
        return;
    }
    error = newError;
    errorString = message;
    qCDebug(lcSlimFaasClient) << newError << message;
    emit q->errorOccurred(newError, message);
}

// ---------------------------------------------------------------- public face

SlimFaasClient::SlimFaasClient(QObject *parent)
    : QObject(parent), d_ptr(new SlimFaasClientPrivate(this))
{
    qRegisterMetaType<SlimFaasAsyncRequest>();
    qRegisterMetaType<SlimFaasPublishEvent>();
    qRegisterMetaType<SlimFaasFunctionConfig>();
    qRegisterMetaType<QList<SlimFaasAsyncRequest>>();
}

SlimFaasClient::SlimFaasClient(const QUrl &url, const SlimFaasFunctionConfig &config,
                               QObject *parent)
    : SlimFaasClient(parent)
{
    Q_D(SlimFaasClient);
    if (!url.isEmpty())
        d->urls = { url };
    d->config = config;
    d->applyNodeUrls(d->urls);
}

SlimFaasClient::~SlimFaasClient()
{
    Q_D(SlimFaasClient);
    // No signal of the client may reach observers from a half-destroyed object.
    d->running = false;
    d->holdState = true;
    for (SlimFaasNodeConnection *node : std::as_const(d->nodes))
        node->shutDown();
    if (d->addresses)
        d->addresses->stop();
    if (d->dispatchDepth == 0)
        return; // the children go with the client
    // Deleted by a slot of one of its own signals: the code that emitted it is still on the
    // stack and goes on with the private part, the socket and the streams. They outlive the
    // client until it returns (see Dispatch).
    d->destroyed = true;
    for (QObject *child : children()) {
        child->setParent(nullptr);
        d->orphans.append(child);
    }
    (void)d_ptr.release();
}

SlimFaasClientPrivate::~SlimFaasClientPrivate()
{
    if (!destroyed)
        return;
    // Still inside the emission of a timer or a socket: they go from the event loop.
    for (const QPointer<QObject> &object : std::as_const(orphans)) {
        if (object)
            object->deleteLater();
    }
}

QUrl SlimFaasClient::url() const
{
    return d_func()->urls.value(0);
}

void SlimFaasClient::setUrl(const QUrl &url)
{
    setNodeUrls(url.isEmpty() ? QList<QUrl>() : QList<QUrl>{ url });
}

QList<QUrl> SlimFaasClient::nodeUrls() const
{
    return d_func()->urls;
}

void SlimFaasClient::setNodeUrls(const QList<QUrl> &urls)
{
    Q_D(SlimFaasClient);
    SlimFaasClientPrivate::Dispatch scope(d); // a slot may delete the client
    QList<QUrl> distinct;
    for (const QUrl &url : urls) {
        if (!url.isEmpty() && !distinct.contains(url))
            distinct.append(url);
    }
    if (d->urls == distinct)
        return;
    const QUrl oldFirst = d->urls.value(0);
    d->urls = distinct;
    if (distinct.value(0) != oldFirst) {
        emit urlChanged(distinct.value(0));
        if (d->destroyed)
            return;
    }
    emit nodeUrlsChanged(distinct);
    if (d->destroyed)
        return;
    if (!d->everyAddress) {
        d->applyNodeUrls(distinct);
    } else if (d->running) {
        d->startAddressWatch(); // the nodes follow once the new names are resolved
    } else {
        d->resolvedUrls.clear();
        d->applyNodeUrls({});
    }
}

bool SlimFaasClient::everyAddress() const
{
    return d_func()->everyAddress;
}

void SlimFaasClient::setEveryAddress(bool enabled)
{
    Q_D(SlimFaasClient);
    SlimFaasClientPrivate::Dispatch scope(d); // a slot may delete the client
    if (d->everyAddress == enabled)
        return;
    d->everyAddress = enabled;
    emit everyAddressChanged(enabled);
    if (d->destroyed)
        return;
    d->resolvedUrls.clear();
    d->addressesKnown = false;
    if (!enabled && d->addresses)
        d->addresses->stop();
    if (enabled && d->running)
        d->startAddressWatch(); // the named nodes stay until the addresses are known
    else
        d->applyNodeUrls(d->wantedNodeUrls());
}

int SlimFaasClient::addressRefreshInterval() const
{
    return d_func()->addressRefreshInterval;
}

void SlimFaasClient::setAddressRefreshInterval(int msecs)
{
    Q_D(SlimFaasClient);
    msecs = qMax(1, msecs);
    if (d->addressRefreshInterval == msecs)
        return;
    d->addressRefreshInterval = msecs;
    if (d->addresses && d->running)
        d->addresses->setInterval(msecs);
    emit addressRefreshIntervalChanged(msecs);
}

QList<QUrl> SlimFaasClient::nodes() const
{
    QList<QUrl> urls;
    for (const SlimFaasNodeConnection *node : d_func()->nodes)
        urls.append(node->url);
    return urls;
}

int SlimFaasClient::registeredNodeCount() const
{
    return d_func()->registeredNodeCount;
}

SlimFaasClient::State SlimFaasClient::nodeState(const QUrl &node) const
{
    const SlimFaasNodeConnection *connection = d_func()->nodeFor(node);
    return connection ? State(connection->state) : Disconnected;
}

QString SlimFaasClient::nodeConnectionId(const QUrl &node) const
{
    const SlimFaasNodeConnection *connection = d_func()->nodeFor(node);
    return connection ? connection->connectionId : QString();
}

QUrl SlimFaasClient::currentNode() const
{
    const SlimFaasNodeConnection *node = d_func()->currentNode;
    return node ? node->url : QUrl();
}

SlimFaasFunctionConfig SlimFaasClient::functionConfig() const
{
    return d_func()->config;
}

void SlimFaasClient::setFunctionConfig(const SlimFaasFunctionConfig &config)
{
    Q_D(SlimFaasClient);
    SlimFaasClientPrivate::Dispatch scope(d); // a slot may delete the client
    if (d->config == config)
        return;
    d->config = config;
    emit functionConfigChanged(config);
    if (!d->running)
        return; // applied by the next open()
    const QList<SlimFaasNodeConnection *> nodes = d->nodes;
    for (SlimFaasNodeConnection *node : nodes) {
        if (d->destroyed || !d->running)
            return;
        if (d->nodes.contains(node))
            node->restartForNewSettings();
    }
}

SlimFaasClient::State SlimFaasClient::state() const
{
    return d_func()->state;
}
QString SlimFaasClient::connectionId() const
{
    return d_func()->connectionId;
}
SlimFaasClient::Error SlimFaasClient::error() const
{
    return d_func()->error;
}
QString SlimFaasClient::errorString() const
{
    return d_func()->errorString;
}

int SlimFaasClient::pingInterval() const
{
    return d_func()->pingInterval;
}

void SlimFaasClient::setPingInterval(int msecs)
{
    Q_D(SlimFaasClient);
    SlimFaasClientPrivate::Dispatch scope(d); // a slot may delete the client
    msecs = qMax(0, msecs);
    if (d->pingInterval == msecs)
        return;
    d->pingInterval = msecs;
    emit pingIntervalChanged(msecs);
    if (d->destroyed)
        return;
    for (SlimFaasNodeConnection *node : std::as_const(d->nodes))
        node->applyPingInterval();
}

int SlimFaasClient::callbackTimeout() const
{
    return d_func()->callbackTimeout;
}
void SlimFaasClient::setCallbackTimeout(int msecs)
{
    Q_D(SlimFaasClient);
    msecs = qMax(1, msecs);
    if (d->callbackTimeout == msecs)
        return;
    d->callbackTimeout = msecs;
    emit callbackTimeoutChanged(msecs);
}

int SlimFaasClient::deadPeerTimeout() const
{
    return d_func()->deadPeerTimeout;
}
void SlimFaasClient::setDeadPeerTimeout(int msecs)
{
    Q_D(SlimFaasClient);
    msecs = qMax(0, msecs);
    if (d->deadPeerTimeout == msecs)
        return;
    d->deadPeerTimeout = msecs;
    for (SlimFaasNodeConnection *node : std::as_const(d->nodes))
        node->applyDeadPeerTimeout();
    emit deadPeerTimeoutChanged(msecs);
}

int SlimFaasClient::minimumReconnectDelay() const
{
    return d_func()->minimumReconnectDelay;
}

void SlimFaasClient::setMinimumReconnectDelay(int msecs)
{
    Q_D(SlimFaasClient);
    msecs = qMax(0, msecs);
    if (d->minimumReconnectDelay == msecs)
        return;
    d->minimumReconnectDelay = msecs;
    emit minimumReconnectDelayChanged(msecs);
}

int SlimFaasClient::maximumReconnectDelay() const
{
    return d_func()->maximumReconnectDelay;
}

void SlimFaasClient::setMaximumReconnectDelay(int msecs)
{
    Q_D(SlimFaasClient);
    msecs = qMax(0, msecs);
    if (d->maximumReconnectDelay == msecs)
        return;
    d->maximumReconnectDelay = msecs;
    emit maximumReconnectDelayChanged(msecs);
}

bool SlimFaasClient::retryAfterRefusal() const
{
    return d_func()->retryAfterRefusal;
}
void SlimFaasClient::setRetryAfterRefusal(bool retry)
{
    Q_D(SlimFaasClient);
    if (d->retryAfterRefusal == retry)
        return;
    d->retryAfterRefusal = retry;
    emit retryAfterRefusalChanged(retry);
}

qint64 SlimFaasClient::maximumIncomingMessageSize() const
{
    return d_func()->maximumIncomingMessageSize;
}

void SlimFaasClient::setMaximumIncomingMessageSize(qint64 bytes)
{
    Q_D(SlimFaasClient);
    bytes = qMax<qint64>(SlimFaasProtocol::FrameHeaderSize, bytes);
    if (d->maximumIncomingMessageSize == bytes)
        return;
    d->maximumIncomingMessageSize = bytes;
    emit maximumIncomingMessageSizeChanged(bytes);
    for (SlimFaasNodeConnection *node : std::as_const(d->nodes))
        node->applyMaximumIncomingMessageSize();
}

void SlimFaasClient::setHandshakeHeader(const QByteArray &name, const QByteArray &value)
{
    setSlimFaasRawHeader(&d_func()->handshakeHeaders, name, value);
}

QList<QPair<QByteArray, QByteArray>> SlimFaasClient::handshakeHeaders() const
{
    return d_func()->handshakeHeaders;
}

#ifndef QT_NO_SSL
QSslConfiguration SlimFaasClient::sslConfiguration() const
{
    return d_func()->sslConfiguration;
}

void SlimFaasClient::setSslConfiguration(const QSslConfiguration &configuration)
{
    d_func()->sslConfiguration = configuration;
}

void SlimFaasClient::ignoreSslErrors(const QList<QSslError> &errors)
{
    d_func()->expectedSslErrors = errors;
}

void SlimFaasClient::ignoreSslErrors()
{
    if (SlimFaasNodeConnection *node = d_func()->currentNode)
        node->ignoreHandshakeSslErrors = true;
}
#endif

QNetworkProxy SlimFaasClient::proxy() const
{
    return d_func()->proxy;
}

void SlimFaasClient::setProxy(const QNetworkProxy &proxy)
{
    d_func()->proxy = proxy;
}

void SlimFaasClient::setAsyncRequestHandler(AsyncRequestHandler handler)
{
    d_func()->asyncRequestHandler = std::move(handler);
}

void SlimFaasClient::setPublishEventHandler(PublishEventHandler handler)
{
    d_func()->publishEventHandler = std::move(handler);
}

void SlimFaasClient::setSyncRequestHandler(SyncRequestHandler handler)
{
    d_func()->syncRequestHandler = std::move(handler);
}

QList<SlimFaasSyncRequest *> SlimFaasClient::openSyncRequests() const
{
    QList<SlimFaasSyncRequest *> open;
    for (const SlimFaasNodeConnection *node : d_func()->nodes)
        open += node->syncStreams->openRequests();
    return open;
}

int SlimFaasClient::openSyncRequestCount() const
{
    int count = 0;
    for (const SlimFaasNodeConnection *node : d_func()->nodes)
        count += node->syncStreams->openCount();
    return count;
}

QList<SlimFaasAsyncRequest> SlimFaasClient::pendingRequests() const
{
    const SlimFaasClientPrivate *d = d_func();
    QMutexLocker lock(&d->tablesLock);
    if (d->tables.size() == 1)
        return d->tables.first()->requests();
    QList<SlimFaasAsyncRequest> requests;
    for (const auto &table : d->tables)
        requests += table->requests();
    // Each table's are in order of arrival; received times merge them (stable for ties).
    std::stable_sort(requests.begin(), requests.end(),
                     [](const SlimFaasAsyncRequest &a, const SlimFaasAsyncRequest &b) {
                         return a.receivedAt() < b.receivedAt();
                     });
    return requests;
}

int SlimFaasClient::pendingRequestCount() const
{
    const SlimFaasClientPrivate *d = d_func();
    QMutexLocker lock(&d->tablesLock);
    int count = 0;
    for (const auto &table : d->tables)
        count += table->count();
    return count;
}

bool SlimFaasClient::waitForReady(int msecs)
{
    Q_D(SlimFaasClient);
    if (d->state == Ready)
        return true;
    if (!d->running)
        return false;
    QEventLoop loop;
    connect(this, &SlimFaasClient::stateChanged, &loop, [&loop](State newState) {
        if (newState == Ready || newState == Refused || newState == Disconnected)
            loop.quit();
    });
    QTimer::singleShot(msecs, &loop, &QEventLoop::quit);
    loop.exec(QEventLoop::ExcludeUserInputEvents);
    return d->state == Ready;
}

// open() and close() from a thread that does not own the client would start its socket and
// timers where no event loop drives them: said clearly, and done where they belong.
static bool queuedToOwnerThread(SlimFaasClient *client, void (SlimFaasClient::*slot)(),
                                const char *name)
{
    if (QThread::currentThread() == client->thread())
        return false;
    qCWarning(lcSlimFaasClient,
              "%s() called from a thread that does not own the client; "
              "queued to the client's thread (call it there, or through "
              "QMetaObject::invokeMethod())",
              name);
    QMetaObject::invokeMethod(client, slot, Qt::QueuedConnection);
    return true;
}

void SlimFaasClient::open()
{
    Q_D(SlimFaasClient);
    SlimFaasClientPrivate::Dispatch scope(d); // a slot may delete the client
    if (queuedToOwnerThread(this, &SlimFaasClient::open, "open"))
        return;
    if (d->running) {
        // Those waiting to reconnect try now; the others are connecting or connected.
        const QList<SlimFaasNodeConnection *> nodes = d->nodes;
        for (SlimFaasNodeConnection *node : nodes) {
            if (d->destroyed || !d->running)
                return;
            if (d->nodes.contains(node) && node->state == WaitingToReconnect)
                node->start();
        }
        return;
    }
    const QList<QUrl> urls = d->urls.isEmpty() ? QList<QUrl>{ QUrl() } : d->urls;
    for (const QUrl &url : urls) {
        if (!url.isValid()
            || (url.scheme() != QLatin1String("ws") && url.scheme() != QLatin1String("wss"))
            || (d->everyAddress && url.host().isEmpty())) {
            d->reportError(ConnectionError,
                           tr("Invalid SlimFaas WebSocket URL \"%1\": expected ws:// or wss://.")
                                   .arg(url.toString()));
            return;
        }
    }
    if (!d->config.isValid()) {
        d->reportError(InvalidConfiguration, d->config.validationError());
        return;
    }
    d->running = true;
    if (d->everyAddress) {
        d->addressesKnown = false;
        d->startAddressWatch();
        if (d->destroyed || !d->running)
            return;
    }
    const QList<SlimFaasNodeConnection *> nodes = d->nodes;
    for (SlimFaasNodeConnection *node : nodes) {
        if (d->destroyed || !d->running)
            return;
        if (d->nodes.contains(node) && node->state != Connecting && node->state != Registering)
            node->start();
    }
    if (nodes.isEmpty())
        d->updateState(); // every-address mode: Connecting while the names are looked up
}

void SlimFaasClient::close()
{
    Q_D(SlimFaasClient);
    SlimFaasClientPrivate::Dispatch scope(d); // a slot may delete the client
    if (queuedToOwnerThread(this, &SlimFaasClient::close, "close"))
        return;
    d->running = false;
    if (d->addresses)
        d->addresses->stop();
    const QList<SlimFaasNodeConnection *> nodes = d->nodes;
    for (SlimFaasNodeConnection *node : nodes) {
        if (d->destroyed)
            return;
        if (d->nodes.contains(node))
            node->stop();
    }
    d->updateState();
}

// From another thread, the signals come later, queued: nothing to guard then (and the
// dispatch depth belongs to the client's thread).
bool SlimFaasClient::sendCallback(const QString &elementId, int statusCode)
{
    Q_D(SlimFaasClient);
    if (QThread::currentThread() != thread())
        return d->acceptCallback(elementId, statusCode, nullptr);
    SlimFaasClientPrivate::Dispatch scope(d);
    return d->acceptCallback(elementId, statusCode, nullptr);
}

bool SlimFaasClient::sendCallback(const SlimFaasAsyncRequest &request, int statusCode)
{
    Q_D(SlimFaasClient);
    if (QThread::currentThread() != thread())
        return d->acceptCallback(request.elementId(), statusCode, &request);
    SlimFaasClientPrivate::Dispatch scope(d);
    return d->acceptCallback(request.elementId(), statusCode, &request);
}
