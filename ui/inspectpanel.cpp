#include "ui/inspectpanel.h"
#include "engine/core/describe.h"
#include "ui/enginetext.h"

#include "ui/mapjob.h"

#include "widgets/embeddingmap.h"
#include "widgets/imagegridview.h"
#include "widgets/neighbourgrid.h"
#include "widgets/panelexport.h"
#include "widgets/plotstyle.h"
#include "widgets/probedetails.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QThread>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <exception>
#include <map>

namespace pretext::ui {

namespace {
constexpr int kPurityK = 10;
constexpr int kRandomQueries = 5;
constexpr int kMaxQueries = 6;
// How often the worker may post its progress: the status line needs no more.
// A perplexity edit waits for the spin box to settle, so that spinning from 30 to 40 starts one t-SNE, not ten.
constexpr int kSettingsDelayMs = 400;

QString number(int64_t v)
{
    return QLocale().toString(qlonglong(v));
}

bool sameImages(const engine::FeatureSet *a, const engine::FeatureSet *b)
{
    return a && b && a->size() == b->size() && a->indices == b->indices;
}

// PCA's axes have no sign: flip each one to agree with the map shown, so that a recomputed map does not mirror.
void alignSigns(engine::MapPoints &points, const std::vector<float> &reference)
{
    if (points.size() != reference.size()) return;
    for (size_t axis = 0; axis < 2; ++axis) {
        double dot = 0;
        for (size_t i = axis; i < points.size(); i += 2)
            dot += double(points[i]) * reference[i];
        if (dot < 0)
            for (size_t i = axis; i < points.size(); i += 2)
                points[i] = -points[i];
    }
}
} // namespace

QString InspectPanel::helpText()
{
    return tr("<p><b>What has the network learned?</b> Three views of the encoder's features of the same test "
              "images: a <b>map</b> where images the network finds similar lie close together, the "
              "<b>neighbours</b> of chosen images, and the <b>probe details</b>: which classes a linear classifier "
              "on those features confuses. <b>Random init</b> shows the same for the untrained network, so the "
              "class sees what training changed.</p>");
}

QString InspectPanel::mapHelp()
{
    return tr("<p><b>Where the network puts each test image.</b> Every marker is one test image, placed by its "
              "features squeezed from hundreds of numbers into two. Colour and shape show the true class, which "
              "the network never saw during training: markers of one colour gathered in their own island mean the "
              "features tell that class apart.</p>"
              "<p><b>PCA</b> shows the two directions in which the features vary most (fast, faithful to large "
              "distances). <b>t-SNE</b> keeps each image near its nearest neighbours (a few seconds; the "
              "<i>perplexity</i> is about how many neighbours count), so distances between far islands mean "
              "little. <b>Neighbour purity</b> measures the map: the share of each marker's 10 nearest markers "
              "that have its class (about one in the number of classes for a random jumble, 1 when every class "
              "is its own island).</p>"
              "<p>Hover a marker to see its image; click it for its nearest neighbours in feature space (lines "
              "on the map, images beside it); Shift or Ctrl+click adds to the selection, dragging draws a lasso "
              "around a group; Esc clears. <b>Random init</b> swaps in the untrained network's map; after each "
              "evaluation the map moves to the new features.</p>");
}

QString InspectPanel::neighboursHelp()
{
    return tr("<p><b>Who are my nearest neighbours?</b> Each row starts with a test image (framed) followed by "
              "the test images whose features are most similar to it (cosine similarity under each), most "
              "similar first. A neighbour of another class is marked with a dashed frame and ✗. This is exactly "
              "what a kNN classifier votes with: the more neighbours share the query's class, the better the "
              "features.</p><p><b>Pick random</b> draws other test images; clicking a marker on the map puts "
              "that image on top. Compare with <b>Random init</b>: the untrained network's neighbours mostly "
              "share brightness and position, not the class.</p>");
}

QString InspectPanel::probeHelp()
{
    return tr("<p><b>What does the linear probe get wrong?</b> The <b>confusion matrix</b> has one row per true "
              "class and one column per class the probe answered; the number in a cell counts test images, the "
              "colour is the share of the row. A bright diagonal is good; a bright cell off it is a pair of "
              "classes the features mix up (often look-alikes, such as shirts and T-shirts).</p><p>The "
              "<b>bars</b> give the accuracy on each class, the dashed line the accuracy on all. Under them are "
              "the images the probe got wrong most confidently: true class → the probe's answer, with its "
              "confidence.</p>");
}

InspectPanel::InspectPanel(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("inspectPanel"));

