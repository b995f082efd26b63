#include "widgets/colorizationview.h"

#include "widgets/plotstyle.h"

#include <QPainter>
#include <QTextStream>

#include <cmath>
#include <limits>

namespace pretext::widgets {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Chroma {
    double cb = 0, cr = 0;
};

// BT.601 full-range chroma of a pixel, values 0–1: the engine's rgbToYCbCr, for one pixel without Torch.
Chroma chromaOf(QRgb c)
{
    const double r = qRed(c) / 255.0, g = qGreen(c) / 255.0, b = qBlue(c) / 255.0;
    const double y = 0.299 * r + 0.587 * g + 0.114 * b;
    return { (b - y) / 1.772, (r - y) / 1.402 };
}

QString formatError(double v)
{
    return std::isnan(v) ? QStringLiteral("–") : QString::number(v, 'f', 4);
}

} // namespace

ColorizationView::ColorizationView(QWidget *parent)
    : SampleGridView(parent)
{
    setWhatsThis(tr("<p><b>Paint it back.</b> The network gets only the brightness of each picture (left) and has "
                    "to guess its colours (middle); the real picture is on the right. To colour the sky blue and the "
                    "grass green it has to recognise what it is looking at.</p><p>The middle picture keeps the true "
                    "brightness, so only the colours can be wrong. The caption gives the colour error (mean squared "
                    "difference of the two colour channels, 0 = exact; lower is better) and how vivid the guess is "
                    "compared with the real colours. Early guesses are washed out: when unsure, the average of the "
                    "possible colours is what a squared-error loss rewards, and that average is close to gray.</p>"));
}

void ColorizationView::setPreview(const engine::ColorizationPreview &preview)
{
    setSamples(preview.gray, preview.prediction, preview.truth);
}

void ColorizationView::setSamples(
    const engine::ImageGrid &gray, const engine::ImageGrid &prediction, const engine::ImageGrid &truth)
{
    m_gray.clear();
    m_predictions.clear();
    m_truths.clear();
    m_stats.clear();
    for (int i = 0; i < gray.count; ++i) {
        const QImage g = toImage(gray, i);
        if (g.isNull()) break;
        m_gray.push_back(g);
        m_predictions.push_back(toImage(prediction, i).convertToFormat(QImage::Format_RGB32));
        m_truths.push_back(toImage(truth, i).convertToFormat(QImage::Format_RGB32));
    }
    for (size_t i = 0; i < m_gray.size(); ++i) {
        Stats s;
        const QImage &p = m_predictions[i], &t = m_truths[i];
        if (!p.isNull() && p.size() == t.size()) {
            double sse = 0, grayGuess = 0, strengthP = 0, strengthT = 0;
            for (int y = 0; y < t.height(); ++y) {
                for (int x = 0; x < t.width(); ++x) {
                    const Chroma a = chromaOf(p.pixel(x, y)), b = chromaOf(t.pixel(x, y));
                    sse += (a.cb - b.cb) * (a.cb - b.cb) + (a.cr - b.cr) * (a.cr - b.cr);
                    grayGuess += b.cb * b.cb + b.cr * b.cr;
                    strengthP += std::hypot(a.cb, a.cr);
                    strengthT += std::hypot(b.cb, b.cr);
                }
            }
            const double values = 2.0 * t.width() * t.height(); // two channels, as the loss averages them
            s.colourError = sse / values;
            s.grayGuessError = grayGuess / values;
            s.vividness = strengthT > 0 ? strengthP / strengthT : kNaN;
            s.valid = true;
        }
        m_stats.push_back(s);
    }
    samplesChanged();
}

void ColorizationView::clear()
{
    setSamples({}, {}, {});
}

int ColorizationView::sampleCount() const
{
    return int(m_gray.size());
}

double ColorizationView::colourError(int sample) const
{
    return sample >= 0 && sample < int(m_stats.size()) && m_stats[sample].valid ? m_stats[sample].colourError : kNaN;
}

double ColorizationView::grayGuessError(int sample) const
{
    return sample >= 0 && sample < int(m_stats.size()) && m_stats[sample].valid ? m_stats[sample].grayGuessError
                                                                                 : kNaN;
}

