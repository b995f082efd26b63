#include "ui/experimentdialog.h"
#include "ui/enginetext.h"

#include "engine/core/version.h"
#include "engine/io/json.h"
#include "engine/methods/catalog.h"
#include "ui/datasetfield.h"
#include "ui/runlibrary.h"
#include "ui/settingsform.h"

#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <climits>
#include <cmath>
#include <map>
#include <set>
#include <utility>

namespace pretext::ui {

namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

// A spin box whose special values read as words ("preset's", "all", "all cores") and can be typed as such.
class WordSpinBox : public QSpinBox {
public:
    WordSpinBox(int min, int max, std::map<int, QString> words)
        : m_words(std::move(words))
    {
        setRange(min, max);
        setAccelerated(true);
    }

protected:
    QString textFromValue(int value) const override
    {
        const auto it = m_words.find(value);
        return it != m_words.end() ? it->second : QSpinBox::textFromValue(value);
    }
    int valueFromText(const QString &text) const override
    {
        for (const auto &[value, word] : m_words)
            if (text.trimmed().compare(word, Qt::CaseInsensitive) == 0) return value;
        return QSpinBox::valueFromText(text);
    }
    QValidator::State validate(QString &text, int &pos) const override
    {
        for (const auto &[value, word] : m_words) {
            if (text.trimmed().compare(word, Qt::CaseInsensitive) == 0) return QValidator::Acceptable;
            if (!text.trimmed().isEmpty() && word.startsWith(text.trimmed(), Qt::CaseInsensitive))
                return QValidator::Intermediate;
        }
        return QSpinBox::validate(text, pos);
    }

private:
    std::map<int, QString> m_words;
};

// Images a dataset spec holds for training when it says so by its name; -1 when only loading it would tell.
int64_t knownTrainImages(const std::string &dataset)
{
    const std::string kind = dataset.substr(0, dataset.find(':'));
    if (kind == "fashion-mnist" || kind == "mnist") return 60000;
    if (kind == "cifar10" || kind == "cifar100") return 50000;
    if (kind == "shapes") {
        if (dataset == "shapes") return 2000;
        bool ok = false;
        const qlonglong n = QLocale::c().toLongLong(qs(dataset.substr(7)), &ok);
        return ok && n > 0 ? n : -1;
    }
    return -1;
}

// Images one epoch of `c` trains on; -1 when not known without loading the data.
int64_t imagesPerEpoch(const engine::RunConfig &c)
{
    int64_t available = knownTrainImages(c.dataset);
    if (c.trainLimit > 0) available = available > 0 ? std::min(available, c.trainLimit) : c.trainLimit;
    if (c.stepsPerEpoch > 0) {
        const int64_t stepped = c.stepsPerEpoch * c.batchSize;
        return available > 0 ? std::min(available, stepped) : stepped;
    }
    return available;
}

bool isGrayDataset(const QString &dataset)
{
    return engine::isGrayDatasetSpec(dataset.toStdString());
}

QString valueText(const engine::json::Value &v)
{
    if (v.isBool()) return v.asBool() ? ExperimentDialog::tr("on") : ExperimentDialog::tr("off");
    if (v.isNumber()) return QString::number(v.asNumber(), 'g', 6);
    if (v.isString()) return qs(v.asString());
    return qs(engine::json::dump(v));
}

using FlatConfig = std::vector<std::pair<std::string, QString>>;

void flatten(const engine::json::Value &v, const std::string &prefix, FlatConfig &out)
{
    for (const auto &[key, value] : v.asObject()) {
        const std::string name = prefix.empty() ? key : prefix + "." + key;
        if (value.isObject())
            flatten(value, name, out);
        else
            out.emplace_back(name, valueText(value));
    }
}

// What sets each run apart from the others: for a setting every run has its own value of (τ, lr), that value in
// every row; for one most runs share (an augmentation switched off), only in the rows that differ from the first.
// Method and epochs have columns of their own; execution settings say nothing about what is learned.
QStringList varyingSettings(const engine::ExperimentSpec &spec)
{
    static const std::set<std::string> skipped = { "method", "epochs", "threads", "device", "seed", "precision",
        "previews_per_second", "preview_samples", "checkpoint_every", "versions" };
    std::vector<FlatConfig> flat(spec.runs.size());
    std::vector<std::string> keys;
    for (size_t i = 0; i < spec.runs.size(); ++i) {
        flatten(engine::toJson(spec.runs[i].config), {}, flat[i]);
        for (const auto &kv : flat[i])
            if (!skipped.count(kv.first.substr(0, kv.first.find('.')))
                && std::find(keys.begin(), keys.end(), kv.first) == keys.end())
                keys.push_back(kv.first);
    }
    const auto valueOf = [&flat](size_t run, const std::string &key) -> const QString * {
        for (const auto &kv : flat[run])
            if (kv.first == key) return &kv.second;
        return nullptr;
    };
    QStringList out(static_cast<int>(spec.runs.size()));
    for (const auto &key : keys) {
        std::vector<const QString *> values;
        std::set<QString> distinct;
        for (size_t i = 0; i < spec.runs.size(); ++i) {
            values.push_back(valueOf(i, key));
            if (values.back()) distinct.insert(*values.back());
        }
        const auto holders
            = static_cast<size_t>(std::count_if(values.begin(), values.end(), [](auto *v) { return v; }));
        if (holders < 2 || distinct.size() < 2) continue; // one run's own setting, or the same everywhere
        const bool everyRowOwn = distinct.size() == holders;
        const QString *first = *std::find_if(values.begin(), values.end(), [](auto *v) { return v; });
        const QString name = key == "temperature" ? QStringLiteral("τ")
            : key.rfind("augment.", 0) == 0       ? qs(key.substr(8))
                                                  : qs(key);
        for (size_t i = 0; i < values.size(); ++i) {
            if (!values[i] || (!everyRowOwn && *values[i] == *first)) continue;
            QString &cell = out[static_cast<int>(i)];
            cell += (cell.isEmpty() ? QString() : QStringLiteral(", ")) + name + QStringLiteral(" = ") + *values[i];
        }
    }
    return out;
}

// A comma-separated list of numbers, read in the C locale ("0.1, 0.3"); with `percent`, "1 %" reads as 0.01.
// Empty entries are skipped (a list being typed); each entry that is not a number is a problem naming it.
std::vector<double> numberList(
    const QString &text, bool percent, const QString &label, const QString &example, QStringList *problems)
{
    std::vector<double> out;
    for (const QString &part : text.split(QLatin1Char(','))) {
        QString item = part.trimmed();
        if (item.isEmpty()) continue;
        const bool isPercent = percent && item.endsWith(QLatin1Char('%'));
        if (isPercent) item = item.chopped(1).trimmed();
        bool ok = false;
        const double v = QLocale::c().toDouble(item, &ok);
        if (!ok || !std::isfinite(v)) {
            problems->append(ExperimentDialog::tr("%1: '%2' is not a number; write numbers with a '.' and separate "
                                                  "them with commas, e.g. %3")
                                 .arg(label, part.trimmed(), example));
            continue;
        }
        out.push_back(isPercent ? v / 100 : v);
    }
    return out;
}

QString listText(const std::vector<double> &values)
{
    QStringList parts;
    for (double v : values)
        parts << QString::number(v, 'g', 6);
    return parts.join(QStringLiteral(", "));
}

} // namespace

