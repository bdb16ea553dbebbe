// SPDX-License-Identifier: MIT
#include "slimfaasemulator.h"
#include "slimfaasemulator_p.h"
#include "slimfaasframe_p.h"

#include <QtCore/qendian.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qmetaobject.h>
#include <QtCore/qregularexpression.h>
#include <QtCore/quuid.h>
#include <QtWebSockets/qwebsocket.h>

#include <algorithm>
#include <cstring>

// Warnings by default; slimfaas-emulator turns on the info level for its console.
Q_LOGGING_CATEGORY(lcSlimFaasEmulator, "slimfaas.emulator", QtWarningMsg)

using SlimFaasProtocol::MessageType;

SlimFaasEmulatorPrivate::~SlimFaasEmulatorPrivate()
{
    // Streams first: their exchanges may still have connections to the emulator.
    syncStreams.clear();
    asyncItems.clear();
    connections.clear();
}

// ---------------------------------------------------------------- connections

EmulatorConnection *SlimFaasEmulatorPrivate::onClientConnected(QWebSocket *socket, QTcpSocket *tcp,
                                                               int node)
{
    Q_Q(SlimFaasEmulator);
    auto owned = std::make_unique<EmulatorConnection>();
    EmulatorConnection *connection = owned.get();
    connection->serial = ++connectionsOpened;
    connection->socket = socket;
    connection->id = QUuid::createUuid().toString(QUuid::Id128);
    connection->tcp = tcp;
    connection->node = node;
    socket->setParent(q);
    connectionNodes.insert(connection->id, node);
    connections.emplace(connection->serial, std::move(owned));
    // The socket's signals find their connection by serial: once it has gone they do nothing.
    const quint64 serial = connection->serial;
    QObject::connect(socket, &QWebSocket::textMessageReceived, q,
                     [this, serial](const QString &text) {
                         if (EmulatorConnection *connection = this->connection(serial))
                             onTextMessage(connection, text);
                     });
    QObject::connect(socket, &QWebSocket::binaryMessageReceived, q,
                     [this, serial](const QByteArray &message) {
                         if (EmulatorConnection *connection = this->connection(serial))
                             onBinaryMessage(connection, message);
                     });
    QObject::connect(socket, &QWebSocket::disconnected, q, [this, serial] {
        if (EmulatorConnection *connection = this->connection(serial))
            onDisconnected(connection);
    });
    qCDebug(lcSlimFaasEmulator) << "connection" << connection->id << "opened from"
                                << socket->peerAddress().toString();
    if (tcp) {
        QObject::connect(tcp, &QTcpSocket::bytesWritten, q, [this, serial] {
            if (EmulatorConnection *connection = this->connection(serial);
                connection && connection->sendBlocked)
                onConnectionDrained(connection);
        });
    }
    watchIncoming(connection);
    if (registerTimeout > 0) {
        QTimer::singleShot(registerTimeout, socket, [this, serial] { closeUnregistered(serial); });
    }
    emit q->connectionOpened(connection->id);
    return connection;
}

// A socket that has not registered within registerTimeout holds a connection of the port
// and the memory it sends: closed, so that silent sockets cannot lock functions out.
void SlimFaasEmulatorPrivate::closeUnregistered(quint64 serial)
{
    EmulatorConnection *connection = this->connection(serial);
    if (!connection || connection->registered || !connection->socket)
        return;
    warnLimit(QStringLiteral("registerTimeout"), peerOf(connection),
              SlimFaasEmulator::tr("%1 has not registered within %2 ms: closed")
                      .arg(describePeer(connection))
                      .arg(registerTimeout));
    connection->socket->close(QWebSocketProtocol::CloseCodePolicyViolated,
                              QStringLiteral("no Register in time"));
}

qint64 SlimFaasEmulatorPrivate::unsentBytes(const EmulatorConnection *connection)
{
    return connection->tcp ? connection->tcp->bytesToWrite() : 0;
}

bool SlimFaasEmulatorPrivate::maySend(EmulatorConnection *connection, const QString &what)
{
    const QString limit = sendLimit(connection);
    if (limit.isEmpty())
        return true;
    refuseSend(connection, limit, what);
    return false;
}

bool SlimFaasEmulatorPrivate::maySend(EmulatorConnection *connection, const char *untranslatedWhat)
{
    const QString limit = sendLimit(connection);
    if (limit.isEmpty())
        return true;
    refuseSend(connection, limit, SlimFaasEmulator::tr(untranslatedWhat));
    return false;
}

QString SlimFaasEmulatorPrivate::sendLimit(const EmulatorConnection *connection) const
{
    const qint64 unsent = unsentBytes(connection);
    if (limits.maximumFunctionSendBuffer > 0 && unsent > limits.maximumFunctionSendBuffer)
        return QStringLiteral("maximumFunctionSendBuffer");
    if (limits.maximumTotalSendBuffer > 0 && unsent > 0) {
        qint64 total = 0;
        for (const auto &[serial, each] : connections)
            total += unsentBytes(each.get());
        if (total > limits.maximumTotalSendBuffer)
            return QStringLiteral("maximumTotalSendBuffer");
    }
    return {};
}

void SlimFaasEmulatorPrivate::refuseSend(EmulatorConnection *connection, const QString &limit,
                                         const QString &what)
{
    const qint64 unsent = unsentBytes(connection);
    connection->sendBlocked = true;
    warnLimit(limit, peerOf(connection),
              SlimFaasEmulator::tr("%1 of \"%2\" has %3 bytes it has not read: %4")
                      .arg(describePeer(connection), connection->functionName)
                      .arg(unsent)
                      .arg(what));
}

// The function read some of what waited for it: once under half of its limit, the sync
// bodies held back go on.
void SlimFaasEmulatorPrivate::onConnectionDrained(EmulatorConnection *connection)
{
    if (limits.maximumFunctionSendBuffer > 0
        && unsentBytes(connection) > limits.maximumFunctionSendBuffer / 2)
        return;
    connection->sendBlocked = false;
    const auto ids = connection->syncStreams;
    for (const QString &id : ids) {
        if (EmulatorSyncStream *stream = syncStream(id))
            forwardRequestBody(stream);
    }
}

QString SlimFaasEmulatorPrivate::peerOf(const EmulatorConnection *connection)
{
    return connection->socket ? connection->socket->peerAddress().toString() : QString();
}

QString SlimFaasEmulatorPrivate::describePeer(const EmulatorConnection *connection)
{
    QString peer;
    if (connection->socket) {
        const QHostAddress address = connection->socket->peerAddress();
        peer = address.protocol() == QAbstractSocket::IPv6Protocol
                ? QLatin1Char('[') + address.toString() + QLatin1Char(']')
                : address.toString();
        peer += QLatin1Char(':') + QString::number(connection->socket->peerPort());
    }
    return SlimFaasEmulator::tr("connection %1 from %2").arg(connection->id, peer);
}

EmulatorConnection *SlimFaasEmulatorPrivate::connection(quint64 serial) const
{
    const auto it = connections.find(serial);
    return it == connections.end() ? nullptr : it->second.get();
}

EmulatorAsyncItem *SlimFaasEmulatorPrivate::asyncItem(quint64 serial) const
{
    const auto it = asyncItems.find(serial);
    return it == asyncItems.end() ? nullptr : it->second.get();
}

EmulatorSyncStream *SlimFaasEmulatorPrivate::syncStream(const QString &correlationId) const
{
    const auto it = syncStreams.find(correlationId);
    return it == syncStreams.end() ? nullptr : it->second.get();
}

void SlimFaasEmulatorPrivate::reject(EmulatorConnection *connection, const QString &reason)
{
    Q_Q(SlimFaasEmulator);
    log.warning(QStringLiteral("rejected"), peerOf(connection),
                QStringLiteral("connection %1 : %2").arg(connection->id, reason));
    emit q->messageRejected(connection->id, reason);
}

void SlimFaasEmulatorPrivate::onTextMessage(EmulatorConnection *connection, const QString &text)
{
    const QByteArray json = text.toUtf8();
    if (!intercepted(connection, SlimFaasEmulator::FromFunction, false, json))
        readText(connection, json);
}

void SlimFaasEmulatorPrivate::readText(EmulatorConnection *connection, const QByteArray &json)
{
    Q_Q(SlimFaasEmulator);
    observe(connection, SlimFaasEmulator::FromFunction, false, json);
    // Nearly every message of a busy function is a callback written one way: read at once.
    QString correlationId;
    if (const auto callback = readCanonicalCallback(json, &correlationId)) {
        emit q->messageReceived(connection->id, MessageType::AsyncCallback, correlationId, json);
        if (connection->registered)
            handleCallback(connection, *callback);
        else
            reject(connection, SlimFaasEmulator::tr("callback before registration skipped"));
        return;
    }
    QString error;
    const auto envelope = readEnvelope(json, &error);
    if (!envelope) {
        // Like SlimFaas: log, skip, keep the connection.
        reject(connection, SlimFaasEmulator::tr("invalid message skipped: %1").arg(error));
        return;
    }
    emit q->messageReceived(connection->id, MessageType(envelope->type), envelope->correlationId,
                            json);
    switch (envelope->type) {
    case int(MessageType::Register):
        handleRegister(connection, *envelope);
        break;
    case int(MessageType::AsyncCallback):
        if (connection->registered)
            handleCallback(connection, *envelope);
        else
            reject(connection, SlimFaasEmulator::tr("callback before registration skipped"));
        break;
    case int(MessageType::Ping):
        // A peer that sends Pings and reads nothing would have the Pongs pile up here.
        if (maySend(connection, SlimFaasEmulator::tr("its Ping is not answered")))
            sendEnvelope(connection, MessageType::Pong, envelope->correlationId, QJsonValue::Null);
        break;
    default:
        reject(connection, SlimFaasEmulator::tr("message of type %1 ignored").arg(envelope->type));
        break;
    }
}

