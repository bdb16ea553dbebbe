// SPDX-License-Identifier: MIT
// SlimFaasCaller against the emulator over loopback, with a SlimFaasClient as the function:
// sync calls streamed both ways, async calls, events, statuses, errors and lifetimes.

#include <echohandler.h>
#include <emulatortestcase.h>
#include <hostilehttpserver.h>
#include <testpattern.h>

#include <slimfaascaller.h>
#include <slimfaascallerror.h>
#include <slimfaascallreply.h>
#include <slimfaasclient.h>

#include <QtCore/qfile.h>
#include <QtCore/qpointer.h>
#include <QtCore/qregularexpression.h>
#include <QtCore/qthread.h>
#include <QtCore/qtimer.h>
#include <QtNetwork/qnetworkaccessmanager.h>
#include <QtNetwork/qnetworkproxy.h>
#include <QtNetwork/qnetworkreply.h>
#include <QtNetwork/qsslkey.h>
#include <QtNetwork/qsslserver.h>
#include <QtNetwork/qtcpserver.h>
#include <QtNetwork/qtcpsocket.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

#include <atomic>
#include <memory>
#include <thread>

namespace {

// A sequential device the test fills by hand: an upload that arrives over time.
class FeedDevice : public QIODevice
{
public:
    FeedDevice() { open(QIODevice::ReadOnly); }
    void feed(const QByteArray &data)
    {
        m_data += data;
        emit readyRead();
    }
    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override { return m_data.size() + QIODevice::bytesAvailable(); }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        const qint64 n = qMin<qint64>(maxSize, m_data.size());
        memcpy(data, m_data.constData(), size_t(n));
        m_data.remove(0, n);
        return n;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QByteArray m_data;
};

// The error a failed future carries (NoError when it did not fail), once it settled: the
// caller works on this thread, so the event loop must run meanwhile.
template<typename T> SlimFaasCallError failureOf(QFuture<T> future)
{
    if (!QTest::qWaitFor([&] { return future.isFinished(); }, 20000))
        return SlimFaasCallError(SlimFaasCaller::NoError, QStringLiteral("still running"));
    try {
        future.result();
    } catch (const SlimFaasCallError &error) {
        return error;
    }
    return SlimFaasCallError(SlimFaasCaller::NoError, QString());
}

// A stand-in for SlimFaas's HTTP side that gives every request the same answer (or none,
// with an empty one), and remembers the request lines. A QSslServer plays it over TLS.
class CannedServer : public QObject
{
public:
    explicit CannedServer(const QByteArray &answer, QTcpServer *server = nullptr)
        : m_server(server ? server : new QTcpServer), m_answer(answer)
    {
        m_server->setParent(this);
        connect(m_server, &QTcpServer::pendingConnectionAvailable, this, [this] {
            while (QTcpSocket *socket = m_server->nextPendingConnection())
                serve(socket);
        });
    }
    bool listen() { return m_server->listen(QHostAddress::LocalHost); }
    QUrl url(const QString &scheme = QStringLiteral("http"), const QString &path = {}) const
    {
        QUrl url;
        url.setScheme(scheme);
        url.setHost(QStringLiteral("127.0.0.1"));
        url.setPort(m_server->serverPort());
        url.setPath(path);
        return url;
    }
    int connections() const { return m_connections; }
    QList<QByteArray> requestLines;

private:
    void serve(QTcpSocket *socket)
    {
        ++m_connections;
        auto head = std::make_shared<QByteArray>();
        connect(socket, &QTcpSocket::readyRead, socket, [this, socket, head] {
            *head += socket->readAll();
            const qsizetype end = head->indexOf("\r\n\r\n");
            if (end < 0)
                return;
            requestLines.append(head->left(head->indexOf("\r\n")));
            head->clear();
            socket->write(m_answer);
        });
    }

    QTcpServer *m_server;
    QByteArray m_answer;
    int m_connections = 0;
};

QByteArray httpAnswer(int status, const QByteArray &headers = {}, const QByteArray &body = {})
{
    return "HTTP/1.1 " + QByteArray::number(status) + " X\r\n" + headers
            + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

} // namespace

class tst_Caller : public EmulatorTestCase
{
    Q_OBJECT

private Q_SLOTS:
    void syncBodies_data();
    void syncBodies();
    void headRequest();
    void uploadStreamsFromDevice();
    void abortEndsTheCall();
    void enqueueDeliversElementId();
    void enqueueAnswers_data();
    void enqueueAnswers();
    void unknownFunctionIs404Everywhere();
    void publishDeliveredOrNoSubscriber();
    void statuses();
    void statusAnswers_data();
    void statusAnswers();
    void continuationsRunOnCallerThread();
    void callerInWorkerThread();
    void destroyedCallerSettlesEverything();
    void transferTimeout();
    void invalidArguments();
    void urlPrefixKept();
    void tls();
    void throughHttpProxy();
    void redirectIsTheAnswer_data();
    void redirectIsTheAnswer();
    void sameOriginRedirectFollowed_data();
    void sameOriginRedirectFollowed();
    void functionRedirectThroughEmulator();
    void dotSegmentsRefused_data();
    void dotSegmentsRefused();
    void noRouteOutsideItsOwn();
    void endlessBodyKeepsMemoryBounded();
    void answerLargerThanTheLimit();
    void unreadableAnswers_data();
    void unreadableAnswers();
    void interimStatus_data();
    void interimStatus();
    void malformedFraming_data();
    void malformedFraming();
    void compressedAnswerDecoded();
    void connectionsReused();
    void connectionsPerOriginLimited();
    void closedIdleConnectionRetried();
    void repliesBelongToTheirCaller();
    void autoDeleteReplies();
    void signalsNameTheirCall();
    void threadRulesAreSaid();
    void waitForEventMatchesOnlyTheWantedEvent();
    void waitForEventTimesOut();
    void waitForEventEndsWithClient();
    void waitForAsyncRequestLeavesAnsweringToTheClient();

private:
    SlimFaasClient *function(const SlimFaasFunctionConfig &config);
    SlimFaasCaller *caller();
};

SlimFaasClient *tst_Caller::function(const SlimFaasFunctionConfig &config)
{
    auto *client = new SlimFaasClient(emulator->webSocketUrl(), config, harness);
    client->open();
    if (!client->waitForReady(5000))
        qWarning("function %s not ready", qPrintable(config.functionName()));
    return client;
}

SlimFaasCaller *tst_Caller::caller()
{
    return new SlimFaasCaller(emulator->httpUrl(), harness);
}

void tst_Caller::syncBodies_data()
{
    QTest::addColumn<int>("size");
    for (int size : { 0, 1, 32 * 1024 - 1, 32 * 1024, 32 * 1024 + 1, 8 * 1024 * 1024 })
        QTest::addRow("%d bytes", size) << size;
}

// Exact bytes both ways, with the function's status and headers, and what the function saw.
void tst_Caller::syncBodies()
{
    QFETCH(int, size);
    SlimFaasClient *echo = function(SlimFaasFunctionConfig(QStringLiteral("echo")));
    QString seenPath, seenQuery, seenCallerHeader, seenCallHeader;
    echo->setSyncRequestHandler([&](SlimFaasSyncRequest *request) {
        seenPath = request->path();
        seenQuery = request->query();
        seenCallerHeader = request->header(QStringLiteral("Authorization"));
        seenCallHeader = request->header(QStringLiteral("X-Call"));
        request->startResponse(201, { { QStringLiteral("X-Echo"), { QStringLiteral("yes") } } });
        pipeBodyBack(request);
    });

    SlimFaasCaller *client = caller();
    client->setHeader("Authorization", "Bearer t");
    const QByteArray body = pattern(size);
    std::unique_ptr<SlimFaasCallReply> reply(
            client->invoke(QStringLiteral("echo"), QStringLiteral("/a/b?x=1"), "POST",
                           { { QStringLiteral("X-Call"), { QStringLiteral("c") } } }, body));
    QSignalSpy metaData(reply.get(), &SlimFaasCallReply::metaDataChanged);
    QSignalSpy finished(reply.get(), &SlimFaasCallReply::finished);
    QByteArray received;
    connect(reply.get(), &QIODevice::readyRead, this, [&] { received += reply->readAll(); });
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
    received += reply->readAll();
    QCOMPARE(reply->error(), SlimFaasCaller::NoError);
    QVERIFY(reply->atEnd());
    QCOMPARE(reply->statusCode(), 201);
    QVERIFY(metaData.size() >= 1);
    QCOMPARE(reply->rawHeader("x-echo"), QByteArray("yes"));
    QCOMPARE(received.size(), body.size());
    QVERIFY(received == body);
    QCOMPARE(seenPath, QStringLiteral("a/b"));
    QCOMPARE(seenQuery, QStringLiteral("?x=1"));
    QCOMPARE(seenCallerHeader, QStringLiteral("Bearer t"));
    QCOMPARE(seenCallHeader, QStringLiteral("c"));
}

void tst_Caller::headRequest()
{
    SlimFaasClient *fn = function(SlimFaasFunctionConfig(QStringLiteral("head")));
    QString seenMethod;
    fn->setSyncRequestHandler([&](SlimFaasSyncRequest *request) {
        seenMethod = request->method();
        request->respond(204);
    });
    std::unique_ptr<SlimFaasCallReply> reply(
            caller()->invoke(QStringLiteral("head"), QString(), "HEAD"));
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->error(), SlimFaasCaller::NoError);
    QCOMPARE(reply->statusCode(), 204);
    QCOMPARE(seenMethod, QStringLiteral("HEAD"));
}

