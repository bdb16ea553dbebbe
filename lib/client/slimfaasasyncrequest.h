// SPDX-License-Identifier: MIT
#ifndef SLIMFAASASYNCREQUEST_H
#define SLIMFAASASYNCREQUEST_H

#include "slimfaasheaders.h"
#include "slimfaasqtclient_export.h"

#include <QtCore/qbytearray.h>
#include <QtCore/qdatetime.h>
#include <QtCore/qmetatype.h>
#include <QtCore/qobjectdefs.h>
#include <QtCore/qshareddata.h>
#include <QtCore/qurlquery.h>

QT_BEGIN_NAMESPACE
class QDataStream;
class QDebug;
QT_END_NAMESPACE

class SlimFaasAsyncRequestData;

// A caller's /async-function request, dequeued by SlimFaas and handed to this function
// (docs/protocol.md §4). It is answered with exactly one status, through SlimFaasClient.
// Threads: a value class, implicitly shared and reentrant like QString: copies may be used
// in different threads at once; one object must not be written from two threads.
class SLIMFAASQT_CLIENT_EXPORT SlimFaasAsyncRequest
{
    Q_GADGET
    Q_PROPERTY(QString elementId READ elementId WRITE setElementId)
    Q_PROPERTY(QString method READ method WRITE setMethod)
    Q_PROPERTY(QString path READ path WRITE setPath)
    Q_PROPERTY(QString query READ query WRITE setQuery)
    Q_PROPERTY(SlimFaasHeaders headers READ headers WRITE setHeaders)
    Q_PROPERTY(QByteArray body READ body WRITE setBody)
    Q_PROPERTY(bool hasBody READ hasBody WRITE setHasBody)
    Q_PROPERTY(bool lastTry READ isLastTry WRITE setLastTry)
    Q_PROPERTY(int tryNumber READ tryNumber WRITE setTryNumber)
    Q_PROPERTY(QDateTime receivedAt READ receivedAt WRITE setReceivedAt)
    Q_PROPERTY(QDateTime deadline READ deadline WRITE setDeadline)
    Q_PROPERTY(QString connectionId READ connectionId WRITE setConnectionId)

public:
    // The two clocks SlimFaas runs on a try (docs/protocol.md §4). Its queue gives the try 120 s:
    // after that, the next dequeue of the function's queue records it as 504, final, and
    // drops any later callback. Its connection waits for the callback 300 s: until then a
    // callback still counts if no dequeue happened meanwhile; after that it is forgotten.
    static constexpr int ServerTryTimeoutSecs = 120;      // the queue's limit on a try
    static constexpr int ServerCallbackTimeoutSecs = 300; // the connection's wait

    SlimFaasAsyncRequest();
    SlimFaasAsyncRequest(const SlimFaasAsyncRequest &other);
    SlimFaasAsyncRequest &operator=(const SlimFaasAsyncRequest &other);
    ~SlimFaasAsyncRequest();

    bool isNull() const; // true for a default-constructed request (no elementId)

    // The queue item's id: the same on every delivery of one request (SlimFaas-Element-Id).
    QString elementId() const;
    void setElementId(const QString &id);

    // The caller's HTTP method (GET, POST...).
    QString method() const;
    void setMethod(const QString &method);

    // What follows /async-function/<name>/ in the caller's URL, without a leading slash.
    QString path() const;
    void setPath(const QString &path);

    // The query string with its leading '?', or empty.
    // With its leading '?', or empty, as SlimFaas sends it.
    QString query() const;
    void setQuery(const QString &query);
    // The query as QUrlQuery reads it (no leading '?').
    QUrlQuery urlQuery() const;

    // The caller's headers, each name with its values.
    SlimFaasHeaders headers() const;
    void setHeaders(const SlimFaasHeaders &headers);
    // First value of a header, looked up case-insensitively as HTTP requires.
    QString header(const QString &name) const;

    // The caller's body; empty when SlimFaas sent none (see hasBody()).
    QByteArray body() const;
    void setBody(const QByteArray &body);
    // What SlimFaas sent as "body": false for null (GET, HEAD, DELETE and TRACE, even when
    // the caller sent a body, and an async body over 1 MiB, which SlimFaas offloads and
    // never sends), true for a body, empty or not (an empty POST, PUT or PATCH body is "").
    // body() reads empty in both cases; this tells them apart.
    bool hasBody() const;
    void setHasBody(bool hasBody);

    // SlimFaas's isLastTry, as the server computes it: true on tries 1 to 3 and false on the
    // fourth, the real last one (docs/protocol.md §4). Do not decide anything on it.
    bool isLastTry() const;
    void setLastTry(bool lastTry);

    // Which delivery of the request this is, from 1; SlimFaas tries a request four times at most.
    int tryNumber() const;
    void setTryNumber(int tryNumber);

    // Local bookkeeping: when this request reached the client (receivedAt()); until when an
    // answer is sure to count (safeDeadline(): receivedAt + 120 s); and when SlimFaas forgets
    // the request (deadline(): by default receivedAt + 300 s; the client sets it from its
    // callbackTimeout). Between the two an answer counts only if SlimFaas has not dequeued
    // from the function's queue meanwhile.
    QDateTime receivedAt() const;
    void setReceivedAt(const QDateTime &when);
    QDateTime safeDeadline() const;
    QDateTime deadline() const;
    void setDeadline(const QDateTime &when);
    // The connection this delivery arrived on. With elementId and tryNumber it names one
    // attempt: SlimFaas delivers a request again, with the same elementId, after a lost
    // connection or a retried status, and an answer must reach the attempt it was made for.
    QString connectionId() const;
    void setConnectionId(const QString &id);

    friend SLIMFAASQT_CLIENT_EXPORT bool operator==(const SlimFaasAsyncRequest &a,
                                                    const SlimFaasAsyncRequest &b);
    friend bool operator!=(const SlimFaasAsyncRequest &a, const SlimFaasAsyncRequest &b)
    {
        return !(a == b);
    }

private:
    QSharedDataPointer<SlimFaasAsyncRequestData> d;
};

SLIMFAASQT_CLIENT_EXPORT QDebug operator<<(QDebug debug, const SlimFaasAsyncRequest &request);
SLIMFAASQT_CLIENT_EXPORT QDataStream &operator<<(QDataStream &stream,
                                                 const SlimFaasAsyncRequest &value);
SLIMFAASQT_CLIENT_EXPORT QDataStream &operator>>(QDataStream &stream, SlimFaasAsyncRequest &value);

Q_DECLARE_METATYPE(SlimFaasAsyncRequest)

#endif // SLIMFAASASYNCREQUEST_H