void SlimFaasEmulatorPrivate::onBinaryMessage(EmulatorConnection *connection,
                                              const QByteArray &message)
{
    if (!intercepted(connection, SlimFaasEmulator::FromFunction, true, message))
        readBinary(connection, message);
}

void SlimFaasEmulatorPrivate::readBinary(EmulatorConnection *connection, const QByteArray &message)
{
    Q_Q(SlimFaasEmulator);
    observe(connection, SlimFaasEmulator::FromFunction, true, message);
    QString error;
    const auto frame = SlimFaasProtocol::decodeFrame(message, &error);
    if (!frame) {
        reject(connection, SlimFaasEmulator::tr("binary message skipped: %1").arg(error));
        return;
    }
    emit q->messageReceived(connection->id, frame->type, frame->correlationId, message);
    handleSyncFrame(connection, *frame);
}

void SlimFaasEmulatorPrivate::handleRegister(EmulatorConnection *connection,
                                             const SlimFaasProtocol::Envelope &envelope)
{
    Q_Q(SlimFaasEmulator);
    QString unreadable;
    const auto registration = readRegistration(envelope.payload, &unreadable);
    const QString name = registration ? registration->config.functionName() : QString();
    QString refusal;
    if (!registration || name.trimmed().isEmpty()) {
        refusal = QStringLiteral("Invalid register payload: functionName is required.");
        if (!registration) {
            // The refusal says nothing of the real cause: say it.
            const QString named
                    = envelope.payload.toObject().value(QLatin1String("functionName")).toString();
            warn(QStringLiteral("register-unreadable"), named,
                 SlimFaasEmulator::tr("SlimFaas cannot read the Register payload of \"%1\" (%2) "
                                      "and refuses it with \"%3\"")
                         .arg(named, unreadable, refusal));
        }
    } else if (std::any_of(kubernetesFunctions.cbegin(), kubernetesFunctions.cend(),
                           [&](const QString &k8s) {
                               return k8s.compare(name, Qt::CaseInsensitive) == 0;
                           })) {
        refusal = QStringLiteral("Function '%1' is already declared as a Kubernetes deployment. "
                                 "WebSocket clients cannot use the same name as an existing "
                                 "Kubernetes function.")
                          .arg(name);
    } else if (const auto held = heldConfiguration(connection->node, name); held
               && (!sameConfiguration(held->config, registration->config)
                   || held->written != registration->written)) {
        refusal = QStringLiteral("Function '%1' already has registered clients with a different "
                                 "configuration. All WebSocket clients with the same function "
                                 "name must share the same configuration.")
                          .arg(name);
        if (!nodeOf(connection).functions.contains(name)) {
            warn(QStringLiteral("register-second-name"), name,
                 SlimFaasEmulator::tr("\"%1\" has no replica, but SlimFaas still holds the "
                                      "configuration of a connection that registered it before "
                                      "registering under another name: only that configuration "
                                      "is accepted for \"%1\" until SlimFaas restarts.")
                         .arg(name));
        }
    }
    // SlimFaas names the connection before it checks the registration: a refused name is
    // the one it is taken out of on close.
    if (registration && !name.trimmed().isEmpty())
        connection->unregisterName = name;

    SlimFaasProtocol::RegisterResponse response;
    if (!refusal.isEmpty()) {
        // SlimFaas answers and leaves the socket open: closing it is the client's call.
        response.error = refusal;
        sendEnvelope(connection, MessageType::RegisterResponse, envelope.correlationId,
                     SlimFaasProtocol::registerResponsePayload(response));
        log.info(QStringLiteral("refused"), peerOf(connection),
                 QStringLiteral("refused \"%1\" : %2").arg(name, refusal));
        emit q->registrationRefused(name, connection->id, refusal);
        return;
    }

    // SlimFaas registers a connection again on every Register it accepts, even one already
    // registered: it then counts as one more replica of the function.
    if (connection->registered && connection->functionNames.contains(name)) {
        warn(QStringLiteral("register-repeated"), name,
             SlimFaasEmulator::tr("connection %1 sent Register again: SlimFaas adds it once more, "
                                  "so it counts as several replicas of \"%2\".")
                     .arg(connection->id, name));
    }
    for (const QString &fatal : registration->breaks) {
        warn(QStringLiteral("register-breaks-lookups"), name,
             SlimFaasEmulator::tr("\"%1\" registered with %2. SlimFaas accepts it, then every "
                                  "lookup of WebSocket functions throws: every /function and "
                                  "/async-function call and every event to any WebSocket "
                                  "function, and /status-functions, fail with 500, and no queued "
                                  "async request of any WebSocket function is dispatched, until "
                                  "\"%1\" has no connection left. The emulator serves on as if "
                                  "it were absent.")
                     .arg(name, fatal));
    }
    if (registration->brokenPaths) {
        warn(QStringLiteral("register-breaks-lookups"), name,
             SlimFaasEmulator::tr("\"%1\" registered a pathsStartWithVisibility rule with a null "
                                  "path. SlimFaas accepts it, then every /function and "
                                  "/async-function call of \"%1\" fails with 500. The emulator "
                                  "serves on as if the rule were absent.")
                     .arg(name));
    }
    const QString previousName = connection->functionNames.isEmpty()
            ? QString()
            : connection->functionNames.constLast();
    if (connection->registered && !connection->functionNames.contains(name)) {
        warn(QStringLiteral("register-second-name"), name,
             SlimFaasEmulator::tr("connection %1, registered as \"%2\", registered as \"%3\" "
                                  "too: SlimFaas serves it under both names, but takes it out of "
                                  "\"%3\" only when it closes, so \"%2\" keeps its "
                                  "configuration for good and later replicas of \"%2\" with "
                                  "another configuration are refused.")
                     .arg(connection->id, previousName, name));
    }
    EmulatorNode &node = nodeOf(connection);
    EmulatorFunction &function = node.functions[name];
    if (function.connections.isEmpty()) {
        if (const auto held = node.heldConfigurations.constFind(name);
            held != node.heldConfigurations.cend()) {
            function.config = held->config;
            function.written = held->written;
        } else {
            function.config = registration->config;
            function.written = registration->written;
        }
        warnAboutConfiguration(function.config);
    }
    function.connections.append(connection->serial);
    warnAboutParallelism(function);
    if (!connection->functionNames.contains(name))
        connection->functionNames.append(name);
    connection->functionName = name;
    connection->registered = true;
    response.success = true;
    response.connectionId = connection->id;
    sendEnvelope(connection, MessageType::RegisterResponse, envelope.correlationId,
                 SlimFaasProtocol::registerResponsePayload(response));
    log.info(QStringLiteral("registered"), peerOf(connection),
             QStringLiteral("registered \"%1\" as %2 replicas %3%4")
                     .arg(name, connection->podName())
                     .arg(function.connections.size())
                     .arg(nodes.size() > 1 ? QStringLiteral(" on node %1").arg(connection->node)
                                           : QString()));
    emit q->functionRegistered(name, connection->id);
    warnAboutNodes(name);
    dispatch(name); // work may have been waiting for a pod
}

std::optional<EmulatorRegistration>
SlimFaasEmulatorPrivate::heldConfiguration(int node, const QString &name) const
{
    const EmulatorNode &registry = nodes[size_t(node)];
    const auto function = registry.functions.constFind(name);
    if (function != registry.functions.cend())
        return EmulatorRegistration{ function->config, function->written };
    const auto held = registry.heldConfigurations.constFind(name);
    if (held == registry.heldConfigurations.cend())
        return std::nullopt;
    return *held;
}

