#include "ui/newrundialog.h"
#include "ui/enginetext.h"

#include "engine/core/version.h"
#include "engine/io/json.h"
#include "engine/methods/catalog.h"
#include "ui/augmentpreviewpanel.h"
#include "ui/datasetfield.h"
#include "ui/settingsform.h"

#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QScreen>
#include <QScrollArea>
#include <QStandardItemModel>
#include <QStyle>
#include <QTabWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <climits>

namespace pretext::ui {

namespace {

// Shown in the summary under the form; every problem is also under its own field (and in validationError()).
constexpr int kSummaryLines = 4;
const QString kAugment = QStringLiteral("augment.");
const QString kRunDir = QStringLiteral("run_dir");

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

// The field name at the start of an engine message ("augment.mean has 3 values…"): how a message from the
// preview finds its field.
QString keyOfMessage(const QString &message)
{
    static const QRegularExpression key(QStringLiteral(R"(^([A-Za-z_][A-Za-z0-9_.]*))"));
    const auto m = key.match(message);
    return m.hasMatch() ? m.captured(1) : QString();
}

// The message as shown on screen: a loader's indented list of accepted forms becomes one line of the forms
// themselves (their descriptions are in the dataset field's tooltip), so the form keeps its room.
QString compactMessage(const QString &message)
{
    const QStringList lines = message.split(QLatin1Char('\n'));
    QString text = lines.value(0);
    QStringList forms;
    for (int i = 1; i < lines.size(); ++i) {
        if (lines[i].startsWith(QLatin1String("  ")))
            forms << lines[i].trimmed().section(QLatin1Char(' '), 0, 0);
        else
            text += QLatin1Char(' ') + lines[i].trimmed();
    }
    if (!forms.isEmpty()) text += QLatin1Char(' ') + forms.join(QStringLiteral(" · "));
    return text;
}

QLabel *noteLabel(const QString &text = QString())
{
    auto *label = new QLabel(text);
    label->setForegroundRole(QPalette::PlaceholderText);
    label->setWordWrap(true);
    return label;
}

} // namespace

NewRunDialog::NewRunDialog(QWidget *parent)
    : QDialog(parent)
    , m_config(engine::defaultRunConfig())
{
    setWindowTitle(tr("New training run"));
    setObjectName(QStringLiteral("NewRunDialog"));
    m_runStamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));

    // Pages in Tab order: the focus chain follows creation order. The last page also takes any group a future
    // setting may name that no page lists.
    namespace g = engine::settinggroup;
    std::vector<std::string> last = { g::kEvaluation, g::kExecution };
    for (const auto &s : engine::runSettings())
        if (s.group != g::kMethod && s.group != g::kData && s.group != g::kOptimisation
            && std::find(last.begin(), last.end(), s.group) == last.end())
            last.push_back(s.group);
    m_tabs = new QTabWidget;
    m_tabs->setObjectName(QStringLiteral("tabs"));
    m_tabs->addTab(scrollPage(buildGeneralPage()), tr("General"));
    m_tabs->addTab(scrollPage(buildAugmentPage()), tr("Augmentations"));
    m_tabs->addTab(scrollPage(buildGroupsPage({ g::kOptimisation })), tr("Optimisation"));
    m_tabs->addTab(scrollPage(buildGroupsPage(last)), tr("Evaluation && run"));
    addRunDirRow(m_sections.back());
    m_preview = new AugmentPreviewPanel;
    connect(m_preview, &AugmentPreviewPanel::problemsChanged, this, &NewRunDialog::updateValidation);

    m_errorLabel = new QLabel;
    m_errorLabel->setObjectName(QStringLiteral("errorLabel"));
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setTextFormat(Qt::RichText);
    m_errorLabel->setContextMenuPolicy(Qt::NoContextMenu);
    connect(m_errorLabel, &QLabel::linkActivated, this, &NewRunDialog::focusField);

    auto *buttons = new QDialogButtonBox;
    auto button = [&](const QString &text, QDialogButtonBox::ButtonRole role, const char *name, const QString &tip) {
        QPushButton *b = buttons->addButton(text, role);
        b->setObjectName(QLatin1String(name));
        b->setToolTip(tip);
        b->setAutoDefault(false); // Enter anywhere means Start, never "Load…"
        return b;
    };
    m_startButton = button(
        tr("&Start"), QDialogButtonBox::AcceptRole, "startButton", tr("Start training with these settings (Enter)"));
    m_startButton->setDefault(true);
    QPushButton *cancel = buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancelButton"));
    cancel->setToolTip(tr("Close without starting (Esc)"));
    cancel->setAutoDefault(false);
    connect(button(tr("Sa&ve…"), QDialogButtonBox::ActionRole, "saveButton",
                tr("Save these settings as a JSON run configuration (also usable with pretext-cli train --config)")),
        &QPushButton::clicked, this, [this] {
            QString path = QFileDialog::getSaveFileName(this, tr("Save run configuration"),
                QDir::home().filePath(QFileInfo(runDir()).fileName() + ".json"),
                tr("Run configuration (*.json);;All files (*)"));
            if (path.isEmpty()) return;
            if (QFileInfo(path).suffix().isEmpty()) path += QStringLiteral(".json");
            QString error;
            if (!saveConfig(path, &error)) QMessageBox::warning(this, tr("Save run configuration"), error);
        });
    connect(button(tr("&Load…"), QDialogButtonBox::ActionRole, "loadButton",
                tr("Load a JSON run configuration, e.g. a run folder's config.json")),
        &QPushButton::clicked, this, [this] {
            const QString path = QFileDialog::getOpenFileName(
                this, tr("Load run configuration"), QDir::homePath(), tr("Run configuration (*.json);;All files (*)"));
            QString error;
            if (!path.isEmpty() && !loadConfig(path, &error))
                QMessageBox::warning(this, tr("Load run configuration"), error);
        });
    connect(button(tr("&Restore defaults"), QDialogButtonBox::ResetRole, "defaultsButton",
                tr("Put every field back to the default of the chosen method")),
        &QPushButton::clicked, this, &NewRunDialog::restoreDefaults);
    connect(buttons, &QDialogButtonBox::accepted, this, &NewRunDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &NewRunDialog::reject);

    auto *top = new QHBoxLayout;
    top->addWidget(m_tabs, 3);
    top->addWidget(m_preview, 2);
    auto *root = new QVBoxLayout(this);
    root->addLayout(top, 1);
    root->addWidget(m_errorLabel);
    root->addWidget(buttons);

    setConfig(engine::defaultRunConfig());
    // Fits a 1280x800 projector with room for the window frame; smaller screens get what they have.
    QSize size(1180, 740);
    if (const QScreen *s = screen()) size = size.boundedTo(s->availableGeometry().size() * 0.95);
    resize(size);
}

