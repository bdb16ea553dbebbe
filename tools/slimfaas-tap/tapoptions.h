#ifndef TAPOPTIONS_H
#define TAPOPTIONS_H

#include <slimfaasfunctionconfig.h>

#include <QtCore/qbytearray.h>
#include <QtCore/qlist.h>
#include <QtCore/qpair.h>
#include <QtCore/qstringlist.h>
#include <QtCore/qurl.h>

#include <optional>

// Everything slimfaas-tap can be told on its command line.
struct TapOptions
{
    QUrl url;
    SlimFaasFunctionConfig config;
    int asyncStatus = 200;
    // Sync requests: echoed back (status 200, same Content-Type), or answered with a fixed
    // status and body.
    bool syncEcho = true;
    int syncStatus = 200;
    QByteArray syncBody;
    bool quiet = false;
    bool showSent = false;
    int pingInterval = 0;
    int deadPeerTimeout = 0;
    int minimumReconnectDelay = 0;
    int maximumReconnectDelay = 0;
    bool retryAfterRefusal = false;
    bool insecure = false;
    QList<QPair<QByteArray, QByteArray>> handshakeHeaders;
};

// Parses the application's arguments. On a usage error prints it to stderr and returns
// nothing; --help and --version exit the process, as QCommandLineParser does.
std::optional<TapOptions> parseTapOptions(const QStringList &arguments);

#endif // TAPOPTIONS_H