// The traps a configuration sets at registration: what SlimFaas ignores or never matches.
void SlimFaasEmulatorPrivate::warnAboutConfiguration(const SlimFaasFunctionConfig &config)
{
    const QString name = config.functionName();
    const QJsonObject settings = QJsonDocument::fromJson(config.configuration().toUtf8()).object();
    if (settings.contains(QLatin1String("DefaultAsync"))) {
        warn(QStringLiteral("default-async-ignored"), name,
             SlimFaasEmulator::tr("\"%1\" sets DefaultAsync in its configuration: SlimFaas ignores "
                                  "it for WebSocket functions and retries 500, 502 and 503 after "
                                  "2, 4 and 8 s, with a 120 s timeout.")
                     .arg(name));
    }
    // The other two sections are ignored as well (WebSocketFunctionRepository.cs builds the
    // deployment with an empty SlimFaasConfiguration; WebSocketSendClient.cs has its own
    // delays).
    if (settings.contains(QLatin1String("DefaultSync"))) {
        warn(QStringLiteral("default-sync-ignored"), name,
             SlimFaasEmulator::tr("\"%1\" sets DefaultSync in its configuration: SlimFaas ignores "
                                  "it for WebSocket functions; a sync call waits 300 s for the "
                                  "response start and is never retried.")
                     .arg(name));
    }
    if (settings.contains(QLatin1String("DefaultPublish"))) {
        warn(QStringLiteral("default-publish-ignored"), name,
             SlimFaasEmulator::tr("\"%1\" sets DefaultPublish in its configuration: SlimFaas "
                                  "ignores it for WebSocket functions; an event is sent once to "
                                  "each connection, with no timeout and no retry.")
                     .arg(name));
    }
    // Both drive the scaling of Kubernetes deployments: a WebSocket function's replicas are
    // its connections.
    if (!config.dependsOn().isEmpty()) {
        warn(QStringLiteral("depends-on-ignored"), name,
             SlimFaasEmulator::tr("\"%1\" sets dependsOn (%2): it has no effect for WebSocket "
                                  "functions, it orders the scaling of Kubernetes deployments "
                                  "only.")
                     .arg(name, config.dependsOn().join(QLatin1String(", "))));
    }
    if (config.replicasStartAsSoonAsOneFunctionRetrieveARequest()) {
        warn(QStringLiteral("replicas-start-ignored"), name,
             SlimFaasEmulator::tr("\"%1\" sets replicasStartAsSoonAsOneFunctionRetrieveARequest: "
                                  "it has no effect for WebSocket functions, whose replicas are "
                                  "their connections.")
                     .arg(name));
    }
    for (const SlimFaasPathVisibility &rule : config.pathsStartWithVisibility()) {
        if (rule.path.trimmed().isEmpty())
            continue;
        // Async compares the slash-less, lowercased path with the lowercased rule as written;
        // sync strips a leading '/' from both but lowercases only the path.
        const bool neverAsync = rule.path.startsWith(QLatin1Char('/'));
        QString syncRule = rule.path.startsWith(QLatin1Char('/')) ? rule.path.mid(1) : rule.path;
        const bool neverSync = syncRule != syncRule.toLower();
        if (!neverAsync && !neverSync)
            continue;
        const QString routes = neverAsync && neverSync
                ? SlimFaasEmulator::tr("/async-function and /function")
                : neverAsync ? QStringLiteral("/async-function")
                             : QStringLiteral("/function");
        const QString why = neverAsync
                ? SlimFaasEmulator::tr("async paths have no leading '/'")
                : SlimFaasEmulator::tr("sync paths are lowercased, the rule is not");
        warn(QStringLiteral("path-rule-never-matches"), name,
             SlimFaasEmulator::tr("\"%1\": the %2 rule \"%3\" never matches on %4 (%5); those "
                                  "paths get the default visibility.")
                     .arg(name, SlimFaas::visibilityName(rule.visibility), rule.path, routes, why));
    }
    if (config.numberParallelRequest() <= 0 || config.numberParallelRequestPerPod() <= 0) {
        warn(QStringLiteral("parallelism-zero"), name,
             (config.numberParallelRequestPerPod() <= 0
                      ? SlimFaasEmulator::tr("\"%1\" has numberParallelRequestPerPod %2: SlimFaas "
                                             "dispatches none of its async requests and answers "
                                             "its sync calls 503.")
                                .arg(name)
                                .arg(config.numberParallelRequestPerPod())
                      : SlimFaasEmulator::tr("\"%1\" has numberParallelRequest %2: SlimFaas "
                                             "dispatches none of its async requests.")
                                .arg(name)
                                .arg(config.numberParallelRequest())));
    }
}

void SlimFaasEmulatorPrivate::warnLimit(const QString &limit, const QString &peer,
                                        const QString &message)
{
    log.warning(limit, peer, QStringLiteral("limit %1 : %2").arg(limit, message));
}

void SlimFaasEmulatorPrivate::warn(const QString &code, const QString &functionName,
                                   const QString &message, const QString &requestId)
{
    Q_Q(SlimFaasEmulator);
    Q_ASSERT(SlimFaasEmulator::warningCodes().contains(code));
    // Rate-limited per code and function: the function names the peer that caused it.
    log.warning(code, functionName, QStringLiteral("warning %1 : %2").arg(code, message));
    emit q->warningRaised(code, functionName, message);
    if (!requestId.isEmpty())
        emit q->requestWarningRaised(code, functionName, requestId, message);
}

// ASP.NET's WebSocket keepalive: an unsolicited Pong control frame (RFC 6455 §5.5.3) on every
// connection. QWebSocket has no call for it, so the two bytes go to the TCP socket under it;
// QWebSocket writes each of its frames whole, so they land between frames.
void SlimFaasEmulatorPrivate::sendKeepAlive()
{
    static const char pong[] = { char(0x8A), 0x00 }; // FIN + Pong, unmasked, no payload
    for (const auto &[serial, connection] : connections) {
        if (connection->tcp && connection->tcp->state() == QAbstractSocket::ConnectedState)
            connection->tcp->write(pong, sizeof pong);
    }
}

void SlimFaasEmulatorPrivate::onDisconnected(EmulatorConnection *connection)
{
    Q_Q(SlimFaasEmulator);
    const quint64 serial = connection->serial;
    if (connection->socket)
        connection->socket->deleteLater();
    const QString name = connection->functionName;
    // SlimFaas takes the connection out of its last name only. Under the others it stays in
    // the replica list, dead: never selected, but the list is never empty again, so the name
    // keeps its configuration for good.
    EmulatorNode &node = nodeOf(connection);
    for (const QString &registeredName : std::as_const(connection->functionNames)) {
        const auto function = node.functions.find(registeredName);
        Q_ASSERT(function != node.functions.end());
        if (function == node.functions.end())
            continue;
        function->connections.removeAll(serial); // registered more than once, maybe
        if (registeredName != connection->unregisterName
            && !node.heldConfigurations.contains(registeredName)) {
            node.heldConfigurations.insert(registeredName, { function->config, function->written });
        }
        // Without a live replica the name is unknown to callers again.
        if (function->connections.isEmpty())
            node.functions.erase(function);
    }
    // Sync streams die with their connection; pending callbacks resolve as 503.
    const auto streamIds = connection->syncStreams;
    for (const QString &id : streamIds) {
        if (EmulatorSyncStream *stream = syncStream(id)) {
            stream->connection = 0;
            failSyncStream(stream, SlimFaasEmulator::tr("connection lost"), false);
        }
    }
    const auto pending = connection->pendingCallbacks.values();
    for (quint64 itemSerial : pending) {
        if (EmulatorAsyncItem *item = asyncItem(itemSerial))
            endWait(item, 503);
    }
    log.info(QStringLiteral("closed"), peerOf(connection),
             QStringLiteral("connection %1 of \"%2\" closed").arg(connection->id, name));
    forgetIncoming(connection);
    if (connection->socket && !connection->incomingRefused
        && connection->socket->closeCode() == QWebSocketProtocol::CloseCodeTooMuchData) {
        // Either side may have closed with 1009 (Qt does it on its own at the limit), and
        // QWebSocket does not tell which: both are named, or the function just vanishes.
        const QString function = name.isEmpty() ? QStringLiteral("an unregistered function")
                                                : QStringLiteral("function ") + name;
        QString which = QStringLiteral("one sent to it exceeded the function's own limit");
        if (maximumIncomingMessageSize > 0)
            which.prepend(QStringLiteral("one from the function exceeded the maximum of %1 bytes "
                                         "(maximumIncomingMessageSize), or ")
                                  .arg(maximumIncomingMessageSize));
        log.warning(QStringLiteral("maximumIncomingMessageSize"), peerOf(connection),
                    QStringLiteral("connection %1 of %2 closed, a message too big (close code "
                                   "1009): %3")
                            .arg(connection->id, function, which));
    }
    const QString id = connection->id;
    const QStringList names = connection->functionNames;
    connections.erase(serial);
    emit q->connectionClosed(name, id);
    connectionNodes.remove(id);
    for (const QString &registeredName : names) {
        warnAboutNodes(registeredName);
        dispatch(registeredName);
    }
}

void SlimFaasEmulatorPrivate::sendEnvelope(EmulatorConnection *connection, MessageType type,
                                           const QString &correlationId, const QJsonValue &payload)
{
    sendEnvelope(connection, type, correlationId,
                 SlimFaasProtocol::encodeEnvelope(type, correlationId, payload));
}

void SlimFaasEmulatorPrivate::sendEnvelope(EmulatorConnection *connection, MessageType type,
                                           const QString &correlationId, const QByteArray &json)
{
    Q_Q(SlimFaasEmulator);
    if (connection->socket && !intercepted(connection, SlimFaasEmulator::ToFunction, false, json))
        write(connection, false, json);
    emit q->messageSent(connection->id, type, correlationId, json);
}

void SlimFaasEmulatorPrivate::sendFrame(EmulatorConnection *connection, MessageType type,
                                        const QString &correlationId, const QByteArray &payload,
                                        quint8 flags)
{
    Q_Q(SlimFaasEmulator);
    static const QMetaMethod sentSignal = QMetaMethod::fromSignal(&SlimFaasEmulator::messageSent);
    static const QMetaMethod exchangedSignal
            = QMetaMethod::fromSignal(&SlimFaasEmulator::messageExchanged);
    const qsizetype size = SlimFaasProtocol::FrameHeaderSize + payload.size();
    // Nobody looks at the frame on its way (no interceptor, no observer, no messageSent
    // slot): it is written straight into the WebSocket frame, with no QByteArray of its own.
    if (!interceptor && writesDirectly(connection, size) && !q->isSignalConnected(sentSignal)
        && !q->isSignalConnected(exchangedSignal)) {
        writeDirectly(connection, true, size, [&](char *out) {
            SlimFaasProtocol::writeFrame(out, type, correlationId, payload, flags);
        });
        return;
    }
    const QByteArray frame = SlimFaasProtocol::encodeFrame(type, correlationId, payload, flags);
    if (connection->socket && !intercepted(connection, SlimFaasEmulator::ToFunction, true, frame))
        write(connection, true, frame);
    emit q->messageSent(connection->id, type, correlationId, frame);
}

