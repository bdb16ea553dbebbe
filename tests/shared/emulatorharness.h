// SPDX-License-Identifier: MIT
#ifndef EMULATORHARNESS_H
#define EMULATORHARNESS_H

#include "rawfunction.h"

#include <slimfaasemulator.h>

#include <QtCore/qjsonobject.h>
#include <QtCore/qobject.h>
#include <QtNetwork/qnetworkaccessmanager.h>
#include <QtNetwork/qnetworkreply.h>

// An emulator on free loopback ports with short retry delays, and the HTTP caller and raw
// functions a test talks to it with. Everything it creates is its child: deleting the
// harness ends the test's connections.
class EmulatorHarness : public QObject
{
    Q_OBJECT
public:
    // Registered as a Kubernetes deployment in every harness.
    static QString kubernetesFunction() { return QStringLiteral("Existing-Deployment"); }

    explicit EmulatorHarness(QObject *parent = nullptr);
    // Starts the emulator; false (and the reason in emulator()->errorString()) if it cannot.
    bool start();

    SlimFaasEmulator *emulator() const { return m_emulator; }
    // The codes of the warnings the emulator raised so far, in order.
    QStringList warningCodes() const { return m_warningCodes; }
    // The emulator-only details of one function (GET /emulator/functions), empty if unknown.
    QJsonObject details(const QString &functionName) const;
    // Requests the function's connections are working on (async waits + sync streams).
    int activeRequests(const QString &functionName) const;

    // A raw function connected to a node (the first by default) and registered with config
    // (a warning when refused).
    RawFunction *function(const SlimFaasFunctionConfig &config, int node = 0);
    // An HTTP request to a node's caller-facing port (the first node's by default).
    QNetworkReply *call(const QByteArray &verb, const QString &path, const QByteArray &body = {},
                        const QList<QPair<QByteArray, QByteArray>> &headers = {}, int node = 0);
    // Waits for the reply and gives its HTTP status, -1 when it does not finish in 20 s.
    static int statusOf(QNetworkReply *reply);

private:
    SlimFaasEmulator *m_emulator;
    QNetworkAccessManager *m_network;
    QStringList m_warningCodes;
};

#endif // EMULATORHARNESS_H
