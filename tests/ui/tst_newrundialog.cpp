// The new-run dialog as a teacher uses it. Its rows come from the settings' descriptions: every shared setting,
// every setting of every registered method (one registered by the test included) and every augmentation field
// has one, and switching the method rebuilds the method's rows. Bad values are shown under their field and in
// the summary with the engine's own message, never corrected behind the teacher's back, and Start stays disabled.
// Configs round-trip through the fields and through JSON files; the live augmentation preview follows the edits.
// Also the torch-free AugmentPreviewer behind the preview.
#include "engine/augment/augmentpreview.h"
#include "engine/core/errors.h"
#include "engine/data/dataset.h"
#include "engine/io/json.h"
#include "engine/methods/catalog.h"
#include "engine/train/runconfig.h"
#include "ui/newrundialog.h"
#include "ui/settingsform.h"
#include "widgets/augmentationview.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSet>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTextDocument>
#include <QToolButton>
#include <QtTest>

#include <algorithm>

using namespace pretext;
using ui::NewRunDialog;

namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

// A config that is valid without any data files: the procedural shapes set, a batch that fits 64 images.
engine::RunConfig validBase()
{
    engine::RunConfig c = engine::defaultRunConfig();
    c.dataset = "shapes:64";
    c.batchSize = 32;
    return c;
}

