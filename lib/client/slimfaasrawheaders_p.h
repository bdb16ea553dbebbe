// SPDX-License-Identifier: MIT
#ifndef SLIMFAASRAWHEADERS_P_H
#define SLIMFAASRAWHEADERS_P_H

//
//  W A R N I N G
//  -------------
// Not part of the public API.
//

#include <QtCore/qbytearray.h>
#include <QtCore/qlist.h>
#include <QtCore/qpair.h>

#include <algorithm>

using SlimFaasRawHeaders = QList<QPair<QByteArray, QByteArray>>;

// Sets one extra request header (the WebSocket handshake's, the caller's): replaces any with
// the same name, compared case-insensitively as HTTP does; a null value removes it.
inline void setSlimFaasRawHeader(SlimFaasRawHeaders *headers, const QByteArray &name,
                                 const QByteArray &value)
{
    headers->erase(std::remove_if(headers->begin(), headers->end(),
                                  [&](const QPair<QByteArray, QByteArray> &h) {
                                      return h.first.compare(name, Qt::CaseInsensitive) == 0;
                                  }),
                   headers->end());
    if (!value.isNull())
        headers->append({ name, value });
}

#endif // SLIMFAASRAWHEADERS_P_H
