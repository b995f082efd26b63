// The inspection panel fed as the window feeds it: features of well-separated classes give a map whose measured
// neighbour purity is high, the random-init encoder's map is one click away and kept, a newer evaluation while a
// t-SNE runs replaces it without a crash, and the panel can be destroyed mid-computation.
// Set PRETEXT_SCREENSHOTS=<dir> to keep pictures of the panel's tabs there.
#include "ui/inspectpanel.h"

#include "widgets/embeddingmap.h"
#include "widgets/imagegridview.h"
#include "widgets/neighbourgrid.h"
#include "widgets/probedetails.h"

#include <QSignalSpy>
#include <QTabWidget>
#include <QToolButton>
#include <QtTest>

#include <random>

using namespace pretext;
using pretext::ui::InspectPanel;

namespace {

constexpr int kTimeoutMs = 60000;

// n test images of `classes` classes (label = i % classes). clustered: features are a class centre plus small
// noise (far apart classes); otherwise pure noise, as an untrained encoder's features look to the classes.
engine::FeatureSet featureSet(
    int n, int64_t step, bool clustered, bool randomInit = false, int classes = 3, unsigned seed = 1)
{
    constexpr int dim = 16;
    engine::FeatureSet f;
    f.step = step;
    f.epoch = step / 100;
    f.randomInit = randomInit;
    f.features.rows = n;
    f.features.cols = dim;
    std::mt19937 rng(seed);
    std::normal_distribution<float> noise(0, 1);
    std::vector<std::vector<float>> centres(static_cast<size_t>(classes), std::vector<float>(dim, 0.0f));
    for (auto &c : centres)
        for (float &v : c)
            v = 6 * noise(rng);
    for (int i = 0; i < n; ++i) {
        const int label = i % classes;
        for (int d = 0; d < dim; ++d)
            f.features.values.push_back((clustered ? centres[size_t(label)][size_t(d)] : 0) + noise(rng));
        f.labels.push_back(label);
        f.indices.push_back(int64_t(i) * 3);
    }
    f.images.count = n;
    f.images.width = f.images.height = 12;
    f.images.channels = 1;
    f.images.pixels.resize(size_t(n) * 144);
    for (int i = 0; i < n; ++i)
        for (int p = 0; p < 144; ++p)
            f.images.pixels[size_t(i) * 144 + size_t(p)]
                = uint8_t((p % 12 < 6) == (i % 3 == 0) ? 60 * (i % 3) + 40 : 230);
    for (int c = 0; c < classes; ++c)
        f.classNames.push_back("class " + std::string(1, char('A' + c)));
    return f;
}

void showPanel(QWidget *w)
{
    w->resize(1000, 640);
    w->show();
    QVERIFY(QTest::qWaitForWindowExposed(w));
}

void keep(QWidget *w, const QString &name)
{
    const QString dir = qEnvironmentVariable("PRETEXT_SCREENSHOTS");
    if (!dir.isEmpty()) w->grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

} // namespace

class TestInspectPanel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void separatedClassesGiveAPureMapAndRandomInitSwapsIt()
    {
        InspectPanel panel;
        showPanel(&panel);
        QCOMPARE(panel.mapKind(), InspectPanel::MapKind::Tsne);
        QCOMPARE(panel.perplexity(), 30);
        panel.setFeatures(featureSet(150, 300, true));
        QTRY_VERIFY_WITH_TIMEOUT(panel.hasMap(false), kTimeoutMs);
        QCOMPARE(panel.map()->pointCount(), 150);
        QVERIFY2(panel.displayedPurity() > 0.9, qPrintable(panel.statusText()));
        QVERIFY(panel.statusText().contains(QStringLiteral("purity %1").arg(panel.displayedPurity(), 0, 'f', 2)));
        QVERIFY(panel.statusText().contains(QStringLiteral("took")));
        QVERIFY(panel.map()->title().contains(QStringLiteral("t-SNE, perplexity 30")));
        QVERIFY(panel.map()->title().contains(QStringLiteral("step 300")));
        QVERIFY(!panel.randomInitButton()->isEnabled()); // nothing to swap with yet
        QVERIFY(panel.whatsThis().contains(QStringLiteral("purity")));
        QTRY_VERIFY(!panel.map()->isAnimating());
        keep(&panel, QStringLiteral("panel-map"));

