// SPDX-License-Identifier: MIT
#ifndef WEBSOCKETPROXY_P_H
#define WEBSOCKETPROXY_P_H

//
//  W A R N I N G
//  -------------
// Not part of the proxy's API: one function connection and its upstream connection.
//

#include "websocketproxy.h"

#include <QtCore/qpointer.h>
#include <QtCore/qtimer.h>
#include <QtNetwork/qtcpsocket.h>

#include <functional>

// Reads the WebSocket frames (RFC 6455 §5.2) of one direction as their bytes go by, for the
// observers: it never changes what is relayed. Messages are reassembled (unmasked) only
// while `collect` says so; control frames are always read whole (125 bytes at most).
class WebSocketFrameReader
{
public:
    enum class Result { Ok, MessageTooBig, ProtocolError };

    // opcode 1 (text) or 2 (binary), the whole message.
    std::function<void(int opcode, const QByteArray &message)> onMessage;
    // opcode 8 (close), 9 (ping) or 10 (pong), its payload.
    std::function<void(int opcode, const QByteArray &payload)> onControl;
    // Asked when a data message begins: reassemble it?
    std::function<bool(int opcode)> collect;
    qint64 maximumMessageSize = 0;

    // Reads `size` bytes; with `consumed`, stops right after the first frame that ends and
    // says how many bytes that took (all of them when no frame ended).
    Result feed(const char *data, qint64 size, qint64 *consumed = nullptr);
    // Between two frames: a control frame may go in here.
    bool atFrameBoundary() const { return m_remaining < 0 && m_header.isEmpty(); }
    // Between two messages (and frames): a message may be replaced here.
    bool atMessageBoundary() const { return atFrameBoundary() && m_messageOpcode == 0; }
    // The opcode of the frame read last (or being read).
    int frameOpcode() const { return m_frameOpcode; }

private:
    void frameDone();

    QByteArray m_header;
    qint64 m_remaining = -1; // payload bytes left in the current frame; -1: in a header
    quint8 m_mask[4] = {};
    qint64 m_maskOffset = 0;
    bool m_masked = false;
    bool m_fin = false;
    int m_frameOpcode = 0;
    int m_messageOpcode = 0; // of the message being read, 0 between messages
    bool m_collecting = false;
    qint64 m_messageSize = 0;
    QByteArray m_message;
    QByteArray m_control;
};

// Lives from the function's TCP connection to the end of both; owned by the proxy, deleted
// (later) once both sides are closed. Until the upstream handshake's answer, it relays the
// handshake; then the bytes of each side go to the other unchanged, while the frame readers
// watch them.
class RelayedConnection : public QObject
{
    Q_OBJECT
public:
    RelayedConnection(WebSocketProxy *proxy, QTcpSocket *function, const QString &id);

    // Opens the upstream connection and sends it the function's handshake, `head` with its
    // request line and Host rewritten for `url`.
    void openUpstream(const QUrl &url, const QByteArray &head);
    // Closes both sides with close frames (the proxy's close()).
    void closeBoth(int code, const QString &reason);

    QString id() const { return m_id; }
    bool isRelaying() const { return m_relaying; }
    // Ends the hold of one direction (WebSocketProxy::relayHeld() and the others): the held
    // message as it was (replace false), replaced by `message`, or dropped.
    bool endHold(WebSocketProxy::Direction direction, bool drop, bool replace, bool binary,
                 const QByteArray &message);

private:
    void onUpstreamConnected();
    void readHandshakeAnswer();
    void pump(WebSocketProxy::Direction direction);
    // Writes bytes of one direction to its target and shows them to its frame reader; false
    // when that ended the connection.
    bool relayBytes(WebSocketProxy::Direction direction, const QByteArray &bytes);
    void onMessage(WebSocketProxy::Direction direction, int opcode, const QByteArray &message);
    // A message relayed: the function named by its Register, messageRelayed().
    void announce(WebSocketProxy::Direction direction, int opcode, const QByteArray &message);
    // With an interceptor: the bytes of one direction read frame by frame, every data
    // message kept until it is whole and the interceptor has decided. False when that ended
    // the connection.
    bool relayIntercepted(WebSocketProxy::Direction direction, const QByteArray &bytes);
    bool readWholeMessages(WebSocketProxy::Direction direction);
    // A whole message goes on: its bytes (`wire`) to the other side, then to the observers.
    void relayWhole(WebSocketProxy::Direction direction, const QByteArray &wire, int opcode,
                    const QByteArray &message);
    // What the frame readers found wrong; false when that ended the connection.
    bool readerResult(WebSocketProxy::Direction direction, WebSocketFrameReader::Result result);
    void onControl(WebSocketProxy::Direction direction, int opcode, const QByteArray &payload);
    void onSideClosed(WebSocketProxy::Direction closedBy);
    void fail(const QString &why, const QByteArray &status);
    void finishWhenBothClosed();

    QTcpSocket *from(WebSocketProxy::Direction direction) const
    {
        return direction == WebSocketProxy::ToFunction ? m_upstream.data() : m_function.data();
    }
    QTcpSocket *to(WebSocketProxy::Direction direction) const
    {
        return direction == WebSocketProxy::ToFunction ? m_function.data() : m_upstream.data();
    }

    WebSocketProxy *m_proxy;
    QPointer<QTcpSocket> m_function;
    QPointer<QTcpSocket> m_upstream;
    QString m_id;
    QString m_functionName;
    QUrl m_upstreamUrl;
    QByteArray m_head;   // the handshake request for upstream
    QByteArray m_answer; // the upstream's handshake answer, until complete
    WebSocketFrameReader m_toFunction;
    WebSocketFrameReader m_fromFunction;
    QTimer m_deadline;       // the upstream handshake, then the closing
    bool m_relaying = false; // handshake answered 101: frames flow
    bool m_closed = false;   // connectionClosed() emitted
    bool m_functionGone = false;
    bool m_upstreamGone = false;
    bool m_paused[2] = {}; // a side not read while the other's writes are over the cap
    int m_closeCode[2] = { 1006, 1006 }; // by direction of the close frame seen
    QString m_closeReason[2];
    bool m_closeSeen[2] = {};
    // Per direction, while an interceptor is set (and until the message being read then ends).
    struct Intercept
    {
        bool active = false;   // reading whole messages
        QByteArray input;      // read from the source and not parsed yet (behind a hold)
        QByteArray frame;      // the bytes of the data frame being read, read so far
        QByteArray frames;     // the frames of the message being read, as they came
        bool complete = false; // the reader has the whole message: opcode, message
        int opcode = 0;
        QByteArray message;
        bool held = false; // the interceptor holds `frames`: nothing more is read
    };
    Intercept m_intercept[2];
};

#endif // WEBSOCKETPROXY_P_H
