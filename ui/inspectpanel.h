// What the encoder learned, looked at three ways: a 2-D map of its features of the test images (PCA or t-SNE,
// coloured by class, with a measured neighbour purity), the nearest neighbours of chosen images in feature space,
// and the offline linear probe's confusion matrix, per-class accuracy and surest mistakes. "Random init" swaps all
// three to the untrained encoder of the same run, kept aside, for a before/after comparison in one click.
// Maps are computed on a worker thread (t-SNE takes seconds): a newer request cancels the older one, progress
// shows in the status line, and a map of the same images recomputed after new features starts from the previous
// one and morphs to the new positions.
#pragma once

#include "engine/core/inspection.h"
#include "engine/eval/embedding.h"
#include "ui/metatypes.h"
#include "ui/metatypes.h" // FeatureSet and ProbeReport declared before moc uses them in the slots
#include "widgets/exportable.h"

#include <QPointer>
#include <QWidget>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QThread;
class QTimer;
class QToolButton;

namespace pretext::widgets {
class EmbeddingMap;
class ImageGridView;
class NeighbourGrid;
class ProbeDetails;
} // namespace pretext::widgets

namespace pretext::ui {

struct MapResult;

class InspectPanel : public QWidget, public widgets::Exportable {
    Q_OBJECT
public:
    enum class MapKind { Pca, Tsne };
    enum class Tab { Map, Neighbours, Probe };

    explicit InspectPanel(QWidget *parent = nullptr);
    // Cancels a running map computation and waits for its thread (at most the part of t-SNE that cannot be
    // interrupted: the input affinities, well under a second for a few thousand images).
    ~InspectPanel() override;

    // The "?" explanations, in classroom words (HTML): the panel as a whole and each tab. The panel's own
    // whatsThis follows the current tab.
    static QString helpText();
    static QString mapHelp();
    static QString neighboursHelp();
    static QString probeHelp();

    MapKind mapKind() const;
    void setMapKind(MapKind kind);
    int perplexity() const;
    void setPerplexity(int perplexity);
    int neighbourCount() const; // k of the neighbour rows
    void setNeighbourCount(int k);
    void setCurrentTab(Tab tab);
    Tab currentTab() const;

    // Whether the views show the untrained encoder (also when only its features have arrived so far).
    bool showsRandomInit() const { return shownVariant() == kRandom; }
    // Whether a map is being computed (for either encoder).
    bool isComputing() const { return m_active.has_value(); }
    // Whether a map of the trained (false) or untrained (true) encoder is ready.
    bool hasMap(bool randomInit) const;
    // The neighbour purity (k = 10) of the map shown, or -1 when none is shown.
    double displayedPurity() const;
    // The step of the features whose map is shown, or -1.
    int64_t displayedStep() const;
    QString statusText() const;

    widgets::EmbeddingMap *map() const { return m_map; }
    widgets::ImageGridView *selectionView() const { return m_selection; }
    widgets::NeighbourGrid *neighbourGrid() const { return m_neighbours; }
    widgets::ProbeDetails *probeDetails() const { return m_probe; }
    QToolButton *randomInitButton() const { return m_randomButton; }

    // The current tab's view: its CSV, its picture.
    QString csv() const override;
    QString exportName() const override;
    QWidget *exportWidget() override;
    void flushPendingUpdates() override;

