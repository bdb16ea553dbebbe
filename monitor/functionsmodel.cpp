// SPDX-License-Identifier: MIT
#include "functionsmodel.h"

#include <slimfaasemulator.h>

#include <QtCore/qjsonarray.h>
#include <QtCore/qjsonobject.h>
#include <QtGui/qbrush.h>
#include <QtGui/qcolor.h>

FunctionsModel::FunctionsModel(QObject *parent) : QAbstractTableModel(parent)
{
    // Active requests change without a signal of their own (a callback frees a slot).
    m_refresh.setInterval(1000);
    connect(&m_refresh, &QTimer::timeout, this, &FunctionsModel::refresh);
}

QString FunctionsModel::podNameOf(const QString &connectionId)
{
    return QStringLiteral("ws-") + connectionId.left(8);
}

void FunctionsModel::setEmulator(SlimFaasEmulator *emulator)
{
    if (m_emulator)
        disconnect(m_emulator, nullptr, this, nullptr);
    beginResetModel();
    m_rows.clear();
    m_ownConnections.clear();
    endResetModel();
    m_emulator = emulator;
    if (!emulator) {
        m_refresh.stop();
        return;
    }
    m_refresh.start();
    connect(emulator, &SlimFaasEmulator::connectionOpened, this,
            [this](const QString &id) { rowFor(id); });
    connect(emulator, &SlimFaasEmulator::functionRegistered, this,
            [this](const QString &function, const QString &id) {
                Row *row = rowFor(id);
                row->function = function;
                row->state = Registered;
                row->reason.clear();
                changed(rowOf(id));
                scheduleRefresh();
            });
    connect(emulator, &SlimFaasEmulator::registrationRefused, this,
            [this](const QString &function, const QString &id, const QString &reason) {
                Row *row = rowFor(id);
                row->function = function;
                row->state = Refused;
                row->reason = reason;
                changed(rowOf(id));
            });
    connect(emulator, &SlimFaasEmulator::connectionClosed, this,
            [this](const QString &function, const QString &id) {
                Row *row = rowFor(id);
                if (!function.isEmpty())
                    row->function = function;
                row->state = Closed;
                row->activeRequests = 0;
                changed(rowOf(id));
                dropOldClosedRows();
                scheduleRefresh();
            });
    const auto refreshSoon = [this] {
        scheduleRefresh();
    };
    connect(emulator, &SlimFaasEmulator::queueLengthChanged, this, refreshSoon);
    connect(emulator, &SlimFaasEmulator::asyncRequestDispatched, this, refreshSoon);
    connect(emulator, &SlimFaasEmulator::asyncRequestCompleted, this, refreshSoon);
    connect(emulator, &SlimFaasEmulator::syncRequestStarted, this, refreshSoon);
    connect(emulator, &SlimFaasEmulator::syncRequestFinished, this, refreshSoon);
    connect(emulator, &SlimFaasEmulator::syncRequestCancelled, this, refreshSoon);
}

void FunctionsModel::addOwnConnection(const QString &connectionId)
{
    m_ownConnections.insert(connectionId);
    if (const int row = rowOf(connectionId); row >= 0)
        changed(row);
}

int FunctionsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int FunctionsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FunctionsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row &row = m_rows.at(index.row());
    const bool live = row.state == Registered;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case ConnectionColumn:
            return row.podName;
        case FunctionColumn:
            return m_ownConnections.contains(row.connectionId) && !row.function.isEmpty()
                    ? tr("%1 (this monitor)").arg(row.function)
                    : row.function;
        case StateColumn:
            switch (row.state) {
            case Open:
                return tr("open, not registered");
            case Registered:
                return tr("registered");
            case Refused:
                return tr("refused: %1").arg(row.reason);
            case Closed:
                return tr("closed");
            }
            return {};
        case ConfigurationColumn:
            return row.configuration;
        case QueueColumn:
            return live ? QVariant(row.queueLength) : QVariant();
        case ActiveColumn:
            return live ? QVariant(row.activeRequests) : QVariant();
        case ConnectionIdColumn:
            return row.connectionId;
        case NodeColumn:
            return row.node >= 0 ? QVariant(row.node) : QVariant();
        }
    } else if (role == Qt::ToolTipRole && index.column() == StateColumn && !row.reason.isEmpty()) {
        return row.reason;
    } else if (role == Qt::ToolTipRole && index.column() == NodeColumn && row.node >= 0
               && m_emulator) {
        return m_emulator->webSocketUrl(row.node).toString();
    } else if (role == Qt::ForegroundRole) {
        if (row.state == Refused)
            return QBrush(QColor(0xc6, 0x28, 0x28));
        if (row.state == Closed)
            return QBrush(QColor(0x5f, 0x63, 0x68));
    } else if (role == Qt::TextAlignmentRole
               && (index.column() == QueueColumn || index.column() == ActiveColumn)) {
        return int(Qt::AlignRight | Qt::AlignVCenter);
    }
    return {};
}

