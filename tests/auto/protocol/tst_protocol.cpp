// SPDX-License-Identifier: MIT
#include <slimfaasprotocol.h>

#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qrandom.h>
#include <QtTest/qtest.h>

#include <thread>
#include <vector>

using namespace SlimFaasProtocol;

class tst_Protocol : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hugeNumbersAreRejected_data();
    void hugeNumbersAreRejected();
    void registerFullConfigurationMatchesProtocol();
    void registerDefaultsMatchProtocol();
    void registerRoundTrip();
    void envelopeRoundTrip();
    void envelopeRejectsBadInput_data();
    void envelopeRejectsBadInput();
    void envelopeKeepsUnknownType();
    void asyncRequestRoundTrip_data();
    void asyncRequestRoundTrip();
    void asyncRequestRejectsBadPayload_data();
    void asyncRequestRejectsBadPayload();
    void asyncRequestNullBody();
    void publishEventRoundTrip();
    void trafficFastPathMatchesGeneralDecoder_data();
    void trafficFastPathMatchesGeneralDecoder();
    void trafficFastPathLeavesTheRestToTheGeneralDecoder_data();
    void trafficFastPathLeavesTheRestToTheGeneralDecoder();
    void trafficFastPathDecodesBase64AsQt();
    void eventBodyDecodedOnceAcrossThreads();
    void eventHeadersMatchGeneralDecoder();
    void trafficFastPathSharesRepeatedHeaderValues();
    void trafficFastPathReadsLikeTheLastRequest();
    void asyncCallbackTemplateMatchesEncoder_data();
    void asyncCallbackTemplateMatchesEncoder();
    void asyncCallbackTextsStayTheirOwn();
    void directWritersMatchQJsonDocument_data();
    void directWritersMatchQJsonDocument();
    void registerResponseParsing();
    void headersAcceptSingleStringAndRejectOthers();
    void frameRoundTrip_data();
    void frameRoundTrip();
    void frameHeaderLayout();
    void frameTooShort();
    void frameLengthMismatchUsesSmaller();
    void syncHeads();
};

static QJsonObject parse(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}

// The exact Register message of docs/protocol.md §3.
void tst_Protocol::registerFullConfigurationMatchesProtocol()
{
    SlimFaasFunctionConfig config(QStringLiteral("my-job"));
    config.setDependsOn({ QStringLiteral("other-function") });
    config.addSubscribeEvent(QStringLiteral("order-created"));
    config.addSubscribeEvent(QStringLiteral("internal"), SlimFaas::Visibility::Private);
    config.setDefaultVisibility(SlimFaas::Visibility::Public);
    config.addPathStartWithVisibility(QStringLiteral("/admin"), SlimFaas::Visibility::Private);
    config.setConfiguration(QStringLiteral("{\"key\":\"value\"}"));
    config.setReplicasStartAsSoonAsOneFunctionRetrieveARequest(false);
    config.setNumberParallelRequest(10);
    config.setNumberParallelRequestPerPod(10);
    config.setDefaultTrust(SlimFaas::Trust::Trusted);

    const QByteArray expected = R"({"type":0,"correlationId":"abc","payload":{
      "functionName":"my-job",
      "configuration":{
        "dependsOn":["other-function"],
        "subscribeEvents":[{"name":"order-created"},{"name":"internal","visibility":"Private"}],
        "defaultVisibility":"Public",
        "pathsStartWithVisibility":[{"path":"/admin","visibility":"Private"}],
        "configuration":"{\"key\":\"value\"}",
        "replicasStartAsSoonAsOneFunctionRetrieveARequest":false,
        "numberParallelRequest":10,
        "numberParallelRequestPerPod":10,
        "defaultTrust":"Trusted"}}})";
    const QByteArray encoded
            = encodeEnvelope(MessageType::Register, QStringLiteral("abc"), registerPayload(config));
    QCOMPARE(parse(encoded), parse(expected));
    // Type is a number on the wire, never a string.
    QVERIFY(parse(encoded)[QLatin1String("type")].isDouble());
    const QJsonArray events
            = parse(encoded)[QLatin1String("payload")][QLatin1String("configuration")]
                            [QLatin1String("subscribeEvents")]
                                    .toArray();
    QVERIFY(!events.at(0).toObject().contains(QLatin1String("visibility")));
}

void tst_Protocol::registerDefaultsMatchProtocol()
{
    const QJsonObject payload = registerPayload(SlimFaasFunctionConfig(QStringLiteral("f")));
    const QJsonObject expected = parse(R"({"functionName":"f","configuration":{
        "dependsOn":[],"subscribeEvents":[],"defaultVisibility":"Public",
        "pathsStartWithVisibility":[],"configuration":"",
        "replicasStartAsSoonAsOneFunctionRetrieveARequest":false,
        "numberParallelRequest":10,"numberParallelRequestPerPod":10,"defaultTrust":"Trusted"}})");
    QCOMPARE(payload, expected);
    QCOMPARE(payload[QLatin1String("configuration")].toObject().size(), 9);
}

void tst_Protocol::registerRoundTrip()
{
    SlimFaasFunctionConfig config(QStringLiteral("fn"));
    config.setDependsOn({ QStringLiteral("a"), QStringLiteral("b") });
    config.setSubscribeEvents({ { QStringLiteral("e1"), std::nullopt },
                                { QStringLiteral("e2"), SlimFaas::Visibility::Public } });
    config.setDefaultVisibility(SlimFaas::Visibility::Private);
    config.setPathsStartWithVisibility({ { QStringLiteral("/x"), SlimFaas::Visibility::Public } });
    config.setConfiguration(QStringLiteral("{}"));
    config.setReplicasStartAsSoonAsOneFunctionRetrieveARequest(true);
    config.setNumberParallelRequest(3);
    config.setNumberParallelRequestPerPod(1);
    config.setDefaultTrust(SlimFaas::Trust::Untrusted);
    QString error;
    const auto parsed = parseRegisterPayload(registerPayload(config), &error);
    QVERIFY2(parsed, qPrintable(error));
    QCOMPARE(*parsed, config);

    // Missing configuration: every default, as on the server.
    const auto bare = parseRegisterPayload(parse(R"({"functionName":"x"})"));
    QVERIFY(bare);
    QCOMPARE(*bare, SlimFaasFunctionConfig(QStringLiteral("x")));

    QVERIFY(!parseRegisterPayload(
            parse(R"({"functionName":"x","configuration":{"numberParallelRequest":"ten"}})"),
            &error));
    QVERIFY(error.contains(QLatin1String("numberParallelRequest")));
    QVERIFY(!parseRegisterPayload(
            parse(R"({"functionName":"x","configuration":{"defaultVisibility":"Secret"}})"),
            &error));
}

void tst_Protocol::envelopeRoundTrip()
{
    const QByteArray json = encodeEnvelope(MessageType::AsyncCallback, QStringLiteral("id-1"),
                                           asyncCallbackPayload({ QStringLiteral("id-1"), 204 }));
    QString error;
    const auto envelope = decodeEnvelope(json, &error);
    QVERIFY2(envelope, qPrintable(error));
    QCOMPARE(envelope->type, int(MessageType::AsyncCallback));
    QCOMPARE(envelope->correlationId, QStringLiteral("id-1"));
    const auto callback = parseAsyncCallback(envelope->payload);
    QVERIFY(callback);
    QCOMPARE(callback->elementId, QStringLiteral("id-1"));
    QCOMPARE(callback->statusCode, 204);

    const auto ping = decodeEnvelope(encodeEnvelope(MessageType::Ping, QStringLiteral("p")));
    QVERIFY(ping);
    QVERIFY(ping->payload.isNull());
}

