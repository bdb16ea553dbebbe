// SPDX-License-Identifier: MIT
#include "monitortranslation.h"

#include <slimfaastranslation.h>

#include <QtCore/qcoreapplication.h>
#include <QtCore/qlibraryinfo.h>
#include <QtCore/qtranslator.h>

bool installMonitorTranslator(const QLocale &locale)
{
    auto *monitor = new QTranslator(QCoreApplication::instance());
    if (!monitor->load(locale, QStringLiteral("slimfaasmonitor"), QStringLiteral("_"),
                       QStringLiteral(":/i18n"))) {
        delete monitor;
        return false;
    }
    QCoreApplication::installTranslator(monitor);
    installSlimFaasTranslator(locale);
    // Qt's own strings (standard buttons, file dialogs), when the system has them.
    auto *qt = new QTranslator(QCoreApplication::instance());
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    return true;
}
