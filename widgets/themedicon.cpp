#include "widgets/themedicon.h"

#include <QFile>
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
    QFile file(svgPath);
    if (!file.open(QIODevice::ReadOnly)) return {};
    const QByteArray source = file.readAll();
    const QByteArray normal
        = QByteArray(source).replace("currentColor", palette.color(QPalette::Active, QPalette::WindowText).name().toLatin1());
    const QByteArray disabled = QByteArray(source).replace(
        "currentColor", palette.color(QPalette::Disabled, QPalette::WindowText).name().toLatin1());
    QIcon icon;
    // Sizes of menus, toolbars and presentation-mode toolbars, at 1x and 2x.
    for (int size : { 16, 22, 24, 32, 40, 48, 64 }) {
        icon.addPixmap(render(normal, size, 1.0), QIcon::Normal);
        icon.addPixmap(render(disabled, size, 0.45), QIcon::Disabled);
    }
    return icon;
}

} // namespace pretext::widgets
