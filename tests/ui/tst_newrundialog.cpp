// The new-run dialog as a teacher uses it: bad values typed into the widgets are refused inline with the engine's
// own message and Start stays disabled; configs round-trip through the widgets and through JSON files; the live
// augmentation preview follows the edits. Also the torch-free AugmentPreviewer behind the preview.
#include "engine/augment/augmentpreview.h"
#include "engine/core/errors.h"
#include "engine/data/dataset.h"
#include "engine/io/json.h"
#include "engine/train/runconfig.h"
#include "ui/newrundialog.h"
#include "widgets/augmentationview.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFile>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSet>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTextDocument>
#include <QtTest>

#include <algorithm>

using namespace pretext;
using ui::NewRunDialog;

namespace {

// A config that is valid without any data files: the procedural shapes set, a batch that fits 64 images.
engine::RunConfig validBase()
{
    engine::RunConfig c;
    c.dataset = "shapes:64";
    c.batchSize = 32;
    return c;
}

// Every field away from its default, including values the spin boxes cannot show exactly (1/0.7, 1.5e-5).
engine::RunConfig customConfig()
{
    engine::RunConfig c;
    c.backbone = "resnet18";
    c.dataset = "shapes:200";
    c.trainLimit = 150;
    c.testLimit = 30;
    c.epochs = 7;
    c.stepsPerEpoch = 11;
    c.batchSize = 48;
    c.optimizer = "lars";
    c.lr = 1.5e-5;
    c.weightDecay = 3e-7;
    c.momentum = 0.85;
    c.schedule = "cosine";
    c.warmupSteps = 25;
    engine::setSettingValue(c, "temperature", 0.07);
    engine::setSettingValue(c, "projection_dim", 64);
    engine::setSettingValue(c, "projection_hidden", 512);
    c.onlineProbe = false;
    c.evalEachEpoch = false;
    c.probeEpochs = 5;
    c.knnK = 15;
    c.knnTemperature = 0.07;
    c.evalTrainLimit = 500;
    c.seed = 12345678901ULL;
    c.threads = 2;
    c.precision = "bf16";
    c.checkpointEvery = 77;
    c.previewsPerSecond = 2.5;
    c.previewSamples = 12;
    engine::AugmentConfig &a = c.augment;
    a.outputSize = 24;
    a.crop = false;
    a.cropProb = 0.9;
    a.cropScaleMin = 0.3;
    a.cropScaleMax = 0.95;
    a.cropRatioMin = 0.7;
    a.cropRatioMax = 1 / 0.7;
    a.flipProb = 0.25;
    a.jitter = false;
    a.jitterProb = 0.6;
    a.brightness = 0.3;
    a.contrast = 0.25;
    a.saturation = 0.2;
    a.hue = 0.05;
    a.grayscale = false;
    a.grayscaleProb = 0.1;
    a.blur = false;
    a.blurProb = 0.5;
    a.blurKernel = 5;
    a.blurSigmaMin = 0.2;
    a.blurSigmaMax = 1.5;
    a.solarize = true;
    a.solarizeProb = 0.3;
    a.solarizeThreshold = 0.6;
    a.mean = { 0.5, 0.5, 0.5 };
    a.stddev = { 0.25, 0.25, 0.25 };
    return c;
}

std::string dumpOf(const engine::RunConfig &c)
{
    return engine::json::dump(engine::toJson(c));
}

// Sets a widget, found by its objectName, the way a user would end up setting it.
bool setField(QWidget *root, const QString &name, const QString &value)
{
    QWidget *w = root->findChild<QWidget *>(name);
    if (!w) return false;
    if (auto *s = qobject_cast<QSpinBox *>(w))
        s->setValue(value.toInt());
    else if (auto *d = qobject_cast<QDoubleSpinBox *>(w))
        d->setValue(value.toDouble());
    else if (auto *c = qobject_cast<QComboBox *>(w); c && c->isEditable())
        c->setEditText(value);
    else if (c)
        c->setCurrentText(value);
    else if (auto *l = qobject_cast<QLineEdit *>(w)) {
        // Typed, as a person would: some fields care whether the text came from the user.
        l->selectAll();
        QTest::keyClick(l, Qt::Key_Backspace);
        QTest::keyClicks(l, value);
    } else if (auto *b = qobject_cast<QCheckBox *>(w))
        b->setChecked(value == QLatin1String("true"));
    else if (auto *g = qobject_cast<QGroupBox *>(w))
        g->setChecked(value == QLatin1String("true"));
    else
        return false;
    return true;
}

QString plainText(const QLabel *label)
{
    QTextDocument doc;
    doc.setHtml(label->text());
    return doc.toPlainText();
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(content) == content.size();
}

} // namespace

class TestNewRunDialog : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void previewer();
    void previewerErrors();
    void defaults();
    void badValue_data();
    void badValue();
    void startFollowsValidity();
    void runDir();
    void roundTrip();
    void saveAndLoad();
    void restoreDefaults();
    void datasetTemplatesAndFolders();
    void livePreview();
    void keyboard();
    void screenshot();
};

