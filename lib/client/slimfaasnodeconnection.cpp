// SPDX-License-Identifier: MIT
#include "slimfaasclient_p.h"
#include "slimfaasframe_p.h"
#include "slimfaasnodeconnection_p.h"
#include "slimfaassyncstreams_p.h"

#include <QtCore/qmetaobject.h>
#include <QtCore/qrandom.h>
#include <QtCore/qtimer.h>
#include <QtNetwork/qnetworkrequest.h>
#include <QtWebSockets/qwebsocket.h>

#include <algorithm>
#include <functional>
#include <limits>

using SlimFaasProtocol::MessageType;

namespace {
// Upper bound of the random extra added to each reconnect delay, as a fraction of it:
// spreads the reconnects of many replicas after a SlimFaas restart.
constexpr double ReconnectJitter = 0.25;
} // namespace

class SlimFaasNodeConnection::Dispatch
{
public:
    explicit Dispatch(SlimFaasNodeConnection *node)
        : client(node->d), d(node->d), previous(node->d->currentNode)
    {
        d->currentNode = node;
    }
    ~Dispatch() { d->currentNode = previous; }
    Q_DISABLE_COPY_MOVE(Dispatch)

private:
    SlimFaasClientPrivate::Dispatch client; // destroyed last: it may free d
    SlimFaasClientPrivate *d;
    SlimFaasNodeConnection *previous;
};

SlimFaasNodeConnection::SlimFaasNodeConnection(SlimFaasClientPrivate *client, const QUrl &url,
                                               QObject *parent)
    : QObject(parent), d(client), q(client->q_ptr), url(url),
      syncStreams(new SlimFaasSyncStreams(this)), pingTimer(new QTimer(this)),
      deadPeerTimer(new QTimer(this)), reconnectTimer(new QTimer(this)),
      expiryTimer(new QTimer(this)), pending(std::make_shared<SlimFaasPendingRequests>())
{
    QObject::connect(syncStreams, &SlimFaasSyncStreams::requestStarted, this,
                     [this](SlimFaasSyncRequest *request) {
                         Dispatch scope(this);
                         d->offerSyncRequest(request);
                     });
    pingTimer->setTimerType(Qt::CoarseTimer);
    reconnectTimer->setSingleShot(true);
    expiryTimer->setSingleShot(true);
    QObject::connect(expiryTimer, &QTimer::timeout, this, [this] {
        Dispatch scope(this);
        expirePendingRequests();
    });
    QObject::connect(pingTimer, &QTimer::timeout, this, [this] {
        Dispatch scope(this);
        sendPing();
    });
    QObject::connect(deadPeerTimer, &QTimer::timeout, this, [this] {
        Dispatch scope(this);
        onDeadPeerTimeout();
    });
    QObject::connect(reconnectTimer, &QTimer::timeout, this, [this] {
        Dispatch scope(this);
        connectSocket();
    });
}

SlimFaasNodeConnection::~SlimFaasNodeConnection() = default;

// ---------------------------------------------------------------- driven by the client

void SlimFaasNodeConnection::start()
{
    Dispatch scope(this);
    reconnectTimer->stop();
    reconnectAttempt = 0;
    connectSocket();
}

void SlimFaasNodeConnection::stop()
{
    Dispatch scope(this);
    reconnectTimer->stop();
    detachSocket(true);
    setState(SlimFaasClient::Disconnected);
}

// SlimFaas reads the configuration once, from the Register of a connection: new settings
// take effect only through a new connection. Making it now keeps the application from
// running with a registration that no longer matches what it set (a subscription it asked
// for and never gets).
void SlimFaasNodeConnection::restartForNewSettings()
{
    Dispatch scope(this);
    qCInfo(lcSlimFaasClient) << "settings changed: reconnecting to" << url.toDisplayString();
    reconnectTimer->stop();
    reconnectAttempt = 0;
    detachSocket(true);
    connectSocket();
}

// Everything of the node ends as for a lost connection (its pending requests abandoned, its
// sync streams cancelled), then it falls silent: the client drops it from its lists.
void SlimFaasNodeConnection::retire()
{
    Dispatch scope(this);
    reconnectTimer->stop();
    expiryTimer->stop();
    detachSocket(true);
    setState(SlimFaasClient::Disconnected);
    retired = true;
    // The ended requests the application still holds live on with the client, as those of
    // the nodes that stay.
    const QObjectList requests = syncStreams->children();
    for (QObject *request : requests)
        request->setParent(q);
}

