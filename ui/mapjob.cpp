#include "ui/mapjob.h"

#include "engine/core/compat.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <exception>

namespace pretext::ui {

MapResult computeMap(const engine::FeatureSet &features, const MapRequest &request, const std::atomic<bool> &cancel,
                     const std::function<void(int, int)> &progress)
{
    constexpr int kProgressIntervalMs = 100;
    MapResult r;
    QElapsedTimer timer;
    timer.start();
    try {
        if (request.pca) {
            const engine::PcaMap pca = engine::pcaMap(features.features);
            r.points = pca.points;
            r.explained[0] = pca.explained[0];
            r.explained[1] = pca.explained[1];
        } else {
            engine::TsneOptions options;
            options.perplexity = request.perplexity;
            options.seed = request.seed;
            options.init = request.init;
            options.threads = request.threads;
            QElapsedTimer sincePost; // invalid until the first report, which goes at once
            options.progress = [&](int iteration, int total) {
                if (cancel.load()) return false;
                if (progress && (!sincePost.isValid() || sincePost.elapsed() >= kProgressIntervalMs)) {
                    sincePost.start();
                    progress(iteration, total);
                }
                return true;
            };
            r.points = engine::tsneMap(features.features, options);
        }
        r.cancelled = cancel.load();
        if (!r.cancelled)
            r.purity = engine::mapNeighbourPurity(r.points, features.labels,
                                                  std::min(request.purityK, features.size() - 1));
    } catch (const std::exception &e) { // engine::Error and c10::Error alike: a sentence in place of the map
        r.error = QString::fromStdString(engine::describeException(e)); // no C++ backtrace unless PRETEXT_VERBOSE=1
    } catch (...) {
        r.error = QCoreApplication::translate("MapJob", "the map could not be computed (unknown error)");
    }
    r.seconds = timer.elapsed() / 1000.0;
    return r;
}

} // namespace pretext::ui
