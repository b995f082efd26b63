// The "New run" dialog: edits every field of a RunConfig, checks it as the teacher types (the engine's own
// validate() and a real load of the dataset spec, so messages are the engine's), and shows a live preview of the
// augmentation pipeline on sample images of the chosen dataset.
#pragma once

#include "engine/augment/augmentpreview.h"
#include "engine/train/runconfig.h"

#include <QDialog>
#include <QString>

#include <map>
#include <utility>
#include <vector>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTimer;

namespace pretext::ui {

class NewRunPreviewView;

class NewRunDialog : public QDialog {
    Q_OBJECT
public:
    explicit NewRunDialog(QWidget *parent = nullptr);
    ~NewRunDialog() override;

    // Shows `config` in the widgets; fields the dialog has no widget for (e.g. augment.mean) are kept as given,
    // so config() returns exactly `config` until something is edited. The dataset is loaded right away.
    void setConfig(const engine::RunConfig &config);
    engine::RunConfig config() const;

    // The folder the run is written to. An empty dir restores the automatic default, which follows the method and
    // dataset until the teacher edits it: ~/PretextRuns/<method>-<dataset>-<date-time>.
    QString runDir() const;
    void setRunDir(const QString &dir);
    QString defaultRunDir() const;

    // Every current problem as "Field: message" lines (the text shown under the form); empty when valid. A dataset
    // spec still inside its typing debounce is not known yet: revalidateNow() (and Start) settle it first.
    QString validationError() const;
    bool isValid() const;
    void revalidateNow();

    // JSON in the format of config.json and `pretext-cli train --config`. On failure *error holds the message
    // (naming the file, and for loading the field) and the dialog is left unchanged.
    bool saveConfig(const QString &path, QString *error = nullptr) const;
    bool loadConfig(const QString &path, QString *error = nullptr);

    // The spec for a data folder: `kind:DIR` for an explicit kind, else the kind recognised from the files inside
    // (CIFAR-10/100 and STL-10 binaries, (Fashion-)MNIST IDX files), else `folder:DIR`.
    static QString specForFolder(const QString &dir, const QString &kind = QString());

    // What the preview shows now, and how many times it was redrawn (for tests and the screenshot check).
    const engine::PreviewResult &lastPreview() const { return m_lastPreview; }
    int previewUpdates() const { return m_previewUpdates; }
    quint64 previewSeed() const { return m_previewSeed; }
    // Facts about the dataset the preview loaded (empty until one loads).
    const engine::AugmentPreviewer &previewer() const { return m_previewer; }

public Q_SLOTS:
    void accept() override;
    void restoreDefaults();
    // Re-draws the preview with other samples and other random augmentations.
    void newSamples();

private:
    struct Field {
        QString key; // the JSON field, as validate() names it ("batch_size", "augment.jitter_prob")
        QString label; // the form label, without the mnemonic
        QWidget *widget = nullptr;
    };
    struct Problem {
        QString key;
        QString message;
    };

    QWidget *buildGeneralPage();
    QWidget *buildAugmentPage();
    QWidget *buildOptimisationPage();
    QWidget *buildEvaluationPage();
    QWidget *buildPreviewPanel();
    QWidget *scrollPage(QWidget *content);

    QSpinBox *intBox(const char *name, int lo, int hi, const QString &tip, const QString &special = QString());
    QDoubleSpinBox *realBox(const char *name, double lo, double hi, int decimals, double step, const QString &tip);
    QGroupBox *opGroup(const char *name, const QString &title, const QString &tip);
    void addRow(QFormLayout *form, const QString &label, QWidget *field, const QString &key, QWidget *buddy = nullptr);
    void registerField(const QString &key, const QString &label, QWidget *widget);
    void watch(QWidget *widget);

    void setReal(QDoubleSpinBox *box, double value);
    double realValue(const QDoubleSpinBox *box) const;
    engine::AugmentConfig augmentConfig() const;
    std::string datasetSpec() const;

    void onEdited();
    void onDatasetEdited();
    void onDatasetTemplate(int index);
    void browseDataset();
    void browseRunDir();
    void saveWithDialog();
    void loadWithDialog();
    void checkDataset(bool force = false);
    void schedulePreview();
    void updatePreview();
    void updateValidation();
    void updateDatasetInfo();
    void updateRunDirDefault();
    void focusField(const QString &key);
    const Field *fieldFor(const QString &key) const;

