// The method registry is the only place the rest of the program learns about methods: a method registered at run
// time (as a plug-in or a new method file would) shows up in `pretext-cli train --help`, is accepted by the flag
// parser and the config reader with its own setting, and trains, without any edit outside its own code.
#include "commands.h"

#include "engine/core/errors.h"
#include "engine/io/runfolder.h"
#include "engine/methods/method.h"
#include "engine/train/runconfig.h"
#include "engine/train/trainer.h"

#include <QTemporaryDir>
#include <QtTest>

#include <torch/torch.h>

using namespace pretext;
using namespace pretext::engine;

namespace {

// A method as small as a method can be: a linear "pretext task" that pulls the mean feature towards `scale`.
class DummyMethod : public Method {
public:
    DummyMethod(const RunConfig &config, const MethodContext &context) : m_scale(config.real("dummy_scale"))
    {
        m_encoder = register_module("encoder", makeEncoder(config, context));
    }
    std::string name() const override { return "dummy"; }
    StepOutput step(const torch::Tensor &images, Rng &, bool) override
    {
        StepOutput out;
        auto h = m_encoder->forward(evalInput(images));
        out.loss = (h.mean() - m_scale).pow(2);
        out.features = h.detach();
        out.scalars = {{"dummy_mean", h.mean().item<double>()}};
        return out;
    }
    Backbone encoder() const override { return m_encoder; }
    torch::Tensor evalInput(const torch::Tensor &images) const override
    {
        return images.to(torch::kFloat).div(255.0);
    }
    void fillPreview(const StepOutput &, int, PreviewSnapshot &) const override {}

private:
    double m_scale;
    Backbone m_encoder;
};

MethodInfo dummyInfo()
{
    MethodInfo m;
    m.name = "dummy";
    m.title = "Dummy method";
    m.family = MethodFamily::Pretext;
    m.summary = "a test method registered at run time";
    m.description = "Registered by tst_registry to show that nothing outside a method's own code names it.";
    m.settings = {Setting::real("dummy_scale", "Scale", 1.0, 0.0, 5.0).withHelp("Target of the mean feature.")};
    // A recipe that changes a shared setting and an augmentation field.
    m.recipe["lr"] = 0.002;
    m.recipe["augment.crop_scale_min"] = 0.5;
    return m;
}

std::vector<char *> argv(std::vector<std::string> &args)
{
    std::vector<char *> out;
    for (auto &a : args) out.push_back(a.data());
    return out;
}

} // namespace

