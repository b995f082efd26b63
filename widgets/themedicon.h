// Toolbar icons from SVG resources whose outlines follow the palette: `currentColor` in the SVG becomes the
// palette's text colour (dark on a light theme, light on a dark one), rendered crisply at every size asked for.
#pragma once

#include <QIcon>
#include <QPalette>
#include <QString>

namespace pretext::widgets {

// An icon from an SVG file or resource (e.g. ":/pretext/icons/start.svg"); a null icon when it cannot be read.
// The disabled state is drawn from the palette's disabled text colour at reduced opacity.
QIcon themedIcon(const QString &svgPath, const QPalette &palette);

} // namespace pretext::widgets