// A message within one frame goes to the TCP socket under the QWebSocket as the frame
// QWebSocket would write (FIN, the opcode, the length, unmasked as a server's are), in one
// write: QWebSocket would take a text message as a QString (UTF-8 to UTF-16 here, back to
// UTF-8 there), copy the payload and write the header and the payload apart. Its frames
// are written whole, so this one lands between them (see sendKeepAlive()). Text that is
// not valid UTF-8, a longer message or a closing socket take QWebSocket's own path.
void SlimFaasEmulatorPrivate::write(EmulatorConnection *connection, bool binary,
                                    const QByteArray &message)
{
    if (writesDirectly(connection, message.size()) && (binary || message.isValidUtf8())) {
        writeDirectly(connection, binary, message.size(), [&](char *out) {
            std::memcpy(out, message.constData(), size_t(message.size()));
        });
    } else {
        releaseHeldWrites(connection); // they go first
        if (!connection->socket)
            return;
        if (binary)
            connection->socket->sendBinaryMessage(message);
        else
            connection->socket->sendTextMessage(QString::fromUtf8(message));
    }
    observe(connection, SlimFaasEmulator::ToFunction, binary, message);
}

bool SlimFaasEmulatorPrivate::writesDirectly(const EmulatorConnection *connection,
                                             qsizetype size) const
{
    const QWebSocket *socket = connection->socket;
    const QTcpSocket *tcp = connection->tcp;
    return tcp && socket && socket->state() == QAbstractSocket::ConnectedState
            && tcp->state() == QAbstractSocket::ConnectedState
            && quint64(size) <= socket->outgoingFrameSize();
}

namespace {
// Past this, a message is written on its own (after what is held): holding would only copy
// it once more.
constexpr qsizetype MaximumHeldMessage = 4096;
// A connection keeps its buffer of held writes for the next route up to this capacity.
constexpr qsizetype KeptHeldCapacity = 64 * 1024;
} // namespace

template<typename Fill>
void SlimFaasEmulatorPrivate::writeDirectly(EmulatorConnection *connection, bool binary,
                                            qsizetype size, Fill fill)
{
    const bool held = connection->holdingWrites && size <= MaximumHeldMessage;
    if (!held)
        releaseHeldWrites(connection);
    const int headerSize = size < 126 ? 2 : size <= 0xFFFF ? 4 : 10;
    QByteArray single;
    QByteArray &out = held ? connection->heldFrames : single;
    const qsizetype start = out.size();
    if (held)
        out.resize(start + headerSize + size);
    else
        out = QByteArray(headerSize + size, Qt::Uninitialized);
    char *header = out.data() + start;
    header[0] = char(0x80 | (binary ? 0x2 : 0x1));
    if (size < 126) {
        header[1] = char(size);
    } else if (size <= 0xFFFF) {
        header[1] = char(126);
        qToBigEndian<quint16>(quint16(size), header + 2);
    } else {
        header[1] = char(127);
        qToBigEndian<quint64>(quint64(size), header + 2);
    }
    fill(header + headerSize);
    if (!held)
        connection->tcp->write(out);
}

void SlimFaasEmulatorPrivate::releaseHeldWrites(EmulatorConnection *connection)
{
    if (connection->heldFrames.isEmpty())
        return;
    // Checked again: nothing may follow a close frame QWebSocket has written meanwhile.
    if (writesDirectly(connection, 0))
        connection->tcp->write(connection->heldFrames);
    if (connection->heldFrames.capacity() > KeptHeldCapacity)
        connection->heldFrames = QByteArray();
    else
        connection->heldFrames.resize(0);
}

SlimFaasEmulatorPrivate::HeldWrites::HeldWrites(SlimFaasEmulatorPrivate *d,
                                                EmulatorConnection *connection)
    : m_d(d), m_connection(connection->serial), m_outermost(!connection->holdingWrites)
{
    connection->holdingWrites = true;
}

SlimFaasEmulatorPrivate::HeldWrites::~HeldWrites()
{
    if (!m_outermost)
        return;
    if (EmulatorConnection *connection = m_d->connection(m_connection)) {
        connection->holdingWrites = false;
        m_d->releaseHeldWrites(connection);
    }
}

bool SlimFaasEmulatorPrivate::intercepted(const EmulatorConnection *connection,
                                          SlimFaasEmulator::MessageDirection direction, bool binary,
                                          const QByteArray &message) const
{
    return interceptor
            && interceptor(connection->id, connection->functionName, direction, binary, message)
            != SlimFaasEmulator::DeliverNow;
}

void SlimFaasEmulator::setMessageInterceptor(MessageInterceptor interceptor)
{
    Q_D(SlimFaasEmulator);
    d->interceptor = std::move(interceptor);
}

bool SlimFaasEmulator::releaseMessage(const QString &connectionId, MessageDirection direction,
                                      bool binary, const QByteArray &message)
{
    Q_D(SlimFaasEmulator);
    for (const auto &[serial, each] : d->connections) {
        EmulatorConnection *connection = each.get();
        if (connection->id != connectionId)
            continue;
        if (!connection->socket || connection->socket->state() != QAbstractSocket::ConnectedState)
            return false;
        if (direction == ToFunction)
            d->write(connection, binary, message);
        else if (binary)
            d->readBinary(connection, message);
        else
            d->readText(connection, message);
        return true;
    }
    return false;
}

// Nothing is paid for the observer when nobody listens.
void SlimFaasEmulatorPrivate::observe(const EmulatorConnection *connection,
                                      SlimFaasEmulator::MessageDirection direction, bool binary,
                                      const QByteArray &message)
{
    Q_Q(SlimFaasEmulator);
    static const QMetaMethod signal = QMetaMethod::fromSignal(&SlimFaasEmulator::messageExchanged);
    if (q->isSignalConnected(signal))
        emit q->messageExchanged(connection->id, connection->functionName, direction, binary,
                                 message);
}

// Configurations are equal when all nine fields are, lists compared in any order, the way
// the server decides whether a new replica may join (it sorts each list, so a repeated
// entry still counts).
bool SlimFaasEmulatorPrivate::sameConfiguration(const SlimFaasFunctionConfig &a,
                                                const SlimFaasFunctionConfig &b)
{
    auto sorted = [](QStringList list) {
        list.sort();
        return list;
    };
    auto events = [&](const SlimFaasFunctionConfig &c) {
        QStringList keys;
        for (const SlimFaasSubscribeEvent &e : c.subscribeEvents())
            keys.append(e.name + QLatin1Char('\n')
                        + (e.visibility ? SlimFaas::visibilityName(*e.visibility) : QString()));
        return sorted(keys);
    };
    auto paths = [&](const SlimFaasFunctionConfig &c) {
        QStringList keys;
        for (const SlimFaasPathVisibility &p : c.pathsStartWithVisibility())
            keys.append(p.path + QLatin1Char('\n') + SlimFaas::visibilityName(p.visibility));
        return sorted(keys);
    };
    return sorted(a.dependsOn()) == sorted(b.dependsOn()) && events(a) == events(b)
            && a.defaultVisibility() == b.defaultVisibility() && paths(a) == paths(b)
            && a.configuration() == b.configuration()
            && a.replicasStartAsSoonAsOneFunctionRetrieveARequest()
            == b.replicasStartAsSoonAsOneFunctionRetrieveARequest()
            && a.numberParallelRequest() == b.numberParallelRequest()
            && a.numberParallelRequestPerPod() == b.numberParallelRequestPerPod()
            && a.defaultTrust() == b.defaultTrust();
}

// The server's round-robin: the cursor moves on by one at every selection, and from there
// the first connection whose active work (pending callbacks + sync streams) is under the
// per-pod limit is chosen. None is under it: null.
EmulatorConnection *SlimFaasEmulatorPrivate::selectConnection(EmulatorFunction &function) const
{
    const int count = int(function.connections.size());
    if (count == 0)
        return nullptr;
    const int perPod = function.config.numberParallelRequestPerPod(); // 0: none ever is
    const int start = function.nextConnection++;
    for (int i = 0; i < count; ++i) {
        EmulatorConnection *candidate = connection(function.connections.at((start + i) % count));
        if (candidate && candidate->activeWork() < perPod)
            return candidate;
    }
    return nullptr;
}

// SlimFaas trusts a caller when its address, or any address of its X-Forwarded-For header,
// is one of the cluster's trusted pods; here, when it lies in one of trustedNetworks.
bool SlimFaasEmulatorPrivate::isTrusted(const EmulatorHttpExchange *exchange) const
{
    auto trusted = [this](const QHostAddress &address) {
        bool isV4 = false;
        const quint32 v4 = address.toIPv4Address(&isV4);
        const QHostAddress plain = isV4 ? QHostAddress(v4) : address;
        return std::any_of(
                trustedNetworks.cbegin(), trustedNetworks.cend(),
                [&](const QPair<QHostAddress, int> &net) { return plain.isInSubnet(net); });
    };
    if (trusted(exchange->peerAddress()))
        return true;
    const SlimFaasHeaders headers = exchange->headers();
    for (auto it = headers.cbegin(); it != headers.cend(); ++it) {
        if (it.key().compare(QLatin1String("X-Forwarded-For"), Qt::CaseInsensitive) != 0)
            continue;
        for (const QString &value : it.value()) {
            for (QString entry : value.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
                entry = entry.trimmed();
                // "10.0.0.1:1234" carries a port, as the server allows.
                if (entry.count(QLatin1Char(':')) == 1)
                    entry.truncate(entry.indexOf(QLatin1Char(':')));
                const QHostAddress address(entry);
                if (!address.isNull() && trusted(address))
                    return true;
            }
        }
    }
    return false;
}

