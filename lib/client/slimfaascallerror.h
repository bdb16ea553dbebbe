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
    // A failure: what went wrong, its translated message, and the HTTP status if any.
    SlimFaasCallError(SlimFaasCaller::Error error, const QString &errorString, int statusCode = 0);

    // What went wrong.
    SlimFaasCaller::Error error() const noexcept { return m_error; }
    // The translated message, for users.
    QString errorString() const { return m_errorString; }
    // SlimFaas's HTTP status when it answered, 0 when no answer came.
    int statusCode() const noexcept { return m_statusCode; }

    // errorString() in UTF-8, as std::exception gives it.
    const char *what() const noexcept override { return m_what.constData(); }
    // QException: throws a copy of this error (QFuture rethrows it on the waiting thread).
    void raise() const override { throw *this; }
    // QException: a copy of this error on the heap, for QFuture to carry across threads.
    SlimFaasCallError *clone() const override { return new SlimFaasCallError(*this); }

private:
    SlimFaasCaller::Error m_error;
    QString m_errorString;
    int m_statusCode;
    QByteArray m_what;
};

#endif // SLIMFAASCALLERROR_H
