// SPDX-License-Identifier: MIT
#ifndef SLIMFAASHEADERS_H
#define SLIMFAASHEADERS_H

#include <QtCore/qmap.h>
#include <QtCore/qstring.h>
#include <QtCore/qstringlist.h>

// HTTP headers as SlimFaas carries them on the wire: a name mapped to its list of values,
// in the order the caller sent them. Names are those Kestrel gives SlimFaas: a header it
// knows (Content-Type, Host, Authorization, ...) in its standard spelling, any other in the
// spelling of its first occurrence, with repeated headers merged whatever their case. The
// map itself compares names case-sensitively.
using SlimFaasHeaders = QMap<QString, QStringList>;

#endif // SLIMFAASHEADERS_H
