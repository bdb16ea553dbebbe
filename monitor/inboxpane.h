// SPDX-License-Identifier: MIT
#ifndef INBOXPANE_H
#define INBOXPANE_H

#include <QtCore/qhash.h>
#include <QtWidgets/qwidget.h>

QT_BEGIN_NAMESPACE
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTableView;
QT_END_NAMESPACE

class MonitorSession;

// The requests waiting for a person (InboxModel) and what to answer them. Async requests:
// one click for 200, 500 or 503, any status typed, or "defer" to keep it for later. Sync
// requests: an editor for the status, the headers ("Name: value" per line) and the body,
// typed or loaded from a file, sent back through SlimFaasSyncRequest; or cancel. Each answer
// goes to every selected request. Each sync request keeps its own draft.
// Requests that leave the inbox are listed with the reason, which is updated when the server
// tells more (the answer was recorded, late, ignored): the newest under the inbox, all of them
// in outcomeList(), which the window shows in a tab of its own.
//
// The keyboard, on a selected row: Enter or Space answers 200 (a sync request: to the
// editor), a digit starts typing a status (Enter sends it, Escape goes back), D defers,
// Delete cancels a sync request. Selection changes only by the operator's hand, except
// that when nothing is selected the oldest request not deferred is.
// GUI thread only.
class InboxPane : public QWidget
{
    Q_OBJECT
public:
    explicit InboxPane(MonitorSession *session, QWidget *parent = nullptr);

    QTableView *view() const { return m_view; }
    // Requests that left the inbox, newest first; not in the pane's layout: put it in view.
    QListWidget *outcomeList() const { return m_outcomes; }
    // Selects the request with this id; false when it is not in the inbox.
    bool selectRequest(const QString &id);
    // The first selected request, and all of them (in inbox order).
    QString selectedId() const;
    QStringList selectedIds() const;

Q_SIGNALS:
    // The selection moved to this request (empty: none); byOperator is false when the inbox
    // picked it itself (nothing was selected and a request arrived or left).
    void requestSelected(const QString &id, bool byOperator);

public Q_SLOTS:
    void answerSelected(int status);
    void deferSelected();
    void sendSyncResponse();
    void cancelSelected();
    // Puts the keyboard on the list, selecting the next request if none is.
    void focusInbox();
    // Puts the keyboard on the status to type (async) or the response's status (sync).
    void focusStatus();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    struct SyncDraft
    {
        int status = 200;
        QString headers;
        QString body;
        QByteArray loadedBody;
    };

    void selectionChanged();
    // Selects the oldest request that is not deferred, if any (nothing otherwise).
    void selectNext();
    void loadBody();
    void saveDraft();
    void loadDraft(const QString &id);

    MonitorSession *m_session;
    QTableView *m_view;
    QLabel *m_summary;
    QStackedWidget *m_pages;
    QList<QPushButton *> m_asyncButtons;
    QSpinBox *m_status;
    QPushButton *m_defer;
    QPushButton *m_cancel = nullptr;
    QSpinBox *m_syncStatus;
    QPlainTextEdit *m_syncHeaders;
    QPlainTextEdit *m_syncBody;
    QList<QPushButton *> m_syncButtons;
    QByteArray m_loadedBody; // a file's bytes, sent as they are (may not be text)
    QListWidget *m_outcomes;
    QLabel *m_lastOutcome;
    QHash<QString, SyncDraft> m_drafts;
    QString m_draftId; // the sync request the editor shows
    bool m_autoSelecting = false;
    bool m_selectionRemoved = false;
};

#endif // INBOXPANE_H
