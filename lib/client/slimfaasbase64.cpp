// SPDX-License-Identifier: MIT
#include "slimfaasbase64_p.h"

#include <QtCore/qalgorithms.h>
#include <QtCore/qvarlengtharray.h>

#include <array>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
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

namespace {
// The digit an escape that escapedDigitLength() accepted stands for.
char escapedDigit(const char16_t *escape, qsizetype length)
{
    const char16_t last = escape[length - 1];
    return last == u'B' || last == u'b' ? '+' : '/';
}

// The length of the escape at `c` that stands for a digit, and the digit, as
// escapedDigitLength(); System.Text.Json's \u002B, in about one digit in 64, first.
inline qsizetype digitEscape(const char16_t *c, const char16_t *end, char *digit)
{
    if (end - c >= 6 && c[0] == u'\\' && c[1] == u'u' && c[2] == u'0' && c[3] == u'0'
        && c[4] == u'2' && c[5] == u'B') {
        *digit = '+';
        return 6;
    }
    const qsizetype length = SlimFaasBase64::escapedDigitLength(c, end);
    if (length != 0)
        *digit = escapedDigit(c, length);
    return length;
}

// Past a run of `run` digits the vector step stored, and past the escape that follows when
// it stands for a digit (written in its place); false when something else follows: the
// digits end there.
inline bool passRunAndEscape(const char16_t **c, const char16_t *end, char *digits,
                             qsizetype *written, uint run)
{
    *c += run;
    *written += run;
    const qsizetype length = digitEscape(*c, end, digits + *written);
    if (length == 0)
        return false;
    ++*written;
    *c += length;
    return true;
}

// Copies the digits from *from on into `digits` as bytes, each escape that stands for a digit
// replaced by its digit, up to the first character that is neither; returns how many were
// written. `digits` has room for end - *from bytes. The scalar version, for what the vector
// versions leave and for CPUs without them.
qsizetype compactDigitsScalar(const char16_t **from, const char16_t *const end, char *digits,
                              qsizetype written)
{
    const char16_t *c = *from;
    while (c != end) {
        if (isDigit(*c)) {
            digits[written++] = char(*c++);
            continue;
        }
        const qsizetype length = digitEscape(c, end, digits + written);
        if (length == 0)
            break;
        ++written;
        c += length;
    }
    *from = c;
    return written;
}

// Decodes `count` bytes-digits already checked (compactDigits*() wrote them) into `out`,
// which has room for count * 3 / 4 bytes; from `done` digits on (a multiple of 4).
void decodeDigitsScalar(const char *digits, qsizetype count, qsizetype done, char *out)
{
    char *written = out + done / 4 * 3;
    qsizetype i = done;
    for (; count - i >= 4; i += 4) {
        const quint32 quad = PlacedDigits[0][uchar(digits[i])]
                | PlacedDigits[1][uchar(digits[i + 1])] | PlacedDigits[2][uchar(digits[i + 2])]
                | PlacedDigits[3][uchar(digits[i + 3])];
        written[0] = char(quad >> 16);
        written[1] = char(quad >> 8);
        written[2] = char(quad);
        written += 3;
    }
    BitQueue queue;
    for (; i < count; ++i)
        queue.push(DigitValues[uchar(digits[i])], &written);
}

#if defined(__SSE2__)
// A digit is a letter (whose lower case, | 0x20, is in a-z), in '/'-'9' (the slash, then the
// ten digits), or '+'. The byte comparisons are signed: 0x80 and up are negative there, and
// in no range. Characters are narrowed to bytes first with unsigned saturation, so one past
// U+00FF becomes 0x00 or 0xFF, no digit either.
inline __m128i digitMask(__m128i bytes)
{
    const auto inRange = [](__m128i b, char first, char last) {
        return _mm_and_si128(_mm_cmpgt_epi8(b, _mm_set1_epi8(char(first - 1))),
                             _mm_cmplt_epi8(b, _mm_set1_epi8(char(last + 1))));
    };
    return _mm_or_si128(_mm_or_si128(inRange(_mm_or_si128(bytes, _mm_set1_epi8(0x20)), 'a', 'z'),
                                     inRange(bytes, '/', '9')),
                        _mm_cmpeq_epi8(bytes, _mm_set1_epi8('+')));
}

inline __m128i narrow16(const char16_t *c)
{
    return _mm_packus_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i *>(c)),
                            _mm_loadu_si128(reinterpret_cast<const __m128i *>(c + 8)));
}

