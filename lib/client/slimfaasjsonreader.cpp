// SPDX-License-Identifier: MIT
#include "slimfaasjsonreader_p.h"

#include <QtCore/qalgorithms.h>

#include <algorithm>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace {
// Deeper than any SlimFaas message; deeper input goes to QJsonDocument, which has its own
// limit.
constexpr int MaximumDepth = 32;

int hexValue(char16_t c)
{
    if (c >= u'0' && c <= u'9')
        return c - u'0';
    if (c >= u'a' && c <= u'f')
        return c - u'a' + 10;
    if (c >= u'A' && c <= u'F')
        return c - u'A' + 10;
    return -1;
}

} // namespace

// Bodies make most of a message's text, so this looks at eight characters per step with
// SSE2 (part of every x86-64 CPU) and one at a time elsewhere.
const char16_t *SlimFaasJsonReader::findQuoteOrBackslash(const char16_t *c,
                                                         const char16_t *const end)
{
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi16(short(u'"'));
    const __m128i backslash = _mm_set1_epi16(short(u'\\'));
    for (; end - c >= 8; c += 8) {
        const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i *>(c));
        const int hits = _mm_movemask_epi8(
                _mm_or_si128(_mm_cmpeq_epi16(chunk, quote), _mm_cmpeq_epi16(chunk, backslash)));
        if (hits != 0)
            return c + qCountTrailingZeroBits(uint(hits)) / 2; // two mask bits per character
    }
#endif
    while (c != end && *c != u'"' && *c != u'\\')
        ++c;
    return c;
}

void SlimFaasJsonReader::skipSpaceRun()
{
    while (pos < text.size()) {
        const char16_t c = text[pos].unicode();
        if (c != u' ' && c != u'\n' && c != u'\r' && c != u'\t')
            return;
        ++pos;
    }
}

bool SlimFaasJsonReader::atEnd()
{
    skipSpace();
    return pos == text.size();
}

// Between members or elements: the closing bracket, or a ',' unless this is the first.
bool SlimFaasJsonReader::next(char16_t close, bool *first, bool *atEnd)
{
    skipSpace();
    *atEnd = pos < text.size() && text[pos].unicode() == close;
    if (*atEnd) {
        ++pos;
        return true;
    }
    const bool wasFirst = *first;
    *first = false;
    return wasFirst || consume(u',');
}

bool SlimFaasJsonReader::nextKey(bool *first, QStringView *key, bool *atEnd)
{
    if (!next(u'}', first, atEnd))
        return false;
    return *atEnd || (readPlainString(key) && consume(u':'));
}

bool SlimFaasJsonReader::nextElement(bool *first, bool *atEnd)
{
    return next(u']', first, atEnd);
}

bool SlimFaasJsonReader::isNull()
{
    skipSpace();
    if (pos >= text.size() || text[pos] != u'n' || text.mid(pos, 4) != u"null")
        return false;
    pos += 4;
    return true;
}

bool SlimFaasJsonReader::readPlainString(QStringView *out)
{
    if (!consume(u'"'))
        return false;
    // Raw control characters are let through, as QJsonDocument lets them through.
    const char16_t *const begin = text.utf16() + pos;
    const char16_t *const end = text.utf16() + text.size();
    const char16_t *const stop = findQuoteOrBackslash(begin, end);
    if (stop == end || *stop == u'\\')
        return false;
    *out = QStringView(begin, stop);
    pos += (stop - begin) + 1;
    return true;
}

bool SlimFaasJsonReader::readStringView(QStringView *view, QString *copy)
{
    skipSpace();
    const qsizetype start = pos;
    if (readPlainString(view))
        return true;
    pos = start;
    if (!readString(copy))
        return false;
    *view = *copy;
    return true;
}

