// SPDX-License-Identifier: MIT
#include "trafficmodel.h"

#include <QtCore/qdatetime.h>
#include <QtCore/qiodevice.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qlocale.h>
#include <QtCore/qstringconverter.h>
#include <QtCore/qtimer.h>
#include <QtGui/qbrush.h>
#include <QtGui/qcolor.h>
#include <QtGui/qfont.h>

namespace {

// How far back annotate() looks for the request a rule answered: it is almost always the
// newest row, and a bounded search keeps the call cheap with a million rows.
constexpr int AnnotateLookBack = 4096;

QString sizeText(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

// QJsonDocument replaces bad bytes without a word: a line with them is refused instead.
bool isValidUtf8(QByteArrayView bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString text = decoder.decode(bytes);
    Q_UNUSED(text);
    return !decoder.hasError();
}

} // namespace

TrafficModel::TrafficModel(QObject *parent) : QAbstractTableModel(parent)
{
    m_flushTimer.setSingleShot(true);
    connect(&m_flushTimer, &QTimer::timeout, this, [this] {
        if (!m_paused)
            flush();
    });
}

int TrafficModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_records.size());
}

int TrafficModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TrafficModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_records.size())
        return {};
    const TrafficRecord &r = m_records.at(index.row());
    if (r.isImported()) {
        // Read from a file: told apart from live traffic at a glance.
        if (role == Qt::FontRole) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        if (role == Qt::ToolTipRole && index.column() != SizeColumn)
            return tr("Imported from a capture file, not live traffic.");
        if (role == Qt::ForegroundRole && index.column() != StatusColumn)
            return QBrush(QColor(0x5f, 0x63, 0x68));
    }
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case NumberColumn:
            return number(index.row());
        case TimeColumn:
            return QDateTime::fromMSecsSinceEpoch(r.time()).toString(
                    QStringLiteral("HH:mm:ss.zzz"));
        case DirectionColumn:
            return r.direction() == TrafficRecord::In ? tr("in") : tr("out");
        case TypeColumn:
            return SlimFaasProtocol::messageTypeName(r.type());
        case IdColumn:
            return r.correlationId();
        case MethodColumn:
            return r.method();
        case PathColumn:
            // An event's name matters more than its path: both, name first.
            if (r.type() == SlimFaasProtocol::MessageType::PublishEvent)
                return tr("[%1] %2").arg(
                        r.extraFields().value(QLatin1String("eventName")).toString(), r.path());
            return r.path();
        case QueryColumn:
            return r.query();
        case StatusColumn:
            return r.status() ? QVariant(r.status()) : QVariant();
        case SizeColumn:
            if (r.bodyState() != TrafficRecord::BodyState::Present)
                return {};
            return r.isBodyTruncated() ? tr("%1 (truncated)").arg(sizeText(r.bodySize()))
                                       : sizeText(r.bodySize());
        case TryColumn:
            return r.tryNumber() ? QVariant(r.tryNumber()) : QVariant();
        case NoteColumn:
            return r.note() >= 0 ? m_notes.value(r.note()) : QString();
        case FunctionColumn:
            return r.function();
        case ConnectionColumn:
            return r.connection();
        case NodeColumn:
            return r.node();
        }
    } else if (role == Qt::ForegroundRole && index.column() == StatusColumn) {
        if (r.status() >= 500)
            return QBrush(QColor(0xc6, 0x28, 0x28));
        if (r.status() >= 400)
            return QBrush(QColor(0xb2, 0x6a, 0x00));
    } else if (role == Qt::TextAlignmentRole) {
        switch (index.column()) {
        case NumberColumn:
        case StatusColumn:
        case SizeColumn:
        case TryColumn:
            return int(Qt::AlignRight | Qt::AlignVCenter);
        }
    } else if (role == Qt::ToolTipRole && index.column() == SizeColumn && r.isBodyTruncated()) {
        return tr("Body of %n byte(s); the first %1 are kept.", nullptr, int(r.bodySize()))
                .arg(TrafficRecord::MaximumKeptBody);
    }
    return {};
}

