// Export of any panel as a picture (PNG, SVG, PDF) or its data (CSV), and the context menu that offers it.
// The free functions need no dialog, so tests and the HTML report can use them directly.
#pragma once

#include <QPoint>
#include <QString>

class QMenu;
class QWidget;

namespace pretext::widgets {

class Exportable;

// PNG at the widget's device pixel ratio (crisp on high-DPI screens). Returns false when the file cannot be
// written.
bool exportPng(QWidget *panel, const QString &path);
// SVG and PDF keep text and plots as vectors: QCustomPlot children are drawn with QCustomPlot's own vector
// path; other widgets through QWidget::render.
bool exportSvg(QWidget *panel, const QString &path);
bool exportPdf(QWidget *panel, const QString &path);
// UTF-8 CSV from Exportable::csv().
bool exportCsv(const Exportable &data, const QString &path);

class PanelExport {
public:
    enum class Format { Png, Svg, Pdf, Csv };

    // The context menu of a panel: four export actions and "What am I looking at?" (the panel's whatsThis).
    // The caller owns the menu.
    // `about` (may be empty) names what was right-clicked, e.g. "step 120: loss 4.91"; the menu then starts with
    // it and a "Copy" action for it.
    static QMenu *createMenu(QWidget *panel, Exportable *data, QWidget *menuParent = nullptr,
                             const QString &about = QString());
    static QMenu *showContextMenu(QWidget *panel, Exportable *data, const QPoint &globalPos,
                                  const QString &about = QString());
    // Where the save dialogs start: the current run's folder (the window sets it); the pictures folder when empty.
    static void setDefaultDirectory(const QString &dir);
    static QString defaultDirectory();
    // Asks for a file name and writes it; reports failures in a message box. Returns true when written.
    static bool exportWithDialog(QWidget *panel, Exportable *data, Format format);

    static QString fileSuffix(Format format);
};

} // namespace pretext::widgets
