#include "widgets/plotstyle.h"

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

} // namespace pretext::widgets
