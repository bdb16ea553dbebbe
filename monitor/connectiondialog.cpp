// SPDX-License-Identifier: MIT
#include "connectiondialog.h"

#include <proxyoptions.h>
#include <slimfaasprotocol.h>

#include <QtCore/qjsondocument.h>
#include <QtCore/qsettings.h>
#include <QtWidgets/qcheckbox.h>
#include <QtWidgets/qcombobox.h>
#include <QtWidgets/qdialogbuttonbox.h>
#include <QtWidgets/qformlayout.h>
#include <QtWidgets/qlineedit.h>
#include <QtWidgets/qmessagebox.h>
#include <QtWidgets/qpushbutton.h>
#include <QtWidgets/qspinbox.h>

namespace {

QStringList splitList(const QString &text)
{
    QStringList items;
    const QStringList parts = text.split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        if (!part.trimmed().isEmpty())
            items << part.trimmed();
    }
    return items;
}

// "NAME" or "NAME:Public|Private"; nothing (and *error) when the visibility is wrong.
std::optional<std::pair<QString, std::optional<SlimFaas::Visibility>>>
splitVisibility(const QString &entry, QString *error)
{
    const qsizetype colon = entry.lastIndexOf(QLatin1Char(':'));
    if (colon < 0)
        return std::make_pair(entry, std::optional<SlimFaas::Visibility>());
    const auto visibility = SlimFaas::visibilityFromName(entry.mid(colon + 1));
    if (!visibility || colon == 0) {
        *error = ConnectionDialog::tr("\"%1\" should be NAME:Public or NAME:Private.").arg(entry);
        return std::nullopt;
    }
    return std::make_pair(entry.left(colon), visibility);
}

} // namespace

QString ConnectionSettings::description() const
{
    if (proxy)
        return ConnectionDialog::tr("proxy on %1 to %2").arg(listen, url.toString());
    return url.isEmpty()
            ? ConnectionDialog::tr("%1 on the embedded emulator").arg(config.functionName())
            : ConnectionDialog::tr("%1 on %2").arg(config.functionName(), url.toString());
}

QList<ConnectionSettings> ConnectionSettings::recent(QSettings *settings)
{
    QList<ConnectionSettings> connections;
    const int count = settings->beginReadArray(QStringLiteral("recentConnections"));
    for (int i = 0; i < count; ++i) {
        settings->setArrayIndex(i);
        const QJsonDocument document = QJsonDocument::fromJson(
                settings->value(QStringLiteral("register")).toByteArray());
        const auto config = SlimFaasProtocol::parseRegisterPayload(document.object());
        const bool proxy = settings->value(QStringLiteral("proxy")).toBool();
        if (!config || (config->functionName().isEmpty() && !proxy))
            continue; // an entry edited by hand into something unusable
        connections.append({ settings->value(QStringLiteral("url")).toUrl(), *config, proxy,
                             settings->value(QStringLiteral("listen")).toString() });
    }
    settings->endArray();
    return connections;
}

void ConnectionSettings::remember(QSettings *settings, const ConnectionSettings &connection)
{
    QList<ConnectionSettings> connections = recent(settings);
    connections.removeAll(connection);
    connections.prepend(connection);
    while (connections.size() > MaximumRecent)
        connections.removeLast();
    settings->beginWriteArray(QStringLiteral("recentConnections"), int(connections.size()));
    for (int i = 0; i < connections.size(); ++i) {
        settings->setArrayIndex(i);
        settings->setValue(QStringLiteral("url"), connections.at(i).url);
        settings->setValue(QStringLiteral("proxy"), connections.at(i).proxy);
        settings->setValue(QStringLiteral("listen"), connections.at(i).listen);
        settings->setValue(
                QStringLiteral("register"),
                QJsonDocument(SlimFaasProtocol::registerPayload(connections.at(i).config))
                        .toJson(QJsonDocument::Compact));
    }
    settings->endArray();
}

