// SPDX-License-Identifier: MIT
#include "callrequest.h"

#include "curlcommand.h"

#include <QtCore/qmetaobject.h>
#include <QtCore/qstringlist.h>

QString CallRequest::pathAndQuery() const
{
    QString result = path;
    while (result.startsWith(QLatin1Char('/')))
        result.remove(0, 1);
    if (!query.isEmpty())
        result += QLatin1Char('?') + query;
    return result;
}

QString CallRequest::description() const
{
    const QString where
            = pathAndQuery().isEmpty() ? target : target + QLatin1Char('/') + pathAndQuery();
    QString text;
    switch (kind) {
    case SyncCall:
        text = tr("sync %1 %2").arg(method, where);
        break;
    case AsyncCall:
        text = tr("async %1 %2").arg(method, where);
        break;
    case PublishEvent:
        text = tr("event %1").arg(where);
        break;
    }
    if (!url.isEmpty())
        text += tr(" on %1").arg(url.toString());
    return text;
}

QString CallRequest::curlCommand(const QUrl &defaultUrl) const
{
    QString route;
    switch (kind) {
    case SyncCall:
        route = QStringLiteral("/function/");
        break;
    case AsyncCall:
        route = QStringLiteral("/async-function/");
        break;
    case PublishEvent:
        route = QStringLiteral("/publish-event/");
        break;
    }
    const QUrl base = url.isEmpty() ? defaultUrl : url;
    const QString target = base.toString(QUrl::StripTrailingSlash) + route + this->target
            + QLatin1Char('/') + pathAndQuery();
    QStringList words{ QStringLiteral("curl"), QStringLiteral("-i") };
    const QString verb = kind == PublishEvent ? QStringLiteral("POST") : method;
    if (verb != QLatin1String("GET") || !body.isEmpty())
        words << QStringLiteral("-X") << verb;
    // As typed: curl is told exactly the header lines SlimFaasCaller would send.
    const QStringList lines = headers.split(QLatin1Char('\n'));
    for (const QString &line : lines) {
        if (!line.trimmed().isEmpty())
            words << QStringLiteral("-H") << CurlCommand::shellQuoted(line.trimmed());
    }
    if (!body.isEmpty())
        words << QStringLiteral("--data-binary") << CurlCommand::shellQuoted(body);
    words << CurlCommand::shellQuoted(target);
    return words.join(QLatin1Char(' '));
}

bool CallRequest::parseHeaders(const QString &text, SlimFaasHeaders *headers, QString *badLine)
{
    SlimFaasHeaders parsed;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (const QString &line : lines) {
        if (line.trimmed().isEmpty())
            continue;
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        if (colon <= 0 || line.left(colon).trimmed().isEmpty()) {
            if (badLine)
                *badLine = line;
            return false;
        }
        parsed[line.left(colon).trimmed()].append(line.mid(colon + 1).trimmed());
    }
    *headers = parsed;
    return true;
}

QJsonObject CallRequest::toJson() const
{
    const QMetaEnum kinds = QMetaEnum::fromType<Kind>();
    return QJsonObject{
        { QStringLiteral("kind"), QLatin1String(kinds.valueToKey(kind)) },
        { QStringLiteral("url"), url.toString() },
        { QStringLiteral("target"), target },
        { QStringLiteral("method"), method },
        { QStringLiteral("path"), path },
        { QStringLiteral("query"), query },
        { QStringLiteral("headers"), headers },
        { QStringLiteral("body"), body },
    };
}

CallRequest CallRequest::fromJson(const QJsonObject &object)
{
    CallRequest request;
    bool ok = false;
    const int kind = QMetaEnum::fromType<Kind>().keyToValue(
            object.value(QStringLiteral("kind")).toString().toUtf8().constData(), &ok);
    if (ok)
        request.kind = Kind(kind);
    request.url = QUrl(object.value(QStringLiteral("url")).toString());
    request.target = object.value(QStringLiteral("target")).toString();
    request.method = object.value(QStringLiteral("method")).toString(request.method);
    request.path = object.value(QStringLiteral("path")).toString();
    request.query = object.value(QStringLiteral("query")).toString();
    request.headers = object.value(QStringLiteral("headers")).toString();
    request.body = object.value(QStringLiteral("body")).toString();
    return request;
}