void SlimFaasNodeConnection::shutDown()
{
    pingTimer->stop();
    deadPeerTimer->stop();
    reconnectTimer->stop();
    expiryTimer->stop();
    // Open sync requests end before they are freed, so that a worker writing to one stops
    // (see SlimFaasSyncRequest): nothing more is sent.
    syncStreams->setTransport({});
    syncStreams->abortAll(SlimFaasSyncRequest::ClientDestroyed);
    QWebSocket *old = socket;
    socket = nullptr;
    if (old) {
        QObject::disconnect(old, nullptr, this, nullptr);
        QObject::disconnect(old, nullptr, syncStreams, nullptr);
        old->abort();
    }
}

void SlimFaasNodeConnection::applyPingInterval()
{
    if (state != SlimFaasClient::Ready)
        return;
    if (d->pingInterval > 0)
        pingTimer->start(d->pingInterval);
    else
        pingTimer->stop();
}

void SlimFaasNodeConnection::applyDeadPeerTimeout()
{
    // A watch under way goes on with the new timeout (or ends, for 0).
    if (deadPeerTimer->isActive()) {
        deadPeerTimer->stop();
        armDeadPeerTimer();
    }
}

void SlimFaasNodeConnection::applyMaximumIncomingMessageSize()
{
    if (socket) {
        socket->setMaxAllowedIncomingMessageSize(quint64(d->maximumIncomingMessageSize));
        socket->setMaxAllowedIncomingFrameSize(quint64(d->maximumIncomingMessageSize));
    }
}

// ---------------------------------------------------------------- lifecycle

void SlimFaasNodeConnection::connectSocket()
{
    detachSocket(false);
    dropReported = false;

    auto *ws = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, q);
    socket = ws;
    ws->setMaxAllowedIncomingMessageSize(quint64(d->maximumIncomingMessageSize));
    ws->setMaxAllowedIncomingFrameSize(quint64(d->maximumIncomingMessageSize));
#ifndef QT_NO_SSL
    ws->setSslConfiguration(d->sslConfiguration);
    if (!d->expectedSslErrors.isEmpty())
        ws->ignoreSslErrors(d->expectedSslErrors);
    QObject::connect(ws, &QWebSocket::sslErrors, this, [this, ws](const QList<QSslError> &errors) {
        Dispatch scope(this);
        ignoreHandshakeSslErrors = false;
        emit q->sslErrors(errors);
        if (d->destroyed || ws != socket)
            return; // deleted, or closed, by the slot
        if (ignoreHandshakeSslErrors) {
            ignoreHandshakeSslErrors = false;
            ws->ignoreSslErrors();
            return;
        }
        QStringList messages;
        for (const QSslError &sslError : errors) {
            if (!d->expectedSslErrors.contains(sslError))
                messages.append(sslError.errorString());
        }
        if (messages.isEmpty())
            return; // all expected: the handshake goes on
        dropReported = true;
        d->reportError(SlimFaasClient::SslError, messages.join(QLatin1String("; ")));
    });
#endif
    QObject::connect(ws, &QWebSocket::connected, this, [this] {
        Dispatch scope(this);
        onSocketConnected();
    });
    QObject::connect(ws, &QWebSocket::disconnected, this, [this, ws] {
        Dispatch scope(this);
        onSocketLost(ws);
    });
    QObject::connect(ws, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
                     [this, ws](QAbstractSocket::SocketError) {
                         Dispatch scope(this);
                         // A failed connection attempt reports an error but no disconnected().
                         if (ws->state() == QAbstractSocket::UnconnectedState)
                             onSocketLost(ws);
                     });
    QObject::connect(ws, &QWebSocket::textMessageReceived, this, [this](const QString &message) {
        Dispatch scope(this);
        onTextMessage(message);
    });
    QObject::connect(ws, &QWebSocket::binaryMessageReceived, this,
                     [this](const QByteArray &message) {
                         Dispatch scope(this);
                         onBinaryMessage(message);
                     });
    QObject::connect(ws, &QWebSocket::bytesWritten, syncStreams, &SlimFaasSyncStreams::pump);

    ws->setProxy(d->proxy);
    QNetworkRequest request(url);
    for (const auto &header : std::as_const(d->handshakeHeaders))
        request.setRawHeader(header.first, header.second);

    setState(SlimFaasClient::Connecting);
    qCDebug(lcSlimFaasClient) << "connecting to" << url.toDisplayString();
    restartDeadPeerClock();
    ws->open(request);
}

