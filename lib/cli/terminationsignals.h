// SPDX-License-Identifier: MIT
#ifndef TERMINATIONSIGNALS_H
#define TERMINATIONSIGNALS_H

#include <QtCore/qglobal.h>

QT_BEGIN_NAMESPACE
class QCoreApplication;
QT_END_NAMESPACE

// SIGINT and SIGTERM end the application's event loop from inside it, so that programs
// close their sockets cleanly (a signal handler itself may only write to a pipe).
void quitOnTerminationSignals(QCoreApplication *app);

#endif // TERMINATIONSIGNALS_H
