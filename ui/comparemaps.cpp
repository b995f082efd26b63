#include "ui/comparemaps.h"
#include "ui/enginetext.h"

#include "ui/inspectionloader.h"
#include "ui/mapjob.h"

#include "widgets/embeddingmap.h"
#include "widgets/plotstyle.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMetaObject>
#include <QScrollArea>
#include <QSpinBox>
#include <QStackedWidget>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <exception>

namespace pretext::ui {

namespace {
// How often the worker may post its progress: the status line needs no more.
// A perplexity edit waits for the spin box to settle, so that spinning from 30 to 40 starts one round of maps, not ten.
constexpr int kSettingsDelayMs = 400;

QString number(int64_t v)
{
    return QLocale().toString(qlonglong(v));
}

QString className(const engine::FeatureSet &f, int label)
{
    if (label >= 0 && label < int(f.classNames.size()) && !f.classNames[size_t(label)].empty())
        return engineText(f.classNames[size_t(label)]);
    return QObject::tr("class %1").arg(label);
}
} // namespace

CompareMaps::CompareMaps(QWidget *parent)
    : QWidget(parent)
    , m_loader(new InspectionLoader(this))
    , m_kind(new QComboBox)
    , m_perplexity(new QSpinBox)
    , m_note(new QLabel)
    , m_grid(new QWidget)
    , m_gridLayout(new QGridLayout(m_grid))
    , m_status(new QLabel)
    , m_settingsTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("compareMaps"));
    setWhatsThis(tr("<p><b>Embedding maps side by side.</b> Each selected run's trained encoder maps the same first "
                    "test images of its dataset, one marker per image, coloured by class. <b>Neighbour purity</b> "
                    "(in each map's title) is the share of each marker's %1 nearest markers that have its class: "
                    "about one in the number of classes for a random jumble, 1 when every class is an island of its "
                    "own — the runs' ability to separate the classes in one number.</p><p><b>t-SNE</b> keeps "
                    "neighbours together (distances between far islands mean little); <b>PCA</b> shows the two "
                    "directions of largest variance. The maps are computed one run at a time.</p>")
                     .arg(kPurityK));

    auto *kindLabel = new QLabel(tr("Map &kind:"));
    kindLabel->setBuddy(m_kind);
    m_kind->setObjectName(QStringLiteral("compareMapKind"));
    m_kind->addItem(tr("t-SNE"), int(MapKind::Tsne));
    m_kind->addItem(tr("PCA"), int(MapKind::Pca));
    m_kind->setToolTip(tr("t-SNE keeps neighbours together (about a second per run); PCA shows the two directions of "
                          "largest variance (instant)"));
    m_perplexity->setObjectName(QStringLiteral("comparePerplexity"));
    m_perplexity->setRange(5, 50);
    m_perplexity->setValue(30);
    m_perplexity->setPrefix(tr("perplexity "));
    m_perplexity->setToolTip(tr("How many neighbours each image's t-SNE position takes into account (5–50), the same "
                                "for every run; a run with few test images gets the largest that fits them"));
    m_note->setObjectName(QStringLiteral("compareMapsNote"));
    m_note->setWordWrap(true);
    m_note->setToolTip(tr("Every map shows test images spread over its run's test split: the maps of runs on one "
                          "dataset show the same images, so they differ only in what the encoders learned"));
    auto *controls = new QHBoxLayout;
    controls->addWidget(kindLabel);
    controls->addWidget(m_kind);
    controls->addWidget(m_perplexity);
    controls->addSpacing(12);
    controls->addWidget(m_note, 1);

    m_grid->setObjectName(QStringLiteral("compareMapsGrid"));
    m_gridLayout->setContentsMargins(0, 0, 0, 0);
    m_gridLayout->setSpacing(6);
    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(m_grid);

    m_status->setObjectName(QStringLiteral("compareMapsStatus"));
    m_status->setWordWrap(true);
    m_status->setToolTip(tr("Neighbour purity: the share of each marker's %1 nearest markers on the map that have "
                            "its class; about one in the number of classes for a random jumble, 1 when every class "
                            "is its own island.")
                             .arg(kPurityK));

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(scroll, 1);
    layout->addWidget(m_status);

    m_settingsTimer->setSingleShot(true);
    m_settingsTimer->setInterval(kSettingsDelayMs);
    connect(m_settingsTimer, &QTimer::timeout, this, &CompareMaps::settingsChanged);
    connect(m_kind, qOverload<int>(&QComboBox::currentIndexChanged), this, &CompareMaps::settingsChanged);
    connect(m_perplexity, qOverload<int>(&QSpinBox::valueChanged), this, [this] { m_settingsTimer->start(); });
    connect(m_loader, &InspectionLoader::featuresReady, this, &CompareMaps::onFeatures);
    connect(m_loader, &InspectionLoader::failed, this, &CompareMaps::onLoadFailed);
    connect(m_loader, &InspectionLoader::done, this, &CompareMaps::onLoadDone);
    updateNote();
    updateStatus();
}

