#include "widgets/tokenview.h"

#include "widgets/plotstyle.h"

#include <QPainter>
#include <QTextStream>

#include <algorithm>

namespace pretext::widgets {

namespace {

QImage asRgb(const QImage &image)
{
    return image.isNull() ? image : image.convertToFormat(QImage::Format_RGB32);
}

QString percent(double v)
{
    return QStringLiteral("%1%").arg(v * 100, 0, 'f', v < 0.1 ? 1 : 0);
}

} // namespace

TokenView::TokenView(QWidget *parent)
    : SampleGridView(parent)
{
    setWhatsThis(tr("<p><b>Guess the hidden word.</b> Before training, every small square (patch) of the training "
                    "images was sorted into one of K groups of look-alike patches: the visual vocabulary. Each group "
                    "is a <i>token</i>, drawn as the average of its patches.</p><p>From the left: the original; the "
                    "same image written in tokens (each patch replaced by its token's picture: what the vocabulary "
                    "can say); the network's guesses for the hidden patches. The network never saw those patches and "
                    "must name their token from the rest of the image. A <span style='color:%1'>solid blue "
                    "outline</span> is a right guess, a <span style='color:%2'>dashed orange outline</span> a wrong "
                    "one. Guessing blindly is right once in K. Point at a patch for its token numbers.</p>")
                     .arg(PlotStyle::correct().name(), PlotStyle::wrong().name()));
}

void TokenView::setPreview(const engine::TokenPreview &preview)
{
    m_originals.clear();
    m_tokenMaps.clear();
    m_predictedMaps.clear();
    m_vocabulary = preview.vocabulary;
    for (int i = 0; i < preview.tokenMap.count; ++i) {
        QImage map = toImage(preview.tokenMap, i);
        if (map.isNull()) break;
        m_tokenMaps.push_back(asRgb(map));
        m_originals.push_back(asRgb(toImage(preview.original, i)));
        m_predictedMaps.push_back(asRgb(toImage(preview.predictedMap, i)));
    }
    // Tokens are whole patches only: floor, not ceil.
    PatchGrid grid;
    grid.patch = std::max(1, preview.patch);
    grid.columns = preview.tokenMap.width / grid.patch;
    grid.rows = preview.tokenMap.height / grid.patch;
    if (!m_tokenMaps.empty()) grid.imageSize = m_tokenMaps.front().size();
    setPatchGrid(grid);
    // Per-patch arrays shorter than the images describe are padded: visible, unknown token, no guess.
    const size_t cells = m_tokenMaps.size() * size_t(patchesPerImage());
    m_mask = preview.patchMask;
    m_tokens = preview.tokens;
    m_predictions = preview.predictions;
    m_mask.resize(cells, 0);
    m_tokens.resize(cells, -1);
    m_predictions.resize(cells, -1);
    samplesChanged();
}

void TokenView::clear()
{
    setPreview({});
}

int TokenView::sampleCount() const
{
    return int(m_tokenMaps.size());
}

int TokenView::at(const std::vector<int> &v, int sample, int patchIndex) const
{
    if (sample < 0 || sample >= sampleCount() || patchIndex < 0 || patchIndex >= patchesPerImage()) return -1;
    return v[size_t(sample) * patchesPerImage() + patchIndex];
}

bool TokenView::isHidden(int sample, int patchIndex) const
{
    if (sample < 0 || sample >= sampleCount() || patchIndex < 0 || patchIndex >= patchesPerImage()) return false;
    return m_mask[size_t(sample) * patchesPerImage() + patchIndex] != 0;
}

int TokenView::token(int sample, int patchIndex) const
{
    return at(m_tokens, sample, patchIndex);
}

int TokenView::prediction(int sample, int patchIndex) const
{
    return at(m_predictions, sample, patchIndex);
}

int TokenView::predictedCount(int sample) const
{
    if (sample < 0) {
        int n = 0;
        for (int i = 0; i < sampleCount(); ++i) n += predictedCount(i);
        return n;
    }
    int n = 0;
    for (int p = 0; p < patchesPerImage(); ++p) n += isHidden(sample, p) && prediction(sample, p) >= 0 ? 1 : 0;
    return n;
}

int TokenView::correctCount(int sample) const
{
    if (sample < 0) {
        int n = 0;
        for (int i = 0; i < sampleCount(); ++i) n += correctCount(i);
        return n;
    }
    int n = 0;
    for (int p = 0; p < patchesPerImage(); ++p)
        n += isHidden(sample, p) && prediction(sample, p) >= 0 && prediction(sample, p) == token(sample, p) ? 1 : 0;
    return n;
}

QString TokenView::captionText(int sample) const
{
    const int predicted = predictedCount(sample);
    if (predicted == 0) return tr("#%1 · no guesses yet").arg(sample);
    return tr("#%1 · %2/%3 masked tokens right").arg(sample).arg(correctCount(sample)).arg(predicted);
}

SampleGridView::CellShape TokenView::cellShape() const
{
    QStringList captions;
    for (int i = 0; i < sampleCount(); ++i)
        captions << captionText(i);
    return oneCaptionShape(3, m_tokenMaps.empty() ? QSize() : m_tokenMaps.front().size(), captions);
}

QString TokenView::headerText() const
{
    QString text = tr("Original · each patch as its visual token · the network's guess for every hidden patch "
                      "(blue solid = right token, orange dashed = wrong).");
    const int predicted = predictedCount();
    if (predicted > 0 && m_vocabulary > 0)
        text += tr(" %1 of %2 hidden tokens right (%3; guessing blindly among %4 tokens: %5).")
                    .arg(correctCount())
                    .arg(predicted)
                    .arg(percent(double(correctCount()) / predicted))
                    .arg(m_vocabulary)
                    .arg(percent(1.0 / m_vocabulary));
    return text;
}

void TokenView::paintSample(
    QPainter &painter, int sample, const QVector<QRectF> &imageRects, const QRectF &captionRect) const
{
    drawPixels(painter, imageRects[0], m_originals[sample]);
    drawPixels(painter, imageRects[1], m_tokenMaps[sample]);
    drawPixels(painter, imageRects[2], m_predictedMaps[sample]);
    for (const QRectF &r : imageRects) drawFrame(painter, r, PlotStyle::neutral(), Qt::SolidLine, 1);

    // The patch grid, thin, on the two token images: a token is one patch.
    for (int j = 1; j <= 2; ++j)
        drawPatchGrid(painter, imageRects[j], QColor(170, 170, 170, 110));
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, false);
    // The hidden patches of the guesses: outlined inside the patch, so that neighbours' marks never overlap.
    const double width = std::clamp(pixelScale() * patchSize() / 8.0, 1.5, 3.0);
    for (int p = 0; p < patchesPerImage(); ++p) {
        if (!isHidden(sample, p) || prediction(sample, p) < 0) continue;
        const bool right = prediction(sample, p) == token(sample, p);
        QPen pen(right ? PlotStyle::correct() : PlotStyle::wrong(), width, right ? Qt::SolidLine : Qt::DashLine);
        pen.setJoinStyle(Qt::MiterJoin);
        if (!right) pen.setDashPattern({ 2, 1.5 });
        painter.setPen(pen);
        painter.setBrush(Qt::NoBrush);
        const QRectF r = patchRectInImage(imageRects[2], p);
        painter.drawRect(r.adjusted(width / 2, width / 2, -width / 2, -width / 2));
    }
    painter.restore();

