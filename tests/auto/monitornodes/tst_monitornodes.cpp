// SPDX-License-Identifier: MIT
// The monitor on several SlimFaas nodes: an embedded emulator of three nodes, the function
// connected to each, every message with the node it went through, the master shown and
// moved from the status panel, and captures that keep the nodes.

#include <filterbar.h>
#include <functionsmodel.h>
#include <inboxmodel.h>
#include <mainwindow.h>
#include <monitorsession.h>
#include <nodesview.h>
#include <statuspanel.h>
#include <trafficfilter.h>
#include <trafficmodel.h>

#include <rawfunction.h>
#include <slimfaasemulator.h>

#include <QtCore/qbuffer.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qsettings.h>
#include <QtCore/qstandardpaths.h>
#include <QtCore/qtemporarydir.h>
#include <QtNetwork/qnetworkaccessmanager.h>
#include <QtNetwork/qnetworkreply.h>
#include <QtTest/qtest.h>
#include <QtWidgets/qapplication.h>
#include <QtWidgets/qcombobox.h>
#include <QtWidgets/qlineedit.h>
#include <QtWidgets/qpushbutton.h>
#include <QtWidgets/qtableview.h>

using SlimFaasProtocol::MessageType;

class tst_MonitorNodes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void statusPanelShowsEveryNodeAndMovesTheMaster();
    void everyMessageSaysItsNode();
    void captureKeepsTheNodes();
    void severalUrlsOfARemoteSlimFaas();

private:
    // An embedded emulator of three nodes; parallel 1, so that a second async request waits
    // in the queue while the first is in the inbox.
    void openThreeNodes(MainWindow *window);
    QNetworkReply *post(int node, const QString &path, const QByteArray &body = "{}");
    QList<int> rowsOf(TrafficModel *traffic, MessageType type, const QString &function = {}) const;

    QNetworkAccessManager m_network;
    SlimFaasEmulator *m_emulator = nullptr;
};

void tst_MonitorNodes::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("SlimFaasQtTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_monitornodes"));
}

void tst_MonitorNodes::init()
{
    QSettings().clear(); // the default rule: every request to the inbox
}

void tst_MonitorNodes::cleanup()
{
    m_emulator = nullptr;
}

void tst_MonitorNodes::openThreeNodes(MainWindow *window)
{
    window->session()->setEmbeddedNodeCount(3);
    ConnectionSettings embedded;
    embedded.config.setFunctionName(QStringLiteral("demo"));
    embedded.config.setNumberParallelRequest(1);
    embedded.config.setNumberParallelRequestPerPod(1);
    QVERIFY(window->openConnection(embedded));
    m_emulator = window->session()->emulator();
    QVERIFY(m_emulator);
    QCOMPARE(m_emulator->nodeCount(), 3);
    QTRY_COMPARE_WITH_TIMEOUT(window->session()->client()->registeredNodeCount(), 3, 10000);
}

