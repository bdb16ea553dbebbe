// SPDX-License-Identifier: MIT
#ifndef INTERCEPTRULESDIALOG_H
#define INTERCEPTRULESDIALOG_H

#include "interceptrules.h"

#include <QtWidgets/qdialog.h>

QT_BEGIN_NAMESPACE
class QComboBox;
class QLineEdit;
class QListWidget;
class QPushButton;
QT_END_NAMESPACE

// Edits the intercept rules: the list of them, and under it the fields of the one selected
// (direction, message type, function, method, path glob), changed as they are typed. Add and
// Remove (Insert and Delete on the list) edit the list. GUI thread only.
class InterceptRulesDialog : public QDialog
{
    Q_OBJECT
public:
    explicit InterceptRulesDialog(const InterceptRules &rules, QWidget *parent = nullptr);

    InterceptRules rules() const;
    QListWidget *list() const { return m_list; }

private:
    void addRule();
    void removeRule();
    void showRule(int row);
    void storeRule();

    QList<InterceptRule> m_rules;
    QListWidget *m_list;
    QComboBox *m_direction;
    QComboBox *m_type;
    QLineEdit *m_function;
    QLineEdit *m_method;
    QLineEdit *m_path;
    QPushButton *m_remove;
    bool m_showing = false;
};

#endif // INTERCEPTRULESDIALOG_H
