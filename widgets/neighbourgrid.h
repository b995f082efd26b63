// Nearest neighbours in feature space, the images themselves: each row a query test image (framed) and the k test
// images whose features are most cosine-similar to it, best first, with the similarity and the class under each.
// A neighbour of another class gets a dashed vermillion frame and ✗, and the row says how many of the k share the
// query's class: what a kNN classifier would vote on, made visible.
#pragma once

#include "widgets/samplegridview.h"

#include <string>
#include <vector>

namespace pretext::widgets {

class NeighbourGrid : public SampleGridView {
    Q_OBJECT
public:
    struct Neighbour {
        int row = 0; // row of the feature bank (and image of the grid)
        float similarity = 0; // cosine similarity to the query
    };
    struct Row {
        int query = 0;
        std::vector<Neighbour> neighbours; // best first
    };

    explicit NeighbourGrid(QWidget *parent = nullptr);

    // labels[r], testIndices[r] (optional) and image r of `images` describe bank row r.
    void setRows(const std::vector<Row> &rows, const engine::ImageGrid &images, const std::vector<int> &labels,
        const std::vector<std::string> &classNames, const std::vector<int64_t> &testIndices = {});
    void clear();
    void setEmptyText(const QString &text);

    int rowCount() const { return int(m_rows.size()); }
    const Row &row(int r) const { return m_rows[size_t(r)]; }
    // Neighbours of row r with the query's class.
    int sameClassCount(int r) const;
    bool isWrongClass(int r, int neighbour) const;
    // "6 of 8 neighbours are Sneakers too" for row r.
    QString rowSummary(int r) const;
    // The hover text of image `image` of row r (0 = the query, j = neighbour j - 1).
    QString describeImage(int r, int image) const;
    QString className(int label) const;

    int sampleCount() const override { return rowCount(); }
    QString describe(int sample) const override;
    QString csv() const override;
    QString exportName() const override { return QStringLiteral("neighbours"); }

Q_SIGNALS:
    // A click on an image: its bank row (the map selects it).
    void imageClicked(int bankRow);

protected:
    CellShape cellShape() const override;
    QString headerText() const override;
    QString emptyText() const override { return m_emptyText; }
    void paintSample(
        QPainter &painter, int sample, const QVector<QRectF> &imageRects, const QRectF &captionRect) const override;
    bool event(QEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;

private:
    int labelOf(int bankRow) const;
    QString testName(int bankRow) const;
    // Which image of which row is under pos: {row, image} or {-1, -1}.
    std::pair<int, int> imageAt(const QPoint &pos) const;

    std::vector<Row> m_rows;
    engine::ImageGrid m_grid;
    std::vector<int> m_labels;
    std::vector<std::string> m_classNames;
    std::vector<int64_t> m_testIndices;
    std::vector<std::vector<QImage>> m_images; // per row: the query, then the neighbours
    int m_columns = 0; // 1 + the largest k
    QString m_emptyText;
};

} // namespace pretext::widgets
