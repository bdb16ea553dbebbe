// SPDX-License-Identifier: MIT
#ifndef RATEGRAPH_H
#define RATEGRAPH_H

#include <QtCore/qlist.h>
#include <QtWidgets/qwidget.h>

// A small line graph of messages per second over the last minute, as in a status bar:
// enough to see a burst or a stall at a glance. GUI thread only.
class RateGraph : public QWidget
{
    Q_OBJECT
public:
    static constexpr int SampleCount = 60;

    explicit RateGraph(QWidget *parent = nullptr);

    void addSample(double perSecond);
    QList<double> samples() const { return m_samples; }
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QList<double> m_samples;
};

#endif // RATEGRAPH_H
