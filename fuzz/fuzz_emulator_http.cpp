// SPDX-License-Identifier: MIT
// The emulator's HTTP request path: the caller port's parser, with its limits and path
// decoding, fed in pieces as a socket would deliver them. The first input byte picks the
// piece size, so the fuzzer explores requests split at every point.

#include <emulatorhttpparser_p.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const qsizetype piece = 1 + data[0] % 64;
    const char *input = reinterpret_cast<const char *>(data + 1);
    const qsizetype length = qsizetype(size - 1);
    // Small limits, so that the fuzzer reaches them.
    EmulatorHttpRequestParser parser(512, 1024);
    qsizetype at = 0;
    int guard = 0;
    while (at < length && ++guard < 100000) {
        const qsizetype chunk = qMin(piece, length - at);
        qsizetype consumed = 0;
        const auto step = parser.feed(input + at, chunk, &consumed);
        if (consumed < 0 || consumed > chunk)
            __builtin_trap(); // the parser must never claim more than it was given
        at += consumed;
        if (step == EmulatorHttpRequestParser::Step::Error)
            break;
        if (step == EmulatorHttpRequestParser::Step::HeadComplete) {
            const auto &head = parser.head();
            if (!head.path.startsWith(QLatin1Char('/')))
                __builtin_trap(); // routing relies on it
        }
        parser.takeBody();
        if (consumed == 0 && step == EmulatorHttpRequestParser::Step::NeedMore)
            break;
    }
    EmulatorHttpRequestParser::decodePath(QByteArray::fromRawData(input, length));
    return 0;
}
