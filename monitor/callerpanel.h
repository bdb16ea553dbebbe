// SPDX-License-Identifier: MIT
#ifndef CALLERPANEL_H
#define CALLERPANEL_H

#include "callhistory.h"
#include "trafficrecord.h"

#include <QtCore/qelapsedtimer.h>
#include <QtCore/qpointer.h>
#include <QtCore/qstringconverter.h>
#include <QtWidgets/qwidget.h>

QT_BEGIN_NAMESPACE
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
QT_END_NAMESPACE

class MonitorSession;
class SlimFaasCaller;
class SlimFaasCallReply;

// The caller's side, from the monitor: sends a sync call, an async call or an event to
// SlimFaas's HTTP URL (the embedded emulator's unless another is typed) and shows what
// comes back. A sync call's status, headers and body appear as they stream in, and it can
// be aborted; an async call shows its element id, then each delivery of that request and
// the function's answer to it as the traffic list records them; an event shows whether
// anybody subscribes to it. Sent calls are kept in a bounded history, saved in the user's
// settings, to be sent again with one click.
// GUI thread only.
class CallerPanel : public QWidget
{
    Q_OBJECT
public:
    explicit CallerPanel(MonitorSession *session, QWidget *parent = nullptr);
    ~CallerPanel() override;

    // What the form says now, and filling the form (the history's "edit" does that).
    CallRequest request() const;
    void setRequest(const CallRequest &request);

    const CallHistory &history() const { return m_history; }
    // The result line ("200 OK · 12 bytes", "queued as …", "204: delivered", an error).
    QString resultText() const;
    QString responseHeadersText() const;
    QString responseBodyText() const;
    // The element id of the last async call, empty until SlimFaas gave it.
    QString elementId() const { return m_elementId; }
    // The deliveries and answers seen for that element id, one line each.
    QStringList outcomes() const;
    bool isRunning() const;

public Q_SLOTS:
    // Sends what the form says; a call still running is aborted first.
    void send();
    // Sends the history's entry again, as it was (the form shows it).
    void resend(int historyIndex);
    // Stops a sync call that is still streaming.
    void abort();

Q_SIGNALS:
    // The call ended: answered, queued, published or failed.
    void callFinished();
    // The person asked to see the async call's request in the traffic list.
    void followRequested(const QString &elementId);

private:
    void kindChanged();
    void sessionChanged();
    void showResponseFor(CallRequest::Kind kind);
    void startSync(const CallRequest &request, const SlimFaasHeaders &headers);
    void startAsync(const CallRequest &request, const SlimFaasHeaders &headers);
    void startPublish(const CallRequest &request, const SlimFaasHeaders &headers);
    void syncMetaData();
    void syncReadyRead();
    void syncFinished();
    void finishWith(const QString &text);
    void trafficRowsInserted(int first, int last);
    void noteOutcome(const TrafficRecord &record);
    void refreshHistory();
    void resetResult();
    void setRunning(bool running);

    MonitorSession *m_session;
    SlimFaasCaller *m_caller;
    CallHistory m_history;

    QLineEdit *m_url;
    QComboBox *m_kind;
    QComboBox *m_method;
    QLabel *m_targetLabel;
    QLineEdit *m_target;
    QLineEdit *m_path;
    QLineEdit *m_query;
    QPlainTextEdit *m_headers;
    QPlainTextEdit *m_body;
    QPushButton *m_send;
    QPushButton *m_abort;

    QLabel *m_result;
    QWidget *m_elementRow = nullptr;
    QLineEdit *m_elementIdEdit;
    QPushButton *m_follow;
    QListWidget *m_outcomes;
    QPlainTextEdit *m_responseHeaders;
    QPlainTextEdit *m_responseBody;
    QListWidget *m_historyList;

    QPointer<SlimFaasCallReply> m_reply;
    QStringDecoder m_decoder;
    qint64 m_bodyBytes = 0;
    QElapsedTimer m_clock;
    // Each call has a number: an answer that comes back after another call started is
    // for a call no longer shown, and is dropped.
    quint64 m_callNumber = 0;
    bool m_running = false;
    // Between sending an async call and its 202, the function may already have received
    // the request: its traffic records wait here until the element id says which are ours.
    bool m_awaitingElementId = false;
    QList<TrafficRecord> m_unmatched;
    QString m_elementId;
    int m_lastTry = 0;
    QString m_sessionFunction;
};

#endif // CALLERPANEL_H
