// SPDX-License-Identifier: MIT
#include <scriptedpeer.h>

#include <QtCore/qdatetime.h>
#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qprocess.h>
#include <QtCore/qscopeguard.h>
#include <QtNetwork/qnetworkaccessmanager.h>
#include <QtNetwork/qnetworkreply.h>
#include <QtTest/qtest.h>

using SlimFaasProtocol::MessageType;

// slimfaas-tap run as a real process against the scripted peer.
class tst_Tap : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void printsMessagesAndAnswersWithChosenStatus();
    void registersTheCommandLineConfiguration();
    void syncRequestsEchoedAndPrinted();
    void payloadCannotForgeTheTapsFields();
    void syncRequestsAnsweredWithFixedStatus();
    void quietPrintsNothing();
    void refusalExitsNonZeroWithReason();
    void usageErrorsExitWithOne();
    void helpDocumentsOptions();
    void severalUrlsReachEveryNode();
    void everyAddressConnectsToTheAddresses();
    void threeUrlsAgainstAnEmulatorOfThreeNodes();

private:
    QProcess *startTap(const QStringList &arguments);
    QList<QJsonObject> lines(QProcess *process);
    QList<SlimFaasProtocol::AsyncCallback> callbacks() const;

    ScriptedPeer *peer = nullptr;
    QProcess *tap = nullptr;
    QByteArray stdoutData;
};

void tst_Tap::init()
{
    peer = new ScriptedPeer(this);
    QVERIFY(peer->listen());
    stdoutData.clear();
}

void tst_Tap::cleanup()
{
    if (tap) {
        tap->terminate();
        tap->waitForFinished(5000);
        delete tap;
        tap = nullptr;
    }
    delete peer;
    peer = nullptr;
}

QProcess *tst_Tap::startTap(const QStringList &arguments)
{
    tap = new QProcess;
    tap->setProgram(QStringLiteral(SLIMFAAS_TAP_PATH));
    tap->setArguments(arguments);
    connect(tap, &QProcess::readyReadStandardOutput, this,
            [this] { stdoutData += tap->readAllStandardOutput(); });
    tap->start();
    return tap;
}

QList<QJsonObject> tst_Tap::lines(QProcess *)
{
    QList<QJsonObject> objects;
    for (const QByteArray &line : stdoutData.split('\n')) {
        if (line.isEmpty())
            continue;
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(line, &error);
        if (error.error != QJsonParseError::NoError || !document.isObject())
            qFatal("slimfaas-tap printed a line that is not a JSON object: %s", line.constData());
        objects.append(document.object());
    }
    return objects;
}

QList<SlimFaasProtocol::AsyncCallback> tst_Tap::callbacks() const
{
    QList<SlimFaasProtocol::AsyncCallback> list;
    for (const auto &envelope : peer->envelopes(MessageType::AsyncCallback)) {
        if (const auto callback = SlimFaasProtocol::parseAsyncCallback(envelope.payload))
            list.append(*callback);
    }
    return list;
}

