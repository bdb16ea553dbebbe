// SPDX-License-Identifier: MIT
#ifndef TRYPANE_H
#define TRYPANE_H

#include <QtWidgets/qwidget.h>

QT_BEGIN_NAMESPACE
class QPlainTextEdit;
QT_END_NAMESPACE

class MonitorSession;

// Where callers reach the function, and curl lines to paste in a terminal to send it a
// first request: on the embedded emulator, its WebSocket and HTTP URLs. GUI thread only.
class TryPane : public QWidget
{
    Q_OBJECT
public:
    explicit TryPane(MonitorSession *session, QWidget *parent = nullptr);

    QString text() const;

private:
    void refresh();

    MonitorSession *m_session;
    QPlainTextEdit *m_text;
};

#endif // TRYPANE_H
