// The one place that includes QCustomPlot. Its header uses the `signals` and `foreach` keywords, which
// QT_NO_KEYWORDS (needed project-wide because LibTorch headers use `slots`) removes, so they are mapped back for
// this include only.
#pragma once

#ifdef QT_NO_KEYWORDS
#ifndef signals
#define signals Q_SIGNALS
#define PRETEXT_UNDEF_SIGNALS
#endif
#ifndef foreach
#define foreach Q_FOREACH
#define PRETEXT_UNDEF_FOREACH
#endif
#endif

#include <qcustomplot.h>

#ifdef PRETEXT_UNDEF_SIGNALS
#undef signals
#undef PRETEXT_UNDEF_SIGNALS
#endif
#ifdef PRETEXT_UNDEF_FOREACH
#undef foreach
#undef PRETEXT_UNDEF_FOREACH
#endif