// The function reads the first part of the body before the rest even exists.
void tst_Caller::uploadStreamsFromDevice()
{
    SlimFaasClient *fn = function(SlimFaasFunctionConfig(QStringLiteral("upload")));
    QByteArray arrived;
    fn->setSyncRequestHandler([&](SlimFaasSyncRequest *request) {
        auto take = [request, &arrived] {
            arrived += request->readAll();
            if (request->isRequestBodyComplete() && !request->isResponseStarted())
                request->respond(200, {}, QByteArray::number(arrived.size()));
        };
        QObject::connect(request, &QIODevice::readyRead, request, take);
        QObject::connect(request, &SlimFaasSyncRequest::requestBodyFinished, request, take);
        take();
    });

    const QByteArray first = pattern(100 * 1024);
    const QByteArray second = pattern(50 * 1024);
    FeedDevice device;
    std::unique_ptr<SlimFaasCallReply> reply(
            caller()->invoke(QStringLiteral("upload"), QStringLiteral("in"), "PUT", {}, &device,
                             first.size() + second.size()));
    device.feed(first);
    QTRY_COMPARE_WITH_TIMEOUT(arrived.size(), first.size(), 10000);
    QVERIFY(!reply->isFinished());
    device.feed(second);
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
    QCOMPARE(reply->statusCode(), 200);
    QCOMPARE(reply->readAll(), QByteArray::number(first.size() + second.size()));
    QVERIFY(arrived == first + second);
}

// abort() mid-response: the reply ends at once, and SlimFaas sees its caller leave. (What
// the function is told is the server's business: SlimFaas sends it no SyncCancel then.)
void tst_Caller::abortEndsTheCall()
{
    SlimFaasClient *fn = function(SlimFaasFunctionConfig(QStringLiteral("slow")));
    QPointer<SlimFaasSyncRequest> open;
    fn->setSyncRequestHandler([&](SlimFaasSyncRequest *request) {
        open = request;
        request->startResponse(200);
        request->write("first part, the rest never comes");
    });
    QSignalSpy left(emulator, &SlimFaasEmulator::syncRequestCancelled);
    std::unique_ptr<SlimFaasCallReply> reply(caller()->invoke(QStringLiteral("slow"), {}));
    QSignalSpy errors(reply.get(), &SlimFaasCallReply::errorOccurred);
    QSignalSpy finished(reply.get(), &SlimFaasCallReply::finished);
    QTRY_VERIFY(reply->bytesAvailable() > 0);
    QCOMPARE(reply->statusCode(), 200);
    QVERIFY(open);
    const QString id = open->correlationId();
    reply->abort();
    QCOMPARE(finished.size(), 1);
    QCOMPARE(errors.size(), 1);
    QCOMPARE(reply->error(), SlimFaasCaller::OperationCanceled);
    QVERIFY(!reply->errorString().isEmpty());
    QCOMPARE(reply->readAll(), QByteArray("first part, the rest never comes"));
    QTRY_COMPARE(left.size(), 1);
    QCOMPARE(left.first().at(1).toString(), id);
    reply->abort(); // once finished, nothing more happens
    QCOMPARE(finished.size(), 1);
}

void tst_Caller::enqueueDeliversElementId()
{
    SlimFaasClient *fn = function(SlimFaasFunctionConfig(QStringLiteral("worker")));
    QList<SlimFaasAsyncRequest> received;
    fn->setAsyncRequestHandler([&](const SlimFaasAsyncRequest &request) {
        received.append(request);
        return 200;
    });
    SlimFaasCaller *client = caller();
    QSignalSpy enqueued(client, &SlimFaasCaller::enqueued);
    QFuture<QString> id = client->enqueue(QStringLiteral("worker"), QStringLiteral("job?n=3"),
                                          "POST", {}, "payload");
    QTRY_VERIFY(id.isFinished());
    QVERIFY(!id.isCanceled());
    QVERIFY(!id.result().isEmpty());
    QCOMPARE(enqueued.size(), 1);
    QCOMPARE(enqueued.first().at(0).toString(), QStringLiteral("worker"));
    QCOMPARE(enqueued.first().at(1).toString(), QStringLiteral("job?n=3"));
    QCOMPARE(enqueued.first().at(2).toString(), id.result());
    QTRY_COMPARE(received.size(), 1);
    QCOMPARE(received.first().elementId(), id.result());
    QCOMPARE(received.first().path(), QStringLiteral("job"));
    QCOMPARE(received.first().query(), QStringLiteral("?n=3"));
    QCOMPARE(received.first().body(), QByteArray("payload"));
}

void tst_Caller::enqueueAnswers_data()
{
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<int>("error");
    QTest::addColumn<int>("statusCode");
    QTest::newRow("202 with an id")
            << httpAnswer(202, "SlimFaas-Element-Id: abc\r\n") << int(SlimFaasCaller::NoError) << 0;
    QTest::newRow("202 without id") << httpAnswer(202) << int(SlimFaasCaller::ProtocolError) << 202;
    QTest::newRow("200 is not queued") << httpAnswer(200, "SlimFaas-Element-Id: abc\r\n")
                                       << int(SlimFaasCaller::HttpError) << 200;
    QTest::newRow("405") << httpAnswer(405) << int(SlimFaasCaller::HttpError) << 405;
    QTest::newRow("404") << httpAnswer(404) << int(SlimFaasCaller::FunctionNotFound) << 404;
    QTest::newRow("503") << httpAnswer(503) << int(SlimFaasCaller::HttpError) << 503;
}

void tst_Caller::enqueueAnswers()
{
    QFETCH(QByteArray, answer);
    QFETCH(int, error);
    QFETCH(int, statusCode);
    CannedServer server(answer);
    QVERIFY(server.listen());
    SlimFaasCaller client(server.url());
    auto id = client.enqueue(QStringLiteral("f"), QStringLiteral("p"));
    const SlimFaasCallError failure = failureOf(id);
    QCOMPARE(int(failure.error()), error);
    QCOMPARE(failure.statusCode(), statusCode);
    if (error == SlimFaasCaller::NoError)
        QCOMPARE(id.result(), QStringLiteral("abc"));
    QCOMPARE(server.requestLines, { QByteArray("POST /async-function/f/p HTTP/1.1") });
}

void tst_Caller::unknownFunctionIs404Everywhere()
{
    SlimFaasCaller *client = caller();
    QSignalSpy errors(client, &SlimFaasCaller::errorOccurred);

    std::unique_ptr<SlimFaasCallReply> reply(client->invoke(QStringLiteral("ghost"), {}));
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->statusCode(), 404); // an answer, not a transport error
    QCOMPARE(reply->error(), SlimFaasCaller::NoError);

    const SlimFaasCallError enqueueError = failureOf(client->enqueue(QStringLiteral("ghost"), {}));
    QCOMPARE(enqueueError.error(), SlimFaasCaller::FunctionNotFound);
    QCOMPARE(enqueueError.statusCode(), 404);
    QVERIFY(!enqueueError.errorString().isEmpty());

    const SlimFaasCallError statusError
            = failureOf(client->functionStatus(QStringLiteral("ghost")));
    QCOMPARE(statusError.error(), SlimFaasCaller::FunctionNotFound);

    QFuture<SlimFaasCaller::PublishResult> published = client->publish(QStringLiteral("nobody"));
    QTRY_VERIFY(published.isFinished());
    QCOMPARE(published.result(), SlimFaasCaller::NoSubscriber);

    QTRY_COMPARE(errors.size(), 2);
    QCOMPARE(errors.at(0).at(0).value<SlimFaasCaller::Error>(), SlimFaasCaller::FunctionNotFound);
}

void tst_Caller::publishDeliveredOrNoSubscriber()
{
    SlimFaasFunctionConfig config(QStringLiteral("listener"));
    config.setSubscribeEvents(QStringList{ QStringLiteral("order-created") });
    SlimFaasClient *fn = function(config);
    QList<SlimFaasPublishEvent> events;
    connect(fn, &SlimFaasClient::publishEventReceived, this,
            [&](const SlimFaasPublishEvent &event) { events.append(event); });

    SlimFaasCaller *client = caller();
    QSignalSpy published(client, &SlimFaasCaller::published);
    auto delivered = client->publish(
            QStringLiteral("order-created"), QStringLiteral("orders/7"), "{\"id\":7}",
            { { QStringLiteral("Content-Type"), { QStringLiteral("application/json") } } });
    auto nobody = client->publish(QStringLiteral("order-deleted"));
    QTRY_VERIFY(delivered.isFinished() && nobody.isFinished());
    QCOMPARE(delivered.result(), SlimFaasCaller::Delivered);
    QCOMPARE(nobody.result(), SlimFaasCaller::NoSubscriber);
    QCOMPARE(published.size(), 2);
    QTRY_COMPARE(events.size(), 1);
    QCOMPARE(events.first().eventName(), QStringLiteral("order-created"));
    QCOMPARE(events.first().path(), QStringLiteral("orders/7"));
    QCOMPARE(events.first().body(), QByteArray("{\"id\":7}"));
}