ConnectionDialog::ConnectionDialog(const ConnectionSettings &current,
                                   const QList<ConnectionSettings> &recent, QWidget *parent)
    : QDialog(parent), m_recent(recent), m_recentBox(new QComboBox(this)),
      m_mode(new QComboBox(this)), m_listen(new QLineEdit(this)), m_url(new QLineEdit(this)),
      m_function(new QLineEdit(this)), m_dependsOn(new QLineEdit(this)),
      m_subscribeEvents(new QLineEdit(this)), m_defaultVisibility(new QComboBox(this)),
      m_pathsVisibility(new QLineEdit(this)), m_configuration(new QLineEdit(this)),
      m_replicasStart(new QCheckBox(tr("ReplicasStartAsSoonAsOneFunctionRetrieveARequest"), this)),
      m_parallel(new QSpinBox(this)), m_parallelPerPod(new QSpinBox(this)),
      m_trust(new QComboBox(this))
{
    setWindowTitle(tr("Connect as a function"));
    m_recentBox->addItem(tr("(recent connections)"));
    for (const ConnectionSettings &connection : std::as_const(m_recent))
        m_recentBox->addItem(connection.description());
    m_recentBox->setEnabled(!m_recent.isEmpty());
    connect(m_recentBox, &QComboBox::activated, this, [this](int index) {
        if (index > 0)
            setSettings(m_recent.value(index - 1));
    });

    m_mode->setObjectName(QStringLiteral("modeBox"));
    m_mode->addItem(tr("Register as a function"));
    m_mode->addItem(tr("Proxy: relay other functions to SlimFaas"));
    m_mode->setToolTip(tr("As a proxy the monitor registers nothing: functions connect to it "
                          "as they would to SlimFaas, and it shows and intercepts every "
                          "message of each."));
    connect(m_mode, &QComboBox::currentIndexChanged, this, &ConnectionDialog::updateMode);
    m_listen->setObjectName(QStringLiteral("listenEdit"));
    m_listen->setPlaceholderText(tr("HOST:PORT functions connect to, e.g. 127.0.0.1:5013"));
    m_url->setObjectName(QStringLiteral("urlEdit"));
    m_function->setObjectName(QStringLiteral("functionEdit"));
    m_dependsOn->setPlaceholderText(tr("function names, comma-separated"));
    m_subscribeEvents->setPlaceholderText(tr("event[:Public|Private], comma-separated"));
    m_pathsVisibility->setPlaceholderText(tr("/path:Public|Private, comma-separated"));
    m_configuration->setPlaceholderText(tr("SlimFaas/Configuration JSON"));
    m_defaultVisibility->addItem(QStringLiteral("Public"));
    m_defaultVisibility->addItem(QStringLiteral("Private"));
    m_trust->addItem(QStringLiteral("Trusted"));
    m_trust->addItem(QStringLiteral("Untrusted"));
    for (QSpinBox *box : { m_parallel, m_parallelPerPod })
        box->setRange(1, 100000);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Connect"));
    connect(buttons, &QDialogButtonBox::accepted, this, &ConnectionDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ConnectionDialog::reject);

    auto *form = new QFormLayout(this);
    form->addRow(tr("Recent"), m_recentBox);
    form->addRow(tr("Mode"), m_mode);
    form->addRow(tr("Listen on"), m_listen);
    form->addRow(tr("SlimFaas URL"), m_url);
    form->addRow(tr("Function name"), m_function);
    form->addRow(QStringLiteral("DependsOn"), m_dependsOn);
    form->addRow(QStringLiteral("SubscribeEvents"), m_subscribeEvents);
    form->addRow(QStringLiteral("DefaultVisibility"), m_defaultVisibility);
    form->addRow(QStringLiteral("PathsStartWithVisibility"), m_pathsVisibility);
    form->addRow(QStringLiteral("Configuration"), m_configuration);
    form->addRow(QString(), m_replicasStart);
    form->addRow(QStringLiteral("NumberParallelRequest"), m_parallel);
    form->addRow(QStringLiteral("NumberParallelRequestPerPod"), m_parallelPerPod);
    form->addRow(QStringLiteral("DefaultTrust"), m_trust);
    form->addRow(buttons);
    setSettings(current);
}

void ConnectionDialog::setSettings(const ConnectionSettings &settings)
{
    const SlimFaasFunctionConfig &config = settings.config;
    m_mode->setCurrentIndex(settings.proxy ? 1 : 0);
    m_listen->setText(settings.listen);
    updateMode();
    m_url->setText(settings.url.toString());
    m_function->setText(config.functionName());
    m_dependsOn->setText(config.dependsOn().join(QStringLiteral(", ")));
    QStringList events;
    for (const SlimFaasSubscribeEvent &event : config.subscribeEvents())
        events << (event.visibility ? event.name + QLatin1Char(':')
                                   + SlimFaas::visibilityName(*event.visibility)
                                    : event.name);
    m_subscribeEvents->setText(events.join(QStringLiteral(", ")));
    m_defaultVisibility->setCurrentText(SlimFaas::visibilityName(config.defaultVisibility()));
    QStringList paths;
    for (const SlimFaasPathVisibility &path : config.pathsStartWithVisibility())
        paths << path.path + QLatin1Char(':') + SlimFaas::visibilityName(path.visibility);
    m_pathsVisibility->setText(paths.join(QStringLiteral(", ")));
    m_configuration->setText(config.configuration());
    m_replicasStart->setChecked(config.replicasStartAsSoonAsOneFunctionRetrieveARequest());
    m_parallel->setValue(config.numberParallelRequest());
    m_parallelPerPod->setValue(config.numberParallelRequestPerPod());
    m_trust->setCurrentText(SlimFaas::trustName(config.defaultTrust()));
}

