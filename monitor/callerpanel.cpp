// SPDX-License-Identifier: MIT
#include "callerpanel.h"

#include "monitorsession.h"
#include "trafficmodel.h"

#include <slimfaascaller.h>
#include <slimfaascallerror.h>
#include <slimfaascallreply.h>

#include <QtCore/qsettings.h>
#include <QtGui/qclipboard.h>
#include <QtGui/qfontdatabase.h>
#include <QtGui/qguiapplication.h>
#include <QtWidgets/qboxlayout.h>
#include <QtWidgets/qcombobox.h>
#include <QtWidgets/qformlayout.h>
#include <QtWidgets/qgroupbox.h>
#include <QtWidgets/qlabel.h>
#include <QtWidgets/qlineedit.h>
#include <QtWidgets/qlistwidget.h>
#include <QtWidgets/qplaintextedit.h>
#include <QtWidgets/qpushbutton.h>
#include <QtWidgets/qsplitter.h>

#include <algorithm>
#include <climits>
#include <utility>

using SlimFaasProtocol::MessageType;

// What the body view shows of a streamed response: enough to read, bounded so that a
// function streaming for minutes does not fill the memory with text.
static constexpr qint64 MaximumShownBody = 1024 * 1024;

static QPlainTextEdit *fixedFontEdit(const char *name, QWidget *parent)
{
    auto *edit = new QPlainTextEdit(parent);
    edit->setObjectName(QLatin1String(name));
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    return edit;
}

