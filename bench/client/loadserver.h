// SPDX-License-Identifier: MIT
#ifndef LOADSERVER_H
#define LOADSERVER_H

#include "benchwire.h"

#include <QtCore/qelapsedtimer.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qlist.h>
#include <QtCore/qobject.h>
#include <QtCore/qpointer.h>
#include <QtWebSockets/qwebsocketserver.h>

QT_BEGIN_NAMESPACE
class QWebSocket;
QT_END_NAMESPACE

// Plays SlimFaas for one function connection on loopback, as fast as it can and with no
// JSON work of its own: answers Register, then floods the function with the scenario's
// traffic (async requests kept in flight, events, sync echo requests, or requests left
// pending). Async and sync figures are measured here, where requests start and end;
// events and memory are measured by the answerer. Runs on the main thread.
class LoadServer : public QObject
{
    Q_OBJECT
public:
    explicit LoadServer(const BenchWire::Scenario &scenario, QObject *parent = nullptr);

    bool listen();
    quint16 port() const;

Q_SIGNALS:
    // The measurement window closed (async, sync): the figures, ready to print.
    void measured(const QJsonObject &result);
    // The function went away: nothing more to serve.
    void functionLeft();

private:
    void onConnection();
    void onText(const QString &message);
    void onBinary(const QByteArray &message);
    void startTraffic();
    void openWindow();
    void closeWindow();

    void sendAsyncRequest();
    void floodEvents();
    void sendSyncRequest();
    void floodPendingRequests();

    BenchWire::Scenario scenario;
    QWebSocketServer server;
    QPointer<QWebSocket> function;
    // Prebuilt envelopes, cut where the ids go (see sendAsyncRequest(), floodEvents()).
    QString asyncRequestHead;
    QString asyncRequestMiddle;
    QString asyncRequestTail;
    QString eventTail;
    QByteArray syncStart; // SyncRequestStart payload
    QByteArray syncChunk; // one 32 KiB body chunk
    quint64 sequence = 0;
    QList<qint64> sendTimes; // ns since clock start, indexed by sequence
    QElapsedTimer clock;
    bool inWindow = false;
    bool stopped = false;
    qint64 windowStart = 0;
    double cpuAtWindowStart = 0;
    quint64 completed = 0;
    qint64 bytesEchoed = 0;  // sync: response body bytes in the current request
    QList<qint64> latencies; // ns, completed in the window
};

#endif // LOADSERVER_H
