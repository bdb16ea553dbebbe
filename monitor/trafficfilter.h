// SPDX-License-Identifier: MIT
#ifndef TRAFFICFILTER_H
#define TRAFFICFILTER_H

#include <QtCore/qsortfilterproxymodel.h>

class TrafficModel;

// The traffic rows a person wants to see: a proxy over TrafficModel, never a second copy.
// Free text (case-insensitive, in the id, method, path, query, headers and other fields,
// not the body), a message kind, a direction, a status range, a function, a connection and
// a node; all must match.
// Rows are tested straight from the compact records, not through data(), so that a
// million of them filter in well under a second.
// GUI thread only.
class TrafficFilter : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    enum Kind {
        AnyKind,
        AsyncKind,        // AsyncRequest, AsyncCallback
        EventKind,        // PublishEvent
        SyncKind,         // every sync frame
        RegistrationKind, // Register, RegisterResponse
        KeepaliveKind,    // Ping, Pong
    };
    Q_ENUM(Kind)
    enum Direction { AnyDirection, Incoming, Outgoing };
    Q_ENUM(Direction)

    explicit TrafficFilter(QObject *parent = nullptr);

    void setSourceModel(QAbstractItemModel *model) override;

    QString text() const { return m_text; }
    Kind kind() const { return m_kind; }
    Direction direction() const { return m_direction; }
    int minimumStatus() const { return m_minimumStatus; }
    int maximumStatus() const { return m_maximumStatus; }
    // Only the messages of this function, of this connection (exact names, as the Function
    // and Connection columns show them); empty: any.
    QString function() const { return m_function; }
    QString connection() const { return m_connection; }
    // Only the messages that went through this node (its URL, as the Node column shows it).
    QString node() const { return m_node; }

    // Each applies at once. A status range of 0..0 means "any status, or none".
    void setText(const QString &text);
    void setKind(Kind kind);
    void setDirection(Direction direction);
    void setStatusRange(int minimum, int maximum);
    void setFunction(const QString &function);
    void setConnection(const QString &connection);
    void setNode(const QString &node);
    // Sets the function, the connection and the node with one pass over the rows.
    void setOrigin(const QString &function, const QString &connection, const QString &node = {});
    // Sets everything with one pass over the rows.
    void setFilter(const QString &text, Kind kind, Direction direction, int minimumStatus,
                   int maximumStatus);

Q_SIGNALS:
    // Around a change of what is shown (setFilter() and the calls above): the rows are
    // mapped anew in between, which the views see as one layout change.
    void filterAboutToChange();
    void filterChanged();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    TrafficModel *m_traffic = nullptr;
    QString m_text;
    QByteArray m_utf8Text;
    Kind m_kind = AnyKind;
    Direction m_direction = AnyDirection;
    int m_minimumStatus = 0;
    int m_maximumStatus = 0;
    QString m_function;
    QString m_connection;
    QString m_node;
    // Their interned indexes (TrafficRecord::intern()), compared with the records' own.
    quint32 m_functionIndex = 0;
    quint32 m_connectionIndex = 0;
    quint32 m_nodeIndex = 0;
};

#endif // TRAFFICFILTER_H
