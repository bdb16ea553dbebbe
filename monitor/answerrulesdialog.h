// SPDX-License-Identifier: MIT
#ifndef ANSWERRULESDIALOG_H
#define ANSWERRULESDIALOG_H

#include "answerrules.h"

#include <QtWidgets/qdialog.h>

QT_BEGIN_NAMESPACE
class QComboBox;
class QSpinBox;
class QTableWidget;
QT_END_NAMESPACE

// Edits the ordered auto-answer rules and the default action: one table row per rule
// (method, path glob, kind, action, status, delay), moved up and down to set the order.
// GUI thread only.
class AnswerRulesDialog : public QDialog
{
    Q_OBJECT
public:
    explicit AnswerRulesDialog(const AnswerRules &rules, QWidget *parent = nullptr);

    AnswerRules rules() const;

private:
    void addRow(const AnswerRule &rule);
    void moveRow(int from, int to);
    AnswerRule ruleAt(int row) const;

    QTableWidget *m_table;
    QComboBox *m_defaultAction;
    QSpinBox *m_defaultStatus;
    QSpinBox *m_defaultDelay;
};

#endif // ANSWERRULESDIALOG_H
