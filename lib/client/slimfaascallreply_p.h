// SPDX-License-Identifier: MIT
#ifndef SLIMFAASCALLREPLY_P_H
#define SLIMFAASCALLREPLY_P_H

//
//  W A R N I N G
//  -------------
// Not part of the public API.
//

#include "slimfaascaller_p.h"
#include "slimfaascallreply.h"

#include <QtCore/qpointer.h>
#include <QtNetwork/qnetworkreply.h>

class SlimFaasCallReplyPrivate
{
    Q_DECLARE_PUBLIC(SlimFaasCallReply)

public:
    explicit SlimFaasCallReplyPrivate(SlimFaasCallReply *q) : q_ptr(q) { }

    // Takes over a QNetworkReply of the caller's manager.
    void attach(QNetworkReply *reply, SlimFaasCaller *caller);
    // False when the answer was a redirect that is being followed: nothing to tell then.
    bool onMetaData();
    void onFinished();
    // Sends the call again to `target` (a redirect followed) in place of the current request.
    void follow(const QUrl &target);
    // Ends the reply with `error` without an answer (bad arguments, or the caller going
    // away): what was received stays readable.
    void fail(SlimFaasCaller::Error error, const QString &message);

    SlimFaasCallReply *q_ptr;
    QPointer<SlimFaasCaller> caller;
    QPointer<QNetworkReply> network; // owned by the caller's manager
    QString function;
    QByteArray method;
    QUrl url;
    int statusCode = 0;
    SlimFaasHeaders headers;
    SlimFaasCaller::Error error = SlimFaasCaller::NoError;
    bool finished = false;
    bool aborted = false;
    QByteArray leftover; // what the network reply still held when it was taken away
    qint64 readBufferSize = 0;
    // Redirects: how to send the call again (when its body can be), and where it began.
    SlimFaasSend send;
    bool canResend = false;
    QUrl origin;
    int redirects = 0;
};

#endif // SLIMFAASCALLREPLY_P_H
