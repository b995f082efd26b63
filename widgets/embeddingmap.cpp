#include "widgets/embeddingmap.h"

#include "widgets/panelexport.h"
#include "widgets/plotstyle.h"
#include "widgets/samplegridview.h"

#include <QApplication>
#include <QContextMenuEvent>
#include <QKeyEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPaintEngine>
#include <QPainter>
#include <QPainterPath>
#include <QTextStream>
#include <QVariantAnimation>

#include <algorithm>
#include <cmath>
#include <limits>

namespace pretext::widgets {

namespace {
constexpr double kMargin = 8;
constexpr double kMaxRadius = 6;
constexpr double kMinRadius = 2.5;
// The hover thumbnail's longer side, in pixels, before rounding to a whole number of screen pixels per image pixel.
constexpr double kThumbnail = 96;
} // namespace

EmbeddingMap::EmbeddingMap(QWidget *parent)
    : QWidget(parent)
{
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    m_emptyText = tr("No map yet: it appears after the first evaluation of a run.");
    m_animation = new QVariantAnimation(this);
    m_animation->setStartValue(0.0);
    m_animation->setEndValue(1.0);
    m_animation->setDuration(kAnimationMs);
    m_animation->setEasingCurve(QEasingCurve::InOutCubic);
    connect(m_animation, &QVariantAnimation::valueChanged, this, [this](const QVariant &value) {
        const float t = value.toFloat();
        if (m_from.size() != m_to.size()) return;
        for (size_t i = 0; i < m_to.size(); ++i)
            m_shown[i] = m_from[i] + (m_to[i] - m_from[i]) * t;
        relayout();
        invalidate();
    });
    connect(m_animation, &QVariantAnimation::finished, this, [this] {
        m_shown = m_to;
        relayout();
        invalidate();
    });
}

void EmbeddingMap::setPoints(const std::vector<float> &points, const std::vector<int> &labels,
    const std::vector<std::string> &classNames, const engine::ImageGrid &images,
    const std::vector<int64_t> &testIndices)
{
    m_animation->stop();
    // A malformed call shows what is consistent rather than reading past the end.
    const size_t n = std::min(points.size() / 2, labels.size());
    m_to.assign(points.begin(), points.begin() + std::ptrdiff_t(2 * n));
    m_from = m_to;
    m_shown = m_to;
    m_labels.assign(labels.begin(), labels.begin() + std::ptrdiff_t(n));
    m_classNames = classNames;
    m_images = images;
    m_testIndices = testIndices.size() >= n ? testIndices : std::vector<int64_t>();
    m_linkFrom = -1;
    m_linkTo.clear();
    m_hovered = -1;
    m_selected.assign(n, 0);
    const bool hadSelection = !m_selection.isEmpty();
    m_selection.clear();
    relayout();
    invalidate();
    if (hadSelection) Q_EMIT selectionChanged(m_selection);
}

void EmbeddingMap::animateTo(const std::vector<float> &points)
{
    if (points.size() != m_to.size() || m_to.empty()) {
        // Another set of images: nothing to morph from.
        m_animation->stop();
        const size_t n = std::min(points.size() / 2, m_labels.size());
        m_to.assign(points.begin(), points.begin() + std::ptrdiff_t(2 * n));
        m_from = m_shown = m_to;
        relayout();
        invalidate();
        return;
    }
    m_animation->stop();
    m_from = m_shown; // from wherever the points are now, also mid-animation
    m_to = points;
    m_animation->start();
}

bool EmbeddingMap::isAnimating() const
{
    return m_animation->state() == QAbstractAnimation::Running;
}

void EmbeddingMap::clear()
{
    m_title.clear();
    setPoints({}, {}, {});
}

void EmbeddingMap::setTitle(const QString &title)
{
    if (title == m_title) return;
    m_title = title;
    relayout();
    invalidate();
}

void EmbeddingMap::setEmptyText(const QString &text)
{
    m_emptyText = text;
    if (m_labels.empty()) update();
}

QString EmbeddingMap::className(int label) const
{
    if (label >= 0 && label < int(m_classNames.size()) && !m_classNames[size_t(label)].empty())
        return QString::fromStdString(m_classNames[size_t(label)]);
    return tr("class %1").arg(label);
}

QString EmbeddingMap::legendName(int label) const
{
    return className(label);
}

int EmbeddingMap::classCount() const
{
    int count = int(m_classNames.size());
    for (int label : m_labels)
        count = std::max(count, label + 1);
    return count;
}

QString EmbeddingMap::describePoint(int row) const
{
    if (row < 0 || row >= pointCount()) return {};
    const int label = m_labels[size_t(row)];
    QStringList lines;
    lines << tr("%1 (class %2)").arg(className(label)).arg(label);
    if (!m_testIndices.empty())
        lines << tr("test image #%1").arg(m_testIndices[size_t(row)]);
    else
        lines << tr("point %1").arg(row);
    return lines.join(QLatin1Char('\n'));
}

double EmbeddingMap::markerRadius() const
{
    const int n = std::max(1, pointCount());
    const double area = std::max(1.0, m_layout.plot.width() * m_layout.plot.height());
    // A quarter of the spacing the points would have if spread evenly: dense maps get small markers that still
    // show the clusters' shapes, sparse ones markers large enough to tell the shapes apart.
    return std::clamp(0.22 * std::sqrt(area / n), kMinRadius, kMaxRadius);
}

void EmbeddingMap::relayout()
{
    Layout l;
    const QRectF area = QRectF(rect()).adjusted(kMargin, kMargin, -kMargin, -kMargin);
    QFont bold = font();
    bold.setBold(true);
    const QFontMetricsF titleFm(bold);
    const QFontMetricsF fm(font());
    double top = area.top();
    if (!m_title.isEmpty()) {
        l.title = QRectF(area.left(), top, area.width(), titleFm.lineSpacing());
        top += titleFm.lineSpacing() + fm.lineSpacing() * 0.3;
    }
    QRectF body(area.left(), top, area.width(), std::max(0.0, area.bottom() - top));

    // The legend: one entry per class, marker and name. Beside the map when that leaves the map a wide enough
    // area, otherwise in rows under it.
    const int classes = m_labels.empty() ? 0 : classCount();
    if (classes > 0) {
        const double marker = fm.height();
        double widest = 0;
        for (int c = 0; c < classes; ++c)
            widest = std::max(widest, fm.horizontalAdvance(legendName(c)));
        const double entryW = marker + fm.averageCharWidth() + widest;
        const double entryH = fm.lineSpacing() * 1.15;
        const bool beside
            = body.width() - entryW - 2 * marker >= body.height() * 0.9 && classes * entryH <= body.height();
        if (beside) {
            const double w = entryW + marker;
            l.legend = QRectF(body.right() - w, body.top(), w, classes * entryH);
            for (int c = 0; c < classes; ++c)
                l.legendEntries.push_back(
                    QRectF(l.legend.left() + marker * 0.5, body.top() + c * entryH, entryW, entryH));
            body.setRight(l.legend.left() - marker * 0.5);
        } else {
            const double colW = entryW + 2 * fm.averageCharWidth();
            const int perRow = std::max(1, int(body.width() / colW));
            const int rows = (classes + perRow - 1) / perRow;
            l.legend = QRectF(body.left(), body.bottom() - rows * entryH, body.width(), rows * entryH);
            const double left = body.left() + std::max(0.0, (body.width() - std::min(classes, perRow) * colW) / 2);
            for (int c = 0; c < classes; ++c)
                l.legendEntries.push_back(
                    QRectF(left + (c % perRow) * colW, l.legend.top() + (c / perRow) * entryH, entryW, entryH));
            body.setBottom(l.legend.top() - fm.lineSpacing() * 0.3);
        }
    }
    // Room for the largest marker on every side, so that no point is cut at the edge.
    l.plot = body.adjusted(kMaxRadius + 2, kMaxRadius + 2, -kMaxRadius - 2, -kMaxRadius - 2);

    double minX = std::numeric_limits<double>::max(), maxX = std::numeric_limits<double>::lowest();
    double minY = minX, maxY = maxX;
    for (size_t i = 0; i + 1 < m_shown.size(); i += 2) {
        if (!std::isfinite(m_shown[i]) || !std::isfinite(m_shown[i + 1])) continue;
        minX = std::min(minX, double(m_shown[i]));
        maxX = std::max(maxX, double(m_shown[i]));
        minY = std::min(minY, double(m_shown[i + 1]));
        maxY = std::max(maxY, double(m_shown[i + 1]));
    }
    if (minX > maxX) minX = maxX = minY = maxY = 0;
    const double rangeX = std::max(maxX - minX, 1e-9);
    const double rangeY = std::max(maxY - minY, 1e-9);
    l.scale = std::max(1e-9, std::min(l.plot.width() / rangeX, l.plot.height() / rangeY));
    const QPointF centre = l.plot.center();
    l.origin = QPointF(centre.x() - (minX + maxX) / 2 * l.scale, centre.y() + (minY + maxY) / 2 * l.scale);
    m_layout = l;
}

void EmbeddingMap::invalidate()
{
    m_layerValid = false;
    update();
}

QPointF EmbeddingMap::toWidget(int row) const
{
    if (row < 0 || size_t(2 * row + 1) >= m_shown.size()) return {};
    return QPointF(m_layout.origin.x() + m_shown[size_t(2 * row)] * m_layout.scale,
        m_layout.origin.y() - m_shown[size_t(2 * row + 1)] * m_layout.scale);
}

int EmbeddingMap::pointAt(const QPointF &pos, double radius) const
{
    if (radius < 0) radius = markerRadius() + 4;
    // A linear scan: a few thousand distances per mouse move take microseconds, and a grid would have to follow
    // every animation frame.
    int best = -1;
    double bestD = radius * radius;
    for (int i = 0; i < pointCount(); ++i) {
        const QPointF p = toWidget(i);
        const double dx = p.x() - pos.x(), dy = p.y() - pos.y();
        const double d = dx * dx + dy * dy;
        if (d <= bestD) {
            bestD = d;
            best = i;
        }
    }
    return best;
}

QVector<int> EmbeddingMap::pointsInside(const QPolygonF &polygon) const
{
    QVector<int> rows;
    if (polygon.size() < 3) return rows;
    const QRectF bounds = polygon.boundingRect();
    for (int i = 0; i < pointCount(); ++i) {
        const QPointF p = toWidget(i);
        if (bounds.contains(p) && polygon.containsPoint(p, Qt::OddEvenFill)) rows << i;
    }
    return rows;
}

QRectF EmbeddingMap::legendRect(int label) const
{
    if (label < 0 || label >= int(m_layout.legendEntries.size())) return {};
    return m_layout.legendEntries[size_t(label)];
}

void EmbeddingMap::setSelection(const QVector<int> &rows)
{
    applySelection(rows);
}

void EmbeddingMap::clearSelection()
{
    applySelection({});
}

void EmbeddingMap::applySelection(QVector<int> rows)
{
    rows.erase(
        std::remove_if(rows.begin(), rows.end(), [this](int r) { return r < 0 || r >= pointCount(); }), rows.end());
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    if (rows == m_selection) return;
    m_selection = rows;
    m_selected.assign(size_t(pointCount()), 0);
    for (int r : m_selection)
        m_selected[size_t(r)] = 1;
    invalidate();
    Q_EMIT selectionChanged(m_selection);
}

void EmbeddingMap::setNeighbourLinks(int row, const QVector<int> &neighbours)
{
    m_linkFrom = row >= 0 && row < pointCount() ? row : -1;
    m_linkTo.clear();
    if (m_linkFrom >= 0)
        for (int r : neighbours)
            if (r >= 0 && r < pointCount()) m_linkTo << r;
    invalidate();
}

void EmbeddingMap::setHovered(int row)
{
    if (row == m_hovered) return;
    m_hovered = row;
    update();
    Q_EMIT hoveredPointChanged(row);
}

void EmbeddingMap::paintMarkers(QPainter &painter) const
{
    const double r = markerRadius();
    const bool anySelected = !m_selection.isEmpty();
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    if (m_linkFrom >= 0) {
        QColor link = PlotStyle::text();
        link.setAlpha(150);
        painter.setPen(QPen(link, 1.2));
        const QPointF from = toWidget(m_linkFrom);
        for (int to : m_linkTo)
            painter.drawLine(from, toWidget(to));
    }
    // Unselected points first and faded while there is a selection, so that the selected ones (and the linked
    // neighbours of a selected point) stand out on top.
    std::vector<char> linked(size_t(pointCount()), 0);
    for (int r : m_linkTo)
        linked[size_t(r)] = 1;
    for (int pass = 0; pass < (anySelected ? 2 : 1); ++pass) {
        const bool selectedPass = pass == 1;
        for (int i = 0; i < pointCount(); ++i) {
            const bool shownOnTop = m_selected[size_t(i)] || linked[size_t(i)];
            if (anySelected && shownOnTop != selectedPass) continue;
            const int label = m_labels[size_t(i)];
            QColor fill = PlotStyle::categorical(label);
            QColor edge = fill.darker(160);
            double radius = r;
            if (anySelected && !selectedPass) {
                fill.setAlpha(55);
                edge.setAlpha(70);
            } else {
                fill.setAlpha(225);
            }
            const bool selected = selectedPass && m_selected[size_t(i)];
            if (selected) {
                edge = PlotStyle::text();
                radius = r * 1.25;
            }
            painter.setPen(QPen(edge, selected ? 1.4 : 0.8));
            painter.setBrush(fill);
            PlotStyle::drawMarker(painter, PlotStyle::categoricalShape(label), toWidget(i), radius);
        }
    }
    if (m_linkFrom >= 0) {
        painter.setPen(QPen(PlotStyle::text(), 2));
        painter.setBrush(Qt::NoBrush);
        painter.drawEllipse(toWidget(m_linkFrom), r * 2.2, r * 2.2);
    }
    painter.restore();
}

void EmbeddingMap::paintLegend(QPainter &painter) const
{
    const QFontMetricsF fm(font());
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    for (size_t c = 0; c < m_layout.legendEntries.size(); ++c) {
        const QRectF e = m_layout.legendEntries[c];
        const double marker = fm.height();
        const QColor colour = PlotStyle::categorical(int(c));
        painter.setPen(QPen(colour.darker(160), 0.8));
        painter.setBrush(colour);
        PlotStyle::drawMarker(painter, PlotStyle::categoricalShape(int(c)),
            QPointF(e.left() + marker / 2, e.center().y()), std::min(kMaxRadius, marker * 0.3));
        painter.setPen(PlotStyle::text());
        const QRectF text(e.left() + marker + fm.averageCharWidth(), e.top(), e.width() - marker, e.height());
        painter.drawText(
            text, Qt::AlignLeft | Qt::AlignVCenter, fm.elidedText(legendName(int(c)), Qt::ElideRight, text.width()));
    }
    painter.restore();
}

void EmbeddingMap::paintHover(QPainter &painter) const
{
    if (m_hovered < 0 || m_hovered >= pointCount()) return;
    const QPointF p = toWidget(m_hovered);
    const int label = m_labels[size_t(m_hovered)];
    const double r = markerRadius();
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setPen(QPen(PlotStyle::text(), 2));
    painter.setBrush(PlotStyle::categorical(label));
    PlotStyle::drawMarker(painter, PlotStyle::categoricalShape(label), p, r * 1.8);
    // A ring around it, so that the eye finds it in a dense cluster.
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(Qt::white, 4));
    painter.drawEllipse(p, r * 3.2, r * 3.2);
    painter.setPen(QPen(PlotStyle::text(), 1.5));
    painter.drawEllipse(p, r * 3.2, r * 3.2);

