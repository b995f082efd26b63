#include "ui/newrundialog.h"

#include "engine/methods/catalog.h"

#include "engine/core/version.h"
#include "engine/data/dataset.h"
#include "engine/io/json.h"
#include "widgets/augmentationview.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QRegularExpressionValidator>
#include <QResizeEvent>
#include <QSaveFile>
#include <QScreen>
#include <QScrollArea>
#include <QSpinBox>
#include <QStyle>
#include <QTabWidget>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace pretext::ui {

namespace {

constexpr int kPreviewSamples = 8;
// Short enough to feel live, long enough that dragging a spin box does not redraw on every intermediate value.
constexpr int kPreviewDebounceMs = 150;
// Typing a path takes many keystrokes; a load per keystroke would make the field stutter.
constexpr int kDatasetDebounceMs = 400;
constexpr int kMaxCount = 1000000000; // validate()'s upper bound for counts and limits

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

// A spin box for rates that span decades (learning rate, weight decay): shows 3e-05 rather than 0.000030, accepts
// typed scientific notation, and steps along 1-2-5 (1e-4, 2e-4, 5e-4, 1e-3) instead of adding a constant.
class LogSpinBox : public QDoubleSpinBox {
public:
    explicit LogSpinBox(QWidget *parent = nullptr)
        : QDoubleSpinBox(parent)
    {
        setDecimals(12);
    }

    void stepBy(int steps) override
    {
        double v = value();
        for (int i = 0; i < std::abs(steps); ++i)
            v = steps > 0 ? stepUp125(v) : stepDown125(v);
        setValue(std::clamp(v, minimum(), maximum()));
        selectAll();
    }

    QString textFromValue(double v) const override { return locale().toString(v, 'g', 6); }

    double valueFromText(const QString &text) const override
    {
        bool ok = false;
        const double v = locale().toDouble(text.trimmed(), &ok);
        return ok ? v : value();
    }

    QValidator::State validate(QString &text, int &) const override
    {
        const QString t = text.trimmed();
        if (t.isEmpty()) return QValidator::Intermediate;
        bool ok = false;
        const double v = locale().toDouble(t, &ok);
        if (ok) return v >= minimum() && v <= maximum() ? QValidator::Acceptable : QValidator::Intermediate;
        // Half-typed numbers such as "3e" or "1e-" must be allowed on the way to "3e-4".
        static const QRegularExpression partial(QStringLiteral(R"(^[0-9]*[.,]?[0-9]*([eE][-+]?[0-9]*)?$)"));
        return partial.match(t).hasMatch() ? QValidator::Intermediate : QValidator::Invalid;
    }

    void fixup(QString &text) const override { text = textFromValue(value()); }

private:
    static double stepUp125(double v)
    {
        if (v <= 0) return 1e-6;
        const double decade = std::pow(10.0, std::floor(std::log10(v)));
        for (double m : { 1.0, 2.0, 5.0, 10.0 })
            if (m * decade > v * (1 + 1e-9)) return m * decade;
        return 10 * decade;
    }
    static double stepDown125(double v)
    {
        if (v <= 1e-7) return 0;
        const double decade = std::pow(10.0, std::floor(std::log10(v)));
        for (double m : { 10.0, 5.0, 2.0, 1.0 })
            if (m * decade < v * (1 - 1e-9)) return m * decade;
        return 0.5 * decade;
    }
};

// The field name at the start of an engine message ("batch_size = 1 is out of range", "augment.hue = ...",
// "dataset spec 'x': ..."), which is how a message finds its widget.
QString keyOfMessage(const QString &message)
{
    static const QRegularExpression key(QStringLiteral(R"(^([A-Za-z_][A-Za-z0-9_.]*))"));
    const auto m = key.match(message);
    return m.hasMatch() ? m.captured(1) : QString();
}

bool isDarkPalette(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

void selectText(QComboBox *combo, const QString &text)
{
    int i = combo->findText(text);
    if (i < 0 && !combo->isEditable()) {
        // A loaded config may name something this build does not list: show it, so validate() can say so.
        combo->addItem(text);
        i = combo->count() - 1;
    }
    if (combo->isEditable())
        combo->setEditText(text);
    else
        combo->setCurrentIndex(i);
}

// Two columns of groups side by side when they fit, one below the other when they do not (presentation-size
// fonts), so that the page scrolls vertically instead of clipping on the right. The decision uses the columns'
// size hints, which do not depend on the arrangement, so switching cannot oscillate.
class ColumnsPage : public QWidget {
public:
    ColumnsPage()
    {
        m_grid = new QGridLayout(this);
        for (QWidget *&column : m_columns) {
            column = new QWidget;
            auto *v = new QVBoxLayout(column);
            v->setContentsMargins(0, 0, 0, 0);
        }
        arrange(true);
    }
    void setHeader(QWidget *header) { m_grid->addWidget(header, 0, 0, 1, 2); }
    void add(int column, QWidget *w) { static_cast<QVBoxLayout *>(m_columns[column]->layout())->addWidget(w); }
    void finish()
    {
        for (QWidget *column : m_columns)
            static_cast<QVBoxLayout *>(column->layout())->addStretch(1);
    }

    // Install on the scroll area's viewport: the page itself never gets narrower than its two-column minimum, so
    // only the viewport's width tells whether two columns fit.
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Resize) {
            const QMargins m = m_grid->contentsMargins();
            const int twoColumns = m_columns[0]->sizeHint().width() + m_columns[1]->sizeHint().width()
                + m_grid->horizontalSpacing() + m.left() + m.right();
            arrange(static_cast<QResizeEvent *>(event)->size().width() >= twoColumns);
        }
        return QWidget::eventFilter(watched, event);
    }

private:
    void arrange(bool two)
    {
        if (m_arranged && two == m_two) return;
        m_arranged = true;
        m_two = two;
        m_grid->removeWidget(m_columns[0]);
        m_grid->removeWidget(m_columns[1]);
        m_grid->addWidget(m_columns[0], 1, 0);
        m_grid->addWidget(m_columns[1], two ? 1 : 2, two ? 1 : 0);
        m_grid->setColumnStretch(1, two ? 1 : 0);
        m_grid->setColumnStretch(0, 1);
        m_grid->setRowStretch(1, two ? 1 : 0);
        m_grid->setRowStretch(2, two ? 0 : 1);
    }

    QGridLayout *m_grid = nullptr;
    QWidget *m_columns[2] = { nullptr, nullptr };
    bool m_arranged = false, m_two = true;
};

// The message as shown under the form: a loader's indented list of accepted forms becomes one line of the forms
// themselves (their descriptions are in the dataset field's tooltip), so the form above keeps its room.
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

} // namespace

// The preview pairs, with an empty-state text that fits the dialog (the base class speaks of a running run).
class NewRunPreviewView : public widgets::AugmentationView {
public:
    using AugmentationView::AugmentationView;
    void setEmptyText(const QString &text)
    {
        m_emptyText = text;
        update();
    }

protected:
    QString emptyText() const override { return m_emptyText; }

private:
    QString m_emptyText;
};

