// SPDX-License-Identifier: MIT
#include <echohandler.h>
#include <slimfaasclient.h>
#include <slimfaasemulator.h>
#include <testpattern.h>

#include <QtConcurrent/qtconcurrentrun.h>
#include <QtCore/qpointer.h>
#include <QtCore/qregularexpression.h>
#include <QtCore/qscopeguard.h>
#include <QtCore/qthread.h>
#include <QtCore/qtimer.h>
#include <QtNetwork/qnetworkaccessmanager.h>
#include <QtNetwork/qnetworkreply.h>
#include <QtNetwork/qtcpsocket.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

#include <atomic>

// Sync calls end to end: an HTTP caller, the emulator's /function route, SlimFaasClient.
class tst_SyncStreaming : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void echoRoundTrip_data();
    void echoRoundTrip();
    void writesOfEverySizeArriveAsWritten();
    void getWithoutBody();
    void statusAndMultiValueHeaders_data();
    void statusAndMultiValueHeaders();
    void handlerReadsBeforeSlowCallerFinishes();
    void callerReadsBeforeHandlerFinishes();
    void callerAbortMidBodyIsNotSignalled();
    void callerAbortMidResponseIsNotSignalled();
    void connectionDropMidStream();
    void applicationCancel();
    void deleteRightAfterRespondReachesTheCaller();
    void deleteMidBodyEndsTheCall();
    void closeAfterPartialWriteEndsTheCall();
    void concurrentSyncAndAsync();
    void noWarningAfterTheApplicationsCancel();
    void readmePatternThroughAQueuedConnection_data();
    void readmePatternThroughAQueuedConnection();
    void destroyingTheClientWhileAWorkerWrites();

private:
    QNetworkReply *call(const QByteArray &verb, const QString &path, const QByteArray &body = {},
                        const QList<QPair<QByteArray, QByteArray>> &headers = {});
    bool finished(QNetworkReply *reply, int msecs = 30000);
    QTcpSocket *rawCaller(const QByteArray &head);

    SlimFaasEmulator *emulator = nullptr;
    SlimFaasClient *client = nullptr;
    QNetworkAccessManager *network = nullptr;
};

void tst_SyncStreaming::init()
{
    emulator = new SlimFaasEmulator(this);
    emulator->setWebSocketPort(0);
    emulator->setHttpPort(0);
    QVERIFY(emulator->start());
    client = new SlimFaasClient(emulator->webSocketUrl(),
                                SlimFaasFunctionConfig(QStringLiteral("fn")), this);
    client->setMinimumReconnectDelay(20);
    client->setMaximumReconnectDelay(100);
    client->open();
    QVERIFY(client->waitForReady(5000));
    network = new QNetworkAccessManager(this);
}

void tst_SyncStreaming::cleanup()
{
    delete network;
    delete client;
    delete emulator;
}

QNetworkReply *tst_SyncStreaming::call(const QByteArray &verb, const QString &path,
                                       const QByteArray &body,
                                       const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QNetworkRequest request(emulator->httpUrl().resolved(QUrl(path)));
    for (const auto &header : headers)
        request.setRawHeader(header.first, header.second);
    QNetworkReply *reply = network->sendCustomRequest(request, verb, body);
    reply->setParent(this);
    return reply;
}

bool tst_SyncStreaming::finished(QNetworkReply *reply, int msecs)
{
    return QTest::qWaitFor([reply] { return reply->isFinished(); }, msecs);
}

QTcpSocket *tst_SyncStreaming::rawCaller(const QByteArray &head)
{
    auto *socket = new QTcpSocket(this);
    socket->connectToHost(QHostAddress::LocalHost, emulator->httpPort());
    if (socket->waitForConnected(5000))
        socket->write(head);
    return socket;
}

void tst_SyncStreaming::echoRoundTrip_data()
{
    QTest::addColumn<qsizetype>("size");
    for (qsizetype size :
         { qsizetype(0), qsizetype(1), qsizetype(32 * 1024 - 1), qsizetype(32 * 1024),
           qsizetype(32 * 1024 + 1), qsizetype(8 * 1024 * 1024) })
        QTest::addRow("%lld bytes", qlonglong(size)) << size;
}

