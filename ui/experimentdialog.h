// The "Run an experiment" dialog: one of engine::experimentPresets() on the left, the options that apply to it on
// the right, and a live table of the runs engine::makeExperiment() makes of them, so what is started is what the
// table shows. The engine's own ConfigError messages are shown under the form and keep Start disabled.
// chooseExistingExperiment() is the second entry point: continue an experiment folder with its stored settings.
#pragma once

#include "engine/train/experiment.h"

#include <QDialog>
#include <QString>

#include <optional>
#include <utility>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace pretext::ui {

class DatasetField;

class ExperimentDialog : public QDialog {
    Q_OBJECT
public:
    explicit ExperimentDialog(QWidget *parent = nullptr);

    // The preset shown (its engine name, e.g. "temperature"); an unknown name is ignored.
    void setPreset(const QString &name);
    QString preset() const;

    // What Start runs, as the runs table shows it: the preset with the options as edited. When makeExperiment()
    // refuses the options it has no runs (and isValid() is false).
    engine::ExperimentSpec spec() const { return m_spec; }
    // The experiment folder. An empty dir restores the automatic default, which follows the preset until edited:
    // <runs folder>/experiment-<preset>-<date-time> (the runs folder is the run library's, ~/PretextRuns by default).
    QString folder() const;
    void setFolder(const QString &dir);
    QString defaultFolder() const;

    // The current problems, one per line (the text under the form); empty when Start is enabled.
    QString errorText() const;
    bool isValid() const { return m_problems.isEmpty(); }

    // The fields by key, for tests and focus: "dataset", "method", "temperatures", "fractions", "epochs",
    // "train_limit", "steps_per_epoch", "seed", "threads", "folder"; nullptr for another key.
    QWidget *field(const QString &key) const;
    // Whether the field of `key` applies to the chosen preset (hidden fields are ignored by spec()).
    bool fieldApplies(const QString &key) const;
    QTableWidget *runsTable() const { return m_runs; }
    QLabel *runsSummary() const { return m_runsSummary; }

    // Asks for an experiment folder (starting in startDir) and loads its stored spec; a folder that is not an
    // experiment is explained in a message box. nullopt when cancelled or refused.
    static std::optional<std::pair<engine::ExperimentSpec, QString>> chooseExistingExperiment(
        QWidget *parent, const QString &startDir);
    // The second half of chooseExistingExperiment(): loads dir, or explains in a message box why it cannot.
    static std::optional<std::pair<engine::ExperimentSpec, QString>> openExistingExperiment(
        QWidget *parent, const QString &dir);

public Q_SLOTS:
    void accept() override;

private:
    void buildPresetList();
    // A form row: `field` is what the row shows (the editor, or a widget holding it and a Browse… button).
    void addRow(const QString &key, const QString &label, QWidget *editor, QWidget *field, const QString &toolTip);
    void updateFieldVisibility();
    void updateFolderDefault();
    // Makes the spec from the fields and shows its runs and problems; called on every edit.
    void rebuild();
    void fillRunsTable();
    engine::ExperimentOptions readOptions(QStringList *problems) const;

    QListWidget *m_presets = nullptr;
    QLabel *m_title = nullptr, *m_question = nullptr;
    QFormLayout *m_form = nullptr;
    DatasetField *m_dataset = nullptr;
    QComboBox *m_method = nullptr, *m_device = nullptr;
    QLineEdit *m_temperatures = nullptr, *m_fractions = nullptr, *m_folder = nullptr;
    QSpinBox *m_epochs = nullptr, *m_trainLimit = nullptr, *m_stepsPerEpoch = nullptr, *m_seed = nullptr,
             *m_threads = nullptr;
    QPushButton *m_browse = nullptr, *m_start = nullptr;
    QTableWidget *m_runs = nullptr;
    QLabel *m_runsSummary = nullptr, *m_error = nullptr;
    struct Field {
        QString key;
        QWidget *editor = nullptr, *field = nullptr;
    };
    QList<Field> m_fields; // in form order

    engine::ExperimentSpec m_spec;
    QStringList m_problems;
    QString m_stamp; // date-time of the default folder, fixed when the dialog opens
    bool m_folderAuto = true; // the folder follows the preset until edited
};

} // namespace pretext::ui
