// SPDX-License-Identifier: MIT
#include "slimfaasclient.h"
#include "slimfaasclient_p.h"
#include "slimfaasrawheaders_p.h"
#include "slimfaassyncrequest_p.h"

#include <QtCore/qeventloop.h>
#include <QtCore/qmetaobject.h>
#include <QtCore/qrandom.h>
#include <QtCore/qthread.h>
#include <QtNetwork/qnetworkrequest.h>
#include <QtWebSockets/qwebsocket.h>

#include <algorithm>
#include <exception>
#include <limits>

// Warnings (bad input from the server) show by default; the chatty levels are opt-in with
// QT_LOGGING_RULES="slimfaas.client.debug=true".
Q_LOGGING_CATEGORY(lcSlimFaasClient, "slimfaas.client", QtWarningMsg)

using SlimFaasProtocol::MessageType;

namespace {
// Upper bound of the random extra added to each reconnect delay, as a fraction of it:
// spreads the reconnects of many replicas after a SlimFaas restart.
constexpr double ReconnectJitter = 0.25;
} // namespace

SlimFaasClientPrivate::SlimFaasClientPrivate(SlimFaasClient *q)
    : q_ptr(q), syncStreams(new SlimFaasSyncStreams(q)), pingTimer(new QTimer(q)),
      deadPeerTimer(new QTimer(q)), reconnectTimer(new QTimer(q)), expiryTimer(new QTimer(q))
{
    QObject::connect(syncStreams, &SlimFaasSyncStreams::requestStarted, q,
                     [this](SlimFaasSyncRequest *request) {
                         Dispatch scope(this);
                         offerSyncRequest(request);
                     });
    pingTimer->setTimerType(Qt::CoarseTimer);
    reconnectTimer->setSingleShot(true);
    expiryTimer->setSingleShot(true);
    QObject::connect(expiryTimer, &QTimer::timeout, q, [this] {
        Dispatch scope(this);
        expirePendingRequests();
    });
    QObject::connect(pingTimer, &QTimer::timeout, q, [this] {
        Dispatch scope(this);
        sendPing();
    });
    QObject::connect(deadPeerTimer, &QTimer::timeout, q, [this] {
        Dispatch scope(this);
        onDeadPeerTimeout();
    });
    QObject::connect(reconnectTimer, &QTimer::timeout, q, [this] {
        Dispatch scope(this);
        connectSocket();
    });
}

// ---------------------------------------------------------------- lifecycle

void SlimFaasClientPrivate::connectSocket()
{
    Q_Q(SlimFaasClient);
    detachSocket(false);
    dropReported = false;

    auto *ws = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, q);
    socket = ws;
    ws->setMaxAllowedIncomingMessageSize(quint64(maximumIncomingMessageSize));
    ws->setMaxAllowedIncomingFrameSize(quint64(maximumIncomingMessageSize));
#ifndef QT_NO_SSL
    ws->setSslConfiguration(sslConfiguration);
    if (!expectedSslErrors.isEmpty())
        ws->ignoreSslErrors(expectedSslErrors);
    QObject::connect(ws, &QWebSocket::sslErrors, q, [this, ws](const QList<QSslError> &errors) {
        Q_Q(SlimFaasClient);
        Dispatch scope(this);
        ignoreHandshakeSslErrors = false;
        emit q->sslErrors(errors);
        if (destroyed || ws != socket)
            return; // deleted, or closed, by the slot
        if (ignoreHandshakeSslErrors) {
            ignoreHandshakeSslErrors = false;
            ws->ignoreSslErrors();
            return;
        }
        QStringList messages;
        for (const QSslError &sslError : errors) {
            if (!expectedSslErrors.contains(sslError))
                messages.append(sslError.errorString());
        }
        if (messages.isEmpty())
            return; // all expected: the handshake goes on
        dropReported = true;
        reportError(SlimFaasClient::SslError, messages.join(QLatin1String("; ")));
    });