// The first pathsStartWithVisibility rule whose path starts the request's path wins,
// otherwise the function's default visibility. Matched as SlimFaas matches it, differently
// per route: /async-function lowercases the request path (which has no leading '/') and
// compares it with the lowercased rule as written; /function strips a leading '/' from both
// and lowercases the request path only (and skips no empty rule).
SlimFaas::Visibility SlimFaasEmulatorPrivate::visibilityOf(const SlimFaasFunctionConfig &config,
                                                           const QString &path, Route route)
{
    auto withoutSlash = [](const QString &p) {
        return p.startsWith(QLatin1Char('/')) ? p.mid(1) : p;
    };
    for (const SlimFaasPathVisibility &rule : config.pathsStartWithVisibility()) {
        const bool matches = route == Route::Async
                ? !rule.path.trimmed().isEmpty() && path.toLower().startsWith(rule.path.toLower())
                : withoutSlash(path).toLower().startsWith(withoutSlash(rule.path));
        if (matches)
            return rule.visibility;
    }
    return config.defaultVisibility();
}

const EmulatorFunction *SlimFaasEmulatorPrivate::beginFunctionRoute(EmulatorHttpExchange *exchange,
                                                                    int node,
                                                                    const QString &functionName,
                                                                    const QString &path,
                                                                    Route route)
{
    // A function without connections is unknown to SlimFaas (it forgot its configuration),
    // and a node knows only the connections it accepted (SyncFunctionEndpoints.cs,
    // AsyncFunctionEndpoints.cs: the node's own WebSocketFunctionRepository).
    const EmulatorFunction *function = lookUpFunction(node, functionName);
    if (!function) {
        exchange->respond(404);
        return nullptr;
    }
    const bool isPrivate
            = visibilityOf(function->config, path, route) == SlimFaas::Visibility::Private;
    const bool trusted = isTrusted(exchange);
    if (isPrivate && !trusted) {
        exchange->respond(404);
        return nullptr;
    }
    const QString registered = function->config.functionName();
    // ASP.NET's catch-all hands the rest of the path on as it is, repeated slashes included
    // (/function/pub//admin gives "/admin"), and the rules are matched against that: the
    // caller gets through, and the function's own router may well read "/admin" as "admin".
    static const QRegularExpression slashes(QStringLiteral("/+"));
    if (!isPrivate && !trusted
        && (path.startsWith(QLatin1Char('/')) || path.contains(QLatin1String("//")))) {
        QString collapsed = path;
        collapsed.replace(slashes, QStringLiteral("/"));
        if (collapsed.startsWith(QLatin1Char('/')))
            collapsed.remove(0, 1);
        if (visibilityOf(function->config, collapsed, route) == SlimFaas::Visibility::Private) {
            warn(QStringLiteral("path-slashes-escape-rule"), registered,
                 SlimFaasEmulator::tr(
                         "the path \"%1\" of %2/%3 escapes a Private rule of \"%4\" only "
                         "through its repeated slashes: SlimFaas matches the rules against "
                         "the path as it is, so an untrusted caller reaches \"%5\" in "
                         "production too, and the function receives \"%1\".")
                         .arg(path,
                              route == Route::Async ? QStringLiteral("/async-function")
                                                    : QStringLiteral("/function"),
                              functionName, registered, collapsed));
        }
    }
    if (registered != functionName) {
        warn(QStringLiteral("function-name-case"), registered,
             route == Route::Async
                     ? SlimFaasEmulator::tr("/async-function/%1 was accepted (202) for \"%2\" but "
                                            "queued as \"%1\": SlimFaas never delivers it.")
                               .arg(functionName, registered)
                     : SlimFaasEmulator::tr("/function/%1 names \"%2\" with another case: "
                                            "SlimFaas finds the function but sends the call to "
                                            "\"%1\", which has no connection, and answers 503.")
                               .arg(functionName, registered));
    }
    return function;
}

const EmulatorFunction *SlimFaasEmulatorPrivate::lookUpFunction(int node,
                                                                const QString &callerName) const
{
    const QHash<QString, EmulatorFunction> &functions = nodes[size_t(node)].functions;
    const auto exact = functions.constFind(callerName);
    if (exact != functions.cend())
        return &*exact;
    for (auto it = functions.cbegin(); it != functions.cend(); ++it) {
        if (it.key().compare(callerName, Qt::CaseInsensitive) == 0)
            return &*it;
    }
    return nullptr;
}

bool SlimFaasEmulatorPrivate::methodHasNoBody(const QString &method)
{
    return method == QLatin1String("GET") || method == QLatin1String("HEAD")
            || method == QLatin1String("DELETE") || method == QLatin1String("TRACE");
}

// ---------------------------------------------------------------- HTTP routing

namespace {

// The methods SlimFaas maps its function routes with; any other gets 405 there.
bool isRoutedMethod(const QString &method)
{
    static const QStringList routed{ QStringLiteral("GET"),    QStringLiteral("POST"),
                                     QStringLiteral("PUT"),    QStringLiteral("DELETE"),
                                     QStringLiteral("PATCH"),  QStringLiteral("HEAD"),
                                     QStringLiteral("OPTIONS") };
    return routed.contains(method);
}

} // namespace

void SlimFaasEmulatorPrivate::onHttpRequest(EmulatorHttpExchange *exchange, int node)
{
    // SlimFaas's default CORS policy allows any origin, method and header: a request with an
    // Origin gets "Access-Control-Allow-Origin: *", and a preflight is answered 204 by the
    // CORS middleware before any route.
    const bool cors = !exchange->header(QStringLiteral("Origin")).isEmpty();
    const QString preflightMethod
            = exchange->header(QStringLiteral("Access-Control-Request-Method"));
    if (cors && exchange->method() == QLatin1String("OPTIONS") && !preflightMethod.isEmpty()) {
        SlimFaasHeaders headers{
            { QStringLiteral("Access-Control-Allow-Origin"), { QStringLiteral("*") } },
            { QStringLiteral("Access-Control-Allow-Methods"), { preflightMethod } }
        };
        const QString requested
                = exchange->header(QStringLiteral("Access-Control-Request-Headers"));
        if (!requested.isEmpty())
            headers.insert(QStringLiteral("Access-Control-Allow-Headers"), { requested });
        exchange->respond(204, {}, headers);
        return;
    }
    if (cors)
        exchange->addResponseHeader(QStringLiteral("Access-Control-Allow-Origin"),
                                    QStringLiteral("*"));
    if (handleServerRoute(exchange, node) || handleNodeRoute(exchange))
        return;

    // /<route>/<name>/<rest>: rest is handed on without its leading slash, as SlimFaas's
    // catch-all route gives it.
    const QString path = exchange->path();
    const qsizetype nameStart = path.indexOf(QLatin1Char('/'), 1) + 1;
    const QStringView route
            = nameStart > 0 ? QStringView(path).mid(1, nameStart - 2) : QStringView();
    const qsizetype nameEnd = path.indexOf(QLatin1Char('/'), nameStart);
    const QString name = nameStart > 0 ? path.mid(nameStart, nameEnd < 0 ? -1 : nameEnd - nameStart)
                                       : QString();
    const QString rest = nameEnd < 0 ? QString() : path.mid(nameEnd + 1);
    const bool functionRoute = route == QLatin1String("async-function")
            || route == QLatin1String("function") || route == QLatin1String("publish-event");
    if (name.isEmpty() || !functionRoute) {
        exchange->respond(404);
        return;
    }
    if (!isRoutedMethod(exchange->method())) {
        exchange->respond(405);
        return;
    }
    if (route == QLatin1String("async-function"))
        return handleAsyncRoute(exchange, node, name, rest);
    if (route == QLatin1String("function"))
        return handleSyncRoute(exchange, node, name, rest);
    handlePublishRoute(exchange, node, name, rest);
}