void tst_SyncStreaming::echoRoundTrip()
{
    QFETCH(qsizetype, size);
    client->setSyncRequestHandler(echoHandler);
    const QByteArray body = pattern(size);
    QNetworkReply *reply = call("POST", QStringLiteral("/function/fn/echo"), body,
                                { { "Content-Type", "application/octet-stream" } });
    QVERIFY(finished(reply));
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QCOMPARE(reply->rawHeader("Content-Type"), QByteArray("application/octet-stream"));
    const QByteArray answer = reply->readAll();
    QCOMPARE(answer.size(), body.size());
    QVERIFY(answer == body);
    QTRY_COMPARE(client->openSyncRequestCount(), 0);
}

// Chunks that go out at once share one frame buffer, reused from write to write: pieces
// that grow, shrink and cross the frame size, in one handler call and from the event loop,
// over two requests, must reach the caller as they were written.
void tst_SyncStreaming::writesOfEverySizeArriveAsWritten()
{
    const QList<qsizetype> sizes{ 20000, 1, 32 * 1024, 100, 32 * 1024 + 7, 5000, 3 };
    QList<QByteArray> written;
    client->setSyncRequestHandler([&sizes, &written](SlimFaasSyncRequest *request) {
        QByteArray all = pattern(128 * 1024);
        all.prepend(request->path().toUtf8()); // each request its own bytes
        written.append(all);
        qsizetype offset = 0;
        for (qsizetype i = 0; i < 4; ++i) {
            request->write(all.mid(offset, sizes.at(i)));
            offset += sizes.at(i);
        }
        QTimer::singleShot(1, request, [request, all, offset, &sizes]() mutable {
            for (qsizetype i = 4; i < sizes.size(); ++i) {
                request->write(all.mid(offset, sizes.at(i)));
                offset += sizes.at(i);
            }
            request->finish();
        });
    });
    qsizetype total = 0;
    for (qsizetype size : sizes)
        total += size;
    for (const QString &path : { QStringLiteral("first"), QStringLiteral("second") }) {
        QNetworkReply *reply = call("POST", QStringLiteral("/function/fn/") + path, "x");
        QVERIFY(finished(reply));
        QCOMPARE(reply->error(), QNetworkReply::NoError);
        QVERIFY(!written.isEmpty());
        const QByteArray answer = reply->readAll();
        QCOMPARE(answer.size(), total);
        QVERIFY(answer == written.constLast().left(total));
    }
    QTRY_COMPARE(client->openSyncRequestCount(), 0);
}

void tst_SyncStreaming::getWithoutBody()
{
    QString method, path, query;
    bool bodyEmpty = false;
    client->setSyncRequestHandler([&](SlimFaasSyncRequest *request) {
        method = request->method();
        path = request->path();
        query = request->query();
        connect(request, &SlimFaasSyncRequest::requestBodyFinished, request, [&, request] {
            bodyEmpty = request->readAll().isEmpty();
            request->respond(200, {}, "resource");
        });
    });
    QNetworkReply *reply = call("GET", QStringLiteral("/function/fn/items/7?full=1"));
    QVERIFY(finished(reply));
    QCOMPARE(reply->readAll(), QByteArray("resource"));
    QCOMPARE(method, QStringLiteral("GET"));
    QCOMPARE(path, QStringLiteral("items/7"));
    QCOMPARE(query, QStringLiteral("?full=1"));
    QVERIFY(bodyEmpty);
}

void tst_SyncStreaming::statusAndMultiValueHeaders_data()
{
    QTest::addColumn<int>("status");
    for (int status : { 200, 201, 404, 500 })
        QTest::addRow("%d", status) << status;
}