NewRunDialog::~NewRunDialog() = default;

// ---- pages, produced from the settings' descriptions -------------------------------------------------------------

Mnemonics *NewRunDialog::newMnemonics(const QString &reserved)
{
    // Start, Save, Load, Restore defaults and New samples are reachable from every page.
    m_mnemonics.push_back(std::make_unique<Mnemonics>(QStringLiteral("SVLRN") + reserved));
    return m_mnemonics.back().get();
}

SettingsSection *NewRunDialog::addSection(QVBoxLayout *layout, const QString &title, Mnemonics *mnemonics)
{
    auto *section = new SettingsSection(title, mnemonics);
    connect(section, &SettingsSection::edited, this, &NewRunDialog::onFieldEdited);
    m_sections.push_back(section);
    if (layout) layout->addWidget(section);
    return section;
}

void NewRunDialog::addShared(SettingsSection *section, const std::string &group)
{
    // Advanced rows last, so that creation order (Tab order) is the order on screen.
    for (const bool advanced : { false, true }) {
        for (const auto &s : engine::runSettings()) {
            if (s.group != group || s.advanced != advanced) continue;
            if (s.key == "method") {
                // The registry's methods, by title and family; the chosen one's paragraph under it.
                m_method = new QComboBox;
                fillMethodCombo();
                section->addSetting(s, QStringLiteral("method"), m_method);
                m_methodDescription = noteLabel();
                m_methodDescription->setObjectName(QStringLiteral("methodDescription"));
                section->addLine(m_methodDescription);
            } else if (s.key == "dataset") {
                auto *field = new DatasetField(tr("Bro&wse…")); // W is reserved on this page
                connect(field, &DatasetField::picked, this, [this] { m_preview->setDataset(m_config.dataset, true); });
                m_dataset = field->editor();
                section->form()->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
                section->addSetting(s, QStringLiteral("dataset"), m_dataset, field);
                section->addLine(noteLabel(tr("e.g. fashion-mnist, shapes:2000, cifar10:/data/cifar-10-batches-bin")));
            } else {
                section->addSetting(s, qs(s.key));
            }
        }
    }
}