void tst_Tap::printsMessagesAndAnswersWithChosenStatus()
{
    startTap({ QStringLiteral("--url"), peer->url().toString(), QStringLiteral("--function"),
               QStringLiteral("tapped"), QStringLiteral("--status"), QStringLiteral("503"),
               QStringLiteral("--subscribe"), QStringLiteral("order-created") });
    QTRY_COMPARE_WITH_TIMEOUT(peer->connectionIds().size(), 1, 10000);

    SlimFaasAsyncRequest request;
    request.setElementId(QStringLiteral("el-1"));
    request.setMethod(QStringLiteral("POST"));
    request.setPath(QStringLiteral("hello"));
    request.setQuery(QStringLiteral("?a=1"));
    request.setHeaders(
            { { QStringLiteral("Content-Type"), { QStringLiteral("application/json") } } });
    request.setBody("{\"x\":1}");
    request.setTryNumber(2);
    peer->sendEnvelope(MessageType::AsyncRequest, request.elementId(),
                       SlimFaasProtocol::asyncRequestPayload(request));
    SlimFaasPublishEvent event;
    event.setEventName(QStringLiteral("order-created"));
    event.setBody(QByteArray("\xff\xfe", 2)); // not UTF-8: printed as base64
    peer->sendEnvelope(MessageType::PublishEvent, QStringLiteral("evt-1"),
                       SlimFaasProtocol::publishEventPayload(event));

    QTRY_COMPARE_WITH_TIMEOUT(callbacks().size(), 1, 10000);
    QCOMPARE(callbacks().first().elementId, QStringLiteral("el-1"));
    QCOMPARE(callbacks().first().statusCode, 503);

    QTRY_VERIFY_WITH_TIMEOUT(lines(tap).size() >= 3, 10000);
    const QList<QJsonObject> printed = lines(tap);
    QCOMPARE(printed.at(0)[QLatin1String("type")].toString(), QStringLiteral("RegisterResponse"));
    QCOMPARE(printed.at(0)[QLatin1String("payload")][QLatin1String("success")].toBool(), true);
    const QJsonObject line = printed.at(1);
    QCOMPARE(line[QLatin1String("direction")].toString(), QStringLiteral("in"));
    QCOMPARE(line[QLatin1String("type")].toString(), QStringLiteral("AsyncRequest"));
    QCOMPARE(line[QLatin1String("typeCode")].toInt(), 2);
    QCOMPARE(line[QLatin1String("correlationId")].toString(), QStringLiteral("el-1"));
    QCOMPARE(line[QLatin1String("bodyEncoding")].toString(), QStringLiteral("utf8"));
    // The message's own fields are apart from the tap's.
    const QJsonObject async = line[QLatin1String("payload")].toObject();
    QCOMPARE(async[QLatin1String("elementId")].toString(), QStringLiteral("el-1"));
    QCOMPARE(async[QLatin1String("method")].toString(), QStringLiteral("POST"));
    QCOMPARE(async[QLatin1String("path")].toString(), QStringLiteral("hello"));
    QCOMPARE(async[QLatin1String("query")].toString(), QStringLiteral("?a=1"));
    QCOMPARE(async[QLatin1String("headers")][QLatin1String("Content-Type")]
                     .toArray()
                     .first()
                     .toString(),
             QStringLiteral("application/json"));
    QCOMPARE(async[QLatin1String("body")].toString(), QStringLiteral("{\"x\":1}"));
    QCOMPARE(async[QLatin1String("tryNumber")].toInt(), 2);
    QCOMPARE(printed.at(2)[QLatin1String("type")].toString(), QStringLiteral("PublishEvent"));
    QCOMPARE(printed.at(2)[QLatin1String("bodyEncoding")].toString(), QStringLiteral("base64"));
    const QJsonObject evt = printed.at(2)[QLatin1String("payload")].toObject();
    QCOMPARE(evt[QLatin1String("eventName")].toString(), QStringLiteral("order-created"));
    QCOMPARE(evt[QLatin1String("body")].toString(), QStringLiteral("//4="));

    // SIGTERM: a clean exit that closes the WebSocket.
    tap->terminate();
    QVERIFY(tap->waitForFinished(5000));
    QCOMPARE(tap->exitStatus(), QProcess::NormalExit);
    QCOMPARE(tap->exitCode(), 0);
    QTRY_VERIFY(peer->connections().isEmpty());
}