QNetworkReply *tst_MonitorNodes::post(int node, const QString &path, const QByteArray &body)
{
    QNetworkRequest request(m_emulator->httpUrl(node).resolved(QUrl(path)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = m_network.post(request, body);
    reply->setParent(this);
    return reply;
}

QList<int> tst_MonitorNodes::rowsOf(TrafficModel *traffic, MessageType type,
                                    const QString &function) const
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

void tst_MonitorNodes::statusPanelShowsEveryNodeAndMovesTheMaster()
{
    MainWindow window;
    window.show();
    openThreeNodes(&window);
    SlimFaasClient *client = window.session()->client();
    NodesView *nodes = window.statusPanel()->nodesView();
    QVERIFY(!nodes->isHidden());
    QVERIFY(!window.trafficView()->isColumnHidden(TrafficModel::NodeColumn));
    QVERIFY(!window.filterBar()->nodeEdit()->isHidden());

    // One line per node: its URL, its state and connection id; node 0 is the master.
    QTRY_COMPARE(nodes->nodesText().count(QStringLiteral("Ready")), 3);
    QStringList lines = nodes->nodesText().split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), 3);
    for (int node = 0; node < 3; ++node) {
        const QUrl url = m_emulator->webSocketUrl(node);
        QVERIFY2(lines.at(node).startsWith(
                         QStringLiteral("node %1 · %2 · Ready · connection %3")
                                 .arg(node)
                                 .arg(url.toString(), client->nodeConnectionId(url))),
                 qPrintable(lines.at(node)));
        QCOMPARE(lines.at(node).endsWith(QStringLiteral(" · master")), node == 0);
    }
    QCOMPARE(nodes->masterBox()->count(), 3);
    QCOMPARE(nodes->masterBox()->currentIndex(), 0);
    QVERIFY(!nodes->makeMasterButton()->isEnabled());

    // The first request is in the inbox (through the master, node 0); the second waits in
    // the queue, the function's one slot taken.
    QNetworkReply *first = post(1, QStringLiteral("/async-function/demo/first"));
    QTRY_COMPARE_WITH_TIMEOUT(window.session()->inbox()->rowCount(), 1, 10000);
    QCOMPARE(first->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 202);
    QList<int> requests = rowsOf(window.traffic(), MessageType::AsyncRequest);
    QCOMPARE(requests.size(), 1);
    QCOMPARE(window.traffic()->record(requests.first()).node(),
             m_emulator->webSocketUrl(0).toString());
    QNetworkReply *second = post(2, QStringLiteral("/async-function/demo/second"));
    QTRY_VERIFY(second->isFinished());
    QCOMPARE(second->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 202);
    QTRY_COMPARE(window.session()->queueLength(), 1);
    QTest::qWait(200);
    QCOMPARE(window.session()->inbox()->rowCount(), 1);

    // The keyboard: Alt+M to the box, two steps down to node 2 (nothing moves yet), Alt+K.
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTest::keyClick(&window, Qt::Key_M, Qt::AltModifier);
    QCOMPARE(QApplication::focusWidget(), nodes->masterBox());
    QTest::keyClick(nodes->masterBox(), Qt::Key_Down);
    QTest::keyClick(nodes->masterBox(), Qt::Key_Down);
    QCOMPARE(nodes->masterBox()->currentIndex(), 2);
    QCOMPARE(m_emulator->masterNode(), 0);
    QVERIFY(nodes->makeMasterButton()->isEnabled());
    QTest::keyClick(&window, Qt::Key_K, Qt::AltModifier);
    QTRY_COMPARE(m_emulator->masterNode(), 2); // a mnemonic clicks with a short animation
    QVERIFY(!nodes->makeMasterButton()->isEnabled());
    lines = nodes->nodesText().split(QLatin1Char('\n'));
    QVERIFY(!lines.at(0).endsWith(QStringLiteral(" · master")));
    QVERIFY2(lines.at(2).endsWith(QStringLiteral(" · master")), qPrintable(lines.at(2)));

    // The new master dispatches what waited, to its own connection of the function.
    QTRY_COMPARE_WITH_TIMEOUT(window.session()->inbox()->rowCount(), 2, 10000);
    requests = rowsOf(window.traffic(), MessageType::AsyncRequest);
    QCOMPARE(requests.size(), 2);
    const TrafficRecord &delivered = window.traffic()->record(requests.last());
    QCOMPARE(delivered.path(), QStringLiteral("second"));
    QCOMPARE(delivered.node(), m_emulator->webSocketUrl(2).toString());
    QCOMPARE(window.traffic()
                     ->data(window.traffic()->index(requests.last(), TrafficModel::NodeColumn))
                     .toString(),
             m_emulator->webSocketUrl(2).toString());

    // The mouse: pick node 1 and click the button; the emulator moving it shows as well.
    nodes->masterBox()->setCurrentIndex(1);
    QTest::mouseClick(nodes->makeMasterButton(), Qt::LeftButton);
    QCOMPARE(m_emulator->masterNode(), 1);
    QVERIFY(nodes->nodesText().split(QLatin1Char('\n')).at(1).endsWith(QLatin1String("master")));
    QVERIFY(m_emulator->setMasterNode(0));
    QCOMPARE(nodes->masterBox()->currentIndex(), 0);
    QVERIFY(nodes->nodesText().split(QLatin1Char('\n')).at(0).endsWith(QLatin1String("master")));
}

