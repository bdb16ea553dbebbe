// SPDX-License-Identifier: MIT
#ifndef SLIMFAASJSONREADER_P_H
#define SLIMFAASJSONREADER_P_H

//
//  W A R N I N G
//  -------------
// Not part of the public API: the codec's fast path (slimfaasprotocol.cpp).
//

#include <QtCore/qstring.h>
#include <QtCore/qstringview.h>

#include <cstring>

// Reads JSON in one pass straight from the UTF-16 text a WebSocket delivers, for the
// messages that carry the traffic: no UTF-8 round trip, no intermediate document. It is
// strict and small on purpose: whatever it does not expect makes it fail, and the caller
// then falls back to QJsonDocument, which also words the error. So a `false` here means
// "not the common case", never "invalid".
//
// Every reader consumes leading whitespace and one value (or token) and returns false,
// leaving the position unspecified, when the text is not what it expects.
class SlimFaasJsonReader
{
public:
    explicit SlimFaasJsonReader(QStringView text) : text(text) { }

    // Objects: beginObject(), then nextKey() until it sets *atEnd, reading or skipping each
    // value in between. `first` is the caller's: true before the first member.
    bool beginObject() { return consume(u'{'); }
    bool nextKey(bool *first, QStringView *key, bool *atEnd); // key and its ':'
    // The same, when the next member is most likely `likely` (SlimFaas writes its members
    // in one order): that name is recognised by comparing it where it should stand, not
    // scanned for; anything else is read as nextKey() reads it.
    bool nextKey(bool *first, QStringView *key, bool *atEnd, QStringView likely);
    // Arrays the same way: nextElement() before each element.
    bool beginArray() { return consume(u'['); }
    bool nextElement(bool *first, bool *atEnd);

    bool isNull(); // true, and consumes it, when the next value is null
    bool readString(QString *out);
    // The raw characters of a string without escapes; false when it has any.
    bool readPlainString(QStringView *out);
    // Any string: a view into the text when it has no escapes (no copy), else unescaped
    // into *copy, which *view then shows.
    bool readStringView(QStringView *view, QString *copy);
    bool readBool(bool *out);
    bool readInt(int *out); // integers only: a fraction or an exponent is "unexpected"
    bool skipValue();
    bool atEnd(); // nothing but whitespace left
    // For a codec that reads a value's characters itself: the text from the next value on,
    // then skip() past what it took.
    QStringView rest()
    {
        skipSpace();
        return text.mid(pos);
    }
    void skip(qsizetype count) { pos += count; }
    qsizetype position() const { return pos; }

    // Where a string's plain run ends: the first '"' or '\\' from `c`, or `end`.
    static const char16_t *findQuoteOrBackslash(const char16_t *c, const char16_t *end);

private:
    // SlimFaas writes no whitespace between tokens: the common case inline, the loop not.
    void skipSpace()
    {
        if (pos < text.size() && text[pos].unicode() > u' ')
            return;
        skipSpaceRun();
    }
    void skipSpaceRun();
    bool consume(char16_t c)
    {
        skipSpace();
        if (pos >= text.size() || text[pos].unicode() != c)
            return false;
        ++pos;
        return true;
    }
    bool next(char16_t close, bool *first, bool *atEnd);
    bool nextKeyIs(bool *first, QStringView *key, bool *atEnd, QStringView likely);
    bool skipDigits();
    bool skipNumber();
    bool skipValue(int depth);

    QStringView text;
    qsizetype pos = 0;
};

// Whether two texts are equal, inline: the decoder compares short strings all the time,
// where QStringView's out-of-line comparison costs more than the comparison itself.
inline bool sameText(QStringView a, QStringView b)
{
    return a.size() == b.size()
            && std::memcmp(a.utf16(), b.utf16(), size_t(a.size()) * sizeof(char16_t)) == 0;
}

inline bool SlimFaasJsonReader::nextKeyIs(bool *first, QStringView *key, bool *atEnd,
                                          QStringView likely)
{
    // `,"likely":` (or without the ',' for the first member), with no space between.
    const qsizetype at = pos + (*first ? 0 : 1);
    const qsizetype end = at + likely.size() + 3;
    if (likely.isEmpty() || end > text.size() || (!*first && text[pos] != u',') || text[at] != u'"'
        || text[end - 2] != u'"' || text[end - 1] != u':'
        || !sameText(text.sliced(at + 1, likely.size()), likely))
        return false;
    *first = false;
    *atEnd = false;
    *key = text.sliced(at + 1, likely.size());
    pos = end;
    return true;
}

inline bool SlimFaasJsonReader::nextKey(bool *first, QStringView *key, bool *atEnd,
                                        QStringView likely)
{
    return nextKeyIs(first, key, atEnd, likely) || nextKey(first, key, atEnd);
}

// Whether a member's name is `name`. Names are short and compared for every member:
// inline, rather than through QStringView's out-of-line comparison.
template<qsizetype N> inline bool keyIs(QStringView key, const char16_t (&name)[N])
{
    return key.size() == N - 1 && std::memcmp(key.utf16(), name, (N - 1) * sizeof(char16_t)) == 0;
}

#endif // SLIMFAASJSONREADER_P_H
