// SPDX-License-Identifier: MIT
#ifndef SLIMFAASNODECONNECTION_P_H
#define SLIMFAASNODECONNECTION_P_H

//
//  W A R N I N G
//  -------------
// Not part of the public API: the connection of a SlimFaasClient to one SlimFaas node.
//

#include "slimfaasclient.h"
#include "slimfaaspendingrequests_p.h"

#include <QtCore/qobject.h>
#include <QtCore/qpointer.h>
#include <QtCore/qurl.h>

#include <atomic>
#include <memory>

QT_BEGIN_NAMESPACE
class QTimer;
class QWebSocket;
QT_END_NAMESPACE

class SlimFaasClientPrivate;
class SlimFaasSyncStreams;

// One node's connection state machine: the socket, the handshake and registration, the
// keepalive and dead-peer detection, the reconnection with backoff, and what belongs to one
// registration (its pending async requests, its sync streams). The settings, the handlers
// and the public signals are the client's (SlimFaasClientPrivate); every answer to a request
// goes back through the node that delivered it.
//
// Threads: the client's thread only, except the pending-request table, which is shared with
// the client for sendCallback() from any thread (see SlimFaasPendingRequests).
//
// Lifetime: a child of the client, so that moveToThread() takes it along. The client
// deletes it (deleteLater()) when the node goes away; its destructor touches nothing of the
// client, which may be gone already.
class SlimFaasNodeConnection : public QObject
{
public:
    SlimFaasNodeConnection(SlimFaasClientPrivate *client, const QUrl &url, QObject *parent);
    ~SlimFaasNodeConnection() override;

    // Every entry from the event loop (socket, timers, streams) runs inside one: the client's
    // Dispatch (a slot may delete the client), with this node as the client's current one.
    class Dispatch;

    // --- driven by the client
    void start();                 // open(): connect now, backoff reset
    void stop();                  // close(): closes gracefully, Disconnected
    void restartForNewSettings(); // a new configuration: a new connection at once
    void retire();                // the node went away: closes gracefully, emits nothing more
    void shutDown();              // the client is being destroyed
    void applyPingInterval();
    void applyDeadPeerTimeout();
    void applyMaximumIncomingMessageSize();
    void transmitCallback(const QString &elementId, int statusCode, quint64 generation);

    // --- connection lifecycle
    void connectSocket();
    void onSocketConnected();
    void onSocketLost(QWebSocket *socket);
    void dropConnection(SlimFaasClient::Error error, const QString &message);
    void detachSocket(bool graceful);
    void scheduleReconnect();
    int nextReconnectDelay();
    void restartDeadPeerClock();
    void armDeadPeerTimer();
    void startDeadPeerTicks();
    void noteTraffic();
    void onDeadPeerTimeout();
    void sendPing();

    // --- incoming messages
    void onTextMessage(const QString &message);
    void onBinaryMessage(const QByteArray &message);
    void handleRegisterResponse(const SlimFaasProtocol::Envelope &envelope);
    bool acceptsTraffic(SlimFaasProtocol::MessageType type) const; // Ready, or says why not
    void handleAsyncRequest(const SlimFaasProtocol::Envelope &envelope);
    void acceptAsyncRequest(SlimFaasAsyncRequest &request);
    void handlePublishEvent(const SlimFaasProtocol::Envelope &envelope);

    // --- outgoing messages
    bool sendEnvelope(SlimFaasProtocol::MessageType type, const QString &correlationId,
                      const QJsonValue &payload);
    bool sendText(SlimFaasProtocol::MessageType type, const QString &correlationId,
                  const QString &json);

    // --- pending async requests
    void expirePendingRequests();
    void armExpiryTimer();
    void abandonPendingRequests();

    // --- state
    void setState(SlimFaasClient::State newState);
    void setConnectionId(const QString &id);

    SlimFaasClientPrivate *d;
    SlimFaasClient *q;
    const QUrl url; // the node: names it in signals, and is where the socket connects
    bool retired = false;

    // The socket is a child of the client, not of the node: a graceful close outlives a
    // retired node.
    QPointer<QWebSocket> socket;
    SlimFaasSyncStreams *syncStreams; // child of the node; owns the open sync requests
    std::atomic<SlimFaasClient::State> state{ SlimFaasClient::Disconnected }; // read anywhere
    QString connectionId;
    QString registerCorrelationId;
    int reconnectAttempt = 0;
    // Set by the checks that kill a connection themselves, so that the disconnect that
    // follows does not report a second, vaguer error.
    bool dropReported = false;
#ifndef QT_NO_SSL
    bool ignoreHandshakeSslErrors = false; // set by ignoreSslErrors() during sslErrors()
#endif
    QTimer *pingTimer;
    QTimer *deadPeerTimer;
    // Whether a message came since the dead-peer timer's last tick, and how many ticks in a
    // row saw none; see noteTraffic().
    bool trafficSinceTick = false;
    int quietTicks = 0;
    QTimer *reconnectTimer;
    QTimer *expiryTimer; // fires at the earliest deadline of the pending requests

    // The registration's pending async requests; shared with the client's table list so
    // that sendCallback() from another thread never reaches a deleted node.
    const std::shared_ptr<SlimFaasPendingRequests> pending;
};

#endif // SLIMFAASNODECONNECTION_P_H
