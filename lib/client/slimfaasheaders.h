// SPDX-License-Identifier: MIT
#ifndef SLIMFAASHEADERS_H
#define SLIMFAASHEADERS_H

#include <QtCore/qmap.h>
#include <QtCore/qstring.h>
#include <QtCore/qstringlist.h>

// HTTP headers as SlimFaas carries them on the wire: a name mapped to its list of values,
// in the order the caller sent them. Names keep the caller's spelling; SlimFaas does not
// normalise them, so neither do we.
using SlimFaasHeaders = QMap<QString, QStringList>;

#endif // SLIMFAASHEADERS_H
