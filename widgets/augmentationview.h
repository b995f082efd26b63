// The current batch's SimCLR pairs: for each sample its two augmented views side by side, pixel-crisp.
// Hovering a pair shows the original with both crop boxes and a tooltip listing every augmentation applied.
#pragma once

#include "widgets/samplegridview.h"

namespace pretext::widgets {

class AugmentationView : public SampleGridView {
    Q_OBJECT
public:
    explicit AugmentationView(QWidget *parent = nullptr);

    // originals may be empty (no inset then); records may be shorter than the views (described as unknown).
    void setPairs(const engine::ImageGrid &originals, const engine::ImageGrid &view1, const engine::ImageGrid &view2,
        const std::vector<engine::AugmentRecord> &records1, const std::vector<engine::AugmentRecord> &records2);
    void clear();

    int sampleCount() const override;
    QString describe(int sample) const override;
    // Where the original is drawn with its crop boxes while `sample` is hovered (widget coordinates).
    QRect insetRect(int sample) const;

    QString csv() const override;
    QString exportName() const override { return QStringLiteral("augmentations"); }

protected:
    CellShape cellShape() const override;
    QString headerText() const override;
    void paintSample(
        QPainter &painter, int sample, const QVector<QRectF> &imageRects, const QRectF &captionRect) const override;
    void paintHoverOverlay(QPainter &painter, int sample, const QRectF &cellRect) const override;
    QPoint tooltipPos(int sample, const QPoint &cursor) const override;

private:
    QRectF insetRectFor(const QRectF &cellRect) const;
    static QString describeView(const engine::AugmentRecord &record, QSize original);
    // "crop 64% · flip · jitter": what one view went through, in the words of the augmentation settings.
    QString tags(int sample, int view) const;
    QString captionLine(int sample, int view) const;

    std::vector<QImage> m_originals, m_view1, m_view2;
    std::vector<engine::AugmentRecord> m_records1, m_records2;
};

} // namespace pretext::widgets
