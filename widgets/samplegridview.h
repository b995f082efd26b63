// Base of the image panels (augmentations, rotation, jigsaw, masking): lays the preview samples out as a grid
// of cells, each cell a row of images scaled up pixel-crisp plus caption lines, and handles hover, tooltips,
// presentation-size fonts and the export menu; panels that cut their images into patches get the patch under the
// mouse found, outlined and explained. Subclasses say what a cell holds and paint it.
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

    // Panels that cut their images into square patches (masked image modelling, visual tokens) describe the grid
    // once with setPatchGrid; the base then finds, outlines and explains the patch under the mouse. Without a grid
    // there are no patches: patchAt finds none and the rectangles are empty.
    int patchSize() const { return m_patchGrid.patch; }
    int patchColumns() const { return m_patchGrid.columns; }
    int patchRows() const { return m_patchGrid.rows; }
    int patchesPerImage() const { return m_patchGrid.columns * m_patchGrid.rows; }
    // The patch under a point in widget coordinates, in any image of a shown sample.
    struct PatchHit {
        int sample = -1;
        int patch = -1; // row-major index
        int image = -1; // 0 = leftmost image of the cell
        bool isValid() const { return sample >= 0 && patch >= 0; }
    };
    PatchHit patchAt(QPoint pos) const;
    // Where a patch of a sample's image `image` is drawn, in widget coordinates; empty when not shown.
    QRectF patchRectInWidget(int sample, int image, int patchIndex) const;
    // The tooltip of one patch, shown while the mouse rests on it; empty for none.
    virtual QString patchToolTip(int sample, int patchIndex) const { return {}; }

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
    // The shape of cells with `images` images of imageSize and one caption line each, measured at the current font.
    CellShape oneCaptionShape(int images, const QSize &imageSize, const QStringList &captions) const;
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

    struct PatchGrid {
        int patch = 4; // side of a square patch in source pixels
        int columns = 0; // patches per image row; 0 = no grid
        int rows = 0;
        QSize imageSize; // source size of every image of a cell
    };
    // Call with the data, before samplesChanged().
    void setPatchGrid(const PatchGrid &grid) { m_patchGrid = grid; }
    // A patch in source pixels, clipped to the image.
    QRect patchSourceRect(int patchIndex) const;
    // A patch of an image drawn at imageRect, in imageRect's coordinates; empty when there is no such patch.
    QRectF patchRectInImage(const QRectF &imageRect, int patchIndex) const;
    // Thin lines between the patches of an image drawn at imageRect.
    void drawPatchGrid(QPainter &painter, const QRectF &imageRect, const QColor &colour) const;

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
    void hoverPatch(const PatchHit &hit, const QPoint &globalPos);
    void showPatchToolTip(const PatchHit &hit, const QPoint &globalPos);

    PatchGrid m_patchGrid;
    PatchHit m_hoveredPatch;
    int m_hovered = -1;
    int m_paintCaptionRows = 1; // the layout's captionRows while paintEvent paints the cells
};

} // namespace pretext::widgets
