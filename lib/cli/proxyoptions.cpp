// SPDX-License-Identifier: MIT
#include "proxyoptions.h"

#include "websocketproxy.h"

#include <QtCore/qcoreapplication.h>

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ProxyEndpoints)
};

} // namespace

std::optional<ProxyEndpoints> ProxyEndpoints::read(const QString &listen, const QString &upstream,
                                                   QString *error)
{
    ProxyEndpoints endpoints;
    const qsizetype colon = listen.lastIndexOf(QLatin1Char(':'));
    bool ok = false;
    const uint port = colon < 0 ? 0 : listen.mid(colon + 1).toUInt(&ok);
    QString host = colon < 0 ? QString() : listen.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    if (!ok || port > 65535 || host.isEmpty()) {
        *error = Text::tr("--proxy needs --listen HOST:PORT, got \"%1\".").arg(listen);
        return std::nullopt;
    }
    endpoints.listenHost = host;
    endpoints.listenPort = quint16(port);
    endpoints.upstream = QUrl(upstream, QUrl::StrictMode);
    const QString scheme = endpoints.upstream.scheme();
    if (!endpoints.upstream.isValid() || endpoints.upstream.host().isEmpty()
        || (scheme != QLatin1String("ws") && scheme != QLatin1String("wss"))) {
        *error = Text::tr("--proxy needs --upstream ws://HOST:PORT/PATH (or wss://), got \"%1\".")
                         .arg(upstream);
        return std::nullopt;
    }
    return endpoints;
}

QHostAddress ProxyEndpoints::listenAddress() const
{
    return listenHost == QLatin1String("localhost") ? QHostAddress(QHostAddress::LocalHost)
                                                    : QHostAddress(listenHost);
}

QUrl ProxyEndpoints::functionUrl(const WebSocketProxy &proxy, const QHostAddress &address)
{
    QUrl url = proxy.url();
    if (address != QHostAddress::Any && address != QHostAddress::AnyIPv4
        && address != QHostAddress::AnyIPv6)
        url.setHost(address.toString());
    return url;
}