QWidget *NewRunDialog::buildGeneralPage()
{
    auto *page = new QWidget;
    auto *v = new QVBoxLayout(page);
    Mnemonics *mnemonics = newMnemonics(QStringLiteral("W"));
    addShared(addSection(v, tr("Method"), mnemonics), engine::settinggroup::kMethod);
    m_methodSection = addSection(v, tr("Method settings"), mnemonics);
    m_methodSection->setObjectName(QStringLiteral("methodSettings"));
    addShared(addSection(v, tr("Data"), mnemonics), engine::settinggroup::kData);
    v->addStretch(1);
    return page;
}

QWidget *NewRunDialog::buildAugmentPage()
{
    auto *page = new ColumnsPage;
    Mnemonics *mnemonics = newMnemonics();
    // The ops in table order with their settings; each op's own boolean becomes its group's check box.
    std::vector<std::pair<std::string, std::vector<engine::Setting>>> ops;
    for (const auto &a : engine::augmentSettings()) {
        if (a.list) continue; // per-channel lists have no field: setConfig() keeps them as given
        auto it = std::find_if(ops.begin(), ops.end(), [&](const auto &op) { return op.first == a.op; });
        if (it == ops.end()) it = ops.insert(ops.end(), { a.op, {} });
        it->second.push_back(a.setting);
    }
    // Op titles take their Alt+letter first: turning an op on or off is the common edit.
    std::map<std::string, QString> titles;
    for (const auto &[op, settings] : ops)
        if (const engine::Setting *s = engine::findSetting(settings, op)) titles[op] = mnemonics->mark(engineText(s->label), qs(s->label));
    int rows[2] = { 0, 0 };
    for (auto &[op, settings] : ops) {
        SettingsSection *section = addSection(nullptr, op == "other" ? tr("Views") : QString(), mnemonics);
        if (const engine::Setting *s = engine::findSetting(settings, op)) {
            section->addSwitch(*s, kAugment + qs(op), titles[op]);
            settings.erase(settings.begin() + (s - settings.data()));
        }
        section->addSettings(settings, kAugment);
        if (op == "other") {
            page->setHeader(section);
        } else {
            // Each group goes to the shorter column, so that the columns end level.
            const int column = rows[0] <= rows[1] ? 0 : 1;
            rows[column] += int(section->rows().size()) + 1;
            page->add(column, section);
        }
    }
    page->finish();
    return page;
}

QWidget *NewRunDialog::buildGroupsPage(const std::vector<std::string> &groups)
{
    auto *page = new QWidget;
    auto *v = new QVBoxLayout(page);
    Mnemonics *mnemonics = newMnemonics();
    for (const auto &group : groups)
        addShared(addSection(v, engineText(group), mnemonics), group);
    v->addStretch(1);
    return page;
}