#endif
    QObject::connect(ws, &QWebSocket::connected, q, [this] {
        Dispatch scope(this);
        onSocketConnected();
    });
    QObject::connect(ws, &QWebSocket::disconnected, q, [this, ws] {
        Dispatch scope(this);
        onSocketLost(ws);
    });
    QObject::connect(ws, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), q,
                     [this, ws](QAbstractSocket::SocketError) {
                         Dispatch scope(this);
                         // A failed connection attempt reports an error but no disconnected().
                         if (ws->state() == QAbstractSocket::UnconnectedState)
                             onSocketLost(ws);
                     });
    QObject::connect(ws, &QWebSocket::textMessageReceived, q, [this](const QString &message) {
        Dispatch scope(this);
        onTextMessage(message);
    });
    QObject::connect(ws, &QWebSocket::binaryMessageReceived, q, [this](const QByteArray &message) {
        Dispatch scope(this);
        onBinaryMessage(message);
    });
    QObject::connect(ws, &QWebSocket::bytesWritten, syncStreams, &SlimFaasSyncStreams::pump);

    ws->setProxy(proxy);
    QNetworkRequest request(url);
    for (const auto &header : std::as_const(handshakeHeaders))
        request.setRawHeader(header.first, header.second);

    setState(SlimFaasClient::Connecting);
    qCDebug(lcSlimFaasClient) << "connecting to" << url.toDisplayString();
    restartDeadPeerClock();
    ws->open(request);
}

void SlimFaasClientPrivate::onSocketConnected()
{
    setState(SlimFaasClient::Registering);
    registerCorrelationId = SlimFaasProtocol::newCorrelationId();
    qCDebug(lcSlimFaasClient) << "connected, registering" << config.functionName();
    sendEnvelope(MessageType::Register, registerCorrelationId,
                 SlimFaasProtocol::registerPayload(config));
    restartDeadPeerClock();
}

void SlimFaasClientPrivate::onSocketLost(QWebSocket *lost)
{
    if (lost != socket)
        return; // a socket we already replaced or closed on purpose
    if (!dropReported) {
        if (lost->closeCode() == QWebSocketProtocol::CloseCodeTooMuchData) {
            // Either side may have closed with 1009, and QWebSocket does not tell which.
            reportError(SlimFaasClient::MessageTooLarge,
                        SlimFaasClient::tr("A message was too large for the connection: the "
                                           "server sent one over this client's maximum of %1 "
                                           "bytes, or it refused one this client sent.")
                                .arg(maximumIncomingMessageSize));
        } else {
            const QString reason = lost->errorString();
            reportError(SlimFaasClient::ConnectionError,
                        reason.isEmpty() ? SlimFaasClient::tr("The connection was closed.")
                                         : reason);
        }
    }
    detachSocket(false);
    if (running)
        scheduleReconnect();
    else
        setState(SlimFaasClient::Disconnected);
}

void SlimFaasClientPrivate::dropConnection(SlimFaasClient::Error dropError, const QString &message)
{
    dropReported = true;
    reportError(dropError, message);
    detachSocket(false);
    if (running)
        scheduleReconnect();
    else
        setState(SlimFaasClient::Disconnected);
}

// Forgets the current socket: no signal of it reaches us any more. Everything bound to the
// connection goes with it: timers, connectionId, pending requests.
void SlimFaasClientPrivate::detachSocket(bool graceful)
{
    Q_Q(SlimFaasClient);
    pingTimer->stop();
    deadPeerTimer->stop();
    abandonPendingRequests();
    syncStreams->setTransport({});
    syncStreams->abortAll();
    setConnectionId(QString());

    QWebSocket *old = socket;
    socket = nullptr;
    if (!old || destroyed)
        return;
    QObject::disconnect(old, nullptr, q, nullptr);
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

// SlimFaas reads the configuration once, from the Register of a connection, and the URL
// names the connection: new ones take effect only through a new connection. Making it now
// keeps the application from running with a registration that no longer matches what it
// set (a subscription it asked for and never gets).
void SlimFaasClientPrivate::restartForNewSettings()
{
    if (!running)
        return; // applied by the next open()
    qCInfo(lcSlimFaasClient) << "settings changed: reconnecting to" << url.toDisplayString();
    reconnectTimer->stop();
    reconnectAttempt = 0;
    detachSocket(true);
    connectSocket();
}

void SlimFaasClientPrivate::scheduleReconnect()
{
    Q_Q(SlimFaasClient);
    const int delay = nextReconnectDelay();
    setState(SlimFaasClient::WaitingToReconnect);
    qCInfo(lcSlimFaasClient) << "reconnecting in" << delay << "ms, attempt" << reconnectAttempt;
    reconnectTimer->start(delay);
    if (destroyed)
        return;
    emit q->reconnectScheduled(delay, reconnectAttempt);
}

int SlimFaasClientPrivate::nextReconnectDelay()
{
    ++reconnectAttempt;
    const int minimum = qMax(0, minimumReconnectDelay);
    const int maximum = qMax(minimum, maximumReconnectDelay);
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
void SlimFaasClientPrivate::restartDeadPeerClock()
{
    if (deadPeerTimeout > 0)
        startDeadPeerTicks();
}

void SlimFaasClientPrivate::startDeadPeerTicks()
{
    trafficSinceTick = false;
    quietTicks = 0;
    deadPeerTimer->start(qMax(1, deadPeerTimeout / DeadPeerTicks));
}

void SlimFaasClientPrivate::armDeadPeerTimer()
{
    // Silence is normal when the client does not ping; only then can it prove a dead peer.
    const bool watching = state == SlimFaasClient::Ready ? pingInterval > 0 : true;
    if (deadPeerTimeout > 0 && watching)
        startDeadPeerTicks();
}

void SlimFaasClientPrivate::noteTraffic()
{
    if (!deadPeerTimer->isActive())
        armDeadPeerTimer();
    trafficSinceTick = true;
}

void SlimFaasClientPrivate::onDeadPeerTimeout()
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
                               .arg(deadPeerTimeout));
    } else {
        dropConnection(SlimFaasClient::RegistrationTimeout,
                       SlimFaasClient::tr("The server did not complete the handshake and "
                                          "registration within %1 ms.")
                               .arg(deadPeerTimeout));
    }
}

