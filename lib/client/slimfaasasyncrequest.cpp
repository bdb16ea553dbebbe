// SPDX-License-Identifier: MIT
#include "slimfaasasyncrequest.h"

#include <QtCore/qdatastream.h>
#include <QtCore/qdebug.h>

class SlimFaasAsyncRequestData : public QSharedData
{
public:
    QString elementId;
    QString method = QStringLiteral("POST");
    QString path;
    QString query;
    SlimFaasHeaders headers;
    QByteArray body;
    bool hasBody = false;
    bool isLastTry = false;
    int tryNumber = 1;
    QDateTime receivedAt;
    QDateTime deadline;
    QString connectionId;
};

SlimFaasAsyncRequest::SlimFaasAsyncRequest() : d(new SlimFaasAsyncRequestData) { }
SlimFaasAsyncRequest::SlimFaasAsyncRequest(const SlimFaasAsyncRequest &other) = default;
SlimFaasAsyncRequest &SlimFaasAsyncRequest::operator=(const SlimFaasAsyncRequest &other) = default;
SlimFaasAsyncRequest::~SlimFaasAsyncRequest() = default;

bool SlimFaasAsyncRequest::isNull() const
{
    return d->elementId.isEmpty();
}

QString SlimFaasAsyncRequest::elementId() const
{
    return d->elementId;
}
void SlimFaasAsyncRequest::setElementId(const QString &id)
{
    d->elementId = id;
}

QString SlimFaasAsyncRequest::method() const
{
    return d->method;
}
void SlimFaasAsyncRequest::setMethod(const QString &method)
{
    d->method = method;
}

QString SlimFaasAsyncRequest::path() const
{
    return d->path;
}
void SlimFaasAsyncRequest::setPath(const QString &path)
{
    d->path = path;
}

QString SlimFaasAsyncRequest::query() const
{
    return d->query;
}
void SlimFaasAsyncRequest::setQuery(const QString &query)
{
    d->query = query;
}

QUrlQuery SlimFaasAsyncRequest::urlQuery() const
{
    const QString text = query();
    return QUrlQuery(text.startsWith(u'?') ? text.mid(1) : text);
}

SlimFaasHeaders SlimFaasAsyncRequest::headers() const
{
    return d->headers;
}
void SlimFaasAsyncRequest::setHeaders(const SlimFaasHeaders &headers)
{
    d->headers = headers;
}

QString SlimFaasAsyncRequest::header(const QString &name) const
{
    return d->headers.firstValue(name);
}

QByteArray SlimFaasAsyncRequest::body() const
{
    return d->body;
}

void SlimFaasAsyncRequest::setBody(const QByteArray &body)
{
    d->body = body;
    d->hasBody = true;
}

bool SlimFaasAsyncRequest::hasBody() const
{
    return d->hasBody;
}

void SlimFaasAsyncRequest::setHasBody(bool hasBody)
{
    d->hasBody = hasBody;
    if (!hasBody)
        d->body.clear();
}

bool SlimFaasAsyncRequest::isLastTry() const
{
    return d->isLastTry;
}
void SlimFaasAsyncRequest::setLastTry(bool lastTry)
{
    d->isLastTry = lastTry;
}

int SlimFaasAsyncRequest::tryNumber() const
{
    return d->tryNumber;
}
void SlimFaasAsyncRequest::setTryNumber(int tryNumber)
{
    d->tryNumber = tryNumber;
}

QDateTime SlimFaasAsyncRequest::receivedAt() const
{
    return d->receivedAt;
}
void SlimFaasAsyncRequest::setReceivedAt(const QDateTime &when)
{
    d->receivedAt = when;
}

QDateTime SlimFaasAsyncRequest::safeDeadline() const
{
    if (!d->receivedAt.isValid())
        return {};
    // Never after deadline(): a client configured with a shorter callbackTimeout (a test
    // emulator) forgets the request sooner.
    return qMin(d->receivedAt.addSecs(ServerTryTimeoutSecs), deadline());
}

QDateTime SlimFaasAsyncRequest::deadline() const
{
    if (d->deadline.isValid())
        return d->deadline;
    return d->receivedAt.isValid() ? d->receivedAt.addSecs(ServerCallbackTimeoutSecs) : QDateTime();
}

void SlimFaasAsyncRequest::setDeadline(const QDateTime &when)
{
    d->deadline = when;
}

QString SlimFaasAsyncRequest::connectionId() const
{
    return d->connectionId;
}
void SlimFaasAsyncRequest::setConnectionId(const QString &id)
{
    d->connectionId = id;
}

bool operator==(const SlimFaasAsyncRequest &a, const SlimFaasAsyncRequest &b)
{
    if (a.d == b.d)
        return true;
    return a.d->elementId == b.d->elementId && a.d->method == b.d->method && a.d->path == b.d->path
            && a.d->query == b.d->query && a.d->headers == b.d->headers && a.d->body == b.d->body
            && a.d->hasBody == b.d->hasBody && a.d->isLastTry == b.d->isLastTry
            && a.d->tryNumber == b.d->tryNumber && a.d->receivedAt == b.d->receivedAt
            && a.d->deadline == b.d->deadline && a.d->connectionId == b.d->connectionId;
}

QDebug operator<<(QDebug debug, const SlimFaasAsyncRequest &request)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << "SlimFaasAsyncRequest(" << request.elementId() << ", " << request.method()
                    << ", path=" << request.path() << ", query=" << request.query() << ", try "
                    << request.tryNumber() << (request.isLastTry() ? " (last)" : "") << ", "
                    << request.body().size() << " bytes)";
    return debug;
}

// A version first, so that a later field can be added without misreading older streams.
static constexpr quint8 AsyncRequestStreamVersion = 1;

QDataStream &operator<<(QDataStream &stream, const SlimFaasAsyncRequest &request)
{
    return stream << AsyncRequestStreamVersion << request.elementId() << request.method()
                  << request.path() << request.query() << request.headers() << request.body()
                  << request.hasBody() << request.isLastTry() << qint32(request.tryNumber())
                  << request.receivedAt() << request.deadline() << request.connectionId();
}

QDataStream &operator>>(QDataStream &stream, SlimFaasAsyncRequest &request)
{
    quint8 version = 0;
    QString elementId, method, path, query, connectionId;
    SlimFaasHeaders headers;
    QByteArray body;
    bool hasBody = false, lastTry = false;
    qint32 tryNumber = 0;
    QDateTime receivedAt, deadline;
    stream >> version;
    if (version != AsyncRequestStreamVersion) {
        stream.setStatus(QDataStream::ReadCorruptData);
        return stream;
    }
    stream >> elementId >> method >> path >> query >> headers >> body >> hasBody >> lastTry
            >> tryNumber >> receivedAt >> deadline >> connectionId;
    if (stream.status() != QDataStream::Ok)
        return stream;
    request = SlimFaasAsyncRequest();
    request.setElementId(elementId);
    request.setMethod(method);
    request.setPath(path);
    request.setQuery(query);
    request.setHeaders(headers);
    request.setBody(body);
    request.setHasBody(hasBody);
    request.setLastTry(lastTry);
    request.setTryNumber(tryNumber);
    request.setReceivedAt(receivedAt);
    request.setDeadline(deadline);
    request.setConnectionId(connectionId);
    return stream;
}