    // The overlay: the image, large and pixel-crisp, with its class and test index under it.
    const QImage image = SampleGridView::toImage(m_images, m_hovered);
    QSizeF imageSize;
    if (!image.isNull()) {
        const double factor = std::max(1.0, std::round(kThumbnail / std::max(image.width(), image.height())));
        imageSize = QSizeF(image.width() * factor, image.height() * factor);
    }
    const QFontMetricsF fm(font());
    QFont bold = font();
    bold.setBold(true);
    const QFontMetricsF boldFm(bold);
    const QStringList lines = describePoint(m_hovered).split(QLatin1Char('\n'));
    double textW = 0;
    for (int i = 0; i < lines.size(); ++i)
        textW = std::max(textW, (i == 0 ? boldFm : fm).horizontalAdvance(lines[i]));
    const double pad = 6;
    const double swatch = fm.height() * 0.7;
    const double w = std::max(imageSize.width(), textW + swatch + fm.averageCharWidth()) + 2 * pad;
    const double h = imageSize.height() + (imageSize.isEmpty() ? 0 : pad) + lines.size() * fm.lineSpacing() + 2 * pad;
    // Below right of the point, flipped to stay inside the widget.
    QPointF topLeft(p.x() + 14, p.y() + 14);
    if (topLeft.x() + w > width() - 2) topLeft.setX(p.x() - 14 - w);
    if (topLeft.y() + h > height() - 2) topLeft.setY(p.y() - 14 - h);
    topLeft.setX(std::max(2.0, topLeft.x()));
    topLeft.setY(std::max(2.0, topLeft.y()));
    const QRectF box(topLeft, QSizeF(w, h));
    painter.setPen(QPen(PlotStyle::axis(), 1));
    painter.setBrush(QColor(255, 255, 255, 245));
    painter.drawRoundedRect(box, 4, 4);
    double y = box.top() + pad;
    if (!imageSize.isEmpty()) {
        const QRectF target(box.left() + (w - imageSize.width()) / 2, y, imageSize.width(), imageSize.height());
        SampleGridView::drawPixels(painter, target, image);
        y += imageSize.height() + pad;
    }
    for (int i = 0; i < lines.size(); ++i) {
        double x = box.left() + pad;
        if (i == 0) {
            painter.setPen(QPen(PlotStyle::categorical(label).darker(160), 0.8));
            painter.setBrush(PlotStyle::categorical(label));
            PlotStyle::drawMarker(painter, PlotStyle::categoricalShape(label),
                QPointF(x + swatch / 2, y + fm.lineSpacing() / 2), swatch * 0.45);
            x += swatch + fm.averageCharWidth();
        }
        painter.setFont(i == 0 ? bold : font());
        painter.setPen(i == 0 ? PlotStyle::text() : PlotStyle::mutedText());
        painter.drawText(QRectF(x, y, box.right() - x, fm.lineSpacing()), Qt::AlignLeft | Qt::AlignVCenter, lines[i]);
        y += fm.lineSpacing();
    }
    painter.restore();
}

