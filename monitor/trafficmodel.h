// SPDX-License-Identifier: MIT
#ifndef TRAFFICMODEL_H
#define TRAFFICMODEL_H

#include "trafficrecord.h"

#include <QtCore/qabstractitemmodel.h>
#include <QtCore/qelapsedtimer.h>
#include <QtCore/qhash.h>
#include <QtCore/qlist.h>
#include <QtCore/qstringlist.h>
#include <QtCore/qtimer.h>

#include <functional>

QT_BEGIN_NAMESPACE
class QIODevice;
QT_END_NAMESPACE

// Every protocol message the monitor saw, one row each, oldest first (Wireshark's packet
// list): compact records, column text made in data(). Records given to append() become rows
// in one beginInsertRows() on the next event-loop turn, or, while they keep coming, at most
// every FlushIntervalMsecs: a view updates at most that often whatever the rate, so that
// painting costs per frame, not per message. Past maximumRecords() the oldest rows are
// dropped.
// While paused, new records wait (none is lost) and appear on resume.
// GUI thread only.
class TrafficModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_PROPERTY(int maximumRecords READ maximumRecords WRITE setMaximumRecords)
    Q_PROPERTY(bool paused READ isPaused WRITE setPaused NOTIFY pausedChanged)
public:
    enum Column {
        NumberColumn,
        TimeColumn,
        DirectionColumn,
        TypeColumn,
        IdColumn,
        MethodColumn,
        PathColumn,
        QueryColumn,
        StatusColumn,
        SizeColumn,
        TryColumn,
        NoteColumn,
        FunctionColumn,   // the function that sent or received the message
        ConnectionColumn, // its connection: the pod name, or the proxy's connection id
        NodeColumn,       // the SlimFaas node it went through (its WebSocket URL)
        ColumnCount
    };
    Q_ENUM(Column)
    static constexpr int DefaultMaximumRecords = 1000000;
    // The shortest time between two batches of new rows.
    static constexpr int FlushIntervalMsecs = 100;

    explicit TrafficModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    const TrafficRecord &record(int row) const { return m_records.at(row); }
    // The running number of a row: 1 for the first message ever seen, kept when older rows
    // are dropped.
    qint64 number(int row) const { return m_firstNumber + row; }
    QString noteText(int note) const { return m_notes.value(note); }

    int maximumRecords() const { return m_maximumRecords; }
    void setMaximumRecords(int count);
    bool isPaused() const { return m_paused; }
    void setPaused(bool paused);
    // Records waiting for the next batch or for resume.
    int pendingCount() const { return int(m_pending.size()); }

    void append(const TrafficRecord &record);
    // Turns waiting records into rows now, instead of with the next batch.
    void flush();
    void clear();
    // Marks the latest request (AsyncRequest, SyncRequestStart, PublishEvent; else the latest
    // incoming message) with this correlationId: the auto-answer rule that fired on it, who
    // answered. The next one to arrive if it is not there yet.
    void annotate(const QString &correlationId, const QString &note);
    // Adds to the note of the latest record with this correlationId (a warning about the
    // request, what became of its answer), after what it says already.
    void appendNote(const QString &correlationId, const QString &note);

    // JSON Lines, one record per line, as slimfaas-tap prints them.
    bool exportJsonLines(QIODevice *device, QString *errorString = nullptr) const;
    // Appends the records of a JSON Lines capture (from the monitor or from slimfaas-tap),
    // marked imported. Returns how many were read, -1 when the device cannot be read; lines
    // that are not messages are skipped and counted in *skipped, and the first
    // MaximumSkipReasons of them are described in *skipReasons ("line 3: …"). progress, when
    // given, is called every few thousand lines with the bytes read so far; returning false
    // stops the import there.
    // How many skipped lines importJsonLines() describes; the rest are only counted.
    static constexpr int MaximumSkipReasons = 100;
    int importJsonLines(QIODevice *device, int *skipped = nullptr, QString *errorString = nullptr,
                        QStringList *skipReasons = nullptr,
                        const std::function<bool(qint64 bytesRead)> &progress = {});

Q_SIGNALS:
    void pausedChanged(bool paused);
    // Rows were dropped at the front to stay within maximumRecords().
    void recordsDropped(int count);

private:
    int noteIndex(const QString &note);
    // The record annotate() and appendNote() mark: *row is its row, -1 when not a row yet.
    TrafficRecord *findRequest(const QString &correlationId, int *row);
    void setNoteOf(TrafficRecord *record, int row, int note);
    void scheduleFlush();

    QList<TrafficRecord> m_records;
    QList<TrafficRecord> m_pending;
    QStringList m_notes;
    QHash<QString, int> m_noteIndexes;
    QHash<QString, int> m_pendingNotes; // correlationId -> note for a record not seen yet
    qint64 m_firstNumber = 1;
    int m_maximumRecords = DefaultMaximumRecords;
    bool m_paused = false;
    QTimer m_flushTimer;
    QElapsedTimer m_sinceFlush; // invalid until the first batch
};

#endif // TRAFFICMODEL_H
