// SPDX-License-Identifier: MIT
#ifndef SLIMFAASCALLREPLY_H
#define SLIMFAASCALLREPLY_H

#include "slimfaascaller.h"
#include "slimfaasheaders.h"
#include "slimfaasqtclient_export.h"

#include <QtCore/qiodevice.h>
#include <QtCore/qscopedpointer.h>

class SlimFaasCallReplyPrivate;

// The answer to one SlimFaasCaller::invoke(), streamed as it arrives, like QNetworkReply:
// a sequential, read-only QIODevice over the function's response body.
//
//  - metaDataChanged(): statusCode() and headers() are known (the function's status and
//    headers, as SlimFaas relays them);
//  - readyRead(): more of the body can be read;
//  - finished(): the call is over, successfully or not; what is left can still be read.
//
// The HTTP status is the function's answer, not an error: a 404, a 500 or a redirect (3xx,
// with its Location in headers(), unless the caller's redirectPolicy() followed it) leaves
// error() at NoError (a 404 with no function behind it is still statusCode() 404, as SlimFaas
// sends it). error() is set only when no complete, readable answer arrived: connection lost
// (also before the end its framing announced), timeout, TLS, abort(), or ProtocolError for an
// answer that cannot be read (a body whose decompression failed, malformed chunking); what
// arrived before the fault stays readable. Interim 1xx answers are skipped.
//
// Back-pressure: the reply holds at most readBufferSize() bytes of body that nobody read
// (plus what one socket read brings, at most 128 KiB); past that, the connection is not read
// until the application reads, so a slow reader slows the function's answer down instead of
// filling memory. 0 means no limit, as for QNetworkReply.
//
// Use it on the caller's thread. Like a QNetworkReply, it is a child of its caller: delete it
// (deleteLater() once finished) when done, let the caller's autoDeleteReplies() do it, or let
// it go with the caller. Destroying the caller finishes a reply given another parent with
// OperationCanceled.
class SLIMFAASQT_CLIENT_EXPORT SlimFaasCallReply : public QIODevice
{
    Q_OBJECT
    Q_PROPERTY(int statusCode READ statusCode NOTIFY metaDataChanged)
    Q_PROPERTY(SlimFaasCaller::Error error READ error NOTIFY errorOccurred)

public:
    ~SlimFaasCallReply() override;

    // The call as it was made: the function's name, the method and the whole URL.
    QString function() const;
    QByteArray method() const;
    QUrl url() const;

    int statusCode() const; // 0 until metaDataChanged()
    // The function's response headers, once metaDataChanged() was emitted.
    SlimFaasHeaders headers() const;
    // Value of a response header (several values joined with ", "), case-insensitive name.
    QByteArray rawHeader(const QByteArray &name) const;

    // The most bytes of unread body the reply holds before it stops reading the connection
    // (the caller's replyReadBufferSize(), 1 MiB, to begin with); 0 for no limit. As
    // QNetworkReply::setReadBufferSize(), it takes effect for what arrives next.
    qint64 readBufferSize() const;
    void setReadBufferSize(qint64 size);

    // Whether the call has ended (finished() was emitted), and whether it is still under way.
    bool isFinished() const;
    bool isRunning() const;
    // NoError, or why no complete answer came (the status is the function's, not an error).
    SlimFaasCaller::Error error() const;

    // QIODevice
    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override;
    bool atEnd() const override;
    void close() override; // aborts a call still running

public Q_SLOTS:
    // Stops the call at once: the connection to SlimFaas is closed, and the reply finishes
    // with OperationCanceled; what arrived before stays readable. SlimFaas sees the caller leave
    // but does not tell the function (no SyncCancel, docs/protocol.md §6): the function's
    // request runs on until it ends it.
    void abort();

Q_SIGNALS:
    void metaDataChanged(); // the status and the headers have arrived
    // As QNetworkReply's uploadProgress() and downloadProgress(): the request body sent so
    // far, and the response body received.
    void uploadProgress(qint64 bytesSent, qint64 bytesTotal);
    // See uploadProgress().
    void downloadProgress(qint64 bytesReceived, qint64 bytesTotal);
    void errorOccurred(SlimFaasCaller::Error error);
    // The call ended: with the whole answer, or with error() set.
    void finished();

protected:
    // QIODevice
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *data, qint64 size) override;

private:
    friend class SlimFaasCaller;
    friend class SlimFaasCallerPrivate;
    explicit SlimFaasCallReply(QObject *parent = nullptr);
    Q_DECLARE_PRIVATE(SlimFaasCallReply)
    Q_DISABLE_COPY_MOVE(SlimFaasCallReply)
    QScopedPointer<SlimFaasCallReplyPrivate> d_ptr;
};

#endif // SLIMFAASCALLREPLY_H