void tst_Caller::statuses()
{
    function(SlimFaasFunctionConfig(QStringLiteral("alpha")));
    function(SlimFaasFunctionConfig(QStringLiteral("alpha")));
    function(SlimFaasFunctionConfig(QStringLiteral("beta")));
    SlimFaasCaller *client = caller();
    QSignalSpy all(client, &SlimFaasCaller::functionStatusesReceived);
    QSignalSpy one(client, &SlimFaasCaller::functionStatusReceived);

    auto list = client->functionStatuses();
    QTRY_VERIFY(list.isFinished());
    QCOMPARE(all.size(), 1);
    SlimFaasFunctionStatus alpha;
    for (const SlimFaasFunctionStatus &status : list.result()) {
        if (status.name() == QLatin1String("alpha"))
            alpha = status;
    }
    QCOMPARE(alpha.numberReady(), 2);
    QCOMPARE(alpha.podType(), QStringLiteral("WebSocket"));
    QCOMPARE(alpha.visibility(), QStringLiteral("Public"));
    QVERIFY(list.result().size() >= 2);

    auto beta = client->functionStatus(QStringLiteral("beta"));
    QTRY_VERIFY(beta.isFinished());
    QCOMPARE(one.size(), 1);
    QCOMPARE(beta.result().name(), QStringLiteral("beta"));
    QCOMPARE(beta.result().numberReady(), 1);
    QCOMPARE(beta.result().podType(), QStringLiteral("WebSocket"));
}

// What /status-functions may answer: the five fields are read, others ignored, anything
// else is a ProtocolError rather than a made-up status.
void tst_Caller::statusAnswers_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("error");
    QTest::addColumn<int>("count");
    const QByteArray five = R"({"NumberReady":1,"NumberRequested":2,"PodType":"WebSocket",)"
                            R"("Visibility":"Private","Name":"f")";
    QTest::newRow("five fields") << QByteArray("[" + five + "}]") << int(SlimFaasCaller::NoError)
                                 << 1;
    QTest::newRow("extra fields ignored")
            << QByteArray("[" + five + R"(,"Extra":{"a":1},"Replicas":[]}])")
            << int(SlimFaasCaller::NoError) << 1;
    QTest::newRow("empty list") << QByteArray("[]") << int(SlimFaasCaller::NoError) << 0;
    QTest::newRow("missing field") << QByteArray(
            R"([{"NumberReady":1,"PodType":"WebSocket","Visibility":"Public","Name":"f"}])")
                                   << int(SlimFaasCaller::ProtocolError) << 0;
    QTest::newRow("wrong type") << QByteArray(
            R"([{"NumberReady":"1","NumberRequested":1,"PodType":"WebSocket",)"
            R"("Visibility":"Public","Name":"f"}])")
                                << int(SlimFaasCaller::ProtocolError) << 0;
    QTest::newRow("not JSON") << QByteArray("<html>") << int(SlimFaasCaller::ProtocolError) << 0;
    QTest::newRow("an object") << QByteArray("{}") << int(SlimFaasCaller::ProtocolError) << 0;
}

void tst_Caller::statusAnswers()
{
    QFETCH(QByteArray, body);
    QFETCH(int, error);
    QFETCH(int, count);
    CannedServer server(httpAnswer(200, "Content-Type: application/json\r\n", body));
    QVERIFY(server.listen());
    SlimFaasCaller client(server.url());
    auto statuses = client.functionStatuses();
    const SlimFaasCallError failure = failureOf(statuses);
    QCOMPARE(int(failure.error()), error);
    if (error != SlimFaasCaller::NoError) {
        QVERIFY(!failure.errorString().isEmpty());
        return;
    }
    QCOMPARE(statuses.result().size(), count);
    if (count) {
        const SlimFaasFunctionStatus status = statuses.result().first();
        QCOMPARE(status.name(), QStringLiteral("f"));
        QCOMPARE(status.numberReady(), 1);
        QCOMPARE(status.numberRequested(), 2);
        QCOMPARE(status.podType(), QStringLiteral("WebSocket"));
        QCOMPARE(status.visibility(), QStringLiteral("Private"));
    }
}

// A QFuture-only user: no signal connected, continuations on the caller's thread.
void tst_Caller::continuationsRunOnCallerThread()
{
    function(SlimFaasFunctionConfig(QStringLiteral("then")));
    SlimFaasCaller *client = caller();
    QThread *ranOn = nullptr;
    QString name;
    bool failed = false;
    auto chain = client->functionStatus(QStringLiteral("then"))
                         .then([&](const SlimFaasFunctionStatus &status) {
                             ranOn = QThread::currentThread();
                             name = status.name();
                         });
    auto failing = client->enqueue(QStringLiteral("nothing-here"), {})
                           .then([](const QString &) {})
                           .onFailed([&](const SlimFaasCallError &error) {
                               failed = error.error() == SlimFaasCaller::FunctionNotFound;
                           });
    QTRY_VERIFY(chain.isFinished() && failing.isFinished());
    QCOMPARE(ranOn, QThread::currentThread());
    QCOMPARE(name, QStringLiteral("then"));
    QVERIFY(failed);
}

// A caller owned by another thread works on that thread's event loop, and its futures
// settle there.
void tst_Caller::callerInWorkerThread()
{
    function(SlimFaasFunctionConfig(QStringLiteral("threaded")));
    QThread worker;
    worker.start();
    auto *context = new QObject;
    context->moveToThread(&worker);
    std::atomic<bool> done{ false };
    QThread *ranOn = nullptr;
    QString name;
    const QUrl url = emulator->httpUrl();
    QMetaObject::invokeMethod(context, [&, context, url] {
        auto *client = new SlimFaasCaller(url, context);
        client->functionStatus(QStringLiteral("threaded"))
                .then([&](const SlimFaasFunctionStatus &status) {
                    ranOn = QThread::currentThread();
                    name = status.name();
                    done = true;
                });
    });
    QTRY_VERIFY(done.load());
    QCOMPARE(ranOn, &worker);
    QCOMPARE(name, QStringLiteral("threaded"));
    QMetaObject::invokeMethod(
            context, [context] { delete context; }, Qt::BlockingQueuedConnection);
    worker.quit();
    QVERIFY(worker.wait(5000));
}

// Calls still waiting when the caller goes: every future fails, every reply finishes.
void tst_Caller::destroyedCallerSettlesEverything()
{
    CannedServer silent({}); // accepts and never answers
    QVERIFY(silent.listen());
    auto *client = new SlimFaasCaller(silent.url());
    // Given another parent, the reply outlives its caller.
    std::unique_ptr<SlimFaasCallReply> reply(client->invoke(QStringLiteral("f"), {}));
    reply->setParent(nullptr);
    QSignalSpy finished(reply.get(), &SlimFaasCallReply::finished);
    auto id = client->enqueue(QStringLiteral("f"), {});
    auto result = client->publish(QStringLiteral("e"));
    auto statuses = client->functionStatuses();
    QTRY_VERIFY(silent.connections() >= 2);
    QVERIFY(!id.isFinished());
    delete client;

    QVERIFY(id.isFinished() && result.isFinished() && statuses.isFinished());
    QCOMPARE(failureOf(id).error(), SlimFaasCaller::OperationCanceled);
    QCOMPARE(failureOf(result).error(), SlimFaasCaller::OperationCanceled);
    QCOMPARE(failureOf(statuses).error(), SlimFaasCaller::OperationCanceled);
    QVERIFY(reply->isFinished());
    QCOMPARE(reply->error(), SlimFaasCaller::OperationCanceled);
    QTRY_COMPARE(finished.size(), 1);
    QVERIFY(reply->atEnd());
}

void tst_Caller::transferTimeout()
{
    CannedServer silent({});
    QVERIFY(silent.listen());
    SlimFaasCaller client(silent.url());
    client.setTransferTimeout(200);
    auto id = client.enqueue(QStringLiteral("f"), {});
    std::unique_ptr<SlimFaasCallReply> reply(client.invoke(QStringLiteral("f"), {}));
    QTRY_VERIFY(id.isFinished() && reply->isFinished());
    QCOMPARE(failureOf(id).error(), SlimFaasCaller::TimeoutError);
    QCOMPARE(reply->error(), SlimFaasCaller::TimeoutError);
    QVERIFY(!reply->errorString().isEmpty());
}

