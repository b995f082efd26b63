// A 2-D map of a representation (PCA or t-SNE of an encoder's features): one marker per test image, coloured and
// shaped by class, with a legend. Hovering a marker shows its image; a click selects a point, Shift/Ctrl+click adds
// to the selection, a drag draws a lasso; a recomputed map morphs from the old positions to the new ones rather
// than jumping, so the class sees the same images move. Drawn with QPainter: the markers are cached in an image, so
// hover stays smooth at thousands of points, and SVG/PDF exports still get vectors.
#pragma once

#include "engine/core/types.h"
#include "widgets/exportable.h"

#include <QImage>
#include <QPolygonF>
#include <QVector>
#include <QWidget>

#include <string>
#include <vector>

class QVariantAnimation;

namespace pretext::widgets {

class EmbeddingMap : public QWidget, public Exportable {
    Q_OBJECT
public:
    explicit EmbeddingMap(QWidget *parent = nullptr);

    // points: x0, y0, x1, y1, … (engine::MapPoints), one pair per label. images (optional): image i is point i's
    // thumbnail. testIndices (optional): each point's position in the test split, for the hover text and the CSV.
    // Drops the selection and any running animation.
    void setPoints(const std::vector<float> &points, const std::vector<int> &labels,
        const std::vector<std::string> &classNames, const engine::ImageGrid &images = {},
        const std::vector<int64_t> &testIndices = {});
    // Moves the shown points to `points` over kAnimationMs (same count; another count jumps). The selection stays:
    // the rows are the same images.
    void animateTo(const std::vector<float> &points);
    static constexpr int kAnimationMs = 600;
    void clear();

    // One line over the map, e.g. "t-SNE, perplexity 30 · step 1,200".
    void setTitle(const QString &title);
    QString title() const { return m_title; }
    // What an empty map says (e.g. "Computing the map…").
    void setEmptyText(const QString &text);

    int pointCount() const { return int(m_labels.size()); }
    // Where the points are drawn now, in map coordinates (between two maps while animating).
    const std::vector<float> &points() const { return m_shown; }
    // Where they are going (the last map set).
    const std::vector<float> &targetPoints() const { return m_to; }
    bool isAnimating() const;
    const std::vector<int> &labels() const { return m_labels; }
    QString className(int label) const;

    // Where point `row` is drawn, in widget coordinates.
    QPointF toWidget(int row) const;
    // The point drawn nearest to pos within `radius` pixels (a little beyond the marker when negative), or -1.
    int pointAt(const QPointF &pos, double radius = -1) const;
    // The points drawn inside a polygon in widget coordinates (the lasso), in row order.
    QVector<int> pointsInside(const QPolygonF &polygon) const;
    int hoveredPoint() const { return m_hovered; }
    // What the hover overlay says of a point: "Sneaker (class 7)\ntest image #123".
    QString describePoint(int row) const;

    QVector<int> selection() const { return m_selection; }
    void setSelection(const QVector<int> &rows);
    void clearSelection();

    // Thin lines from point `row` to others (its nearest neighbours in feature space): the map squeezes hundreds
    // of dimensions into two, and the lines show where the true neighbours landed. row < 0 removes them.
    void setNeighbourLinks(int row, const QVector<int> &neighbours);

    // Marker radius in pixels at the current size and point count.
    double markerRadius() const;
    // Where the legend entry of `label` is drawn; empty when there is no legend.
    QRectF legendRect(int label) const;

    QString csv() const override;
    QString exportName() const override { return QStringLiteral("embedding-map"); }

    QSize sizeHint() const override { return QSize(560, 420); }
    QSize minimumSizeHint() const override { return QSize(200, 160); }

Q_SIGNALS:
    // The selected rows, in ascending order, after every change (click, lasso, Escape, setSelection).
    void selectionChanged(const QVector<int> &rows);
    // A plain click on a point (no modifier, no drag): the panel shows that image's neighbours.
    void pointClicked(int row);
    void hoveredPointChanged(int row);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    struct Layout {
        QRectF title;
        QRectF plot; // where the markers go
        QRectF legend;
        std::vector<QRectF> legendEntries; // one per class
        double scale = 1; // pixels per map unit (the same on both axes: distances mean something)
        QPointF origin; // widget position of map (0, 0)
    };
    void relayout();
    void invalidate(); // the cached marker layer must be redrawn
    void setHovered(int row);
    void applySelection(QVector<int> rows);
    void paintMarkers(QPainter &painter) const;
    void paintLegend(QPainter &painter) const;
    void paintHover(QPainter &painter) const;
    QString legendName(int label) const;
    int classCount() const;

    std::vector<float> m_from, m_to, m_shown;
    std::vector<int> m_labels;
    std::vector<std::string> m_classNames;
    std::vector<int64_t> m_testIndices;
    engine::ImageGrid m_images;
    QString m_title;
    QString m_emptyText;
    QVector<int> m_selection; // ascending
    std::vector<char> m_selected; // per row, for drawing
    int m_linkFrom = -1;
    QVector<int> m_linkTo;

    Layout m_layout;
    QImage m_layer; // the markers, redrawn only when they change
    bool m_layerValid = false;
    QVariantAnimation *m_animation = nullptr;

    int m_hovered = -1;
    QPointF m_pressPos;
    bool m_pressed = false;
    bool m_dragging = false;
    QPolygonF m_lasso;
};

} // namespace pretext::widgets
