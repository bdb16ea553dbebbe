// SPDX-License-Identifier: MIT
#ifndef MONITORTRANSLATION_H
#define MONITORTRANSLATION_H

#include <QtCore/qlocale.h>

// Installs the monitor's translation for `locale` (built in, under :/i18n), with the
// library's and Qt's own, so that every string and standard dialog speaks the user's
// language. English plural forms ("1 message", "2 messages") are installed under it, for
// every locale. Returns false, installing nothing more, when the monitor has no translation
// for that locale (English is the source language: true).
// Main thread, before the window is built.
bool installMonitorTranslator(const QLocale &locale = QLocale());

#endif // MONITORTRANSLATION_H