// The routes with a fixed shape: status, health, and those SlimFaas keeps for Kubernetes
// functions only. False when the path is none of them.
bool SlimFaasEmulatorPrivate::handleServerRoute(EmulatorHttpExchange *exchange, int node)
{
    Q_Q(SlimFaasEmulator);
    const QString path = exchange->path();
    const QString method = exchange->method();
    static const SlimFaasHeaders json{ { QStringLiteral("Content-Type"),
                                         { QStringLiteral("application/json") } } };
    static const SlimFaasHeaders text{ { QStringLiteral("Content-Type"),
                                         { QStringLiteral("text/plain") } } };
    auto only = [&](const char *allowed) {
        if (method == QLatin1String(allowed))
            return true;
        exchange->respond(405);
        return false;
    };
    static const QLatin1String statusRoute("/status-function/");
    static const QLatin1String wakeRoute("/wake-function/");
    static const QLatin1String callbackRoute("/async-function-callback/");
    // SlimFaas answers these two before routing, whatever the method.
    if (path == QLatin1String("/health")) {
        exchange->respond(200, "OK", text);
    } else if (path == QLatin1String("/ready")) {
        exchange->respond(200, "READY", text);
    } else if (path == QLatin1String("/status-functions")) {
        if (only("GET"))
            exchange->respond(200, functionStatusesJson(node), json);
    } else if (path.startsWith(statusRoute)
               && path.indexOf(QLatin1Char('/'), statusRoute.size()) < 0) {
        if (!only("GET"))
            return true;
        const QJsonObject status = q->functionStatus(path.mid(statusRoute.size()), node);
        if (status.isEmpty())
            exchange->respond(404);
        else
            exchange->respond(200, QJsonDocument(status).toJson(QJsonDocument::Compact), json);
    } else if (path.startsWith(wakeRoute) && path.indexOf(QLatin1Char('/'), wakeRoute.size()) < 0) {
        // Waking and HTTP callbacks look for Kubernetes deployments only: WebSocket functions
        // (and here every name) are not found.
        if (only("POST"))
            exchange->respond(404);
    } else if (path == QLatin1String("/wake-functions")) {
        // Wakes every Kubernetes function in the background and answers at once
        // (StatusEndpoints.cs, WakeAllFunctions): nothing to wake here.
        if (only("POST"))
            exchange->respond(204);
    } else if (path.startsWith(callbackRoute) && path.count(QLatin1Char('/')) == 4) {
        if (only("POST"))
            exchange->respond(404);
    } else if (path == QLatin1String("/emulator/functions")) {
        if (only("GET"))
            exchange->respond(
                    200, QJsonDocument(q->functionDetails()).toJson(QJsonDocument::Compact), json);
    } else {
        return false;
    }
    return true;
}

// ---------------------------------------------------------------- several nodes

bool SlimFaasEmulatorPrivate::handleNodeRoute(EmulatorHttpExchange *exchange)
{
    Q_Q(SlimFaasEmulator);
    static const QLatin1String masterRoute("/emulator/master/");
    const QString path = exchange->path();
    static const SlimFaasHeaders json{ { QStringLiteral("Content-Type"),
                                         { QStringLiteral("application/json") } } };
    const bool nodesRoute = path == QLatin1String("/emulator/nodes");
    if (!nodesRoute
        && !(path.startsWith(masterRoute)
             && path.indexOf(QLatin1Char('/'), masterRoute.size()) < 0))
        return false;
    if (exchange->method() != QLatin1String(nodesRoute ? "GET" : "POST")) {
        exchange->respond(405);
        return true;
    }
    if (!nodesRoute) {
        bool isNumber = false;
        const int node = path.mid(masterRoute.size()).toInt(&isNumber);
        if (!isNumber) {
            exchange->respond(
                    400, "The node is a number.\n",
                    { { QStringLiteral("Content-Type"), { QStringLiteral("text/plain") } } });
            return true;
        }
        if (!q->setMasterNode(node)) {
            exchange->respond(404);
            return true;
        }
    }
    exchange->respond(200, QJsonDocument(q->nodeDetails()).toJson(QJsonDocument::Compact), json);
    return true;
}

QList<int> SlimFaasEmulatorPrivate::nodesWith(const QString &functionName) const
{
    QList<int> with;
    for (size_t node = 0; node < nodes.size(); ++node) {
        if (nodes[node].functions.contains(functionName))
            with.append(int(node));
    }
    return with;
}

namespace {
QString nodeList(const QList<int> &nodes)
{
    QStringList names;
    for (int node : nodes)
        names.append(QString::number(node));
    return names.join(QLatin1String(", "));
}
} // namespace

// SlimFaas's nodes each know their own connections only: a function connected to some of
// them is unknown to the others (404), and one with no connection on the master never gets
// its async requests. Said once per change of where it is connected, or of the master.
void SlimFaasEmulatorPrivate::warnAboutNodes(const QString &functionName)
{
    if (nodes.size() < 2 || stopping)
        return;
    const QList<int> with = nodesWith(functionName);
    QList<int> without;
    for (int node = 0; node < int(nodes.size()); ++node) {
        if (!with.contains(node))
            without.append(node);
    }
    auto once
            = [&](const QString &code, bool applies, const QString &state, const QString &message) {
                  const QString key = code + QLatin1Char('\n') + functionName;
                  if (!applies) {
                      nodeWarnings.remove(key);
                      return;
                  }
                  if (nodeWarnings.value(key) == state)
                      return;
                  nodeWarnings.insert(key, state);
                  warn(code, functionName, message);
              };
    once(QStringLiteral("function-not-on-every-node"), !with.isEmpty() && !without.isEmpty(),
         nodeList(with),
         SlimFaasEmulator::tr("\"%1\" is connected to node(s) %2 only: on SlimFaas each node "
                              "knows its own connections, so a caller whose request reaches "
                              "node(s) %3 gets 404 from /function/%1 and /async-function/%1, and "
                              "events published there do not reach it. Connect it to every "
                              "node.")
                 .arg(functionName, nodeList(with), nodeList(without)));
    once(QStringLiteral("function-not-on-master"), !with.isEmpty() && !with.contains(master),
         nodeList(with) + QLatin1Char('/') + QString::number(master),
         SlimFaasEmulator::tr("\"%1\" has no connection on node %2, the master: only the master "
                              "dispatches async requests, to its own connections, so those of "
                              "\"%1\" wait in the queue until it connects there or node(s) %3 "
                              "become master.")
                 .arg(functionName)
                 .arg(master)
                 .arg(nodeList(with)));
}

// A failover. The former master stops tracking the tries it sent (WebSocketQueuesWorker.cs,
// ClearLocalTracking): their waits end unrecorded, as a 202 callback ends one, so the queue
// records them 504 once asyncTimeout has passed, and a later callback is dropped. The new
// master dispatches what waits, to its own connections.
void SlimFaasEmulatorPrivate::moveMaster(int node)
{
    Q_Q(SlimFaasEmulator);
    const int former = master;
    master = node;
    QList<quint64> abandoned;
    for (const auto &[serial, item] : asyncItems) {
        if (const EmulatorConnection *connection = this->connection(item->connection);
            connection && connection->node == former)
            abandoned.append(serial);
    }
    for (quint64 serial : std::as_const(abandoned)) {
        if (EmulatorAsyncItem *item = asyncItem(serial)) {
            log.info(QStringLiteral("failover"), item->functionName,
                     QStringLiteral("node %1 is no longer the master: it stops waiting for the "
                                    "callback of %2")
                             .arg(former)
                             .arg(item->request.elementId()));
            endWait(item, 202);
        }
    }
    log.info(QStringLiteral("master"), QString(),
             QStringLiteral("node %1 is the master").arg(node));
    emit q->masterNodeChanged(node);
    QSet<QString> names;
    for (const EmulatorNode &each : nodes) {
        for (auto it = each.functions.cbegin(); it != each.functions.cend(); ++it)
            names.insert(it.key());
    }
    for (const QString &name : std::as_const(names))
        warnAboutNodes(name);
    QStringList waiting = queues.keys() + unfinished.keys();
    waiting.removeDuplicates();
    for (const QString &name : std::as_const(waiting))
        dispatch(name);
}

// ---------------------------------------------------------------- public face

SlimFaasEmulator::SlimFaasEmulator(QObject *parent)
    : QObject(parent), d_ptr(new SlimFaasEmulatorPrivate(this))
{
    Q_D(SlimFaasEmulator);
    connect(&d->keepAliveTimer, &QTimer::timeout, this, [d] { d->sendKeepAlive(); });
    d->syncDeadlineTimer.setSingleShot(true);
    connect(&d->syncDeadlineTimer, &QTimer::timeout, this, [d] { d->onSyncDeadline(); });
}

SlimFaasEmulator::~SlimFaasEmulator()
{
    stop();
}

QHostAddress SlimFaasEmulator::listenAddress() const
{
    return d_func()->listenAddress;
}
void SlimFaasEmulator::setListenAddress(const QHostAddress &address)
{
    d_func()->listenAddress = address;
}
void SlimFaasEmulator::setWebSocketPort(quint16 port)
{
    d_func()->wantedWebSocketPort = port;
}
void SlimFaasEmulator::setHttpPort(quint16 port)
{
    d_func()->wantedHttpPort = port;
}
QStringList SlimFaasEmulator::kubernetesFunctions() const
{
    return d_func()->kubernetesFunctions;
}
void SlimFaasEmulator::setKubernetesFunctions(const QStringList &names)
{
    d_func()->kubernetesFunctions = names;
}
int SlimFaasEmulator::asyncTimeout() const
{
    return d_func()->asyncTimeout;
}
void SlimFaasEmulator::setAsyncTimeout(int msecs)
{
    d_func()->asyncTimeout = qMax(1, msecs);
}
int SlimFaasEmulator::callbackTimeout() const
{
    return d_func()->callbackTimeout;
}
void SlimFaasEmulator::setCallbackTimeout(int msecs)
{
    d_func()->callbackTimeout = qMax(1, msecs);
}
int SlimFaasEmulator::syncTimeout() const
{
    return d_func()->syncTimeout;
}
void SlimFaasEmulator::setSyncTimeout(int msecs)
{
    d_func()->syncTimeout = qMax(1, msecs);
}
double SlimFaasEmulator::retryDelayScale() const
{
    return d_func()->retryDelayScale;
}
void SlimFaasEmulator::setRetryDelayScale(double scale)
{
    d_func()->retryDelayScale = qMax(0.0, scale);
}

int SlimFaasEmulator::keepAliveInterval() const
{
    return d_func()->keepAliveInterval;
}