    const bool guessed = predictedCount(sample) > 0;
    drawCaptionLine(painter, captionRect, 0, captionText(sample), guessed ? PlotStyle::text() : PlotStyle::mutedText());
}

QString TokenView::patchToolTip(int sample, int patchIndex) const
{
    if (sample < 0 || sample >= sampleCount() || patchIndex < 0 || patchIndex >= patchesPerImage()) return {};
    const int row = patchIndex / patchColumns(), col = patchIndex % patchColumns();
    const int t = token(sample, patchIndex), p = prediction(sample, patchIndex);
    const QString tokenText = t >= 0 ? tr("token %1").arg(t) : tr("token unknown");
    QStringList lines;
    if (!isHidden(sample, patchIndex)) {
        lines << tr("patch (%1, %2), visible: %3").arg(row).arg(col).arg(tokenText);
        lines << tr("The network saw this patch; it is drawn with its true token.");
    } else if (p < 0) {
        lines << tr("patch (%1, %2), hidden: true %3, no guess yet").arg(row).arg(col).arg(tokenText);
    } else {
        lines << tr("patch (%1, %2), hidden: true %3, predicted token %4 %5")
                     .arg(row)
                     .arg(col)
                     .arg(tokenText)
                     .arg(p)
                     .arg(p == t ? tr("✓ right") : tr("✗ wrong"));
        lines << tr("The network never saw this patch and had to name its token from the rest of the image.");
    }
    lines << tr("sample #%1, row %2, column %3 (from 0); tokens are numbered 0 … %4")
                 .arg(sample)
                 .arg(row)
                 .arg(col)
                 .arg(std::max(0, m_vocabulary - 1));
    return lines.join(QLatin1Char('\n'));
}

QString TokenView::describe(int sample) const
{
    if (sample < 0 || sample >= sampleCount()) return {};
    QStringList lines;
    lines << tr("Sample #%1").arg(sample);
    int hidden = 0;
    for (int p = 0; p < patchesPerImage(); ++p) hidden += isHidden(sample, p) ? 1 : 0;
    lines << tr("%1 of %2 patches hidden from the network, %3 × %3 px each")
                 .arg(hidden)
                 .arg(patchesPerImage())
                 .arg(patchSize());
    if (predictedCount(sample) > 0)
        lines << tr("%1 of %2 hidden tokens named right (chance: 1 in %3)")
                     .arg(correctCount(sample))
                     .arg(predictedCount(sample))
                     .arg(m_vocabulary);
    lines << tr("Point at a patch for its true and predicted token.");
    return lines.join(QLatin1Char('\n'));
}

QString TokenView::csv() const
{
    QString out;
    QTextStream s(&out);
    s << "sample,patch,row,column,hidden,token,predicted_token,correct\n";
    for (int i = 0; i < sampleCount(); ++i) {
        for (int p = 0; p < patchesPerImage(); ++p) {
            const int t = token(i, p), pr = prediction(i, p);
            s << i << ',' << p << ',' << p / patchColumns() << ',' << p % patchColumns() << ','
              << (isHidden(i, p) ? 1 : 0) << ',' << t << ',';
            if (pr >= 0) s << pr << ',' << (pr == t ? 1 : 0);
            else s << ',';
            s << '\n';
        }
    }
    return out;
}

} // namespace pretext::widgets
