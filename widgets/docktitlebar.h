// The title bar of a workbench dock: the panel's name, a "?" that explains the panel in classroom words (its
// whatsThis), and float / close buttons. Replaces the plain dock title so each panel has one title, not two.
#pragma once

#include <QWidget>

#include <functional>

class QDockWidget;
class QLabel;
class QToolButton;

namespace pretext::widgets {

class DockTitleBar : public QWidget {
    Q_OBJECT
public:
    // explanation() is asked each time "?" is pressed (a tabbed dock explains its current tab).
    DockTitleBar(QDockWidget *dock, std::function<QString()> explanation);
    QString title() const;

private:
    void explain();
    QDockWidget *m_dock;
    std::function<QString()> m_explanation;
    QLabel *m_title;
    QToolButton *m_help;
};

} // namespace pretext::widgets
