#include "widgets/maskview.h"

#include "widgets/plotstyle.h"

#include <QPainter>
#include <QTextStream>

#include <algorithm>
#include <cmath>
#include <limits>

namespace pretext::widgets {

namespace {

// Per-pixel difference threshold (0..255 summed over channels) under which a patch counts as unchanged, so that
// rounding from denormalisation does not mark visible patches as hidden.
constexpr double kChangedMeanAbsDiff = 3.0;
// Share of a visible patch's error colour left on the error map: the rest is the background, so that the hidden
// patches (the ones the loss is about) stand out at full strength.
constexpr double kVisibleStrength = 0.2;
// Hidden patches on the masked input: a flat mid-grey no photo or digit patch has, with a faint hatch so that
// they still read as "nothing here" where the image itself is grey.
const QColor kHiddenFill(150, 150, 150);
const QColor kHiddenHatch(128, 128, 128);

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

QImage asRgb(const QImage &image)
{
    return image.isNull() ? image : image.convertToFormat(QImage::Format_RGB32);
}

QString percent(double v)
{
    return QStringLiteral("%1%").arg(qRound(v * 100));
}

// Smallest of 1, 2, 2.5 and 5 × 10^k that is at least v (v > 0).
double niceCeil(double v)
{
    const double decade = std::pow(10.0, std::floor(std::log10(v)));
    for (double step : { 1.0, 2.0, 2.5, 5.0, 10.0 }) {
        if (step * decade >= v * (1 - 1e-9)) return step * decade;
    }
    return 10 * decade;
}

QString formatError(double v)
{
    return std::isnan(v) ? QStringLiteral("–") : QString::number(v, 'f', 4);
}

QRgb blend(QRgb c, const QColor &over, double strength)
{
    return qRgb(qRound(qRed(c) * strength + over.red() * (1 - strength)),
        qRound(qGreen(c) * strength + over.green() * (1 - strength)),
        qRound(qBlue(c) * strength + over.blue() * (1 - strength)));
}

} // namespace

MaskView::MaskView(QWidget *parent)
    : SampleGridView(parent)
{
    setWhatsThis(tr("<p><b>Fill in the blanks.</b> Most of each image is hidden (the grey squares) and the network "
                    "has to paint back what was there from the few patches it can still see. To do that it must "
                    "learn what clothes, digits or objects look like.</p><p>From the left: the original; what the "
                    "network gets; its reconstruction; the error of every patch, dark where the reconstruction is "
                    "right and bright where it is wrong (faded: a patch the network could see). Early in training "
                    "the hidden parts are blurry averages; later they take the right shapes. The caption gives the "
                    "error on the hidden patches (mean squared error, pixel values 0–1; lower is better). Point at a "
                    "patch for its own error.</p>"));
}

void MaskView::setPreview(const engine::MaskPreview &preview)
{
    setSamples(preview.original, preview.masked, preview.reconstruction, preview.patch, preview.patchMask);
}

void MaskView::setSamples(const engine::ImageGrid &original, const engine::ImageGrid &masked,
    const engine::ImageGrid &reconstruction, int patch, const std::vector<uint8_t> &patchMask)
{
    m_originals.clear();
    m_masked.clear();
    m_reconstructions.clear();
    m_masks.clear();
    const int n = masked.count;
    for (int i = 0; i < n; ++i) {
        QImage m = toImage(masked, i);
        if (m.isNull()) break;
        m_masked.push_back(asRgb(m));
        m_originals.push_back(asRgb(toImage(original, i)));
        m_reconstructions.push_back(asRgb(toImage(reconstruction, i)));
    }
    // Partial patches at the right and bottom edges count: ceil, not floor.
    PatchGrid grid;
    grid.patch = std::max(1, patch);
    grid.columns = masked.width > 0 ? (masked.width + grid.patch - 1) / grid.patch : 0;
    grid.rows = masked.height > 0 ? (masked.height + grid.patch - 1) / grid.patch : 0;
    if (!m_masked.empty()) grid.imageSize = m_masked.front().size();
    setPatchGrid(grid);
    const int perImage = patchesPerImage();

    for (int i = 0; i < int(m_masked.size()); ++i) {
        std::vector<uint8_t> mask(perImage, 0);
        if (patchMask.size() >= size_t(i + 1) * perImage) {
            std::copy(
                patchMask.begin() + size_t(i) * perImage, patchMask.begin() + size_t(i + 1) * perImage, mask.begin());
        } else if (!m_originals[i].isNull() && m_originals[i].size() == m_masked[i].size()) {
            for (int p = 0; p < perImage; ++p) {
                const QRect r = patchSourceRect(p);
                double diff = 0;
                for (int y = r.top(); y <= r.bottom(); ++y) {
                    for (int x = r.left(); x <= r.right(); ++x) {
                        const QRgb a = m_originals[i].pixel(x, y);
                        const QRgb b = m_masked[i].pixel(x, y);
                        diff += std::abs(qRed(a) - qRed(b)) + std::abs(qGreen(a) - qGreen(b))
                            + std::abs(qBlue(a) - qBlue(b));
                    }
                }
                mask[p] = diff / std::max(1, r.width() * r.height()) > kChangedMeanAbsDiff ? 1 : 0;
            }
        }
        m_masks.push_back(std::move(mask));
    }
    computeStats();
    buildErrorMaps();
    samplesChanged();
}

void MaskView::clear()
{
    setSamples({}, {}, {}, patchSize());
}

void MaskView::computeStats()
{
    m_stats.assign(m_masked.size(), Stats());
    m_errorMax = 0;
    for (int i = 0; i < int(m_masked.size()); ++i) {
        Stats &s = m_stats[i];
        s.patchMse.assign(patchesPerImage(), kNaN);
        const QImage &o = m_originals[i];
        const QImage &r = m_reconstructions[i];
        if (o.isNull() || r.isNull() || o.size() != r.size() || o.size() != m_masked[i].size()) continue;
        for (int p = 0; p < patchesPerImage(); ++p) {
            const QRect rect = patchSourceRect(p);
            double sse = 0;
            for (int y = rect.top(); y <= rect.bottom(); ++y) {
                for (int x = rect.left(); x <= rect.right(); ++x) {
                    const QRgb a = o.pixel(x, y);
                    const QRgb b = r.pixel(x, y);
                    const double dr = (qRed(a) - qRed(b)) / 255.0;
                    const double dg = (qGreen(a) - qGreen(b)) / 255.0;
                    const double db = (qBlue(a) - qBlue(b)) / 255.0;
                    sse += dr * dr + dg * dg + db * db;
                }
            }
            const qint64 values = qint64(rect.width()) * rect.height() * 3;
            if (values > 0) {
                s.patchMse[p] = sse / values;
                m_errorMax = std::max(m_errorMax, s.patchMse[p]);
            }
            if (m_masks[i][p]) {
                s.maskedSse += sse;
                s.maskedValues += values;
            } else {
                s.visibleSse += sse;
                s.visibleValues += values;
            }
        }
    }
    // A perfect reconstruction still gets a scale, so that dark reads as "no error" rather than "no data".
    m_errorMax = niceCeil(std::max(m_errorMax, 1e-3));
}

void MaskView::buildErrorMaps()
{
    // One flat colour per patch, at image resolution, so that drawPixels scales it with the other three images.
    m_errorMaps.assign(m_masked.size(), QImage());
    QCPColorGradient gradient = PlotStyle::viridis();
    const QCPRange range(0, m_errorMax);
    for (int i = 0; i < int(m_masked.size()); ++i) {
        const Stats &s = m_stats[i];
        if (std::all_of(s.patchMse.begin(), s.patchMse.end(), [](double e) { return std::isnan(e); })) continue;
        QImage map(m_masked[i].size(), QImage::Format_RGB32);
        QPainter painter(&map);
        for (int p = 0; p < patchesPerImage(); ++p) {
            const double e = s.patchMse[p];
            QRgb colour = PlotStyle::neutral().rgb();
            if (!std::isnan(e)) {
                colour = gradient.color(std::min(e, m_errorMax), range);
                if (!m_masks[i][p]) colour = blend(colour, PlotStyle::background(), kVisibleStrength);
            }
            painter.fillRect(patchSourceRect(p), QColor::fromRgb(colour));
        }
        painter.end();
        m_errorMaps[i] = map;
    }
}

int MaskView::sampleCount() const
{
    return int(m_masked.size());
}

bool MaskView::isMasked(int sample, int patchIndex) const
{
    return sample >= 0 && sample < int(m_masks.size()) && patchIndex >= 0 && patchIndex < int(m_masks[sample].size())
        && m_masks[sample][patchIndex];
}

int MaskView::maskedPatches(int sample) const
{
    if (sample < 0 || sample >= int(m_masks.size())) return 0;
    int n = 0;
    for (uint8_t m : m_masks[sample])
        n += m ? 1 : 0;
    return n;
}

double MaskView::maskedError(int sample) const
{
    if (sample < 0 || sample >= int(m_stats.size()) || m_stats[sample].maskedValues == 0) return kNaN;
    return m_stats[sample].maskedSse / m_stats[sample].maskedValues;
}

double MaskView::visibleError(int sample) const
{
    if (sample < 0 || sample >= int(m_stats.size()) || m_stats[sample].visibleValues == 0) return kNaN;
    return m_stats[sample].visibleSse / m_stats[sample].visibleValues;
}

double MaskView::patchError(int sample, int patchIndex) const
{
    if (sample < 0 || sample >= int(m_stats.size()) || patchIndex < 0
        || patchIndex >= int(m_stats[sample].patchMse.size()))
        return kNaN;
    return m_stats[sample].patchMse[patchIndex];
}

QString MaskView::captionText(int sample) const
{
    const double err = maskedError(sample);
    QString caption = tr("#%1 · %2 hidden")
                          .arg(sample)
                          .arg(percent(patchesPerImage() > 0 ? double(maskedPatches(sample)) / patchesPerImage() : 0));
    if (!std::isnan(err)) caption += tr(" · error %1").arg(err, 0, 'f', 3);
    return caption;
}

QString MaskView::legendMaxText() const
{
    return QString::number(m_errorMax, 'g', 3);
}

SampleGridView::CellShape MaskView::cellShape() const
{
    QStringList captions;
    for (int i = 0; i < sampleCount(); ++i)
        captions << captionText(i);
    return oneCaptionShape(4, m_masked.empty() ? QSize() : m_masked.front().size(), captions);
}

QString MaskView::headerText() const
{
    double ratio = 0;
    for (int i = 0; i < sampleCount(); ++i)
        ratio += patchesPerImage() > 0 ? double(maskedPatches(i)) / patchesPerImage() : 0;
    QString text = tr("Original · what the network sees (grey = hidden) · its reconstruction · error per patch "
                      "(dark = right, bright = wrong).");
    if (sampleCount() > 0 && patchesPerImage() > 0) {
        const QString share = percent(ratio / sampleCount());
        text += tr(" %1 of every image hidden, in %2 × %2 px patches.").arg(share).arg(patchSize());
    }
    return text;
}

QStringList MaskView::legendTexts() const
{
    return { tr("error per patch:"), QStringLiteral("0"), legendMaxText(), tr("(MSE, pixel values 0–1)"),
        tr("a patch the network saw") };
}

QSizeF MaskView::legendSize() const
{
    if (std::all_of(m_errorMaps.begin(), m_errorMaps.end(), [](const QImage &m) { return m.isNull(); })) return {};
    const QFontMetricsF fm(font());
    double w = 0;
    for (const QString &t : legendTexts())
        w += fm.horizontalAdvance(t) + fm.averageCharWidth();
    w += fm.averageCharWidth() * 16 + fm.lineSpacing(); // the bar, the gap before the swatch and the swatch
    return QSizeF(w, fm.lineSpacing());
}

void MaskView::paintLegend(QPainter &painter, const QRectF &rect) const
{
    // error per patch: 0 [dark → bright] max (MSE, pixel values 0–1)   [faded swatch] a patch the network saw
    const QFontMetricsF fm(font());
    const QStringList t = legendTexts();
    const double space = fm.averageCharWidth();
    painter.save();
    painter.setClipRect(rect);
    painter.setPen(PlotStyle::mutedText());
    double x = rect.left();
    auto text = [&](const QString &s) {
        painter.drawText(
            QRectF(x, rect.top(), fm.horizontalAdvance(s) + 1, rect.height()), Qt::AlignLeft | Qt::AlignVCenter, s);
        x += fm.horizontalAdvance(s) + space;
    };
    auto swatchRect = [&](double width) {
        const double h = fm.ascent() * 0.85;
        return QRectF(x, rect.top() + (rect.height() - h) / 2, width, h);
    };
    text(t[0]);
    text(t[1]);
    const QRectF bar = swatchRect(space * 12);
    QCPColorGradient gradient = PlotStyle::viridis();
    QLinearGradient fill(bar.topLeft(), bar.topRight());
    for (int i = 0; i <= 8; ++i)
        fill.setColorAt(i / 8.0, QColor::fromRgb(gradient.color(i / 8.0, QCPRange(0, 1))));
    painter.fillRect(bar, fill);
    x = bar.right() + space;
    text(t[2]);
    text(t[3]);
    x += space * 3;
    const QRectF swatch = swatchRect(fm.ascent() * 0.85);
    painter.fillRect(
        swatch, QColor::fromRgb(blend(gradient.color(0, QCPRange(0, 1)), PlotStyle::background(), kVisibleStrength)));
    drawFrame(painter, swatch, PlotStyle::neutral(), Qt::SolidLine, 1);
    x = swatch.right() + space;
    text(t[4]);
    painter.restore();
}

void MaskView::paintSample(
    QPainter &painter, int sample, const QVector<QRectF> &imageRects, const QRectF &captionRect) const
{
    drawPixels(painter, imageRects[0], m_originals[sample]);
    drawPixels(painter, imageRects[1], m_masked[sample]);
    drawPixels(painter, imageRects[2], m_reconstructions[sample]);
    if (m_errorMaps[sample].isNull())
        painter.fillRect(imageRects[3], PlotStyle::neutral());
    else
        drawPixels(painter, imageRects[3], m_errorMaps[sample]);
    for (const QRectF &r : imageRects)
        drawFrame(painter, r, PlotStyle::neutral(), Qt::SolidLine, 1);

    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, false);
    // Hidden patches: one flat grey whatever fill the engine used, so they read as "nothing here".
    const QBrush hatch(kHiddenHatch, Qt::BDiagPattern);
    for (int p = 0; p < patchesPerImage(); ++p) {
        if (!m_masks[sample][p]) continue;
        const QRectF r = patchRectInImage(imageRects[1], p);
        painter.fillRect(r, kHiddenFill);
        painter.fillRect(r, hatch);
    }
    painter.restore();
    // The patch grid, thin, on the masked input (where the patches are the point) and on the error map.
    drawPatchGrid(painter, imageRects[1], QColor(170, 170, 170, 190));
    drawPatchGrid(painter, imageRects[3], QColor(255, 255, 255, 110));

