#include "widgets/neighbourgrid.h"

#include "widgets/plotstyle.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QTextStream>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace pretext::widgets {

namespace {
constexpr int kCaptionLines = 3; // class, similarity, then the row's summary
} // namespace

NeighbourGrid::NeighbourGrid(QWidget *parent)
    : SampleGridView(parent)
{
    m_emptyText = tr("No neighbours yet: they appear after the first evaluation of a run.");
}

void NeighbourGrid::setRows(const std::vector<Row> &rows, const engine::ImageGrid &images,
    const std::vector<int> &labels, const std::vector<std::string> &classNames, const std::vector<int64_t> &testIndices)
{
    m_grid = images;
    m_labels = labels;
    m_classNames = classNames;
    m_testIndices = testIndices.size() >= labels.size() ? testIndices : std::vector<int64_t>();
    m_rows.clear();
    m_images.clear();
    m_columns = 0;
    auto valid = [this](int r) { return r >= 0 && r < int(m_labels.size()) && r < m_grid.count; };
    for (const Row &row : rows) {
        if (!valid(row.query)) continue;
        Row kept { row.query, {} };
        std::vector<QImage> images { toImage(m_grid, row.query) };
        for (const Neighbour &n : row.neighbours) {
            if (!valid(n.row)) continue;
            kept.neighbours.push_back(n);
            images.push_back(toImage(m_grid, n.row));
        }
        m_columns = std::max(m_columns, int(images.size()));
        m_rows.push_back(kept);
        m_images.push_back(images);
    }
    samplesChanged();
}

void NeighbourGrid::clear()
{
    setRows({}, {}, {}, {});
}

void NeighbourGrid::setEmptyText(const QString &text)
{
    m_emptyText = text;
    update();
}

int NeighbourGrid::labelOf(int bankRow) const
{
    return bankRow >= 0 && bankRow < int(m_labels.size()) ? m_labels[size_t(bankRow)] : -1;
}

QString NeighbourGrid::className(int label) const
{
    if (label >= 0 && label < int(m_classNames.size()) && !m_classNames[size_t(label)].empty())
        return QString::fromStdString(m_classNames[size_t(label)]);
    return tr("class %1").arg(label);
}

QString NeighbourGrid::testName(int bankRow) const
{
    return m_testIndices.empty() ? tr("image %1").arg(bankRow) : tr("test #%1").arg(m_testIndices[size_t(bankRow)]);
}

int NeighbourGrid::sameClassCount(int r) const
{
    if (r < 0 || r >= rowCount()) return 0;
    const Row &row = m_rows[size_t(r)];
    return int(std::count_if(row.neighbours.begin(), row.neighbours.end(),
        [&](const Neighbour &n) { return labelOf(n.row) == labelOf(row.query); }));
}

bool NeighbourGrid::isWrongClass(int r, int neighbour) const
{
    if (r < 0 || r >= rowCount()) return false;
    const Row &row = m_rows[size_t(r)];
    if (neighbour < 0 || neighbour >= int(row.neighbours.size())) return false;
    return labelOf(row.neighbours[size_t(neighbour)].row) != labelOf(row.query);
}

QString NeighbourGrid::rowSummary(int r) const
{
    if (r < 0 || r >= rowCount()) return {};
    const Row &row = m_rows[size_t(r)];
    return tr("%1 of %2 share its class (%3)")
        .arg(sameClassCount(r))
        .arg(row.neighbours.size())
        .arg(className(labelOf(row.query)));
}

QString NeighbourGrid::describeImage(int r, int image) const
{
    if (r < 0 || r >= rowCount()) return {};
    const Row &row = m_rows[size_t(r)];
    const int queryLabel = labelOf(row.query);
    if (image == 0) return tr("Query: %1, %2\n%3").arg(className(queryLabel), testName(row.query), rowSummary(r));
    const int j = image - 1;
    if (j < 0 || j >= int(row.neighbours.size())) return {};
    const Neighbour &n = row.neighbours[size_t(j)];
    const int label = labelOf(n.row);
    QString text = tr("Neighbour %1 of %2: %3, %4\ncosine similarity to the query: %5")
                       .arg(j + 1)
                       .arg(row.neighbours.size())
                       .arg(className(label), testName(n.row))
                       .arg(double(n.similarity), 0, 'f', 3);
    if (label != queryLabel)
        text += tr("\n✗ another class: the query is %1. A kNN classifier would count this vote against it.")
                    .arg(className(queryLabel));
    return text;
}

QString NeighbourGrid::describe(int sample) const
{
    if (sample < 0 || sample >= rowCount()) return {};
    const Row &row = m_rows[size_t(sample)];
    QStringList lines;
    lines << tr("Query: %1, %2").arg(className(labelOf(row.query)), testName(row.query)) << rowSummary(sample);
    for (size_t j = 0; j < row.neighbours.size(); ++j) {
        const Neighbour &n = row.neighbours[j];
        lines << tr("%1. %2%3 (%4), %5")
                     .arg(j + 1)
                     .arg(isWrongClass(sample, int(j)) ? QStringLiteral("✗ ") : QString())
                     .arg(className(labelOf(n.row)), testName(n.row))
                     .arg(double(n.similarity), 0, 'f', 3);
    }
    return lines.join(QLatin1Char('\n'));
}

QString NeighbourGrid::headerText() const
{
    if (m_rows.empty()) return {};
    return tr("Each row: a test image (framed) and the test images nearest to it in feature space, most similar "
              "first (cosine similarity under each). ✗ marks a neighbour of another class.");
}