// Sixteen characters a step with SSE2, part of every x86-64 CPU: they are stored as bytes
// before they are checked, and the count only moves past the digits.
qsizetype compactDigitsSse2(const char16_t **from, const char16_t *const end, char *digits)
{
    const char16_t *c = *from;
    qsizetype written = 0;
    while (end - c >= 16) {
        const __m128i bytes = narrow16(c);
        _mm_storeu_si128(reinterpret_cast<__m128i *>(digits + written), bytes);
        const uint notDigits = ~uint(_mm_movemask_epi8(digitMask(bytes))) & 0xffffu;
        if (notDigits == 0) {
            c += 16;
            written += 16;
            continue;
        }
        if (!passRunAndEscape(&c, end, digits, &written, qCountTrailingZeroBits(notDigits))) {
            *from = c;
            return written;
        }
    }
    *from = c;
    return compactDigitsScalar(from, end, digits, written);
}
#endif

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) \
        && !defined(SLIMFAAS_BASE64_BASELINE_ONLY)
#define SLIMFAAS_BASE64_AVX2 1
// AVX2 (x86-64 CPUs since 2013) is used when the CPU has it, checked once at run time: the
// library itself is built for the x86-64 baseline.
bool hasAvx2()
{
    static const bool avx2 = __builtin_cpu_supports("avx2");
    return avx2;
}

__attribute__((target("avx2"))) inline __m256i inRange(__m256i bytes, char first, char last)
{
    return _mm256_and_si256(_mm256_cmpgt_epi8(bytes, _mm256_set1_epi8(char(first - 1))),
                            _mm256_cmpgt_epi8(_mm256_set1_epi8(char(last + 1)), bytes));
}

// Thirty-two characters a step, as compactDigitsSse2().
__attribute__((target("avx2"))) qsizetype compactDigitsAvx2(const char16_t **from,
                                                            const char16_t *const end, char *digits)
{
    const char16_t *c = *from;
    qsizetype written = 0;
    while (end - c >= 32) {
        // packus works within each 128-bit half: the permutation puts the bytes back in order.
        const __m256i bytes = _mm256_permute4x64_epi64(
                _mm256_packus_epi16(_mm256_loadu_si256(reinterpret_cast<const __m256i *>(c)),
                                    _mm256_loadu_si256(reinterpret_cast<const __m256i *>(c + 16))),
                0xd8);
        _mm256_storeu_si256(reinterpret_cast<__m256i *>(digits + written), bytes);
        const __m256i isDigit = _mm256_or_si256(
                _mm256_or_si256(inRange(_mm256_or_si256(bytes, _mm256_set1_epi8(0x20)), 'a', 'z'),
                                inRange(bytes, '/', '9')),
                _mm256_cmpeq_epi8(bytes, _mm256_set1_epi8('+')));
        const uint notDigits = ~uint(_mm256_movemask_epi8(isDigit));
        if (notDigits == 0) {
            c += 32;
            written += 32;
            continue;
        }
        if (!passRunAndEscape(&c, end, digits, &written, qCountTrailingZeroBits(notDigits))) {
            *from = c;
            return written;
        }
    }
    *from = c;
    return compactDigitsScalar(from, end, digits, written);
}

// Thirty-two checked digits make 24 bytes a step, the vector decoding of Wojciech Muła and
// Daniel Lemire ("Faster Base64 Encoding and Decoding Using AVX2 Instructions", 2018), which
// base64 libraries such as simdutf use. The digits are known good, so only the translation
// is left: each digit's value is the digit plus an offset that its high nibble chooses
// ('/' shares its nibble with '+' and is told apart), then the 6-bit values are packed four
// into three bytes by two multiply-adds and a shuffle.
__attribute__((target("avx2"))) void decodeDigitsAvx2(const char *digits, qsizetype count,
                                                      char *out)
{
    const qsizetype outSize = count / 4 * 3 + (count % 4) * 6 / 8;
    const __m256i offsets
            = _mm256_setr_epi8(0, 16, 19, 4, -65, -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0, 0, 16, 19,
                               4, -65, -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0);
    const __m256i order = _mm256_setr_epi8(2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1,
                                           2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1);
    const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 4, 5, 6, 7, 7);
    qsizetype i = 0, o = 0;
    // The store writes 32 bytes for the 24 it means: only while they fit in `out`.
    for (; count - i >= 32 && outSize - o >= 32; i += 32, o += 24) {
        const __m256i in = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(digits + i));
        const __m256i highNibbles
                = _mm256_and_si256(_mm256_srli_epi32(in, 4), _mm256_set1_epi8(0x0f));
        const __m256i slash = _mm256_cmpeq_epi8(in, _mm256_set1_epi8('/'));
        const __m256i values = _mm256_add_epi8(
                in, _mm256_shuffle_epi8(offsets, _mm256_add_epi8(slash, highNibbles)));
        const __m256i pairs = _mm256_maddubs_epi16(values, _mm256_set1_epi32(0x01400140));
        const __m256i quads = _mm256_madd_epi16(pairs, _mm256_set1_epi32(0x00011000));
        const __m256i bytes = _mm256_permutevar8x32_epi32(_mm256_shuffle_epi8(quads, order), lanes);
        _mm256_storeu_si256(reinterpret_cast<__m256i *>(out + o), bytes);
    }
    decodeDigitsScalar(digits, count, i, out);
}
#endif