NewRunDialog::NewRunDialog(QWidget *parent)
    : QDialog(parent)
{
    m_updating = true; // until setConfig() below: widgets emit while they are built
    setWindowTitle(tr("New training run"));
    setObjectName(QStringLiteral("NewRunDialog"));
    m_runStamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));

    m_previewTimer = new QTimer(this);
    m_previewTimer->setSingleShot(true);
    m_previewTimer->setInterval(kPreviewDebounceMs);
    connect(m_previewTimer, &QTimer::timeout, this, &NewRunDialog::updatePreview);
    m_datasetTimer = new QTimer(this);
    m_datasetTimer->setSingleShot(true);
    m_datasetTimer->setInterval(kDatasetDebounceMs);
    connect(m_datasetTimer, &QTimer::timeout, this, [this] { checkDataset(); });

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("tabs"));
    // Created in tab order: the focus chain follows creation order, so Tab walks each page top to bottom.
    m_tabs->addTab(scrollPage(buildGeneralPage()), tr("General"));
    m_tabs->addTab(scrollPage(buildAugmentPage()), tr("Augmentations"));
    m_tabs->addTab(scrollPage(buildOptimisationPage()), tr("Optimisation"));
    m_tabs->addTab(scrollPage(buildEvaluationPage()), tr("Evaluation && run"));
    QWidget *previewPanel = buildPreviewPanel();

    m_errorLabel = new QLabel(this);
    m_errorLabel->setObjectName(QStringLiteral("errorLabel"));
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setTextFormat(Qt::RichText);
    m_errorLabel->setContextMenuPolicy(Qt::NoContextMenu);
    connect(m_errorLabel, &QLabel::linkActivated, this, &NewRunDialog::focusField);

    m_buttons = new QDialogButtonBox(this);
    m_startButton = m_buttons->addButton(tr("&Start"), QDialogButtonBox::AcceptRole);
    m_startButton->setObjectName(QStringLiteral("startButton"));
    m_startButton->setToolTip(tr("Start training with these settings (Enter)"));
    m_startButton->setDefault(true);
    QPushButton *cancel = m_buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancelButton"));
    cancel->setToolTip(tr("Close without starting (Esc)"));
    m_saveButton = m_buttons->addButton(tr("Sa&ve…"), QDialogButtonBox::ActionRole);
    m_saveButton->setObjectName(QStringLiteral("saveButton"));
    m_saveButton->setToolTip(tr("Save these settings as a JSON run configuration (also usable with "
                                "pretext-cli train --config)"));
    m_loadButton = m_buttons->addButton(tr("&Load…"), QDialogButtonBox::ActionRole);
    m_loadButton->setObjectName(QStringLiteral("loadButton"));
    m_loadButton->setToolTip(tr("Load a JSON run configuration, e.g. a run folder's config.json"));
    m_defaultsButton = m_buttons->addButton(tr("&Restore defaults"), QDialogButtonBox::ResetRole);
    m_defaultsButton->setObjectName(QStringLiteral("defaultsButton"));
    m_defaultsButton->setToolTip(tr("Put every field back to the engine's default"));
    for (QPushButton *b : { m_saveButton, m_loadButton, m_defaultsButton, cancel })
        b->setAutoDefault(false); // Enter anywhere means Start, never "Load…"
    connect(m_buttons, &QDialogButtonBox::accepted, this, &NewRunDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &NewRunDialog::reject);
    connect(m_saveButton, &QPushButton::clicked, this, &NewRunDialog::saveWithDialog);
    connect(m_loadButton, &QPushButton::clicked, this, &NewRunDialog::loadWithDialog);
    connect(m_defaultsButton, &QPushButton::clicked, this, &NewRunDialog::restoreDefaults);

    auto *top = new QHBoxLayout;
    top->addWidget(m_tabs, 3);
    top->addWidget(previewPanel, 2);
    auto *root = new QVBoxLayout(this);
    root->addLayout(top, 1);
    root->addWidget(m_errorLabel);
    root->addWidget(m_buttons);

    setConfig(engine::RunConfig());
    // Fits a 1280x800 projector with room for the window frame; smaller screens get what they have.
    QSize size(1180, 740);
    if (const QScreen *s = screen()) size = size.boundedTo(s->availableGeometry().size() * 0.95);
    resize(size);
}

NewRunDialog::~NewRunDialog() = default;

// ---- building the pages ------------------------------------------------------------------------------------------

QWidget *NewRunDialog::scrollPage(QWidget *content)
{
    auto *scroll = new QScrollArea;
    scroll->setWidget(content);
    if (auto *columns = dynamic_cast<ColumnsPage *>(content)) scroll->viewport()->installEventFilter(columns);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded); // never clip silently
    return scroll;
}

QSpinBox *NewRunDialog::intBox(const char *name, int lo, int hi, const QString &tip, const QString &special)
{
    auto *box = new QSpinBox;
    box->setObjectName(QLatin1String(name));
    box->setRange(lo, hi);
    box->setToolTip(tip);
    box->setAccelerated(true);
    if (!special.isEmpty()) box->setSpecialValueText(special);
    // Counts up to a billion get one common width, so their column of boxes lines up.
    if (hi >= kMaxCount) box->setMinimumWidth(box->fontMetrics().horizontalAdvance(QStringLiteral("0000000000")) + 30);
    watch(box);
    return box;
}

QDoubleSpinBox *NewRunDialog::realBox(
    const char *name, double lo, double hi, int decimals, double step, const QString &tip)
{
    auto *box = new QDoubleSpinBox;
    box->setObjectName(QLatin1String(name));
    box->setDecimals(decimals);
    box->setRange(lo, hi);
    box->setSingleStep(step);
    box->setToolTip(tip);
    watch(box);
    return box;
}

QGroupBox *NewRunDialog::opGroup(const char *name, const QString &title, const QString &tip)
{
    auto *group = new QGroupBox(title);
    group->setObjectName(QLatin1String(name));
    group->setCheckable(true);
    group->setToolTip(tip);
    watch(group);
    return group;
}

void NewRunDialog::addRow(QFormLayout *form, const QString &label, QWidget *field, const QString &key, QWidget *buddy)
{
    auto *l = new QLabel(label);
    l->setBuddy(buddy ? buddy : field);
    l->setToolTip((buddy ? buddy : field)->toolTip());
    form->addRow(l, field);
    registerField(
        key, QString(label).remove(QLatin1Char('&')).remove(QLatin1Char(':')).trimmed(), buddy ? buddy : field);
}

void NewRunDialog::registerField(const QString &key, const QString &label, QWidget *widget)
{
    m_fields.push_back({ key, label, widget });
    widget->setAccessibleName(label);
}

void NewRunDialog::watch(QWidget *widget)
{
    if (auto *spin = qobject_cast<QSpinBox *>(widget))
        connect(spin, &QSpinBox::valueChanged, this, &NewRunDialog::onEdited);
    else if (auto *real = qobject_cast<QDoubleSpinBox *>(widget))
        connect(real, &QDoubleSpinBox::valueChanged, this, &NewRunDialog::onEdited);
    else if (auto *combo = qobject_cast<QComboBox *>(widget))
        connect(combo, &QComboBox::currentTextChanged, this, &NewRunDialog::onEdited);
    else if (auto *check = qobject_cast<QCheckBox *>(widget))
        connect(check, &QCheckBox::toggled, this, &NewRunDialog::onEdited);
    else if (auto *group = qobject_cast<QGroupBox *>(widget))
        connect(group, &QGroupBox::toggled, this, &NewRunDialog::onEdited);
    else if (auto *line = qobject_cast<QLineEdit *>(widget))
        connect(line, &QLineEdit::textChanged, this, &NewRunDialog::onEdited);
}

static QFormLayout *newForm(QWidget *parent)
{
    auto *form = new QFormLayout(parent);
    form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    form->setLabelAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    return form;
}

// A row holding a few widgets side by side, e.g. "min – max".
static QWidget *rowOf(std::initializer_list<QWidget *> widgets, const QString &separator = QString())
{
    auto *row = new QWidget;
    auto *h = new QHBoxLayout(row);
    h->setContentsMargins(0, 0, 0, 0);
    bool first = true;
    for (QWidget *w : widgets) {
        if (!first && !separator.isEmpty()) h->addWidget(new QLabel(separator));
        h->addWidget(w);
        first = false;
    }
    h->addStretch(1);
    return row;
}

