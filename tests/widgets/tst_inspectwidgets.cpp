// The inspection views fed hand-made data: the embedding map finds the point under the mouse, selects by click,
// Shift/Ctrl+click and lasso exactly the points a person would, morphs to a new map, and writes its CSV; the
// neighbour grid marks neighbours of another class; the probe details compute each class's accuracy from the
// confusion matrix. Set PRETEXT_SCREENSHOTS=<dir> to keep pictures of the rendered views there.
#include "widgets/embeddingmap.h"
#include "widgets/imagegridview.h"
#include "widgets/neighbourgrid.h"
#include "widgets/panelexport.h"
#include "widgets/plotstyle.h"
#include "widgets/probedetails.h"
#include "widgets/qcustomplotinclude.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <random>

using namespace pretext;
using namespace pretext::widgets;

namespace {

// n gray 8×8 images, image i filled with 20·(i % 12).
engine::ImageGrid images(int n, int side = 8)
{
    engine::ImageGrid g;
    g.count = n;
    g.height = g.width = side;
    g.channels = 1;
    g.pixels.resize(size_t(n * side * side));
    for (int i = 0; i < n; ++i)
        std::fill_n(g.pixels.begin() + i * side * side, side * side, uint8_t(20 * (i % 12)));
    return g;
}

void show(QWidget *w, QSize size = QSize(600, 420))
{
    w->resize(size);
    w->show();
    QVERIFY(QTest::qWaitForWindowExposed(w));
    if (auto *e = dynamic_cast<Exportable *>(w)) e->flushPendingUpdates();
}

void mouse(QWidget *w, QEvent::Type type, const QPointF &pos, Qt::MouseButton button = Qt::LeftButton,
    Qt::KeyboardModifiers mods = Qt::NoModifier)
{
    const Qt::MouseButtons buttons = type == QEvent::MouseButtonRelease ? Qt::NoButton
        : type == QEvent::MouseMove && button == Qt::NoButton           ? Qt::NoButton
                                                                        : Qt::MouseButtons(button);
    QMouseEvent event(type, pos, w->mapToGlobal(pos), type == QEvent::MouseMove ? Qt::NoButton : button, buttons, mods);
    QApplication::sendEvent(w, &event);
}

void click(QWidget *w, const QPointF &pos, Qt::KeyboardModifiers mods = Qt::NoModifier)
{
    mouse(w, QEvent::MouseButtonPress, pos, Qt::LeftButton, mods);
    mouse(w, QEvent::MouseButtonRelease, pos, Qt::LeftButton, mods);
}

// Saved when PRETEXT_SCREENSHOTS names a folder, so that a person can look at what the tests rendered.
void keep(QWidget *w, const QString &name)
{
    const QString dir = qEnvironmentVariable("PRETEXT_SCREENSHOTS");
    if (!dir.isEmpty()) w->grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

int countColour(const QImage &image, const QRect &area, const QColor &colour, int tolerance = 40)
{
    int n = 0;
    const QRect r = area.intersected(image.rect());
    for (int y = r.top(); y <= r.bottom(); ++y)
        for (int x = r.left(); x <= r.right(); ++x) {
            const QColor c = image.pixelColor(x, y);
            if (std::abs(c.red() - colour.red()) + std::abs(c.green() - colour.green())
                    + std::abs(c.blue() - colour.blue())
                < tolerance)
                ++n;
        }
    return n;
}

// A 10×10 lattice of points at integer map coordinates (x, y) in 0..9, row = y·10 + x, label = x % 3.
struct Lattice {
    std::vector<float> points;
    std::vector<int> labels;
    std::vector<int64_t> indices;
};
Lattice lattice()
{
    Lattice l;
    for (int y = 0; y < 10; ++y)
        for (int x = 0; x < 10; ++x) {
            l.points.push_back(float(x));
            l.points.push_back(float(y));
            l.labels.push_back(x % 3);
            l.indices.push_back(1000 + y * 10 + x);
        }
    return l;
}

// Where map coordinates land in the widget, from two drawn points (the map is scaled and shifted, y up).
QPointF mapToWidget(const EmbeddingMap &map, double x, double y)
{
    const QPointF p0 = map.toWidget(0); // (0, 0)
    const QPointF p99 = map.toWidget(99); // (9, 9)
    return QPointF(p0.x() + (p99.x() - p0.x()) * x / 9, p0.y() + (p99.y() - p0.y()) * y / 9);
}

} // namespace

class TestInspectWidgets : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void mapHoverFindsNearestPointAndShowsItsClass()
    {
        EmbeddingMap map;
        const std::vector<float> points { 0, 0, 10, 0, 0, 10, 10, 10 };
        map.setPoints(points, { 0, 1, 2, 0 }, { "cat", "dog", "bird" }, images(4), { 100, 101, 102, 103 });
        map.setTitle(QStringLiteral("t-SNE, perplexity 30 · step 1,200"));
        show(&map);
        const QImage before = map.grab().toImage();
        // Near point 1, a few pixels off, and nearer to it than to any other.
        const QPointF target = map.toWidget(1) + QPointF(3, -2);
        QSignalSpy hovered(&map, &EmbeddingMap::hoveredPointChanged);
        mouse(&map, QEvent::MouseMove, target, Qt::NoButton);
        QCOMPARE(map.hoveredPoint(), 1);
        QCOMPARE(hovered.count(), 1);
        QVERIFY(map.describePoint(1).contains(QStringLiteral("dog")));
        QVERIFY(map.describePoint(1).contains(QStringLiteral("#101")));
        // The overlay is drawn: the picture changes around the point, and its dark frame is there.
        const QImage after = map.grab().toImage();
        QVERIFY(before != after);
        keep(&map, QStringLiteral("map-hover-small"));
        // Far from every point: nothing is hovered.
        mouse(&map, QEvent::MouseMove, (map.toWidget(0) + map.toWidget(3)) / 2, Qt::NoButton);
        QCOMPARE(map.hoveredPoint(), -1);
        QCOMPARE(map.pointAt(map.toWidget(2)), 2);
    }