void tst_SyncStreaming::statusAndMultiValueHeaders()
{
    QFETCH(int, status);
    QStringList seenValues;
    client->setSyncRequestHandler([&](SlimFaasSyncRequest *request) {
        for (auto it = request->headers().cbegin(); it != request->headers().cend(); ++it)
            if (it.key().compare(QLatin1String("X-Multi"), Qt::CaseInsensitive) == 0)
                seenValues += it.value();
        request->respond(status,
                         { { QStringLiteral("X-Answer"),
                             { QStringLiteral("one"), QStringLiteral("two") } } },
                         "status body");
    });
    // Two header lines with the same name, as a raw caller can send them.
    QTcpSocket *caller
            = rawCaller("POST /function/fn/s HTTP/1.1\r\nHost: x\r\nX-Multi: a\r\nX-Multi: b\r\n"
                        "Content-Length: 1\r\nConnection: close\r\n\r\nz");
    QByteArray answer;
    QVERIFY(QTest::qWaitFor(
            [&] {
                answer += caller->readAll();
                return caller->state() == QAbstractSocket::UnconnectedState;
            },
            10000));
    answer += caller->readAll();
    QVERIFY2(answer.startsWith("HTTP/1.1 " + QByteArray::number(status)), answer.constData());
    QVERIFY(answer.contains("X-Answer: one\r\n"));
    QVERIFY(answer.contains("X-Answer: two\r\n"));
    QVERIFY(answer.contains("status body"));
    QCOMPARE(seenValues, (QStringList{ QStringLiteral("a"), QStringLiteral("b") }));
}

void tst_SyncStreaming::handlerReadsBeforeSlowCallerFinishes()
{
    QByteArray firstChunk;
    bool completeAtFirstChunk = true;
    client->setSyncRequestHandler([&](SlimFaasSyncRequest *request) {
        connect(request, &QIODevice::readyRead, request, [&, request] {
            if (firstChunk.isEmpty()) {
                firstChunk = request->readAll();
                completeAtFirstChunk = request->isRequestBodyComplete();
            } else {
                request->readAll();
            }
        });
        connect(request, &SlimFaasSyncRequest::requestBodyFinished, request,
                [request] { request->respond(200, {}, "thanks"); });
    });
    QTcpSocket *caller = rawCaller("POST /function/fn/upload HTTP/1.1\r\nHost: x\r\n"
                                   "Content-Length: 10\r\nConnection: close\r\n\r\nfirst");
    QTRY_COMPARE(firstChunk, QByteArray("first")); // the caller has sent half of its body
    QVERIFY(!completeAtFirstChunk);
    caller->write("-rest");
    QByteArray answer;
    QVERIFY(QTest::qWaitFor(
            [&] {
                answer += caller->readAll();
                return caller->state() == QAbstractSocket::UnconnectedState;
            },
            10000));
    answer += caller->readAll();
    QVERIFY2(answer.startsWith("HTTP/1.1 200") && answer.contains("\r\nthanks\r\n"),
             answer.constData());
}

