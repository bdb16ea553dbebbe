// SPDX-License-Identifier: MIT
#include "rategraph.h"

#include <QtGui/qpainter.h>
#include <QtGui/qpainterpath.h>

RateGraph::RateGraph(QWidget *parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
}

void RateGraph::addSample(double perSecond)
{
    m_samples.append(perSecond);
    if (m_samples.size() > SampleCount)
        m_samples.removeFirst();
    setToolTip(tr("%1 messages/s now, %2 at most in the last minute")
                       .arg(perSecond, 0, 'f', 0)
                       .arg(*std::max_element(m_samples.cbegin(), m_samples.cend()), 0, 'f', 0));
    update();
}

QSize RateGraph::sizeHint() const
{
    return { 2 * SampleCount + 4, fontMetrics().height() * 2 };
}

void RateGraph::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF area = QRectF(rect()).adjusted(1.5, 1.5, -1.5, -1.5);
    painter.setPen(palette().color(QPalette::Mid));
    painter.setBrush(palette().color(QPalette::Base));
    painter.drawRect(area);
    if (m_samples.isEmpty())
        return;
    const double top = qMax(1.0, *std::max_element(m_samples.cbegin(), m_samples.cend()));
    const double step = area.width() / (SampleCount - 1);
    // Newest on the right, like every scrolling graph.
    const double startX = area.right() - step * (m_samples.size() - 1);
    QPainterPath line;
    for (int i = 0; i < m_samples.size(); ++i) {
        const QPointF point(startX + step * i,
                            area.bottom() - (m_samples.at(i) / top) * (area.height() - 2));
        if (i == 0)
            line.moveTo(point);
        else
            line.lineTo(point);
    }
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(palette().color(QPalette::Highlight), 1.5));
    painter.drawPath(line);
}
