// SPDX-License-Identifier: MIT
#ifndef MAINWINDOW_H
#define MAINWINDOW_H

#include "connectiondialog.h"

#include <QtCore/qtimer.h>
#include <QtGui/qkeysequence.h>
#include <QtWidgets/qmainwindow.h>

QT_BEGIN_NAMESPACE
class QAction;
class QCloseEvent;
class QShowEvent;
class QMenu;
class QLabel;
class QSplitter;
class QTabWidget;
class QTableView;
QT_END_NAMESPACE

class AnswerRules;
class DetailPane;
class FilterBar;
class InboxPane;
class InterceptPane;
class MonitorSession;
class StatusPanel;
class TrafficFilter;
class TrafficModel;
class TryPane;

// The monitor's window: the connection status on top, the filter bar and the live traffic
// list (its Node column and filter shown while messages come through several SlimFaas nodes,
// or when a capture with nodes was imported), and under it the selected message's detail beside a
// side tab widget (the inbox, the "try it" lines; further panels are added there as tabs). Toolbar
// and menus: connect, pause, clear, auto-answer rules, export and import, the inbox's answers;
// every one with a shortcut, shown in its tooltip and menu. The views stay where the operator put
// them: a traffic row picked by hand stays selected (across filter changes too) and in the detail
// pane while traffic arrives; the list follows new rows only while scrolled to the bottom. Closing
// with requests in the inbox, and clearing the list, ask first. GUI thread only.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    MonitorSession *session() const { return m_session; }
    TrafficModel *traffic() const { return m_traffic; }
    TrafficFilter *filter() const { return m_filter; }
    QTableView *trafficView() const { return m_view; }
    FilterBar *filterBar() const { return m_filterBar; }
    DetailPane *detailPane() const { return m_detail; }
    InboxPane *inboxPane() const { return m_inbox; }
    StatusPanel *statusPanel() const { return m_status; }
    TryPane *tryPane() const { return m_try; }
    InterceptPane *interceptPane() const { return m_intercept; }
    QTabWidget *sideTabs() const { return m_sideTabs; }

    // Registers as described (empty URL: on an embedded emulator on these ports, 0 = free)
    // and, once registered, remembers it among the recent connections; or starts the proxy
    // (connection.proxy). False when the emulator or the proxy cannot start, said in a
    // dialog as well.
    bool openConnection(const ConnectionSettings &connection, quint16 webSocketPort = 0,
                        quint16 httpPort = 0);
    // Another window registered as another function, one client each. On the embedded
    // emulator, the new function registers on this window's emulator, so one caller URL
    // reaches both. The window deletes itself when closed.
    MainWindow *openWindow(const ConnectionSettings &connection);
    ConnectionSettings connection() const { return m_connection; }
    // The rules in use, saved in QSettings when set.
    void setAnswerRules(const AnswerRules &rules);

    // Selects the newest async, sync or event request in the traffic list, if one is shown;
    // with an id, the newest request with that id. Scrolls to it when asked.
    void selectNewestRequest(const QString &id = {}, bool scroll = true);

    bool exportTraffic(const QString &fileName, QString *errorString = nullptr);
    // Reads a capture with a progress dialog; lines skipped are listed with their reason
    // (*skipReasons) and in a dialog when there are any (unless quiet).
    bool importTraffic(const QString &fileName, QString *errorString = nullptr,
                       QStringList *skipReasons = nullptr, bool quiet = false);

    // The window's actions, by the object name of each ("pauseAction", "clearAction",
    // "answer200Action"…), for tests and for the keyboard.
    QAction *action(const QString &objectName) const;

public Q_SLOTS:
    // Empties the traffic list, after asking when it has rows.
    void clearTraffic();
    void showConnectionDialog();
    void showNewWindowDialog();
    void showRulesDialog();
    void exportWithDialog();
    void importWithDialog();

protected:
    void showEvent(QShowEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    void buildActions();
    QAction *makeAction(QMenu *menu, const QString &name, const QString &text,
                        const QList<QKeySequence> &keys, const QString &tip);
    void selectionChanged();
    void showInDetail(int sourceRow);
    // Selects the traffic row with this running number, if shown (scrolling to it only
    // when asked); false when it is not shown.
    bool selectNumber(qint64 number, bool scroll);
    void filterAboutToChange();
    void filterChanged();
    void updateTitle();
    void updateCounts();
    void updateNodeColumn();

    TrafficModel *m_traffic;
    MonitorSession *m_session;
    TrafficFilter *m_filter;
    QTableView *m_view;
    FilterBar *m_filterBar;
    DetailPane *m_detail;
    InboxPane *m_inbox;
    StatusPanel *m_status;
    TryPane *m_try;
    InterceptPane *m_intercept;
    QTabWidget *m_sideTabs;
    QLabel *m_counts;
    QSplitter *m_split;
    QAction *m_pause = nullptr;
    QTimer *m_heldCount;
    ConnectionSettings m_connection;
    QMetaObject::Connection m_rememberWhenReady;
    bool m_followNewRows = true;
    bool m_sized = false;
    bool m_filterChanging = false;
    bool m_selectingForInbox = false;
    bool m_nodesImported = false; // a capture with nodes was imported: the Node column shows
    // The traffic row the detail pane shows, by running number (-1: none), and whether the
    // operator picked it in the list (then the inbox's own choices do not move it).
    qint64 m_shownNumber = -1;
    bool m_pickedByOperator = false;
    qint64 m_keptNumber = -1;       // selected again when a filter shows it again
    bool m_shownStreamOpen = false; // a SyncRequestStart whose body is still arriving
    qint64 m_topNumber = -1;        // the first row in view before a filter change
};

#endif // MAINWINDOW_H
