// SPDX-License-Identifier: MIT
// SlimFaasCaller against the emulator over loopback, with a SlimFaasClient as the function:
// sync calls streamed both ways, async calls, events, statuses, errors and lifetimes.

#include <echohandler.h>
#include <emulatortestcase.h>
#include <testpattern.h>

#include <slimfaascaller.h>
#include <slimfaascallerror.h>
#include <slimfaascallreply.h>
#include <slimfaasclient.h>

#include <QtCore/qfile.h>
#include <QtCore/qpointer.h>
#include <QtCore/qregularexpression.h>
#include <QtCore/qthread.h>
#include <QtNetwork/qsslkey.h>
#include <QtNetwork/qsslserver.h>
#include <QtNetwork/qtcpserver.h>
#include <QtNetwork/qtcpsocket.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

#include <atomic>
#include <memory>

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
    QCOMPARE(enqueued.first().at(1).toString(), id.result());
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
    std::unique_ptr<SlimFaasCallReply> reply(client->invoke(QStringLiteral("f"), {}));
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
