// SPDX-License-Identifier: MIT
#include "emulatorsyncresponsecheck_p.h"

#include "slimfaasemulator.h"

namespace {

// RFC 9110 §5.6.2: token = 1*tchar.
bool isToken(const QString &name)
{
    if (name.isEmpty())
        return false;
    for (const QChar c : name) {
        const ushort u = c.unicode();
        const bool alnum
                = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9');
        if (!alnum && !QStringView(u"!#$%&'*+-.^_`|~").contains(c))
            return false;
    }
    return true;
}

// Field values may hold visible characters, spaces and tabs (RFC 9110 §5.5): no CR, LF,
// NUL or other control character.
bool isFieldValue(const QString &value)
{
    for (const QChar c : value) {
        const ushort u = c.unicode();
        if ((u < 0x20 && u != '\t') || u == 0x7f)
            return false;
    }
    return true;
}

bool isFraming(const QString &name)
{
    return name.compare(QLatin1String("Content-Length"), Qt::CaseInsensitive) == 0
            || name.compare(QLatin1String("Transfer-Encoding"), Qt::CaseInsensitive) == 0
            || name.compare(QLatin1String("Connection"), Qt::CaseInsensitive) == 0;
}

} // namespace

QString checkSyncResponseHead(SlimFaasProtocol::SyncResponseHead *head)
{
    if (head->statusCode < 100 || head->statusCode > 599)
        return SlimFaasEmulator::tr("status %1 is not an HTTP status").arg(head->statusCode);
    for (auto it = head->headers.begin(); it != head->headers.end();) {
        if (!isToken(it.key()))
            return SlimFaasEmulator::tr("header name \"%1\" is not an HTTP token")
                    .arg(it.key().toHtmlEscaped());
        for (const QString &value : it.value()) {
            if (!isFieldValue(value))
                return SlimFaasEmulator::tr("header %1 has a control character in its value")
                        .arg(it.key());
        }
        if (isFraming(it.key()))
            it = head->headers.erase(it);
        else
            ++it;
    }
    return {};
}
