// SPDX-License-Identifier: MIT
#ifndef STATUSPANEL_H
#define STATUSPANEL_H

#include <slimfaasclient.h>

#include <QtCore/qdeadlinetimer.h>
#include <QtCore/qelapsedtimer.h>
#include <QtCore/qtimer.h>
#include <QtWidgets/qframe.h>

QT_BEGIN_NAMESPACE
class QLabel;
QT_END_NAMESPACE

class MonitorSession;
class NodesView;
class RateGraph;

// The connection at a glance, always in view: state, function, connectionId, how long it
// has been connected, the reconnect countdown, the refusal reason, messages in and out,
// requests waiting for an answer and a messages-per-second graph, and with several SlimFaas
// nodes each node's connection and the master (NodesView). Refreshed every second.
// GUI thread only.
class StatusPanel : public QFrame
{
    Q_OBJECT
public:
    explicit StatusPanel(MonitorSession *session, QWidget *parent = nullptr);

    // The texts shown, for tests and for copying.
    QString stateText() const;
    QString detailText() const;
    QString countersText() const;
    RateGraph *rateGraph() const { return m_graph; }
    NodesView *nodesView() const { return m_nodes; }
    // A connection state in words ("Ready", "Waiting to reconnect"…).
    static QString stateName(SlimFaasClient::State state);

private:
    void refresh();
    void updateConnectedTime();

    MonitorSession *m_session;
    QLabel *m_state;
    QLabel *m_detail;
    QLabel *m_counters;
    RateGraph *m_graph;
    NodesView *m_nodes;
    QTimer m_tick;
    QElapsedTimer m_connectedFor;
    QDeadlineTimer m_reconnectAt;
    int m_reconnectAttempt = 0;
    QString m_refusal;
    qint64 m_lastTotal = 0;
    double m_rate = 0;
    QElapsedTimer m_sinceSample;
};

#endif // STATUSPANEL_H