void SlimFaasEmulator::setKeepAliveInterval(int msecs)
{
    Q_D(SlimFaasEmulator);
    d->keepAliveInterval = qMax(0, msecs);
    if (isRunning() && d->keepAliveInterval > 0)
        d->keepAliveTimer.start(d->keepAliveInterval);
    else
        d->keepAliveTimer.stop();
}

QList<QPair<QHostAddress, int>> SlimFaasEmulator::trustedNetworks() const
{
    return d_func()->trustedNetworks;
}

void SlimFaasEmulator::setTrustedNetworks(const QList<QPair<QHostAddress, int>> &networks)
{
    d_func()->trustedNetworks = networks;
}

QStringList SlimFaasEmulator::allowedWebSocketOrigins() const
{
    return d_func()->allowedWebSocketOrigins;
}

void SlimFaasEmulator::setAllowedWebSocketOrigins(const QStringList &origins)
{
    d_func()->allowedWebSocketOrigins = origins;
}

int SlimFaasEmulator::registerTimeout() const
{
    return d_func()->registerTimeout;
}

void SlimFaasEmulator::setRegisterTimeout(int msecs)
{
    d_func()->registerTimeout = qMax(0, msecs);
}

qint64 SlimFaasEmulator::maximumIncomingMessageSize() const
{
    return d_func()->maximumIncomingMessageSize;
}

void SlimFaasEmulator::setMaximumIncomingMessageSize(qint64 bytes)
{
    d_func()->maximumIncomingMessageSize = qMax<qint64>(0, bytes);
}

SlimFaasEmulatorLimits SlimFaasEmulator::limits() const
{
    return d_func()->limits;
}

void SlimFaasEmulator::setLimits(const SlimFaasEmulatorLimits &limits)
{
    d_func()->limits = limits;
}

int SlimFaasEmulator::nodeCount() const
{
    return d_func()->wantedNodeCount;
}

void SlimFaasEmulator::setNodeCount(int count)
{
    d_func()->wantedNodeCount = qBound(1, count, MaximumNodeCount);
}

int SlimFaasEmulator::masterNode() const
{
    return d_func()->master;
}

bool SlimFaasEmulator::setMasterNode(int node)
{
    Q_D(SlimFaasEmulator);
    const int count = isRunning() ? int(d->nodes.size()) : d->wantedNodeCount;
    if (node < 0 || node >= count)
        return false;
    if (node != d->master)
        d->moveMaster(node);
    return true;
}

bool SlimFaasEmulator::restartNode(int node)
{
    Q_D(SlimFaasEmulator);
    if (!isRunning() || node < 0 || node >= int(d->nodes.size()))
        return false;
    QList<QPointer<QWebSocket>> open;
    for (const auto &[serial, connection] : d->connections) {
        if (connection->node == node)
            open.append(connection->socket);
    }
    for (const QPointer<QWebSocket> &socket : open) {
        if (socket)
            socket->abort(); // each runs its disconnect handling, as for any dropped one
    }
    d->nodes[size_t(node)].heldConfigurations.clear();
    return true;
}

bool SlimFaasEmulator::start()
{
    Q_D(SlimFaasEmulator);
    if (isRunning())
        return true;
    // Node k on the given ports plus k (free ones for 0). Children as well, so that every
    // socket the emulator holds is among its children.
    const int last = d->wantedNodeCount - 1;
    for (const quint16 wanted : { d->wantedWebSocketPort, d->wantedHttpPort }) {
        if (wanted != 0 && int(wanted) + last > 65535) {
            d->errorString = tr("Cannot listen on ports %1 to %2, one per node: ports end at "
                                "65535")
                                     .arg(wanted)
                                     .arg(int(wanted) + last);
            return false;
        }
    }
    std::vector<std::pair<std::unique_ptr<EmulatorWsEndpoint>, std::unique_ptr<EmulatorHttpServer>>>
            servers;
    for (int node = 0; node < d->wantedNodeCount; ++node) {
        auto ws = std::make_unique<EmulatorWsEndpoint>(d->limits, &d->log, this);
        auto http = std::make_unique<EmulatorHttpServer>(d->limits, &d->log, this);
        ws->setMaximumIncomingMessageSize(d->maximumIncomingMessageSize);
        ws->setAllowedOrigins(d->allowedWebSocketOrigins);
        const auto portOf = [node](quint16 wanted) {
            return wanted == 0 ? quint16(0) : quint16(wanted + node);
        };
        const quint16 wsPort = portOf(d->wantedWebSocketPort);
        const quint16 httpPort = portOf(d->wantedHttpPort);
        if (!ws->listen(d->listenAddress, wsPort)) {
            d->errorString = tr("Cannot listen for WebSockets on %1:%2: %3")
                                     .arg(d->listenAddress.toString())
                                     .arg(wsPort)
                                     .arg(ws->errorString());
            return false;
        }
        if (!http->listen(d->listenAddress, httpPort)) {
            d->errorString = tr("Cannot listen for HTTP on %1:%2: %3")
                                     .arg(d->listenAddress.toString())
                                     .arg(httpPort)
                                     .arg(http->errorString());
            return false;
        }
        connect(ws.get(), &EmulatorWsEndpoint::clientConnected, this,
                [d, node](QWebSocket *socket, QTcpSocket *tcp) {
                    d->onClientConnected(socket, tcp, node);
                });
        connect(http.get(), &EmulatorHttpServer::requestStarted, this,
                [d, node](EmulatorHttpExchange *exchange) { d->onHttpRequest(exchange, node); });
        connect(http.get(), &EmulatorHttpServer::callerGone, this,
                [d](EmulatorHttpExchange *exchange) { d->onSyncCallerGone(exchange); });
        connect(http.get(), &EmulatorHttpServer::bodyTimedOut, this,
                [d](EmulatorHttpExchange *exchange) { d->onSyncBodyTimedOut(exchange); });
        servers.emplace_back(std::move(ws), std::move(http));
    }
    // No connection is open while stopped: the registries of nodes that no longer run go.
    d->nodes.resize(servers.size());
    for (size_t node = 0; node < servers.size(); ++node) {
        d->nodes[node].wsEndpoint = std::move(servers[node].first);
        d->nodes[node].httpServer = std::move(servers[node].second);
    }
    if (d->master >= int(d->nodes.size()))
        d->master = 0;
    d->running = true;
    d->errorString.clear();
    if (d->keepAliveInterval > 0)
        d->keepAliveTimer.start(d->keepAliveInterval);
    if (d->nodes.size() == 1) {
        qCInfo(lcSlimFaasEmulator).noquote()
                << "listening:" << webSocketUrl().toString() << "and" << httpUrl().toString();
    } else {
        for (int node = 0; node < int(d->nodes.size()); ++node) {
            qCInfo(lcSlimFaasEmulator).noquote()
                    << "node" << node << "listening:" << webSocketUrl(node).toString() << "and"
                    << httpUrl(node).toString()
                            + QLatin1String(node == d->master ? " (master)" : "");
        }
    }
    if (!d->listenAddress.isLoopback()) {
        qCWarning(lcSlimFaasEmulator).noquote()
                << "listening on" << d->listenAddress.toString()
                << ": both ports are reachable from other hosts, which may then register "
                   "functions and call them";
    }
    emit runningChanged(true);
    return true;
}

void SlimFaasEmulator::stop()
{
    Q_D(SlimFaasEmulator);
    if (!isRunning())
        return;
    d->keepAliveTimer.stop();
    for (EmulatorNode &node : d->nodes) {
        node.wsEndpoint->close();
        node.httpServer->close();
    }
    QList<QPointer<QWebSocket>> open;
    for (const auto &[serial, connection] : d->connections)
        open.append(connection->socket);
    d->stopping = true;
    for (const QPointer<QWebSocket> &socket : open) {
        if (socket)
            socket->abort(); // each runs its disconnect handling: 503s, cancelled streams
    }
    d->stopping = false;
    d->nodeWarnings.clear();
    for (EmulatorNode &node : d->nodes) {
        node.wsEndpoint.reset();
        node.httpServer.reset();
    }
    d->running = false;
    emit runningChanged(false);
}

bool SlimFaasEmulator::isRunning() const
{
    return d_func()->running;
}
QString SlimFaasEmulator::errorString() const
{
    return d_func()->errorString;
}

quint16 SlimFaasEmulator::webSocketPort(int node) const
{
    Q_D(const SlimFaasEmulator);
    return isRunning() && node >= 0 && node < int(d->nodes.size())
            ? d->nodes[size_t(node)].wsEndpoint->serverPort()
            : 0;
}

quint16 SlimFaasEmulator::httpPort(int node) const
{
    Q_D(const SlimFaasEmulator);
    return isRunning() && node >= 0 && node < int(d->nodes.size())
            ? d->nodes[size_t(node)].httpServer->serverPort()
            : 0;
}

static QString hostForUrl(const QHostAddress &address)
{
    if (address == QHostAddress::Any || address == QHostAddress::AnyIPv4)
        return QStringLiteral("127.0.0.1");
    if (address == QHostAddress::AnyIPv6)
        return QStringLiteral("[::1]");
    return address.protocol() == QAbstractSocket::IPv6Protocol
            ? QLatin1Char('[') + address.toString() + QLatin1Char(']')
            : address.toString();
}

QUrl SlimFaasEmulator::webSocketUrl(int node) const
{
    return QUrl(QStringLiteral("ws://%1:%2/ws")
                        .arg(hostForUrl(listenAddress()))
                        .arg(webSocketPort(node)));
}

