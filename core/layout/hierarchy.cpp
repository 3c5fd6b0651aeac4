#include "core/layout/hierarchy.h"

#include "core/graph/name_scope.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <unordered_map>

namespace silica {

namespace {

constexpr size_t kMinBlock = 4; // boxes in a block found between cut points
constexpr size_t kBundle = 16;  // blocks per bundle on long models
constexpr double kGroupPadding = 14;

} // namespace

BoxHierarchy BoxHierarchy::build(const Graph &graph, const ModelPicture &picture)
{
    BoxHierarchy h;
    h.m_groupOf.assign(picture.boxes.size(), -1);
    std::unordered_map<NodeId, int> boxOf;
    for (size_t b = 0; b < picture.boxes.size(); ++b)
        if (picture.boxes[b].kind == ModelBox::Kind::Op)
            boxOf[picture.boxes[b].id] = int(b);

    const ScopeTree scopes = ScopeTree::build(graph);
    if (scopes.depth() > 0) {
        h.m_fromScopes = true;
        std::vector<int> groupOfScope(scopes.scopes().size(), -1);
        for (size_t s = 1; s < scopes.scopes().size(); ++s) { // parents come before children
            const Scope &scope = scopes.scopes()[s];
            BoxGroup g;
            g.name = scope.name;
            g.path = scope.path;
            g.parent = scope.parent > 0 ? groupOfScope[size_t(scope.parent)] : -1;
            g.totalBoxes = scope.totalNodes;
            const int index = int(h.m_groups.size());
            groupOfScope[s] = index;
            if (g.parent >= 0)
                h.m_groups[size_t(g.parent)].children.push_back(index);
            else
                h.m_top.push_back(index);
            for (NodeId id : scope.nodes)
                if (auto it = boxOf.find(id); it != boxOf.end()) {
                    g.boxes.push_back(it->second);
                    h.m_groupOf[size_t(it->second)] = index;
                }
            h.m_groups.push_back(std::move(g));
        }
        return h;
    }

    // No scopes: cut the op boxes (in topological order) where a single value is live, and
    // gather the pieces into blocks of at least kMinBlock boxes. Boxes computed from weights
    // alone (Constant nodes, which exporters such as Paddle put first) join the block of
    // their first consumer instead of holding every cut open.
    std::vector<bool> fed(picture.boxes.size(), false);
    for (const ModelLink &l : picture.links)
        fed[size_t(l.to)] = true;
    std::vector<int> ops;
    std::vector<int> position(picture.boxes.size(), -1);
    for (size_t b = 0; b < picture.boxes.size(); ++b)
        if (picture.boxes[b].kind == ModelBox::Kind::Op && fed[b]) {
            position[b] = int(ops.size());
            ops.push_back(int(b));
        }
    if (ops.size() < 2 * kMinBlock)
        return h;
    // Values live across the cut after each position: a box's output is live from the box to
    // its last consumer (one value read by a Conv and a residual Add is still one value).
    std::vector<int> lastUse(ops.size(), -1);
    for (const ModelLink &l : picture.links) {
        const int a = position[size_t(l.from)], b = position[size_t(l.to)];
        if (a >= 0 && b > a)
            lastUse[size_t(a)] = std::max(lastUse[size_t(a)], b);
    }
    std::vector<int> open(ops.size() + 1, 0);
    for (size_t a = 0; a < ops.size(); ++a)
        if (lastUse[a] > int(a)) {
            ++open[a];
            --open[size_t(lastUse[a])];
        }
    std::vector<std::vector<int>> blocks(1);
    std::vector<int> blockOf(picture.boxes.size(), -1);
    int crossing = 0;
    for (size_t i = 0; i < ops.size(); ++i) {
        blocks.back().push_back(ops[i]);
        blockOf[size_t(ops[i])] = int(blocks.size()) - 1;
        crossing += open[i];
        if (crossing <= 1 && blocks.back().size() >= kMinBlock && i + 1 < ops.size())
            blocks.emplace_back();
    }
    if (blocks.size() < 2)
        return h;
    for (const ModelLink &l : picture.links) { // links are ordered by source: first consumer
        const size_t from = size_t(l.from);
        if (picture.boxes[from].kind == ModelBox::Kind::Op && !fed[from] && blockOf[from] < 0 &&
            blockOf[size_t(l.to)] >= 0) {
            blockOf[from] = blockOf[size_t(l.to)];
            blocks[size_t(blockOf[from])].push_back(int(from));
        }
    }
    auto addGroup = [&](std::string name, int parent) {
        BoxGroup g;
        g.name = g.path = std::move(name);
        g.parent = parent;
        const int index = int(h.m_groups.size());
        h.m_groups.push_back(std::move(g));
        if (parent >= 0)
            h.m_groups[size_t(parent)].children.push_back(index);
        else
            h.m_top.push_back(index);
        return index;
    };
    const bool bundled = blocks.size() > kBundle;
    int bundle = -1;
    for (size_t k = 0; k < blocks.size(); ++k) {
        if (bundled && k % kBundle == 0) {
            const size_t last = std::min(blocks.size(), k + kBundle);
            bundle =
                addGroup("blocks " + std::to_string(k + 1) + "\u2013" + std::to_string(last), -1);
        }
        const int g = addGroup("block " + std::to_string(k + 1), bundle);
        for (int b : blocks[k]) {
            h.m_groups[size_t(g)].boxes.push_back(b);
            h.m_groupOf[size_t(b)] = g;
        }
        h.m_groups[size_t(g)].totalBoxes = blocks[k].size();
        if (bundle >= 0)
            h.m_groups[size_t(bundle)].totalBoxes += blocks[k].size();
    }
    return h;
}

std::set<int> BoxHierarchy::allGroups() const
{
    std::set<int> all;
    for (size_t g = 0; g < m_groups.size(); ++g)
        all.insert(int(g));
    return all;
}

std::set<int> BoxHierarchy::defaultExpanded(size_t budget) const
{
    size_t visible = m_top.size();
    for (int g : m_groupOf)
        visible += g < 0 ? 1 : 0;
    std::set<int> expanded;
    std::deque<int> queue(m_top.begin(), m_top.end());
    while (!queue.empty()) {
        const int g = queue.front();
        queue.pop_front();
        const BoxGroup &group = m_groups[size_t(g)];
        const size_t opened = visible - 1 + group.children.size() + group.boxes.size();
        if (opened > budget)
            continue; // stays collapsed, and so does everything inside it
        visible = opened;
        expanded.insert(g);
        queue.insert(queue.end(), group.children.begin(), group.children.end());
    }
    return expanded;
}

CollapsedPicture collapse(const ModelPicture &picture, const BoxHierarchy &hierarchy,
                          const std::set<int> &expanded)
{
    CollapsedPicture view;
    view.itemOfBox.assign(picture.boxes.size(), -1);
    std::map<int, int> itemOfGroup;
    std::vector<int> chain;
    for (size_t b = 0; b < picture.boxes.size(); ++b) {
        chain.clear();
        for (int g = hierarchy.groupOf(int(b)); g >= 0; g = hierarchy.groups()[size_t(g)].parent)
            chain.push_back(g);
        int closed = -1; // the outermost collapsed group holding the box
        for (auto it = chain.rbegin(); it != chain.rend(); ++it)
            if (!expanded.count(*it)) {
                closed = *it;
                break;
            }
        if (closed < 0) {
            view.itemOfBox[b] = int(view.items.size());
            view.items.push_back({int(b), -1});
            continue;
        }
        auto [it, fresh] = itemOfGroup.emplace(closed, int(view.items.size()));
        if (fresh)
            view.items.push_back({-1, closed});
        view.itemOfBox[b] = it->second;
    }
    std::set<std::pair<int, int>> links;
    for (const ModelLink &l : picture.links) {
        const int a = view.itemOfBox[size_t(l.from)], b = view.itemOfBox[size_t(l.to)];
        if (a != b)
            links.insert({a, b});
    }
    view.links.assign(links.begin(), links.end());
    return view;
}

LayoutGraph layoutGraphOf(const CollapsedPicture &view, const ModelPicture &picture,
                          const BoxHierarchy &hierarchy, const LabelMetrics &metrics)
{
    const LayoutGraph boxes = layoutGraphOf(picture, metrics);
    LayoutGraph lg;
    for (const VisibleItem &item : view.items) {
        if (item.box >= 0) {
            lg.widths.push_back(boxes.widths[size_t(item.box)]);
            lg.heights.push_back(boxes.heights[size_t(item.box)]);
            continue;
        }
        const BoxGroup &g = hierarchy.groups()[size_t(item.group)];
        const std::string count = std::to_string(g.totalBoxes) + " nodes";
        lg.widths.push_back(std::clamp(
            std::ceil(std::max(metrics.titleWidth(g.name), metrics.subtitleWidth(count)) +
                      2 * kGroupPadding),
            96.0, 260.0));
        lg.heights.push_back(
            std::ceil(metrics.titleHeight + metrics.subtitleHeight + kGroupPadding + 4));
    }
    for (size_t i = 0; i < view.items.size(); ++i)
        if (view.items[i].box >= 0 &&
            picture.boxes[size_t(view.items[i].box)].kind == ModelBox::Kind::Input)
            lg.anchors.push_back(int(i));
    lg.edges = view.links;
    return lg;
}

LayoutResult expandInPlace(const LayoutGraph &graph, const LayoutResult &layout, int grownItem,
                           double newWidth, double newHeight)
{
    LayoutResult out = layout;
    const LayoutPoint c = layout.centers[size_t(grownItem)];
    const double oldW = graph.widths[size_t(grownItem)], oldH = graph.heights[size_t(grownItem)];
    const double dw = std::max(0.0, newWidth - oldW), dh = std::max(0.0, newHeight - oldH);
    const double top = c.y - oldH / 2;
    // A point moves down when it lies below the box's centre; a point in the box's own row
    // (not below it) moves outwards when it lies beside it.
    enum class Place
    {
        Above,
        Beside,
        Below
    };
    auto placeOf = [&](LayoutPoint p, double halfHeight) {
        return p.y - halfHeight > c.y    ? Place::Below
               : p.y + halfHeight >= top ? Place::Beside
                                         : Place::Above;
    };
    auto move = [&](LayoutPoint p, Place place) {
        if (place == Place::Below)
            p.y += dh;
        else if (place == Place::Beside)
            p.x += p.x > c.x ? dw / 2 : p.x < c.x ? -dw / 2 : 0;
        return p;
    };
    for (size_t v = 0; v < out.centers.size(); ++v)
        if (int(v) != grownItem)
            out.centers[v] =
                move(layout.centers[v], placeOf(layout.centers[v], graph.heights[v] / 2));
    out.centers[size_t(grownItem)] = {c.x, top + newHeight / 2};
    auto shiftOf = [&](int v) {
        return LayoutPoint{out.centers[size_t(v)].x - layout.centers[size_t(v)].x,
                           out.centers[size_t(v)].y - layout.centers[size_t(v)].y};
    };
    for (size_t e = 0; e < out.routes.size(); ++e) {
        const auto [from, to] = graph.edges[e];
        const auto &old = layout.routes[e];
        auto &route = out.routes[e];
        route.clear();
        Place previous = Place::Above;
        for (size_t k = 0; k < old.size(); ++k) {
            const bool first = k == 0, last = k + 1 == old.size();
            // Ends follow their boxes (the grown box's top stays, its bottom moves down).
            const int end = first ? from : last ? to : -1;
            const double halfHeight = end >= 0 ? graph.heights[size_t(end)] / 2 : 0;
            const LayoutPoint anchor = end >= 0 ? layout.centers[size_t(end)] : old[k];
            const Place place = end == grownItem ? (first ? Place::Below : Place::Above)
                                                 : placeOf(anchor, halfHeight);
            LayoutPoint p = old[k];
            if (end == grownItem)
                p.y += first ? dh : 0;
            else if (end >= 0)
                p = {p.x + shiftOf(end).x, p.y + shiftOf(end).y};
            else
                p = move(p, place);
            // A line from beside the box to below it first runs down beside the opened box.
            if (k > 0 && previous == Place::Beside && place == Place::Below && dh > 0)
                route.push_back({route.back().x, route.back().y + dh});
            route.push_back(p);
            previous = place;
        }
    }
    out.width = layout.width + dw;
    out.height = layout.height + dh;
    return out;
}

PictureLayout layoutPicture(const ModelPicture &picture, const BoxHierarchy &hierarchy,
                            const std::set<int> &expanded, const LabelMetrics &metrics,
                            const LayoutOptions &options)
{
    PictureLayout out;
    out.expanded = expanded;
    out.view = collapse(picture, hierarchy, expanded);
    out.graph = layoutGraphOf(out.view, picture, hierarchy, metrics);
    out.layout = layeredLayout(out.graph, options);
    return out;
}

std::optional<PictureLayout> openInPlace(const ModelPicture &picture, const BoxHierarchy &hierarchy,
                                         const PictureLayout &before, int group,
                                         const LabelMetrics &metrics, const LayoutOptions &options)
{
    int opened = -1; // the group's item in `before`
    for (size_t i = 0; i < before.view.items.size(); ++i)
        if (before.view.items[i].group == group)
            opened = int(i);
    if (opened < 0)
        return std::nullopt;

    PictureLayout after;
    after.expanded = before.expanded;
    after.expanded.insert(group);
    after.view = collapse(picture, hierarchy, after.expanded);
    after.graph = layoutGraphOf(after.view, picture, hierarchy, metrics);
    const size_t n = after.view.items.size();
    // Every item of `after` is an item of `before` or was inside the opened group.
    std::vector<int> beforeOf(n, -1);
    for (size_t b = 0; b < picture.boxes.size(); ++b)
        beforeOf[size_t(after.view.itemOfBox[b])] = before.view.itemOfBox[b];

    // The inside on its own: the group's items, an entry per outside source and an exit per
    // outside target.
    constexpr double kPortWidth = 8;
    LayoutGraph inner;
    std::vector<int> local(n, -1), itemOfLocal;
    for (size_t i = 0; i < n; ++i)
        if (beforeOf[i] == opened) {
            local[i] = int(itemOfLocal.size());
            itemOfLocal.push_back(int(i));
            inner.widths.push_back(after.graph.widths[i]);
            inner.heights.push_back(after.graph.heights[i]);
        }
    std::map<int, int> entryOf, exitOf; // outside item → port node
    auto port = [&](std::map<int, int> &ports, int outside) {
        auto [it, fresh] = ports.emplace(outside, int(inner.widths.size()));
        if (fresh) {
            inner.widths.push_back(kPortWidth);
            inner.heights.push_back(0);
        }
        return it->second;
    };
    std::vector<int> innerEdge(after.view.links.size(), -1);
    for (size_t e = 0; e < after.view.links.size(); ++e) {
        const auto [a, b] = after.view.links[e];
        const int la = local[size_t(a)], lb = local[size_t(b)];
        if (la < 0 && lb < 0)
            continue;
        innerEdge[e] = int(inner.edges.size());
        inner.edges.emplace_back(la >= 0 ? la : port(entryOf, a), lb >= 0 ? lb : port(exitOf, b));
    }
    for (const auto &[item, node] : entryOf)
        inner.anchors.push_back(node);
    for (const auto &[item, node] : exitOf)
        inner.sinks.push_back(node);
    const LayoutResult inside = layeredLayout(inner, options);

    // Room for it, the entries on the top side and the exits on the bottom side.
    const double pad = kGroupPadding;
    const double padTop = entryOf.empty() ? pad : 0, padBottom = exitOf.empty() ? pad : 0;
    const double width = std::max(before.graph.widths[size_t(opened)], inside.width + 2 * pad);
    const double height =
        std::max(before.graph.heights[size_t(opened)], inside.height + padTop + padBottom);
    const LayoutResult moved = expandInPlace(before.graph, before.layout, opened, width, height);
    const LayoutPoint c = moved.centers[size_t(opened)];
    const double ox = c.x - inside.width / 2, oy = c.y - height / 2 + padTop;
    auto shifted = [&](LayoutPoint p) { return LayoutPoint{p.x + ox, p.y + oy}; };

    after.layout.centers.resize(n);
    after.layout.ranks.resize(n);
    for (size_t i = 0; i < n; ++i) {
        const bool inside_ = local[i] >= 0;
        after.layout.centers[i] = inside_ ? shifted(inside.centers[size_t(local[i])])
                                          : moved.centers[size_t(beforeOf[i])];
        after.layout.ranks[i] = moved.ranks[size_t(inside_ ? opened : beforeOf[i])];
    }
    std::map<std::pair<int, int>, size_t> beforeEdge;
    for (size_t e = 0; e < before.view.links.size(); ++e)
        beforeEdge[before.view.links[e]] = e;
    after.layout.routes.resize(after.view.links.size());
    for (size_t e = 0; e < after.view.links.size(); ++e) {
        const auto [a, b] = after.view.links[e];
        auto &route = after.layout.routes[e];
        std::vector<LayoutPoint> innerRoute;
        if (innerEdge[e] >= 0)
            for (const LayoutPoint &p : inside.routes[size_t(innerEdge[e])])
                innerRoute.push_back(shifted(p));
        const int ba = local[size_t(a)] >= 0 ? opened : beforeOf[size_t(a)];
        const int bb = local[size_t(b)] >= 0 ? opened : beforeOf[size_t(b)];
        if (ba == opened && bb == opened) {
            route = std::move(innerRoute);
            continue;
        }
        const std::vector<LayoutPoint> &outer = moved.routes[beforeEdge.at({ba, bb})];
        if (bb == opened) { // into the group: the old route to its top side, then inside
            route.assign(outer.begin(), outer.end() - 1);
            route.insert(route.end(), innerRoute.begin(), innerRoute.end());
        } else if (ba == opened) { // out of it: inside to its bottom side, then the old route
            route = std::move(innerRoute);
            route.insert(route.end(), outer.begin() + 1, outer.end());
        } else {
            route = outer;
        }
    }
    double minX = 1e300, maxX = -1e300, maxY = 0;
    for (size_t i = 0; i < n; ++i) {
        minX = std::min(minX, after.layout.centers[i].x - after.graph.widths[i] / 2);
        maxX = std::max(maxX, after.layout.centers[i].x + after.graph.widths[i] / 2);
        maxY = std::max(maxY, after.layout.centers[i].y + after.graph.heights[i] / 2);
    }
    after.layout.width = n ? maxX - minX : 0;
    after.layout.height = maxY;
    return after;
}

} // namespace silica