void TestNewRunDialog::previewer()
{
    engine::AugmentPreviewer pv;
    QVERIFY(!pv.hasDataset());
    QVERIFY(pv.setDataset("shapes:64"));
    QVERIFY2(!pv.setDataset("shapes:64"), "the same spec must not be loaded again");
    QCOMPARE(pv.datasetSpec(), std::string("shapes:64"));
    QCOMPARE(pv.cachedCount(), 64);
    QCOMPARE(pv.channels(), 3);
    QVERIFY(pv.imageHeight() > 0 && pv.imageWidth() == pv.imageHeight());
    QVERIFY(!pv.classNames().empty());
    QCOMPARE(pv.channelMean().size(), size_t(3));

    engine::AugmentConfig cfg;
    const auto a = pv.preview(cfg, 8, 1);
    QCOMPARE(a.originals.count, 8);
    QCOMPARE(a.view1.count, 8);
    QCOMPARE(a.view2.count, 8);
    QCOMPARE(a.records1.size(), size_t(8));
    QCOMPARE(a.labels.size(), size_t(8));
    QCOMPARE(a.view1.pixels.size(), a.originals.pixels.size());
    QVERIFY2(a.view1.pixels != a.view2.pixels, "the two views must differ");
    QCOMPARE(QSet<int>(a.indices.begin(), a.indices.end()).size(), 8); // distinct samples

    const auto again = pv.preview(cfg, 8, 1);
    QVERIFY2(again.view1.pixels == a.view1.pixels && again.view2.pixels == a.view2.pixels, "a seed must reproduce");
    const auto other = pv.preview(cfg, 8, 2);
    QVERIFY(other.indices != a.indices);

    // Output size applies to the views only; the originals keep the dataset's size (crop boxes refer to them).
    cfg.outputSize = 16;
    const auto small = pv.preview(cfg, 3, 1);
    QCOMPARE(small.view1.height, 16);
    QCOMPARE(small.originals.height, pv.imageHeight());
    QCOMPARE(pv.preview(cfg, 1000, 1).view1.count, 64); // clamped to the cache

    // Turning jitter off leaves the picked images alone and un-jitters every view.
    engine::AugmentConfig noJitter;
    noJitter.jitter = false;
    const auto plain = pv.preview(noJitter, 8, 1);
    QVERIFY(plain.indices == a.indices);
    QVERIFY(std::none_of(plain.records1.begin(), plain.records1.end(), [](const auto &r) { return r.jittered; }));

    // Fast enough to run after every edit: the best of a few runs, so that a busy machine does not fail it.
    qint64 best = 1 << 30;
    for (int i = 0; i < 5; ++i) {
        QElapsedTimer t;
        t.start();
        (void)pv.preview(engine::AugmentConfig(), 8, uint64_t(i));
        best = std::min(best, t.elapsed());
    }
    qInfo("preview of 8 samples: %lld ms", best);
    QVERIFY2(best < 50, qPrintable(QStringLiteral("preview took %1 ms").arg(best)));

    engine::AugmentConfig bad;
    bad.blurKernel = 4;
    QVERIFY_THROWS_EXCEPTION(engine::ConfigError, pv.preview(bad, 8, 1));
}

void TestNewRunDialog::previewerErrors()
{
    engine::AugmentPreviewer pv;
    QVERIFY(pv.setDataset("shapes:10"));
    try {
        pv.setDataset("cifar10:/nonexistent");
        QFAIL("a missing folder must throw");
    } catch (const engine::DataError &e) {
        QVERIFY2(QString::fromStdString(e.what()).contains(QLatin1String("/nonexistent")), e.what());
    } catch (const engine::ConfigError &e) {
        QVERIFY2(QString::fromStdString(e.what()).contains(QLatin1String("/nonexistent")), e.what());
    }
    QVERIFY2(!pv.hasDataset(), "a failed load must not leave the previous dataset looking current");
    try {
        pv.setDataset("nonsense");
        QFAIL("an unknown kind must throw");
    } catch (const engine::ConfigError &e) {
        QVERIFY2(QString::fromStdString(e.what()).contains(QLatin1String("accepted forms")), e.what());
    }
    QVERIFY_THROWS_EXCEPTION(engine::ConfigError, pv.preview(engine::AugmentConfig(), 8, 1));

    if (QFileInfo::exists(QString::fromLatin1(engine::kFashionMnistDir))) {
        QElapsedTimer t;
        t.start();
        QVERIFY(pv.setDataset("fashion-mnist"));
        qInfo("fashion-mnist preview cache loaded in %lld ms", t.elapsed());
        QCOMPARE(pv.channels(), 1);
        QCOMPARE(pv.imageHeight(), 28);
        QCOMPARE(pv.classNames().size(), size_t(10));
    }
}

