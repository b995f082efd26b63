// What a panel offers to the export menu: its data as CSV and a file name to suggest.
#pragma once

#include <QString>

class QWidget;

namespace pretext::widgets {

// Implemented by every panel next to QWidget, so PanelExport can write its picture and its data.
class Exportable {
public:
    virtual ~Exportable() = default;

    // The panel's data as CSV: one header row, then one row per record, '\n' line ends.
    virtual QString csv() const = 0;
    // Base name (no extension) suggested in the save dialogs, e.g. "similarity".
    virtual QString exportName() const = 0;
    // Panels that coalesce replots finish them here, so an export shows the newest data.
    virtual void flushPendingUpdates() { }
    // What a picture export draws; nullptr = the whole panel. A plot with a row of controls under it exports the
    // plot only: sliders and check boxes mean nothing on a slide.
    virtual QWidget *exportWidget() { return nullptr; }
};

// One CSV field: quoted (with inner quotes doubled) when it holds a comma, a quote or a line break, as RFC 4180 says.
inline QString csvField(const QString &text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) && !text.contains(QLatin1Char('\n'))
        && !text.contains(QLatin1Char('\r')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

} // namespace pretext::widgets
