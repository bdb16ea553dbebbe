// SPDX-License-Identifier: MIT
#include <echohandler.h>
#include <scriptedpeer.h>
#include <slimfaasclient.h>
#include <testpattern.h>

#include <QtCore/qelapsedtimer.h>
#include <QtCore/qloggingcategory.h>
#include <QtCore/qpointer.h>
#include <QtCore/qregularexpression.h>
#include <QtCore/qscopedpointer.h>
#include <QtCore/qset.h>
#include <QtCore/qthread.h>
#include <QtCore/qtimer.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

#include <stdexcept>

using SlimFaasProtocol::MessageType;

// Sync streaming against the scripted peer, which plays SlimFaas frame by frame.
class tst_SyncRequest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void echoRoundTrip_data();
    void echoRoundTrip();
    void getWithoutBody();
    void statusCodesAndMultiValueHeaders_data();
    void statusCodesAndMultiValueHeaders();
    void finishWithoutStartAnswers200();
    void largeWritesAreCutIntoBoundedFrames();
    void bodyIsReadableAsItArrives();
    void responseStreamsBeforeHandlerFinishes();
    void writeHandsTheFrameToTheSocketAtOnce_data();
    void writeHandsTheFrameToTheSocketAtOnce();
    void unhandledRequestGets500();
    void throwingHandlerGets500();
    void serverCancelMidBody();
    void serverCancelMidResponse();
    void connectionDropMidStream();
    void applicationCancel();
    void writesAfterEndAreRefused();
    void backPressureBoundsQueuedBytes();
    void concurrentSyncAndAsync();
    void badFramesAreIgnored();

    // Lifetime: the application owns the request, as a QNetworkReply.
    void deletingOpenRequestCancelsIt();
    void deletingInsideHandlerIsSafe();
    void deletingAfterRespondStillDelivers();
    void deleteLaterAfterRespondDelivers();
    void requestOutlivesItsEndForSignalSpy();
    void unofferedRequestsAreFreedByTheClient();
    void remainingRequestsGoWithTheClient();
    // Threads
    void queuedReceiverAnswersFromItsThread();
    void writesFromAnotherThreadKeepTheirOrder();
    void readingFromAnotherThreadIsRefused();
    // QIODevice
    void closeFinishesTheResponse();
    void readBufferSizePacesDelivery();
    void waitFunctionsAreUnsupported();
    void oneLoggingRuleCoversTheLibrary();

private:
    struct Response
    {
        int status = 0;
        SlimFaasHeaders headers;
        QByteArray body;
        int chunkFrames = 0;
        int largestChunk = 0;
        bool ended = false;
        bool cancelled = false;
    };

    SlimFaasClient *readyClient();
    QString sendStart(const QString &method, const QString &path = QStringLiteral("echo"),
                      const SlimFaasHeaders &headers = {}, const QString &id = {});
    void sendBody(const QString &id, const QByteArray &body, bool end = true);
    Response response(const QString &id) const;

    ScriptedPeer *peer = nullptr;
    SlimFaasClient *client = nullptr;
};

void tst_SyncRequest::init()
{
    peer = new ScriptedPeer(this);
    QVERIFY(peer->listen());
}

void tst_SyncRequest::cleanup()
{
    delete client;
    client = nullptr;
    delete peer;
    peer = nullptr;
}

SlimFaasClient *tst_SyncRequest::readyClient()
{
    client = new SlimFaasClient(peer->url(), SlimFaasFunctionConfig(QStringLiteral("sync")));
    client->setPingInterval(0);
    client->setMinimumReconnectDelay(50);
    client->setMaximumReconnectDelay(200);
    client->open();
    if (!client->waitForReady(5000))
        qWarning("client not ready");
    return client;
}

QString tst_SyncRequest::sendStart(const QString &method, const QString &path,
                                   const SlimFaasHeaders &headers, const QString &givenId)
{
    const QString id = givenId.isEmpty() ? SlimFaasProtocol::newCorrelationId() : givenId;
    SlimFaasProtocol::SyncRequestHead head;
    head.method = method;
    head.path = path;
    head.query = QStringLiteral("?q=1");
    head.headers = headers;
    peer->sendBinary(SlimFaasProtocol::encodeFrame(MessageType::SyncRequestStart, id,
                                                   SlimFaasProtocol::encodeSyncRequestHead(head)));
    return id;
}

void tst_SyncRequest::sendBody(const QString &id, const QByteArray &body, bool end)
{
    for (qsizetype offset = 0; offset < body.size(); offset += SlimFaasProtocol::ServerChunkSize)
        peer->sendBinary(
                SlimFaasProtocol::encodeFrame(MessageType::SyncRequestChunk, id,
                                              body.mid(offset, SlimFaasProtocol::ServerChunkSize)));
    if (end)
        peer->sendBinary(SlimFaasProtocol::encodeFrame(MessageType::SyncRequestEnd, id, {},
                                                       SlimFaasProtocol::FrameFlagEndOfStream));
}