void tst_Caller::invalidArguments()
{
    SlimFaasCaller *client = caller();
    QSignalSpy errors(client, &SlimFaasCaller::errorOccurred);
    QCOMPARE(failureOf(client->enqueue(QString(), {})).error(), SlimFaasCaller::InvalidArgument);
    QCOMPARE(failureOf(client->publish(QStringLiteral("a/b"))).error(),
             SlimFaasCaller::InvalidArgument);
    std::unique_ptr<SlimFaasCallReply> reply(client->invoke(QString(), {}));
    QVERIFY(reply->isFinished());
    QCOMPARE(reply->error(), SlimFaasCaller::InvalidArgument);
    QCOMPARE(errors.size(), 0); // reported from the event loop, after the call returned
    QTRY_COMPARE(errors.size(), 3);

    SlimFaasCaller wrongScheme(QUrl(QStringLiteral("ws://127.0.0.1:5003")));
    QCOMPARE(failureOf(wrongScheme.functionStatuses()).error(), SlimFaasCaller::InvalidArgument);
}

// SlimFaas behind a reverse proxy: the base URL's path prefixes every route.
void tst_Caller::urlPrefixKept()
{
    CannedServer recorder(httpAnswer(204));
    QVERIFY(recorder.listen());
    SlimFaasCaller client(
            recorder.url(QStringLiteral("http"), QStringLiteral("/gateway/slimfaas/")));
    auto result = client.publish(QStringLiteral("my event"), QStringLiteral("x/y?z=1 2"));
    QTRY_VERIFY(result.isFinished());
    QCOMPARE(result.result(), SlimFaasCaller::Delivered);
    QCOMPARE(
            recorder.requestLines,
            { QByteArray("POST /gateway/slimfaas/publish-event/my%20event/x/y?z=1%202 HTTP/1.1") });
}

// A redirect to another origin, whatever its status: the 3xx is the answer, with its Location,
// and nothing (not the Authorization, not the body) reaches the other host.
void tst_Caller::redirectIsTheAnswer_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<int>("policy");
    for (const int status : { 301, 302, 303, 307, 308 }) {
        for (const char *method : { "GET", "POST" }) {
            QTest::addRow("%d %s", status, method)
                    << status << QByteArray(method) << int(SlimFaasCaller::NoRedirect);
            QTest::addRow("%d %s same-origin policy", status, method)
                    << status << QByteArray(method) << int(SlimFaasCaller::SameOriginRedirect);
        }
    }
}

void tst_Caller::redirectIsTheAnswer()
{
    QFETCH(int, status);
    QFETCH(QByteArray, method);
    QFETCH(int, policy);
    HostileHttpServer attacker(httpAnswer(200, {}, "stolen"));
    QVERIFY(attacker.listen());
    const QByteArray location = attacker.url(QStringLiteral("/collect")).toEncoded();
    HostileHttpServer liar(httpAnswer(status, "Location: " + location + "\r\n", "moved"));
    QVERIFY(liar.listen());

    SlimFaasCaller client(liar.url());
    client.setRedirectPolicy(SlimFaasCaller::RedirectPolicy(policy));
    client.setHeader("Authorization", "Bearer secret");
    std::unique_ptr<SlimFaasCallReply> reply(
            client.invoke(QStringLiteral("fa"), QStringLiteral("x"), method,
                          { { QStringLiteral("X-Custom"), { QStringLiteral("mine") } } }, "body"));
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->error(), SlimFaasCaller::NoError);
    QCOMPARE(reply->statusCode(), status);
    QCOMPARE(reply->rawHeader("location"), location);
    QCOMPARE(reply->readAll(), QByteArray("moved"));
    QCOMPARE(liar.requests.size(), 1);
    QVERIFY(liar.requests.first().contains("Authorization: Bearer secret"));

    // The futures' routes as well: the 3xx is an unexpected status.
    auto id = client.enqueue(QStringLiteral("fa"), QStringLiteral("x"));
    QCOMPARE(failureOf(id).statusCode(), status);
    auto statuses = client.functionStatuses();
    QCOMPARE(failureOf(statuses).statusCode(), status);
    QTest::qWait(50);
    QVERIFY2(!attacker.reached(), "a request reached the other origin");
}

// The opt-in: redirects to the same origin are followed when the method can stay the same,
// with the same headers and body; the others are the answer.
void tst_Caller::sameOriginRedirectFollowed_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<bool>("followed");
    QTest::newRow("307 POST") << 307 << QByteArray("POST") << true;
    QTest::newRow("308 PUT") << 308 << QByteArray("PUT") << true;
    QTest::newRow("302 GET") << 302 << QByteArray("GET") << true;
    QTest::newRow("301 GET") << 301 << QByteArray("GET") << true;
    QTest::newRow("303 GET") << 303 << QByteArray("GET") << true;
    QTest::newRow("302 POST: not silently a GET") << 302 << QByteArray("POST") << false;
    QTest::newRow("303 POST: not silently a GET") << 303 << QByteArray("POST") << false;
    QTest::newRow("301 DELETE") << 301 << QByteArray("DELETE") << false;
}

void tst_Caller::sameOriginRedirectFollowed()
{
    QFETCH(int, status);
    QFETCH(QByteArray, method);
    QFETCH(bool, followed);
    HostileHttpServer server([status](QTcpSocket *socket, const QByteArray &request) {
        if (request.contains(" /function/fa/first "))
            socket->write(httpAnswer(status, "Location: /function/fa/second\r\n", "moved"));
        else
            socket->write(httpAnswer(200, {}, "arrived"));
    });
    QVERIFY(server.listen());
    SlimFaasCaller client(server.url());
    client.setRedirectPolicy(SlimFaasCaller::SameOriginRedirect);
    client.setHeader("Authorization", "Bearer secret");
    const QByteArray body = method == "GET" ? QByteArray() : QByteArray("payload");
    std::unique_ptr<SlimFaasCallReply> reply(
            client.invoke(QStringLiteral("fa"), QStringLiteral("first"), method, {}, body));
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->error(), SlimFaasCaller::NoError);
    QCOMPARE(reply->statusCode(), followed ? 200 : status);
    QCOMPARE(reply->readAll(), followed ? QByteArray("arrived") : QByteArray("moved"));
    QCOMPARE(server.requests.size(), followed ? 2 : 1);
    if (followed) {
        const QByteArray second = server.requests.at(1);
        QVERIFY2(second.startsWith(method + " /function/fa/second "), second.constData());
        QVERIFY(second.contains("Authorization: Bearer secret"));
        QVERIFY(second.endsWith("\r\n\r\n" + body));
    }
}

// What the issue found: a function answers 307 to an attacker's host through SlimFaas, and
// every caller's token would go there. The 307 comes back as the function's answer.
void tst_Caller::functionRedirectThroughEmulator()
{
    HostileHttpServer attacker(httpAnswer(200, {}, "stolen"));
    QVERIFY(attacker.listen());
    const QString location = attacker.url(QStringLiteral("/")).toString();
    SlimFaasClient *fn = function(SlimFaasFunctionConfig(QStringLiteral("liar")));
    fn->setSyncRequestHandler([location](SlimFaasSyncRequest *request) {
        QObject::connect(request, &SlimFaasSyncRequest::finished, request, &QObject::deleteLater);
        request->respond(307, { { QStringLiteral("Location"), { location } } }, "go there");
    });
    for (const auto policy : { SlimFaasCaller::NoRedirect, SlimFaasCaller::SameOriginRedirect }) {
        SlimFaasCaller *client = caller();
        client->setRedirectPolicy(policy);
        client->setHeader("Authorization", "Bearer secret");
        SlimFaasCallReply *reply
                = client->invoke(QStringLiteral("liar"), QStringLiteral("x"), "POST", {}, "data");
        QTRY_VERIFY(reply->isFinished());
        QCOMPARE(reply->error(), SlimFaasCaller::NoError);
        QCOMPARE(reply->statusCode(), 307);
        QCOMPARE(reply->rawHeader("Location"), location.toUtf8());
        QCOMPARE(reply->readAll(), QByteArray("go there"));
    }
    QTest::qWait(50);
    QVERIFY(!attacker.reached());
}

// Paths that would climb out of /function/fa/ once a server decodes and normalises them.
void tst_Caller::dotSegmentsRefused_data()
{
    QTest::addColumn<QString>("path");
    const char *paths[] = {
        "..",
        "../fb",
        "../../function/fb/x",
        "a/../../status-functions",
        "./x",
        "a/./b",
        "a/..",
        "%2e%2e/fb",
        "%2E%2E/fb",
        "%2e%2E/x",
        ".%2e/x",
        "%2e./x",
        "%2e/x",
        "a/%2e%2e%2f%2e%2e/fb",
        "%252e%252e/fb",
        "%25252e%25252e/x",
        "..%2ffb",
        "..%2Ffb",
        "..\\fb",
        "a\\..\\..\\fb",
        "..%5cfb",
        "%2e%2e%5c",
        "/../fb",
        "//../fb",
        "a/../?q=1",
        ".. /x",
        "..;x/fb",
        ".../fb",
    };
    for (const char *path : paths)
        QTest::newRow(path) << QString::fromUtf8(path);
}