    // Form widgets, named after their RunConfig fields (objectName is the camelCase name, e.g. "batchSize").
    QTabWidget *m_tabs = nullptr;
    QComboBox *m_method = nullptr, *m_backbone = nullptr, *m_dataset = nullptr, *m_datasetKind = nullptr;
    QPushButton *m_datasetBrowse = nullptr;
    QSpinBox *m_trainLimit = nullptr, *m_testLimit = nullptr;

    QSpinBox *m_outputSize = nullptr;
    QGroupBox *m_crop = nullptr, *m_flip = nullptr, *m_jitter = nullptr, *m_grayscale = nullptr, *m_blur = nullptr,
              *m_solarize = nullptr;
    QDoubleSpinBox *m_cropProb = nullptr, *m_cropScaleMin = nullptr, *m_cropScaleMax = nullptr,
                   *m_cropRatioMin = nullptr, *m_cropRatioMax = nullptr;
    QDoubleSpinBox *m_flipProb = nullptr;
    QDoubleSpinBox *m_jitterProb = nullptr, *m_brightness = nullptr, *m_contrast = nullptr, *m_saturation = nullptr,
                   *m_hue = nullptr;
    QDoubleSpinBox *m_grayscaleProb = nullptr;
    QDoubleSpinBox *m_blurProb = nullptr, *m_blurSigmaMin = nullptr, *m_blurSigmaMax = nullptr;
    QSpinBox *m_blurKernel = nullptr;
    QDoubleSpinBox *m_solarizeProb = nullptr, *m_solarizeThreshold = nullptr;
    QCheckBox *m_normalize = nullptr;

    QComboBox *m_optimizer = nullptr, *m_schedule = nullptr;
    QDoubleSpinBox *m_lr = nullptr, *m_weightDecay = nullptr, *m_momentum = nullptr, *m_temperature = nullptr;
    QSpinBox *m_warmupSteps = nullptr, *m_batchSize = nullptr, *m_epochs = nullptr, *m_stepsPerEpoch = nullptr;
    QSpinBox *m_projectionDim = nullptr, *m_projectionHidden = nullptr;

    QCheckBox *m_onlineProbe = nullptr, *m_evalEachEpoch = nullptr, *m_probeStandardize = nullptr;
    QSpinBox *m_probeEpochs = nullptr, *m_knnK = nullptr, *m_evalTrainLimit = nullptr;
    QDoubleSpinBox *m_knnTemperature = nullptr;
    QLineEdit *m_seed = nullptr;
    QSpinBox *m_threads = nullptr, *m_checkpointEvery = nullptr, *m_previewSamples = nullptr;
    QDoubleSpinBox *m_previewsPerSecond = nullptr;
    QComboBox *m_device = nullptr, *m_precision = nullptr;
    QLineEdit *m_runDir = nullptr;
    QPushButton *m_runDirBrowse = nullptr;

    QLabel *m_errorLabel = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QPushButton *m_startButton = nullptr, *m_saveButton = nullptr, *m_loadButton = nullptr, *m_defaultsButton = nullptr,
                *m_newSamplesButton = nullptr;
    NewRunPreviewView *m_preview = nullptr;
    QLabel *m_datasetInfo = nullptr, *m_previewStatus = nullptr;
    QTimer *m_previewTimer = nullptr, *m_datasetTimer = nullptr;

    std::vector<Field> m_fields;
    std::vector<Problem> m_problems;
    // What setConfig() put in each real-valued box, so that an untouched box gives back the exact value even
    // where its decimals cannot show it (4/3, 1e-6): {exact, as the box holds it}.
    std::map<const QDoubleSpinBox *, std::pair<double, double>> m_exact;
    engine::RunConfig m_base; // the last config set: carries the fields without a widget

    engine::AugmentPreviewer m_previewer;
    std::string m_checkedSpec; // the spec last loaded (or tried); the dataset is "pending" while it differs
    QString m_datasetError; // the loader's message for m_checkedSpec, empty when it loaded
    QString m_previewError; // a config the dataset cannot take (e.g. 3 mean values for gray images)
    std::string m_previewKey; // what the shown preview was made from, to skip identical redraws
    engine::PreviewResult m_lastPreview;
    int m_previewUpdates = 0;
    quint64 m_previewSeed = 0;

    QString m_runStamp; // date-time part of the default run folder, fixed when the dialog opens
    bool m_runDirAuto = true; // the run folder follows method and dataset until edited
    bool m_updating = false; // setConfig() in progress: one validation at the end instead of one per widget
};

} // namespace pretext::ui