void tst_MonitorNodes::everyMessageSaysItsNode()
{
    MainWindow window;
    openThreeNodes(&window);
    TrafficModel *traffic = window.traffic();
    SlimFaasClient *client = window.session()->client();
    QStringList nodeNames;
    for (int node = 0; node < 3; ++node)
        nodeNames << m_emulator->webSocketUrl(node).toString();

    // The monitor's own registrations: once each (not again from the server view), one per
    // node, the answers with that node's connection.
    QTRY_COMPARE(rowsOf(traffic, MessageType::RegisterResponse).size(), 3);
    const QList<int> registers = rowsOf(traffic, MessageType::Register);
    QCOMPARE(registers.size(), 3);
    QStringList seen;
    for (int row : registers)
        seen << traffic->record(row).node();
    seen.sort();
    QStringList expected = nodeNames;
    expected.sort();
    QCOMPARE(seen, expected);
    for (int row : rowsOf(traffic, MessageType::RegisterResponse)) {
        const TrafficRecord &record = traffic->record(row);
        QCOMPARE(record.function(), QStringLiteral("demo"));
        QCOMPARE(record.connection(),
                 FunctionsModel::podNameOf(client->nodeConnectionId(QUrl(record.node()))));
    }

    // Another function on node 1 only: its messages say node 1, and so does its row in the
    // Functions tab; the monitor's three connections are marked as its own.
    auto *outside = new RawFunction(m_emulator->webSocketUrl(1), this);
    QVERIFY(outside->waitConnected());
    const auto registered = outside->registerAs(SlimFaasFunctionConfig(QStringLiteral("outside")));
    QVERIFY(registered && registered->success);
    QTRY_COMPARE(rowsOf(traffic, MessageType::RegisterResponse, QStringLiteral("outside")).size(),
                 1);
    for (MessageType type : { MessageType::Register, MessageType::RegisterResponse }) {
        const int row = rowsOf(traffic, type, QStringLiteral("outside")).first();
        QCOMPARE(traffic->record(row).node(), nodeNames.at(1));
        QCOMPARE(traffic->data(traffic->index(row, TrafficModel::NodeColumn)).toString(),
                 nodeNames.at(1));
    }
    FunctionsModel *functions = window.session()->functions();
    QTRY_VERIFY(functions->rowOf(registered->connectionId) >= 0);
    const int listed = functions->rowOf(registered->connectionId);
    QCOMPARE(functions->node(listed), 1);
    QCOMPARE(functions->data(functions->index(listed, FunctionsModel::NodeColumn)).toInt(), 1);
    for (int node = 0; node < 3; ++node) {
        const int own = functions->rowOf(client->nodeConnectionId(m_emulator->webSocketUrl(node)));
        QVERIFY(own >= 0);
        QCOMPARE(functions->node(own), node);
        QCOMPARE(functions->data(functions->index(own, FunctionsModel::FunctionColumn)).toString(),
                 QStringLiteral("demo (this monitor)"));
    }

    // A sync call made to node 2 reaches the monitor's function through node 2.
    QNetworkReply *sync = post(2, QStringLiteral("/function/demo/hello"), "hi");
    QTRY_COMPARE_WITH_TIMEOUT(window.session()->inbox()->rowCount(), 1, 10000);
    const QList<int> starts = rowsOf(traffic, MessageType::SyncRequestStart);
    QCOMPARE(starts.size(), 1);
    QCOMPARE(traffic->record(starts.first()).node(), nodeNames.at(2));
    QVERIFY(window.session()->answerSync(window.session()->inbox()->idAt(0), 200, {}, "ok"));
    QTRY_VERIFY(sync->isFinished());
    QCOMPARE(sync->readAll(), QByteArray("ok"));
    const QList<int> answers = rowsOf(traffic, MessageType::SyncResponseStart);
    QVERIFY(!answers.isEmpty());
    QCOMPARE(traffic->record(answers.first()).node(), nodeNames.at(2));

    // The node filter, from the filter bar: only what went through node 1.
    window.filterBar()->nodeEdit()->setText(nodeNames.at(1));
    window.filterBar()->apply();
    TrafficFilter *filter = window.filter();
    QCOMPARE(filter->node(), nodeNames.at(1));
    QVERIFY(filter->rowCount() >= 4); // own Register and answer, the other function's too
    for (int row = 0; row < filter->rowCount(); ++row)
        QCOMPARE(filter->data(filter->index(row, TrafficModel::NodeColumn)).toString(),
                 nodeNames.at(1));
    int throughNode1 = 0;
    for (int row = 0; row < traffic->rowCount(); ++row)
        throughNode1 += traffic->record(row).node() == nodeNames.at(1);
    QCOMPARE(filter->rowCount(), throughNode1);
}

