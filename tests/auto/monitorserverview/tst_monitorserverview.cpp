// SPDX-License-Identifier: MIT
// The server view: every function connected to the monitor's embedded emulator shows in the
// monitor's traffic, with its function and connection, and in the list of connections.

#include <functionsmodel.h>
#include <inboxmodel.h>
#include <monitorsession.h>
#include <trafficfilter.h>
#include <trafficmodel.h>

#include <rawfunction.h>
#include <slimfaasemulator.h>

#include <QtCore/qbuffer.h>
#include <QtCore/qjsondocument.h>
#include <QtNetwork/qnetworkaccessmanager.h>
#include <QtNetwork/qnetworkreply.h>
#include <QtTest/qtest.h>

using SlimFaasProtocol::MessageType;

class tst_MonitorServerView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void externalFunctionShowsWithItsFunctionAndConnection();
    void refusedRegistrationShowsItsReason();
    void ownMessagesAreRecordedOnce();
    void proxyCaptureImportsFunctionAndConnection();

private:
    QNetworkReply *post(const QString &path, const QByteArray &body);
    // Rows of this type, and of this function when one is given.
    QList<int> rowsOf(MessageType type, const QString &function = {}) const;

    TrafficModel *traffic = nullptr;
    MonitorSession *session = nullptr;
    QNetworkAccessManager *network = nullptr;
};

void tst_MonitorServerView::init()
{
    traffic = new TrafficModel(this);
    session = new MonitorSession(traffic, this);
    network = new QNetworkAccessManager(this);
    QVERIFY2(session->startEmbedded(SlimFaasFunctionConfig(QStringLiteral("demo"))),
             qPrintable(session->errorString()));
    QTRY_COMPARE_WITH_TIMEOUT(session->client()->state(), SlimFaasClient::Ready, 10000);
}

void tst_MonitorServerView::cleanup()
{
    delete network;
    delete session;
    delete traffic;
}

QNetworkReply *tst_MonitorServerView::post(const QString &path, const QByteArray &body)
{
    QUrl url = session->emulator()->httpUrl();
    url.setPath(path);
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    QNetworkReply *reply = network->post(request, body);
    reply->setParent(this);
    return reply;
}

QList<int> tst_MonitorServerView::rowsOf(MessageType type, const QString &function) const
{
    traffic->flush();
    QList<int> rows;
    for (int row = 0; row < traffic->rowCount(); ++row) {
        const TrafficRecord &record = traffic->record(row);
        if (record.type() == type && (function.isEmpty() || record.function() == function))
            rows.append(row);
    }
    return rows;
}

