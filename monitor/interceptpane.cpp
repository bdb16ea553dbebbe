// SPDX-License-Identifier: MIT
#include "interceptpane.h"

#include "interceptor.h"
#include "interceptrulesdialog.h"

#include <QtCore/qsettings.h>
#include <QtGui/qevent.h>
#include <QtGui/qfontdatabase.h>
#include <QtWidgets/qboxlayout.h>
#include <QtWidgets/qcheckbox.h>
#include <QtWidgets/qheaderview.h>
#include <QtWidgets/qlabel.h>
#include <QtWidgets/qmessagebox.h>
#include <QtWidgets/qplaintextedit.h>
#include <QtWidgets/qpushbutton.h>
#include <QtWidgets/qsplitter.h>
#include <QtWidgets/qtableview.h>

InterceptPane::InterceptPane(Interceptor *interceptor, QWidget *parent)
    : QWidget(parent), m_interceptor(interceptor), m_enabled(new QCheckBox(tr("&Intercept"), this)),
      m_summary(new QLabel(this)), m_view(new QTableView(this)), m_editor(new QPlainTextEdit(this)),
      m_forward(new QPushButton(tr("&Forward"), this)),
      m_forwardEdited(new QPushButton(tr("Forward &edited"), this)),
      m_drop(new QPushButton(tr("Dro&p"), this)),
      m_forwardAll(new QPushButton(tr("Forward a&ll"), this)),
      m_dropAll(new QPushButton(tr("Drop all"), this))
{
    setObjectName(QStringLiteral("interceptPane"));
    m_enabled->setObjectName(QStringLiteral("interceptEnabled"));
    m_view->setObjectName(QStringLiteral("interceptView"));
    m_editor->setObjectName(QStringLiteral("interceptEditor"));
    m_forward->setObjectName(QStringLiteral("forwardButton"));
    m_forwardEdited->setObjectName(QStringLiteral("forwardEditedButton"));
    m_drop->setObjectName(QStringLiteral("dropButton"));
    m_forwardAll->setObjectName(QStringLiteral("forwardAllButton"));
    m_dropAll->setObjectName(QStringLiteral("dropAllButton"));
    m_enabled->setToolTip(tr("Hold the messages the rules take before they are delivered. "
                             "Turning it off forwards every message held."));
    auto *rules = new QPushButton(tr("R&ules…"), this);
    rules->setObjectName(QStringLiteral("interceptRulesButton"));
    m_summary->setObjectName(QStringLiteral("interceptSummary"));
    m_summary->setWordWrap(true);

    m_view->setModel(interceptor->model());
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setTabKeyNavigation(false);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_view->horizontalHeader()->setStretchLastSection(true);
    const int x = fontMetrics().horizontalAdvance(QLatin1Char('x'));
    const int widths[] = { 6, 11, 5, 10, 17, 7, 16, 12, 12 };
    for (int column = 0; column < int(std::size(widths)); ++column)
        m_view->setColumnWidth(column, widths[column] * x);
    m_view->installEventFilter(this);

    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_editor->setTabChangesFocus(true);
    m_editor->setPlaceholderText(tr("The selected message, as JSON: edit its headers, body, "
                                    "status, query or path, then Forward edited."));
    m_editor->installEventFilter(this);
    m_editor->setToolTip(tr("The body is text when it is UTF-8 (\"bodyEncoding\": \"utf8\"); "
                            "base64 and the frame header are done on forwarding."));

    connect(m_enabled, &QCheckBox::toggled, interceptor, &Interceptor::setEnabled);
    connect(interceptor, &Interceptor::enabledChanged, this, [this](bool enabled) {
        m_enabled->setChecked(enabled);
        updateSummary();
    });
    connect(interceptor, &Interceptor::rulesChanged, this, &InterceptPane::updateSummary);
    connect(rules, &QPushButton::clicked, this, &InterceptPane::editRules);
    connect(m_forward, &QPushButton::clicked, this, &InterceptPane::forwardSelected);
    connect(m_forwardEdited, &QPushButton::clicked, this, &InterceptPane::forwardEditedSelected);
    connect(m_drop, &QPushButton::clicked, this, &InterceptPane::dropSelected);
    connect(m_forwardAll, &QPushButton::clicked, this, &InterceptPane::forwardAll);
    connect(m_dropAll, &QPushButton::clicked, this, &InterceptPane::dropAll);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &InterceptPane::showSelected);
    InterceptModel *model = interceptor->model();
    connect(model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (!m_view->currentIndex().isValid())
            selectRow(0);
        updateSummary();
    });
    connect(model, &QAbstractItemModel::rowsRemoved, this, [this] {
        if (!m_view->currentIndex().isValid())
            selectRow(0);
        showSelected();
        updateSummary();
    });
    connect(model, &QAbstractItemModel::dataChanged, this, [this] {
        // Messages held behind the one shown: the buttons' text says how many go with it.
        updateSummary();
    });

    auto *top = new QHBoxLayout;
    top->addWidget(m_enabled);
    top->addWidget(rules);
    top->addWidget(m_summary, 1);
    auto *buttons = new QHBoxLayout;
    for (QPushButton *button : { m_forward, m_forwardEdited, m_drop, m_forwardAll, m_dropAll })
        buttons->addWidget(button);
    buttons->addStretch();
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_view);
    split->addWidget(m_editor);
    split->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(split, 1);
    layout->addLayout(buttons);
    const QList<QWidget *> order = { m_enabled,       rules,  m_view,       m_editor, m_forward,
                                     m_forwardEdited, m_drop, m_forwardAll, m_dropAll };
    for (qsizetype i = 1; i < order.size(); ++i)
        setTabOrder(order.at(i - 1), order.at(i));

    QSettings settings;
    InterceptRules saved;
    saved.load(&settings);
    interceptor->setRules(saved);
    showSelected();
    updateSummary();
}

