// SPDX-License-Identifier: MIT
#ifndef EMULATORLOG_P_H
#define EMULATORLOG_P_H

//
//  W A R N I N G
//  -------------
// Not part of the public API: how the emulator writes its log lines.
//

#include <QtCore/qhash.h>
#include <QtCore/qloggingcategory.h>
#include <QtCore/qobject.h>
#include <QtCore/qtimer.h>

Q_DECLARE_LOGGING_CATEGORY(lcSlimFaasEmulator)

// text with every character that could end a log line or hide what follows (C0 and C1
// controls, DEL, the Unicode line and paragraph separators, bidirectional overrides) written
// as an escape (\n, \r, \t, \uXXXX), so that a value a peer chose (a function name, a path, a
// reason) cannot end a line or forge another.
QString escapeForLog(const QString &text);

// The emulator's log lines (category slimfaas.emulator), rate-limited: for each kind of line
// and each peer, the first LinesInFull of every Window are written in full, the others only
// counted, and the count is written when the window ends. A line is escaped whole.
//
// Lives on the emulator's thread.
class EmulatorLog : public QObject
{
    Q_OBJECT
public:
    static constexpr int LinesInFull = 5;
    static constexpr int Window = 10000; // ms
    // Beyond this many kinds and peers in one window, new ones share a single count.
    static constexpr int MaximumKeys = 1000;

    explicit EmulatorLog(QObject *parent = nullptr);
    ~EmulatorLog() override;

    // kind: a stable name for the line's kind (a warning code, a limit); peer: who caused it
    // (a peer's address, a function's name), empty when nobody in particular.
    void warning(const QString &kind, const QString &peer, const QString &text);
    void info(const QString &kind, const QString &peer, const QString &text);

private:
    struct Count
    {
        QtMsgType type = QtWarningMsg;
        QString kind;
        QString peer;
        int written = 0;
        qint64 suppressed = 0;
    };
    void write(QtMsgType type, const QString &kind, const QString &peer, const QString &text);
    static void emitLine(QtMsgType type, const QString &line);
    void endWindow();

    QHash<QString, Count> m_counts; // by kind and peer, for the current window
    QTimer m_window;
};

#endif // EMULATORLOG_P_H
