// SPDX-License-Identifier: MIT
#include "interceptrulesdialog.h"

#include <slimfaasprotocol.h>

#include <QtGui/qaction.h>
#include <QtWidgets/qboxlayout.h>
#include <QtWidgets/qcombobox.h>
#include <QtWidgets/qdialogbuttonbox.h>
#include <QtWidgets/qformlayout.h>
#include <QtWidgets/qlabel.h>
#include <QtWidgets/qlineedit.h>
#include <QtWidgets/qlistwidget.h>
#include <QtWidgets/qpushbutton.h>

using SlimFaasProtocol::MessageType;

InterceptRulesDialog::InterceptRulesDialog(const InterceptRules &rules, QWidget *parent)
    : QDialog(parent), m_rules(rules.rules()), m_list(new QListWidget(this)),
      m_direction(new QComboBox(this)), m_type(new QComboBox(this)),
      m_function(new QLineEdit(this)), m_method(new QLineEdit(this)), m_path(new QLineEdit(this)),
      m_remove(new QPushButton(tr("&Remove"), this))
{
    setWindowTitle(tr("Intercept rules"));
    setObjectName(QStringLiteral("interceptRulesDialog"));
    m_list->setObjectName(QStringLiteral("interceptRuleList"));
    m_direction->setObjectName(QStringLiteral("interceptDirection"));
    m_type->setObjectName(QStringLiteral("interceptType"));
    m_function->setObjectName(QStringLiteral("interceptFunction"));
    m_method->setObjectName(QStringLiteral("interceptMethod"));
    m_path->setObjectName(QStringLiteral("interceptPath"));
    m_direction->addItem(tr("both ways"), int(InterceptRule::AnyDirection));
    m_direction->addItem(tr("in: to the function"), int(InterceptRule::ToFunction));
    m_direction->addItem(tr("out: from the function"), int(InterceptRule::FromFunction));
    m_type->addItem(tr("any message"), -1);
    for (MessageType type :
         { MessageType::AsyncRequest, MessageType::AsyncCallback, MessageType::PublishEvent,
           MessageType::SyncRequestStart, MessageType::SyncRequestChunk,
           MessageType::SyncRequestEnd, MessageType::SyncResponseStart,
           MessageType::SyncResponseChunk, MessageType::SyncResponseEnd, MessageType::SyncCancel,
           MessageType::Register, MessageType::RegisterResponse, MessageType::Ping,
           MessageType::Pong })
        m_type->addItem(SlimFaasProtocol::messageTypeName(type), int(type));
    m_function->setPlaceholderText(tr("any function; a glob such as order*"));
    m_method->setPlaceholderText(tr("any method; POST, GET…"));
    m_path->setPlaceholderText(tr("any path; a glob such as jobs/*"));

    auto *add = new QPushButton(tr("&Add"), this);
    add->setObjectName(QStringLiteral("addInterceptRule"));
    m_remove->setObjectName(QStringLiteral("removeInterceptRule"));
    connect(add, &QPushButton::clicked, this, &InterceptRulesDialog::addRule);
    connect(m_remove, &QPushButton::clicked, this, &InterceptRulesDialog::removeRule);
    // The list's own keys: Insert adds, Delete removes.
    auto *insertKey = new QAction(m_list);
    insertKey->setShortcut(QKeySequence(Qt::Key_Insert));
    insertKey->setShortcutContext(Qt::WidgetShortcut);
    connect(insertKey, &QAction::triggered, this, &InterceptRulesDialog::addRule);
    auto *deleteKey = new QAction(m_list);
    deleteKey->setShortcut(QKeySequence::Delete);
    deleteKey->setShortcutContext(Qt::WidgetShortcut);
    connect(deleteKey, &QAction::triggered, this, &InterceptRulesDialog::removeRule);
    m_list->addActions({ insertKey, deleteKey });

    connect(m_list, &QListWidget::currentRowChanged, this, &InterceptRulesDialog::showRule);
    connect(m_direction, &QComboBox::currentIndexChanged, this, &InterceptRulesDialog::storeRule);
    connect(m_type, &QComboBox::currentIndexChanged, this, &InterceptRulesDialog::storeRule);
    for (QLineEdit *edit : { m_function, m_method, m_path })
        connect(edit, &QLineEdit::textEdited, this, &InterceptRulesDialog::storeRule);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *listButtons = new QHBoxLayout;
    listButtons->addWidget(add);
    listButtons->addWidget(m_remove);
    listButtons->addStretch();
    auto *form = new QFormLayout;
    form->addRow(tr("&Direction"), m_direction);
    form->addRow(tr("Message &type"), m_type);
    form->addRow(tr("&Function"), m_function);
    form->addRow(tr("&Method"), m_method);
    form->addRow(tr("&Path"), m_path);
    auto *layout = new QVBoxLayout(this);
    auto *explanation = new QLabel(tr("A message any rule takes is held in the Intercepted list "
                                      "before it is delivered. Empty fields take everything."),
                                   this);
    explanation->setWordWrap(true);
    layout->addWidget(explanation);
    layout->addWidget(m_list);
    layout->addLayout(listButtons);
    layout->addLayout(form);
    layout->addWidget(buttons);
    const QList<QWidget *> order
            = { m_list, add, m_remove, m_direction, m_type, m_function, m_method, m_path };
    for (qsizetype i = 1; i < order.size(); ++i)
        setTabOrder(order.at(i - 1), order.at(i));

    for (const InterceptRule &rule : std::as_const(m_rules))
        m_list->addItem(rule.description());
    m_list->setCurrentRow(m_rules.isEmpty() ? -1 : 0);
    showRule(m_list->currentRow());
    resize(520, 460);
}

InterceptRules InterceptRulesDialog::rules() const
{
    InterceptRules rules;
    rules.setRules(m_rules);
    return rules;
}

void InterceptRulesDialog::addRule()
{
    InterceptRule rule;
    rule.direction = InterceptRule::ToFunction;
    rule.type = int(MessageType::AsyncRequest);
    m_rules.append(rule);
    m_list->addItem(rule.description());
    m_list->setCurrentRow(int(m_rules.size()) - 1);
    m_direction->setFocus(Qt::OtherFocusReason);
}

void InterceptRulesDialog::removeRule()
{
    const int row = m_list->currentRow();
    if (row < 0)
        return;
    m_rules.removeAt(row);
    delete m_list->takeItem(row);
    showRule(m_list->currentRow());
}

void InterceptRulesDialog::showRule(int row)
{
    const bool valid = row >= 0 && row < m_rules.size();
    for (QWidget *field : std::initializer_list<QWidget *>{ m_direction, m_type, m_function,
                                                            m_method, m_path, m_remove })
        field->setEnabled(valid);
    if (!valid)
        return;
    const InterceptRule &rule = m_rules.at(row);
    m_showing = true;
    m_direction->setCurrentIndex(m_direction->findData(int(rule.direction)));
    m_type->setCurrentIndex(qMax(0, m_type->findData(rule.type)));
    m_function->setText(rule.function);
    m_method->setText(rule.method);
    m_path->setText(rule.pathGlob);
    m_showing = false;
}

void InterceptRulesDialog::storeRule()
{
    const int row = m_list->currentRow();
    if (m_showing || row < 0 || row >= m_rules.size())
        return;
    InterceptRule &rule = m_rules[row];
    rule.direction = InterceptRule::Direction(m_direction->currentData().toInt());
    rule.type = m_type->currentData().toInt();
    rule.function = m_function->text().trimmed();
    rule.method = m_method->text().trimmed();
    rule.pathGlob = m_path->text().trimmed();
    m_list->item(row)->setText(rule.description());
}