        // The untrained encoder's features: mapped in the background, the trained map stays on screen.
        panel.setFeatures(featureSet(150, 0, false, true));
        QTRY_VERIFY_WITH_TIMEOUT(panel.hasMap(true), kTimeoutMs);
        QVERIFY(!panel.showsRandomInit());
        QVERIFY(panel.randomInitButton()->isEnabled());
        const std::vector<float> trained = panel.map()->targetPoints();
        const double trainedPurity = panel.displayedPurity();

        panel.randomInitButton()->click();
        QVERIFY(panel.showsRandomInit());
        QVERIFY(panel.randomInitButton()->isChecked());
        QVERIFY(!panel.isComputing()); // kept, not recomputed
        QVERIFY(panel.map()->isAnimating()); // the same images move to their random-init places
        QVERIFY(panel.map()->targetPoints() != trained);
        QVERIFY(panel.map()->title().contains(QStringLiteral("random init")));
        QVERIFY2(panel.displayedPurity() < 0.7, qPrintable(panel.statusText()));
        QVERIFY(panel.statusText().contains(QStringLiteral("random init")));
        QTRY_VERIFY(!panel.map()->isAnimating());
        keep(&panel, QStringLiteral("panel-map-random"));

        panel.randomInitButton()->click();
        QVERIFY(!panel.showsRandomInit());
        QCOMPARE(panel.map()->targetPoints(), trained);
        QCOMPARE(panel.displayedPurity(), trainedPurity);
    }

    void pcaNeighboursAndProbeDetails()
    {
        InspectPanel panel;
        showPanel(&panel);
        panel.setMapKind(InspectPanel::MapKind::Pca);
        panel.setFeatures(featureSet(150, 500, true));
        QTRY_VERIFY_WITH_TIMEOUT(panel.hasMap(false), kTimeoutMs);
        QVERIFY(panel.map()->title().startsWith(QStringLiteral("PCA")));
        QVERIFY(panel.displayedPurity() > 0.9);
        QTRY_VERIFY(!panel.map()->isAnimating());

        // Random queries: five rows of k = 8 neighbours, all of the query's class for these clusters.
        QCOMPARE(panel.neighbourCount(), 8);
        QCOMPARE(panel.neighbourGrid()->rowCount(), 5);
        for (int r = 0; r < 5; ++r) {
            QCOMPARE(int(panel.neighbourGrid()->row(r).neighbours.size()), 8);
            QCOMPARE(panel.neighbourGrid()->sameClassCount(r), 8);
        }
        // A click on a marker: its neighbours beside the map and on top of the neighbour rows.
        widgets::EmbeddingMap *map = panel.map();
        const QPointF at = map->toWidget(17);
        QVERIFY(map->pointAt(at) >= 0);
        const int clicked = map->pointAt(at);
        QTest::mouseClick(map, Qt::LeftButton, Qt::NoModifier, at.toPoint());
        QCOMPARE(map->selection(), QVector<int>({ clicked }));
        QCOMPARE(panel.neighbourGrid()->row(0).query, clicked);
        QCOMPARE(panel.selectionView()->sampleCount(), 1 + 8);
        QCOMPARE(panel.selectionView()->item(0).mark, widgets::ImageGridView::Mark::Emphasis);
        keep(&panel, QStringLiteral("panel-map-click"));
        panel.setNeighbourCount(4);
        QCOMPARE(int(panel.neighbourGrid()->row(0).neighbours.size()), 4);
        QCOMPARE(panel.selectionView()->sampleCount(), 1 + 4);
        panel.setCurrentTab(InspectPanel::Tab::Neighbours);
        QCOMPARE(panel.exportName(), QStringLiteral("neighbours"));
        QVERIFY(panel.csv().startsWith(QStringLiteral("query_row,")));
        keep(&panel, QStringLiteral("panel-neighbours"));

        engine::ProbeReport report;
        report.step = 500;
        report.classes = 3;
        report.classNames = { "class A", "class B", "class C" };
        report.confusion = { 45, 5, 0, 10, 40, 0, 0, 0, 50 };
        report.accuracy = 135.0 / 150.0;
        panel.setProbeReport(report);
        panel.setCurrentTab(InspectPanel::Tab::Probe);
        QTRY_COMPARE(panel.probeDetails()->classAccuracy().size(), size_t(3));
        QCOMPARE(panel.probeDetails()->classAccuracy()[1], 0.8);
        QVERIFY(panel.whatsThis().contains(QStringLiteral("confusion")));
        QCOMPARE(panel.exportName(), QStringLiteral("probe-details"));
        keep(&panel, QStringLiteral("panel-probe"));
    }

