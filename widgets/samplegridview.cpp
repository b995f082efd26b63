#include "widgets/samplegridview.h"

#include "widgets/panelexport.h"
#include "widgets/plotstyle.h"

#include <QContextMenuEvent>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace pretext::widgets {

namespace {
constexpr double kMargin = 8;
constexpr double kInnerGap = 6; // between the images of one cell
constexpr double kPad = 3; // room for the frame around each image
} // namespace

SampleGridView::SampleGridView(QWidget *parent)
    : QWidget(parent)
{
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

QSize SampleGridView::sizeHint() const
{
    return QSize(520, 360);
}

QSize SampleGridView::minimumSizeHint() const
{
    return QSize(160, 120);
}

QString SampleGridView::emptyText() const
{
    return tr("No preview yet: start a run to see what the network is given.");
}

QImage SampleGridView::toImage(const engine::ImageGrid &grid, int index)
{
    if (index < 0 || index >= grid.count || grid.width <= 0 || grid.height <= 0) return {};
    QImage::Format format;
    switch (grid.channels) {
    case 1:
        format = QImage::Format_Grayscale8;
        break;
    case 3:
        format = QImage::Format_RGB888;
        break;
    case 4:
        format = QImage::Format_RGBA8888;
        break;
    default:
        return {};
    }
    if (grid.pixels.size() < static_cast<size_t>(index + 1) * grid.imageBytes()) return {};
    QImage image(grid.width, grid.height, format);
    const size_t rowBytes = static_cast<size_t>(grid.width) * grid.channels;
    const uint8_t *src = grid.image(index);
    // QImage rows are 32-bit aligned; the grid's are packed, so copy row by row.
    for (int y = 0; y < grid.height; ++y)
        std::memcpy(image.scanLine(y), src + y * rowBytes, rowBytes);
    return image;
}

void SampleGridView::drawPixels(QPainter &painter, const QRectF &target, const QImage &image)
{
    if (image.isNull() || target.isEmpty()) return;
    // Pre-scale by an integer factor with nearest neighbour: exact on screen, and SVG/PDF viewers (which
    // smooth embedded images) get pixels big enough to stay blocky.
    const double dpr = std::max(1.0, painter.device() ? painter.device()->devicePixelRatioF() : 1.0);
    const int factor = std::max(1, int(std::ceil(target.width() * dpr / image.width() - 1e-6)));
    const QImage scaled = factor == 1
        ? image
        : image.scaled(image.width() * factor, image.height() * factor, Qt::IgnoreAspectRatio, Qt::FastTransformation);
    painter.save();
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    painter.drawImage(target, scaled);
    painter.restore();
}

void SampleGridView::drawFrame(
    QPainter &painter, const QRectF &imageRect, const QColor &color, Qt::PenStyle style, double width)
{
    painter.save();
    QPen pen(color, width, style);
    pen.setJoinStyle(Qt::MiterJoin);
    painter.setPen(pen);
    painter.setBrush(Qt::NoBrush);
    const double half = width / 2;
    painter.drawRect(imageRect.adjusted(-half, -half, half, half));
    painter.restore();
}

void SampleGridView::drawCaptionLine(
    QPainter &painter, const QRectF &captionRect, int line, const QString &text, const QColor &color, bool bold) const
{
    QFont f = font();
    f.setBold(bold);
    const QFontMetricsF fm(f);
    const int rows = std::max(1, m_paintCaptionRows);
    const QStringList lines = wrapCaption(text, fm, captionRect.width(), rows);
    painter.save();
    painter.setFont(f);
    painter.setPen(color);
    for (int i = 0; i < lines.size(); ++i) {
        const QRectF row(captionRect.left(), captionRect.top() + 2 + (line * rows + i) * fm.lineSpacing(),
            captionRect.width(), fm.lineSpacing());
        painter.drawText(row, Qt::AlignHCenter | Qt::AlignTop, lines[i]);
    }
    painter.restore();
}

QStringList SampleGridView::wrapCaption(const QString &text, const QFontMetricsF &fm, double width, int rows)
{
    QStringList lines;
    if (rows <= 1 || fm.horizontalAdvance(text) <= width) {
        lines << fm.elidedText(text, Qt::ElideRight, width);
        return lines;
    }
    const QStringList words = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    QString current;
    int i = 0;
    for (; i < words.size(); ++i) {
        const QString candidate = current.isEmpty() ? words[i] : current + QLatin1Char(' ') + words[i];
        if (current.isEmpty() || fm.horizontalAdvance(candidate) <= width) {
            current = candidate;
            continue;
        }
        if (lines.size() == rows - 1) break; // the last row takes the rest, elided
        lines << current;
        current = words[i];
    }
    for (; i < words.size(); ++i) current += QLatin1Char(' ') + words[i];
    lines << fm.elidedText(current, Qt::ElideRight, width);
    return lines;
}

SampleGridView::CellShape SampleGridView::oneCaptionShape(
    int images, const QSize &imageSize, const QStringList &captions) const
{
    CellShape shape;
    shape.images = images;
    shape.imageSize = imageSize;
    shape.captionLines = 1;
    shape.captionTexts = captions;
    const QFontMetricsF fm(font());
    for (const QString &caption : captions)
        shape.captionWidth = std::max(shape.captionWidth, fm.horizontalAdvance(caption));
    return shape;
}

SampleGridView::Layout SampleGridView::computeLayout() const
{
    Layout layout;
    const int n = sampleCount();
    const CellShape shape = cellShape();
    if (n <= 0 || shape.images <= 0 || shape.imageSize.isEmpty()) return layout;

    const QFontMetricsF fm(font());
    const QRectF area = QRectF(rect()).adjusted(kMargin, kMargin, -kMargin, -kMargin);
    const double availW = area.width();
    const double gapX = fm.averageCharWidth() * 2.5;
    const double gapY = fm.lineSpacing() * 0.6;
    const double w = shape.imageSize.width();
    const double h = shape.imageSize.height();
    const int k = shape.images;
    // Height of the captions when each caption line takes `rows` text rows.
    auto captionHeight = [&](int rows) { return shape.captionLines * rows * fm.lineSpacing() + 4; };
    // Text rows a caption line needs in a column of width cellW (1 when it fits, kMaxCaptionRows + 1 when even
    // kMaxCaptionRows rows cannot hold it).
    auto rowsFor = [&](double cellW) {
        if (shape.captionWidth <= cellW || cellW <= 0) return 1;
        if (shape.captionTexts.isEmpty()) return kMaxCaptionRows + 1;
        int rows = 1;
        for (const QString &text : shape.captionTexts) {
            rows = std::max(rows, int(wrapCaption(text, fm, cellW, kMaxCaptionRows + 1).size()));
            if (rows > kMaxCaptionRows) break;
        }
        return rows;
    };
    auto textHeight = [&](const QString &text) {
        if (text.isEmpty()) return 0.0;
        return fm
            .boundingRect(QRectF(area.left(), area.top(), area.width(), 1e6),
                Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, text)
            .height();
    };
    const QSizeF legend = legendSize();
    // The header text and, under it, the panel's legend, each followed by half a line of space.
    auto headerHeight = [&](const QString &text) {
        double h = 0;
        if (!text.isEmpty()) h += textHeight(text) + fm.lineSpacing() * 0.5;
        if (!legend.isEmpty()) h += legend.height() + fm.lineSpacing() * 0.5;
        return h;
    };

    // The best grid for the first m samples in a height availH.
    struct Fit {
        double scale = 0;
        int cols = 1;
        double cellW = 0;
        int captionRows = 1;
    };
    auto fit = [&](int m, double availH, bool allowElided) {
        // Try every column count and keep the one that lets the images grow largest, in three passes, each only
        // when the ones before left the images too small: (1) column counts whose captions fit on one row;
        // (2) those whose captions wrap onto at most kMaxCaptionRows rows; (3) any column count, captions on one
        // row and elided (the tooltip still has every detail). Wrapped words beat cut ones.
        enum class Captions { OneRow, Wrapped, Elided };
        Fit best;
        for (const Captions pass : { Captions::OneRow, Captions::Wrapped, Captions::Elided }) {
            if (pass == Captions::Elided && (!allowElided || best.scale >= 0.5)) break;
            for (int cols = 1; cols <= m; ++cols) {
                const int rows = (m + cols - 1) / cols;
                const double cellW = (availW - (cols - 1) * gapX) / cols;
                int textRows = 1;
                if (pass == Captions::OneRow) {
                    if (cols > 1 && cellW < shape.captionWidth) break;
                } else if (pass == Captions::Wrapped) {
                    textRows = rowsFor(cellW);
                    if (textRows > kMaxCaptionRows) break; // narrower columns would cut the captions
                }
                const double cellH = (availH - (rows - 1) * gapY) / rows;
                const double sW = (cellW - k * 2 * kPad - (k - 1) * kInnerGap) / (k * w);
                const double sH = (cellH - captionHeight(textRows) - 2 * kPad) / h;
                const double s = std::min(sW, sH);
                if (s > best.scale + 1e-9) best = Fit { s, cols, cellW, textRows };
            }
            if (best.scale >= 1.0) break;
        }
        return best;
    };

    // All samples when they are legible (kLegibleScale screen pixels per image pixel) with whole captions;
    // otherwise as many as are, with a line saying so: four pairs the back row can read teach more than eight it
    // cannot. Only when not even one is legible does the panel fall back to all samples, captions elided.
    QString header = headerText();
    Fit chosen;
    int shown = 0;
    for (int m = n; m >= 1 && shown == 0; --m) {
        const QString note = tr("%1 of %2 shown; enlarge the panel to see all.").arg(m).arg(n);
        const QString text = m == n ? header : header.isEmpty() ? note : header + QLatin1Char(' ') + note;
        const Fit f = fit(m, area.height() - headerHeight(text), false);
        if (f.scale >= kLegibleScale) {
            chosen = f;
            shown = m;
            header = text;
        }
    }
    if (shown == 0) {
        chosen = fit(n, area.height() - headerHeight(header), true);
        shown = n;
    }
    double top = area.top();
    if (!header.isEmpty()) {
        const double th = textHeight(header);
        layout.header = QRectF(area.left(), top, area.width(), th);
        layout.headerText = header;
        top += th + fm.lineSpacing() * 0.5;
    }
    if (!legend.isEmpty()) {
        layout.legend = QRectF(area.left(), top, std::min(legend.width(), area.width()), legend.height());
        top += legend.height() + fm.lineSpacing() * 0.5;
    }
    const double availH = area.bottom() - top;
    double best = chosen.scale;
    const int bestCols = chosen.cols;
    const double bestCellW = chosen.cellW;
    const int bestRows = chosen.captionRows;
    if (best <= 0) return layout;
    // Whole device pixels per source pixel keep every pixel the same size (no uneven nearest-neighbour rows),
    // unless rounding down would shrink the images by more than a quarter: size matters more at the back of
    // the room than perfectly even pixels.
    const double dpr = devicePixelRatioF();
    const double whole = std::floor(best * dpr + 1e-9) / dpr;
    if (whole * dpr >= 1 && whole >= best * 0.75) best = whole;
    layout.scale = best;
    layout.captionRows = bestRows;
    const double captionH = captionHeight(bestRows);

    const int cols = bestCols;
    const int rows = (shown + cols - 1) / cols;
    const double imageW = w * best;
    const double imageH = h * best;
    const double contentW = k * (imageW + 2 * kPad) + (k - 1) * kInnerGap;
    // Give captions some room beyond the images when there is space, but keep the grid compact.
    const double colW
        = std::max(contentW, std::min(bestCellW, std::max(contentW * 1.25, shape.captionWidth + fm.averageCharWidth())));
    const double rowH = imageH + 2 * kPad + captionH;
    const double gridW = cols * colW + (cols - 1) * gapX;
    const double gridH = rows * rowH + (rows - 1) * gapY;
    const double left = area.left() + (availW - gridW) / 2;
    // Centred in the space under the header, so that a wide panel does not leave a blank band at the bottom.
    top += std::max(0.0, (availH - gridH) / 2);
    auto snap = [dpr](double v) { return std::round(v * dpr) / dpr; };

    for (int i = 0; i < shown; ++i) {
        const int r = i / cols;
        const int c = i % cols;
        const QRectF cell(left + c * (colW + gapX), top + r * (rowH + gapY), colW, rowH);
        layout.cells.push_back(cell);
        QVector<QRectF> images;
        const double x0 = cell.left() + (colW - contentW) / 2;
        for (int j = 0; j < k; ++j) {
            const double x = snap(x0 + kPad + j * (imageW + 2 * kPad + kInnerGap));
            images.push_back(QRectF(x, snap(cell.top() + kPad), imageW, imageH));
        }
        layout.images.push_back(images);
        layout.captions.push_back(QRectF(cell.left(), cell.top() + imageH + 2 * kPad, colW, captionH));
    }
    return layout;
}

int SampleGridView::sampleAt(QPoint pos) const
{
    const Layout layout = computeLayout();
    for (size_t i = 0; i < layout.cells.size(); ++i) {
        if (layout.cells[i].contains(pos)) return int(i);
    }
    return -1;
}

QRect SampleGridView::sampleRect(int sample) const
{
    const Layout layout = computeLayout();
    if (sample < 0 || sample >= int(layout.cells.size())) return {};
    return layout.cells[sample].toAlignedRect();
}

QRectF SampleGridView::imageRect(int sample, int image) const
{
    const Layout layout = computeLayout();
    if (sample < 0 || sample >= int(layout.images.size()) || image < 0 || image >= layout.images[sample].size())
        return {};
    return layout.images[sample][image];
}

double SampleGridView::pixelScale() const
{
    return computeLayout().scale;
}

int SampleGridView::shownCount() const
{
    return int(computeLayout().cells.size());
}

int SampleGridView::captionRows() const
{
    return computeLayout().captionRows;
}

QRect SampleGridView::patchSourceRect(int patchIndex) const
{
    const PatchGrid &g = m_patchGrid;
    const int cols = std::max(1, g.columns);
    const QRect full((patchIndex % cols) * g.patch, (patchIndex / cols) * g.patch, g.patch, g.patch);
    return full.intersected(QRect(QPoint(0, 0), g.imageSize));
}

QRectF SampleGridView::patchRectInImage(const QRectF &imageRect, int patchIndex) const
{
    const QSize size = m_patchGrid.imageSize;
    if (patchIndex < 0 || patchIndex >= patchesPerImage() || imageRect.isEmpty() || size.isEmpty()) return {};
    const double sx = imageRect.width() / size.width();
    const double sy = imageRect.height() / size.height();
    const QRect src = patchSourceRect(patchIndex);
    return QRectF(imageRect.left() + src.x() * sx, imageRect.top() + src.y() * sy, src.width() * sx, src.height() * sy);
}

QRectF SampleGridView::patchRectInWidget(int sample, int image, int patchIndex) const
{
    if (patchIndex < 0 || patchIndex >= patchesPerImage()) return {};
    return patchRectInImage(imageRect(sample, image), patchIndex);
}

SampleGridView::PatchHit SampleGridView::patchAt(QPoint pos) const
{
    PatchHit hit;
    const PatchGrid &g = m_patchGrid;
    const QSize size = g.imageSize;
    if (g.columns <= 0 || size.isEmpty()) return hit;
    const Layout layout = computeLayout();
    for (size_t i = 0; i < layout.cells.size(); ++i) {
        if (!layout.cells[i].contains(pos)) continue;
        for (int j = 0; j < layout.images[i].size(); ++j) {
            const QRectF r = layout.images[i][j];
            if (r.isEmpty() || !r.contains(pos)) continue;
            const int x = std::clamp(int((pos.x() - r.left()) * size.width() / r.width()), 0, size.width() - 1);
            const int y = std::clamp(int((pos.y() - r.top()) * size.height() / r.height()), 0, size.height() - 1);
            // Pixels right of or below the last whole patch belong to none.
            if (x / g.patch >= g.columns || y / g.patch >= g.rows) return hit;
            hit.sample = int(i);
            hit.image = j;
            hit.patch = (y / g.patch) * g.columns + x / g.patch;
            return hit;
        }
        return hit;
    }
    return hit;
}

void SampleGridView::drawPatchGrid(QPainter &painter, const QRectF &imageRect, const QColor &colour) const
{
    const PatchGrid &g = m_patchGrid;
    if (imageRect.isEmpty() || g.imageSize.isEmpty()) return;
    const double sx = imageRect.width() / g.imageSize.width();
    const double sy = imageRect.height() / g.imageSize.height();
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.setPen(QPen(colour, 0));
    for (int c = 1; c < g.columns; ++c) {
        const double x = imageRect.left() + c * g.patch * sx;
        painter.drawLine(QPointF(x, imageRect.top()), QPointF(x, imageRect.bottom()));
    }
    for (int r = 1; r < g.rows; ++r) {
        const double y = imageRect.top() + r * g.patch * sy;
        painter.drawLine(QPointF(imageRect.left(), y), QPointF(imageRect.right(), y));
    }
    painter.restore();
}

void SampleGridView::samplesChanged()
{
    m_hovered = -1;
    m_hoveredPatch = PatchHit();
    updateGeometry();
    update();
}

void SampleGridView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), PlotStyle::background());
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setRenderHint(QPainter::TextAntialiasing, true);

    const Layout layout = computeLayout();
    if (layout.cells.empty()) {
        painter.setPen(PlotStyle::mutedText());
        const QString text = sampleCount() > 0 ? tr("Enlarge this panel to see the samples.") : emptyText();
        painter.drawText(rect().adjusted(16, 16, -16, -16), Qt::AlignCenter | Qt::TextWordWrap, text);
        return;
    }
    if (!layout.header.isEmpty()) {
        painter.setPen(PlotStyle::mutedText());
        painter.drawText(layout.header, Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, layout.headerText);
    }
    if (!layout.legend.isEmpty()) paintLegend(painter, layout.legend);
    // drawCaptionLine is called from the subclasses' paintSample; it wraps to the rows this layout made room for.
    m_paintCaptionRows = layout.captionRows;
    for (size_t i = 0; i < layout.cells.size(); ++i) {
        if (int(i) == m_hovered) {
            // A soft backdrop shows the room which sample the teacher is pointing at.
            painter.save();
            painter.setPen(Qt::NoPen);
            painter.setBrush(QColor(225, 235, 245));
            painter.drawRoundedRect(layout.cells[i].adjusted(-4, -4, 4, 2), 6, 6);
            painter.restore();
        }
        paintSample(painter, int(i), layout.images[i], layout.captions[i]);
    }
    if (m_hovered < 0 || m_hovered >= int(layout.cells.size())) return;
    paintHoverOverlay(painter, m_hovered, layout.cells[m_hovered]);
    if (m_hoveredPatch.sample != m_hovered || !m_hoveredPatch.isValid()) return;
    // The hovered patch outlined in every image of its cell: dark and light strokes, visible on any pixels.
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.setBrush(Qt::NoBrush);
    for (const QRectF &image : layout.images[m_hovered]) {
        const QRectF r = patchRectInImage(image, m_hoveredPatch.patch);
        if (r.isEmpty()) continue;
        painter.setPen(QPen(PlotStyle::text(), 2));
        painter.drawRect(r.adjusted(-1, -1, 1, 1));
        painter.setPen(QPen(Qt::white, 1));
        painter.drawRect(r.adjusted(0.5, 0.5, -0.5, -0.5));
    }
    painter.restore();
}