tst_SyncRequest::Response tst_SyncRequest::response(const QString &id) const
{
    Response r;
    for (const ScriptedPeer::Message &message : peer->received()) {
        if (!message.binary)
            continue;
        const auto frame = SlimFaasProtocol::decodeFrame(message.data);
        if (!frame || frame->correlationId != id)
            continue;
        switch (frame->type) {
        case MessageType::SyncResponseStart:
            if (const auto head = SlimFaasProtocol::decodeSyncResponseHead(frame->payload)) {
                r.status = head->statusCode;
                r.headers = head->headers;
            }
            break;
        case MessageType::SyncResponseChunk:
            r.body += frame->payload;
            ++r.chunkFrames;
            r.largestChunk = qMax(r.largestChunk, int(frame->payload.size()));
            break;
        case MessageType::SyncResponseEnd:
            r.ended = frame->isEndOfStream();
            break;
        case MessageType::SyncCancel:
            r.cancelled = true;
            break;
        default:
            break;
        }
    }
    return r;
}

void tst_SyncRequest::echoRoundTrip_data()
{
    QTest::addColumn<qsizetype>("size");
    for (qsizetype size :
         { qsizetype(0), qsizetype(1), qsizetype(32 * 1024 - 1), qsizetype(32 * 1024),
           qsizetype(32 * 1024 + 1), qsizetype(8 * 1024 * 1024) })
        QTest::addRow("%lld bytes", qlonglong(size)) << size;
}

void tst_SyncRequest::echoRoundTrip()
{
    QFETCH(qsizetype, size);
    readyClient()->setSyncRequestHandler(echoHandler);
    const QByteArray body = pattern(size);
    const QString id = sendStart(
            QStringLiteral("POST"), QStringLiteral("echo"),
            { { QStringLiteral("Content-Type"), { QStringLiteral("application/octet-stream") } } });
    sendBody(id, body);
    QTRY_VERIFY_WITH_TIMEOUT(response(id).ended, 20000);
    const Response r = response(id);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.headers.value(QStringLiteral("Content-Type")),
             QStringList{ QStringLiteral("application/octet-stream") });
    QCOMPARE(r.body.size(), body.size());
    QVERIFY(r.body == body);
    QVERIFY(!r.cancelled);
    QTRY_COMPARE(client->openSyncRequestCount(), 0); // freed once finished
}

void tst_SyncRequest::getWithoutBody()
{
    SlimFaasSyncRequest *seen = nullptr;
    readyClient()->setSyncRequestHandler([&seen](SlimFaasSyncRequest *request) {
        seen = request;
        QCOMPARE(request->method(), QStringLiteral("GET"));
        QCOMPARE(request->path(), QStringLiteral("items/42"));
        QCOMPARE(request->query(), QStringLiteral("?q=1"));
        connect(request, &SlimFaasSyncRequest::requestBodyFinished, request, [request] {
            QVERIFY(request->readAll().isEmpty());
            request->respond(200, {}, "item 42");
        });
    });
    const QString id = sendStart(QStringLiteral("GET"), QStringLiteral("items/42"));
    sendBody(id, {}); // Start directly followed by End
    QTRY_VERIFY(response(id).ended);
    QVERIFY(seen);
    QCOMPARE(response(id).body, QByteArray("item 42"));
}

void tst_SyncRequest::statusCodesAndMultiValueHeaders_data()
{
    QTest::addColumn<int>("status");
    for (int status : { 200, 201, 404, 500 })
        QTest::addRow("%d", status) << status;
}

void tst_SyncRequest::statusCodesAndMultiValueHeaders()
{
    QFETCH(int, status);
    SlimFaasHeaders received;
    readyClient()->setSyncRequestHandler([&](SlimFaasSyncRequest *request) {
        received = request->headers();
        request->respond(status,
                         { { QStringLiteral("Set-Cookie"),
                             { QStringLiteral("a=1"), QStringLiteral("b=2") } },
                           { QStringLiteral("X-Single"), { QStringLiteral("s") } } },
                         "body");
    });
    const SlimFaasHeaders sent{ { QStringLiteral("Accept"),
                                  { QStringLiteral("text/plain"),
                                    QStringLiteral("application/json") } } };
    const QString id = sendStart(QStringLiteral("POST"), QStringLiteral("status"), sent);
    sendBody(id, "x");
    QTRY_VERIFY(response(id).ended);
    QCOMPARE(received, sent);
    const Response r = response(id);
    QCOMPARE(r.status, status);
    QCOMPARE(r.headers.value(QStringLiteral("Set-Cookie")),
             (QStringList{ QStringLiteral("a=1"), QStringLiteral("b=2") }));
    QCOMPARE(r.body, QByteArray("body"));
}

void tst_SyncRequest::finishWithoutStartAnswers200()
{
    readyClient()->setSyncRequestHandler([](SlimFaasSyncRequest *request) { request->finish(); });
    const QString id = sendStart(QStringLiteral("DELETE"));
    sendBody(id, {});
    QTRY_VERIFY(response(id).ended);
    QCOMPARE(response(id).status, 200);
    QVERIFY(response(id).headers.isEmpty());
    QVERIFY(response(id).body.isEmpty());
}