void NewRunDialog::addRunDirRow(SettingsSection *section)
{
    engine::Setting setting = engine::Setting::text(kRunDir.toStdString(), tr("Run folder").toStdString(), "");
    setting.help = tr("Folder the run writes config.json, metrics.jsonl, checkpoints and snapshots to. It follows the "
                      "method and dataset until you edit it.")
                       .toStdString();
    m_runDir = new QLineEdit;
    m_runDir->setMinimumWidth(m_runDir->fontMetrics().horizontalAdvance(QLatin1Char('x')) * 36);
    // The automatic default is written into it too: only the teacher's own typing stops it from following.
    connect(m_runDir, &QLineEdit::textEdited, this, [this] {
        m_runDirAuto = false;
        updateValidation();
    });
    auto *browse = new QPushButton(m_mnemonics.back()->mark(tr("Browse…")));
    browse->setObjectName(QStringLiteral("runDirBrowse"));
    browse->setAutoDefault(false);
    browse->setToolTip(tr("Pick the run folder: an empty folder is used as it is, in any other a new sub-folder is "
                          "made for the run."));
    connect(browse, &QPushButton::clicked, this, [this] {
        QString start = runDir();
        while (!start.isEmpty() && !QFileInfo(start).isDir())
            start = QFileInfo(start).path() == start ? QString() : QFileInfo(start).path();
        const QString dir = QFileDialog::getExistingDirectory(
            this, tr("Choose the run folder"), start.isEmpty() ? QDir::homePath() : start);
        if (dir.isEmpty()) return;
        const bool empty = QDir(dir).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
        setRunDir(empty ? dir : QDir(dir).filePath(QFileInfo(defaultRunDir()).fileName()));
    });
    auto *row = new QWidget;
    auto *h = new QHBoxLayout(row);
    h->setContentsMargins(0, 0, 0, 0);
    h->addWidget(m_runDir, 1);
    h->addWidget(browse);
    section->form()->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    section->addSetting(setting, kRunDir, m_runDir, row);

    // The device field offers what this machine has; other text is still accepted, and checked.
    if (auto *device = qobject_cast<QComboBox *>(fieldEditor(QStringLiteral("device")))) {
        const QSignalBlocker block(device);
        device->addItem(QStringLiteral("cpu"));
        if (engine::cudaAvailable()) device->addItem(QStringLiteral("cuda"));
    }
}

void NewRunDialog::fillMethodCombo()
{
    const QSignalBlocker block(m_method);
    m_method->clear();
    for (const auto &m : engine::methodCatalog()) {
        m_method->addItem(
            QStringLiteral("%1 — %2").arg(engineText(m.title), engineText(engine::familyName(m.family))), qs(m.name));
        m_method->setItemData(m_method->count() - 1, engineText(m.summary), Qt::ToolTipRole);
    }
    m_methodCount = engine::methodCatalog().size();
    updateMethodAvailability();
}

int NewRunDialog::datasetChannels() const
{
    if (!m_preview || !m_preview->datasetChecked() || !m_preview->datasetError().isEmpty()) return 0;
    const engine::AugmentPreviewer &data = m_preview->previewer();
    return data.hasDataset() && data.datasetSpec() == m_config.dataset ? data.channels() : 0;
}

void NewRunDialog::updateMethodAvailability()
{
    auto *model = qobject_cast<QStandardItemModel *>(m_method ? m_method->model() : nullptr);
    if (!model) return;
    const int channels = datasetChannels();
    for (int i = 0; i < model->rowCount(); ++i) {
        const engine::MethodInfo *m = engine::findMethod(m_method->itemData(i).toString().toStdString());
        if (!m || !m->needsColour) continue;
        const QString problem = channels > 0 ? qs(engine::colourProblem(*m, m_config.dataset, channels)) : QString();
        QStandardItem *item = model->item(i);
        const QString title = QStringLiteral("%1 — %2").arg(engineText(m->title), engineText(engine::familyName(m->family)));
        item->setEnabled(problem.isEmpty());
        item->setText(problem.isEmpty() ? title : tr("%1 (needs colour images)").arg(title));
        item->setToolTip(problem.isEmpty() ? engineText(m->summary) : problem);
    }
}

void NewRunDialog::rebuildMethodSettings()
{
    const engine::MethodInfo *m = engine::findMethod(m_config.method);
    m_methodSection->clear();
    m_methodSection->setTitle(m ? tr("%1 settings").arg(engineText(m->title)) : tr("Method settings"));
    if (m && !m->settings.empty())
        m_methodSection->addSettings(m->settings);
    else
        m_methodSection->addLine(noteLabel(m ? tr("%1 has no settings of its own.").arg(engineText(m->title))
                                             : tr("This build has no method %1.").arg(qs(m_config.method))));
    m_methodDescription->setText(m ? engineText(m->description) : QString());
    m_builtMethod = m_config.method;
    // New widgets join the end of the focus chain: put them back between the backbone and the dataset.
    QList<QWidget *> chain = m_methodSection->focusOrder();
    chain.prepend(fieldEditor(QStringLiteral("backbone")));
    chain.append(m_dataset);
    for (int i = 0; i + 1 < chain.size(); ++i)
        QWidget::setTabOrder(chain[i], chain[i + 1]);
}