void tst_MonitorServerView::externalFunctionShowsWithItsFunctionAndConnection()
{
    FunctionsModel *functions = session->functions();
    auto *outside = new RawFunction(session->emulator()->webSocketUrl(), this);
    QVERIFY(outside->waitConnected());
    const auto registered = outside->registerAs(SlimFaasFunctionConfig(QStringLiteral("outside")));
    QVERIFY(registered);
    QVERIFY(registered->success);
    const QString connectionId = registered->connectionId;
    const QString pod = FunctionsModel::podNameOf(connectionId);
    QVERIFY(pod.startsWith(QLatin1String("ws-")));
    QCOMPARE(pod.size(), 11);

    // Its Register (named before the emulator accepts it) and the answer to it.
    QTRY_COMPARE(rowsOf(MessageType::Register, QStringLiteral("outside")).size(), 1);
    QTRY_COMPARE(rowsOf(MessageType::RegisterResponse, QStringLiteral("outside")).size(), 1);
    const TrafficRecord &registerRecord
            = traffic->record(rowsOf(MessageType::Register, QStringLiteral("outside")).first());
    QCOMPARE(registerRecord.connection(), pod);
    QCOMPARE(registerRecord.direction(), TrafficRecord::Out);

    // The side list: registered, with its configuration.
    QTRY_VERIFY(functions->rowOf(connectionId) >= 0);
    const int listed = functions->rowOf(connectionId);
    QCOMPARE(functions->state(listed), FunctionsModel::Registered);
    QCOMPARE(functions->function(listed), QStringLiteral("outside"));
    QCOMPARE(functions->podName(listed), pod);
    QTRY_VERIFY(!functions->configuration(listed).isEmpty());
    const int own = functions->rowOf(session->client()->connectionId());
    QVERIFY(own >= 0);
    QCOMPARE(functions->state(own), FunctionsModel::Registered);

    // An async request to it and its callback: shown, not answered by the monitor.
    QNetworkReply *reply = post(QStringLiteral("/async-function/outside/job"), "{\"n\":1}");
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 202);
    QTRY_COMPARE_WITH_TIMEOUT(outside->requests().size(), 1, 10000);
    const QString elementId = outside->requests().first().elementId();
    QTRY_COMPARE(rowsOf(MessageType::AsyncRequest, QStringLiteral("outside")).size(), 1);
    const int requestRow = rowsOf(MessageType::AsyncRequest, QStringLiteral("outside")).first();
    QCOMPARE(traffic->record(requestRow).correlationId(), elementId);
    QCOMPARE(traffic->record(requestRow).direction(), TrafficRecord::In);
    QCOMPARE(traffic->record(requestRow).body(), QByteArray("{\"n\":1}"));
    QCOMPARE(traffic->data(traffic->index(requestRow, TrafficModel::FunctionColumn)).toString(),
             QStringLiteral("outside"));
    QCOMPARE(traffic->data(traffic->index(requestRow, TrafficModel::ConnectionColumn)).toString(),
             pod);
    QCOMPARE(session->inbox()->rowCount(), 0);
    QCOMPARE(session->inbox()->rowOf(elementId), -1);
    QCOMPARE(outside->of(MessageType::AsyncCallback).size(), 0);
    QTRY_COMPARE(functions->activeRequests(functions->rowOf(connectionId)), 1);

    outside->callback(elementId, 200);
    QTRY_COMPARE(rowsOf(MessageType::AsyncCallback, QStringLiteral("outside")).size(), 1);
    const TrafficRecord &callback = traffic->record(
            rowsOf(MessageType::AsyncCallback, QStringLiteral("outside")).first());
    QCOMPARE(callback.correlationId(), elementId);
    QCOMPARE(callback.status(), 200);
    QCOMPARE(callback.direction(), TrafficRecord::Out);
    QCOMPARE(callback.connection(), pod);
    QTRY_COMPARE(functions->activeRequests(functions->rowOf(connectionId)), 0);

    // The filter on Function keeps only its rows, the one on Connection too.
    TrafficFilter filter;
    filter.setSourceModel(traffic);
    const int before = filter.rowCount();
    filter.setFunction(QStringLiteral("outside"));
    QVERIFY(filter.rowCount() >= 4);
    QVERIFY(filter.rowCount() < before);
    for (int row = 0; row < filter.rowCount(); ++row) {
        const QModelIndex cell = filter.index(row, TrafficModel::FunctionColumn);
        QCOMPARE(cell.data().toString(), QStringLiteral("outside"));
    }
    const int ofFunction = filter.rowCount();
    filter.setOrigin(QString(), pod);
    QCOMPARE(filter.rowCount(), ofFunction);
    filter.setFunction(QStringLiteral("demo"));
    QCOMPARE(filter.rowCount(), 0);
    filter.setOrigin(QStringLiteral("demo"), QString());
    QVERIFY(filter.rowCount() >= 2);
    filter.setOrigin(QString(), QString());
    QCOMPARE(filter.rowCount(), before);

    // Gone: closed in the list, the monitor's own still registered.
    outside->socket.close();
    QTRY_COMPARE(functions->state(functions->rowOf(connectionId)), FunctionsModel::Closed);
    QCOMPARE(functions->state(functions->rowOf(session->client()->connectionId())),
             FunctionsModel::Registered);
}

void tst_MonitorServerView::refusedRegistrationShowsItsReason()
{
    FunctionsModel *functions = session->functions();
    auto *outside = new RawFunction(session->emulator()->webSocketUrl(), this);
    QVERIFY(outside->waitConnected());
    // The name of a Kubernetes deployment: SlimFaas refuses it.
    session->emulator()->setKubernetesFunctions({ QStringLiteral("legacy") });
    const auto refused = outside->registerAs(SlimFaasFunctionConfig(QStringLiteral("legacy")));
    QVERIFY(refused);
    QVERIFY(!refused->success);
    QTRY_COMPARE(functions->rowCount(), 2);
    int row = -1;
    for (int i = 0; i < functions->rowCount(); ++i) {
        if (functions->state(i) == FunctionsModel::Refused)
            row = i;
    }
    QVERIFY(row >= 0);
    QVERIFY(!functions->reason(row).isEmpty());
    QCOMPARE(functions->reason(row), refused->error);
    QVERIFY(functions->data(functions->index(row, FunctionsModel::StateColumn))
                    .toString()
                    .contains(refused->error));
    // Its Register and the refusal are in the traffic under the name it asked for.
    QTRY_COMPARE(rowsOf(MessageType::RegisterResponse, QStringLiteral("legacy")).size(), 1);
    QCOMPARE(rowsOf(MessageType::Register, QStringLiteral("legacy")).size(), 1);
}