void TestNewRunDialog::defaults()
{
    NewRunDialog dlg;
    QCOMPARE(dumpOf(dlg.config()), dumpOf(engine::RunConfig()));
    if (QFileInfo::exists(QString::fromLatin1(engine::kFashionMnistDir)))
        QVERIFY2(dlg.isValid(), qPrintable(dlg.validationError()));
    QVERIFY(dlg.runDir().startsWith(QDir::home().filePath(QStringLiteral("PretextRuns/simclr-fashion-mnist-"))));
}

void TestNewRunDialog::badValue_data()
{
    QTest::addColumn<QStringList>("edits"); // objectName=value, applied in order
    QTest::addColumn<QString>("message"); // must appear in validationError() and in the inline label
    QTest::addColumn<QString>("field"); // the widget that must be highlighted

    QTest::newRow("batch size 1") << QStringList { "batchSize=1" }
                                  << "batch_size = 1 is out of range; expected 2 to 8192"
                                  << "batchSize";
    QTest::newRow("crop scale min above max")
        << QStringList { "cropScaleMax=0.5", "cropScaleMin=0.8" }
        << "augment.crop_scale_min = 0.8 is out of range; expected at most augment.crop_scale_max (0.5)"
        << "cropScaleMin";
    QTest::newRow("crop ratio min above max")
        << QStringList { "cropRatioMin=2", "cropRatioMax=1.5" } << "augment.crop_ratio_min = 2 is out of range"
        << "cropRatioMin";
    QTest::newRow("crop scale zero") << QStringList { "cropScaleMin=0" }
                                     << "augment.crop_scale_min = 0 is out of range; expected greater than 0"
                                     << "cropScaleMin";
    QTest::newRow("blur kernel even") << QStringList { "blurKernel=4" }
                                      << "augment.blur_kernel = 4 is out of range; expected an odd number from 1 to 31"
                                      << "blurKernel";
    QTest::newRow("blur sigma zero") << QStringList { "blurSigmaMin=0" }
                                     << "augment.blur_sigma_min = 0 is out of range; expected greater than 0"
                                     << "blurSigmaMin";
    QTest::newRow("output size 4") << QStringList { "outputSize=4" }
                                   << "augment.output_size = 4 is out of range; expected 0 (the dataset's image size) "
                                      "or 8 to 512"
                                   << "outputSize";
    QTest::newRow("temperature 0") << QStringList { "temperature=0" }
                                   << "temperature = 0 is out of range; expected 0.01 to 10"
                                   << "temperature";
    QTest::newRow("lr 0") << QStringList { "lr=0" } << "lr = 0 is out of range; expected more than 0, at most 10"
                          << "lr";
    QTest::newRow("kNN temperature 0") << QStringList { "knnTemperature=0" }
                                       << "knn_temperature = 0 is out of range; expected 0.001 to 10"
                                       << "knnTemperature";
    QTest::newRow("dataset folder missing") << QStringList { "dataset=cifar10:/nonexistent" } << "/nonexistent"
                                            << "dataset";
    QTest::newRow("dataset kind unknown") << QStringList { "dataset=nonsense" }
                                          << "dataset spec 'nonsense': unknown dataset kind 'nonsense'; accepted forms:"
                                          << "dataset";
    QTest::newRow("dataset folder not given") << QStringList { "dataset=cifar10:" } << "needs a directory: cifar10:DIR"
                                              << "dataset";
    QTest::newRow("dataset shapes count 0") << QStringList { "dataset=shapes:0" } << "N must be a whole number"
                                            << "dataset";
    QTest::newRow("dataset empty") << QStringList { "dataset=" } << "dataset is empty"
                                   << "dataset";
    QTest::newRow("batch above train limit")
        << QStringList { "trainLimit=16" } << "batch_size = 32 is larger than the training set (16 images"
        << "batchSize";
    QTest::newRow("batch above shapes:N")
        << QStringList { "dataset=shapes:20" } << "batch_size = 32 is larger than the training set (20 images"
        << "batchSize";
    QTest::newRow("seed empty") << QStringList { "seed=" } << "seed = \"\" is not accepted"
                                << "seed";
    QTest::newRow("run folder empty") << QStringList { "runDir=" } << "the run folder is empty"
                                      << "runDir";
}

void TestNewRunDialog::badValue()
{
    QFETCH(QStringList, edits);
    QFETCH(QString, message);
    QFETCH(QString, field);

    NewRunDialog dlg;
    dlg.setConfig(validBase());
    dlg.show();
    auto *start = dlg.findChild<QPushButton *>(QStringLiteral("startButton"));
    auto *label = dlg.findChild<QLabel *>(QStringLiteral("errorLabel"));
    QVERIFY(start && label);
    QVERIFY2(dlg.isValid(), qPrintable(dlg.validationError()));
    QVERIFY(start->isEnabled());

    for (const QString &edit : edits)
        QVERIFY2(
            setField(&dlg, edit.section(QLatin1Char('='), 0, 0), edit.section(QLatin1Char('='), 1)), qPrintable(edit));
    // Dataset specs are checked after a typing pause; everything else at once.
    QTRY_VERIFY2(dlg.validationError().contains(message), qPrintable(dlg.validationError()));
    QVERIFY(!dlg.isValid());
    QVERIFY(!start->isEnabled());
    QVERIFY2(plainText(label).contains(message), qPrintable(plainText(label)));
    QWidget *w = dlg.findChild<QWidget *>(field);
    QVERIFY(w);
    QVERIFY2(w->property("invalid").toBool(), "the offending widget must be highlighted");
    // The message leads with the field's label, so a teacher knows where to look.
    QVERIFY(!dlg.validationError().startsWith(message));

    // Enter does not start an invalid run.
    QTest::keyClick(&dlg, Qt::Key_Return);
    QVERIFY(dlg.isVisible());
    QCOMPARE(dlg.result(), int(QDialog::Rejected));
}