void EmbeddingMap::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), PlotStyle::background());
    painter.setRenderHint(QPainter::TextAntialiasing, true);
    if (!m_title.isEmpty()) {
        QFont bold = font();
        bold.setBold(true);
        painter.setFont(bold);
        painter.setPen(PlotStyle::text());
        painter.drawText(m_layout.title, Qt::AlignLeft | Qt::AlignVCenter,
            QFontMetricsF(bold).elidedText(m_title, Qt::ElideRight, m_layout.title.width()));
        painter.setFont(font());
    }
    if (m_labels.empty()) {
        painter.setPen(PlotStyle::mutedText());
        painter.drawText(rect().adjusted(16, 16, -16, -16), Qt::AlignCenter | Qt::TextWordWrap, m_emptyText);
        return;
    }
    // On screen (and in PNG exports) the markers come from the cached layer, so that hovering only draws the
    // overlay; SVG and PDF get them drawn as vectors.
    const bool raster = painter.paintEngine() && painter.paintEngine()->type() == QPaintEngine::Raster;
    if (raster) {
        const double dpr = devicePixelRatioF();
        const QSize pixels = (QSizeF(size()) * dpr).toSize();
        if (!m_layerValid || m_layer.size() != pixels) {
            m_layer = QImage(pixels, QImage::Format_ARGB32_Premultiplied);
            m_layer.setDevicePixelRatio(dpr);
            m_layer.fill(Qt::transparent);
            QPainter layer(&m_layer);
            paintMarkers(layer);
            m_layerValid = true;
        }
        painter.drawImage(QPointF(0, 0), m_layer);
    } else {
        paintMarkers(painter);
    }
    paintLegend(painter);
    if (m_dragging && m_lasso.size() > 1) {
        painter.save();
        painter.setRenderHint(QPainter::Antialiasing, true);
        QColor fill = PlotStyle::skyBlue();
        fill.setAlpha(45);
        painter.setBrush(fill);
        painter.setPen(QPen(PlotStyle::text(), 1.2, Qt::DashLine));
        painter.drawPolygon(m_lasso);
        painter.restore();
    }
    paintHover(painter);
}