QVariant TrafficModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NumberColumn:
        return tr("No.");
    case TimeColumn:
        return tr("Time");
    case DirectionColumn:
        return tr("Dir.");
    case TypeColumn:
        return tr("Type");
    case IdColumn:
        return tr("Element / correlation id");
    case MethodColumn:
        return tr("Method");
    case PathColumn:
        return tr("Path");
    case QueryColumn:
        return tr("Query");
    case StatusColumn:
        return tr("Status");
    case SizeColumn:
        return tr("Body");
    case TryColumn:
        return tr("Try");
    case NoteColumn:
        return tr("Answered by");
    case FunctionColumn:
        return tr("Function");
    case ConnectionColumn:
        return tr("Connection");
    case NodeColumn:
        return tr("Node");
    }
    return {};
}

void TrafficModel::setMaximumRecords(int count)
{
    m_maximumRecords = qMax(1, count);
    scheduleFlush();
}

void TrafficModel::setPaused(bool paused)
{
    if (m_paused == paused)
        return;
    m_paused = paused;
    emit pausedChanged(paused);
    if (!paused)
        scheduleFlush();
}

void TrafficModel::append(const TrafficRecord &record)
{
    m_pending.append(record);
    if (!m_pendingNotes.isEmpty()) {
        const auto note = m_pendingNotes.constFind(record.correlationId());
        if (note != m_pendingNotes.constEnd()) {
            m_pending.last().setNote(*note);
            m_pendingNotes.erase(note);
        }
    }
    scheduleFlush();
}

void TrafficModel::scheduleFlush()
{
    if (m_paused || m_flushTimer.isActive())
        return; // setPaused(false) schedules one
    // A message after a quiet spell shows at once; a stream of them in batches.
    const qint64 since = m_sinceFlush.isValid() ? m_sinceFlush.elapsed() : FlushIntervalMsecs;
    m_flushTimer.start(
            int(qBound<qint64>(0, FlushIntervalMsecs - since, qint64(FlushIntervalMsecs))));
}

void TrafficModel::flush()
{
    // Keep only what fits, dropping the oldest rows first, then the oldest waiting records.
    if (m_pending.size() > m_maximumRecords) {
        const qsizetype excess = m_pending.size() - m_maximumRecords;
        m_pending.remove(0, excess);
        m_firstNumber += excess;
    }
    const qsizetype overflow = m_records.size() + m_pending.size() - m_maximumRecords;
    if (overflow > 0) {
        const int dropped = int(qMin(overflow, m_records.size()));
        beginRemoveRows({}, 0, dropped - 1);
        m_records.remove(0, dropped);
        m_firstNumber += dropped;
        endRemoveRows();
        emit recordsDropped(dropped);
    }
    if (m_pending.isEmpty())
        return;
    m_sinceFlush.start();
    const int first = int(m_records.size());
    beginInsertRows({}, first, first + int(m_pending.size()) - 1);
    m_records.append(std::move(m_pending));
    m_pending = {};
    endInsertRows();
}

void TrafficModel::clear()
{
    beginResetModel();
    m_firstNumber += m_records.size() + m_pending.size();
    m_records.clear();
    m_pending.clear();
    m_pendingNotes.clear();
    endResetModel();
}

int TrafficModel::noteIndex(const QString &note)
{
    const auto it = m_noteIndexes.constFind(note);
    if (it != m_noteIndexes.constEnd())
        return *it;
    // Notes are rule descriptions: a handful. Past what a record can index, the last slot
    // is reused rather than growing without bound.
    if (m_notes.size() >= 0x7fff)
        return int(m_notes.size()) - 1;
    m_notes.append(note);
    m_noteIndexes.insert(note, int(m_notes.size()) - 1);
    return int(m_notes.size()) - 1;
}

namespace {

bool isRequest(SlimFaasProtocol::MessageType type)
{
    using SlimFaasProtocol::MessageType;
    return type == MessageType::AsyncRequest || type == MessageType::SyncRequestStart
            || type == MessageType::PublishEvent;
}

} // namespace