class TestRegistry : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        torch::set_num_threads(1);
        registerMethod(dummyInfo(), [](const RunConfig &c, const MethodContext &x) {
            return std::make_shared<DummyMethod>(c, x);
        });
    }

    void registeredMethodIsEverywhere()
    {
        QVERIFY(findMethod("dummy"));
        const auto names = methodNames();
        QVERIFY(std::find(names.begin(), names.end(), "dummy") != names.end());
        const std::string help = cli::trainHelp();
        QVERIFY2(help.find("dummy — Dummy method (pretext task): a test method registered at run time") !=
                     std::string::npos, help.c_str());
        QVERIFY(help.find("--dummy-scale X") != std::string::npos);
        QVERIFY(help.find("Target of the mean feature. [0 to 5] default: 1") != std::string::npos);
        // The method setting's choices list it too.
        const Setting *method = findSetting(runSettings(), "method");
        QVERIFY(std::find(method->choices.begin(), method->choices.end(), "dummy") != method->choices.end());
    }

    void flagsAndConfigReachTheMethod()
    {
        std::vector<std::string> args = {"pretext-cli", "train", "--method", "dummy", "--dummy-scale", "2.5"};
        auto a = argv(args);
        RunConfig c = cli::trainConfigFromArgs(static_cast<int>(a.size()), a.data());
        QCOMPARE(c.method, std::string("dummy"));
        QCOMPARE(c.real("dummy_scale"), 2.5);

        std::vector<std::string> bad = {"pretext-cli", "train", "--method", "dummy", "--dummy-scale", "9"};
        auto b = argv(bad);
        try {
            cli::trainConfigFromArgs(static_cast<int>(b.size()), b.data());
            QFAIL("an out-of-range method setting was accepted");
        } catch (const ConfigError &e) {
            QCOMPARE(QString(e.what()), QStringLiteral("--dummy-scale = 9 is out of range; expected 0 to 5"));
        }
        // Another method's setting is refused with the reason.
        std::vector<std::string> other = {"pretext-cli", "train", "--method", "simclr", "--dummy-scale", "1"};
        auto o = argv(other);
        try {
            cli::trainConfigFromArgs(static_cast<int>(o.size()), o.data());
            QFAIL("a setting of another method was accepted");
        } catch (const ConfigError &e) {
            QCOMPARE(QString(e.what()),
                     QStringLiteral("--dummy-scale is a setting of method dummy; this run's method is simclr"));
        }

        const RunConfig fromJson = runConfigFromJson(json::parse(R"({"method": "dummy", "dummy_scale": 0.5})"), "x.json");
        QCOMPARE(fromJson.real("dummy_scale"), 0.5);
        QVERIFY(json::dump(toJson(fromJson)).find("\"dummy_scale\":0.5") != std::string::npos);
    }

    // A method's recipe is what "the default run of this method" means, on every path a config takes: the CLI,
    // a config.json that leaves the fields out, and the dialog's method switch (which keeps what was edited).
    void recipeReachesEveryPath()
    {
        const AugmentConfig plain;
        QVERIFY(plain.cropScaleMin != 0.5);
        const RunConfig d = defaultRunConfig("dummy");
        QCOMPARE(d.lr, 0.002);
        QCOMPARE(d.augment.cropScaleMin, 0.5);
        QCOMPARE(settingValue(d, "augment.crop_scale_min").asNumber(), 0.5);

        std::vector<std::string> args = {"pretext-cli", "train", "--method", "dummy"};
        auto a = argv(args);
        const RunConfig cli = cli::trainConfigFromArgs(static_cast<int>(a.size()), a.data());
        QCOMPARE(cli.lr, 0.002);
        QCOMPARE(cli.augment.cropScaleMin, 0.5);
        QVERIFY(cli::trainHelp().find("recipe: lr 0.002, augment.crop_scale_min 0.5") != std::string::npos);

        // A file's augment object changes only the fields it names; the recipe fills the rest.
        const RunConfig partial = runConfigFromJson(
            json::parse(R"({"method": "dummy", "augment": {"flip_prob": 0.25}})"), "x.json");
        QCOMPARE(partial.augment.flipProb, 0.25);
        QCOMPARE(partial.augment.cropScaleMin, 0.5);
        const RunConfig named = runConfigFromJson(
            json::parse(R"({"method": "dummy", "lr": 0.01, "augment": {"crop_scale_min": 0.7}})"), "x.json");
        QCOMPARE(named.lr, 0.01);
        QCOMPARE(named.augment.cropScaleMin, 0.7);
        // What a run writes reads back the same.
        QCOMPARE(json::dump(toJson(runConfigFromJson(toJson(partial), "config.json"))), json::dump(toJson(partial)));

        // Switching to the method applies its recipe; switching away restores the other method's defaults...
        RunConfig c = defaultRunConfig("moco");
        const RunConfig moco = c;
        QVERIFY(moco.lr != 0.002);
        selectMethod(c, "dummy");
        QCOMPARE(c.augment.cropScaleMin, 0.5);
        QCOMPARE(c.lr, 0.002);
        selectMethod(c, "moco");
        QCOMPARE(c.augment.cropScaleMin, plain.cropScaleMin);
        QCOMPARE(c.lr, moco.lr);
        // ...but a value the teacher edited stays.
        setSettingValue(c, "augment.crop_scale_min", 0.35);
        selectMethod(c, "dummy");
        QCOMPARE(c.augment.cropScaleMin, 0.35);
        QCOMPARE(c.lr, 0.002);
    }

    void registeredMethodTrains()
    {
        QTemporaryDir tmp;
        RunConfig c = defaultRunConfig("dummy");
        c.dataset = "shapes:40";
        c.batchSize = 8;
        c.epochs = 1;
        c.stepsPerEpoch = 3;
        c.evalEachEpoch = false;
        c.threads = 1;
        Trainer t(c, (tmp.path() + "/run").toStdString());
        QCOMPARE(t.run(), TrainOutcome::Finished);
        QCOMPARE(t.completedSteps(), int64_t(3));
        // The method's own figures reach metrics.jsonl without the trainer knowing them.
        int lines = 0;
        for (const auto &m : readMetrics(joinPath(t.info().runDir, runfolder::kMetrics)))
            if (m.contains("dummy_mean")) ++lines;
        QCOMPARE(lines, 3);
    }

    // What every registered method owes the rest of the program.
    void everyMethodDescribesItself()
    {
        for (const auto &m : methodCatalog()) {
            const QString name = QString::fromStdString(m.name);
            QVERIFY2(!m.title.empty() && !m.summary.empty() && !m.description.empty(), qPrintable(name));
            // The supervised baseline has no pretext task to show: its panels are the loss, the probes and the
            // inspection of what it learned.
            if (m.name != "dummy" && m.family != MethodFamily::Supervised)
                QVERIFY2(!m.previews.empty(), qPrintable(name + ": declares no preview"));
            for (const auto &s : m.settings) {
                const QString key = name + "." + QString::fromStdString(s.key);
                QVERIFY2(!s.label.empty() && !s.help.empty(), qPrintable(key + ": no label or help"));
                QVERIFY2(checkSetting(s, s.defaultValue).empty(), qPrintable(key + ": default out of range"));
                QVERIFY2(!findSetting(runSettings(), s.key), qPrintable(key + ": shadows a shared setting"));
                // A key two methods share means one thing: one flag parses it for both.
                for (const auto &other : methodCatalog())
                    if (const Setting *same = findSetting(other.settings, s.key))
                        QVERIFY2(same->type == s.type, qPrintable(key + ": another type in " +
                                                                   QString::fromStdString(other.name)));
            }
            RunConfig c = defaultRunConfig(m.name);
            try {
                validate(c);
            } catch (const ConfigError &e) {
                QFAIL(qPrintable(name + ": its default config is invalid: " + e.what()));
            }
            // The recipe only names shared settings and augmentation fields, with values they accept.
            for (const auto &kv : m.recipe.asObject()) {
                QVERIFY2(!settingValue(c, kv.first).isNull(), qPrintable(name + ": recipe names " +
                                                                         QString::fromStdString(kv.first)));
                QVERIFY2(json::dump(settingValue(c, kv.first)) == json::dump(kv.second),
                         qPrintable(name + ": recipe value of " + QString::fromStdString(kv.first) + " not applied"));
            }
        }
        for (const auto &s : runSettings()) QVERIFY2(!s.label.empty() && !s.help.empty(), s.key.c_str());
    }

    void switchingMethodsKeepsEditsAndSharedValues()
    {
        RunConfig c = defaultRunConfig("simclr");
        setSettingValue(c, "temperature", 0.25);
        c.batchSize = 128;
        selectMethod(c, "rotation");
        QCOMPARE(c.method, std::string("rotation"));
        QCOMPARE(c.batchSize, 128);            // shared edits stay
        QVERIFY(settingValue(c, "temperature").isNull()); // rotation has no temperature
        selectMethod(c, "simclr");
        QCOMPARE(c.real("temperature"), findSetting(findMethod("simclr")->settings, "temperature")->defaultValue.asNumber()); // back to the method's default
        setSettingValue(c, "temperature", 0.3);
        selectMethod(c, "jigsaw");
        QCOMPARE(c.integer("jigsaw_grid"), int64_t(2)); // jigsaw's own default
        try {
            setSettingValue(c, "temperature", 0.1);
            QFAIL("a setting of another method was stored");
        } catch (const ConfigError &e) {
            QVERIFY2(QString(e.what()).contains("is a setting of method"), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestRegistry)
#include "tst_registry.moc"
