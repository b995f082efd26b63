#include "widgets/jigsawview.h"

#include "widgets/plotstyle.h"

#include <QPainter>
#include <QTextStream>

#include <algorithm>

namespace pretext::widgets {

namespace {

bool isPermutation(const std::vector<int> &perm, int tiles)
{
    if (int(perm.size()) != tiles) return false;
    std::vector<int> sorted = perm;
    std::sort(sorted.begin(), sorted.end());
    for (int i = 0; i < tiles; ++i) {
        if (sorted[i] != i) return false;
    }
    return true;
}

// Integer tile bounds that cover the whole image even when its size is not a multiple of the grid.
QRect sourceTile(int tile, int grid, QSize size)
{
    const int r = tile / grid;
    const int c = tile % grid;
    const int x0 = c * size.width() / grid;
    const int x1 = (c + 1) * size.width() / grid;
    const int y0 = r * size.height() / grid;
    const int y1 = (r + 1) * size.height() / grid;
    return QRect(x0, y0, x1 - x0, y1 - y0);
}

} // namespace

JigsawView::JigsawView(QWidget *parent)
    : SampleGridView(parent)
{
    setWhatsThis(tr("<p><b>Solve the puzzle.</b> Each image is cut into tiles and shuffled in one of a fixed "
                    "set of ways. The network sees only the shuffled tiles and must say which shuffle it was; "
                    "to do so it has to know what parts of objects look like and where they go.</p>"
                    "<p>The number on each tile is the place it belongs (1 = top left, reading order). The third "
                    "picture puts the tiles back using the network's guess: when the guess is right it looks "
                    "like the original.</p>"));
}

void JigsawView::setSamples(const engine::ImageGrid &original, const engine::ImageGrid &shuffled, int grid,
    const std::vector<std::vector<int>> &perms, const std::vector<int> &predictedPermIndex,
    const std::vector<int> &labels)
{
    m_grid = std::max(1, grid);
    m_perms = perms;
    m_labels = labels;
    m_predictions = predictedPermIndex;
    m_originals.clear();
    m_shuffled.clear();
    m_reassembled.clear();
    for (int i = 0; i < shuffled.count; ++i) {
        QImage image = toImage(shuffled, i);
        if (image.isNull()) break;
        m_shuffled.push_back(image);
    }
    for (int i = 0; i < original.count && i < int(m_shuffled.size()); ++i) {
        QImage image = toImage(original, i);
        // The engine centre-crops to a multiple of the grid before shuffling; crop the original the same way so
        // that the three pictures line up pixel for pixel.
        const QSize target = m_shuffled[i].size();
        if (!image.isNull() && image.size() != target && image.width() >= target.width()
            && image.height() >= target.height())
            image = image.copy((image.width() - target.width()) / 2, (image.height() - target.height()) / 2,
                target.width(), target.height());
        m_originals.push_back(image);
    }
    // With some originals missing the cells would differ in width; show originals only when all are there.
    const bool complete = std::all_of(m_originals.begin(), m_originals.end(),
        [&](const QImage &image) { return !image.isNull() && image.size() == m_shuffled.front().size(); });
    if (m_originals.size() != m_shuffled.size() || !complete) m_originals.clear();

    for (int i = 0; i < int(m_shuffled.size()); ++i) {
        const QImage &src = m_shuffled[i];
        const std::vector<int> *perm = permutation(prediction(i) >= 0 ? prediction(i) : label(i));
        if (!perm) {
            m_reassembled.push_back(QImage());
            continue;
        }
        QImage out(src.size(), QImage::Format_RGB32);
        out.fill(PlotStyle::neutral());
        QPainter p(&out);
        for (int j = 0; j < m_grid * m_grid; ++j)
            p.drawImage(sourceTile((*perm)[j], m_grid, src.size()), src, sourceTile(j, m_grid, src.size()));
        p.end();
        m_reassembled.push_back(out);
    }
    samplesChanged();
}

void JigsawView::clear()
{
    setSamples({}, {}, m_grid, {}, {}, {});
}

int JigsawView::sampleCount() const
{
    return int(m_shuffled.size());
}

const std::vector<int> *JigsawView::permutation(int index) const
{
    if (index < 0 || index >= int(m_perms.size()) || !isPermutation(m_perms[index], m_grid * m_grid)) return nullptr;
    return &m_perms[index];
}

int JigsawView::label(int sample) const
{
    return sample < int(m_labels.size()) ? m_labels[sample] : -1;
}

int JigsawView::prediction(int sample) const
{
    return sample < int(m_predictions.size()) ? m_predictions[sample] : -1;
}

QImage JigsawView::reassembled(int sample) const
{
    return sample >= 0 && sample < int(m_reassembled.size()) ? m_reassembled[sample] : QImage();
}

int JigsawView::predictedCount() const
{
    int n = 0;
    for (int i = 0; i < sampleCount(); ++i)
        n += prediction(i) >= 0 ? 1 : 0;
    return n;
}

int JigsawView::correctCount() const
{
    int n = 0;
    for (int i = 0; i < sampleCount(); ++i)
        n += prediction(i) >= 0 && prediction(i) == label(i) ? 1 : 0;
    return n;
}

QString JigsawView::permText(const std::vector<int> &perm)
{
    QStringList parts;
    for (int v : perm)
        parts << QString::number(v + 1);
    return parts.join(QLatin1Char(' '));
}

SampleGridView::CellShape JigsawView::cellShape() const
{
    CellShape shape;
    shape.images = m_originals.empty() ? 2 : 3;
    if (!m_shuffled.empty()) shape.imageSize = m_shuffled.front().size();
    shape.captionLines = 2;
    return shape;
}

QString JigsawView::headerText() const
{
    QString text = m_originals.empty() ? tr("Shuffled tiles (number = where the tile belongs) | put back with the "
                                            "network's guess.")
                                       : tr("Original | shuffled tiles (number = where the tile belongs) | put back "
                                            "with the network's guess.");
    if (!m_perms.empty()) text += tr(" The network picks one of %1 shuffles").arg(m_perms.size());
    const int predicted = predictedCount();
    if (predicted > 0 && !m_perms.empty())
        text += tr(": %1 of %2 right (guessing blindly: %3%).")
                    .arg(correctCount())
                    .arg(predicted)
                    .arg(100.0 / m_perms.size(), 0, 'g', 2);
    else if (!m_perms.empty())
        text += QLatin1Char('.');
    return text;
}

QRectF JigsawView::tileRect(int tile, const QRectF &image) const
{
    const QSize size = m_shuffled.front().size();
    const QRect src = sourceTile(tile, m_grid, size);
    const double sx = image.width() / size.width();
    const double sy = image.height() / size.height();
    return QRectF(image.left() + src.x() * sx, image.top() + src.y() * sy, src.width() * sx, src.height() * sy);
}

void JigsawView::drawTileGrid(QPainter &painter, const QRectF &image) const
{
    painter.save();
    painter.setPen(QPen(Qt::white, 2));
    painter.setBrush(Qt::NoBrush);
    for (int t = 0; t < m_grid * m_grid; ++t)
        painter.drawRect(tileRect(t, image));
    painter.restore();
}

void JigsawView::paintSample(
    QPainter &painter, int sample, const QVector<QRectF> &imageRects, const QRectF &captionRect) const
{
    int slot = 0;
    if (!m_originals.empty()) {
        drawPixels(painter, imageRects[slot], m_originals[sample]);
        drawFrame(painter, imageRects[slot], PlotStyle::neutral(), Qt::SolidLine, 1);
        ++slot;
    }
    const QRectF shuffledRect = imageRects[slot++];
    const QRectF reassembledRect = imageRects[slot];
    drawPixels(painter, shuffledRect, m_shuffled[sample]);
    drawTileGrid(painter, shuffledRect);

    const std::vector<int> *truth = permutation(label(sample));
    if (truth) {
        // Number badges in the tile corners: large enough to read from the back row, small enough to leave
        // most of the tile visible.
        const double tileH = shuffledRect.height() / m_grid;
        QFont f = font();
        f.setBold(true);
        f.setPixelSize(std::max(8, int(std::min(tileH * 0.4, QFontMetricsF(font()).height() * 1.1))));
        painter.save();
        painter.setFont(f);
        const QFontMetricsF fm(f);
        if (tileH >= 12) {
            for (int j = 0; j < m_grid * m_grid; ++j) {
                const QRectF tile = tileRect(j, shuffledRect);
                const QString text = QString::number((*truth)[j] + 1);
                const QRectF badge(tile.left() + 2, tile.top() + 2, fm.horizontalAdvance(text) + 6, fm.height());
                painter.setPen(Qt::NoPen);
                painter.setBrush(QColor(255, 255, 255, 225));
                painter.drawRoundedRect(badge, 3, 3);
                painter.setPen(PlotStyle::text());
                painter.drawText(badge, Qt::AlignCenter, text);
            }
        }
        painter.restore();
    }

    const int p = prediction(sample);
    const int k = label(sample);
    if (!m_reassembled[sample].isNull()) {
        drawPixels(painter, reassembledRect, m_reassembled[sample]);
        drawTileGrid(painter, reassembledRect);
    }
    if (p < 0)
        drawFrame(painter, reassembledRect, PlotStyle::neutral(), Qt::SolidLine, 1);
    else if (p == k)
        drawFrame(painter, reassembledRect, PlotStyle::correct(), Qt::SolidLine, 3);
    else
        drawFrame(painter, reassembledRect, PlotStyle::wrong(), Qt::DashLine, 3);

    drawCaptionLine(painter, captionRect, 0,
        truth ? tr("shuffle #%1: %2").arg(k).arg(permText(*truth)) : tr("shuffle #%1").arg(k), PlotStyle::text());
    if (p < 0)
        drawCaptionLine(painter, captionRect, 1, tr("no guess yet"), PlotStyle::mutedText());
    else if (p == k)
        drawCaptionLine(painter, captionRect, 1, tr("guess #%1 ✓").arg(p), PlotStyle::correct(), true);
    else
        drawCaptionLine(painter, captionRect, 1, tr("guess #%1 ✗").arg(p), PlotStyle::wrong(), true);
}

QString JigsawView::describe(int sample) const
{
    if (sample < 0 || sample >= sampleCount()) return {};
    const int k = label(sample);
    const int p = prediction(sample);
    QStringList lines;
    lines << tr("Sample #%1: cut into %2 × %2 tiles").arg(sample).arg(m_grid);
    if (const std::vector<int> *truth = permutation(k))
        lines << tr("shuffled with permutation #%1 of %2: the tile places show tiles %3")
                     .arg(k)
                     .arg(m_perms.size())
                     .arg(permText(*truth));
    else
        lines << tr("permutation #%1 is not in the permutation set").arg(k);
    if (p < 0) {
        lines << tr("the network has not guessed yet");
    } else if (p == k) {
        lines << tr("the network guessed #%1: right, the tiles go back in place").arg(p);
    } else {
        const std::vector<int> *guess = permutation(p);
        lines << tr("the network guessed #%1 (%2): wrong, so the put-back picture is still scrambled")
                     .arg(p)
                     .arg(guess ? permText(*guess) : tr("unknown"));
    }
    return lines.join(QLatin1Char('\n'));
}

QString JigsawView::csv() const
{
    QString out;
    QTextStream s(&out);
    // Permutations as 0-based tile indices separated by spaces, as the engine stores them.
    s << "sample,label,permutation,predicted,predicted_permutation,correct\n";
    auto zeroBased = [](const std::vector<int> *perm) {
        QStringList parts;
        if (perm) {
            for (int v : *perm)
                parts << QString::number(v);
        }
        return parts.join(QLatin1Char(' '));
    };
    for (int i = 0; i < sampleCount(); ++i) {
        const int k = label(i);
        const int p = prediction(i);
        s << i << ',' << k << ',' << zeroBased(permutation(k)) << ',' << p << ','
          << zeroBased(p >= 0 ? permutation(p) : nullptr) << ',' << (p >= 0 ? QString::number(int(p == k)) : QString())
          << '\n';
    }
    return out;
}

} // namespace pretext::widgets