void tst_Tap::registersTheCommandLineConfiguration()
{
    startTap({ QStringLiteral("--url"),
               peer->url().toString(),
               QStringLiteral("--function"),
               QStringLiteral("job"),
               QStringLiteral("--depends-on"),
               QStringLiteral("db"),
               QStringLiteral("--subscribe"),
               QStringLiteral("a"),
               QStringLiteral("--subscribe"),
               QStringLiteral("b:Private"),
               QStringLiteral("--default-visibility"),
               QStringLiteral("Private"),
               QStringLiteral("--path-visibility"),
               QStringLiteral("/admin:Private"),
               QStringLiteral("--configuration"),
               QStringLiteral("{\"DefaultAsync\":{\"HttpTimeout\":30}}"),
               QStringLiteral("--replicas-start-as-soon-as-one-function-retrieve-a-request"),
               QStringLiteral("--number-parallel-request"),
               QStringLiteral("4"),
               QStringLiteral("--number-parallel-request-per-pod"),
               QStringLiteral("2"),
               QStringLiteral("--default-trust"),
               QStringLiteral("Untrusted") });
    QTRY_COMPARE_WITH_TIMEOUT(peer->envelopes(MessageType::Register).size(), 1, 10000);
    const auto config = SlimFaasProtocol::parseRegisterPayload(
            peer->envelopes(MessageType::Register).first().payload);
    QVERIFY(config);
    QCOMPARE(config->functionName(), QStringLiteral("job"));
    QCOMPARE(config->dependsOn(), QStringList{ QStringLiteral("db") });
    QCOMPARE(config->subscribeEvents().size(), 2);
    QVERIFY(!config->subscribeEvents().at(0).visibility);
    QCOMPARE(config->subscribeEvents().at(1).visibility, SlimFaas::Visibility::Private);
    QCOMPARE(config->defaultVisibility(), SlimFaas::Visibility::Private);
    QCOMPARE(config->pathsStartWithVisibility().size(), 1);
    QCOMPARE(config->pathsStartWithVisibility().first().path, QStringLiteral("/admin"));
    QCOMPARE(config->configuration(), QStringLiteral("{\"DefaultAsync\":{\"HttpTimeout\":30}}"));
    QVERIFY(config->replicasStartAsSoonAsOneFunctionRetrieveARequest());
    QCOMPARE(config->numberParallelRequest(), 4);
    QCOMPARE(config->numberParallelRequestPerPod(), 2);
    QCOMPARE(config->defaultTrust(), SlimFaas::Trust::Untrusted);
}

// Sends a whole sync request as SlimFaas would and collects what comes back for it.
static void sendSync(ScriptedPeer *peer, const QString &id, const QByteArray &body)
{
    SlimFaasProtocol::SyncRequestHead head;
    head.method = QStringLiteral("POST");
    head.path = QStringLiteral("echo/me");
    head.headers = { { QStringLiteral("Content-Type"), { QStringLiteral("text/plain") } } };
    peer->sendBinary(SlimFaasProtocol::encodeFrame(MessageType::SyncRequestStart, id,
                                                   SlimFaasProtocol::encodeSyncRequestHead(head)));
    peer->sendBinary(SlimFaasProtocol::encodeFrame(MessageType::SyncRequestChunk, id, body));
    peer->sendBinary(SlimFaasProtocol::encodeFrame(MessageType::SyncRequestEnd, id, {},
                                                   SlimFaasProtocol::FrameFlagEndOfStream));
}

static QList<SlimFaasProtocol::Frame> framesFor(ScriptedPeer *peer, const QString &id)
{
    QList<SlimFaasProtocol::Frame> frames;
    for (const auto &message : peer->received()) {
        if (!message.binary)
            continue;
        if (const auto frame = SlimFaasProtocol::decodeFrame(message.data);
            frame && frame->correlationId == id)
            frames.append(*frame);
    }
    return frames;
}

