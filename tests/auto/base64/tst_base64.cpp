// SPDX-License-Identifier: MIT
#include <slimfaasbase64_p.h>

#include <QtCore/qrandom.h>
#include <QtTest/qtest.h>

// Bodies arrive as base64 inside JSON strings, written by System.Text.Json: every '+' as
// \u002B, '/' sometimes as \/ or \u002F. The decoder reads them straight from the text,
// with vector instructions on long runs of digits, and must accept and refuse exactly what
// unescaping the string and QByteArray::fromBase64Encoding(AbortOnBase64DecodingErrors)
// would.
class tst_Base64 : public QObject
{
    Q_OBJECT

private slots:
    void matchesQtOnRandomStrings();
    void decodesEveryByteValueAtEveryOffset();
    void stopsAtTheClosingQuote();
    void encodesAsQtDoes();
};

namespace {
QByteArray appendedTo(QByteArray out, const QByteArray &data)
{
    SlimFaasBase64::appendEncoded(data, &out);
    return out;
}

// What the JSON string means, for the escapes the pieces below use; null for others.
std::optional<QString> unescape(const QString &json)
{
    QString text;
    for (qsizetype i = 0; i < json.size(); ++i) {
        if (json.at(i) != u'\\') {
            text.append(json.at(i));
            continue;
        }
        const QStringView rest = QStringView(json).mid(i);
        if (rest.startsWith(u"\\/")) {
            text.append(u'/');
            i += 1;
        } else if (rest.startsWith(u"\\\\")) {
            text.append(u'\\');
            i += 1;
        } else if (rest.size() >= 6 && rest.startsWith(u"\\u")) {
            bool ok = false;
            text.append(QChar(rest.mid(2, 4).toUShort(&ok, 16)));
            if (!ok)
                return std::nullopt;
            i += 5;
        } else {
            return std::nullopt;
        }
    }
    return text;
}

std::optional<QByteArray> reference(const QString &json)
{
    const auto text = unescape(json);
    if (!text)
        return std::nullopt;
    for (QChar c : *text) {
        if (c.unicode() > 0x7f)
            return std::nullopt;
    }
    const auto result = QByteArray::fromBase64Encoding(text->toLatin1(),
                                                       QByteArray::AbortOnBase64DecodingErrors);
    if (result.decodingStatus != QByteArray::Base64DecodingStatus::Ok)
        return std::nullopt;
    return result.decoded;
}

std::optional<QByteArray> decoded(const QString &json)
{
    const QString text = json + QStringLiteral("\",\"after\":1}");
    QByteArray bytes("untouched");
    const QStringView view(text);
    const char16_t *closing
            = SlimFaasBase64::readJsonString(view.utf16(), view.utf16() + view.size(), &bytes);
    if (!closing) {
        if (bytes != "untouched")
            return QByteArray("written on failure");
        return std::nullopt;
    }
    if (closing != view.utf16() + json.size())
        return QByteArray("wrong closing quote");
    return bytes;
}
} // namespace