// ---- config <-> fields -------------------------------------------------------------------------------------------

SettingRow *NewRunDialog::rowFor(const QString &key) const
{
    for (SettingsSection *section : m_sections)
        if (SettingRow *row = section->row(key)) return row;
    return nullptr;
}

SettingsSection *NewRunDialog::sectionOf(const QString &key) const
{
    for (SettingsSection *section : m_sections)
        if (section->row(key)) return section;
    return nullptr;
}

QWidget *NewRunDialog::fieldEditor(const QString &key) const
{
    const SettingRow *row = rowFor(key);
    return row ? row->editor : nullptr;
}

engine::json::Value NewRunDialog::valueOf(const QString &key) const
{
    return key == kRunDir ? engine::json::Value() : engine::settingValue(m_config, key.toStdString());
}

void NewRunDialog::showValues()
{
    for (SettingsSection *section : m_sections)
        for (SettingRow &row : section->rows())
            if (const engine::json::Value v = valueOf(row.key); !v.isNull() && !m_typed.count(row.key))
                showSettingValue(row.editor, row.setting, v); // what was typed and refused stays in its field
    updateEnabled();
}

void NewRunDialog::updateEnabled()
{
    // Adam has no momentum setting (its betas are fixed).
    if (QWidget *momentum = fieldEditor(QStringLiteral("momentum"))) momentum->setEnabled(m_config.optimizer != "adam");
}

void NewRunDialog::setConfig(const engine::RunConfig &config)
{
    m_config = config;
    m_typed.clear();
    if (m_methodCount != engine::methodCatalog().size()) fillMethodCombo(); // a method registered since
    if (m_builtMethod != m_config.method) rebuildMethodSettings();
    showValues();
    updateRunDirDefault();
    // A config set from code (or loaded) is checked at once, so validationError() is current on return.
    m_preview->setSeed(config.seed);
    m_preview->setAugment(m_config.augment);
    m_preview->setDataset(m_config.dataset, true);
    updateValidation();
}

void NewRunDialog::onFieldEdited(const QString &key)
{
    SettingRow *row = rowFor(key);
    if (!row || key == kRunDir) return;
    m_typed.erase(key);
    engine::json::Value value;
    QString problem;
    if (!readSettingValue(row->editor, row->setting, &value, &problem)) {
        m_typed[key] = problem; // the config keeps its last value; Start waits for a value
    } else {
        try {
            const engine::Setting &s = row->setting;
            const double d = value.isNumber() ? value.asNumber() : 0;
            if (key == QLatin1String("method")) {
                // Its settings take the new method's defaults; shared settings still at the old method's recipe
                // value follow the new recipe.
                engine::selectMethod(m_config, value.asString());
                rebuildMethodSettings();
                showValues();
            } else if (s.type == engine::SettingType::Int && !engine::checkSetting(s, value).empty()
                && (d < INT_MIN || d > INT_MAX || (d < 0 && s.min >= 0))) {
                // A count the config cannot hold (a negative seed, 1e10 in an int) would wrap around: report it
                // as typed instead of storing it.
                m_typed[key] = qs(engine::checkSetting(s, value, engineTranslator()));
            } else {
                engine::setSettingValue(m_config, key.toStdString(), value);
            }
        } catch (const std::exception &e) {
            m_typed[key] = QString::fromStdString(e.what());
        }
    }
    updateEnabled();
    if (key == QLatin1String("dataset")) m_preview->setDataset(m_config.dataset, false);
    if (key.startsWith(kAugment)) m_preview->setAugment(m_config.augment);
    updateRunDirDefault();
    updateValidation();
}

// ---- run folder --------------------------------------------------------------------------------------------------

