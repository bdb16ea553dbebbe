// SPDX-License-Identifier: MIT
#include "emulatorsyncresponsecheck_p.h"

#include "slimfaasemulator.h"

#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qvariant.h>

#include <climits>
#include <cstring>

namespace {

// RFC 9110 §5.6.2: token = 1*tchar. Kestrel checks response header names against it.
bool isToken(const QString &name)
{
    if (name.isEmpty())
        return false;
    for (const QChar c : name) {
        const ushort u = c.unicode();
        const bool alnum
                = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9');
        if (!alnum && !QStringView(u"!#$%&'*+-.^_`|~").contains(c))
            return false;
    }
    return true;
}

// Kestrel's default response header encoding is ASCII: printable characters, spaces and
// tabs; anything else (a control character, DEL, a non-ASCII character) makes it throw.
bool isAsciiFieldValue(const QString &value)
{
    for (const QChar c : value) {
        const ushort u = c.unicode();
        if ((u < 0x20 && u != '\t') || u >= 0x7f)
            return false;
    }
    return true;
}

bool isContentLength(const QString &name)
{
    return name.compare(QLatin1String("Content-Length"), Qt::CaseInsensitive) == 0;
}

// Kestrel parses a response Content-Length from the values joined with ',': one run of
// ASCII digits, nothing else.
std::optional<qint64> parseContentLength(const QStringList &values)
{
    const QString joined = values.join(QLatin1Char(','));
    if (joined.isEmpty() || joined.size() > 18)
        return std::nullopt;
    qint64 length = 0;
    for (const QChar c : joined) {
        if (c < u'0' || c > u'9')
            return std::nullopt;
        length = length * 10 + (c.unicode() - '0');
    }
    return length;
}

QString printable(const QString &text)
{
    QString out;
    for (const QChar c : text) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            out += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
}

} // namespace

namespace {

// Walks JSON text as far as it is well formed, noting the path of every number written
// with a fraction or an exponent.
class DecimalFinder
{
public:
    explicit DecimalFinder(const QByteArray &json) : m_json(json) { }

    QSet<QString> find()
    {
        value(QString(), 0);
        return m_found;
    }

private:
    void skipSpace()
    {
        while (m_at < m_json.size()
               && (m_json[m_at] == ' ' || m_json[m_at] == '\t' || m_json[m_at] == '\n'
                   || m_json[m_at] == '\r'))
            ++m_at;
    }

    bool string(QString *decoded)
    {
        const qsizetype start = m_at++;
        bool escaped = false;
        for (; m_at < m_json.size(); ++m_at) {
            const char c = m_json[m_at];
            if (c == '\\') {
                escaped = true;
                ++m_at;
            } else if (c == '"') {
                break;
            }
        }
        if (m_at >= m_json.size())
            return false;
        ++m_at;
        const QByteArray raw = m_json.mid(start + 1, m_at - start - 2);
        if (!escaped)
            *decoded = QString::fromUtf8(raw);
        else
            *decoded = QJsonDocument::fromJson('[' + m_json.mid(start, m_at - start) + ']')
                               .array()
                               .at(0)
                               .toString();
        return true;
    }

    bool value(const QString &path, int depth)
    {
        skipSpace();
        if (m_at >= m_json.size() || depth > 64)
            return false;
        const char c = m_json[m_at];
        if (c == '{' || c == '[') {
            const bool object = c == '{';
            ++m_at;
            for (int index = 0;; ++index) {
                skipSpace();
                if (m_at < m_json.size() && m_json[m_at] == (object ? '}' : ']')) {
                    ++m_at;
                    return true;
                }
                QString key = QString::number(index);
                if (object) {
                    if (m_at >= m_json.size() || m_json[m_at] != '"' || !string(&key))
                        return false;
                    skipSpace();
                    if (m_at >= m_json.size() || m_json[m_at] != ':')
                        return false;
                    ++m_at;
                }
                if (!value(path.isEmpty() ? key : path + QLatin1Char('/') + key, depth + 1))
                    return false;
                skipSpace();
                if (m_at < m_json.size() && m_json[m_at] == ',')
                    ++m_at;
            }
        }
        if (c == '"') {
            QString ignored;
            return string(&ignored);
        }
        const qsizetype start = m_at;
        while (m_at < m_json.size()
               && QByteArrayView("+-.0123456789eEtrufalsn").contains(m_json[m_at]))
            ++m_at;
        const QByteArray token = m_json.mid(start, m_at - start);
        if (token.isEmpty())
            return false;
        if ((token[0] == '-' || (token[0] >= '0' && token[0] <= '9'))
            && (token.contains('.') || token.contains('e') || token.contains('E')))
            m_found.insert(path);
        return true;
    }

