// SPDX-License-Identifier: MIT
#ifndef BENCHRUNNER_H
#define BENCHRUNNER_H

#include "benchwire.h"

#include <QtCore/qjsonarray.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qstring.h>

// Runs every measurement, each in fresh processes of this same program (a load server and
// an answerer, the client and the bare baseline one after the other against identical
// servers), and prints one table, or JSON with --json.
class BenchRunner
{
public:
    struct Options
    {
        bool quick = false;
        bool json = false;
        int rounds = 1;   // each pair runs this often; the best of each is kept
        QStringList only; // kinds to run; all when empty
    };

    explicit BenchRunner(const Options &options);
    int run();

private:
    QJsonObject measure(const BenchWire::Scenario &scenario, const QString &answerer);
    QJsonObject compare(const BenchWire::Scenario &scenario);
    BenchWire::Scenario scenario(const QString &kind, int bodySize, int inFlight = 1) const;
    void printTable(const QJsonArray &rows) const;

    Options options;
    QString program;
};

#endif // BENCHRUNNER_H
