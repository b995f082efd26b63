#include "ui/augmentpreviewpanel.h"
#include "engine/core/describe.h"
#include "ui/enginetext.h"

#include "engine/io/json.h"
#include "widgets/augmentationview.h"

#include <QElapsedTimer>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace pretext::ui {

namespace {
constexpr int kPreviewSamples = 8;
// Short enough to feel live, long enough that holding an arrow key does not redraw on every intermediate value.
constexpr int kPreviewDebounceMs = 150;
// Typing a path takes many keystrokes; a load per keystroke would make the field stutter.
constexpr int kDatasetDebounceMs = 400;
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

AugmentPreviewPanel::AugmentPreviewPanel(QWidget *parent)
    : QGroupBox(tr("Live preview: what the network will see"), parent)
{
    setObjectName(QStringLiteral("previewPanel"));
    m_previewTimer = new QTimer(this);
    m_previewTimer->setSingleShot(true);
    m_previewTimer->setInterval(kPreviewDebounceMs);
    connect(m_previewTimer, &QTimer::timeout, this, &AugmentPreviewPanel::updatePreview);
    m_datasetTimer = new QTimer(this);
    m_datasetTimer->setSingleShot(true);
    m_datasetTimer->setInterval(kDatasetDebounceMs);
    connect(m_datasetTimer, &QTimer::timeout, this, [this] { checkDataset(false); });

    auto *v = new QVBoxLayout(this);
    m_info = new QLabel;
    m_info->setObjectName(QStringLiteral("datasetInfo"));
    m_info->setWordWrap(true);
    m_info->setTextFormat(Qt::RichText);
    v->addWidget(m_info);

    m_view = new NewRunPreviewView;
    m_view->setObjectName(QStringLiteral("previewView"));
    m_view->setMinimumSize(300, 260);
    m_view->setEmptyText(tr("Loading the preview…"));
    m_view->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    v->addWidget(m_view, 1);

    auto *bottom = new QHBoxLayout;
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("previewStatus"));
    m_status->setWordWrap(true);
    bottom->addWidget(m_status, 1);
    m_newSamples = new QPushButton(tr("&New samples"));
    m_newSamples->setObjectName(QStringLiteral("newSamples"));
    m_newSamples->setAutoDefault(false);
    m_newSamples->setToolTip(tr("Show other images with other random augmentations (the run itself is not affected)"));
    connect(m_newSamples, &QPushButton::clicked, this, &AugmentPreviewPanel::newSamples);
    bottom->addWidget(m_newSamples, 0, Qt::AlignBottom);
    v->addLayout(bottom);
}

AugmentPreviewPanel::~AugmentPreviewPanel() = default;

void AugmentPreviewPanel::setDataset(const std::string &spec, bool now)
{
    m_spec = spec;
    if (now) {
        checkDataset(true);
    } else {
        m_datasetTimer->start();
        updateInfo();
    }
}

void AugmentPreviewPanel::setAugment(const engine::AugmentConfig &augment)
{
    m_augment = augment;
    m_previewTimer->start();
}

void AugmentPreviewPanel::settle()
{
    checkDataset(false);
    if (m_previewTimer->isActive()) updatePreview();
}

void AugmentPreviewPanel::newSamples()
{
    ++m_seed;
    updatePreview();
}

void AugmentPreviewPanel::checkDataset(bool force)
{
    m_datasetTimer->stop();
    if (m_spec == m_checkedSpec && !force) return;
    m_checkedSpec = m_spec;
    m_datasetError.clear();
    if (!m_spec.empty()) {
        // Loads are bounded (the first 64 images; fashion-mnist takes a few milliseconds), but a slow disk shows.
        QGuiApplication::setOverrideCursor(Qt::WaitCursor);
        try {
            m_previewer.setDataset(m_spec);
        } catch (const std::exception &e) {
            m_datasetError = QString::fromStdString(engine::describeException(e));
        }
        QGuiApplication::restoreOverrideCursor();
    }
    updateInfo();
    Q_EMIT problemsChanged();
    updatePreview();
}

void AugmentPreviewPanel::updateInfo()
{
    if (!datasetChecked()) {
        m_info->setText(tr("Checking the dataset…"));
        m_view->setEmptyText(tr("Checking the dataset…"));
        return;
    }
    if (m_spec.empty() || !m_datasetError.isEmpty() || !m_previewer.hasDataset()) {
        m_info->setText(tr("No dataset loaded: see the message under the form."));
        return;
    }
    const auto &names = m_previewer.classNames();
    QStringList shown;
    for (size_t i = 0; i < names.size() && i < 4; ++i)
        shown << engineText(names[i]).toHtmlEscaped();
    if (names.size() > 4) shown << QStringLiteral("…");
    m_info->setText(tr("<b>%1</b> · %2 classes (%3) · %4×%5 %6")
                        .arg(QString::fromStdString(m_spec).toHtmlEscaped())
                        .arg(names.size())
                        .arg(shown.join(QStringLiteral(", ")))
                        .arg(m_previewer.imageWidth())
                        .arg(m_previewer.imageHeight())
                        .arg(m_previewer.channels() == 1 ? tr("gray") : tr("colour")));
}

void AugmentPreviewPanel::updatePreview()
{
    m_previewTimer->stop();
    if (!datasetChecked()) return; // the dataset check that is pending redraws when it is done
    QString previewError;
    if (!m_datasetError.isEmpty() || !m_previewer.hasDataset() || m_previewer.datasetSpec() != m_spec) {
        m_lastPreview = {};
        m_previewKey.clear();
        m_view->clear();
        m_view->setEmptyText(tr("No preview: the dataset could not be loaded."));
        m_status->clear();
    } else {
        bool valid = true;
        try {
            engine::validate(m_augment);
        } catch (const std::exception &) {
            valid = false;
        }
        const std::string key
            = m_spec + '\n' + std::to_string(m_seed) + '\n' + engine::json::dump(engine::toJson(m_augment));
        if (!valid) {
            // The last good preview stays on screen: it is still what the last valid settings do.
            m_status->setText(tr("Preview paused until the augmentation settings are valid."));
        } else if (key != m_previewKey) {
            try {
                QElapsedTimer timer;
                timer.start();
                m_lastPreview = m_previewer.preview(m_augment, kPreviewSamples, m_seed);
                m_view->setPairs(m_lastPreview.originals, m_lastPreview.view1, m_lastPreview.view2,
                    m_lastPreview.records1, m_lastPreview.records2);
                m_previewKey = key;
                ++m_previewUpdates;
                m_status->setText(tr("%1 of the first %2 training images, draw %3. Hover a pair to see what was "
                                     "done to it.")
                                      .arg(m_lastPreview.view1.count)
                                      .arg(m_previewer.cachedCount())
                                      .arg(m_seed));
                m_status->setToolTip(
                    tr("Rendered in %1 ms by the engine's augmentation pipeline").arg(timer.elapsed()));
            } catch (const std::exception &e) {
                // E.g. three mean values for gray images: training would fail the same way, so it is an error.
                previewError = QString::fromStdString(engine::describeException(e));
                m_lastPreview = {};
                m_previewKey.clear();
                m_view->clear();
                m_view->setEmptyText(tr("No preview: see the message under the form."));
            }
        }
    }
    if (previewError != m_previewError) {
        m_previewError = previewError;
        Q_EMIT problemsChanged();
    }
}

} // namespace pretext::ui
