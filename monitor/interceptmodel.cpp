// SPDX-License-Identifier: MIT
#include "interceptmodel.h"

#include <slimfaasprotocol.h>

#include <QtGui/qbrush.h>
#include <QtGui/qcolor.h>

InterceptModel::InterceptModel(QObject *parent) : QAbstractTableModel(parent)
{
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, [this] {
        if (!m_held.isEmpty())
            emit dataChanged(index(0, HeldColumn), index(rowCount() - 1, DeadlineColumn));
    });
}

int InterceptModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_held.size());
}

int InterceptModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString InterceptModel::durationText(qint64 msecs)
{
    const qint64 seconds = (msecs < 0 ? -msecs : msecs) / 1000;
    const QString text
            = QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return msecs < 0 ? tr("%1 ago").arg(text) : text;
}

QVariant InterceptModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_held.size())
        return {};
    const HeldMessage &held = m_held.at(index.row());
    if (role == Qt::ForegroundRole && index.column() == DeadlineColumn && held.deadlineMsecs >= 0
        && held.remainingMsecs() < 10000)
        return QBrush(QColor(0xc6, 0x28, 0x28));
    if (role == Qt::ToolTipRole && index.column() == DeadlineColumn)
        return held.deadlineReason;
    if (role == Qt::ToolTipRole && index.column() == TypeColumn)
        return tr("Held by the rule: %1").arg(held.rule);
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(index.column())) {
    case HeldColumn:
        return durationText(held.held.elapsed());
    case DeadlineColumn:
        if (held.deadlineMsecs < 0)
            return tr("none");
        return held.remainingMsecs() >= 0
                ? tr("in %1").arg(durationText(held.remainingMsecs()))
                : tr("passed %1").arg(durationText(held.remainingMsecs()));
    case DirectionColumn:
        return held.toFunction ? tr("in") : tr("out");
    case FunctionColumn:
        return held.function;
    case ConnectionColumn:
        return held.connection;
    case TypeColumn:
        return held.type >= 0
                ? SlimFaasProtocol::messageTypeName(SlimFaasProtocol::MessageType(held.type))
                : tr("unreadable");
    case IdColumn:
        return held.correlationId;
    case RequestColumn:
        return held.method.isEmpty() ? QString() : held.method + QLatin1Char(' ') + held.path;
    case BehindColumn:
        return held.behind.isEmpty() ? QString() : QString::number(held.behind.size());
    case ColumnCount:
        break;
    }
    return {};
}

QVariant InterceptModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case DeadlineColumn:
            return tr("Time left before SlimFaas gives up on it: 120 s for an async try, the "
                      "caller's wait for a sync call.");
        case BehindColumn:
            return tr("Later messages of the same stream, held behind it in order.");
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case HeldColumn:
        return tr("Held");
    case DeadlineColumn:
        return tr("Deadline");
    case DirectionColumn:
        return tr("Dir");
    case FunctionColumn:
        return tr("Function");
    case ConnectionColumn:
        return tr("Connection");
    case TypeColumn:
        return tr("Type");
    case IdColumn:
        return tr("Id");
    case RequestColumn:
        return tr("Request");
    case BehindColumn:
        return tr("Behind");
    case ColumnCount:
        break;
    }
    return {};
}

quint64 InterceptModel::add(HeldMessage message)
{
    message.serial = m_nextSerial++;
    message.held.start();
    const int row = int(m_held.size());
    beginInsertRows({}, row, row);
    m_held.append(std::move(message));
    endInsertRows();
    if (!m_tick.isActive())
        m_tick.start();
    emit countChanged(int(m_held.size()));
    return m_held.last().serial;
}

std::optional<HeldMessage> InterceptModel::take(quint64 serial)
{
    const int row = rowOf(serial);
    if (row < 0)
        return std::nullopt;
    beginRemoveRows({}, row, row);
    HeldMessage held = m_held.takeAt(row);
    endRemoveRows();
    if (m_held.isEmpty())
        m_tick.stop();
    emit countChanged(int(m_held.size()));
    return held;
}

HeldMessage *InterceptModel::find(const QString &connectionId, bool toFunction,
                                  const QString &correlationId)
{
    if (correlationId.isEmpty())
        return nullptr;
    for (HeldMessage &held : m_held) {
        if (held.connectionId == connectionId && held.toFunction == toFunction
            && held.correlationId == correlationId)
            return &held;
    }
    return nullptr;
}

void InterceptModel::addBehind(quint64 serial, bool binary, const QByteArray &message)
{
    const int row = rowOf(serial);
    if (row < 0)
        return;
    m_held[row].behind.append({ binary, message });
    emit dataChanged(index(row, BehindColumn), index(row, BehindColumn));
}

int InterceptModel::rowOf(quint64 serial) const
{
    for (int row = 0; row < m_held.size(); ++row) {
        if (m_held.at(row).serial == serial)
            return row;
    }
    return -1;
}

QList<quint64> InterceptModel::serials() const
{
    QList<quint64> serials;
    for (const HeldMessage &held : m_held)
        serials.append(held.serial);
    return serials;
}