    // The map tab: settings over the map, the selection (or a clicked image's neighbours) beside it.
    auto *mapPage = new QWidget;
    mapPage->setObjectName(QStringLiteral("inspectMapPage"));
    mapPage->setWhatsThis(mapHelp());
    m_kind = new QComboBox;
    m_kind->setObjectName(QStringLiteral("mapKind"));
    m_kind->addItem(tr("t-SNE"), int(MapKind::Tsne));
    m_kind->addItem(tr("PCA"), int(MapKind::Pca));
    m_kind->setToolTip(tr("t-SNE keeps neighbours together (a few seconds); PCA shows the two directions of "
                          "largest variance (instant)"));
    m_perplexity = new QSpinBox;
    m_perplexity->setObjectName(QStringLiteral("perplexity"));
    m_perplexity->setRange(5, 50);
    m_perplexity->setValue(30);
    m_perplexity->setPrefix(tr("perplexity "));
    m_perplexity->setToolTip(tr("How many neighbours each image's t-SNE position takes into account (5–50): small "
                                "values show local detail, large ones the overall layout"));
    m_recompute = new QPushButton(tr("&Recompute"));
    m_recompute->setObjectName(QStringLiteral("recomputeMap"));
    m_recompute->setToolTip(tr("A fresh t-SNE from another random start: structure that stays is real"));
    auto *mapControls = new QHBoxLayout;
    mapControls->setContentsMargins(0, 0, 0, 0);
    mapControls->addWidget(new QLabel(tr("Map:")));
    mapControls->addWidget(m_kind);
    mapControls->addWidget(m_perplexity);
    mapControls->addWidget(m_recompute);
    mapControls->addStretch(1);

    m_map = new widgets::EmbeddingMap;
    m_map->setObjectName(QStringLiteral("embeddingMap"));
    m_map->setWhatsThis(mapHelp());
    m_selection = new widgets::ImageGridView;
    m_selection->setObjectName(QStringLiteral("mapSelection"));
    m_selection->setExportName(QStringLiteral("map-selection"));
    m_selection->setEmptyText(tr("Click a marker to see its image and its nearest neighbours here, or drag a lasso "
                                 "around a group of markers to see their images."));
    m_selection->setWhatsThis(mapHelp());
    auto *mapSplit = new QSplitter(Qt::Horizontal);
    mapSplit->setChildrenCollapsible(false);
    mapSplit->addWidget(m_map);
    mapSplit->addWidget(m_selection);
    mapSplit->setStretchFactor(0, 3);
    mapSplit->setStretchFactor(1, 2);
    auto *mapLayout = new QVBoxLayout(mapPage);
    mapLayout->setContentsMargins(4, 4, 4, 0);
    mapLayout->addLayout(mapControls);
    mapLayout->addWidget(mapSplit, 1);

    // The neighbours tab.
    auto *neighbourPage = new QWidget;
    neighbourPage->setObjectName(QStringLiteral("inspectNeighbourPage"));
    neighbourPage->setWhatsThis(neighboursHelp());
    m_pickRandom = new QPushButton(tr("&Pick random"));
    m_pickRandom->setObjectName(QStringLiteral("pickRandom"));
    m_pickRandom->setToolTip(tr("Show the neighbours of %1 other test images, drawn at random").arg(kRandomQueries));
    m_k = new QSpinBox;
    m_k->setObjectName(QStringLiteral("neighbourK"));
    m_k->setRange(1, 20);
    m_k->setValue(8);
    m_k->setPrefix(tr("k = "));
    m_k->setToolTip(tr("Neighbours shown per image"));
    m_neighbourStatus = new QLabel;
    m_neighbourStatus->setObjectName(QStringLiteral("neighbourStatus"));
    auto *neighbourControls = new QHBoxLayout;
    neighbourControls->setContentsMargins(0, 0, 0, 0);
    neighbourControls->addWidget(m_pickRandom);
    neighbourControls->addWidget(m_k);
    neighbourControls->addWidget(m_neighbourStatus, 1);
    m_neighbours = new widgets::NeighbourGrid;
    m_neighbours->setObjectName(QStringLiteral("neighbourGrid"));
    m_neighbours->setWhatsThis(neighboursHelp());
    auto *neighbourLayout = new QVBoxLayout(neighbourPage);
    neighbourLayout->setContentsMargins(4, 4, 4, 0);
    neighbourLayout->addLayout(neighbourControls);
    neighbourLayout->addWidget(m_neighbours, 1);