QVariant FunctionsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ConnectionColumn:
        return tr("Connection");
    case FunctionColumn:
        return tr("Function");
    case StateColumn:
        return tr("State");
    case ConfigurationColumn:
        return tr("Configuration");
    case QueueColumn:
        return tr("Queue");
    case ActiveColumn:
        return tr("Active");
    case ConnectionIdColumn:
        return tr("Connection id");
    case NodeColumn:
        return tr("Node");
    }
    return {};
}

int FunctionsModel::rowOf(const QString &connectionId) const
{
    if (connectionId.isEmpty())
        return -1;
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).connectionId == connectionId)
            return row;
    }
    return -1;
}

FunctionsModel::Row *FunctionsModel::rowFor(const QString &connectionId)
{
    if (const int row = rowOf(connectionId); row >= 0)
        return &m_rows[row];
    const int row = int(m_rows.size());
    beginInsertRows({}, row, row);
    Row added;
    added.connectionId = connectionId;
    added.podName = podNameOf(connectionId);
    added.node = m_emulator ? m_emulator->connectionNode(connectionId) : -1;
    m_rows.append(added);
    endInsertRows();
    return &m_rows[row];
}

void FunctionsModel::changed(int row)
{
    if (row >= 0)
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void FunctionsModel::scheduleRefresh()
{
    if (m_refreshScheduled)
        return;
    m_refreshScheduled = true;
    QTimer::singleShot(0, this, [this] {
        m_refreshScheduled = false;
        refresh();
    });
}

void FunctionsModel::refresh()
{
    if (!m_emulator)
        return;
    const QJsonArray details = m_emulator->functionDetails();
    for (const QJsonValue &value : details) {
        const QJsonObject function = value.toObject();
        const QString configuration
                = tr("%1, %2, %3 parallel (%4 per pod)")
                          .arg(function.value(QLatin1String("Trust")).toString(),
                               function.value(QLatin1String("Visibility")).toString())
                          .arg(function.value(QLatin1String("NumberParallelRequest")).toInt())
                          .arg(function.value(QLatin1String("NumberParallelRequestPerPod"))
                                       .toInt());
        const int queue = function.value(QLatin1String("QueueLength")).toInt();
        const QJsonArray pods = function.value(QLatin1String("Pods")).toArray();
        for (const QJsonValue &podValue : pods) {
            const QJsonObject pod = podValue.toObject();
            const int row = rowOf(pod.value(QLatin1String("ConnectionId")).toString());
            if (row < 0)
                continue;
            Row &entry = m_rows[row];
            const int active = pod.value(QLatin1String("ActiveRequests")).toInt();
            if (entry.configuration == configuration && entry.queueLength == queue
                && entry.activeRequests == active)
                continue;
            entry.configuration = configuration;
            entry.queueLength = queue;
            entry.activeRequests = active;
            changed(row);
        }
    }
}

void FunctionsModel::dropOldClosedRows()
{
    int closed = 0;
    for (const Row &row : std::as_const(m_rows))
        closed += row.state == Closed;
    for (int row = 0; closed > MaximumClosedRows && row < m_rows.size();) {
        if (m_rows.at(row).state != Closed) {
            ++row;
            continue;
        }
        beginRemoveRows({}, row, row);
        m_rows.removeAt(row);
        endRemoveRows();
        --closed;
    }
}
