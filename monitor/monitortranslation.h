// SPDX-License-Identifier: MIT
#ifndef MONITORTRANSLATION_H
#define MONITORTRANSLATION_H

#include <QtCore/qlocale.h>

// Installs the monitor's translation for `locale` (built in, under :/i18n), with the
// library's and Qt's own, so that every string and standard dialog speaks the user's
// language. Returns false, changing nothing, when the monitor has none for that locale.
// Main thread, before the window is built.
bool installMonitorTranslator(const QLocale &locale = QLocale());

#endif // MONITORTRANSLATION_H
