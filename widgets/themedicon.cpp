#include "widgets/themedicon.h"

#include <QCoreApplication>
#include <QFile>
#include <QHash>
#include <QPainter>
#include <QPixmap>
#include <QSvgRenderer>

namespace pretext::widgets {

namespace {

QPixmap render(const QByteArray &svg, int size, qreal opacity)
{
    QSvgRenderer renderer(svg);
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    if (!renderer.isValid()) return pixmap;
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setOpacity(opacity);
    renderer.render(&painter);
    return pixmap;
}

} // namespace

QIcon themedIcon(const QString &svgPath, const QPalette &palette)
{
    // One icon per file and pair of colours, made once. The window asks again at every state change (Pause becomes
    // Resume ...): a new QIcon each time cost 14 SVG renderings, and each new icon's cache key filled QPixmapCache
    // with copies of the same pixmaps (the soak's heap grew by about 30 KB a cycle until the cache's limit).
    const QString normalColor = palette.color(QPalette::Active, QPalette::WindowText).name();
    const QString disabledColor = palette.color(QPalette::Disabled, QPalette::WindowText).name();
    // GUI thread only, as QPixmap is; emptied by the application's destructor, not at static destruction.
    static QHash<QString, QIcon> made;
    static const bool cleanup = [] {
        qAddPostRoutine([] { made.clear(); });
        return true;
    }();
    Q_UNUSED(cleanup)
    const QString key = svgPath + QLatin1Char('|') + normalColor + QLatin1Char('|') + disabledColor;
    if (const auto it = made.constFind(key); it != made.constEnd()) return *it;

    QFile file(svgPath);
    if (!file.open(QIODevice::ReadOnly)) return {};
    const QByteArray source = file.readAll();
    const QByteArray normal = QByteArray(source).replace("currentColor", normalColor.toLatin1());
    const QByteArray disabled = QByteArray(source).replace("currentColor", disabledColor.toLatin1());
    QIcon icon;
    // Sizes of menus, toolbars and presentation-mode toolbars, at 1x and 2x.
    for (int size : { 16, 22, 24, 32, 40, 48, 64 }) {
        icon.addPixmap(render(normal, size, 1.0), QIcon::Normal);
        icon.addPixmap(render(disabled, size, 0.45), QIcon::Disabled);
    }
    made.insert(key, icon);
    return icon;
}

} // namespace pretext::widgets