void EmbeddingMap::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton) {
        QWidget::mousePressEvent(event);
        return;
    }
    setFocus(Qt::MouseFocusReason);
    m_pressed = true;
    m_dragging = false;
    m_pressPos = event->position();
    m_lasso = QPolygonF() << m_pressPos;
}

void EmbeddingMap::mouseMoveEvent(QMouseEvent *event)
{
    const QPointF pos = event->position();
    if (m_pressed && (event->buttons() & Qt::LeftButton)) {
        if (!m_dragging && (pos - m_pressPos).manhattanLength() >= QApplication::startDragDistance()) {
            m_dragging = true;
            setHovered(-1);
        }
        if (m_dragging) {
            if (m_lasso.isEmpty() || (pos - m_lasso.last()).manhattanLength() >= 2) m_lasso << pos;
            update();
            return;
        }
    }
    setHovered(pointAt(pos));
}

void EmbeddingMap::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || !m_pressed) {
        QWidget::mouseReleaseEvent(event);
        return;
    }
    m_pressed = false;
    const Qt::KeyboardModifiers mods = event->modifiers();
    const bool add = mods & (Qt::ShiftModifier | Qt::ControlModifier);
    if (m_dragging) {
        m_dragging = false;
        m_lasso << event->position();
        QVector<int> rows = pointsInside(m_lasso);
        m_lasso.clear();
        if (add) rows += m_selection;
        applySelection(rows);
        update();
        return;
    }
    m_lasso.clear();
    const int row = pointAt(event->position());
    if (row < 0) {
        if (!add) clearSelection();
        return;
    }
    if (mods & Qt::ControlModifier) {
        // Ctrl toggles, as in a file manager; Shift only adds.
        QVector<int> rows = m_selection;
        if (rows.contains(row))
            rows.removeAll(row);
        else
            rows << row;
        applySelection(rows);
    } else if (mods & Qt::ShiftModifier) {
        applySelection(QVector<int>(m_selection) << row);
    } else {
        applySelection({ row });
        Q_EMIT pointClicked(row);
    }
}