void tst_Protocol::envelopeRejectsBadInput_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("not json") << QByteArray("hello");
    QTest::newRow("truncated") << QByteArray(R"({"type":2,"correlationId":"x","payl)");
    QTest::newRow("array") << QByteArray("[1,2]");
    QTest::newRow("type missing") << QByteArray(R"({"correlationId":"x"})");
    QTest::newRow("type as string") << QByteArray(R"({"type":"AsyncRequest"})");
    QTest::newRow("type fractional") << QByteArray(R"({"type":2.5})");
    QTest::newRow("correlationId number") << QByteArray(R"({"type":2,"correlationId":5})");
    QTest::newRow("payload string") << QByteArray(R"({"type":2,"payload":"x"})");
    QTest::newRow("payload array") << QByteArray(R"({"type":2,"payload":[]})");
}

void tst_Protocol::envelopeRejectsBadInput()
{
    QFETCH(QByteArray, json);
    QString error;
    QVERIFY(!decodeEnvelope(json, &error));
    QVERIFY(!error.isEmpty());
}

void tst_Protocol::envelopeKeepsUnknownType()
{
    const auto envelope
            = decodeEnvelope(R"({"type":42,"correlationId":"z","payload":null,"extra":1})");
    QVERIFY(envelope);
    QCOMPARE(envelope->type, 42);
    QVERIFY(!isEnvelopeType(42));
}

void tst_Protocol::asyncRequestRoundTrip_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("empty") << QByteArray("");
    QTest::newRow("text") << QByteArray("{\"hello\":\"world\"}");
    QByteArray binary;
    for (int i = 0; i < 256; ++i)
        binary.append(char(i));
    QTest::newRow("binary") << binary;
    QByteArray big(1024 * 1024, Qt::Uninitialized);
    for (int i = 0; i < big.size(); ++i)
        big[i] = char((uint(i) * 7919u) & 0xffu); // unsigned: no overflow
    QTest::newRow("1 MiB") << big;
}

void tst_Protocol::asyncRequestRoundTrip()
{
    QFETCH(QByteArray, body);
    SlimFaasAsyncRequest request;
    request.setElementId(QStringLiteral("e-1"));
    request.setMethod(QStringLiteral("PUT"));
    request.setPath(QStringLiteral("hello/world"));
    request.setQuery(QStringLiteral("?a=1&b=2"));
    request.setHeaders(
            { { QStringLiteral("Content-Type"), { QStringLiteral("application/json") } },
              { QStringLiteral("X-Multi"), { QStringLiteral("1"), QStringLiteral("2") } } });
    request.setBody(body);
    request.setLastTry(true);
    request.setTryNumber(3);
    const QByteArray json = encodeEnvelope(MessageType::AsyncRequest, request.elementId(),
                                           asyncRequestPayload(request));
    const auto envelope = decodeEnvelope(json);
    QVERIFY(envelope);
    QString error;
    const auto parsed = parseAsyncRequest(envelope->payload, &error);
    QVERIFY2(parsed, qPrintable(error));
    QCOMPARE(*parsed, request);
    QCOMPARE(parsed->body(), body);
    QCOMPARE(parsed->header(QStringLiteral("content-type")), QStringLiteral("application/json"));
}

void tst_Protocol::asyncRequestRejectsBadPayload_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::newRow("elementId missing") << QByteArray(R"({"method":"POST"})");
    QTest::newRow("elementId empty") << QByteArray(R"({"elementId":""})");
    QTest::newRow("elementId number") << QByteArray(R"({"elementId":7})");
    QTest::newRow("body invalid base64")
            << QByteArray(R"({"elementId":"e","body":"@@not base64@@"})");
    QTest::newRow("body number") << QByteArray(R"({"elementId":"e","body":12})");
    QTest::newRow("headers array") << QByteArray(R"({"elementId":"e","headers":[]})");
    QTest::newRow("header value number") << QByteArray(R"({"elementId":"e","headers":{"a":[1]}})");
    QTest::newRow("tryNumber string") << QByteArray(R"({"elementId":"e","tryNumber":"1"})");
    QTest::newRow("isLastTry string") << QByteArray(R"({"elementId":"e","isLastTry":"yes"})");
}