QString NewRunDialog::runDir() const
{
    QString dir = m_runDir->text().trimmed();
    if (dir == QLatin1String("~") || dir.startsWith(QLatin1String("~/"))) dir = QDir::homePath() + dir.mid(1);
    return dir;
}

void NewRunDialog::setRunDir(const QString &dir)
{
    m_runDirAuto = dir.trimmed().isEmpty();
    if (m_runDirAuto)
        updateRunDirDefault();
    else
        m_runDir->setText(dir);
    updateValidation();
}

QString NewRunDialog::defaultRunDir() const
{
    // A short, readable name: the kind and the folder's own name, not the whole path of a DIR spec.
    const QString spec = qs(m_config.dataset);
    const int colon = spec.indexOf(QLatin1Char(':'));
    QString data = spec;
    if (colon >= 0) {
        const QString kind = spec.left(colon);
        const QString arg = spec.mid(colon + 1);
        data = kind == QLatin1String("shapes") ? kind + arg
                                               : kind + QLatin1Char('-') + QFileInfo(QDir::cleanPath(arg)).fileName();
    }
    static const QRegularExpression unsafe(QStringLiteral("[^A-Za-z0-9._-]+"));
    data.replace(unsafe, QStringLiteral("-"));
    while (data.endsWith(QLatin1Char('-')))
        data.chop(1);
    if (data.isEmpty()) data = QStringLiteral("data");
    QString method = qs(m_config.method);
    method.replace(unsafe, QStringLiteral("-"));
    return QDir::home().filePath(QStringLiteral("PretextRuns/%1-%2-%3").arg(method, data, m_runStamp));
}

void NewRunDialog::updateRunDirDefault()
{
    if (!m_runDirAuto) return;
    const QSignalBlocker block(m_runDir);
    m_runDir->setText(defaultRunDir());
}

QString NewRunDialog::specForFolder(const QString &dir, const QString &kind)
{
    return DatasetField::specForFolder(dir, kind);
}

// ---- validation --------------------------------------------------------------------------------------------------

// What only the dialog knows: the dataset's load and its size, the machine, the run folder, the preview's run.
std::vector<NewRunDialog::Problem> NewRunDialog::dialogProblems() const
{
    std::vector<Problem> problems;
    const engine::RunConfig &c = m_config;
    const bool checked = m_preview->datasetChecked();
    if (!c.dataset.empty() && checked && !m_preview->datasetError().isEmpty())
        problems.push_back({ QStringLiteral("dataset"), m_preview->datasetError() });
    // A method that learns from colour, on a gray dataset (the trainer would refuse it with the same words).
    if (const engine::MethodInfo *m = engine::findMethod(c.method); m && datasetChannels() > 0)
        if (const std::string problem = engine::colourProblem(*m, c.dataset, datasetChannels()); !problem.empty())
            problems.push_back({ QStringLiteral("dataset"), qs(problem) });

    // The trainer refuses a batch larger than the training set; say so now where the size is known: an explicit
    // train_limit, shapes:N, or a dataset smaller than the preview's cache (which then holds all of it).
    const bool noData = c.dataset.empty() || (checked && !m_preview->datasetError().isEmpty());
    int64_t known = c.trainLimit > 0 ? c.trainLimit : INT64_MAX;
    QString source = QStringLiteral("train_limit = %1").arg(c.trainLimit);
    static const QRegularExpression shapesN(QStringLiteral(R"(^shapes:(\d{1,7})$)"));
    if (const auto m = shapesN.match(qs(c.dataset)); m.hasMatch() && m.captured(1).toLongLong() < known) {
        known = m.captured(1).toLongLong();
        source = qs(c.dataset);
    }
    const engine::AugmentPreviewer &data = m_preview->previewer();
    if (checked && data.hasDataset() && data.cachedCount() < engine::AugmentPreviewer::kCachedImages
        && data.cachedCount() < known) {
        known = data.cachedCount();
        source = qs(c.dataset);
    }
    if (!noData && known < c.batchSize)
        problems.push_back({ QStringLiteral("batch_size"),
            tr("batch_size = %1 is larger than the training set (%2 images, %3); lower batch_size or use more "
               "training images")
                .arg(c.batchSize)
                .arg(known)
                .arg(source) });

    if (c.device.rfind("cuda", 0) == 0 && !engine::cudaAvailable())
        problems.push_back({ QStringLiteral("device"),
            tr("device = \"%1\" is not available: this build or machine has no CUDA; use cpu").arg(qs(c.device)) });

    const QString dir = runDir();
    if (dir.isEmpty())
        problems.push_back({ kRunDir, tr("the run folder is empty; choose where the run is written") });
    else if (QFileInfo(dir).exists() && !QFileInfo(dir).isDir())
        problems.push_back({ kRunDir, tr("%1 is a file, not a folder").arg(dir) });
    else if (QFileInfo::exists(QDir(dir).filePath(QStringLiteral("config.json"))))
        problems.push_back({ kRunDir, tr("%1 already holds a run (config.json); choose a new folder").arg(dir) });

    if (const QString e = m_preview->previewError(); !e.isEmpty()) problems.push_back({ keyOfMessage(e), e });
    return problems;
}