void SlimFaasNodeConnection::onSocketConnected()
{
    setState(SlimFaasClient::Registering);
    registerCorrelationId = SlimFaasProtocol::newCorrelationId();
    qCDebug(lcSlimFaasClient) << "connected, registering" << d->config.functionName();
    sendEnvelope(MessageType::Register, registerCorrelationId,
                 SlimFaasProtocol::registerPayload(d->config));
    restartDeadPeerClock();
}

void SlimFaasNodeConnection::onSocketLost(QWebSocket *lost)
{
    if (lost != socket)
        return; // a socket we already replaced or closed on purpose
    if (!dropReported) {
        if (lost->closeCode() == QWebSocketProtocol::CloseCodeTooMuchData) {
            // Either side may have closed with 1009, and QWebSocket does not tell which.
            d->reportError(SlimFaasClient::MessageTooLarge,
                           SlimFaasClient::tr("A message was too large for the connection: the "
                                              "server sent one over this client's maximum of "
                                              "%1 bytes, or it refused one this client sent.")
                                   .arg(d->maximumIncomingMessageSize));
        } else {
            const QString reason = lost->errorString();
            d->reportError(SlimFaasClient::ConnectionError,
                           reason.isEmpty() ? SlimFaasClient::tr("The connection was closed.")
                                            : reason);
        }
    }
    detachSocket(false);
    if (d->running && !retired)
        scheduleReconnect();
    else
        setState(SlimFaasClient::Disconnected);
}

void SlimFaasNodeConnection::dropConnection(SlimFaasClient::Error dropError, const QString &message)
{
    dropReported = true;
    d->reportError(dropError, message);
    detachSocket(false);
    if (d->running && !retired)
        scheduleReconnect();
    else
        setState(SlimFaasClient::Disconnected);
}

// Forgets the current socket: no signal of it reaches us any more. Everything bound to the
// connection goes with it: timers, connectionId, pending requests.
void SlimFaasNodeConnection::detachSocket(bool graceful)
{
    pingTimer->stop();
    deadPeerTimer->stop();
    abandonPendingRequests();
    syncStreams->setTransport({});
    syncStreams->abortAll();
    setConnectionId(QString());

    QWebSocket *old = socket;
    socket = nullptr;
    if (!old || d->destroyed)
        return;
    QObject::disconnect(old, nullptr, this, nullptr);
    if (graceful && old->state() == QAbstractSocket::ConnectedState) {
        // Let the close handshake finish so the server unregisters us at once; the socket
        // deletes itself when done, or after a grace period if the server never answers.
        QObject::connect(old, &QWebSocket::disconnected, old, &QObject::deleteLater);
        QTimer::singleShot(5000, old, &QObject::deleteLater);
        old->close(QWebSocketProtocol::CloseCodeNormal);
    } else {
        old->abort();
        old->deleteLater();
    }
}

void SlimFaasNodeConnection::scheduleReconnect()
{
    const int delay = nextReconnectDelay();
    setState(SlimFaasClient::WaitingToReconnect);
    qCInfo(lcSlimFaasClient) << "reconnecting to" << url.toDisplayString() << "in" << delay
                             << "ms, attempt" << reconnectAttempt;
    reconnectTimer->start(delay);
    if (d->destroyed)
        return;
    emit q->reconnectScheduled(delay, reconnectAttempt);
    if (!d->destroyed)
        d->onNodeReconnectScheduled();
}

int SlimFaasNodeConnection::nextReconnectDelay()
{
    ++reconnectAttempt;
    const int minimum = qMax(0, d->minimumReconnectDelay);
    const int maximum = qMax(minimum, d->maximumReconnectDelay);
    double delay = minimum;
    for (int i = 1; i < reconnectAttempt && delay < maximum; ++i)
        delay *= 2;
    delay *= 1.0 + ReconnectJitter * QRandomGenerator::global()->generateDouble();
    return int(std::clamp(delay, double(minimum), double(maximum)));
}