void TestNewRunDialog::startFollowsValidity()
{
    NewRunDialog dlg;
    dlg.setConfig(validBase());
    dlg.show();
    auto *start = dlg.findChild<QPushButton *>(QStringLiteral("startButton"));
    auto *batch = dlg.findChild<QSpinBox *>(QStringLiteral("batchSize"));
    auto *dataset = dlg.findChild<QComboBox *>(QStringLiteral("dataset"));
    QVERIFY(start && batch && dataset);
    QVERIFY(start->isEnabled());

    batch->setValue(1);
    QVERIFY(!start->isEnabled());
    QVERIFY(batch->property("invalid").toBool());
    batch->setValue(16);
    QVERIFY(start->isEnabled());
    QVERIFY(!batch->property("invalid").toBool());
    QVERIFY(dlg.validationError().isEmpty());

    // Typing a spec: one load after the pause, not one per keystroke, and the result decides Start.
    dataset->lineEdit()->selectAll();
    QTest::keyClicks(dataset->lineEdit(), QStringLiteral("cifar10:/nonexistent"));
    QTRY_VERIFY(!start->isEnabled());
    QVERIFY(dlg.validationError().contains(QLatin1String("/nonexistent")));
    dataset->lineEdit()->selectAll();
    QTest::keyClicks(dataset->lineEdit(), QStringLiteral("shapes:64"));
    QTRY_VERIFY(start->isEnabled());

    // Start right after typing a bad spec (before the pause ends) must still be refused.
    dataset->setEditText(QStringLiteral("nonsense"));
    dlg.accept();
    QVERIFY(dlg.isVisible());
    QVERIFY(dlg.validationError().contains(QLatin1String("accepted forms")));
    dataset->setEditText(QStringLiteral("shapes:64"));
    dlg.accept();
    QCOMPARE(dlg.result(), int(QDialog::Accepted));
}

void TestNewRunDialog::runDir()
{
    NewRunDialog dlg;
    dlg.setConfig(validBase());
    QVERIFY(dlg.runDir().startsWith(QDir::home().filePath(QStringLiteral("PretextRuns/simclr-shapes64-"))));
    // The default follows the dataset until the teacher picks a folder.
    setField(&dlg, QStringLiteral("dataset"), QStringLiteral("cifar10:/data/cifar-10-batches-bin"));
    QVERIFY(dlg.runDir().contains(QLatin1String("simclr-cifar10-cifar-10-batches-bin-")));

    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    dlg.setRunDir(tmp.filePath(QStringLiteral("mine")));
    setField(&dlg, QStringLiteral("dataset"), QStringLiteral("shapes:64"));
    QCOMPARE(dlg.runDir(), tmp.filePath(QStringLiteral("mine")));
    QTRY_VERIFY2(dlg.isValid(), qPrintable(dlg.validationError()));

    // A folder that already holds a run is refused, as the trainer would refuse it.
    QVERIFY(writeFile(tmp.filePath(QStringLiteral("config.json")), "{}"));
    dlg.setRunDir(tmp.path());
    QVERIFY(dlg.validationError().contains(QLatin1String("already holds a run")));
    QVERIFY(dlg.findChild<QWidget *>(QStringLiteral("runDir"))->property("invalid").toBool());

    dlg.setRunDir(QString());
    QVERIFY(dlg.runDir().contains(QLatin1String("simclr-shapes64-")));
    QVERIFY(dlg.isValid());
}

void TestNewRunDialog::roundTrip()
{
    for (const engine::RunConfig &c : { engine::RunConfig(), customConfig(), validBase() }) {
        NewRunDialog dlg;
        dlg.setConfig(c);
        QCOMPARE(dumpOf(dlg.config()), dumpOf(c));
    }

    // Editing one widget changes exactly that field.
    NewRunDialog dlg;
    dlg.setConfig(customConfig());
    setField(&dlg, QStringLiteral("batchSize"), QStringLiteral("64"));
    setField(&dlg, QStringLiteral("jitterProb"), QStringLiteral("0.35"));
    setField(&dlg, QStringLiteral("lr"), QStringLiteral("0.002"));
    setField(&dlg, QStringLiteral("seed"), QStringLiteral("99"));
    engine::RunConfig expected = customConfig();
    expected.batchSize = 64;
    expected.augment.jitterProb = 0.35;
    expected.lr = 0.002;
    expected.seed = 99;
    QCOMPARE(dumpOf(dlg.config()), dumpOf(expected));

    // The learning rate takes scientific notation and steps along 1-2-5 through the decades.
    auto *lr = dlg.findChild<QDoubleSpinBox *>(QStringLiteral("lr"));
    QVERIFY(lr);
    lr->selectAll();
    QTest::keyClicks(lr, QStringLiteral("5e-4"));
    QCOMPARE(dlg.config().lr, 5e-4);
    lr->stepBy(1);
    QCOMPARE(dlg.config().lr, 1e-3);
    lr->stepBy(-2);
    QCOMPARE(dlg.config().lr, 2e-4);
}