void NewRunDialog::updateValidation()
{
    if (!m_runDir || !m_preview) return; // still building
    updateMethodAvailability();
    // The engine's problems, then the dialog's; one per field, the engine's first (they are more basic: a bad
    // batch size before a batch larger than the data), typed text before both (it is what the teacher sees).
    std::vector<Problem> problems;
    auto has = [&](const QString &key) {
        return std::any_of(problems.begin(), problems.end(), [&](const Problem &p) { return p.key == key; });
    };
    for (const auto &[key, message] : m_typed)
        problems.push_back({ key, message });
    for (const auto &[key, message] : engine::validationProblems(m_config, engineTranslator()))
        if (!has(qs(key))) problems.push_back({ qs(key), qs(message) });
    for (const Problem &p : dialogProblems())
        if (!has(p.key)) problems.push_back(p);
    // In the order of the form, page by page.
    std::vector<QString> order;
    for (SettingsSection *section : m_sections)
        for (const SettingRow &row : section->rows())
            order.push_back(row.key);
    auto rank = [&](const QString &key) { return std::find(order.begin(), order.end(), key) - order.begin(); };
    std::stable_sort(problems.begin(), problems.end(),
        [&](const Problem &a, const Problem &b) { return rank(a.key) < rank(b.key); });
    m_problems = std::move(problems);

    // Under each field its message, the field highlighted, the pages holding problems marked, and a summary whose
    // field names are links to the fields.
    const QColor errorText = errorTextColor(palette());
    const QColor errorBase
        = palette().color(QPalette::Window).lightness() < 128 ? QColor(96, 24, 24) : QColor(255, 218, 218);
    std::vector<QWidget *> bad;
    for (SettingsSection *section : m_sections) {
        for (SettingRow &row : section->rows()) {
            const auto it = std::find_if(
                m_problems.begin(), m_problems.end(), [&](const Problem &p) { return p.key == row.key; });
            const bool invalid = it != m_problems.end();
            section->setProblem(row, invalid ? compactMessage(it->message) : QString());
            if (invalid) bad.push_back(row.editor);
            if (row.editor->property("invalid").toBool() == invalid) continue;
            row.editor->setProperty("invalid", invalid);
            QPalette p;
            if (invalid) {
                p = row.editor->palette();
                p.setColor(QPalette::Base, errorBase);
                p.setColor(QPalette::Button, errorBase);
            }
            row.editor->setPalette(p);
        }
    }
    QStringList html;
    for (size_t i = 0; i < m_problems.size() && i < size_t(kSummaryLines); ++i) {
        const Problem &p = m_problems[i];
        const SettingRow *row = rowFor(p.key);
        const QString text = compactMessage(p.message).toHtmlEscaped();
        html << (row ? QStringLiteral("<a href=\"%1\" style=\"color:%2\"><b>%3</b></a>: %4")
                           .arg(p.key, errorText.name(), row->label.toHtmlEscaped(), text)
                     : text);
    }
    if (m_problems.size() > size_t(kSummaryLines))
        html << tr("… and %n more, under their fields", nullptr, int(m_problems.size()) - kSummaryLines);
    // Links only while there are problems: a "Ready" line should not take a stop in the Tab chain.
    m_errorLabel->setTextInteractionFlags(m_problems.empty() ? Qt::NoTextInteraction : Qt::TextBrowserInteraction);
    m_errorLabel->setText(m_problems.empty() ? tr("Ready: press Enter or Start to begin training.")
                                             : QStringLiteral("<span style=\"color:%1\">%2</span>")
                                                   .arg(errorText.name(), html.join(QStringLiteral("<br>"))));
    m_errorLabel->setToolTip(validationError()); // the messages in full, e.g. the loader's list of spec forms
    const QIcon warning = style()->standardIcon(QStyle::SP_MessageBoxWarning);
    for (int i = 0; i < m_tabs->count(); ++i) {
        const bool holdsBad
            = std::any_of(bad.begin(), bad.end(), [&](QWidget *w) { return m_tabs->widget(i)->isAncestorOf(w); });
        m_tabs->setTabIcon(i, holdsBad ? warning : QIcon());
    }
    m_startButton->setEnabled(m_problems.empty());
}