void tst_SyncRequest::largeWritesAreCutIntoBoundedFrames()
{
    const QByteArray big = pattern(1024 * 1024 + 7);
    readyClient()->setSyncRequestHandler(
            [&big](SlimFaasSyncRequest *request) { request->respond(200, {}, big); });
    const QString id = sendStart(QStringLiteral("GET"));
    sendBody(id, {});
    QTRY_VERIFY_WITH_TIMEOUT(response(id).ended, 10000);
    const Response r = response(id);
    QVERIFY(r.body == big);
    QVERIFY(r.largestChunk <= SlimFaasSyncRequest::MaxFrameSize);
    QCOMPARE(r.chunkFrames,
             int((big.size() + SlimFaasSyncRequest::MaxFrameSize - 1)
                 / SlimFaasSyncRequest::MaxFrameSize));
}

void tst_SyncRequest::bodyIsReadableAsItArrives()
{
    QByteArray firstRead;
    QPointer<SlimFaasSyncRequest> live;
    readyClient()->setSyncRequestHandler([&](SlimFaasSyncRequest *request) {
        live = request;
        connect(request, &QIODevice::readyRead, request, [&, request] {
            if (firstRead.isEmpty())
                firstRead = request->readAll();
        });
    });
    const QString id = sendStart(QStringLiteral("POST"));
    sendBody(id, "first part", false);
    QTRY_COMPARE(firstRead, QByteArray("first part")); // before the body is complete
    QVERIFY(live);
    QCOMPARE(live->state(), SlimFaasSyncRequest::Receiving);
    QVERIFY(!live->isRequestBodyComplete());
    sendBody(id, " and the rest");
    QTRY_VERIFY(live->isRequestBodyComplete());
    QCOMPARE(live->state(), SlimFaasSyncRequest::Received);
    QCOMPARE(live->readAll(), QByteArray(" and the rest"));
    QVERIFY(live->atEnd());
    QSignalSpy finished(live.data(), &SlimFaasSyncRequest::finished);
    live->finish();
    QTRY_COMPARE(finished.size(), 1);
    QVERIFY(live); // the application deletes it, as a QNetworkReply
    live->deleteLater();
    QTRY_VERIFY(!live);
}

void tst_SyncRequest::responseStreamsBeforeHandlerFinishes()
{
    QPointer<SlimFaasSyncRequest> live;
    readyClient()->setSyncRequestHandler([&](SlimFaasSyncRequest *request) {
        live = request;
        request->startResponse(200);
        request->write("partial ");
    });
    const QString id = sendStart(QStringLiteral("POST"));
    sendBody(id, "in", false); // the body is not even finished
    QTRY_COMPARE(response(id).body, QByteArray("partial "));
    QVERIFY(!response(id).ended);
    QVERIFY(live);
    live->write("done");
    live->finish();
    QTRY_VERIFY(response(id).ended);
    QCOMPARE(response(id).body, QByteArray("partial done"));
}

// With nothing queued, a write goes to the socket inside write(), as with a plain
// QWebSocket: no event-loop turn between the application's answer and the wire. What the
// application hears of it still comes from the event loop (bytesWritten(), finished()), so
// its write() is never re-entered; and while a slot watches messageSent(), which would run
// inside write(), the frame waits for the event loop as before.
void tst_SyncRequest::writeHandsTheFrameToTheSocketAtOnce_data()
{
    QTest::addColumn<bool>("observed");
    QTest::newRow("nobody watches messageSent") << false;
    QTest::newRow("messageSent watched") << true;
}

void tst_SyncRequest::writeHandsTheFrameToTheSocketAtOnce()
{
    QFETCH(bool, observed);
    int sentSignals = 0;
    if (observed)
        connect(readyClient(), &SlimFaasClient::messageSent, this, [&] { ++sentSignals; });
    else
        readyClient();
    qint64 queuedAfterWrite = -1, writtenInsideWrite = 0, writtenLater = 0;
    int finishedInsideHandler = 0, finishedLater = 0;
    bool inHandler = false;
    client->setSyncRequestHandler([&](SlimFaasSyncRequest *request) {
        connect(request, &QIODevice::bytesWritten, request,
                [&](qint64 bytes) { (inHandler ? writtenInsideWrite : writtenLater) += bytes; });
        connect(request, &SlimFaasSyncRequest::finished, request,
                [&] { ++(inHandler ? finishedInsideHandler : finishedLater); });
        connect(request, &SlimFaasSyncRequest::finished, request, &QObject::deleteLater);
        inHandler = true;
        request->startResponse(200);
        request->write("answer");
        queuedAfterWrite = request->bytesToWrite();
        request->finish();
        inHandler = false;
    });
    const QString id = sendStart(QStringLiteral("GET"));
    sendBody(id, {});
    QTRY_VERIFY(response(id).ended);
    QCOMPARE(response(id).body, QByteArray("answer"));
    QCOMPARE(queuedAfterWrite, observed ? 6 : 0);
    QCOMPARE(writtenInsideWrite, 0);
    QCOMPARE(finishedInsideHandler, 0);
    QTRY_COMPARE(writtenLater, 6);
    QTRY_COMPARE(finishedLater, 1);
    if (observed)
        QCOMPARE(sentSignals, 3); // start, chunk, end
}