QWidget *NewRunDialog::buildGeneralPage()
{
    auto *page = new QWidget;
    auto *v = new QVBoxLayout(page);

    auto *what = new QGroupBox(tr("What to learn"));
    auto *form = newForm(what);
    m_method = new QComboBox;
    m_method->setObjectName(QStringLiteral("method"));
    for (const auto &name : engine::methodNames())
        m_method->addItem(qs(name));
    m_method->setToolTip(tr("The self-supervised method. simclr: pulls two augmented views of the same image "
                            "together and pushes other images apart (NT-Xent loss). rotation: guesses by how many "
                            "quarter turns an image was rotated. jigsaw: names the shuffle of a 3x3 tile puzzle."));
    watch(m_method);
    addRow(form, tr("&Method:"), m_method, QStringLiteral("method"));

    m_backbone = new QComboBox;
    m_backbone->setObjectName(QStringLiteral("backbone"));
    for (const auto &name : engine::backboneNames())
        m_backbone->addItem(qs(name));
    m_backbone->setToolTip(tr("The encoder network whose features are learned: convnet is small and fast enough for "
                              "a CPU class demo; resnet18 (CIFAR stem) and vit-tiny want a GPU."));
    watch(m_backbone);
    addRow(form, tr("&Backbone:"), m_backbone, QStringLiteral("backbone"));
    v->addWidget(what);

    auto *data = new QGroupBox(tr("Data"));
    form = newForm(data);
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    m_dataset = new QComboBox;
    m_dataset->setObjectName(QStringLiteral("dataset"));
    m_dataset->setEditable(true);
    m_dataset->setInsertPolicy(QComboBox::NoInsert);
    m_dataset->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    // Sized by this, not by its longest item, so the row fits presentation-size fonts; it grows with the page.
    m_dataset->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_dataset->setMinimumContentsLength(12);
    // The spec forms, each with its line of datasetSpecHelp() as tooltip. Forms that need a folder insert only
    // "kind:" so that the teacher types or browses the folder instead of loading a literal "DIR".
    const QString help = qs(engine::datasetSpecHelp());
    const QStringList helpLines = help.split(QLatin1Char('\n'));
    auto helpFor = [&](const QString &form) {
        for (const QString &line : helpLines)
            if (line.section(QLatin1Char(' '), 0, 0) == form) return line.section(QLatin1Char(' '), 1).trimmed();
        return QString();
    };
    for (const char *form : { "fashion-mnist", "shapes", "shapes:2000", "mnist:DIR", "cifar10:DIR", "cifar100:DIR",
             "stl10:DIR", "folder:DIR" }) {
        const QString text = QLatin1String(form);
        const QString prefix = text.endsWith(QLatin1String(":DIR")) ? text.chopped(3) : QString();
        m_dataset->addItem(text, prefix);
        m_dataset->setItemData(m_dataset->count() - 1,
            helpFor(text == QLatin1String("shapes:2000") ? QStringLiteral("shapes:N") : text), Qt::ToolTipRole);
    }
    m_dataset->setToolTip(tr("<p>Which images to train on, as a spec:</p><pre>%1</pre>"
                             "<p>Pick a form from the list, type one, or use Browse… to pick a folder.</p>")
                              .arg(help.toHtmlEscaped()));
    connect(m_dataset, &QComboBox::currentTextChanged, this, &NewRunDialog::onDatasetEdited);
    connect(m_dataset, &QComboBox::activated, this, &NewRunDialog::onDatasetTemplate);

    m_datasetBrowse = new QPushButton(tr("Bro&wse…"));
    m_datasetBrowse->setObjectName(QStringLiteral("datasetBrowse"));
    m_datasetBrowse->setAutoDefault(false);
    m_datasetBrowse->setToolTip(tr("Pick a data folder; its kind is recognised from the files inside (or taken from "
                                   "the kind chosen next to this button)"));
    connect(m_datasetBrowse, &QPushButton::clicked, this, &NewRunDialog::browseDataset);
    m_datasetKind = new QComboBox;
    m_datasetKind->setObjectName(QStringLiteral("datasetKind"));
    m_datasetKind->addItem(tr("detect kind"), QString());
    for (const char *kind : { "folder", "mnist", "fashion-mnist", "cifar10", "cifar100", "stl10" })
        m_datasetKind->addItem(QLatin1String(kind), QLatin1String(kind));
    m_datasetKind->setToolTip(tr("What Browse… makes of the chosen folder: detect it from the files inside, or use "
                                 "this kind"));
    m_datasetKind->setAccessibleName(tr("Dataset folder kind"));
    auto *datasetRow = new QWidget;
    auto *h = new QHBoxLayout(datasetRow);
    h->setContentsMargins(0, 0, 0, 0);
    h->addWidget(m_dataset, 1);
    h->addWidget(m_datasetBrowse);
    h->addWidget(m_datasetKind);
    addRow(form, tr("&Dataset:"), datasetRow, QStringLiteral("dataset"), m_dataset);

    auto *hint = new QLabel(tr("e.g. fashion-mnist, shapes:2000, cifar10:/data/cifar-10-batches-bin"));
    hint->setForegroundRole(QPalette::PlaceholderText);
    hint->setWordWrap(true);
    form->addRow(QString(), hint);

    m_trainLimit = intBox("trainLimit", 0, kMaxCount,
        tr("Use only the first N training images (all = the whole training split). A few thousand "
           "keep a CPU demo quick."),
        tr("all"));
    addRow(form, tr("&Training images:"), m_trainLimit, QStringLiteral("train_limit"));
    m_testLimit = intBox("testLimit", 0, kMaxCount,
        tr("Use only the first N test images for the probe and kNN accuracy (all = the whole test "
           "split)."),
        tr("all"));
    addRow(form, tr("Test &images:"), m_testLimit, QStringLiteral("test_limit"));
    v->addWidget(data);
    v->addStretch(1);
    return page;
}

QWidget *NewRunDialog::buildAugmentPage()
{
    auto *page = new ColumnsPage;

    auto *sizeRow = new QWidget;
    auto *sizeForm = newForm(sizeRow);
    sizeForm->setContentsMargins(0, 0, 0, 0);
    m_outputSize = intBox("outputSize", 0, 512,
        tr("Side in pixels of the views the network sees (0 = the dataset's own size). Crops are "
           "resized to it."),
        tr("dataset size"));
    addRow(sizeForm, tr("O&utput size:"), m_outputSize, QStringLiteral("augment.output_size"));
    page->setHeader(sizeRow);

    const QString probTip = tr("Probability that a view gets this augmentation (0 = never, 1 = always).");
    auto prob = [&](const char *name) { return realBox(name, 0, 1, 2, 0.05, probTip); };

    // Crop.
    m_crop = opGroup("crop", tr("&Crop (random resized crop)"),
        tr("Cut a random box out of the image and resize it to the output size: the views then show "
           "different parts of the object, the strongest single augmentation for SimCLR."));
    auto *form = newForm(m_crop);
    m_cropProb = prob("cropProb");
    addRow(form, tr("Probability:"), m_cropProb, QStringLiteral("augment.crop_prob"));
    m_cropScaleMin = realBox("cropScaleMin", 0, 1, 3, 0.05,
        tr("Smallest crop, as a fraction of the image area (SimCLR: 0.08; 0.2 for small images)."));
    m_cropScaleMax = realBox("cropScaleMax", 0, 1, 3, 0.05, tr("Largest crop, as a fraction of the image area."));
    addRow(form, tr("Ar&ea:"), rowOf({ m_cropScaleMin, m_cropScaleMax }, QStringLiteral("–")),
        QStringLiteral("augment.crop_scale_min"), m_cropScaleMin);
    registerField(QStringLiteral("augment.crop_scale_max"), tr("Crop area (max)"), m_cropScaleMax);
    m_cropRatioMin
        = realBox("cropRatioMin", 0, 100, 3, 0.05, tr("Narrowest crop, as width / height (3/4 in torchvision)."));
    m_cropRatioMax
        = realBox("cropRatioMax", 0, 100, 3, 0.05, tr("Widest crop, as width / height (4/3 in torchvision)."));
    addRow(form, tr("Aspect rati&o:"), rowOf({ m_cropRatioMin, m_cropRatioMax }, QStringLiteral("–")),
        QStringLiteral("augment.crop_ratio_min"), m_cropRatioMin);
    registerField(QStringLiteral("augment.crop_ratio_max"), tr("Aspect ratio (max)"), m_cropRatioMax);
    page->add(0, m_crop);

    // Flip.
    m_flip = opGroup(
        "flip", tr("&Flip (horizontal)"), tr("Mirror the view left-right: a picture of a shoe is still a shoe."));
    form = newForm(m_flip);
    m_flipProb = prob("flipProb");
    addRow(form, tr("Probability:"), m_flipProb, QStringLiteral("augment.flip_prob"));
    page->add(0, m_flip);

    // Grayscale.
    m_grayscale = opGroup("grayscale", tr("Gra&yscale"),
        tr("Drop the colour: forces the network to recognise shapes, not just colour "
           "histograms."));
    form = newForm(m_grayscale);
    m_grayscaleProb = prob("grayscaleProb");
    addRow(form, tr("Probability:"), m_grayscaleProb, QStringLiteral("augment.grayscale_prob"));
    page->add(0, m_grayscale);

    // Solarize.
    m_solarize = opGroup("solarize", tr("Solari&ze"),
        tr("Invert every pixel brighter than the threshold (used by BYOL for its second view)."));
    form = newForm(m_solarize);
    m_solarizeProb = prob("solarizeProb");
    addRow(form, tr("Probability:"), m_solarizeProb, QStringLiteral("augment.solarize_prob"));
    m_solarizeThreshold
        = realBox("solarizeThreshold", 0, 1, 2, 0.05, tr("Pixels above this brightness (0 to 1) are inverted."));
    addRow(form, tr("Threshol&d:"), m_solarizeThreshold, QStringLiteral("augment.solarize_threshold"));
    page->add(0, m_solarize);

    // Colour jitter.
    m_jitter = opGroup("jitter", tr("Colour &jitter"),
        tr("Randomly change brightness, contrast, saturation and hue: without it SimCLR can match "
           "views by their colour histogram alone (Chen et al. 2020, section 3)."));
    form = newForm(m_jitter);
    m_jitterProb = prob("jitterProb");
    addRow(form, tr("Probability:"), m_jitterProb, QStringLiteral("augment.jitter_prob"));
    m_brightness
        = realBox("brightness", 0, 100, 2, 0.05, tr("Brightness factor drawn from [1 - b, 1 + b] (0 = unchanged)."));
    addRow(form, tr("&Brightness:"), m_brightness, QStringLiteral("augment.brightness"));
    m_contrast = realBox("contrast", 0, 100, 2, 0.05, tr("Contrast factor drawn from [1 - c, 1 + c] (0 = unchanged)."));
    addRow(form, tr("Con&trast:"), m_contrast, QStringLiteral("augment.contrast"));
    m_saturation = realBox("saturation", 0, 100, 2, 0.05,
        tr("Saturation factor drawn from [1 - s, 1 + s] (0 = unchanged; no effect on gray "
           "images)."));
    addRow(form, tr("S&aturation:"), m_saturation, QStringLiteral("augment.saturation"));
    m_hue = realBox("hue", 0, 0.5, 3, 0.01,
        tr("Hue shift drawn from [-h, h] of the colour circle (0 to 0.5; no effect on gray images)."));
    addRow(form, tr("&Hue:"), m_hue, QStringLiteral("augment.hue"));
    page->add(1, m_jitter);

    // Blur.
    m_blur = opGroup("blur", tr("&Gaussian blur"),
        tr("Blur the view with a Gaussian of random width: the network cannot rely on fine texture."));
    form = newForm(m_blur);
    m_blurProb = prob("blurProb");
    addRow(form, tr("Probability:"), m_blurProb, QStringLiteral("augment.blur_prob"));
    m_blurKernel = intBox("blurKernel", 1, 31, tr("Kernel side in pixels: an odd number from 1 to 31."));
    m_blurKernel->setSingleStep(2);
    addRow(form, tr("&Kernel:"), m_blurKernel, QStringLiteral("augment.blur_kernel"));
    m_blurSigmaMin = realBox("blurSigmaMin", 0, 100, 2, 0.1, tr("Smallest blur width σ, in pixels."));
    m_blurSigmaMax = realBox("blurSigmaMax", 0, 100, 2, 0.1, tr("Largest blur width σ, in pixels."));
    addRow(form, tr("S&igma:"), rowOf({ m_blurSigmaMin, m_blurSigmaMax }, QStringLiteral("–")),
        QStringLiteral("augment.blur_sigma_min"), m_blurSigmaMin);
    registerField(QStringLiteral("augment.blur_sigma_max"), tr("Sigma (max)"), m_blurSigmaMax);
    page->add(1, m_blur);

    m_normalize = new QCheckBox(tr("Normalise (dataset &mean / std)"));
    m_normalize->setObjectName(QStringLiteral("normalize"));
    m_normalize->setToolTip(tr("Subtract the per-channel mean and divide by the standard deviation before the "
                               "network sees the views (the preview shows them un-normalised)."));
    watch(m_normalize);
    registerField(QStringLiteral("augment.normalize"), tr("Normalise"), m_normalize);
    page->add(1, m_normalize);

    // The group names are registered so that an error about the op as a whole finds them.
    const std::pair<QGroupBox *, const char *> groups[]
        = { { m_crop, "augment.crop" }, { m_flip, "augment.flip" }, { m_jitter, "augment.jitter" },
              { m_grayscale, "augment.grayscale" }, { m_blur, "augment.blur" }, { m_solarize, "augment.solarize" } };
    for (const auto &[group, key] : groups)
        registerField(QLatin1String(key), group->title().remove(QLatin1Char('&')), group);

    page->finish();
    return page;
}

