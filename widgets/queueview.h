// MoCo's queue of negative keys (He et al. 2020, §3.2): how full it is, how many steps old its oldest key is, and
// where each preview sample's positive logit q·k+/τ sits against the queue's negative logits q·k−/τ, the two
// sides of the InfoNCE loss (eq. 1): the loss pushes every positive marker to the right of the negatives' hill.
#pragma once

#include "engine/core/previews.h"
#include "widgets/exportable.h"

#include <QWidget>

#include <vector>

class QCPBars;
class QCPGraph;
class QCustomPlot;
class QLabel;
class QStackedLayout;

namespace pretext::widgets {

class PanelPlot;
class QueueFillBar;

class QueueView : public QWidget, public Exportable {
    Q_OBJECT
public:
    // Counts in equal-width bins: bin i holds the values in [lo + i·width, lo + (i+1)·width).
    struct Histogram {
        double lo = 0;
        double width = 1;
        std::vector<int> counts;

        double hi() const { return lo + width * double(counts.size()); }
        double center(int bin) const { return lo + (bin + 0.5) * width; }
        // The bin holding value, or -1 when it is outside (or not finite).
        int binOf(double value) const;
        int total() const;
    };

    explicit QueueView(QWidget *parent = nullptr);

    void setQueue(const engine::QueuePreview &queue);
    void clear();
    bool hasQueue() const { return m_hasQueue; }
    const engine::QueuePreview &queue() const { return m_queue; }

    // "4,096 / 4,096 keys"
    QString fillText() const;
    // "oldest key 512 steps old · τ 0.2"
    QString ageText() const;
    // "positives mean 8.10 · negatives mean 0.31 · a positive beats 97% of the negatives"
    QString caption() const;
    // The negatives' histogram as drawn; its bins also cover every positive logit.
    const Histogram &histogram() const { return m_histogram; }
    // Bins of a round width (1, 2 or 5 × 10^k) chosen so that about targetBins of them cover [lo, hi], with
    // edges on multiples of the width so that they stay put from one preview to the next. Non-finite values are
    // left out.
    static Histogram makeHistogram(const std::vector<float> &values, double lo, double hi, int targetBins = 30);

    QCustomPlot *plot() const;

    QString csv() const override;
    QString exportName() const override { return QStringLiteral("queue"); }
    void flushPendingUpdates() override;

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    void rebuild();
    void updateMarkerStyle();
    void onMouseMove(QMouseEvent *event);

    engine::QueuePreview m_queue;
    bool m_hasQueue = false;
    Histogram m_histogram;
    std::vector<double> m_sortedNegatives; // finite negatives, ascending: what each positive beats, by bisection

    QStackedLayout *m_pages = nullptr;
    QLabel *m_empty = nullptr;
    QueueFillBar *m_fillBar = nullptr;
    QLabel *m_age = nullptr;
    QLabel *m_caption = nullptr;
    PanelPlot *m_plot = nullptr;
    QCPBars *m_negatives = nullptr;
    QCPGraph *m_positives = nullptr;
};

} // namespace pretext::widgets