// The dead-peer timer ticks every quarter of deadPeerTimeout and looks whether a message
// came since the tick before. Every message proves the peer alive, and under load a clock
// read per message (let alone a timer restart) costs more than the rest of its
// bookkeeping: a message only sets a flag. Four quiet quarters in a row are a silence of at
// least deadPeerTimeout and less than 1.25 times it.
static constexpr int DeadPeerTicks = 4;

// The handshake and the registration must complete within deadPeerTimeout, counted from now.
void SlimFaasNodeConnection::restartDeadPeerClock()
{
    if (d->deadPeerTimeout > 0)
        startDeadPeerTicks();
}

void SlimFaasNodeConnection::startDeadPeerTicks()
{
    trafficSinceTick = false;
    quietTicks = 0;
    deadPeerTimer->start(qMax(1, d->deadPeerTimeout / DeadPeerTicks));
}

void SlimFaasNodeConnection::armDeadPeerTimer()
{
    // Silence is normal when the client does not ping; only then can it prove a dead peer.
    const bool watching = state == SlimFaasClient::Ready ? d->pingInterval > 0 : true;
    if (d->deadPeerTimeout > 0 && watching)
        startDeadPeerTicks();
}

void SlimFaasNodeConnection::noteTraffic()
{
    if (!deadPeerTimer->isActive())
        armDeadPeerTimer();
    trafficSinceTick = true;
}

void SlimFaasNodeConnection::onDeadPeerTimeout()
{
    if (trafficSinceTick) {
        trafficSinceTick = false;
        quietTicks = 0;
        return;
    }
    if (++quietTicks < DeadPeerTicks)
        return;
    deadPeerTimer->stop();
    if (state == SlimFaasClient::Ready) {
        dropConnection(SlimFaasClient::DeadPeer,
                       SlimFaasClient::tr("No answer from the server for %1 ms: connection "
                                          "considered dead.")
                               .arg(d->deadPeerTimeout));
    } else {
        dropConnection(SlimFaasClient::RegistrationTimeout,
                       SlimFaasClient::tr("The server did not complete the handshake and "
                                          "registration within %1 ms.")
                               .arg(d->deadPeerTimeout));
    }
}

void SlimFaasNodeConnection::sendPing()
{
    sendEnvelope(MessageType::Ping, SlimFaasProtocol::newCorrelationId(), QJsonValue::Null);
}

// ---------------------------------------------------------------- incoming

void SlimFaasNodeConnection::onTextMessage(const QString &message)
{
    noteTraffic();
    // Requests and events, nearly all the traffic, are read in one pass from the text.
    if (auto traffic = SlimFaasProtocol::decodeTrafficMessage(message)) {
        static const QMetaMethod receivedSignal
                = QMetaMethod::fromSignal(&SlimFaasClient::messageReceived);
        if (q->isSignalConnected(receivedSignal))
            emit q->messageReceived(traffic->type, traffic->correlationId, message.toUtf8());
        if (d->destroyed || !socket || !acceptsTraffic(traffic->type))
            return;
        if (traffic->asyncRequest)
            acceptAsyncRequest(*traffic->asyncRequest);
        else
            d->acceptPublishEvent(traffic->correlationId, *traffic->publishEvent);
        return;
    }
    // Everything else, and whatever the fast path found unusual: the general decoder, which
    // also says what is wrong.
    const QByteArray json = message.toUtf8();
    QString decodeError;
    const auto envelope = SlimFaasProtocol::decodeEnvelope(json, &decodeError);
    if (!envelope) {
        qCWarning(lcSlimFaasClient) << "ignoring undecodable message:" << decodeError;
        d->reportError(
                SlimFaasClient::ProtocolError,
                SlimFaasClient::tr("Ignored a message from the server: %1").arg(decodeError));
        return;
    }
    emit q->messageReceived(MessageType(envelope->type), envelope->correlationId, json);
    if (d->destroyed || !socket)
        return; // an observer closed or deleted the client

    switch (envelope->type) {
    case int(MessageType::RegisterResponse):
        handleRegisterResponse(*envelope);
        break;
    case int(MessageType::AsyncRequest):
        handleAsyncRequest(*envelope);
        break;
    case int(MessageType::PublishEvent):
        handlePublishEvent(*envelope);
        break;
    case int(MessageType::Pong):
        break; // its arrival already re-armed the dead-peer timer
    default:
        qCDebug(lcSlimFaasClient) << "ignoring message of type" << envelope->type;
        break;
    }
}

