#include "widgets/rotationview.h"

#include "widgets/plotstyle.h"

#include <QPainter>
#include <QTextStream>

namespace pretext::widgets {

namespace {
QString angle(int k)
{
    return k >= 0 ? QStringLiteral("%1°").arg(90 * k) : QStringLiteral("?");
}
} // namespace

RotationView::RotationView(QWidget *parent)
    : SampleGridView(parent)
{
    setWhatsThis(tr("<p><b>Which way is up?</b> Every image is turned by 0°, 90°, 180° or 270° and the network "
                    "has to say by how much. To get it right it has to recognise shapes and objects, so it learns "
                    "useful features without any labels.</p><p>A <span style='color:%1'>solid blue frame ✓</span> "
                    "is a right guess, a <span style='color:%2'>dashed orange frame ✗</span> a wrong one. "
                    "Guessing blindly is right 25% of the time.</p>")
                     .arg(PlotStyle::correct().name(), PlotStyle::wrong().name()));
}

void RotationView::setSamples(
    const engine::ImageGrid &rotated, const std::vector<int> &labels, const std::vector<int> &predictions)
{
    m_images.clear();
    for (int i = 0; i < rotated.count; ++i) {
        QImage image = toImage(rotated, i);
        if (image.isNull()) break;
        m_images.push_back(image);
    }
    m_labels = labels;
    m_predictions = predictions;
    samplesChanged();
}

void RotationView::clear()
{
    setSamples({}, {}, {});
}

int RotationView::sampleCount() const
{
    return int(m_images.size());
}

int RotationView::label(int sample) const
{
    return sample < int(m_labels.size()) ? m_labels[sample] : -1;
}

int RotationView::prediction(int sample) const
{
    return sample < int(m_predictions.size()) ? m_predictions[sample] : -1;
}

int RotationView::predictedCount() const
{
    int n = 0;
    for (int i = 0; i < sampleCount(); ++i)
        n += prediction(i) >= 0 ? 1 : 0;
    return n;
}

int RotationView::correctCount() const
{
    int n = 0;
    for (int i = 0; i < sampleCount(); ++i)
        n += prediction(i) >= 0 && prediction(i) == label(i) ? 1 : 0;
    return n;
}

SampleGridView::CellShape RotationView::cellShape() const
{
    CellShape shape;
    shape.images = 1;
    if (!m_images.empty()) shape.imageSize = m_images.front().size();
    shape.captionLines = 2;
    return shape;
}

QString RotationView::headerText() const
{
    QString text = tr("Each image is turned by 0°, 90°, 180° or 270°; the network guesses the angle.");
    const int predicted = predictedCount();
    if (predicted > 0)
        text += tr(" %1 of %2 right (%3%; guessing blindly: 25%).")
                    .arg(correctCount())
                    .arg(predicted)
                    .arg(qRound(100.0 * correctCount() / predicted));
    return text;
}

void RotationView::paintSample(
    QPainter &painter, int sample, const QVector<QRectF> &imageRects, const QRectF &captionRect) const
{
    drawPixels(painter, imageRects[0], m_images[sample]);
    const int k = label(sample);
    const int p = prediction(sample);
    drawCaptionLine(painter, captionRect, 0, tr("turned %1").arg(angle(k)), PlotStyle::text());
    if (p < 0) {
        drawFrame(painter, imageRects[0], PlotStyle::neutral(), Qt::SolidLine, 1);
        drawCaptionLine(painter, captionRect, 1, tr("no guess yet"), PlotStyle::mutedText());
    } else if (p == k) {
        drawFrame(painter, imageRects[0], PlotStyle::correct(), Qt::SolidLine, 3);
        drawCaptionLine(painter, captionRect, 1, tr("guess %1 ✓").arg(angle(p)), PlotStyle::correct(), true);
    } else {
        drawFrame(painter, imageRects[0], PlotStyle::wrong(), Qt::DashLine, 3);
        drawCaptionLine(painter, captionRect, 1, tr("guess %1 ✗").arg(angle(p)), PlotStyle::wrong(), true);
    }
}

QString RotationView::describe(int sample) const
{
    if (sample < 0 || sample >= sampleCount()) return {};
    const int k = label(sample);
    const int p = prediction(sample);
    QStringList lines;
    lines << tr("Sample #%1").arg(sample);
    lines << tr("turned by %1 anticlockwise (class k = %2)").arg(angle(k)).arg(k);
    if (p < 0)
        lines << tr("the network has not guessed yet");
    else
        lines << tr("the network guessed %1 (k = %2): %3").arg(angle(p)).arg(p).arg(p == k ? tr("right") : tr("wrong"));
    return lines.join(QLatin1Char('\n'));
}

QString RotationView::csv() const
{
    QString out;
    QTextStream s(&out);
    s << "sample,label_k,angle_deg,predicted_k,predicted_angle_deg,correct\n";
    for (int i = 0; i < sampleCount(); ++i) {
        const int k = label(i);
        const int p = prediction(i);
        s << i << ',' << k << ',' << (k >= 0 ? QString::number(90 * k) : QString()) << ',' << p << ','
          << (p >= 0 ? QString::number(90 * p) : QString()) << ','
          << (p >= 0 ? QString::number(int(p == k)) : QString()) << '\n';
    }
    return out;
}

} // namespace pretext::widgets
