// SPDX-License-Identifier: MIT
#include "detailpane.h"

#include "curlcommand.h"
#include "monitorsession.h"

#include <QtCore/qdatetime.h>
#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>
#include <QtGui/qclipboard.h>
#include <QtGui/qfontdatabase.h>
#include <QtGui/qguiapplication.h>
#include <QtWidgets/qboxlayout.h>
#include <QtWidgets/qcombobox.h>
#include <QtWidgets/qheaderview.h>
#include <QtWidgets/qlabel.h>
#include <QtWidgets/qmenu.h>
#include <QtWidgets/qplaintextedit.h>
#include <QtWidgets/qpushbutton.h>
#include <QtWidgets/qsplitter.h>
#include <QtWidgets/qtablewidget.h>
#include <QtWidgets/qtoolbutton.h>
#include <QtWidgets/qtreewidget.h>

DetailPane::DetailPane(MonitorSession *session, QWidget *parent)
    : QWidget(parent), m_session(session), m_fields(new QTreeWidget(this)),
      m_headers(new QTableWidget(0, 2, this)), m_bodyView(new QComboBox(this)),
      m_body(new QPlainTextEdit(this)), m_copyCurl(new QPushButton(tr("Copy as curl"), this))
{
    m_fields->setHeaderLabels({ tr("Field"), tr("Value") });
    m_fields->setRootIsDecorated(false);
    m_fields->setAlternatingRowColors(true);
    m_fields->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_headers->setHorizontalHeaderLabels({ tr("Header"), tr("Value") });
    m_headers->horizontalHeader()->setStretchLastSection(true);
    m_headers->verticalHeader()->hide();
    m_headers->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_headers->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_headers->setWordWrap(false);
    m_headers->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_headers->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_bodyView->addItem(tr("Text"), TextView);
    m_bodyView->addItem(tr("JSON"), JsonView);
    m_bodyView->addItem(tr("Hex"), HexView);
    m_body->setReadOnly(true);
    m_body->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_body->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    // The curl line is what people copy most; the rest is one menu away, so that the bar
    // fits a narrow pane in any language.
    m_copyCurl->setObjectName(QStringLiteral("copyCurlButton"));
    m_copyCurl->setToolTip(tr("A curl command that sends the caller's request again."));
    auto *copyMenu = new QMenu(this);
    copyMenu->addAction(tr("Copy body"), this, [this] { copy(bodyText()); });
    copyMenu->addAction(tr("Copy headers"), this, [this] { copy(headersText()); });
    copyMenu->addAction(tr("Copy as JSON"), this, [this] { copy(jsonText()); })
            ->setToolTip(tr("The message as one JSON line, as slimfaas-tap prints it."));
    copyMenu->setToolTipsVisible(true);
    auto *copyOther = new QToolButton(this);
    copyOther->setObjectName(QStringLiteral("copyMenuButton"));
    copyOther->setText(tr("Copy"));
    copyOther->setToolTip(tr("Copy the body, the headers or the message as JSON."));
    copyOther->setMenu(copyMenu);
    copyOther->setPopupMode(QToolButton::InstantPopup);
    connect(m_copyCurl, &QPushButton::clicked, this, [this] { copy(curlText()); });
    connect(m_bodyView, &QComboBox::currentIndexChanged, this, &DetailPane::renderBody);

    auto *bodyBar = new QHBoxLayout;
    auto *bodyAs = new QLabel(tr("Body as"), this);
    bodyAs->setBuddy(m_bodyView);
    bodyBar->addWidget(bodyAs);
    bodyBar->addWidget(m_bodyView);
    bodyBar->addStretch();
    bodyBar->addWidget(copyOther);
    bodyBar->addWidget(m_copyCurl);
    auto *bodyPart = new QWidget(this);
    auto *bodyLayout = new QVBoxLayout(bodyPart);
    bodyLayout->setContentsMargins(0, 0, 0, 0);
    bodyLayout->addLayout(bodyBar);
    bodyLayout->addWidget(m_body);

    auto *left = new QSplitter(Qt::Vertical, this);
    left->addWidget(m_fields);
    left->addWidget(m_headers);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(left);
    split->addWidget(bodyPart);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    // Room for a correlation id and a typical header value.
    left->setMinimumWidth(fontMetrics().horizontalAdvance(QLatin1Char('x')) * 40);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);
    clear();
}

