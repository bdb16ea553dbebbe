// SPDX-License-Identifier: MIT
#ifndef EMULATORTESTCASE_H
#define EMULATORTESTCASE_H

#include "emulatorharness.h"

// The base of a Qt Test class that runs each test function against a fresh harness: before
// each one, a started EmulatorHarness (harness) and its emulator (emulator); after it, the
// harness deleted with everything the test created under it. Derive the test class from it
// instead of QObject and leave init() and cleanup() out.
class EmulatorTestCase : public QObject
{
    Q_OBJECT
protected:
    EmulatorHarness *harness = nullptr;
    SlimFaasEmulator *emulator = nullptr;

private Q_SLOTS:
    void init();
    void cleanup();
};

#endif // EMULATORTESTCASE_H