    void lassoSelectsExactlyThePointsInside()
    {
        const Lattice l = lattice();
        EmbeddingMap map;
        map.setPoints(l.points, l.labels, { "a", "b", "c" }, {}, l.indices);
        show(&map, QSize(520, 520));
        QSignalSpy changed(&map, &EmbeddingMap::selectionChanged);
        // A triangle with corners (0.5, 0.5), (8.7, 0.5), (0.5, 8.7) in map units: inside are the points with
        // x >= 1, y >= 1 and x + y <= 9.
        const QPointF corners[3]
            = { mapToWidget(map, 0.5, 0.5), mapToWidget(map, 8.7, 0.5), mapToWidget(map, 0.5, 8.7) };
        mouse(&map, QEvent::MouseButtonPress, corners[0]);
        for (int edge = 0; edge < 3; ++edge) {
            const QPointF a = corners[edge], b = corners[(edge + 1) % 3];
            for (int s = 1; s <= 20; ++s)
                mouse(&map, QEvent::MouseMove, a + (b - a) * (s / 20.0));
        }
        mouse(&map, QEvent::MouseButtonRelease, corners[0]);
        QVector<int> expected;
        for (int y = 0; y < 10; ++y)
            for (int x = 0; x < 10; ++x)
                if (x >= 1 && y >= 1 && x + y <= 9) expected << y * 10 + x;
        QCOMPARE(expected.size(), 36);
        QCOMPARE(map.selection(), expected);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.last().at(0).value<QVector<int>>(), expected);
        keep(&map, QStringLiteral("map-lasso"));

