// SPDX-License-Identifier: MIT
#ifndef CALLHISTORY_H
#define CALLHISTORY_H

#include "callrequest.h"

#include <QtCore/qlist.h>

QT_BEGIN_NAMESPACE
class QSettings;
QT_END_NAMESPACE

// The calls sent from the caller panel, newest first, at most maximumEntries(): sending a
// call already there moves it to the front instead of keeping it twice. Saved in the user's
// settings, so that a call can be sent again in a later session.
// A value type, usable from any thread (a QSettings object from one thread at a time).
class CallHistory
{
public:
    static constexpr int DefaultMaximumEntries = 50;

    QList<CallRequest> entries() const { return m_entries; }
    int size() const { return int(m_entries.size()); }
    CallRequest at(int index) const { return m_entries.at(index); }

    int maximumEntries() const { return m_maximumEntries; }
    // Drops the oldest entries beyond the new maximum (at least 1).
    void setMaximumEntries(int count);

    void add(const CallRequest &request);
    void clear() { m_entries.clear(); }

    void save(QSettings *settings) const;
    // Entries that cannot be read are skipped.
    void load(QSettings *settings);

private:
    void trim();

    QList<CallRequest> m_entries;
    int m_maximumEntries = DefaultMaximumEntries;
};

#endif // CALLHISTORY_H