QWidget *NewRunDialog::buildOptimisationPage()
{
    auto *page = new QWidget;
    auto *v = new QVBoxLayout(page);

    auto *opt = new QGroupBox(tr("Optimiser"));
    auto *form = newForm(opt);
    m_optimizer = new QComboBox;
    m_optimizer->setObjectName(QStringLiteral("optimizer"));
    m_optimizer->addItems({ QStringLiteral("adam"), QStringLiteral("sgd"), QStringLiteral("lars") });
    m_optimizer->setToolTip(tr("adam: robust default for small batches (the reference text's choice). sgd: with "
                               "momentum. lars: layer-wise adaptive rates for very large batches (SimCLR paper)."));
    watch(m_optimizer);
    connect(m_optimizer, &QComboBox::currentTextChanged, this,
        [this](const QString &name) { m_momentum->setEnabled(name != QLatin1String("adam")); });
    addRow(form, tr("O&ptimiser:"), m_optimizer, QStringLiteral("optimizer"));

    m_lr = new LogSpinBox;
    m_lr->setObjectName(QStringLiteral("lr"));
    m_lr->setRange(0, 10);
    m_lr->setToolTip(tr("Learning rate: the step size of each update. Too high and the loss explodes, too low and "
                        "nothing moves; the arrows step 1-2-5 through the decades (1e-4, 2e-4, 5e-4)."));
    m_lr->setMinimumWidth(m_lr->fontMetrics().horizontalAdvance(QStringLiteral("0000000000")) + 30);
    watch(m_lr);
    addRow(form, tr("Learn&ing rate:"), m_lr, QStringLiteral("lr"));

    m_weightDecay = new LogSpinBox;
    m_weightDecay->setObjectName(QStringLiteral("weightDecay"));
    m_weightDecay->setRange(0, 1);
    m_weightDecay->setToolTip(tr("Weight decay (L2 penalty) pulling every weight towards 0 each step; 1e-6 for Adam, "
                                 "1e-4 to 1e-6 for SGD/LARS."));
    m_weightDecay->setMinimumWidth(m_lr->minimumWidth());
    watch(m_weightDecay);
    addRow(form, tr("&Weight decay:"), m_weightDecay, QStringLiteral("weight_decay"));

    m_momentum = realBox("momentum", 0, 0.999, 3, 0.01,
        tr("Momentum of SGD and LARS: how much of the previous update carries over (not used by "
           "Adam)."));
    addRow(form, tr("Mo&mentum:"), m_momentum, QStringLiteral("momentum"));

    m_schedule = new QComboBox;
    m_schedule->setObjectName(QStringLiteral("schedule"));
    m_schedule->addItems({ QStringLiteral("constant"), QStringLiteral("cosine") });
    m_schedule->setToolTip(tr("How the learning rate changes over the run: constant, or cosine decay to 0 after the "
                              "warm-up."));
    watch(m_schedule);
    addRow(form, tr("Sche&dule:"), m_schedule, QStringLiteral("schedule"));
    m_warmupSteps = intBox("warmupSteps", 0, kMaxCount,
        tr("Steps over which the learning rate ramps up linearly from 0: avoids wild first "
           "updates, important with large batches."),
        tr("none"));
    addRow(form, tr("Warm-&up steps:"), m_warmupSteps, QStringLiteral("warmup_steps"));
    v->addWidget(opt);

    auto *loop = new QGroupBox(tr("Training loop"));
    form = newForm(loop);
    m_batchSize = intBox("batchSize", 1, 8192,
        tr("Images per step. Each image gives two views, and every other image in the batch is a "
           "negative: larger batches give more negatives (SimCLR used 4096), smaller ones run "
           "faster on a CPU."));
    m_batchSize->setSingleStep(16);
    addRow(form, tr("&Batch size:"), m_batchSize, QStringLiteral("batch_size"));
    m_epochs = intBox("epochs", 1, 10000, tr("Passes over the training images."));
    addRow(form, tr("Epo&chs:"), m_epochs, QStringLiteral("epochs"));
    m_stepsPerEpoch = intBox("stepsPerEpoch", 0, kMaxCount,
        tr("Stop each epoch after this many steps (full pass = every complete batch of the "
           "training images)."),
        tr("full pass"));
    addRow(form, tr("Steps per epoc&h:"), m_stepsPerEpoch, QStringLiteral("steps_per_epoch"));
    v->addWidget(loop);

    auto *method = new QGroupBox(tr("Contrastive head"));
    form = newForm(method);
    m_temperature = realBox("temperature", 0, 10, 3, 0.05,
        tr("NT-Xent temperature τ: lower sharpens the softmax over similarities, so hard "
           "negatives weigh more (SimCLR: 0.1 to 0.5)."));
    addRow(form, tr("&Temperature τ:"), m_temperature, QStringLiteral("temperature"));
    m_projectionDim = intBox("projectionDim", 2, 8192,
        tr("Output size of the projection head g(·): the loss compares these vectors; the "
           "probe uses the features before it."));
    addRow(form, tr("Pro&jection size:"), m_projectionDim, QStringLiteral("projection_dim"));
    m_projectionHidden = intBox("projectionHidden", 2, 16384, tr("Width of the hidden layer of the projection MLP."));
    addRow(form, tr("Projection hidden si&ze:"), m_projectionHidden, QStringLiteral("projection_hidden"));
    v->addWidget(method);
    v->addStretch(1);
    return page;
}

