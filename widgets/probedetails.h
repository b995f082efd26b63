// The offline linear probe looked at closely: its confusion matrix (row = true class, column = the probe's class,
// counts in the cells, coloured by the share of the row), its accuracy on each class as horizontal bars, and the
// images it got wrong most confidently ("Shirt → T-shirt, 97 %"). Which classes the features cannot yet tell apart
// is what a class learns from here.
#pragma once

#include "engine/core/inspection.h"
#include "widgets/exportable.h"

#include <QWidget>

#include <vector>

class QCPBars;
class QCPColorMap;
class QCPColorScale;
class QCPItemStraightLine;
class QCPItemText;
class QCustomPlot;
class QLabel;
class QMouseEvent;
class QSplitter;

namespace pretext::widgets {

class ImageGridView;
class PanelPlot;

class ProbeDetails : public QWidget, public Exportable {
    Q_OBJECT
public:
    explicit ProbeDetails(QWidget *parent = nullptr);

    void setReport(const engine::ProbeReport &report);
    void clear();
    const engine::ProbeReport &report() const { return m_report; }

    // Recall of each class from a classes × classes confusion matrix (row = true class): the diagonal over the
    // row's sum, -1 for a class with no test images.
    static std::vector<double> accuracyFromConfusion(const std::vector<int64_t> &confusion, int classes);
    // What the bars show, as fractions in [0, 1] (-1 = no test images of that class).
    const std::vector<double> &classAccuracy() const { return m_accuracy; }
    // The label at the end of a bar: "75.0 %", or "no test images".
    QString accuracyLabel(int cls) const;
    int64_t count(int trueClass, int predicted) const;
    // The number drawn in a cell of the matrix; empty when the cells are too small for numbers.
    QString cellText(int trueClass, int predicted) const;
    // The hover text of a cell: "true Shirt, predicted T-shirt: 12 images (12.0 % of the Shirts)".
    QString describeCell(int trueClass, int predicted) const;
    // The cell under a position in this widget's coordinates: {true, predicted} or {-1, -1}.
    std::pair<int, int> cellAt(const QPoint &pos) const;
    // Where a cell is drawn, in this widget's coordinates.
    QRect cellRect(int trueClass, int predicted) const;
    QString headerText() const;
    QString className(int cls) const;

    QCustomPlot *confusionPlot() const;
    QCustomPlot *accuracyPlot() const;
    ImageGridView *mistakesView() const { return m_mistakes; }

    // One row per true class: its counts against every predicted class, its number of test images and its
    // accuracy (recall).
    QString csv() const override;
    QString exportName() const override { return QStringLiteral("probe-details"); }
    void flushPendingUpdates() override;

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void rebuild();
    void updateCellTexts();
    void onConfusionMouseMove(QMouseEvent *event);
    void showMenu(QWidget *source, const QPoint &globalPos);

    engine::ProbeReport m_report;
    std::vector<double> m_accuracy;
    QLabel *m_header = nullptr;
    PanelPlot *m_confusion = nullptr;
    QCPColorMap *m_map = nullptr;
    QCPColorScale *m_scale = nullptr;
    std::vector<QCPItemText *> m_cellTexts; // row-major
    bool m_cellTextsShown = false;
    PanelPlot *m_bars = nullptr;
    QCPBars *m_barsData = nullptr;
    std::vector<QCPItemText *> m_barTexts;
    QCPItemStraightLine *m_overallLine = nullptr;
    QCPItemText *m_overallText = nullptr;
    ImageGridView *m_mistakes = nullptr;
    QSplitter *m_split = nullptr;
    bool m_splitSized = false;
};

} // namespace pretext::widgets
