// The QCustomPlot every plotting panel draws in: white background, dark axes, and fonts that follow the widget
// font, so a larger application font (presentation mode) enlarges tick labels, axis labels and legends too.
#pragma once

#include "widgets/qcustomplotinclude.h"

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

protected:
    void changeEvent(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
};

} // namespace pretext::widgets
