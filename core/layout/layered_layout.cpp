#include "core/layout/layered_layout.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace silica {

namespace {

struct Work
{
    // Real nodes first, then dummies.
    std::vector<int> rank;
    std::vector<double> width;
    std::vector<std::vector<int>> up, down; // neighbours in the rank above / below
    std::vector<std::vector<int>> layers;   // node indices per rank, in order
    std::vector<int> pos;                   // index within its layer
    std::vector<double> x;
    std::vector<std::vector<int>> chains; // per edge: real/dummy nodes from source to target
};

// Longest-path ranking; edges that would close a cycle are ignored for ranking.
std::vector<int> computeRanks(size_t n, const std::vector<std::pair<int, int>> &edges,
                              const std::vector<int> &anchors)
{
    std::vector<std::vector<int>> out(n);
    std::vector<int> indeg(n, 0);
    for (const auto &e : edges) {
        if (e.first == e.second)
            continue;
        out[static_cast<size_t>(e.first)].push_back(e.second);
        ++indeg[static_cast<size_t>(e.second)];
    }
    std::vector<int> rank(n, 0);
    std::vector<int> queue;
    for (size_t i = 0; i < n; ++i)
        if (indeg[i] == 0)
            queue.push_back(static_cast<int>(i));
    size_t head = 0;
    std::vector<bool> done(n, false);
    while (true) {
        while (head < queue.size()) {
            const int v = queue[head++];
            done[static_cast<size_t>(v)] = true;
            for (int w : out[static_cast<size_t>(v)]) {
                rank[static_cast<size_t>(w)] =
                    std::max(rank[static_cast<size_t>(w)], rank[static_cast<size_t>(v)] + 1);
                if (--indeg[static_cast<size_t>(w)] == 0)
                    queue.push_back(w);
            }
        }
        // A cycle remains: release its first node and go on.
        size_t k = 0;
        while (k < n && (done[k] || indeg[k] == 0))
            ++k;
        if (k == n)
            break;
        indeg[k] = 0;
        queue.push_back(static_cast<int>(k));
    }
    // Longest-path ranking puts every source on the top rank, and everything computed from
    // weights alone near the top with long edges down to its users. Move such nodes down to
    // just above their first consumer, last nodes first (reverse topological order).
    std::vector<bool> floating(n, false);
    if (anchors.empty()) {
        std::vector<bool> hasIn(n, false);
        for (const auto &e : edges)
            if (e.first != e.second)
                hasIn[static_cast<size_t>(e.second)] = true;
        for (size_t v = 0; v < n; ++v)
            floating[v] = !hasIn[v];
    } else {
        std::vector<bool> reached(n, false);
        std::vector<int> stack(anchors.begin(), anchors.end());
        while (!stack.empty()) {
            const int v = stack.back();
            stack.pop_back();
            if (v < 0 || static_cast<size_t>(v) >= n || reached[static_cast<size_t>(v)])
                continue;
            reached[static_cast<size_t>(v)] = true;
            for (int w : out[static_cast<size_t>(v)])
                stack.push_back(w);
        }
        for (size_t v = 0; v < n; ++v)
            floating[v] = !reached[v];
    }
    for (auto it = queue.rbegin(); it != queue.rend(); ++it) {
        const size_t v = static_cast<size_t>(*it);
        if (!floating[v] || out[v].empty())
            continue;
        int first = std::numeric_limits<int>::max();
        for (int w : out[v])
            first = std::min(first, rank[static_cast<size_t>(w)]);
        rank[v] = std::max(rank[v], first - 1);
    }
    return rank;
}

void sortLayer(Work &w, std::vector<int> &layer, bool useUp)
{
    std::vector<std::pair<double, int>> keyed;
    keyed.reserve(layer.size());
    for (size_t i = 0; i < layer.size(); ++i) {
        const int v = layer[i];
        const auto &nb = useUp ? w.up[static_cast<size_t>(v)] : w.down[static_cast<size_t>(v)];
        double key = static_cast<double>(i);
        if (!nb.empty()) {
            double sum = 0;
            for (int u : nb)
                sum += w.pos[static_cast<size_t>(u)];
            key = sum / static_cast<double>(nb.size());
        } else {
            key = w.pos[static_cast<size_t>(v)]; // keep nodes without neighbours in place
        }
        keyed.emplace_back(key, v);
    }
    std::stable_sort(keyed.begin(), keyed.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    for (size_t i = 0; i < layer.size(); ++i) {
        layer[i] = keyed[i].second;
        w.pos[static_cast<size_t>(layer[i])] = static_cast<int>(i);
    }
}

// Places one layer as close as possible to the desired positions while keeping order and gaps
// (Sugiyama's priority method). Nodes are placed in decreasing priority; a node may push
// lower-priority nodes aside but never moves one placed before it. Real nodes outrank the
// dummies of long edges, so main chains stay straight and skip connections route around them.
void placeLayer(Work &w, const std::vector<int> &layer, const std::vector<double> &desired,
                const std::vector<int> &priority, double gap)
{
    const size_t m = layer.size();
    if (m == 0)
        return;
    auto width = [&](size_t i) { return w.width[static_cast<size_t>(layer[i])]; };
    auto sep = [&](size_t a, size_t b) { return (width(a) + width(b)) / 2 + gap; };
    std::vector<double> x(m);
    for (size_t i = 0; i < m; ++i)
        x[i] = w.x[static_cast<size_t>(layer[i])];
    // Make the starting positions feasible.
    for (size_t i = 1; i < m; ++i)
        x[i] = std::max(x[i], x[i - 1] + sep(i - 1, i));

    std::vector<size_t> order(m);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return priority[a] > priority[b]; });
    std::vector<bool> fixed(m, false);
    for (size_t i : order) {
        // The room between the nearest fixed nodes on either side.
        double lo = -1e300, hi = 1e300;
        double span = 0;
        for (size_t k = i; k-- > 0;) {
            span += sep(k, k + 1);
            if (fixed[k]) {
                lo = x[k] + span;
                break;
            }
        }
        span = 0;
        for (size_t k = i + 1; k < m; ++k) {
            span += sep(k - 1, k);
            if (fixed[k]) {
                hi = x[k] - span;
                break;
            }
        }
        x[i] = std::min(std::max(desired[i], lo), std::max(lo, hi));
        fixed[i] = true;
        for (size_t k = i + 1; k < m && !fixed[k]; ++k)
            x[k] = std::max(x[k], x[k - 1] + sep(k - 1, k));
        for (size_t k = i; k-- > 0 && !fixed[k];)
            x[k] = std::min(x[k], x[k + 1] - sep(k, k + 1));
    }
    for (size_t i = 0; i < m; ++i)
        w.x[static_cast<size_t>(layer[i])] = x[i];
}

} // namespace

