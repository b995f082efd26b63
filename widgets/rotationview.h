// The rotation pretext task (Gidaris et al., 2018): each image turned by k·90°, the angle the network guessed,
// and whether it was right (blue solid ✓ / orange dashed ✗, never colour alone).
#pragma once

#include "widgets/samplegridview.h"

namespace pretext::widgets {

class RotationView : public SampleGridView {
    Q_OBJECT
public:
    explicit RotationView(QWidget *parent = nullptr);

    // labels[i] = k (turned 90·k degrees anticlockwise, k in 0..3, as the engine's rotationBatch does);
    // predictions[i] = k or -1 when the network has not guessed.
    void setSamples(
        const engine::ImageGrid &rotated, const std::vector<int> &labels, const std::vector<int> &predictions);
    void clear();

    int sampleCount() const override;
    QString describe(int sample) const override;
    // Samples with a prediction, and how many of those are right.
    int predictedCount() const;
    int correctCount() const;

    QString csv() const override;
    QString exportName() const override { return QStringLiteral("rotation"); }

protected:
    CellShape cellShape() const override;
    QString headerText() const override;
    void paintSample(
        QPainter &painter, int sample, const QVector<QRectF> &imageRects, const QRectF &captionRect) const override;

private:
    int label(int sample) const;
    int prediction(int sample) const;

    std::vector<QImage> m_images;
    std::vector<int> m_labels, m_predictions;
};

} // namespace pretext::widgets