quint64 InterceptPane::selectedSerial() const
{
    const QModelIndex current = m_view->currentIndex();
    const InterceptModel *model = m_interceptor->model();
    return current.isValid() && current.row() < model->rowCount() ? model->at(current.row()).serial
                                                                  : 0;
}

void InterceptPane::selectRow(int row)
{
    if (row >= 0 && row < m_interceptor->model()->rowCount())
        m_view->setCurrentIndex(m_interceptor->model()->index(row, 0));
}

void InterceptPane::showSelected()
{
    const quint64 serial = selectedSerial();
    const bool any = serial != 0;
    for (QWidget *widget :
         std::initializer_list<QWidget *>{ m_forward, m_forwardEdited, m_drop, m_editor })
        widget->setEnabled(any);
    m_forwardAll->setEnabled(m_interceptor->model()->rowCount() > 0);
    m_dropAll->setEnabled(m_interceptor->model()->rowCount() > 0);
    if (serial == m_shown)
        return;
    m_shown = serial;
    const InterceptModel *model = m_interceptor->model();
    m_editor->setPlainText(
            any ? QString::fromUtf8(Interceptor::editableJson(model->at(model->rowOf(serial))))
                : QString());
}

void InterceptPane::updateSummary()
{
    const int rules = int(m_interceptor->rules().rules().size());
    const int held = m_interceptor->model()->rowCount();
    QString text;
    if (!m_interceptor->isEnabled())
        text = tr("Off: every message is delivered at once.");
    else if (rules == 0)
        text = tr("On, but no rule: nothing is held. Add rules.");
    else
        text = tr("On: %n rule(s) hold what they take.", nullptr, rules);
    if (held > 0)
        text += QLatin1Char(' ') + tr("%n message(s) held.", nullptr, held);
    QStringList descriptions;
    for (const InterceptRule &rule : m_interceptor->rules().rules())
        descriptions << rule.description();
    m_summary->setText(text);
    m_summary->setToolTip(descriptions.join(QLatin1Char('\n')));
    m_forwardAll->setEnabled(held > 0);
    m_dropAll->setEnabled(held > 0);
}

void InterceptPane::forwardSelected()
{
    const int row = m_view->currentIndex().row();
    if (m_interceptor->forward(selectedSerial()))
        selectRow(qMin(row, m_interceptor->model()->rowCount() - 1));
}

void InterceptPane::forwardEditedSelected()
{
    const quint64 serial = selectedSerial();
    if (!serial)
        return;
    const int row = m_view->currentIndex().row();
    QString error;
    if (!m_interceptor->forwardEdited(serial, m_editor->toPlainText().toUtf8(), &error)) {
        QMessageBox box(QMessageBox::Warning, tr("Cannot forward the edited message"), error,
                        QMessageBox::Ok, this);
        box.setObjectName(QStringLiteral("interceptEditError"));
        box.exec();
        m_editor->setFocus(Qt::OtherFocusReason);
        return;
    }
    selectRow(qMin(row, m_interceptor->model()->rowCount() - 1));
}

void InterceptPane::dropSelected()
{
    const int row = m_view->currentIndex().row();
    if (m_interceptor->drop(selectedSerial()))
        selectRow(qMin(row, m_interceptor->model()->rowCount() - 1));
}

void InterceptPane::forwardAll()
{
    m_interceptor->forwardAll();
}

void InterceptPane::dropAll()
{
    m_interceptor->dropAll();
}

void InterceptPane::editRules()
{
    InterceptRulesDialog dialog(m_interceptor->rules(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_interceptor->setRules(dialog.rules());
    QSettings settings;
    dialog.rules().save(&settings);
}

void InterceptPane::focusList()
{
    if (!m_view->currentIndex().isValid())
        selectRow(0);
    m_view->setFocus(Qt::ShortcutFocusReason);
}

bool InterceptPane::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::ShortcutOverride && watched == m_editor) {
        // Before the window's shortcuts: Ctrl+Enter and Escape are the editor's here.
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Escape
            || ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)
                && (key->modifiers() & Qt::ControlModifier))) {
            event->accept();
            return true;
        }
    }
    if (event->type() != QEvent::KeyPress)
        return QWidget::eventFilter(watched, event);
    const auto *key = static_cast<QKeyEvent *>(event);
    const bool plain = key->modifiers() == Qt::NoModifier || key->modifiers() == Qt::KeypadModifier;
    if (watched == m_view && plain) {
        switch (key->key()) {
        case Qt::Key_Return:
        case Qt::Key_Enter:
            forwardSelected();
            return true;
        case Qt::Key_Delete:
            dropSelected();
            return true;
        case Qt::Key_E:
            if (selectedSerial())
                m_editor->setFocus(Qt::OtherFocusReason);
            return true;
        default:
            break;
        }
    }
    if (watched == m_editor) {
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)
            && (key->modifiers() & Qt::ControlModifier)) {
            forwardEditedSelected();
            return true;
        }
        if (key->key() == Qt::Key_Escape) {
            m_view->setFocus(Qt::OtherFocusReason);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}
