// Colorization (Zhang et al. 2016): per sample the gray picture the network is given | its colours, painted on the
// true brightness | the real colours, captioned with the colour error and how vivid the guess is. The header
// compares the error with what guessing gray everywhere would score, the baseline a squared-error loss drifts to.
#pragma once

#include "engine/core/previews.h"
#include "widgets/samplegridview.h"

namespace pretext::widgets {

class ColorizationView : public SampleGridView {
    Q_OBJECT
public:
    explicit ColorizationView(QWidget *parent = nullptr);

    // gray: 1-channel luma; prediction and truth: RGB, all the same size.
    void setSamples(
        const engine::ImageGrid &gray, const engine::ImageGrid &prediction, const engine::ImageGrid &truth);
    void setPreview(const engine::ColorizationPreview &preview);
    void clear();

    int sampleCount() const override;
    QString describe(int sample) const override;
    // Mean squared difference of the two colour channels (BT.601 Cb, Cr; pixel values 0–1) between the prediction
    // and the truth: the quantity the loss measures. NaN when there is nothing to compare.
    double colourError(int sample) const;
    // The same error for a guess of no colour at all (gray everywhere): the mean squared chroma of the truth.
    double grayGuessError(int sample) const;
    // Mean colour strength (chroma magnitude) of the prediction over that of the truth: 1 = as vivid, 0 = gray.
    double vividness(int sample) const;
    // Means over the samples.
    double meanColourError() const;
    double meanGrayGuessError() const;

    // One row per sample: its colour error, the gray guess's error and the vividness.
    QString csv() const override;
    QString exportName() const override { return QStringLiteral("colorization"); }

protected:
    CellShape cellShape() const override;
    QString headerText() const override;
    void paintSample(
        QPainter &painter, int sample, const QVector<QRectF> &imageRects, const QRectF &captionRect) const override;

private:
    struct Stats {
        double colourError = 0, grayGuessError = 0, vividness = 0;
        bool valid = false;
    };
    QStringList captionLines(int sample) const;

    std::vector<QImage> m_gray, m_predictions, m_truths;
    std::vector<Stats> m_stats;
};

} // namespace pretext::widgets
