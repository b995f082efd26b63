// Routes typed preview items to the panels registered for their kinds, and shows only the panels the run's
// method declares (MethodInfo::previews). The window knows no method by name: it registers panels per kind.
#pragma once

#include "engine/core/previews.h"

#include <QString>

#include <functional>
#include <vector>

class QTabWidget;
class QWidget;

namespace pretext::ui {

class PreviewRouter {
public:
    // Adds `panel` as a tab of `tabs` for preview items of kind T; `show` draws one item, `clear` empties the panel.
    template <typename T>
    void add(QTabWidget *tabs, QWidget *panel, const QString &title,
             std::function<void(const engine::PreviewSnapshot &, const T &)> show, std::function<void()> clear)
    {
        addPanel(tabs, panel, title, T::kind,
                 [show](const engine::PreviewSnapshot &s, const engine::PreviewItem &item) { show(s, std::get<T>(item)); },
                 std::move(clear));
    }

    // Sends every item of the snapshot to the panels of its kind.
    void route(const engine::PreviewSnapshot &snapshot) const;
    void clear() const;
    // Shows the tabs of the declared kinds only (all when `kinds` is empty) and opens each tab widget on its last
    // declared kind (a method's own view, e.g. the queue, after the generic pairs). Returns the tab widgets that
    // have something to show.
    std::vector<QTabWidget *> showKinds(const std::vector<engine::PreviewKind> &kinds) const;
    // The panel registered for a kind in a tab widget, or nullptr.
    QWidget *panel(engine::PreviewKind kind, const QTabWidget *tabs = nullptr) const;

private:
    struct Entry {
        QTabWidget *tabs;
        QWidget *panel;
        engine::PreviewKind kind;
        std::function<void(const engine::PreviewSnapshot &, const engine::PreviewItem &)> show;
        std::function<void()> clear;
    };
    void addPanel(QTabWidget *tabs, QWidget *panel, const QString &title, engine::PreviewKind kind,
                  std::function<void(const engine::PreviewSnapshot &, const engine::PreviewItem &)> show,
                  std::function<void()> clear);
    std::vector<Entry> m_entries;
};

} // namespace pretext::ui
