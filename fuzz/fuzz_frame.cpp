// SPDX-License-Identifier: MIT
// The binary frame decoder (docs/protocol.md §6) and the JSON heads frames carry.

#include <slimfaasprotocol.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray message
            = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    QString error;
    bool lengthMismatch = false;
    const auto frame = SlimFaasProtocol::decodeFrame(message, &error, &lengthMismatch);
    if (!frame)
        return 0;
    SlimFaasProtocol::decodeSyncRequestHead(frame->payload, &error);
    SlimFaasProtocol::decodeSyncResponseHead(frame->payload, &error);
    SlimFaasProtocol::encodeFrame(frame->type, frame->correlationId, frame->payload, frame->flags);
    return 0;
}