void tst_Tap::syncRequestsEchoedAndPrinted()
{
    startTap({ QStringLiteral("--url"), peer->url().toString(), QStringLiteral("--function"),
               QStringLiteral("syncer") });
    QTRY_COMPARE_WITH_TIMEOUT(peer->connectionIds().size(), 1, 10000);
    const QString id = SlimFaasProtocol::newCorrelationId();
    sendSync(peer, id, "hello sync");
    QTRY_VERIFY_WITH_TIMEOUT(!framesFor(peer, id).isEmpty()
                                     && framesFor(peer, id).constLast().type
                                             == MessageType::SyncResponseEnd,
                             10000);
    const auto frames = framesFor(peer, id);
    QCOMPARE(frames.first().type, MessageType::SyncResponseStart);
    const auto head = SlimFaasProtocol::decodeSyncResponseHead(frames.first().payload);
    QVERIFY(head);
    QCOMPARE(head->statusCode, 200);
    QCOMPARE(head->headers.value(QStringLiteral("Content-Type")),
             QStringList{ QStringLiteral("text/plain") });
    QByteArray body;
    for (const auto &frame : frames)
        if (frame.type == MessageType::SyncResponseChunk)
            body += frame.payload;
    QCOMPARE(body, QByteArray("hello sync"));

    QTRY_VERIFY_WITH_TIMEOUT(lines(tap).size() >= 4, 10000);
    const QList<QJsonObject> printed = lines(tap);
    QCOMPARE(printed.at(1)[QLatin1String("type")].toString(), QStringLiteral("SyncRequestStart"));
    QCOMPARE(printed.at(1)[QLatin1String("correlationId")].toString(), id);
    QCOMPARE(printed.at(1)[QLatin1String("payload")][QLatin1String("method")].toString(),
             QStringLiteral("POST"));
    QCOMPARE(printed.at(1)[QLatin1String("payload")][QLatin1String("path")].toString(),
             QStringLiteral("echo/me"));
    QCOMPARE(printed.at(2)[QLatin1String("type")].toString(), QStringLiteral("SyncRequestChunk"));
    QCOMPARE(printed.at(2)[QLatin1String("payload")][QLatin1String("body")].toString(),
             QStringLiteral("hello sync"));
    QCOMPARE(printed.at(3)[QLatin1String("type")].toString(), QStringLiteral("SyncRequestEnd"));
    QCOMPARE(printed.at(3)[QLatin1String("endOfStream")].toBool(), true);
}

// A payload carrying the tap's own keys: the line still says what happened, and the
// payload's keys stay the payload's.
void tst_Tap::payloadCannotForgeTheTapsFields()
{
    startTap({ QStringLiteral("--url"), peer->url().toString(), QStringLiteral("--function"),
               QStringLiteral("tapped") });
    QTRY_COMPARE_WITH_TIMEOUT(peer->connectionIds().size(), 1, 10000);
    const QJsonObject forged{
        { QStringLiteral("elementId"), QStringLiteral("el-9") },
        { QStringLiteral("method"), QStringLiteral("GET") },
        { QStringLiteral("path"), QStringLiteral("p") },
        { QStringLiteral("body"), QStringLiteral("aGk=") },
        { QStringLiteral("direction"), QStringLiteral("out") },
        { QStringLiteral("type"), QStringLiteral("Register") },
        { QStringLiteral("typeCode"), 0 },
        { QStringLiteral("time"), QStringLiteral("1999-01-01T00:00:00.000Z") },
        { QStringLiteral("correlationId"), QStringLiteral("forged") },
        { QStringLiteral("bodyEncoding"), QStringLiteral("base64") },
        { QStringLiteral("flags"), 1 },
        { QStringLiteral("payload"), QStringLiteral("nested") },
    };
    peer->sendEnvelope(MessageType::AsyncRequest, QStringLiteral("el-9"), forged);
    QTRY_VERIFY_WITH_TIMEOUT(lines(tap).size() >= 2, 10000);
    const QJsonObject line = lines(tap).at(1);
    QCOMPARE(line[QLatin1String("direction")].toString(), QStringLiteral("in"));
    QCOMPARE(line[QLatin1String("type")].toString(), QStringLiteral("AsyncRequest"));
    QCOMPARE(line[QLatin1String("typeCode")].toInt(), 2);
    QCOMPARE(line[QLatin1String("correlationId")].toString(), QStringLiteral("el-9"));
    QVERIFY(line[QLatin1String("time")].toString().startsWith(
            QString::number(QDate::currentDate().year())));
    QCOMPARE(line[QLatin1String("bodyEncoding")].toString(), QStringLiteral("utf8"));
    QVERIFY(!line.contains(QLatin1String("flags")));
    const QJsonObject payload = line[QLatin1String("payload")].toObject();
    QCOMPARE(payload[QLatin1String("body")].toString(), QStringLiteral("hi"));
    for (const char *key : { "direction", "type", "typeCode", "time", "correlationId",
                             "bodyEncoding", "flags", "payload" })
        QCOMPARE(payload[QLatin1String(key)], forged[QLatin1String(key)]);
}

