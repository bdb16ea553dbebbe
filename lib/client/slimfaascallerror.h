// SPDX-License-Identifier: MIT
#ifndef SLIMFAASCALLERROR_H
#define SLIMFAASCALLERROR_H

#include "slimfaascaller.h"
#include "slimfaasqtclient_export.h"

#include <QtCore/qexception.h>
#include <QtCore/qstring.h>

// What a SlimFaasCaller future throws when its call fails: the error, its translated
// message and, when SlimFaas answered, the HTTP status (0 otherwise). A plain value: copy
// it freely, from any thread.
//
//   caller.enqueue("fibonacci", "compute").then([](const QString &id) { ... })
//         .onFailed([](const SlimFaasCallError &e) { qWarning() << e.errorString(); });
class SLIMFAASQT_CLIENT_EXPORT SlimFaasCallError : public QException
{
public:
    SlimFaasCallError(SlimFaasCaller::Error error, const QString &errorString, int statusCode = 0);

    SlimFaasCaller::Error error() const noexcept { return m_error; }
    QString errorString() const { return m_errorString; }
    int statusCode() const noexcept { return m_statusCode; }

    const char *what() const noexcept override { return m_what.constData(); }
    void raise() const override { throw *this; }
    SlimFaasCallError *clone() const override { return new SlimFaasCallError(*this); }

private:
    SlimFaasCaller::Error m_error;
    QString m_errorString;
    int m_statusCode;
    QByteArray m_what;
};

#endif // SLIMFAASCALLERROR_H