void tst_SyncRequest::unhandledRequestGets500()
{
    readyClient();
    const QString id = sendStart(QStringLiteral("GET"));
    QTRY_VERIFY(response(id).ended);
    QCOMPARE(response(id).status, 500);
}

void tst_SyncRequest::throwingHandlerGets500()
{
    readyClient()->setSyncRequestHandler(
            [](SlimFaasSyncRequest *) { throw std::runtime_error("sync boom"); });
    QSignalSpy errors(client, &SlimFaasClient::errorOccurred);
    const QString id = sendStart(QStringLiteral("GET"));
    QTRY_VERIFY(response(id).ended);
    QCOMPARE(response(id).status, 500);
    QCOMPARE(errors.first().first().value<SlimFaasClient::Error>(), SlimFaasClient::HandlerError);
    QCOMPARE(client->state(), SlimFaasClient::Ready);
}

void tst_SyncRequest::serverCancelMidBody()
{
    QPointer<SlimFaasSyncRequest> live;
    QList<SlimFaasSyncRequest::CancelReason> reasons;
    readyClient()->setSyncRequestHandler([&](SlimFaasSyncRequest *request) {
        live = request;
        connect(request, &SlimFaasSyncRequest::cancelled, this,
                [&](SlimFaasSyncRequest::CancelReason reason) { reasons.append(reason); });
    });
    const QString id = sendStart(QStringLiteral("POST"));
    sendBody(id, pattern(100000), false);
    QTRY_VERIFY(live && live->bytesAvailable() == 100000);
    peer->sendBinary(SlimFaasProtocol::encodeFrame(MessageType::SyncCancel, id));
    QTRY_COMPARE(reasons.size(), 1);
    QCOMPARE(reasons.first(), SlimFaasSyncRequest::CancelledByServer);
    QVERIFY(live);
    QCOMPARE(live->state(), SlimFaasSyncRequest::Cancelled);
    QCOMPARE(client->openSyncRequestCount(), 0);
    delete live;          // an ended request goes quietly
    sendBody(id, "late"); // frames for a cancelled stream are ignored
    // Still usable.
    client->setSyncRequestHandler([](SlimFaasSyncRequest *request) { request->respond(204); });
    const QString next = sendStart(QStringLiteral("GET"));
    QTRY_VERIFY(response(next).ended);
    QCOMPARE(response(next).status, 204);
    QVERIFY(!response(id).cancelled); // the client sends no cancel of its own
}

void tst_SyncRequest::serverCancelMidResponse()
{
    QPointer<SlimFaasSyncRequest> live;
    readyClient()->setSyncRequestHandler([&](SlimFaasSyncRequest *request) {
        live = request;
        request->startResponse(200);
        request->write("some");
    });
    const QString id = sendStart(QStringLiteral("GET"));
    sendBody(id, {});
    QTRY_COMPARE(response(id).body, QByteArray("some"));
    QVERIFY(live);
    int cancelledCount = 0;
    SlimFaasSyncRequest::State stateSeen = SlimFaasSyncRequest::Receiving;
    qint64 lateWrite = 0;
    QString lateError;
    connect(live.data(), &SlimFaasSyncRequest::cancelled, this, [&] {
        ++cancelledCount;
        stateSeen = live->state();
        lateWrite = live->write("more");
        lateError = live->errorString();
    });
    peer->sendBinary(SlimFaasProtocol::encodeFrame(MessageType::SyncCancel, id));
    QTRY_COMPARE(cancelledCount, 1);
    QCOMPARE(stateSeen, SlimFaasSyncRequest::Cancelled);
    QCOMPARE(lateWrite, qint64(-1));
    QVERIFY(!lateError.isEmpty());
    delete live;
    QTest::qWait(50);
    QCOMPARE(response(id).body, QByteArray("some"));
    QVERIFY(!response(id).ended);
}

void tst_SyncRequest::connectionDropMidStream()
{
    QPointer<SlimFaasSyncRequest> live;
    QList<SlimFaasSyncRequest::CancelReason> reasons;
    readyClient()->setSyncRequestHandler([&](SlimFaasSyncRequest *request) {
        live = request;
        connect(request, &SlimFaasSyncRequest::cancelled, this,
                [&](SlimFaasSyncRequest::CancelReason reason) { reasons.append(reason); });
    });
    const QString id = sendStart(QStringLiteral("POST"));
    sendBody(id, "partial", false);
    QTRY_VERIFY(live);
    peer->closeConnections();
    QTRY_COMPARE(reasons.size(), 1);
    QCOMPARE(reasons.first(), SlimFaasSyncRequest::ConnectionLost);
    QVERIFY(live);
    delete live;
    QVERIFY(client->waitForReady(5000)); // reconnected and usable
    client->setSyncRequestHandler(
            [](SlimFaasSyncRequest *request) { request->respond(200, {}, "again"); });
    const QString next = sendStart(QStringLiteral("GET"));
    QTRY_VERIFY(response(next).ended);
    QCOMPARE(response(next).body, QByteArray("again"));
}

