// SPDX-License-Identifier: MIT
#include "slimfaasclient.h"
#include "slimfaasnodeaddresses_p.h"

#include <QtCore/qpointer.h>
#include <QtCore/qtimer.h>
#include <QtNetwork/qhostinfo.h>

SlimFaasNodeAddresses::SlimFaasNodeAddresses(Resolver resolver, Resolved resolved, QObject *parent)
    : QObject(parent), m_resolver(std::move(resolver)), m_resolved(std::move(resolved)),
      m_timer(new QTimer(this))
{
    m_timer->setTimerType(Qt::CoarseTimer);
    QObject::connect(m_timer, &QTimer::timeout, this, &SlimFaasNodeAddresses::refresh);
}

void SlimFaasNodeAddresses::watch(const QList<QUrl> &urls, int intervalMsecs)
{
    m_urls = urls;
    m_known.clear();
    m_waiting = 0; // the lookups under way belong to an older round and are ignored
    setInterval(intervalMsecs);
    refresh();
}

void SlimFaasNodeAddresses::setInterval(int msecs)
{
    m_timer->start(qMax(1, msecs));
}

void SlimFaasNodeAddresses::stop()
{
    m_timer->stop();
    m_urls.clear();
    m_known.clear();
    m_waiting = 0;
    ++m_round;
}

void SlimFaasNodeAddresses::refresh()
{
    if (m_waiting > 0 || m_urls.isEmpty())
        return;
    const quint64 round = ++m_round;
    m_errors.clear();
    QStringList hosts;
    for (const QUrl &url : std::as_const(m_urls)) {
        if (!hosts.contains(url.host()))
            hosts.append(url.host());
    }
    m_waiting = int(hosts.size());
    for (const QString &host : std::as_const(hosts)) {
        if (!m_resolver) {
            // The answer comes in this object's thread, whichever it is by then.
            QHostInfo::lookupHost(host, this, [this, round, host](const QHostInfo &info) {
                finishLookup(round, host, info.addresses(),
                             info.error() == QHostInfo::NoError ? QString() : info.errorString());
            });
            continue;
        }
        QPointer<SlimFaasNodeAddresses> self(this);
        m_resolver(host,
                   [self, round, host](const QList<QHostAddress> &addresses, const QString &error) {
                       if (self)
                           self->finishLookup(round, host, addresses, error);
                   });
        if (!self || round != m_round)
            return; // a synchronous answer ended the round, or destroyed us
    }
}

void SlimFaasNodeAddresses::finishLookup(quint64 round, const QString &host,
                                         const QList<QHostAddress> &addresses, const QString &error)
{
    if (round != m_round || m_waiting == 0)
        return;
    if (addresses.isEmpty()) {
        m_errors.append(error.isEmpty() ? SlimFaasClient::tr("%1 has no address").arg(host)
                                        : QStringLiteral("%1: %2").arg(host, error));
    } else {
        m_known.insert(host, addresses);
    }
    if (--m_waiting > 0)
        return;
    QList<QUrl> urls;
    for (const QUrl &url : std::as_const(m_urls)) {
        for (const QHostAddress &address : m_known.value(url.host())) {
            const QUrl node = nodeUrl(url, address);
            if (!urls.contains(node))
                urls.append(node);
        }
    }
    m_resolved(urls, m_errors.join(QLatin1String("; ")));
}

QUrl SlimFaasNodeAddresses::nodeUrl(const QUrl &url, const QHostAddress &address)
{
    QUrl node = url;
    QHostAddress plain = address;
    plain.setScopeId(QString()); // an interface name has no place in a URL's host
    node.setHost(plain.toString());
    return node;
}