CallerPanel::CallerPanel(MonitorSession *session, QWidget *parent)
    : QWidget(parent), m_session(session), m_caller(new SlimFaasCaller(this)),
      m_url(new QLineEdit(this)), m_kind(new QComboBox(this)), m_method(new QComboBox(this)),
      m_targetLabel(new QLabel(this)), m_target(new QLineEdit(this)), m_path(new QLineEdit(this)),
      m_query(new QLineEdit(this)), m_headers(fixedFontEdit("callHeadersEdit", this)),
      m_body(fixedFontEdit("callBodyEdit", this)), m_send(new QPushButton(tr("Send"), this)),
      m_abort(new QPushButton(tr("Abort"), this)), m_result(new QLabel(this)),
      m_elementIdEdit(new QLineEdit(this)), m_follow(new QPushButton(tr("Show in traffic"), this)),
      m_outcomes(new QListWidget(this)),
      m_responseHeaders(fixedFontEdit("responseHeadersText", this)),
      m_responseBody(fixedFontEdit("responseBodyText", this)), m_historyList(new QListWidget(this)),
      m_decoder(QStringDecoder::Utf8)
{
    m_url->setObjectName(QStringLiteral("callUrlEdit"));
    m_url->setClearButtonEnabled(true);
    m_url->setToolTip(tr("SlimFaas's HTTP URL (port 5000). Empty: where this monitor's "
                         "callers go, the embedded emulator's URL when there is one."));
    m_kind->setObjectName(QStringLiteral("callKindCombo"));
    m_kind->addItem(tr("Sync call"), CallRequest::SyncCall);
    m_kind->addItem(tr("Async call"), CallRequest::AsyncCall);
    m_kind->addItem(tr("Publish event"), CallRequest::PublishEvent);
    m_method->setObjectName(QStringLiteral("callMethodCombo"));
    m_method->setEditable(true);
    m_method->addItems({ QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PUT"),
                         QStringLiteral("PATCH"), QStringLiteral("DELETE") });
    m_target->setObjectName(QStringLiteral("callTargetEdit"));
    m_path->setObjectName(QStringLiteral("callPathEdit"));
    m_path->setPlaceholderText(tr("hello/world"));
    m_query->setObjectName(QStringLiteral("callQueryEdit"));
    m_query->setPlaceholderText(tr("name=value&other=1"));
    m_headers->setPlaceholderText(tr("Name: value, one per line"));
    m_headers->setFixedHeight(fontMetrics().lineSpacing() * 3 + 10);
    m_body->setPlaceholderText(tr("Request body"));
    m_send->setObjectName(QStringLiteral("sendCallButton"));
    m_send->setDefault(true);
    m_abort->setObjectName(QStringLiteral("abortCallButton"));
    m_abort->setToolTip(tr("Close the connection of the sync call; the function is not told "
                           "and its request runs on."));
    m_abort->setEnabled(false);

    m_result->setObjectName(QStringLiteral("callResultLabel"));
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->setWordWrap(true);
    m_elementIdEdit->setObjectName(QStringLiteral("elementIdEdit"));
    m_elementIdEdit->setReadOnly(true);
    m_elementIdEdit->setPlaceholderText(tr("Element id of the async call"));
    m_follow->setObjectName(QStringLiteral("followButton"));
    m_follow->setToolTip(tr("Filter the traffic list on this element id."));
    m_follow->setEnabled(false);
    m_outcomes->setObjectName(QStringLiteral("callOutcomeList"));
    m_responseHeaders->setReadOnly(true);
    m_responseHeaders->setPlaceholderText(tr("Response headers"));
    m_responseBody->setReadOnly(true);
    m_responseBody->setPlaceholderText(tr("Response body"));
    m_historyList->setObjectName(QStringLiteral("callHistoryList"));
    m_historyList->setToolTip(tr("Click to edit a call again, double-click to send it again."));

    // The form.
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("SlimFaas URL"), m_url);
    auto *what = new QHBoxLayout;
    what->addWidget(m_kind);
    what->addWidget(m_method);
    what->addWidget(m_targetLabel);
    what->addWidget(m_target, 1);
    form->addRow(tr("Call"), what);
    form->addRow(tr("Path"), m_path);
    form->addRow(tr("Query"), m_query);
    form->addRow(tr("Headers"), m_headers);
    form->addRow(tr("Body"), m_body);
    auto *copyCurl = new QPushButton(tr("Copy as curl"), this);
    copyCurl->setObjectName(QStringLiteral("copyCurlButton"));
    copyCurl->setToolTip(tr("Copy this call as a curl command, to send it from a terminal."));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(copyCurl);
    buttons->addStretch();
    buttons->addWidget(m_abort);
    buttons->addWidget(m_send);
    auto *requestBox = new QWidget(this);
    auto *requestLayout = new QVBoxLayout(requestBox);
    requestLayout->setContentsMargins(0, 0, 0, 0);
    requestLayout->addLayout(form, 1);
    requestLayout->addLayout(buttons);

    // What came back.
    auto *responseBox = new QGroupBox(tr("Response"), this);
    QFont bold = m_result->font();
    bold.setBold(true);
    m_result->setFont(bold);
    m_elementRow = new QWidget(this);
    auto *async = new QHBoxLayout(m_elementRow);
    async->setContentsMargins(0, 0, 0, 0);
    async->addWidget(m_elementIdEdit, 1);
    async->addWidget(m_follow);
    auto *responseLayout = new QVBoxLayout(responseBox);
    responseLayout->addWidget(m_result);
    responseLayout->addWidget(m_elementRow);
    responseLayout->addWidget(m_outcomes, 1);
    responseLayout->addWidget(m_responseHeaders, 1);
    responseLayout->addWidget(m_responseBody, 2);

    auto *historyBox = new QGroupBox(tr("History"), this);
    auto *again = new QPushButton(tr("Send again"), this);
    again->setObjectName(QStringLiteral("resendButton"));
    auto *forget = new QPushButton(tr("Clear history"), this);
    forget->setObjectName(QStringLiteral("clearHistoryButton"));
    auto *historyButtons = new QHBoxLayout;
    historyButtons->addStretch();
    historyButtons->addWidget(forget);
    historyButtons->addWidget(again);
    auto *historyLayout = new QVBoxLayout(historyBox);
    historyLayout->addWidget(m_historyList);
    historyLayout->addLayout(historyButtons);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(requestBox);
    split->addWidget(responseBox);
    split->addWidget(historyBox);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setStretchFactor(2, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);

    connect(m_kind, &QComboBox::currentIndexChanged, this, &CallerPanel::kindChanged);
    connect(m_send, &QPushButton::clicked, this, &CallerPanel::send);
    // Return in a one-line field sends, as in a browser's address bar.
    for (QLineEdit *edit : { m_url, m_target, m_path, m_query })
        connect(edit, &QLineEdit::returnPressed, this, &CallerPanel::send);
    connect(m_abort, &QPushButton::clicked, this, &CallerPanel::abort);
    connect(copyCurl, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(request().curlCommand(m_session->callerUrl()));
    });
    connect(m_follow, &QPushButton::clicked, this, [this] {
        if (!m_elementId.isEmpty())
            emit followRequested(m_elementId);
    });
    connect(m_historyList, &QListWidget::itemClicked, this,
            [this](QListWidgetItem *item) { setRequest(m_history.at(m_historyList->row(item))); });
    // Double-click, not itemActivated: where a single click activates (KDE's setting), a click
    // meant to edit a call would send it.
    connect(m_historyList, &QListWidget::itemDoubleClicked, this,
            [this](QListWidgetItem *item) { resend(m_historyList->row(item)); });
    connect(again, &QPushButton::clicked, this, [this] {
        if (m_historyList->currentRow() >= 0)
            resend(m_historyList->currentRow());
    });
    connect(forget, &QPushButton::clicked, this, [this] {
        m_history.clear();
        QSettings settings;
        m_history.save(&settings);
        refreshHistory();
    });
    connect(m_session->traffic(), &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first, int last) { trafficRowsInserted(first, last); });
    connect(m_session, &MonitorSession::connectionChanged, this, &CallerPanel::sessionChanged);
    connect(m_session->client(), &SlimFaasClient::functionConfigChanged, this,
            &CallerPanel::sessionChanged);
    sessionChanged();
    QSettings settings;
    m_history.load(&settings);
    refreshHistory();
    kindChanged();
}