void tst_MonitorServerView::ownMessagesAreRecordedOnce()
{
    // The monitor's own registration: once each, under its function and connection.
    const QString pod = FunctionsModel::podNameOf(session->client()->connectionId());
    QCOMPARE(rowsOf(MessageType::Register).size(), 1);
    QTRY_COMPARE(rowsOf(MessageType::RegisterResponse).size(), 1);
    QCOMPARE(traffic->record(rowsOf(MessageType::Register).first()).function(),
             QStringLiteral("demo"));

    // A request to it goes to the inbox as before, its rows once each.
    QNetworkReply *reply = post(QStringLiteral("/async-function/demo/job"), "{}");
    QTRY_VERIFY(reply->isFinished());
    QTRY_COMPARE(session->inbox()->rowCount(), 1);
    const QString id = session->inbox()->idAt(0);
    QTRY_COMPARE(rowsOf(MessageType::AsyncRequest).size(), 1);
    const TrafficRecord &request = traffic->record(rowsOf(MessageType::AsyncRequest).first());
    QCOMPARE(request.correlationId(), id);
    QCOMPARE(request.function(), QStringLiteral("demo"));
    QCOMPARE(request.connection(), pod);
    QVERIFY(session->answer(id, 200));
    QTRY_COMPARE(rowsOf(MessageType::AsyncCallback).size(), 1);
    QTest::qWait(200);
    QCOMPARE(rowsOf(MessageType::AsyncRequest).size(), 1);
    QCOMPARE(rowsOf(MessageType::AsyncCallback).size(), 1);
    QCOMPARE(rowsOf(MessageType::Register).size(), 1);
}

void tst_MonitorServerView::proxyCaptureImportsFunctionAndConnection()
{
    // A line as `slimfaas-tap --proxy` prints it.
    const QByteArray line = R"({"time":"2026-01-02T03:04:05.678Z","direction":"in",)"
                            R"("type":"AsyncRequest","typeCode":2,"correlationId":"e-1",)"
                            R"("bodyEncoding":"utf8","connection":"c3","function":"fibonacci",)"
                            R"("payload":{"elementId":"e-1","method":"POST","path":"/compute",)"
                            R"("query":"","headers":{},"body":"{}","isLastTry":false,)"
                            R"("tryNumber":1}})"
                            "\n";
    TrafficModel imported;
    QBuffer capture;
    capture.setData(line);
    QVERIFY(capture.open(QIODevice::ReadOnly));
    int skipped = 0;
    QCOMPARE(imported.importJsonLines(&capture, &skipped), 1);
    QCOMPARE(skipped, 0);
    imported.flush();
    QCOMPARE(imported.rowCount(), 1);
    QCOMPARE(imported.record(0).function(), QStringLiteral("fibonacci"));
    QCOMPARE(imported.record(0).connection(), QStringLiteral("c3"));
    QCOMPARE(imported.data(imported.index(0, TrafficModel::FunctionColumn)).toString(),
             QStringLiteral("fibonacci"));
    QCOMPARE(imported.data(imported.index(0, TrafficModel::ConnectionColumn)).toString(),
             QStringLiteral("c3"));

    // Exported again with the tap's top-level fields, and read back the same.
    QBuffer exported;
    QVERIFY(exported.open(QIODevice::WriteOnly));
    QVERIFY(imported.exportJsonLines(&exported));
    const QJsonObject object = QJsonDocument::fromJson(exported.data().trimmed()).object();
    QCOMPARE(object.value(QLatin1String("function")).toString(), QStringLiteral("fibonacci"));
    QCOMPARE(object.value(QLatin1String("connection")).toString(), QStringLiteral("c3"));
    TrafficModel again;
    QBuffer reread;
    reread.setData(exported.data());
    QVERIFY(reread.open(QIODevice::ReadOnly));
    QCOMPARE(again.importJsonLines(&reread), 1);
    again.flush();
    QCOMPARE(again.record(0), imported.record(0));

    // A line without them (a capture of one function) has empty columns.
    const auto plain = TrafficRecord::fromJson(
            QJsonObject{ { QLatin1String("time"), QLatin1String("2026-01-02T03:04:05.678Z") },
                         { QLatin1String("direction"), QLatin1String("out") },
                         { QLatin1String("typeCode"), 0 } });
    QVERIFY(plain);
    QVERIFY(plain->function().isEmpty());
    QVERIFY(plain->connection().isEmpty());
    QVERIFY(!plain->toJson().contains(QLatin1String("function")));
}

QTEST_MAIN(tst_MonitorServerView)
#include "tst_monitorserverview.moc"
