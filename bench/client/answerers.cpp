// SPDX-License-Identifier: MIT
#include "answerers.h"

#include <slimfaasclient.h>

#include <QtCore/qtimer.h>
#include <QtWebSockets/qwebsocket.h>

Answerer::Answerer(const BenchWire::Scenario &scenario, QObject *parent)
    : QObject(parent), scenario(scenario)
{ }

void Answerer::registered()
{
    residentWhenReady = BenchWire::residentBytes();
}

// Events are counted here because only the receiver knows when one was handled. The
// window opens after the warm-up that follows the first event.
void Answerer::eventReceived()
{
    if (!eventClock.isValid()) {
        eventClock.start();
        return;
    }
    const qint64 now = eventClock.nsecsElapsed();
    if (eventWindowStart < 0) {
        if (now >= qint64(scenario.warmup * 1e9))
            eventWindowStart = now;
        return;
    }
    ++eventsInWindow;
    const double seconds = double(now - eventWindowStart) / 1e9;
    if (seconds >= scenario.seconds && !done) {
        finish({ { QLatin1String("completed"), double(eventsInWindow) },
                 { QLatin1String("seconds"), seconds },
                 { QLatin1String("perSecond"), double(eventsInWindow) / seconds } });
    }
}

void Answerer::pendingCountChanged(qint64 count)
{
    if (count < scenario.count || done)
        return;
    const qint64 grown = BenchWire::residentBytes() - residentWhenReady;
    finish({ { QLatin1String("pending"), double(count) },
             { QLatin1String("bytesPerPending"), double(grown) / double(count) },
             { QLatin1String("bodyBytes"), scenario.bodySize } });
}

void Answerer::connectionLost()
{
    if (!done)
        finish({});
}

void Answerer::finish(QJsonObject result)
{
    done = true;
    result.insert(QLatin1String("residentWhenReady"), double(residentWhenReady));
    result.insert(QLatin1String("peakResident"), double(BenchWire::peakResidentBytes()));
    emit finished(result);
}

// ---------------------------------------------------------------- the client under test

void ClientAnswerer::start(const QUrl &url)
{
    SlimFaasFunctionConfig config;
    config.setFunctionName(QStringLiteral("bench"));
    // What SlimFaas (or the emulator) may have in flight on this function at once.
    config.setNumberParallelRequest(scenario.inFlight);
    config.setNumberParallelRequestPerPod(scenario.inFlight);
    client = new SlimFaasClient(url, config, this);
    client->setPingInterval(0);
    client->setDeadPeerTimeout(0);
    client->setMinimumReconnectDelay(60000);
    client->setMaximumIncomingMessageSize(qint64(1) << 30);
    connect(client, &SlimFaasClient::ready, this, &ClientAnswerer::registered);
    connect(client, &SlimFaasClient::stateChanged, this, [this](SlimFaasClient::State state) {
        if (state == SlimFaasClient::WaitingToReconnect)
            connectionLost();
    });

    if (scenario.kind == QLatin1String("memory")) {
        client->setAsyncRequestHandler(
                [](const SlimFaasAsyncRequest &) { return SlimFaasClient::DeferredStatus; });
        connect(client, &SlimFaasClient::pendingRequestCountChanged, this,
                &ClientAnswerer::pendingCountChanged);
    } else {
        client->setAsyncRequestHandler([](const SlimFaasAsyncRequest &) { return 200; });
    }
    client->setPublishEventHandler([this](const SlimFaasPublishEvent &) { eventReceived(); });
    // An echo that writes each piece as it arrives, as a streaming function should.
    client->setSyncRequestHandler([](SlimFaasSyncRequest *request) {
        // Deleted once ended, as the header asks of every application: kept, the requests
        // of a run would pile up (tens of megabytes, and page faults in every round trip).
        QObject::connect(request, &SlimFaasSyncRequest::finished, request, &QObject::deleteLater);
        QObject::connect(request, &SlimFaasSyncRequest::cancelled, request, &QObject::deleteLater);
        request->startResponse(200);
        const auto echo = [request] {
            request->write(request->readAll());
        };
        QObject::connect(request, &QIODevice::readyRead, request, echo);
        QObject::connect(request, &SlimFaasSyncRequest::requestBodyFinished, request,
                         [request, echo] {
                             echo();
                             request->finish();
                         });
        echo();
        if (request->isRequestBodyComplete())
            request->finish();
    });
    client->open();
}

// ---------------------------------------------------------------- the baseline

void BareAnswerer::start(const QUrl &url)
{
    socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    socket->setMaxAllowedIncomingMessageSize(quint64(1) << 30);
    connect(socket, &QWebSocket::connected, this, [this] {
        socket->sendTextMessage(
                QStringLiteral("{\"type\":0,\"correlationId\":\"bench-register\",\"payload\":"
                               "{\"functionName\":\"bench\",\"configuration\":{}}}"));
    });
    connect(socket, &QWebSocket::textMessageReceived, this, &BareAnswerer::onText);
    connect(socket, &QWebSocket::binaryMessageReceived, this, &BareAnswerer::onBinary);
    connect(socket, &QWebSocket::disconnected, this, &BareAnswerer::connectionLost);
    socket->open(url);
}

void BareAnswerer::onText(const QString &message)
{
    switch (BenchWire::typeOf(message)) {
    case 1:
        registered();
        break;
    case 2: {
        const QStringView id = BenchWire::correlationIdOf(message);
        if (scenario.kind == QLatin1String("memory")) {
            static const QString bodyKey = QStringLiteral("\"body\":\"");
            const qsizetype body = message.indexOf(bodyKey);
            const qsizetype from = body + bodyKey.size();
            pending.insert(
                    id.toString(),
                    body < 0
                            ? QByteArray()
                            : QByteArray::fromBase64(
                                    QStringView(message)
                                            .mid(from,
                                                 message.indexOf(QLatin1Char('"'), from) - from)
                                            .toString()
                                            .replace(QStringLiteral("\\u002B"), QStringLiteral("+"))
                                            .toLatin1()));
            pendingCountChanged(pending.size());
        } else {
            socket->sendTextMessage(BenchWire::asyncCallback(id));
        }
        break;
    }
    case 4:
        eventReceived();
        break;
    default:
        break;
    }
}

// A binary echo: every request frame goes back as its response twin, header and all.
void BareAnswerer::onBinary(const QByteArray &message)
{
    if (message.size() < 42)
        return;
    QByteArray reply = message;
    switch (quint8(message.at(0))) {
    case 0x10:
        reply = BenchWire::frame(0x20, QString::fromLatin1(message.mid(1, 36)),
                                 QByteArrayLiteral("{\"statusCode\":200,\"headers\":{}}"));
        break;
    case 0x11:
        reply[0] = char(0x21);
        break;
    case 0x12:
        reply[0] = char(0x22);
        break;
    default:
        return;
    }
    socket->sendBinaryMessage(reply);
}
