// SPDX-License-Identifier: MIT
#ifndef INBOXPANE_H
#define INBOXPANE_H

#include <QtWidgets/qwidget.h>

QT_BEGIN_NAMESPACE
class QGroupBox;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableView;
QT_END_NAMESPACE

class MonitorSession;

// The requests waiting for a person (InboxModel) and what to answer them. Async requests:
// one click for 200, 500 or 503, any status typed, or "defer" to keep it for later. Sync
// requests: an editor for the status, the headers ("Name: value" per line) and the body,
// typed or loaded from a file, sent back through SlimFaasSyncRequest; or cancel.
// Requests that leave the inbox are listed below it with the reason.
// GUI thread only.
class InboxPane : public QWidget
{
    Q_OBJECT
public:
    explicit InboxPane(MonitorSession *session, QWidget *parent = nullptr);

    QTableView *view() const { return m_view; }
    // Selects the request with this id; false when it is not in the inbox.
    bool selectRequest(const QString &id);
    QString selectedId() const;

Q_SIGNALS:
    // The selection moved to this request (empty: none).
    void requestSelected(const QString &id);

public Q_SLOTS:
    void answerSelected(int status);
    void deferSelected();
    void sendSyncResponse();
    void cancelSelected();

private:
    void selectionChanged();
    // Selects the oldest request that is not deferred, if any.
    void selectNext();
    void loadBody();

    MonitorSession *m_session;
    QTableView *m_view;
    QList<QPushButton *> m_asyncButtons;
    QSpinBox *m_status;
    QPushButton *m_defer;
    QGroupBox *m_syncEditor;
    QSpinBox *m_syncStatus;
    QPlainTextEdit *m_syncHeaders;
    QPlainTextEdit *m_syncBody;
    QByteArray m_loadedBody; // a file's bytes, sent as they are (may not be text)
    QPushButton *m_cancel;
    QListWidget *m_outcomes;
};

#endif // INBOXPANE_H
