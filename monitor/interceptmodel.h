// SPDX-License-Identifier: MIT
#ifndef INTERCEPTMODEL_H
#define INTERCEPTMODEL_H

#include <QtCore/qabstractitemmodel.h>
#include <QtCore/qelapsedtimer.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qlist.h>
#include <QtCore/qtimer.h>

#include <optional>
#include <utility>

// One message the intercept holds before it is delivered, with what was read from it and
// the messages of the same stream held behind it. A value type.
struct HeldMessage
{
    quint64 serial = 0;     // the model's own id for it
    QString connectionId;   // the emulator's or the proxy's id of its connection
    QString connection;     // as the traffic list shows it (the pod name, the proxy's id)
    QString function;       // empty until known
    bool toFunction = true; // "in"
    bool binary = false;
    QByteArray message; // as it is on the wire
    QJsonObject line;   // describeWireMessage() of it
    int type = -1;
    QString correlationId;
    QString method; // of the request it belongs to, when known
    QString path;
    QString rule; // the rule that held it
    QElapsedTimer held;
    // The time left when it was held before SlimFaas gives up on it (docs/protocol.md §4),
    // and what for; -1 when no deadline applies.
    qint64 deadlineMsecs = -1;
    QString deadlineReason;
    // Later messages of the same connection, direction and correlationId, held behind it in
    // order (binary, message).
    QList<std::pair<bool, QByteArray>> behind;

    // Milliseconds left before the deadline (negative once passed); meaningful when
    // deadlineMsecs >= 0.
    qint64 remainingMsecs() const { return deadlineMsecs - held.elapsed(); }
};

// The Intercepted list: the messages held, oldest first, with how long each has been held
// and the time left before the deadline that matters for it; refreshed every second while it
// holds any. GUI thread only.
class InterceptModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        HeldColumn,
        DeadlineColumn,
        DirectionColumn,
        FunctionColumn,
        TypeColumn,
        BehindColumn,  // messages held behind it
        RequestColumn, // method and path
        ConnectionColumn,
        IdColumn,
        ColumnCount,
    };
    Q_ENUM(Column)

    explicit InterceptModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // Holds it (its serial is given here, its timer started); returns the serial.
    quint64 add(HeldMessage message);
    // Takes it out of the list; nullopt when it is not there.
    std::optional<HeldMessage> take(quint64 serial);
    // The held message that later ones of this stream wait behind, if any.
    HeldMessage *find(const QString &connectionId, bool toFunction, const QString &correlationId);
    void addBehind(quint64 serial, bool binary, const QByteArray &message);

    const HeldMessage &at(int row) const { return m_held.at(row); }
    int rowOf(quint64 serial) const;
    QList<quint64> serials() const;
    // "1:58", "0:05 ago" for a deadline passed.
    static QString durationText(qint64 msecs);

Q_SIGNALS:
    void countChanged(int count);

private:
    QList<HeldMessage> m_held;
    quint64 m_nextSerial = 1;
    QTimer m_tick;
};

#endif // INTERCEPTMODEL_H