void tst_Base64::matchesQtOnRandomStrings()
{
    const QStringList pieces{
        QStringLiteral("A"),       QStringLiteral("Q"),       QStringLiteral("g"),
        QStringLiteral("z"),       QStringLiteral("0"),       QStringLiteral("9"),
        QStringLiteral("+"),       QStringLiteral("/"),       QStringLiteral("="),
        QStringLiteral("@"),       QStringLiteral("-"),       QStringLiteral(" "),
        QStringLiteral("\u00e9"),  QStringLiteral("\u0141"),  QStringLiteral("\uff21"),
        QStringLiteral("\u012b"),  QStringLiteral("\\u002B"), QStringLiteral("\\u002b"),
        QStringLiteral("\\u002F"), QStringLiteral("\\/"),     QStringLiteral("\\u0041"),
        QStringLiteral("\\\\"),    QStringLiteral("\\u0000"), QStringLiteral("[")
    };
    QRandomGenerator random(23); // fixed: the same cases on every run
    int accepted = 0, refused = 0, acceptedLong = 0;
    for (int i = 0; i < 20000; ++i) {
        QString json;
        // Lengths around the vector widths (16, 32 characters; 32 digits make 24 bytes) and
        // long ones; strays rare in some, common in others.
        const int length = i % 4 == 0 ? random.bounded(700) : random.bounded(80);
        const int strayOdds = i % 8 == 0 ? 0 : i % 2 ? 400 : 6; // 0: none

        for (int j = 0; j < length; ++j) {
            const int piece = strayOdds && random.bounded(strayOdds) == 0
                    ? random.bounded(int(pieces.size()))
                    : random.bounded(40) == 0 ? 16 // \u002B, as SlimFaas writes '+'
                                              : random.bounded(6);
            json.append(pieces.at(piece));
        }
        if (i % 3 == 0) // the padding, right or wrong
            json.append(QString(random.bounded(3), u'='));
        const auto expected = reference(json);
        const auto actual = decoded(json);
        // Escapes that stand for no digit (\u0041 is an 'A') are left to the general string
        // reader: refused here, whatever they mean.
        const bool onlyDigitEscapes = !QString(json)
                                               .remove(QStringLiteral("\\u002B"))
                                               .remove(QStringLiteral("\\u002b"))
                                               .remove(QStringLiteral("\\u002F"))
                                               .remove(QStringLiteral("\\/"))
                                               .contains(u'\\');
        if (onlyDigitEscapes)
            QVERIFY2(bool(expected) == bool(actual), qPrintable(json));
        else if (actual)
            QVERIFY2(expected, qPrintable(json));
        if (expected) {
            if (actual) {
                QCOMPARE(*actual, *expected);
                ++accepted;
                acceptedLong += json.size() > 200;
            }
        } else {
            ++refused;
        }
    }
    QVERIFY2(accepted > 2000 && refused > 2000 && acceptedLong > 500,
             qPrintable(QStringLiteral("%1 accepted, %2 refused, %3 long")
                                .arg(accepted)
                                .arg(refused)
                                .arg(acceptedLong)));
}

// Every byte value, at every offset of a vector step, through both the vector loop and the
// scalar end: a wrong table entry or lane shows here.
void tst_Base64::decodesEveryByteValueAtEveryOffset()
{
    for (int size = 0; size < 200; ++size) {
        QByteArray bytes(size, Qt::Uninitialized);
        for (int i = 0; i < size; ++i)
            bytes[i] = char((i * 37 + size * 11) & 0xff);
        for (const bool escaped : { false, true }) {
            QString json = QString::fromLatin1(bytes.toBase64());
            if (escaped)
                json.replace(u'+', QStringLiteral("\\u002B")).replace(u'/', QStringLiteral("\\/"));
            const auto actual = decoded(json);
            QVERIFY2(actual, qPrintable(json));
            QCOMPARE(*actual, bytes);
        }
    }
    QByteArray all(256 * 3, Qt::Uninitialized);
    for (int i = 0; i < all.size(); ++i)
        all[i] = char(i / 3);
    QCOMPARE(*decoded(QString::fromLatin1(all.toBase64())), all);
}

void tst_Base64::stopsAtTheClosingQuote()
{
    // An escaped quote is no end: the string is refused (the general reader takes it).
    QVERIFY(!decoded(QStringLiteral("QUJD\\\"QUJD")));
    // No closing quote at all.
    const QString open = QString(100, u'Q');
    const QStringView view(open);
    QByteArray bytes;
    QVERIFY(!SlimFaasBase64::readJsonString(view.utf16(), view.utf16() + view.size(), &bytes));
    // Empty.
    QCOMPARE(*decoded(QString()), QByteArray());
}

// Bodies leave as base64 too (the emulator's AsyncRequest): byte for byte what
// QByteArray::toBase64() writes, for every length up to a few triples past the table's
// pairs, every byte value, and after what the buffer already holds.
void tst_Base64::encodesAsQtDoes()
{
    QByteArray every(256, Qt::Uninitialized);
    for (int i = 0; i < 256; ++i)
        every[i] = char(i);
    QCOMPARE(appendedTo(QByteArray("x"), every), QByteArray("x") + every.toBase64());
    for (int size = 0; size < 70; ++size) {
        QByteArray data(size, Qt::Uninitialized);
        for (char &byte : data)
            byte = char(QRandomGenerator::global()->bounded(256));
        QCOMPARE(appendedTo(QByteArray(), data), data.toBase64());
        QCOMPARE(appendedTo(QByteArray("\"", 1), data), QByteArray("\"") + data.toBase64());
    }
}

QTEST_APPLESS_MAIN(tst_Base64)
#include "tst_base64.moc"
