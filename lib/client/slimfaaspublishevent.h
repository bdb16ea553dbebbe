// SPDX-License-Identifier: MIT
#ifndef SLIMFAASPUBLISHEVENT_H
#define SLIMFAASPUBLISHEVENT_H

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

class SlimFaasPublishEventData;

// A /publish-event call delivered to a subscribed function (docs/protocol.md §5). Fire and forget:
// SlimFaas expects no answer.
// Threads: a value class, implicitly shared and reentrant like QString: copies may be used
// in different threads at once; one object must not be written from two threads.
class SLIMFAASQT_CLIENT_EXPORT SlimFaasPublishEvent
{
    Q_GADGET
    Q_PROPERTY(QString correlationId READ correlationId WRITE setCorrelationId)
    Q_PROPERTY(QString eventName READ eventName WRITE setEventName)
    Q_PROPERTY(QString method READ method WRITE setMethod)
    Q_PROPERTY(QString path READ path WRITE setPath)
    Q_PROPERTY(QString query READ query WRITE setQuery)
    Q_PROPERTY(SlimFaasHeaders headers READ headers WRITE setHeaders)
    Q_PROPERTY(QByteArray body READ body WRITE setBody)
    Q_PROPERTY(bool hasBody READ hasBody WRITE setHasBody)
    Q_PROPERTY(QDateTime receivedAt READ receivedAt WRITE setReceivedAt)

public:
    SlimFaasPublishEvent();
    SlimFaasPublishEvent(const SlimFaasPublishEvent &other);
    SlimFaasPublishEvent &operator=(const SlimFaasPublishEvent &other);
    ~SlimFaasPublishEvent();

    // The envelope's correlationId: a fresh id per delivery, useful only for tracing.
    QString correlationId() const;
    void setCorrelationId(const QString &id);

    // The event's name, as published (/publish-event/<event>/...).
    QString eventName() const;
    void setEventName(const QString &name);

    // The publisher's HTTP method (POST, PUT...).
    QString method() const;
    void setMethod(const QString &method);

    // What follows /publish-event/<event>/ in the publisher's URL, without a leading slash.
    QString path() const;
    void setPath(const QString &path);

    // With its leading '?', or empty, as SlimFaas sends it.
    QString query() const;
    void setQuery(const QString &query);
    // The query as QUrlQuery reads it (no leading '?').
    QUrlQuery urlQuery() const;

    // The publisher's headers, each name with its values.
    SlimFaasHeaders headers() const;
    void setHeaders(const SlimFaasHeaders &headers);

    // The publisher's body, decoded from base64 the first time it is read; empty when SlimFaas
    // sent none (see hasBody()).
    QByteArray body() const;
    void setBody(const QByteArray &body);
    // What SlimFaas sent as "body": false for null (GET, HEAD, DELETE and TRACE, even when
    // the caller sent a body), true for a body, empty or not (an empty POST body is "").
    bool hasBody() const;
    void setHasBody(bool hasBody);

    // When this event reached the client, by the local clock.
    QDateTime receivedAt() const;
    void setReceivedAt(const QDateTime &when);

    friend SLIMFAASQT_CLIENT_EXPORT bool operator==(const SlimFaasPublishEvent &a,
                                                    const SlimFaasPublishEvent &b);
    friend bool operator!=(const SlimFaasPublishEvent &a, const SlimFaasPublishEvent &b)
    {
        return !(a == b);
    }

private:
    // The codec's way to hand over parts still encoded (slimfaaslazypart_p.h).
    friend void setEncodedHeaders(SlimFaasPublishEvent &event, const QString &message,
                                  QStringView json);
    friend void setEncodedBody(SlimFaasPublishEvent &event, const QString &message,
                               QStringView base64);
    QSharedDataPointer<SlimFaasPublishEventData> d;
};

SLIMFAASQT_CLIENT_EXPORT QDebug operator<<(QDebug debug, const SlimFaasPublishEvent &event);
SLIMFAASQT_CLIENT_EXPORT QDataStream &operator<<(QDataStream &stream,
                                                 const SlimFaasPublishEvent &value);
SLIMFAASQT_CLIENT_EXPORT QDataStream &operator>>(QDataStream &stream, SlimFaasPublishEvent &value);

Q_DECLARE_METATYPE(SlimFaasPublishEvent)

#endif // SLIMFAASPUBLISHEVENT_H