void SampleGridView::showPatchToolTip(const PatchHit &hit, const QPoint &globalPos)
{
    QToolTip::showText(globalPos, patchToolTip(hit.sample, hit.patch), this,
        patchRectInWidget(hit.sample, hit.image, hit.patch).toAlignedRect());
}

void SampleGridView::hoverPatch(const PatchHit &hit, const QPoint &globalPos)
{
    if (hit.sample == m_hoveredPatch.sample && hit.patch == m_hoveredPatch.patch) return;
    m_hoveredPatch = hit;
    update();
    if (hit.isValid() && QToolTip::isVisible()) showPatchToolTip(hit, globalPos);
}

void SampleGridView::mouseMoveEvent(QMouseEvent *event)
{
    const int sample = sampleAt(event->position().toPoint());
    if (sample != m_hovered) {
        m_hovered = sample;
        update();
        if (sample >= 0 && QToolTip::isVisible())
            QToolTip::showText(tooltipPos(sample, event->globalPosition().toPoint()), describe(sample), this,
                sampleRect(sample));
    }
    QWidget::mouseMoveEvent(event);
    // After the sample's tooltip, so that the patch's replaces it.
    hoverPatch(patchAt(event->position().toPoint()), event->globalPosition().toPoint());
}

void SampleGridView::leaveEvent(QEvent *event)
{
    if (m_hovered >= 0 || m_hoveredPatch.isValid()) {
        m_hovered = -1;
        m_hoveredPatch = PatchHit();
        update();
    }
    QWidget::leaveEvent(event);
}

void SampleGridView::changeEvent(QEvent *event)
{
    // Presentation mode changes the font: captions, header and hence the layout all depend on it.
    if (event->type() == QEvent::FontChange) {
        updateGeometry();
        update();
    }
    QWidget::changeEvent(event);
}

void SampleGridView::contextMenuEvent(QContextMenuEvent *event)
{
    PanelExport::showContextMenu(this, this, event->globalPos());
}

bool SampleGridView::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const PatchHit hit = patchAt(help->pos());
        const int sample = sampleAt(help->pos());
        if (hit.isValid())
            showPatchToolTip(hit, help->globalPos());
        else if (sample >= 0)
            QToolTip::showText(tooltipPos(sample, help->globalPos()), describe(sample), this, sampleRect(sample));
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

} // namespace pretext::widgets