ConnectionSettings ConnectionDialog::settings() const
{
    ConnectionSettings settings;
    const QString url = m_url->text().trimmed();
    if (!url.isEmpty())
        settings.url = QUrl(url);
    settings.proxy = m_mode->currentIndex() == 1;
    settings.listen = m_listen->text().trimmed();
    SlimFaasFunctionConfig &config = settings.config;
    config.setFunctionName(m_function->text().trimmed());
    config.setDependsOn(splitList(m_dependsOn->text()));
    QString ignored;
    for (const QString &entry : splitList(m_subscribeEvents->text())) {
        if (const auto event = splitVisibility(entry, &ignored)) {
            if (event->second)
                config.addSubscribeEvent(event->first, *event->second);
            else
                config.addSubscribeEvent(event->first);
        }
    }
    config.setDefaultVisibility(SlimFaas::visibilityFromName(m_defaultVisibility->currentText())
                                        .value_or(SlimFaas::Visibility::Public));
    for (const QString &entry : splitList(m_pathsVisibility->text())) {
        const auto path = splitVisibility(entry, &ignored);
        if (path && path->second)
            config.addPathStartWithVisibility(path->first, *path->second);
    }
    config.setConfiguration(m_configuration->text().trimmed());
    config.setReplicasStartAsSoonAsOneFunctionRetrieveARequest(m_replicasStart->isChecked());
    config.setNumberParallelRequest(m_parallel->value());
    config.setNumberParallelRequestPerPod(m_parallelPerPod->value());
    config.setDefaultTrust(
            SlimFaas::trustFromName(m_trust->currentText()).value_or(SlimFaas::Trust::Trusted));
    return settings;
}

void ConnectionDialog::updateMode()
{
    const bool proxy = m_mode->currentIndex() == 1;
    m_listen->setEnabled(proxy);
    for (QWidget *field : std::initializer_list<QWidget *>{
                 m_function, m_dependsOn, m_subscribeEvents, m_defaultVisibility, m_pathsVisibility,
                 m_configuration, m_replicasStart, m_parallel, m_parallelPerPod, m_trust })
        field->setEnabled(!proxy);
    m_url->setPlaceholderText(proxy ? tr("the SlimFaas to relay to: ws://slimfaas:5003/ws")
                                    : tr("empty: the embedded emulator; or "
                                         "ws://slimfaas:5003/ws"));
}

void ConnectionDialog::accept()
{
    // Refuse what the server would refuse or what would be silently dropped above.
    QString error;
    if (m_mode->currentIndex() == 1) {
        const auto endpoints
                = ProxyEndpoints::read(m_listen->text().trimmed(), m_url->text().trimmed(), &error);
        if (endpoints && endpoints->listenAddress().isNull())
            error = tr("\"%1\" is not an IP address to listen on.").arg(endpoints->listenHost);
        if (!error.isEmpty()) {
            QMessageBox::warning(this, windowTitle(), error);
            return;
        }
        QDialog::accept();
        return;
    }
    const QString typed = m_url->text().trimmed();
    const QUrl url(typed, QUrl::StrictMode);
    // The scheme as typed: an invalid URL has none to ask for.
    if (!typed.isEmpty() && !typed.startsWith(QLatin1String("ws://"), Qt::CaseInsensitive)
        && !typed.startsWith(QLatin1String("wss://"), Qt::CaseInsensitive))
        error = tr("The URL must start with ws:// or wss://, or be empty for the embedded "
                   "emulator.");
    else if (!typed.isEmpty() && !url.isValid())
        error = tr("\"%1\" is not a valid URL: %2").arg(typed, url.errorString());
    else if (!typed.isEmpty() && url.host().isEmpty())
        error = tr("The URL needs a host, as in ws://slimfaas:5003/ws.");
    else if (m_function->text().trimmed().isEmpty())
        error = tr("The function needs a name.");
    for (const QString &entry : splitList(m_subscribeEvents->text()))
        if (error.isEmpty())
            splitVisibility(entry, &error);
    for (const QString &entry : splitList(m_pathsVisibility->text())) {
        if (error.isEmpty() && !entry.contains(QLatin1Char(':')))
            error = tr("\"%1\" should be PATH:Public or PATH:Private.").arg(entry);
        else if (error.isEmpty())
            splitVisibility(entry, &error);
    }
    if (error.isEmpty() && !m_configuration->text().trimmed().isEmpty()) {
        QJsonParseError parseError;
        QJsonDocument::fromJson(m_configuration->text().trimmed().toUtf8(), &parseError);
        if (parseError.error != QJsonParseError::NoError)
            error = tr("Configuration is not valid JSON: %1").arg(parseError.errorString());
    }
    if (!error.isEmpty()) {
        QMessageBox::warning(this, windowTitle(), error);
        return;
    }
    QDialog::accept();
}
