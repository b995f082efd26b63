// The QCustomPlot every plotting panel draws in: white background, dark axes, and fonts that follow the widget
// font, so a larger application font (presentation mode) enlarges tick labels, axis labels and legends too.
#pragma once

#include "widgets/qcustomplotinclude.h"

#include <vector>

namespace pretext::widgets {

class PanelPlot : public QCustomPlot {
    Q_OBJECT
public:
    explicit PanelPlot(QWidget *parent = nullptr);

    // Gives every axis, legend, text element and text item the widget's font. QCustomPlot copies the font
    // once at construction, so without this a font change would not reach the plot.
    void applyFonts();
    // Dark-on-light axis look, used for axes created after construction too.
    static void styleAxis(QCPAxis *axis);
    // Lays the main legend out in as many columns (at most maxColumns) as fit the plot's width, so that
    // presentation-size fonts or a narrow dock never cut an entry off. Returns true when the layout changed.
    bool fitLegendColumns(int maxColumns);

    // Whole-number ticks for a step axis ("5 10 15", never "2.5 7.5"), as many as fit the axis at the current font
    // without labels running into each other. Call before each replot when the font or the width may have changed.
    static void useStepTicks(QCPAxis *axis);
    // As many ticks as the axis's length leaves room for at its label font (horizontal or vertical).
    static void fitTickCount(QCPAxis *axis, int axisLengthPx);

    // A labelled vertical marker at `key` on the x axis (a live edit of lr or τ): a dashed line over the whole
    // axis rect and its label at the top, staggered so that labels of nearby markers do not overlap.
    void addKeyMarker(double key, const QString &label);
    void clearKeyMarkers();
    int keyMarkerCount() const { return int(m_markers.size()); }
    QString keyMarkerLabel(int i) const;
    double keyMarkerKey(int i) const;

Q_SIGNALS:
    // A right-click on the plot itself (QCustomPlot eats the mouse press, so no QContextMenuEvent reaches the
    // panel): pos in plot coordinates, globalPos for the menu.
    void contextMenuRequestedAt(const QPoint &pos, const QPoint &globalPos);

protected:
    void changeEvent(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    void layoutKeyMarkers();
    struct Marker {
        double key;
        QCPItemStraightLine *line;
        QCPItemText *label;
    };
    std::vector<Marker> m_markers;
};

} // namespace pretext::widgets
