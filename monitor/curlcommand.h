// SPDX-License-Identifier: MIT
#ifndef CURLCOMMAND_H
#define CURLCOMMAND_H

#include <QtCore/qstringlist.h>
#include <QtCore/qurl.h>

class TrafficRecord;

// curl command lines a person pastes in a terminal: the replay of a recorded request
// against SlimFaas (or the emulator), and the first calls to try on a fresh function.
// Pure functions, any thread.
namespace CurlCommand {

// Quotes text for a POSIX shell.
QString shellQuoted(const QString &text);
// The caller's request that produced this message (AsyncRequest, PublishEvent,
// SyncRequestStart), sent to callerUrl; empty for a message that no caller sends.
QString replay(const TrafficRecord &record, const QUrl &callerUrl, const QString &functionName);
// Calls to try on a function: an async request, a sync request and, per subscribed event,
// a publication.
QStringList examples(const QUrl &callerUrl, const QString &functionName,
                     const QStringList &events = {});

} // namespace CurlCommand

#endif // CURLCOMMAND_H
