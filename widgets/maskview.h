// Masked image modelling (MAE / SimMIM): per sample the original | the masked input with hidden patches greyed out |
// the network's reconstruction | the reconstruction error of every patch on a fixed dark-to-bright colour scale.
// Hovering a patch in any of the four images names it and gives its error.
#pragma once

#include "engine/core/previews.h"
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
    void setPreview(const engine::MaskPreview &preview);
    void clear();

    int sampleCount() const override;
    QString describe(int sample) const override;
    int maskedPatches(int sample) const;
    bool isMasked(int sample, int patchIndex) const;
    // Mean squared error between reconstruction and original, pixel values scaled to [0, 1]; NaN when there is
    // nothing to compare.
    double maskedError(int sample) const;
    double visibleError(int sample) const;
    // The same error over one patch (row-major index); NaN when there is nothing to compare.
    double patchError(int sample, int patchIndex) const;
    // Error shown brightest on the error maps: the largest patch error of all samples rounded up to 1, 2, 2.5 or
    // 5 × 10^k, so that the scale stays put while the errors drift and all samples share it.
    double errorScaleMax() const { return m_errorMax; }

    // The tooltip of one patch: where it is, whether the network saw it, and its error. Patch hits and rectangles
    // (SampleGridView::patchAt) count the images 0 original, 1 masked input, 2 reconstruction, 3 error map.
    QString patchToolTip(int sample, int patchIndex) const override;

    // One row per patch: its place, whether it was hidden, its error, and its sample's hidden/visible error.
    QString csv() const override;
    QString exportName() const override { return QStringLiteral("masked-modeling"); }

protected:
    CellShape cellShape() const override;
    QString headerText() const override;
    void paintSample(
        QPainter &painter, int sample, const QVector<QRectF> &imageRects, const QRectF &captionRect) const override;
    QSizeF legendSize() const override;
    void paintLegend(QPainter &painter, const QRectF &rect) const override;

private:
    struct Stats {
        double maskedSse = 0, visibleSse = 0;
        qint64 maskedValues = 0, visibleValues = 0;
        std::vector<double> patchMse; // per patch; NaN when not comparable
    };
    void computeStats();
    void buildErrorMaps();
    QString captionText(int sample) const;
    QString legendMaxText() const;
    QStringList legendTexts() const;

    double m_errorMax = 0;
    std::vector<QImage> m_originals, m_masked, m_reconstructions, m_errorMaps;
    std::vector<std::vector<uint8_t>> m_masks;
    std::vector<Stats> m_stats;
};

} // namespace pretext::widgets
