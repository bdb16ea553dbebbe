// SPDX-License-Identifier: MIT
// The monitor speaks French when the locale asks for it, and its catalogue is complete.

#include <mainwindow.h>
#include <monitorsession.h>
#include <monitortranslation.h>
#include <statuspanel.h>

#include <QtCore/qfile.h>
#include <QtCore/qlibraryinfo.h>
#include <QtCore/qsettings.h>
#include <QtCore/qstandardpaths.h>
#include <QtTest/qtest.h>
#include <QtWidgets/qmessagebox.h>
#include <QtWidgets/qpushbutton.h>
#include <QtWidgets/qtabwidget.h>
#include <QtWidgets/qtoolbar.h>

class tst_MonitorTranslation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void catalogueIsComplete();
    void noTranslationForAnUnknownLanguage();
    void windowShowsFrench();
    void qtsOwnDialogsInFrench();
};

void tst_MonitorTranslation::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("SlimFaasQtTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_monitortranslation"));
    QSettings().clear();
}

void tst_MonitorTranslation::catalogueIsComplete()
{
    QFile ts(QStringLiteral(SLIMFAAS_MONITOR_TS));
    QVERIFY(ts.open(QIODevice::ReadOnly));
    const QByteArray text = ts.readAll();
    QVERIFY(text.contains("<context>"));
    QVERIFY2(!text.contains("type=\"unfinished\""), "an entry has no French yet");
    QVERIFY(!text.contains("type=\"vanished\""));
}

void tst_MonitorTranslation::noTranslationForAnUnknownLanguage()
{
    QVERIFY(!installMonitorTranslator(QLocale(QLocale::Welsh, QLocale::UnitedKingdom)));
}

void tst_MonitorTranslation::windowShowsFrench()
{
    QVERIFY(installMonitorTranslator(QLocale(QLocale::French, QLocale::France)));
    MainWindow window;
    ConnectionSettings embedded;
    embedded.config.setFunctionName(QStringLiteral("demo"));
    QVERIFY(window.openConnection(embedded));
    QVERIFY(window.session()->client()->waitForReady(10000));
    QTRY_COMPARE(window.statusPanel()->stateText(), QStringLiteral("Prêt"));
    QCOMPARE(window.sideTabs()->tabText(0), QStringLiteral("Boîte de réception"));
    QVERIFY(window.windowTitle().startsWith(QStringLiteral("Moniteur SlimFaas")));
    QStringList actions;
    for (const QAction *action : window.findChild<QToolBar *>()->actions())
        actions << action->text();
    QVERIFY2(actions.contains(QStringLiteral("Connexion…")), qPrintable(actions.join(u'|')));
    auto *defer = window.findChild<QPushButton *>(QStringLiteral("deferButton"));
    QCOMPARE(defer->text(), QStringLiteral("Reporter"));
}

void tst_MonitorTranslation::qtsOwnDialogsInFrench()
{
    // Qt's catalogue comes from the system (Debian's qt6-translations-l10n, in .ci/setup).
    QVERIFY(QFile::exists(QLibraryInfo::path(QLibraryInfo::TranslationsPath)
                          + QStringLiteral("/qtbase_fr.qm")));
    QVERIFY(installMonitorTranslator(QLocale(QLocale::French, QLocale::France)));
    QMessageBox box(QMessageBox::Question, QStringLiteral("t"), QStringLiteral("t"),
                    QMessageBox::Yes | QMessageBox::Cancel);
    QCOMPARE(box.button(QMessageBox::Cancel)->text(), QStringLiteral("Annuler"));
    QCOMPARE(box.button(QMessageBox::Yes)->text().remove(QLatin1Char('&')), QStringLiteral("Oui"));
}

QTEST_MAIN(tst_MonitorTranslation)
#include "tst_monitortranslation.moc"
