#ifndef SLIMFAASSYNCREQUEST_P_H
#define SLIMFAASSYNCREQUEST_P_H

//
//  W A R N I N G
//  -------------
// Not part of the public API.
//

#include "slimfaassyncrequest.h"

#include <QtCore/qbytearray.h>
#include <QtCore/qlist.h>
#include <QtCore/qpointer.h>

class SlimFaasSyncRequestPrivate
{
public:
    SlimFaasSyncStreams *streams = nullptr; // null once the stream has ended
    QString correlationId;
    QString method;
    QString path;
    QString query;
    SlimFaasHeaders headers;

    SlimFaasSyncRequest::State state = SlimFaasSyncRequest::Receiving;
    bool bodyComplete = false;
    int responseStatus = 0;
    bool responseEnded = false;

    // Request body received and not read yet, one entry per chunk (no copying on arrival).
    QList<QByteArray> incoming;
    qsizetype incomingOffset = 0; // already read from incoming.first()
    qint64 incomingSize = 0;

    // Response frames queued and not yet handed to the socket; bytes counts payload only.
    QList<QByteArray> outgoing;
    qint64 outgoingPayload = 0;
};

#endif // SLIMFAASSYNCREQUEST_P_H