void tst_Protocol::asyncRequestRejectsBadPayload()
{
    QFETCH(QByteArray, payload);
    QString error;
    QVERIFY(!parseAsyncRequest(parse(payload), &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(!parseAsyncRequest(QJsonValue::Null, &error)); // payload: null
}

void tst_Protocol::asyncRequestNullBody()
{
    const auto parsed = parseAsyncRequest(parse(R"({"elementId":"e","body":null,"unknown":true})"));
    QVERIFY(parsed);
    QVERIFY(!parsed->hasBody());
    QVERIFY(parsed->body().isEmpty());
    QVERIFY(asyncRequestPayload(*parsed)[QLatin1String("body")].isNull());
}

void tst_Protocol::publishEventRoundTrip()
{
    SlimFaasPublishEvent event;
    event.setEventName(QStringLiteral("order-created"));
    event.setMethod(QStringLiteral("POST"));
    event.setPath(QStringLiteral("hello"));
    event.setQuery(QString());
    event.setHeaders({ { QStringLiteral("A"), { QStringLiteral("b") } } });
    event.setBody("payload");
    const auto parsed = parsePublishEvent(publishEventPayload(event));
    QVERIFY(parsed);
    QCOMPARE(*parsed, event);
    QVERIFY(!parsePublishEvent(parse(R"({"method":"POST"})"))); // eventName missing
}

// The one-pass reader must build exactly what decodeEnvelope() + parse*() build, whatever
// the member order, spacing, escapes or unknown members.
void tst_Protocol::trafficFastPathMatchesGeneralDecoder_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("SlimFaas order")
            << QStringLiteral(R"({"type":2,"correlationId":"c-1","payload":{"elementId":"e-1",)"
                              R"("method":"PUT","path":"hello/world","query":"?a=1",)"
                              R"("headers":{"Content-Type":["application/json"],"X":["1","2"]},)"
                              R"("body":"eyJ4IjoxfQ==","isLastTry":true,"tryNumber":3}})");
    // The reader expects SlimFaas's names in its order: names that begin or end like them, a
    // space before the ':', members missing (an escaped name: the next test).
    QTest::newRow("names like SlimFaas's")
            << QStringLiteral(R"({"types":1,"type":2,"correlationId":"c","payload":{"elementId":)"
                              R"("e","methodx":"GET","path" :"p","pathq":"z","query":"?q",)"
                              R"("header":{},"headers":{},"xbody":1,"body":"QUJD","isLastTry0":1,)"
                              R"("tryNumber":2}})");
    QTest::newRow("SlimFaas order, members missing")
            << QStringLiteral(R"({"type":2,"correlationId":"c-1","payload":{"elementId":"e-1",)"
                              R"("path":"p","headers":{"A":["b"]},"tryNumber":3}})");
    QTest::newRow("event, names like SlimFaas's")
            << QStringLiteral(R"({"type":4,"payload":{"eventNam":"x","eventName":"e",)"
                              R"("method":"PUT","pat":"q","query":"","body":"QUJD"}})");
    SlimFaasAsyncRequest request;
    request.setElementId(QStringLiteral("e-2"));
    request.setHeaders({ { QStringLiteral("A"), { QStringLiteral("b") } } });
    request.setBody("binary\x01\xff");
    QTest::newRow("QJsonDocument order") << QString::fromUtf8(encodeEnvelope(
            MessageType::AsyncRequest, request.elementId(), asyncRequestPayload(request)));
    QByteArray binary(64 * 1024 + 1, Qt::Uninitialized);
    for (int i = 0; i < binary.size(); ++i)
        binary[i] = char((i * 7919) & 0xff);
    request.setBody(binary);
    request.setMethod(QStringLiteral("PATCH"));
    QTest::newRow("64 KiB body") << QString::fromUtf8(encodeEnvelope(
            MessageType::AsyncRequest, request.elementId(), asyncRequestPayload(request)));
    // Past the reader's short-string loop: escapes deep inside long strings.
    const QString a40(40, u'a');
    QTest::newRow("long strings with escapes")
            << QStringLiteral(R"({"type":2,"correlationId":"%1","payload":{"elementId":"%1\n",)"
                              R"("path":"%1\"x","headers":{"H":["%1%1\u00e9"]},)"
                              R"("body":"%2\u002B%2"}})")
                       .arg(a40, QString(100, u'Q'));
    QTest::newRow("escapes") << QStringLiteral(
            R"({"type":2,"correlationId":"c\"1","payload":{"elementId":"e\\1",)"
            R"("path":"caf\u00e9\ud83d\ude00\/\b\f\n\r\t","query":"","headers":)"
            R"({"Q":["say \"hi\""],"café":["x"]},)"
            R"("body":"aGk\u002B\u002F","isLastTry":false,"tryNumber":1}})");
    QTest::newRow("unknown members and spaces")
            << QStringLiteral(" {\n \"extra\" : [1, -2.5e+3, {\"a\": [true, false, null]}, \"s\"],"
                              "\t\"payload\" : { \"future\" : {\"x\":0}, \"elementId\" : \"e\" ,"
                              " \"body\" : null } , \"type\" : 2 , \"correlationId\" : null } \n");
    QTest::newRow("nulls") << QStringLiteral(
            R"({"type":2,"correlationId":"c","payload":{"elementId":"e",)"
            R"("method":null,"path":null,"query":null,"headers":{"A":null},)"
            R"("body":null,"isLastTry":null,"tryNumber":null}})");
    QTest::newRow("header as bare string")
            << QStringLiteral(R"({"type":2,"correlationId":"c","payload":{"elementId":"e",)"
                              R"("headers":{"A":"one"},"body":""}})");
    // Invalid JSON, but QJsonDocument takes it; so must the fast path.
    QTest::newRow("raw control character") << QStringLiteral(
            "{\"type\":2,\"payload\":{\"elementId\":\"e\x01\",\"path\":\"a\tb\"}}");
    QTest::newRow("event") << QStringLiteral(
            R"({"type":4,"correlationId":"0123456789abcdef","payload":{)"
            R"("eventName":"order-created","method":"POST","path":"hello",)"
            R"("query":"","headers":{"A":["b"]},"body":"cGF5bG9hZA=="}})");
    // The last of a member given twice counts, as in QJsonDocument, even when it is null.
    QTest::newRow("members twice") << QStringLiteral(
            R"({"type":4,"correlationId":"c","correlationId":null,"payload":{)"
            R"("eventName":"e","body":"QUJD","path":"p","body":null,"path":"q"}})");
    QTest::newRow("async members twice") << QStringLiteral(
            R"({"type":2,"correlationId":null,"correlationId":"c","payload":{"elementId":"e",)"
            R"("body":"QUJD","body":null,"headers":{"A":["x"]},"headers":null}})");
    // The payload read again once the type is known: the event's body must still point
    // into the message's text.
    QTest::newRow("event, payload before type") << QStringLiteral(
            R"({"payload":{"eventName":"e","body":"QUJD\u002BREVG"},"correlationId":"c",)"
            R"("type":4})");
    QTest::newRow("event, no body")
            << QStringLiteral(R"({"payload":{"eventName":"e","body":null},"type":4})");
}

void tst_Protocol::trafficFastPathMatchesGeneralDecoder()
{
    QFETCH(QString, text);
    const auto fast = decodeTrafficMessage(text);
    QVERIFY(fast);
    QString error;
    const auto envelope = decodeEnvelope(text.toUtf8(), &error);
    QVERIFY2(envelope, qPrintable(error));
    QCOMPARE(int(fast->type), envelope->type);
    QCOMPARE(fast->correlationId, envelope->correlationId);
    if (fast->type == MessageType::AsyncRequest) {
        const auto slow = parseAsyncRequest(envelope->payload, &error);
        QVERIFY2(slow, qPrintable(error));
        QCOMPARE(*fast->asyncRequest, *slow);
        QCOMPARE(fast->asyncRequest->hasBody(), slow->hasBody());
    } else {
        const auto slow = parsePublishEvent(envelope->payload, &error);
        QVERIFY2(slow, qPrintable(error));
        QCOMPARE(*fast->publishEvent, *slow);
        QCOMPARE(fast->publishEvent->hasBody(), slow->hasBody());
    }
}

// Anything invalid, and anything valid but unusual, is declined: the general decoder then
// accepts it or says what is wrong.
void tst_Protocol::trafficFastPathLeavesTheRestToTheGeneralDecoder_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid"); // what the general decoder makes of it
    const auto async = [](const char *payload) {
        return QStringLiteral(R"({"type":2,"correlationId":"c","payload":%1})")
                .arg(QString::fromUtf8(payload));
    };
    QTest::newRow("ping") << QStringLiteral(R"({"type":5,"correlationId":"p","payload":null})")
                          << true;
    QTest::newRow("unknown type") << QStringLiteral(R"({"type":9,"payload":{}})") << true;
    QTest::newRow("tryNumber 1.0") << async(R"({"elementId":"e","tryNumber":1.0})") << true;
    QTest::newRow("escaped key") << async(R"({"element\u0049d":"e"})") << true;
    QTest::newRow("no payload") << QStringLiteral(R"({"type":2,"correlationId":"c"})") << false;
    QTest::newRow("elementId missing") << async(R"({"method":"POST"})") << false;
    QTest::newRow("elementId empty") << async(R"({"elementId":""})") << false;
    QTest::newRow("elementId number") << async(R"({"elementId":7})") << false;
    QTest::newRow("bad base64") << async(R"({"elementId":"e","body":"@@"})") << false;
    QTest::newRow("header number") << async(R"({"elementId":"e","headers":{"a":[1]}})") << false;
    QTest::newRow("payload array") << async(R"([])") << false;
    QTest::newRow("event without name") << QStringLiteral(R"({"type":4,"payload":{}})") << false;
    QTest::newRow("missing comma")
            << QStringLiteral(R"({"type":2 "payload":{"elementId":"e"}})") << false;
    QTest::newRow("trailing comma") << async(R"({"elementId":"e",})") << false;
    QTest::newRow("leading zero") << async(R"({"elementId":"e","x":01})") << false;
    QTest::newRow("trailing garbage")
            << async(R"({"elementId":"e"})") + QStringLiteral("x") << false;
    QTest::newRow("truncated") << async(R"({"elementId":"e")") << false;
}