    m_probe = new widgets::ProbeDetails;
    m_probe->setObjectName(QStringLiteral("probeDetails"));
    m_probe->setWhatsThis(probeHelp());

    m_tabs = new QTabWidget;
    m_tabs->setObjectName(QStringLiteral("inspectTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(mapPage, tr("Map"));
    m_tabs->addTab(neighbourPage, tr("Neighbours"));
    m_tabs->addTab(m_probe, tr("Probe details"));

    // Beside the tabs: the before/after switch for all three views, and the export of the one shown.
    auto *corner = new QWidget;
    auto *cornerLayout = new QHBoxLayout(corner);
    cornerLayout->setContentsMargins(0, 0, 0, 0);
    m_randomButton = new QToolButton;
    m_randomButton->setObjectName(QStringLiteral("showRandomInit"));
    m_randomButton->setText(tr("Random &init"));
    m_randomButton->setCheckable(true);
    m_randomButton->setToolTip(tr("Show the untrained network (the same run's random initial weights) instead of "
                                  "the trained one: its map, neighbours and probe"));
    m_exportButton = new QToolButton;
    m_exportButton->setObjectName(QStringLiteral("exportInspectView"));
    m_exportButton->setText(tr("Export…"));
    m_exportButton->setToolTip(tr("Export the view shown as a picture or its data as CSV"));
    cornerLayout->addWidget(m_randomButton);
    cornerLayout->addWidget(m_exportButton);
    m_tabs->setCornerWidget(corner, Qt::TopRightCorner);

    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("inspectStatus"));
    m_status->setWordWrap(true);
    m_status->setToolTip(tr("Neighbour purity: the share of each marker's %1 nearest markers on the map that have "
                            "its class; about one in the number of classes for a random jumble, 1 when every class "
                            "is its own island.")
                             .arg(kPurityK));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 4);
    layout->setSpacing(2);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_status);
    m_status->setContentsMargins(6, 0, 6, 0);

    m_refreshTimer = new QTimer(this);
    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(0);
    connect(m_refreshTimer, &QTimer::timeout, this, &InspectPanel::refreshShown);
    m_settingsTimer = new QTimer(this);
    m_settingsTimer->setSingleShot(true);
    m_settingsTimer->setInterval(kSettingsDelayMs);
    connect(m_settingsTimer, &QTimer::timeout, this, &InspectPanel::scheduleMaps);

    connect(m_kind, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
        m_settingsTimer->stop();
        updateControls();
        scheduleMaps();
    });
    connect(m_perplexity, qOverload<int>(&QSpinBox::valueChanged), this, [this] { m_settingsTimer->start(); });
    connect(m_recompute, &QPushButton::clicked, this, &InspectPanel::recompute);
    connect(m_randomButton, &QToolButton::toggled, this, &InspectPanel::setShowRandomInit);
    connect(m_exportButton, &QToolButton::clicked, this, [this] {
        QWidget *view = exportWidget();
        QMenu *menu = widgets::PanelExport::createMenu(view, dynamic_cast<widgets::Exportable *>(view), this);
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->popup(m_exportButton->mapToGlobal(QPoint(0, m_exportButton->height())));
    });
    connect(m_pickRandom, &QPushButton::clicked, this, &InspectPanel::pickRandomQueries);
    connect(m_k, qOverload<int>(&QSpinBox::valueChanged), this, [this] {
        updateNeighbours();
        updateSelectionView(m_map->selection());
    });
    connect(m_map, &widgets::EmbeddingMap::selectionChanged, this, &InspectPanel::updateSelectionView);
    connect(m_map, &widgets::EmbeddingMap::pointClicked, this, &InspectPanel::showNeighboursOf);
    connect(m_selection, &widgets::ImageGridView::itemClicked, this, [this](int item) {
        // A neighbour shown beside the map becomes the selected point: its own neighbours follow.
        const QVector<int> selected = m_map->selection();
        if (selected.size() != 1 || item < 0 || item >= int(m_selectionRows.size())) return;
        const int row = m_selectionRows[size_t(item)];
        if (row != selected.front()) {
            m_map->setSelection({ row });
            showNeighboursOf(row);
        }
    });
    connect(m_neighbours, &widgets::NeighbourGrid::imageClicked, this, [this](int row) {
        if (displayedSource() && row < displayedSource()->size()) m_map->setSelection({ row });
    });
    connect(m_tabs, &QTabWidget::currentChanged, this,
        [this] { setWhatsThis(m_tabs->currentWidget() ? m_tabs->currentWidget()->whatsThis() : helpText()); });
    setWhatsThis(mapHelp());
    updateControls();
    updateStatus();
}