void tst_Tap::syncRequestsAnsweredWithFixedStatus()
{
    startTap({ QStringLiteral("--url"), peer->url().toString(), QStringLiteral("--function"),
               QStringLiteral("fixed"), QStringLiteral("--sync"),
               QStringLiteral("status:404:not here") });
    QTRY_COMPARE_WITH_TIMEOUT(peer->connectionIds().size(), 1, 10000);
    const QString id = SlimFaasProtocol::newCorrelationId();
    sendSync(peer, id, "ignored");
    QTRY_VERIFY_WITH_TIMEOUT(!framesFor(peer, id).isEmpty()
                                     && framesFor(peer, id).constLast().type
                                             == MessageType::SyncResponseEnd,
                             10000);
    const auto frames = framesFor(peer, id);
    QCOMPARE(SlimFaasProtocol::decodeSyncResponseHead(frames.first().payload)->statusCode, 404);
    QCOMPARE(frames.at(1).payload, QByteArray("not here"));
}

void tst_Tap::quietPrintsNothing()
{
    startTap({ QStringLiteral("--url"), peer->url().toString(), QStringLiteral("--function"),
               QStringLiteral("quiet"), QStringLiteral("--quiet") });
    QTRY_COMPARE_WITH_TIMEOUT(peer->connectionIds().size(), 1, 10000);
    SlimFaasAsyncRequest request;
    request.setElementId(QStringLiteral("q-1"));
    peer->sendEnvelope(MessageType::AsyncRequest, request.elementId(),
                       SlimFaasProtocol::asyncRequestPayload(request));
    QTRY_COMPARE_WITH_TIMEOUT(callbacks().size(), 1, 10000);
    QCOMPARE(callbacks().first().statusCode, 200); // the default status
    tap->terminate();
    QVERIFY(tap->waitForFinished(5000));
    stdoutData += tap->readAllStandardOutput();
    QVERIFY(stdoutData.isEmpty());
}

void tst_Tap::refusalExitsNonZeroWithReason()
{
    peer->refusal = QStringLiteral("Function 'k8s' is already declared as a Kubernetes "
                                   "deployment. WebSocket clients cannot use the same name as "
                                   "an existing Kubernetes function.");
    startTap({ QStringLiteral("--url"), peer->url().toString(), QStringLiteral("--function"),
               QStringLiteral("k8s") });
    // The peer must keep answering while we wait: no blocking waitForFinished() here.
    QTRY_COMPARE_WITH_TIMEOUT(tap->state(), QProcess::NotRunning, 10000);
    QCOMPARE(tap->exitCode(), 2);
    const QByteArray err = tap->readAllStandardError();
    QVERIFY2(err.contains(peer->refusal.toUtf8()), err.constData());
}

