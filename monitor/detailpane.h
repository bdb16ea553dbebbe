// SPDX-License-Identifier: MIT
#ifndef DETAILPANE_H
#define DETAILPANE_H

#include "trafficrecord.h"

#include <QtWidgets/qwidget.h>

QT_BEGIN_NAMESPACE
class QComboBox;
class QToolButton;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;
class QTreeWidget;
QT_END_NAMESPACE

class MonitorSession;

// Everything about the selected message (Wireshark's detail and byte panes): every field,
// the headers as a table, the body as text, pretty-printed JSON or hex + ASCII, and copy
// buttons for the body, the headers, the whole message as JSON (the slimfaas-tap line)
// and a curl command that replays the caller's request. GUI thread only.
class DetailPane : public QWidget
{
    Q_OBJECT
public:
    enum BodyView { TextView, JsonView, HexView };
    Q_ENUM(BodyView)

    explicit DetailPane(MonitorSession *session, QWidget *parent = nullptr);

    // Shows this message. A SyncRequestStart's body comes in the chunks after it: give it as
    // streamBody (what has arrived so far) to show it with the request.
    void showRecord(const TrafficRecord &record, const QString &note = {},
                    const std::optional<QByteArray> &streamBody = std::nullopt);
    // Empties the pane.
    void clear();
    // Whether a message is shown.
    bool hasRecord() const { return m_record.has_value(); }
    // The value shown for a field ("Correlation id", "Answered by"…), empty when not shown.
    QString fieldValue(const QString &field) const;

    BodyView bodyView() const;
    void setBodyView(BodyView view);

    // What the copy buttons put on the clipboard.
    QString bodyText() const;
    QString headersText() const;
    QString jsonText() const;
    QString curlText() const;

    static QString hexDump(const QByteArray &bytes);

private:
    void renderBody();
    void copy(const QString &text);

    MonitorSession *m_session;
    std::optional<TrafficRecord> m_record;
    std::optional<QByteArray> m_streamBody;
    QTreeWidget *m_fields;
    QTableWidget *m_headers;
    QComboBox *m_bodyView;
    QPlainTextEdit *m_body;
    QPushButton *m_copyCurl;
};

#endif // DETAILPANE_H
