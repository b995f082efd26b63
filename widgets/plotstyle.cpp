#include "widgets/plotstyle.h"

#include <QPainter>

#include <cmath>

namespace pretext::widgets {

QCPColorGradient PlotStyle::viridis()
{
    QCPColorGradient g;
    g.clearColorStops();
    g.setColorInterpolation(QCPColorGradient::ciRGB);
    g.setColorStopAt(0.000, QColor(0x44, 0x01, 0x54));
    g.setColorStopAt(0.125, QColor(0x47, 0x2d, 0x7b));
    g.setColorStopAt(0.250, QColor(0x3b, 0x52, 0x8b));
    g.setColorStopAt(0.375, QColor(0x2c, 0x72, 0x8e));
    g.setColorStopAt(0.500, QColor(0x21, 0x90, 0x8c));
    g.setColorStopAt(0.625, QColor(0x27, 0xad, 0x81));
    g.setColorStopAt(0.750, QColor(0x5d, 0xc8, 0x63));
    g.setColorStopAt(0.875, QColor(0xaa, 0xdc, 0x32));
    g.setColorStopAt(1.000, QColor(0xfd, 0xe7, 0x25));
    g.setLevelCount(256);
    g.setPeriodic(false);
    g.setNanHandling(QCPColorGradient::nhNanColor);
    g.setNanColor(neutral());
    return g;
}

QCPColorGradient PlotStyle::diverging()
{
    // RdBu's eleven classes, reversed so that positive is red; even spacing keeps 0 at the white midpoint.
    static const QRgb stops[] = { 0x053061, 0x2166ac, 0x4393c3, 0x92c5de, 0xd1e5f0, 0xf7f7f7, 0xfddbc7, 0xf4a582,
        0xd6604d, 0xb2182b, 0x67001f };
    QCPColorGradient g;
    g.clearColorStops();
    g.setColorInterpolation(QCPColorGradient::ciRGB);
    for (int i = 0; i < 11; ++i)
        g.setColorStopAt(i / 10.0, QColor::fromRgb(stops[i]));
    g.setLevelCount(256);
    g.setPeriodic(false);
    g.setNanHandling(QCPColorGradient::nhNanColor);
    g.setNanColor(neutral());
    return g;
}

QColor PlotStyle::categorical(int index)
{
    // Ordered so that the first classes (the most common case of up to ten) are the most distinct.
    static const QRgb colours[categoricalCount()] = { 0x332288, 0x88ccee, 0x117733, 0xcc6677, 0xddcc77, 0x44aa99,
        0x882255, 0x999933, 0xaa4499, 0x555555 };
    const int n = categoricalCount();
    return QColor::fromRgb(colours[((index % n) + n) % n]);
}

PlotStyle::Shape PlotStyle::categoricalShape(int index)
{
    constexpr int shapes = 5;
    const int i = std::abs(index);
    return static_cast<Shape>((i % shapes + i / categoricalCount()) % shapes);
}

void PlotStyle::drawMarker(QPainter &painter, Shape shape, const QPointF &centre, double radius)
{
    const double r = radius;
    const double x = centre.x(), y = centre.y();
    switch (shape) {
    case Shape::Circle:
        painter.drawEllipse(centre, r, r);
        return;
    case Shape::Square: {
        const double h = r * 0.88; // the same area as the circle, roughly
        painter.drawRect(QRectF(x - h, y - h, 2 * h, 2 * h));
        return;
    }
    case Shape::TriangleUp: {
        const double s = r * 1.3;
        const QPointF p[3] = { { x, y - s }, { x + s * 0.866, y + s * 0.5 }, { x - s * 0.866, y + s * 0.5 } };
        painter.drawPolygon(p, 3);
        return;
    }
    case Shape::TriangleDown: {
        const double s = r * 1.3;
        const QPointF p[3] = { { x, y + s }, { x + s * 0.866, y - s * 0.5 }, { x - s * 0.866, y - s * 0.5 } };
        painter.drawPolygon(p, 3);
        return;
    }
    case Shape::Diamond: {
        const double s = r * 1.25;
        const QPointF p[4] = { { x, y - s }, { x + s, y }, { x, y + s }, { x - s, y } };
        painter.drawPolygon(p, 4);
        return;
    }
    }
}

} // namespace pretext::widgets
