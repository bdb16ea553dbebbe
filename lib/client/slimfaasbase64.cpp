// SPDX-License-Identifier: MIT
#include "slimfaasbase64_p.h"

#include <QtCore/qalgorithms.h>

#include <array>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace {
constexpr char Base64Alphabet[]
        = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

bool isDigit(char16_t c)
{
    return (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9')
            || c == u'+' || c == u'/';
}

constexpr auto DigitValues = [] {
    std::array<qint8, 128> table{};
    for (auto &digit : table)
        digit = -1;
    for (int i = 0; i < 64; ++i)
        table[size_t(Base64Alphabet[i])] = qint8(i);
    return table;
}();

int digitValue(char16_t c)
{
    return c < 128 ? DigitValues[c] : -1;
}

// Four digits make three bytes. In a quad, each digit's six bits come from its position's
// table already shifted into place, and a character that is no digit brings a bit outside
// those 24: four loads, three ORs and one test per quad.
constexpr quint32 NotADigit = 1u << 24;
constexpr auto PlacedDigits = [] {
    std::array<std::array<quint32, 128>, 4> tables{};
    for (int position = 0; position < 4; ++position) {
        for (auto &bits : tables[position])
            bits = NotADigit;
        for (int digit = 0; digit < 64; ++digit)
            tables[position][size_t(Base64Alphabet[digit])] = quint32(digit) << (18 - 6 * position);
    }
    return tables;
}();

// Decodes whole quads of plain digits from *from on, stopping before the first quad that
// is not one (an escape, the padding, the end); returns where the bytes end.
char *decodeQuads(const char16_t **from, const char16_t *const end, char *written)
{
    const char16_t *at = *from;
    for (; end - at >= 4; at += 4) {
        const char16_t a = at[0], b = at[1], c = at[2], d = at[3];
        if ((a | b | c | d) >= 128)
            break;
        const quint32 quad
                = PlacedDigits[0][a] | PlacedDigits[1][b] | PlacedDigits[2][c] | PlacedDigits[3][d];
        if (quad & NotADigit)
            break;
        written[0] = char(quad >> 16);
        written[1] = char(quad >> 8);
        written[2] = char(quad);
        written += 3;
    }
    *from = at;
    return written;
}

// A digit's six bits after the bytes decoded so far: a byte is out at each eight bits.
struct BitQueue
{
    void push(int digit, char **written)
    {
        bits = (bits << 6) | quint32(digit);
        count += 6;
        if (count >= 8) {
            count -= 8;
            *(*written)++ = char(bits >> count);
            bits &= (1u << count) - 1;
        }
    }
    bool empty() const { return count == 0; }
    quint32 bits = 0;
    int count = 0;
};
} // namespace

bool SlimFaasBase64::decode(QStringView text, QByteArray *out)
{
    const qsizetype size = text.size();
    QByteArray bytes(size * 6 / 8 + 1, Qt::Uninitialized);
    const char16_t *const characters = text.utf16();
    const char16_t *c = characters;
    // Whole quads first; the end (padding, a short last group) and anything invalid digit by
    // digit below.
    char *written = decodeQuads(&c, characters + size, bytes.data());
    BitQueue queue;
    for (qsizetype i = c - characters; i < size; ++i) {
        const int digit = digitValue(characters[i]);
        if (digit < 0) {
            const bool padding = characters[i] == u'=' && size % 4 == 0
                    && (i == size - 1 || (i == size - 2 && characters[size - 1] == u'='));
            if (!padding)
                return false;
            break;
        }
        queue.push(digit, &written);
    }
    bytes.truncate(written - bytes.constData());
    *out = std::move(bytes);
    return true;
}

QByteArray SlimFaasBase64::decodeChecked(QStringView base64)
{
    QByteArray bytes(base64.size() * 6 / 8 + 1, Qt::Uninitialized);
    char *written = bytes.data();
    const char16_t *c = base64.utf16();
    const char16_t *const end = c + base64.size();
    BitQueue queue;
    while (c != end) {
        // Whole quads while a group starts here; an escape in the way breaks the run, and
        // the four digits by hand below bring the groups back in step.
        if (queue.empty()) {
            written = decodeQuads(&c, end, written);
            if (c == end)
                break;
        }
        char16_t digit = *c;
        qsizetype length = 1;
        if (digit == u'\\') {
            // Only the escapes escapedDigitLength() accepts are here, one digit each.
            length = escapedDigitLength(c, end);
            const char16_t last = c[length - 1];
            digit = last == u'B' || last == u'b' ? u'+' : u'/';
        }
        if (digit == u'=')
            break; // the padding, which ends the text
        queue.push(digitValue(digit), &written);
        c += length;
    }
    bytes.truncate(written - bytes.constData());
    return bytes;
}

const char16_t *SlimFaasBase64::skipDigits(const char16_t *c, const char16_t *const end)
{
#if defined(__SSE2__)
    // Sixteen characters per step with SSE2 (part of every x86-64 CPU), narrowed to bytes
    // first: the narrowing saturates, so a character past U+00FF becomes 0x00 or 0xFF, no
    // digit either. A digit is a letter (whose lower case, | 0x20, is in a-z), in '/'-'9'
    // (the slash, then the ten digits), or '+'. The byte comparisons are signed: 0x80 and
    // up are negative there, and in no range.
    const auto inRange = [](__m128i bytes, char first, char last) {
        return _mm_and_si128(_mm_cmpgt_epi8(bytes, _mm_set1_epi8(char(first - 1))),
                             _mm_cmplt_epi8(bytes, _mm_set1_epi8(char(last + 1))));
    };
    const __m128i lowerCase = _mm_set1_epi8(0x20);
    const __m128i plus = _mm_set1_epi8('+');
    for (; end - c >= 16; c += 16) {
        const __m128i bytes
                = _mm_packus_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i *>(c)),
                                   _mm_loadu_si128(reinterpret_cast<const __m128i *>(c + 8)));
        const __m128i digits
                = _mm_or_si128(_mm_or_si128(inRange(_mm_or_si128(bytes, lowerCase), 'a', 'z'),
                                            inRange(bytes, '/', '9')),
                               _mm_cmpeq_epi8(bytes, plus));
        const uint notDigits = ~uint(_mm_movemask_epi8(digits)) & 0xffffu;
        if (notDigits != 0)
            return c + qCountTrailingZeroBits(notDigits);
    }
#endif
    while (c != end && isDigit(*c))
        ++c;
    return c;
}

qsizetype SlimFaasBase64::escapedDigitLength(const char16_t *c, const char16_t *end)
{
    if (end - c >= 2 && c[0] == u'\\' && c[1] == u'/')
        return 2;
    if (end - c < 6 || c[0] != u'\\' || c[1] != u'u' || c[2] != u'0' || c[3] != u'0'
        || c[4] != u'2')
        return 0;
    const char16_t last = c[5];
    return last == u'B' || last == u'b' || last == u'F' || last == u'f' ? 6 : 0;
}
