// SPDX-License-Identifier: MIT
#ifndef SLIMFAASTRANSLATION_H
#define SLIMFAASTRANSLATION_H

#include "slimfaasqtclient_export.h"

#include <QtCore/qlocale.h>

// The library's messages (errors, refusals, command-line help) ship in English and French,
// built into the library. This installs the translation for `locale` into the running
// application; it returns false, changing nothing, when there is none for that locale.
SLIMFAASQT_CLIENT_EXPORT bool installSlimFaasTranslator(const QLocale &locale = QLocale());

#endif // SLIMFAASTRANSLATION_H
