// SPDX-License-Identifier: MIT
#ifndef EMULATORSYNCRESPONSECHECK_P_H
#define EMULATORSYNCRESPONSECHECK_P_H

//
//  W A R N I N G
//  -------------
// Not part of the public API: what a function's SyncResponseStart must satisfy before it
// becomes an HTTP response head written to a caller.
//

#include <slimfaasprotocol.h>

#include <QtCore/qstring.h>

// Why head cannot go to a caller (a status outside 100-599, a header name that is not an
// HTTP token, a name or value holding CR, LF, NUL or another control character, which would
// let a function split the response), or an empty string when it can. The framing headers
// (Content-Length, Transfer-Encoding, Connection) are removed from head: the emulator frames
// the body itself, from the bytes the function actually sends.
QString checkSyncResponseHead(SlimFaasProtocol::SyncResponseHead *head);

#endif // EMULATORSYNCRESPONSECHECK_P_H
