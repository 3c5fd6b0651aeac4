#pragma once
// While it lives, every item of a scene paints directly instead of through its cache, and
// container items the canvas hides in far mode (item-less layers) are shown. For
// painting a scene somewhere other than the canvas (the minimap, exported pictures): device
// caches would be built for that scale for every item (slow on large graphs), and reach an SVG
// as embedded bitmaps.

#include <QGraphicsItem>
#include <QGraphicsScene>

#include <utility>
#include <vector>

namespace silica {

class DirectPainting
{
public:
    explicit DirectPainting(const QGraphicsScene &scene)
    {
        const QList<QGraphicsItem *> items = scene.items();
        for (QGraphicsItem *item : items) {
            if (item->cacheMode() != QGraphicsItem::NoCache) {
                m_cached.emplace_back(item, item->cacheMode());
                item->setCacheMode(QGraphicsItem::NoCache);
            }
            if (!item->isVisible() && (item->flags() & QGraphicsItem::ItemHasNoContents)) {
                m_shown.push_back(item);
                item->setVisible(true);
            }
        }
    }
    ~DirectPainting()
    {
        for (const auto &[item, mode] : m_cached)
            item->setCacheMode(mode);
        for (QGraphicsItem *item : m_shown)
            item->setVisible(false);
    }
    DirectPainting(const DirectPainting &) = delete;
    DirectPainting &operator=(const DirectPainting &) = delete;

private:
    std::vector<std::pair<QGraphicsItem *, QGraphicsItem::CacheMode>> m_cached;
    std::vector<QGraphicsItem *> m_shown;
};

} // namespace silica
