#include "widgets/panelexport.h"

#include "widgets/exportable.h"
#include "widgets/qcustomplotinclude.h"

#include <QDir>
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

QString defaultDirectory()
{
    const QString pictures = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    return pictures.isEmpty() ? QDir::homePath() : pictures;
}

} // namespace

bool exportPng(QWidget *panel, const QString &path)
{
    if (!panel) return false;
    flush(panel);
    const QPixmap pixmap = panel->grab();
    return !pixmap.isNull() && pixmap.save(path, "PNG");
}

bool exportSvg(QWidget *panel, const QString &path)
{
    if (!panel || panel->width() <= 0 || panel->height() <= 0) return false;
    flush(panel);
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
    if (!panel || panel->width() <= 0 || panel->height() <= 0) return false;
    flush(panel);
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

QMenu *PanelExport::createMenu(QWidget *panel, Exportable *data, QWidget *menuParent)
{
    auto *menu = new QMenu(menuParent ? menuParent : panel);
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

void PanelExport::showContextMenu(QWidget *panel, Exportable *data, const QPoint &globalPos)
{
    QMenu *menu = createMenu(panel, data);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(globalPos);
}

bool PanelExport::exportWithDialog(QWidget *panel, Exportable *data, Format format)
{
    // Shared by all panels for the session: a teacher exporting several panels wants them in one folder.
    static QString lastDirectory;
    if (lastDirectory.isEmpty()) lastDirectory = defaultDirectory();
    const QString suffix = fileSuffix(format);
    const QString filter = format == Format::Csv ? QObject::tr("CSV files (*.csv)")
                                                 : QObject::tr("%1 images (*.%2)").arg(suffix.toUpper(), suffix);
    const QString suggested = QDir(lastDirectory).filePath(data->exportName() + QLatin1Char('.') + suffix);
    QString path
        = QFileDialog::getSaveFileName(panel, QObject::tr("Export %1").arg(data->exportName()), suggested, filter);
    if (path.isEmpty()) return false;
    if (QFileInfo(path).suffix().isEmpty()) path += QLatin1Char('.') + suffix;
    lastDirectory = QFileInfo(path).absolutePath();

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