void SlimFaasNodeConnection::onBinaryMessage(const QByteArray &message)
{
    noteTraffic();
    QString decodeError;
    bool lengthMismatch = false;
    const auto view
            = SlimFaasProtocol::decodeFrameInMessage(message, &decodeError, &lengthMismatch);
    if (!view) {
        qCWarning(lcSlimFaasClient) << "ignoring binary message:" << decodeError;
        return;
    }
    if (lengthMismatch)
        qCWarning(lcSlimFaasClient) << "binary frame" << view->frame.correlationId
                                    << "declares a length that differs from its payload;"
                                       " using the smaller";
    emit q->messageReceived(view->frame.type, view->frame.correlationId, message);
    if (d->destroyed)
        return;
    if (state != SlimFaasClient::Ready) {
        qCWarning(lcSlimFaasClient) << "ignoring binary frame received before registration";
        return;
    }
    syncStreams->handleFrame(*view, message);
}

void SlimFaasNodeConnection::handleRegisterResponse(const SlimFaasProtocol::Envelope &envelope)
{
    if (state != SlimFaasClient::Registering || envelope.correlationId != registerCorrelationId) {
        qCWarning(lcSlimFaasClient)
                << "ignoring unexpected RegisterResponse" << envelope.correlationId;
        return;
    }
    QString decodeError;
    const auto response = SlimFaasProtocol::parseRegisterResponse(envelope.payload, &decodeError);
    if (!response) {
        dropConnection(SlimFaasClient::ProtocolError,
                       SlimFaasClient::tr("Invalid registration response: %1").arg(decodeError));
        return;
    }
    if (!response->success) {
        const QString reason = response->error.isEmpty()
                ? SlimFaasClient::tr("The server refused the registration without a reason.")
                : response->error;
        qCWarning(lcSlimFaasClient)
                << "registration refused by" << url.toDisplayString() << ":" << reason;
        dropReported = true;
        d->reportError(SlimFaasClient::RegistrationRefused, reason);
        // The server leaves the socket open after a refusal; closing it is our job.
        detachSocket(true);
        if (d->retryAfterRefusal)
            scheduleReconnect();
        else
            d->stopAfterRefusal(this);
        if (!d->destroyed)
            emit q->registrationRefused(reason);
        return;
    }

    reconnectAttempt = 0;
    pending->registerConnection(response->connectionId);
    setConnectionId(response->connectionId);
    qCInfo(lcSlimFaasClient) << "registered" << d->config.functionName() << "as"
                             << response->connectionId << "on" << url.toDisplayString();
    QWebSocket *ws = socket;
    syncStreams->setTransport(
            { [this, ws](MessageType type, const QString &correlationId, const QByteArray &frame) {
                 Dispatch scope(this);
                 ws->sendBinaryMessage(frame);
                 if (!d->destroyed)
                     emit q->messageSent(type, correlationId, frame);
             },
              [ws] { return ws->bytesToWrite(); },
              [this] {
                  static const QMetaMethod sentSignal
                          = QMetaMethod::fromSignal(&SlimFaasClient::messageSent);
                  return q->isSignalConnected(sentSignal);
              } });
    state = SlimFaasClient::Ready;
    const bool clientReady = d->updateState();
    if (d->destroyed)
        return;
    if (state == SlimFaasClient::Ready) { // unless a slot of stateChanged() closed it
        if (d->pingInterval > 0)
            pingTimer->start(d->pingInterval);
        deadPeerTimer->stop();
        armDeadPeerTimer();
    }
    emit q->nodeStateChanged(url, SlimFaasClient::Ready);
    if (!d->destroyed)
        emit q->nodeRegistered(url, connectionId);
    if (!d->destroyed && clientReady)
        emit q->ready();
}

