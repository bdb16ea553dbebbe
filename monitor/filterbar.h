// SPDX-License-Identifier: MIT
#ifndef FILTERBAR_H
#define FILTERBAR_H

#include <QtCore/qtimer.h>
#include <QtWidgets/qwidget.h>

QT_BEGIN_NAMESPACE
class QComboBox;
class QLineEdit;
class QSpinBox;
QT_END_NAMESPACE

class TrafficFilter;

// The controls above the traffic list: free text, message kind, direction, status range,
// function, connection and node, applied to a TrafficFilter. Typing is applied after a short pause
// so that a million rows are not filtered once per keystroke. GUI thread only.
class FilterBar : public QWidget
{
    Q_OBJECT
public:
    explicit FilterBar(TrafficFilter *filter, QWidget *parent = nullptr);

    QLineEdit *textEdit() const { return m_text; }
    QLineEdit *functionEdit() const { return m_function; }
    QLineEdit *connectionEdit() const { return m_connection; }
    QLineEdit *nodeEdit() const { return m_node; }
    // Applies what the controls say now, without waiting.
    void apply();

private:
    TrafficFilter *m_filter;
    QLineEdit *m_text;
    QComboBox *m_kind;
    QComboBox *m_direction;
    QSpinBox *m_minimumStatus;
    QSpinBox *m_maximumStatus;
    QLineEdit *m_function;
    QLineEdit *m_connection;
    QLineEdit *m_node;
    QTimer m_typing;
};

#endif // FILTERBAR_H
