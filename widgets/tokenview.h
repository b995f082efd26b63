// BEiT's visual tokens: per sample the original | every patch drawn as its token (the centroid of its k-means group:
// what the vocabulary can say) | the network's guesses for the hidden patches, each hidden patch outlined blue solid
// when its token is right and orange dashed when wrong (never colour alone). Hovering a patch gives its true and
// predicted token ids.
#pragma once

#include "engine/core/previews.h"
#include "widgets/samplegridview.h"

namespace pretext::widgets {

class TokenView : public SampleGridView {
    Q_OBJECT
public:
    explicit TokenView(QWidget *parent = nullptr);

    void setPreview(const engine::TokenPreview &preview);
    void clear();

    int sampleCount() const override;
    QString describe(int sample) const override;
    int vocabularySize() const { return m_vocabulary; }
    bool isHidden(int sample, int patchIndex) const;
    // The true token of a patch, and the predicted one (-1 where none was predicted: the visible patches).
    int token(int sample, int patchIndex) const;
    int prediction(int sample, int patchIndex) const;
    // Hidden patches of a sample with a prediction, and how many of those are right; -1 for sample = all samples.
    int predictedCount(int sample = -1) const;
    int correctCount(int sample = -1) const;

    // The tooltip of one patch: where it is, whether the network saw it, its token and the network's guess. Patch
    // hits and rectangles (SampleGridView::patchAt) count the images 0 original, 1 token map, 2 predicted tokens.
    QString patchToolTip(int sample, int patchIndex) const override;

    // One row per patch: its place, whether it was hidden, its token, the predicted token and whether it is right.
    QString csv() const override;
    QString exportName() const override { return QStringLiteral("visual-tokens"); }
    // The line above the grid: what the three images are, and the share of hidden tokens named right.
    QString headerText() const override;

protected:
    CellShape cellShape() const override;
    void paintSample(
        QPainter &painter, int sample, const QVector<QRectF> &imageRects, const QRectF &captionRect) const override;

private:
    QString captionText(int sample) const;
    int at(const std::vector<int> &v, int sample, int patchIndex) const;

    int m_vocabulary = 0;
    std::vector<QImage> m_originals, m_tokenMaps, m_predictedMaps;
    std::vector<uint8_t> m_mask;
    std::vector<int> m_tokens, m_predictions;
};

} // namespace pretext::widgets
