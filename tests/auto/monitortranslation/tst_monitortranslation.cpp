// SPDX-License-Identifier: MIT
// The monitor speaks French when the locale asks for it, its catalogue is complete, and its
// English says "1 message", not "1 message(s)".

#include <mainwindow.h>
#include <monitorsession.h>
#include <monitortranslation.h>
#include <statuspanel.h>

#include <trafficmodel.h>
#include <trafficrecord.h>

#include <QtCore/qfile.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qlibraryinfo.h>
#include <QtCore/qsettings.h>
#include <QtCore/qstandardpaths.h>
#include <QtTest/qtest.h>
#include <QtWidgets/qlabel.h>
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
    // Before the French ones: a translator once installed stays for the whole run.
    void englishPluralForms();
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

    // The English catalogue holds the plural forms only, every one of them filled in.
    QFile english(QStringLiteral(SLIMFAAS_MONITOR_EN_TS));
    QVERIFY(english.open(QIODevice::ReadOnly));
    const QByteArray plurals = english.readAll();
    QVERIFY(plurals.contains("<message numerus=\"yes\">"));
    QCOMPARE(plurals.count("<message"), plurals.count("<message numerus=\"yes\">"));
    QVERIFY2(!plurals.contains("type=\"unfinished\""), "a plural has no English forms yet");
}

void tst_MonitorTranslation::noTranslationForAnUnknownLanguage()
{
    QVERIFY(!installMonitorTranslator(QLocale(QLocale::Welsh, QLocale::UnitedKingdom)));
}

void tst_MonitorTranslation::englishPluralForms()
{
    QVERIFY(installMonitorTranslator(QLocale(QLocale::English, QLocale::UnitedStates)));
    MainWindow window;
    auto *counts = window.findChild<QLabel *>(QStringLiteral("countsLabel"));
    QVERIFY(counts);
    window.traffic()->setPaused(true);
    auto ping = [](int i) {
        return *TrafficRecord::fromJson(QJsonObject{
                { QLatin1String("time"), QStringLiteral("2026-11-25T10:00:00.000Z") },
                { QLatin1String("direction"), QLatin1String("in") },
                { QLatin1String("typeCode"), 5 },
                { QLatin1String("correlationId"), QStringLiteral("ping-%1").arg(i) } });
    };
    window.traffic()->append(ping(1));
    QTRY_VERIFY2(counts->text().endsWith(QStringLiteral("paused, 1 message held")),
                 qPrintable(counts->text()));
    window.traffic()->append(ping(2));
    QTRY_VERIFY2(counts->text().endsWith(QStringLiteral("paused, 2 messages held")),
                 qPrintable(counts->text()));
    // The plural forms stay under an untranslated language too.
    QVERIFY(!installMonitorTranslator(QLocale(QLocale::Welsh, QLocale::UnitedKingdom)));
    QCOMPARE(QCoreApplication::translate("MainWindow", "Imported %n message(s) from %1.", nullptr,
                                         1),
             QStringLiteral("Imported 1 message from %1."));
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
