// SPDX-License-Identifier: MIT
#include "interceptor.h"

#include "functionsmodel.h"

#include <messagejson.h>
#include <slimfaasemulator.h>
#include <websocketproxy.h>

#include <QtCore/qjsondocument.h>

using SlimFaasProtocol::MessageType;

namespace {

// Requests and dropped streams remembered: enough for any session a person watches.
constexpr qsizetype MaximumRemembered = 10000;
// SlimFaas's own limits, for the proxy (the emulator says its own).
constexpr qint64 SlimFaasAsyncTimeout = 120000;
constexpr qint64 SlimFaasSyncTimeout = 300000;

bool isSyncRequestFrame(int type)
{
    return type == int(MessageType::SyncRequestStart) || type == int(MessageType::SyncRequestChunk)
            || type == int(MessageType::SyncRequestEnd);
}

bool isSyncResponseFrame(int type)
{
    return type == int(MessageType::SyncResponseStart)
            || type == int(MessageType::SyncResponseChunk)
            || type == int(MessageType::SyncResponseEnd);
}

QString streamKey(const QString &connectionId, bool toFunction, const QString &correlationId)
{
    return connectionId + (toFunction ? QLatin1String("\nin\n") : QLatin1String("\nout\n"))
            + correlationId;
}

} // namespace

Interceptor::Interceptor(QObject *parent) : QObject(parent), m_model(new InterceptModel(this)) { }

Interceptor::~Interceptor()
{
    detach();
}

void Interceptor::setRules(const InterceptRules &rules)
{
    m_rules = rules;
    updateHook();
    emit rulesChanged();
}

void Interceptor::setEnabled(bool enabled)
{
    if (enabled == m_enabled)
        return;
    m_enabled = enabled;
    if (!enabled)
        forwardAll();
    updateHook();
    emit enabledChanged(enabled);
}

void Interceptor::attach(SlimFaasEmulator *emulator)
{
    detach();
    m_emulator = emulator;
    m_sourceConnections.append(connect(emulator, &SlimFaasEmulator::connectionClosed, this,
                                       [this](const QString &, const QString &connectionId) {
                                           forgetConnection(connectionId);
                                       }));
    updateHook();
}

void Interceptor::attach(WebSocketProxy *proxy)
{
    detach();
    m_proxy = proxy;
    m_sourceConnections.append(
            connect(proxy, &WebSocketProxy::connectionClosed, this,
                    [this](const QString &connectionId) { forgetConnection(connectionId); }));
    updateHook();
}

void Interceptor::detach()
{
    for (const QMetaObject::Connection &connection : std::as_const(m_sourceConnections))
        disconnect(connection);
    m_sourceConnections.clear();
    if (m_hooked && m_emulator)
        m_emulator->setMessageInterceptor(nullptr);
    if (m_hooked && m_proxy)
        m_proxy->setInterceptor(nullptr);
    m_hooked = false;
    m_emulator = nullptr;
    m_proxy = nullptr;
    const QList<quint64> serials = m_model->serials();
    for (quint64 serial : serials) {
        if (const auto held = m_model->take(serial))
            emit released(*held, tr("connection closed"));
    }
    m_seen.clear();
    m_droppedStreams.clear();
}

void Interceptor::updateHook()
{
    const bool wanted = (m_enabled && !m_rules.isEmpty()) || m_model->rowCount() > 0;
    if (wanted == m_hooked || (!m_emulator && !m_proxy))
        return;
    m_hooked = wanted;
    if (m_emulator) {
        m_emulator->setMessageInterceptor(
                wanted ? SlimFaasEmulator::MessageInterceptor(
                        [this](const QString &connectionId, const QString &function,
                               SlimFaasEmulator::MessageDirection direction, bool binary,
                               const QByteArray &message) {
                            switch (decide(connectionId, function,
                                           direction == SlimFaasEmulator::ToFunction, binary,
                                           message)) {
                            case Hold:
                                return SlimFaasEmulator::HoldMessage;
                            case Drop:
                                return SlimFaasEmulator::DropMessage;
                            case Deliver:
                                break;
                            }
                            return SlimFaasEmulator::DeliverNow;
                        })
                       : SlimFaasEmulator::MessageInterceptor());
    }
    if (m_proxy) {
        m_proxy->setInterceptor(wanted ? WebSocketProxy::Interceptor(
                                        [this](const QString &connectionId, const QString &function,
                                               WebSocketProxy::Direction direction, bool binary,
                                               const QByteArray &message) {
                                            switch (decide(connectionId, function,
                                                           direction == WebSocketProxy::ToFunction,
                                                           binary, message)) {
                                            case Hold:
                                                return WebSocketProxy::Hold;
                                            case Drop:
                                                return WebSocketProxy::Drop;
                                            case Deliver:
                                                break;
                                            }
                                            return WebSocketProxy::Relay;
                                        })
                                       : WebSocketProxy::Interceptor());
    }
}

