// SPDX-License-Identifier: MIT
#include "inboxmodel.h"

#include <QtGui/qbrush.h>
#include <QtGui/qcolor.h>

namespace {

QString seconds(qint64 msecs)
{
    const qint64 secs = msecs / 1000;
    return secs >= 60
            ? QStringLiteral("%1:%2").arg(secs / 60).arg(secs % 60, 2, 10, QLatin1Char('0'))
            : QStringLiteral("%1 s").arg(secs);
}

} // namespace

InboxModel::InboxModel(QObject *parent) : QAbstractTableModel(parent)
{
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, [this] {
        if (!m_items.isEmpty())
            emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    });
}

int InboxModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

int InboxModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

InboxModel::Urgency InboxModel::urgencyFor(bool sync, qint64 waitedMsecs)
{
    const qint64 secs = waitedMsecs / 1000;
    if (secs >= CriticalSecs)
        return Critical;
    if (secs >= (sync ? LateSyncSecs : SafeAsyncSecs))
        return Late;
    return Safe;
}

QVariant InboxModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_items.size())
        return {};
    const Item &item = m_items.at(index.row());
    const bool sync = item.async.isNull();
    const qint64 waited = item.waited.elapsed();
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case KindColumn: {
            QString kind = item.deferred ? (sync ? tr("sync (deferred)") : tr("async (deferred)"))
                                         : (sync ? tr("sync") : tr("async"));
            return item.warning.isEmpty() ? kind : QStringLiteral("⚠ ") + kind;
        }
        case IdColumn:
            return item.id;
        case MethodColumn:
            return item.method;
        case PathColumn:
            return item.path;
        case TryColumn:
            return item.tryNumber ? QVariant(item.tryNumber) : QVariant();
        case WaitingColumn:
            return seconds(waited);
        case TimeLeftColumn: {
            const qint64 maximum = qint64(MaximumWaitSecs) * 1000;
            if (!sync && waited < qint64(SafeAsyncSecs) * 1000)
                return tr("%1 safe").arg(seconds(qint64(SafeAsyncSecs) * 1000 - waited + 999));
            if (waited >= maximum)
                return tr("expired");
            return tr("%1 left").arg(seconds(maximum - waited + 999));
        }
        }
        break;
    case Qt::BackgroundRole:
        switch (urgencyFor(sync, waited)) {
        case Safe:
            return {};
        case Late:
            return QBrush(QColor(0xff, 0xd5, 0x80)); // amber
        case Critical:
            return QBrush(QColor(0xef, 0x9a, 0x9a)); // red
        }
        break;
    case Qt::ToolTipRole:
        if (!item.warning.isEmpty() && index.column() != TimeLeftColumn)
            return item.warning;
        if (index.column() == TimeLeftColumn)
            return sync ? tr("SlimFaas cancels a sync call that has no response 300 s after its "
                             "request body ended.")
                        : tr("An answer is safe within 120 s. Until 300 s it counts only if "
                             "SlimFaas has not polled this function's queue meanwhile.");
        break;
    case UrgencyRole:
        return int(urgencyFor(sync, waited));
    case IdRole:
        return item.id;
    case IsSyncRole:
        return sync;
    case DeferredRole:
        return item.deferred;
    case WarningRole:
        return item.warning;
    }
    return {};
}

QVariant InboxModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case KindColumn:
        return tr("Kind");
    case IdColumn:
        return tr("Id");
    case MethodColumn:
        return tr("Method");
    case PathColumn:
        return tr("Path");
    case TryColumn:
        return tr("Try");
    case WaitingColumn:
        return tr("Waiting");
    case TimeLeftColumn:
        return tr("Time left");
    }
    return {};
}

void InboxModel::insert(Item item)
{
    item.waited.start();
    const int row = int(m_items.size());
    beginInsertRows({}, row, row);
    m_items.append(std::move(item));
    endInsertRows();
    if (!m_tick.isActive())
        m_tick.start();
    emit countChanged(rowCount());
}

void InboxModel::addAsync(const SlimFaasAsyncRequest &request)
{
    Item item;
    item.id = request.elementId();
    item.method = request.method();
    item.path = request.path() + request.query();
    item.tryNumber = request.tryNumber();
    item.async = request;
    insert(std::move(item));
}

void InboxModel::addSync(SlimFaasSyncRequest *request)
{
    Item item;
    item.id = request->correlationId();
    item.method = request->method();
    item.path = request->path() + request->query();
    item.sync = request;
    insert(std::move(item));
}

int InboxModel::rowOf(const QString &id) const
{
    for (int i = 0; i < m_items.size(); ++i) {
        if (m_items.at(i).id == id)
            return i;
    }
    return -1;
}

bool InboxModel::remove(const QString &id)
{
    const int row = rowOf(id);
    if (row < 0)
        return false;
    beginRemoveRows({}, row, row);
    m_items.removeAt(row);
    endRemoveRows();
    if (m_items.isEmpty())
        m_tick.stop();
    emit countChanged(rowCount());
    return true;
}

void InboxModel::setDeferred(const QString &id, bool deferred)
{
    const int row = rowOf(id);
    if (row < 0 || m_items.at(row).deferred == deferred)
        return;
    m_items[row].deferred = deferred;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void InboxModel::setWarning(const QString &id, const QString &warning)
{
    const int row = rowOf(id);
    if (row < 0 || m_items.at(row).warning == warning)
        return;
    m_items[row].warning = warning;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

QString InboxModel::warning(int row) const
{
    return m_items.value(row).warning;
}

void InboxModel::clear()
{
    beginResetModel();
    m_items.clear();
    endResetModel();
    m_tick.stop();
    emit countChanged(0);
}

QString InboxModel::idAt(int row) const
{
    return m_items.value(row).id;
}

bool InboxModel::isSync(int row) const
{
    return row >= 0 && row < m_items.size() && m_items.at(row).async.isNull();
}

SlimFaasAsyncRequest InboxModel::asyncRequest(int row) const
{
    return m_items.value(row).async;
}

SlimFaasSyncRequest *InboxModel::syncRequest(int row) const
{
    return row >= 0 && row < m_items.size() ? m_items.at(row).sync.data() : nullptr;
}

qint64 InboxModel::waitedMsecs(int row) const
{
    return row >= 0 && row < m_items.size() ? m_items.at(row).waited.elapsed() : 0;
}

InboxModel::Urgency InboxModel::urgency(int row) const
{
    return urgencyFor(isSync(row), waitedMsecs(row));
}