void TestNewRunDialog::saveAndLoad()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString path = tmp.filePath(QStringLiteral("run.json"));

    NewRunDialog a;
    a.setConfig(customConfig());
    QString error;
    QVERIFY2(a.saveConfig(path, &error), qPrintable(error));
    // The file is what pretext-cli reads.
    QCOMPARE(dumpOf(engine::loadRunConfig(path.toStdString())), dumpOf(customConfig()));

    NewRunDialog b;
    b.setConfig(validBase());
    QVERIFY2(b.loadConfig(path, &error), qPrintable(error));
    QCOMPARE(dumpOf(b.config()), dumpOf(customConfig()));

    // A bad file is refused with the loader's message (file and field) and leaves the dialog as it was.
    const QString badPath = tmp.filePath(QStringLiteral("bad.json"));
    QVERIFY(writeFile(badPath, "{\"batch_size\": 1}"));
    QVERIFY(!b.loadConfig(badPath, &error));
    QVERIFY2(error.contains(badPath) && error.contains(QLatin1String("batch_size")), qPrintable(error));
    QCOMPARE(dumpOf(b.config()), dumpOf(customConfig()));
    QVERIFY(writeFile(badPath, "{\"batch_size\": 32,"));
    QVERIFY(!b.loadConfig(badPath, &error));
    QVERIFY2(error.contains(badPath), qPrintable(error));
    QVERIFY(!b.loadConfig(tmp.filePath(QStringLiteral("missing.json")), &error));
    QVERIFY2(error.contains(QLatin1String("missing.json")), qPrintable(error));

    // An invalid config is not saved: loading it back would fail.
    setField(&b, QStringLiteral("batchSize"), QStringLiteral("1"));
    const QString refused = tmp.filePath(QStringLiteral("refused.json"));
    QVERIFY(!b.saveConfig(refused, &error));
    QVERIFY2(error.contains(QLatin1String("batch_size")), qPrintable(error));
    QVERIFY(!QFileInfo::exists(refused));
}

void TestNewRunDialog::restoreDefaults()
{
    NewRunDialog dlg;
    dlg.setConfig(customConfig());
    dlg.setRunDir(QStringLiteral("/tmp/somewhere"));
    auto *button = dlg.findChild<QPushButton *>(QStringLiteral("defaultsButton"));
    QVERIFY(button);
    button->click();
    QCOMPARE(dumpOf(dlg.config()), dumpOf(engine::RunConfig()));
    QVERIFY(dlg.runDir().contains(QLatin1String("PretextRuns/simclr-fashion-mnist-")));
}

void TestNewRunDialog::datasetTemplatesAndFolders()
{
    NewRunDialog dlg;
    dlg.setConfig(validBase());
    auto *dataset = dlg.findChild<QComboBox *>(QStringLiteral("dataset"));
    auto *kind = dlg.findChild<QComboBox *>(QStringLiteral("datasetKind"));
    QVERIFY(dataset && kind);
    for (const char *form : { "fashion-mnist", "shapes", "shapes:2000", "mnist:DIR", "cifar10:DIR", "cifar100:DIR",
             "stl10:DIR", "folder:DIR" })
        QVERIFY2(dataset->findText(QLatin1String(form)) >= 0, form);
    // Picking a form that needs a folder leaves "kind:" to be completed, and Browse… will use that kind.
    const int cifar = dataset->findText(QStringLiteral("cifar10:DIR"));
    dataset->setCurrentIndex(cifar);
    Q_EMIT dataset->activated(cifar);
    QCOMPARE(dataset->currentText(), QStringLiteral("cifar10:"));
    QCOMPARE(kind->currentData().toString(), QStringLiteral("cifar10"));

    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QDir root(tmp.path());
    auto make = [&](const QString &dir, const QStringList &files) {
        QVERIFY(root.mkpath(dir));
        for (const QString &f : files)
            QVERIFY(writeFile(root.filePath(dir + QLatin1Char('/') + f), "x"));
    };
    make(QStringLiteral("c10"), { QStringLiteral("data_batch_1.bin"), QStringLiteral("test_batch.bin") });
    make(QStringLiteral("c100"), { QStringLiteral("train.bin"), QStringLiteral("test.bin") });
    make(QStringLiteral("stl"), { QStringLiteral("train_X.bin"), QStringLiteral("train_y.bin") });
    make(QStringLiteral("fashion-data"), { QStringLiteral("train-images-idx3-ubyte.gz") });
    make(QStringLiteral("digits"), { QStringLiteral("train-images-idx3-ubyte") });
    make(QStringLiteral("pics/cat"), { QStringLiteral("a.png") });
    make(QStringLiteral("download/cifar-10-batches-bin"), { QStringLiteral("data_batch_1.bin") });
    const QString p = root.path() + QLatin1Char('/');
    QCOMPARE(NewRunDialog::specForFolder(p + "c10"), "cifar10:" + p + "c10");
    QCOMPARE(NewRunDialog::specForFolder(p + "c100"), "cifar100:" + p + "c100");
    QCOMPARE(NewRunDialog::specForFolder(p + "stl"), "stl10:" + p + "stl");
    QCOMPARE(NewRunDialog::specForFolder(p + "fashion-data"), "fashion-mnist:" + p + "fashion-data");
    QCOMPARE(NewRunDialog::specForFolder(p + "digits/"), "mnist:" + p + "digits");
    QCOMPARE(NewRunDialog::specForFolder(p + "pics"), "folder:" + p + "pics");
    QCOMPARE(NewRunDialog::specForFolder(p + "download"), "cifar10:" + p + "download/cifar-10-batches-bin");
    QCOMPARE(NewRunDialog::specForFolder(p + "pics", QStringLiteral("stl10")), "stl10:" + p + "pics");
}