void tst_Caller::dotSegmentsRefused()
{
    QFETCH(QString, path);
    HostileHttpServer server(httpAnswer(202, "SlimFaas-Element-Id: e\r\n"));
    QVERIFY(server.listen());
    SlimFaasCaller client(server.url());
    std::unique_ptr<SlimFaasCallReply> reply(client.invoke(QStringLiteral("fa"), path));
    QVERIFY(reply->isFinished());
    QCOMPARE(reply->error(), SlimFaasCaller::InvalidArgument);
    QCOMPARE(failureOf(client.enqueue(QStringLiteral("fa"), path)).error(),
             SlimFaasCaller::InvalidArgument);
    QCOMPARE(failureOf(client.publish(QStringLiteral("ev"), path)).error(),
             SlimFaasCaller::InvalidArgument);
    // Names are checked in the same way.
    QCOMPARE(failureOf(client.enqueue(path, QStringLiteral("x"))).error(),
             SlimFaasCaller::InvalidArgument);
    QTest::qWait(20);
    QVERIFY(!server.reached());
}

namespace {

// A path as a server that decodes percent-encoding (several times, as layers in front of a
// function may) and removes dot segments (RFC 3986 §5.2.4, '\' taken for '/') would route it.
QByteArray normalisedAsAServerWould(QByteArray path)
{
    for (int i = 0; i < 4; ++i)
        path = QByteArray::fromPercentEncoding(path);
    path.replace('\\', '/');
    QList<QByteArray> out;
    const QList<QByteArray> segments = path.split('/');
    for (qsizetype i = 0; i < segments.size(); ++i) {
        const QByteArray &segment = segments.at(i);
        if (segment == "..") {
            if (out.size() > 1)
                out.removeLast();
        } else if (segment != ".") {
            out.append(segment);
        }
    }
    return out.join('/');
}

} // namespace

// Whatever path an application passes on, every request stays under its route.
void tst_Caller::noRouteOutsideItsOwn()
{
    HostileHttpServer server(httpAnswer(202, "SlimFaas-Element-Id: e\r\n"));
    QVERIFY(server.listen());
    SlimFaasCaller client(server.url());
    QStringList paths = { QStringLiteral("a/b"), QStringLiteral("..a/b.."),
                          QStringLiteral("a..b/.c"), QStringLiteral("%41/%2F/x") };
    const QString pieces[]
            = { QStringLiteral(".."),     QStringLiteral("."),   QStringLiteral("%2e"),
                QStringLiteral("/"),      QStringLiteral("%2f"), QStringLiteral("\\"),
                QStringLiteral("%2E%2e"), QStringLiteral("%5c"), QStringLiteral("%25"),
                QStringLiteral("a"),      QStringLiteral("?"),   QStringLiteral("#") };
    // Every path of two pieces, and of three of the pieces that separate or climb.
    for (const QString &a : pieces) {
        for (const QString &b : pieces)
            paths.append(a + b);
    }
    for (int i = 0; i < 216; ++i)
        paths.append(pieces[i % 6] + pieces[i / 6 % 6] + pieces[i / 36 % 6]);
    int sent = 0;
    for (const QString &path : std::as_const(paths)) {
        const struct
        {
            QString prefix;
            std::function<bool()> call;
        } routes[] = {
            { QStringLiteral("/function/fa/"),
              [&] {
                  SlimFaasCallReply *reply = client.invoke(QStringLiteral("fa"), path);
                  const bool refused = reply->isFinished();
                  const bool answered
                          = QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000);
                  delete reply;
                  return !refused && answered;
              } },
            { QStringLiteral("/async-function/fa/"),
              [&] {
                  return failureOf(client.enqueue(QStringLiteral("fa"), path)).error()
                          != SlimFaasCaller::InvalidArgument;
              } },
            { QStringLiteral("/publish-event/ev/"),
              [&] {
                  return failureOf(client.publish(QStringLiteral("ev"), path)).error()
                          != SlimFaasCaller::InvalidArgument;
              } },
        };
        for (const auto &r : routes) {
            const qsizetype before = server.requests.size();
            if (!r.call())
                continue;
            ++sent;
            QTRY_COMPARE(server.requests.size(), before + 1);
            const QByteArray target = server.requestLines().last().split(' ').value(1);
            const qsizetype query = target.indexOf('?');
            const QByteArray routed
                    = normalisedAsAServerWould(query < 0 ? target : target.left(query));
            QVERIFY2(routed.startsWith(r.prefix.toLatin1()) || routed + '/' == r.prefix.toLatin1(),
                     (path.toUtf8() + " reached " + routed).constData());
        }
    }
    QVERIFY(sent > 100); // the harmless paths were sent
}

// An endless body that the application does not read: the reply holds its read buffer, the
// connection waits, and the process's memory stays flat.
void tst_Caller::endlessBodyKeepsMemoryBounded()
{
    if (residentMemory() < 0)
        QSKIP("/proc/self/status is not readable here");
    auto written = std::make_shared<qint64>(0);
    HostileHttpServer server(HostileHttpServer::endlessChunkedBody(written));
    QVERIFY(server.listen());
    SlimFaasCaller client(server.url());
    client.setReplyReadBufferSize(64 * 1024);
    std::unique_ptr<SlimFaasCallReply> reply(client.invoke(QStringLiteral("fa"), {}));
    QCOMPARE(reply->readBufferSize(), 64 * 1024);
    QTRY_VERIFY(reply->bytesAvailable() > 0);
    const qint64 before = residentMemory();
    QTest::qWait(1500);
    const qint64 grown = residentMemory() - before;
    QVERIFY2(grown < 64 * 1024 * 1024,
             qPrintable(QStringLiteral("grew by %1 MiB").arg(grown / 1024 / 1024)));
    QVERIFY2(*written < 64 * 1024 * 1024,
             qPrintable(QStringLiteral("%1 MiB went out").arg(*written / 1024 / 1024)));
    QVERIFY(reply->bytesAvailable() <= 64 * 1024 + 128 * 1024);

    // Reading lets it flow again.
    const qint64 sentBefore = *written;
    qint64 read = 0;
    QTRY_VERIFY((read += reply->readAll().size(), *written > sentBefore + 4 * 1024 * 1024));
    QVERIFY(read > 0);
    reply->abort();
}

// The calls that read their answer whole stop at maximumAnswerSize().
void tst_Caller::answerLargerThanTheLimit()
{
    auto written = std::make_shared<qint64>(0);
    HostileHttpServer endless(HostileHttpServer::endlessChunkedBody(written));
    QVERIFY(endless.listen());
    SlimFaasCaller client(endless.url());
    QCOMPARE(client.maximumAnswerSize(), 16 * 1024 * 1024);
    client.setMaximumAnswerSize(1024 * 1024);
    const SlimFaasCallError error = failureOf(client.functionStatuses());
    QCOMPARE(error.error(), SlimFaasCaller::ProtocolError);
    QVERIFY2(error.errorString().contains(QLatin1String("1048576")),
             qPrintable(error.errorString()));
    QVERIFY(*written < 16 * 1024 * 1024);

    HostileHttpServer big(httpAnswer(200, {}, "[" + QByteArray(2 * 1024 * 1024, ' ') + "]"));
    QVERIFY(big.listen());
    client.setUrl(big.url());
    QCOMPARE(failureOf(client.functionStatuses()).error(), SlimFaasCaller::ProtocolError);
    QCOMPARE(failureOf(client.functionStatus(QStringLiteral("f"))).error(),
             SlimFaasCaller::ProtocolError);
    client.setMaximumAnswerSize(4 * 1024 * 1024);
    QCOMPARE(failureOf(client.functionStatuses()).error(), SlimFaasCaller::NoError);
}

// Answers Qt reads but that carry no usable body: errors, never a success.
void tst_Caller::unreadableAnswers_data()
{
    QTest::addColumn<QByteArray>("answer");
    const QByteArray bomb = gzipBomb(64 * 1024 * 1024);
    QTest::newRow("gzip bomb") << "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: "
                    + QByteArray::number(bomb.size()) + "\r\n\r\n" + bomb;
    QTest::newRow("not gzip") << QByteArray("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n"
                                            "Content-Length: 12\r\n\r\nnot gzip at ");
    QTest::newRow("101 nobody asked for")
            << QByteArray("HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\nraw bytes");
    QTest::newRow("gzip bomb on a 500")
            << "HTTP/1.1 500 X\r\nContent-Encoding: gzip\r\nContent-Length: "
                    + QByteArray::number(bomb.size()) + "\r\n\r\n" + bomb;
}

