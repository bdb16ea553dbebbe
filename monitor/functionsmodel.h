// SPDX-License-Identifier: MIT
#ifndef FUNCTIONSMODEL_H
#define FUNCTIONSMODEL_H

#include <QtCore/qabstractitemmodel.h>
#include <QtCore/qlist.h>
#include <QtCore/qpointer.h>
#include <QtCore/qset.h>
#include <QtCore/qtimer.h>

class SlimFaasEmulator;

// The connections of the embedded emulator, one row each, in the order they opened: the
// function each registered as, its state (open, registered, refused and why, closed), the
// function's configuration, its queue length, the connection's active requests (what
// SlimFaasEmulator::functionDetails() knows, read again whenever the emulator reports a
// change, and every second) and the node whose port it connected to. Closed connections
// stay, up to MaximumClosedRows of them.
// GUI thread only.
class FunctionsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        ConnectionColumn,    // the pod name, ws-<8 hex>
        FunctionColumn,      // the name it registered (or tried to register) as
        StateColumn,         // see State
        ConfigurationColumn, // trust, visibility, parallel requests (per pod)
        QueueColumn,         // the function's requests waiting for dispatch
        ActiveColumn,        // the connection's requests in progress
        ConnectionIdColumn,  // the emulator's connection id
        NodeColumn,          // the emulator's node it is connected to (0, 1, …)
        ColumnCount
    };
    Q_ENUM(Column)
    enum State {
        Open,       // connected, no Register accepted or refused yet
        Registered, // its Register was accepted
        Refused,    // its Register was refused; reason() says why
        Closed,     // gone
    };
    Q_ENUM(State)
    static constexpr int MaximumClosedRows = 200;

    explicit FunctionsModel(QObject *parent = nullptr);

    // Follows this emulator from now on (null: none); the rows of the previous one are
    // cleared.
    void setEmulator(SlimFaasEmulator *emulator);
    // A connection the monitor's own function uses (one per node), marked in the list.
    void addOwnConnection(const QString &connectionId);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // The row of a connection id, -1 when it is not listed.
    int rowOf(const QString &connectionId) const;
    State state(int row) const { return m_rows.at(row).state; }
    QString function(int row) const { return m_rows.at(row).function; }
    QString podName(int row) const { return m_rows.at(row).podName; }
    QString reason(int row) const { return m_rows.at(row).reason; }
    int queueLength(int row) const { return m_rows.at(row).queueLength; }
    int activeRequests(int row) const { return m_rows.at(row).activeRequests; }
    QString configuration(int row) const { return m_rows.at(row).configuration; }
    int node(int row) const { return m_rows.at(row).node; } // -1 when unknown

    // The pod name the emulator gives a connection (SlimFaasEmulator::functionDetails()).
    static QString podNameOf(const QString &connectionId);

private:
    struct Row
    {
        QString connectionId;
        QString podName;
        QString function;
        QString reason;
        QString configuration;
        State state = Open;
        int queueLength = 0;
        int activeRequests = 0;
        int node = -1;
    };
    Row *rowFor(const QString &connectionId);
    void changed(int row);
    void scheduleRefresh();
    // Reads functionDetails() into the rows.
    void refresh();
    void dropOldClosedRows();

    QPointer<SlimFaasEmulator> m_emulator;
    QList<Row> m_rows;
    QSet<QString> m_ownConnections;
    QTimer m_refresh;
    bool m_refreshScheduled = false;
};

#endif // FUNCTIONSMODEL_H