void TestNewRunDialog::livePreview()
{
    engine::RunConfig c = validBase();
    c.augment.jitterProb = 1.0; // every view jittered, so switching jitter off changes every view
    NewRunDialog dlg;
    dlg.setConfig(c);
    dlg.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dlg));
    auto *view = dlg.findChild<widgets::AugmentationView *>(QStringLiteral("previewView"));
    auto *jitter = dlg.findChild<QGroupBox *>(QStringLiteral("jitter"));
    auto *newSamples = dlg.findChild<QPushButton *>(QStringLiteral("newSamples"));
    QVERIFY(view && jitter && newSamples);
    QTRY_VERIFY(dlg.previewUpdates() > 0);
    QCOMPARE(view->sampleCount(), 8);
    QCOMPARE(dlg.lastPreview().view1.count, 8);
    const auto &records = dlg.lastPreview().records1;
    QVERIFY(std::all_of(records.begin(), records.end(), [](const auto &r) { return r.jittered; }));

    const std::vector<uint8_t> before = dlg.lastPreview().view1.pixels;
    const std::vector<int> indices = dlg.lastPreview().indices;
    const QImage shotBefore = view->grab().toImage();
    const int updates = dlg.previewUpdates();
    jitter->setChecked(false);
    QCOMPARE(dlg.previewUpdates(), updates); // debounced: not redrawn inside the edit itself
    QTRY_VERIFY(dlg.previewUpdates() > updates);
    QVERIFY(dlg.lastPreview().view1.pixels != before);
    QVERIFY2(dlg.lastPreview().indices == indices, "editing the augmentations keeps the same sample images");
    const auto &plain = dlg.lastPreview().records1;
    QVERIFY(std::none_of(plain.begin(), plain.end(), [](const auto &r) { return r.jittered; }));
    QVERIFY(view->grab().toImage() != shotBefore);

    // Edits that do not touch the augmentations do not redraw.
    const int afterJitter = dlg.previewUpdates();
    setField(&dlg, QStringLiteral("epochs"), QStringLiteral("9"));
    QTest::qWait(300);
    QCOMPARE(dlg.previewUpdates(), afterJitter);

    // A burst of edits gives one redraw.
    for (double p : { 0.1, 0.2, 0.3, 0.4 })
        setField(&dlg, QStringLiteral("flipProb"), QString::number(p));
    QTRY_VERIFY(dlg.previewUpdates() > afterJitter);
    QTest::qWait(300);
    QCOMPARE(dlg.previewUpdates(), afterJitter + 1);

    // New samples: other images, at once.
    const quint64 seed = dlg.previewSeed();
    newSamples->click();
    QCOMPARE(dlg.previewSeed(), seed + 1);
    QCOMPARE(dlg.previewUpdates(), afterJitter + 2);
    QVERIFY(dlg.lastPreview().indices != indices);

    // An invalid augmentation pauses the preview (the last good one stays) instead of clearing it.
    setField(&dlg, QStringLiteral("blurKernel"), QStringLiteral("4"));
    QTest::qWait(300);
    QCOMPARE(view->sampleCount(), 8);
    // A dataset that does not load empties it.
    setField(&dlg, QStringLiteral("blurKernel"), QStringLiteral("3"));
    setField(&dlg, QStringLiteral("dataset"), QStringLiteral("cifar10:/nonexistent"));
    QTRY_COMPARE(view->sampleCount(), 0);
    setField(&dlg, QStringLiteral("dataset"), QStringLiteral("shapes:100"));
    QTRY_COMPARE(view->sampleCount(), 8);
}

