// SPDX-License-Identifier: MIT
#include "emulatorharness.h"

#include <QtCore/qjsonarray.h>
#include <QtTest/qtest.h>

EmulatorHarness::EmulatorHarness(QObject *parent)
    : QObject(parent), m_emulator(new SlimFaasEmulator(this)),
      m_network(new QNetworkAccessManager(this))
{
    m_emulator->setWebSocketPort(0);
    m_emulator->setHttpPort(0);
    m_emulator->setKubernetesFunctions({ kubernetesFunction() });
    m_emulator->setRetryDelayScale(0.02); // [2,4,8] s -> 40, 80, 160 ms
    connect(m_emulator, &SlimFaasEmulator::warningRaised, this,
            [this](const QString &code) { m_warningCodes.append(code); });
}

QJsonObject EmulatorHarness::details(const QString &functionName) const
{
    for (const QJsonValue &detail : m_emulator->functionDetails()) {
        if (detail[QLatin1String("Name")].toString() == functionName)
            return detail.toObject();
    }
    return {};
}

int EmulatorHarness::activeRequests(const QString &functionName) const
{
    int active = 0;
    for (const QJsonValue &pod : details(functionName)[QLatin1String("Pods")].toArray())
        active += pod[QLatin1String("ActiveRequests")].toInt();
    return active;
}

bool EmulatorHarness::start()
{
    return m_emulator->start();
}

RawFunction *EmulatorHarness::function(const SlimFaasFunctionConfig &config, int node)
{
    auto *raw = new RawFunction(m_emulator->webSocketUrl(node), this);
    const auto response = raw->registerAs(config);
    if (!response || !response->success)
        qWarning("registration of %s failed", qPrintable(config.functionName()));
    return raw;
}

QNetworkReply *EmulatorHarness::call(const QByteArray &verb, const QString &path,
                                     const QByteArray &body,
                                     const QList<QPair<QByteArray, QByteArray>> &headers, int node)
{
    QNetworkRequest request(m_emulator->httpUrl(node).resolved(QUrl(path)));
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QByteArrayLiteral("application/octet-stream"));
    for (const auto &header : headers)
        request.setRawHeader(header.first, header.second);
    // A custom "HEAD" would make the reply wait for a body: HEAD goes through head().
    QNetworkReply *reply = verb == "HEAD" ? m_network->head(request)
                                          : m_network->sendCustomRequest(request, verb, body);
    reply->setParent(this);
    return reply;
}

int EmulatorHarness::statusOf(QNetworkReply *reply)
{
    if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 20000))
        return -1;
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}
