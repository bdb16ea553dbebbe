#ifndef SLIMFAASBASE64BODY_P_H
#define SLIMFAASBASE64BODY_P_H

//
//  W A R N I N G
//  -------------
// Not part of the public API: how the codec reads bodies (slimfaasprotocol.cpp) and how an
// event keeps its body until asked for it (slimfaaspublishevent.cpp).
//

#include <QtCore/qbytearray.h>
#include <QtCore/qmutex.h>
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

} // namespace SlimFaasBase64

// A body kept as the base64 SlimFaas sent, inside the text of the message it came in
// (shared with it, not copied), and decoded on first use: an event handler that looks only
// at the name, the path or the headers never pays for the body. The codec has checked the
// text (SlimFaasBase64::skipDigits and the padding rules) before handing it over, so the
// decoding cannot fail.
// Threads: get() may run from several threads at once on copies that share one event; the
// first decodes under the lock, the others then return its result.
class SlimFaasLazyBody
{
public:
    SlimFaasLazyBody() = default;
    SlimFaasLazyBody(const SlimFaasLazyBody &other);
    SlimFaasLazyBody &operator=(const SlimFaasLazyBody &other) = delete;

    // `base64` lies within `message`, as decodeChecked() takes it.
    void setEncoded(const QString &message, QStringView base64);
    void set(const QByteArray &body);
    QByteArray get() const;

private:
    mutable QMutex mutex;
    // While the body is still encoded: the message's text and where the base64 lies in it.
    mutable QString message;
    mutable QStringView base64;
    mutable bool encoded = false;
    mutable QByteArray body;
};

#endif // SLIMFAASBASE64BODY_P_H