void tst_SyncStreaming::callerReadsBeforeHandlerFinishes()
{
    QPointer<SlimFaasSyncRequest> live;
    client->setSyncRequestHandler([&](SlimFaasSyncRequest *request) {
        live = request;
        request->startResponse(
                200, { { QStringLiteral("Content-Type"), { QStringLiteral("text/plain") } } });
        request->write("first-part;");
    });
    QTcpSocket *caller
            = rawCaller("GET /function/fn/stream HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    QByteArray received;
    QTRY_VERIFY((received += caller->readAll()).contains("first-part;"));
    QVERIFY(live);                                // the handler has not finished
    QVERIFY(!received.contains("\r\n0\r\n\r\n")); // the chunked body has not ended
    live->write("second-part");
    live->finish();
    QVERIFY(QTest::qWaitFor(
            [&] {
                received += caller->readAll();
                return caller->state() == QAbstractSocket::UnconnectedState;
            },
            10000));
    received += caller->readAll();
    QVERIFY(received.contains("second-part"));
    QVERIFY(received.endsWith("0\r\n\r\n"));
}

// SlimFaas's SyncCancel for a caller who left never leaves (it is sent with the caller's
// cancelled token): the request stays live until the function ends it.
void tst_SyncStreaming::callerAbortMidBodyIsNotSignalled()
{
    QPointer<SlimFaasSyncRequest> live;
    QList<SlimFaasSyncRequest::CancelReason> reasons;
    client->setSyncRequestHandler([&](SlimFaasSyncRequest *request) {
        live = request;
        connect(request, &SlimFaasSyncRequest::cancelled, this,
                [&](SlimFaasSyncRequest::CancelReason reason) { reasons.append(reason); });
    });
    QTcpSocket *caller = rawCaller(
            "POST /function/fn/x HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\npartial");
    QTRY_VERIFY(live && live->bytesAvailable() > 0);
    caller->abort();
    QTest::qWait(300);
    QVERIFY(reasons.isEmpty());
    QVERIFY(live);
    live->startResponse(200);
    live->finish();
    QTRY_COMPARE(live->state(), SlimFaasSyncRequest::Finished);
    QVERIFY(reasons.isEmpty());
    delete live; // the application owns it
    QCOMPARE(client->state(), SlimFaasClient::Ready);
}

void tst_SyncStreaming::callerAbortMidResponseIsNotSignalled()
{
    QPointer<SlimFaasSyncRequest> live;
    QList<SlimFaasSyncRequest::CancelReason> reasons;
    client->setSyncRequestHandler([&](SlimFaasSyncRequest *request) {
        live = request;
        connect(request, &SlimFaasSyncRequest::cancelled, this,
                [&](SlimFaasSyncRequest::CancelReason reason) { reasons.append(reason); });
        request->startResponse(200);
        request->write("begun");
    });
    QTcpSocket *caller = rawCaller("GET /function/fn/x HTTP/1.1\r\nHost: x\r\n\r\n");
    QByteArray received;
    QTRY_VERIFY((received += caller->readAll()).contains("begun"));
    caller->abort();
    QTest::qWait(300);
    QVERIFY(reasons.isEmpty());
    QVERIFY(live);
    live->write("to nobody");
    live->finish();
    QTRY_COMPARE(live->state(), SlimFaasSyncRequest::Finished);
    QVERIFY(reasons.isEmpty());
    delete live; // the application owns it
}

void tst_SyncStreaming::connectionDropMidStream()
{
    QList<SlimFaasSyncRequest::CancelReason> reasons;
    QPointer<SlimFaasSyncRequest> live;
    client->setSyncRequestHandler([&](SlimFaasSyncRequest *request) {
        live = request;
        connect(request, &SlimFaasSyncRequest::cancelled, this,
                [&](SlimFaasSyncRequest::CancelReason reason) { reasons.append(reason); });
    });
    QNetworkReply *reply = call("GET", QStringLiteral("/function/fn/hang"));
    QTRY_VERIFY(live);
    client->close();
    QCOMPARE(reasons,
             QList<SlimFaasSyncRequest::CancelReason>{ SlimFaasSyncRequest::ConnectionLost });
    QVERIFY(finished(reply));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 503);
    QVERIFY(live);
    delete live;
    client->open();
    QVERIFY(client->waitForReady(5000));
    client->setSyncRequestHandler(
            [](SlimFaasSyncRequest *request) { request->respond(200, {}, "back"); });
    QNetworkReply *again = call("GET", QStringLiteral("/function/fn/again"));
    QVERIFY(finished(again));
    QCOMPARE(again->readAll(), QByteArray("back"));
}

void tst_SyncStreaming::applicationCancel()
{
    client->setSyncRequestHandler([](SlimFaasSyncRequest *request) { request->cancel(); });
    QSignalSpy cancelled(emulator, &SlimFaasEmulator::syncRequestCancelled);
    QNetworkReply *reply = call("GET", QStringLiteral("/function/fn/no"));
    QVERIFY(finished(reply));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 503);
    QCOMPARE(cancelled.size(), 1);
    QCOMPARE(client->openSyncRequestCount(), 0);
    QCOMPARE(client->state(), SlimFaasClient::Ready);
}

void tst_SyncStreaming::deleteRightAfterRespondReachesTheCaller()
{
    // What a QNetworkReply user writes first: answer, then let go of the object.
    client->setSyncRequestHandler([](SlimFaasSyncRequest *request) {
        request->respond(200, {}, "bye");
        delete request;
    });
    QNetworkReply *reply = call("GET", QStringLiteral("/function/fn/x"));
    QVERIFY(finished(reply));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QCOMPARE(reply->readAll(), QByteArray("bye"));
    QCOMPARE(client->state(), SlimFaasClient::Ready);
}

