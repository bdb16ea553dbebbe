// SPDX-License-Identifier: MIT
#include "scriptedpeer.h"

#include <QtCore/quuid.h>
#include <QtWebSockets/qwebsocket.h>

using SlimFaasProtocol::MessageType;

ScriptedPeer::ScriptedPeer(QObject *parent)
    : QObject(parent), m_server(QStringLiteral("scripted-peer"), QWebSocketServer::NonSecureMode)
{
    connect(&m_server, &QWebSocketServer::newConnection, this, &ScriptedPeer::onNewConnection);
}

#ifndef QT_NO_SSL
ScriptedPeer::ScriptedPeer(const QSslConfiguration &tls, QObject *parent)
    : QObject(parent), m_server(QStringLiteral("scripted-peer"), QWebSocketServer::SecureMode)
{
    m_server.setSslConfiguration(tls);
    connect(&m_server, &QWebSocketServer::newConnection, this, &ScriptedPeer::onNewConnection);
}
#endif

ScriptedPeer::~ScriptedPeer()
{
    closeConnections();
}

bool ScriptedPeer::listen(quint16 port)
{
    if (!m_server.listen(QHostAddress::LocalHost, port))
        return false;
    m_port = m_server.serverPort();
    return true;
}

void ScriptedPeer::stopListening()
{
    m_server.close();
    closeConnections();
}

QUrl ScriptedPeer::url() const
{
    const bool secure = m_server.secureMode() == QWebSocketServer::SecureMode;
    return QUrl(QStringLiteral("%1://127.0.0.1:%2/ws")
                        .arg(secure ? QLatin1String("wss") : QLatin1String("ws"))
                        .arg(m_port));
}

QList<SlimFaasProtocol::Envelope> ScriptedPeer::envelopes(MessageType type) const
{
    QList<SlimFaasProtocol::Envelope> list;
    for (const Message &message : m_received) {
        if (message.envelope && message.envelope->type == int(type))
            list.append(*message.envelope);
    }
    return list;
}

QWebSocket *ScriptedPeer::target(QWebSocket *to) const
{
    return to ? to : lastConnection();
}

void ScriptedPeer::sendEnvelope(MessageType type, const QString &correlationId,
                                const QJsonValue &payload, QWebSocket *to)
{
    sendText(SlimFaasProtocol::encodeEnvelope(type, correlationId, payload), to);
}

void ScriptedPeer::sendText(const QByteArray &text, QWebSocket *to)
{
    if (QWebSocket *socket = target(to))
        socket->sendTextMessage(QString::fromUtf8(text));
}

void ScriptedPeer::sendBinary(const QByteArray &data, QWebSocket *to)
{
    if (QWebSocket *socket = target(to))
        socket->sendBinaryMessage(data);
}

void ScriptedPeer::closeConnections()
{
    const auto open = m_connections;
    m_connections.clear();
    for (QWebSocket *socket : open) {
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater();
    }
}

void ScriptedPeer::onNewConnection()
{
    while (QWebSocket *socket = m_server.nextPendingConnection()) {
        ++m_accepted;
        m_connections.append(socket);
        connect(socket, &QWebSocket::textMessageReceived, this,
                [this, socket](const QString &text) {
                    Message message{ socket, false, text.toUtf8(), std::nullopt };
                    message.envelope = SlimFaasProtocol::decodeEnvelope(message.data);
                    m_received.append(message);
                    if (message.envelope && message.envelope->type == int(MessageType::Register)
                        && answerRegister) {
                        SlimFaasProtocol::RegisterResponse response;
                        response.success = refusal.isEmpty();
                        response.error = refusal;
                        if (response.success) {
                            response.connectionId = QUuid::createUuid().toString(QUuid::Id128);
                            m_connectionIds.append(response.connectionId);
                        }
                        sendEnvelope(MessageType::RegisterResponse, message.envelope->correlationId,
                                     SlimFaasProtocol::registerResponsePayload(response), socket);
                    } else if (message.envelope && message.envelope->type == int(MessageType::Ping)
                               && answerPings) {
                        sendEnvelope(MessageType::Pong, message.envelope->correlationId,
                                     QJsonValue::Null, socket);
                    }
                });
        connect(socket, &QWebSocket::binaryMessageReceived, this,
                [this, socket](const QByteArray &data) {
                    m_received.append({ socket, true, data, std::nullopt });
                });
        connect(socket, &QWebSocket::disconnected, this, [this, socket] {
            m_connections.removeOne(socket);
            socket->deleteLater();
        });
    }
}
