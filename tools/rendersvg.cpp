// rendersvg IN.svg OUT.png SIZE: renders an SVG to a square PNG with Qt SVG (used for resources/app/*.png).
// Build: g++ -std=c++17 -fPIC tools/rendersvg.cpp $(pkg-config --cflags --libs Qt6Svg Qt6Gui) -o /tmp/rendersvg
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>

#include <cstdio>

int main(int argc, char **argv)
{
    if (argc != 4) {
        std::fprintf(stderr, "usage: rendersvg IN.svg OUT.png SIZE\n");
        return 2;
    }
    QGuiApplication app(argc, argv);
    QSvgRenderer svg(QString::fromLocal8Bit(argv[1]));
    const int size = QString::fromLocal8Bit(argv[3]).toInt();
    if (!svg.isValid() || size <= 0) return 3;
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    svg.render(&painter);
    painter.end();
    return image.save(QString::fromLocal8Bit(argv[2])) ? 0 : 4;
}
