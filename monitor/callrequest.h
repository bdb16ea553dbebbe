// SPDX-License-Identifier: MIT
#ifndef CALLREQUEST_H
#define CALLREQUEST_H

#include <slimfaasheaders.h>

#include <QtCore/qcoreapplication.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qstring.h>
#include <QtCore/qurl.h>

// One call typed in the caller panel, as it is sent and kept in the history: a sync call
// (/function/), an async call (/async-function/) or an event (/publish-event/), with its
// method, path, query, headers (one "Name: value" per line, as typed) and body.
// A value type, usable from any thread.
struct CallRequest
{
    Q_GADGET
    Q_DECLARE_TR_FUNCTIONS(CallRequest)
public:
    enum Kind { SyncCall, AsyncCall, PublishEvent };
    Q_ENUM(Kind)

    Kind kind = SyncCall;
    QUrl url;       // SlimFaas's HTTP URL; empty: the monitor's own (the embedded emulator)
    QString target; // the function, or the event
    QString method = QStringLiteral("GET"); // not sent for events: SlimFaas takes a POST
    QString path;                           // after /function/<target>/, without a leading slash
    QString query;                          // without the '?'
    QString headers;
    QString body;

    // "path?query", as SlimFaasCaller takes it.
    QString pathAndQuery() const;
    // "sync GET demo/hello?x=1", one line for the history.
    QString description() const;
    // The same call as a curl command line for a POSIX shell, sent to `url` when the call
    // has no URL of its own.
    QString curlCommand(const QUrl &url) const;

    // The typed header lines. False, with the line that is not a header in *badLine.
    static bool parseHeaders(const QString &text, SlimFaasHeaders *headers,
                             QString *badLine = nullptr);

    QJsonObject toJson() const;
    // Missing or unknown fields keep their defaults.
    static CallRequest fromJson(const QJsonObject &object);

    friend bool operator==(const CallRequest &a, const CallRequest &b)
    {
        return a.kind == b.kind && a.url == b.url && a.target == b.target && a.method == b.method
                && a.path == b.path && a.query == b.query && a.headers == b.headers
                && a.body == b.body;
    }
    friend bool operator!=(const CallRequest &a, const CallRequest &b) { return !(a == b); }
};

#endif // CALLREQUEST_H
