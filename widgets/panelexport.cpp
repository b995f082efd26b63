#include "widgets/panelexport.h"

#include "widgets/exportable.h"
#include "widgets/qcustomplotinclude.h"

#include <QClipboard>
#include <QDir>
#include <QGuiApplication>
#include <QFile>
#include <QFileDialog>
#include <QMenu>
#include <QMessageBox>
#include <QPdfWriter>
#include <QSaveFile>
#include <QStandardPaths>
#include <QSvgGenerator>
#include <QWhatsThis>

namespace pretext::widgets {

namespace {

void flush(QWidget *panel)
{
    if (auto *data = dynamic_cast<Exportable *>(panel)) data->flushPendingUpdates();
}

// Draws a widget tree into a vector painter. QWidget::render would paint a QCustomPlot from its pixel
// buffer, so plots are drawn through QCustomPlot::toPainter instead and stay vectors.
void renderTree(QCPPainter &painter, QWidget *widget, const QPoint &offset)
{
    if (auto *plot = qobject_cast<QCustomPlot *>(widget)) {
        painter.save();
        painter.translate(offset);
        painter.setMode(QCPPainter::pmVectorized);
        plot->toPainter(&painter, plot->width(), plot->height());
        painter.restore();
        return;
    }
    widget->render(&painter, offset, QRegion(), QWidget::DrawWindowBackground);
    for (QObject *child : widget->children()) {
        auto *w = qobject_cast<QWidget *>(child);
        // isHidden, not isVisible: a panel exported before it was ever shown still has its children.
        if (!w || w->isWindow() || w->isHidden()) continue;
        renderTree(painter, w, offset + w->pos());
    }
}

void renderPanel(QPaintDevice *device, QWidget *panel)
{
    QCPPainter painter(device);
    painter.fillRect(QRect(QPoint(0, 0), panel->size()), Qt::white);
    renderTree(painter, panel, QPoint(0, 0));
}

QString &runDirectory()
{
    static QString dir;
    return dir;
}

// The panel, or the part of it that a picture shows (Exportable::exportWidget).
QWidget *pictureOf(QWidget *panel)
{
    if (auto *data = dynamic_cast<Exportable *>(panel))
        if (QWidget *w = data->exportWidget()) return w;
    return panel;
}

// The folder a save dialog opens in: the run folder while there is one, else the last folder used this session.
QString &lastDirectory()
{
    static QString dir;
    return dir;
}

} // namespace

bool exportPng(QWidget *panel, const QString &path)
{
    if (!panel) return false;
    flush(panel);
    const QPixmap pixmap = pictureOf(panel)->grab();
    return !pixmap.isNull() && pixmap.save(path, "PNG");
}

bool exportSvg(QWidget *panel, const QString &path)
{
    if (!panel) return false;
    flush(panel);
    panel = pictureOf(panel);
    if (panel->width() <= 0 || panel->height() <= 0) return false;
    QSvgGenerator svg;
    svg.setFileName(path);
    svg.setSize(panel->size());
    svg.setViewBox(QRect(QPoint(0, 0), panel->size()));
    // Same dots per inch as the screen, so point-sized fonts keep their on-screen proportions.
    svg.setResolution(panel->logicalDpiY());
    svg.setTitle(panel->windowTitle().isEmpty() ? panel->objectName() : panel->windowTitle());
    svg.setDescription(QStringLiteral("Exported from Pretext Workbench"));
    renderPanel(&svg, panel);
    QFile check(path);
    return check.exists() && check.size() > 0;
}

bool exportPdf(QWidget *panel, const QString &path)
{
    if (!panel) return false;
    flush(panel);
    panel = pictureOf(panel);
    if (panel->width() <= 0 || panel->height() <= 0) return false;
    {
        QPdfWriter pdf(path);
        const int dpi = panel->logicalDpiY();
        pdf.setResolution(dpi);
        pdf.setPageSize(QPageSize(QSizeF(panel->size()) * 72.0 / dpi, QPageSize::Point));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        pdf.setCreator(QStringLiteral("Pretext Workbench"));
        pdf.setTitle(panel->windowTitle());
        renderPanel(&pdf, panel);
    } // the writer finishes the file when it goes out of scope
    QFile check(path);
    return check.exists() && check.size() > 0;
}

bool exportCsv(const Exportable &data, const QString &path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) return false;
    file.write(data.csv().toUtf8());
    return file.commit();
}

