// SPDX-License-Identifier: MIT
#ifndef MODALDIALOGS_H
#define MODALDIALOGS_H

// Modal dialogs in widget tests: the code under test calls exec(), so the test acts on the
// dialog from a timer while exec() runs its event loop.
//
//   QString text;
//   ModalDialogs::handleNext([&](QWidget *dialog) {
//       text = static_cast<QMessageBox *>(dialog)->text();
//       ModalDialogs::click(dialog, QMessageBox::Cancel);
//   });
//   window->close(); // returns once the handler has closed the box
//
// GUI thread only.

#include <QtCore/qpointer.h>
#include <QtCore/qtimer.h>
#include <QtWidgets/qabstractbutton.h>
#include <QtWidgets/qapplication.h>
#include <QtWidgets/qdialog.h>
#include <QtWidgets/qmessagebox.h>

#include <functional>

namespace ModalDialogs {

// Calls handler once with the next modal message box to appear (polling every 20 ms, for at
// most timeoutMsecs; other modal dialogs, a progress dialog, are left alone); the handler
// must close it. Returns the timer, deleted when done.
inline QTimer *handleNext(std::function<void(QWidget *)> handler, int timeoutMsecs = 10000)
{
    QPointer<QWidget> before = QApplication::activeModalWidget();
    auto *timer = new QTimer(qApp);
    auto *elapsed = new int(0);
    timer->setInterval(20);
    QObject::connect(
            timer, &QTimer::timeout, timer, [timer, elapsed, handler, before, timeoutMsecs] {
                QWidget *modal = QApplication::activeModalWidget();
                *elapsed += timer->interval();
                if (qobject_cast<QMessageBox *>(modal) && modal != before && modal->isVisible()) {
                    timer->stop();
                    handler(modal);
                } else if (*elapsed < timeoutMsecs) {
                    return;
                }
                timer->stop();
                delete elapsed;
                timer->deleteLater();
            });
    timer->start();
    return timer;
}

// Presses the message box's standard button.
inline void click(QWidget *dialog, QMessageBox::StandardButton which)
{
    if (auto *box = qobject_cast<QMessageBox *>(dialog)) {
        if (QAbstractButton *button = box->button(which)) {
            button->click();
            return;
        }
    }
    if (auto *plain = qobject_cast<QDialog *>(dialog))
        plain->reject();
}

// Presses the message box's button with this role (its first one).
inline void clickRole(QWidget *dialog, QMessageBox::ButtonRole role)
{
    auto *box = qobject_cast<QMessageBox *>(dialog);
    if (!box)
        return;
    for (QAbstractButton *button : box->buttons()) {
        if (box->buttonRole(button) == role) {
            button->click();
            return;
        }
    }
}

} // namespace ModalDialogs

#endif // MODALDIALOGS_H
