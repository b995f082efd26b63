// Base of the image panels (augmentations, rotation, jigsaw, masking): lays the preview samples out as a grid
// of cells, each cell a row of images scaled up pixel-crisp plus caption lines, and handles hover, tooltips,
// presentation-size fonts and the export menu. Subclasses say what a cell holds and paint it.
#pragma once

#include "engine/core/types.h"
#include "widgets/exportable.h"

#include <QFontMetricsF>
#include <QImage>
#include <QStringList>
#include <QVector>
#include <QWidget>

#include <vector>

namespace pretext::widgets {

class SampleGridView : public QWidget, public Exportable {
    Q_OBJECT
public:
    // Index of the sample whose cell (images and caption) contains pos, or -1.
    int sampleAt(QPoint pos) const;
    // Cell of a sample in widget coordinates; empty when the sample does not exist.
    QRect sampleRect(int sample) const;
    // Where image `image` (0 = leftmost) of a sample is drawn, in widget coordinates; empty when there is none.
    QRectF imageRect(int sample, int image) const;
    // The tooltip of a sample: what happened to it, in words.
    virtual QString describe(int sample) const = 0;
    virtual int sampleCount() const = 0;
    // Screen pixels per image pixel in the current layout (integer in device pixels when at least 1).
    double pixelScale() const;
    // Text rows each caption line takes in the current layout: 1 while captions fit beside the images, up to
    // kMaxCaptionRows when a narrow panel or presentation fonts make them wrap instead of being cut.
    int captionRows() const;
    static constexpr int kMaxCaptionRows = 3;
    // Screen pixels per image pixel below which a panel shows fewer samples, larger, rather than all of them.
    static constexpr double kLegibleScale = 2.0;
    // Samples drawn in the current layout: all of them when they are legible, otherwise the first ones.
    int shownCount() const;
    // `text` broken at spaces into at most `rows` lines no wider than `width`; only the last line is elided, and
    // only when the words do not fit in `rows` lines.
    static QStringList wrapCaption(const QString &text, const QFontMetricsF &fm, double width, int rows);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

    // HWC uint8 image `index` of a grid as a QImage that owns its pixels; null when the grid is malformed.
    static QImage toImage(const engine::ImageGrid &grid, int index);
    // Nearest-neighbour drawing, so that every source pixel stays a crisp square on any screen and in exports.
    static void drawPixels(QPainter &painter, const QRectF &target, const QImage &image);

protected:
    explicit SampleGridView(QWidget *parent = nullptr);

    struct CellShape {
        int images = 1; // images side by side in one cell
        QSize imageSize; // size of each image in source pixels
        int captionLines = 1; // text lines under the images
        double captionWidth = 0; // widest caption line at the current font: columns are kept at least this wide
        QStringList captionTexts; // every caption line of every sample: how many rows they wrap onto in a column
    };
    virtual CellShape cellShape() const = 0;
    // One explanatory line (word-wrapped) above the grid; empty for none.
    virtual QString headerText() const { return {}; }
    virtual QString emptyText() const;
    // A one-row legend (e.g. a colour scale) drawn once under the header, left-aligned; empty size for none.
    virtual QSizeF legendSize() const { return {}; }
    virtual void paintLegend(QPainter &painter, const QRectF &rect) const { }
    // imageRects has cellShape().images entries; captionRect spans the cell's width.
    virtual void paintSample(
        QPainter &painter, int sample, const QVector<QRectF> &imageRects, const QRectF &captionRect) const = 0;
    // Drawn last, above all cells, while the mouse is over `sample` (e.g. an inset).
    virtual void paintHoverOverlay(QPainter &painter, int sample, const QRectF &cellRect) const { }
    // Where the tooltip of a hovered sample goes (global coordinates); a panel with a hover inset keeps the text
    // off it.
    virtual QPoint tooltipPos(int sample, const QPoint &cursor) const { return cursor; }

    // Call after the data changed: drops the hover state and repaints.
    void samplesChanged();
    int hoveredSample() const { return m_hovered; }
    // A caption line: wrapped onto captionRows() text rows, elided only when even those cannot hold it.
    void drawCaptionLine(QPainter &painter, const QRectF &captionRect, int line, const QString &text,
        const QColor &color, bool bold = false) const;
    // A frame just outside an image: solid or dashed so that colour is never the only cue.
    static void drawFrame(
        QPainter &painter, const QRectF &imageRect, const QColor &color, Qt::PenStyle style, double width);

    void paintEvent(QPaintEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void changeEvent(QEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    bool event(QEvent *event) override;

private:
    struct Layout {
        QRectF header;
        QString headerText; // headerText(), plus a note when only some samples fit
        QRectF legend; // under the header: legendSize(), clipped to the panel's width
        double scale = 0;
        std::vector<QRectF> cells;
        std::vector<QVector<QRectF>> images;
        std::vector<QRectF> captions;
        int captionRows = 1;
    };
    Layout computeLayout() const;

    int m_hovered = -1;
    int m_paintCaptionRows = 1; // the layout's captionRows while paintEvent paints the cells
};

} // namespace pretext::widgets