SampleGridView::CellShape NeighbourGrid::cellShape() const
{
    QStringList summaries;
    for (int r = 0; r < rowCount(); ++r)
        summaries << rowSummary(r);
    CellShape shape = oneCaptionShape(std::max(1, m_columns), QSize(m_grid.width, m_grid.height), summaries);
    shape.captionLines = kCaptionLines;
    return shape;
}

void NeighbourGrid::paintSample(
    QPainter &painter, int sample, const QVector<QRectF> &imageRects, const QRectF &captionRect) const
{
    const Row &row = m_rows[size_t(sample)];
    const std::vector<QImage> &images = m_images[size_t(sample)];
    const QFontMetricsF fm(font());
    // Each caption line takes the same number of text rows as the summary, which may wrap.
    const int rows = std::max(1, int(std::lround((captionRect.height() - 4) / (kCaptionLines * fm.lineSpacing()))));
    const double slot = rows * fm.lineSpacing();
    const double gap = imageRects.size() > 1 ? imageRects[1].left() - imageRects[0].right() : 6;
    QFont bold = font();
    bold.setBold(true);
    for (int i = 0; i < int(images.size()) && i < imageRects.size(); ++i) {
        const QRectF image = imageRects[i];
        drawPixels(painter, image, images[size_t(i)]);
        const bool query = i == 0;
        const bool wrong = !query && isWrongClass(sample, i - 1);
        if (query) {
            // Dark outside, white inside: visible around dark images as well as light ones.
            drawFrame(painter, image.adjusted(-1, -1, 1, 1), PlotStyle::text(), Qt::SolidLine, 3);
            drawFrame(painter, image, Qt::white, Qt::SolidLine, 1);
        } else if (wrong)
            drawFrame(painter, image, PlotStyle::wrong(), Qt::DashLine, 3);
        else
            drawFrame(painter, image, PlotStyle::grid(), Qt::SolidLine, 1);
        // The image's own two lines, as wide as its column.
        const QRectF column(image.left() - gap / 2, captionRect.top() + 2, image.width() + gap, slot);
        const int bankRow = query ? row.query : row.neighbours[size_t(i - 1)].row;
        const QString name = (wrong ? QStringLiteral("✗ ") : QString()) + className(labelOf(bankRow));
        painter.save();
        painter.setFont(query || wrong ? bold : font());
        painter.setPen(wrong ? PlotStyle::wrong() : PlotStyle::text());
        painter.drawText(column, Qt::AlignHCenter | Qt::AlignTop,
            QFontMetricsF(painter.font()).elidedText(name, Qt::ElideRight, column.width()));
        painter.setFont(font());
        painter.setPen(PlotStyle::mutedText());
        const QString second
            = query ? tr("query") : QString::number(double(row.neighbours[size_t(i - 1)].similarity), 'f', 2);
        painter.drawText(column.translated(0, slot), Qt::AlignHCenter | Qt::AlignTop,
            fm.elidedText(second, Qt::ElideRight, column.width()));
        painter.restore();
    }
    drawCaptionLine(painter, captionRect, 2, rowSummary(sample),
        sameClassCount(sample) == int(row.neighbours.size()) ? PlotStyle::correct() : PlotStyle::text(), true);
}

std::pair<int, int> NeighbourGrid::imageAt(const QPoint &pos) const
{
    const int sample = sampleAt(pos);
    if (sample < 0) return { -1, -1 };
    const int count = int(m_images[size_t(sample)].size());
    for (int i = 0; i < count; ++i) {
        // The image and the caption column under it.
        const QRectF image = imageRect(sample, i);
        const QRectF column(
            image.left() - 3, image.top() - 3, image.width() + 6, sampleRect(sample).bottom() - image.top() + 3);
        if (column.contains(pos)) return { sample, i };
    }
    return { sample, -1 };
}

bool NeighbourGrid::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const auto [r, image] = imageAt(help->pos());
        if (r >= 0 && image >= 0) {
            const QRectF rect = imageRect(r, image);
            QToolTip::showText(help->globalPos(), describeImage(r, image), this, rect.toAlignedRect());
            return true;
        }
    }
    return SampleGridView::event(event);
}

void NeighbourGrid::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        const auto [r, image] = imageAt(event->position().toPoint());
        if (r >= 0 && image >= 0) {
            const Row &row = m_rows[size_t(r)];
            Q_EMIT imageClicked(image == 0 ? row.query : row.neighbours[size_t(image - 1)].row);
        }
    }
    SampleGridView::mousePressEvent(event);
}

QString NeighbourGrid::csv() const
{
    QString out;
    QTextStream s(&out);
    s << "query_row,query_test_index,query_label,query_class,rank,neighbour_row,neighbour_test_index,neighbour_label,"
         "neighbour_class,cosine_similarity,same_class\n";
    auto index
        = [this](int r) { return m_testIndices.empty() ? QString() : QString::number(m_testIndices[size_t(r)]); };
    for (const Row &row : m_rows) {
        const int ql = labelOf(row.query);
        for (size_t j = 0; j < row.neighbours.size(); ++j) {
            const Neighbour &n = row.neighbours[j];
            const int nl = labelOf(n.row);
            s << row.query << ',' << index(row.query) << ',' << ql << ',' << csvField(className(ql)) << ',' << j + 1
              << ',' << n.row << ',' << index(n.row) << ',' << nl << ',' << csvField(className(nl)) << ','
              << QString::number(double(n.similarity), 'g', 6) << ',' << int(nl == ql) << '\n';
        }
    }
    return out;
}

} // namespace pretext::widgets
