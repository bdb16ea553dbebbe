// SPDX-License-Identifier: MIT
#include "filterbar.h"

#include "trafficfilter.h"

#include <QtWidgets/qboxlayout.h>
#include <QtWidgets/qcombobox.h>
#include <QtWidgets/qlabel.h>
#include <QtWidgets/qlineedit.h>
#include <QtWidgets/qspinbox.h>

FilterBar::FilterBar(TrafficFilter *filter, QWidget *parent)
    : QWidget(parent), m_filter(filter), m_text(new QLineEdit(this)), m_kind(new QComboBox(this)),
      m_direction(new QComboBox(this)), m_minimumStatus(new QSpinBox(this)),
      m_maximumStatus(new QSpinBox(this)), m_function(new QLineEdit(this)),
      m_connection(new QLineEdit(this)), m_node(new QLineEdit(this))
{
    m_text->setObjectName(QStringLiteral("filterText"));
    m_text->setPlaceholderText(tr("Filter: id, method, path, header, event…"));
    m_text->setClearButtonEnabled(true);
    m_kind->setObjectName(QStringLiteral("filterKind"));
    m_kind->addItem(tr("All messages"), TrafficFilter::AnyKind);
    m_kind->addItem(tr("Async"), TrafficFilter::AsyncKind);
    m_kind->addItem(tr("Events"), TrafficFilter::EventKind);
    m_kind->addItem(tr("Sync"), TrafficFilter::SyncKind);
    m_kind->addItem(tr("Registration"), TrafficFilter::RegistrationKind);
    m_kind->addItem(tr("Keepalive"), TrafficFilter::KeepaliveKind);
    m_direction->setObjectName(QStringLiteral("filterDirection"));
    m_direction->addItem(tr("In and out"), TrafficFilter::AnyDirection);
    m_direction->addItem(tr("In"), TrafficFilter::Incoming);
    m_direction->addItem(tr("Out"), TrafficFilter::Outgoing);
    for (QSpinBox *box : { m_minimumStatus, m_maximumStatus }) {
        box->setRange(0, 599);
        box->setSpecialValueText(tr("any"));
    }
    m_minimumStatus->setToolTip(tr("Lowest status shown; \"any\" shows messages without one."));
    m_maximumStatus->setToolTip(tr("Highest status shown."));

    m_function->setObjectName(QStringLiteral("filterFunction"));
    m_function->setPlaceholderText(tr("Function"));
    m_function->setToolTip(tr("Only the messages of this function (its exact name)."));
    m_function->setClearButtonEnabled(true);
    m_connection->setObjectName(QStringLiteral("filterConnection"));
    m_connection->setPlaceholderText(tr("Connection"));
    m_connection->setToolTip(tr("Only the messages of this connection (ws-… pod name, or the "
                                "proxy's connection id)."));
    m_connection->setClearButtonEnabled(true);
    m_node->setObjectName(QStringLiteral("filterNode"));
    m_node->setPlaceholderText(tr("Node"));
    m_node->setToolTip(tr("Only the messages that went through this SlimFaas node (its "
                          "WebSocket URL, as the Node column shows it)."));
    m_node->setClearButtonEnabled(true);
    for (QLineEdit *edit : { m_function, m_connection, m_node })
        edit->setMaximumWidth(140);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_kind);
    layout->addWidget(m_direction);
    layout->addWidget(new QLabel(tr("Status"), this));
    layout->addWidget(m_minimumStatus);
    layout->addWidget(new QLabel(tr("to"), this));
    layout->addWidget(m_maximumStatus);
    layout->addWidget(m_function);
    layout->addWidget(m_connection);
    layout->addWidget(m_node);

    m_typing.setSingleShot(true);
    m_typing.setInterval(250);
    connect(&m_typing, &QTimer::timeout, this, &FilterBar::apply);
    connect(m_text, &QLineEdit::textChanged, &m_typing, qOverload<>(&QTimer::start));
    connect(m_text, &QLineEdit::returnPressed, this, &FilterBar::apply);
    for (QLineEdit *edit : { m_function, m_connection, m_node }) {
        connect(edit, &QLineEdit::textChanged, &m_typing, qOverload<>(&QTimer::start));
        connect(edit, &QLineEdit::returnPressed, this, &FilterBar::apply);
    }
    connect(m_kind, &QComboBox::currentIndexChanged, this, &FilterBar::apply);
    connect(m_direction, &QComboBox::currentIndexChanged, this, &FilterBar::apply);
    connect(m_minimumStatus, &QSpinBox::valueChanged, this, &FilterBar::apply);
    connect(m_maximumStatus, &QSpinBox::valueChanged, this, &FilterBar::apply);
}

void FilterBar::apply()
{
    m_typing.stop();
    m_filter->setFilter(m_text->text(), TrafficFilter::Kind(m_kind->currentData().toInt()),
                        TrafficFilter::Direction(m_direction->currentData().toInt()),
                        m_minimumStatus->value(), m_maximumStatus->value());
    m_filter->setOrigin(m_function->text(), m_connection->text(), m_node->text());
}
