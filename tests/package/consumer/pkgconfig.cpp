// SPDX-License-Identifier: MIT
// Built with nothing but `pkg-config --cflags --libs slimfaasqt-emulator`.
#include <SlimFaasEmulator>

#include <QtCore/qcoreapplication.h>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    SlimFaasEmulator emulator;
    return emulator.isRunning() ? 1 : 0;
}
