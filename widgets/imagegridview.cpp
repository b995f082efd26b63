#include "widgets/imagegridview.h"

#include "widgets/plotstyle.h"

#include <QMouseEvent>
#include <QTextStream>

#include <algorithm>

namespace pretext::widgets {

ImageGridView::ImageGridView(QWidget *parent)
    : SampleGridView(parent)
{
    m_emptyText = tr("No images to show.");
}

void ImageGridView::setItems(const engine::ImageGrid &images, const std::vector<Item> &items, const QString &header)
{
    m_items.clear();
    m_images.clear();
    m_imageSize = QSize(images.width, images.height);
    for (const Item &item : items) {
        QImage image = toImage(images, item.image);
        if (image.isNull()) continue; // an index outside the grid shows nothing rather than garbage
        m_items.push_back(item);
        m_images.push_back(image);
    }
    m_header = header;
    samplesChanged();
}

void ImageGridView::clear()
{
    setItems({}, {});
}

void ImageGridView::setEmptyText(const QString &text)
{
    m_emptyText = text;
    update();
}

void ImageGridView::setCsvHeader(const QStringList &columns)
{
    m_csvHeader = columns;
}

SampleGridView::CellShape ImageGridView::cellShape() const
{
    int lines = 1;
    QStringList captions;
    for (const Item &item : m_items) {
        const QStringList parts = item.caption.split(QLatin1Char('\n'));
        captions << parts;
        int n = int(parts.size());
        if (!item.detail.isEmpty()) {
            ++n;
            captions << item.detail;
        }
        lines = std::max(lines, n);
    }
    CellShape shape = oneCaptionShape(1, m_imageSize, captions);
    shape.captionLines = lines;
    return shape;
}

void ImageGridView::paintSample(
    QPainter &painter, int sample, const QVector<QRectF> &imageRects, const QRectF &captionRect) const
{
    const Item &item = m_items[size_t(sample)];
    drawPixels(painter, imageRects[0], m_images[size_t(sample)]);
    QColor colour = PlotStyle::text();
    switch (item.mark) {
    case Mark::None:
        drawFrame(painter, imageRects[0], PlotStyle::grid(), Qt::SolidLine, 1);
        break;
    case Mark::Emphasis:
        drawFrame(painter, imageRects[0].adjusted(-1, -1, 1, 1), PlotStyle::text(), Qt::SolidLine, 3);
        drawFrame(painter, imageRects[0], Qt::white, Qt::SolidLine, 1);
        break;
    case Mark::Wrong:
        drawFrame(painter, imageRects[0], PlotStyle::wrong(), Qt::DashLine, 3);
        colour = PlotStyle::wrong();
        break;
    }
    const QStringList parts = item.caption.split(QLatin1Char('\n'));
    for (int i = 0; i < parts.size(); ++i)
        drawCaptionLine(painter, captionRect, i, parts[i], colour, item.mark == Mark::Emphasis);
    if (!item.detail.isEmpty())
        drawCaptionLine(painter, captionRect, int(parts.size()), item.detail, PlotStyle::mutedText());
}

QString ImageGridView::describe(int sample) const
{
    if (sample < 0 || sample >= sampleCount()) return {};
    const Item &item = m_items[size_t(sample)];
    if (!item.toolTip.isEmpty()) return item.toolTip;
    return item.detail.isEmpty() ? item.caption : item.caption + QLatin1Char('\n') + item.detail;
}

void ImageGridView::mousePressEvent(QMouseEvent *event)
{
    const int sample = event->button() == Qt::LeftButton ? sampleAt(event->position().toPoint()) : -1;
    if (sample >= 0) Q_EMIT itemClicked(sample);
    SampleGridView::mousePressEvent(event);
}

QString ImageGridView::csv() const
{
    QString out;
    QTextStream s(&out);
    if (m_csvHeader.isEmpty()) {
        s << "position,image,caption,detail\n";
        for (int i = 0; i < sampleCount(); ++i) {
            const Item &item = m_items[size_t(i)];
            s << i << ',' << item.image << ',' << csvField(item.caption) << ',' << csvField(item.detail) << '\n';
        }
        return out;
    }
    s << m_csvHeader.join(QLatin1Char(',')) << '\n';
    for (const Item &item : m_items) {
        QStringList fields;
        for (const QString &f : item.csv)
            fields << csvField(f);
        s << fields.join(QLatin1Char(',')) << '\n';
    }
    return out;
}

} // namespace pretext::widgets
