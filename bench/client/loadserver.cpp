// SPDX-License-Identifier: MIT
#include "loadserver.h"

#include <QtCore/qjsonarray.h>
#include <QtCore/qrandom.h>
#include <QtCore/qtimer.h>
#include <QtWebSockets/qwebsocket.h>

#include <algorithm>

namespace {
// Keeps the flood ahead of the function without queueing the whole run in memory.
constexpr qint64 FloodHighWater = 1024 * 1024;
constexpr int ChunkSize = 32 * 1024;   // the server's SyncRequestChunk size (docs/protocol.md §6)
constexpr int SendTimeSlots = 1 << 16; // more than any in-flight count the bench uses

// A body as SlimFaas sends one: the base64 of varied bytes (one byte repeated would never
// give a '+' or a '/'), with every '+' written \u002B, as System.Text.Json's default encoder
// writes it.
QString bodyBase64(int size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    QRandomGenerator random{ quint32(size) }; // the same body on every run
    for (char &byte : bytes)
        byte = char(random.bounded(256));
    return QString::fromLatin1(bytes.toBase64()).replace(u'+', QStringLiteral("\\u002B"));
}

double percentile(const QList<qint64> &sorted, double p)
{
    if (sorted.isEmpty())
        return 0;
    const qsizetype index = qMin(sorted.size() - 1, qsizetype(p * double(sorted.size())));
    return double(sorted.at(index)) / 1e6; // ms
}
} // namespace

LoadServer::LoadServer(const BenchWire::Scenario &scenario, QObject *parent)
    : QObject(parent), scenario(scenario),
      server(QStringLiteral("slimfaas-bench"), QWebSocketServer::NonSecureMode)
{
    const QString body = bodyBase64(scenario.bodySize);
    const QString bodyJson = scenario.bodySize > 0 ? QLatin1Char('"') + body + QLatin1Char('"')
                                                   : QStringLiteral("null");
    // The same shape and field order as SlimFaas's serializer; the elementId goes twice
    // between the three parts.
    asyncRequestHead = QStringLiteral("{\"type\":2,\"correlationId\":\"");
    asyncRequestMiddle = QStringLiteral("\",\"payload\":{\"elementId\":\"");
    asyncRequestTail
            = QStringLiteral("\",\"method\":\"POST\",\"path\":\"bench/item\",\"query\":\"?a=1\","
                             "\"headers\":{\"Content-Type\":[\"application/octet-stream\"],"
                             "\"X-Request-Id\":[\"bench\"]},\"body\":")
            + bodyJson + QStringLiteral(",\"isLastTry\":false,\"tryNumber\":1}}");
    eventTail = QStringLiteral("\",\"payload\":{\"eventName\":\"bench-event\",\"method\":\"POST\","
                               "\"path\":\"bench/item\",\"query\":\"\",\"headers\":"
                               "{\"Content-Type\":[\"application/octet-stream\"]},\"body\":")
            + bodyJson + QStringLiteral("}}");
    syncStart = QByteArrayLiteral("{\"method\":\"POST\",\"path\":\"bench/echo\",\"query\":\"\","
                                  "\"headers\":{\"Content-Type\":[\"application/octet-stream\"]}}");
    syncChunk = QByteArray(qMin(ChunkSize, qMax(1, scenario.bodySize)), 'y');
    sendTimes.resize(SendTimeSlots);
    connect(&server, &QWebSocketServer::newConnection, this, &LoadServer::onConnection);
}

bool LoadServer::listen()
{
    return server.listen(QHostAddress::LocalHost, 0);
}

quint16 LoadServer::port() const
{
    return server.serverPort();
}

void LoadServer::onConnection()
{
    QWebSocket *socket = server.nextPendingConnection();
    if (function) { // one function per run
        socket->abort();
        socket->deleteLater();
        return;
    }
    function = socket;
    socket->setParent(this);
    connect(socket, &QWebSocket::textMessageReceived, this, &LoadServer::onText);
    connect(socket, &QWebSocket::binaryMessageReceived, this, &LoadServer::onBinary);
    connect(socket, &QWebSocket::disconnected, this, &LoadServer::functionLeft);
    // Refills the flood as the socket drains; the handshake's own bytes count too, so only
    // once the function is registered.
    connect(socket, &QWebSocket::bytesWritten, this, [this] {
        if (!clock.isValid())
            return;
        if (scenario.kind == QLatin1String("events"))
            floodEvents();
        else if (scenario.kind == QLatin1String("memory"))
            floodPendingRequests();
    });
}

void LoadServer::onText(const QString &message)
{
    switch (BenchWire::typeOf(message)) {
    case 0: // Register
        function->sendTextMessage(BenchWire::registerResponse(BenchWire::correlationIdOf(message)));
        startTraffic();
        break;
    case 3: { // AsyncCallback
        const quint64 answered = BenchWire::sequenceOf(BenchWire::correlationIdOf(message));
        if (inWindow) {
            ++completed;
            latencies.append(clock.nsecsElapsed() - sendTimes.at(answered % SendTimeSlots));
        }
        if (!stopped)
            sendAsyncRequest();
        break;
    }
    default:
        break; // Ping: this server never declares anyone dead
    }
}

