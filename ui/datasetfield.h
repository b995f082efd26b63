// The dataset spec field of the new-run dialog: an editable list of the spec forms (a form that needs a folder
// leaves "kind:" to be completed), a Browse… button that recognises the kind of a data folder, and the kind
// Browse… should use instead.
#pragma once

#include <QWidget>

class QComboBox;
class QPushButton;

namespace pretext::ui {

class DatasetField : public QWidget {
    Q_OBJECT
public:
    explicit DatasetField(const QString &browseText, QWidget *parent = nullptr);

    QComboBox *editor() const { return m_spec; } // objectName "dataset"; its text is the spec

    // The spec for a data folder: `kind:DIR` for an explicit kind, else the kind recognised from the files inside
    // (CIFAR-10/100 and STL-10 binaries, (Fashion-)MNIST IDX files), else `folder:DIR`.
    static QString specForFolder(const QString &dir, const QString &kind = QString());

Q_SIGNALS:
    void picked(); // a folder was chosen with Browse…: worth checking at once

private:
    void onTemplate(int index);
    void browse();

    QComboBox *m_spec = nullptr, *m_kind = nullptr;
    QPushButton *m_browse = nullptr;
};

} // namespace pretext::ui
