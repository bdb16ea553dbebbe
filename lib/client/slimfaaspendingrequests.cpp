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
    m_pending.clear();
    clearSettled();
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
    const QString elementId = request.elementId();
    const bool fresh = !m_pending.contains(elementId);
    m_pending.insert(elementId, { request, ++m_arrivalCounter });
    m_settled.remove(elementId);
    return fresh;
}

SlimFaasPendingRequests::Answer SlimFaasPendingRequests::take(const QString &elementId,
                                                              int statusCode,
                                                              const SlimFaasAsyncRequest *attempt)
{
    QMutexLocker lock(&m_mutex);
    Answer answer;
    const auto entry = m_pending.constFind(elementId);
    if (statusCode < 100 || statusCode > 599) {
        answer.refusal = SlimFaasClient::InvalidStatus;
    } else if (m_generation == 0) {
        answer.refusal = SlimFaasClient::NotConnected;
    } else if (attempt && attempt->connectionId() != m_connectionId) {
        answer.refusal = SlimFaasClient::StaleAttempt;
    } else if (entry == m_pending.constEnd()) {
        answer.refusal = m_settled.value(elementId, SlimFaasClient::UnknownRequest);
    } else if (attempt && attempt->tryNumber() != entry->request.tryNumber()) {
        answer.refusal = SlimFaasClient::StaleAttempt;
    } else {
        m_pending.erase(entry);
        settle(elementId, SlimFaasClient::AlreadyAnswered);
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
            m_pending.remove(request.elementId());
            settle(request.elementId(), SlimFaasClient::RequestExpired);
            expired.append(request);
        }
    }
    return expired;
}

QDateTime SlimFaasPendingRequests::earliestDeadline() const
{
    QMutexLocker lock(&m_mutex);
    QDateTime earliest;
    for (const Entry &entry : std::as_const(m_pending)) {
        if (!earliest.isValid() || entry.request.deadline() < earliest)
            earliest = entry.request.deadline();
    }
    return earliest;
}

bool SlimFaasPendingRequests::contains(const QString &elementId) const
{
    QMutexLocker lock(&m_mutex);
    return m_pending.contains(elementId);
}

bool SlimFaasPendingRequests::knows(const QString &elementId) const
{
    QMutexLocker lock(&m_mutex);
    return m_pending.contains(elementId) || m_settled.contains(elementId);
}

QList<SlimFaasAsyncRequest> SlimFaasPendingRequests::requests() const
{
    QMutexLocker lock(&m_mutex);
    return inArrivalOrder();
}

int SlimFaasPendingRequests::count() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_pending.size());
}

QList<SlimFaasAsyncRequest> SlimFaasPendingRequests::inArrivalOrder() const
{
    QList<Entry> entries = m_pending.values();
    std::sort(entries.begin(), entries.end(),
              [](const Entry &a, const Entry &b) { return a.arrival < b.arrival; });
    QList<SlimFaasAsyncRequest> requests;
    requests.reserve(entries.size());
    for (const Entry &entry : std::as_const(entries))
        requests.append(entry.request);
    return requests;
}

void SlimFaasPendingRequests::settle(const QString &elementId, SlimFaasClient::CallbackRefusal why)
{
    if (m_settledOrder.isFull())
        m_settled.remove(m_settledOrder.first());
    m_settledOrder.append(elementId);
    m_settled.insert(elementId, why);
}

void SlimFaasPendingRequests::clearSettled()
{
    m_settled.clear();
    m_settledOrder.clear();
}
