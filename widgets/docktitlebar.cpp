#include "widgets/docktitlebar.h"

#include <QDockWidget>
#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QToolButton>
#include <QWhatsThis>

namespace pretext::widgets {

DockTitleBar::DockTitleBar(QDockWidget *dock, std::function<QString()> explanation)
    : QWidget(dock), m_dock(dock), m_explanation(std::move(explanation)), m_title(new QLabel(dock->windowTitle(), this)),
      m_help(new QToolButton(this))
{
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    connect(dock, &QDockWidget::windowTitleChanged, m_title, &QLabel::setText);

    m_help->setText(QStringLiteral("?"));
    m_help->setAutoRaise(true);
    m_help->setToolTip(tr("What am I looking at?"));
    m_help->setAccessibleName(tr("Explain this panel"));
    connect(m_help, &QToolButton::clicked, this, &DockTitleBar::explain);

    auto *floatButton = new QToolButton(this);
    floatButton->setAutoRaise(true);
    floatButton->setIcon(style()->standardIcon(QStyle::SP_TitleBarNormalButton));
    floatButton->setToolTip(tr("Float or dock this panel"));
    connect(floatButton, &QToolButton::clicked, dock, [dock] { dock->setFloating(!dock->isFloating()); });
    auto *closeButton = new QToolButton(this);
    closeButton->setAutoRaise(true);
    closeButton->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    closeButton->setToolTip(tr("Hide this panel (View menu brings it back)"));
    connect(closeButton, &QToolButton::clicked, dock, &QDockWidget::close);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 2, 2, 2);
    layout->setSpacing(2);
    layout->addWidget(m_title, 1);
    layout->addWidget(m_help);
    layout->addWidget(floatButton);
    layout->addWidget(closeButton);
}

QString DockTitleBar::title() const
{
    return m_title->text();
}

void DockTitleBar::explain()
{
    const QString text = m_explanation ? m_explanation() : QString();
    if (text.isEmpty()) return;
    QWhatsThis::showText(m_help->mapToGlobal(QPoint(0, m_help->height())), text, m_help);
}

} // namespace pretext::widgets
