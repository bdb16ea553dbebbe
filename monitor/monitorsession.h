// SPDX-License-Identifier: MIT
#ifndef MONITORSESSION_H
#define MONITORSESSION_H

#include "answerrules.h"

#include <slimfaasclient.h>

#include <QtCore/qobject.h>
#include <QtCore/qurl.h>

class InboxModel;
class SlimFaasEmulator;
class TrafficModel;

// What the monitor does, without its widgets: one SlimFaasClient registered as a function
// (on an embedded SlimFaasEmulator, or on a real SlimFaas), every message it sends and
// receives recorded in a TrafficModel, requests answered by the auto-answer rules or put
// in the inbox, and the answers a person gives from the inbox sent back.
// GUI thread only.
class MonitorSession : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QUrl callerUrl READ callerUrl NOTIFY connectionChanged)
public:
    explicit MonitorSession(TrafficModel *traffic, QObject *parent = nullptr);
    ~MonitorSession() override;

    // Starts an emulator on the loopback (port 0: a free one) and registers there. False,
    // with errorString(), when the emulator cannot listen.
    bool startEmbedded(const SlimFaasFunctionConfig &config, quint16 webSocketPort = 0,
                       quint16 httpPort = 0);
    // Registers on a real SlimFaas. callerUrl is where callers reach it over HTTP, used in
    // curl lines; empty means the WebSocket host on SlimFaas's default port 5000.
    void connectTo(const QUrl &url, const SlimFaasFunctionConfig &config,
                   const QUrl &callerUrl = {});

    SlimFaasClient *client() const { return m_client; }
    // Null when connected to a real SlimFaas.
    SlimFaasEmulator *emulator() const { return m_emulator; }
    TrafficModel *traffic() const { return m_traffic; }
    InboxModel *inbox() const { return m_inbox; }
    QUrl callerUrl() const { return m_callerUrl; }
    void setCallerUrl(const QUrl &url);
    QString errorString() const { return m_errorString; }

    AnswerRules rules() const { return m_rules; }
    void setRules(const AnswerRules &rules) { m_rules = rules; }

    qint64 messagesReceived() const { return m_received; }
    qint64 messagesSent() const { return m_sent; }

    // Answers from the inbox. Each returns false when the request is no longer there (or
    // the client refuses the answer; the reason is in the client's errorOccurred()).
    bool answer(const QString &id, int status);
    bool answerSync(const QString &id, int status, const SlimFaasHeaders &headers,
                    const QByteArray &body);
    bool cancelSync(const QString &id);
    void defer(const QString &id);

Q_SIGNALS:
    // The URL, the function or the emulator changed.
    void connectionChanged();
    // A request left the inbox, and why ("answered 200", "connection lost", …).
    void inboxRequestRemoved(const QString &id, const QString &reason);

private:
    void record(const char *direction, SlimFaasProtocol::MessageType type,
                const QString &correlationId, const QByteArray &message);
    int handleAsync(const SlimFaasAsyncRequest &request);
    void handleSync(SlimFaasSyncRequest *request);
    void removeFromInbox(const QString &id, const QString &reason);
    void disconnectClient();
    void stopEmulator();

    TrafficModel *m_traffic;
    InboxModel *m_inbox;
    SlimFaasClient *m_client;
    SlimFaasEmulator *m_emulator = nullptr;
    AnswerRules m_rules;
    QUrl m_callerUrl;
    QString m_errorString;
    qint64 m_received = 0;
    qint64 m_sent = 0;
};

#endif // MONITORSESSION_H
