// SPDX-License-Identifier: MIT
// The JSON envelope decoder (docs/protocol.md §2) and the payload parsers behind it: any bytes
// give a value or an error, never a crash. The client's one-pass reader of requests and
// events gets the same text: whatever it accepts, the general decoder must accept and read
// alike, bodies included (an event's is decoded only when asked for).

#include <slimfaasprotocol.h>

#include <QtCore/qjsonobject.h>

#include <cstdlib>

namespace {
void checkFastPathAgrees(const QString &text)
{
    const auto fast = SlimFaasProtocol::decodeTrafficMessage(text);
    if (!fast)
        return; // declined: the general decoder is the one that answers
    const auto envelope = SlimFaasProtocol::decodeEnvelope(text.toUtf8());
    if (!envelope || envelope->correlationId != fast->correlationId)
        std::abort();
    if (fast->asyncRequest) {
        const auto slow = SlimFaasProtocol::parseAsyncRequest(envelope->payload);
        if (!slow || *slow != *fast->asyncRequest
            || slow->hasBody() != fast->asyncRequest->hasBody())
            std::abort();
    } else {
        const auto slow = SlimFaasProtocol::parsePublishEvent(envelope->payload);
        if (!slow || *slow != *fast->publishEvent
            || slow->hasBody() != fast->publishEvent->hasBody())
            std::abort();
    }
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray json
            = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    checkFastPathAgrees(QString::fromUtf8(json));
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
