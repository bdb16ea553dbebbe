// SPDX-License-Identifier: MIT
#ifndef SLIMFAASNODEADDRESSES_P_H
#define SLIMFAASNODEADDRESSES_P_H

//
//  W A R N I N G
//  -------------
// Not part of the public API: SlimFaasClient's every-address mode.
//

#include <QtCore/qhash.h>
#include <QtCore/qlist.h>
#include <QtCore/qobject.h>
#include <QtCore/qstring.h>
#include <QtCore/qurl.h>
#include <QtNetwork/qhostaddress.h>

#include <functional>

QT_BEGIN_NAMESPACE
class QTimer;
QT_END_NAMESPACE

// Expands URLs whose host names several addresses (a Kubernetes headless Service: one per
// pod) into one URL per address, and looks again every interval and on refresh(), so that
// nodes that come and go are followed. A lookup that fails keeps what that host resolved to
// before: a DNS hiccup must not close connections that work.
//
// Threads: the thread that owns it (the client's).
class SlimFaasNodeAddresses : public QObject
{
public:
    // What a lookup found: the addresses, or none and a readable error.
    using Done = std::function<void(const QList<QHostAddress> &addresses, const QString &error)>;
    // Looks host up and calls done once, now or later, on the calling thread.
    using Resolver = std::function<void(const QString &host, const Done &done)>;
    // Told each time every lookup of a round is back: the node URLs, in the order of the
    // given URLs then of the addresses, and the errors met, if any ("; "-joined).
    using Resolved = std::function<void(const QList<QUrl> &urls, const QString &error)>;

    // resolver empty: QHostInfo, as real programs want.
    SlimFaasNodeAddresses(Resolver resolver, Resolved resolved, QObject *parent);

    // Starts (or restarts) watching urls: a round of lookups now, then every intervalMsecs.
    void watch(const QList<QUrl> &urls, int intervalMsecs);
    void setInterval(int msecs);
    // A round now, unless one is under way.
    void refresh();
    // No more rounds; the answers of lookups under way are ignored.
    void stop();

    // url with its host replaced by address, as the node's connection URL.
    static QUrl nodeUrl(const QUrl &url, const QHostAddress &address);

private:
    void finishLookup(quint64 round, const QString &host, const QList<QHostAddress> &addresses,
                      const QString &error);

    Resolver m_resolver;
    Resolved m_resolved;
    QTimer *m_timer;
    QList<QUrl> m_urls;
    quint64 m_round = 0;
    int m_waiting = 0; // lookups of the current round not back yet
    QStringList m_errors;
    QHash<QString, QList<QHostAddress>> m_known; // host -> addresses, from the last lookup
};

#endif // SLIMFAASNODEADDRESSES_P_H