void SlimFaasClientPrivate::sendPing()
{
    sendEnvelope(MessageType::Ping, SlimFaasProtocol::newCorrelationId(), QJsonValue::Null);
}

// ---------------------------------------------------------------- incoming

void SlimFaasClientPrivate::onTextMessage(const QString &message)
{
    Q_Q(SlimFaasClient);
    noteTraffic();
    // Requests and events, nearly all the traffic, are read in one pass from the text.
    if (auto traffic = SlimFaasProtocol::decodeTrafficMessage(message)) {
        static const QMetaMethod receivedSignal
                = QMetaMethod::fromSignal(&SlimFaasClient::messageReceived);
        if (q->isSignalConnected(receivedSignal))
            emit q->messageReceived(traffic->type, traffic->correlationId, message.toUtf8());
        if (destroyed || !socket || !acceptsTraffic(traffic->type))
            return;
        if (traffic->asyncRequest)
            acceptAsyncRequest(*traffic->asyncRequest);
        else
            acceptPublishEvent(traffic->correlationId, *traffic->publishEvent);
        return;
    }
    // Everything else, and whatever the fast path found unusual: the general decoder, which
    // also says what is wrong.
    const QByteArray json = message.toUtf8();
    QString decodeError;
    const auto envelope = SlimFaasProtocol::decodeEnvelope(json, &decodeError);
    if (!envelope) {
        qCWarning(lcSlimFaasClient) << "ignoring undecodable message:" << decodeError;
        reportError(SlimFaasClient::ProtocolError,
                    SlimFaasClient::tr("Ignored a message from the server: %1").arg(decodeError));
        return;
    }
    emit q->messageReceived(MessageType(envelope->type), envelope->correlationId, json);
    if (destroyed || !socket)
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

void SlimFaasClientPrivate::onBinaryMessage(const QByteArray &message)
{
    Q_Q(SlimFaasClient);
    noteTraffic();
    QString decodeError;
    bool lengthMismatch = false;
    const auto frame = SlimFaasProtocol::decodeFrame(message, &decodeError, &lengthMismatch);
    if (!frame) {
        qCWarning(lcSlimFaasClient) << "ignoring binary message:" << decodeError;
        return;
    }
    if (lengthMismatch)
        qCWarning(lcSlimFaasClient) << "binary frame" << frame->correlationId
                                    << "declares a length that differs from its payload;"
                                       " using the smaller";
    emit q->messageReceived(frame->type, frame->correlationId, message);
    if (destroyed)
        return;
    if (state != SlimFaasClient::Ready) {
        qCWarning(lcSlimFaasClient) << "ignoring binary frame received before registration";
        return;
    }
    syncStreams->handleFrame(*frame);
}

void SlimFaasClientPrivate::handleRegisterResponse(const SlimFaasProtocol::Envelope &envelope)
{
    Q_Q(SlimFaasClient);
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
        qCWarning(lcSlimFaasClient) << "registration refused:" << reason;
        dropReported = true;
        reportError(SlimFaasClient::RegistrationRefused, reason);
        // The server leaves the socket open after a refusal; closing it is our job.
        detachSocket(true);
        if (retryAfterRefusal) {
            scheduleReconnect();
        } else {
            running = false;
            setState(SlimFaasClient::Refused);
        }
        if (!destroyed)
            emit q->registrationRefused(reason);
        return;
    }

    reconnectAttempt = 0;
    pending.registerConnection(response->connectionId);
    setConnectionId(response->connectionId);
    qCInfo(lcSlimFaasClient) << "registered" << config.functionName() << "as"
                             << response->connectionId;
    QWebSocket *ws = socket;
    syncStreams->setTransport(
            { [this, ws](MessageType type, const QString &correlationId, const QByteArray &frame) {
                 Q_Q(SlimFaasClient);
                 Dispatch scope(this);
                 ws->sendBinaryMessage(frame);
                 if (!destroyed)
                     emit q->messageSent(type, correlationId, frame);
             },
              [ws] {
                  return ws->bytesToWrite();
              } });
    setState(SlimFaasClient::Ready);
    if (pingInterval > 0)
        pingTimer->start(pingInterval);
    deadPeerTimer->stop();
    armDeadPeerTimer();
    if (!destroyed)
        emit q->ready();
}