void CallerPanel::showResponseFor(CallRequest::Kind kind)
{
    // Only what this kind of call can bring back: headers and a body for a sync call, an
    // element id and its deliveries for an async one, a status line for an event.
    m_elementRow->setVisible(kind == CallRequest::AsyncCall);
    m_outcomes->setVisible(kind == CallRequest::AsyncCall);
    m_responseHeaders->setVisible(kind == CallRequest::SyncCall);
    m_responseBody->setVisible(kind == CallRequest::SyncCall);
}

CallerPanel::~CallerPanel()
{
    // The reply belongs to the panel, not to the caller: abort it before the caller goes so
    // that no signal of it reaches a half-destroyed panel.
    if (m_reply) {
        disconnect(m_reply, nullptr, this, nullptr);
        m_reply->abort();
        delete m_reply;
    }
}

void CallerPanel::sessionChanged()
{
    m_url->setPlaceholderText(m_session->callerUrl().toString());
    // The monitor's own function is the one to call, unless another name was typed.
    const QString function = m_session->client()->functionConfig().functionName();
    if (m_target->text().isEmpty() || m_target->text() == m_sessionFunction)
        m_target->setText(function);
    m_sessionFunction = function;
}

CallRequest CallerPanel::request() const
{
    CallRequest request;
    request.kind = CallRequest::Kind(m_kind->currentData().toInt());
    request.url = QUrl::fromUserInput(m_url->text().trimmed());
    request.target = m_target->text().trimmed();
    request.method = m_method->currentText().trimmed().toUpper();
    request.path = m_path->text().trimmed();
    request.query = m_query->text().trimmed();
    request.headers = m_headers->toPlainText();
    request.body = m_body->toPlainText();
    return request;
}

void CallerPanel::setRequest(const CallRequest &request)
{
    m_kind->setCurrentIndex(m_kind->findData(request.kind));
    m_url->setText(request.url.toString());
    m_target->setText(request.target);
    m_method->setCurrentText(request.method);
    m_path->setText(request.path);
    m_query->setText(request.query);
    m_headers->setPlainText(request.headers);
    m_body->setPlainText(request.body);
}

QString CallerPanel::resultText() const
{
    return m_result->text();
}

QString CallerPanel::responseHeadersText() const
{
    return m_responseHeaders->toPlainText();
}

QString CallerPanel::responseBodyText() const
{
    return m_responseBody->toPlainText();
}

QStringList CallerPanel::outcomes() const
{
    QStringList lines;
    for (int row = 0; row < m_outcomes->count(); ++row)
        lines << m_outcomes->item(row)->text();
    return lines;
}

bool CallerPanel::isRunning() const
{
    return m_running;
}

void CallerPanel::kindChanged()
{
    const auto kind = CallRequest::Kind(m_kind->currentData().toInt());
    const bool isEvent = kind == CallRequest::PublishEvent;
    // SlimFaas takes events as POSTs only; the method box would only mislead.
    m_method->setVisible(!isEvent);
    m_targetLabel->setText(isEvent ? tr("event") : tr("function"));
    m_target->setPlaceholderText(isEvent ? tr("Event name") : tr("Function name"));
    if (kind == CallRequest::AsyncCall && m_method->currentText() == QLatin1String("GET"))
        m_method->setCurrentText(QStringLiteral("POST"));
    // The response area keeps showing the last call's answer until another call is sent.
    if (m_result->text().isEmpty())
        showResponseFor(kind);
}