    const QByteArray &m_json;
    qsizetype m_at = 0;
    QSet<QString> m_found;
};

// Every fraction and exponent has a '.', 'e' or 'E' outside strings, where the only other
// 'e' ends true or false: a message without one (most) holds no decimal, and is not walked.
bool mayHoldDecimals(const QByteArray &json)
{
    bool inString = false;
    char previous = 0;
    for (qsizetype i = 0; i < json.size(); ++i) {
        const char c = json.at(i);
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '.' || c == 'E' || (c == 'e' && previous != 'u' && previous != 's')) {
            return true;
        }
        previous = c;
    }
    return false;
}

} // namespace

QSet<QString> numbersWrittenAsDecimals(const QByteArray &json)
{
    if (!mayHoldDecimals(json))
        return {};
    return DecimalFinder(json).find();
}

QString jsonText(const QJsonValue &value, bool decimal)
{
    if (value.isDouble()) {
        if (!decimal && value.toVariant().typeId() == QMetaType::LongLong)
            return QString::number(value.toInteger());
        // 15 digits: a whole number nudged off its integer (emulatorregistration.cpp) shows
        // as written.
        QString number = QString::number(value.toDouble(), 'g', 15);
        if (!number.contains(QLatin1Char('.')) && !number.contains(QLatin1Char('e')))
            number += QLatin1String(".0"); // 200.0 and 2e2 read back as the double 200
        return number;
    }
    if (value.isString())
        return QLatin1Char('"') + printable(value.toString()) + QLatin1Char('"');
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (value.isNull())
        return QStringLiteral("null");
    return value.isArray() ? QStringLiteral("an array") : QStringLiteral("an object");
}

bool readServerInt(const QJsonValue &value, bool decimal, int *out)
{
    // Qt keeps a whole number as an integer however it was written: decimal says how.
    if (!value.isDouble() || decimal || value.toVariant().typeId() != QMetaType::LongLong)
        return false;
    const qint64 number = value.toInteger();
    if (number < INT_MIN || number > INT_MAX)
        return false;
    *out = int(number);
    return true;
}

namespace {

// {"headers":{"<name>":["<value>",...],...},"statusCode":<status>} with its names in
// increasing order, every name and value printable ASCII without '"' or '\\', every list
// holding at least one string and the status one to three digits: what SlimFaasClient
// writes (QJsonDocument, compact, members sorted) for the headers a response usually has.
// Read as readSyncResponseStart() reads it (nothing to unescape, no decimal, no null, no
// name given twice, the names already in QJsonObject's order), without a JSON parser.
std::optional<EmulatorSyncResponseStart> readClientSyncResponseStart(const QByteArray &payload)
{
    EmulatorTemplateReader reader(payload);
    EmulatorSyncResponseStart start;
    if (!reader.literal("{\"headers\":{"))
        return std::nullopt;
    if (!reader.literal("}")) {
        QString previous;
        for (;;) {
            QString name;
            if (!reader.literal("\"") || !reader.string(&name) || name.isEmpty() || name <= previous
                || !reader.literal(":["))
                return std::nullopt;
            QStringList values;
            for (;;) {
                QString value;
                if (!reader.literal("\"") || !reader.string(&value))
                    return std::nullopt;
                values.append(value);
                if (reader.literal("]"))
                    break;
                if (!reader.literal(","))
                    return std::nullopt;
            }
            start.headers.insert(name, values);
            previous = name;
            if (reader.literal("}"))
                break;
            if (!reader.literal(","))
                return std::nullopt;
        }
    }
    if (!reader.literal(",\"statusCode\":") || !reader.smallInteger(&start.statusCode)
        || !reader.literal("}") || !reader.atEnd())
        return std::nullopt;
    return start;
}

} // namespace

bool EmulatorTemplateReader::literal(QByteArrayView text)
{
    if (m_end - m_at < text.size() || std::memcmp(m_at, text.data(), size_t(text.size())) != 0)
        return false;
    m_at += text.size();
    return true;
}