InspectPanel::~InspectPanel()
{
    // Every thread still running is told to stop, then waited for: its last act posts to this object, which must
    // still exist then (posted events to a deleted object are dropped by Qt).
    for (Worker &w : m_workers)
        w.cancel->store(true);
    // Then deleted: the deleteLater each posted when it finished needs an event loop that may not run again.
    for (Worker &w : m_workers)
        if (w.thread) {
            w.thread->wait();
            delete w.thread.data();
        }
}

// ---- settings and state ----

InspectPanel::MapKind InspectPanel::mapKind() const
{
    return MapKind(m_kind->currentData().toInt());
}

void InspectPanel::setMapKind(MapKind kind)
{
    m_kind->setCurrentIndex(m_kind->findData(int(kind)));
}

int InspectPanel::perplexity() const
{
    return m_perplexity->value();
}

void InspectPanel::setPerplexity(int perplexity)
{
    m_perplexity->setValue(perplexity);
    m_settingsTimer->stop();
    scheduleMaps();
}

int InspectPanel::neighbourCount() const
{
    return m_k->value();
}

void InspectPanel::setNeighbourCount(int k)
{
    m_k->setValue(k);
}

void InspectPanel::setCurrentTab(Tab tab)
{
    m_tabs->setCurrentIndex(int(tab));
}

InspectPanel::Tab InspectPanel::currentTab() const
{
    return Tab(std::max(0, m_tabs->currentIndex()));
}

bool InspectPanel::available(int variant) const
{
    const Variant &v = m_variants[variant];
    return v.features || v.probe.has_value();
}

int InspectPanel::shownVariant() const
{
    // What was asked for when it has arrived, else whatever has: at the start of a run only the untrained
    // encoder's features exist, and the views say so.
    if (m_wantRandom) return available(kRandom) ? kRandom : kTrained;
    return available(kTrained) || !available(kRandom) ? kTrained : kRandom;
}

bool InspectPanel::hasMap(bool randomInit) const
{
    return m_variants[randomInit ? kRandom : kTrained].hasMap;
}

double InspectPanel::displayedPurity() const
{
    if (m_displayedVariant < 0 || !m_variants[m_displayedVariant].hasMap) return -1;
    return m_variants[m_displayedVariant].purity;
}

int64_t InspectPanel::displayedStep() const
{
    return m_displayedSource ? m_displayedSource->step : -1;
}

QString InspectPanel::statusText() const
{
    return m_status->text();
}

int InspectPanel::effectivePerplexity(int n) const
{
    // t-SNE needs perplexity <= (n - 1) / 3: a small test set gets the largest that fits.
    return std::min(m_perplexity->value(), std::max(2, (n - 1) / 3));
}

InspectPanel::MapKey InspectPanel::wantedKey(int variant) const
{
    const Variant &v = m_variants[variant];
    MapKey key;
    key.kind = mapKind();
    key.generation = v.generation;
    if (key.kind == MapKind::Tsne) {
        key.perplexity = effectivePerplexity(v.features ? v.features->size() : 0);
        key.seed = m_seed;
    }
    return key;
}

// ---- feeding ----

void InspectPanel::setFeatures(const engine::FeatureSet &features)
{
    const int variant = features.randomInit ? kRandom : kTrained;
    Variant &v = m_variants[variant];
    v.features = std::make_shared<const engine::FeatureSet>(features);
    ++v.generation;
    v.failedKey.reset();
    v.error.clear();
    // The other encoder's features of other images (another run, another test subset) no longer compare.
    Variant &other = m_variants[1 - variant];
    if (other.features && !sameImages(other.features.get(), v.features.get())) {
        other = Variant();
        if (m_active && m_active->variant == 1 - variant) cancelActive();
    }
    scheduleRefresh();
}

void InspectPanel::setProbeReport(const engine::ProbeReport &report)
{
    m_variants[report.randomInit ? kRandom : kTrained].probe = report;
    scheduleRefresh();
}

void InspectPanel::setShowRandomInit(bool on)
{
    m_wantRandom = on;
    refreshShown();
}

void InspectPanel::recompute()
{
    ++m_seed;
    scheduleMaps();
}

void InspectPanel::clear()
{
    cancelActive();
    m_variants[kTrained] = Variant();
    m_variants[kRandom] = Variant();
    m_queries.clear();
    m_displayedSource.reset();
    m_displayedVariant = -1;
    m_map->clear();
    m_selection->clear();
    m_neighbours->clear();
    m_probe->clear();
    updateControls();
    updateStatus();
}