void tst_Tap::usageErrorsExitWithOne()
{
    for (const QStringList &arguments :
         { QStringList{},
           QStringList{ QStringLiteral("--function"), QStringLiteral("f"),
                        QStringLiteral("--status"), QStringLiteral("abc") },
           QStringList{ QStringLiteral("--function"), QStringLiteral("f"), QStringLiteral("--url"),
                        QStringLiteral("http://x") } }) {
        QProcess process;
        process.start(QStringLiteral(SLIMFAAS_TAP_PATH), arguments);
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitCode(), 1);
        QVERIFY(!process.readAllStandardError().isEmpty());
    }
}

void tst_Tap::helpDocumentsOptions()
{
    QProcess process;
    process.start(QStringLiteral(SLIMFAAS_TAP_PATH), { QStringLiteral("--help") });
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 0);
    const QByteArray help = process.readAllStandardOutput();
    for (const char *option :
         { "--url", "--function", "--status", "--sync", "--quiet", "--subscribe", "--ping-interval",
           "--retry-after-refusal", "--header" })
        QVERIFY2(help.contains(option), option);
}

// One connection per --url, each line naming the node that carried it, each answer going
// back to the node that asked.
void tst_Tap::severalUrlsReachEveryNode()
{
    ScriptedPeer other;
    QVERIFY(other.listen());
    startTap({ QStringLiteral("--url"), peer->url().toString(), QStringLiteral("--url"),
               other.url().toString(), QStringLiteral("--function"), QStringLiteral("tapped"),
               QStringLiteral("--status"), QStringLiteral("201") });
    QTRY_COMPARE_WITH_TIMEOUT(peer->connectionIds().size(), 1, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(other.connectionIds().size(), 1, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(lines(tap).size(), 2, 10000); // both RegisterResponses

    SlimFaasAsyncRequest request;
    request.setElementId(QStringLiteral("from-other"));
    request.setMethod(QStringLiteral("POST"));
    request.setPath(QStringLiteral("p"));
    other.sendEnvelope(MessageType::AsyncRequest, request.elementId(),
                       SlimFaasProtocol::asyncRequestPayload(request));
    QTRY_COMPARE_WITH_TIMEOUT(other.envelopes(MessageType::AsyncCallback).size(), 1, 10000);
    QCOMPARE(peer->envelopes(MessageType::AsyncCallback).size(), 0);

    QTRY_VERIFY_WITH_TIMEOUT(lines(tap).size() >= 3, 10000);
    const QList<QJsonObject> printed = lines(tap);
    QStringList registeredNodes;
    for (int i = 0; i < 2; ++i) {
        QCOMPARE(printed.at(i)[QLatin1String("type")].toString(),
                 QStringLiteral("RegisterResponse"));
        registeredNodes.append(printed.at(i)[QLatin1String("node")].toString());
    }
    registeredNodes.sort();
    QStringList urls{ peer->url().toString(), other.url().toString() };
    urls.sort();
    QCOMPARE(registeredNodes, urls);
    QCOMPARE(printed.at(2)[QLatin1String("type")].toString(), QStringLiteral("AsyncRequest"));
    QCOMPARE(printed.at(2)[QLatin1String("node")].toString(), other.url().toString());
    const QByteArray diagnostics = tap->readAllStandardError();
    QVERIFY2(diagnostics.contains("node " + other.url().toString().toUtf8() + " registered"),
             diagnostics.constData());
}

void tst_Tap::everyAddressConnectsToTheAddresses()
{
    // An address literal resolves to itself: one node, named by its address.
    startTap({ QStringLiteral("--url"), peer->url().toString(), QStringLiteral("--every-address"),
               QStringLiteral("--function"), QStringLiteral("tapped") });
    QTRY_COMPARE_WITH_TIMEOUT(peer->connectionIds().size(), 1, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(lines(tap).size(), 1, 10000);
    QCOMPARE(lines(tap).first()[QLatin1String("node")].toString(), peer->url().toString());

    QProcess help;
    help.start(QStringLiteral(SLIMFAAS_TAP_PATH), { QStringLiteral("--help") });
    QVERIFY(help.waitForFinished(10000));
    QVERIFY(help.readAllStandardOutput().contains("--every-address"));
}

// Real processes both: slimfaas-emulator --nodes 3 and slimfaas-tap given its three node
// URLs. A sync call made to each node arrives over that node's connection, and the line
// says so.
void tst_Tap::threeUrlsAgainstAnEmulatorOfThreeNodes()
{
    QProcess emulator;
    QByteArray emulatorOutput;
    connect(&emulator, &QProcess::readyReadStandardOutput, this,
            [&] { emulatorOutput += emulator.readAllStandardOutput(); });
    emulator.start(QStringLiteral(SLIMFAAS_EMULATOR_PATH),
                   { QStringLiteral("--host"), QStringLiteral("127.0.0.1"),
                     QStringLiteral("--ws-port"), QStringLiteral("0"),
                     QStringLiteral("--http-port"), QStringLiteral("0"), QStringLiteral("--nodes"),
                     QStringLiteral("3"), QStringLiteral("--log-json") });
    auto stopEmulator = qScopeGuard([&] {
        emulator.terminate();
        emulator.waitForFinished(5000);
    });
    QTRY_VERIFY_WITH_TIMEOUT(emulatorOutput.contains('\n'), 10000);
    const QJsonArray nodes
            = QJsonDocument::fromJson(emulatorOutput.left(emulatorOutput.indexOf('\n')))
                      .object()
                      .value(QLatin1String("nodes"))
                      .toArray();
    QCOMPARE(nodes.size(), 3);
    QStringList webSocketUrls;
    QList<QUrl> httpUrls;
    QStringList arguments{ QStringLiteral("--function"), QStringLiteral("tapped") };
    for (const QJsonValue &node : nodes) {
        webSocketUrls.append(node[QLatin1String("webSocketUrl")].toString());
        httpUrls.append(QUrl(node[QLatin1String("httpUrl")].toString()));
        arguments << QStringLiteral("--url") << webSocketUrls.constLast();
    }
    startTap(arguments);
    QTRY_COMPARE_WITH_TIMEOUT(lines(tap).size(), 3, 10000); // a RegisterResponse per node
    QStringList registeredNodes;
    for (const QJsonObject &line : lines(tap)) {
        QCOMPARE(line[QLatin1String("type")].toString(), QStringLiteral("RegisterResponse"));
        registeredNodes.append(line[QLatin1String("node")].toString());
    }
    registeredNodes.sort();
    QStringList expected = webSocketUrls;
    expected.sort();
    QCOMPARE(registeredNodes, expected);

    QNetworkAccessManager network;
    for (int node = 0; node < 3; ++node) {
        QUrl url = httpUrls.at(node);
        url.setPath(QStringLiteral("/function/tapped/n%1").arg(node));
        QNetworkReply *reply
                = network.post(QNetworkRequest(url), QStringLiteral("body %1").arg(node).toUtf8());
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QCOMPARE(reply->readAll(), QStringLiteral("body %1").arg(node).toUtf8()); // the echo
        delete reply;
    }
    QStringList startedOn(3);
    QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                int seen = 0;
                for (const QJsonObject &line : lines(tap)) {
                    if (line[QLatin1String("type")].toString() != QLatin1String("SyncRequestStart"))
                        continue;
                    const QString path
                            = line[QLatin1String("payload")][QLatin1String("path")].toString();
                    const int node = path.mid(1).toInt();
                    if (path.startsWith(QLatin1Char('n')) && node >= 0 && node < 3) {
                        startedOn[node] = line[QLatin1String("node")].toString();
                        ++seen;
                    }
                }
                return seen == 3;
            }(),
            10000);
    for (int node = 0; node < 3; ++node)
        QCOMPARE(startedOn.at(node), webSocketUrls.at(node));
}

QTEST_GUILESS_MAIN(tst_Tap)
#include "tst_tap.moc"