    drawCaptionLine(painter, captionRect, 0, captionText(sample), PlotStyle::text());
}

QString MaskView::patchToolTip(int sample, int patchIndex) const
{
    if (sample < 0 || sample >= sampleCount() || patchIndex < 0 || patchIndex >= patchesPerImage()) return {};
    const int row = patchIndex / patchColumns();
    const int col = patchIndex % patchColumns();
    const bool hidden = isMasked(sample, patchIndex);
    const double err = patchError(sample, patchIndex);
    QString first = tr("patch (%1, %2), %3").arg(row).arg(col).arg(hidden ? tr("hidden") : tr("visible"));
    if (!std::isnan(err)) first += tr(": MSE %1").arg(formatError(err));
    QStringList lines { first };
    lines << tr("sample #%1, row %2, column %3 (from 0)").arg(sample).arg(row).arg(col);
    lines << (hidden ? tr("The network never saw this patch and had to paint it back.")
                     : tr("The network saw this patch; it is copied into the reconstruction."));
    if (!std::isnan(err))
        lines << tr("error: mean squared difference from the original, pixel values 0–1 (scale 0 … %1)")
                     .arg(legendMaxText());
    return lines.join(QLatin1Char('\n'));
}

QString MaskView::describe(int sample) const
{
    if (sample < 0 || sample >= sampleCount()) return {};
    QStringList lines;
    lines << tr("Sample #%1").arg(sample);
    lines << tr("%1 of %2 patches (%3) hidden from the network, %4 × %4 px each")
                 .arg(maskedPatches(sample))
                 .arg(patchesPerImage())
                 .arg(percent(patchesPerImage() > 0 ? double(maskedPatches(sample)) / patchesPerImage() : 0))
                 .arg(patchSize());
    const double masked = maskedError(sample);
    const double visible = visibleError(sample);
    if (!std::isnan(masked))
        lines << tr("reconstruction error on hidden patches: MSE %1 (pixel values 0–1)").arg(masked, 0, 'f', 4);
    if (!std::isnan(visible)) lines << tr("on visible patches: MSE %1").arg(visible, 0, 'f', 4);
    int worst = -1;
    for (int p = 0; p < patchesPerImage(); ++p) {
        const double e = patchError(sample, p);
        if (isMasked(sample, p) && !std::isnan(e) && (worst < 0 || e > patchError(sample, worst))) worst = p;
    }
    if (worst >= 0)
        lines << tr("worst hidden patch: (%1, %2), MSE %3")
                     .arg(worst / patchColumns())
                     .arg(worst % patchColumns())
                     .arg(formatError(patchError(sample, worst)));
    lines << tr("Point at a patch for its own error.");
    return lines.join(QLatin1Char('\n'));
}

QString MaskView::csv() const
{
    QString out;
    QTextStream s(&out);
    auto number = [](double v) { return std::isnan(v) ? QString() : QString::number(v, 'g', 6); };
    s << "sample,patch,row,column,hidden,mse,sample_hidden_patches,sample_mse_masked,sample_mse_visible\n";
    for (int i = 0; i < sampleCount(); ++i) {
        const QString sampleMasked = number(maskedError(i));
        const QString sampleVisible = number(visibleError(i));
        for (int p = 0; p < patchesPerImage(); ++p) {
            s << i << ',' << p << ',' << p / patchColumns() << ',' << p % patchColumns() << ','
              << (isMasked(i, p) ? 1 : 0) << ',' << number(patchError(i, p)) << ',' << maskedPatches(i) << ','
              << sampleMasked << ',' << sampleVisible << '\n';
        }
    }
    return out;
}

} // namespace pretext::widgets