CompareMaps::~CompareMaps()
{
    // Every map thread is told to stop, then waited for: its last act posts to this object, which must still exist
    // then (posted events to a deleted object are dropped by Qt). The loader waits for a checkpoint being read.
    for (Worker &w : m_workers)
        w.cancel->store(true);
    // Then deleted: the deleteLater each posted when it finished needs an event loop that may not run again.
    for (Worker &w : m_workers)
        if (w.thread) {
            w.thread->wait();
            delete w.thread.data();
        }
    delete m_loader;
    m_loader = nullptr;
}

// ---- settings and state ----

CompareMaps::MapKind CompareMaps::mapKind() const
{
    return MapKind(m_kind->currentData().toInt());
}

void CompareMaps::setMapKind(MapKind kind)
{
    m_kind->setCurrentIndex(m_kind->findData(int(kind)));
}

int CompareMaps::perplexity() const
{
    return m_perplexity->value();
}

void CompareMaps::setPerplexity(int perplexity)
{
    m_perplexity->setValue(perplexity);
    settingsChanged();
}

widgets::EmbeddingMap *CompareMaps::map(int i) const
{
    return i >= 0 && i < runCount() ? m_runs[size_t(i)].map : nullptr;
}

QString CompareMaps::errorText(int i) const
{
    if (i < 0 || i >= runCount()) return {};
    const Entry &e = m_runs[size_t(i)];
    if (!e.loadError.isEmpty()) return e.loadError;
    return e.failedKey && *e.failedKey == wantedKey(e) ? e.mapError : QString();
}

bool CompareMaps::hasMap(int i) const
{
    if (i < 0 || i >= runCount()) return false;
    const Entry &e = m_runs[size_t(i)];
    return e.hasMap && e.key == wantedKey(e);
}

double CompareMaps::purity(int i) const
{
    return i >= 0 && i < runCount() && m_runs[size_t(i)].hasMap ? m_runs[size_t(i)].purity : -1;
}

bool CompareMaps::isComputing() const
{
    return m_loaderBusy || m_active.has_value();
}

QString CompareMaps::statusText() const
{
    return m_status->text();
}

QString CompareMaps::imagesNote() const
{
    return m_note->text();
}

CompareMaps::MapKey CompareMaps::wantedKey(const Entry &e) const
{
    MapKey key;
    key.kind = mapKind();
    if (key.kind == MapKind::Tsne) {
        // t-SNE needs perplexity <= (n - 1) / 3: a small test set gets the largest that fits.
        const int n = e.features ? e.features->size() : 0;
        key.perplexity = std::min(m_perplexity->value(), std::max(2, (n - 1) / 3));
    }
    return key;
}

QString CompareMaps::mapDescription(const MapKey &key) const
{
    return key.kind == MapKind::Pca ? tr("PCA") : tr("t-SNE, perplexity %1").arg(key.perplexity);
}

QStringList CompareMaps::datasets() const
{
    QStringList names;
    for (const Entry &e : m_runs)
        if (!e.run.dataset.isEmpty() && !names.contains(e.run.dataset)) names << e.run.dataset;
    return names;
}

// ---- feeding ----

void CompareMaps::setRuns(const QList<Run> &runs)
{
    cancelActive();
    m_loadingRun = -1; // a checkpoint being read belongs to the old runs: its results are dropped
    for (Entry &e : m_runs)
        delete e.cell;
    m_runs.clear();
    for (const Run &run : runs) {
        Entry e;
        e.run = run;
        m_runs.push_back(std::move(e));
    }
    buildGrid();
    updateNote();
    schedule();
}