    // Threads of the maps computed from now on (0 = all cores): one while a run trains beside them, so the map does
    // not slow the class's run.
    void setComputeThreads(int threads) { m_computeThreads = threads; }

public Q_SLOTS:
    // Features of the test images after an evaluation (randomInit = true: the untrained encoder, kept separately).
    // While the panel is hidden the map waits: it is computed when the panel is shown.
    void setFeatures(const pretext::engine::FeatureSet &features);
    void setProbeReport(const pretext::engine::ProbeReport &report);
    // Shows the untrained encoder's map, neighbours and probe (when it has arrived) or the trained one's.
    void setShowRandomInit(bool on);
    // A fresh t-SNE from a new random start (t-SNE is stochastic: the class can see which structure is stable).
    void recompute();
    // Several random test images as the neighbour rows.
    void pickRandomQueries();
    // Puts a test image (a row of the features) at the top of the neighbour rows.
    void showNeighboursOf(int row);
    // Forgets everything (a new run: its images, classes and encoder differ).
    void clear();

Q_SIGNALS:
    // A map was computed and stored (shown at once when it is the shown encoder's).
    void mapReady(bool randomInit);
    void statusChanged(const QString &text);

protected:
    void showEvent(QShowEvent *event) override;

private:
    static constexpr int kTrained = 0, kRandom = 1;
    struct MapKey {
        MapKind kind = MapKind::Pca;
        int perplexity = 0; // as used (lowered to fit few images); 0 for PCA
        uint64_t generation = 0; // which FeatureSet of the encoder
        uint64_t seed = 0; // t-SNE's random start; 0 for PCA
        bool operator==(const MapKey &o) const
        {
            return kind == o.kind && perplexity == o.perplexity && generation == o.generation && seed == o.seed;
        }
        bool operator!=(const MapKey &o) const { return !(*this == o); }
    };
    struct Variant {
        std::shared_ptr<const engine::FeatureSet> features; // the newest
        uint64_t generation = 0;
        // The last map computed, with the features it was computed from (rows, labels and thumbnails).
        std::shared_ptr<const engine::FeatureSet> mapSource;
        engine::MapPoints points;
        MapKey key;
        bool hasMap = false;
        double seconds = 0;
        double purity = -1;
        double explained[2] = { 0, 0 };
        std::optional<MapKey> failedKey; // not retried until something changes
        QString error;
        std::optional<engine::ProbeReport> probe;
    };
    using MapResult = pretext::ui::MapResult; // ui/mapjob.h
    struct Job {
        int id = 0;
        int variant = kTrained;
        MapKey key;
        std::shared_ptr<const engine::FeatureSet> features;
        std::shared_ptr<std::atomic<bool>> cancel;
        int iteration = 0, total = 0;
    };
    struct Worker {
        QPointer<QThread> thread;
        std::shared_ptr<std::atomic<bool>> cancel;
    };

    int shownVariant() const;
    bool available(int variant) const;
    MapKey wantedKey(int variant) const;
    int effectivePerplexity(int n) const;
    void scheduleRefresh();
    void refreshShown();
    void scheduleMaps();
    void startJob(int variant, const MapKey &key);
    void cancelActive();
    void onJobProgress(int id, int iteration, int total);
    void onJobDone(const MapResult &result);
    void displayMap();
    void updateStatus();
    void updateNeighbours();
    void updateSelectionView(const QVector<int> &rows);
    void updateProbe();
    void updateControls();
    QString mapTitle(const Variant &v) const;
    QString mapDescription(const MapKey &key) const;
    const engine::FeatureSet *displayedSource() const { return m_displayedSource.get(); }

    Variant m_variants[2];
    bool m_wantRandom = false;
    std::optional<Job> m_active;
    std::vector<Worker> m_workers; // every thread started and not yet finished, for the destructor
    int m_nextJob = 1;
    uint64_t m_seed = 1;
    int m_computeThreads = 0;
    std::shared_ptr<const engine::FeatureSet> m_displayedSource; // of the map on screen
    int m_displayedVariant = -1;
    std::vector<int> m_queries; // neighbour rows
    std::vector<int> m_selectionRows; // the feature row of each image beside the map

    QTabWidget *m_tabs = nullptr;
    QComboBox *m_kind = nullptr;
    QSpinBox *m_perplexity = nullptr;
    QPushButton *m_recompute = nullptr;
    QToolButton *m_randomButton = nullptr;
    QToolButton *m_exportButton = nullptr;
    QSpinBox *m_k = nullptr;
    QPushButton *m_pickRandom = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_neighbourStatus = nullptr;
    widgets::EmbeddingMap *m_map = nullptr;
    widgets::ImageGridView *m_selection = nullptr;
    widgets::NeighbourGrid *m_neighbours = nullptr;
    widgets::ProbeDetails *m_probe = nullptr;
    QTimer *m_refreshTimer = nullptr;
    QTimer *m_settingsTimer = nullptr;
};

} // namespace pretext::ui