QWidget *NewRunDialog::buildEvaluationPage()
{
    auto *page = new QWidget;
    auto *v = new QVBoxLayout(page);

    auto *eval = new QGroupBox(tr("Evaluation"));
    auto *form = newForm(eval);
    m_onlineProbe = new QCheckBox(tr("&Online linear probe"));
    m_onlineProbe->setObjectName(QStringLiteral("onlineProbe"));
    m_onlineProbe->setToolTip(tr("Train a linear classifier alongside on detached features: the live probe "
                                 "accuracy curve, at almost no cost."));
    watch(m_onlineProbe);
    registerField(QStringLiteral("online_probe"), tr("Online linear probe"), m_onlineProbe);
    form->addRow(m_onlineProbe);
    m_evalEachEpoch = new QCheckBox(tr("&Evaluate at each epoch end"));
    m_evalEachEpoch->setObjectName(QStringLiteral("evalEachEpoch"));
    m_evalEachEpoch->setToolTip(tr("At every epoch end (and once before training, the random-init baseline) fit an "
                                   "offline linear probe and a kNN classifier on frozen features."));
    watch(m_evalEachEpoch);
    registerField(QStringLiteral("eval_each_epoch"), tr("Evaluate at each epoch end"), m_evalEachEpoch);
    form->addRow(m_evalEachEpoch);
    m_probeStandardize = new QCheckBox(tr("Stan&dardise features before the probe"));
    m_probeStandardize->setObjectName(QStringLiteral("probeStandardize"));
    m_probeStandardize->setToolTip(tr("Scale frozen features to zero mean and unit variance before the offline linear "
                                      "probe (as MAE's affine-free BatchNorm). Off: raw features, as the reference "
                                      "text's code; random-init encoders then score much lower."));
    watch(m_probeStandardize);
    registerField(QStringLiteral("probe_standardize"), tr("Standardise features"), m_probeStandardize);
    form->addRow(m_probeStandardize);
    m_probeEpochs = intBox("probeEpochs", 1, 1000,
        tr("Epochs of the offline linear probe on frozen features (more = a tighter accuracy "
           "estimate, slower evaluation)."));
    addRow(form, tr("&Probe epochs:"), m_probeEpochs, QStringLiteral("probe_epochs"));
    m_knnK
        = intBox("knnK", 1, 10000, tr("Neighbours that vote in the weighted kNN classifier (Wu et al. 2018 use 200)."));
    addRow(form, tr("&kNN neighbours k:"), m_knnK, QStringLiteral("knn_k"));
    m_knnTemperature = realBox("knnTemperature", 0, 10, 3, 0.01,
        tr("Temperature of the kNN vote weights exp(cos / τ): lower lets the closest "
           "neighbours dominate."));
    addRow(form, tr("kNN te&mperature:"), m_knnTemperature, QStringLiteral("knn_temperature"));
    m_evalTrainLimit = intBox("evalTrainLimit", 0, kMaxCount,
        tr("Training images whose features form the probe's training set and the kNN memory "
           "bank (all = every training image)."),
        tr("all"));
    addRow(form, tr("&Feature bank images:"), m_evalTrainLimit, QStringLiteral("eval_train_limit"));
    v->addWidget(eval);

    auto *exec = new QGroupBox(tr("Execution"));
    form = newForm(exec);
    m_seed = new QLineEdit;
    m_seed->setObjectName(QStringLiteral("seed"));
    m_seed->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9]{0,20}")), m_seed));
    m_seed->setToolTip(tr("Seed of every random choice (data order, augmentations, initial weights): the same seed "
                          "repeats the run exactly on the same machine."));
    m_seed->setMaximumWidth(m_seed->fontMetrics().horizontalAdvance(QStringLiteral("00000000000000000000")) + 16);
    watch(m_seed);
    addRow(form, tr("R&andom seed:"), m_seed, QStringLiteral("seed"));
    m_threads = intBox("threads", 0, 1024,
        tr("CPU threads for training (all cores = %1 here). Fewer keeps the window responsive on a "
           "busy laptop.")
            .arg(QThread::idealThreadCount()),
        tr("all cores"));
    addRow(form, tr("&Threads:"), m_threads, QStringLiteral("threads"));
    m_device = new QComboBox;
    m_device->setObjectName(QStringLiteral("device"));
    m_device->addItem(QStringLiteral("cpu"));
    if (engine::cudaAvailable()) m_device->addItem(QStringLiteral("cuda"));
    m_device->setToolTip(engine::cudaAvailable()
            ? tr("Where training runs: cpu, or the first CUDA GPU.")
            : tr("Where training runs. This build or machine has no CUDA, so only cpu is offered."));
    watch(m_device);
    addRow(form, tr("Dev&ice:"), m_device, QStringLiteral("device"));
    m_precision = new QComboBox;
    m_precision->setObjectName(QStringLiteral("precision"));
    m_precision->addItems({ QStringLiteral("auto"), QStringLiteral("fp32"), QStringLiteral("bf16") });
    m_precision->setToolTip(tr("auto: bf16 on GPUs and on CPUs with native bf16 (AVX-512 BF16 or AMX), fp32 elsewhere. "
                               "fp32: full precision. bf16: mixed precision (autocast), about twice as fast where "
                               "supported, slightly noisier."));
    watch(m_precision);
    addRow(form, tr("Pre&cision:"), m_precision, QStringLiteral("precision"));
    m_checkpointEvery = intBox("checkpointEvery", 1, kMaxCount,
        tr("Steps between checkpoints (one is also written at every epoch end and on stop), "
           "so a run can be resumed."));
    addRow(form, tr("Checkpoint ever&y:"), m_checkpointEvery, QStringLiteral("checkpoint_every"));
    v->addWidget(exec);

    auto *live = new QGroupBox(tr("Live views and run folder"));
    form = newForm(live);
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    m_previewsPerSecond = realBox("previewsPerSecond", 0, 60, 1, 0.5,
        tr("Upper bound on how often the augmentation and similarity views are refreshed "
           "during training (0 = never)."));
    addRow(form, tr("&Updates per second:"), m_previewsPerSecond, QStringLiteral("previews_per_second"));
    m_previewSamples
        = intBox("previewSamples", 1, 64, tr("Samples shown in the live augmentation and similarity views."));
    addRow(form, tr("Previe&w samples:"), m_previewSamples, QStringLiteral("preview_samples"));
    m_runDir = new QLineEdit;
    m_runDir->setObjectName(QStringLiteral("runDir"));
    m_runDir->setToolTip(tr("Folder the run writes config.json, metrics.jsonl, checkpoints and snapshots to. It "
                            "follows the method and dataset until you edit it."));
    // Not watch()ed: the automatic default is written into it, and only the teacher's own typing (textEdited)
    // should stop the default from following the method and dataset.
    connect(m_runDir, &QLineEdit::textEdited, this, [this] {
        m_runDirAuto = false;
        updateValidation();
    });
    m_runDirBrowse = new QPushButton(tr("&Browse…"));
    m_runDirBrowse->setObjectName(QStringLiteral("runDirBrowse"));
    m_runDirBrowse->setAutoDefault(false);
    m_runDirBrowse->setToolTip(tr("Pick the run folder: an empty folder is used as it is, in any other a new "
                                  "sub-folder is made for the run."));
    connect(m_runDirBrowse, &QPushButton::clicked, this, &NewRunDialog::browseRunDir);
    auto *dirRow = new QWidget;
    auto *h = new QHBoxLayout(dirRow);
    h->setContentsMargins(0, 0, 0, 0);
    h->addWidget(m_runDir, 1);
    h->addWidget(m_runDirBrowse);
    addRow(form, tr("Run fol&der:"), dirRow, QStringLiteral("run_dir"), m_runDir);
    v->addWidget(live);
    v->addStretch(1);
    return page;
}

QWidget *NewRunDialog::buildPreviewPanel()
{
    auto *panel = new QGroupBox(tr("Live preview: what the network will see"));
    panel->setObjectName(QStringLiteral("previewPanel"));
    auto *v = new QVBoxLayout(panel);
    m_datasetInfo = new QLabel;
    m_datasetInfo->setObjectName(QStringLiteral("datasetInfo"));
    m_datasetInfo->setWordWrap(true);
    m_datasetInfo->setTextFormat(Qt::RichText);
    v->addWidget(m_datasetInfo);

    m_preview = new NewRunPreviewView;
    m_preview->setObjectName(QStringLiteral("previewView"));
    m_preview->setMinimumSize(300, 260);
    m_preview->setEmptyText(tr("Loading the preview…"));
    m_preview->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    v->addWidget(m_preview, 1);

    auto *bottom = new QHBoxLayout;
    m_previewStatus = new QLabel;
    m_previewStatus->setObjectName(QStringLiteral("previewStatus"));
    m_previewStatus->setWordWrap(true);
    bottom->addWidget(m_previewStatus, 1);
    m_newSamplesButton = new QPushButton(tr("&New samples"));
    m_newSamplesButton->setObjectName(QStringLiteral("newSamples"));
    m_newSamplesButton->setAutoDefault(false);
    m_newSamplesButton->setToolTip(tr("Show other images with other random augmentations (the run itself is not "
                                      "affected)"));
    connect(m_newSamplesButton, &QPushButton::clicked, this, &NewRunDialog::newSamples);
    bottom->addWidget(m_newSamplesButton, 0, Qt::AlignBottom);
    v->addLayout(bottom);
    return panel;
}

