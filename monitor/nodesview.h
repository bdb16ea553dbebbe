// SPDX-License-Identifier: MIT
#ifndef NODESVIEW_H
#define NODESVIEW_H

#include <QtCore/qpointer.h>
#include <QtWidgets/qwidget.h>

QT_BEGIN_NAMESPACE
class QComboBox;
class QLabel;
class QPushButton;
QT_END_NAMESPACE

class MonitorSession;
class SlimFaasEmulator;

// The SlimFaas nodes the monitor's function is connected to, one line each: the node's URL,
// its connection's state and connection id, and on the embedded emulator its number and
// which one is the master (the only node that dispatches async requests). With an embedded
// emulator of several nodes, the operator moves the master from here: pick the node in the
// "Move the master to" box (Alt+M puts the keyboard there) and press "Make master" (Alt+K).
// Hidden while there is a single node. Part of the status panel. GUI thread only.
class NodesView : public QWidget
{
    Q_OBJECT
public:
    explicit NodesView(MonitorSession *session, QWidget *parent = nullptr);

    // The lines shown, one per node, for tests and for copying.
    QString nodesText() const;
    QComboBox *masterBox() const { return m_masterBox; }
    QPushButton *makeMasterButton() const { return m_makeMaster; }

private:
    void followEmulator();
    void refresh();
    void makeMaster();

    MonitorSession *m_session;
    QPointer<SlimFaasEmulator> m_emulator;
    QLabel *m_lines;
    QLabel *m_masterLabel;
    QComboBox *m_masterBox;
    QPushButton *m_makeMaster;
};

#endif // NODESVIEW_H
