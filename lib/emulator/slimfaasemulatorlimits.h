// SPDX-License-Identifier: MIT
#ifndef SLIMFAASEMULATORLIMITS_H
#define SLIMFAASEMULATORLIMITS_H

#include "slimfaasqtemulator_export.h"

#include <QtCore/qglobal.h>

// What the emulator grants one caller or one function before it refuses, so that a hostile
// or broken peer cannot exhaust its memory, descriptors or event loop. The defaults are
// those of SlimFaas's own server where it has one: Kestrel's own defaults, which SlimFaas
// runs with. Its appsettings.json sets "Kestrel:Limits" (a 5 min keep-alive and head
// timeout, a 10 s grace for the body rate), but Program.cs only passes the "Kestrel" section
// to KestrelServerOptions.Configure(), which reads endpoints and certificates, not limits
// (dotnet/aspnetcore#4765); of that section SlimFaas applies MaxRequestBodySize alone, which
// it reads itself.
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
    // Bytes per second a request body must keep arriving at, on average since its head, once
    // requestBodyGracePeriod has passed (Kestrel's MinRequestBodyDataRate: 240 bytes/s after
    // 5 s). Slower: 408 and the connection closed (a sync call: SyncCancel to the function
    // and 503, as SlimFaas's handler answers the failed read). 0: no minimum.
    int minimumRequestBodyDataRate = 240;
    int requestBodyGracePeriod = 5 * 1000; // milliseconds
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
    // Bytes of the messages functions are still sending, for all WebSocket connections
    // together: Qt holds a message until its last frame has come, and a frame in the
    // socket's read buffer until all of it has (a text message counts twice its length, as
    // Qt holds it in UTF-16). One message is bounded by
    // SlimFaasEmulator::maximumIncomingMessageSize(); beyond this total, the connection whose
    // message goes past it is closed with 1009 (message too big) and what it held is freed,
    // with a warning naming the peer. SlimFaas bounds neither: it reads each message whole
    // into memory, whatever its size.
    qint64 maximumTotalIncomingBuffer = 256 * 1024 * 1024;
};

#endif // SLIMFAASEMULATORLIMITS_H