bool SlimFaasClientPrivate::acceptsTraffic(MessageType type) const
{
    if (state == SlimFaasClient::Ready)
        return true;
    qCWarning(lcSlimFaasClient).noquote()
            << "ignoring" << SlimFaasProtocol::messageTypeName(type) << "received before "
            << "registration";
    return false;
}

void SlimFaasClientPrivate::handleAsyncRequest(const SlimFaasProtocol::Envelope &envelope)
{
    if (!acceptsTraffic(MessageType::AsyncRequest))
        return;
    QString decodeError;
    auto request = SlimFaasProtocol::parseAsyncRequest(envelope.payload, &decodeError);
    if (!request) {
        qCWarning(lcSlimFaasClient)
                << "ignoring invalid AsyncRequest" << envelope.correlationId << ":" << decodeError;
        reportError(SlimFaasClient::ProtocolError,
                    SlimFaasClient::tr("Ignored an invalid async request: %1").arg(decodeError));
        return;
    }
    acceptAsyncRequest(*request);
}

// Takes the decoder's own copy: filling in the connection's fields then detaches nothing.
void SlimFaasClientPrivate::acceptAsyncRequest(SlimFaasAsyncRequest &request)
{
    Q_Q(SlimFaasClient);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    request.setReceivedAt(now);
    request.setDeadline(now.addMSecs(callbackTimeout));
    request.setConnectionId(connectionId);
    const QString elementId = request.elementId();
    if (!pending.add(request))
        qCWarning(lcSlimFaasClient)
                << "AsyncRequest" << elementId << "delivered again while still pending";
    if (!expiryTimer->isActive())
        armExpiryTimer();
    emit q->pendingRequestCountChanged(pending.count());
    if (destroyed)
        return;

    QPointer<SlimFaasClient> guard(q);
    emit q->asyncRequestReceived(request);
    if (!guard)
        return;

    if (asyncRequestHandler) {
        int status = 500; // what a handler that throws answers
        runHandler([&] { status = asyncRequestHandler(request); },
                   QT_TRANSLATE_NOOP("SlimFaasClient", "The async request handler failed: %1"));
        if (!guard || status == SlimFaasClient::DeferredStatus)
            return;
        if (status < 100 || status > 599) {
            qCWarning(lcSlimFaasClient) << "handler returned invalid status" << status << "for"
                                        << elementId << "- answering 500";
            status = 500;
        }
        answerAutomatically(elementId, status);
    } else if (!q->isSignalConnected(
                       QMetaMethod::fromSignal(&SlimFaasClient::asyncRequestReceived))) {
        qCWarning(lcSlimFaasClient)
                << "no handler for AsyncRequest" << elementId << "- answering 500";
        answerAutomatically(elementId, 500);
    }
}

// The answer a handler returned, or the 500 for a request nobody handles. When a slot of
// asyncRequestReceived() or the handler itself already answered with sendCallback(), that
// first answer stands and this one is refused (AlreadyAnswered) as any second answer is.
void SlimFaasClientPrivate::answerAutomatically(const QString &elementId, int statusCode)
{
    acceptCallback(elementId, statusCode, nullptr);
}

