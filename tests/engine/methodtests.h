// What the method tests share: a method built without a trainer (gray 28x28 context, noise images), the losses a
// run logged, a stop at a given step for resume tests, and a mean over a range of steps.
#pragma once

#include "engine/io/runfolder.h"
#include "engine/methods/method.h"
#include "engine/train/trainer.h"

#include <torch/torch.h>

#include <string>
#include <vector>

namespace pretext::tests {

// A method built directly (no trainer, no data): 1-channel 28x28 images.
inline engine::MethodContext grayContext()
{
    engine::MethodContext x;
    x.inChannels = 1;
    x.imageSize = 28;
    x.mean = {0.5};
    x.stddev = {0.25};
    return x;
}

// Noise images for the methods built directly (1 x 28 x 28, uint8), the same for every call.
inline torch::Tensor randomImages(int64_t count)
{
    torch::manual_seed(11);
    return torch::randint(0, 256, {count, 1, 28, 28}, torch::kByte);
}

// Every step's loss, in order, from a run folder's metrics.jsonl.
inline std::vector<double> lossesOf(const std::string &runDir)
{
    std::vector<double> losses;
    for (const auto &v : engine::readMetrics(engine::joinPath(runDir, engine::runfolder::kMetrics)))
        if (const auto *l = v.find("loss")) losses.push_back(l->asNumber());
    return losses;
}

// Asks the run to stop once step `step` is done.
class StopAfter : public engine::TrainObserver {
public:
    StopAfter(engine::TrainControl &control, int64_t step) : m_control(control), m_step(step) {}
    void onStep(const engine::StepMetrics &m) override
    {
        if (m.step == m_step) m_control.requestStop();
    }

private:
    engine::TrainControl &m_control;
    int64_t m_step;
};

// The losses of a run trained in one go (in dir/whole) and of the same run stopped after `stopAt` steps and
// resumed from its folder (dir/parts), and the step the resumed run started from.
struct ResumeComparison {
    std::vector<double> whole, resumed;
    int64_t resumedFrom = -1;
};
inline ResumeComparison wholeAndResumed(const engine::RunConfig &c, const std::string &dir, int64_t stopAt)
{
    ResumeComparison r;
    const std::string whole = dir + "/whole", parts = dir + "/parts";
    {
        engine::Trainer t(c, whole);
        t.run();
    }
    {
        engine::Trainer t(c, parts);
        engine::TrainControl control;
        StopAfter stop(control, stopAt);
        t.run(&stop, &control);
    }
    {
        auto t = engine::Trainer::open(parts);
        r.resumedFrom = t->info().startStep;
        t->run();
    }
    r.whole = lossesOf(whole);
    r.resumed = lossesOf(parts);
    return r;
}

inline double mean(const std::vector<double> &v, size_t from, size_t to)
{
    double s = 0;
    for (size_t i = from; i < to; ++i) s += v[i];
    return s / static_cast<double>(to - from);
}

} // namespace pretext::tests