void EmbeddingMap::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape && (!m_selection.isEmpty() || m_dragging)) {
        m_dragging = m_pressed = false;
        m_lasso.clear();
        clearSelection();
        update();
        event->accept();
        return;
    }
    QWidget::keyPressEvent(event);
}

void EmbeddingMap::leaveEvent(QEvent *event)
{
    setHovered(-1);
    QWidget::leaveEvent(event);
}

void EmbeddingMap::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    relayout();
    invalidate();
}

void EmbeddingMap::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange) {
        relayout();
        invalidate();
    }
}

void EmbeddingMap::contextMenuEvent(QContextMenuEvent *event)
{
    const int row = pointAt(event->pos());
    const QString about = row >= 0 ? describePoint(row).replace(QLatin1Char('\n'), QStringLiteral(", ")) : QString();
    PanelExport::showContextMenu(this, this, event->globalPos(), about);
}

QString EmbeddingMap::csv() const
{
    QString out;
    QTextStream s(&out);
    s << "row,test_index,label,class,x,y\n";
    for (int i = 0; i < pointCount(); ++i) {
        const int label = m_labels[size_t(i)];
        s << i << ',' << (m_testIndices.empty() ? QString() : QString::number(m_testIndices[size_t(i)])) << ',' << label
          << ',' << csvField(className(label)) << ',' << QString::number(m_to[size_t(2 * i)], 'g', 7) << ','
          << QString::number(m_to[size_t(2 * i + 1)], 'g', 7) << '\n';
    }
    return out;
}

} // namespace pretext::widgets