void tst_SyncRequest::applicationCancel()
{
    QPointer<SlimFaasSyncRequest> live;
    readyClient()->setSyncRequestHandler([&](SlimFaasSyncRequest *request) { live = request; });
    const QString id = sendStart(QStringLiteral("POST"));
    QTRY_VERIFY(live);
    QSignalSpy cancelled(live.data(), &SlimFaasSyncRequest::cancelled);
    live->cancel();
    QCOMPARE(cancelled.size(), 1);
    QCOMPARE(cancelled.first().first().value<SlimFaasSyncRequest::CancelReason>(),
             SlimFaasSyncRequest::CancelledByApplication);
    QTRY_VERIFY(response(id).cancelled); // SyncCancel reached SlimFaas
    QCOMPARE(client->openSyncRequestCount(), 0);
    QSignalSpy moreCancels(live.data(), &SlimFaasSyncRequest::cancelled);
    delete live;
    QCOMPARE(moreCancels.size(), 0);
}

void tst_SyncRequest::writesAfterEndAreRefused()
{
    QPointer<SlimFaasSyncRequest> live;
    readyClient()->setSyncRequestHandler([&](SlimFaasSyncRequest *request) {
        live = request;
        QVERIFY(request->respond(200, {}, "once"));
        QVERIFY(!request->startResponse(201));
        QCOMPARE(request->write("twice"), qint64(-1));
        QVERIFY(!request->finish());
        QVERIFY(!request->errorString().isEmpty());
    });
    const QString id = sendStart(QStringLiteral("GET"));
    QTRY_VERIFY(response(id).ended);
    QCOMPARE(response(id).body, QByteArray("once"));
    QCOMPARE(response(id).status, 200);
}

void tst_SyncRequest::backPressureBoundsQueuedBytes()
{
    // The writer fills the queue, waits for bytesWritten, and never holds more than its
    // own budget: the total written is far larger than what is ever queued.
    const qint64 total = 16 * 1024 * 1024;
    const qint64 budget = 512 * 1024;
    qint64 written = 0, maxQueued = 0;
    const QByteArray block = pattern(64 * 1024);
    readyClient()->setSyncRequestHandler([&](SlimFaasSyncRequest *request) {
        request->startResponse(200);
        auto fill = [&, request] {
            while (written < total && request->bytesToWrite() < budget) {
                written += request->write(block);
                maxQueued = qMax(maxQueued, request->bytesToWrite());
            }
            if (written >= total && request->isResponseStarted()
                && request->state() != SlimFaasSyncRequest::Finished)
                request->finish();
        };
        connect(request, &QIODevice::bytesWritten, request, fill);
        fill();
    });
    const QString id = sendStart(QStringLiteral("GET"));
    sendBody(id, {});
    QTRY_VERIFY_WITH_TIMEOUT(response(id).ended, 60000);
    QCOMPARE(response(id).body.size(), total);
    QVERIFY2(maxQueued <= budget + block.size(), qPrintable(QString::number(maxQueued)));
}

void tst_SyncRequest::concurrentSyncAndAsync()
{
    readyClient()->setSyncRequestHandler(echoHandler);
    client->setAsyncRequestHandler(
            [](const SlimFaasAsyncRequest &request) { return request.path().toInt(); });
    QList<QString> ids;
    QList<QByteArray> bodies;
    for (int i = 0; i < 50; ++i) {
        ids.append(sendStart(QStringLiteral("POST")));
        bodies.append(pattern(1000 + i * 997));
    }
    // Interleave: a piece of every sync body, then async requests, then the rest.
    for (int i = 0; i < 50; ++i)
        sendBody(ids[i], bodies[i].left(500), false);
    for (int a = 0; a < 500; ++a) {
        SlimFaasAsyncRequest request;
        request.setElementId(QStringLiteral("async-%1").arg(a));
        request.setPath(QString::number(200 + a % 3)); // status 200, 201 or 202 (deferred)
        peer->sendEnvelope(MessageType::AsyncRequest, request.elementId(),
                           SlimFaasProtocol::asyncRequestPayload(request));
    }
    for (int i = 0; i < 50; ++i)
        sendBody(ids[i], bodies[i].mid(500));
    QTRY_VERIFY_WITH_TIMEOUT(peer->envelopes(MessageType::AsyncCallback).size() >= 333, 20000);
    for (int i = 0; i < 50; ++i) {
        QTRY_VERIFY_WITH_TIMEOUT(response(ids[i]).ended, 20000);
        QVERIFY(response(ids[i]).body == bodies[i]);
    }
    const auto callbacks = peer->envelopes(MessageType::AsyncCallback);
    QCOMPARE(callbacks.size(), 334); // 500 less the 166 deferred (path 202)
    for (const auto &envelope : callbacks) {
        const auto callback = SlimFaasProtocol::parseAsyncCallback(envelope.payload);
        QVERIFY(callback);
        const int a = callback->elementId.mid(6).toInt();
        QCOMPARE(callback->statusCode, 200 + a % 3);
    }
    QCOMPARE(client->pendingRequestCount(), 166);
}