void tst_Protocol::trafficFastPathLeavesTheRestToTheGeneralDecoder()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QVERIFY(!decodeTrafficMessage(text));
    bool decoded = false;
    if (const auto envelope = decodeEnvelope(text.toUtf8())) {
        if (envelope->type == int(MessageType::AsyncRequest))
            decoded = bool(parseAsyncRequest(envelope->payload));
        else if (envelope->type == int(MessageType::PublishEvent))
            decoded = bool(parsePublishEvent(envelope->payload));
        else
            decoded = true;
    }
    QCOMPARE(decoded, valid);
}

// The fast path decodes base64 itself: it must accept and refuse exactly what
// QByteArray::fromBase64Encoding() does for the general decoder.
// Requests keep sharing a lone header value with the one before (memory per pending
// request); the values read must still be each message's own.
void tst_Protocol::trafficFastPathSharesRepeatedHeaderValues()
{
    const QString longValue(200, u'v');
    const QStringList headerJson{
        QStringLiteral(R"({"A":["x"]})"),
        QStringLiteral(R"({"A":["x"]})"),
        QStringLiteral(R"({"A":["y"],"B":["x"]})"),
        QStringLiteral(R"({"A":"x"})"),
        QStringLiteral(R"({"A":["x","y"]})"),
        QStringLiteral(R"({"A":["x"]})"),
        QStringLiteral(R"({"A":["x\"q"]})"),
        QStringLiteral(R"({"A":["x"]})"),
        QStringLiteral(R"({"A":["%1"]})").arg(longValue),
        QStringLiteral(R"({"A":["%1"],"B":[]})").arg(longValue), // not the same text
        QStringLiteral(R"({"A":[]})"),
        QStringLiteral(R"({"a":["x"]})"),
        QStringLiteral(R"({"A":null})"),
        // Names are expected in the last message's order: other orders, fewer, more, and
        // more than are remembered.
        QStringLiteral(R"({"X-Id":["1"],"A":["x"]})"),
        QStringLiteral(R"({"X-Id":["2"],"A":["x"]})"),
        QStringLiteral(R"({"A":["x"],"X-Id":["3"],"C":["2"]})"),
        QStringLiteral(R"({"C":["2"]})"),
        QStringLiteral(R"({"c":["2"],"x-id":["4"]})"),
        QStringLiteral(R"({"h1":[],"h2":[],"h3":[],"h4":[],"h5":[],"h6":[],"h7":[],"h8":[],)"
                       R"("h9":[],"h10":[]})"),
        QStringLiteral(R"({"h1":[],"h2":[],"h3":[],"h4":[],"h5":[],"h6":[],"h7":[],"h8":[],)"
                       R"("h9":[],"h10":[]})"),
        // Headers that read the same as the last message's are taken from it: the same text,
        // then one that differs only late, by a space, or by what follows.
        QStringLiteral(R"({"A":["x"],"B":["y"]})"),
        QStringLiteral(R"({"A":["x"],"B":["y"]})"),
        QStringLiteral(R"({"A":["x"],"B":["z"]})"),
        QStringLiteral(R"({"A":["x"], "B":["z"]})"),
        QStringLiteral(R"({"A":["x"], "B":["z"],"C":[]})"),
        QStringLiteral(R"({"A":["x"], "B":["z"]} )"),
        QStringLiteral(R"(null)"),
        QStringLiteral(R"(null)"),
        QStringLiteral(R"({"A":["x"], "B":["z"]} )"),
    };
    QList<SlimFaasAsyncRequest> decoded;
    for (const QString &headers : headerJson) {
        const QString text = QStringLiteral(R"({"type":2,"correlationId":"c","payload":{)"
                                            R"("elementId":"e","headers":%1,"body":""}})")
                                     .arg(headers);
        const auto fast = decodeTrafficMessage(text);
        QVERIFY2(fast, qPrintable(text));
        const auto slow = parseAsyncRequest(decodeEnvelope(text.toUtf8())->payload);
        QVERIFY2(slow, qPrintable(text));
        QCOMPARE(fast->asyncRequest->headers(), slow->headers());
        // The spelling too (QJsonObject sorts the names: so are both lists here).
        QStringList fastNames = fast->asyncRequest->headers().keys();
        QStringList slowNames = slow->headers().keys();
        fastNames.sort();
        slowNames.sort();
        QCOMPARE(fastNames, slowNames);
        decoded.append(*fast->asyncRequest);
    }
    // The second request holds the first one's list, not a copy; long values are not kept.
    const auto list = [&](int i) {
        return decoded.at(i).headers().value(QStringLiteral("A"));
    };
    QVERIFY(list(0).constData() == list(1).constData());
    QVERIFY(list(8).constData() != list(9).constData());
    QCOMPARE(list(8), list(9));
    // A name that is not one of the common ones is shared with the last message's too.
    const auto name = [&](int i, int at) {
        return decoded.at(i).headers().keys().at(at);
    };
    QCOMPARE(name(14, 0), QStringLiteral("X-Id"));
    QVERIFY(name(13, 0).constData() == name(14, 0).constData());
    QVERIFY(name(18, 9).constData() == name(19, 9).constData());
    QVERIFY(decoded.at(20).headers().value(QStringLiteral("B")).constData()
            == decoded.at(21).headers().value(QStringLiteral("B")).constData());
}

