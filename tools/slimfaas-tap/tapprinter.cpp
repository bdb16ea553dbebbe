// SPDX-License-Identifier: MIT
#include "tapprinter.h"

#include <messagejson.h>

#include <QtCore/qjsondocument.h>

void TapPrinter::print(const char *direction, SlimFaasProtocol::MessageType type,
                       const QString &correlationId, const QByteArray &message, const QUrl &node)
{
    QJsonObject line = describeMessage(direction, type, correlationId, message);
    if (!node.isEmpty())
        line.insert(QLatin1String("node"), node.toString());
    write(line);
}

void TapPrinter::printRelayed(const char *direction, const QString &connectionId,
                              const QString &functionName, bool binary, const QByteArray &message)
{
    QJsonObject line = describeWireMessage(direction, binary, message);
    line.insert(QLatin1String("connection"), connectionId);
    if (!functionName.isEmpty())
        line.insert(QLatin1String("function"), functionName);
    write(line);
}

void TapPrinter::write(const QJsonObject &line)
{
    const QByteArray json = QJsonDocument(line).toJson(QJsonDocument::Compact);
    std::fwrite(json.constData(), 1, size_t(json.size()), m_out);
    std::fputc('\n', m_out);
    std::fflush(m_out);
}