LayoutResult layeredLayout(const LayoutGraph &graph, const LayoutOptions &options)
{
    const size_t n = graph.widths.size();
    LayoutResult result;
    result.centers.resize(n);
    if (n == 0)
        return result;
    Work w;
    w.rank = computeRanks(n, graph.edges, graph.anchors);
    w.width = graph.widths;
    w.up.resize(n);
    w.down.resize(n);

    // Split long edges into chains of dummy nodes, one per rank crossed.
    const double dummyWidth = 8;
    w.chains.resize(graph.edges.size());
    for (size_t e = 0; e < graph.edges.size(); ++e) {
        int from = graph.edges[e].first, to = graph.edges[e].second;
        bool reversed = false;
        if (w.rank[static_cast<size_t>(from)] > w.rank[static_cast<size_t>(to)]) {
            std::swap(from, to);
            reversed = true;
        }
        std::vector<int> chain{from};
        for (int r = w.rank[static_cast<size_t>(from)] + 1; r < w.rank[static_cast<size_t>(to)];
             ++r) {
            const int d = static_cast<int>(w.rank.size());
            w.rank.push_back(r);
            w.width.push_back(dummyWidth);
            w.up.emplace_back();
            w.down.emplace_back();
            chain.push_back(d);
        }
        chain.push_back(to);
        for (size_t k = 0; k + 1 < chain.size(); ++k) {
            if (chain[k] == chain[k + 1])
                continue;
            w.down[static_cast<size_t>(chain[k])].push_back(chain[k + 1]);
            w.up[static_cast<size_t>(chain[k + 1])].push_back(chain[k]);
        }
        if (reversed)
            std::reverse(chain.begin(), chain.end());
        w.chains[e] = std::move(chain);
    }

    const size_t total = w.rank.size();
    const int maxRank = *std::max_element(w.rank.begin(), w.rank.end());
    w.layers.assign(static_cast<size_t>(maxRank) + 1, {});
    // Initial order: depth-first from sources, so chains start out adjacent.
    {
        std::vector<bool> seen(total, false);
        std::vector<int> stack;
        for (size_t s = total; s-- > 0;)
            if (w.up[s].empty())
                stack.push_back(static_cast<int>(s));
        while (!stack.empty()) {
            const int v = stack.back();
            stack.pop_back();
            if (seen[static_cast<size_t>(v)])
                continue;
            seen[static_cast<size_t>(v)] = true;
            w.layers[static_cast<size_t>(w.rank[static_cast<size_t>(v)])].push_back(v);
            const auto &d = w.down[static_cast<size_t>(v)];
            for (auto it = d.rbegin(); it != d.rend(); ++it)
                if (!seen[static_cast<size_t>(*it)])
                    stack.push_back(*it);
        }
        for (size_t v = 0; v < total; ++v)
            if (!seen[v])
                w.layers[static_cast<size_t>(w.rank[v])].push_back(static_cast<int>(v));
    }
    w.pos.assign(total, 0);
    for (auto &layer : w.layers)
        for (size_t i = 0; i < layer.size(); ++i)
            w.pos[static_cast<size_t>(layer[i])] = static_cast<int>(i);

    for (int sweep = 0; sweep < options.orderingSweeps; ++sweep) {
        if (sweep % 2 == 0)
            for (size_t r = 1; r < w.layers.size(); ++r)
                sortLayer(w, w.layers[r], true);
        else
            for (size_t r = w.layers.size() - 1; r-- > 0;)
                sortLayer(w, w.layers[r], false);
    }

    // Coordinates: start packed, then pull each node towards the mean of its neighbours.
    w.x.assign(total, 0);
    for (auto &layer : w.layers) {
        double x = 0;
        for (size_t i = 0; i < layer.size(); ++i) {
            const size_t v = static_cast<size_t>(layer[i]);
            if (i > 0)
                x +=
                    (w.width[static_cast<size_t>(layer[i - 1])] + w.width[v]) / 2 + options.nodeGap;
            w.x[v] = x;
        }
    }
    for (int sweep = 0; sweep < options.placementSweeps; ++sweep) {
        const bool downwards = sweep % 2 == 0;
        auto relax = [&](std::vector<int> &layer) {
            std::vector<double> desired(layer.size());
            std::vector<int> priority(layer.size());
            for (size_t i = 0; i < layer.size(); ++i) {
                const int v = layer[i];
                const auto &nb =
                    downwards ? w.up[static_cast<size_t>(v)] : w.down[static_cast<size_t>(v)];
                // Real nodes first (by how many neighbours pull on them), then dummies.
                priority[i] = static_cast<size_t>(v) < n ? 1000 + static_cast<int>(nb.size()) : 0;
                if (nb.empty()) {
                    desired[i] = w.x[static_cast<size_t>(v)];
                    continue;
                }
                // Median, not mean, and real neighbours before dummies: a node follows its
                // main chain instead of drifting towards a long skip connection.
                std::vector<double> xs;
                xs.reserve(nb.size());
                for (int u : nb)
                    if (static_cast<size_t>(u) < n)
                        xs.push_back(w.x[static_cast<size_t>(u)]);
                if (xs.empty())
                    for (int u : nb)
                        xs.push_back(w.x[static_cast<size_t>(u)]);
                std::sort(xs.begin(), xs.end());
                const size_t mid = xs.size() / 2;
                desired[i] = xs.size() % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
            }
            placeLayer(w, layer, desired, priority, options.nodeGap);
        };
        if (downwards)
            for (size_t r = 1; r < w.layers.size(); ++r)
                relax(w.layers[r]);
        else
            for (size_t r = w.layers.size() - 1; r-- > 0;)
                relax(w.layers[r]);
    }

    // Y from rank heights; shift X so the drawing starts at 0.
    std::vector<double> rankHeight(w.layers.size(), 0);
    for (size_t v = 0; v < n; ++v)
        rankHeight[static_cast<size_t>(w.rank[v])] =
            std::max(rankHeight[static_cast<size_t>(w.rank[v])], graph.heights[v]);
    std::vector<double> rankY(w.layers.size(), 0);
    double y = 0;
    for (size_t r = 0; r < w.layers.size(); ++r) {
        rankY[r] = y + rankHeight[r] / 2;
        y += rankHeight[r] + options.rankGap;
    }
    double minX = 1e300, maxX = -1e300;
    for (size_t v = 0; v < total; ++v) {
        minX = std::min(minX, w.x[v] - w.width[v] / 2);
        maxX = std::max(maxX, w.x[v] + w.width[v] / 2);
    }
    for (size_t v = 0; v < n; ++v) {
        result.centers[v] = {w.x[v] - minX, rankY[static_cast<size_t>(w.rank[v])]};
    }
    result.ranks.assign(w.rank.begin(), w.rank.begin() + static_cast<long>(n));
    result.width = maxX - minX;
    result.height = std::max(0.0, y - options.rankGap);

    result.routes.resize(graph.edges.size());
    for (size_t e = 0; e < graph.edges.size(); ++e) {
        const auto &chain = w.chains[e];
        auto &route = result.routes[e];
        const int from = graph.edges[e].first, to = graph.edges[e].second;
        route.push_back({result.centers[static_cast<size_t>(from)].x,
                         result.centers[static_cast<size_t>(from)].y +
                             graph.heights[static_cast<size_t>(from)] / 2});
        for (size_t k = 1; k + 1 < chain.size(); ++k) {
            const size_t d = static_cast<size_t>(chain[k]);
            route.push_back({w.x[d] - minX, rankY[static_cast<size_t>(w.rank[d])]});
        }
        route.push_back({result.centers[static_cast<size_t>(to)].x,
                         result.centers[static_cast<size_t>(to)].y -
                             graph.heights[static_cast<size_t>(to)] / 2});
    }
    return result;
}

size_t countCrossings(const LayoutGraph &graph, const LayoutResult &layout)
{
    // Segments between consecutive route points that span the same pair of ranks cross when
    // their end orders disagree. Quadratic per rank pair: fine for quality reports.
    struct Seg
    {
        double y0, x0, x1;
    };
    std::vector<Seg> segs;
    for (const auto &route : layout.routes)
        for (size_t k = 0; k + 1 < route.size(); ++k)
            segs.push_back({std::round(route[k].y), route[k].x, route[k + 1].x});
    std::sort(segs.begin(), segs.end(), [](const Seg &a, const Seg &b) { return a.y0 < b.y0; });
    size_t crossings = 0;
    for (size_t i = 0; i < segs.size();) {
        size_t j = i;
        while (j < segs.size() && std::abs(segs[j].y0 - segs[i].y0) < 1e-6)
            ++j;
        for (size_t a = i; a < j; ++a)
            for (size_t b = a + 1; b < j; ++b)
                if ((segs[a].x0 - segs[b].x0) * (segs[a].x1 - segs[b].x1) < 0)
                    ++crossings;
        i = j;
    }
    (void)graph;
    return crossings;
}

} // namespace silica
