// SPDX-License-Identifier: MIT
#ifndef MEASUREDPROCESS_H
#define MEASUREDPROCESS_H

#include <QtCore/qprocess.h>

// The environment of a child process whose resident memory a test measures. In a sanitizer
// build, AddressSanitizer keeps freed memory in a quarantine (256 MiB by default) before it
// reuses it, and resident memory counts that quarantine: it is kept small, so that what the
// test measures is what the program holds. Elsewhere the option has no effect.
inline QProcessEnvironment environmentForMemoryMeasurement()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    const QString asanOptions = environment.value(QStringLiteral("ASAN_OPTIONS"));
    environment.insert(QStringLiteral("ASAN_OPTIONS"),
                       asanOptions + (asanOptions.isEmpty() ? QString() : QStringLiteral(":"))
                               + QStringLiteral("quarantine_size_mb=8"));
    return environment;
}

// Whether this is a build under AddressSanitizer: after much memory was allocated and freed,
// resident memory also counts its shadow memory and its quarantine, whatever its size.
constexpr bool underAddressSanitizer()
{
#if defined(__SANITIZE_ADDRESS__)
    return true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
    return true;
#else
    return false;
#endif
#else
    return false;
#endif
}

#endif // MEASUREDPROCESS_H
