// SPDX-License-Identifier: MIT
#ifndef RAWFUNCTION_H
#define RAWFUNCTION_H

#include <slimfaasprotocol.h>

#include <QtCore/qobject.h>
#include <QtCore/qurl.h>
#include <QtWebSockets/qwebsocket.h>

#include <optional>

// A function speaking raw protocol to the emulator, so that a test controls every byte it
// sends and sees every message it gets.
class RawFunction : public QObject
{
    Q_OBJECT
public:
    explicit RawFunction(const QUrl &url, QObject *parent = nullptr);

    bool waitConnected();
    // Sends Register and returns the RegisterResponse with the same correlationId.
    std::optional<SlimFaasProtocol::RegisterResponse>
    registerAs(const SlimFaasFunctionConfig &config);

    void send(SlimFaasProtocol::MessageType type, const QString &correlationId,
              const QJsonValue &payload);
    void callback(const QString &elementId, int statusCode);
    void sendFrame(SlimFaasProtocol::MessageType type, const QString &correlationId,
                   const QByteArray &payload = {}, quint8 flags = 0);

    QList<SlimFaasProtocol::Envelope> of(SlimFaasProtocol::MessageType type) const;
    QList<SlimFaasAsyncRequest> requests() const;
    QList<SlimFaasProtocol::Frame> framesOf(SlimFaasProtocol::MessageType type) const;

    QWebSocket socket;
    QList<SlimFaasProtocol::Envelope> envelopes;
    QList<SlimFaasProtocol::Frame> frames;
};

#endif // RAWFUNCTION_H