TrafficRecord *TrafficModel::findRequest(const QString &correlationId, int *row)
{
    // The request itself rather than the latest of its sync chunks; failing that, the latest
    // incoming message with the id.
    const QByteArray id = correlationId.toUtf8();
    const qsizetype stop = qMax<qsizetype>(0, m_records.size() - AnnotateLookBack);
    for (bool requestOnly : { true, false }) {
        for (qsizetype i = m_pending.size() - 1; i >= 0; --i) {
            const TrafficRecord &record = m_pending.at(i);
            if (record.direction() == TrafficRecord::In && record.correlationIdView() == id
                && (!requestOnly || isRequest(record.type()))) {
                *row = -1;
                return &m_pending[i];
            }
        }
        for (qsizetype i = m_records.size() - 1; i >= stop; --i) {
            const TrafficRecord &record = m_records.at(i);
            if (record.direction() == TrafficRecord::In && record.correlationIdView() == id
                && (!requestOnly || isRequest(record.type()))) {
                *row = int(i);
                return &m_records[i];
            }
        }
    }
    return nullptr;
}

void TrafficModel::setNoteOf(TrafficRecord *record, int row, int note)
{
    record->setNote(note);
    if (row >= 0) {
        const QModelIndex cell = createIndex(row, NoteColumn);
        emit dataChanged(cell, cell, { Qt::DisplayRole });
    }
}

void TrafficModel::annotate(const QString &correlationId, const QString &note)
{
    const int index = noteIndex(note);
    int row = -1;
    if (TrafficRecord *record = findRequest(correlationId, &row))
        setNoteOf(record, row, index);
    else
        m_pendingNotes.insert(correlationId, index);
}

void TrafficModel::appendNote(const QString &correlationId, const QString &note)
{
    int row = -1;
    TrafficRecord *record = findRequest(correlationId, &row);
    if (!record)
        return;
    const QString before = record->note() >= 0 ? m_notes.value(record->note()) : QString();
    if (before.contains(note))
        return;
    setNoteOf(record, row,
              noteIndex(before.isEmpty() ? note : before + QStringLiteral(" · ") + note));
}

bool TrafficModel::exportJsonLines(QIODevice *device, QString *errorString) const
{
    for (const TrafficRecord &record : m_records) {
        QJsonObject line = record.toJson();
        if (record.note() >= 0)
            line.insert(QLatin1String("note"), m_notes.value(record.note()));
        QByteArray bytes = QJsonDocument(line).toJson(QJsonDocument::Compact);
        bytes.append('\n');
        if (device->write(bytes) != bytes.size()) {
            if (errorString)
                *errorString = device->errorString();
            return false;
        }
    }
    return true;
}

int TrafficModel::importJsonLines(QIODevice *device, int *skipped, QString *errorString,
                                  QStringList *skipReasons,
                                  const std::function<bool(qint64 bytesRead)> &progress)
{
    if (!device->isReadable()) {
        if (errorString)
            *errorString = tr("The file is not open for reading.");
        return -1;
    }
    int count = 0;
    int bad = 0;
    qint64 lineNumber = 0;
    auto skip = [&bad, &lineNumber, skipReasons](const QString &reason) {
        if (skipReasons && bad < MaximumSkipReasons)
            skipReasons->append(tr("line %1: %2").arg(lineNumber).arg(reason));
        ++bad;
    };
    while (!device->atEnd()) {
        const QByteArray text = device->readLine().trimmed();
        ++lineNumber;
        if (progress && lineNumber % 4096 == 0 && !progress(device->pos()))
            break;
        if (text.isEmpty())
            continue;
        if (!isValidUtf8(text)) {
            skip(tr("not valid UTF-8"));
            continue;
        }
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(text, &parseError);
        if (parseError.error != QJsonParseError::NoError) {
            skip(tr("not JSON (%1 at offset %2)")
                         .arg(parseError.errorString())
                         .arg(parseError.offset));
            continue;
        }
        if (!document.isObject()) {
            skip(tr("a JSON array, not a message object"));
            continue;
        }
        QString reason;
        auto record = TrafficRecord::fromJson(document.object(), &reason);
        if (!record) {
            skip(tr("not a message (%1)").arg(reason));
            continue;
        }
        record->setImported(true);
        append(*record);
        const QString note = document.object().value(QLatin1String("note")).toString();
        if (!note.isEmpty())
            m_pending.last().setNote(noteIndex(note));
        ++count;
    }
    if (skipped)
        *skipped = bad;
    return count;
}
