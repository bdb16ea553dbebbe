// SPDX-License-Identifier: MIT
// slimfaas-emulator: the SlimFaas side of the WebSocket protocol, on this machine.
//
//   slimfaas-emulator                      # ws://127.0.0.1:5003/ws and http://127.0.0.1:30021
//   curl -X POST http://127.0.0.1:30021/async-function/my-job/hello -d '{"x":1}'
//
// It behaves as SlimFaas does, traps included, and says so when a function walks into one
// (a warning line; with --log-json, a "warning" event).

#include "emulatoroptions.h"

#include <slimfaasemulator.h>
#include <slimfaastranslation.h>
#include <terminationsignals.h>

#include <QtCore/qcoreapplication.h>
#include <QtCore/qdatetime.h>
#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qloggingcategory.h>

#include <cstdio>

namespace {

void printLine(const QJsonObject &fields)
{
    QJsonObject line = fields;
    line.insert(QLatin1String("time"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    const QByteArray json = QJsonDocument(line).toJson(QJsonDocument::Compact);
    std::fwrite(json.constData(), 1, size_t(json.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

using Fields = std::initializer_list<QPair<QString, QJsonValue>>;

void printEvent(const char *name, Fields fields)
{
    QJsonObject line(fields);
    line.insert(QLatin1String("event"), QLatin1String(name));
    printLine(line);
}

// --log-json: one JSON object per line on stdout for everything the emulator observes.
void logAsJsonLines(SlimFaasEmulator *e)
{
    using P = SlimFaasProtocol::MessageType;
    const QString function
            = QStringLiteral("function"),
            connection = QStringLiteral("connectionId"), element = QStringLiteral("elementId"),
            correlation = QStringLiteral("correlationId"), status = QStringLiteral("statusCode");
    // With several nodes, which one accepted the connection.
    QObject::connect(e, &SlimFaasEmulator::connectionOpened, e, [=](const QString &id) {
        if (e->nodeCount() > 1)
            printEvent("connectionOpened",
                       { { connection, id }, { QStringLiteral("node"), e->connectionNode(id) } });
        else
            printEvent("connectionOpened", { { connection, id } });
    });
    QObject::connect(e, &SlimFaasEmulator::masterNodeChanged, e, [=](int node) {
        printEvent("masterNodeChanged", { { QStringLiteral("node"), node } });
    });
    QObject::connect(e, &SlimFaasEmulator::functionRegistered, e,
                     [=](const QString &fn, const QString &id) {
                         printEvent("functionRegistered", { { function, fn }, { connection, id } });
                     });
    QObject::connect(e, &SlimFaasEmulator::registrationRefused, e,
                     [=](const QString &fn, const QString &id, const QString &reason) {
                         printEvent("registrationRefused",
                                    { { function, fn },
                                      { connection, id },
                                      { QStringLiteral("reason"), reason } });
                     });
    QObject::connect(e, &SlimFaasEmulator::connectionClosed, e,
                     [=](const QString &fn, const QString &id) {
                         printEvent("connectionClosed", { { function, fn }, { connection, id } });
                     });
    auto message = [=](const char *direction) {
        return [=](const QString &id, P type, const QString &correlationId, const QByteArray &raw) {
            printEvent("message",
                       { { QStringLiteral("direction"), QLatin1String(direction) },
                         { connection, id },
                         { QStringLiteral("type"), SlimFaasProtocol::messageTypeName(type) },
                         { QStringLiteral("typeCode"), int(type) },
                         { correlation, correlationId },
                         { QStringLiteral("size"), int(raw.size()) } });
        };
    };
    QObject::connect(e, &SlimFaasEmulator::messageReceived, e, message("in"));
    QObject::connect(e, &SlimFaasEmulator::messageSent, e, message("out"));
    QObject::connect(e, &SlimFaasEmulator::messageRejected, e,
                     [=](const QString &id, const QString &reason) {
                         printEvent("messageRejected",
                                    { { connection, id }, { QStringLiteral("reason"), reason } });
                     });
    QObject::connect(e, &SlimFaasEmulator::asyncRequestQueued, e,
                     [=](const QString &fn, const QString &elementId, int length) {
                         printEvent("asyncRequestQueued",
                                    { { function, fn },
                                      { element, elementId },
                                      { QStringLiteral("queueLength"), length } });
                     });
    QObject::connect(
            e, &SlimFaasEmulator::queueLengthChanged, e, [=](const QString &fn, int length) {
                printEvent("queueLengthChanged",
                           { { function, fn }, { QStringLiteral("queueLength"), length } });
            });
    QObject::connect(e, &SlimFaasEmulator::asyncRequestDispatched, e,
                     [=](const QString &fn, const QString &elementId, const QString &id,
                         int tryNumber, bool last) {
                         printEvent("asyncRequestDispatched",
                                    { { function, fn },
                                      { element, elementId },
                                      { connection, id },
                                      { QStringLiteral("tryNumber"), tryNumber },
                                      { QStringLiteral("isLastTry"), last } });
                     });
    QObject::connect(
            e, &SlimFaasEmulator::asyncRequestRetryScheduled, e,
            [=](const QString &fn, const QString &elementId, int code, int next, int delay) {
                printEvent("asyncRequestRetryScheduled",
                           { { function, fn },
                             { element, elementId },
                             { status, code },
                             { QStringLiteral("nextTryNumber"), next },
                             { QStringLiteral("delayMs"), delay } });
            });
    QObject::connect(e, &SlimFaasEmulator::asyncRequestCompleted, e,
                     [=](const QString &fn, const QString &elementId, int code, int tryNumber) {
                         printEvent("asyncRequestCompleted",
                                    { { function, fn },
                                      { element, elementId },
                                      { status, code },
                                      { QStringLiteral("tryNumber"), tryNumber } });
                     });
    QObject::connect(e, &SlimFaasEmulator::eventPublished, e, [=](const QString &name, int n) {
        printEvent("eventPublished",
                   { { QStringLiteral("eventName"), name }, { QStringLiteral("deliveries"), n } });
    });
    QObject::connect(
            e, &SlimFaasEmulator::syncRequestStarted, e,
            [=](const QString &fn, const QString &id, const QString &connectionId) {
                printEvent("syncRequestStarted",
                           { { function, fn }, { correlation, id }, { connection, connectionId } });
            });
    QObject::connect(e, &SlimFaasEmulator::syncRequestFinished, e,
                     [=](const QString &fn, const QString &id, int code) {
                         printEvent("syncRequestFinished",
                                    { { function, fn }, { correlation, id }, { status, code } });
                     });
    QObject::connect(e, &SlimFaasEmulator::warningRaised, e,
                     [=](const QString &code, const QString &fn, const QString &text) {
                         printEvent("warning",
                                    { { QStringLiteral("code"), code },
                                      { function, fn },
                                      { QStringLiteral("message"), text } });
                     });
    QObject::connect(e, &SlimFaasEmulator::syncRequestCancelled, e,
                     [=](const QString &fn, const QString &id, const QString &reason) {
                         printEvent("syncRequestCancelled",
                                    { { function, fn },
                                      { correlation, id },
                                      { QStringLiteral("reason"), reason } });
                     });
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("slimfaas-emulator"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SLIMFAASQT_VERSION));
    installSlimFaasTranslator(); // French when the system locale asks for it

    SlimFaasEmulator emulator;
    const auto options = parseEmulatorOptions(QCoreApplication::arguments(), &emulator);
    if (!options)
        return 1;
    if (!options->quiet)
        QLoggingCategory::setFilterRules(QStringLiteral("slimfaas.emulator.info=true"));
    if (options->logJson)
        logAsJsonLines(&emulator);
    if (!emulator.start()) {
        std::fprintf(stderr, "slimfaas-emulator: %s\n", qPrintable(emulator.errorString()));
        return 2;
    }
    if (options->logJson && emulator.nodeCount() == 1) {
        printEvent("listening",
                   { { QStringLiteral("webSocketUrl"), emulator.webSocketUrl().toString() },
                     { QStringLiteral("httpUrl"), emulator.httpUrl().toString() } });
    } else if (options->logJson) {
        // Several nodes: node 0's URLs where one node's are, and every node's.
        QJsonArray nodes;
        for (int node = 0; node < emulator.nodeCount(); ++node)
            nodes.append(QJsonObject{
                    { QStringLiteral("node"), node },
                    { QStringLiteral("webSocketUrl"), emulator.webSocketUrl(node).toString() },
                    { QStringLiteral("httpUrl"), emulator.httpUrl(node).toString() },
                    { QStringLiteral("master"), node == emulator.masterNode() } });
        printEvent("listening",
                   { { QStringLiteral("webSocketUrl"), emulator.webSocketUrl().toString() },
                     { QStringLiteral("httpUrl"), emulator.httpUrl().toString() },
                     { QStringLiteral("nodes"), nodes } });
    } else if (!options->quiet) {
        if (emulator.nodeCount() == 1) {
            std::printf("slimfaas-emulator: functions connect to %s, callers use %s\n",
                        qPrintable(emulator.webSocketUrl().toString()),
                        qPrintable(emulator.httpUrl().toString()));
        } else {
            std::printf("slimfaas-emulator: %d nodes, node %d the master\n", emulator.nodeCount(),
                        emulator.masterNode());
            for (int node = 0; node < emulator.nodeCount(); ++node)
                std::printf("slimfaas-emulator: node %d: functions connect to %s, callers use %s\n",
                            node, qPrintable(emulator.webSocketUrl(node).toString()),
                            qPrintable(emulator.httpUrl(node).toString()));
        }
        std::fflush(stdout);
    }
    quitOnTerminationSignals(&app);
    const int result = app.exec();
    emulator.stop();
    return result;
}