void DetailPane::clear()
{
    m_record.reset();
    m_streamBody.reset();
    m_fields->clear();
    m_headers->setRowCount(0);
    m_body->setPlaceholderText(tr("Select a message to see its fields and body."));
    m_body->clear();
    m_copyCurl->setEnabled(false);
}

QString DetailPane::fieldValue(const QString &field) const
{
    const QList<QTreeWidgetItem *> items = m_fields->findItems(field, Qt::MatchExactly, 0);
    return items.isEmpty() ? QString() : items.first()->text(1);
}

void DetailPane::showRecord(const TrafficRecord &record, const QString &note,
                            const std::optional<QByteArray> &streamBody)
{
    // The same message again (its note or its stream changed): the body keeps its place.
    const bool sameBody = m_record && *m_record == record && m_streamBody == streamBody;
    m_record = record;
    m_streamBody = streamBody;
    m_fields->clear();
    auto add = [this](const QString &field, const QString &value) {
        m_fields->addTopLevelItem(new QTreeWidgetItem({ field, value }));
    };
    add(tr("Time"), QDateTime::fromMSecsSinceEpoch(record.time()).toString(Qt::ISODateWithMs));
    add(tr("Direction"),
        record.direction() == TrafficRecord::In ? tr("in (from SlimFaas)")
                                                : tr("out (to SlimFaas)"));
    add(tr("Type"),
        QStringLiteral("%1 (%2)")
                .arg(SlimFaasProtocol::messageTypeName(record.type()))
                .arg(int(record.type())));
    add(tr("Correlation id"), record.correlationId());
    if (!record.method().isEmpty()) {
        add(tr("Method"), record.method());
        add(tr("Path"), record.path());
        add(tr("Query"), record.query());
    }
    if (record.status())
        add(tr("Status"), QString::number(record.status()));
    if (record.tryNumber())
        add(tr("Try"), QString::number(record.tryNumber()));
    if (record.hasFrameFlags())
        add(tr("Frame flags"),
            QStringLiteral("0x%1%2")
                    .arg(record.frameFlags(), 2, 16, QLatin1Char('0'))
                    .arg(record.frameFlags() & 1 ? tr(" (end of stream)") : QString()));
    switch (record.bodyState()) {
    case TrafficRecord::BodyState::Absent:
        break;
    case TrafficRecord::BodyState::Null:
        add(tr("Body"), tr("null"));
        break;
    case TrafficRecord::BodyState::Present:
        add(tr("Body"),
            record.isBodyTruncated() ? tr("%1 bytes, first %2 kept")
                                               .arg(record.bodySize())
                                               .arg(record.bodyView().size())
                                     : tr("%1 bytes").arg(record.bodySize()));
        break;
    }
    const QJsonObject extra = record.extraFields();
    for (auto it = extra.constBegin(); it != extra.constEnd(); ++it) {
        if (it.key() == QLatin1String("headers"))
            continue;
        const QJsonValue value = it.value();
        add(it.key(),
            value.isString() ? value.toString()
                    : value.isBool()
                    ? (value.toBool() ? QStringLiteral("true") : QStringLiteral("false"))
                    : value.isDouble()
                    ? QString::number(value.toDouble())
                    : QString::fromUtf8(QJsonDocument::fromVariant(value.toVariant())
                                                .toJson(QJsonDocument::Compact)));
    }
    if (streamBody)
        add(tr("Body"),
            tr("%n byte(s), in the chunks that follow", nullptr, int(streamBody->size())));
    if (!note.isEmpty())
        add(tr("Answered by"), note);

    m_headers->setRowCount(0);
    const QJsonObject headers = record.headers();
    for (auto it = headers.constBegin(); it != headers.constEnd(); ++it) {
        const QJsonArray values = it.value().toArray();
        for (const QJsonValue &value : values) {
            const int row = m_headers->rowCount();
            m_headers->insertRow(row);
            m_headers->setItem(row, 0, new QTableWidgetItem(it.key()));
            m_headers->setItem(row, 1, new QTableWidgetItem(value.toString()));
        }
    }
    m_copyCurl->setEnabled(!curlText().isEmpty());
    m_body->setPlaceholderText(tr("No body."));
    if (!sameBody)
        renderBody();
}

