// SPDX-License-Identifier: MIT
#include <localhosttls.h>
#include <scriptedpeer.h>
#include <slimfaasclient.h>

#include <QtNetwork/qsslsocket.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

// wss:// against a peer with a self-signed certificate: verification is on by default and
// the configuration given to the client decides what it trusts.
class tst_ClientTls : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void untrustedCertificateIsRefused();
    void trustedCertificateConnects();
    void sslErrorsIgnoredFromTheirSlot();
    void expectedSslErrorsIgnoredForGood();

private:
    QSslCertificate certificate;
    QSslConfiguration serverTls;
};

void tst_ClientTls::initTestCase()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("This Qt has no TLS backend");
    serverTls = localhostServerTls(&certificate);
    QVERIFY(!certificate.isNull());
}

void tst_ClientTls::untrustedCertificateIsRefused()
{
    ScriptedPeer peer(serverTls);
    QVERIFY(peer.listen());
    SlimFaasClient client(peer.url(), SlimFaasFunctionConfig(QStringLiteral("tls")));
    client.setMinimumReconnectDelay(1000);
    QSignalSpy errors(&client, &SlimFaasClient::errorOccurred);
    client.open();
    QTRY_VERIFY(!errors.isEmpty());
    QCOMPARE(errors.first().first().value<SlimFaasClient::Error>(), SlimFaasClient::SslError);
    QTRY_COMPARE(client.state(), SlimFaasClient::WaitingToReconnect);
    QVERIFY(peer.envelopes(SlimFaasProtocol::MessageType::Register).isEmpty());
}

void tst_ClientTls::trustedCertificateConnects()
{
    ScriptedPeer peer(serverTls);
    QVERIFY(peer.listen());
    SlimFaasClient client(peer.url(), SlimFaasFunctionConfig(QStringLiteral("tls")));
    QSslConfiguration tls = client.sslConfiguration();
    tls.setCaCertificates({ certificate });
    client.setSslConfiguration(tls);
    client.open();
    QVERIFY2(client.waitForReady(10000), qPrintable(client.errorString()));
    QCOMPARE(peer.envelopes(SlimFaasProtocol::MessageType::Register).size(), 1);
}

// As QNetworkReply: sslErrors() tells what failed, and a slot calling ignoreSslErrors() lets
// that handshake go on.
void tst_ClientTls::sslErrorsIgnoredFromTheirSlot()
{
    ScriptedPeer peer(serverTls);
    QVERIFY(peer.listen());
    SlimFaasClient client(peer.url(), SlimFaasFunctionConfig(QStringLiteral("tls")));
    QList<QSslError> seen;
    connect(&client, &SlimFaasClient::sslErrors, &client, [&](const QList<QSslError> &errors) {
        seen = errors;
        client.ignoreSslErrors();
    });
    QSignalSpy errors(&client, &SlimFaasClient::errorOccurred);
    client.open();
    QVERIFY2(client.waitForReady(10000), qPrintable(client.errorString()));
    QVERIFY(!seen.isEmpty());
    QCOMPARE(seen.first().certificate(), certificate);
    QVERIFY(errors.isEmpty());
}

// The errors one knows (a self-signed certificate), given beforehand, stop no handshake.
void tst_ClientTls::expectedSslErrorsIgnoredForGood()
{
    ScriptedPeer peer(serverTls);
    QVERIFY(peer.listen());
    SlimFaasClient client(peer.url(), SlimFaasFunctionConfig(QStringLiteral("tls")));
    client.setMinimumReconnectDelay(50);
    client.setMaximumReconnectDelay(50);
    QSignalSpy reported(&client, &SlimFaasClient::sslErrors);
    client.open();
    QTRY_VERIFY(!reported.isEmpty());
    const auto expected = reported.first().first().value<QList<QSslError>>();
    client.close();
    client.ignoreSslErrors(expected);
    QSignalSpy errors(&client, &SlimFaasClient::errorOccurred);
    QSignalSpy ready(&client, &SlimFaasClient::ready);
    client.open();
    QVERIFY2(client.waitForReady(10000), qPrintable(client.errorString()));
    QVERIFY(errors.isEmpty());
    // Again after a reconnection: for good, not for one handshake.
    peer.closeConnections();
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 2, 10000);
    for (const auto &error : std::as_const(errors))
        QVERIFY(error.at(0).value<SlimFaasClient::Error>() != SlimFaasClient::SslError);
}

QTEST_GUILESS_MAIN(tst_ClientTls)
#include "tst_clienttls.moc"