bool EmulatorTemplateReader::string(QString *value)
{
    const char *const start = m_at;
    while (m_at < m_end && *m_at >= 0x20 && *m_at < 0x7f && *m_at != '"' && *m_at != '\\')
        ++m_at;
    if (m_at == m_end || *m_at != '"')
        return false;
    *value = QString::fromLatin1(start, m_at - start);
    ++m_at;
    return true;
}

bool EmulatorTemplateReader::smallInteger(int *value)
{
    const char *const digits = m_at;
    while (m_at < m_end && m_at - digits < 4 && *m_at >= '0' && *m_at <= '9')
        ++m_at;
    const qsizetype count = m_at - digits;
    if (count == 0 || count > 3 || (count > 1 && digits[0] == '0'))
        return false;
    *value = 0;
    for (const char *digit = digits; digit < m_at; ++digit)
        *value = *value * 10 + (*digit - '0');
    return true;
}

EmulatorSyncResponseStart readSyncResponseStart(const QByteArray &payload)
{
    if (auto start = readClientSyncResponseStart(payload))
        return std::move(*start);
    EmulatorSyncResponseStart start;
    auto malformed = [&start](const QString &problem) {
        start.reading = EmulatorSyncResponseStart::Reading::Malformed;
        start.problem = problem;
        return start;
    };
    if (payload.trimmed() == "null") {
        start.reading = EmulatorSyncResponseStart::Reading::Ignored;
        return start;
    }
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(payload, &error);
    if (error.error != QJsonParseError::NoError)
        return malformed(SlimFaasEmulator::tr("not JSON (%1 at offset %2)")
                                 .arg(error.errorString())
                                 .arg(error.offset));
    if (!document.isObject())
        return malformed(SlimFaasEmulator::tr("the payload is not a JSON object"));
    const QJsonObject object = document.object();

    const QJsonValue status = object.value(QLatin1String("statusCode"));
    const bool decimal = numbersWrittenAsDecimals(payload).contains(QStringLiteral("statusCode"));
    if (!status.isUndefined() && !readServerInt(status, decimal, &start.statusCode))
        return malformed(SlimFaasEmulator::tr("\"statusCode\" is %1, not a 32-bit integer")
                                 .arg(jsonText(status, decimal)));

    const QJsonValue headers = object.value(QLatin1String("headers"));
    if (headers.isNull()) {
        start.headersNull = true;
        return start;
    }
    if (headers.isUndefined())
        return start;
    if (!headers.isObject())
        return malformed(SlimFaasEmulator::tr("\"headers\" is not an object of string lists"));
    const QJsonObject map = headers.toObject();
    for (auto it = map.constBegin(); it != map.constEnd(); ++it) {
        if (it.value().isNull())
            continue; // a null array: no value, no header
        if (!it.value().isArray())
            return malformed(SlimFaasEmulator::tr("the value of header \"%1\" is not a list of "
                                                  "strings (write [\"value\"], not \"value\")")
                                     .arg(printable(it.key())));
        QStringList values;
        for (const QJsonValue &item : it.value().toArray()) {
            if (item.isNull())
                continue;
            if (!item.isString())
                return malformed(SlimFaasEmulator::tr("header \"%1\" holds a value that is not "
                                                      "a string")
                                         .arg(printable(it.key())));
            values.append(item.toString());
        }
        if (!values.isEmpty())
            start.headers.insert(it.key(), values);
    }
    return start;
}

QString kestrelRefusesResponseHeaders(const SlimFaasHeaders &headers)
{
    for (auto it = headers.cbegin(); it != headers.cend(); ++it) {
        if (!isToken(it.key()))
            return SlimFaasEmulator::tr("header name \"%1\" is not an HTTP token")
                    .arg(printable(it.key()));
        for (const QString &value : it.value()) {
            if (!isAsciiFieldValue(value))
                return SlimFaasEmulator::tr("header %1 has a non-ASCII or control character in "
                                            "its value \"%2\"")
                        .arg(it.key(), printable(value));
        }
        if (isContentLength(it.key()) && !parseContentLength(it.value()))
            return SlimFaasEmulator::tr("Content-Length \"%1\" is not one non-negative integer")
                    .arg(it.value().join(QLatin1Char(',')));
    }
    return {};
}

std::optional<qint64> declaredContentLength(const SlimFaasHeaders &headers)
{
    for (auto it = headers.cbegin(); it != headers.cend(); ++it) {
        if (isContentLength(it.key()))
            return parseContentLength(it.value());
    }
    return std::nullopt;
}
