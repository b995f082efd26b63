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

protected:
    void paintEvent(QPaintEvent *event) override;
};

} // namespace pretext::widgets