// A request that reads as the last one but for its ids and body is taken from it: every
// message that differs from the last one elsewhere, or in a way its ids and body cannot,
// must still read as the general decoder reads it.
void tst_Protocol::trafficFastPathReadsLikeTheLastRequest()
{
    const auto request = [](const QString &correlationId, const QString &elementId,
                            const QString &body, const QString &tail = QString()) {
        return QStringLiteral(R"({"type":2,"correlationId":"%1","payload":{"elementId":"%2",)"
                              R"("method":"POST","path":"p/q","query":"?a=1","headers":)"
                              R"({"Content-Type":["text/plain"],"X":["1","2"]},"body":%3,)"
                              R"("isLastTry":false,"tryNumber":1%4}})")
                .arg(correlationId, elementId, body, tail);
    };
    const QString id1 = QStringLiteral("0b5e3a52-4b1c-4a8e-9f6e-2f1d1c0a9b01");
    const QString id2 = QStringLiteral("7c2d9e10-aa3b-4c5d-8e7f-0123456789ab");
    struct Case
    {
        QString text;
        bool decoded; // by the fast path (the general decoder says the same of the others)
    };
    const QString body = QStringLiteral(R"("QUJD")");
    // The message for id2 with `from` replaced by `to`.
    const auto edited = [&](const QString &from, const QString &to) {
        return request(id2, id2, body).replace(from, to);
    };
    const QList<Case> cases{
        { request(id1, id1, body), true },
        { request(id2, id2, body), true },
        { request(id1, id1, QStringLiteral(R"("eyJ4IjoxfQ==")")), true },
        { request(id2, id2, QStringLiteral(R"("QUJD\u002BREVG")")), true },
        { request(QStringLiteral("c"), id1, QStringLiteral(R"("")")), true },
        { request(id2, QStringLiteral("e"), QStringLiteral(R"("QQ==")")), true },
        // Escapes in the ids, and characters the ids cannot hold unescaped.
        { request(QStringLiteral(R"(c\"1)"), id1, body), true },
        { request(id1, QStringLiteral(R"(e\\1)"), body), true },
        { request(id1, QStringLiteral(R"(e\u00e9)"), body), true },
        { request(id1, QStringLiteral("e\x01"), body), true },
        { request(id2, QString(), body), false },
        { request(id1, id1, body), true },
        // The body: invalid, escaped otherwise, null, not a string.
        { request(id1, id1, QStringLiteral(R"("@@")")), false },
        { request(id1, id1, QStringLiteral(R"("QQ=")")), false },
        { request(id1, id1, QStringLiteral(R"("QU\nJD")")), false },
        { request(id2, id2, body), true },
        { request(id1, id1, QStringLiteral("null")), true },
        { request(id2, id2, QStringLiteral("null")), true },
        { request(id2, id2, body), true },
        { request(id1, id1, QStringLiteral(R"("QUJD","body":null)")), true },
        { request(id2, id2, QStringLiteral(R"("QUJD","body":null)")), true },
        { request(id2, id2, QStringLiteral(R"(null,"body":"QUJD")")), true },
        { request(id1, id1, QStringLiteral(R"(null,"body":"QUJD")")), true },
        { request(id1, id1, QStringLiteral(R"(null,"body":"@@")")), false },
        { request(id2, id2, body), true },
        { request(id1, id1, QStringLiteral("7")), false },
        // What lies between and after them.
        { request(id2, id2, body, QStringLiteral(R"(,"x":1)")), true },
        { request(id1, id1, body), true },
        { edited(QStringLiteral(R"("tryNumber":1)"), QStringLiteral(R"("tryNumber":2)")), true },
        { request(id1, id1, body), true },
        { edited(QStringLiteral("p/q"), QStringLiteral("p/r")), true },
        { request(id1, id1, body), true },
        { edited(QStringLiteral(R"("1",)"), QStringLiteral(R"("1", )")), true },
        { request(id1, id1, body), true },
        { edited(QStringLiteral(R"("body":)"), QStringLiteral(R"("body": )")), true },
        { request(id1, id1, body), true },
        { edited(QStringLiteral(R"("correlationId":)"), QStringLiteral(R"("correlationId": )")),
          true },
        { request(id1, id1, body), true },
        { request(id1, id1, body) + u' ', true },
        { request(id1, id1, body) + u'x', false },
        { request(id1, id1, body).chopped(1), false },
        { request(id1, id1, body).chopped(3), false },
        { request(id1, id1, body), true },
        { edited(QStringLiteral(R"("type":2)"), QStringLiteral(R"("type":4)")), false },
        { request(id1, id1, body), true },
        { edited(QStringLiteral(R"("type":2)"), QStringLiteral(R"("type":4)"))
                  .replace(QStringLiteral(R"("elementId")"), QStringLiteral(R"("eventName")")),
          true },
        { request(id2, id2, body), true },
    };
    for (const Case &c : cases) {
        const auto fast = decodeTrafficMessage(c.text);
        QVERIFY2(bool(fast) == c.decoded, qPrintable(c.text));
        const auto envelope = decodeEnvelope(c.text.toUtf8());
        const auto slow = envelope && envelope->type == int(MessageType::AsyncRequest)
                ? parseAsyncRequest(envelope->payload)
                : std::nullopt;
        if (!fast) {
            QVERIFY2(!slow, qPrintable(c.text));
            continue;
        }
        QVERIFY2(envelope, qPrintable(c.text));
        QCOMPARE(int(fast->type), envelope->type);
        QCOMPARE(fast->correlationId, envelope->correlationId);
        if (fast->type != MessageType::AsyncRequest)
            continue;
        QVERIFY2(slow, qPrintable(c.text));
        QCOMPARE(*fast->asyncRequest, *slow);
        QCOMPARE(fast->asyncRequest->hasBody(), slow->hasBody());
    }
}

void tst_Protocol::trafficFastPathDecodesBase64AsQt()
{
    // Pieces of a body as it appears in the JSON text: digits, padding, characters base64
    // refuses, and escapes: those System.Text.Json writes for digits ('+' always) and others.
    const QStringList pieces{
        QStringLiteral("A"),       QStringLiteral("Q"),       QStringLiteral("g"),
        QStringLiteral("w"),       QStringLiteral("9"),       QStringLiteral("+"),
        QStringLiteral("/"),       QStringLiteral("="),       QStringLiteral("@"),
        QStringLiteral("-"),       QStringLiteral(" "),       QStringLiteral("\u00e9"),
        QStringLiteral("\u0141"),  QStringLiteral("\uff21"),  QStringLiteral("\\u002B"),
        QStringLiteral("\\u002b"), QStringLiteral("\\u002F"), QStringLiteral("\\/"),
        QStringLiteral("\\u0041"), QStringLiteral("\\\\")
    };
    QRandomGenerator random(11); // fixed: the same cases on every run
    QStringList bodies{ QString(),
                        QStringLiteral("QQ=="),
                        QStringLiteral("QUI="),
                        QStringLiteral("QQ"),
                        QStringLiteral("QQ=Q"),
                        QStringLiteral("Q==="),
                        QStringLiteral("QQ==QQ=="),
                        QStringLiteral("="),
                        QStringLiteral("QUJD\\u002BRE\\/G\\u002F=="),
                        QString(300, u'Q') + QStringLiteral("\\u002B=") };
    for (int i = 0; i < 3000; ++i) {
        QString body;
        // Short ones for the rules at the end of a body; long ones (eight characters per
        // step in the scan) with a stray character anywhere.
        const int length = i % 3 == 0 ? random.bounded(60) : random.bounded(13);
        for (int j = 0; j < length; ++j) {
            // Mostly plain digits, so that long bodies are often valid.
            const int piece = random.bounded(4) == 0 ? random.bounded(int(pieces.size()))
                                                     : random.bounded(5);
            body.append(pieces.at(piece));
        }
        bodies.append(body);
    }
    int accepted = 0, refused = 0, acceptedLongEscaped = 0;
    for (const QString &body : std::as_const(bodies)) {
        if (decodeTrafficMessage(QStringLiteral(R"({"type":2,"payload":{"elementId":"e",)"
                                                R"("body":"%1"}})")
                                         .arg(body))) {
            ++accepted;
            acceptedLongEscaped += body.size() > 16 && body.contains(u'\\');
        } else {
            ++refused;
        }
        for (const int type : { 2, 4 }) {
            const QString text = QStringLiteral(R"({"type":%1,"correlationId":"c","payload":)"
                                                R"({"elementId":"e","eventName":"n",)"
                                                R"("body":"%2"}})")
                                         .arg(type)
                                         .arg(body);
            const auto fast = decodeTrafficMessage(text);
            const auto envelope = decodeEnvelope(text.toUtf8());
            QVERIFY2(envelope, qPrintable(text));
            if (type == 2) {
                const auto slow = parseAsyncRequest(envelope->payload);
                QVERIFY2(bool(fast) == bool(slow), qPrintable(body));
                if (fast)
                    QCOMPARE(fast->asyncRequest->body(), slow->body());
            } else {
                // An event's body is decoded only when asked for: here.
                const auto slow = parsePublishEvent(envelope->payload);
                QVERIFY2(bool(fast) == bool(slow), qPrintable(body));
                if (fast)
                    QCOMPARE(fast->publishEvent->body(), slow->body());
            }
        }
    }
    // Both sides of every rule were exercised, long escaped bodies included.
    QVERIFY2(accepted > 500 && refused > 500 && acceptedLongEscaped > 50,
             qPrintable(QStringLiteral("%1 accepted, %2 refused, %3 long escaped")
                                .arg(accepted)
                                .arg(refused)
                                .arg(acceptedLongEscaped)));
}