// Every field away from its default, including values a field cannot show exactly (1/0.7, 1.5e-5).
engine::RunConfig customConfig()
{
    engine::RunConfig c = engine::defaultRunConfig("simclr");
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
    c.probeStandardize = false;
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

engine::RunConfig customJigsaw()
{
    engine::RunConfig c = engine::defaultRunConfig("jigsaw");
    c.dataset = "shapes:100";
    c.batchSize = 16;
    engine::setSettingValue(c, "jigsaw_grid", 2);
    engine::setSettingValue(c, "jigsaw_permutations", 20);
    return c;
}

std::string dumpOf(const engine::RunConfig &c)
{
    return engine::json::dump(engine::toJson(c));
}

// Sets a field, found by its key (the editor's objectName), the way a teacher would: numbers and text are typed.
bool setField(QWidget *root, const QString &key, const QString &value)
{
    QWidget *w = root->findChild<QWidget *>(key);
    if (!w) return false;
    if (auto *n = qobject_cast<ui::NumberEdit *>(w)) {
        n->selectAll();
        QTest::keyClick(n, Qt::Key_Backspace);
        QTest::keyClicks(n, value);
    } else if (auto *c = qobject_cast<QComboBox *>(w); c && c->isEditable()) {
        c->setEditText(value);
    } else if (c) {
        const int i = c->findData(value) >= 0 ? c->findData(value) : c->findText(value);
        if (i < 0) return false;
        c->setCurrentIndex(i);
    } else if (auto *l = qobject_cast<QLineEdit *>(w)) {
        l->selectAll();
        QTest::keyClick(l, Qt::Key_Backspace);
        QTest::keyClicks(l, value);
    } else if (auto *b = qobject_cast<QCheckBox *>(w)) {
        b->setChecked(value == QLatin1String("true"));
    } else if (auto *g = qobject_cast<QGroupBox *>(w)) {
        g->setChecked(value == QLatin1String("true"));
    } else {
        return false;
    }
    return true;
}

QString fieldText(QWidget *root, const QString &key)
{
    auto *n = root->findChild<ui::NumberEdit *>(key);
    return n ? n->text() : QString();
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

// The letter after a single '&', or 0.
QChar mnemonicOf(const QString &text)
{
    for (int i = 0; i + 1 < text.size(); ++i) {
        if (text[i] != QLatin1Char('&')) continue;
        if (text[i + 1] != QLatin1Char('&')) return text[i + 1].toUpper();
        ++i;
    }
    return QChar();
}

} // namespace

class TestNewRunDialog : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void previewer();
    void previewerErrors();
    void augmentSettingsTable();
    void defaults();
    void everySettingHasARow();
    void methodSwitchRebuildsRows();
    void outOfRangeShownNotCorrected();
    void badValue_data();
    void badValue();
    void startFollowsValidity();
    void advancedSettings();
    void runDir();
    void roundTrip();
    void saveAndLoad();
    void restoreDefaults();
    void datasetTemplatesAndFolders();
    void livePreview();
    void keyboard();
    void registeredMethodAppears();
    void colourMethodNotOfferedForGrayData();
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

// The augmentation table describes exactly the JSON fields, with AugmentConfig's defaults, one switch per op.
void TestNewRunDialog::augmentSettingsTable()
{
    const engine::json::Value json = engine::toJson(engine::AugmentConfig());
    QCOMPARE(json.size(), engine::augmentSettings().size());
    const QStringList ops = { "crop", "flip", "jitter", "grayscale", "blur", "solarize", "other" };
    QSet<QString> switches;
    for (const auto &a : engine::augmentSettings()) {
        const QString key = qs(a.setting.key);
        QVERIFY2(json.contains(a.setting.key), qPrintable(key));
        QCOMPARE(engine::json::dump(a.setting.defaultValue), engine::json::dump(*json.find(a.setting.key)));
        QVERIFY2(ops.contains(qs(a.op)), qPrintable(key));
        QVERIFY2(!a.setting.label.empty() && !a.setting.help.empty(), qPrintable(key));
        if (a.setting.key == a.op) switches.insert(key);
        // Every single value can be set through the table and reads back.
        if (!a.list) {
            engine::AugmentConfig c;
            engine::setAugmentSettingValue(c, a.setting.key, a.setting.defaultValue);
            QCOMPARE(engine::json::dump(engine::augmentSettingValue(c, a.setting.key)),
                engine::json::dump(a.setting.defaultValue));
        }
    }
    QCOMPARE(switches.size(), ops.size() - 1);
    engine::AugmentConfig c;
    QVERIFY_THROWS_EXCEPTION(engine::ConfigError, engine::setAugmentSettingValue(c, "flip_prob", "high"));
    try {
        engine::setAugmentSettingValue(c, "jiter_prob", 0.5);
        QFAIL("an unknown key was accepted");
    } catch (const engine::ConfigError &e) {
        QCOMPARE(QString::fromStdString(e.what()),
            QStringLiteral("augment: unknown key \"jiter_prob\" (did you mean "
                           "\"jitter_prob\"?)"));
    }
}

void TestNewRunDialog::defaults()
{
    NewRunDialog dlg;
    QCOMPARE(dumpOf(dlg.config()), dumpOf(engine::defaultRunConfig()));
    if (QFileInfo::exists(QString::fromLatin1(engine::kFashionMnistDir)))
        QVERIFY2(dlg.isValid(), qPrintable(dlg.validationError()));
    QVERIFY(dlg.runDir().startsWith(QDir::home().filePath(QStringLiteral("PretextRuns/simclr-fashion-mnist-"))));
    // A config made in code without the method's own settings gets the method's defaults; its shared values are
    // taken as they are (they may be the method's recipe or not: the dialog cannot tell, so it keeps them).
    dlg.setConfig(engine::RunConfig());
    engine::RunConfig expected;
    expected.methodSettings = engine::defaultRunConfig().methodSettings;
    QCOMPARE(dumpOf(dlg.config()), dumpOf(expected));
}

// Rows are produced from the descriptions: each setting of runSettings(), of every registered method and of the
// augmentation table has an editor named by its key, a tooltip with its help, and a label (or its own text).
void TestNewRunDialog::everySettingHasARow()
{
    NewRunDialog dlg;
    dlg.setConfig(validBase());
    auto check = [&](const engine::Setting &s, const QString &key) {
        QWidget *editor = dlg.fieldEditor(key);
        QVERIFY2(editor, qPrintable(key + " has no row"));
        QCOMPARE(editor->objectName(), key);
        QVERIFY2(editor->toolTip().contains(qs(s.help).toHtmlEscaped().left(20)) || key == QLatin1String("dataset")
                || key == QLatin1String("method"),
            qPrintable(key + ": " + editor->toolTip()));
        bool labelled = qobject_cast<QCheckBox *>(editor) || qobject_cast<QGroupBox *>(editor);
        for (QLabel *label : dlg.findChildren<QLabel *>())
            if (label->buddy() == editor && label->text().remove(QLatin1Char('&')).startsWith(qs(s.label)))
                labelled = true;
        QVERIFY2(labelled, qPrintable(key + " has no label"));
    };
    for (const auto &method : engine::methodCatalog()) {
        QVERIFY(setField(&dlg, QStringLiteral("method"), qs(method.name)));
        QCOMPARE(dlg.config().method, method.name);
        for (const auto &s : engine::settingsFor(method.name))
            check(s, qs(s.key));
        // The method's rows are those of its own table, no more.
        for (const auto &other : engine::methodCatalog())
            for (const auto &s : other.settings)
                if (!engine::findSetting(method.settings, s.key))
                    QVERIFY2(!dlg.fieldEditor(qs(s.key)), qPrintable(qs(method.name + " shows " + s.key)));
    }
    for (const auto &a : engine::augmentSettings())
        if (!a.list) check(a.setting, QStringLiteral("augment.") + qs(a.setting.key));
    QVERIFY(!dlg.fieldEditor(QStringLiteral("augment.mean"))); // lists have no field; setConfig() keeps them
}

void TestNewRunDialog::methodSwitchRebuildsRows()
{
    NewRunDialog dlg;
    dlg.setConfig(validBase());
    dlg.show();
    auto *method = dlg.findChild<QComboBox *>(QStringLiteral("method"));
    auto *description = dlg.findChild<QLabel *>(QStringLiteral("methodDescription"));
    auto *start = dlg.findChild<QPushButton *>(QStringLiteral("startButton"));
    QVERIFY(method && description && start);
    // The menu names each method with its family; the tooltip is the method's one-line summary.
    const engine::MethodInfo *simclr = engine::findMethod("simclr");
    const int i = method->findData(QStringLiteral("simclr"));
    QCOMPARE(method->itemText(i), QStringLiteral("SimCLR — contrastive"));
    QCOMPARE(method->itemData(i, Qt::ToolTipRole).toString(), qs(simclr->summary));
    QCOMPARE(description->text(), qs(simclr->description));
    QVERIFY(dlg.fieldEditor(QStringLiteral("temperature")));
    QCOMPARE(fieldText(&dlg, QStringLiteral("temperature")), QStringLiteral("0.2"));

    // Rotation has no temperature and no projection head.
    QVERIFY(setField(&dlg, QStringLiteral("method"), QStringLiteral("rotation")));
    QCOMPARE(dlg.config().method, std::string("rotation"));
    QCOMPARE(description->text(), qs(engine::findMethod("rotation")->description));
    for (const char *key : { "temperature", "projection_dim", "projection_hidden" }) {
        QVERIFY2(!dlg.fieldEditor(QLatin1String(key)), key);
        QVERIFY2(!dlg.findChild<QWidget *>(QLatin1String(key)), key);
    }
    QCOMPARE(dlg.config().methodSettings.size(), engine::findMethod("rotation")->settings.size()); // its own only
    QVERIFY2(dlg.isValid(), qPrintable(dlg.validationError()));
    QTRY_VERIFY(dlg.runDir().contains(QLatin1String("rotation-shapes64-")));

    // Jigsaw shows its grid and its permutation set; the method's own check speaks under the field.
    QVERIFY(setField(&dlg, QStringLiteral("method"), QStringLiteral("jigsaw")));
    QVERIFY(dlg.fieldEditor(QStringLiteral("jigsaw_grid")));
    QVERIFY(dlg.fieldEditor(QStringLiteral("jigsaw_permutations")));
    QVERIFY(!dlg.fieldEditor(QStringLiteral("temperature")));
    QCOMPARE(fieldText(&dlg, QStringLiteral("jigsaw_grid")), QStringLiteral("2"));
    QCOMPARE(fieldText(&dlg, QStringLiteral("jigsaw_permutations")), QStringLiteral("24"));
    QVERIFY(setField(&dlg, QStringLiteral("jigsaw_permutations"), QStringLiteral("30")));
    QCOMPARE(dlg.config().integer("jigsaw_grid"), int64_t(2));
    const QString message = QStringLiteral("jigsaw_permutations = 30 is out of range; a 2x2 grid has only 24 "
                                           "permutations");
    QVERIFY2(dlg.validationError().contains(message), qPrintable(dlg.validationError()));
    QVERIFY(!start->isEnabled());
    auto *under = dlg.findChild<QLabel *>(QStringLiteral("jigsaw_permutations-error"));
    QVERIFY(under);
    QVERIFY(under->isVisibleTo(&dlg));
    QCOMPARE(under->text(), message);
    QVERIFY(setField(&dlg, QStringLiteral("jigsaw_permutations"), QStringLiteral("24")));
    QVERIFY2(dlg.isValid(), qPrintable(dlg.validationError()));
    QVERIFY(!under->isVisibleTo(&dlg));

    // Back to SimCLR: its rows return with its defaults.
    QVERIFY(setField(&dlg, QStringLiteral("method"), QStringLiteral("simclr")));
    QCOMPARE(fieldText(&dlg, QStringLiteral("temperature")), QStringLiteral("0.2"));
    QVERIFY(!dlg.fieldEditor(QStringLiteral("jigsaw_grid")));
    QCOMPARE(dumpOf(dlg.config()), dumpOf(validBase()));
}

// A value outside the range stays as typed, goes into the config as typed, and is reported; it is never
// replaced by the nearest accepted value (QSpinBox would turn a batch of 0 back into 2 when the field lost focus).
void TestNewRunDialog::outOfRangeShownNotCorrected()
{
    NewRunDialog dlg;
    dlg.setConfig(validBase());
    dlg.show();
    QVERIFY(QTest::qWaitForWindowActive(&dlg));
    auto *start = dlg.findChild<QPushButton *>(QStringLiteral("startButton"));
    auto *tabs = dlg.findChild<QTabWidget *>(QStringLiteral("tabs"));
    auto *epochs = dlg.fieldEditor(QStringLiteral("epochs"));
    tabs->setCurrentIndex(2);

    struct Case {
        const char *key, *typed, *message;
    };
    for (const Case &c : { Case { "batch_size", "0", "batch_size = 0 is out of range; expected 2 to 8192" },
             Case { "lr", "-0.001", "lr = -0.001 is out of range; expected more than 0, at most 10" } }) {
        const QString key = QLatin1String(c.key);
        QWidget *field = dlg.fieldEditor(key);
        field->setFocus();
        QTRY_VERIFY(field->hasFocus());
        QVERIFY(setField(&dlg, key, QLatin1String(c.typed)));
        // Leaving the field, and pressing Enter in it, keeps the text.
        epochs->setFocus();
        QTRY_VERIFY(epochs->hasFocus());
        QCOMPARE(fieldText(&dlg, key), QLatin1String(c.typed));
        QCOMPARE(engine::json::dump(engine::settingValue(dlg.config(), c.key)),
            engine::json::dump(QByteArray(c.typed).toDouble()));
        QVERIFY2(dlg.validationError().contains(QLatin1String(c.message)), qPrintable(dlg.validationError()));
        auto *under = dlg.findChild<QLabel *>(key + QStringLiteral("-error"));
        QVERIFY(under && under->isVisible());
        QCOMPARE(under->text(), QLatin1String(c.message));
        QVERIFY(field->property("invalid").toBool());
        QVERIFY(!start->isEnabled());
        QTest::keyClick(field, Qt::Key_Return);
        QVERIFY(dlg.isVisible());
        QCOMPARE(fieldText(&dlg, key), QLatin1String(c.typed));
    }
    QVERIFY(setField(&dlg, QStringLiteral("batch_size"), QStringLiteral("16")));
    QVERIFY(setField(&dlg, QStringLiteral("lr"), QStringLiteral("0.001")));
    QVERIFY2(dlg.isValid(), qPrintable(dlg.validationError()));
    QVERIFY(!dlg.findChild<QLabel *>(QStringLiteral("lr-error"))->isVisible());

    // Text that is not a number yet is reported and leaves the config's value alone; so is a count too large for
    // the field it lives in (it would wrap around), and a negative seed.
    QVERIFY(setField(&dlg, QStringLiteral("lr"), QStringLiteral("1e")));
    QVERIFY2(dlg.validationError().contains(QLatin1String("lr = \"1e\" is not a number; expected more than 0")),
        qPrintable(dlg.validationError()));
    QCOMPARE(dlg.config().lr, 1.0); // "1", the last number on the way to "1e"
    QCOMPARE(fieldText(&dlg, QStringLiteral("lr")), QStringLiteral("1e"));
    QVERIFY(setField(&dlg, QStringLiteral("lr"), QStringLiteral("1e-3")));
    QVERIFY(setField(&dlg, QStringLiteral("batch_size"), QStringLiteral("99999999999")));
    QVERIFY2(dlg.validationError().contains(QLatin1String("batch_size = 99999999999 is out of range")),
        qPrintable(dlg.validationError()));
    QCOMPARE(dlg.config().batchSize, 999999999); // the last number on the way that the field holds, never a wrapped one
    QVERIFY(setField(&dlg, QStringLiteral("seed"), QStringLiteral("-1")));
    QVERIFY2(
        dlg.validationError().contains(QLatin1String("seed = -1 is out of range")), qPrintable(dlg.validationError()));
    QCOMPARE(dlg.config().seed, uint64_t(0));
    // Letters cannot be typed into a number; the special text of the minimum can.
    QVERIFY(setField(&dlg, QStringLiteral("seed"), QStringLiteral("x7")));
    QCOMPARE(fieldText(&dlg, QStringLiteral("seed")), QStringLiteral("7"));
    QVERIFY(setField(&dlg, QStringLiteral("train_limit"), QStringLiteral("all")));
    QVERIFY(setField(&dlg, QStringLiteral("batch_size"), QStringLiteral("16")));
    QCOMPARE(dlg.config().trainLimit, int64_t(0));
    QVERIFY2(dlg.isValid(), qPrintable(dlg.validationError()));
}

void TestNewRunDialog::badValue_data()
{
    QTest::addColumn<QStringList>("edits"); // key=value, applied in order
    QTest::addColumn<QString>("message"); // must appear in validationError() and in the summary
    QTest::addColumn<QString>("field"); // the field that must be highlighted and show the message under it

    QTest::newRow("batch size 1") << QStringList { "batch_size=1" }
                                  << "batch_size = 1 is out of range; expected 2 to 8192"
                                  << "batch_size";
    QTest::newRow("crop scale min above max")
        << QStringList { "augment.crop_scale_max=0.5", "augment.crop_scale_min=0.8" }
        << "augment.crop_scale_min = 0.8 is out of range; expected at most augment.crop_scale_max (0.5)"
        << "augment.crop_scale_min";
    QTest::newRow("crop ratio min above max")
        << QStringList { "augment.crop_ratio_min=2", "augment.crop_ratio_max=1.5" }
        << "augment.crop_ratio_min = 2 is out of range"
        << "augment.crop_ratio_min";
    QTest::newRow("crop scale zero") << QStringList { "augment.crop_scale_min=0" }
                                     << "augment.crop_scale_min = 0 is out of range; expected greater than 0"
                                     << "augment.crop_scale_min";
    QTest::newRow("blur kernel even") << QStringList { "augment.blur_kernel=4" }
                                      << "augment.blur_kernel = 4 is out of range; expected an odd number from 1 to 31"
                                      << "augment.blur_kernel";
    QTest::newRow("blur sigma zero") << QStringList { "augment.blur_sigma_min=0" }
                                     << "augment.blur_sigma_min = 0 is out of range; expected greater than 0"
                                     << "augment.blur_sigma_min";
    QTest::newRow("output size 4") << QStringList { "augment.output_size=4" }
                                   << "augment.output_size = 4 is out of range; expected 0 (the dataset's image size) "
                                      "or 8 to 512"
                                   << "augment.output_size";
    QTest::newRow("temperature 0") << QStringList { "temperature=0" }
                                   << "temperature = 0 is out of range; expected 0.01 to 10"
                                   << "temperature";
    QTest::newRow("lr 0") << QStringList { "lr=0" } << "lr = 0 is out of range; expected more than 0, at most 10"
                          << "lr";
    QTest::newRow("kNN temperature 0") << QStringList { "knn_temperature=0" }
                                       << "knn_temperature = 0 is out of range; expected 0.001 to 10"
                                       << "knn_temperature";
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
        << QStringList { "train_limit=16" } << "batch_size = 32 is larger than the training set (16 images"
        << "batch_size";
    QTest::newRow("batch above shapes:N")
        << QStringList { "dataset=shapes:20" } << "batch_size = 32 is larger than the training set (20 images"
        << "batch_size";
    QTest::newRow("seed empty") << QStringList { "seed=" } << "seed is empty; expected 0 to 9007199254740991"
                                << "seed";
    QTest::newRow("device unknown") << QStringList { "device=tpu" } << "device = \"tpu\" is not accepted"
                                    << "device";
    QTest::newRow("run folder empty") << QStringList { "run_dir=" } << "the run folder is empty"
                                      << "run_dir";
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
    QWidget *w = dlg.fieldEditor(field);
    QVERIFY(w);
    QVERIFY2(w->property("invalid").toBool(), "the offending field must be highlighted");
    auto *under = dlg.findChild<QLabel *>(field + QStringLiteral("-error"));
    QVERIFY(under);
    QVERIFY2(under->text().contains(message), qPrintable(under->text()));
    QVERIFY(!under->isHidden());
    // The message leads with the field's label, so a teacher knows where to look.
    QVERIFY(!dlg.validationError().startsWith(message));

    // Enter does not start an invalid run; it shows the first bad field.
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
    QWidget *batch = dlg.fieldEditor(QStringLiteral("batch_size"));
    auto *dataset = dlg.findChild<QComboBox *>(QStringLiteral("dataset"));
    QVERIFY(start && batch && dataset);
    QVERIFY(start->isEnabled());

    setField(&dlg, QStringLiteral("batch_size"), QStringLiteral("1"));
    QVERIFY(!start->isEnabled());
    QVERIFY(batch->property("invalid").toBool());
    setField(&dlg, QStringLiteral("batch_size"), QStringLiteral("16"));
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

// Advanced settings wait under "More settings"; a problem in one, or a click on its message, opens it.
void TestNewRunDialog::advancedSettings()
{
    NewRunDialog dlg;
    dlg.setConfig(validBase());
    dlg.show();
    auto *tabs = dlg.findChild<QTabWidget *>(QStringLiteral("tabs"));
    tabs->setCurrentIndex(2);
    QWidget *lr = dlg.fieldEditor(QStringLiteral("lr"));
    QWidget *decay = dlg.fieldEditor(QStringLiteral("weight_decay"));
    QVERIFY(lr && decay);
    QVERIFY(lr->isVisible());
    QVERIFY(!decay->isVisible());
    for (const auto &s : engine::runSettings())
        if (QWidget *w = dlg.fieldEditor(qs(s.key)); w && s.advanced) QVERIFY2(w->isHidden(), s.key.c_str());
    tabs->setCurrentIndex(0);
    dlg.focusField(QStringLiteral("weight_decay"));
    QCOMPARE(tabs->currentIndex(), 2);
    QVERIFY(decay->isVisible());
    QTRY_VERIFY(decay->hasFocus());

    engine::RunConfig bad = validBase();
    bad.knnK = 0;
    dlg.setConfig(bad);
    QWidget *knn = dlg.fieldEditor(QStringLiteral("knn_k"));
    QVERIFY(!knn->isHidden());
    QVERIFY(!dlg.findChild<QLabel *>(QStringLiteral("knn_k-error"))->isHidden());
    // Clicking the message in the summary goes to the field.
    auto *label = dlg.findChild<QLabel *>(QStringLiteral("errorLabel"));
    Q_EMIT label->linkActivated(QStringLiteral("knn_k"));
    QTRY_VERIFY(knn->hasFocus());
}

void TestNewRunDialog::runDir()
{
    NewRunDialog dlg;
    dlg.setConfig(validBase());
    QVERIFY(dlg.runDir().startsWith(QDir::home().filePath(QStringLiteral("PretextRuns/simclr-shapes64-"))));
    // The default follows the dataset and the method until the teacher picks a folder.
    setField(&dlg, QStringLiteral("dataset"), QStringLiteral("cifar10:/data/cifar-10-batches-bin"));
    QVERIFY(dlg.runDir().contains(QLatin1String("simclr-cifar10-cifar-10-batches-bin-")));
    setField(&dlg, QStringLiteral("method"), QStringLiteral("jigsaw"));
    QVERIFY(dlg.runDir().contains(QLatin1String("jigsaw-cifar10-cifar-10-batches-bin-")));

    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    dlg.setRunDir(tmp.filePath(QStringLiteral("mine")));
    setField(&dlg, QStringLiteral("dataset"), QStringLiteral("shapes:64"));
    setField(&dlg, QStringLiteral("method"), QStringLiteral("simclr"));
    QCOMPARE(dlg.runDir(), tmp.filePath(QStringLiteral("mine")));
    QTRY_VERIFY2(dlg.isValid(), qPrintable(dlg.validationError()));

    // Typed by the teacher: it stops following too.
    dlg.setRunDir(QString());
    setField(&dlg, QStringLiteral("run_dir"), tmp.filePath(QStringLiteral("typed")));
    setField(&dlg, QStringLiteral("method"), QStringLiteral("rotation"));
    QCOMPARE(dlg.runDir(), tmp.filePath(QStringLiteral("typed")));

    // A folder that already holds a run is refused, as the trainer would refuse it.
    QVERIFY(writeFile(tmp.filePath(QStringLiteral("config.json")), "{}"));
    dlg.setRunDir(tmp.path());
    QVERIFY(dlg.validationError().contains(QLatin1String("already holds a run")));
    QVERIFY(dlg.fieldEditor(QStringLiteral("run_dir"))->property("invalid").toBool());

    dlg.setRunDir(QString());
    QVERIFY(dlg.runDir().contains(QLatin1String("rotation-shapes64-")));
    QVERIFY(dlg.isValid());
}

void TestNewRunDialog::roundTrip()
{
    for (const engine::RunConfig &c : { engine::defaultRunConfig(), customConfig(), validBase(), customJigsaw(),
             engine::defaultRunConfig("rotation") }) {
        NewRunDialog dlg;
        dlg.setConfig(c);
        QCOMPARE(dumpOf(dlg.config()), dumpOf(c));
        // Showing a value rounds it at most for the eye (4/3 as 1.33333); the config keeps it exactly.
        QCOMPARE(dlg.config().augment.cropRatioMax, c.augment.cropRatioMax);
    }

    // Editing one field changes exactly that field.
    NewRunDialog dlg;
    dlg.setConfig(customConfig());
    setField(&dlg, QStringLiteral("batch_size"), QStringLiteral("64"));
    setField(&dlg, QStringLiteral("augment.solarize_prob"), QStringLiteral("0.35"));
    setField(&dlg, QStringLiteral("augment.jitter_prob"), QStringLiteral("0.5")); // jitter is off: its fields too
    setField(&dlg, QStringLiteral("lr"), QStringLiteral("0.002"));
    setField(&dlg, QStringLiteral("seed"), QStringLiteral("99"));
    setField(&dlg, QStringLiteral("temperature"), QStringLiteral("0.2"));
    setField(&dlg, QStringLiteral("augment.flip"), QStringLiteral("false"));
    setField(&dlg, QStringLiteral("optimizer"), QStringLiteral("sgd"));
    engine::RunConfig expected = customConfig();
    expected.batchSize = 64;
    expected.augment.solarizeProb = 0.35;
    expected.augment.flip = false;
    expected.lr = 0.002;
    expected.seed = 99;
    expected.optimizer = "sgd";
    engine::setSettingValue(expected, "temperature", 0.2);
    QCOMPARE(dumpOf(dlg.config()), dumpOf(expected));

    // The learning rate takes scientific notation and steps along 1-2-5 through the decades; probabilities step
    // by 0.05 and stop at 1.
    auto *lr = dlg.findChild<ui::NumberEdit *>(QStringLiteral("lr"));
    QVERIFY(lr);
    setField(&dlg, QStringLiteral("lr"), QStringLiteral("5e-4"));
    QCOMPARE(dlg.config().lr, 5e-4);
    lr->stepBy(1);
    QCOMPARE(dlg.config().lr, 1e-3);
    QCOMPARE(lr->text(), QStringLiteral("0.001"));
    lr->stepBy(-2);
    QCOMPARE(dlg.config().lr, 2e-4);
    auto *prob = dlg.findChild<ui::NumberEdit *>(QStringLiteral("augment.flip_prob"));
    prob->stepBy(1);
    QCOMPARE(dlg.config().augment.flipProb, 0.3);
    prob->stepBy(100);
    QCOMPARE(dlg.config().augment.flipProb, 1.0);
    auto *epochs = dlg.findChild<ui::NumberEdit *>(QStringLiteral("epochs"));
    epochs->stepBy(2);
    QCOMPARE(dlg.config().epochs, 9);
}

void TestNewRunDialog::saveAndLoad()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    for (const engine::RunConfig &c : { customConfig(), customJigsaw() }) {
        const QString path = tmp.filePath(QStringLiteral("run-%1.json").arg(qs(c.method)));
        NewRunDialog a;
        a.setConfig(c);
        QString error;
        QVERIFY2(a.saveConfig(path, &error), qPrintable(error));
        // The file is what pretext-cli reads.
        QCOMPARE(dumpOf(engine::loadRunConfig(path.toStdString())), dumpOf(c));

        NewRunDialog b;
        b.setConfig(validBase());
        QVERIFY2(b.loadConfig(path, &error), qPrintable(error));
        QCOMPARE(dumpOf(b.config()), dumpOf(c));
        QCOMPARE(b.findChild<QComboBox *>(QStringLiteral("method"))->currentData().toString(), qs(c.method));
    }

    NewRunDialog b;
    b.setConfig(customConfig());
    QString error;
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

    // An invalid config is not saved: loading it back would fail. Nor is one with a field that is not a number.
    const QString refused = tmp.filePath(QStringLiteral("refused.json"));
    setField(&b, QStringLiteral("batch_size"), QStringLiteral("1"));
    QVERIFY(!b.saveConfig(refused, &error));
    QVERIFY2(error.contains(QLatin1String("batch_size")), qPrintable(error));
    setField(&b, QStringLiteral("batch_size"), QStringLiteral("48"));
    setField(&b, QStringLiteral("lr"), QStringLiteral(""));
    QVERIFY(!b.saveConfig(refused, &error));
    QVERIFY2(error.contains(QLatin1String("lr is empty")), qPrintable(error));
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
    QCOMPARE(dumpOf(dlg.config()), dumpOf(engine::defaultRunConfig()));
    QVERIFY(dlg.runDir().contains(QLatin1String("PretextRuns/simclr-fashion-mnist-")));
    // The defaults are those of the chosen method.
    dlg.setConfig(customJigsaw());
    button->click();
    QCOMPARE(dumpOf(dlg.config()), dumpOf(engine::defaultRunConfig("jigsaw")));
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
    QCOMPARE(dlg.config().dataset, std::string("cifar10:"));

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
    auto *jitter = dlg.findChild<QGroupBox *>(QStringLiteral("augment.jitter"));
    auto *newSamples = dlg.findChild<QPushButton *>(QStringLiteral("newSamples"));
    QVERIFY(view && jitter && newSamples);
    QVERIFY(jitter->isCheckable() && jitter->isChecked());
    QVERIFY(jitter->isAncestorOf(dlg.fieldEditor(QStringLiteral("augment.brightness"))));
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
    QVERIFY(!dlg.config().augment.jitter);
    QVERIFY(!dlg.fieldEditor(QStringLiteral("augment.brightness"))->isEnabled());
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
    for (const char *p : { "0.1", "0.2", "0.3", "0.4" })
        setField(&dlg, QStringLiteral("augment.flip_prob"), QLatin1String(p));
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
    setField(&dlg, QStringLiteral("augment.blur_kernel"), QStringLiteral("4"));
    QTest::qWait(300);
    QCOMPARE(view->sampleCount(), 8);
    // A dataset that does not load empties it.
    setField(&dlg, QStringLiteral("augment.blur_kernel"), QStringLiteral("3"));
    setField(&dlg, QStringLiteral("dataset"), QStringLiteral("cifar10:/nonexistent"));
    QTRY_COMPARE(view->sampleCount(), 0);
    setField(&dlg, QStringLiteral("dataset"), QStringLiteral("shapes:100"));
    QTRY_COMPARE(view->sampleCount(), 8);
}

void TestNewRunDialog::keyboard()
{
    NewRunDialog dlg;
    dlg.setConfig(validBase());

    // Every field is in the Tab chain; no two labels of a page share an Alt+letter (nor with the buttons).
    QSet<QWidget *> chain;
    for (QWidget *w = dlg.nextInFocusChain(); w != &dlg; w = w->nextInFocusChain())
        if (w->focusPolicy() & Qt::TabFocus) chain.insert(w);
    QStringList keys = { "run_dir" };
    for (const auto &s : engine::settingsFor("simclr"))
        keys << qs(s.key);
    for (const auto &a : engine::augmentSettings())
        if (!a.list) keys << QStringLiteral("augment.") + qs(a.setting.key);
    for (const QString &key : keys) {
        QWidget *w = dlg.fieldEditor(key);
        QVERIFY2(w, qPrintable(key));
        const bool inChain = chain.contains(w) || (w->focusProxy() && chain.contains(w->focusProxy()))
            || std::any_of(chain.begin(), chain.end(), [w](QWidget *c) { return c->focusProxy() == w; });
        QVERIFY2(inChain, qPrintable(key + " is not reachable with Tab"));
    }
    auto *tabs = dlg.findChild<QTabWidget *>(QStringLiteral("tabs"));
    const QSet<QChar> buttons = { 'S', 'V', 'L', 'R', 'N' };
    for (int i = 0; i < tabs->count(); ++i) {
        QSet<QChar> seen;
        QStringList texts;
        for (QLabel *l : tabs->widget(i)->findChildren<QLabel *>())
            if (l->buddy()) texts << l->text();
        for (QAbstractButton *b : tabs->widget(i)->findChildren<QAbstractButton *>())
            texts << b->text();
        for (QGroupBox *g : tabs->widget(i)->findChildren<QGroupBox *>())
            texts << g->title();
        for (const QString &t : texts) {
            const QChar m = mnemonicOf(t);
            if (m.isNull()) continue;
            QVERIFY2(!seen.contains(m) && !buttons.contains(m), qPrintable(t + " repeats Alt+" + m));
            seen.insert(m);
        }
    }
    // The common fields and every op's switch have one.
    QSet<QWidget *> labelled;
    for (QLabel *label : dlg.findChildren<QLabel *>())
        if (label->buddy() && !mnemonicOf(label->text()).isNull()) labelled.insert(label->buddy());
    for (const char *key : { "method", "backbone", "dataset", "batch_size", "lr", "epochs", "temperature", "seed" })
        QVERIFY2(labelled.contains(dlg.fieldEditor(QLatin1String(key))), key);
    for (const char *op : { "crop", "flip", "jitter", "grayscale", "blur", "solarize" })
        QVERIFY2(
            !mnemonicOf(dlg.findChild<QGroupBox *>(QStringLiteral("augment.") + QLatin1String(op))->title()).isNull(),
            op);
    QVERIFY(dlg.fieldEditor(QStringLiteral("temperature"))->toolTip().contains(QStringLiteral("Accepted: 0.01 to 10")));

    // Enter starts a valid run; Esc cancels.
    dlg.show();
    QVERIFY(QTest::qWaitForWindowActive(&dlg));
    QWidget *batch = dlg.fieldEditor(QStringLiteral("batch_size"));
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
    // Alt+B on the General page jumps to the backbone; the method's rows keep their place in the Tab order.
    QTest::keyClick(&other, Qt::Key_B, Qt::AltModifier);
    QTRY_COMPARE(QApplication::focusWidget(), other.fieldEditor(QStringLiteral("backbone")));
    setField(&other, QStringLiteral("method"), QStringLiteral("jigsaw"));
    other.fieldEditor(QStringLiteral("backbone"))->setFocus();
    QTRY_VERIFY(other.fieldEditor(QStringLiteral("backbone"))->hasFocus());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QTRY_COMPARE(QApplication::focusWidget(), other.fieldEditor(QStringLiteral("jigsaw_grid")));
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

// A method registered at run time appears in the menu with its rows, without any change to the dialog.
void TestNewRunDialog::registeredMethodAppears()
{
    engine::MethodInfo info;
    info.name = "dummy";
    info.title = "Dummy method";
    info.family = engine::MethodFamily::Pretext;
    info.summary = "a method registered by the test";
    info.description = "Exists only to show that the dialog lists what the registry holds.";
    info.settings
        = { engine::Setting::integer("dummy_width", "Dummy width", 7, 1, 99).withHelp("How wide the dummy is.") };
    engine::registerMethod(info, [](const engine::RunConfig &, const engine::MethodContext &) { return nullptr; });

    NewRunDialog dlg;
    dlg.setConfig(validBase());
    auto *method = dlg.findChild<QComboBox *>(QStringLiteral("method"));
    const int i = method->findData(QStringLiteral("dummy"));
    QVERIFY(i >= 0);
    QCOMPARE(method->itemText(i), QStringLiteral("Dummy method — pretext task"));
    QVERIFY(setField(&dlg, QStringLiteral("method"), QStringLiteral("dummy")));
    QWidget *width = dlg.fieldEditor(QStringLiteral("dummy_width"));
    QVERIFY(width);
    QVERIFY(width->toolTip().contains(QLatin1String("How wide the dummy is.")));
    QCOMPARE(fieldText(&dlg, QStringLiteral("dummy_width")), QStringLiteral("7"));
    QCOMPARE(dlg.findChild<QLabel *>(QStringLiteral("methodDescription"))->text(), qs(info.description));
    QVERIFY(setField(&dlg, QStringLiteral("dummy_width"), QStringLiteral("100")));
    QVERIFY2(dlg.validationError().contains(QLatin1String("dummy_width = 100 is out of range; expected 1 to 99")),
        qPrintable(dlg.validationError()));
    QVERIFY(setField(&dlg, QStringLiteral("dummy_width"), QStringLiteral("12")));
    QCOMPARE(dlg.config().integer("dummy_width"), int64_t(12));
    QVERIFY2(dlg.isValid(), qPrintable(dlg.validationError()));

    // A dialog made before the registration lists it from its next setConfig().
}

// Colorization needs colour: for a gray dataset its entry in the method list is greyed out and says why, and a
// config that asks for it anyway is refused under the dataset field with the trainer's own words.
void TestNewRunDialog::colourMethodNotOfferedForGrayData()
{
    // A tiny MNIST set (IDX files): gray 28x28 digits.
    QTemporaryDir tmp;
    auto bigEndian = [](quint32 v) {
        QByteArray b(4, 0);
        for (int k = 0; k < 4; ++k)
            b[k] = char(v >> (24 - 8 * k));
        return b;
    };
    for (const auto &[prefix, n] : { std::pair { "train", 64 }, std::pair { "t10k", 16 } }) {
        QByteArray images = bigEndian(0x803) + bigEndian(n) + bigEndian(28) + bigEndian(28);
        QByteArray labels = bigEndian(0x801) + bigEndian(n);
        for (int i = 0; i < n; ++i) {
            images += QByteArray(28 * 28, char(i * 3));
            labels += char(i % 10);
        }
        QVERIFY(writeFile(tmp.filePath(QStringLiteral("%1-images-idx3-ubyte").arg(QLatin1String(prefix))), images));
        QVERIFY(writeFile(tmp.filePath(QStringLiteral("%1-labels-idx1-ubyte").arg(QLatin1String(prefix))), labels));
    }
    const QString gray = QStringLiteral("mnist:") + tmp.path();

    NewRunDialog dlg;
    dlg.setConfig(validBase());
    auto *method = dlg.findChild<QComboBox *>(QStringLiteral("method"));
    const int i = method->findData(QStringLiteral("colorization"));
    QVERIFY(i >= 0);
    auto *model = qobject_cast<QStandardItemModel *>(method->model());
    QVERIFY(model);
    QVERIFY2(model->item(i)->isEnabled(), "colorization must be offered for colour shapes");
    QCOMPARE(method->itemText(i), QStringLiteral("Colorization — pretext task"));

    QVERIFY(setField(&dlg, QStringLiteral("dataset"), gray));
    dlg.revalidateNow();
    QVERIFY2(!model->item(i)->isEnabled(), "colorization offered for a gray dataset");
    QCOMPARE(method->itemText(i), QStringLiteral("Colorization — pretext task (needs colour images)"));
    const QString why = method->itemData(i, Qt::ToolTipRole).toString();
    QVERIFY2(why.contains(gray + QStringLiteral(" has 1 channel")) && why.contains(QLatin1String("no colour to predict"))
            && why.contains(QLatin1String("choose a colour dataset")),
        qPrintable(why));
    QVERIFY2(dlg.isValid(), qPrintable(dlg.validationError())); // SimCLR itself is fine on gray data
    QVERIFY(model->item(method->findData(QStringLiteral("simclr")))->isEnabled());

    // Asked for anyway (a loaded config): refused under the dataset field, Start disabled.
    engine::RunConfig c = engine::defaultRunConfig("colorization");
    c.dataset = gray.toStdString();
    c.batchSize = 32;
    dlg.setConfig(c);
    QVERIFY(!dlg.isValid());
    QVERIFY2(dlg.validationError().contains(QStringLiteral("Dataset: method colorization needs colour images, but ")
                 + gray + QStringLiteral(" has 1 channel")),
        qPrintable(dlg.validationError()));
    QVERIFY(!dlg.findChild<QPushButton *>(QStringLiteral("startButton"))->isEnabled());

    // A colour dataset puts everything back.
    QVERIFY(setField(&dlg, QStringLiteral("dataset"), QStringLiteral("shapes:64")));
    dlg.revalidateNow();
    QVERIFY2(dlg.isValid(), qPrintable(dlg.validationError()));
    QVERIFY(model->item(i)->isEnabled());
    QCOMPARE(method->itemData(i, Qt::ToolTipRole).toString(), qs(engine::findMethod("colorization")->summary));
}

// Grabs the dialog as a classroom sees it and checks that the preview is not blank and the form fits; with
// PRETEXT_SHOTS_DIR set it also writes every tab, for SimCLR and for Jigsaw, as a PNG for a person to look at.
void TestNewRunDialog::screenshot()
{
    const QString outDir = qEnvironmentVariable("PRETEXT_SHOTS_DIR");
    if (!outDir.isEmpty()) QDir().mkpath(outDir);
    for (const char *methodName : { "simclr", "jigsaw" }) {
        NewRunDialog dlg;
        engine::RunConfig c = engine::defaultRunConfig(methodName);
        c.dataset = "shapes:200";
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

        // No number field is narrower than what it shows (a cut "0.0003" reads as "0.00").
        auto *tabs = dlg.findChild<QTabWidget *>(QStringLiteral("tabs"));
        for (int i = 0; i < tabs->count(); ++i) {
            tabs->setCurrentIndex(i);
            QTest::qWait(50); // a page shown for the first time lays itself out from the event loop
            for (auto *n : tabs->widget(i)->findChildren<ui::NumberEdit *>())
                if (n->isVisible()) QVERIFY2(n->width() >= n->minimumSizeHint().width(), qPrintable(n->objectName()));
            if (!outDir.isEmpty())
                QVERIFY(
                    dlg.grab().save(outDir + QStringLiteral("/%1-tab%2.png").arg(QLatin1String(methodName)).arg(i)));
        }
        if (outDir.isEmpty()) continue;
        tabs->setCurrentIndex(0);
        setField(&dlg, QStringLiteral("dataset"), QStringLiteral("nonsense"));
        setField(&dlg, QStringLiteral("batch_size"), QStringLiteral("0"));
        QTRY_VERIFY(dlg.validationError().contains(QLatin1String("accepted forms")));
        QTest::qWait(50);
        QVERIFY(dlg.grab().save(outDir + QStringLiteral("/%1-invalid.png").arg(QLatin1String(methodName))));
        tabs->setCurrentIndex(2);
        QTest::qWait(50);
        QVERIFY(dlg.grab().save(outDir + QStringLiteral("/%1-invalid-tab2.png").arg(QLatin1String(methodName))));
    }
    if (outDir.isEmpty()) return;
    // Presentation mode: the main window scales the application font up for the back of the room.
    const QFont normal = QApplication::font();
    QFont big = normal;
    big.setPointSizeF(normal.pointSizeF() * 1.6);
    QApplication::setFont(big);
    {
        NewRunDialog dlg;
        engine::RunConfig c = engine::defaultRunConfig();
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
