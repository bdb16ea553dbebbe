// SPDX-License-Identifier: MIT
#ifndef SYNCECHO_H
#define SYNCECHO_H

class SlimFaasSyncRequest;

// Answers a sync request with its own body, streamed back as it arrives: status 200 and
// the caller's Content-Type. What slimfaas-tap --sync echo and the monitor's "echo" rule do.
// Call it on the client's thread, from the sync request handler or later.
void echoSyncRequest(SlimFaasSyncRequest *request);

#endif // SYNCECHO_H