// ---- config <-> widgets ------------------------------------------------------------------------------------------

void NewRunDialog::setReal(QDoubleSpinBox *box, double value)
{
    box->setValue(value);
    m_exact[box] = { value, box->value() };
}

double NewRunDialog::realValue(const QDoubleSpinBox *box) const
{
    const auto it = m_exact.find(box);
    return it != m_exact.end() && it->second.second == box->value() ? it->second.first : box->value();
}

std::string NewRunDialog::datasetSpec() const
{
    return m_dataset->currentText().trimmed().toStdString();
}

void NewRunDialog::setConfig(const engine::RunConfig &c)
{
    m_updating = true;
    m_base = c;
    selectText(m_method, qs(c.method));
    selectText(m_backbone, qs(c.backbone));
    m_dataset->setEditText(qs(c.dataset));
    m_trainLimit->setValue(static_cast<int>(std::min<int64_t>(c.trainLimit, kMaxCount + 1LL)));
    m_testLimit->setValue(static_cast<int>(std::min<int64_t>(c.testLimit, kMaxCount + 1LL)));

    const engine::AugmentConfig &a = c.augment;
    m_outputSize->setValue(a.outputSize);
    m_crop->setChecked(a.crop);
    setReal(m_cropProb, a.cropProb);
    setReal(m_cropScaleMin, a.cropScaleMin);
    setReal(m_cropScaleMax, a.cropScaleMax);
    setReal(m_cropRatioMin, a.cropRatioMin);
    setReal(m_cropRatioMax, a.cropRatioMax);
    m_flip->setChecked(a.flip);
    setReal(m_flipProb, a.flipProb);
    m_jitter->setChecked(a.jitter);
    setReal(m_jitterProb, a.jitterProb);
    setReal(m_brightness, a.brightness);
    setReal(m_contrast, a.contrast);
    setReal(m_saturation, a.saturation);
    setReal(m_hue, a.hue);
    m_grayscale->setChecked(a.grayscale);
    setReal(m_grayscaleProb, a.grayscaleProb);
    m_blur->setChecked(a.blur);
    setReal(m_blurProb, a.blurProb);
    m_blurKernel->setValue(a.blurKernel);
    setReal(m_blurSigmaMin, a.blurSigmaMin);
    setReal(m_blurSigmaMax, a.blurSigmaMax);
    m_solarize->setChecked(a.solarize);
    setReal(m_solarizeProb, a.solarizeProb);
    setReal(m_solarizeThreshold, a.solarizeThreshold);
    m_normalize->setChecked(a.normalize);

    selectText(m_optimizer, qs(c.optimizer));
    setReal(m_lr, c.lr);
    setReal(m_weightDecay, c.weightDecay);
    setReal(m_momentum, c.momentum);
    m_momentum->setEnabled(c.optimizer != "adam");
    selectText(m_schedule, qs(c.schedule));
    m_warmupSteps->setValue(static_cast<int>(std::min<int64_t>(c.warmupSteps, kMaxCount + 1LL)));
    m_batchSize->setValue(c.batchSize);
    m_epochs->setValue(c.epochs);
    m_stepsPerEpoch->setValue(static_cast<int>(std::min<int64_t>(c.stepsPerEpoch, kMaxCount + 1LL)));
    {
        const auto t = engine::settingValue(c, "temperature"), d = engine::settingValue(c, "projection_dim"),
                   h = engine::settingValue(c, "projection_hidden");
        setReal(m_temperature, t.isNumber() ? t.asNumber() : 0.5);
        m_projectionDim->setValue(d.isNumber() ? static_cast<int>(d.asNumber()) : 128);
        m_projectionHidden->setValue(h.isNumber() ? static_cast<int>(h.asNumber()) : 256);
    }

    m_onlineProbe->setChecked(c.onlineProbe);
    m_evalEachEpoch->setChecked(c.evalEachEpoch);
    m_probeStandardize->setChecked(c.probeStandardize);
    m_probeEpochs->setValue(c.probeEpochs);
    m_knnK->setValue(c.knnK);
    setReal(m_knnTemperature, c.knnTemperature);
    m_evalTrainLimit->setValue(static_cast<int>(std::min<int64_t>(c.evalTrainLimit, kMaxCount + 1LL)));
    m_seed->setText(QString::number(c.seed));
    m_threads->setValue(c.threads);
    selectText(m_device, qs(c.device));
    selectText(m_precision, qs(c.precision));
    m_checkpointEvery->setValue(static_cast<int>(std::min<int64_t>(c.checkpointEvery, kMaxCount + 1LL)));
    setReal(m_previewsPerSecond, c.previewsPerSecond);
    m_previewSamples->setValue(c.previewSamples);
    m_updating = false;

    m_previewSeed = c.seed;
    updateRunDirDefault();
    // A config set from code (or loaded) is checked at once, so validationError() is current on return.
    checkDataset(true);
    updateValidation();
}

engine::AugmentConfig NewRunDialog::augmentConfig() const
{
    engine::AugmentConfig a = m_base.augment; // mean and stddev have no widget
    a.outputSize = m_outputSize->value();
    a.crop = m_crop->isChecked();
    a.cropProb = realValue(m_cropProb);
    a.cropScaleMin = realValue(m_cropScaleMin);
    a.cropScaleMax = realValue(m_cropScaleMax);
    a.cropRatioMin = realValue(m_cropRatioMin);
    a.cropRatioMax = realValue(m_cropRatioMax);
    a.flip = m_flip->isChecked();
    a.flipProb = realValue(m_flipProb);
    a.jitter = m_jitter->isChecked();
    a.jitterProb = realValue(m_jitterProb);
    a.brightness = realValue(m_brightness);
    a.contrast = realValue(m_contrast);
    a.saturation = realValue(m_saturation);
    a.hue = realValue(m_hue);
    a.grayscale = m_grayscale->isChecked();
    a.grayscaleProb = realValue(m_grayscaleProb);
    a.blur = m_blur->isChecked();
    a.blurProb = realValue(m_blurProb);
    a.blurKernel = m_blurKernel->value();
    a.blurSigmaMin = realValue(m_blurSigmaMin);
    a.blurSigmaMax = realValue(m_blurSigmaMax);
    a.solarize = m_solarize->isChecked();
    a.solarizeProb = realValue(m_solarizeProb);
    a.solarizeThreshold = realValue(m_solarizeThreshold);
    a.normalize = m_normalize->isChecked();
    return a;
}

engine::RunConfig NewRunDialog::config() const
{
    engine::RunConfig c = m_base;
    engine::selectMethod(c, m_method->currentText().toStdString());
    c.backbone = m_backbone->currentText().toStdString();
    c.dataset = datasetSpec();
    c.trainLimit = m_trainLimit->value();
    c.testLimit = m_testLimit->value();
    c.epochs = m_epochs->value();
    c.stepsPerEpoch = m_stepsPerEpoch->value();
    c.batchSize = m_batchSize->value();
    c.optimizer = m_optimizer->currentText().toStdString();
    c.lr = realValue(m_lr);
    c.weightDecay = realValue(m_weightDecay);
    c.momentum = realValue(m_momentum);
    c.schedule = m_schedule->currentText().toStdString();
    c.warmupSteps = m_warmupSteps->value();
    if (engine::settingValue(c, "temperature").isNumber()) {
        engine::setSettingValue(c, "temperature", realValue(m_temperature));
        engine::setSettingValue(c, "projection_dim", m_projectionDim->value());
        engine::setSettingValue(c, "projection_hidden", m_projectionHidden->value());
    }
    c.onlineProbe = m_onlineProbe->isChecked();
    c.evalEachEpoch = m_evalEachEpoch->isChecked();
    c.probeStandardize = m_probeStandardize->isChecked();
    c.probeEpochs = m_probeEpochs->value();
    c.knnK = m_knnK->value();
    c.knnTemperature = realValue(m_knnTemperature);
    c.evalTrainLimit = m_evalTrainLimit->value();
    bool ok = false;
    const qulonglong seed = m_seed->text().trimmed().toULongLong(&ok);
    if (ok) c.seed = seed; // an unparsable seed is reported by updateValidation()
    c.threads = m_threads->value();
    c.device = m_device->currentText().toStdString();
    c.precision = m_precision->currentText().toStdString();
    c.checkpointEvery = m_checkpointEvery->value();
    c.previewsPerSecond = realValue(m_previewsPerSecond);
    c.previewSamples = m_previewSamples->value();
    c.augment = augmentConfig();
    return c;
}

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
    const QString spec = qs(datasetSpec());
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
    QString method = m_method->currentText();
    method.replace(unsafe, QStringLiteral("-"));
    return QDir::home().filePath(QStringLiteral("PretextRuns/%1-%2-%3").arg(method, data, m_runStamp));
}