void CallerPanel::send()
{
    const CallRequest call = request();
    SlimFaasHeaders headers;
    QString badLine;
    if (!CallRequest::parseHeaders(call.headers, &headers, &badLine)) {
        resetResult();
        m_result->setText(
                tr("\"%1\" is not a header: write one \"Name: value\" per line.").arg(badLine));
        return;
    }
    const QUrl url = call.url.isEmpty() ? m_session->callerUrl() : call.url;
    if (!url.isValid() || url.isRelative()) {
        resetResult();
        m_result->setText(tr("No SlimFaas URL to send to: type one."));
        return;
    }
    if (m_reply) {
        disconnect(m_reply, nullptr, this, nullptr);
        m_reply->abort();
        m_reply->deleteLater();
    }
    resetResult();
    showResponseFor(call.kind);
    ++m_callNumber;
    m_caller->setUrl(url);
    // Read again first: another monitor window may have sent calls since.
    QSettings settings;
    m_history.load(&settings);
    m_history.add(call);
    m_history.save(&settings);
    refreshHistory();
    setRunning(true);
    m_clock.start();
    m_result->setText(tr("Sending to %1…").arg(url.toString()));
    switch (call.kind) {
    case CallRequest::SyncCall:
        startSync(call, headers);
        break;
    case CallRequest::AsyncCall:
        startAsync(call, headers);
        break;
    case CallRequest::PublishEvent:
        startPublish(call, headers);
        break;
    }
}

void CallerPanel::resend(int historyIndex)
{
    if (historyIndex < 0 || historyIndex >= m_history.size())
        return;
    setRequest(m_history.at(historyIndex));
    send();
}

void CallerPanel::abort()
{
    if (m_reply && m_reply->isRunning())
        m_reply->abort();
}

void CallerPanel::startSync(const CallRequest &request, const SlimFaasHeaders &headers)
{
    m_reply = m_caller->invoke(request.target, request.pathAndQuery(), request.method.toUtf8(),
                               headers, request.body.toUtf8());
    m_reply->setParent(this);
    m_abort->setEnabled(true);
    connect(m_reply, &SlimFaasCallReply::metaDataChanged, this, &CallerPanel::syncMetaData);
    connect(m_reply, &QIODevice::readyRead, this, &CallerPanel::syncReadyRead);
    connect(m_reply, &SlimFaasCallReply::finished, this, &CallerPanel::syncFinished);
}

void CallerPanel::syncMetaData()
{
    m_result->setText(tr("%1 · receiving…").arg(m_reply->statusCode()));
    QStringList lines;
    const SlimFaasHeaders headers = m_reply->headers();
    for (auto it = headers.cbegin(); it != headers.cend(); ++it) {
        for (const QString &value : it.value())
            lines << it.key() + QStringLiteral(": ") + value;
    }
    m_responseHeaders->setPlainText(lines.join(QLatin1Char('\n')));
}

void CallerPanel::syncReadyRead()
{
    const QByteArray chunk = m_reply->readAll();
    const qint64 room = std::max<qint64>(0, MaximumShownBody - m_bodyBytes);
    m_bodyBytes += chunk.size();
    if (room > 0) {
        // The decoder keeps a UTF-8 sequence split between two chunks for the next one.
        m_responseBody->moveCursor(QTextCursor::End);
        m_responseBody->insertPlainText(
                m_decoder.decode(chunk.first(std::min(room, qint64(chunk.size())))));
    }
    if (m_reply->statusCode())
        m_result->setText(
                tr("%1 · %n byte(s) so far…", nullptr, int(std::min<qint64>(m_bodyBytes, INT_MAX)))
                        .arg(m_reply->statusCode()));
}

void CallerPanel::syncFinished()
{
    syncReadyRead();
    const qint64 bytes = m_bodyBytes;
    QString text;
    if (m_reply->error() == SlimFaasCaller::NoError) {
        text = tr("%1 · %n byte(s)", nullptr, int(std::min<qint64>(bytes, INT_MAX)))
                       .arg(m_reply->statusCode());
    } else {
        text = m_reply->error() == SlimFaasCaller::OperationCanceled
                ? tr("Aborted after %n byte(s).", nullptr, int(std::min<qint64>(bytes, INT_MAX)))
                : tr("Failed: %1").arg(m_reply->errorString());
        if (m_reply->statusCode())
            text = tr("%1 · %2").arg(m_reply->statusCode()).arg(text);
    }
    if (bytes > MaximumShownBody)
        text += tr(" (the first %1 bytes are shown)").arg(MaximumShownBody);
    m_reply->deleteLater();
    m_reply = nullptr;
    finishWith(text);
}

