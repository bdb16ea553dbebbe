#ifndef SLIMFAASEMULATORLIMITS_H
#define SLIMFAASEMULATORLIMITS_H

#include "slimfaasqtemulator_export.h"

#include <QtCore/qglobal.h>

// What the emulator grants one caller or one function before it refuses, so that a hostile
// or broken peer cannot exhaust its memory, descriptors or event loop. The defaults are
// those of SlimFaas's own server (Kestrel as SlimFaas configures it) where it has one.
//
// Plain data: copy it, change it, hand it to SlimFaasEmulator::setLimits() before start().
struct SLIMFAASQT_EMULATOR_EXPORT SlimFaasEmulatorLimits
{
    // Request line and headers together; beyond: 431 and the connection closed (Kestrel's
    // MaxRequestHeadersTotalSize).
    qint64 maximumRequestHeadSize = 32 * 1024;
    // From the first byte of a request to the end of its head; beyond: 408 and the
    // connection closed (Kestrel's RequestHeadersTimeout).
    int requestHeadTimeout = 30 * 1000;
    // A keep-alive connection with no request in progress is closed after this long
    // (Kestrel's KeepAliveTimeout).
    int keepAliveTimeout = 130 * 1000;
    // Open connections per port (callers on the HTTP port, functions and handshakes on the
    // WebSocket port). One more gets a 503 with Connection: close at once instead of waiting
    // in the listen queue.
    int maximumConnections = 1000;
    // Request bodies; beyond: 413 (SlimFaas's Kestrel:Limits:MaxRequestBodySize default).
    qint64 maximumRequestBodySize = 524288000;
    // Bytes of a sync response the emulator holds for a caller that reads slower than the
    // function writes. SlimFaas's awaited writes would stall the function's whole WebSocket
    // (every stream on it); the emulator instead gives up that one stream when its caller
    // falls this far behind: SyncCancel to the function, the caller's connection cut, a
    // warning naming the function.
    qint64 maximumSyncResponseBuffer = 16 * 1024 * 1024;
    // Bytes waiting unsent on one function's WebSocket (a function that reads slowly, or not
    // at all). SlimFaas awaits each write, so a caller streaming a sync body waits; beyond
    // this the emulator likewise stops reading the sync request bodies bound for that
    // function, drops the events it would send it and answers none of its Pings, each with
    // a warning naming the peer, until the function has read below half of it.
    qint64 maximumFunctionSendBuffer = 16 * 1024 * 1024;
    // The same, for all function connections together.
    qint64 maximumTotalSendBuffer = 256 * 1024 * 1024;
};

#endif // SLIMFAASEMULATORLIMITS_H