void LoadServer::onBinary(const QByteArray &message)
{
    if (message.size() < 42)
        return;
    switch (quint8(message.at(0))) {
    case 0x21: // SyncResponseChunk
        bytesEchoed += message.size() - 42;
        break;
    case 0x22: { // SyncResponseEnd
        const quint64 answered = BenchWire::sequenceOf(QString::fromLatin1(message.mid(1, 36)));
        if (inWindow && bytesEchoed == scenario.bodySize) {
            ++completed;
            latencies.append(clock.nsecsElapsed() - sendTimes.at(answered % SendTimeSlots));
        }
        if (!stopped)
            sendSyncRequest();
        break;
    }
    default:
        break;
    }
}

void LoadServer::startTraffic()
{
    clock.start();
    if (scenario.kind == QLatin1String("async")) {
        for (int i = 0; i < scenario.inFlight; ++i)
            sendAsyncRequest();
    } else if (scenario.kind == QLatin1String("events")) {
        floodEvents();
    } else if (scenario.kind == QLatin1String("sync")) {
        sendSyncRequest();
    } else {
        floodPendingRequests();
    }
    // Events and memory are measured by the function's side; it leaves when done.
    if (scenario.kind == QLatin1String("async") || scenario.kind == QLatin1String("sync")) {
        QTimer::singleShot(int(scenario.warmup * 1000), this, &LoadServer::openWindow);
        QTimer::singleShot(int((scenario.warmup + scenario.seconds) * 1000), this,
                           &LoadServer::closeWindow);
    }
}

void LoadServer::openWindow()
{
    inWindow = true;
    windowStart = clock.nsecsElapsed();
    cpuAtWindowStart = BenchWire::cpuSeconds();
    completed = 0;
    latencies.clear();
}

void LoadServer::closeWindow()
{
    const double seconds = double(clock.nsecsElapsed() - windowStart) / 1e9;
    const double cpu = BenchWire::cpuSeconds() - cpuAtWindowStart;
    inWindow = false;
    stopped = true;
    std::sort(latencies.begin(), latencies.end());
    QJsonObject result{
        { QLatin1String("completed"), double(completed) },
        { QLatin1String("seconds"), seconds },
        { QLatin1String("perSecond"), double(completed) / seconds },
        { QLatin1String("p50Ms"), percentile(latencies, 0.50) },
        { QLatin1String("p99Ms"), percentile(latencies, 0.99) },
        { QLatin1String("maxMs"), latencies.isEmpty() ? 0.0 : double(latencies.last()) / 1e6 },
        // What this server would sustain alone: its own CPU cost per completed item.
        { QLatin1String("serverCeilingPerSecond"), cpu > 0 ? double(completed) / cpu : 0.0 },
    };
    if (scenario.kind == QLatin1String("sync"))
        result.insert(QLatin1String("megabytesPerSecond"),
                      double(completed) * scenario.bodySize / seconds / 1e6);
    emit measured(result);
    function->close();
}

void LoadServer::sendAsyncRequest()
{
    const quint64 id = ++sequence;
    const QString elementId = BenchWire::idFor(id);
    sendTimes[id % SendTimeSlots] = clock.nsecsElapsed();
    function->sendTextMessage(asyncRequestHead + elementId + asyncRequestMiddle + elementId
                              + asyncRequestTail);
}

void LoadServer::floodEvents()
{
    static const QString head = QStringLiteral("{\"type\":4,\"correlationId\":\"");
    while (function && function->bytesToWrite() < FloodHighWater)
        function->sendTextMessage(head + BenchWire::idFor(++sequence) + eventTail);
}

void LoadServer::sendSyncRequest()
{
    const quint64 id = ++sequence;
    const QString correlationId = BenchWire::idFor(id);
    bytesEchoed = 0;
    sendTimes[id % SendTimeSlots] = clock.nsecsElapsed();
    function->sendBinaryMessage(BenchWire::frame(0x10, correlationId, syncStart));
    for (int sent = 0; sent < scenario.bodySize; sent += syncChunk.size()) {
        const int size = qMin(int(syncChunk.size()), scenario.bodySize - sent);
        function->sendBinaryMessage(BenchWire::frame(
                0x11, correlationId, size == syncChunk.size() ? syncChunk : syncChunk.left(size)));
    }
    function->sendBinaryMessage(BenchWire::frame(0x12, correlationId, {}, 0x01));
}

void LoadServer::floodPendingRequests()
{
    while (function && sequence < quint64(scenario.count)
           && function->bytesToWrite() < FloodHighWater)
        sendAsyncRequest();
}
