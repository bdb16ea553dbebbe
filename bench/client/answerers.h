// SPDX-License-Identifier: MIT
#ifndef ANSWERERS_H
#define ANSWERERS_H

#include "benchwire.h"

#include <QtCore/qelapsedtimer.h>
#include <QtCore/qhash.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qobject.h>
#include <QtCore/qurl.h>

QT_BEGIN_NAMESPACE
class QWebSocket;
QT_END_NAMESPACE
class SlimFaasClient;

// The function side of a measurement. Two kinds answer the same load server: the client
// under test, and a bare QWebSocket that does the least any answerer can do (substring
// search, prebuilt replies), which is the baseline every figure is compared with.
// Both measure what only the receiver can see (events per second, resident memory) and
// emit finished() when the run is over for them. Main thread only.
class Answerer : public QObject
{
    Q_OBJECT
public:
    explicit Answerer(const BenchWire::Scenario &scenario, QObject *parent = nullptr);
    virtual void start(const QUrl &url) = 0;

Q_SIGNALS:
    void finished(const QJsonObject &result);

protected:
    void registered();
    void eventReceived();
    void pendingCountChanged(qint64 count);
    void connectionLost();

    BenchWire::Scenario scenario;

private:
    void finish(QJsonObject result);

    qint64 residentWhenReady = 0;
    QElapsedTimer eventClock;
    qint64 eventWindowStart = -1;
    quint64 eventsInWindow = 0;
    bool done = false;
};

class ClientAnswerer : public Answerer
{
    Q_OBJECT
public:
    using Answerer::Answerer;
    void start(const QUrl &url) override;

private:
    SlimFaasClient *client = nullptr;
};

class BareAnswerer : public Answerer
{
    Q_OBJECT
public:
    using Answerer::Answerer;
    void start(const QUrl &url) override;

private:
    void onText(const QString &message);
    void onBinary(const QByteArray &message);

    QWebSocket *socket = nullptr;
    QHash<QString, QByteArray> pending; // memory: the least a deferred answerer must keep
};

#endif // ANSWERERS_H