void SlimFaasClientPrivate::handlePublishEvent(const SlimFaasProtocol::Envelope &envelope)
{
    if (!acceptsTraffic(MessageType::PublishEvent))
        return;
    QString decodeError;
    auto event = SlimFaasProtocol::parsePublishEvent(envelope.payload, &decodeError);
    if (!event) {
        qCWarning(lcSlimFaasClient)
                << "ignoring invalid PublishEvent" << envelope.correlationId << ":" << decodeError;
        reportError(SlimFaasClient::ProtocolError,
                    SlimFaasClient::tr("Ignored an invalid event: %1").arg(decodeError));
        return;
    }
    acceptPublishEvent(envelope.correlationId, *event);
}

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

// ---------------------------------------------------------------- outgoing

bool SlimFaasClientPrivate::sendEnvelope(MessageType type, const QString &correlationId,
                                         const QJsonValue &payload)
{
    return sendText(
            type, correlationId,
            QString::fromUtf8(SlimFaasProtocol::encodeEnvelope(type, correlationId, payload)));
}

bool SlimFaasClientPrivate::sendText(MessageType type, const QString &correlationId,
                                     const QString &json)
{
    Q_Q(SlimFaasClient);
    if (!socket || socket->state() != QAbstractSocket::ConnectedState)
        return false;
    socket->sendTextMessage(json);
    // The UTF-8 copy is for observers only: callbacks, nearly all that is sent, skip it.
    static const QMetaMethod sentSignal = QMetaMethod::fromSignal(&SlimFaasClient::messageSent);
    if (!destroyed && q->isSignalConnected(sentSignal))
        emit q->messageSent(type, correlationId, json.toUtf8());
    return true;
}

void SlimFaasClientPrivate::transmitCallback(const QString &elementId, int statusCode,
                                             quint64 generation)
{
    Q_Q(SlimFaasClient);
    if (!pending.isCurrent(generation)
        || !sendText(MessageType::AsyncCallback, elementId,
                     SlimFaasProtocol::encodeAsyncCallbackText({ elementId, statusCode }))) {
        // The server has already answered it 503 and will deliver it again.
        qCWarning(lcSlimFaasClient) << "connection lost before the callback for" << elementId
                                    << "could be sent; SlimFaas will retry it";
        return;
    }
    if (destroyed)
        return;
    emit q->callbackSent(elementId, statusCode);
    if (!destroyed)
        emit q->pendingRequestCountChanged(pending.count());
}