void tst_Caller::unreadableAnswers()
{
    QFETCH(QByteArray, answer);
    HostileHttpServer server(answer);
    QVERIFY(server.listen());
    SlimFaasCaller client(server.url());
    std::unique_ptr<SlimFaasCallReply> reply(client.invoke(QStringLiteral("fa"), {}));
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 20000);
    QCOMPARE(reply->error(), SlimFaasCaller::ProtocolError);
    QVERIFY(!reply->errorString().isEmpty());
    QCOMPARE(failureOf(client.functionStatuses()).error(), SlimFaasCaller::ProtocolError);
}

// Interim answers (102 Processing, 103 Early Hints) are skipped: the call gets the final
// answer that follows them, and the next call on the connection gets its own.
void tst_Caller::interimStatus_data()
{
    QTest::addColumn<QByteArray>("interim");
    QTest::newRow("102 Processing") << QByteArray("HTTP/1.1 102 Processing\r\n\r\n");
    QTest::newRow("103 Early Hints")
            << QByteArray("HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n");
    QTest::newRow("100 then 103") << QByteArray("HTTP/1.1 100 Continue\r\n\r\n"
                                                "HTTP/1.1 103 Early Hints\r\n\r\n");
}

void tst_Caller::interimStatus()
{
    QFETCH(QByteArray, interim);
    HostileHttpServer server([&](QTcpSocket *socket, const QByteArray &request) {
        socket->write(interim
                      + httpAnswer(request.startsWith("GET /status") ? 200 : 202,
                                   "SlimFaas-Element-Id: e1\r\n",
                                   request.startsWith("GET /status") ? "[]" : "final"));
    });
    QVERIFY(server.listen());
    SlimFaasCaller client(server.url());
    std::unique_ptr<SlimFaasCallReply> reply(client.invoke(QStringLiteral("fa"), {}));
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->error(), SlimFaasCaller::NoError);
    QCOMPARE(reply->statusCode(), 202);
    QCOMPARE(reply->readAll(), QByteArray("final"));
    QCOMPARE(reply->rawHeader("Link"), QByteArray()); // the interim answer's headers are not kept
    std::unique_ptr<SlimFaasCallReply> next(client.invoke(QStringLiteral("fa"), {}));
    QTRY_VERIFY(next->isFinished());
    QCOMPARE(next->error(), SlimFaasCaller::NoError);
    QCOMPARE(next->readAll(), QByteArray("final"));

    const auto queued = client.enqueue(QStringLiteral("fa"), {});
    QCOMPARE(failureOf(queued).error(), SlimFaasCaller::NoError);
    QCOMPARE(queued.result(), QStringLiteral("e1"));
    QCOMPARE(failureOf(client.functionStatuses()).error(), SlimFaasCaller::NoError);
    QCOMPARE(server.connections, 1);
}

// Framing that Qt 6.4's own HTTP reply lets through as a complete (truncated) answer: a
// chunk size that is not hexadecimal or overflows 64 bits, a chunk not followed by CRLF, or
// a connection closed before the announced end. Each fails the call, and what came before
// the fault stays readable; the next call gets a connection of its own.
void tst_Caller::malformedFraming_data()
{
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<bool>("closes"); // the server closes the connection after the bytes
    QTest::addColumn<int>("error");
    QTest::addColumn<QByteArray>("before"); // what the reply reads before the fault
    const QByteArray chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
    const int protocol = SlimFaasCaller::ProtocolError;
    const int connection = SlimFaasCaller::ConnectionError;
    QTest::newRow("chunk size zz") << chunked + "zz\r\nhello\r\n0\r\n\r\n"
                                   << false << protocol << QByteArray();
    QTest::newRow("zz after a chunk") << chunked + "2\r\nok\r\nzz\r\nhello\r\n0\r\n\r\n"
                                      << false << protocol << QByteArray("ok");
    QTest::newRow("chunk size over 64 bits") << chunked + "10000000000000005\r\nhello\r\n0\r\n\r\n"
                                             << false << protocol << QByteArray();
    QTest::newRow("no CRLF after the chunk") << chunked + "2\r\nokXX5\r\nhello\r\n0\r\n\r\n"
                                             << false << protocol << QByteArray("ok");
    QTest::newRow("no CRLF after the chunk, in two reads")
            << chunked + "2\r\nok\x01XX5\r\nhello\r\n0\r\n\r\n"
            << false << protocol << QByteArray("ok");
    QTest::newRow("no LF after the chunk, in two reads")
            << chunked + "2\r\nok\r\x01X5\r\nhello\r\n0\r\n\r\n"
            << false << protocol << QByteArray("ok");
    QTest::newRow("sound chunks in many reads, then zz")
            << chunked + "2\r\nok\x01\r\x01\n3\r\n123\r\n\x01zz\r\n"
            << false << protocol << QByteArray("ok123");
    QTest::newRow("chunk cut by the close")
            << chunked + "a\r\nhello" << true << connection << QByteArray("hello");
    QTest::newRow("last chunk never comes") << chunked + "5\r\nhello\r\n"
                                            << true << connection << QByteArray("hello");
    QTest::newRow("body shorter than Content-Length")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello") << true
            << connection << QByteArray("hello");
    QTest::newRow("head cut by the close")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Le") << true << connection << QByteArray();
}

void tst_Caller::malformedFraming()
{
    QFETCH(QByteArray, answer);
    QFETCH(bool, closes);
    QFETCH(int, error);
    QFETCH(QByteArray, before);
    int served = 0;
    HostileHttpServer server([&](QTcpSocket *socket, const QByteArray &) {
        if (served++ % 2 == 1) { // every second request: a sound answer
            socket->write(httpAnswer(200, {}, "sound"));
            return;
        }
        // Parts split by \x01 are written 20 ms apart: they arrive as separate reads.
        const QList<QByteArray> parts = answer.split('\x01');
        for (qsizetype i = 0; i < parts.size(); ++i) {
            QTimer::singleShot(20 * i, socket,
                               [socket, part = parts.at(i), closes, last = i + 1 == parts.size()] {
                                   socket->write(part);
                                   if (last && closes)
                                       socket->disconnectFromHost();
                               });
        }
    });
    QVERIFY(server.listen());
    SlimFaasCaller client(server.url());
    std::unique_ptr<SlimFaasCallReply> reply(client.invoke(QStringLiteral("fa"), {}));
    QSignalSpy errors(&client, &SlimFaasCaller::errorOccurred);
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(int(reply->error()), error);
    QCOMPARE(reply->readAll(), before);
    QVERIFY2(reply->errorString().contains(QLatin1String(closes ? "closed" : "Malformed")),
             qPrintable(reply->errorString()));
    QCOMPARE(errors.size(), 1);

    std::unique_ptr<SlimFaasCallReply> next(client.invoke(QStringLiteral("fa"), {}));
    QTRY_VERIFY(next->isFinished());
    QCOMPARE(next->error(), SlimFaasCaller::NoError);
    QCOMPARE(next->readAll(), QByteArray("sound"));

    // The calls that read their answer whole fail the same way.
    served = 0;
    QCOMPARE(int(failureOf(client.functionStatuses()).error()), error);
}

// As Qt's: gzip and deflate are asked for and decoded, unless the application asks itself.
void tst_Caller::compressedAnswerDecoded()
{
    const QByteArray text = QByteArray("compressed ").repeated(1000);
    const QByteArray zlib = qCompress(text).mid(4); // a zlib stream, as "deflate" is
    QByteArray asked;
    HostileHttpServer server([&](QTcpSocket *socket, const QByteArray &request) {
        asked = request;
        socket->write(httpAnswer(200, "Content-Encoding: deflate\r\n", zlib));
    });
    QVERIFY(server.listen());
    SlimFaasCaller client(server.url());
    std::unique_ptr<SlimFaasCallReply> reply(client.invoke(QStringLiteral("fa"), {}));
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->error(), SlimFaasCaller::NoError);
    QCOMPARE(reply->readAll(), text);
    QVERIFY2(asked.contains("\r\nAccept-Encoding: gzip, deflate\r\n"), asked.constData());

    SlimFaasHeaders own;
    own.insert(QStringLiteral("Accept-Encoding"), { QStringLiteral("deflate") });
    std::unique_ptr<SlimFaasCallReply> raw(client.invoke(QStringLiteral("fa"), {}, "GET", own));
    QTRY_VERIFY(raw->isFinished());
    QCOMPARE(raw->readAll(), zlib);
}

// Calls one after the other share one keep-alive connection; "Connection: close" ends it.
void tst_Caller::connectionsReused()
{
    bool close = false;
    HostileHttpServer server([&](QTcpSocket *socket, const QByteArray &) {
        socket->write(httpAnswer(200, close ? "Connection: close\r\n" : "", "x"));
    });
    QVERIFY(server.listen());
    SlimFaasCaller client(server.url());
    for (int i = 0; i < 5; ++i) {
        std::unique_ptr<SlimFaasCallReply> reply(
                client.invoke(QStringLiteral("fa"), {}, "POST", {}, QByteArray("body")));
        QTRY_VERIFY(reply->isFinished());
        QCOMPARE(reply->readAll(), QByteArray("x"));
    }
    QCOMPARE(server.connections, 1);
    close = true; // the open connection serves one more call, then each call opens its own
    for (int i = 0; i < 3; ++i) {
        std::unique_ptr<SlimFaasCallReply> reply(client.invoke(QStringLiteral("fa"), {}));
        QTRY_VERIFY(reply->isFinished());
        QCOMPARE(reply->error(), SlimFaasCaller::NoError);
    }
    QCOMPARE(server.connections, 3);
}

