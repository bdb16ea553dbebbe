// SPDX-License-Identifier: MIT
#include "answerrulesdialog.h"

#include <QtWidgets/qboxlayout.h>
#include <QtWidgets/qcombobox.h>
#include <QtWidgets/qdialogbuttonbox.h>
#include <QtWidgets/qheaderview.h>
#include <QtWidgets/qlabel.h>
#include <QtWidgets/qpushbutton.h>
#include <QtWidgets/qspinbox.h>
#include <QtWidgets/qtablewidget.h>

namespace {

enum Column { MethodColumn, PathColumn, KindColumn, ActionColumn, StatusColumn, DelayColumn };

QComboBox *actionBox(QWidget *parent, AnswerRule::Action action)
{
    auto *box = new QComboBox(parent);
    box->addItem(AnswerRulesDialog::tr("Answer status"), AnswerRule::AnswerStatus);
    box->addItem(AnswerRulesDialog::tr("Echo"), AnswerRule::Echo);
    box->addItem(AnswerRulesDialog::tr("Wait, then answer status"), AnswerRule::DelayThenStatus);
    box->addItem(AnswerRulesDialog::tr("Ask me"), AnswerRule::AskMe);
    box->setCurrentIndex(box->findData(action));
    return box;
}

QSpinBox *statusBox(QWidget *parent, int status)
{
    auto *box = new QSpinBox(parent);
    box->setRange(100, 599);
    box->setValue(status);
    return box;
}

QSpinBox *delayBox(QWidget *parent, int delay)
{
    auto *box = new QSpinBox(parent);
    // An answer later than 300 s is never taken (docs/protocol.md §4).
    box->setRange(0, 299000);
    box->setSingleStep(500);
    box->setSuffix(AnswerRulesDialog::tr(" ms"));
    box->setValue(delay);
    return box;
}

} // namespace

AnswerRulesDialog::AnswerRulesDialog(const AnswerRules &rules, QWidget *parent)
    : QDialog(parent), m_table(new QTableWidget(0, 6, this)),
      m_defaultAction(actionBox(this, rules.defaultRule().action)),
      m_defaultStatus(statusBox(this, rules.defaultRule().status)),
      m_defaultDelay(delayBox(this, rules.defaultRule().delayMsecs))
{
    setWindowTitle(tr("Auto-answer rules"));
    m_defaultAction->setObjectName(QStringLiteral("defaultAction"));
    m_table->setObjectName(QStringLiteral("rulesTable"));
    m_table->setHorizontalHeaderLabels({ tr("Method"), tr("Path (glob)"), tr("Kind"), tr("Action"),
                                         tr("Status"), tr("Delay") });
    m_table->horizontalHeader()->setSectionResizeMode(PathColumn, QHeaderView::Stretch);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    for (const AnswerRule &rule : rules.rules())
        addRow(rule);

    auto *add = new QPushButton(tr("Add"), this);
    auto *remove = new QPushButton(tr("Remove"), this);
    auto *up = new QPushButton(tr("Up"), this);
    auto *down = new QPushButton(tr("Down"), this);
    connect(add, &QPushButton::clicked, this, [this] { addRow(AnswerRule()); });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_table->currentRow() >= 0)
            m_table->removeRow(m_table->currentRow());
    });
    connect(up, &QPushButton::clicked, this,
            [this] { moveRow(m_table->currentRow(), m_table->currentRow() - 1); });
    connect(down, &QPushButton::clicked, this,
            [this] { moveRow(m_table->currentRow(), m_table->currentRow() + 1); });
    auto *rowButtons = new QHBoxLayout;
    rowButtons->addWidget(add);
    rowButtons->addWidget(remove);
    rowButtons->addWidget(up);
    rowButtons->addWidget(down);
    rowButtons->addStretch();

    auto *defaults = new QHBoxLayout;
    defaults->addWidget(new QLabel(tr("Any other request:"), this));
    defaults->addWidget(m_defaultAction);
    defaults->addWidget(m_defaultStatus);
    defaults->addWidget(m_defaultDelay);
    defaults->addStretch();

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *help = new QLabel(tr("The first rule that matches a request answers it. Paths are "
                               "matched without their leading slash; * matches anything, "
                               "? one character. Method * means any method."),
                            this);
    help->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(help);
    layout->addWidget(m_table);
    layout->addLayout(rowButtons);
    layout->addLayout(defaults);
    layout->addWidget(buttons);
    resize(760, 420);
}

void AnswerRulesDialog::addRow(const AnswerRule &rule)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    m_table->setItem(row, MethodColumn, new QTableWidgetItem(rule.method));
    m_table->setItem(row, PathColumn, new QTableWidgetItem(rule.pathGlob));
    auto *kind = new QComboBox(m_table);
    kind->addItem(tr("Any"), AnswerRule::AnyRequest);
    kind->addItem(tr("Async"), AnswerRule::AsyncRequest);
    kind->addItem(tr("Sync"), AnswerRule::SyncRequest);
    kind->setCurrentIndex(kind->findData(rule.kind));
    m_table->setCellWidget(row, KindColumn, kind);
    m_table->setCellWidget(row, ActionColumn, actionBox(m_table, rule.action));
    m_table->setCellWidget(row, StatusColumn, statusBox(m_table, rule.status));
    m_table->setCellWidget(row, DelayColumn, delayBox(m_table, rule.delayMsecs));
}

AnswerRule AnswerRulesDialog::ruleAt(int row) const
{
    AnswerRule rule;
    const QString method = m_table->item(row, MethodColumn)->text().trimmed();
    rule.method = method.isEmpty() ? QStringLiteral("*") : method;
    const QString path = m_table->item(row, PathColumn)->text().trimmed();
    rule.pathGlob = path.isEmpty() ? QStringLiteral("*") : path;
    rule.kind = AnswerRule::Kind(
            qobject_cast<QComboBox *>(m_table->cellWidget(row, KindColumn))->currentData().toInt());
    rule.action
            = AnswerRule::Action(qobject_cast<QComboBox *>(m_table->cellWidget(row, ActionColumn))
                                         ->currentData()
                                         .toInt());
    rule.status = qobject_cast<QSpinBox *>(m_table->cellWidget(row, StatusColumn))->value();
    rule.delayMsecs = qobject_cast<QSpinBox *>(m_table->cellWidget(row, DelayColumn))->value();
    return rule;
}

void AnswerRulesDialog::moveRow(int from, int to)
{
    if (from < 0 || to < 0 || from >= m_table->rowCount() || to >= m_table->rowCount())
        return;
    // Cell widgets cannot move between rows: rebuild the table from the rules' values.
    QList<AnswerRule> list = rules().rules();
    list.move(from, to);
    m_table->setRowCount(0);
    for (const AnswerRule &rule : std::as_const(list))
        addRow(rule);
    m_table->selectRow(to);
}

AnswerRules AnswerRulesDialog::rules() const
{
    AnswerRules rules;
    QList<AnswerRule> list;
    for (int row = 0; row < m_table->rowCount(); ++row)
        list << ruleAt(row);
    rules.setRules(list);
    AnswerRule fallback;
    fallback.action = AnswerRule::Action(m_defaultAction->currentData().toInt());
    fallback.status = m_defaultStatus->value();
    fallback.delayMsecs = m_defaultDelay->value();
    rules.setDefaultRule(fallback);
    return rules;
}