bool SlimFaasNodeConnection::acceptsTraffic(MessageType type) const
{
    if (state == SlimFaasClient::Ready)
        return true;
    qCWarning(lcSlimFaasClient).noquote()
            << "ignoring" << SlimFaasProtocol::messageTypeName(type) << "received before "
            << "registration";
    return false;
}

void SlimFaasNodeConnection::handleAsyncRequest(const SlimFaasProtocol::Envelope &envelope)
{
    if (!acceptsTraffic(MessageType::AsyncRequest))
        return;
    QString decodeError;
    auto request = SlimFaasProtocol::parseAsyncRequest(envelope.payload, &decodeError);
    if (!request) {
        qCWarning(lcSlimFaasClient)
                << "ignoring invalid AsyncRequest" << envelope.correlationId << ":" << decodeError;
        d->reportError(SlimFaasClient::ProtocolError,
                       SlimFaasClient::tr("Ignored an invalid async request: %1").arg(decodeError));
        return;
    }
    acceptAsyncRequest(*request);
}

// Takes the decoder's own copy: filling in the connection's fields then detaches nothing.
void SlimFaasNodeConnection::acceptAsyncRequest(SlimFaasAsyncRequest &request)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    request.setReceivedAt(now);
    request.setDeadline(now.addMSecs(d->callbackTimeout));
    request.setConnectionId(connectionId);
    const QString elementId = request.elementId();
    if (!pending->add(request))
        qCWarning(lcSlimFaasClient)
                << "AsyncRequest" << elementId << "delivered again while still pending";
    if (!expiryTimer->isActive())
        armExpiryTimer();
    emit q->pendingRequestCountChanged(d->totalPendingCount());
    if (d->destroyed)
        return;

    QPointer<SlimFaasClient> guard(q);
    emit q->asyncRequestReceived(request);
    if (!guard)
        return;

    if (d->asyncRequestHandler) {
        int status = 500; // what a handler that throws answers
        // Handed over by reference: three captures would not fit in std::function's own
        // storage, and allocating it would cost as much as the handler itself.
        const auto call = [&] {
            status = d->asyncRequestHandler(request);
        };
        d->runHandler(std::cref(call),
                      QT_TRANSLATE_NOOP("SlimFaasClient", "The async request handler failed: %1"));
        if (!guard || status == SlimFaasClient::DeferredStatus)
            return;
        if (status < 100 || status > 599) {
            qCWarning(lcSlimFaasClient) << "handler returned invalid status" << status << "for"
                                        << elementId << "- answering 500";
            status = 500;
        }
        // When a slot of asyncRequestReceived() or the handler itself already answered with
        // sendCallback(), that first answer stands and this one is refused (AlreadyAnswered)
        // as any second answer is.
        d->acceptCallback(elementId, status, nullptr, pending.get());
    } else if (!q->isSignalConnected(
                       QMetaMethod::fromSignal(&SlimFaasClient::asyncRequestReceived))) {
        qCWarning(lcSlimFaasClient)
                << "no handler for AsyncRequest" << elementId << "- answering 500";
        d->acceptCallback(elementId, 500, nullptr, pending.get());
    }
}

void SlimFaasNodeConnection::handlePublishEvent(const SlimFaasProtocol::Envelope &envelope)
{
    if (!acceptsTraffic(MessageType::PublishEvent))
        return;
    QString decodeError;
    auto event = SlimFaasProtocol::parsePublishEvent(envelope.payload, &decodeError);
    if (!event) {
        qCWarning(lcSlimFaasClient)
                << "ignoring invalid PublishEvent" << envelope.correlationId << ":" << decodeError;
        d->reportError(SlimFaasClient::ProtocolError,
                       SlimFaasClient::tr("Ignored an invalid event: %1").arg(decodeError));
        return;
    }
    d->acceptPublishEvent(envelope.correlationId, *event);
}

// ---------------------------------------------------------------- outgoing

bool SlimFaasNodeConnection::sendEnvelope(MessageType type, const QString &correlationId,
                                          const QJsonValue &payload)
{
    return sendText(
            type, correlationId,
            QString::fromUtf8(SlimFaasProtocol::encodeEnvelope(type, correlationId, payload)));
}

