// SPDX-License-Identifier: MIT
#ifndef CALLCOMMAND_H
#define CALLCOMMAND_H

#include "calloptions.h"

#include <slimfaascaller.h>

#include <terminaltext.h>

#include <QtCore/qfile.h>
#include <QtCore/qobject.h>

class SlimFaasCallReply;

// Runs the one verb of a slimfaas-call command line and says how it ended. Lives on the
// main thread; start() returns at once and finished() comes from the event loop.
class CallCommand : public QObject
{
    Q_OBJECT
public:
    explicit CallCommand(const CallOptions &options, QObject *parent = nullptr);

    void start();

Q_SIGNALS:
    void finished(int exitStatus);

private:
    void runCall();
    void runEnqueue();
    void runPublish();
    void runStatus();
    // The whole body for the verbs that send it in one piece (enqueue, publish).
    std::optional<QByteArray> readBody();
    void takeBody(SlimFaasCallReply *reply);
    void printCallHead(SlimFaasCallReply *reply);
    // A line for a person on stderr, escaped for a terminal unless --raw.
    void printError(const QString &line);
    // A line of the result on stdout, escaped when stdout is a terminal (unless --raw).
    void printOut(const QString &line);
    void finishCall(SlimFaasCallReply *reply);
    void fail(const QString &message, int exitStatus);
    // What a failed future's error means for the exit status.
    void failWith(SlimFaasCaller::Error error, const QString &message);
    void writeJson(const QJsonValue &value);

    CallOptions m_options;
    SlimFaasCaller m_caller;
    QFile m_stdout;
    QFile m_body;
    QByteArray m_received;           // the body of a call, kept only for --json
    bool m_tooLarge = false;         // the body of a --json call went past --max-answer-size
    bool m_stdoutIsTerminal = false; // and not --raw: what goes there is escaped
    TerminalText m_bodyText;
};

#endif // CALLCOMMAND_H
