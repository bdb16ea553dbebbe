// SPDX-License-Identifier: MIT
#ifndef INTERCEPTOR_H
#define INTERCEPTOR_H

#include "interceptmodel.h"
#include "interceptrules.h"

#include <QtCore/qhash.h>
#include <QtCore/qobject.h>
#include <QtCore/qpointer.h>
#include <QtCore/qset.h>

class SlimFaasEmulator;
class WebSocketProxy;

// The monitor's intercept: while it is on, messages its rules take are held before they are
// delivered, in model() (the Intercepted list), until the operator forwards them as they
// are, edited, or drops them. It works on the embedded emulator's connections (the server
// view) and on the proxy's (the source attached). Holding is queueing, never waiting: the
// source goes on with its other work, and on the emulator the messages of other
// connections and streams flow meanwhile; later messages of a held message's stream (same
// connection, direction and correlationId) are held behind it, in order, and go after it.
// Through the proxy a held message stops its whole direction of that connection (the relay
// is a byte stream): later messages wait in TCP's buffers and are offered in order once it
// has gone. Dropping a sync frame drops the rest of that direction of its stream too.
// Nothing is asked of the source while the intercept is off and holds nothing.
// GUI thread only.
class Interceptor : public QObject
{
    Q_OBJECT
public:
    explicit Interceptor(QObject *parent = nullptr);
    ~Interceptor() override;

    InterceptModel *model() const { return m_model; }
    InterceptRules rules() const { return m_rules; }
    void setRules(const InterceptRules &rules);
    // Off forwards every message held, as it is.
    bool isEnabled() const { return m_enabled; }
    void setEnabled(bool enabled);

    // The source whose messages are intercepted: the embedded emulator, or the proxy. One
    // at a time; attaching another, or detach(), forgets what is held (its connections go).
    void attach(SlimFaasEmulator *emulator);
    void attach(WebSocketProxy *proxy);
    void detach();

    // Deliver a held message (and those behind it), as it is or as `json` (the text
    // editableJson() gave, edited) says, or drop it. False when it is no longer held or
    // (*error) the edited JSON is no message.
    bool forward(quint64 serial);
    bool forwardEdited(quint64 serial, const QByteArray &json, QString *error);
    bool drop(quint64 serial);
    // Every message held, oldest first; the number of them.
    int forwardAll();
    int dropAll();

    // What the operator edits: the message as a slimfaas-tap line without "time" and
    // "direction", indented, its body as text when it is UTF-8.
    static QByteArray editableJson(const HeldMessage &held);

Q_SIGNALS:
    void enabledChanged(bool enabled);
    void rulesChanged();
    // A message held is held no more: outcome says how ("forwarded", "forwarded edited",
    // "dropped", "connection closed").
    void released(const HeldMessage &held, const QString &outcome);

private:
    enum Decision { Deliver, Hold, Drop };
    Decision decide(const QString &connectionId, const QString &functionName, bool toFunction,
                    bool binary, const QByteArray &message);
    bool deliver(const HeldMessage &held, bool binary, const QByteArray &message);
    void forgetConnection(const QString &connectionId);
    // The hook is set on the source while it may hold: on, with rules, or holding some.
    void updateHook();

    InterceptModel *m_model;
    InterceptRules m_rules;
    bool m_enabled = false;
    bool m_hooked = false;
    QPointer<SlimFaasEmulator> m_emulator;
    QPointer<WebSocketProxy> m_proxy;
    QList<QMetaObject::Connection> m_sourceConnections;
    // Requests seen on their way to a function (async tries, sync calls), by correlationId:
    // when, and their method and path, for the deadlines and rules of what follows them.
    struct Seen
    {
        QElapsedTimer since;
        QString method;
        QString path;
    };
    QHash<QString, Seen> m_seen;
    // Sync streams one direction of which was dropped: connection, direction, correlationId.
    QSet<QString> m_droppedStreams;
};

#endif // INTERCEPTOR_H
