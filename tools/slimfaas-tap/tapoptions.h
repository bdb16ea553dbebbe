// SPDX-License-Identifier: MIT
#ifndef TAPOPTIONS_H
#define TAPOPTIONS_H

#include <functionoptions.h>
#include <proxyoptions.h>

#include <QtCore/qbytearray.h>
#include <QtCore/qstringlist.h>
#include <QtCore/qurl.h>

#include <optional>

// Everything slimfaas-tap can be told on its command line.
struct TapOptions
{
    // The URL, the function's configuration and the connection settings.
    FunctionOptions function;
    int asyncStatus = 200;
    // Sync requests: echoed back (status 200, same Content-Type), or answered with a fixed
    // status and body.
    bool syncEcho = true;
    int syncStatus = 200;
    QByteArray syncBody{};
    bool quiet = false;
    bool showSent = false;
    // --proxy: relay functions' connections to `upstream` instead of being a function.
    bool proxy = false;
    ProxyEndpoints endpoints{};
    qint64 maxBuffer = 0;
};

// Parses the application's arguments. On a usage error prints it to stderr and returns
// nothing; --help and --version exit the process, as QCommandLineParser does.
std::optional<TapOptions> parseTapOptions(const QStringList &arguments);

#endif // TAPOPTIONS_H
