// SPDX-License-Identifier: MIT
#ifndef SLIMFAASHEADERS_H
#define SLIMFAASHEADERS_H

#include "slimfaasqtclient_export.h"

#include <QtCore/qlist.h>
#include <QtCore/qmetatype.h>
#include <QtCore/qstring.h>
#include <QtCore/qstringlist.h>

#include <initializer_list>
#include <iterator>
#include <utility>

QT_BEGIN_NAMESPACE
class QDataStream;
class QDebug;
QT_END_NAMESPACE

// HTTP headers as SlimFaas carries them on the wire: a name mapped to its list of values,
// in the order the caller sent them. Names are those Kestrel gives SlimFaas: a header it
// knows (Content-Type, Host, Authorization, ...) in its standard spelling, any other in the
// spelling of its first occurrence, with repeated headers merged whatever their case.
//
// Names compare case-insensitively, as HTTP names do: value("content-type") finds the
// values of "Content-Type", and insert() or operator[] on a name already present (in any
// spelling) changes that entry, where it is. The API follows QMap's, which this type
// replaced: iterators have key() and value(), and *it is the value list.
//
// Threads: a value class; copies may be used from any thread, one object from one thread
// at a time.
class SLIMFAASQT_CLIENT_EXPORT SlimFaasHeaders
{
    using Entry = std::pair<QString, QStringList>;
    using Entries = QList<Entry>;

public:
    // Walks the headers in order: key() is the name, value() (or *it) its values.
    class const_iterator
    {
    public:
        // The standard iterator traits: iterator_category, difference_type, value_type,
        // pointer and reference.
        using iterator_category = std::bidirectional_iterator_tag;
        using difference_type = qptrdiff;
        using value_type = QStringList;
        using pointer = const QStringList *;
        using reference = const QStringList &;

        // An iterator that points nowhere.
        const_iterator() = default;
        // The name of the header.
        const QString &key() const { return m_it->first; }
        // Its values, in order.
        const QStringList &value() const { return m_it->second; }
        // The same as value().
        const QStringList &operator*() const { return m_it->second; }
        // The values' members.
        const QStringList *operator->() const { return &m_it->second; }
        // The next header.
        const_iterator &operator++()
        {
            ++m_it;
            return *this;
        }
        // The next header; returns where this iterator was.
        const_iterator operator++(int)
        {
            const_iterator was = *this;
            ++m_it;
            return was;
        }
        // The previous header.
        const_iterator &operator--()
        {
            --m_it;
            return *this;
        }
        // The previous header; returns where this iterator was.
        const_iterator operator--(int)
        {
            const_iterator was = *this;
            --m_it;
            return was;
        }
        // Whether both point at the same header.
        friend bool operator==(const const_iterator &a, const const_iterator &b)
        {
            return a.m_it == b.m_it;
        }
        // Whether they point at different headers.
        friend bool operator!=(const const_iterator &a, const const_iterator &b)
        {
            return a.m_it != b.m_it;
        }

    private:
        friend class SlimFaasHeaders;
        explicit const_iterator(Entries::const_iterator it) : m_it(it) { }
        Entries::const_iterator m_it;
    };

    // As const_iterator, with values that can be changed in place.
    class iterator
    {
    public:
        // The standard iterator traits: iterator_category, difference_type, value_type,
        // pointer and reference.
        using iterator_category = std::bidirectional_iterator_tag;
        using difference_type = qptrdiff;
        using value_type = QStringList;
        using pointer = QStringList *;
        using reference = QStringList &;

        // An iterator that points nowhere.
        iterator() = default;
        // The name of the header.
        const QString &key() const { return m_it->first; }
        // Its values, which may be changed.
        QStringList &value() const { return m_it->second; }
        // The same as value().
        QStringList &operator*() const { return m_it->second; }
        // The values' members.
        QStringList *operator->() const { return &m_it->second; }
        // The next header.
        iterator &operator++()
        {
            ++m_it;
            return *this;
        }
        // The next header; returns where this iterator was.
        iterator operator++(int)
        {
            iterator was = *this;
            ++m_it;
            return was;
        }
        // The previous header.
        iterator &operator--()
        {
            --m_it;
            return *this;
        }
        // The previous header; returns where this iterator was.
        iterator operator--(int)
        {
            iterator was = *this;
            --m_it;
            return was;
        }
        // This position, read-only.
        operator const_iterator() const { return const_iterator(m_it); }
        // Whether both point at the same header.
        friend bool operator==(const iterator &a, const iterator &b) { return a.m_it == b.m_it; }
        // Whether they point at different headers.
        friend bool operator!=(const iterator &a, const iterator &b) { return a.m_it != b.m_it; }