void CallerPanel::startAsync(const CallRequest &request, const SlimFaasHeaders &headers)
{
    const quint64 number = m_callNumber;
    m_awaitingElementId = true;
    m_caller->enqueue(request.target, request.pathAndQuery(), request.method.toUtf8(), headers,
                      request.body.toUtf8())
            .then(this,
                  [this, number](const QString &elementId) {
                      if (number != m_callNumber)
                          return;
                      m_awaitingElementId = false;
                      m_elementId = elementId;
                      m_elementIdEdit->setText(elementId);
                      m_follow->setEnabled(true);
                      const QList<TrafficRecord> seen = std::exchange(m_unmatched, {});
                      for (const TrafficRecord &record : seen)
                          noteOutcome(record);
                      finishWith(tr("202 · queued as %1").arg(elementId));
                  })
            .onFailed(this, [this, number](const SlimFaasCallError &error) {
                if (number != m_callNumber)
                    return;
                m_awaitingElementId = false;
                m_unmatched.clear();
                finishWith(tr("Failed: %1").arg(error.errorString()));
            });
}

void CallerPanel::startPublish(const CallRequest &request, const SlimFaasHeaders &headers)
{
    const quint64 number = m_callNumber;
    m_caller->publish(request.target, request.pathAndQuery(), request.body.toUtf8(), headers)
            .then(this,
                  [this, number](SlimFaasCaller::PublishResult result) {
                      if (number != m_callNumber)
                          return;
                      finishWith(result == SlimFaasCaller::Delivered
                                         ? tr("204 · delivered to its subscribers")
                                         : tr("404 · nobody subscribes to this event"));
                  })
            .onFailed(this, [this, number](const SlimFaasCallError &error) {
                if (number != m_callNumber)
                    return;
                finishWith(tr("Failed: %1").arg(error.errorString()));
            });
}

void CallerPanel::finishWith(const QString &text)
{
    // From the click to the end of the answer, as the person waited for it.
    m_result->setText(tr("%1 · %2 ms").arg(text).arg(m_clock.elapsed()));
    setRunning(false);
    emit callFinished();
}

void CallerPanel::trafficRowsInserted(int first, int last)
{
    if (m_elementId.isEmpty() && !m_awaitingElementId)
        return;
    const TrafficModel *traffic = m_session->traffic();
    for (int row = first; row <= last; ++row) {
        const TrafficRecord &record = traffic->record(row);
        const MessageType type = record.type();
        if (type != MessageType::AsyncRequest && type != MessageType::AsyncCallback)
            continue;
        if (m_awaitingElementId)
            m_unmatched.append(record);
        else
            noteOutcome(record);
    }
}

void CallerPanel::noteOutcome(const TrafficRecord &record)
{
    if (record.correlationId() != m_elementId)
        return;
    // A callback carries no try number (docs/protocol.md §4): it answers the latest delivery.
    QString line;
    if (record.type() == MessageType::AsyncRequest) {
        m_lastTry = record.tryNumber();
        line = tr("try %1: delivered to the function").arg(m_lastTry);
    } else {
        line = tr("try %1: the function answered %2").arg(m_lastTry).arg(record.status());
    }
    m_outcomes->addItem(line);
    m_outcomes->scrollToBottom();
}

void CallerPanel::refreshHistory()
{
    m_historyList->clear();
    for (const CallRequest &request : m_history.entries())
        m_historyList->addItem(request.description());
}

void CallerPanel::resetResult()
{
    m_result->clear();
    m_elementId.clear();
    m_elementIdEdit->clear();
    m_follow->setEnabled(false);
    m_outcomes->clear();
    m_unmatched.clear();
    m_awaitingElementId = false;
    m_lastTry = 0;
    m_responseHeaders->clear();
    m_responseBody->clear();
    m_decoder = QStringDecoder(QStringDecoder::Utf8);
    m_bodyBytes = 0;
}

void CallerPanel::setRunning(bool running)
{
    m_running = running;
    m_abort->setEnabled(running && m_reply);
}
