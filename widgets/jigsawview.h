// The jigsaw pretext task (Noroozi & Favaro, 2016): each image cut into grid×grid tiles and shuffled by one of a
// fixed set of permutations; the network must name the permutation. Shows original | shuffled tiles numbered
// with where they belong | the tiles put back with the network's guess.
#pragma once

#include "widgets/samplegridview.h"

namespace pretext::widgets {

class JigsawView : public SampleGridView {
    Q_OBJECT
public:
    explicit JigsawView(QWidget *parent = nullptr);

    // perms is the permutation set; labels[i] and predictedPermIndex[i] index into it (-1: no guess yet).
    // Convention: tile position j (reading order) of the shuffled image holds original tile perms[label][j].
    // original may be empty; then only the shuffled and reassembled images are shown. A larger original is
    // centre-cropped to the shuffled size, as the engine crops to a multiple of the grid.
    void setSamples(const engine::ImageGrid &original, const engine::ImageGrid &shuffled, int grid,
        const std::vector<std::vector<int>> &perms, const std::vector<int> &predictedPermIndex,
        const std::vector<int> &labels);
    void clear();

    int sampleCount() const override;
    QString describe(int sample) const override;
    // The shuffled image put back with the predicted permutation (the true one when there is no guess).
    QImage reassembled(int sample) const;
    int correctCount() const;
    int predictedCount() const;

    QString csv() const override;
    QString exportName() const override { return QStringLiteral("jigsaw"); }

protected:
    CellShape cellShape() const override;
    QString headerText() const override;
    void paintSample(
        QPainter &painter, int sample, const QVector<QRectF> &imageRects, const QRectF &captionRect) const override;

private:
    const std::vector<int> *permutation(int index) const;
    int label(int sample) const;
    int prediction(int sample) const;
    QRectF tileRect(int tile, const QRectF &image) const;
    void drawTileGrid(QPainter &painter, const QRectF &image) const;
    static QString permText(const std::vector<int> &perm);

    int m_grid = 3;
    std::vector<QImage> m_originals, m_shuffled, m_reassembled;
    std::vector<std::vector<int>> m_perms;
    std::vector<int> m_labels, m_predictions;
};

} // namespace pretext::widgets