Interceptor::Decision Interceptor::decide(const QString &connectionId, const QString &functionName,
                                          bool toFunction, bool binary, const QByteArray &message)
{
    const QJsonObject line = describeWireMessage(toFunction ? "in" : "out", binary, message);
    const int type = line.value(QLatin1String("typeCode")).toInt();
    const QString id = line.value(QLatin1String("correlationId")).toString();
    const QJsonObject payload = line.value(QLatin1String("payload")).toObject();
    QString function = functionName;
    if (function.isEmpty() && type == int(MessageType::Register))
        function = payload.value(QLatin1String("functionName")).toString();
    const bool request = toFunction
            && (type == int(MessageType::AsyncRequest) || type == int(MessageType::PublishEvent)
                || type == int(MessageType::SyncRequestStart));
    if (request) {
        if (m_seen.size() >= MaximumRemembered)
            m_seen.clear();
        Seen &seen = m_seen[id];
        seen.since.start();
        seen.method = payload.value(QLatin1String("method")).toString();
        seen.path = payload.value(QLatin1String("path")).toString();
    }
    if (binary && m_droppedStreams.contains(streamKey(connectionId, toFunction, id)))
        return Drop;
    if (HeldMessage *ahead = m_model->find(connectionId, toFunction, id)) {
        m_model->addBehind(ahead->serial, binary, message);
        return Hold;
    }
    if (!m_enabled)
        return Deliver;
    const auto seen = m_seen.constFind(id);
    const bool known = seen != m_seen.constEnd();
    const QString method = known ? seen->method : QString();
    const QString path = known ? seen->path : QString();
    const int rule = m_rules.match(toFunction, type, function, method, path);
    if (rule < 0)
        return Deliver;

    HeldMessage held;
    held.connectionId = connectionId;
    held.connection = m_emulator ? FunctionsModel::podNameOf(connectionId) : connectionId;
    held.function = function;
    held.toFunction = toFunction;
    held.binary = binary;
    held.message = message;
    held.line = line;
    held.type = type;
    held.correlationId = id;
    held.method = method;
    held.path = path;
    held.rule = m_rules.rules().at(rule).description();
    const qint64 asyncLimit = m_emulator ? m_emulator->asyncTimeout() : SlimFaasAsyncTimeout;
    const qint64 syncLimit = m_emulator ? m_emulator->syncTimeout() : SlimFaasSyncTimeout;
    const qint64 since = known ? seen->since.elapsed() : 0;
    if (type == int(MessageType::AsyncRequest)
        || (type == int(MessageType::AsyncCallback) && known)) {
        held.deadlineMsecs = asyncLimit - since;
        held.deadlineReason = tr("%1 s after the try began, SlimFaas records it as 504 and "
                                 "drops a later callback.")
                                      .arg(asyncLimit / 1000.0, 0, 'f', asyncLimit < 1000 ? 1 : 0);
    } else if ((isSyncRequestFrame(type) || isSyncResponseFrame(type)) && known) {
        held.deadlineMsecs = syncLimit - since;
        held.deadlineReason = tr("The caller waits %1 s at most for the function's answer to "
                                 "start, then SlimFaas cancels the call.")
                                      .arg(syncLimit / 1000.0, 0, 'f', syncLimit < 1000 ? 1 : 0);
    }
    m_model->add(std::move(held));
    return Hold;
}

