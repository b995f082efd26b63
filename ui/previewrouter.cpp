#include "ui/previewrouter.h"

#include <QTabWidget>

#include <algorithm>

namespace pretext::ui {

void PreviewRouter::addPanel(QTabWidget *tabs, QWidget *panel, const QString &title, engine::PreviewKind kind,
                             std::function<void(const engine::PreviewSnapshot &, const engine::PreviewItem &)> show,
                             std::function<void()> clear)
{
    if (tabs->indexOf(panel) < 0) tabs->addTab(panel, title);
    m_entries.push_back({tabs, panel, kind, std::move(show), std::move(clear)});
}

void PreviewRouter::route(const engine::PreviewSnapshot &snapshot) const
{
    for (const auto &item : snapshot.items) {
        const auto kind = engine::kindOf(item);
        for (const auto &e : m_entries)
            if (e.kind == kind) e.show(snapshot, item);
    }
}

void PreviewRouter::clear() const
{
    for (const auto &e : m_entries)
        if (e.clear) e.clear();
}

std::vector<QTabWidget *> PreviewRouter::showKinds(const std::vector<engine::PreviewKind> &kinds) const
{
    std::vector<QTabWidget *> used;
    auto declared = [&](engine::PreviewKind k) {
        return kinds.empty() || std::find(kinds.begin(), kinds.end(), k) != kinds.end();
    };
    for (const auto &e : m_entries) {
        // A panel registered for several kinds stays visible when any of them is declared.
        bool visible = false;
        for (const auto &other : m_entries)
            if (other.panel == e.panel && declared(other.kind)) visible = true;
        e.tabs->setTabVisible(e.tabs->indexOf(e.panel), visible);
        if (visible && std::find(used.begin(), used.end(), e.tabs) == used.end()) used.push_back(e.tabs);
    }
    // Open each tab widget on the method's most specific view: its last declared kind that has a panel there.
    for (QTabWidget *tabs : used) {
        for (auto it = kinds.rbegin(); it != kinds.rend(); ++it)
            if (QWidget *p = panel(*it, tabs)) {
                tabs->setCurrentWidget(p);
                break;
            }
    }
    return used;
}

QWidget *PreviewRouter::panel(engine::PreviewKind kind, const QTabWidget *tabs) const
{
    for (const auto &e : m_entries)
        if (e.kind == kind && (!tabs || e.tabs == tabs)) return e.panel;
    return nullptr;
}

} // namespace pretext::ui
