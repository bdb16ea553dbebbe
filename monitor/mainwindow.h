// SPDX-License-Identifier: MIT
#ifndef MAINWINDOW_H
#define MAINWINDOW_H

#include "connectiondialog.h"

#include <QtWidgets/qmainwindow.h>

QT_BEGIN_NAMESPACE
class QAction;
class QLabel;
class QTabWidget;
class QTableView;
QT_END_NAMESPACE

class AnswerRules;
class DetailPane;
class FilterBar;
class InboxPane;
class MonitorSession;
class StatusPanel;
class TrafficFilter;
class TrafficModel;
class TryPane;

// The monitor's window: the connection status on top, the filter bar and the live traffic
// list, and under it the selected message's detail beside a side tab widget (the inbox,
// the "try it" lines; further panels are added there as tabs). Toolbar: connect, pause,
// clear, auto-answer rules, export and import.
// GUI thread only.
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
    QTabWidget *sideTabs() const { return m_sideTabs; }

    // Registers as described (empty URL: on an embedded emulator on these ports, 0 = free)
    // and remembers it among the recent connections. False when the emulator cannot start.
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
    // with an id, the newest request with that id.
    void selectNewestRequest(const QString &id = {});

    bool exportTraffic(const QString &fileName, QString *errorString = nullptr);
    bool importTraffic(const QString &fileName, QString *errorString = nullptr);

public Q_SLOTS:
    void showConnectionDialog();
    void showNewWindowDialog();
    void showRulesDialog();
    void exportWithDialog();
    void importWithDialog();

private:
    void buildActions();
    void selectionChanged();
    void updateTitle();
    void updateCounts();

    TrafficModel *m_traffic;
    MonitorSession *m_session;
    TrafficFilter *m_filter;
    QTableView *m_view;
    FilterBar *m_filterBar;
    DetailPane *m_detail;
    InboxPane *m_inbox;
    StatusPanel *m_status;
    TryPane *m_try;
    QTabWidget *m_sideTabs;
    QLabel *m_counts;
    QAction *m_pause = nullptr;
    ConnectionSettings m_connection;
    bool m_followNewRows = true;
};

#endif // MAINWINDOW_H
