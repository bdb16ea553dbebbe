// SPDX-License-Identifier: MIT
#ifndef TAPPROXY_H
#define TAPPROXY_H

#include "tapoptions.h"

// slimfaas-tap --proxy: relays functions' connections to options.upstream and prints every
// message relayed, until SIGINT/SIGTERM. Returns the exit status (0, or 1 when it cannot
// listen). Runs the application's event loop.
int runTapProxy(const TapOptions &options);

#endif // TAPPROXY_H
