// Shared colours and gradient for every panel: the Okabe-Ito palette (colour-blind safe, distinct in grey) and
// a viridis-like colour map, dark text on a light background so the panels read well on a projector.
#pragma once

#include "widgets/qcustomplotinclude.h"

#include <QColor>

namespace pretext::widgets {

class PlotStyle {
public:
    // Okabe & Ito, "Color Universal Design" (2008).
    static QColor black() { return QColor(0, 0, 0); }
    static QColor orange() { return QColor(230, 159, 0); }
    static QColor skyBlue() { return QColor(86, 180, 233); }
    static QColor bluishGreen() { return QColor(0, 158, 115); }
    static QColor yellow() { return QColor(240, 228, 66); }
    static QColor blue() { return QColor(0, 114, 178); }
    static QColor vermillion() { return QColor(213, 94, 0); }
    static QColor reddishPurple() { return QColor(204, 121, 167); }

    static QColor text() { return QColor(34, 34, 34); }
    static QColor mutedText() { return QColor(90, 90, 90); }
    static QColor axis() { return QColor(70, 70, 70); }
    static QColor grid() { return QColor(222, 222, 222); }
    static QColor background() { return QColor(255, 255, 255); }
    static QColor neutral() { return QColor(187, 187, 187); } // "no value / not applicable", outside viridis

    // Perceptually uniform and readable by the common colour-vision deficiencies; anchors sampled from
    // matplotlib's viridis (van der Walt & Smith, 2015), since QCustomPlot 2.1 has no such preset.
    static QCPColorGradient viridis();
    // For signed values in [-1, 1] (correlations): blue for -1, white for 0, red for +1, from ColorBrewer's RdBu
    // (Harrower & Brewer, 2003), which stays readable with the common colour-vision deficiencies.
    static QCPColorGradient diverging();

    // Colour of a correct / wrong answer: blue vs vermillion differ in hue and lightness for every CVD type.
    static QColor correct() { return blue(); }
    static QColor wrong() { return vermillion(); }

    // Colour of category `index` (a class): Paul Tol's "muted" qualitative scheme (Tol, "Colour Schemes", SRON
    // 2021), nine colours that stay apart for the common colour-vision deficiencies, plus a dark grey; ten in all,
    // repeating after that. Pair it with categoricalShape() so that colour is never the only cue.
    static QColor categorical(int index);
    static constexpr int categoricalCount() { return 10; }
    // Marker shape of category `index`; it changes when the colours repeat, so classes 0 and 10 still differ.
    enum class Shape { Circle, Square, TriangleUp, Diamond, TriangleDown };
    static Shape categoricalShape(int index);
    // A filled marker of `shape` centred at `centre` with the given radius, in the painter's current pen and brush.
    static void drawMarker(QPainter &painter, Shape shape, const QPointF &centre, double radius);
};

} // namespace pretext::widgets
