// SPDX-License-Identifier: MIT
#ifndef PROXYOPTIONS_H
#define PROXYOPTIONS_H

#include <QtCore/qstring.h>
#include <QtCore/qurl.h>
#include <QtNetwork/qhostaddress.h>

#include <optional>

class WebSocketProxy;

// What --proxy needs, as slimfaas-tap and slimfaas-monitor read it from the same options:
// --listen HOST:PORT, where functions connect, and --upstream URL, the SlimFaas WebSocket
// URL each function connection is relayed to. A value type; any thread.
struct ProxyEndpoints
{
    QString listenHost;     // as written, without the brackets of an IPv6 address
    quint16 listenPort = 0; // 0 picks a free one
    QUrl upstream;          // ws:// or wss://, with a host

    // --listen and --upstream as given; nullopt with *error (a sentence naming the option)
    // when one of them is not what --proxy needs.
    static std::optional<ProxyEndpoints> read(const QString &listen, const QString &upstream,
                                              QString *error);
    // listenHost as an address to listen on ("localhost": the loopback, both families);
    // null when it is not an IP address.
    QHostAddress listenAddress() const;
    // What functions connect to once `proxy` listens: its url(), with the address it was
    // told to listen on when that is one address rather than any.
    static QUrl functionUrl(const WebSocketProxy &proxy, const QHostAddress &address);
};

#endif // PROXYOPTIONS_H