// Requests past their deadline have been recorded 504 by SlimFaas; an answer now would be
// dropped there, so they leave the pending list.
void SlimFaasClientPrivate::expirePendingRequests()
{
    Q_Q(SlimFaasClient);
    const QList<SlimFaasAsyncRequest> expired
            = pending.takeExpired(QDateTime::currentDateTimeUtc());
    armExpiryTimer();
    if (expired.isEmpty())
        return;
    QPointer<SlimFaasClient> guard(q);
    emit q->pendingRequestCountChanged(pending.count());
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

void SlimFaasClientPrivate::armExpiryTimer()
{
    const QDateTime earliest = pending.earliestDeadline();
    if (!earliest.isValid()) {
        expiryTimer->stop();
        return;
    }
    const qint64 wait = QDateTime::currentDateTimeUtc().msecsTo(earliest);
    expiryTimer->start(int(qBound(qint64(0), wait, qint64(std::numeric_limits<int>::max()))));
}

void SlimFaasClientPrivate::abandonPendingRequests()
{
    Q_Q(SlimFaasClient);
    const QList<SlimFaasAsyncRequest> abandoned = pending.unregisterConnection();
    expiryTimer->stop();
    if (abandoned.isEmpty() || destroyed)
        return;
    qCInfo(lcSlimFaasClient) << abandoned.size()
                             << "pending requests abandoned with the connection";
    emit q->pendingRequestCountChanged(0);
    if (!destroyed)
        emit q->asyncRequestsAbandoned(abandoned);
}

// ---------------------------------------------------------------- state

void SlimFaasClientPrivate::setState(SlimFaasClient::State newState)
{
    Q_Q(SlimFaasClient);
    if (state == newState)
        return;
    state = newState;
    if (!destroyed)
        emit q->stateChanged(newState);
}

void SlimFaasClientPrivate::setConnectionId(const QString &id)
{
    Q_Q(SlimFaasClient);
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
    d->url = url;
    d->config = config;
}

SlimFaasClient::~SlimFaasClient()
{
    Q_D(SlimFaasClient);
    // No signal of the client may reach observers from a half-destroyed object.
    d->running = false;
    d->pingTimer->stop();
    d->deadPeerTimer->stop();
    d->reconnectTimer->stop();
    d->expiryTimer->stop();
    // Open sync requests end before they are freed, so that a worker writing to one stops
    // (see SlimFaasSyncRequest): nothing more is sent.
    d->syncStreams->setTransport({});
    d->syncStreams->abortAll(SlimFaasSyncRequest::ClientDestroyed);
    QWebSocket *socket = d->socket;
    d->socket = nullptr;
    if (socket) {
        QObject::disconnect(socket, nullptr, this, nullptr);
        QObject::disconnect(socket, nullptr, d->syncStreams, nullptr);
        socket->abort();
    }
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
    return d_func()->url;
}

void SlimFaasClient::setUrl(const QUrl &url)
{
    Q_D(SlimFaasClient);
    SlimFaasClientPrivate::Dispatch scope(d); // a slot may delete the client
    if (d->url == url)
        return;
    d->url = url;
    emit urlChanged(url);
    d->restartForNewSettings();
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
    d->restartForNewSettings();
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
    if (d->state != Ready)
        return;
    if (d->pingInterval > 0)
        d->pingTimer->start(d->pingInterval);
    else
        d->pingTimer->stop();
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
    // A watch under way goes on with the new timeout (or ends, for 0).
    if (d->deadPeerTimer->isActive()) {
        d->deadPeerTimer->stop();
        d->armDeadPeerTimer();
    }
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
    if (d->socket) {
        d->socket->setMaxAllowedIncomingMessageSize(quint64(d->maximumIncomingMessageSize));
        d->socket->setMaxAllowedIncomingFrameSize(quint64(d->maximumIncomingMessageSize));
    }
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
    d_func()->ignoreHandshakeSslErrors = true;
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
    return d_func()->syncStreams->openRequests();
}

int SlimFaasClient::openSyncRequestCount() const
{
    return d_func()->syncStreams->openCount();
}

QList<SlimFaasAsyncRequest> SlimFaasClient::pendingRequests() const
{
    return d_func()->pending.requests();
}

int SlimFaasClient::pendingRequestCount() const
{
    return d_func()->pending.count();
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
    if (d->running && d->state != WaitingToReconnect)
        return; // already connecting or connected
    if (!d->url.isValid()
        || (d->url.scheme() != QLatin1String("ws") && d->url.scheme() != QLatin1String("wss"))) {
        d->reportError(ConnectionError,
                       tr("Invalid SlimFaas WebSocket URL \"%1\": expected ws:// or wss://.")
                               .arg(d->url.toString()));
        return;
    }
    if (!d->config.isValid()) {
        d->reportError(InvalidConfiguration, d->config.validationError());
        return;
    }
    d->running = true;
    d->reconnectTimer->stop();
    d->reconnectAttempt = 0;
    d->connectSocket();
}

void SlimFaasClient::close()
{
    Q_D(SlimFaasClient);
    SlimFaasClientPrivate::Dispatch scope(d); // a slot may delete the client
    if (queuedToOwnerThread(this, &SlimFaasClient::close, "close"))
        return;
    d->running = false;
    d->reconnectTimer->stop();
    d->detachSocket(true);
    d->setState(Disconnected);
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

// Decides, under the lock, whether this answer is the one of the pending attempt; only then
// is it sent (from the client's thread).
bool SlimFaasClientPrivate::acceptCallback(const QString &elementId, int statusCode,
                                           const SlimFaasAsyncRequest *attempt)
{
    Q_Q(SlimFaasClient);
    const SlimFaasPendingRequests::Answer answer = pending.take(elementId, statusCode, attempt);
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

    if (QThread::currentThread() == q->thread()) {
        transmitCallback(elementId, statusCode, generation);
    } else {
        QMetaObject::invokeMethod(
                q,
                [this, elementId, statusCode, generation] {
                    Dispatch scope(this);
                    transmitCallback(elementId, statusCode, generation);
                },
                Qt::QueuedConnection);
    }
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