void CompareMaps::buildGrid()
{
    // Two or three runs fit one row; more go two to a row.
    const int n = runCount();
    const int columns = n <= 3 ? std::max(1, n) : 2;
    for (int i = 0; i < n; ++i) {
        Entry &e = m_runs[size_t(i)];
        e.cell = new QWidget;
        e.cell->setObjectName(QStringLiteral("compareMapCell%1").arg(i));
        // A strip in the run's colour ties the map to its curves.
        auto *strip = new QFrame;
        strip->setFixedHeight(4);
        strip->setAutoFillBackground(true);
        QPalette palette = strip->palette();
        palette.setColor(QPalette::Window, e.run.colour.isValid() ? e.run.colour : widgets::PlotStyle::mutedText());
        strip->setPalette(palette);
        e.map = new widgets::EmbeddingMap;
        e.map->setObjectName(QStringLiteral("compareMap%1").arg(i));
        e.map->setWhatsThis(whatsThis());
        e.message = new QLabel;
        e.message->setObjectName(QStringLiteral("compareMapError%1").arg(i));
        e.message->setAlignment(Qt::AlignCenter);
        e.message->setWordWrap(true);
        e.message->setTextInteractionFlags(Qt::TextSelectableByMouse);
        e.message->setMargin(16);
        e.message->setAutoFillBackground(true);
        QPalette messagePalette = e.message->palette();
        messagePalette.setColor(QPalette::Window, widgets::PlotStyle::background());
        messagePalette.setColor(QPalette::WindowText, widgets::PlotStyle::text());
        e.message->setPalette(messagePalette);
        e.stack = new QStackedWidget;
        e.stack->addWidget(e.map);
        e.stack->addWidget(e.message);
        auto *cellLayout = new QVBoxLayout(e.cell);
        cellLayout->setContentsMargins(0, 0, 0, 0);
        cellLayout->setSpacing(0);
        cellLayout->addWidget(strip);
        cellLayout->addWidget(e.stack, 1);
        m_gridLayout->addWidget(e.cell, i / columns, i % columns);
        showEntry(i);
    }
    for (int c = 0; c < m_gridLayout->columnCount(); ++c)
        m_gridLayout->setColumnStretch(c, c < columns ? 1 : 0);
    for (int r = 0; r < m_gridLayout->rowCount(); ++r)
        m_gridLayout->setRowStretch(r, r < (n + columns - 1) / columns ? 1 : 0);
}

void CompareMaps::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    // Nothing is computed before the maps are first looked at: a comparison opened for its curves costs no t-SNE.
    if (!m_started) {
        m_started = true;
        for (int i = 0; i < runCount(); ++i)
            showEntry(i);
        schedule();
    }
}

void CompareMaps::settingsChanged()
{
    m_settingsTimer->stop();
    m_perplexity->setEnabled(mapKind() == MapKind::Tsne);
    // A map nobody wants any more (the settings changed) stops; the maps shown stay until their successors arrive.
    if (m_active && m_active->key != wantedKey(m_runs[size_t(m_active->run)])) cancelActive();
    for (int i = 0; i < runCount(); ++i)
        showEntry(i);
    schedule();
}

// ---- computation: one run at a time, first its checkpoint, then its map ----

void CompareMaps::schedule()
{
    if (!m_started || m_loaderBusy || m_active) {
        updateStatus();
        return;
    }
    for (int i = 0; i < runCount(); ++i) {
        const Entry &e = m_runs[size_t(i)];
        if (!e.loaded) {
            startLoad(i);
            return;
        }
        if (!e.features) continue;
        const MapKey key = wantedKey(e);
        if ((e.hasMap && e.key == key) || e.failedKey == key) continue;
        startJob(i, key);
        return;
    }
    updateStatus();
    if (runCount() > 0) Q_EMIT mapsReady();
}

void CompareMaps::startLoad(int run)
{
    m_loaderBusy = true;
    m_loadingRun = run;
    showEntry(run);
    updateStatus();
    m_loader->load(m_runs[size_t(run)].run.dir, kImages, true);
}

void CompareMaps::onFeatures(const engine::FeatureSet &features)
{
    if (m_loadingRun < 0 || features.randomInit) return;
    Entry &e = m_runs[size_t(m_loadingRun)];
    e.features = std::make_shared<const engine::FeatureSet>(features);
    e.loaded = true;
}

void CompareMaps::onLoadFailed(const QString &error)
{
    if (m_loadingRun < 0) return;
    Entry &e = m_runs[size_t(m_loadingRun)];
    e.loadError = error;
    e.loaded = true;
}

void CompareMaps::onLoadDone()
{
    const int run = m_loadingRun;
    m_loaderBusy = false;
    m_loadingRun = -1;
    if (run >= 0) {
        Entry &e = m_runs[size_t(run)];
        if (!e.loaded) e.loadError = tr("the checkpoint gave no features to map");
        e.loaded = true;
        showEntry(run);
    }
    updateNote();
    schedule();
}