// An event's headers are only checked on arrival and built when asked for: what is
// accepted, and what is built, must be what the general decoder makes of them.
void tst_Protocol::eventHeadersMatchGeneralDecoder()
{
    const QStringList headerJson{
        QStringLiteral(R"({"A":["x"]})"),
        QStringLiteral(R"({"A":["y"],"B":["x","z"]})"),
        QStringLiteral(R"({"A":"x"})"),
        QStringLiteral(R"({"A":[]})"),
        QStringLiteral(R"({"A":null,"B":["1"]})"),
        QStringLiteral(R"({})"),
        QStringLiteral(R"(null)"),
        QStringLiteral(R"({"A":["x\"q","\u00e9"],"Content-Type":["a/b"]})"),
        QStringLiteral(R"({ "A" : [ "x" , "y" ] , "A" : "z" })"),
        // Declined by the fast path, and by the general decoder too, or not:
        QStringLiteral(R"({"A":[1]})"),
        QStringLiteral(R"({"A":["x",]})"),
        QStringLiteral(R"({"A":{"b":"c"}})"),
        QStringLiteral(R"(["A"])"),
        QStringLiteral(R"({"A\u0042":["x"]})"),
        QStringLiteral(R"("A")"),
    };
    for (const QString &headers : headerJson) {
        const QString text = QStringLiteral(R"({"type":4,"correlationId":"c","payload":{)"
                                            R"("eventName":"e","headers":%1,"body":"QUJD"}})")
                                     .arg(headers);
        const auto fast = decodeTrafficMessage(text);
        if (!fast)
            continue; // the general decoder answers, whatever it makes of it
        const auto envelope = decodeEnvelope(text.toUtf8());
        QVERIFY2(envelope, qPrintable(text));
        const auto slow = parsePublishEvent(envelope->payload);
        QVERIFY2(slow, qPrintable(text));
        QCOMPARE(fast->publishEvent->headers(), slow->headers());
        QCOMPARE(*fast->publishEvent, *slow);
    }
    // The declined ones are declined: an invalid value is never taken as headers.
    QVERIFY(!decodeTrafficMessage(QStringLiteral(
            R"({"type":4,"correlationId":"c","payload":{"eventName":"e","headers":{"A":[1]}}})")));
}

// An event keeps its body encoded until asked for: copies shared between threads may ask at
// once, and all get the same bytes (ThreadSanitizer runs this too, see .ci/sanitize).
void tst_Protocol::eventBodyDecodedOnceAcrossThreads()
{
    QByteArray binary(4096, Qt::Uninitialized);
    for (int i = 0; i < binary.size(); ++i)
        binary[i] = char((i * 7919) & 0xff);
    // As SlimFaas writes it: every '+' escaped.
    const QString base64
            = QString::fromLatin1(binary.toBase64()).replace(u'+', QStringLiteral("\\u002B"));
    const QString text = QStringLiteral(R"({"type":4,"correlationId":"c","payload":)"
                                        R"({"eventName":"n","body":"%1"}})")
                                 .arg(base64);
    for (int round = 0; round < 50; ++round) {
        const auto message = decodeTrafficMessage(text);
        QVERIFY(message && message->publishEvent);
        const SlimFaasPublishEvent event = *message->publishEvent;
        std::vector<QByteArray> seen(4);
        std::vector<std::thread> threads;
        for (int i = 0; i < 4; ++i) {
            threads.emplace_back([copy = event, &seen, i] { seen[i] = copy.body(); });
        }
        for (auto &thread : threads)
            thread.join();
        for (const QByteArray &body : seen)
            QCOMPARE(body, binary);
    }
    // A copy detached by a setter before anyone asked keeps the encoded body too.
    const SlimFaasPublishEvent original = *decodeTrafficMessage(text)->publishEvent;
    SlimFaasPublishEvent renamed = original;
    renamed.setEventName(QStringLiteral("m"));
    QCOMPARE(renamed.body(), binary);
    QCOMPARE(original.body(), binary);
}

void tst_Protocol::asyncCallbackTemplateMatchesEncoder_data()
{
    QTest::addColumn<QString>("elementId");
    QTest::addColumn<int>("statusCode");
    QTest::newRow("guid") << QStringLiteral("3f66bae6-ca8f-44b1-a77e-bf5355f0066e") << 200;
    QTest::newRow("retry") << QStringLiteral("e-1") << 503;
    QTest::newRow("needs escapes") << QStringLiteral("a\"b\\c\u00e9\n") << 202;
    // Each character on either side of what is written as it is, at every place of an id
    // long enough for the eight-character steps and the rest after them.
    const char16_t edges[] = { 0x1f, 0x20, u'"', u'\\', 0x7e, 0x7f, 0xe9, 0xffff };
    for (const char16_t edge : edges) {
        for (int at = 0; at < 21; ++at) {
            QString id(21, u'x');
            id[at] = QChar(edge);
            QTest::addRow("U+%04x at %d", unsigned(edge), at) << id << 200;
        }
    }
    // Not three digits: the general encoder writes those.
    QTest::newRow("two digits") << QStringLiteral("e-2") << 99;
    QTest::newRow("four digits") << QStringLiteral("e-3") << 1000;
    QTest::newRow("negative") << QStringLiteral("e-4") << -1;
}

void tst_Protocol::asyncCallbackTemplateMatchesEncoder()
{
    QFETCH(QString, elementId);
    QFETCH(int, statusCode);
    QCOMPARE(encodeAsyncCallback({ elementId, statusCode }),
             encodeEnvelope(MessageType::AsyncCallback, elementId,
                            asyncCallbackPayload({ elementId, statusCode })));
    QCOMPARE(encodeAsyncCallbackText({ elementId, statusCode }),
             QString::fromUtf8(encodeAsyncCallback({ elementId, statusCode })));
}

// The texts are written into one buffer and handed out shared: a text held while the next
// ones are written, longer, shorter, or too long to be kept, stays what it was.
void tst_Protocol::asyncCallbackTextsStayTheirOwn()
{
    const QList<AsyncCallback> callbacks{
        { QStringLiteral("3f66bae6-ca8f-44b1-a77e-bf5355f0066e"), 200 },
        { QStringLiteral("e-1"), 503 },
        { QString(300, u'x'), 202 },
        { QStringLiteral("7c2d9e10-aa3b-4c5d-8e7f-0123456789ab"), 201 },
        { QStringLiteral("needs \"escapes\""), 200 },
        { QStringLiteral("e-2"), 404 },
    };
    const auto expected = [](const AsyncCallback &callback) {
        return QString::fromUtf8(encodeEnvelope(MessageType::AsyncCallback, callback.elementId,
                                                asyncCallbackPayload(callback)));
    };
    QStringList held;
    for (const AsyncCallback &callback : callbacks) {
        held.append(encodeAsyncCallbackText(callback));
        QCOMPARE(held.constLast(), expected(callback));
        QCOMPARE(encodeAsyncCallbackText(callback), expected(callback)); // let go at once
    }
    for (qsizetype i = 0; i < callbacks.size(); ++i)
        QCOMPARE(held.at(i), expected(callbacks.at(i)));
}