QString PanelExport::fileSuffix(Format format)
{
    switch (format) {
    case Format::Png:
        return QStringLiteral("png");
    case Format::Svg:
        return QStringLiteral("svg");
    case Format::Pdf:
        return QStringLiteral("pdf");
    case Format::Csv:
        return QStringLiteral("csv");
    }
    return {};
}

void PanelExport::setDefaultDirectory(const QString &dir)
{
    if (dir == runDirectory()) return;
    runDirectory() = dir;
    lastDirectory().clear(); // a new run: its exports start in its own folder
}

QString PanelExport::defaultDirectory()
{
    if (!lastDirectory().isEmpty()) return lastDirectory();
    if (!runDirectory().isEmpty() && QDir(runDirectory()).exists()) return runDirectory();
    const QString pictures = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    return pictures.isEmpty() ? QDir::homePath() : pictures;
}

QMenu *PanelExport::createMenu(QWidget *panel, Exportable *data, QWidget *menuParent, const QString &about)
{
    auto *menu = new QMenu(menuParent ? menuParent : panel);
    menu->setObjectName(QStringLiteral("panelContextMenu"));
    if (!about.isEmpty()) {
        menu->addSection(about);
        QAction *copy = menu->addAction(QObject::tr("&Copy \"%1\"").arg(about));
        copy->setObjectName(QStringLiteral("copyPoint"));
        QObject::connect(copy, &QAction::triggered, panel, [about] { QGuiApplication::clipboard()->setText(about); });
        menu->addSeparator();
    }
    auto add = [&](const QString &text, Format format) {
        QAction *action = menu->addAction(text);
        action->setData(static_cast<int>(format));
        QObject::connect(
            action, &QAction::triggered, panel, [panel, data, format] { exportWithDialog(panel, data, format); });
    };
    add(QObject::tr("Export as PNG…"), Format::Png);
    add(QObject::tr("Export as SVG…"), Format::Svg);
    add(QObject::tr("Export as PDF…"), Format::Pdf);
    add(QObject::tr("Export data as CSV…"), Format::Csv);
    if (!panel->whatsThis().isEmpty()) {
        menu->addSeparator();
        QAction *explain = menu->addAction(QObject::tr("What am I looking at?"));
        QObject::connect(explain, &QAction::triggered, panel, [panel] {
            QWhatsThis::showText(
                panel->mapToGlobal(QPoint(panel->width() / 4, panel->height() / 4)), panel->whatsThis(), panel);
        });
    }
    return menu;
}

QMenu *PanelExport::showContextMenu(QWidget *panel, Exportable *data, const QPoint &globalPos, const QString &about)
{
    QMenu *menu = createMenu(panel, data, nullptr, about);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(globalPos);
    return menu;
}

bool PanelExport::exportWithDialog(QWidget *panel, Exportable *data, Format format)
{
    const QString suffix = fileSuffix(format);
    const QString filter = format == Format::Csv ? QObject::tr("CSV files (*.csv)")
                                                 : QObject::tr("%1 images (*.%2)").arg(suffix.toUpper(), suffix);
    const QString suggested = QDir(defaultDirectory()).filePath(data->exportName() + QLatin1Char('.') + suffix);
    QString path
        = QFileDialog::getSaveFileName(panel, QObject::tr("Export %1").arg(data->exportName()), suggested, filter);
    if (path.isEmpty()) return false;
    if (QFileInfo(path).suffix().isEmpty()) path += QLatin1Char('.') + suffix;
    // Shared by all panels for the run: a teacher exporting several panels wants them in one folder.
    lastDirectory() = QFileInfo(path).absolutePath();

    bool ok = false;
    switch (format) {
    case Format::Png:
        ok = exportPng(panel, path);
        break;
    case Format::Svg:
        ok = exportSvg(panel, path);
        break;
    case Format::Pdf:
        ok = exportPdf(panel, path);
        break;
    case Format::Csv:
        ok = exportCsv(*data, path);
        break;
    }
    if (!ok)
        QMessageBox::warning(panel, QObject::tr("Export failed"),
            QObject::tr("Could not write %1. Check that the folder exists and is writable.")
                .arg(QDir::toNativeSeparators(path)));
    return ok;
}

} // namespace pretext::widgets
