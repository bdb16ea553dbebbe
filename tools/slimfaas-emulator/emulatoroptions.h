// SPDX-License-Identifier: MIT
#ifndef EMULATOROPTIONS_H
#define EMULATOROPTIONS_H

#include <QtCore/qstringlist.h>

#include <optional>

class SlimFaasEmulator;

// What slimfaas-emulator does beyond the emulator's settings.
struct EmulatorOptions
{
    bool logJson = false; // --log-json: one JSON line on stdout per thing observed
    bool quiet = false;   // --quiet: warnings and errors only
};

// Parses the application's arguments and applies every setting they give to emulator. On a
// usage error prints it to stderr and returns nothing; --help and --version exit the
// process, as QCommandLineParser does.
std::optional<EmulatorOptions> parseEmulatorOptions(const QStringList &arguments,
                                                    SlimFaasEmulator *emulator);

#endif // EMULATOROPTIONS_H
