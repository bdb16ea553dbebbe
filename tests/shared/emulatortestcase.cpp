// SPDX-License-Identifier: MIT
#include "emulatortestcase.h"

#include <QtTest/qtest.h>

void EmulatorTestCase::init()
{
    harness = new EmulatorHarness(this);
    QVERIFY2(harness->start(), qPrintable(harness->emulator()->errorString()));
    emulator = harness->emulator();
}

void EmulatorTestCase::cleanup()
{
    delete harness;
    harness = nullptr;
    emulator = nullptr;
}
