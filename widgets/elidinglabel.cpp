#include "widgets/elidinglabel.h"

#include <QPainter>
#include <QStyle>

namespace pretext::widgets {

ElidingLabel::ElidingLabel(QWidget *parent)
    : QLabel(parent)
{
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    setTextFormat(Qt::PlainText);
}

QSize ElidingLabel::minimumSizeHint() const
{
    const QFontMetrics fm(font());
    return QSize(fm.horizontalAdvance(QStringLiteral("Mmmmmmm…")), fm.height());
}

QSize ElidingLabel::sizeHint() const
{
    // The whole text plus whatever the style sheet's padding and the frame take around the contents.
    const int around = width() - contentsRect().width();
    return QSize(fontMetrics().horizontalAdvance(text()) + around + 6, fontMetrics().height());
}

void ElidingLabel::setElideMode(Qt::TextElideMode mode)
{
    m_mode = mode;
    update();
}

QString ElidingLabel::shownText() const
{
    return fontMetrics().elidedText(text(), m_mode, contentsRect().width());
}

void ElidingLabel::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const QRect r = contentsRect();
    const QString shown = shownText();
    style()->drawItemText(&painter, r, int(alignment() | Qt::AlignVCenter), palette(), isEnabled(), shown,
                          foregroundRole());
}

} // namespace pretext::widgets
