// SPDX-License-Identifier: MIT
#ifndef SLIMFAASFRAME_P_H
#define SLIMFAASFRAME_P_H

//
//  W A R N I N G
//  -------------
// Not part of the public API: how the client builds binary frames from bytes it does not
// hold in a QByteArray (a response written from the application's buffer).
//

#include "slimfaasprotocol.h"

#include <QtCore/qbytearrayview.h>

namespace SlimFaasProtocol {

// encodeFrame(), the payload copied once, straight into the frame.
QByteArray encodeFrameFrom(MessageType type, const QString &correlationId, QByteArrayView payload,
                           quint8 flags = 0);

} // namespace SlimFaasProtocol

#endif // SLIMFAASFRAME_P_H
