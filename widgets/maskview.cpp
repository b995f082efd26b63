#include "widgets/maskview.h"

#include "widgets/plotstyle.h"

#include <QPainter>
#include <QTextStream>

#include <cmath>
#include <limits>

namespace pretext::widgets {

namespace {

// Per-pixel difference threshold (0..255 summed over channels) under which a patch counts as unchanged, so that
// rounding from denormalisation does not mark visible patches as hidden.
constexpr double kChangedMeanAbsDiff = 3.0;

QImage asRgb(const QImage &image)
{
    return image.isNull() ? image : image.convertToFormat(QImage::Format_RGB32);
}

QString percent(double v)
{
    return QStringLiteral("%1%").arg(qRound(v * 100));
}

} // namespace

MaskView::MaskView(QWidget *parent)
    : SampleGridView(parent)
{
    setWhatsThis(tr("<p><b>Fill in the blanks.</b> Most of each image is hidden (the hatched squares) and the "
                    "network has to paint back what was there from the few patches it can still see. To do that "
                    "it must learn what clothes, digits or objects look like.</p><p>Left: the original. Middle: "
                    "what the network gets. Right: its reconstruction. Early in training the hidden parts are "
                    "blurry averages; later they take the right shapes. The caption gives the error on the "
                    "hidden patches (mean squared error, pixel values 0–1; lower is better).</p>"));
}

void MaskView::setSamples(const engine::ImageGrid &original, const engine::ImageGrid &masked,
    const engine::ImageGrid &reconstruction, int patch, const std::vector<uint8_t> &patchMask)
{
    m_patch = std::max(1, patch);
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
    m_patchCols = masked.width > 0 ? (masked.width + m_patch - 1) / m_patch : 0;
    m_patchRows = masked.height > 0 ? (masked.height + m_patch - 1) / m_patch : 0;
    const int perImage = m_patchCols * m_patchRows;

    for (int i = 0; i < int(m_masked.size()); ++i) {
        std::vector<uint8_t> mask(perImage, 0);
        if (patchMask.size() >= size_t(i + 1) * perImage) {
            std::copy(
                patchMask.begin() + size_t(i) * perImage, patchMask.begin() + size_t(i + 1) * perImage, mask.begin());
        } else if (!m_originals[i].isNull() && m_originals[i].size() == m_masked[i].size()) {
            for (int p = 0; p < perImage; ++p) {
                const QRect r = patchRect(p);
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
    samplesChanged();
}

void MaskView::clear()
{
    setSamples({}, {}, {}, m_patch);
}

QRect MaskView::patchRect(int patchIndex) const
{
    const QSize size = m_masked.empty() ? QSize() : m_masked.front().size();
    const int r = patchIndex / std::max(1, m_patchCols);
    const int c = patchIndex % std::max(1, m_patchCols);
    const QRect full(c * m_patch, r * m_patch, m_patch, m_patch);
    return full.intersected(QRect(QPoint(0, 0), size));
}

void MaskView::computeStats()
{
    m_stats.assign(m_masked.size(), Stats());
    for (int i = 0; i < int(m_masked.size()); ++i) {
        const QImage &o = m_originals[i];
        const QImage &r = m_reconstructions[i];
        if (o.isNull() || r.isNull() || o.size() != r.size() || o.size() != m_masked[i].size()) continue;
        Stats &s = m_stats[i];
        for (int p = 0; p < patchesPerImage(); ++p) {
            const QRect rect = patchRect(p);
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
            if (m_masks[i][p]) {
                s.maskedSse += sse;
                s.maskedValues += values;
            } else {
                s.visibleSse += sse;
                s.visibleValues += values;
            }
        }
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
    if (sample < 0 || sample >= int(m_stats.size()) || m_stats[sample].maskedValues == 0)
        return std::numeric_limits<double>::quiet_NaN();
    return m_stats[sample].maskedSse / m_stats[sample].maskedValues;
}

double MaskView::visibleError(int sample) const
{
    if (sample < 0 || sample >= int(m_stats.size()) || m_stats[sample].visibleValues == 0)
        return std::numeric_limits<double>::quiet_NaN();
    return m_stats[sample].visibleSse / m_stats[sample].visibleValues;
}

SampleGridView::CellShape MaskView::cellShape() const
{
    CellShape shape;
    shape.images = 3;
    if (!m_masked.empty()) shape.imageSize = m_masked.front().size();
    shape.captionLines = 1;
    return shape;
}

QString MaskView::headerText() const
{
    double ratio = 0;
    for (int i = 0; i < sampleCount(); ++i)
        ratio += patchesPerImage() > 0 ? double(maskedPatches(i)) / patchesPerImage() : 0;
    QString text = tr("Original | what the network sees (hatched = hidden) | its reconstruction.");
    if (sampleCount() > 0 && patchesPerImage() > 0) {
        const QString share = percent(ratio / sampleCount());
        text += tr(" %1 of every image hidden, in %2 × %2 px patches.").arg(share).arg(m_patch);
    }
    return text;
}

void MaskView::paintSample(
    QPainter &painter, int sample, const QVector<QRectF> &imageRects, const QRectF &captionRect) const
{
    drawPixels(painter, imageRects[0], m_originals[sample]);
    drawPixels(painter, imageRects[1], m_masked[sample]);
    drawPixels(painter, imageRects[2], m_reconstructions[sample]);
    for (const QRectF &r : imageRects)
        drawFrame(painter, r, PlotStyle::neutral(), Qt::SolidLine, 1);

    // Hidden patches: flat grey with a hatch, so they read as "nothing here" whatever fill the engine used.
    const QSize size = m_masked[sample].size();
    const double sx = imageRects[1].width() / size.width();
    const double sy = imageRects[1].height() / size.height();
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, false);
    QBrush hatch(QColor(120, 120, 120), Qt::BDiagPattern);
    for (int p = 0; p < patchesPerImage(); ++p) {
        if (!m_masks[sample][p]) continue;
        const QRect src = patchRect(p);
        const QRectF r(imageRects[1].left() + src.x() * sx, imageRects[1].top() + src.y() * sy, src.width() * sx,
            src.height() * sy);
        painter.fillRect(r, QColor(215, 215, 215));
        painter.fillRect(r, hatch);
    }
    painter.restore();

    const double err = maskedError(sample);
    QString caption = tr("#%1 · %2 hidden")
                          .arg(sample)
                          .arg(percent(patchesPerImage() > 0 ? double(maskedPatches(sample)) / patchesPerImage() : 0));
    if (!std::isnan(err)) caption += tr(" · error %1").arg(err, 0, 'f', 3);
    drawCaptionLine(painter, captionRect, 0, caption, PlotStyle::text());
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
                 .arg(m_patch);
    const double masked = maskedError(sample);
    const double visible = visibleError(sample);
    if (!std::isnan(masked))
        lines << tr("reconstruction error on hidden patches: MSE %1 (pixel values 0–1)").arg(masked, 0, 'f', 4);
    if (!std::isnan(visible)) lines << tr("on visible patches: MSE %1").arg(visible, 0, 'f', 4);
    return lines.join(QLatin1Char('\n'));
}

QString MaskView::csv() const
{
    QString out;
    QTextStream s(&out);
    s << "sample,patches,masked,mask_ratio,mse_masked,mse_visible\n";
    for (int i = 0; i < sampleCount(); ++i) {
        const double masked = maskedError(i);
        const double visible = visibleError(i);
        s << i << ',' << patchesPerImage() << ',' << maskedPatches(i) << ','
          << (patchesPerImage() > 0 ? double(maskedPatches(i)) / patchesPerImage() : 0.0) << ','
          << (std::isnan(masked) ? QString() : QString::number(masked, 'g', 6)) << ','
          << (std::isnan(visible) ? QString() : QString::number(visible, 'g', 6)) << '\n';
    }
    return out;
}

} // namespace pretext::widgets