ExperimentDialog::ExperimentDialog(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Run an experiment"));
    setObjectName(QStringLiteral("ExperimentDialog"));
    m_stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    // Mnemonics are chosen by hand: every letter once, S and C left to Start and Cancel.

    // Left: the presets. Creation order is Tab order: list, options, folder, runs table, buttons.
    auto *presetLabel = new QLabel(tr("&Preset"));
    m_presets = new QListWidget;
    m_presets->setObjectName(QStringLiteral("presets"));
    m_presets->setWordWrap(true);
    m_presets->setTextElideMode(Qt::ElideNone);
    m_presets->setSpacing(2);
    m_presets->setMinimumWidth(fontMetrics().horizontalAdvance(QLatin1Char('x')) * 34);
    m_presets->setMaximumWidth(fontMetrics().horizontalAdvance(QLatin1Char('x')) * 44);
    presetLabel->setBuddy(m_presets);
    buildPresetList();

    // Right: what the preset asks, its options, its runs.
    m_title = new QLabel;
    m_title->setObjectName(QStringLiteral("title"));
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    m_title->setFont(titleFont);
    m_title->setWordWrap(true);
    m_question = new QLabel;
    m_question->setObjectName(QStringLiteral("question"));
    m_question->setWordWrap(true);

    m_form = new QFormLayout;
    m_form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);

    m_dataset = new DatasetField(tr("&Browse…"));
    m_dataset->editor()->setEditText(QStringLiteral("fashion-mnist"));
    addRow(QStringLiteral("dataset"), tr("&Dataset"), m_dataset->editor(), m_dataset,
        tr("The images every run trains on; the colour augmentations need colour images (shapes)."));

    m_method = new QComboBox;
    for (const auto &m : engine::methodCatalog()) {
        if (m.family == engine::MethodFamily::Supervised) continue; // the transfer preset adds it as its baseline
        m_method->addItem(engineText(m.title), qs(m.name));
        m_method->setItemData(m_method->count() - 1, engineText(m.summary), Qt::ToolTipRole);
    }
    m_method->setCurrentIndex(std::max(0, m_method->findData(QStringLiteral("simclr"))));
    addRow(QStringLiteral("method"), tr("&Method"), m_method, m_method,
        tr("The self-supervised method the experiment trains (the temperature sweep needs a contrastive one)."));

    // The lists start at the engine's own defaults, read from the presets rather than written here a second time.
    std::vector<double> temperatures;
    for (const auto &r : engine::makeExperiment("temperature").runs)
        temperatures.push_back(r.value);
    m_temperatures = new QLineEdit(listText(temperatures));
    m_temperatures->setPlaceholderText(listText(temperatures));
    addRow(QStringLiteral("temperatures"), tr("&Temperatures"), m_temperatures, m_temperatures,
        tr("The values of τ, separated by commas, one run each; empty: %1").arg(listText(temperatures)));

    const std::vector<double> fractions = engine::makeExperiment("transfer").fractions;
    m_fractions = new QLineEdit(listText(fractions));
    m_fractions->setPlaceholderText(listText(fractions));
    addRow(QStringLiteral("fractions"), tr("&Label fractions"), m_fractions, m_fractions,
        tr("Shares of labelled training images each encoder is probed and fine-tuned with, separated by commas "
           "(0.01 or 1 %); empty: %1")
            .arg(listText(fractions)));

    const QString presets = tr("preset's");
    m_epochs = new WordSpinBox(0, 10000, { { 0, presets } });
    addRow(QStringLiteral("epochs"), tr("&Epochs"), m_epochs, m_epochs,
        tr("Passes over the training images of every run; \"%1\": each run's as the preset plans it").arg(presets));
    m_trainLimit = new WordSpinBox(-1, INT_MAX, { { -1, presets }, { 0, tr("all") } });
    m_trainLimit->setValue(-1);
    addRow(QStringLiteral("train_limit"), tr("Training &images"), m_trainLimit, m_trainLimit,
        tr("Train on the first N images only (\"all\": every one); fewer make a shorter lesson and a weaker "
           "encoder"));
    m_stepsPerEpoch = new WordSpinBox(-1, INT_MAX, { { -1, presets }, { 0, tr("full pass") } });
    m_stepsPerEpoch->setValue(-1);
    addRow(QStringLiteral("steps_per_epoch"), tr("Steps per epoc&h"), m_stepsPerEpoch, m_stepsPerEpoch,
        tr("Batches per epoch (\"full pass\": as many as the training images fill)"));
    m_seed = new QSpinBox;
    m_seed->setRange(0, INT_MAX);
    addRow(QStringLiteral("seed"), tr("&Random seed"), m_seed, m_seed,
        tr("The seed of every run: the runs differ in the setting studied only"));
    m_threads = new WordSpinBox(0, 1024, { { 0, tr("all cores") } });
    for (QSpinBox *box : { m_epochs, m_trainLimit, m_stepsPerEpoch, m_seed, m_threads })
        box->setMinimumWidth(fontMetrics().horizontalAdvance(QLatin1Char('x')) * 16);
    addRow(QStringLiteral("threads"), tr("CP&U threads"), m_threads, m_threads, tr("CPU threads each run uses"));
    if (engine::cudaAvailable()) {
        m_device = new QComboBox;
        m_device->setEditable(true);
        m_device->addItems({ QStringLiteral("cpu"), QStringLiteral("cuda") });
        addRow(QStringLiteral("device"), tr("De&vice"), m_device, m_device, tr("cpu, cuda or cuda:N"));
    }

    m_folder = new QLineEdit;
    m_folder->setMinimumWidth(m_folder->fontMetrics().horizontalAdvance(QLatin1Char('x')) * 40);
    connect(m_folder, &QLineEdit::textEdited, this, [this] {
        m_folderAuto = false;
        rebuild();
    });
    m_browse = new QPushButton(tr("Bro&wse…"));
    m_browse->setObjectName(QStringLiteral("folderBrowse"));
    m_browse->setAutoDefault(false);
    m_browse->setToolTip(tr("Pick the experiment folder: an empty folder is used as it is, in any other a new "
                            "sub-folder is made for the experiment."));
    connect(m_browse, &QPushButton::clicked, this, [this] {
        QString start = folder();
        while (!start.isEmpty() && !QFileInfo(start).isDir())
            start = QFileInfo(start).path() == start ? QString() : QFileInfo(start).path();
        const QString dir = QFileDialog::getExistingDirectory(
            this, tr("Choose the experiment folder"), start.isEmpty() ? QDir::homePath() : start);
        if (dir.isEmpty()) return;
        const bool empty = QDir(dir).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
        setFolder(empty ? dir : QDir(dir).filePath(QFileInfo(defaultFolder()).fileName()));
    });
    auto *folderRow = new QWidget;
    auto *folderLayout = new QHBoxLayout(folderRow);
    folderLayout->setContentsMargins(0, 0, 0, 0);
    folderLayout->addWidget(m_folder, 1);
    folderLayout->addWidget(m_browse);
    addRow(QStringLiteral("folder"), tr("&Folder"), m_folder, folderRow,
        tr("Where experiment.json, the runs' folders and the summary are written; it follows the preset until you "
           "edit it."));

    m_error = new QLabel;
    m_error->setObjectName(QStringLiteral("errorLabel"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette red = m_error->palette();
    red.setColor(QPalette::WindowText, errorTextColor(red));
    m_error->setPalette(red);
    m_error->hide();

    auto *runsLabel = new QLabel(tr("Ru&ns"));
    QFont bold = runsLabel->font();
    bold.setBold(true);
    runsLabel->setFont(bold);
    m_runsSummary = new QLabel;
    m_runsSummary->setObjectName(QStringLiteral("runsSummary"));
    m_runsSummary->setWordWrap(true);
    m_runs = new QTableWidget;
    m_runs->setObjectName(QStringLiteral("runs"));
    m_runs->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_runs->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_runs->setTabKeyNavigation(false); // Tab leaves the table for the buttons
    m_runs->verticalHeader()->hide();
    m_runs->horizontalHeader()->setStretchLastSection(true);
    m_runs->setWordWrap(false);
    m_runs->setMinimumHeight(fontMetrics().height() * 9);
    runsLabel->setBuddy(m_runs);

    auto *buttons = new QDialogButtonBox;
    m_start = buttons->addButton(tr("&Start"), QDialogButtonBox::AcceptRole);
    m_start->setObjectName(QStringLiteral("startButton"));
    m_start->setToolTip(tr("Run the experiment's runs one after the other (Enter)"));
    m_start->setDefault(true);
    QPushButton *cancel = buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancelButton"));
    cancel->setToolTip(tr("Close without starting (Esc)"));
    connect(buttons, &QDialogButtonBox::accepted, this, &ExperimentDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ExperimentDialog::reject);

    auto *left = new QVBoxLayout;
    left->addWidget(presetLabel);
    left->addWidget(m_presets, 1);
    auto *right = new QVBoxLayout;
    right->addWidget(m_title);
    right->addWidget(m_question);
    right->addSpacing(fontMetrics().height() / 2);
    right->addLayout(m_form);
    right->addWidget(m_error);
    right->addSpacing(fontMetrics().height() / 2);
    right->addWidget(runsLabel);
    right->addWidget(m_runsSummary);
    right->addWidget(m_runs, 1);
    auto *columns = new QHBoxLayout;
    columns->addLayout(left);
    columns->addSpacing(fontMetrics().height() / 2);
    columns->addLayout(right, 1);
    auto *outer = new QVBoxLayout(this);
    outer->addLayout(columns, 1);
    outer->addWidget(buttons);

    connect(m_presets, &QListWidget::currentRowChanged, this, [this] {
        updateFieldVisibility();
        updateFolderDefault();
        rebuild();
    });
    connect(m_dataset->editor(), &QComboBox::editTextChanged, this, &ExperimentDialog::rebuild);
    connect(m_method, &QComboBox::currentIndexChanged, this, &ExperimentDialog::rebuild);
    connect(m_temperatures, &QLineEdit::textChanged, this, &ExperimentDialog::rebuild);
    connect(m_fractions, &QLineEdit::textChanged, this, &ExperimentDialog::rebuild);
    for (QSpinBox *box : { m_epochs, m_trainLimit, m_stepsPerEpoch, m_seed, m_threads })
        connect(box, &QSpinBox::valueChanged, this, &ExperimentDialog::rebuild);
    if (m_device) connect(m_device, &QComboBox::editTextChanged, this, &ExperimentDialog::rebuild);

    m_presets->setCurrentRow(0);
    m_presets->setFocus();
    resize(sizeHint().expandedTo(
        QSize(fontMetrics().horizontalAdvance(QLatin1Char('x')) * 140, fontMetrics().height() * 38)));
}

void ExperimentDialog::buildPresetList()
{
    for (const auto &p : engine::experimentPresets()) {
        // "Exercise 2: which augmentations matter" reads as its number and its subject on two lines.
        QString title = engineText(p.title);
        const int colon = title.indexOf(QStringLiteral(": "));
        if (colon > 0) title = title.left(colon) + QLatin1Char('\n') + title.mid(colon + 2);
        auto *item = new QListWidgetItem(title, m_presets);
        item->setData(Qt::UserRole, qs(p.name));
        item->setToolTip(engineText(p.summary));
    }
}

void ExperimentDialog::addRow(
    const QString &key, const QString &label, QWidget *editor, QWidget *field, const QString &toolTip)
{
    auto *l = new QLabel(label);
    l->setBuddy(editor);
    l->setToolTip(toolTip);
    editor->setObjectName(key);
    editor->setToolTip(toolTip);
    m_form->addRow(l, field);
    m_fields.append({ key, editor, field });
}

QString ExperimentDialog::preset() const
{
    const QListWidgetItem *item = m_presets->currentItem();
    return item ? item->data(Qt::UserRole).toString() : QString();
}

void ExperimentDialog::setPreset(const QString &name)
{
    for (int i = 0; i < m_presets->count(); ++i)
        if (m_presets->item(i)->data(Qt::UserRole).toString() == name) m_presets->setCurrentRow(i);
}

QWidget *ExperimentDialog::field(const QString &key) const
{
    for (const auto &f : m_fields)
        if (f.key == key) return f.editor;
    return nullptr;
}

bool ExperimentDialog::fieldApplies(const QString &key) const
{
    const QString p = preset();
    if (key == QLatin1String("method")) return p != QLatin1String("byol-vs-simclr"); // both methods are the point
    if (key == QLatin1String("temperatures")) return p == QLatin1String("temperature");
    if (key == QLatin1String("fractions")) return p == QLatin1String("transfer");
    return field(key) != nullptr;
}

void ExperimentDialog::updateFieldVisibility()
{
    for (const auto &f : m_fields)
        m_form->setRowVisible(f.field, fieldApplies(f.key));
}

QString ExperimentDialog::folder() const
{
    QString dir = m_folder->text().trimmed();
    if (dir == QLatin1String("~") || dir.startsWith(QLatin1String("~/"))) dir = QDir::homePath() + dir.mid(1);
    return dir;
}

void ExperimentDialog::setFolder(const QString &dir)
{
    m_folderAuto = dir.trimmed().isEmpty();
    if (m_folderAuto)
        updateFolderDefault();
    else
        m_folder->setText(dir);
    rebuild();
}

QString ExperimentDialog::defaultFolder() const
{
    const QString name = preset().isEmpty() ? QStringLiteral("experiment") : preset();
    return QDir(RunLibrary::defaultFolder()).filePath(QStringLiteral("experiment-%1-%2").arg(name, m_stamp));
}

void ExperimentDialog::updateFolderDefault()
{
    if (m_folderAuto) m_folder->setText(defaultFolder());
}

engine::ExperimentOptions ExperimentDialog::readOptions(QStringList *problems) const
{
    engine::ExperimentOptions o;
    o.dataset = m_dataset->editor()->currentText().trimmed().toStdString();
    if (fieldApplies(QStringLiteral("method"))) o.method = m_method->currentData().toString().toStdString();
    if (fieldApplies(QStringLiteral("temperatures")))
        o.temperatures
            = numberList(m_temperatures->text(), false, tr("Temperatures"), QStringLiteral("0.1, 0.5"), problems);
    if (fieldApplies(QStringLiteral("fractions")))
        o.fractions
            = numberList(m_fractions->text(), true, tr("Label fractions"), QStringLiteral("0.01, 0.1"), problems);
    o.epochs = m_epochs->value();
    o.trainLimit = m_trainLimit->value();
    o.stepsPerEpoch = m_stepsPerEpoch->value();
    o.seed = static_cast<uint64_t>(m_seed->value());
    o.threads = m_threads->value();
    if (m_device) o.device = m_device->currentText().trimmed().toStdString();
    return o;
}

void ExperimentDialog::rebuild()
{
    const QString name = preset();
    m_problems.clear();
    const engine::ExperimentOptions options = readOptions(&m_problems);
    m_spec = engine::ExperimentSpec {};
    m_spec.name = name.toStdString();
    try {
        m_spec = engine::makeExperiment(name.toStdString(), options);
    } catch (const std::exception &e) {
        m_problems.append(qs(e.what()));
    }

    // What only the dialog checks before anything runs: a method the dataset cannot feed, and the folder.
    if (fieldApplies(QStringLiteral("method")) && isGrayDataset(qs(options.dataset))) {
        if (const engine::MethodInfo *m = engine::findMethod(options.method))
            if (const std::string why = engine::colourProblem(*m, options.dataset, 1); !why.empty())
                m_problems.append(qs(why));
    }
    const QString dir = folder();
    const QFileInfo info(dir);
    if (dir.isEmpty())
        m_problems.append(tr("Folder: choose where the experiment is written"));
    else if (info.exists() && !info.isDir())
        m_problems.append(tr("Folder: %1 is a file, not a folder").arg(dir));
    else if (QFileInfo::exists(QDir(dir).filePath(QStringLiteral("experiment.json"))))
        m_problems.append(tr("Folder: %1 already holds an experiment; continue it with \"Continue an experiment…\", "
                             "or choose a new folder")
                              .arg(dir));
    else if (QFileInfo::exists(QDir(dir).filePath(QStringLiteral("config.json"))))
        m_problems.append(tr("Folder: %1 holds a training run; choose a new folder").arg(dir));

    m_title->setText(m_spec.title.empty() ? name : engineText(m_spec.title));
    if (!m_spec.question.empty()) {
        m_question->setText(engineText(m_spec.question));
    } else {
        for (const auto &p : engine::experimentPresets())
            if (qs(p.name) == name) m_question->setText(engineText(p.summary));
    }
    fillRunsTable();
    m_error->setText(m_problems.join(QLatin1Char('\n')));
    m_error->setVisible(!m_problems.isEmpty());
    m_start->setEnabled(m_problems.isEmpty());
}

void ExperimentDialog::fillRunsTable()
{
    QString variable = m_spec.variable.empty() ? tr("Run") : qs(m_spec.variable);
    variable[0] = variable[0].toUpper();
    const QStringList headers
        = { tr("Id"), variable, tr("Method"), tr("Epochs"), tr("Images / epoch"), tr("Setting that varies") };
    m_runs->clear();
    m_runs->setColumnCount(static_cast<int>(headers.size()));
    m_runs->setHorizontalHeaderLabels(headers);
    m_runs->setRowCount(static_cast<int>(m_spec.runs.size()));
    const QStringList varying = varyingSettings(m_spec);
    const QLocale locale;
    int64_t epochs = 0, images = 0;
    bool imagesKnown = true;
    for (int row = 0; row < m_runs->rowCount(); ++row) {
        const engine::ExperimentRunSpec &run = m_spec.runs[static_cast<size_t>(row)];
        const engine::MethodInfo *method = engine::findMethod(run.config.method);
        const int64_t perEpoch = imagesPerEpoch(run.config);
        epochs += run.config.epochs;
        if (perEpoch > 0)
            images += perEpoch * run.config.epochs;
        else
            imagesKnown = false;
        const QStringList cells = { qs(run.id), engineText(run.label), method ? engineText(method->title) : qs(run.config.method),
            QString::number(run.config.epochs), perEpoch > 0 ? locale.toString(qlonglong(perEpoch)) : tr("all"),
            varying.value(row).isEmpty() ? QStringLiteral("–") : varying.value(row) };
        for (int col = 0; col < cells.size(); ++col) {
            auto *item = new QTableWidgetItem(cells[col]);
            if (col == 3 || col == 4) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (col == cells.size() - 1 && !varying.value(row).isEmpty())
                item->setToolTip(varying.value(row).split(QStringLiteral(", ")).join(QLatin1Char('\n')));
            m_runs->setItem(row, col, item);
        }
    }
    // When the runs differ by method, the label column says it already.
    m_runs->setColumnHidden(2, m_spec.variable == "method");
    // The last column (what varies) takes the room left and elides; its tooltip lists every setting.
    for (int col = 0; col + 1 < m_runs->columnCount(); ++col)
        m_runs->resizeColumnToContents(col);

    const int count = m_runs->rowCount();
    if (count == 0) {
        m_runsSummary->setText(tr("No runs: see the problem above."));
        return;
    }
    // No time estimate: how long a step takes depends on the machine and the method, which only a run measures.
    QString text = count == 1 ? tr("1 run: %1 epochs").arg(epochs)
                              : tr("%1 runs, one after the other: %2 epochs").arg(count).arg(epochs);
    if (imagesKnown) text += tr(", %1 training images in all").arg(locale.toString(qlonglong(images)));
    if (!m_spec.fractions.empty()) {
        QStringList shares;
        for (double f : m_spec.fractions)
            shares << QString::number(100 * f, 'g', 4) + QStringLiteral(" %");
        text += tr("; then each encoder, and the untrained one, is probed and fine-tuned with %1 of the labels")
                    .arg(shares.join(tr(" and ")));
    }
    text += tr(". Each run is evaluated (linear probe and kNN) after every epoch.");
    m_runsSummary->setText(text);
}

QString ExperimentDialog::errorText() const
{
    return m_problems.join(QLatin1Char('\n'));
}

void ExperimentDialog::accept()
{
    rebuild(); // the folder may have appeared since the last edit
    if (!isValid()) return;
    QDialog::accept();
}

std::optional<std::pair<engine::ExperimentSpec, QString>> ExperimentDialog::chooseExistingExperiment(
    QWidget *parent, const QString &startDir)
{
    const QString dir = QFileDialog::getExistingDirectory(parent, tr("Continue an experiment: choose its folder"),
        startDir.isEmpty() ? RunLibrary::defaultFolder() : startDir);
    if (dir.isEmpty()) return std::nullopt;
    return openExistingExperiment(parent, dir);
}

std::optional<std::pair<engine::ExperimentSpec, QString>> ExperimentDialog::openExistingExperiment(
    QWidget *parent, const QString &dir)
{
    try {
        return std::make_pair(engine::loadExperiment(dir.toStdString()), dir);
    } catch (const std::exception &e) {
        QMessageBox box(QMessageBox::Warning, tr("Cannot continue this experiment"),
            tr("%1 cannot be continued as an experiment.").arg(QDir::toNativeSeparators(dir)), QMessageBox::Ok, parent);
        box.setObjectName(QStringLiteral("experimentError"));
        box.setInformativeText(tr("%1\n\nChoose the folder that holds experiment.json: the one given to Start, or to "
                                  "pretext-cli experiment --out.")
                                   .arg(qs(e.what())));
        box.exec();
        return std::nullopt;
    }
}

} // namespace pretext::ui