bool SlimFaasJsonReader::readString(QString *out)
{
    skipSpace();
    const qsizetype start = pos;
    QStringView plain;
    if (readPlainString(&plain)) {
        *out = plain.toString();
        return true;
    }
    // Escapes: rare in this protocol (header values with quotes, non-ASCII written as \u).
    pos = start;
    if (!consume(u'"'))
        return false;
    QString result;
    while (pos < text.size()) {
        const char16_t c = text[pos++].unicode();
        if (c == u'"') {
            *out = result;
            return true;
        }
        if (c < 0x20)
            return false;
        if (c != u'\\') {
            // Copy the run of plain characters up to the next escape or the end at once.
            qsizetype end = pos;
            while (end < text.size() && text[end].unicode() != u'"' && text[end].unicode() != u'\\'
                   && text[end].unicode() >= 0x20)
                ++end;
            result.append(text.mid(pos - 1, end - pos + 1));
            pos = end;
            continue;
        }
        if (pos >= text.size())
            return false;
        switch (text[pos++].unicode()) {
        case u'"':
            result.append(u'"');
            break;
        case u'\\':
            result.append(u'\\');
            break;
        case u'/':
            result.append(u'/');
            break;
        case u'b':
            result.append(u'\b');
            break;
        case u'f':
            result.append(u'\f');
            break;
        case u'n':
            result.append(u'\n');
            break;
        case u'r':
            result.append(u'\r');
            break;
        case u't':
            result.append(u'\t');
            break;
        case u'u': {
            // A UTF-16 code unit: surrogate pairs come as two escapes, appended in turn.
            if (pos + 4 > text.size())
                return false;
            int unit = 0;
            for (int i = 0; i < 4; ++i) {
                const int digit = hexValue(text[pos++].unicode());
                if (digit < 0)
                    return false;
                unit = unit * 16 + digit;
            }
            result.append(QChar(char16_t(unit)));
            break;
        }
        default:
            return false;
        }
    }
    return false;
}

bool SlimFaasJsonReader::readBool(bool *out)
{
    skipSpace();
    if (text.mid(pos, 4) == u"true") {
        pos += 4;
        *out = true;
        return true;
    }
    if (text.mid(pos, 5) == u"false") {
        pos += 5;
        *out = false;
        return true;
    }
    return false;
}

bool SlimFaasJsonReader::readInt(int *out)
{
    skipSpace();
    const qsizetype start = pos;
    if (!skipNumber())
        return false;
    const QStringView number = text.mid(start, pos - start);
    // The integers of this protocol (type, tryNumber) are a digit or two: read them here, as
    // QString::toInt() costs more than the rest of the member. Nine digits cannot overflow.
    const bool negative = number.startsWith(u'-');
    const QStringView digits = number.mid(negative ? 1 : 0);
    const auto isDigit = [](QChar c) {
        return c >= u'0' && c <= u'9';
    };
    if (digits.size() <= 9 && std::all_of(digits.cbegin(), digits.cend(), isDigit)) {
        int value = 0;
        for (QChar digit : digits)
            value = value * 10 + (digit.unicode() - u'0');
        *out = negative ? -value : value;
        return true;
    }
    bool ok = false;
    const int value = number.toInt(&ok);
    *out = value;
    return ok; // fails for fractions and exponents too: those are for QJsonDocument
}

bool SlimFaasJsonReader::skipDigits()
{
    const qsizetype start = pos;
    while (pos < text.size() && text[pos].unicode() >= u'0' && text[pos].unicode() <= u'9')
        ++pos;
    return pos > start;
}

// RFC 8259 numbers: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
bool SlimFaasJsonReader::skipNumber()
{
    const auto at = [this](char16_t c) {
        return pos < text.size() && text[pos].unicode() == c;
    };
    if (at(u'-'))
        ++pos;
    if (at(u'0'))
        ++pos;
    else if (!skipDigits())
        return false;
    if (at(u'.')) {
        ++pos;
        if (!skipDigits())
            return false;
    }
    if (at(u'e') || at(u'E')) {
        ++pos;
        if (at(u'+') || at(u'-'))
            ++pos;
        if (!skipDigits())
            return false;
    }
    return true;
}

bool SlimFaasJsonReader::skipValue()
{
    return skipValue(0);
}

bool SlimFaasJsonReader::skipValue(int depth)
{
    if (depth > MaximumDepth)
        return false;
    skipSpace();
    if (pos >= text.size())
        return false;
    const char16_t c = text[pos].unicode();
    if (c == u'"') {
        const qsizetype start = pos;
        QStringView plain;
        if (readPlainString(&plain))
            return true;
        pos = start;
        QString escaped;
        return readString(&escaped);
    }
    if (c == u'{') {
        ++pos;
        QStringView key;
        bool first = true, end = false;
        while (nextKey(&first, &key, &end)) {
            if (end)
                return true;
            if (!skipValue(depth + 1))
                return false;
        }
        return false;
    }
    if (c == u'[') {
        ++pos;
        bool first = true, end = false;
        while (nextElement(&first, &end)) {
            if (end)
                return true;
            if (!skipValue(depth + 1))
                return false;
        }
        return false;
    }
    bool flag;
    if (isNull() || readBool(&flag))
        return true;
    return skipNumber();
}
