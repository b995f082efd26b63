// A plain grid of images with a caption or two under each: the points selected on the embedding map, or the
// probe's most confident mistakes. Items say which image of an ImageGrid they show and how it is marked (a frame
// for the image the others relate to; a dashed vermillion frame and ✗ for a wrong one, never colour alone).
#pragma once

#include "widgets/samplegridview.h"

#include <QStringList>

#include <vector>

namespace pretext::widgets {

class ImageGridView : public SampleGridView {
    Q_OBJECT
public:
    enum class Mark { None, Emphasis, Wrong };
    struct Item {
        int image = 0; // index into the ImageGrid
        QString caption; // first line (or lines, split at '\n'), e.g. the class
        QString detail; // a last, muted line (may be empty), e.g. "test #123" or "97 %"
        QString toolTip; // the hover text; the captions when empty
        Mark mark = Mark::None;
        QStringList csv; // this item's CSV fields, matching setCsvHeader
    };

    explicit ImageGridView(QWidget *parent = nullptr);

    // header (may be empty): one explanatory line over the grid.
    void setItems(const engine::ImageGrid &images, const std::vector<Item> &items, const QString &header = QString());
    void clear();
    void setEmptyText(const QString &text);
    // The CSV's columns; without them the CSV has position, image, caption and detail.
    void setCsvHeader(const QStringList &columns);
    void setExportName(const QString &name) { m_exportName = name; }

    const Item &item(int i) const { return m_items[size_t(i)]; }
    int sampleCount() const override { return int(m_items.size()); }
    QString describe(int sample) const override;
    QString csv() const override;
    QString exportName() const override { return m_exportName; }

Q_SIGNALS:
    // A click on an item's cell: the item's position in setItems' list.
    void itemClicked(int item);

protected:
    CellShape cellShape() const override;
    QString headerText() const override { return m_header; }
    QString emptyText() const override { return m_emptyText; }
    void paintSample(
        QPainter &painter, int sample, const QVector<QRectF> &imageRects, const QRectF &captionRect) const override;
    void mousePressEvent(QMouseEvent *event) override;

private:
    std::vector<Item> m_items;
    std::vector<QImage> m_images; // one per item
    QSize m_imageSize;
    QString m_header;
    QString m_emptyText;
    QStringList m_csvHeader;
    QString m_exportName = QStringLiteral("images");
};

} // namespace pretext::widgets