bool SlimFaasNodeConnection::sendText(MessageType type, const QString &correlationId,
                                      const QString &json)
{
    if (!socket || socket->state() != QAbstractSocket::ConnectedState)
        return false;
    socket->sendTextMessage(json);
    // The UTF-8 copy is for observers only: callbacks, nearly all that is sent, skip it.
    static const QMetaMethod sentSignal = QMetaMethod::fromSignal(&SlimFaasClient::messageSent);
    if (!d->destroyed && q->isSignalConnected(sentSignal))
        emit q->messageSent(type, correlationId, json.toUtf8());
    return true;
}

void SlimFaasNodeConnection::transmitCallback(const QString &elementId, int statusCode,
                                              quint64 generation)
{
    Dispatch scope(this);
    if (!pending->isCurrent(generation)
        || !sendText(MessageType::AsyncCallback, elementId,
                     SlimFaasProtocol::encodeAsyncCallbackText({ elementId, statusCode }))) {
        // The server has already answered it 503 and will deliver it again.
        qCWarning(lcSlimFaasClient) << "connection lost before the callback for" << elementId
                                    << "could be sent; SlimFaas will retry it";
        return;
    }
    if (d->destroyed)
        return;
    emit q->callbackSent(elementId, statusCode);
    if (!d->destroyed)
        emit q->pendingRequestCountChanged(d->totalPendingCount());
}

// Requests past their deadline have been recorded 504 by SlimFaas; an answer now would be
// dropped there, so they leave the pending list.
void SlimFaasNodeConnection::expirePendingRequests()
{
    const QList<SlimFaasAsyncRequest> expired
            = pending->takeExpired(QDateTime::currentDateTimeUtc());
    armExpiryTimer();
    if (expired.isEmpty())
        return;
    QPointer<SlimFaasClient> guard(q);
    emit q->pendingRequestCountChanged(d->totalPendingCount());
    // Told through asyncRequestExpired() when someone listens; worth a warning otherwise.
    const bool heard
            = q->isSignalConnected(QMetaMethod::fromSignal(&SlimFaasClient::asyncRequestExpired));
    for (const SlimFaasAsyncRequest &request : std::as_const(expired)) {
        if (!guard)
            return;
        if (heard)
            qCDebug(lcSlimFaasClient) << "request" << request.elementId()
                                      << "expired unanswered: SlimFaas recorded 504";
        else
            qCWarning(lcSlimFaasClient) << "request" << request.elementId()
                                        << "expired unanswered: SlimFaas recorded 504";
        emit q->asyncRequestExpired(request);
    }
}

void SlimFaasNodeConnection::armExpiryTimer()
{
    const QDateTime earliest = pending->earliestDeadline();
    if (!earliest.isValid()) {
        expiryTimer->stop();
        return;
    }
    const qint64 wait = QDateTime::currentDateTimeUtc().msecsTo(earliest);
    expiryTimer->start(int(qBound(qint64(0), wait, qint64(std::numeric_limits<int>::max()))));
}

void SlimFaasNodeConnection::abandonPendingRequests()
{
    const QList<SlimFaasAsyncRequest> abandoned = pending->unregisterConnection();
    expiryTimer->stop();
    if (abandoned.isEmpty() || d->destroyed)
        return;
    qCInfo(lcSlimFaasClient) << abandoned.size()
                             << "pending requests abandoned with the connection to"
                             << url.toDisplayString();
    emit q->pendingRequestCountChanged(d->totalPendingCount());
    if (!d->destroyed)
        emit q->asyncRequestsAbandoned(abandoned);
}

// ---------------------------------------------------------------- state

void SlimFaasNodeConnection::setState(SlimFaasClient::State newState)
{
    if (state == newState)
        return;
    const bool wasReady = state == SlimFaasClient::Ready;
    state = newState;
    d->updateState();
    if (d->destroyed || retired)
        return;
    emit q->nodeStateChanged(url, newState);
    if (wasReady && !d->destroyed)
        emit q->nodeLost(url);
}

void SlimFaasNodeConnection::setConnectionId(const QString &id)
{
    if (connectionId == id || d->destroyed)
        return;
    connectionId = id;
    d->updateConnectionId();
}