void tst_SyncRequest::badFramesAreIgnored()
{
    readyClient()->setSyncRequestHandler(echoHandler);
    const QString good = sendStart(QStringLiteral("POST"));
    sendBody(good, "before ", false);

    // Unknown correlation id, unknown type, response-direction type, short frame.
    peer->sendBinary(SlimFaasProtocol::encodeFrame(MessageType::SyncRequestChunk,
                                                   SlimFaasProtocol::newCorrelationId(), "stray"));
    peer->sendBinary(SlimFaasProtocol::encodeFrame(MessageType(0x55), good, "weird"));
    peer->sendBinary(
            SlimFaasProtocol::encodeFrame(MessageType::SyncResponseChunk, good, "wrong way"));
    peer->sendBinary(QByteArray(10, '\x11'));
    // Declared length larger than the payload: the smaller wins.
    QByteArray lying = SlimFaasProtocol::encodeFrame(MessageType::SyncRequestChunk, good, "mid ");
    lying[40] = char(0x7f);
    peer->sendBinary(lying);
    // A Start frame with invalid JSON: the client cancels that stream at once.
    const QString broken = SlimFaasProtocol::newCorrelationId();
    peer->sendBinary(SlimFaasProtocol::encodeFrame(MessageType::SyncRequestStart, broken, "{nope"));
    // A duplicate Start for an open stream is ignored.
    sendStart(QStringLiteral("GET"), QStringLiteral("dup"), {}, good);

    sendBody(good, "after");
    QTRY_VERIFY(response(good).ended);
    QCOMPARE(response(good).body, QByteArray("before mid after"));
    QTRY_VERIFY(response(broken).cancelled);
    QCOMPARE(client->state(), SlimFaasClient::Ready);
    QCOMPARE(peer->acceptedCount(), 1);
}

void tst_SyncRequest::deletingOpenRequestCancelsIt()
{
    QPointer<SlimFaasSyncRequest> live;
    readyClient()->setSyncRequestHandler([&](SlimFaasSyncRequest *request) { live = request; });
    const QString id = sendStart(QStringLiteral("POST"));
    sendBody(id, "part", false);
    QTRY_VERIFY(live && live->bytesAvailable() == 4);
    QSignalSpy cancelled(live.data(), &SlimFaasSyncRequest::cancelled);
    delete live.data();
    QCOMPARE(cancelled.size(), 0); // no signal from a dying object
    QTRY_VERIFY(response(id).cancelled);
    QCOMPARE(client->openSyncRequestCount(), 0);
    sendBody(id, "more"); // late frames for it are ignored, not delivered to freed memory
    client->setSyncRequestHandler(echoHandler);
    const QString next = sendStart(QStringLiteral("POST"));
    sendBody(next, "still alive");
    QTRY_VERIFY(response(next).ended);
    QCOMPARE(response(next).body, QByteArray("still alive"));
}

void tst_SyncRequest::deletingInsideHandlerIsSafe()
{
    int seen = 0;
    readyClient()->setSyncRequestHandler([&](SlimFaasSyncRequest *request) {
        ++seen;
        delete request;
    });
    const QString id = sendStart(QStringLiteral("POST"));
    sendBody(id, pattern(100000)); // frames arrive after the request is gone
    QTRY_VERIFY(response(id).cancelled);
    QCOMPARE(seen, 1);
    QVERIFY(!response(id).ended);
    QCOMPARE(client->state(), SlimFaasClient::Ready);
    // Deleting from a readyRead() slot is just as safe.
    client->setSyncRequestHandler([](SlimFaasSyncRequest *request) {
        connect(request, &QIODevice::readyRead, request, [request] { delete request; });
    });
    const QString second = sendStart(QStringLiteral("POST"));
    sendBody(second, pattern(100000));
    QTRY_VERIFY(response(second).cancelled);
    QCOMPARE(client->state(), SlimFaasClient::Ready);
}

void tst_SyncRequest::deletingAfterRespondStillDelivers()
{
    const QByteArray big = pattern(2 * 1024 * 1024); // beyond the socket's high-water mark
    readyClient()->setSyncRequestHandler([&big](SlimFaasSyncRequest *request) {
        QVERIFY(request->respond(200, {}, big));
        delete request;
    });
    const QString id = sendStart(QStringLiteral("GET"));
    sendBody(id, {});
    QTRY_VERIFY_WITH_TIMEOUT(response(id).ended, 20000);
    QCOMPARE(response(id).status, 200);
    QVERIFY(response(id).body == big);
    QVERIFY(!response(id).cancelled);
}

void tst_SyncRequest::deleteLaterAfterRespondDelivers()
{
    readyClient()->setSyncRequestHandler([](SlimFaasSyncRequest *request) {
        request->respond(201, {}, "bye");
        request->deleteLater();
    });
    const QString id = sendStart(QStringLiteral("GET"));
    sendBody(id, {});
    QTRY_VERIFY(response(id).ended);
    QCOMPARE(response(id).status, 201);
    QCOMPARE(response(id).body, QByteArray("bye"));
}

