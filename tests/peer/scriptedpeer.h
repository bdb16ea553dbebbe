// SPDX-License-Identifier: MIT
#ifndef SCRIPTEDPEER_H
#define SCRIPTEDPEER_H

#include <slimfaasprotocol.h>

#include <QtCore/qlist.h>
#include <QtCore/qobject.h>
#include <QtCore/qurl.h>
#include <QtWebSockets/qwebsocketserver.h>

QT_BEGIN_NAMESPACE
class QWebSocket;
QT_END_NAMESPACE

// A WebSocket server that plays SlimFaas in tests, message by message: it records what the
// client sends and lets the test send anything back, valid or not. By default it answers
// Register with success and Ping with Pong, like the real server; both can be turned off.
class ScriptedPeer : public QObject
{
    Q_OBJECT
public:
    struct Message
    {
        QWebSocket *from = nullptr;
        bool binary = false;
        QByteArray data;
        std::optional<SlimFaasProtocol::Envelope> envelope; // decoded text messages
    };

    explicit ScriptedPeer(QObject *parent = nullptr);
#ifndef QT_NO_SSL
    // A wss:// peer presenting this certificate.
    ScriptedPeer(const QSslConfiguration &tls, QObject *parent = nullptr);
#endif
    ~ScriptedPeer() override;

    bool listen(quint16 port = 0);
    void stopListening(); // refuse new connections and drop the open ones
    quint16 port() const
    {
        return m_port;
    }
    QUrl url() const; // ws:// or wss://127.0.0.1:<port>/ws

    // Behaviour
    bool answerRegister = true;
    QString refusal; // non-empty: Register is refused with this reason
    bool answerPings = true;

    QList<QWebSocket *> connections() const
    {
        return m_connections;
    } // open ones
    QWebSocket *lastConnection() const
    {
        return m_connections.isEmpty() ? nullptr : m_connections.constLast();
    }
    int acceptedCount() const
    {
        return m_accepted;
    }
    QList<QString> connectionIds() const
    {
        return m_connectionIds;
    }

    const QList<Message> &received() const
    {
        return m_received;
    }
    QList<SlimFaasProtocol::Envelope> envelopes(SlimFaasProtocol::MessageType type) const;

    void sendEnvelope(SlimFaasProtocol::MessageType type, const QString &correlationId,
                      const QJsonValue &payload, QWebSocket *to = nullptr);
    void sendText(const QByteArray &text, QWebSocket *to = nullptr);
    void sendBinary(const QByteArray &data, QWebSocket *to = nullptr);
    void closeConnections();

private:
    void onNewConnection();
    QWebSocket *target(QWebSocket *to) const;

    QWebSocketServer m_server;
    quint16 m_port = 0;
    QList<QWebSocket *> m_connections;
    QList<Message> m_received;
    QList<QString> m_connectionIds;
    int m_accepted = 0;
};

#endif // SCRIPTEDPEER_H
