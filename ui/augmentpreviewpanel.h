// The new-run dialog's live preview: loads the dataset spec (after a typing pause, so a path typed key by key is
// loaded once), says what the dataset holds, and draws the augmentation pipeline on sample images of it, redrawn
// a moment after the augmentation settings change.
#pragma once

#include "engine/augment/augmentpreview.h"

#include <QGroupBox>
#include <QString>

class QLabel;
class QPushButton;
class QTimer;

namespace pretext::ui {

class NewRunPreviewView;

class AugmentPreviewPanel : public QGroupBox {
    Q_OBJECT
public:
    explicit AugmentPreviewPanel(QWidget *parent = nullptr);
    ~AugmentPreviewPanel() override;

    // The dataset to show: loaded after a typing pause, or right away (also when unchanged) with `now`.
    void setDataset(const std::string &spec, bool now);
    // The augmentation to preview: redrawn after a short pause, so a burst of edits draws once.
    void setAugment(const engine::AugmentConfig &augment);
    void setSeed(quint64 seed) { m_seed = seed; }
    // Runs a pending load and a pending redraw now.
    void settle();

    // Whether the spec given last is loaded (or failed to); until then its problems are not known.
    bool datasetChecked() const { return m_spec == m_checkedSpec; }
    QString datasetError() const { return m_datasetError; } // the loader's message, empty when it loaded
    // A setting the dataset cannot take (e.g. 3 mean values for gray images), from the preview's own run.
    QString previewError() const { return m_previewError; }

    const engine::PreviewResult &lastPreview() const { return m_lastPreview; }
    int previewUpdates() const { return m_previewUpdates; }
    quint64 previewSeed() const { return m_seed; }
    const engine::AugmentPreviewer &previewer() const { return m_previewer; }

public Q_SLOTS:
    // Other samples with other random augmentations, at once.
    void newSamples();

Q_SIGNALS:
    void problemsChanged(); // the dataset was checked, or the preview error changed

private:
    void checkDataset(bool force);
    void updateInfo();
    void updatePreview();

    NewRunPreviewView *m_view = nullptr;
    QLabel *m_info = nullptr, *m_status = nullptr;
    QPushButton *m_newSamples = nullptr;
    QTimer *m_previewTimer = nullptr, *m_datasetTimer = nullptr;

    engine::AugmentPreviewer m_previewer;
    engine::AugmentConfig m_augment;
    std::string m_spec; // the spec to show
    std::string m_checkedSpec; // the spec last loaded (or tried)
    QString m_datasetError;
    QString m_previewError;
    std::string m_previewKey; // what the shown preview was made from, to skip identical redraws
    engine::PreviewResult m_lastPreview;
    int m_previewUpdates = 0;
    quint64 m_seed = 0;
};

} // namespace pretext::ui