bool Interceptor::deliver(const HeldMessage &held, bool binary, const QByteArray &message)
{
    if (m_emulator) {
        const auto direction
                = held.toFunction ? SlimFaasEmulator::ToFunction : SlimFaasEmulator::FromFunction;
        bool delivered = m_emulator->releaseMessage(held.connectionId, direction, binary, message);
        for (const auto &[behindBinary, behind] : held.behind)
            delivered
                    = m_emulator->releaseMessage(held.connectionId, direction, behindBinary, behind)
                    && delivered;
        return delivered;
    }
    if (!m_proxy)
        return false;
    const auto direction
            = held.toFunction ? WebSocketProxy::ToFunction : WebSocketProxy::FromFunction;
    if (binary == held.binary && message == held.message)
        return m_proxy->relayHeld(held.connectionId, direction);
    return m_proxy->replaceHeld(held.connectionId, direction, binary, message);
}

bool Interceptor::forward(quint64 serial)
{
    const auto held = m_model->take(serial);
    if (!held)
        return false;
    deliver(*held, held->binary, held->message);
    emit released(*held, tr("forwarded"));
    updateHook();
    return true;
}

bool Interceptor::forwardEdited(quint64 serial, const QByteArray &json, QString *error)
{
    const int row = m_model->rowOf(serial);
    if (row < 0) {
        *error = tr("That message is no longer held.");
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (!document.isObject()) {
        *error = parseError.error != QJsonParseError::NoError
                ? tr("The message is not valid JSON: %1").arg(parseError.errorString())
                : tr("The message must be a JSON object.");
        return false;
    }
    QJsonObject line = document.object();
    if (m_model->at(row).type < 0 && !line.contains(QLatin1String("binary")))
        line.insert(QLatin1String("binary"), m_model->at(row).binary);
    bool binary = false;
    const auto message = encodeWireMessage(line, &binary, error);
    if (!message)
        return false;
    const auto held = m_model->take(serial);
    const bool edited = binary != held->binary || *message != held->message;
    deliver(*held, binary, *message);
    emit released(*held, edited ? tr("forwarded edited") : tr("forwarded"));
    updateHook();
    return true;
}

bool Interceptor::drop(quint64 serial)
{
    const auto held = m_model->take(serial);
    if (!held)
        return false;
    if (m_proxy)
        m_proxy->dropHeld(held->connectionId,
                          held->toFunction ? WebSocketProxy::ToFunction
                                           : WebSocketProxy::FromFunction);
    if (held->binary && (isSyncRequestFrame(held->type) || isSyncResponseFrame(held->type))) {
        if (m_droppedStreams.size() >= MaximumRemembered)
            m_droppedStreams.clear();
        m_droppedStreams.insert(
                streamKey(held->connectionId, held->toFunction, held->correlationId));
    }
    emit released(*held, tr("dropped"));
    updateHook();
    return true;
}

// Until nothing is held: the proxy offers what waited behind a message as soon as it has
// gone, and the rules may hold that too. What it has read already is all it offers (nothing
// more arrives meanwhile), so this ends.
int Interceptor::forwardAll()
{
    int count = 0;
    while (m_model->rowCount() > 0)
        count += forward(m_model->at(0).serial) ? 1 : 0;
    return count;
}

int Interceptor::dropAll()
{
    int count = 0;
    while (m_model->rowCount() > 0)
        count += drop(m_model->at(0).serial) ? 1 : 0;
    return count;
}

void Interceptor::forgetConnection(const QString &connectionId)
{
    const QList<quint64> serials = m_model->serials();
    for (quint64 serial : serials) {
        if (m_model->at(m_model->rowOf(serial)).connectionId != connectionId)
            continue;
        if (const auto held = m_model->take(serial))
            emit released(*held, tr("connection closed"));
    }
    updateHook();
}

QByteArray Interceptor::editableJson(const HeldMessage &held)
{
    QJsonObject line = held.line;
    line.remove(QLatin1String("time"));
    line.remove(QLatin1String("direction"));
    if (held.type < 0)
        line.insert(QLatin1String("binary"), held.binary);
    return QJsonDocument(line).toJson(QJsonDocument::Indented);
}