void InspectPanel::scheduleRefresh()
{
    // setFeatures and setProbeReport of one evaluation arrive together: one refresh for both.
    m_refreshTimer->start();
}

void InspectPanel::refreshShown()
{
    m_refreshTimer->stop();
    updateControls();
    displayMap();
    updateNeighbours();
    updateProbe();
    updateStatus();
    scheduleMaps();
}

void InspectPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    scheduleMaps(); // maps asked for while hidden
}

// ---- map computation ----

void InspectPanel::scheduleMaps()
{
    // A job for a map nobody wants any more (the settings changed) stops.
    if (m_active && m_active->key != wantedKey(m_active->variant)) cancelActive();
    // Nothing is computed for a hidden panel: t-SNE would take the CPU from training for a map no one sees.
    if (!isVisible()) {
        updateStatus();
        return;
    }
    const int shown = shownVariant();
    for (int variant : { shown, 1 - shown }) {
        const Variant &v = m_variants[variant];
        if (!v.features || v.features->size() < 2) continue;
        const MapKey key = wantedKey(variant);
        if ((v.hasMap && v.key == key) || v.failedKey == key) continue;
        if (m_active && m_active->variant == variant && m_active->key == key) break; // already on it
        startJob(variant, key);
        break;
    }
    updateStatus();
}

void InspectPanel::cancelActive()
{
    if (!m_active) return;
    m_active->cancel->store(true);
    m_active.reset();
}

void InspectPanel::startJob(int variant, const MapKey &key)
{
    cancelActive(); // a newer request replaces the older one
    m_workers.erase(
        std::remove_if(m_workers.begin(), m_workers.end(), [](const Worker &w) { return !w.thread; }), m_workers.end());

    const Variant &v = m_variants[variant];
    Job job;
    job.id = m_nextJob++;
    job.variant = variant;
    job.key = key;
    job.features = v.features;
    job.cancel = std::make_shared<std::atomic<bool>>(false);
    // A t-SNE of the same images with the same random start begins where the last map is, so the new one morphs
    // from it; a Recompute (new seed) starts afresh.
    engine::MapPoints init;
    if (key.kind == MapKind::Tsne && v.hasMap && v.key.kind == MapKind::Tsne && v.key.seed == key.seed
        && sameImages(v.mapSource.get(), v.features.get()))
        init = v.points;

    const int id = job.id;
    auto features = job.features;
    auto cancel = job.cancel;
    MapRequest request;
    request.pca = key.kind == MapKind::Pca;
    request.perplexity = key.perplexity;
    request.seed = key.seed;
    request.init = std::move(init);
    request.threads = m_computeThreads;
    request.purityK = kPurityK;
    QThread *thread = QThread::create([this, id, request, features, cancel] {
        MapResult r = computeMap(*features, request, *cancel, [this, id](int iteration, int total) {
            QMetaObject::invokeMethod(
                this, [this, id, iteration, total] { onJobProgress(id, iteration, total); }, Qt::QueuedConnection);
        });
        r.id = id;
        QMetaObject::invokeMethod(
            this, [this, r] { onJobDone(r); }, Qt::QueuedConnection);
    });
    thread->setObjectName(QStringLiteral("pretext-map"));
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    m_workers.push_back({ QPointer<QThread>(thread), cancel });
    m_active = job;
    thread->start(QThread::LowPriority);
}

void InspectPanel::onJobProgress(int id, int iteration, int total)
{
    if (!m_active || m_active->id != id) return;
    m_active->iteration = iteration;
    m_active->total = total;
    updateStatus();
}

void InspectPanel::onJobDone(const MapResult &result)
{
    // Superseded or cancelled: a newer job owns the status line.
    if (!m_active || m_active->id != result.id || result.cancelled) return;
    const Job job = *m_active;
    m_active.reset();
    Variant &v = m_variants[job.variant];
    if (job.key.generation != v.generation) {
        scheduleMaps();
        return;
    }
    if (!result.error.isEmpty()) {
        v.failedKey = job.key;
        v.error = result.error;
    } else {
        engine::MapPoints points = result.points;
        if (job.key.kind == MapKind::Pca && m_displayedSource
            && sameImages(m_displayedSource.get(), job.features.get()))
            alignSigns(points, m_map->targetPoints());
        v.points = std::move(points);
        v.mapSource = job.features;
        v.key = job.key;
        v.hasMap = true;
        v.seconds = result.seconds;
        v.purity = result.purity;
        v.explained[0] = result.explained[0];
        v.explained[1] = result.explained[1];
        v.error.clear();
        if (job.variant == shownVariant()) {
            displayMap();
            updateSelectionView(m_map->selection());
        }
        Q_EMIT mapReady(job.variant == kRandom);
    }
    scheduleMaps(); // the other encoder's map, when it needs one
}