void tst_SyncStreaming::deleteMidBodyEndsTheCall()
{
    client->setSyncRequestHandler([](SlimFaasSyncRequest *request) {
        QObject::connect(request, &QIODevice::readyRead, request, [request] { delete request; });
    });
    QTcpSocket *caller = rawCaller(
            "POST /function/fn/x HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\npartial");
    // The stream is cancelled (SyncCancel): the caller gets an answer at once instead of
    // waiting for a body nobody reads.
    QByteArray answer;
    QTRY_VERIFY_WITH_TIMEOUT((answer += caller->readAll()).contains("\r\n\r\n"), 10000);
    QVERIFY2(answer.startsWith("HTTP/1.1 5"), answer.constData()); // 503 today
    QCOMPARE(client->openSyncRequestCount(), 0);
    QCOMPARE(client->state(), SlimFaasClient::Ready);
}

void tst_SyncStreaming::closeAfterPartialWriteEndsTheCall()
{
    client->setSyncRequestHandler([](SlimFaasSyncRequest *request) {
        QObject::connect(request, &SlimFaasSyncRequest::finished, request, &QObject::deleteLater);
        request->write("partial");
        request->close();
    });
    QNetworkReply *reply = call("GET", QStringLiteral("/function/fn/x"));
    QVERIFY(finished(reply, 10000)); // it used to wait forever
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QCOMPARE(reply->readAll(), QByteArray("partial"));
}

