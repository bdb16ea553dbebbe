// SPDX-License-Identifier: MIT
// The emulator's WebSocket message path: raw messages from a function, text and binary, as
// if from one connection (never really connected: what the emulator sends goes nowhere).

#include "fuzzmessages.h"

#include <slimfaasemulator.h>
#include <slimfaasemulator_p.h>

#include <QtCore/qcoreapplication.h>
#include <QtCore/qloggingcategory.h>
#include <QtWebSockets/qwebsocket.h>

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static QCoreApplication app(*argc, *argv);
    QLoggingCategory::setFilterRules(QStringLiteral("*=false"));
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    SlimFaasEmulator emulator;
    SlimFaasEmulatorPrivate *d = SlimFaasEmulatorPrivate::get(&emulator);
    auto *socket = new QWebSocket;
    // No TCP socket under it: no keepalive Pongs.
    const quint64 serial = d->onClientConnected(socket, nullptr)->serial;
    for (const FuzzMessage &message : splitFuzzInput(data, size)) {
        if (message.binary)
            d->onBinaryMessage(d->connection(serial), message.data);
        else
            d->onTextMessage(d->connection(serial), QString::fromUtf8(message.data));
    }
    d->onDisconnected(d->connection(serial));
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    return 0;
}