// At most six connections per origin, as Qt's: further calls wait for one, and a call given
// up while it waits leaves the others alone.
void tst_Caller::connectionsPerOriginLimited()
{
    int open = 0, most = 0;
    HostileHttpServer server([&](QTcpSocket *socket, const QByteArray &) {
        most = qMax(most, ++open);
        QTimer::singleShot(50, socket, [socket, &open] {
            --open;
            socket->write(httpAnswer(200, {}, "late"));
        });
    });
    QVERIFY(server.listen());
    SlimFaasCaller client(server.url());
    std::vector<std::unique_ptr<SlimFaasCallReply>> replies;
    for (int i = 0; i < 10; ++i)
        replies.emplace_back(client.invoke(QStringLiteral("fa"), QString::number(i)));
    replies.back()->abort();          // still waiting for a connection
    replies.erase(replies.end() - 2); // deleted while it waits
    for (const auto &reply : replies)
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
    for (size_t i = 0; i + 1 < replies.size(); ++i) {
        QCOMPARE(replies[i]->error(), SlimFaasCaller::NoError);
        QCOMPARE(replies[i]->readAll(), QByteArray("late"));
    }
    QCOMPARE(replies.back()->error(), SlimFaasCaller::OperationCanceled);
    QCOMPARE(server.connections, 6);
    QCOMPARE(most, 6);
    QCOMPARE(server.requests.size(), 8);
}

// A server that closes a keep-alive connection while it is idle: the call that finds it
// closed (its request got no byte of answer) is sent again on a new connection.
void tst_Caller::closedIdleConnectionRetried()
{
    QList<QPointer<QTcpSocket>> sockets;
    HostileHttpServer server([&](QTcpSocket *socket, const QByteArray &) {
        socket->write(httpAnswer(200, {}, "x"));
        sockets.append(socket);
    });
    QVERIFY(server.listen());
    SlimFaasCaller client(server.url());
    for (int i = 0; i < 3; ++i) {
        std::unique_ptr<SlimFaasCallReply> reply(
                client.invoke(QStringLiteral("fa"), {}, "POST", {}, QByteArray("body")));
        QTRY_VERIFY(reply->isFinished());
        QCOMPARE(reply->error(), SlimFaasCaller::NoError);
        QCOMPARE(reply->readAll(), QByteArray("x"));
        // Closed once the answer is out, before the caller can see it.
        for (const QPointer<QTcpSocket> &socket : std::as_const(sockets)) {
            if (socket)
                socket->abort();
        }
    }
    QCOMPARE(server.requests.size(), 3);
}

// Like a QNetworkReply, a reply is a child of its caller and goes with it.
void tst_Caller::repliesBelongToTheirCaller()
{
    HostileHttpServer server(httpAnswer(200, {}, "x"));
    QVERIFY(server.listen());
    auto *client = new SlimFaasCaller(server.url());
    QPointer<SlimFaasCallReply> done = client->invoke(QStringLiteral("fa"), {});
    QPointer<SlimFaasCallReply> refused = client->invoke(QString(), {});
    QCOMPARE(done->parent(), client);
    QCOMPARE(refused->parent(), client);
    QTRY_VERIFY(done->isFinished());
    QVERIFY(!client->autoDeleteReplies());
    QTest::qWait(20);
    QVERIFY(done && refused); // not deleted behind the application's back
    delete client;
    QVERIFY(!done && !refused);
}

void tst_Caller::autoDeleteReplies()
{
    HostileHttpServer server(httpAnswer(200, {}, "x"));
    QVERIFY(server.listen());
    SlimFaasCaller client(server.url());
    client.setAutoDeleteReplies(true);
    QPointer<SlimFaasCallReply> reply = client.invoke(QStringLiteral("fa"), {});
    QPointer<SlimFaasCallReply> refused = client.invoke(QString(), {});
    QByteArray body;
    connect(reply, &SlimFaasCallReply::finished, this, [&] { body = reply->readAll(); });
    QTRY_VERIFY(!reply && !refused);
    QCOMPARE(body, QByteArray("x")); // still readable in finished()
}

// errorOccurred and enqueued say which call they are about.
void tst_Caller::signalsNameTheirCall()
{
    HostileHttpServer server(httpAnswer(500));
    QVERIFY(server.listen());
    SlimFaasCaller client(server.url());
    QSignalSpy errors(&client, &SlimFaasCaller::errorOccurred);
    auto id = client.enqueue(QStringLiteral("fa"), QStringLiteral("job?n=1"), "PUT");
    QCOMPARE(failureOf(id).error(), SlimFaasCaller::HttpError);
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.first().at(2).toByteArray(), QByteArray("PUT"));
    QCOMPARE(errors.first().at(3).toUrl().path(), QStringLiteral("/async-function/fa/job"));
    QCOMPARE(errors.first().at(3).toUrl().query(), QStringLiteral("n=1"));
    QCOMPARE(errors.first().at(4).value<SlimFaasCallReply *>(), nullptr);

    HostileHttpServer silent(QByteArray{});
    QVERIFY(silent.listen());
    client.setUrl(silent.url());
    std::unique_ptr<SlimFaasCallReply> reply(
            client.invoke(QStringLiteral("fa"), QStringLiteral("p")));
    reply->abort();
    QTRY_COMPARE(errors.size(), 2);
    QCOMPARE(errors.at(1).at(0).value<SlimFaasCaller::Error>(), SlimFaasCaller::OperationCanceled);
    QCOMPARE(errors.at(1).at(2).toByteArray(), QByteArray("GET"));
    QCOMPARE(errors.at(1).at(3).toUrl().path(), QStringLiteral("/function/fa/p"));
    QCOMPARE(errors.at(1).at(4).value<SlimFaasCallReply *>(), reply.get());
}

// The thread rule, broken two ways: a call from another thread than the caller's, and a caller
// living in a std::thread, with no event loop. Neither starts (nothing reaches the server) and
// neither hangs: the call fails at once with OperationCanceled and a warning says why.
void tst_Caller::threadRulesAreSaid()
{
    HostileHttpServer server(httpAnswer(200, {}, "[]"));
    QVERIFY(server.listen());
    SlimFaasCaller caller(server.url());
    const QRegularExpression foreign(QStringLiteral("called from a thread other than its own"));
    QTest::ignoreMessage(QtWarningMsg, foreign);
    QTest::ignoreMessage(QtWarningMsg, foreign);
    QFuture<QList<SlimFaasFunctionStatus>> statuses;
    SlimFaasCallReply *reply = nullptr;
    std::thread worker([&] {
        statuses = caller.functionStatuses();
        reply = caller.invoke(QStringLiteral("fa"), QStringLiteral("p"));
    });
    worker.join();
    QVERIFY(statuses.isFinished());
    QCOMPARE(failureOf(statuses).error(), SlimFaasCaller::OperationCanceled);
    QVERIFY(reply);
    std::unique_ptr<SlimFaasCallReply> owned(reply);
    QVERIFY(reply->isFinished());
    QCOMPARE(reply->error(), SlimFaasCaller::OperationCanceled);
    QCOMPARE(reply->parent(), nullptr);

    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("has no event loop")));
    bool settled = false;
    SlimFaasCaller::Error error = SlimFaasCaller::NoError;
    std::thread bare([&] {
        SlimFaasCaller inBare(server.url());
        QFuture<QString> id = inBare.enqueue(QStringLiteral("fa"), QStringLiteral("job"));
        settled = id.isFinished();
        error = failureOf(id).error();
    });
    bare.join();
    QVERIFY(settled);
    QCOMPARE(error, SlimFaasCaller::OperationCanceled);
    QTest::qWait(50);
    QVERIFY(!server.reached());
}