// Every character below 0x80, the UTF-8 lengths, and the surrogates QJsonDocument escapes.
static QString awkwardText()
{
    QString text;
    for (char16_t c = 0; c < 0x80; ++c)
        text.append(QChar(c));
    text.append(QStringLiteral("\u00e9\u07ff\u0800\u20ac\uffff\U0001F600"));
    text.append(QChar(0xD800)).append(u'x').append(QChar(0xDC00)).append(QChar(0xDBFF));
    return text;
}

void tst_Protocol::directWritersMatchQJsonDocument_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<SlimFaasHeaders>("headers");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("hasBody");
    const SlimFaasHeaders some{ { QStringLiteral("b"), { QStringLiteral("1") } },
                                { QStringLiteral("Content-Type"), { QStringLiteral("x/y") } },
                                { QStringLiteral("aa"), { QStringLiteral("2"), QString() } },
                                { QStringLiteral("\uFFFD"), {} },
                                { QStringLiteral("\U0001F600"), { QStringLiteral("\u00e9") } },
                                { QStringLiteral("Ab"), { QStringLiteral("3") } },
                                { QStringLiteral("B2"), { awkwardText() } } };
    QTest::newRow("plain") << QStringLiteral("e-1") << SlimFaasHeaders{} << QByteArray("x") << true;
    QTest::newRow("no body") << QString() << SlimFaasHeaders{} << QByteArray() << false;
    QTest::newRow("empty body") << QStringLiteral("e") << some << QByteArray() << true;
    QTest::newRow("awkward") << awkwardText() << some << QByteArray(300, '\xff') << true;
    QTest::newRow("lone high at the end")
            << QString(QChar(0xD83D)) << some << QByteArray("b") << true;
    // Strings are written eight plain ASCII units at a time: one unit that is not, at every
    // place of the first two runs of eight, and in a header name and value.
    const QString plain = QStringLiteral("abcdefghijklmnopq");
    const QList<QString> odd{ QStringLiteral("\""),        QStringLiteral("\\"),
                              QStringLiteral("\n"),        QStringLiteral("\x1f"),
                              QStringLiteral("\x7f"),      QStringLiteral("\u00e9"),
                              QStringLiteral("\u8a9e"),    QString(QChar(0xDC00)),
                              QStringLiteral("\U0001F600") };
    for (qsizetype at = 0; at <= plain.size(); ++at) {
        for (qsizetype which = 0; which < odd.size(); ++which) {
            const QString text = QString(plain).insert(at, odd.at(which));
            QTest::addRow("unit %lld at %lld", qlonglong(which), qlonglong(at))
                    << text << SlimFaasHeaders{ { text, { text, plain } } } << QByteArray("b")
                    << true;
        }
    }
}

void tst_Protocol::directWritersMatchQJsonDocument()
{
    QFETCH(QString, text);
    QFETCH(SlimFaasHeaders, headers);
    QFETCH(QByteArray, body);
    QFETCH(bool, hasBody);
    SlimFaasAsyncRequest request;
    request.setElementId(text);
    request.setMethod(text);
    request.setPath(text);
    request.setQuery(text);
    request.setHeaders(headers);
    if (hasBody)
        request.setBody(body);
    request.setTryNumber(3);
    request.setLastTry(true);
    QCOMPARE(encodeAsyncRequest(text, request),
             encodeEnvelope(MessageType::AsyncRequest, text, asyncRequestPayload(request)));
    request.setLastTry(false);
    QCOMPARE(encodeAsyncRequest(QStringLiteral("c"), request),
             encodeEnvelope(MessageType::AsyncRequest, QStringLiteral("c"),
                            asyncRequestPayload(request)));

    const SyncRequestHead head{ text, text, text, headers };
    const QByteArray general = QJsonDocument(QJsonObject{ { QLatin1String("method"), head.method },
                                                          { QLatin1String("path"), head.path },
                                                          { QLatin1String("query"), head.query },
                                                          { QLatin1String("headers"),
                                                            headersToJson(head.headers) } })
                                       .toJson(QJsonDocument::Compact);
    QCOMPARE(encodeSyncRequestHead(head), general);

    for (const int status : { 200, 404, 599, 0, -1 }) {
        const SyncResponseHead response{ status, headers };
        QCOMPARE(encodeSyncResponseHead(response),
                 QJsonDocument(QJsonObject{ { QLatin1String("statusCode"), status },
                                            { QLatin1String("headers"), headersToJson(headers) } })
                         .toJson(QJsonDocument::Compact));
    }
}

void tst_Protocol::registerResponseParsing()
{
    const auto ok = parseRegisterResponse(parse(
            R"({"success":true,"error":null,"connectionId":"0123456789abcdef0123456789abcdef"})"));
    QVERIFY(ok);
    QVERIFY(ok->success);
    QCOMPARE(ok->connectionId.size(), 32);
    const auto refused
            = parseRegisterResponse(parse(R"({"success":false,"error":"no","connectionId":""})"));
    QVERIFY(refused);
    QVERIFY(!refused->success);
    QCOMPARE(refused->error, QStringLiteral("no"));
    QVERIFY(!parseRegisterResponse(parse(R"({"success":"true"})")));
    QVERIFY(!parseRegisterResponse(QJsonValue::Null));
}

void tst_Protocol::headersAcceptSingleStringAndRejectOthers()
{
    const auto headers = headersFromJson(parse(R"({"A":"x","B":["1","2"],"C":[]})"));
    QVERIFY(headers);
    QCOMPARE(headers->value(QStringLiteral("A")), QStringList{ QStringLiteral("x") });
    QCOMPARE(headers->value(QStringLiteral("B")),
             (QStringList{ QStringLiteral("1"), QStringLiteral("2") }));
    QVERIFY(headers->value(QStringLiteral("C")).isEmpty());
    QVERIFY(!headersFromJson(parse(R"({"A":{}})")));
    QVERIFY(!headersFromJson(QJsonValue(3)));
}

void tst_Protocol::frameRoundTrip_data()
{
    QTest::addColumn<int>("type");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<int>("flags");
    QTest::newRow("start") << int(MessageType::SyncRequestStart)
                           << QByteArray("{\"method\":\"GET\"}") << 0;
    QTest::newRow("chunk") << int(MessageType::SyncResponseChunk) << QByteArray(32 * 1024, 'x')
                           << 0;
    QTest::newRow("end") << int(MessageType::SyncResponseEnd) << QByteArray()
                         << int(FrameFlagEndOfStream);
    QTest::newRow("cancel") << int(MessageType::SyncCancel) << QByteArray() << 0;
}

void tst_Protocol::frameRoundTrip()
{
    QFETCH(int, type);
    QFETCH(QByteArray, payload);
    QFETCH(int, flags);
    const QString id = newCorrelationId();
    QCOMPARE(id.size(), 36);
    const QByteArray frame = encodeFrame(MessageType(type), id, payload, quint8(flags));
    QCOMPARE(frame.size(), FrameHeaderSize + payload.size());
    bool mismatch = true;
    const auto decoded = decodeFrame(frame, nullptr, &mismatch);
    QVERIFY(decoded);
    QVERIFY(!mismatch);
    QCOMPARE(int(decoded->type), type);
    QCOMPARE(decoded->correlationId, id);
    QCOMPARE(int(decoded->flags), flags);
    QCOMPARE(decoded->payload, payload);
    QCOMPARE(decoded->isEndOfStream(), bool(flags & FrameFlagEndOfStream));
}

