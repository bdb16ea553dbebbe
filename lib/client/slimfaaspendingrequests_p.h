// SPDX-License-Identifier: MIT
#ifndef SLIMFAASPENDINGREQUESTS_P_H
#define SLIMFAASPENDINGREQUESTS_P_H

//
//  W A R N I N G
//  -------------
// Not part of the public API: the async requests of one client that wait for their answer.
//

#include "slimfaasasyncrequest.h"
#include "slimfaasclient.h"

#include <QtCore/qcontiguouscache.h>
#include <QtCore/qdatetime.h>
#include <QtCore/qhash.h>
#include <QtCore/qlist.h>
#include <QtCore/qmutex.h>

// The bookkeeping behind sendCallback(): which requests of the registered connection are
// pending, which were settled (answered or expired) and which registration ("generation")
// an accepted answer belongs to. No socket, no signal, no timer: the client acts on what
// each call returns.
//
// Threads: every member may be called from any thread (one mutex guards them all), which is
// what makes SlimFaasClient::sendCallback(), pendingRequests() and pendingRequestCount()
// callable from any thread. The client's own thread is the only one that registers,
// unregisters, adds and expires; take() and the queries come from anywhere.
class SlimFaasPendingRequests
{
public:
    // How many settled ids are remembered, to tell "answered twice" and "too late" from
    // "never received": a long-lived connection must not grow without limit.
    static constexpr int DefaultSettledCapacity = 4096;

    explicit SlimFaasPendingRequests(int settledCapacity = DefaultSettledCapacity);

    // A connection registered as connectionId: answers may flow. Returns the new
    // generation (never 0). Forgets what was settled on any earlier connection.
    quint64 registerConnection(const QString &connectionId);
    // The connection went away: no answer is accepted any more and every pending request
    // is abandoned; they are returned, oldest first.
    QList<SlimFaasAsyncRequest> unregisterConnection();
    // The generation of the registered connection; 0 while none is.
    quint64 generation() const;
    // Whether an answer accepted for generation can still be sent.
    bool isCurrent(quint64 generation) const;
    // The id of the registered connection; empty while none is.
    QString connectionId() const;

    // A request arrived. Returns false when the same elementId was still pending (SlimFaas
    // delivered it again): the new delivery replaces the old one.
    bool add(const SlimFaasAsyncRequest &request);

    // The verdict on one answer.
    struct Answer
    {
        SlimFaasClient::CallbackRefusal refusal = SlimFaasClient::NoRefusal; // accepted
        quint64 generation = 0; // for isCurrent(), once accepted
    };
    // Decides whether statusCode answers the pending delivery of elementId, and if so takes
    // it off the pending list (it is then settled as AlreadyAnswered). attempt, when given,
    // names the delivery the answer was computed for (its connectionId and tryNumber).
    Answer take(const QString &elementId, int statusCode,
                const SlimFaasAsyncRequest *attempt = nullptr);

    // Takes the requests whose deadline is at or before now off the list, oldest first;
    // they are settled as RequestExpired.
    QList<SlimFaasAsyncRequest> takeExpired(const QDateTime &now);
    // The earliest deadline among the pending requests; invalid when none is pending.
    QDateTime earliestDeadline() const;

    bool contains(const QString &elementId) const;
    // Whether elementId is pending, or was settled on this connection and is still remembered.
    bool knows(const QString &elementId) const;
    QList<SlimFaasAsyncRequest> requests() const; // oldest first
    int count() const;

private:
    // One entry per id, pending or settled: a request costs one lookup when it arrives and
    // one when it is answered, and a settled id stays where it was (no second table).
    struct Entry
    {
        Entry();                      // no request, arrival 0: only just inserted
        SlimFaasAsyncRequest request; // a shared empty one once settled
        // Order of arrival (receivedAt() has only millisecond resolution, and 0 is for an
        // entry just inserted); while pending, `settled` is NoRefusal, then AlreadyAnswered
        // or RequestExpired.
        quint64 arrival : 60;
        quint64 settled : 4;
        bool isPending() const { return settled == SlimFaasClient::NoRefusal; }
    };
    static const SlimFaasAsyncRequest &noRequest();
    QList<SlimFaasAsyncRequest> inArrivalOrder() const; // the caller holds m_mutex
    // Turns a pending entry into a settled one; the caller holds m_mutex.
    void settle(QHash<QString, Entry>::iterator entry, SlimFaasClient::CallbackRefusal why);
    void clearSettled(); // the caller holds m_mutex

    mutable QMutex m_mutex;
    QHash<QString, Entry> m_entries;
    int m_pendingCount = 0;
    quint64 m_arrivalCounter = 0;
    QContiguousCache<QString> m_settledOrder; // the settled ids, oldest first
    quint64 m_generation = 0;                 // 0 while no connection is registered
    quint64 m_generationCounter = 0;
    QString m_connectionId;
};

#endif // SLIMFAASPENDINGREQUESTS_P_H
