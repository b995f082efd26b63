// What a panel offers to the export menu: its data as CSV and a file name to suggest.
#pragma once

#include <QString>

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
};

} // namespace pretext::widgets
