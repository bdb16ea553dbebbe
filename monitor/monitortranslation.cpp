// SPDX-License-Identifier: MIT
#include "monitortranslation.h"

#include <slimfaastranslation.h>

#include <QtCore/qcoreapplication.h>
#include <QtCore/qlibraryinfo.h>
#include <QtCore/qtranslator.h>

namespace {

// English plural forms of the %n texts ("1 message", "2 messages"), which the sources write as
// "message(s)". Installed once and before any language's catalogue, so that a translation comes
// first and a language without one still reads good English.
void installEnglishPlurals()
{
    static bool installed = false;
    if (installed)
        return;
    auto *plurals = new QTranslator(QCoreApplication::instance());
    if (!plurals->load(QStringLiteral("slimfaasmonitor_en"), QStringLiteral(":/i18n"))) {
        delete plurals;
        return;
    }
    installed = QCoreApplication::installTranslator(plurals);
}

} // namespace

bool installMonitorTranslator(const QLocale &locale)
{
    installEnglishPlurals();
    if (locale.language() == QLocale::English)
        return true; // the source language, with the plural forms above
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
