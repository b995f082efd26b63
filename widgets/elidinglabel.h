// A one-line status label that elides its text instead of widening the window: a long run folder path in the
// status bar must never push the window past a 1024-pixel projector.
#pragma once

#include <QLabel>

namespace pretext::widgets {

class ElidingLabel : public QLabel {
    Q_OBJECT
public:
    explicit ElidingLabel(QWidget *parent = nullptr);
    QSize minimumSizeHint() const override;
    QSize sizeHint() const override;
    // Where a text too long for the label loses characters: the middle by default (a run folder's path keeps its
    // start and its name), the left for text whose figures are at the end.
    void setElideMode(Qt::TextElideMode mode);
    Qt::TextElideMode elideMode() const { return m_mode; }
    // The text as drawn at the label's current width.
    QString shownText() const;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    Qt::TextElideMode m_mode = Qt::ElideMiddle;
};

} // namespace pretext::widgets