void CompareMaps::cancelActive()
{
    if (!m_active) return;
    m_active->cancel->store(true);
    m_active.reset();
}

void CompareMaps::startJob(int run, const MapKey &key)
{
    cancelActive();
    m_workers.erase(
        std::remove_if(m_workers.begin(), m_workers.end(), [](const Worker &w) { return !w.thread; }), m_workers.end());

    Job job;
    job.id = m_nextJob++;
    job.run = run;
    job.key = key;
    job.cancel = std::make_shared<std::atomic<bool>>(false);
    const int id = job.id;
    const auto features = m_runs[size_t(run)].features;
    const auto cancel = job.cancel;
    MapRequest request;
    request.pca = key.kind == MapKind::Pca;
    request.perplexity = key.perplexity;
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
    thread->setObjectName(QStringLiteral("pretext-compare-map"));
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    m_workers.push_back({ QPointer<QThread>(thread), cancel });
    m_active = job;
    showEntry(run);
    updateStatus();
    thread->start(QThread::LowPriority);
}

void CompareMaps::onJobProgress(int id, int iteration, int total)
{
    if (!m_active || m_active->id != id) return;
    m_active->iteration = iteration;
    m_active->total = total;
    updateStatus();
}

void CompareMaps::onJobDone(const MapResult &result)
{
    // Superseded or cancelled: a newer job owns the status line.
    if (!m_active || m_active->id != result.id || result.cancelled) return;
    const Job job = *m_active;
    m_active.reset();
    Entry &e = m_runs[size_t(job.run)];
    if (!result.error.isEmpty()) {
        e.failedKey = job.key;
        e.mapError = result.error;
    } else {
        e.points = result.points;
        e.key = job.key;
        e.hasMap = true;
        e.purity = result.purity;
        e.explained[0] = result.explained[0];
        e.explained[1] = result.explained[1];
        e.seconds = result.seconds;
        e.failedKey.reset();
        e.mapError.clear();
    }
    showEntry(job.run);
    schedule();
}

// ---- showing ----

void CompareMaps::showEntry(int run)
{
    Entry &e = m_runs[size_t(run)];
    const QString error = errorText(run);
    if (!error.isEmpty()) {
        e.message->setText(QStringLiteral("<b>%1</b><br><br>%2")
                               .arg(e.run.label.toHtmlEscaped(), tr("No map: %1").arg(error).toHtmlEscaped()));
        e.stack->setCurrentWidget(e.message);
        return;
    }
    e.stack->setCurrentWidget(e.map);
    if (!e.hasMap) {
        if (e.map->pointCount() > 0) e.map->clear();
        e.map->setTitle(e.run.label);
        QString waiting;
        if (m_loadingRun == run)
            waiting = tr("Reading the run's checkpoint…");
        else if (m_active && m_active->run == run)
            waiting = tr("Computing the %1…").arg(mapDescription(m_active->key));
        else if (!m_started)
            waiting = tr("The map is computed when this tab is shown.");
        else
            waiting = tr("Waiting: the maps are computed one run at a time.");
        e.map->setEmptyText(waiting);
        return;
    }
    const engine::FeatureSet &f = *e.features;
    if (e.map->targetPoints() != e.points) {
        // The same images move to their new places (other settings), as in the inspection panel.
        if (e.map->pointCount() == f.size())
            e.map->animateTo(e.points);
        else
            e.map->setPoints(e.points, f.labels, translatedClassNames(f.classNames), f.images, f.indices);
    }
    QString kind = mapDescription(e.key);
    if (e.key.kind == MapKind::Pca)
        kind += tr(" (axes: %1 % and %2 % of the variance)")
                    .arg(qRound(e.explained[0] * 100))
                    .arg(qRound(e.explained[1] * 100));
    e.map->setTitle(tr("%1 · purity %2 · %3").arg(e.run.label).arg(e.purity, 0, 'f', 2).arg(kind));
    e.map->setToolTip(tr("%1\n%2 of %3 test images; neighbour purity %4 (k = %5)")
                          .arg(e.run.label, kind, number(f.size()))
                          .arg(e.purity, 0, 'f', 2)
                          .arg(kPurityK));
}

void CompareMaps::updateNote()
{
    const QStringList names = datasets();
    if (names.size() > 1) {
        m_note->setText(tr("Different datasets: each map shows test images of its own run's dataset."));
        return;
    }
    int images = 0;
    for (const Entry &e : m_runs)
        if (e.features) images = std::max(images, e.features->size());
    const QString count = images > 0 ? number(images) : tr("up to %1").arg(number(kImages));
    m_note->setText(names.isEmpty()
            ? tr("Same test images: every map shows the same %1 test images.").arg(count)
            : tr("Same test images: every map shows the same %1 test images of %2.").arg(count, names.front()));
}

