// Reads what the inspection panel shows of a run folder that is not training: the encoder's features of the first
// test images (trained and as its seed initialised it) and the offline probe's details, from the latest checkpoint,
// read-only and off the GUI thread (loading the data and a probe take seconds).
#pragma once

#include "ui/metatypes.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QThread>

#include <atomic>
#include <memory>

namespace pretext::ui {

class InspectionLoader : public QObject {
    Q_OBJECT
public:
    explicit InspectionLoader(QObject *parent = nullptr);
    // Waits for a load in progress (its results are dropped).
    ~InspectionLoader() override;

    // Starts reading runDir; a load already in progress is superseded (its results are dropped). trainedOnly: the
    // trained encoder's features alone (one featuresReady, no probes), for views that need nothing else.
    void load(const QString &runDir, int images = 2000, bool trainedOnly = false);
    bool isLoading() const { return !m_threads.isEmpty(); }
    // Drops the results of every load in progress (a new run's panel must not get the old folder's maps).
    void cancel() { ++*m_generation; }
    // Cancels and waits until no load runs: a load seeds LibTorch's generator and sets its thread count, which a
    // run started beside it would share.
    void cancelAndWait();

Q_SIGNALS:
    // In this order: the trained encoder's features, the untrained one's, the probe's details of each; then done
    // (with trainedOnly: the trained features, then done).
    void featuresReady(const pretext::engine::FeatureSet &features);
    void probeReady(const pretext::engine::ProbeReport &report);
    void failed(const QString &error);
    void done();

private:
    QList<QThread *> m_threads;
    std::shared_ptr<std::atomic<int>> m_generation = std::make_shared<std::atomic<int>>(0);
};

} // namespace pretext::ui
