// SPDX-License-Identifier: MIT
#include "slimfaaspublishevent.h"
#include "slimfaasbase64_p.h"
#include "slimfaaslazypart_p.h"

#include <QtCore/qdatastream.h>
#include <QtCore/qdebug.h>

class SlimFaasPublishEventData : public QSharedData
{
public:
    QString correlationId;
    QString eventName;
    QString method = QStringLiteral("POST");
    QString path;
    QString query;
    // Decoded when first asked for.
    SlimFaasLazyPart<SlimFaasHeaders> headers;
    SlimFaasLazyPart<QByteArray> body;
    bool hasBody = false;
    QDateTime receivedAt;
};

SlimFaasPublishEvent::SlimFaasPublishEvent() : d(new SlimFaasPublishEventData) { }
SlimFaasPublishEvent::SlimFaasPublishEvent(const SlimFaasPublishEvent &other) = default;
SlimFaasPublishEvent &SlimFaasPublishEvent::operator=(const SlimFaasPublishEvent &other) = default;
SlimFaasPublishEvent::~SlimFaasPublishEvent() = default;

QString SlimFaasPublishEvent::correlationId() const
{
    return d->correlationId;
}
void SlimFaasPublishEvent::setCorrelationId(const QString &id)
{
    d->correlationId = id;
}

QString SlimFaasPublishEvent::eventName() const
{
    return d->eventName;
}
void SlimFaasPublishEvent::setEventName(const QString &name)
{
    d->eventName = name;
}

QString SlimFaasPublishEvent::method() const
{
    return d->method;
}
void SlimFaasPublishEvent::setMethod(const QString &method)
{
    d->method = method;
}

QString SlimFaasPublishEvent::path() const
{
    return d->path;
}
void SlimFaasPublishEvent::setPath(const QString &path)
{
    d->path = path;
}

QString SlimFaasPublishEvent::query() const
{
    return d->query;
}
void SlimFaasPublishEvent::setQuery(const QString &query)
{
    d->query = query;
}

QUrlQuery SlimFaasPublishEvent::urlQuery() const
{
    const QString text = query();
    return QUrlQuery(text.startsWith(u'?') ? text.mid(1) : text);
}

SlimFaasHeaders SlimFaasPublishEvent::headers() const
{
    return d->headers.get();
}
void SlimFaasPublishEvent::setHeaders(const SlimFaasHeaders &headers)
{
    d->headers.set(headers);
}

QByteArray SlimFaasPublishEvent::body() const
{
    return d->body.get();
}

void SlimFaasPublishEvent::setBody(const QByteArray &body)
{
    d->body.set(body);
    d->hasBody = true;
}

void setEncodedHeaders(SlimFaasPublishEvent &event, const QString &message, QStringView json)
{
    event.d->headers.setEncoded(message, json, SlimFaasProtocol::decodeCheckedHeaders);
}

void setEncodedBody(SlimFaasPublishEvent &event, const QString &message, QStringView base64)
{
    event.d->body.setEncoded(message, base64, SlimFaasBase64::decodeChecked);
    event.d->hasBody = true;
}

bool SlimFaasPublishEvent::hasBody() const
{
    return d->hasBody;
}

void SlimFaasPublishEvent::setHasBody(bool hasBody)
{
    d->hasBody = hasBody;
    if (!hasBody)
        d->body.set({});
}

QDateTime SlimFaasPublishEvent::receivedAt() const
{
    return d->receivedAt;
}
void SlimFaasPublishEvent::setReceivedAt(const QDateTime &when)
{
    d->receivedAt = when;
}

bool operator==(const SlimFaasPublishEvent &a, const SlimFaasPublishEvent &b)
{
    if (a.d == b.d)
        return true;
    return a.d->correlationId == b.d->correlationId && a.d->eventName == b.d->eventName
            && a.d->method == b.d->method && a.d->path == b.d->path && a.d->query == b.d->query
            && a.d->headers.get() == b.d->headers.get() && a.d->body.get() == b.d->body.get()
            && a.d->hasBody == b.d->hasBody && a.d->receivedAt == b.d->receivedAt;
}

QDebug operator<<(QDebug debug, const SlimFaasPublishEvent &event)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << "SlimFaasPublishEvent(" << event.eventName() << ", " << event.method()
                    << ", path=" << event.path() << ", query=" << event.query() << ", "
                    << event.body().size() << " bytes)";
    return debug;
}

// A version first, so that a later field can be added without misreading older streams.
static constexpr quint8 PublishEventStreamVersion = 1;

QDataStream &operator<<(QDataStream &stream, const SlimFaasPublishEvent &event)
{
    return stream << PublishEventStreamVersion << event.correlationId() << event.eventName()
                  << event.method() << event.path() << event.query() << event.headers()
                  << event.body() << event.hasBody() << event.receivedAt();
}

QDataStream &operator>>(QDataStream &stream, SlimFaasPublishEvent &event)
{
    quint8 version = 0;
    QString correlationId, eventName, method, path, query;
    SlimFaasHeaders headers;
    QByteArray body;
    bool hasBody = false;
    QDateTime receivedAt;
    stream >> version;
    if (version != PublishEventStreamVersion) {
        stream.setStatus(QDataStream::ReadCorruptData);
        return stream;
    }
    stream >> correlationId >> eventName >> method >> path >> query >> headers >> body >> hasBody
            >> receivedAt;
    if (stream.status() != QDataStream::Ok)
        return stream;
    event = SlimFaasPublishEvent();
    event.setCorrelationId(correlationId);
    event.setEventName(eventName);
    event.setMethod(method);
    event.setPath(path);
    event.setQuery(query);
    event.setHeaders(headers);
    event.setBody(body);
    event.setHasBody(hasBody);
    event.setReceivedAt(receivedAt);
    return stream;
}