        // Shift + a second lasso around (9, 9) adds it; Escape clears all.
        const QPointF c = mapToWidget(map, 9, 9);
        mouse(&map, QEvent::MouseButtonPress, c + QPointF(-12, -12), Qt::LeftButton, Qt::ShiftModifier);
        mouse(&map, QEvent::MouseMove, c + QPointF(12, -12), Qt::LeftButton, Qt::ShiftModifier);
        mouse(&map, QEvent::MouseMove, c + QPointF(12, 12), Qt::LeftButton, Qt::ShiftModifier);
        mouse(&map, QEvent::MouseMove, c + QPointF(-12, 12), Qt::LeftButton, Qt::ShiftModifier);
        mouse(&map, QEvent::MouseButtonRelease, c + QPointF(-12, -11), Qt::LeftButton, Qt::ShiftModifier);
        QCOMPARE(map.selection().size(), 37);
        QVERIFY(map.selection().contains(99));
        QTest::keyClick(&map, Qt::Key_Escape);
        QVERIFY(map.selection().isEmpty());
        QCOMPARE(changed.count(), 3);
    }

    void clickShiftClickAndCtrlClickSelect()
    {
        const Lattice l = lattice();
        EmbeddingMap map;
        map.setPoints(l.points, l.labels, { "a", "b", "c" }, {}, l.indices);
        show(&map);
        QSignalSpy clicked(&map, &EmbeddingMap::pointClicked);
        click(&map, map.toWidget(12) + QPointF(1, 1));
        QCOMPARE(map.selection(), QVector<int>({ 12 }));
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked.last().at(0).toInt(), 12);
        click(&map, map.toWidget(57), Qt::ShiftModifier);
        QCOMPARE(map.selection(), QVector<int>({ 12, 57 }));
        click(&map, map.toWidget(3), Qt::ControlModifier);
        QCOMPARE(map.selection(), QVector<int>({ 3, 12, 57 }));
        click(&map, map.toWidget(12), Qt::ControlModifier); // Ctrl toggles
        QCOMPARE(map.selection(), QVector<int>({ 3, 57 }));
        QCOMPARE(clicked.count(), 1); // only plain clicks ask for neighbours
        // A plain click replaces the selection; a click on empty space clears it.
        click(&map, map.toWidget(40));
        QCOMPARE(map.selection(), QVector<int>({ 40 }));
        click(&map, mapToWidget(map, 4.5, 4.5));
        QVERIFY(map.selection().isEmpty());
        // Selected points are drawn on top, with a dark outline; the others fade.
        map.setSelection({ 0 });
        const QImage shot = map.grab().toImage();
        const QPointF faded = map.toWidget(55);
        const QColor c = shot.pixelColor(faded.toPoint());
        QVERIFY2(c.lightness() > 200, qPrintable(c.name()));
    }

    void animateToReachesTheTarget()
    {
        const Lattice l = lattice();
        EmbeddingMap map;
        map.setPoints(l.points, l.labels, { "a", "b", "c" }, {}, l.indices);
        show(&map);
        map.setSelection({ 5, 6 });
        std::vector<float> target(l.points.size());
        for (size_t i = 0; i < target.size(); ++i)
            target[i] = l.points[i] * 2 + (i % 2 ? 30.0f : -10.0f);
        map.animateTo(target);
        QVERIFY(map.isAnimating());
        QCOMPARE(map.targetPoints(), target);
        QTest::qWait(EmbeddingMap::kAnimationMs / 3);
        // Between the two maps, neither one nor the other.
        const float mid = map.points()[2 * 99 + 1]; // y of (9, 9): from 9 to 48
        QVERIFY2(mid > l.points[2 * 99 + 1] && mid < target[2 * 99 + 1], qPrintable(QString::number(mid)));
        QTRY_VERIFY_WITH_TIMEOUT(!map.isAnimating(), 3000);
        QCOMPARE(map.points(), target);
        QCOMPARE(map.selection(), QVector<int>({ 5, 6 })); // the same images stay selected
        // A map of another size jumps.
        map.animateTo({ 1, 2 });
        QVERIFY(!map.isAnimating());
    }

    void mapCsvHasOneRowPerPoint()
    {
        EmbeddingMap map;
        map.setPoints({ 0.5f, -1.25f, 3, 4 }, { 1, 0 }, { "T-shirt, top", "Trouser" }, {}, { 7, 9 });
        const QStringList lines = map.csv().trimmed().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines[0], QStringLiteral("row,test_index,label,class,x,y"));
        QCOMPARE(lines[1], QStringLiteral("0,7,1,Trouser,0.5,-1.25"));
        QCOMPARE(lines[2], QStringLiteral("1,9,0,\"T-shirt, top\",3,4"));
    }

    void mapRendersManyPointsAndExportsVectors()
    {
        // 2,000 points in ten clusters, the size the live panel shows.
        std::mt19937 rng(3);
        std::normal_distribution<float> noise(0, 1);
        std::vector<float> points;
        std::vector<int> labels;
        std::vector<int64_t> indices;
        for (int i = 0; i < 2000; ++i) {
            const int c = i % 10;
            points.push_back(12 * std::cos(c * 0.628f) + 2 * noise(rng));
            points.push_back(12 * std::sin(c * 0.628f) + 2 * noise(rng));
            labels.push_back(c);
            indices.push_back(i);
        }
        EmbeddingMap map;
        map.setPoints(points, labels,
            { "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                "Ankle boot" },
            images(2000, 28), indices);
        map.setTitle(QStringLiteral("t-SNE, perplexity 30 · step 1,200 · 2,000 test images"));
        show(&map, QSize(760, 520));
        // Every class's colour appears.
        const QImage shot = map.grab().toImage();
        for (int c = 0; c < 10; ++c)
            QVERIFY2(
                countColour(shot, shot.rect(), PlotStyle::categorical(c), 30) > 20, qPrintable(QString::number(c)));
        QVERIFY(!map.legendRect(9).isEmpty());
        // Hover stays cheap: the markers are not redrawn for it.
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < 20; ++i) {
            mouse(&map, QEvent::MouseMove, map.toWidget(i * 50), Qt::NoButton);
            map.repaint();
        }
        qInfo() << "20 hover repaints at 2,000 points:" << timer.elapsed() << "ms";
        // A morph redraws every marker at every frame: it must keep up with the animation's frame rate.
        timer.restart();
        for (int i = 0; i < 10; ++i) {
            map.setSelection({ i });
            map.repaint();
        }
        qInfo() << "10 full redraws at 2,000 points:" << timer.elapsed() << "ms";
        QVERIFY(map.hoveredPoint() >= 0);
        keep(&map, QStringLiteral("map-hover"));
        QTemporaryDir dir;
        const QString svg = dir.filePath(QStringLiteral("map.svg"));
        QVERIFY(exportSvg(&map, svg));
        QFile file(svg);
        QVERIFY(file.open(QIODevice::ReadOnly));
        // Vectors, not one embedded picture: a shape per marker.
        const QByteArray text = file.readAll();
        QVERIFY2(text.count("<path") + text.count("<polygon") + text.count("<ellipse") + text.count("<circle") > 1000,
            qPrintable(QString::number(text.size())));
    }

    void neighbourGridMarksWrongClassNeighbours()
    {
        // Rows 0..5: labels cat, cat, dog, cat, dog, bird.
        const std::vector<int> labels { 0, 0, 1, 0, 1, 2 };
        NeighbourGrid grid;
        NeighbourGrid::Row first { 0, { { 1, 0.95f }, { 2, 0.90f }, { 3, 0.80f }, { 5, 0.5f } } };
        NeighbourGrid::Row second { 4, { { 2, 0.99f }, { 0, 0.30f } } };
        grid.setRows({ first, second }, images(6, 12), labels, { "cat", "dog", "bird" }, { 10, 11, 12, 13, 14, 15 });
        show(&grid, QSize(700, 420));
        QCOMPARE(grid.rowCount(), 2);
        QCOMPARE(grid.sameClassCount(0), 2);
        QCOMPARE(grid.sameClassCount(1), 1);
        QVERIFY(!grid.isWrongClass(0, 0));
        QVERIFY(grid.isWrongClass(0, 1));
        QVERIFY(!grid.isWrongClass(0, 2));
        QVERIFY(grid.isWrongClass(0, 3));
        QVERIFY(grid.isWrongClass(1, 1));
        QCOMPARE(grid.rowSummary(0), QStringLiteral("2 of 4 share its class (cat)"));
        QVERIFY(grid.describeImage(0, 2).contains(QStringLiteral("✗")));
        QVERIFY(grid.describeImage(0, 2).contains(QStringLiteral("dog")));
        QVERIFY(grid.describeImage(0, 2).contains(QStringLiteral("0.900")));
        QVERIFY(!grid.describeImage(0, 1).contains(QStringLiteral("✗")));
        QVERIFY(grid.describeImage(0, 0).contains(QStringLiteral("test #10")));
        // The wrong neighbour's frame is vermillion, the right one's is not.
        const QImage shot = grid.grab().toImage();
        const QRect wrong = grid.imageRect(0, 2).toAlignedRect().adjusted(-4, -4, 4, 4);
        const QRect right = grid.imageRect(0, 1).toAlignedRect().adjusted(-4, -4, 4, 4);
        QVERIFY(countColour(shot, wrong, PlotStyle::wrong()) > 20);
        QCOMPARE(countColour(shot, right, PlotStyle::wrong()), 0);
        keep(&grid, QStringLiteral("neighbours"));
        // Clicking a neighbour names its bank row.
        QSignalSpy clicked(&grid, &NeighbourGrid::imageClicked);
        click(&grid, grid.imageRect(1, 1).center());
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked.last().at(0).toInt(), 2);

        const QStringList lines = grid.csv().trimmed().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 1 + 4 + 2);
        QVERIFY(lines[0].endsWith(QStringLiteral("cosine_similarity,same_class")));
        QCOMPARE(lines[2], QStringLiteral("0,10,0,cat,2,2,12,1,dog,0.9,0"));
        // Rows naming rows outside the bank are dropped rather than read past the end.
        grid.setRows({ { 9, {} }, { 1, { { 42, 0.1f } } } }, images(6), labels, {});
        QCOMPARE(grid.rowCount(), 1);
        QCOMPARE(grid.row(0).neighbours.size(), size_t(0));
    }

    void imageGridShowsTheSelection()
    {
        ImageGridView view;
        std::vector<ImageGridView::Item> items;
        for (int i : { 3, 1, 4 }) {
            ImageGridView::Item item;
            item.image = i;
            item.caption = QStringLiteral("class %1").arg(i);
            item.detail = QStringLiteral("#%1").arg(100 + i);
            item.mark = i == 1 ? ImageGridView::Mark::Wrong : ImageGridView::Mark::None;
            items.push_back(item);
        }
        items.push_back({ 99, QStringLiteral("outside"), {}, {}, ImageGridView::Mark::None, {} });
        view.setItems(images(5, 10), items, QStringLiteral("3 images selected"));
        show(&view, QSize(500, 300));
        QCOMPARE(view.sampleCount(), 3);
        QCOMPARE(view.item(0).caption, QStringLiteral("class 3"));
        QCOMPARE(view.describe(2), QStringLiteral("class 4\n#104"));
        const QImage shot = view.grab().toImage();
        QVERIFY(
            countColour(shot, view.imageRect(1, 0).toAlignedRect().adjusted(-4, -4, 4, 4), PlotStyle::wrong()) > 20);
        QCOMPARE(view.csv().trimmed().split(QLatin1Char('\n')).size(), 4);
    }

    void probeDetailsComputeAccuracyPerClass()
    {
        engine::ProbeReport report;
        report.step = 1200;
        report.classes = 3;
        report.classNames = { "cat", "dog", "bird" };
        // cat: 8 of 10 right; dog: 3 of 4 right; bird: no test images.
        report.confusion = { 8, 2, 0, 1, 3, 0, 0, 0, 0 };
        report.accuracy = 11.0 / 14.0;
        report.perClassAccuracy = { 0.1, 0.1, 0.1 }; // wrong on purpose: the matrix decides
        report.mistakes = { { 501, 0, 1, 0.97f }, { 502, 1, 0, 0.81f } };
        report.mistakeImages = images(2, 16);
        ProbeDetails details;
        details.setReport(report);
        show(&details, QSize(760, 560));
        const std::vector<double> acc = details.classAccuracy();
        QCOMPARE(acc.size(), size_t(3));
        QCOMPARE(acc[0], 0.8);
        QCOMPARE(acc[1], 0.75);
        QCOMPARE(acc[2], -1.0);
        QCOMPARE(details.accuracyLabel(0), QStringLiteral("80.0 %"));
        QCOMPARE(details.accuracyLabel(1), QStringLiteral("75.0 %"));
        QCOMPARE(details.accuracyLabel(2), QStringLiteral("no test images"));
        // The bars carry the same numbers, in percent; an absent class has no bar.
        auto *bars = qobject_cast<QCPBars *>(details.accuracyPlot()->plottable(0));
        QVERIFY(bars);
        QCOMPARE(bars->data()->size(), 2);
        QCOMPARE(bars->data()->at(0)->value, 80.0);
        QCOMPARE(bars->data()->at(1)->value, 75.0);
        QVERIFY(details.headerText().contains(QStringLiteral("78.6 %")));
        // Counts in the cells and on hover.
        QCOMPARE(details.cellText(0, 0), QStringLiteral("8"));
        QCOMPARE(details.cellText(1, 0), QStringLiteral("1"));
        QVERIFY(details.describeCell(0, 1).contains(QStringLiteral("2 of the 10")));
        QVERIFY(details.describeCell(0, 1).contains(QStringLiteral("20.0 %")));
        const QRect cell = details.cellRect(1, 0);
        QVERIFY(!cell.isEmpty());
        QCOMPARE(details.cellAt(cell.center()), std::make_pair(1, 0));
        // Mistakes as images, captioned true → predicted with the confidence.
        QCOMPARE(details.mistakesView()->sampleCount(), 2);
        QCOMPARE(details.mistakesView()->item(0).caption, QStringLiteral("cat\n→ dog"));
        QCOMPARE(details.mistakesView()->item(0).detail, QStringLiteral("97 %"));
        keep(&details, QStringLiteral("probe-details"));

        const QStringList lines = details.csv().trimmed().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 4);
        QCOMPARE(lines[0],
            QStringLiteral("true_label,true_class,predicted cat,predicted dog,predicted bird,images,accuracy"));
        QCOMPARE(lines[1], QStringLiteral("0,cat,8,2,0,10,0.8"));
        QCOMPARE(lines[3], QStringLiteral("2,bird,0,0,0,0,"));

        details.clear();
        QVERIFY(details.classAccuracy().empty());
        QVERIFY(details.headerText().startsWith(QStringLiteral("No probe details")));
    }

    void probeDetailsOfTenClassesShowEveryCount()
    {
        // Fashion-MNIST's ten classes, 200 test images each, shirts and T-shirts confused as a probe does.
        engine::ProbeReport report;
        report.step = 4700;
        report.classes = 10;
        report.classNames = { "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
            "Bag", "Ankle boot" };
        report.confusion.assign(100, 0);
        int64_t right = 0;
        for (int r = 0; r < 10; ++r) {
            const int wrong = r == 6 ? 90 : 10 + 3 * r;
            report.confusion[size_t(r * 10 + r)] = 200 - wrong;
            report.confusion[size_t(r * 10 + (r + 6) % 10)] = wrong;
            right += 200 - wrong;
        }
        report.accuracy = double(right) / 2000;
        for (int i = 0; i < 12; ++i)
            report.mistakes.push_back({ 100 + i, 6, 0, 0.99f - 0.02f * float(i) });
        report.mistakeImages = images(12, 28);
        ProbeDetails details;
        details.setReport(report);
        show(&details, QSize(900, 640));
        QCOMPARE(details.cellText(6, 6), QStringLiteral("110"));
        QCOMPARE(details.cellText(6, 2), QStringLiteral("90"));
        QCOMPARE(details.accuracyLabel(6), QStringLiteral("55.0 %"));
        QCOMPARE(details.mistakesView()->sampleCount(), 12);
        QVERIFY(details.mistakesView()->shownCount() >= 6);
        keep(&details, QStringLiteral("probe-details-10"));
    }
};

QTEST_MAIN(TestInspectWidgets)
#include "tst_inspectwidgets.moc"
