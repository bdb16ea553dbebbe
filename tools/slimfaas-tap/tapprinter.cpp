// SPDX-License-Identifier: MIT
#include "tapprinter.h"

#include <messagejson.h>

#include <QtCore/qjsondocument.h>

void TapPrinter::print(const char *direction, SlimFaasProtocol::MessageType type,
                       const QString &correlationId, const QByteArray &message)
{
    const QByteArray json = QJsonDocument(describeMessage(direction, type, correlationId, message))
                                    .toJson(QJsonDocument::Compact);
    std::fwrite(json.constData(), 1, size_t(json.size()), m_out);
    std::fputc('\n', m_out);
    std::fflush(m_out);
}
