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

#include <optional>

namespace SlimFaasProtocol {

// encodeFrame(), the payload copied once, straight into the frame.
QByteArray encodeFrameFrom(MessageType type, const QString &correlationId, QByteArrayView payload,
                           quint8 flags = 0);

// The same frame written at `out`, which has room for its FrameHeaderSize + payload.size()
// bytes; returns its end. Exported for the package's emulator, which writes it inside the
// WebSocket frame it builds: not part of the API.
SLIMFAASQT_CLIENT_EXPORT char *writeFrame(char *out, MessageType type, const QString &correlationId,
                                          QByteArrayView payload, quint8 flags = 0);

// A frame as decodeFrame() reads it, its payload left where it lies in the message (and
// `frame.payload` empty): a request body's pieces reach the application without a copy.
struct FrameInMessage
{
    Frame frame;
    qsizetype payloadBegin = 0;
    qsizetype payloadSize = 0;
};
std::optional<FrameInMessage> decodeFrameInMessage(const QByteArray &message, QString *error,
                                                   bool *lengthMismatch);

} // namespace SlimFaasProtocol

#endif // SLIMFAASFRAME_P_H