void tst_SyncStreaming::concurrentSyncAndAsync()
{
    // Sync streams count against numberParallelRequestPerPod as on SlimFaas: give the one
    // replica room for all 50 streams plus the async requests in flight.
    client->close();
    QTRY_COMPARE(emulator->replicas(QStringLiteral("fn")), 0);
    SlimFaasFunctionConfig roomy(QStringLiteral("fn"));
    roomy.setNumberParallelRequest(100);
    roomy.setNumberParallelRequestPerPod(200);
    client->setFunctionConfig(roomy);
    client->open();
    QVERIFY(client->waitForReady(5000));
    client->setSyncRequestHandler(echoHandler);
    client->setAsyncRequestHandler(
            [](const SlimFaasAsyncRequest &request) { return 200 + request.path().toInt() % 2; });
    QSignalSpy completed(emulator, &SlimFaasEmulator::asyncRequestCompleted);
    // Several managers so that more than one HTTP connection per host is in use at once.
    QList<QNetworkAccessManager *> managers;
    for (int m = 0; m < 5; ++m)
        managers.append(new QNetworkAccessManager(this));
    QList<QNetworkReply *> syncReplies;
    QList<QByteArray> bodies;
    for (int i = 0; i < 50; ++i) {
        bodies.append(pattern(100 + i * 3001));
        QNetworkRequest request(
                emulator->httpUrl().resolved(QUrl(QStringLiteral("/function/fn/%1").arg(i))));
        syncReplies.append(managers[i % 5]->sendCustomRequest(request, "POST", bodies.last()));
    }
    for (int a = 0; a < 500; ++a) {
        QNetworkRequest request(
                emulator->httpUrl().resolved(QUrl(QStringLiteral("/async-function/fn/%1").arg(a))));
        managers[a % 5]->sendCustomRequest(request, "POST", QByteArray::number(a));
    }
    for (int i = 0; i < 50; ++i) {
        QVERIFY(finished(syncReplies[i], 60000));
        QCOMPARE(syncReplies[i]->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QVERIFY(syncReplies[i]->readAll() == bodies[i]);
    }
    QTRY_COMPARE_WITH_TIMEOUT(completed.size(), 500, 60000);
    QSet<QString> ids;
    for (const auto &args : completed) {
        ids.insert(args.at(1).toString());
        QVERIFY(args.at(2).toInt() == 200 || args.at(2).toInt() == 201);
        QCOMPARE(args.at(3).toInt(), 1);
    }
    QCOMPARE(ids.size(), 500);
    qDeleteAll(managers);
}

// What SlimFaas still sends for a stream the application cancelled crossed the SyncCancel:
// the application did it and knows, so the log stays quiet.
void tst_SyncStreaming::noWarningAfterTheApplicationsCancel()
{
    QTest::failOnWarning(QRegularExpression(QStringLiteral("unknown stream|ignoring")));
    int cancelled = 0;
    client->setSyncRequestHandler([&](SlimFaasSyncRequest *request) {
        connect(request, &SlimFaasSyncRequest::cancelled, request, [&] { ++cancelled; });
        connect(request, &SlimFaasSyncRequest::cancelled, request, &QObject::deleteLater);
        connect(request, &QIODevice::readyRead, request, [request] { request->cancel(); });
    });
    const QByteArray body = pattern(4 * 1024 * 1024);
    QNetworkReply *reply = call("POST", QStringLiteral("/function/fn/upload"), body);
    QVERIFY(finished(reply));
    QTRY_COMPARE(cancelled, 1);
    QTest::qWait(300); // what was in flight arrives
    QCOMPARE(client->state(), SlimFaasClient::Ready);
}

void tst_SyncStreaming::readmePatternThroughAQueuedConnection_data()
{
    QTest::addColumn<bool>("workerThread");
    QTest::newRow("receiver in the client's thread") << false;
    QTest::newRow("receiver in a worker thread") << true;
}

// The README's sync pattern, reached through a queued connection: by the time the slot
// connects to requestBodyFinished(), the body has long arrived. It still comes.
void tst_SyncStreaming::readmePatternThroughAQueuedConnection()
{
    QFETCH(bool, workerThread);
    QThread worker;
    QObject receiver;
    if (workerThread) {
        receiver.moveToThread(&worker);
        worker.start();
    }
    auto stop = qScopeGuard([&] {
        worker.quit();
        worker.wait();
    });
    connect(
            client, &SlimFaasClient::syncRequestReceived, &receiver,
            [](SlimFaasSyncRequest *request) {
                QObject::connect(request, &SlimFaasSyncRequest::finished, request,
                                 &QObject::deleteLater);
                QObject::connect(request, &SlimFaasSyncRequest::cancelled, request,
                                 &QObject::deleteLater);
                QObject::connect(
                        request, &SlimFaasSyncRequest::requestBodyFinished, request, [request] {
                            const QByteArray body = request->readAll();
                            request->respond(200, {},
                                             "got " + QByteArray::number(body.size()) + " bytes");
                        });
            },
            Qt::QueuedConnection);
    QNetworkReply *reply = call("POST", QStringLiteral("/function/fn/x"), "12345");
    QVERIFY(finished(reply, 10000));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QCOMPARE(reply->readAll(), QByteArray("got 5 bytes"));
}

// A worker streams a large response with back-pressure (bytesToWrite(), state() read from its
// own thread) when the client goes: cancelled(ClientDestroyed) comes first, the slot joins
// the worker, and only then is the request freed.
void tst_SyncStreaming::destroyingTheClientWhileAWorkerWrites()
{
    std::atomic<qint64> written{ 0 };
    QFuture<void> work;
    QList<SlimFaasSyncRequest::CancelReason> reasons;
    client->setSyncRequestHandler([&](SlimFaasSyncRequest *request) {
        request->startResponse(200);
        work = QtConcurrent::run([request, &written] {
            const QByteArray chunk(SlimFaasSyncRequest::MaxFrameSize, 'w');
            while (request->state() != SlimFaasSyncRequest::Cancelled) {
                if (request->bytesToWrite() > 1024 * 1024) {
                    QThread::msleep(1);
                    continue;
                }
                if (request->write(chunk) > 0)
                    written += chunk.size();
            }
        });
        auto done = [request, &work, &reasons](SlimFaasSyncRequest::CancelReason reason) {
            reasons.append(reason);
            work.waitForFinished(); // the worker stops: nothing touches the request after
            request->deleteLater();
        };
        connect(request, &SlimFaasSyncRequest::cancelled, request, done);
    });
    QTcpSocket *caller
            = rawCaller("GET /function/fn/stream HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    QByteArray received;
    QTRY_VERIFY_WITH_TIMEOUT((received += caller->readAll()).size() > 256 * 1024, 30000);
    QVERIFY(written.load() > 256 * 1024);
    delete client;
    client = nullptr;
    QCOMPARE(reasons,
             QList<SlimFaasSyncRequest::CancelReason>{ SlimFaasSyncRequest::ClientDestroyed });
    QVERIFY(work.isFinished());
    QTest::qWait(100); // the worker's queued writes meet a request that has gone
}

QTEST_GUILESS_MAIN(tst_SyncStreaming)
#include "tst_syncstreaming.moc"