qsizetype compactDigits(const char16_t **from, const char16_t *end, char *digits)
{
#if defined(SLIMFAAS_BASE64_AVX2)
    if (hasAvx2())
        return compactDigitsAvx2(from, end, digits);
#endif
#if defined(__SSE2__)
    return compactDigitsSse2(from, end, digits);
#else
    return compactDigitsScalar(from, end, digits, 0);
#endif
}

QByteArray decodeDigits(const char *digits, qsizetype count)
{
    QByteArray bytes(count / 4 * 3 + (count % 4) * 6 / 8, Qt::Uninitialized);
#if defined(SLIMFAAS_BASE64_AVX2)
    if (hasAvx2()) {
        decodeDigitsAvx2(digits, count, bytes.data());
        return bytes;
    }
#endif
    decodeDigitsScalar(digits, count, 0, bytes.data());
    return bytes;
}

// Room for the digits of a string: on the stack for the bodies most messages carry.
using DigitBuffer = QVarLengthArray<char, 4096>;
} // namespace

QByteArray SlimFaasBase64::decodeChecked(QStringView base64)
{
    DigitBuffer digits(base64.size());
    const char16_t *c = base64.utf16();
    const qsizetype count = compactDigits(&c, c + base64.size(), digits.data());
    return decodeDigits(digits.constData(), count);
}

const char16_t *SlimFaasBase64::readJsonString(const char16_t *begin, const char16_t *end,
                                               QByteArray *bytes)
{
    // Room for every character to the end of the message: allocated, never touched beyond
    // the digits (searching the closing quote first would cost more than the decoding).
    DigitBuffer digits(end - begin);
    const char16_t *c = begin;
    const qsizetype count = compactDigits(&c, end, digits.data());
    qsizetype padding = 0;
    while (padding < 2 && c != end && *c == u'=') {
        ++c;
        ++padding;
    }
    if (c == end || *c != u'"' || (padding > 0 && (count + padding) % 4 != 0))
        return nullptr;
    *bytes = decodeDigits(digits.constData(), count);
    return c;
}

const char16_t *SlimFaasBase64::skipDigits(const char16_t *c, const char16_t *const end)
{
#if defined(__SSE2__)
    for (; end - c >= 16; c += 16) {
        const uint notDigits = ~uint(_mm_movemask_epi8(digitMask(narrow16(c)))) & 0xffffu;
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

namespace {
// The two digits of every 12-bit value, first digit in the low byte as they lie in memory.
constexpr auto DigitPairs = [] {
    std::array<quint16, 4096> table{};
    for (int value = 0; value < 4096; ++value)
        table[size_t(value)] = quint16(quint8(Base64Alphabet[value >> 6])
                                       | (quint8(Base64Alphabet[value & 63]) << 8));
    return table;
}();

inline char *putPair(char *out, quint32 twelveBits)
{
    const quint16 pair = DigitPairs[twelveBits];
    out[0] = char(pair & 0xff);
    out[1] = char(pair >> 8);
    return out + 2;
}
} // namespace

void SlimFaasBase64::appendEncoded(QByteArrayView data, QByteArray *out)
{
    const qsizetype start = out->size();
    out->resize(start + (data.size() + 2) / 3 * 4);
    char *written = out->data() + start;
    const auto *in = reinterpret_cast<const quint8 *>(data.data());
    const quint8 *const wholeEnd = in + data.size() / 3 * 3;
    for (; in != wholeEnd; in += 3) {
        const quint32 bits = quint32(in[0]) << 16 | quint32(in[1]) << 8 | in[2];
        written = putPair(written, bits >> 12);
        written = putPair(written, bits & 0xfff);
    }
    switch (data.size() % 3) {
    case 1: {
        const quint32 bits = quint32(in[0]) << 16;
        written = putPair(written, bits >> 12);
        written[0] = written[1] = '=';
        break;
    }
    case 2: {
        const quint32 bits = quint32(in[0]) << 16 | quint32(in[1]) << 8;
        written = putPair(written, bits >> 12);
        written[0] = Base64Alphabet[(bits >> 6) & 63];
        written[1] = '=';
        break;
    }
    default:
        break;
    }
}
