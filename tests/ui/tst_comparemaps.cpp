// The run comparison's Maps tab: two trained runs get a map each of their 16 test images with a measured neighbour
// purity, a folder without a checkpoint says so in place of its map, nothing is read before the maps are shown,
// switching to PCA recomputes, the CSV holds every map's points, runs of different datasets are named, and the
// widget can be destroyed while a checkpoint is read or a map computed.
// Set PRETEXT_SCREENSHOTS=<dir> to keep a picture of the Maps tab there (comparemaps.png).
#include "tests/support.h"
#include "ui/comparemaps.h"
#include "ui/runcompare.h"

#include "widgets/embeddingmap.h"
#include "widgets/plotstyle.h"

#include "engine/io/json.h"
#include "engine/io/runfolder.h"
#include "engine/train/runconfig.h"
#include "engine/train/trainer.h"

#include <QLabel>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <set>

using namespace pretext;
using pretext::ui::CompareMaps;
using pretext::ui::RunCompare;

namespace {

constexpr int kTimeoutMs = 60000;
constexpr int kTestImages = 16; // the test split of shapes:80 with tinyRunConfig

void train(const QString &dir, const std::string &method)
{
    engine::Trainer trainer(tests::tinyRunConfig(method), dir.toStdString());
    QCOMPARE(int(trainer.run()), int(engine::TrainOutcome::Finished));
}

// A run folder whose config is there but whose training never wrote a checkpoint.
void writeConfigOnly(const QString &dir, const std::string &dataset)
{
    engine::RunConfig config = tests::tinyRunConfig("simclr");
    config.dataset = dataset;
    engine::makeDirs(dir.toStdString());
    std::ofstream out(engine::joinPath(dir.toStdString(), engine::runfolder::kConfig), std::ios::binary);
    out << engine::json::dump(engine::toJson(config), 2);
}

QStringList csvRows(const QString &csv)
{
    return csv.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

// The test indices of one run's rows ("label,index,…").
std::set<QString> testIndices(const QStringList &rows, const QString &label)
{
    std::set<QString> indices;
    for (const QString &row : rows)
        if (row.startsWith(label + QLatin1Char(','))) indices.insert(row.section(QLatin1Char(','), 1, 1));
    return indices;
}

void keep(QWidget *w, const QString &name)
{
    const QString dir = qEnvironmentVariable("PRETEXT_SCREENSHOTS");
    if (!dir.isEmpty()) QVERIFY(w->grab().save(QDir(dir).filePath(name + QStringLiteral(".png"))));
}

} // namespace

class TestCompareMaps : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_simclr, m_byol, m_missing, m_otherData;

    QList<CompareMaps::Run> threeRuns() const
    {
        return { { m_simclr, QStringLiteral("simclr"), widgets::PlotStyle::blue(), QStringLiteral("shapes:80") },
            { m_byol, QStringLiteral("byol"), widgets::PlotStyle::vermillion(), QStringLiteral("shapes:80") },
            { m_missing, QStringLiteral("no checkpoint"), widgets::PlotStyle::bluishGreen(),
                QStringLiteral("shapes:80") } };
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_simclr = m_tmp.filePath(QStringLiteral("simclr"));
        m_byol = m_tmp.filePath(QStringLiteral("byol"));
        m_missing = m_tmp.filePath(QStringLiteral("missing"));
        m_otherData = m_tmp.filePath(QStringLiteral("other-data"));
        train(m_simclr, "simclr");
        train(m_byol, "byol");
        writeConfigOnly(m_missing, "shapes:80");
        writeConfigOnly(m_otherData, "shapes:96");
    }

