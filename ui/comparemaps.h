// The embedding maps of several runs side by side, for the run comparison: one map per run of the same first test
// images, each titled with the run's name and its neighbour purity, so that a class sees which method separates the
// classes best. The runs' checkpoints are read and mapped one run at a time on worker threads, and only once the
// view is first shown (t-SNE takes the CPU from anything training).
#pragma once

#include "engine/core/inspection.h"
#include "engine/eval/embedding.h"
#include "widgets/exportable.h"

#include <QColor>
#include <QList>
#include <QPointer>
#include <QString>
#include <QWidget>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

class QComboBox;
class QGridLayout;
class QLabel;
class QSpinBox;
class QStackedWidget;
class QThread;
class QTimer;

namespace pretext::widgets {
class EmbeddingMap;
} // namespace pretext::widgets

namespace pretext::ui {

struct MapResult;

class InspectionLoader;

class CompareMaps : public QWidget, public widgets::Exportable {
    Q_OBJECT
public:
    enum class MapKind { Tsne, Pca };
    // One run to map: its folder, the name and colour it has in the comparison's legend, and its dataset (to say
    // whether the maps show the same images).
    struct Run {
        QString dir;
        QString label;
        QColor colour;
        QString dataset;
    };
    // How many test images each map shows at most (the first ones of the run's test split).
    static constexpr int kImages = 2000;
    // Neighbour purity counts each point's k nearest points on the map.
    static constexpr int kPurityK = 10;

    explicit CompareMaps(QWidget *parent = nullptr);
    // Stops the map being computed and waits for it (and for a checkpoint being read).
    ~CompareMaps() override;

    // Replaces the runs; their maps are computed once this view is shown (and after that, also while hidden).
    void setRuns(const QList<Run> &runs);
    int runCount() const { return int(m_runs.size()); }

    MapKind mapKind() const;
    void setMapKind(MapKind kind);
    int perplexity() const;
    // Applied at once (an edit in the spin box waits for it to settle).
    void setPerplexity(int perplexity);

    // Run i's map (nullptr when out of range); empty until computed.
    widgets::EmbeddingMap *map(int i) const;
    // Why run i has no map (its checkpoint could not be read, or the map failed); empty otherwise. Shown in place
    // of the map.
    QString errorText(int i) const;
    // Whether run i's map matches the current settings.
    bool hasMap(int i) const;
    // Run i's neighbour purity (k = kPurityK) of the map shown; -1 before the first map.
    double purity(int i) const;
    // Reading a checkpoint or computing a map.
    bool isComputing() const;
    QString statusText() const;
    // The note beside the controls: which test images the maps show.
    QString imagesNote() const;

    // Every map's points: run, test_index, label, class, x, y.
    QString csv() const override;
    QString exportName() const override { return QStringLiteral("compare-maps"); }
    // The maps without the controls.
    QWidget *exportWidget() override;

Q_SIGNALS:
    void statusChanged(const QString &text);
    // Every run has a map of the current settings or an error.
    void mapsReady();

protected:
    void showEvent(QShowEvent *event) override;

private:
    struct MapKey {
        MapKind kind = MapKind::Tsne;
        int perplexity = 0; // t-SNE's, as fitted to the run's image count; 0 for PCA
        bool operator==(const MapKey &o) const { return kind == o.kind && perplexity == o.perplexity; }
        bool operator!=(const MapKey &o) const { return !(*this == o); }
    };
    struct Entry {
        Run run;
        std::shared_ptr<const engine::FeatureSet> features;
        bool loaded = false; // features read, or loadError set
        QString loadError;
        bool hasMap = false;
        MapKey key;
        std::optional<MapKey> failedKey;
        QString mapError;
        engine::MapPoints points;
        double purity = -1;
        double explained[2] = { 0, 0 };
        double seconds = 0;
        QWidget *cell = nullptr;
        QStackedWidget *stack = nullptr;
        widgets::EmbeddingMap *map = nullptr;
        QLabel *message = nullptr;
    };
    struct Job {
        int id = 0;
        int run = 0;
        MapKey key;
        std::shared_ptr<std::atomic<bool>> cancel;
        int iteration = 0, total = 0;
    };
    using MapResult = pretext::ui::MapResult; // ui/mapjob.h
    struct Worker {
        QPointer<QThread> thread;
        std::shared_ptr<std::atomic<bool>> cancel;
    };

    MapKey wantedKey(const Entry &e) const;
    QString mapDescription(const MapKey &key) const;
    void settingsChanged();
    void schedule();
    void startLoad(int run);
    void startJob(int run, const MapKey &key);
    void cancelActive();
    void onFeatures(const engine::FeatureSet &features);
    void onLoadFailed(const QString &error);
    void onLoadDone();
    void onJobProgress(int id, int iteration, int total);
    void onJobDone(const MapResult &result);
    void buildGrid();
    void showEntry(int run);
    void updateStatus();
    void updateNote();
    QStringList datasets() const;

    std::vector<Entry> m_runs;
    bool m_started = false; // shown once: from then on the maps are computed
    InspectionLoader *m_loader;
    bool m_loaderBusy = false;
    int m_loadingRun = -1; // the run whose checkpoint the loader reads; -1 when its results are no longer wanted
    std::optional<Job> m_active;
    int m_nextJob = 1;
    std::vector<Worker> m_workers;

    QComboBox *m_kind;
    QSpinBox *m_perplexity;
    QLabel *m_note;
    QWidget *m_grid;
    QGridLayout *m_gridLayout;
    QLabel *m_status;
    QTimer *m_settingsTimer;
};

} // namespace pretext::ui
