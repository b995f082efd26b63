#include "ui/enginetext.h"

#include "engine/data/dataset.h"
#include "engine/methods/catalog.h"
#include "engine/train/experiment.h"
#include "engine/train/runconfig.h"

#include <QCoreApplication>

#include <algorithm>
#include <set>

namespace pretext::ui {

namespace {
const char *kContext = "engine";
}

QString engineText(const char *text)
{
    return QCoreApplication::translate(kContext, text);
}

QString engineText(const std::string &text)
{
    return text.empty() ? QString() : engineText(text.c_str());
}

std::vector<std::string> translatedClassNames(const std::vector<std::string> &names)
{
    std::vector<std::string> out;
    out.reserve(names.size());
    for (const auto &n : names)
        out.push_back(engineText(n).toStdString());
    return out;
}

engine::TextTranslator engineTranslator()
{
    return [](const char *text) { return engineText(text).toStdString(); };
}

QString settingRangeText(const engine::Setting &s)
{
    return QString::fromStdString(s.rangeText(engineTranslator()));
}

QString settingSpecialText(const engine::Setting &s)
{
    return engineText(s.special);
}

std::vector<std::string> currentEngineTexts()
{
    std::set<std::string> texts;
    const auto add = [&texts](const std::string &t) {
        if (!t.empty()) texts.insert(t);
    };
    const auto addSettings = [&add](const std::vector<engine::Setting> &table) {
        for (const auto &s : table) {
            add(s.label);
            add(s.help);
            add(s.special);
            add(s.group);
        }
    };
    addSettings(engine::runSettings());
    for (const auto &a : engine::augmentSettings())
        addSettings({ a.setting });
    for (const auto &m : engine::methodCatalog()) {
        add(m.title);
        add(m.summary);
        add(m.description);
        add(engine::familyName(m.family));
        addSettings(m.settings);
    }
    for (const auto &p : engine::experimentPresets()) {
        add(p.title);
        add(p.summary);
        const auto spec = engine::makeExperiment(p.name);
        add(spec.title);
        add(spec.question);
    }
    add(engine::datasetSpecHelp());
    return { texts.begin(), texts.end() };
}

const std::vector<const char *> &engineMessagesForTranslation()
{
    static const std::vector<const char *> messages = {
        // Trainer::onMessage
        QT_TRANSLATE_NOOP("engine", "measuring the random-init baseline"),
        QT_TRANSLATE_NOOP("engine", "evaluating: linear probe and kNN"),
        // The runs of the augmentation ablation and of the transfer experiment (ExperimentSpec::runs labels)
        QT_TRANSLATE_NOOP("engine", "all on"), QT_TRANSLATE_NOOP("engine", "crop removed"),
        QT_TRANSLATE_NOOP("engine", "flip removed"), QT_TRANSLATE_NOOP("engine", "jitter removed"),
        QT_TRANSLATE_NOOP("engine", "grayscale removed"), QT_TRANSLATE_NOOP("engine", "blur removed"),
        QT_TRANSLATE_NOOP("engine", "solarize removed"), QT_TRANSLATE_NOOP("engine", "supervised (every label)"),
    };
    return messages;
}

const std::vector<const char *> &builtInClassNamesForTranslation()
{
    static const std::vector<const char *> names = {
        // Fashion-MNIST
        QT_TRANSLATE_NOOP("engine", "T-shirt/top"),
        QT_TRANSLATE_NOOP("engine", "Trouser"),
        QT_TRANSLATE_NOOP("engine", "Pullover"),
        QT_TRANSLATE_NOOP("engine", "Dress"),
        QT_TRANSLATE_NOOP("engine", "Coat"),
        QT_TRANSLATE_NOOP("engine", "Sandal"),
        QT_TRANSLATE_NOOP("engine", "Shirt"),
        QT_TRANSLATE_NOOP("engine", "Sneaker"),
        QT_TRANSLATE_NOOP("engine", "Bag"),
        QT_TRANSLATE_NOOP("engine", "Ankle boot"),
        // CIFAR-10 and STL-10
        QT_TRANSLATE_NOOP("engine", "airplane"),
        QT_TRANSLATE_NOOP("engine", "automobile"),
        QT_TRANSLATE_NOOP("engine", "bird"),
        QT_TRANSLATE_NOOP("engine", "car"),
        QT_TRANSLATE_NOOP("engine", "cat"),
        QT_TRANSLATE_NOOP("engine", "deer"),
        QT_TRANSLATE_NOOP("engine", "dog"),
        QT_TRANSLATE_NOOP("engine", "frog"),
        QT_TRANSLATE_NOOP("engine", "horse"),
        QT_TRANSLATE_NOOP("engine", "monkey"),
        QT_TRANSLATE_NOOP("engine", "ship"),
        QT_TRANSLATE_NOOP("engine", "truck"),
        // The generated shapes
        QT_TRANSLATE_NOOP("engine", "circle"),
        QT_TRANSLATE_NOOP("engine", "square"),
        QT_TRANSLATE_NOOP("engine", "triangle"),
        QT_TRANSLATE_NOOP("engine", "cross"),
        QT_TRANSLATE_NOOP("engine", "ring"),
        QT_TRANSLATE_NOOP("engine", "horizontal bar"),
        QT_TRANSLATE_NOOP("engine", "vertical bar"),
        QT_TRANSLATE_NOOP("engine", "diamond"),
        QT_TRANSLATE_NOOP("engine", "star"),
        QT_TRANSLATE_NOOP("engine", "ellipse"),
    };
    return names;
}

} // namespace pretext::ui
