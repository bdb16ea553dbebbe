// SPDX-License-Identifier: MIT
#include "slimfaasheaders.h"

#include <QtCore/qdatastream.h>
#include <QtCore/qdebug.h>

SlimFaasHeaders::SlimFaasHeaders(std::initializer_list<std::pair<QString, QStringList>> headers)
{
    m_entries.reserve(qsizetype(headers.size()));
    for (const auto &header : headers)
        insert(header.first, header.second);
}

// Whether two names are the same but for case. Case folding keeps a name's length, and
// two ASCII first letters that differ folded tell most names apart before the full
// comparison, which costs more.
static bool sameName(const QString &a, const QString &b)
{
    if (a.size() != b.size())
        return false;
    if (!a.isEmpty()) {
        const char16_t x = a.front().unicode(), y = b.front().unicode();
        if (x < 0x80 && y < 0x80 && (x | 0x20) != (y | 0x20))
            return false;
    }
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

qsizetype SlimFaasHeaders::indexOf(const QString &name) const
{
    for (qsizetype i = 0; i < m_entries.size(); ++i) {
        if (sameName(m_entries.at(i).first, name))
            return i;
    }
    return -1;
}

bool SlimFaasHeaders::contains(const QString &name) const
{
    return indexOf(name) >= 0;
}

QStringList SlimFaasHeaders::value(const QString &name, const QStringList &defaultValue) const
{
    const qsizetype i = indexOf(name);
    return i < 0 ? defaultValue : m_entries.at(i).second;
}

QString SlimFaasHeaders::firstValue(const QString &name) const
{
    const qsizetype i = indexOf(name);
    return i < 0 ? QString() : m_entries.at(i).second.value(0);
}

QStringList SlimFaasHeaders::keys() const
{
    QStringList names;
    names.reserve(m_entries.size());
    for (const Entry &entry : m_entries)
        names.append(entry.first);
    return names;
}

SlimFaasHeaders::iterator SlimFaasHeaders::insert(const QString &name, const QStringList &values)
{
    const qsizetype i = indexOf(name);
    if (i >= 0) {
        m_entries[i].second = values;
        return iterator(m_entries.begin() + i);
    }
    m_entries.append({ name, values });
    return iterator(m_entries.end() - 1);
}

void SlimFaasHeaders::insert(const SlimFaasHeaders &other)
{
    for (const Entry &entry : other.m_entries)
        insert(entry.first, entry.second);
}

void SlimFaasHeaders::append(const QString &name, const QString &value)
{
    (*this)[name].append(value);
}

QStringList &SlimFaasHeaders::operator[](const QString &name)
{
    const qsizetype i = indexOf(name);
    if (i >= 0)
        return m_entries[i].second;
    m_entries.append({ name, {} });
    return m_entries.last().second;
}

qsizetype SlimFaasHeaders::remove(const QString &name)
{
    const qsizetype i = indexOf(name);
    if (i < 0)
        return 0;
    m_entries.remove(i);
    return 1;
}

SlimFaasHeaders::iterator SlimFaasHeaders::erase(const_iterator it)
{
    const qsizetype i = it.m_it - m_entries.cbegin();
    m_entries.remove(i);
    return iterator(m_entries.begin() + i);
}

SlimFaasHeaders::iterator SlimFaasHeaders::find(const QString &name)
{
    const qsizetype i = indexOf(name);
    return i < 0 ? end() : iterator(m_entries.begin() + i);
}

SlimFaasHeaders::const_iterator SlimFaasHeaders::find(const QString &name) const
{
    const qsizetype i = indexOf(name);
    return i < 0 ? end() : const_iterator(m_entries.cbegin() + i);
}

SlimFaasHeaders::iterator SlimFaasHeaders::begin()
{
    return iterator(m_entries.begin());
}

SlimFaasHeaders::iterator SlimFaasHeaders::end()
{
    return iterator(m_entries.end());
}

bool operator==(const SlimFaasHeaders &a, const SlimFaasHeaders &b)
{
    if (a.size() != b.size())
        return false;
    for (const auto &entry : a.m_entries) {
        const qsizetype i = b.indexOf(entry.first);
        if (i < 0 || b.m_entries.at(i).second != entry.second)
            return false;
    }
    return true;
}

QDebug operator<<(QDebug debug, const SlimFaasHeaders &headers)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << "SlimFaasHeaders(";
    for (auto it = headers.cbegin(); it != headers.cend(); ++it) {
        if (it != headers.cbegin())
            debug << ", ";
        debug << it.key() << ": " << it.value();
    }
    debug << ')';
    return debug;
}

QDataStream &operator<<(QDataStream &stream, const SlimFaasHeaders &headers)
{
    stream << quint32(headers.size());
    for (auto it = headers.cbegin(); it != headers.cend(); ++it)
        stream << it.key() << it.value();
    return stream;
}

QDataStream &operator>>(QDataStream &stream, SlimFaasHeaders &headers)
{
    headers.clear();
    quint32 count = 0;
    stream >> count;
    for (quint32 i = 0; i < count && stream.status() == QDataStream::Ok; ++i) {
        QString name;
        QStringList values;
        stream >> name >> values;
        if (stream.status() == QDataStream::Ok)
            headers.insert(name, values);
    }
    return stream;
}