DetailPane::BodyView DetailPane::bodyView() const
{
    return BodyView(m_bodyView->currentData().toInt());
}

void DetailPane::setBodyView(BodyView view)
{
    m_bodyView->setCurrentIndex(m_bodyView->findData(view));
}

QString DetailPane::hexDump(const QByteArray &bytes)
{
    QString out;
    out.reserve(bytes.size() * 4 + bytes.size() / 16 * 12);
    for (qsizetype offset = 0; offset < bytes.size(); offset += 16) {
        out += QStringLiteral("%1  ").arg(offset, 8, 16, QLatin1Char('0'));
        QString ascii;
        for (int i = 0; i < 16; ++i) {
            if (offset + i < bytes.size()) {
                const uchar c = uchar(bytes.at(offset + i));
                out += QStringLiteral("%1 ").arg(c, 2, 16, QLatin1Char('0'));
                ascii += (c >= 0x20 && c < 0x7f) ? QLatin1Char(char(c)) : QLatin1Char('.');
            } else {
                out += QLatin1String("   ");
            }
            if (i == 7)
                out += QLatin1Char(' ');
        }
        out += QLatin1Char(' ') + ascii + QLatin1Char('\n');
    }
    return out;
}

void DetailPane::renderBody()
{
    if (!m_record) {
        m_body->clear();
        return;
    }
    const QByteArray body = m_streamBody ? *m_streamBody : m_record->body();
    switch (bodyView()) {
    case TextView:
        m_body->setPlainText(QString::fromUtf8(body));
        break;
    case JsonView: {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(body, &error);
        if (error.error == QJsonParseError::NoError)
            m_body->setPlainText(QString::fromUtf8(document.toJson(QJsonDocument::Indented)));
        else
            m_body->setPlainText(tr("Not JSON (%1 at offset %2):\n\n%3")
                                         .arg(error.errorString())
                                         .arg(error.offset)
                                         .arg(QString::fromUtf8(body)));
        break;
    }
    case HexView:
        m_body->setPlainText(hexDump(body));
        break;
    }
}

QString DetailPane::bodyText() const
{
    if (!m_record)
        return {};
    return QString::fromUtf8(m_streamBody ? *m_streamBody : m_record->body());
}

QString DetailPane::headersText() const
{
    if (!m_record)
        return {};
    QStringList lines;
    const QJsonObject headers = m_record->headers();
    for (auto it = headers.constBegin(); it != headers.constEnd(); ++it) {
        const QJsonArray values = it.value().toArray();
        for (const QJsonValue &value : values)
            lines << it.key() + QStringLiteral(": ") + value.toString();
    }
    return lines.join(QLatin1Char('\n'));
}

QString DetailPane::jsonText() const
{
    return m_record
            ? QString::fromUtf8(QJsonDocument(m_record->toJson()).toJson(QJsonDocument::Compact))
            : QString();
}

QString DetailPane::curlText() const
{
    if (!m_record)
        return {};
    return CurlCommand::replay(*m_record, m_session->callerUrl(),
                               m_session->client()->functionConfig().functionName());
}

void DetailPane::copy(const QString &text)
{
    QGuiApplication::clipboard()->setText(text);
}