    private:
        friend class SlimFaasHeaders;
        explicit iterator(Entries::iterator it) : m_it(it) { }
        Entries::iterator m_it;
    };
    // For generic code and range-for: the values of each header, in order.
    using ConstIterator = const_iterator;
    // See ConstIterator.
    using Iterator = iterator;

    // No headers.
    SlimFaasHeaders() = default;
    // The given headers, in this order ({ { "Content-Type", { "text/plain" } } }). A name
    // given twice (in any spelling) keeps its first place and the last values.
    SlimFaasHeaders(std::initializer_list<std::pair<QString, QStringList>> headers);

    // Whether there is no header.
    bool isEmpty() const { return m_entries.isEmpty(); }
    // The number of header names.
    qsizetype size() const { return m_entries.size(); }
    // The same as size().
    qsizetype count() const { return m_entries.size(); }
    // Removes every header.
    void clear() { m_entries.clear(); }

    // Whether a header of this name (in any spelling) is present.
    bool contains(const QString &name) const;
    // The values of this name (in any spelling), or defaultValue when it is absent.
    QStringList value(const QString &name, const QStringList &defaultValue = {}) const;
    // The first value of this name (in any spelling), or an empty string.
    QString firstValue(const QString &name) const;
    // The names, in order, as they were spelled when added.
    QStringList keys() const;

    // Sets the values of this name: those of the entry already present in any spelling
    // (which keeps its place and its spelling), or of a new entry at the end.
    iterator insert(const QString &name, const QStringList &values);
    // insert() of every header of other, in its order.
    void insert(const SlimFaasHeaders &other);
    // Adds one value to this name (a new entry at the end when absent).
    void append(const QString &name, const QString &value);
    // The values of this name, for changing in place; an empty entry at the end when absent.
    QStringList &operator[](const QString &name);
    // The values of this name, or an empty list.
    QStringList operator[](const QString &name) const { return value(name); }
    // Removes this name (in any spelling); returns how many entries went (0 or 1).
    qsizetype remove(const QString &name);
    // Removes the header at it; returns the one after it.
    iterator erase(const_iterator it);
    // Where this name (in any spelling) is, or end().
    iterator find(const QString &name);
    // Where this name (in any spelling) is, or end().
    const_iterator find(const QString &name) const;
    // The same as find().
    const_iterator constFind(const QString &name) const { return find(name); }

    // The first header.
    iterator begin();
    // Past the last header.
    iterator end();
    // The first header.
    const_iterator begin() const { return const_iterator(m_entries.cbegin()); }
    // Past the last header.
    const_iterator end() const { return const_iterator(m_entries.cend()); }
    // The first header.
    const_iterator cbegin() const { return begin(); }
    // Past the last header.
    const_iterator cend() const { return end(); }
    // The first header.
    const_iterator constBegin() const { return begin(); }
    // Past the last header.
    const_iterator constEnd() const { return end(); }

    // The same names (compared case-insensitively) with the same values, whatever the order
    // of the names: JSON objects, on the wire, do not keep it either.
    friend SLIMFAASQT_CLIENT_EXPORT bool operator==(const SlimFaasHeaders &a,
                                                    const SlimFaasHeaders &b);
    // Not operator==.
    friend bool operator!=(const SlimFaasHeaders &a, const SlimFaasHeaders &b) { return !(a == b); }

private:
    qsizetype indexOf(const QString &name) const;
    Entries m_entries;
};

// Writes the headers in order. The layout is QMap<QString, QStringList>'s (a count, then
// name and values pairs), which this type replaced: streams written by either read back.
SLIMFAASQT_CLIENT_EXPORT QDataStream &operator<<(QDataStream &stream,
                                                 const SlimFaasHeaders &headers);
// Reads headers written by operator<<() (or a QMap<QString, QStringList>).
SLIMFAASQT_CLIENT_EXPORT QDataStream &operator>>(QDataStream &stream, SlimFaasHeaders &headers);

// Prints the headers in order, as name: values pairs.
SLIMFAASQT_CLIENT_EXPORT QDebug operator<<(QDebug debug, const SlimFaasHeaders &headers);

Q_DECLARE_METATYPE(SlimFaasHeaders)

#endif // SLIMFAASHEADERS_H