void TestNewRunDialog::keyboard()
{
    NewRunDialog dlg;
    dlg.setConfig(validBase());

    // Every input is in the Tab chain, has a tooltip, and its form label has a mnemonic.
    const QStringList inputs = { "method", "backbone", "dataset", "trainLimit", "testLimit", "outputSize", "crop",
        "cropProb", "cropScaleMin", "cropScaleMax", "cropRatioMin", "cropRatioMax", "flip", "flipProb", "jitter",
        "jitterProb", "brightness", "contrast", "saturation", "hue", "grayscale", "grayscaleProb", "blur", "blurProb",
        "blurKernel", "blurSigmaMin", "blurSigmaMax", "solarize", "solarizeProb", "solarizeThreshold", "normalize",
        "optimizer", "lr", "weightDecay", "momentum", "schedule", "warmupSteps", "batchSize", "epochs", "stepsPerEpoch",
        "temperature", "projectionDim", "projectionHidden", "onlineProbe", "evalEachEpoch", "probeEpochs", "knnK",
        "knnTemperature", "evalTrainLimit", "seed", "threads", "device", "precision", "checkpointEvery",
        "previewsPerSecond", "previewSamples", "runDir", "runDirBrowse", "datasetBrowse", "newSamples", "startButton" };
    QSet<QWidget *> chain;
    for (QWidget *w = dlg.nextInFocusChain(); w != &dlg; w = w->nextInFocusChain())
        if (w->focusPolicy() & Qt::TabFocus) chain.insert(w);
    QSet<QWidget *> labelled;
    for (QLabel *label : dlg.findChildren<QLabel *>())
        if (label->buddy() && label->text().contains(QLatin1Char('&'))) labelled.insert(label->buddy());
    const QStringList withoutMnemonic
        = { "cropProb", "flipProb", "jitterProb", "grayscaleProb", "blurProb", "solarizeProb", "cropScaleMax",
              "cropRatioMax", "blurSigmaMax", "crop", "flip", "jitter", "grayscale", "blur", "solarize", "normalize",
              "onlineProbe", "evalEachEpoch", "runDirBrowse", "datasetBrowse", "newSamples", "startButton" };
    for (const QString &name : inputs) {
        QWidget *w = dlg.findChild<QWidget *>(name);
        QVERIFY2(w, qPrintable(name));
        const bool inChain = chain.contains(w) || (w->focusProxy() && chain.contains(w->focusProxy()))
            || std::any_of(chain.begin(), chain.end(), [w](QWidget *c) { return c->focusProxy() == w; });
        QVERIFY2(inChain, qPrintable(name + " is not reachable with Tab"));
        QVERIFY2(!w->toolTip().isEmpty(), qPrintable(name + " has no tooltip"));
        if (!withoutMnemonic.contains(name))
            QVERIFY2(labelled.contains(w), qPrintable(name + " has no label with a mnemonic"));
    }
    // Titles and check boxes carry their own mnemonics.
    for (const char *name : { "crop", "flip", "jitter", "grayscale", "blur", "solarize" })
        QVERIFY2(dlg.findChild<QGroupBox *>(QLatin1String(name))->title().contains(QLatin1Char('&')), name);
    QVERIFY(dlg.findChild<QWidget *>(QStringLiteral("temperature"))->toolTip().contains(QStringLiteral("τ")));

    // Enter starts a valid run; Esc cancels.
    dlg.show();
    QVERIFY(QTest::qWaitForWindowActive(&dlg));
    auto *batch = dlg.findChild<QSpinBox *>(QStringLiteral("batchSize"));
    auto *tabs = dlg.findChild<QTabWidget *>(QStringLiteral("tabs"));
    tabs->setCurrentIndex(2);
    batch->setFocus();
    QTRY_VERIFY(batch->hasFocus());
    QTest::keyClick(batch, Qt::Key_Return);
    QCOMPARE(dlg.result(), int(QDialog::Accepted));
    QVERIFY(!dlg.isVisible());

    NewRunDialog other;
    other.setConfig(validBase());
    other.show();
    QVERIFY(QTest::qWaitForWindowActive(&other));
    // Alt+B on the General page jumps to the backbone.
    QTest::keyClick(&other, Qt::Key_B, Qt::AltModifier);
    QTRY_COMPARE(QApplication::focusWidget(), other.findChild<QWidget *>(QStringLiteral("backbone")));
    QTest::keyClick(&other, Qt::Key_Escape);
    QCOMPARE(other.result(), int(QDialog::Rejected));
    QVERIFY(!other.isVisible());

    // The editable dataset field must not swallow Enter or Esc.
    for (const int key : { int(Qt::Key_Return), int(Qt::Key_Escape) }) {
        NewRunDialog d;
        d.setConfig(validBase());
        d.show();
        QVERIFY(QTest::qWaitForWindowActive(&d));
        auto *dataset = d.findChild<QComboBox *>(QStringLiteral("dataset"));
        dataset->setFocus();
        QTRY_VERIFY(dataset->hasFocus());
        QTest::keyClick(QApplication::focusWidget(), Qt::Key(key));
        QVERIFY2(!d.isVisible(), key == Qt::Key_Return ? "Enter in the dataset field" : "Esc in the dataset field");
        QCOMPARE(d.result(), int(key == Qt::Key_Return ? QDialog::Accepted : QDialog::Rejected));
    }
}

