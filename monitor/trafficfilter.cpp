// SPDX-License-Identifier: MIT
#include "trafficfilter.h"

#include "trafficmodel.h"

#include <array>

using SlimFaasProtocol::MessageType;

namespace {

bool isOfKind(MessageType type, TrafficFilter::Kind kind)
{
    switch (kind) {
    case TrafficFilter::AnyKind:
        return true;
    case TrafficFilter::AsyncKind:
        return type == MessageType::AsyncRequest || type == MessageType::AsyncCallback;
    case TrafficFilter::EventKind:
        return type == MessageType::PublishEvent;
    case TrafficFilter::SyncKind:
        return SlimFaasProtocol::isFrameType(int(type));
    case TrafficFilter::RegistrationKind:
        return type == MessageType::Register || type == MessageType::RegisterResponse;
    case TrafficFilter::KeepaliveKind:
        return type == MessageType::Ping || type == MessageType::Pong;
    }
    return false;
}

// ASCII case folding is enough for what people type: ids, methods, paths, header names.
// Non-ASCII text still matches with its exact case.
bool containsIgnoringCase(QByteArrayView haystack, QByteArrayView needle)
{
    if (needle.size() > haystack.size())
        return false;
    const char first = needle.front();
    const char firstLower = (first >= 'A' && first <= 'Z') ? char(first + 32) : first;
    const char firstUpper = (first >= 'a' && first <= 'z') ? char(first - 32) : first;
    const qsizetype last = haystack.size() - needle.size();
    for (qsizetype i = 0; i <= last; ++i) {
        const char c = haystack[i];
        if (c != firstLower && c != firstUpper)
            continue;
        if (qstrnicmp(haystack.data() + i, needle.size(), needle.data(), needle.size()) == 0)
            return true;
    }
    return false;
}

// Type names as bytes, made once: the filter matches them on every row.
const QByteArray &typeName(MessageType type)
{
    static const auto names = [] {
        std::array<QByteArray, 256> all;
        for (int code = 0; code < 256; ++code)
            all[code] = SlimFaasProtocol::messageTypeName(MessageType(code)).toLatin1();
        return all;
    }();
    return names[quint8(type)];
}

} // namespace

TrafficFilter::TrafficFilter(QObject *parent) : QSortFilterProxyModel(parent)
{
    // New rows are filtered as they arrive; nothing is ever sorted, the traffic stays in
    // arrival order.
    setDynamicSortFilter(true);
}

void TrafficFilter::setSourceModel(QAbstractItemModel *model)
{
    m_traffic = qobject_cast<TrafficModel *>(model);
    Q_ASSERT_X(m_traffic || !model, "TrafficFilter", "the source must be a TrafficModel");
    QSortFilterProxyModel::setSourceModel(model);
}

void TrafficFilter::setText(const QString &text)
{
    setFilter(text, m_kind, m_direction, m_minimumStatus, m_maximumStatus);
}

void TrafficFilter::setKind(Kind kind)
{
    setFilter(m_text, kind, m_direction, m_minimumStatus, m_maximumStatus);
}

void TrafficFilter::setDirection(Direction direction)
{
    setFilter(m_text, m_kind, direction, m_minimumStatus, m_maximumStatus);
}

void TrafficFilter::setStatusRange(int minimum, int maximum)
{
    setFilter(m_text, m_kind, m_direction, minimum, maximum);
}

void TrafficFilter::setFilter(const QString &text, Kind kind, Direction direction,
                              int minimumStatus, int maximumStatus)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text && kind == m_kind && direction == m_direction
        && minimumStatus == m_minimumStatus && maximumStatus == m_maximumStatus)
        return;
    emit filterAboutToChange();
    m_text = trimmed;
    m_utf8Text = trimmed.toUtf8();
    m_kind = kind;
    m_direction = direction;
    m_minimumStatus = minimumStatus;
    m_maximumStatus = maximumStatus;
    // invalidateFilter() inserts the rows that became visible range by range, which takes
    // minutes when a narrow filter is cleared over a million rows; rebuilding the mapping
    // in one pass takes milliseconds.
    invalidate();
    emit filterChanged();
}

void TrafficFilter::setFunction(const QString &function)
{
    setOrigin(function, m_connection, m_node);
}

void TrafficFilter::setConnection(const QString &connection)
{
    setOrigin(m_function, connection, m_node);
}

void TrafficFilter::setNode(const QString &node)
{
    setOrigin(m_function, m_connection, node);
}

void TrafficFilter::setOrigin(const QString &function, const QString &connection,
                              const QString &node)
{
    const QString functionName = function.trimmed();
    const QString connectionName = connection.trimmed();
    const QString nodeName = node.trimmed();
    if (functionName == m_function && connectionName == m_connection && nodeName == m_node)
        return;
    emit filterAboutToChange();
    m_function = functionName;
    m_connection = connectionName;
    m_node = nodeName;
    // Interned now, so that the records that come later with these names match them.
    m_functionIndex = TrafficRecord::intern(functionName);
    m_connectionIndex = TrafficRecord::intern(connectionName);
    m_nodeIndex = TrafficRecord::intern(nodeName);
    invalidate();
    emit filterChanged();
}

bool TrafficFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (sourceParent.isValid() || !m_traffic)
        return false;
    const TrafficRecord &record = m_traffic->record(sourceRow);
    if (m_functionIndex && record.functionIndex() != m_functionIndex)
        return false;
    if (m_connectionIndex && record.connectionIndex() != m_connectionIndex)
        return false;
    if (m_nodeIndex && record.nodeIndex() != m_nodeIndex)
        return false;
    if (m_direction == Incoming && record.direction() != TrafficRecord::In)
        return false;
    if (m_direction == Outgoing && record.direction() != TrafficRecord::Out)
        return false;
    if (!isOfKind(record.type(), m_kind))
        return false;
    if (m_minimumStatus > 0 || m_maximumStatus > 0) {
        const int maximum = m_maximumStatus > 0 ? m_maximumStatus : 999;
        if (record.status() < m_minimumStatus || record.status() > maximum || record.status() == 0)
            return false;
    }
    if (m_utf8Text.isEmpty())
        return true;
    if (containsIgnoringCase(record.searchableView(), m_utf8Text))
        return true;
    // The type's name is not stored in the record; match it too ("callback", "sync").
    return containsIgnoringCase(typeName(record.type()), m_utf8Text);
}
