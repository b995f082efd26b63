#include "ui/datasetfield.h"
#include "ui/enginetext.h"

#include "engine/data/dataset.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QPushButton>

namespace pretext::ui {

DatasetField::DatasetField(const QString &browseText, QWidget *parent)
    : QWidget(parent)
{
    m_spec = new QComboBox;
    m_spec->setObjectName(QStringLiteral("dataset"));
    m_spec->setEditable(true);
    m_spec->setInsertPolicy(QComboBox::NoInsert);
    m_spec->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    // Sized by this, not by its longest item, so the row fits presentation-size fonts; it grows with the page.
    m_spec->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_spec->setMinimumContentsLength(12);
    // The spec forms, each with its line of datasetSpecHelp() as tooltip. Forms that need a folder insert only
    // "kind:" so that the teacher types or browses the folder instead of loading a literal "DIR".
    const QString help = engineText(engine::datasetSpecHelp());
    const QStringList helpLines = help.split(QLatin1Char('\n'));
    auto helpFor = [&](const QString &form) {
        for (const QString &line : helpLines)
            if (line.section(QLatin1Char(' '), 0, 0) == form) return line.section(QLatin1Char(' '), 1).trimmed();
        return QString();
    };
    for (const char *form : { "fashion-mnist", "shapes", "shapes:2000", "mnist:DIR", "cifar10:DIR", "cifar100:DIR",
             "stl10:DIR", "folder:DIR" }) {
        const QString text = QLatin1String(form);
        m_spec->addItem(text, text.endsWith(QLatin1String(":DIR")) ? text.chopped(3) : QString());
        m_spec->setItemData(m_spec->count() - 1,
            helpFor(text == QLatin1String("shapes:2000") ? QStringLiteral("shapes:N") : text), Qt::ToolTipRole);
    }
    m_spec->setToolTip(tr("<p>Which images to train on, as a spec:</p><pre>%1</pre>"
                          "<p>Pick a form from the list, type one, or use Browse… to pick a folder.</p>")
                           .arg(help.toHtmlEscaped()));
    connect(m_spec, &QComboBox::activated, this, &DatasetField::onTemplate);

    m_browse = new QPushButton(browseText);
    m_browse->setObjectName(QStringLiteral("datasetBrowse"));
    m_browse->setAutoDefault(false);
    m_browse->setToolTip(tr("Pick a data folder; its kind is recognised from the files inside (or taken from the kind "
                            "chosen next to this button)"));
    connect(m_browse, &QPushButton::clicked, this, &DatasetField::browse);
    m_kind = new QComboBox;
    m_kind->setObjectName(QStringLiteral("datasetKind"));
    m_kind->addItem(tr("detect kind"), QString());
    for (const char *kind : { "folder", "mnist", "fashion-mnist", "cifar10", "cifar100", "stl10" })
        m_kind->addItem(QLatin1String(kind), QLatin1String(kind));
    m_kind->setToolTip(
        tr("What Browse… makes of the chosen folder: detect it from the files inside, or use this kind"));
    m_kind->setAccessibleName(tr("Dataset folder kind"));

    auto *h = new QHBoxLayout(this);
    h->setContentsMargins(0, 0, 0, 0);
    h->addWidget(m_spec, 1);
    h->addWidget(m_browse);
    h->addWidget(m_kind);
}

void DatasetField::onTemplate(int index)
{
    const QString prefix = m_spec->itemData(index).toString();
    if (prefix.isEmpty()) return;
    // "cifar10:DIR" stands for a form: leave "cifar10:" for the folder to be typed, and let Browse… use that kind.
    m_spec->setEditText(prefix);
    const int kind = m_kind->findData(prefix.chopped(1));
    if (kind >= 0) m_kind->setCurrentIndex(kind);
    m_spec->setFocus();
}

void DatasetField::browse()
{
    QString start = m_spec->currentText().trimmed().section(QLatin1Char(':'), 1);
    if (start.isEmpty() || !QFileInfo(start).isDir()) start = QDir::homePath();
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Choose a dataset folder"), start);
    if (dir.isEmpty()) return;
    m_spec->setEditText(specForFolder(dir, m_kind->currentData().toString()));
    Q_EMIT picked();
}

QString DatasetField::specForFolder(const QString &dirPath, const QString &kind)
{
    const QString dir = QDir::cleanPath(dirPath);
    if (!kind.isEmpty()) return kind + QLatin1Char(':') + dir;
    const QDir d(dir);
    auto recognise = [](const QDir &x) -> QString {
        if (x.exists(QStringLiteral("data_batch_1.bin"))) return QStringLiteral("cifar10");
        if (x.exists(QStringLiteral("train.bin")) && x.exists(QStringLiteral("test.bin")))
            return QStringLiteral("cifar100");
        if (x.exists(QStringLiteral("train_X.bin"))) return QStringLiteral("stl10");
        if (x.exists(QStringLiteral("train-images-idx3-ubyte"))
            || x.exists(QStringLiteral("train-images-idx3-ubyte.gz")))
            // The two sets use the same file names; the folder name is the only hint.
            return x.absolutePath().contains(QLatin1String("fashion"), Qt::CaseInsensitive)
                ? QStringLiteral("fashion-mnist")
                : QStringLiteral("mnist");
        return {};
    };
    if (const QString k = recognise(d); !k.isEmpty()) return k + QLatin1Char(':') + dir;
    // The archives unpack into a folder of their own; picking the folder above it should work too.
    for (const char *sub : { "cifar-10-batches-bin", "cifar-100-binary", "stl10_binary" }) {
        const QDir inner(d.filePath(QLatin1String(sub)));
        if (const QString k = recognise(inner); inner.exists() && !k.isEmpty())
            return k + QLatin1Char(':') + QDir::cleanPath(inner.path());
    }
    return QStringLiteral("folder:") + dir;
}

} // namespace pretext::ui