// ---- showing ----

QString InspectPanel::mapDescription(const MapKey &key) const
{
    return key.kind == MapKind::Pca ? tr("PCA") : tr("t-SNE, perplexity %1").arg(key.perplexity);
}

QString InspectPanel::mapTitle(const Variant &v) const
{
    QStringList parts;
    QString kind = mapDescription(v.key);
    if (v.key.kind == MapKind::Pca)
        kind += tr(" (axes: %1 % and %2 % of the variance)")
                    .arg(qRound(v.explained[0] * 100))
                    .arg(qRound(v.explained[1] * 100));
    parts << kind;
    const engine::FeatureSet &f = *v.mapSource;
    parts << (f.randomInit ? tr("random init (untrained network)")
                           : tr("step %1 (epoch %2)").arg(number(f.step)).arg(f.epoch + 1));
    parts << tr("%1 test images").arg(number(f.size()));
    return parts.join(QStringLiteral(" · "));
}

void InspectPanel::displayMap()
{
    const int shown = shownVariant();
    const Variant &v = m_variants[shown];
    if (!v.hasMap) {
        m_map->setPoints({}, {}, {});
        m_map->setTitle(QString());
        m_map->setEmptyText(
            v.features ? tr("Computing the map…") : tr("No map yet: it appears after the first evaluation of a run."));
        m_displayedSource.reset();
        m_displayedVariant = -1;
        updateSelectionView({});
        return;
    }
    const engine::FeatureSet &f = *v.mapSource;
    if (m_displayedSource == v.mapSource && m_displayedVariant == shown && m_map->targetPoints() == v.points) {
        m_map->setTitle(mapTitle(v));
        return;
    }
    if (sameImages(m_displayedSource.get(), &f) && m_map->pointCount() == f.size()) {
        // The same images: they move to their new places (new features, the other encoder, other settings).
        m_map->animateTo(v.points);
        if (m_displayedSource->labels != f.labels || m_displayedSource->classNames != f.classNames) {
            const QVector<int> selection = m_map->selection();
            m_map->setPoints(v.points, f.labels, translatedClassNames(f.classNames), f.images, f.indices);
            m_map->setSelection(selection);
        }
    } else {
        m_map->setPoints(v.points, f.labels, translatedClassNames(f.classNames), f.images, f.indices);
    }
    m_map->setTitle(mapTitle(v));
    m_displayedSource = v.mapSource;
    m_displayedVariant = shown;
}

void InspectPanel::updateStatus()
{
    QStringList parts;
    const int shown = shownVariant();
    const Variant &v = m_variants[shown];
    const QString who = shown == kRandom ? tr("random init") : tr("trained");
    if (m_displayedVariant == shown && v.hasMap) {
        parts << tr("%1 of %2 images (%3) took %4 s")
                     .arg(mapDescription(v.key), number(v.mapSource->size()), who)
                     .arg(v.seconds, 0, 'f', 1);
        const int classes = std::max<int>(1, int(v.mapSource->classNames.size()));
        if (v.purity >= 0)
            parts << tr("neighbour purity %1 (k = %2; chance ≈ %3)")
                         .arg(v.purity, 0, 'f', 2)
                         .arg(kPurityK)
                         .arg(1.0 / classes, 0, 'f', 2);
    }
    if (m_active) {
        const QString kind = mapDescription(m_active->key);
        const QString of
            = m_active->variant == kRandom ? tr("random init") : tr("step %1").arg(number(m_active->features->step));
        if (m_active->total > 0)
            parts << tr("computing %1 (%2)… %3 / %4").arg(kind, of).arg(m_active->iteration).arg(m_active->total);
        else
            parts << tr("computing %1 (%2)…").arg(kind, of);
    } else if (v.features && !isVisible() && !(v.hasMap && v.key == wantedKey(shown))) {
        parts << tr("the map is computed when the panel is shown");
    }
    if (!v.error.isEmpty()) parts << tr("map failed: %1").arg(v.error);
    if (parts.isEmpty())
        parts << (available(kTrained) || available(kRandom)
                ? tr("No features to map.")
                : tr("The map, neighbours and probe details appear after the first evaluation of a run."));
    const QString text = parts.join(QStringLiteral(" · "));
    if (text == m_status->text()) return;
    m_status->setText(text);
    Q_EMIT statusChanged(text);
}

