// SPDX-License-Identifier: MIT
#ifndef INBOXMODEL_H
#define INBOXMODEL_H

#include <slimfaasasyncrequest.h>
#include <slimfaassyncrequest.h>

#include <QtCore/qabstractitemmodel.h>
#include <QtCore/qelapsedtimer.h>
#include <QtCore/qlist.h>
#include <QtCore/qpointer.h>
#include <QtCore/qtimer.h>

// Requests waiting for a person to answer them, oldest first, with how long each has
// waited and how long SlimFaas will still take an answer (docs/protocol.md §4 and §6):
//  - async: an answer is safe within 120 s of delivery (the queue item's HttpTimeout);
//    from then on it counts only if the function's queue was not polled meanwhile, and
//    at 300 s the connection stops waiting. The row turns amber after 120 s, red from
//    270 s.
//  - sync: SlimFaas cancels the call when no response has started 300 s after the request
//    body ended; the row turns amber from 240 s and red from 270 s.
// The countdown is refreshed every second. GUI thread only.
class InboxModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
public:
    // The time left first: it is what decides which request to answer next.
    enum Column {
        TimeLeftColumn,
        WaitingColumn,
        KindColumn,
        MethodColumn,
        PathColumn,
        TryColumn,
        IdColumn,
        ColumnCount
    };
    Q_ENUM(Column)
    enum Urgency { Safe, Late, Critical };
    Q_ENUM(Urgency)
    // Custom data roles, on every column.
    enum Role { UrgencyRole = Qt::UserRole + 1, IdRole, IsSyncRole, DeferredRole, WarningRole };

    static constexpr int SafeAsyncSecs = 120;
    static constexpr int MaximumWaitSecs = 300;
    static constexpr int CriticalSecs = 270;
    static constexpr int LateSyncSecs = 240;

    explicit InboxModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void addAsync(const SlimFaasAsyncRequest &request);
    void addSync(SlimFaasSyncRequest *request);
    // Removes the request; false when it is not in the inbox.
    bool remove(const QString &id);
    // A deferred request stays, marked, for an answer later.
    void setDeferred(const QString &id, bool deferred);
    // What the server said about the request (an emulator warning): shown on its row, in
    // the Kind column and the tooltip.
    void setWarning(const QString &id, const QString &warning);
    QString warning(int row) const;
    void clear();

    int rowOf(const QString &id) const;
    QString idAt(int row) const;
    bool isSync(int row) const;
    SlimFaasAsyncRequest asyncRequest(int row) const;
    SlimFaasSyncRequest *syncRequest(int row) const;
    qint64 waitedMsecs(int row) const;
    Urgency urgency(int row) const;
    static Urgency urgencyFor(bool sync, qint64 waitedMsecs);

Q_SIGNALS:
    void countChanged(int count);

private:
    struct Item
    {
        QString id;
        QString method;
        QString path;
        int tryNumber = 0;
        bool deferred = false;
        QString warning;
        QElapsedTimer waited;
        SlimFaasAsyncRequest async;
        QPointer<SlimFaasSyncRequest> sync;
    };
    void insert(Item item);

    QList<Item> m_items;
    QTimer m_tick;
};

#endif // INBOXMODEL_H
