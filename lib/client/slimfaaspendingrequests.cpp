// SPDX-License-Identifier: MIT
#include "slimfaaspendingrequests_p.h"

#include <algorithm>

SlimFaasPendingRequests::SlimFaasPendingRequests(int settledCapacity)
    : m_settledOrder(qMax(1, settledCapacity))
{ }

quint64 SlimFaasPendingRequests::registerConnection(const QString &connectionId)
{
    QMutexLocker lock(&m_mutex);
    m_generation = ++m_generationCounter;
    m_connectionId = connectionId;
    clearSettled();
    return m_generation;
}

QList<SlimFaasAsyncRequest> SlimFaasPendingRequests::unregisterConnection()
{
    QMutexLocker lock(&m_mutex);
    m_generation = 0;
    m_connectionId.clear();
    const QList<SlimFaasAsyncRequest> abandoned = inArrivalOrder();
    m_entries.clear();
    m_pendingCount = 0;
    m_settledOrder.clear();
    return abandoned;
}

quint64 SlimFaasPendingRequests::generation() const
{
    QMutexLocker lock(&m_mutex);
    return m_generation;
}

bool SlimFaasPendingRequests::isCurrent(quint64 generation) const
{
    QMutexLocker lock(&m_mutex);
    return generation != 0 && generation == m_generation;
}

QString SlimFaasPendingRequests::connectionId() const
{
    QMutexLocker lock(&m_mutex);
    return m_connectionId;
}

bool SlimFaasPendingRequests::add(const SlimFaasAsyncRequest &request)
{
    QMutexLocker lock(&m_mutex);
    // One lookup, which inserts an empty entry (arrival 0) for an id not seen before.
    Entry &entry = m_entries[request.elementId()];
    // Delivered again: while pending it replaces the old delivery; once settled it is
    // pending again (its place in m_settledOrder is dropped when that place comes up).
    const bool fresh = entry.arrival == 0 || !entry.isPending();
    entry.request = request;
    entry.arrival = ++m_arrivalCounter;
    entry.settled = SlimFaasClient::NoRefusal;
    if (fresh)
        ++m_pendingCount;
    return fresh;
}

SlimFaasPendingRequests::Answer SlimFaasPendingRequests::take(const QString &elementId,
                                                              int statusCode,
                                                              const SlimFaasAsyncRequest *attempt)
{
    QMutexLocker lock(&m_mutex);
    Answer answer;
    const auto entry = m_entries.find(elementId);
    if (statusCode < 100 || statusCode > 599) {
        answer.refusal = SlimFaasClient::InvalidStatus;
    } else if (m_generation == 0) {
        answer.refusal = SlimFaasClient::NotConnected;
    } else if (attempt && attempt->connectionId() != m_connectionId) {
        answer.refusal = SlimFaasClient::StaleAttempt;
    } else if (entry == m_entries.end()) {
        answer.refusal = SlimFaasClient::UnknownRequest;
    } else if (!entry->isPending()) {
        answer.refusal = SlimFaasClient::CallbackRefusal(entry->settled);
    } else if (attempt && attempt->tryNumber() != entry->request.tryNumber()) {
        answer.refusal = SlimFaasClient::StaleAttempt;
    } else {
        settle(entry, SlimFaasClient::AlreadyAnswered);
        answer.generation = m_generation;
    }
    return answer;
}

QList<SlimFaasAsyncRequest> SlimFaasPendingRequests::takeExpired(const QDateTime &now)
{
    QMutexLocker lock(&m_mutex);
    QList<SlimFaasAsyncRequest> expired;
    for (const SlimFaasAsyncRequest &request : inArrivalOrder()) {
        if (request.deadline() <= now) {
            settle(m_entries.find(request.elementId()), SlimFaasClient::RequestExpired);
            expired.append(request);
        }
    }
    return expired;
}

QDateTime SlimFaasPendingRequests::earliestDeadline() const
{
    QMutexLocker lock(&m_mutex);
    QDateTime earliest;
    for (const Entry &entry : std::as_const(m_entries)) {
        if (entry.isPending() && (!earliest.isValid() || entry.request.deadline() < earliest))
            earliest = entry.request.deadline();
    }
    return earliest;
}

bool SlimFaasPendingRequests::contains(const QString &elementId) const
{
    QMutexLocker lock(&m_mutex);
    const auto entry = m_entries.constFind(elementId);
    return entry != m_entries.constEnd() && entry->isPending();
}

bool SlimFaasPendingRequests::knows(const QString &elementId) const
{
    QMutexLocker lock(&m_mutex);
    return m_entries.contains(elementId);
}

QList<SlimFaasAsyncRequest> SlimFaasPendingRequests::requests() const
{
    QMutexLocker lock(&m_mutex);
    return inArrivalOrder();
}

int SlimFaasPendingRequests::count() const
{
    QMutexLocker lock(&m_mutex);
    return m_pendingCount;
}

QList<SlimFaasAsyncRequest> SlimFaasPendingRequests::inArrivalOrder() const
{
    QList<const Entry *> entries;
    entries.reserve(m_pendingCount);
    for (const Entry &entry : m_entries) {
        if (entry.isPending())
            entries.append(&entry);
    }
    std::sort(entries.begin(), entries.end(),
              [](const Entry *a, const Entry *b) { return a->arrival < b->arrival; });
    QList<SlimFaasAsyncRequest> requests;
    requests.reserve(entries.size());
    for (const Entry *entry : std::as_const(entries))
        requests.append(entry->request);
    return requests;
}

SlimFaasPendingRequests::Entry::Entry() : request(noRequest()), arrival(0), settled(0) { }

// What entries hold when they hold no request: one shared empty request, as each of its own
// would be an allocation.
const SlimFaasAsyncRequest &SlimFaasPendingRequests::noRequest()
{
    static const SlimFaasAsyncRequest none;
    return none;
}

void SlimFaasPendingRequests::settle(QHash<QString, Entry>::iterator entry,
                                     SlimFaasClient::CallbackRefusal why)
{
    // The request's data goes now; a settled id keeps only its verdict.
    entry->request = noRequest();
    entry->settled = why;
    --m_pendingCount;
    // The oldest settled id is forgotten to make room, unless it is this one (settled
    // again after a new delivery) or pending again. Erasing may move the entries of
    // m_entries, `entry` included: nothing refers to it after that.
    QString oldest;
    if (m_settledOrder.isFull())
        oldest = std::move(m_settledOrder.first()); // its place is written over next
    m_settledOrder.append(entry.key());             // drops the oldest when full
    if (!oldest.isNull()) {
        // This one when it is the same id: told apart by where it lies, not by its text.
        const auto old = m_entries.find(oldest);
        if (old != entry && old != m_entries.end() && !old->isPending())
            m_entries.erase(old);
    }
}

void SlimFaasPendingRequests::clearSettled()
{
    for (auto entry = m_entries.begin(); entry != m_entries.end();)
        entry = entry->isPending() ? std::next(entry) : m_entries.erase(entry);
    m_settledOrder.clear();
}
