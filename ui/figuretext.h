// How the run library and the run comparison write a run's figures: one place, so both windows read alike.
#pragma once

#include <QObject>
#include <QString>

namespace pretext::ui {

// "86.5 %"; "–" when not measured (negative).
inline QString percentText(double fraction)
{
    return fraction < 0 ? QStringLiteral("–") : QStringLiteral("%1 %").arg(100 * fraction, 0, 'f', 1);
}

// "7.3 s" under ten seconds, then "m:ss" or "h:mm:ss"; "–" when unknown (negative); "≈" before an estimate.
inline QString durationText(double seconds, bool estimated = false)
{
    if (seconds < 0) return QStringLiteral("–");
    const int t = int(seconds + 0.5);
    const QString text = seconds < 10 ? QObject::tr("%1 s").arg(seconds, 0, 'f', 1)
                         : t >= 3600  ? QStringLiteral("%1:%2:%3")
                                           .arg(t / 3600)
                                           .arg((t / 60) % 60, 2, 10, QLatin1Char('0'))
                                           .arg(t % 60, 2, 10, QLatin1Char('0'))
                                      : QStringLiteral("%1:%2").arg(t / 60).arg(t % 60, 2, 10, QLatin1Char('0'));
    return estimated ? QStringLiteral("≈") + text : text;
}

} // namespace pretext::ui