    void mapsSideBySideAndAnError()
    {
        CompareMaps maps;
        maps.resize(1100, 520);
        maps.setRuns(threeRuns());
        QCOMPARE(maps.runCount(), 3);
        QCOMPARE(maps.mapKind(), CompareMaps::MapKind::Tsne);
        QCOMPARE(maps.exportName(), QStringLiteral("compare-maps"));
        // Nothing is read before the maps are looked at.
        QTest::qWait(300);
        QVERIFY(!maps.isComputing());
        QCOMPARE(maps.map(0)->pointCount(), 0);
        QVERIFY2(maps.statusText().contains(QStringLiteral("when this tab is shown")), qPrintable(maps.statusText()));

        QSignalSpy ready(&maps, &CompareMaps::mapsReady);
        maps.show();
        QVERIFY(QTest::qWaitForWindowExposed(&maps));
        QVERIFY(maps.isComputing());
        QTRY_VERIFY_WITH_TIMEOUT(ready.count() > 0, kTimeoutMs);
        QVERIFY(!maps.isComputing());

        // Two maps of the same 16 test images, each with its purity in its title.
        for (int i : { 0, 1 }) {
            QVERIFY2(maps.hasMap(i), qPrintable(maps.errorText(i)));
            QCOMPARE(maps.map(i)->pointCount(), kTestImages);
            QVERIFY(maps.map(i)->isVisible());
            QVERIFY(maps.purity(i) > 0 && maps.purity(i) <= 1);
            QVERIFY2(maps.map(i)->title().startsWith(threeRuns()[i].label + QStringLiteral(" · purity ")),
                qPrintable(maps.map(i)->title()));
            QVERIFY(maps.map(i)->title().contains(QStringLiteral("t-SNE")));
            QVERIFY(maps.errorText(i).isEmpty());
        }
        QVERIFY(maps.map(0)->targetPoints() != maps.map(1)->targetPoints()); // two encoders, two maps

        // The folder without a checkpoint: its error in place of its map, naming the missing file.
        QVERIFY(!maps.hasMap(2));
        QCOMPARE(maps.map(2)->pointCount(), 0);
        QVERIFY(!maps.map(2)->isVisible());
        const QString error = maps.errorText(2);
        QVERIFY2(error.contains(QStringLiteral("checkpoint")) && error.contains(QStringLiteral("latest.pt")),
            qPrintable(error));
        auto *message = maps.findChild<QLabel *>(QStringLiteral("compareMapError2"));
        QVERIFY(message);
        QVERIFY(message->isVisible());
        QVERIFY2(message->text().contains(QStringLiteral("latest.pt")), qPrintable(message->text()));
        QVERIFY(message->text().contains(QStringLiteral("no checkpoint")));
        QTRY_VERIFY(!maps.map(1)->isAnimating());
        keep(&maps, QStringLiteral("comparemaps-three"));

        QVERIFY2(
            maps.imagesNote().contains(QStringLiteral("16")) && maps.imagesNote().contains(QStringLiteral("shapes:80")),
            qPrintable(maps.imagesNote()));
        QVERIFY2(maps.statusText().contains(QStringLiteral("best separated")), qPrintable(maps.statusText()));
        QVERIFY2(
            maps.statusText().contains(QStringLiteral("1 run could not be mapped")), qPrintable(maps.statusText()));

        // The CSV: both maps' points, of the same test images.
        const QStringList rows = csvRows(maps.csv());
        QCOMPARE(rows.front(), QStringLiteral("run,test_index,label,class,x,y"));
        QCOMPARE(rows.size(), 1 + 2 * kTestImages);
        QCOMPARE(rows.filter(QRegularExpression(QStringLiteral("^simclr,"))).size(), kTestImages);
        QCOMPARE(rows.filter(QRegularExpression(QStringLiteral("^byol,"))).size(), kTestImages);
        QCOMPARE(testIndices(rows, QStringLiteral("simclr")).size(), size_t(kTestImages));
        QVERIFY(testIndices(rows, QStringLiteral("simclr")) == testIndices(rows, QStringLiteral("byol")));
        QCOMPARE(rows[1].split(QLatin1Char(',')).size(), 6);

        // PCA: every map is recomputed, without reading the checkpoints again.
        const std::vector<float> tsne = maps.map(0)->targetPoints();
        ready.clear();
        maps.setMapKind(CompareMaps::MapKind::Pca);
        QVERIFY(!maps.hasMap(0));
        QVERIFY(!maps.findChild<QSpinBox *>(QStringLiteral("comparePerplexity"))->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(ready.count() > 0, kTimeoutMs);
        for (int i : { 0, 1 }) {
            QVERIFY(maps.hasMap(i));
            QCOMPARE(maps.map(i)->pointCount(), kTestImages);
            QVERIFY2(maps.map(i)->title().contains(QStringLiteral("PCA")), qPrintable(maps.map(i)->title()));
        }
        QVERIFY(maps.map(0)->targetPoints() != tsne);
        QVERIFY(!maps.errorText(2).isEmpty());
        QCOMPARE(csvRows(maps.csv()).size(), 1 + 2 * kTestImages);
    }

    void runCompareMapsOnceItsTabIsShown()
    {
        RunCompare compare;
        compare.setRunDirs({ m_simclr, m_byol });
        CompareMaps *maps = compare.maps();
        QVERIFY(maps);
        QCOMPARE(compare.tabs()->count(), 3);
        QCOMPARE(compare.tabs()->indexOf(maps), 2);
        QCOMPARE(compare.tabs()->tabText(2), QStringLiteral("&Maps"));
        compare.show();
        QVERIFY(QTest::qWaitForWindowExposed(&compare));
        // Opened for its curves, the comparison computes no map.
        QTest::qWait(300);
        QVERIFY(!maps->isComputing());
        QCOMPARE(maps->map(0)->pointCount(), 0);

        QSignalSpy ready(maps, &CompareMaps::mapsReady);
        compare.tabs()->setCurrentWidget(maps);
        QTRY_VERIFY_WITH_TIMEOUT(ready.count() > 0, kTimeoutMs);
        for (int i : { 0, 1 }) {
            QCOMPARE(maps->map(i)->pointCount(), kTestImages);
            // The same name as in the curves' legend.
            QVERIFY2(maps->map(i)->title().startsWith(compare.labels()[i] + QStringLiteral(" · ")),
                qPrintable(maps->map(i)->title()));
        }
        // The comparison's export offers the maps while their tab is shown.
        QCOMPARE(compare.exportName(), QStringLiteral("compare-maps"));
        QCOMPARE(compare.csv(), maps->csv());
        QCOMPARE(compare.exportWidget(), maps->exportWidget());
        QVERIFY(compare.exportWidget()->isAncestorOf(maps->map(0)));
        QVERIFY(!compare.exportWidget()->grab().isNull());
        QTRY_VERIFY(!maps->map(1)->isAnimating());
        keep(&compare, QStringLiteral("comparemaps"));
    }

    void differentDatasetsAreNamed()
    {
        CompareMaps maps;
        maps.setRuns({ { m_simclr, QStringLiteral("simclr"), widgets::PlotStyle::blue(), QStringLiteral("shapes:80") },
            { m_otherData, QStringLiteral("other"), widgets::PlotStyle::orange(), QStringLiteral("shapes:96") } });
        QVERIFY2(maps.imagesNote().startsWith(QStringLiteral("Different datasets")), qPrintable(maps.imagesNote()));
        QVERIFY2(maps.statusText().contains(QStringLiteral("different datasets (shapes:80, shapes:96)")),
            qPrintable(maps.statusText()));
        maps.setRuns(
            { { m_simclr, QStringLiteral("simclr"), widgets::PlotStyle::blue(), QStringLiteral("shapes:80") } });
        QVERIFY2(maps.imagesNote().startsWith(QStringLiteral("Same test images")), qPrintable(maps.imagesNote()));
        QVERIFY(!maps.statusText().contains(QStringLiteral("different datasets")));
    }

    void destroyingMidComputationIsSafe_data()
    {
        QTest::addColumn<int>("stage");
        QTest::newRow("reading the first checkpoint") << 0;
        QTest::newRow("reading the second checkpoint") << 1;
        QTest::newRow("a t-SNE just started") << 2;
    }
    void destroyingMidComputationIsSafe()
    {
        QFETCH(int, stage);
        auto *maps = new CompareMaps;
        maps->setRuns(threeRuns());
        maps->show();
        QVERIFY(QTest::qWaitForWindowExposed(maps));
        if (stage >= 1) QTRY_VERIFY_WITH_TIMEOUT(maps->map(0)->pointCount() > 0, kTimeoutMs);
        if (stage == 2) {
            QTRY_VERIFY_WITH_TIMEOUT(!maps->isComputing(), kTimeoutMs);
            maps->setMapKind(CompareMaps::MapKind::Pca);
            QTRY_VERIFY_WITH_TIMEOUT(!maps->isComputing() && maps->hasMap(1), kTimeoutMs);
            maps->setMapKind(CompareMaps::MapKind::Tsne); // starts a worker thread at once
        }
        QVERIFY(maps->isComputing());
        delete maps; // cancels and waits; what the threads post afterwards goes nowhere
        QTest::qWait(100);
    }
};

QTEST_MAIN(TestCompareMaps)
#include "tst_comparemaps.moc"
