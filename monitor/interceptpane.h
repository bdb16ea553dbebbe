// SPDX-License-Identifier: MIT
#ifndef INTERCEPTPANE_H
#define INTERCEPTPANE_H

#include <QtWidgets/qwidget.h>

QT_BEGIN_NAMESPACE
class QCheckBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableView;
QT_END_NAMESPACE

class Interceptor;

// The Intercepted list and what to do with a held message: the switch and the rules on
// top, the messages held (how long, the deadline that matters, who, what), the selected
// one's JSON to edit, and Forward, Forward edited, Drop, Forward all, Drop all. The
// keyboard, on the list: Enter forwards, Delete drops, E goes to the editor; in the editor,
// Ctrl+Enter forwards what it says and Escape goes back to the list (the window's actions
// give the rest their shortcuts). GUI thread only.
class InterceptPane : public QWidget
{
    Q_OBJECT
public:
    explicit InterceptPane(Interceptor *interceptor, QWidget *parent = nullptr);

    QTableView *view() const { return m_view; }
    QPlainTextEdit *editor() const { return m_editor; }
    // The serial of the held message selected, 0 when none.
    quint64 selectedSerial() const;

public Q_SLOTS:
    void forwardSelected();
    // What the editor says: re-encoded and sent instead (a dialog says why not, if it cannot).
    void forwardEditedSelected();
    void dropSelected();
    void forwardAll();
    void dropAll();
    // Edits the rules in a dialog (saved in QSettings when accepted).
    void editRules();
    // Puts the keyboard on the list, selecting the oldest held message if none is.
    void focusList();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void showSelected();
    void updateSummary();
    void selectRow(int row);

    Interceptor *m_interceptor;
    QCheckBox *m_enabled;
    QLabel *m_summary;
    QTableView *m_view;
    QPlainTextEdit *m_editor;
    QPushButton *m_forward;
    QPushButton *m_forwardEdited;
    QPushButton *m_drop;
    QPushButton *m_forwardAll;
    QPushButton *m_dropAll;
    quint64 m_shown = 0; // the serial whose JSON the editor holds
};

#endif // INTERCEPTPANE_H