QString NewRunDialog::validationError() const
{
    QStringList lines;
    for (const Problem &p : m_problems) {
        const SettingRow *row = rowFor(p.key);
        lines << (row ? row->label + QStringLiteral(": ") + p.message : p.message);
    }
    return lines.join(QLatin1Char('\n'));
}

void NewRunDialog::revalidateNow()
{
    m_preview->settle();
    updateValidation();
}

void NewRunDialog::focusField(const QString &key)
{
    const SettingRow *row = rowFor(key);
    if (!row) return;
    sectionOf(key)->reveal(*row);
    for (int i = 0; i < m_tabs->count(); ++i)
        if (m_tabs->widget(i)->isAncestorOf(row->editor)) m_tabs->setCurrentIndex(i);
    if (auto *scroll = qobject_cast<QScrollArea *>(m_tabs->currentWidget())) scroll->ensureWidgetVisible(row->field);
    row->editor->setFocus(Qt::OtherFocusReason);
}

void NewRunDialog::accept()
{
    // Enter may come before the debounce timers fire: settle the dataset check first.
    revalidateNow();
    if (!isValid()) {
        focusField(m_problems.front().key);
        return;
    }
    QDialog::accept();
}

void NewRunDialog::restoreDefaults()
{
    setConfig(engine::defaultRunConfig(engine::findMethod(m_config.method) ? m_config.method : "simclr"));
    setRunDir(QString());
}

void NewRunDialog::newSamples()
{
    m_preview->newSamples();
}

const engine::PreviewResult &NewRunDialog::lastPreview() const
{
    return m_preview->lastPreview();
}

int NewRunDialog::previewUpdates() const
{
    return m_preview->previewUpdates();
}

quint64 NewRunDialog::previewSeed() const
{
    return m_preview->previewSeed();
}

const engine::AugmentPreviewer &NewRunDialog::previewer() const
{
    return m_preview->previewer();
}

// ---- files -------------------------------------------------------------------------------------------------------

bool NewRunDialog::saveConfig(const QString &path, QString *error) const
{
    try {
        // A file that loadRunConfig() would refuse is no use to anyone; nor is one without what was typed.
        if (!m_typed.empty()) throw std::runtime_error(m_typed.begin()->second.toStdString());
        engine::validate(m_config);
    } catch (const std::exception &e) {
        if (error) *error = tr("Not saved: %1").arg(QString::fromStdString(e.what()));
        return false;
    }
    QSaveFile file(path);
    const QByteArray text = QByteArray::fromStdString(engine::json::dump(engine::toJson(m_config), 2) + "\n");
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size() || !file.commit()) {
        if (error) *error = tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

bool NewRunDialog::loadConfig(const QString &path, QString *error)
{
    engine::RunConfig c;
    try {
        c = engine::loadRunConfig(path.toStdString());
    } catch (const std::exception &e) {
        if (error) *error = QString::fromStdString(e.what());
        return false;
    }
    setConfig(c);
    return true;
}

} // namespace pretext::ui
