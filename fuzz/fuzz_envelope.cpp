// The JSON envelope decoder (PROTOCOL.md §2) and the payload parsers behind it: any bytes
// give a value or an error, never a crash.

#include <slimfaasprotocol.h>

#include <QtCore/qjsonobject.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray json
            = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    QString error;
    const auto envelope = SlimFaasProtocol::decodeEnvelope(json, &error);
    if (!envelope)
        return 0;
    SlimFaasProtocol::parseRegisterPayload(envelope->payload, &error);
    SlimFaasProtocol::parseRegisterResponse(envelope->payload, &error);
    SlimFaasProtocol::parseAsyncRequest(envelope->payload, &error);
    SlimFaasProtocol::parsePublishEvent(envelope->payload, &error);
    SlimFaasProtocol::parseAsyncCallback(envelope->payload, &error);
    // What decodes must encode again.
    SlimFaasProtocol::encodeEnvelope(SlimFaasProtocol::MessageType(envelope->type),
                                     envelope->correlationId, envelope->payload);
    return 0;
}
