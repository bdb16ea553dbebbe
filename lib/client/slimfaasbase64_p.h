// SPDX-License-Identifier: MIT
#ifndef SLIMFAASBASE64_P_H
#define SLIMFAASBASE64_P_H

//
//  W A R N I N G
//  -------------
// Not part of the public API: how the codec reads and writes bodies (slimfaasprotocol.cpp).
//

#include <QtCore/qbytearray.h>
#include <QtCore/qstring.h>
#include <QtCore/qstringview.h>

namespace SlimFaasBase64 {

// Base64 exactly as QByteArray::fromBase64Encoding(AbortOnBase64DecodingErrors) accepts it
// (standard alphabet; '=' only as one or two final characters of a length that is a
// multiple of 4), decoded straight from UTF-16 into the body's own buffer: no Latin-1 copy.
bool decode(QStringView text, QByteArray *out);

// The first character from `c` on that is not a base64 digit (A-Z a-z 0-9 + /), or `end`.
const char16_t *skipDigits(const char16_t *c, const char16_t *end);

// The length of the JSON escape at `c` when it stands for a base64 digit: System.Text.Json,
// which SlimFaas serialises with, writes every '+' as \u002B; '/' may come as \u002F or
// \/. 0 for anything else.
qsizetype escapedDigitLength(const char16_t *c, const char16_t *end);

// A string that skipDigits(), escapedDigitLength() and the padding rules have accepted,
// decoded, escapes included: straight from the JSON text, without unescaping it first.
QByteArray decodeChecked(QStringView base64);

// Reads the base64 inside a JSON string, from `begin` (just past its opening quote) to its
// closing quote, and decodes it into *bytes: digits and the escapes escapedDigitLength()
// accepts, then up to two '=' as decode() allows them. Returns where the closing quote is,
// or nullptr, *bytes untouched, for anything else (the general string reader then says
// what it is).
const char16_t *readJsonString(const char16_t *begin, const char16_t *end, QByteArray *bytes);

// QByteArray::toBase64() of data (standard alphabet, padded), appended to *out without a
// QByteArray of its own: three bytes make two lookups in a table of digit pairs.
void appendEncoded(QByteArrayView data, QByteArray *out);

} // namespace SlimFaasBase64

#endif // SLIMFAASBASE64_P_H
