// What the tests share: the tiny run every training test starts from (a few steps on the generated `shapes`
// set, one thread, cheap evaluation), so that a change to it is made once.
#pragma once

#include "engine/train/experiment.h"
#include "engine/train/runconfig.h"

#include <string>

namespace pretext::tests {

// `method`'s defaults shrunk to 2 epochs of 3 steps of 16 images of shapes:80 at a constant learning rate; tests
// change what they study.
inline engine::RunConfig tinyRunConfig(const std::string &method = "simclr")
{
    engine::RunConfig c = engine::defaultRunConfig(method);
    c.dataset = "shapes:80";
    c.batchSize = 16;
    c.epochs = 2;
    c.stepsPerEpoch = 3;
    c.probeEpochs = 2;
    c.knnK = 5;
    c.threads = 1;
    // A recipe's warm-up and decay are planned for minutes of training; a few steps run at the plain rate.
    c.schedule = "constant";
    c.warmupSteps = 0;
    return c;
}

// An experiment preset sized down to two steps of 16 images of shapes:80 per run (options the test sets are kept;
// dataset, sizes, threads and seed are the tiny ones).
inline engine::ExperimentSpec tinyExperiment(const std::string &name, engine::ExperimentOptions o = {})
{
    o.dataset = "shapes:80";
    o.epochs = 1;
    o.trainLimit = 0;
    o.stepsPerEpoch = 2;
    o.threads = 1;
    o.seed = 3;
    engine::ExperimentSpec spec = engine::makeExperiment(name, o);
    for (auto &r : spec.runs) {
        r.config.batchSize = 16;
        r.config.probeEpochs = 2;
        r.config.knnK = 5;
        r.config.schedule = "constant";
        r.config.warmupSteps = 0;
    }
    return spec;
}

} // namespace pretext::tests