void tst_MonitorNodes::captureKeepsTheNodes()
{
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString capture = directory.filePath(QStringLiteral("nodes.jsonl"));
    TrafficModel recorded;
    {
        MainWindow window;
        openThreeNodes(&window);
        QTRY_COMPARE(rowsOf(window.traffic(), MessageType::RegisterResponse).size(), 3);
        QString error;
        QVERIFY2(window.exportTraffic(capture, &error), qPrintable(error));
        for (int row = 0; row < window.traffic()->rowCount(); ++row)
            recorded.append(window.traffic()->record(row));
        recorded.flush();
    }
    QFile file(capture);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().split('\n');
    QVERIFY(QJsonDocument::fromJson(lines.first()).object().contains(QLatin1String("node")));
    file.close();

    // Read back by a window on one node: the same records, nodes included, and the Node
    // column it hides for one node shows for them.
    MainWindow window;
    window.show();
    QVERIFY(window.openConnection({ QUrl(), SlimFaasFunctionConfig(QStringLiteral("one")) }));
    QVERIFY(window.session()->client()->waitForReady(10000));
    QVERIFY(window.trafficView()->isColumnHidden(TrafficModel::NodeColumn));
    QVERIFY(window.filterBar()->nodeEdit()->isHidden());
    window.traffic()->clear();
    QString error;
    QVERIFY2(window.importTraffic(capture, &error, nullptr, true), qPrintable(error));
    QVERIFY(!window.trafficView()->isColumnHidden(TrafficModel::NodeColumn));
    QVERIFY(!window.filterBar()->nodeEdit()->isHidden());
    QTRY_VERIFY(window.traffic()->rowCount() >= recorded.rowCount());
    int withNode = 0;
    for (int row = 0; row < recorded.rowCount(); ++row) {
        QCOMPARE(window.traffic()->record(row), recorded.record(row));
        withNode += !window.traffic()->record(row).node().isEmpty();
    }
    QCOMPARE(withNode, recorded.rowCount());

    // A capture from before nodes were recorded reads as before, without a node; a tap's
    // line names its node.
    QByteArray old = R"({"time":"2026-01-02T03:04:05.006Z","direction":"in","type":"Ping",)"
                     R"("typeCode":6,"correlationId":"p1","payload":{}})"
                     "\n"
                     R"({"time":"2026-01-02T03:04:05.007Z","direction":"in","type":"Ping",)"
                     R"("typeCode":6,"correlationId":"p2","payload":{},"node":"ws://n1:5003/ws"})"
                     "\n";
    QBuffer buffer(&old);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    TrafficModel imported;
    int skipped = -1;
    QCOMPARE(imported.importJsonLines(&buffer, &skipped), 2);
    QCOMPARE(skipped, 0);
    imported.flush();
    QCOMPARE(imported.record(0).node(), QString());
    QVERIFY(!imported.record(0).toJson().contains(QLatin1String("node")));
    QCOMPARE(imported.record(1).node(), QStringLiteral("ws://n1:5003/ws"));
    QCOMPARE(imported.record(1).toJson().value(QLatin1String("node")).toString(),
             QStringLiteral("ws://n1:5003/ws"));
}

void tst_MonitorNodes::severalUrlsOfARemoteSlimFaas()
{
    // What --url twice gives (FunctionOptions::applyNodesTo()): the node URLs on the client,
    // then the connection to the last one, which keeps the others.
    SlimFaasEmulator server;
    server.setNodeCount(2);
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    MainWindow window;
    SlimFaasClient *client = window.session()->client();
    client->setNodeUrls({ server.webSocketUrl(0), server.webSocketUrl(1) });
    window.openConnection(
            { server.webSocketUrl(1), SlimFaasFunctionConfig(QStringLiteral("far")) });
    QVERIFY(!window.session()->emulator());
    QTRY_COMPARE_WITH_TIMEOUT(client->registeredNodeCount(), 2, 10000);
    QCOMPARE(server.replicas(QStringLiteral("far"), 0), 1);
    QCOMPARE(server.replicas(QStringLiteral("far"), 1), 1);

    // Each node's line, without node numbers or a master: a real SlimFaas does not say.
    NodesView *nodes = window.statusPanel()->nodesView();
    QVERIFY(!nodes->isHidden());
    QVERIFY(nodes->masterBox()->isHidden());
    QVERIFY(nodes->makeMasterButton()->isHidden());
    const QStringList lines = nodes->nodesText().split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), 2);
    for (int node = 0; node < 2; ++node) {
        const QUrl url = server.webSocketUrl(node);
        QCOMPARE(lines.at(node),
                 QStringLiteral("%1 · Ready · connection %2")
                         .arg(url.toString(), client->nodeConnectionId(url)));
    }
    QVERIFY(!window.trafficView()->isColumnHidden(TrafficModel::NodeColumn));

    // A request through node 0 is recorded with node 0 and that node's connection id.
    QNetworkRequest request(
            server.httpUrl(0).resolved(QUrl(QStringLiteral("/async-function/far/x"))));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = m_network.post(request, QByteArrayLiteral("{}"));
    reply->setParent(this);
    QTRY_COMPARE_WITH_TIMEOUT(window.session()->inbox()->rowCount(), 1, 10000);
    const QList<int> requests = rowsOf(window.traffic(), MessageType::AsyncRequest);
    QCOMPARE(requests.size(), 1);
    const TrafficRecord &record = window.traffic()->record(requests.first());
    QCOMPARE(record.node(), server.webSocketUrl(0).toString());
    QCOMPARE(record.connection(), client->nodeConnectionId(server.webSocketUrl(0)));
}

QTEST_MAIN(tst_MonitorNodes)
#include "tst_monitornodes.moc"