void tst_Protocol::frameHeaderLayout()
{
    const QByteArray frame = encodeFrame(MessageType::SyncResponseChunk, QStringLiteral("short-id"),
                                         QByteArray(0x010203, 'a'), 0x01);
    QCOMPARE(quint8(frame.at(0)), quint8(0x21));
    QCOMPARE(frame.mid(1, 36), QByteArray("short-id").leftJustified(36, ' '));
    QCOMPARE(quint8(frame.at(37)), quint8(0x01));
    QCOMPARE(frame.mid(38, 4), QByteArray::fromHex("00010203")); // big-endian
    const auto decoded = decodeFrame(frame);
    QVERIFY(decoded);
    QCOMPARE(decoded->correlationId, QStringLiteral("short-id"));
}

void tst_Protocol::frameTooShort()
{
    QString error;
    QVERIFY(!decodeFrame(QByteArray(41, '\0'), &error));
    QVERIFY(error.contains(QLatin1String("41")));
    QVERIFY(!decodeFrame(QByteArray(), &error));
    QVERIFY(decodeFrame(QByteArray(42, '\0'))); // a bare header is a valid (empty) frame
}

void tst_Protocol::frameLengthMismatchUsesSmaller()
{
    QByteArray frame = encodeFrame(MessageType::SyncRequestChunk, newCorrelationId(), "abcdef");
    // Declared 100, real 6: use 6.
    frame[41] = char(100);
    bool mismatch = false;
    auto decoded = decodeFrame(frame, nullptr, &mismatch);
    QVERIFY(decoded);
    QVERIFY(mismatch);
    QCOMPARE(decoded->payload, QByteArray("abcdef"));
    // Declared 2, real 6: use 2.
    frame[41] = char(2);
    decoded = decodeFrame(frame, nullptr, &mismatch);
    QVERIFY(decoded);
    QVERIFY(mismatch);
    QCOMPARE(decoded->payload, QByteArray("ab"));
    // Declared 4 GiB - 1 with no payload: no overflow, empty payload.
    frame = encodeFrame(MessageType::SyncRequestChunk, newCorrelationId());
    frame[38] = frame[39] = frame[40] = frame[41] = char(0xff);
    decoded = decodeFrame(frame, nullptr, &mismatch);
    QVERIFY(decoded);
    QVERIFY(decoded->payload.isEmpty());
}

void tst_Protocol::syncHeads()
{
    SyncRequestHead request;
    request.method = QStringLiteral("POST");
    request.path = QStringLiteral("echo");
    request.query = QStringLiteral("?x=1");
    request.headers = { { QStringLiteral("X-A"), { QStringLiteral("1"), QStringLiteral("2") } } };
    const auto decodedRequest = decodeSyncRequestHead(encodeSyncRequestHead(request));
    QVERIFY(decodedRequest);
    QCOMPARE(decodedRequest->method, request.method);
    QCOMPARE(decodedRequest->path, request.path);
    QCOMPARE(decodedRequest->query, request.query);
    QCOMPARE(decodedRequest->headers, request.headers);

    SyncResponseHead response;
    response.statusCode = 201;
    response.headers = { { QStringLiteral("Content-Type"), { QStringLiteral("text/plain") } } };
    const auto decodedResponse = decodeSyncResponseHead(encodeSyncResponseHead(response));
    QVERIFY(decodedResponse);
    QCOMPARE(decodedResponse->statusCode, 201);
    QCOMPARE(decodedResponse->headers, response.headers);

    // The one-pass reader and QJsonDocument agree on every head, usual or not.
    const QList<QByteArray> heads{
        R"({"method":"GET","path":"a","query":"","headers":{}})",
        R"({"headers":{"A":["1","2"],"B":"x"},"method":"PUT","path":"a/b","query":"?q=\u0041"})",
        R"( { "method" : "GET" , "x" : [1, {"y": null}] } )",
        R"({"method":null,"path":null,"query":null,"headers":null})",
        R"({"method":"GET","method":"POST"})",
        R"({"method":1})",
        R"({"headers":{"A":[1]}})",
        R"({"path":"caf\u00e9 \"q\""})",
        R"({"method":"GET"} trailing)",
        R"({"method":"GET")",
        R"([])",
        R"({})",
        "{\"path\":\"\xc3\xa9\"}",
    };
    for (const QByteArray &json : heads) {
        const auto decoded = decodeSyncRequestHead(json);
        QString slowError;
        // What the general decoder makes of it, written out with QJsonDocument.
        const auto reference = [&]() -> std::optional<SyncRequestHead> {
            const QJsonDocument document = QJsonDocument::fromJson(json);
            if (!document.isObject())
                return std::nullopt;
            const QJsonObject o = document.object();
            SyncRequestHead head;
            for (const auto &[key, target] :
                 { std::pair{ QStringLiteral("method"), &head.method },
                   std::pair{ QStringLiteral("path"), &head.path },
                   std::pair{ QStringLiteral("query"), &head.query } }) {
                const QJsonValue value = o.value(key);
                if (value.isString())
                    *target = value.toString();
                else if (!value.isNull() && !value.isUndefined())
                    return std::nullopt;
            }
            const QJsonValue headerValue = o.value(QStringLiteral("headers"));
            if (!headerValue.isNull() && !headerValue.isUndefined()) {
                const auto parsed = headersFromJson(headerValue, &slowError);
                if (!parsed)
                    return std::nullopt;
                head.headers = *parsed;
            }
            return head;
        }();
        QVERIFY2(bool(decoded) == bool(reference), json.constData());
        if (decoded) {
            QCOMPARE(decoded->method, reference->method);
            QCOMPARE(decoded->path, reference->path);
            QCOMPARE(decoded->query, reference->query);
            QCOMPARE(decoded->headers, reference->headers);
        }
    }

    QString error;
    QVERIFY(!decodeSyncRequestHead("{not json", &error));
    QVERIFY(!decodeSyncResponseHead(R"({"statusCode":"200"})", &error));
}

void tst_Protocol::hugeNumbersAreRejected_data()
{
    QTest::addColumn<QByteArray>("number");
    QTest::newRow("1e300") << QByteArray("1e300");
    QTest::newRow("-1e300") << QByteArray("-1e300");
    QTest::newRow("2^63") << QByteArray("9223372036854775808");
    QTest::newRow("INT_MAX + 1") << QByteArray("2147483648");
}

// Found by fuzz/fuzz_envelope and fuzz_frame: an integer field holding a number no integer
// type can hold was converted before its range was checked (undefined behaviour).
void tst_Protocol::hugeNumbersAreRejected()
{
    QFETCH(QByteArray, number);
    QString error;
    QVERIFY(!SlimFaasProtocol::decodeEnvelope(
            "{\"type\":" + number + ",\"correlationId\":\"c\",\"payload\":null}", &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(!SlimFaasProtocol::decodeSyncResponseHead("{\"statusCode\":" + number
                                                      + ",\"headers\":{}}"));
}

QTEST_GUILESS_MAIN(tst_Protocol)
#include "tst_protocol.moc"
