// SPDX-License-Identifier: MIT
// The proxy in front of a wss:// SlimFaas: a QWebSocketServer in secure mode with a
// self-signed certificate plays it (echoing every message). Verified against that
// certificate, messages go both ways through TLS; unverified, the function is refused 502.

#include <localhosttls.h>
#include <websocketproxy.h>

#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>
#include <QtWebSockets/qwebsocket.h>
#include <QtWebSockets/qwebsocketserver.h>

class tst_ProxyTls : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void relaysToWssUpstream();
    void unverifiedUpstreamIsRefused();

private:
    QUrl upstreamUrl() const;

    QSslCertificate certificate;
    QSslConfiguration serverTls;
    QWebSocketServer *server = nullptr;
    QList<QByteArray> seenByServer;
};

void tst_ProxyTls::initTestCase()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    serverTls = localhostServerTls(&certificate);
    QVERIFY(!certificate.isNull());
}

void tst_ProxyTls::init()
{
    seenByServer.clear();
    server = new QWebSocketServer(QStringLiteral("wss upstream"), QWebSocketServer::SecureMode,
                                  this);
    server->setSslConfiguration(serverTls);
    QVERIFY(server->listen(QHostAddress::LocalHost, 0));
    connect(server, &QWebSocketServer::newConnection, this, [this] {
        while (QWebSocket *socket = server->nextPendingConnection()) {
            socket->setParent(server);
            connect(socket, &QWebSocket::textMessageReceived, socket,
                    [this, socket](const QString &text) {
                        seenByServer.append(text.toUtf8());
                        socket->sendTextMessage(QStringLiteral("echo ") + text);
                    });
            connect(socket, &QWebSocket::binaryMessageReceived, socket,
                    [this, socket](const QByteArray &message) {
                        seenByServer.append(message);
                        socket->sendBinaryMessage(message);
                    });
        }
    });
}

void tst_ProxyTls::cleanup()
{
    delete server;
    server = nullptr;
}

QUrl tst_ProxyTls::upstreamUrl() const
{
    return QUrl(QStringLiteral("wss://localhost:%1/ws").arg(server->serverPort()));
}

void tst_ProxyTls::relaysToWssUpstream()
{
    WebSocketProxy proxy;
    proxy.setUpstream(upstreamUrl());
    QSslConfiguration tls = proxy.sslConfiguration();
    tls.setCaCertificates({ certificate });
    proxy.setSslConfiguration(tls);
    QVERIFY(proxy.listen(QHostAddress::LocalHost, 0));
    QSignalSpy relayed(&proxy, &WebSocketProxy::messageRelayed);
    QSignalSpy warnings(&proxy, &WebSocketProxy::warningRaised);

    QWebSocket function;
    QList<QByteArray> received;
    connect(&function, &QWebSocket::textMessageReceived, this,
            [&](const QString &text) { received.append(text.toUtf8()); });
    connect(&function, &QWebSocket::binaryMessageReceived, this,
            [&](const QByteArray &message) { received.append(message); });
    function.open(proxy.url());
    QTRY_COMPARE_WITH_TIMEOUT(function.state(), QAbstractSocket::ConnectedState, 10000);
    function.sendTextMessage(QStringLiteral("{\"type\":5,\"correlationId\":\"p\"}"));
    const QByteArray big(200 * 1024, 'z'); // several TLS records
    function.sendBinaryMessage(big);
    QTRY_COMPARE_WITH_TIMEOUT(received.size(), 2, 10000);
    QCOMPARE(received.at(0), QByteArray("echo {\"type\":5,\"correlationId\":\"p\"}"));
    QVERIFY(received.at(1) == big);
    QCOMPARE(seenByServer.size(), 2);
    QCOMPARE(relayed.size(), 4);
    QVERIFY(warnings.isEmpty());

    // Through the interceptor too: a message replaced on its way up.
    bool held = false;
    proxy.setInterceptor([&held](const QString &, const QString &,
                                 WebSocketProxy::Direction direction, bool, const QByteArray &) {
        held = held || direction == WebSocketProxy::FromFunction;
        return direction == WebSocketProxy::FromFunction ? WebSocketProxy::Hold
                                                         : WebSocketProxy::Relay;
    });
    function.sendTextMessage(QStringLiteral("original"));
    QTRY_VERIFY(held);
    QCOMPARE(seenByServer.size(), 2);
    QVERIFY(proxy.replaceHeld(QStringLiteral("1"), WebSocketProxy::FromFunction, false,
                              "replaced"));
    QTRY_COMPARE_WITH_TIMEOUT(received.size(), 3, 10000);
    QCOMPARE(received.at(2), QByteArray("echo replaced"));
    QCOMPARE(seenByServer.last(), QByteArray("replaced"));
    function.close();
}

void tst_ProxyTls::unverifiedUpstreamIsRefused()
{
    WebSocketProxy proxy; // the system's CAs: the self-signed certificate does not verify
    proxy.setUpstream(upstreamUrl());
    QVERIFY(proxy.listen(QHostAddress::LocalHost, 0));
    QSignalSpy warnings(&proxy, &WebSocketProxy::warningRaised);
    QWebSocket function;
    QSignalSpy errors(&function, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error));
    function.open(proxy.url());
    QTRY_VERIFY_WITH_TIMEOUT(!errors.isEmpty(), 10000);
    QVERIFY(function.state() != QAbstractSocket::ConnectedState);
    QTRY_VERIFY(!warnings.isEmpty());
    QVERIFY2(warnings.first().at(1).toString().contains(upstreamUrl().toString()),
             qPrintable(warnings.first().at(1).toString()));
    QVERIFY(seenByServer.isEmpty());
}

QTEST_MAIN(tst_ProxyTls)
#include "tst_proxytls.moc"
