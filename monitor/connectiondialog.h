// SPDX-License-Identifier: MIT
#ifndef CONNECTIONDIALOG_H
#define CONNECTIONDIALOG_H

#include <slimfaasfunctionconfig.h>

#include <QtCore/qurl.h>
#include <QtWidgets/qdialog.h>

QT_BEGIN_NAMESPACE
class QCheckBox;
class QComboBox;
class QLineEdit;
class QSettings;
class QSpinBox;
QT_END_NAMESPACE

// Where the monitor registers and as what: an empty URL means the embedded emulator. As a
// proxy (proxy true) it registers nothing: functions connect to `listen` (HOST:PORT) and are
// relayed to `url`, the SlimFaas WebSocket URL. A value type; recent() and remember() on the
// thread that owns the QSettings.
struct ConnectionSettings
{
    QUrl url;
    SlimFaasFunctionConfig config;
    bool proxy = false;
    QString listen{};

    // "demo on the embedded emulator", "orders on ws://slimfaas:5003/ws", "proxy on
    // 127.0.0.1:5013 to ws://slimfaas:5003/ws".
    QString description() const;
    friend bool operator==(const ConnectionSettings &a, const ConnectionSettings &b)
    {
        return a.url == b.url && a.config == b.config && a.proxy == b.proxy && a.listen == b.listen;
    }

    // The last connections used, most recent first, from QSettings.
    static QList<ConnectionSettings> recent(QSettings *settings);
    static void remember(QSettings *settings, const ConnectionSettings &connection);
    static constexpr int MaximumRecent = 10;
};

// Edits a ConnectionSettings: register as a function (the URL, the function name and the nine
// SlimFaas/* fields of its configuration) or be a proxy (the address to listen on and the
// upstream URL), and offers the recent connections. GUI thread only.
class ConnectionDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ConnectionDialog(const ConnectionSettings &current,
                              const QList<ConnectionSettings> &recent, QWidget *parent = nullptr);

    ConnectionSettings settings() const;
    void setSettings(const ConnectionSettings &settings);

    void accept() override;

private:
    void updateMode();

    QList<ConnectionSettings> m_recent;
    QComboBox *m_recentBox;
    QComboBox *m_mode;
    QLineEdit *m_listen;
    QLineEdit *m_url;
    QLineEdit *m_function;
    QLineEdit *m_dependsOn;
    QLineEdit *m_subscribeEvents;
    QComboBox *m_defaultVisibility;
    QLineEdit *m_pathsVisibility;
    QLineEdit *m_configuration;
    QCheckBox *m_replicasStart;
    QSpinBox *m_parallel;
    QSpinBox *m_parallelPerPod;
    QComboBox *m_trust;
};

#endif // CONNECTIONDIALOG_H