void tst_SyncRequest::requestOutlivesItsEndForSignalSpy()
{
    readyClient();
    QSignalSpy received(client, &SlimFaasClient::syncRequestReceived);
    const QString id = sendStart(QStringLiteral("POST"));
    sendBody(id, "payload");
    QTRY_COMPARE(received.size(), 1);
    auto *request = received.first().first().value<SlimFaasSyncRequest *>();
    QTRY_VERIFY(request->isRequestBodyComplete());
    QCOMPARE(request->readAll(), QByteArray("payload"));
    QSignalSpy finished(request, &SlimFaasSyncRequest::finished);
    QVERIFY(request->respond(200, {}, "ok"));
    QTRY_COMPARE(finished.size(), 1);
    QTest::qWait(50); // several event-loop turns after the end: still a valid object
    QCOMPARE(request->state(), SlimFaasSyncRequest::Finished);
    QCOMPARE(request->correlationId(), id);
    QVERIFY(!request->finish()); // refused, with a reason
    QVERIFY(!request->errorString().isEmpty());
    QPointer<SlimFaasSyncRequest> guard(request);
    request->deleteLater();
    QTRY_VERIFY(!guard);
    QCOMPARE(response(id).body, QByteArray("ok"));
}

void tst_SyncRequest::unofferedRequestsAreFreedByTheClient()
{
    readyClient();
    QList<QString> ids;
    for (int i = 0; i < 5; ++i)
        ids.append(sendStart(QStringLiteral("GET")));
    for (const QString &id : std::as_const(ids)) {
        QTRY_VERIFY(response(id).ended);
        QCOMPARE(response(id).status, 500);
    }
    QTRY_COMPARE(client->findChildren<SlimFaasSyncRequest *>().size(), 0);
}

void tst_SyncRequest::remainingRequestsGoWithTheClient()
{
    QList<QPointer<SlimFaasSyncRequest>> kept;
    readyClient()->setSyncRequestHandler([&](SlimFaasSyncRequest *request) {
        kept.append(request);
        if (kept.size() == 1)
            request->respond(200); // one ended, one still open
    });
    sendStart(QStringLiteral("GET"));
    sendStart(QStringLiteral("GET"));
    QTRY_COMPARE(kept.size(), 2);
    QTRY_COMPARE(kept.first()->state(), SlimFaasSyncRequest::Finished);
    delete client;
    client = nullptr;
    QVERIFY(!kept.at(0));
    QVERIFY(!kept.at(1));
}

namespace {
// Answers sync requests in its own thread, as a worker behind a queued connection does.
class ThreadedResponder : public QObject
{
    Q_OBJECT
public:
    bool streamInPieces = false;

public Q_SLOTS:
    void answer(SlimFaasSyncRequest *request)
    {
        const QByteArray body = "answered " + request->correlationId().toLatin1();
        // From this thread too, before the answer: connected after it, the client's thread
        // could have finished the response already.
        connect(request, &SlimFaasSyncRequest::finished, request, &QObject::deleteLater);
        if (streamInPieces) {
            request->startResponse(200);
            for (char c : body)
                request->write(QByteArray(1, c));
            request->finish();
        } else {
            request->respond(200, {}, body);
        }
    }
};
} // namespace

void tst_SyncRequest::queuedReceiverAnswersFromItsThread()
{
    // AutoConnection to an object of another thread: a queued slot receives the pointer
    // while the client's thread goes on with the next requests.
    QThread worker;
    ThreadedResponder responder;
    responder.moveToThread(&worker);
    readyClient();
    connect(client, &SlimFaasClient::syncRequestReceived, &responder, &ThreadedResponder::answer);
    worker.start();
    QList<QString> ids;
    for (int i = 0; i < 200; ++i)
        ids.append(sendStart(QStringLiteral("GET")));
    for (const QString &id : std::as_const(ids)) {
        QTRY_VERIFY_WITH_TIMEOUT(response(id).ended, 20000);
        QCOMPARE(response(id).body, "answered " + id.toLatin1());
    }
    QTRY_COMPARE(client->findChildren<SlimFaasSyncRequest *>().size(), 0);
    worker.quit();
    worker.wait();
}

void tst_SyncRequest::writesFromAnotherThreadKeepTheirOrder()
{
    QThread worker;
    ThreadedResponder responder;
    responder.streamInPieces = true;
    responder.moveToThread(&worker);
    readyClient();
    connect(client, &SlimFaasClient::syncRequestReceived, &responder, &ThreadedResponder::answer);
    worker.start();
    QList<QString> ids;
    for (int i = 0; i < 50; ++i)
        ids.append(sendStart(QStringLiteral("GET")));
    for (const QString &id : std::as_const(ids)) {
        QTRY_VERIFY_WITH_TIMEOUT(response(id).ended, 20000);
        QCOMPARE(response(id).body, "answered " + id.toLatin1());
    }
    worker.quit();
    worker.wait();
}

void tst_SyncRequest::readingFromAnotherThreadIsRefused()
{
    QPointer<SlimFaasSyncRequest> live;
    readyClient()->setSyncRequestHandler([&](SlimFaasSyncRequest *request) { live = request; });
    const QString id = sendStart(QStringLiteral("POST"));
    sendBody(id, "kept for the owner", false);
    QTRY_VERIFY(live && live->bytesAvailable() > 0);
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("refusing to read .* outside the "
                                                           "client's thread")));
    qint64 result = 0;
    QScopedPointer<QThread> reader(QThread::create([&] {
        char buffer[64];
        result = live->read(buffer, sizeof buffer);
    }));
    reader->start();
    QVERIFY(reader->wait(5000));
    QCOMPARE(result, qint64(-1));
    QCOMPARE(live->readAll(), QByteArray("kept for the owner")); // nothing was lost
    delete live;
}

