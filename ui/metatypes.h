// The engine's value types, registered once so that queued signals can carry them across threads.
#pragma once

#include "engine/core/inspection.h"
#include "engine/core/types.h"
#include "engine/train/experiment.h"
#include "engine/train/runconfig.h"
#include "engine/train/trainer.h"

#include <QMetaType>

Q_DECLARE_METATYPE(pretext::engine::StepMetrics)
Q_DECLARE_METATYPE(pretext::engine::EvalMetrics)
Q_DECLARE_METATYPE(pretext::engine::PreviewSnapshot)
Q_DECLARE_METATYPE(pretext::engine::RunInfo)
Q_DECLARE_METATYPE(pretext::engine::RunConfig)
Q_DECLARE_METATYPE(pretext::engine::FeatureSet)
Q_DECLARE_METATYPE(pretext::engine::ProbeReport)
Q_DECLARE_METATYPE(pretext::engine::ExperimentProgress)

namespace pretext::ui {
void registerMetaTypes();
} // namespace pretext::ui
