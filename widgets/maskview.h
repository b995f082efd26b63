// Masked image modelling (MAE / SimMIM): per sample the original | the masked input with hidden patches hatched |
// the network's reconstruction, with the reconstruction error on the hidden patches.
#pragma once

#include "widgets/samplegridview.h"

namespace pretext::widgets {

class MaskView : public SampleGridView {
    Q_OBJECT
public:
    explicit MaskView(QWidget *parent = nullptr);

    // patch: side of a square patch in pixels. patchMask (optional): count × patchesPerImage bytes, row-major
    // patches, 1 = hidden from the network. Without it a patch counts as hidden when the masked input differs
    // from the original there, which misses patches whose fill equals the original (e.g. black background).
    void setSamples(const engine::ImageGrid &original, const engine::ImageGrid &masked,
        const engine::ImageGrid &reconstruction, int patch, const std::vector<uint8_t> &patchMask = {});
    void clear();

    int sampleCount() const override;
    QString describe(int sample) const override;
    int patchesPerImage() const { return m_patchCols * m_patchRows; }
    int maskedPatches(int sample) const;
    bool isMasked(int sample, int patchIndex) const;
    // Mean squared error between reconstruction and original, pixel values scaled to [0, 1]; NaN when there is
    // nothing to compare.
    double maskedError(int sample) const;
    double visibleError(int sample) const;

    QString csv() const override;
    QString exportName() const override { return QStringLiteral("masked-modeling"); }

protected:
    CellShape cellShape() const override;
    QString headerText() const override;
    void paintSample(
        QPainter &painter, int sample, const QVector<QRectF> &imageRects, const QRectF &captionRect) const override;

private:
    struct Stats {
        double maskedSse = 0, visibleSse = 0;
        qint64 maskedValues = 0, visibleValues = 0;
    };
    QRect patchRect(int patchIndex) const;
    void computeStats();

    int m_patch = 4;
    int m_patchCols = 0, m_patchRows = 0;
    std::vector<QImage> m_originals, m_masked, m_reconstructions;
    std::vector<std::vector<uint8_t>> m_masks;
    std::vector<Stats> m_stats;
};

} // namespace pretext::widgets