void tst_SyncRequest::closeFinishesTheResponse()
{
    QPointer<SlimFaasSyncRequest> live;
    readyClient()->setSyncRequestHandler([&](SlimFaasSyncRequest *request) {
        live = request;
        request->write("partial");
        request->close();
    });
    const QString id = sendStart(QStringLiteral("POST"));
    sendBody(id, "unread body", false);
    QTRY_VERIFY(response(id).ended);
    QCOMPARE(response(id).status, 200);
    QCOMPARE(response(id).body, QByteArray("partial"));
    QVERIFY(live);
    QCOMPARE(live->state(), SlimFaasSyncRequest::Finished);
    QVERIFY(!live->isOpen());
    QCOMPARE(live->bytesAvailable(), qint64(0));
    QSignalSpy bodyFinished(live.data(), &SlimFaasSyncRequest::requestBodyFinished);
    sendBody(id, " and more"); // the rest of the body is dropped, silently
    QTest::qWait(20);
    QCOMPARE(live->bytesAvailable(), qint64(0));
    QCOMPARE(bodyFinished.size(), 0);
    delete live;
}

void tst_SyncRequest::readBufferSizePacesDelivery()
{
    const qint64 limit = 10000;
    const QByteArray body = pattern(300000);
    QPointer<SlimFaasSyncRequest> live;
    qint64 mostAvailable = 0;
    bool endSeenEarly = false;
    QByteArray read;
    readyClient()->setSyncRequestHandler([&](SlimFaasSyncRequest *request) {
        live = request;
        request->setReadBufferSize(limit);
        QCOMPARE(request->readBufferSize(), limit);
        auto note = [&, request] {
            mostAvailable = qMax(mostAvailable, request->bytesAvailable());
        };
        connect(request, &QIODevice::readyRead, request, note);
        connect(request, &SlimFaasSyncRequest::requestBodyFinished, request, [&, request] {
            // Announced only once nothing of the body is held back any more.
            endSeenEarly = read.size() + request->bytesAvailable() != body.size();
        });
    });
    const QString id = sendStart(QStringLiteral("POST"));
    sendBody(id, body);
    QTRY_VERIFY(live && live->bytesAvailable() == limit);
    QTest::qWait(100); // everything has arrived by now; only the limit is visible
    QCOMPARE(live->bytesAvailable(), limit);
    QVERIFY(!live->isRequestBodyComplete());
    while (!live->isRequestBodyComplete() || live->bytesAvailable() > 0) {
        const QByteArray piece = live->read(3000);
        read += piece;
        if (piece.isEmpty())
            QTest::qWait(1);
        QVERIFY(live->bytesAvailable() <= limit);
        QVERIFY(read.size() <= body.size());
    }
    QVERIFY(read == body);
    QVERIFY(live->atEnd());
    QVERIFY(mostAvailable <= limit);
    QVERIFY(!endSeenEarly);
    live->respond(204);
    QTRY_VERIFY(response(id).ended);
    delete live;
}

void tst_SyncRequest::waitFunctionsAreUnsupported()
{
    QPointer<SlimFaasSyncRequest> live;
    readyClient()->setSyncRequestHandler([&](SlimFaasSyncRequest *request) { live = request; });
    sendStart(QStringLiteral("POST"));
    QTRY_VERIFY(live);
    QElapsedTimer timer;
    timer.start();
    QVERIFY(!live->waitForReadyRead(2000));
    QVERIFY(!live->waitForBytesWritten(2000));
    QVERIFY(timer.elapsed() < 1000); // at once, not after the timeout
    delete live;
}

static QSet<QByteArray> *seenCategories = nullptr;

static void recordCategory(QtMsgType, const QMessageLogContext &context, const QString &)
{
    if (seenCategories && context.category)
        seenCategories->insert(context.category);
}

void tst_SyncRequest::oneLoggingRuleCoversTheLibrary()
{
    // The README's rule turns on the debug output of every category of the client.
    QSet<QByteArray> seen;
    seenCategories = &seen;
    QLoggingCategory::setFilterRules(QStringLiteral("slimfaas.client*.debug=true"));
    const QtMessageHandler previous = qInstallMessageHandler(recordCategory);
    QPointer<SlimFaasSyncRequest> live;
    readyClient()->setSyncRequestHandler([&](SlimFaasSyncRequest *request) { live = request; });
    const QString id = sendStart(QStringLiteral("GET"));
    QTRY_VERIFY(live);
    peer->sendBinary(SlimFaasProtocol::encodeFrame(MessageType::SyncCancel, id));
    QTRY_COMPARE(live->state(), SlimFaasSyncRequest::Cancelled);
    delete live;
    qInstallMessageHandler(previous);
    QLoggingCategory::setFilterRules(QString());
    seenCategories = nullptr;
    QVERIFY(seen.contains("slimfaas.client"));
    QVERIFY(seen.contains("slimfaas.client.sync"));
}

QTEST_GUILESS_MAIN(tst_SyncRequest)
#include "tst_syncrequest.moc"
