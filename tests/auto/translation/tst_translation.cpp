// SPDX-License-Identifier: MIT
#include <slimfaasclient.h>
#include <slimfaastranslation.h>

#include <QtCore/qprocess.h>
#include <QtTest/qtest.h>

// English is the source; the French catalogue ships inside the library.
class tst_Translation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void libraryMessagesInFrench();
    void unknownLocaleChangesNothing();
    void programHelpFollowsTheLocale();
};

void tst_Translation::libraryMessagesInFrench()
{
    SlimFaasClient client;
    client.setUrl(QUrl(QStringLiteral("http://not-a-websocket")));
    client.open();
    QVERIFY(client.errorString().startsWith(QLatin1String("Invalid SlimFaas WebSocket URL")));

    QVERIFY(installSlimFaasTranslator(QLocale(QLocale::French, QLocale::France)));
    client.open();
    QCOMPARE(client.errorString(),
             QStringLiteral("URL WebSocket SlimFaas « http://not-a-websocket » invalide : ws:// ou "
                            "wss:// attendu."));
}

void tst_Translation::unknownLocaleChangesNothing()
{
    QVERIFY(!installSlimFaasTranslator(QLocale(QLocale::Japanese, QLocale::Japan)));
}

void tst_Translation::programHelpFollowsTheLocale()
{
    for (const auto &[locale, expected] :
         { std::pair{ "fr_FR.UTF-8", "Se connecte à SlimFaas comme fonction virtuelle" },
           std::pair{ "C", "Connects to SlimFaas as a virtual function" } }) {
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("LC_ALL"), QString::fromLatin1(locale));
        environment.insert(QStringLiteral("LANG"), QString::fromLatin1(locale));
        process.setProcessEnvironment(environment);
        process.start(QStringLiteral(SLIMFAAS_TAP_PATH), { QStringLiteral("--help") });
        QVERIFY(process.waitForFinished(10000));
        const QString help = QString::fromUtf8(process.readAllStandardOutput());
        QVERIFY2(help.contains(QString::fromUtf8(expected)), qPrintable(help));
    }
}

QTEST_GUILESS_MAIN(tst_Translation)
#include "tst_translation.moc"