// https:// with a self-signed certificate: verified by default, trusted when the caller's
// TLS configuration says so.
void tst_Caller::tls()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("This Qt has no TLS backend");
    QFile certFile(QStringLiteral(TLS_CERTIFICATE));
    QFile keyFile(QStringLiteral(TLS_KEY));
    QVERIFY(certFile.open(QIODevice::ReadOnly) && keyFile.open(QIODevice::ReadOnly));
    const QSslCertificate certificate(certFile.readAll(), QSsl::Pem);
    QSslConfiguration serverTls = QSslConfiguration::defaultConfiguration();
    serverTls.setLocalCertificate(certificate);
    serverTls.setPrivateKey(QSslKey(keyFile.readAll(), QSsl::Rsa, QSsl::Pem));
    serverTls.setPeerVerifyMode(QSslSocket::VerifyNone);

    auto *tlsServer = new QSslServer;
    tlsServer->setSslConfiguration(serverTls);
    CannedServer server(httpAnswer(204), tlsServer);
    QVERIFY(server.listen());
    const QUrl url = server.url(QStringLiteral("https"));

    SlimFaasCaller untrusting(url);
    QCOMPARE(failureOf(untrusting.publish(QStringLiteral("e"))).error(), SlimFaasCaller::SslError);

    SlimFaasCaller trusting(url);
    QSslConfiguration tls = trusting.sslConfiguration();
    tls.setCaCertificates({ certificate });
    trusting.setSslConfiguration(tls);
    auto result = trusting.publish(QStringLiteral("e"));
    QTRY_VERIFY(result.isFinished());
    QCOMPARE(result.result(), SlimFaasCaller::Delivered);
    const int opened = server.connections();
    QCOMPARE(failureOf(trusting.publish(QStringLiteral("e"))).error(), SlimFaasCaller::NoError);
    QCOMPARE(server.connections(), opened); // the TLS connection is kept for the next call

    // The manager's sslErrors() lets an application accept a certificate, for that call: the
    // connection that ignored errors serves no other.
    SlimFaasCaller ignoring(url);
    auto accept = connect(
            ignoring.networkAccessManager(), &QNetworkAccessManager::sslErrors, this,
            [](QNetworkReply *reply, const QList<QSslError> &) { reply->ignoreSslErrors(); });
    QCOMPARE(failureOf(ignoring.publish(QStringLiteral("e"))).error(), SlimFaasCaller::NoError);
    disconnect(accept);
    QCOMPARE(failureOf(ignoring.publish(QStringLiteral("e"))).error(), SlimFaasCaller::SslError);
}

// The manager's proxy carries the calls: an HTTP proxy through CONNECT.
void tst_Caller::throughHttpProxy()
{
    HostileHttpServer server(httpAnswer(200, {}, "behind"));
    QVERIFY(server.listen());
    QTcpServer proxy;
    QList<QByteArray> tunnels;
    connect(&proxy, &QTcpServer::pendingConnectionAvailable, this, [&] {
        while (QTcpSocket *client = proxy.nextPendingConnection()) {
            auto *upstream = new QTcpSocket(client);
            connect(client, &QTcpSocket::readyRead, client, [&tunnels, client, upstream] {
                if (upstream->state() != QAbstractSocket::UnconnectedState) {
                    upstream->write(client->readAll());
                    return;
                }
                QByteArray head = client->peek(4096);
                const qsizetype end = head.indexOf("\r\n\r\n");
                if (end < 0)
                    return;
                client->read(end + 4);
                const QByteArray line = head.left(head.indexOf("\r\n"));
                tunnels.append(line);
                const QByteArray target = line.split(' ').value(1);
                connect(upstream, &QTcpSocket::connected, client, [client, upstream] {
                    client->write("HTTP/1.1 200 Connection established\r\n\r\n");
                    upstream->write(client->readAll());
                });
                connect(upstream, &QTcpSocket::readyRead, client,
                        [client, upstream] { client->write(upstream->readAll()); });
                upstream->connectToHost(QString::fromLatin1(target.left(target.lastIndexOf(':'))),
                                        target.mid(target.lastIndexOf(':') + 1).toUShort());
            });
            connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
        }
    });
    QVERIFY(proxy.listen(QHostAddress::LocalHost));
    SlimFaasCaller client(server.url());
    client.networkAccessManager()->setProxy(QNetworkProxy(
            QNetworkProxy::HttpProxy, QStringLiteral("127.0.0.1"), proxy.serverPort()));
    for (int i = 0; i < 2; ++i) {
        std::unique_ptr<SlimFaasCallReply> reply(client.invoke(QStringLiteral("fa"), {}));
        QTRY_VERIFY(reply->isFinished());
        QCOMPARE(reply->error(), SlimFaasCaller::NoError);
        QCOMPARE(reply->readAll(), QByteArray("behind"));
    }
    QCOMPARE(tunnels.size(), 1); // one tunnel, kept alive for both calls
    QVERIFY2(tunnels.first().startsWith("CONNECT 127.0.0.1:" + QByteArray::number(server.port())),
             tunnels.first().constData());
    QCOMPARE(server.requestLines(), QList<QByteArray>(2, "GET /function/fa HTTP/1.1"));
}

void tst_Caller::waitForEventMatchesOnlyTheWantedEvent()
{
    SlimFaasFunctionConfig config(QStringLiteral("waiter"));
    config.setSubscribeEvents(QStringList{ QStringLiteral("wanted"), QStringLiteral("other") });
    SlimFaasClient *fn = function(config);
    auto future = fn->waitForEvent(QStringLiteral("wanted"),
                                   [](const SlimFaasPublishEvent &e) { return e.body() == "yes"; });
    SlimFaasCaller *client = caller();
    auto a = client->publish(QStringLiteral("other"), {}, "yes");
    auto b = client->publish(QStringLiteral("wanted"), {}, "no");
    QTRY_VERIFY(a.isFinished() && b.isFinished());
    QCOMPARE(a.result(), SlimFaasCaller::Delivered);
    QTest::qWait(100); // both events reach the function, neither resolves the wait
    QVERIFY(!future.isFinished());
    client->publish(QStringLiteral("wanted"), QStringLiteral("p"), "yes");
    QTRY_VERIFY(future.isFinished());
    QVERIFY(!future.isCanceled());
    QCOMPARE(future.result().eventName(), QStringLiteral("wanted"));
    QCOMPARE(future.result().path(), QStringLiteral("p"));
    QCOMPARE(future.result().body(), QByteArray("yes"));
}

void tst_Caller::waitForEventTimesOut()
{
    SlimFaasClient *fn = function(SlimFaasFunctionConfig(QStringLiteral("patient")));
    bool canceled = false;
    QElapsedTimer clock;
    clock.start();
    auto future = fn->waitForEvent(QStringLiteral("never"), {}, 150)
                          .then([](const SlimFaasPublishEvent &) { return 1; })
                          .onCanceled([&] {
                              canceled = true;
                              return 0;
                          });
    QTRY_VERIFY(future.isFinished());
    QVERIFY(clock.elapsed() >= 140);
    QVERIFY(canceled);
    QCOMPARE(future.result(), 0);
    // Nothing of the wait is left on the client.
    QTRY_COMPARE(fn->findChildren<QObject *>(QString(), Qt::FindDirectChildrenOnly).size(),
                 function(SlimFaasFunctionConfig(QStringLiteral("fresh")))
                         ->findChildren<QObject *>(QString(), Qt::FindDirectChildrenOnly)
                         .size());
}

void tst_Caller::waitForEventEndsWithClient()
{
    auto *fn = function(SlimFaasFunctionConfig(QStringLiteral("short-lived")));
    auto future = fn->waitForEvent(QString(), {}, -1);
    auto request = fn->waitForAsyncRequest({}, -1);
    delete fn;
    QVERIFY(future.isFinished() && future.isCanceled());
    QVERIFY(request.isFinished() && request.isCanceled());
}

void tst_Caller::waitForAsyncRequestLeavesAnsweringToTheClient()
{
    SlimFaasClient *fn = function(SlimFaasFunctionConfig(QStringLiteral("deferred")));
    // No handler and nothing connected to asyncRequestReceived: the client answers 500
    // itself, and the wait only observes.
    QSignalSpy callbacks(fn, &SlimFaasClient::callbackSent);
    auto second = fn->waitForAsyncRequest(
            [](const SlimFaasAsyncRequest &r) { return r.path() == QLatin1String("two"); });
    SlimFaasCaller *client = caller();
    QSignalSpy completed(emulator, &SlimFaasEmulator::asyncRequestCompleted);
    for (int i = 0; i < 4; ++i)
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("no handler for")));
    client->enqueue(QStringLiteral("deferred"), QStringLiteral("one"));
    QTRY_COMPARE(completed.size(), 1); // 500 is retried: four tries, all answered 500
    QCOMPARE(completed.first().at(2).toInt(), 500);
    QCOMPARE(callbacks.size(), 4);
    for (const auto &callback : std::as_const(callbacks))
        QCOMPARE(callback.at(1).toInt(), 500);
    QVERIFY(!second.isFinished());
    callbacks.clear();

    // With a handler that defers, the continuation answers.
    fn->setAsyncRequestHandler([](const SlimFaasAsyncRequest &) { return 202; });
    auto answered = second.then([fn](const SlimFaasAsyncRequest &request) {
        return fn->sendCallback(request.elementId(), 200);
    });
    auto id = client->enqueue(QStringLiteral("deferred"), QStringLiteral("two"));
    QTRY_VERIFY(answered.isFinished());
    QVERIFY(answered.result());
    QCOMPARE(second.result().elementId(), id.result());
    QVERIFY(second.result().deadline().isValid());
    QTRY_COMPARE(callbacks.size(), 1);
    QCOMPARE(callbacks.last().at(1).toInt(), 200);
}

QTEST_MAIN(tst_Caller)
#include "tst_caller.moc"
