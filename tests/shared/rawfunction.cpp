// SPDX-License-Identifier: MIT
#include "rawfunction.h"

#include <QtTest/qtest.h>

using SlimFaasProtocol::MessageType;

RawFunction::RawFunction(const QUrl &url, QObject *parent) : QObject(parent)
{
    connect(&socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
        if (auto envelope = SlimFaasProtocol::decodeEnvelope(text.toUtf8()))
            envelopes.append(*envelope);
    });
    connect(&socket, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &data) {
        if (auto frame = SlimFaasProtocol::decodeFrame(data))
            frames.append(*frame);
    });
    socket.open(url);
}

bool RawFunction::waitConnected()
{
    return QTest::qWaitFor([this] { return socket.state() == QAbstractSocket::ConnectedState; },
                           5000);
}

std::optional<SlimFaasProtocol::RegisterResponse>
RawFunction::registerAs(const SlimFaasFunctionConfig &config)
{
    if (!waitConnected())
        return std::nullopt;
    const QString id = SlimFaasProtocol::newCorrelationId();
    const auto answered = [this] {
        return int(of(MessageType::RegisterResponse).size());
    };
    const int before = answered();
    send(MessageType::Register, id, SlimFaasProtocol::registerPayload(config));
    if (!QTest::qWaitFor([&] { return answered() > before; }, 5000))
        return std::nullopt;
    const auto envelope = of(MessageType::RegisterResponse).constLast();
    if (envelope.correlationId != id)
        return std::nullopt;
    return SlimFaasProtocol::parseRegisterResponse(envelope.payload);
}

void RawFunction::send(MessageType type, const QString &correlationId, const QJsonValue &payload)
{
    socket.sendTextMessage(
            QString::fromUtf8(SlimFaasProtocol::encodeEnvelope(type, correlationId, payload)));
}

void RawFunction::callback(const QString &elementId, int statusCode)
{
    send(MessageType::AsyncCallback, elementId,
         SlimFaasProtocol::asyncCallbackPayload({ elementId, statusCode }));
}

void RawFunction::sendFrame(MessageType type, const QString &correlationId,
                            const QByteArray &payload, quint8 flags)
{
    socket.sendBinaryMessage(SlimFaasProtocol::encodeFrame(type, correlationId, payload, flags));
}

QList<SlimFaasProtocol::Envelope> RawFunction::of(MessageType type) const
{
    QList<SlimFaasProtocol::Envelope> list;
    for (const auto &envelope : envelopes)
        if (envelope.type == int(type))
            list.append(envelope);
    return list;
}

QList<SlimFaasAsyncRequest> RawFunction::requests() const
{
    QList<SlimFaasAsyncRequest> list;
    for (const auto &envelope : of(MessageType::AsyncRequest))
        if (auto request = SlimFaasProtocol::parseAsyncRequest(envelope.payload))
            list.append(*request);
    return list;
}

QList<SlimFaasProtocol::Frame> RawFunction::framesOf(MessageType type) const
{
    QList<SlimFaasProtocol::Frame> list;
    for (const auto &frame : frames)
        if (frame.type == type)
            list.append(frame);
    return list;
}