void NewRunDialog::updateRunDirDefault()
{
    if (!m_runDirAuto) return;
    const QSignalBlocker block(m_runDir);
    m_runDir->setText(defaultRunDir());
}

QString NewRunDialog::specForFolder(const QString &dirPath, const QString &kind)
{
    const QString dir = QDir::cleanPath(dirPath);
    if (!kind.isEmpty()) return kind + QLatin1Char(':') + dir;
    const QDir d(dir);
    auto recognise = [](const QDir &x) -> QString {
        if (x.exists(QStringLiteral("data_batch_1.bin"))) return QStringLiteral("cifar10");
        if (x.exists(QStringLiteral("train.bin")) && x.exists(QStringLiteral("test.bin")))
            return QStringLiteral("cifar100");
        if (x.exists(QStringLiteral("train_X.bin"))) return QStringLiteral("stl10");
        if (x.exists(QStringLiteral("train-images-idx3-ubyte"))
            || x.exists(QStringLiteral("train-images-idx3-ubyte.gz")))
            // The two sets use the same file names; the folder name is the only hint.
            return x.absolutePath().contains(QLatin1String("fashion"), Qt::CaseInsensitive)
                ? QStringLiteral("fashion-mnist")
                : QStringLiteral("mnist");
        return {};
    };
    if (const QString k = recognise(d); !k.isEmpty()) return k + QLatin1Char(':') + dir;
    // The archives unpack into a folder of their own; picking the folder above it should work too.
    for (const char *sub : { "cifar-10-batches-bin", "cifar-100-binary", "stl10_binary" }) {
        const QDir inner(d.filePath(QLatin1String(sub)));
        if (const QString k = recognise(inner); inner.exists() && !k.isEmpty())
            return k + QLatin1Char(':') + QDir::cleanPath(inner.path());
    }
    return QStringLiteral("folder:") + dir;
}

// ---- reacting to edits -------------------------------------------------------------------------------------------

void NewRunDialog::onEdited()
{
    if (m_updating) return;
    updateRunDirDefault();
    updateValidation();
    schedulePreview();
}

void NewRunDialog::onDatasetEdited()
{
    if (m_updating) return;
    m_datasetTimer->start();
    updateDatasetInfo();
    onEdited();
}

void NewRunDialog::onDatasetTemplate(int index)
{
    const QString prefix = m_dataset->itemData(index).toString();
    if (prefix.isEmpty()) return;
    // "cifar10:DIR" stands for a form: leave "cifar10:" for the folder to be typed, and let Browse… use that kind.
    m_dataset->setEditText(prefix);
    const int kind = m_datasetKind->findData(prefix.chopped(1));
    if (kind >= 0) m_datasetKind->setCurrentIndex(kind);
    m_dataset->setFocus();
}

void NewRunDialog::browseDataset()
{
    QString start = qs(datasetSpec()).section(QLatin1Char(':'), 1);
    if (start.isEmpty() || !QFileInfo(start).isDir()) start = QDir::homePath();
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Choose a dataset folder"), start);
    if (dir.isEmpty()) return;
    m_dataset->setEditText(specForFolder(dir, m_datasetKind->currentData().toString()));
    checkDataset(true); // a deliberate pick is checked now, and again even if it is the same folder
}

void NewRunDialog::browseRunDir()
{
    QString start = runDir();
    while (!start.isEmpty() && !QFileInfo(start).isDir())
        start = QFileInfo(start).path() == start ? QString() : QFileInfo(start).path();
    const QString dir = QFileDialog::getExistingDirectory(
        this, tr("Choose the run folder"), start.isEmpty() ? QDir::homePath() : start);
    if (dir.isEmpty()) return;
    const bool empty = QDir(dir).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
    setRunDir(empty ? dir : QDir(dir).filePath(QFileInfo(defaultRunDir()).fileName()));
}

void NewRunDialog::checkDataset(bool force)
{
    m_datasetTimer->stop();
    const std::string spec = datasetSpec();
    if (spec == m_checkedSpec && !force) return;
    m_checkedSpec = spec;
    m_datasetError.clear();
    if (!spec.empty()) {
        // Loads are bounded (the first 64 images; fashion-mnist takes a few milliseconds), but a slow disk shows.
        QGuiApplication::setOverrideCursor(Qt::WaitCursor);
        try {
            m_previewer.setDataset(spec);
        } catch (const std::exception &e) {
            m_datasetError = QString::fromStdString(e.what());
        }
        QGuiApplication::restoreOverrideCursor();
    }
    updateDatasetInfo();
    updateValidation();
    updatePreview();
}

void NewRunDialog::updateDatasetInfo()
{
    const std::string spec = datasetSpec();
    if (spec != m_checkedSpec) {
        m_datasetInfo->setText(tr("Checking the dataset…"));
        m_preview->setEmptyText(tr("Checking the dataset…"));
        return;
    }
    if (spec.empty() || !m_datasetError.isEmpty() || !m_previewer.hasDataset()) {
        m_datasetInfo->setText(tr("No dataset loaded: see the message under the form."));
        return;
    }
    const auto &names = m_previewer.classNames();
    QStringList shown;
    for (size_t i = 0; i < names.size() && i < 4; ++i)
        shown << qs(names[i]).toHtmlEscaped();
    if (names.size() > 4) shown << QStringLiteral("…");
    const QString colour = m_previewer.channels() == 1 ? tr("gray") : tr("colour");
    m_datasetInfo->setText(tr("<b>%1</b> · %2 classes (%3) · %4×%5 %6")
                               .arg(qs(spec).toHtmlEscaped())
                               .arg(names.size())
                               .arg(shown.join(QStringLiteral(", ")))
                               .arg(m_previewer.imageWidth())
                               .arg(m_previewer.imageHeight())
                               .arg(colour));
}

void NewRunDialog::schedulePreview()
{
    m_previewTimer->start();
}

void NewRunDialog::newSamples()
{
    ++m_previewSeed;
    updatePreview();
}

void NewRunDialog::updatePreview()
{
    m_previewTimer->stop();
    const std::string spec = datasetSpec();
    if (spec != m_checkedSpec) return; // the dataset check that is pending redraws when it is done
    QString previewError;
    if (!m_datasetError.isEmpty() || !m_previewer.hasDataset() || m_previewer.datasetSpec() != spec) {
        m_lastPreview = {};
        m_previewKey.clear();
        m_preview->clear();
        m_preview->setEmptyText(tr("No preview: the dataset could not be loaded."));
        m_previewStatus->clear();
    } else {
        const engine::AugmentConfig aug = augmentConfig();
        bool valid = true;
        try {
            engine::validate(aug);
        } catch (const std::exception &) {
            valid = false;
        }
        if (!valid) {
            // The last good preview stays on screen: it is still what the last valid settings do.
            m_previewStatus->setText(tr("Preview paused until the augmentation settings are valid."));
        } else {
            const std::string key
                = spec + '\n' + std::to_string(m_previewSeed) + '\n' + engine::json::dump(engine::toJson(aug));
            if (key != m_previewKey) {
                try {
                    QElapsedTimer timer;
                    timer.start();
                    m_lastPreview = m_previewer.preview(aug, kPreviewSamples, m_previewSeed);
                    m_preview->setPairs(m_lastPreview.originals, m_lastPreview.view1, m_lastPreview.view2,
                        m_lastPreview.records1, m_lastPreview.records2);
                    m_previewKey = key;
                    ++m_previewUpdates;
                    m_previewStatus->setText(tr("%1 of the first %2 training images, draw %3. Hover a pair to see "
                                                "what was done to it.")
                                                 .arg(m_lastPreview.view1.count)
                                                 .arg(m_previewer.cachedCount())
                                                 .arg(m_previewSeed));
                    m_previewStatus->setToolTip(
                        tr("Rendered in %1 ms by the engine's augmentation pipeline").arg(timer.elapsed()));
                } catch (const std::exception &e) {
                    // E.g. three mean values for gray images: training would fail the same way, so it is an error.
                    previewError = QString::fromStdString(e.what());
                    m_lastPreview = {};
                    m_previewKey.clear();
                    m_preview->clear();
                    m_preview->setEmptyText(tr("No preview: see the message under the form."));
                }
            }
        }
    }
    if (previewError != m_previewError) {
        m_previewError = previewError;
        updateValidation();
    }
}

