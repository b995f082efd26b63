#include "widgets/augmentationview.h"

#include "widgets/plotstyle.h"

#include <QPainter>
#include <QTextStream>

#include <cmath>

namespace pretext::widgets {

namespace {

// Whole numbers without decimals, everything else with one or two, as a person would write a crop box.
QString num(double v, int decimals = 1)
{
    if (std::abs(v - std::round(v)) < 1e-6) return QString::number(qint64(std::round(v)));
    return QString::number(v, 'f', decimals);
}

QString factor(double v)
{
    return QStringLiteral("×%1").arg(v, 0, 'f', 2);
}

QColor view1Colour()
{
    return PlotStyle::blue();
}
QString insetLegend()
{
    return AugmentationView::tr("1 = view 1 · 2 = view 2");
}
QColor view2Colour()
{
    return PlotStyle::vermillion();
}

} // namespace

AugmentationView::AugmentationView(QWidget *parent)
    : SampleGridView(parent)
{
    setWhatsThis(tr("<p><b>Two views of every image.</b> SimCLR takes each picture twice and changes it at "
                    "random: a crop, a mirror flip, colour jitter, grayscale, blur. The network is trained to "
                    "give both views almost the same embedding and different images different ones.</p>"
                    "<p>Hover a pair to see the original picture with the two crop boxes: "
                    "<span style='color:%1'>solid blue = view 1</span>, "
                    "<span style='color:%2'>dashed orange = view 2</span>.</p>")
                     .arg(view1Colour().name(), view2Colour().name()));
}

void AugmentationView::setPairs(const engine::ImageGrid &originals, const engine::ImageGrid &view1,
    const engine::ImageGrid &view2, const std::vector<engine::AugmentRecord> &records1,
    const std::vector<engine::AugmentRecord> &records2)
{
    m_originals.clear();
    m_view1.clear();
    m_view2.clear();
    const int n = std::min(view1.count, view2.count);
    for (int i = 0; i < n; ++i) {
        QImage a = toImage(view1, i);
        QImage b = toImage(view2, i);
        if (a.isNull() || b.isNull()) break; // a truncated pixel buffer: show what is complete
        m_view1.push_back(a);
        m_view2.push_back(b);
    }
    for (int i = 0; i < originals.count && i < int(m_view1.size()); ++i)
        m_originals.push_back(toImage(originals, i));
    m_records1 = records1;
    m_records2 = records2;
    samplesChanged();
}

void AugmentationView::clear()
{
    setPairs({}, {}, {}, {}, {});
}

int AugmentationView::sampleCount() const
{
    return int(m_view1.size());
}

SampleGridView::CellShape AugmentationView::cellShape() const
{
    CellShape shape;
    shape.images = 2;
    if (!m_view1.empty()) shape.imageSize = m_view1.front().size().expandedTo(m_view2.front().size());
    shape.captionLines = 2;
    const QFontMetricsF fm(font());
    for (int i = 0; i < sampleCount(); ++i)
        for (int view : { 1, 2 }) {
            shape.captionTexts << captionLine(i, view);
            shape.captionWidth = std::max(shape.captionWidth, fm.horizontalAdvance(shape.captionTexts.back()));
        }
    return shape;
}

QString AugmentationView::headerText() const
{
    return tr("Each pair: view 1 (solid blue) | view 2 (dashed orange), two random augmentations of one image "
              "(crop = share of the picture kept, jitter = colour jitter). Hover a pair for the original with both "
              "crop boxes.");
}

void AugmentationView::paintSample(
    QPainter &painter, int sample, const QVector<QRectF> &imageRects, const QRectF &captionRect) const
{
    drawPixels(painter, imageRects[0], m_view1[sample]);
    drawPixels(painter, imageRects[1], m_view2[sample]);
    drawFrame(painter, imageRects[0], view1Colour(), Qt::SolidLine, 2);
    drawFrame(painter, imageRects[1], view2Colour(), Qt::DashLine, 2);

    // One line per view, in its colour, naming every augmentation that changed it; the tooltip has the numbers.
    drawCaptionLine(painter, captionRect, 0, captionLine(sample, 1), view1Colour());
    drawCaptionLine(painter, captionRect, 1, captionLine(sample, 2), view2Colour());
}

QString AugmentationView::tags(int sample, int view) const
{
    const auto &records = view == 1 ? m_records1 : m_records2;
    if (sample < 0 || sample >= int(records.size())) return {};
    const engine::AugmentRecord &r = records[size_t(sample)];
    QStringList t;
    const QSize original = sample < int(m_originals.size()) ? m_originals[size_t(sample)].size() : QSize();
    if (r.cropW > 0 && r.cropH > 0) {
        // The share of the original the crop kept; a crop of the whole image is no crop.
        const double share = original.isValid() ? r.cropW * r.cropH / double(original.width() * original.height()) : 1.0;
        if (share < 0.995) t << tr("crop %1%").arg(int(std::round(share * 100)));
    }
    if (r.flipped) t << tr("flip");
    if (r.jittered) t << tr("jitter");
    if (r.grayscale) t << tr("gray");
    if (r.blurSigma > 0) t << tr("blur");
    if (r.solarized) t << tr("solar");
    return t.join(QLatin1Char(' '));
}

QString AugmentationView::captionLine(int sample, int view) const
{
    const QString t = tags(sample, view);
    const QString prefix = view == 1 ? QStringLiteral("#%1 1:").arg(sample) : QStringLiteral("2:");
    return prefix + QLatin1Char(' ') + (t.isEmpty() ? QStringLiteral("–") : t);
}

QRectF AugmentationView::insetRectFor(const QRectF &cellRect) const
{
    const QFontMetricsF fm(font());
    const double side = std::clamp(cellRect.height() * 1.7, 8 * fm.height(), std::max(8 * fm.height(), height() * 0.7));
    const double w = std::max(side + 16, fm.horizontalAdvance(insetLegend()) + 24);
    const double h = side + 16 + 2 * fm.lineSpacing();
    // Right of the hovered pair if it fits, otherwise left of it; never over the pair itself.
    double x = cellRect.right() + 12;
    if (x + w > width() - 4) x = cellRect.left() - 12 - w;
    x = std::clamp(x, 4.0, std::max(4.0, width() - w - 4));
    double y = std::clamp(cellRect.top() - 8, 4.0, std::max(4.0, height() - h - 4));
    return QRectF(x, y, w, h);
}

QRect AugmentationView::insetRect(int sample) const
{
    if (sample < 0 || sample >= int(m_originals.size()) || m_originals[sample].isNull()) return {};
    const QRect cell = sampleRect(sample);
    return cell.isEmpty() ? QRect() : insetRectFor(cell).toAlignedRect();
}

QPoint AugmentationView::tooltipPos(int sample, const QPoint &cursor) const
{
    // Under the inset, so the text never hides the original and its crop boxes.
    const QRect inset = insetRect(sample);
    if (inset.isEmpty()) return cursor;
    return mapToGlobal(inset.bottomLeft() + QPoint(0, 6));
}

void AugmentationView::paintHoverOverlay(QPainter &painter, int sample, const QRectF &cellRect) const
{
    if (sample >= int(m_originals.size()) || m_originals[sample].isNull()) return;
    const QImage &original = m_originals[sample];
    const QRectF box = insetRectFor(cellRect);
    const QFontMetricsF fm(font());

    painter.save();
    painter.setPen(QPen(PlotStyle::axis(), 1));
    painter.setBrush(PlotStyle::background());
    painter.drawRoundedRect(box, 6, 6);
    painter.setPen(PlotStyle::text());
    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    painter.drawText(QRectF(box.left(), box.top() + 4, box.width(), fm.lineSpacing()), Qt::AlignHCenter,
        tr("original #%1").arg(sample));

    // Fit the original into the square under the title, keeping whole device pixels per source pixel when possible.
    const double area = std::min(box.width() - 16, box.height() - 16 - 2 * fm.lineSpacing());
    const double dpr = devicePixelRatioF();
    double s = area / std::max(original.width(), original.height());
    if (s * dpr >= 1) s = std::floor(s * dpr) / dpr;
    const QRectF image(box.left() + (box.width() - original.width() * s) / 2, box.top() + 8 + fm.lineSpacing(),
        original.width() * s, original.height() * s);
    drawPixels(painter, image, original);

    auto drawCrop = [&](const engine::AugmentRecord &r, const QColor &colour, Qt::PenStyle style, const QString &tag,
                        bool topLeft) {
        const QRectF crop(image.left() + r.cropX * s, image.top() + r.cropY * s, r.cropW * s, r.cropH * s);
        QPen pen(colour, 3, style);
        painter.setPen(pen);
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(crop);
        // A label inside the box says which view it is and whether it was mirrored afterwards; view 1 at the
        // top-left corner and view 2 at the bottom-right, so that boxes sharing a corner keep both labels.
        const QString text = r.flipped ? tag + QStringLiteral(" ↔") : tag;
        const QSizeF labelSize(fm.horizontalAdvance(text) + 8, fm.height());
        const QPointF corner = topLeft ? crop.topLeft() + QPointF(2, 2)
                                       : crop.bottomRight() - QPointF(labelSize.width() + 2, labelSize.height() + 2);
        const QRectF label(corner, labelSize);
        painter.setPen(Qt::NoPen);
        painter.setBrush(colour);
        painter.drawRect(label);
        painter.setPen(Qt::white);
        painter.drawText(label, Qt::AlignCenter, text);
    };
    painter.setFont(bold);
    if (sample < int(m_records1.size()))
        drawCrop(m_records1[sample], view1Colour(), Qt::SolidLine, QStringLiteral("1"), true);
    if (sample < int(m_records2.size()))
        drawCrop(m_records2[sample], view2Colour(), Qt::DashLine, QStringLiteral("2"), false);

    painter.setFont(font());
    painter.setPen(PlotStyle::mutedText());
    painter.drawText(QRectF(box.left(), image.bottom() + 4, box.width(), fm.lineSpacing()), Qt::AlignHCenter,
        fm.elidedText(insetLegend(), Qt::ElideRight, box.width() - 8));
    painter.restore();
}

QString AugmentationView::describeView(const engine::AugmentRecord &r, QSize original)
{
    QStringList lines;
    QString crop = tr("  crop: %1 × %2 px at (%3, %4)").arg(num(r.cropW), num(r.cropH), num(r.cropX), num(r.cropY));
    if (original.isValid()) crop += tr(" of the %1 × %2 original").arg(original.width()).arg(original.height());
    lines << crop;
    lines << (r.flipped ? tr("  flip: yes, mirrored left–right") : tr("  flip: no"));
    if (r.jittered)
        lines << tr("  colour jitter: brightness %1, contrast %2, saturation %3, hue %4%5")
                     .arg(factor(r.brightness), factor(r.contrast), factor(r.saturation),
                         r.hue >= 0 ? QStringLiteral("+") : QString(), QString::number(r.hue, 'f', 2));
    else
        lines << tr("  colour jitter: none");
    lines << tr("  grayscale: %1 · blur: %2 · solarize: %3")
                 .arg(r.grayscale ? tr("yes") : tr("no"),
                     r.blurSigma > 0 ? QStringLiteral("σ = %1 px").arg(r.blurSigma, 0, 'f', 2) : tr("no"),
                     r.solarized ? tr("yes") : tr("no"));
    return lines.join(QLatin1Char('\n'));
}

QString AugmentationView::describe(int sample) const
{
    if (sample < 0 || sample >= sampleCount()) return {};
    const QSize original = sample < int(m_originals.size()) ? m_originals[sample].size() : QSize();
    QStringList parts;
    parts << tr("Sample #%1: two random augmentations of one image").arg(sample);
    parts << tr("View 1 (solid blue):");
    parts << (sample < int(m_records1.size()) ? describeView(m_records1[sample], original)
                                              : tr("  (no augmentation record)"));
    parts << tr("View 2 (dashed orange):");
    parts << (sample < int(m_records2.size()) ? describeView(m_records2[sample], original)
                                              : tr("  (no augmentation record)"));
    return parts.join(QLatin1Char('\n'));
}

QString AugmentationView::csv() const
{
    QString out;
    QTextStream s(&out);
    s << "sample,view,crop_x,crop_y,crop_w,crop_h,flipped,jittered,brightness,contrast,saturation,hue,grayscale,"
         "blur_sigma,solarized\n";
    auto row = [&](int sample, int view, const engine::AugmentRecord &r) {
        s << sample << ',' << view << ',' << r.cropX << ',' << r.cropY << ',' << r.cropW << ',' << r.cropH << ','
          << int(r.flipped) << ',' << int(r.jittered) << ',' << r.brightness << ',' << r.contrast << ',' << r.saturation
          << ',' << r.hue << ',' << int(r.grayscale) << ',' << r.blurSigma << ',' << int(r.solarized) << '\n';
    };
    for (int i = 0; i < sampleCount(); ++i) {
        if (i < int(m_records1.size())) row(i, 1, m_records1[i]);
        if (i < int(m_records2.size())) row(i, 2, m_records2[i]);
    }
    return out;
}

} // namespace pretext::widgets