double ColorizationView::vividness(int sample) const
{
    return sample >= 0 && sample < int(m_stats.size()) && m_stats[sample].valid ? m_stats[sample].vividness : kNaN;
}

double ColorizationView::meanColourError() const
{
    double sum = 0;
    int n = 0;
    for (int i = 0; i < sampleCount(); ++i)
        if (!std::isnan(colourError(i))) sum += colourError(i), ++n;
    return n > 0 ? sum / n : kNaN;
}

double ColorizationView::meanGrayGuessError() const
{
    double sum = 0;
    int n = 0;
    for (int i = 0; i < sampleCount(); ++i)
        if (!std::isnan(grayGuessError(i))) sum += grayGuessError(i), ++n;
    return n > 0 ? sum / n : kNaN;
}

QStringList ColorizationView::captionLines(int sample) const
{
    const double v = vividness(sample);
    return { tr("#%1 · colour error %2").arg(sample).arg(formatError(colourError(sample))),
        std::isnan(v) ? tr("no colour to find") : tr("%1% as vivid as the real").arg(qRound(v * 100)) };
}

SampleGridView::CellShape ColorizationView::cellShape() const
{
    CellShape shape;
    shape.images = 3;
    if (!m_gray.empty()) shape.imageSize = m_gray.front().size();
    shape.captionLines = 2;
    const QFontMetricsF fm(font());
    for (int i = 0; i < sampleCount(); ++i) {
        for (const QString &line : captionLines(i)) {
            shape.captionTexts << line;
            shape.captionWidth = std::max(shape.captionWidth, fm.horizontalAdvance(line));
        }
    }
    return shape;
}

QString ColorizationView::headerText() const
{
    QString text = tr("What the network sees (brightness only) · its colours · the real colours.");
    const double err = meanColourError(), gray = meanGrayGuessError();
    if (!std::isnan(err) && !std::isnan(gray))
        text += tr(" Colour error %1 on average; guessing gray everywhere would score %2 (lower is better).")
                    .arg(formatError(err), formatError(gray));
    return text;
}

void ColorizationView::paintSample(
    QPainter &painter, int sample, const QVector<QRectF> &imageRects, const QRectF &captionRect) const
{
    drawPixels(painter, imageRects[0], m_gray[sample]);
    if (m_predictions[sample].isNull())
        painter.fillRect(imageRects[1], PlotStyle::neutral());
    else
        drawPixels(painter, imageRects[1], m_predictions[sample]);
    if (m_truths[sample].isNull())
        painter.fillRect(imageRects[2], PlotStyle::neutral());
    else
        drawPixels(painter, imageRects[2], m_truths[sample]);
    for (const QRectF &r : imageRects)
        drawFrame(painter, r, PlotStyle::neutral(), Qt::SolidLine, 1);
    const QStringList lines = captionLines(sample);
    drawCaptionLine(painter, captionRect, 0, lines[0], PlotStyle::text());
    drawCaptionLine(painter, captionRect, 1, lines[1], PlotStyle::mutedText());
}

QString ColorizationView::describe(int sample) const
{
    if (sample < 0 || sample >= sampleCount()) return {};
    QStringList lines;
    lines << tr("Sample #%1").arg(sample);
    lines << tr("colour error: %1 (mean squared difference of the two colour channels, values 0–1)")
                 .arg(formatError(colourError(sample)));
    lines << tr("guessing gray everywhere: %1").arg(formatError(grayGuessError(sample)));
    const double v = vividness(sample);
    if (!std::isnan(v))
        lines << tr("the guess is %1% as vivid as the real colours (100% = as vivid, 0% = gray)").arg(qRound(v * 100));
    lines << tr("From the left: the brightness the network is given, its colours on that brightness, the real "
                "picture.");
    return lines.join(QLatin1Char('\n'));
}

QString ColorizationView::csv() const
{
    QString out;
    QTextStream s(&out);
    auto number = [](double v) { return std::isnan(v) ? QString() : QString::number(v, 'g', 6); };
    s << "sample,colour_mse,gray_guess_mse,vividness\n";
    for (int i = 0; i < sampleCount(); ++i)
        s << i << ',' << number(colourError(i)) << ',' << number(grayGuessError(i)) << ',' << number(vividness(i))
          << '\n';
    return out;
}

} // namespace pretext::widgets