// ---- validation --------------------------------------------------------------------------------------------------

const NewRunDialog::Field *NewRunDialog::fieldFor(const QString &key) const
{
    for (const Field &f : m_fields)
        if (f.key == key) return &f;
    return nullptr;
}

void NewRunDialog::updateValidation()
{
    if (m_updating) return;
    std::vector<Problem> problems;
    auto has = [&](const QString &key) {
        return std::any_of(problems.begin(), problems.end(), [&](const Problem &p) { return p.key == key; });
    };
    const engine::RunConfig c = config();
    try {
        engine::validate(c);
    } catch (const std::exception &e) {
        const QString message = QString::fromStdString(e.what());
        problems.push_back({ keyOfMessage(message), message });
    }

    bool seedOk = false;
    m_seed->text().trimmed().toULongLong(&seedOk);
    if (!seedOk)
        problems.push_back({ QStringLiteral("seed"),
            tr("seed = \"%1\" is not accepted; expected a whole number from 0 to %2")
                .arg(m_seed->text(), QString::number(std::numeric_limits<quint64>::max())) });

    const bool datasetChecked = c.dataset == m_checkedSpec;
    if (!c.dataset.empty() && datasetChecked && !m_datasetError.isEmpty() && !has(QStringLiteral("dataset")))
        problems.push_back({ QStringLiteral("dataset"), m_datasetError });

    // The trainer refuses a batch larger than the training set; say so now where the size is known: an explicit
    // train_limit, shapes:N, or a dataset smaller than the preview's cache (which then holds all of it).
    if (!has(QStringLiteral("batch_size")) && !has(QStringLiteral("dataset"))) {
        int64_t known = c.trainLimit > 0 ? c.trainLimit : INT64_MAX;
        QString source = QStringLiteral("train_limit = %1").arg(c.trainLimit);
        static const QRegularExpression shapesN(QStringLiteral(R"(^shapes:(\d{1,7})$)"));
        if (const auto m = shapesN.match(qs(c.dataset)); m.hasMatch() && m.captured(1).toLongLong() < known) {
            known = m.captured(1).toLongLong();
            source = qs(c.dataset);
        }
        if (datasetChecked && m_previewer.hasDataset()
            && m_previewer.cachedCount() < engine::AugmentPreviewer::kCachedImages
            && m_previewer.cachedCount() < known) {
            known = m_previewer.cachedCount();
            source = qs(c.dataset);
        }
        if (known < c.batchSize)
            problems.push_back({ QStringLiteral("batch_size"),
                tr("batch_size = %1 is larger than the training set (%2 images, %3); lower "
                   "batch_size or use more training images")
                    .arg(c.batchSize)
                    .arg(known)
                    .arg(source) });
    }

    if (c.device.rfind("cuda", 0) == 0 && !engine::cudaAvailable() && !has(QStringLiteral("device")))
        problems.push_back({ QStringLiteral("device"),
            tr("device = \"%1\" is not available: this build or machine has no CUDA; use cpu").arg(qs(c.device)) });

    const QString dir = runDir();
    const QFileInfo dirInfo(dir);
    if (dir.isEmpty())
        problems.push_back(
            { QStringLiteral("run_dir"), tr("the run folder is empty; choose where the run is written") });
    else if (dirInfo.exists() && !dirInfo.isDir())
        problems.push_back({ QStringLiteral("run_dir"), tr("%1 is a file, not a folder").arg(dir) });
    else if (QFileInfo::exists(QDir(dir).filePath(QStringLiteral("config.json"))))
        problems.push_back(
            { QStringLiteral("run_dir"), tr("%1 already holds a run (config.json); choose a new folder").arg(dir) });

    if (!m_previewError.isEmpty() && !has(keyOfMessage(m_previewError)))
        problems.push_back({ keyOfMessage(m_previewError), m_previewError });

    m_problems = std::move(problems);

    // Inline: one line per problem, the field's label as a link that jumps to it; highlight the widgets and mark
    // the tabs that hold them.
    const bool dark = isDarkPalette(palette());
    const QColor errorText = dark ? QColor(255, 138, 128) : QColor(176, 0, 32);
    const QColor errorBase = dark ? QColor(96, 24, 24) : QColor(255, 218, 218);
    QStringList html;
    std::vector<QWidget *> bad;
    for (const Problem &p : m_problems) {
        const Field *f = fieldFor(p.key);
        const QString text = compactMessage(p.message).toHtmlEscaped();
        if (f) {
            html << QStringLiteral("<a href=\"%1\" style=\"color:%2\"><b>%3</b></a>: %4")
                        .arg(p.key, errorText.name(), f->label.toHtmlEscaped(), text);
            bad.push_back(f->widget);
        } else {
            html << text;
        }
    }
    // Links only while there are problems: a "Ready" line should not take a stop in the Tab chain.
    m_errorLabel->setTextInteractionFlags(m_problems.empty() ? Qt::NoTextInteraction : Qt::TextBrowserInteraction);
    if (m_problems.empty()) {
        m_errorLabel->setText(tr("Ready: press Enter or Start to begin training."));
    } else {
        m_errorLabel->setText(QStringLiteral("<span style=\"color:%1\">%2</span>")
                                  .arg(errorText.name(), html.join(QStringLiteral("<br>"))));
    }
    m_errorLabel->setToolTip(validationError()); // the messages in full, e.g. the loader's list of spec forms
    for (const Field &f : m_fields) {
        const bool invalid = std::find(bad.begin(), bad.end(), f.widget) != bad.end();
        if (f.widget->property("invalid").toBool() == invalid) continue;
        f.widget->setProperty("invalid", invalid);
        if (invalid) {
            QPalette p = f.widget->palette();
            p.setColor(QPalette::Base, errorBase);
            p.setColor(QPalette::Button, errorBase);
            f.widget->setPalette(p);
        } else {
            f.widget->setPalette(QPalette());
        }
    }
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
        const Field *f = fieldFor(p.key);
        lines << (f ? f->label + QStringLiteral(": ") + p.message : p.message);
    }
    return lines.join(QLatin1Char('\n'));
}

bool NewRunDialog::isValid() const
{
    return m_problems.empty();
}

void NewRunDialog::revalidateNow()
{
    checkDataset();
    if (m_previewTimer->isActive()) updatePreview();
    updateValidation();
}

void NewRunDialog::focusField(const QString &key)
{
    const Field *f = fieldFor(key);
    if (!f) return;
    for (int i = 0; i < m_tabs->count(); ++i)
        if (m_tabs->widget(i)->isAncestorOf(f->widget)) m_tabs->setCurrentIndex(i);
    if (auto *scroll = qobject_cast<QScrollArea *>(m_tabs->currentWidget())) scroll->ensureWidgetVisible(f->widget);
    f->widget->setFocus(Qt::OtherFocusReason);
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
    setConfig(engine::RunConfig());
    setRunDir(QString());
}

// ---- files -------------------------------------------------------------------------------------------------------

bool NewRunDialog::saveConfig(const QString &path, QString *error) const
{
    const engine::RunConfig c = config();
    try {
        engine::validate(c);
    } catch (const std::exception &e) {
        // A file that loadRunConfig() would refuse is no use to anyone.
        if (error) *error = tr("Not saved: %1").arg(QString::fromStdString(e.what()));
        return false;
    }
    QSaveFile file(path);
    const QByteArray text = QByteArray::fromStdString(engine::json::dump(engine::toJson(c), 2) + "\n");
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

void NewRunDialog::saveWithDialog()
{
    QString path = QFileDialog::getSaveFileName(this, tr("Save run configuration"),
        QDir::home().filePath(QFileInfo(runDir()).fileName() + ".json"),
        tr("Run configuration (*.json);;All files (*)"));
    if (path.isEmpty()) return;
    if (QFileInfo(path).suffix().isEmpty()) path += QStringLiteral(".json");
    QString error;
    if (!saveConfig(path, &error)) QMessageBox::warning(this, tr("Save run configuration"), error);
}

void NewRunDialog::loadWithDialog()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Load run configuration"), QDir::homePath(), tr("Run configuration (*.json);;All files (*)"));
    if (path.isEmpty()) return;
    QString error;
    if (!loadConfig(path, &error)) QMessageBox::warning(this, tr("Load run configuration"), error);
}

} // namespace pretext::ui
