// SPDX-License-Identifier: MIT
#ifndef CALLOPTIONS_H
#define CALLOPTIONS_H

#include <slimfaasheaders.h>

#include <QtCore/qbytearray.h>
#include <QtCore/qstring.h>
#include <QtCore/qurl.h>

#include <optional>

// The process's exit statuses, as --help and the README list them.
enum CallExitStatus {
    ExitSuccess = 0,   // a 2xx answer (publish: delivered)
    ExitUsage = 1,     // bad command line, unreadable --data-file
    ExitNetwork = 2,   // no answer: connection refused or lost, timeout, TLS
    ExitHttpError = 3, // an answer outside 2xx, other than 404
    ExitNotFound = 4,  // 404: unknown function or status, or no subscriber to the event
    ExitBadAnswer = 5, // an answer this program cannot read: malformed, failed decompression,
                       // an interim 1xx status, larger than --max-answer-size
};

// What --json (call) and status keep of an answer by default: 16 MiB.
constexpr qint64 DefaultMaximumAnswerSize = 16 * 1024 * 1024;

// Everything slimfaas-call can be told on its command line.
struct CallOptions
{
    enum Verb { Call, Enqueue, Publish, Status };

    Verb verb = Call;
    QString name; // function or event; empty for "status" alone
    QString path; // what follows the name, with the query if any
    QUrl url;
    QByteArray method;
    SlimFaasHeaders headers;
    // The body: inline (--data), or a file to stream ("-" is stdin).
    std::optional<QByteArray> data;
    QString dataFile;
    bool json = false;
    int timeout = 0;
    bool insecure = false;
    bool followRedirects = false; // to the same origin only
    qint64 maximumAnswerSize = DefaultMaximumAnswerSize;
    bool raw = false; // print bytes as received, control characters included
};

// Parses the application's arguments. On a usage error prints it to stderr and returns
// nothing; --help and --version exit the process, as QCommandLineParser does.
std::optional<CallOptions> parseCallOptions(const QStringList &arguments);

#endif // CALLOPTIONS_H
