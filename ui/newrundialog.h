// The "New run" dialog. Its form rows are produced from the settings' own descriptions (engine::runSettings(),
// the chosen method's MethodInfo::settings, engine::augmentSettings()), so a new setting or a method registered
// at run time appears here without a change to this file. Values go through engine::settingValue() /
// setSettingValue(); problems come from engine::validationProblems() plus what only the dialog knows (a dataset
// that does not load, a run folder that already holds a run), shown under their fields and in a summary.
// A live preview shows the augmentation pipeline on sample images of the chosen dataset.
#pragma once

#include "engine/augment/augmentpreview.h"
#include "engine/train/runconfig.h"

#include <QDialog>
#include <QString>

#include <map>
#include <memory>
#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTabWidget;
class QVBoxLayout;

namespace pretext::ui {

class AugmentPreviewPanel;
class Mnemonics;
class SettingsSection;
struct SettingRow;

class NewRunDialog : public QDialog {
    Q_OBJECT
public:
    explicit NewRunDialog(QWidget *parent = nullptr);
    ~NewRunDialog() override;

    // Shows `config`; fields without a widget (e.g. augment.mean) are kept as given, so config() returns exactly
    // `config` until something is edited. The dataset is loaded right away.
    void setConfig(const engine::RunConfig &config);
    // The settings as edited. A field whose text is not a number keeps its last value here (and is a problem).
    engine::RunConfig config() const { return m_config; }

    // The folder the run is written to. An empty dir restores the automatic default, which follows the method and
    // dataset until the teacher edits it: ~/PretextRuns/<method>-<dataset>-<date-time>.
    QString runDir() const;
    void setRunDir(const QString &dir);
    QString defaultRunDir() const;

    // Every current problem as "Label: message" lines, in form order; empty when valid. A dataset spec still inside
    // its typing debounce is not known yet: revalidateNow() (and Start) settle it first.
    QString validationError() const;
    bool isValid() const { return m_problems.empty(); }
    void revalidateNow();

    // JSON in the format of config.json and `pretext-cli train --config`. On failure *error holds the message
    // (naming the file, and for loading the field) and the dialog is left unchanged.
    bool saveConfig(const QString &path, QString *error = nullptr) const;
    bool loadConfig(const QString &path, QString *error = nullptr);

    // The spec for a data folder (see DatasetField::specForFolder).
    static QString specForFolder(const QString &dir, const QString &kind = QString());

    // The input of a setting ("batch_size", "temperature", "augment.jitter_prob", "run_dir"), or nullptr.
    QWidget *fieldEditor(const QString &key) const;

    // What the preview shows now, and how many times it was redrawn (for tests and the screenshot check).
    const engine::PreviewResult &lastPreview() const;
    int previewUpdates() const;
    quint64 previewSeed() const;
    // Facts about the dataset the preview loaded (empty until one loads).
    const engine::AugmentPreviewer &previewer() const;

public Q_SLOTS:
    void accept() override;
    // Every field back to the default of the chosen method.
    void restoreDefaults();
    // Re-draws the preview with other samples and other random augmentations.
    void newSamples();
    // Shows the field of `key` (its page, its "More settings") and gives it the focus.
    void focusField(const QString &key);

private:
    struct Problem {
        QString key;
        QString message;
    };

    QWidget *buildGeneralPage();
    QWidget *buildAugmentPage();
    QWidget *buildGroupsPage(const std::vector<std::string> &groups);
    SettingsSection *addSection(QVBoxLayout *layout, const QString &title, Mnemonics *mnemonics);
    Mnemonics *newMnemonics(const QString &reserved = QString());
    void addShared(SettingsSection *section, const std::string &group);
    void addRunDirRow(SettingsSection *section);
    void fillMethodCombo();
    // Channels of the chosen dataset once the preview has loaded it (1 = gray); 0 while not known.
    int datasetChannels() const;
    // Methods that need colour (MethodInfo::needsColour) are greyed out in the method list for a gray dataset, their
    // entry saying so and its tooltip why.
    void updateMethodAvailability();
    void rebuildMethodSettings();

    SettingRow *rowFor(const QString &key) const;
    SettingsSection *sectionOf(const QString &key) const;
    engine::json::Value valueOf(const QString &key) const;
    void showValues(); // the config in every field (except those holding refused text)
    void updateEnabled();
    void onFieldEdited(const QString &key);
    void updateRunDirDefault();
    void updateValidation();
    std::vector<Problem> dialogProblems() const;

    engine::RunConfig m_config; // what the form shows; edits write into it through engine::setSettingValue()
    // Fields whose text is not a value (empty, "1e", a count too large to hold): key -> message.
    std::map<QString, QString> m_typed;
    std::vector<Problem> m_problems;

    QTabWidget *m_tabs = nullptr;
    std::vector<SettingsSection *> m_sections; // in page order, the order of the problem summary
    std::vector<std::unique_ptr<Mnemonics>> m_mnemonics; // one per page
    SettingsSection *m_methodSection = nullptr; // the chosen method's own settings
    std::string m_builtMethod; // the method m_methodSection was built for
    size_t m_methodCount = 0; // registered methods when the combo was filled
    QComboBox *m_method = nullptr;
    QLabel *m_methodDescription = nullptr;
    QWidget *m_dataset = nullptr; // the dataset spec's editor
    QLineEdit *m_runDir = nullptr;
    QLabel *m_errorLabel = nullptr;
    QPushButton *m_startButton = nullptr;
    AugmentPreviewPanel *m_preview = nullptr;

    QString m_runStamp; // date-time part of the default run folder, fixed when the dialog opens
    bool m_runDirAuto = true; // the run folder follows method and dataset until edited
};

} // namespace pretext::ui
