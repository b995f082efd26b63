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

} // namespace pretext::widgets