    void newerFeaturesWhileComputingReplaceTheOlder()
    {
        InspectPanel panel;
        showPanel(&panel);
        QSignalSpy ready(&panel, &InspectPanel::mapReady);
        // Enough images that the t-SNE runs for a while (about a second on two cores) after its first progress.
        constexpr int n = 1500;
        panel.setFeatures(featureSet(n, 100, true, false, 3, 1));
        QTRY_VERIFY_WITH_TIMEOUT(panel.isComputing(), kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(panel.statusText().contains(QStringLiteral(" / 750")), kTimeoutMs);
        QCOMPARE(ready.count(), 0);
        // The same images, later features: the running t-SNE is dropped for the newer one.
        panel.setFeatures(featureSet(n, 200, true, false, 3, 2));
        QTRY_VERIFY_WITH_TIMEOUT(panel.hasMap(false) && !panel.isComputing(), kTimeoutMs);
        QCOMPARE(ready.count(), 1);
        QCOMPARE(panel.displayedStep(), int64_t(200));
        QVERIFY(panel.map()->title().contains(QStringLiteral("step 200")));
        QTRY_VERIFY(!panel.map()->isAnimating());

        // Another evaluation of the same images: the t-SNE starts from this map and the markers move there.
        const std::vector<float> before = panel.map()->targetPoints();
        panel.setFeatures(featureSet(n, 300, true, false, 3, 3));
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 2, kTimeoutMs);
        QCOMPARE(panel.displayedStep(), int64_t(300));
        QVERIFY(panel.map()->isAnimating());
        QVERIFY(panel.map()->targetPoints() != before);
    }

    void mapsWaitWhileThePanelIsHidden()
    {
        InspectPanel panel;
        panel.setFeatures(featureSet(60, 100, true));
        QTest::qWait(50);
        QVERIFY(!panel.isComputing());
        QVERIFY(!panel.hasMap(false));
        QVERIFY(panel.statusText().contains(QStringLiteral("when the panel is shown")));
        showPanel(&panel);
        QTRY_VERIFY_WITH_TIMEOUT(panel.hasMap(false), kTimeoutMs);
    }

    void destroyingThePanelMidComputationIsSafe()
    {
        auto *panel = new InspectPanel;
        showPanel(panel);
        panel->setFeatures(featureSet(1500, 100, true));
        // Inside the t-SNE iterations, the part that checks the cancel flag.
        QTRY_VERIFY_WITH_TIMEOUT(panel->statusText().contains(QStringLiteral(" / 750")), kTimeoutMs);
        QVERIFY(panel->isComputing());
        QElapsedTimer timer;
        timer.start();
        delete panel;
        QVERIFY2(timer.elapsed() < 10000, qPrintable(QString::number(timer.elapsed())));
        // Nothing is posted to the deleted panel afterwards.
        QTest::qWait(200);

        // And a panel cleared mid-computation drops the job.
        InspectPanel other;
        showPanel(&other);
        other.setFeatures(featureSet(300, 100, true));
        QTRY_VERIFY_WITH_TIMEOUT(other.isComputing(), kTimeoutMs);
        other.clear();
        QVERIFY(!other.isComputing());
        QTest::qWait(300);
        QVERIFY(!other.hasMap(false));
        QCOMPARE(other.map()->pointCount(), 0);
    }
};

QTEST_MAIN(TestInspectPanel)
#include "tst_inspectpanel.moc"