QUrl SlimFaasEmulator::httpUrl(int node) const
{
    return QUrl(
            QStringLiteral("http://%1:%2").arg(hostForUrl(listenAddress())).arg(httpPort(node)));
}

QJsonObject SlimFaasEmulator::nodeDetails() const
{
    Q_D(const SlimFaasEmulator);
    QList<int> open(int(d->nodes.size()), 0);
    for (const auto &[serial, connection] : d->connections)
        ++open[connection->node];
    QJsonArray nodes;
    for (int node = 0; node < int(d->nodes.size()); ++node) {
        QJsonArray functions;
        for (const QString &name : registeredFunctions(node)) {
            QJsonArray ids;
            for (quint64 serial : d->nodes[size_t(node)].functions[name].connections) {
                if (const EmulatorConnection *connection = d->connection(serial))
                    ids.append(connection->id);
            }
            functions.append(QJsonObject{ { QLatin1String("name"), name },
                                          { QLatin1String("connectionIds"), ids } });
        }
        nodes.append(QJsonObject{
                { QLatin1String("node"), node },
                { QLatin1String("webSocketUrl"), webSocketUrl(node).toString() },
                { QLatin1String("httpUrl"), httpUrl(node).toString() },
                { QLatin1String("master"), node == d->master },
                { QLatin1String("connections"), open.at(node) },
                { QLatin1String("functions"), functions },
        });
    }
    return { { QLatin1String("master"), d->master }, { QLatin1String("nodes"), nodes } };
}

int SlimFaasEmulator::connectionNode(const QString &connectionId) const
{
    Q_D(const SlimFaasEmulator);
    return d->connectionNodes.value(connectionId, -1);
}

// Exactly SlimFaas's FunctionStatus, PascalCase as the server serialises it. Over every node:
// the connections of all, the configuration of the first node that has the function.
// The function as the node sees it (any node for AllNodes), and its connections there.
const EmulatorFunction *SlimFaasEmulatorPrivate::statusOf(const QString &functionName, int node,
                                                          int *connections) const
{
    const EmulatorFunction *function = nullptr;
    *connections = 0;
    for (int each = 0; each < int(nodes.size()); ++each) {
        if (node != SlimFaasEmulator::AllNodes && each != node)
            continue;
        const auto found = nodes[size_t(each)].functions.constFind(functionName);
        if (found == nodes[size_t(each)].functions.cend())
            continue;
        if (!function)
            function = &*found;
        *connections += int(found->connections.size());
    }
    return function;
}

// QJsonDocument(q->functionStatuses(node)).toJson(Compact), written without building it
// (the members in QJsonObject's order): a dashboard polls it.
QByteArray SlimFaasEmulatorPrivate::functionStatusesJson(int node) const
{
    // One node's functions (what a node's own port asks for): its table sorted by name, as
    // registeredFunctions() and statusOf() would give them, without a list of names to
    // build and look up one by one.
    QByteArray json("[");
    if (node != SlimFaasEmulator::AllNodes || nodes.size() == 1) {
        const int only = node == SlimFaasEmulator::AllNodes ? 0 : node;
        if (only >= 0 && only < int(nodes.size())) {
            const QHash<QString, EmulatorFunction> &table = nodes[size_t(only)].functions;
            std::vector<std::pair<const QString *, const EmulatorFunction *>> functions;
            functions.reserve(size_t(table.size()));
            for (auto it = table.cbegin(); it != table.cend(); ++it)
                functions.emplace_back(&it.key(), &*it);
            std::sort(functions.begin(), functions.end(),
                      [](const auto &a, const auto &b) { return *a.first < *b.first; });
            json.reserve(2 + 112 * qsizetype(functions.size()));
            for (const auto &[name, function] : functions)
                appendFunctionStatus(&json, *name, *function, int(function->connections.size()));
        }
    } else {
        Q_Q(const SlimFaasEmulator);
        for (const QString &name : q->registeredFunctions(node)) {
            int connections = 0;
            if (const EmulatorFunction *function = statusOf(name, node, &connections))
                appendFunctionStatus(&json, name, *function, connections);
        }
    }
    json.append(']');
    return json;
}

void SlimFaasEmulatorPrivate::appendFunctionStatus(QByteArray *out, const QString &name,
                                                   const EmulatorFunction &function,
                                                   int connections)
{
    QByteArray &json = *out;
    const QByteArray count = QByteArray::number(connections);
    if (json.size() > 1)
        json.append(',');
    json.append("{\"Name\":");
    SlimFaasProtocol::appendJsonString(&json, name);
    json.append(",\"NumberReady\":").append(count);
    json.append(",\"NumberRequested\":").append(count);
    json.append(",\"PodType\":\"WebSocket\",\"Visibility\":");
    SlimFaasProtocol::appendJsonString(
            &json, SlimFaas::visibilityName(function.config.defaultVisibility()));
    json.append('}');
}

QJsonObject SlimFaasEmulator::functionStatus(const QString &functionName, int node) const
{
    Q_D(const SlimFaasEmulator);
    int connections = 0;
    const EmulatorFunction *function = d->statusOf(functionName, node, &connections);
    if (!function)
        return {};
    return QJsonObject{
        { QLatin1String("NumberReady"), connections },
        { QLatin1String("NumberRequested"), connections },
        { QLatin1String("PodType"), QLatin1String("WebSocket") },
        { QLatin1String("Visibility"),
          SlimFaas::visibilityName(function->config.defaultVisibility()) },
        { QLatin1String("Name"), functionName },
    };
}

QJsonArray SlimFaasEmulator::functionDetails() const
{
    Q_D(const SlimFaasEmulator);
    QJsonArray details;
    for (const QString &name : registeredFunctions()) {
        const EmulatorFunction *function = nullptr;
        QJsonArray pods;
        for (int node = 0; node < int(d->nodes.size()); ++node) {
            const auto found = d->nodes[size_t(node)].functions.constFind(name);
            if (found == d->nodes[size_t(node)].functions.cend())
                continue;
            if (!function)
                function = &*found;
            for (quint64 serial : found->connections) {
                const EmulatorConnection *connection = d->connection(serial);
                if (!connection)
                    continue;
                pods.append(
                        QJsonObject{ { QLatin1String("Name"), connection->podName() },
                                     { QLatin1String("ConnectionId"), connection->id },
                                     { QLatin1String("ActiveRequests"), connection->activeWork() },
                                     { QLatin1String("Node"), node } });
            }
        }
        const SlimFaasFunctionConfig &config = function->config;
        QJsonObject detail = functionStatus(name);
        detail.insert(QLatin1String("Trust"), SlimFaas::trustName(config.defaultTrust()));
        detail.insert(QLatin1String("NumberParallelRequest"), config.numberParallelRequest());
        detail.insert(QLatin1String("NumberParallelRequestPerPod"),
                      config.numberParallelRequestPerPod());
        detail.insert(QLatin1String("Pods"), pods);
        detail.insert(QLatin1String("QueueLength"), queueLength(name));
        details.append(detail);
    }
    return details;
}

QJsonArray SlimFaasEmulator::functionStatuses(int node) const
{
    QJsonArray statuses;
    for (const QString &name : registeredFunctions(node))
        statuses.append(functionStatus(name, node));
    return statuses;
}

QStringList SlimFaasEmulator::warningCodes()
{
    return { QStringLiteral("default-async-ignored"),
             QStringLiteral("path-rule-never-matches"),
             QStringLiteral("parallelism-zero"),
             QStringLiteral("async-body-dropped"),
             QStringLiteral("late-callback"),
             QStringLiteral("callback-202"),
             QStringLiteral("sync-cancel-not-sent"),
             QStringLiteral("function-name-case"),
             QStringLiteral("register-repeated"),
             QStringLiteral("register-second-name"),
             QStringLiteral("sync-slot-leaked"),
             QStringLiteral("sync-response-malformed"),
             QStringLiteral("sync-status-refused"),
             QStringLiteral("response-header-invalid"),
             QStringLiteral("content-length-mismatch"),
             QStringLiteral("register-unreadable"),
             QStringLiteral("register-breaks-lookups"),
             QStringLiteral("callback-unreadable"),
             QStringLiteral("parallelism-overflow"),
             QStringLiteral("default-sync-ignored"),
             QStringLiteral("default-publish-ignored"),
             QStringLiteral("depends-on-ignored"),
             QStringLiteral("replicas-start-ignored"),
             QStringLiteral("path-slashes-escape-rule"),
             QStringLiteral("function-not-on-every-node"),
             QStringLiteral("function-not-on-master") };
}

QStringList SlimFaasEmulator::registeredFunctions(int node) const
{
    Q_D(const SlimFaasEmulator);
    QStringList names;
    for (int each = 0; each < int(d->nodes.size()); ++each) {
        if (node == AllNodes || each == node)
            names += d->nodes[size_t(each)].functions.keys();
    }
    names.sort();
    names.removeDuplicates();
    return names;
}

int SlimFaasEmulator::replicas(const QString &functionName, int node) const
{
    Q_D(const SlimFaasEmulator);
    int count = 0;
    for (int each = 0; each < int(d->nodes.size()); ++each) {
        const auto &functions = d->nodes[size_t(each)].functions;
        const auto it = functions.constFind(functionName);
        if ((node == AllNodes || each == node) && it != functions.cend())
            count += int(it->connections.size());
    }
    return count;
}

int SlimFaasEmulator::queueLength(const QString &functionName) const
{
    return int(d_func()->queues.value(functionName).size());
}
