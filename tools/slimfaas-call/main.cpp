// SPDX-License-Identifier: MIT
// slimfaas-call: call SlimFaas from a shell, as curl would, with SlimFaas's routes built in.
//
//   slimfaas-call call fibonacci/compute --data '{"n":10}' -H 'Content-Type: application/json'
//   slimfaas-call enqueue fibonacci/compute --data-file job.json
//   slimfaas-call publish order-created --data '{"id":7}'
//   slimfaas-call status --json
//
// The exit statuses are listed in --help (calloptions.cpp) and in the README.

#include "callcommand.h"
#include "calloptions.h"

#include <slimfaastranslation.h>

#include <QtCore/qcoreapplication.h>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("slimfaas-call"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SLIMFAASQT_VERSION));

    installSlimFaasTranslator(); // French when the system locale asks for it
    const auto options = parseCallOptions(QCoreApplication::arguments());
    if (!options)
        return ExitUsage;

    CallCommand command(*options);
    QObject::connect(&command, &CallCommand::finished, &app, &QCoreApplication::exit,
                     Qt::QueuedConnection);
    command.start();
    return app.exec();
}
