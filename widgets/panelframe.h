// A titled frame around any panel with a "?" button that explains, in classroom words, what the panel shows
// (the panel's whatsThis text). Optional: the main window may also dock panels bare.
#pragma once

#include <QFrame>

class QLabel;
class QToolButton;

namespace pretext::widgets {

class PanelFrame : public QFrame {
    Q_OBJECT
public:
    PanelFrame(const QString &title, QWidget *panel, QWidget *parent = nullptr);

    QWidget *panel() const { return m_panel; }
    QString title() const;
    void setTitle(const QString &title);

private:
    void showExplanation();

    QWidget *m_panel;
    QLabel *m_title;
    QToolButton *m_help;
};

} // namespace pretext::widgets
