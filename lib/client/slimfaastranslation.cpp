// SPDX-License-Identifier: MIT
#include "slimfaastranslation.h"

#include <QtCore/qcoreapplication.h>
#include <QtCore/qtranslator.h>

bool installSlimFaasTranslator(const QLocale &locale)
{
    QCoreApplication *app = QCoreApplication::instance();
    if (!app)
        return false;
    auto *translator = new QTranslator(app);
    // qt_add_translations embeds the .qm files under :/i18n.
    if (!translator->load(locale, QStringLiteral("slimfaasqt"), QStringLiteral("_"),
                          QStringLiteral(":/i18n"))) {
        delete translator;
        return false;
    }
    return QCoreApplication::installTranslator(translator);
}