void InspectPanel::updateControls()
{
    const bool tsne = mapKind() == MapKind::Tsne;
    m_perplexity->setEnabled(tsne);
    m_recompute->setEnabled(tsne);
    {
        const QSignalBlocker block(m_randomButton);
        m_randomButton->setChecked(showsRandomInit());
    }
    // One encoder alone has nothing to swap with.
    m_randomButton->setEnabled(available(kTrained) && available(kRandom));
}

void InspectPanel::pickRandomQueries()
{
    const engine::FeatureSet *f = m_variants[shownVariant()].features.get();
    m_queries.clear();
    if (!f || f->size() == 0) return;
    const int wanted = std::min(kRandomQueries, f->size());
    while (int(m_queries.size()) < wanted) {
        const int r = int(QRandomGenerator::global()->bounded(f->size()));
        if (std::find(m_queries.begin(), m_queries.end(), r) == m_queries.end()) m_queries.push_back(r);
    }
    updateNeighbours();
}

void InspectPanel::showNeighboursOf(int row)
{
    m_queries.erase(std::remove(m_queries.begin(), m_queries.end(), row), m_queries.end());
    m_queries.insert(m_queries.begin(), row);
    if (int(m_queries.size()) > kMaxQueries) m_queries.resize(kMaxQueries);
    updateNeighbours();
}

void InspectPanel::updateNeighbours()
{
    const Variant &v = m_variants[shownVariant()];
    const engine::FeatureSet *f = v.features.get();
    if (!f || f->size() < 2) {
        m_neighbours->clear();
        m_neighbourStatus->clear();
        return;
    }
    m_queries.erase(std::remove_if(m_queries.begin(), m_queries.end(), [f](int r) { return r < 0 || r >= f->size(); }),
        m_queries.end());
    if (m_queries.empty()) {
        pickRandomQueries();
        return;
    }
    std::vector<widgets::NeighbourGrid::Row> rows;
    try {
        // A few queries against a few thousand rows: one small matrix product, fine on the GUI thread.
        const auto found = engine::nearestNeighbours(f->features, m_queries, m_k->value());
        for (size_t i = 0; i < m_queries.size(); ++i) {
            widgets::NeighbourGrid::Row row { m_queries[i], {} };
            for (const engine::Neighbour &n : found[i])
                row.neighbours.push_back({ n.index, n.similarity });
            rows.push_back(row);
        }
    } catch (const std::exception &e) {
        m_neighbours->clear();
        m_neighbours->setEmptyText(tr("No neighbours: %1").arg(QString::fromStdString(engine::describeException(e))));
        return;
    }
    m_neighbours->setRows(rows, f->images, f->labels, translatedClassNames(f->classNames), f->indices);
    int same = 0, total = 0;
    for (int r = 0; r < m_neighbours->rowCount(); ++r) {
        same += m_neighbours->sameClassCount(r);
        total += int(m_neighbours->row(r).neighbours.size());
    }
    m_neighbourStatus->setText(tr("%1 · %2 of %3 neighbours share their query's class")
                                   .arg(f->randomInit ? tr("random init") : tr("step %1").arg(number(f->step)))
                                   .arg(same)
                                   .arg(total));
}

