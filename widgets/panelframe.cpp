#include "widgets/panelframe.h"

#include "widgets/plotstyle.h"

#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>
#include <QWhatsThis>

namespace pretext::widgets {

PanelFrame::PanelFrame(const QString &title, QWidget *panel, QWidget *parent)
    : QFrame(parent)
    , m_panel(panel)
    , m_title(new QLabel(title, this))
    , m_help(new QToolButton(this))
{
    setFrameShape(QFrame::NoFrame);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_title->setStyleSheet(QStringLiteral("color: %1;").arg(PlotStyle::text().name()));

    m_help->setText(QStringLiteral("?"));
    m_help->setAutoRaise(true);
    m_help->setToolTip(panel ? panel->whatsThis() : QString());
    m_help->setAccessibleName(tr("Explain this panel"));
    m_help->setVisible(panel && !panel->whatsThis().isEmpty());
    connect(m_help, &QToolButton::clicked, this, &PanelFrame::showExplanation);

    auto *header = new QHBoxLayout;
    header->setContentsMargins(4, 2, 2, 0);
    header->addWidget(m_title, 1);
    header->addWidget(m_help);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(header);
    if (panel) layout->addWidget(panel, 1);
}

QString PanelFrame::title() const
{
    return m_title->text();
}

void PanelFrame::setTitle(const QString &title)
{
    m_title->setText(title);
}

void PanelFrame::showExplanation()
{
    if (!m_panel) return;
    // Read whatsThis now, not at construction: a panel may refine its explanation later.
    m_help->setToolTip(m_panel->whatsThis());
    QWhatsThis::showText(m_help->mapToGlobal(QPoint(0, m_help->height())), m_panel->whatsThis(), m_help);
}

} // namespace pretext::widgets