void CompareMaps::updateStatus()
{
    QStringList parts;
    const int n = runCount();
    if (n == 0) {
        parts << tr("No runs to map.");
    } else if (!m_started) {
        parts << tr("The maps are computed when this tab is shown.");
    } else if (m_loaderBusy && m_loadingRun >= 0) {
        parts << tr("Reading run %1 of %2 (%3)…")
                     .arg(m_loadingRun + 1)
                     .arg(n)
                     .arg(m_runs[size_t(m_loadingRun)].run.label);
    } else if (m_active) {
        const QString kind = m_active->key.kind == MapKind::Pca ? tr("PCA") : tr("t-SNE");
        const QString label = m_runs[size_t(m_active->run)].run.label;
        if (m_active->total > 0)
            parts << tr("%1 %2 of %3 (%4)… %5 / %6")
                         .arg(kind)
                         .arg(m_active->run + 1)
                         .arg(n)
                         .arg(label)
                         .arg(m_active->iteration)
                         .arg(m_active->total);
        else
            parts << tr("%1 %2 of %3 (%4)…").arg(kind).arg(m_active->run + 1).arg(n).arg(label);
    } else {
        // Done: what was computed, the best-separated run, and how many could not be mapped.
        int mapped = 0, failed = 0, best = -1, classes = 0;
        double seconds = 0;
        for (int i = 0; i < n; ++i) {
            const Entry &e = m_runs[size_t(i)];
            if (!errorText(i).isEmpty()) ++failed;
            if (!hasMap(i)) continue;
            ++mapped;
            seconds += e.seconds;
            classes = std::max(classes, int(e.features->classNames.size()));
            if (best < 0 || e.purity > m_runs[size_t(best)].purity) best = i;
        }
        if (mapped > 0) {
            const QString kind = mapDescription(wantedKey(m_runs[size_t(best)]));
            parts << (mapped == 1 ? tr("%1: 1 map in %2 s").arg(kind).arg(seconds, 0, 'f', 1)
                                  : tr("%1: %2 maps in %3 s").arg(kind).arg(mapped).arg(seconds, 0, 'f', 1));
            const QString purity = tr("neighbour purity %1 (k = %2; chance ≈ %3)")
                                       .arg(m_runs[size_t(best)].purity, 0, 'f', 2)
                                       .arg(kPurityK)
                                       .arg(1.0 / std::max(1, classes), 0, 'f', 2);
            parts << (mapped == 1 ? purity : tr("best separated: %1, %2").arg(m_runs[size_t(best)].run.label, purity));
        }
        if (failed == 1)
            parts << tr("1 run could not be mapped");
        else if (failed > 1)
            parts << tr("%1 runs could not be mapped").arg(failed);
    }
    const QStringList names = datasets();
    if (names.size() > 1)
        parts << tr("The runs use different datasets (%1): their maps show different images, so compare how well the "
                    "classes separate, not where they lie.")
                     .arg(names.join(QStringLiteral(", ")));
    const QString text = parts.join(QStringLiteral(" · "));
    if (text == m_status->text()) return;
    m_status->setText(text);
    Q_EMIT statusChanged(text);
}

QWidget *CompareMaps::exportWidget()
{
    return m_grid;
}

QString CompareMaps::csv() const
{
    QString out = QStringLiteral("run,test_index,label,class,x,y\n");
    for (const Entry &e : m_runs) {
        if (!e.hasMap || !e.features) continue;
        const engine::FeatureSet &f = *e.features;
        const QString run = widgets::csvField(e.run.label);
        for (int i = 0; i < f.size() && 2 * size_t(i) + 1 < e.points.size(); ++i) {
            const int label = f.labels[size_t(i)];
            out += run + QLatin1Char(',')
                + (size_t(i) < f.indices.size() ? QString::number(f.indices[size_t(i)]) : QString()) + QLatin1Char(',')
                + QString::number(label) + QLatin1Char(',') + widgets::csvField(className(f, label)) + QLatin1Char(',')
                + QString::number(e.points[2 * size_t(i)], 'g', 7) + QLatin1Char(',')
                + QString::number(e.points[2 * size_t(i) + 1], 'g', 7) + QLatin1Char('\n');
        }
    }
    return out;
}

} // namespace pretext::ui