void InspectPanel::updateSelectionView(const QVector<int> &rows)
{
    const engine::FeatureSet *f = displayedSource();
    if (!f || rows.isEmpty()) {
        m_selectionRows.clear();
        m_selection->clear();
        m_map->setNeighbourLinks(-1, {});
        return;
    }
    auto className = [f](int label) {
        return label >= 0 && label < int(f->classNames.size()) ? engineText(f->classNames[size_t(label)])
                                                               : tr("class %1").arg(label);
    };
    auto testName = [f](int row) {
        return row < int(f->indices.size()) ? tr("test #%1").arg(f->indices[size_t(row)]) : tr("row %1").arg(row);
    };
    auto csv = [&](int row) {
        return QStringList { QString::number(row),
            row < int(f->indices.size()) ? QString::number(f->indices[size_t(row)]) : QString(),
            QString::number(f->labels[size_t(row)]), className(f->labels[size_t(row)]) };
    };
    const QStringList header { QStringLiteral("row"), QStringLiteral("test_index"), QStringLiteral("label"),
        QStringLiteral("class") };
    m_selectionRows.clear();
    std::vector<widgets::ImageGridView::Item> items;
    if (rows.size() == 1) {
        // One image: it and its nearest neighbours in feature space, also drawn as lines on the map.
        const int query = rows.front();
        if (query >= f->size()) return;
        const int label = f->labels[size_t(query)];
        items.push_back({ query, className(label), testName(query), {}, widgets::ImageGridView::Mark::Emphasis,
            csv(query) << QString() });
        m_selectionRows.push_back(query);
        QVector<int> links;
        int same = 0;
        std::vector<engine::Neighbour> found;
        try {
            found = engine::nearestNeighbours(f->features, query, m_k->value());
        } catch (const std::exception &) {
            found.clear();
        }
        for (const engine::Neighbour &n : found) {
            const int l = f->labels[size_t(n.index)];
            const bool wrong = l != label;
            same += wrong ? 0 : 1;
            widgets::ImageGridView::Item item;
            item.image = n.index;
            item.caption = (wrong ? QStringLiteral("✗ ") : QString()) + className(l);
            item.detail = QString::number(double(n.similarity), 'f', 2);
            item.toolTip = tr("%1, %2: cosine similarity %3 to the selected image%4")
                               .arg(className(l), testName(n.index))
                               .arg(double(n.similarity), 0, 'f', 3)
                               .arg(wrong ? tr(" (✗ another class)") : QString());
            item.mark = wrong ? widgets::ImageGridView::Mark::Wrong : widgets::ImageGridView::Mark::None;
            item.csv = csv(n.index) << QString::number(double(n.similarity), 'g', 6);
            items.push_back(item);
            m_selectionRows.push_back(n.index);
            links << n.index;
        }
        m_map->setNeighbourLinks(query, links);
        m_selection->setCsvHeader(QStringList(header) << QStringLiteral("cosine_similarity"));
        m_selection->setItems(f->images, items,
            tr("%1 (%2, framed) and its %3 nearest neighbours in feature space: %4 share its class. The lines on "
               "the map show where they landed.")
                .arg(testName(query), className(label))
                .arg(found.size())
                .arg(same));
        return;
    }
    // A group: its images, and what classes it holds.
    m_map->setNeighbourLinks(-1, {});
    std::map<int, int> counts;
    for (int row : rows) {
        if (row >= f->size()) continue;
        const int label = f->labels[size_t(row)];
        ++counts[label];
        items.push_back({ row, className(label), testName(row), {}, widgets::ImageGridView::Mark::None, csv(row) });
        m_selectionRows.push_back(row);
    }
    std::vector<std::pair<int, int>> byCount(counts.begin(), counts.end());
    std::sort(byCount.begin(), byCount.end(), [](const auto &a, const auto &b) { return a.second > b.second; });
    QStringList composition;
    for (const auto &[label, count] : byCount)
        composition << tr("%1 %2").arg(count).arg(className(label));
    m_selection->setCsvHeader(header);
    m_selection->setItems(
        f->images, items, tr("%1 images selected: %2.").arg(items.size()).arg(composition.join(QStringLiteral(", "))));
}

void InspectPanel::updateProbe()
{
    const Variant &v = m_variants[shownVariant()];
    if (v.probe) {
        engine::ProbeReport report = *v.probe;
        report.classNames = translatedClassNames(report.classNames);
        m_probe->setReport(report);
    } else {
        m_probe->clear();
    }
}

// ---- export ----

QWidget *InspectPanel::exportWidget()
{
    switch (currentTab()) {
    case Tab::Map:
        return m_map;
    case Tab::Neighbours:
        return m_neighbours;
    case Tab::Probe:
        return m_probe;
    }
    return m_map;
}

QString InspectPanel::csv() const
{
    switch (currentTab()) {
    case Tab::Map:
        return m_map->csv();
    case Tab::Neighbours:
        return m_neighbours->csv();
    case Tab::Probe:
        return m_probe->csv();
    }
    return {};
}

QString InspectPanel::exportName() const
{
    switch (currentTab()) {
    case Tab::Map:
        return m_map->exportName();
    case Tab::Neighbours:
        return m_neighbours->exportName();
    case Tab::Probe:
        return m_probe->exportName();
    }
    return QStringLiteral("inspect");
}

void InspectPanel::flushPendingUpdates()
{
    if (m_refreshTimer->isActive()) refreshShown();
    if (auto *data = dynamic_cast<widgets::Exportable *>(exportWidget())) data->flushPendingUpdates();
}

} // namespace pretext::ui
