// SPDX-License-Identifier: MIT
#include "curlcommand.h"

#include "trafficrecord.h"

#include <QtCore/qjsonarray.h>

using SlimFaasProtocol::MessageType;

namespace CurlCommand {

QString shellQuoted(const QString &text)
{
    QString quoted = text;
    quoted.replace(QLatin1String("'"), QLatin1String("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QString replay(const TrafficRecord &record, const QUrl &callerUrl, const QString &functionName)
{
    QString route;
    switch (record.type()) {
    case MessageType::AsyncRequest:
        route = QStringLiteral("/async-function/") + functionName;
        break;
    case MessageType::SyncRequestStart:
        route = QStringLiteral("/function/") + functionName;
        break;
    case MessageType::PublishEvent:
        route = QStringLiteral("/publish-event/")
                + record.extraFields().value(QLatin1String("eventName")).toString();
        break;
    default:
        return {};
    }
    QString path = record.path();
    if (path.startsWith(QLatin1Char('/')))
        path.remove(0, 1);
    const QString url = callerUrl.toString(QUrl::StripTrailingSlash) + route + QLatin1Char('/')
            + path + record.query();

    QStringList words{ QStringLiteral("curl"), QStringLiteral("-i") };
    if (!record.method().isEmpty() && record.method() != QLatin1String("GET"))
        words << QStringLiteral("-X") << record.method();
    const QJsonObject headers = record.headers();
    for (auto it = headers.constBegin(); it != headers.constEnd(); ++it) {
        // curl sets these from the request it builds itself.
        const QString name = it.key();
        if (name.compare(QLatin1String("Content-Length"), Qt::CaseInsensitive) == 0
            || name.compare(QLatin1String("Host"), Qt::CaseInsensitive) == 0)
            continue;
        const QJsonArray values = it.value().toArray();
        for (const QJsonValue &value : values)
            words << QStringLiteral("-H")
                  << shellQuoted(name + QStringLiteral(": ") + value.toString());
    }
    const QByteArray body = record.body();
    QString prefix;
    if (!body.isEmpty()) {
        QString text = QString::fromUtf8(body);
        if (text.toUtf8() == body && !text.contains(QChar::Null)) {
            words << QStringLiteral("--data-binary") << shellQuoted(text);
        } else {
            // Bytes that are not text go through base64 on the command line.
            prefix = QStringLiteral("echo %1 | base64 -d | ")
                             .arg(QString::fromLatin1(body.toBase64()));
            words << QStringLiteral("--data-binary") << QStringLiteral("@-");
        }
    }
    words << shellQuoted(url);
    return prefix + words.join(QLatin1Char(' '));
}

QStringList examples(const QUrl &callerUrl, const QString &functionName, const QStringList &events)
{
    const QString root = callerUrl.toString(QUrl::StripTrailingSlash);
    QStringList lines{
        QStringLiteral("curl -i -X POST -H 'Content-Type: application/json' --data-binary "
                       "'{\"hello\":\"world\"}' %1")
                .arg(shellQuoted(root + QStringLiteral("/async-function/") + functionName
                                 + QStringLiteral("/hello"))),
        QStringLiteral("curl -i -X POST --data-binary 'ping' %1")
                .arg(shellQuoted(root + QStringLiteral("/function/") + functionName
                                 + QStringLiteral("/echo"))),
    };
    for (const QString &event : events) {
        lines << QStringLiteral("curl -i -X POST --data-binary '{}' %1")
                         .arg(shellQuoted(root + QStringLiteral("/publish-event/") + event
                                          + QStringLiteral("/hello")));
    }
    return lines;
}

} // namespace CurlCommand