// Grabs the dialog as a classroom sees it and checks that the preview is not blank; with PRETEXT_SHOTS_DIR set
// it also writes every tab as a PNG for a person to look at.
void TestNewRunDialog::screenshot()
{
    const QString outDir = qEnvironmentVariable("PRETEXT_SHOTS_DIR");
    if (!outDir.isEmpty()) QDir().mkpath(outDir);
    QStringList datasets = { QStringLiteral("shapes:200") };
    if (QFileInfo::exists(QString::fromLatin1(engine::kFashionMnistDir))) datasets << QStringLiteral("fashion-mnist");
    for (const QString &spec : datasets) {
        NewRunDialog dlg;
        engine::RunConfig c;
        c.dataset = spec.toStdString();
        c.batchSize = 128;
        dlg.setConfig(c);
        dlg.resize(1180, 740);
        dlg.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dlg));
        QTRY_VERIFY(dlg.previewUpdates() > 0);
        QVERIFY2(dlg.isValid(), qPrintable(dlg.validationError()));
        // The dialog fits a 1280x800 projector.
        QVERIFY2(dlg.minimumSizeHint().width() <= 1240 && dlg.minimumSizeHint().height() <= 740,
            qPrintable(QStringLiteral("%1x%2").arg(dlg.minimumSizeHint().width()).arg(dlg.minimumSizeHint().height())));

        auto *view = dlg.findChild<QWidget *>(QStringLiteral("previewView"));
        const QImage preview = view->grab().toImage();
        QSet<QRgb> colours;
        for (int y = 0; y < preview.height(); y += 3)
            for (int x = 0; x < preview.width(); x += 3)
                colours.insert(preview.pixel(x, y));
        QVERIFY2(colours.size() > 20, "the preview panel is blank");

        if (outDir.isEmpty()) continue;
        const QString stem = outDir + QLatin1Char('/') + QString(spec).replace(QLatin1Char(':'), QLatin1Char('-'));
        auto *tabs = dlg.findChild<QTabWidget *>(QStringLiteral("tabs"));
        for (int i = 0; i < tabs->count(); ++i) {
            tabs->setCurrentIndex(i);
            QTest::qWait(50); // a page shown for the first time lays itself out from the event loop
            QVERIFY(dlg.grab().save(stem + QStringLiteral("-tab%1.png").arg(i)));
        }
        tabs->setCurrentIndex(0);
        setField(&dlg, QStringLiteral("dataset"), QStringLiteral("nonsense"));
        setField(&dlg, QStringLiteral("batchSize"), QStringLiteral("1"));
        QTRY_VERIFY(dlg.validationError().contains(QLatin1String("accepted forms")));
        QTest::qWait(50);
        QVERIFY(dlg.grab().save(stem + QStringLiteral("-invalid.png")));
        dlg.resize(1000, 640);
        setField(&dlg, QStringLiteral("dataset"), spec);
        setField(&dlg, QStringLiteral("batchSize"), QStringLiteral("128"));
        QTRY_VERIFY(dlg.isValid() && dlg.previewer().datasetSpec() == spec.toStdString()
            && dlg.findChild<widgets::AugmentationView *>(QStringLiteral("previewView"))->sampleCount() > 0);
        QTest::qWait(50);
        QVERIFY(dlg.grab().save(stem + QStringLiteral("-small.png")));
    }
    if (outDir.isEmpty()) return;
    // Presentation mode: the main window scales the application font up for the back of the room.
    const QFont normal = QApplication::font();
    QFont big = normal;
    big.setPointSizeF(normal.pointSizeF() * 1.6);
    QApplication::setFont(big);
    {
        NewRunDialog dlg;
        engine::RunConfig c;
        c.dataset = "shapes:200";
        c.batchSize = 128;
        dlg.setConfig(c);
        dlg.resize(1240, 760);
        dlg.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dlg));
        QTRY_VERIFY(dlg.previewUpdates() > 0);
        auto *tabs = dlg.findChild<QTabWidget *>(QStringLiteral("tabs"));
        for (int i = 0; i < tabs->count(); ++i) {
            tabs->setCurrentIndex(i);
            QTest::qWait(50);
            QVERIFY(dlg.grab().save(outDir + QStringLiteral("/presentation-tab%1.png").arg(i)));
        }
        qInfo("presentation-size minimum: %dx%d", dlg.minimumSizeHint().width(), dlg.minimumSizeHint().height());
    }
    QApplication::setFont(normal);
}

QTEST_MAIN(TestNewRunDialog)
#include "tst_newrundialog.moc"
