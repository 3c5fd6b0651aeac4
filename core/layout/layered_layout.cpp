#include "core/layout/layered_layout.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
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
                              const std::vector<int> &anchors, const std::vector<int> &sinks)
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
    if (!sinks.empty()) {
        std::vector<bool> isSink(n, false);
        for (int v : sinks)
            if (v >= 0 && static_cast<size_t>(v) < n)
                isSink[static_cast<size_t>(v)] = true;
        int bottom = 0;
        for (size_t v = 0; v < n; ++v)
            if (!isSink[v])
                bottom = std::max(bottom, rank[v] + 1);
        for (size_t v = 0; v < n; ++v)
            if (isSink[v])
                rank[v] = std::max(rank[v], bottom);
    }
    return rank;
}

double barycenter(const Work &w, const std::vector<int> &nb)
{
    double sum = 0;
    for (int u : nb)
        sum += w.pos[static_cast<size_t>(u)];
    return sum / static_cast<double>(nb.size());
}

// Orders a layer by the mean position of its neighbours in the layer swept from; ties (the
// children of one node) are broken by their neighbours on the other side, then by the current
// order. Nodes without neighbours on the swept side keep their place.
void sortLayer(Work &w, std::vector<int> &layer, bool useUp)
{
    struct Key
    {
        double primary, secondary;
        int v;
    };
    std::vector<Key> keyed;
    keyed.reserve(layer.size());
    for (size_t i = 0; i < layer.size(); ++i) {
        const int v = layer[i];
        const auto &nb = useUp ? w.up[static_cast<size_t>(v)] : w.down[static_cast<size_t>(v)];
        const auto &other = useUp ? w.down[static_cast<size_t>(v)] : w.up[static_cast<size_t>(v)];
        const double primary = nb.empty() ? w.pos[static_cast<size_t>(v)] : barycenter(w, nb);
        const double secondary = other.empty() ? double(i) : barycenter(w, other);
        keyed.push_back({primary, secondary, v});
    }
    std::stable_sort(keyed.begin(), keyed.end(), [](const Key &a, const Key &b) {
        return a.primary != b.primary ? a.primary < b.primary : a.secondary < b.secondary;
    });
    for (size_t i = 0; i < layer.size(); ++i) {
        layer[i] = keyed[i].v;
        w.pos[static_cast<size_t>(layer[i])] = static_cast<int>(i);
    }
}

// Crossings between the edges from layer r to layer r + 1: with the edges sorted by their upper
// end, every pair whose lower ends are out of order crosses (an inversion count, done with a
// Fenwick tree in O(E log V)).
size_t layerCrossings(const Work &w, size_t r, std::vector<std::pair<int, int>> &edges,
                      std::vector<int> &tree)
{
    edges.clear();
    for (int u : w.layers[r])
        for (int v : w.down[static_cast<size_t>(u)])
            edges.emplace_back(w.pos[static_cast<size_t>(u)], w.pos[static_cast<size_t>(v)]);
    std::sort(edges.begin(), edges.end());
    const size_t width = w.layers[r + 1].size();
    tree.assign(width + 1, 0);
    size_t crossings = 0, seen = 0;
    for (const auto &e : edges) {
        size_t notAbove = 0; // edges seen so far whose lower end is ≤ this one's
        for (int i = e.second + 1; i > 0; i -= i & -i)
            notAbove += size_t(tree[size_t(i)]);
        crossings += seen - notAbove;
        for (int i = e.second + 1; i <= int(width); i += i & -i)
            ++tree[size_t(i)];
        ++seen;
    }
    return crossings;
}

size_t totalCrossings(const Work &w)
{
    std::vector<std::pair<int, int>> edges;
    std::vector<int> tree;
    size_t total = 0;
    for (size_t r = 0; r + 1 < w.layers.size(); ++r)
        total += layerCrossings(w, r, edges, tree);
    return total;
}

// Crossings among the edges of two neighbours u (left) and v (right) in one layer, towards the
// layer on one side: pairs (an edge of u, an edge of v) whose other ends are reversed.
size_t pairCrossings(const Work &w, int u, int v, bool up)
{
    const auto &nu = up ? w.up[static_cast<size_t>(u)] : w.down[static_cast<size_t>(u)];
    const auto &nv = up ? w.up[static_cast<size_t>(v)] : w.down[static_cast<size_t>(v)];
    size_t c = 0;
    for (int a : nu)
        for (int b : nv)
            if (w.pos[static_cast<size_t>(a)] > w.pos[static_cast<size_t>(b)])
                ++c;
    return c;
}

// Swaps neighbours in a layer while that removes crossings with both adjacent layers.
void transposeLayers(Work &w)
{
    for (int pass = 0; pass < 4; ++pass) {
        bool improved = false;
        for (auto &layer : w.layers)
            for (size_t i = 0; i + 1 < layer.size(); ++i) {
                const int u = layer[i], v = layer[i + 1];
                const size_t now = pairCrossings(w, u, v, true) + pairCrossings(w, u, v, false);
                const size_t swapped = pairCrossings(w, v, u, true) + pairCrossings(w, v, u, false);
                if (swapped < now) {
                    std::swap(layer[i], layer[i + 1]);
                    w.pos[static_cast<size_t>(layer[i])] = static_cast<int>(i);
                    w.pos[static_cast<size_t>(layer[i + 1])] = static_cast<int>(i + 1);
                    improved = true;
                }
            }
        if (!improved)
            break;
    }
}

// Moves the dummies of each long edge to the far left or far right of the layers it passes
// when that removes crossings. Long edges whose spans interleave cross when they run on the
// same side of the main chain (two arcs on one page of a book), which no local swap fixes:
// the whole chain has to change sides.
void siftLongEdges(Work &w, size_t realNodes)
{
    std::vector<std::pair<int, int>> edges;
    std::vector<int> tree;
    auto crossingsBetween = [&](size_t firstLayer, size_t lastLayer) { // pairs [first, last)
        size_t c = 0;
        for (size_t r = firstLayer; r < lastLayer && r + 1 < w.layers.size(); ++r)
            c += layerCrossings(w, r, edges, tree);
        return c;
    };
    auto place = [&](const std::vector<int> &dummies, const std::vector<int> &where) {
        for (size_t k = 0; k < dummies.size(); ++k) {
            const size_t d = static_cast<size_t>(dummies[k]);
            auto &layer = w.layers[static_cast<size_t>(w.rank[d])];
            layer.erase(layer.begin() + w.pos[d]);
            const int at = where[k] < 0 ? int(layer.size()) : std::min(where[k], int(layer.size()));
            layer.insert(layer.begin() + at, int(d));
            for (size_t i = 0; i < layer.size(); ++i)
                w.pos[static_cast<size_t>(layer[i])] = int(i);
        }
    };
    for (int pass = 0; pass < 2; ++pass) {
        for (const auto &chain : w.chains) {
            std::vector<int> dummies;
            for (size_t k = 1; k + 1 < chain.size(); ++k)
                if (static_cast<size_t>(chain[k]) >= realNodes)
                    dummies.push_back(chain[k]);
            if (dummies.empty())
                continue;
            size_t lo = SIZE_MAX, hi = 0;
            for (int d : dummies) {
                lo = std::min(lo, static_cast<size_t>(w.rank[static_cast<size_t>(d)]));
                hi = std::max(hi, static_cast<size_t>(w.rank[static_cast<size_t>(d)]));
            }
            const size_t first = lo > 0 ? lo - 1 : 0, last = hi + 1;
            std::vector<int> original;
            for (int d : dummies)
                original.push_back(w.pos[static_cast<size_t>(d)]);
            const size_t now = crossingsBetween(first, last);
            if (now == 0)
                continue;
            place(dummies, std::vector<int>(dummies.size(), 0));
            const size_t left = crossingsBetween(first, last);
            place(dummies, std::vector<int>(dummies.size(), -1));
            const size_t right = crossingsBetween(first, last);
            if (right < now && right <= left)
                continue; // stays on the right
            if (left < now)
                place(dummies, std::vector<int>(dummies.size(), 0));
            else
                place(dummies, original);
        }
    }
}

// Places one layer as close as possible to the desired positions while keeping order and gaps:
// the positions x minimise Σ weight·(x − desired)² subject to each node keeping its minimum
// distance to the next. With y_i = x_i − (the gaps before i) the constraints become y
// non-decreasing, so this is weighted isotonic regression, solved exactly in linear time by
// pooling adjacent violators: nodes that want the same place share it symmetrically (no drift
// to one side), and a real node, weighted far above the dummies of long edges, keeps its place
// under its neighbours while skip connections route beside it.
void placeLayer(Work &w, const std::vector<int> &layer, const std::vector<double> &desired,
                const std::vector<double> &weight, const std::vector<double> &offset)
{
    const size_t m = layer.size();
    if (m == 0)
        return;
    // Blocks of pooled nodes: [start, end), weighted mean target.
    struct Block
    {
        size_t start, end;
        double sumW, sumWY;
        double value() const { return sumWY / sumW; }
    };
    std::vector<Block> blocks;
    blocks.reserve(m);
    for (size_t i = 0; i < m; ++i) {
        blocks.push_back({i, i + 1, weight[i], weight[i] * (desired[i] - offset[i])});
        while (blocks.size() > 1 && blocks[blocks.size() - 2].value() >= blocks.back().value()) {
            Block top = blocks.back();
            blocks.pop_back();
            Block &below = blocks.back();
            below.end = top.end;
            below.sumW += top.sumW;
            below.sumWY += top.sumWY;
        }
    }
    for (const Block &b : blocks)
        for (size_t i = b.start; i < b.end; ++i)
            w.x[static_cast<size_t>(layer[i])] = b.value() + offset[i];
}

// Minimum distance from the centre of layer[0] to each node's centre: widths plus the gap,
// the smaller edge gap where a long edge's dummy is involved.
std::vector<double> layerOffsets(const Work &w, const std::vector<int> &layer, size_t realNodes,
                                 const LayoutOptions &options)
{
    std::vector<double> offset(layer.size(), 0.0);
    for (size_t i = 1; i < layer.size(); ++i) {
        const size_t a = static_cast<size_t>(layer[i - 1]), b = static_cast<size_t>(layer[i]);
        const double gap = a < realNodes && b < realNodes ? options.nodeGap : options.edgeGap;
        offset[i] = offset[i - 1] + (w.width[a] + w.width[b]) / 2 + gap;
    }
    return offset;
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
    w.rank = computeRanks(n, graph.edges, graph.anchors, graph.sinks);
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

    // Barycenter sweeps, each followed by adjacent swaps that remove crossings; the best order
    // seen is kept (a sweep can make things worse).
    std::vector<std::vector<int>> bestLayers = w.layers;
    size_t best = totalCrossings(w);
    for (int sweep = 0; sweep < options.orderingSweeps && best > 0; ++sweep) {
        if (sweep % 2 == 0)
            for (size_t r = 1; r < w.layers.size(); ++r)
                sortLayer(w, w.layers[r], true);
        else
            for (size_t r = w.layers.size() - 1; r-- > 0;)
                sortLayer(w, w.layers[r], false);
        transposeLayers(w);
        const size_t crossings = totalCrossings(w);
        if (crossings < best) {
            best = crossings;
            bestLayers = w.layers;
        }
    }
    w.layers = std::move(bestLayers);
    for (auto &layer : w.layers)
        for (size_t i = 0; i < layer.size(); ++i)
            w.pos[static_cast<size_t>(layer[i])] = static_cast<int>(i);
    if (best > 0) {
        siftLongEdges(w, n);
        transposeLayers(w);
    }

    // Coordinates: start packed, then pull each node towards the mean of its neighbours.
    w.x.assign(total, 0);
    for (auto &layer : w.layers) {
        const std::vector<double> offset = layerOffsets(w, layer, n, options);
        for (size_t i = 0; i < layer.size(); ++i)
            w.x[static_cast<size_t>(layer[i])] = offset[i];
    }
    for (int sweep = 0; sweep < options.placementSweeps; ++sweep) {
        const bool downwards = sweep % 2 == 0;
        auto relax = [&](std::vector<int> &layer) {
            std::vector<double> desired(layer.size());
            std::vector<double> weight(layer.size());
            for (size_t i = 0; i < layer.size(); ++i) {
                const int v = layer[i];
                const auto &nb =
                    downwards ? w.up[static_cast<size_t>(v)] : w.down[static_cast<size_t>(v)];
                // Real nodes far outweigh dummies (by how many neighbours pull on them); nodes
                // computed from weights alone (no inputs: a Constant, an Identity of a weight)
                // sit between the two, so they step aside for the chain they feed.
                const bool real = static_cast<size_t>(v) < n;
                const bool source = w.up[static_cast<size_t>(v)].empty();
                weight[i] = !real ? 1.0 : source ? 10.0 : 1e4 * (1.0 + double(nb.size()));
                if (nb.empty()) {
                    desired[i] = w.x[static_cast<size_t>(v)];
                    continue;
                }
                // Median, not mean, over the neighbours that carry the data flow: real nodes
                // that have inputs of their own first, then any real node, then dummies. A
                // node follows its main chain instead of drifting towards a skip connection
                // or the weights it reads.
                std::vector<double> xs;
                xs.reserve(nb.size());
                for (int pass = 0; pass < 3 && xs.empty(); ++pass)
                    for (int u : nb) {
                        const size_t uu = static_cast<size_t>(u);
                        const bool uReal = uu < n, uSource = w.up[uu].empty();
                        if ((pass == 0 && uReal && (!uSource || !downwards)) ||
                            (pass == 1 && uReal) || pass == 2)
                            xs.push_back(w.x[uu]);
                    }
                std::sort(xs.begin(), xs.end());
                const size_t mid = xs.size() / 2;
                desired[i] = xs.size() % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
            }
            placeLayer(w, layer, desired, weight, layerOffsets(w, layer, n, options));
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

    // Edge ends sit on the node's bottom (source) or top (target) side where the straight line
    // from the node's centre towards the route's next point crosses it, kept off the corners:
    // an edge bound sideways leaves from that side of the box instead of crossing under it.
    auto port = [&](int node, const LayoutPoint &toward, bool bottom) {
        const LayoutPoint c = result.centers[static_cast<size_t>(node)];
        const double halfH = graph.heights[static_cast<size_t>(node)] / 2;
        const double halfW = graph.widths[static_cast<size_t>(node)] / 2;
        const double side = bottom ? halfH : -halfH;
        const double dy = toward.y - c.y;
        double x = c.x;
        if (dy * side > side * side) // the point lies beyond this side
            x = c.x + (toward.x - c.x) * side / dy;
        const double inset = std::min(8.0, halfW / 2);
        return LayoutPoint{std::clamp(x, c.x - halfW + inset, c.x + halfW - inset), c.y + side};
    };
    result.routes.resize(graph.edges.size());
    for (size_t e = 0; e < graph.edges.size(); ++e) {
        const auto &chain = w.chains[e];
        auto &route = result.routes[e];
        const int from = graph.edges[e].first, to = graph.edges[e].second;
        std::vector<LayoutPoint> bends;
        for (size_t k = 1; k + 1 < chain.size(); ++k) {
            const size_t d = static_cast<size_t>(chain[k]);
            bends.push_back({w.x[d] - minX, rankY[static_cast<size_t>(w.rank[d])]});
        }
        const LayoutPoint &fromC = result.centers[static_cast<size_t>(from)];
        const LayoutPoint &toC = result.centers[static_cast<size_t>(to)];
        route.push_back(port(from, bends.empty() ? toC : bends.front(), true));
        route.insert(route.end(), bends.begin(), bends.end());
        route.push_back(port(to, bends.empty() ? fromC : bends.back(), false));
    }
    return result;
}

size_t countCrossings(const EdgeRoutes &routes)
{
    struct Segment
    {
        LayoutPoint a, b;
        size_t edge;
    };
    std::vector<Segment> segments;
    double minY = 1e300, maxY = -1e300, totalSpan = 0;
    for (size_t e = 0; e < routes.size(); ++e)
        for (size_t k = 0; k + 1 < routes[e].size(); ++k) {
            Segment s{routes[e][k], routes[e][k + 1], e};
            if (s.a.y > s.b.y)
                std::swap(s.a, s.b);
            minY = std::min(minY, s.a.y);
            maxY = std::max(maxY, s.b.y);
            totalSpan += s.b.y - s.a.y;
            segments.push_back(s);
        }
    if (segments.size() < 2)
        return 0;
    // Horizontal bands about one average segment high: each segment is listed in the bands it
    // spans, a pair is tested in every band both reach, and a crossing counts only in the band
    // that holds its intersection point, so pairs are counted once.
    const double band = std::max(1.0, totalSpan / double(segments.size()));
    const size_t bands = std::min<size_t>(size_t((maxY - minY) / band) + 1, 4 * segments.size());
    const double bandHeight = (maxY - minY) / double(bands) + 1e-9;
    auto bandOf = [&](double y) {
        return std::min(bands - 1, size_t(std::max(0.0, (y - minY) / bandHeight)));
    };
    std::vector<std::vector<size_t>> members(bands);
    for (size_t i = 0; i < segments.size(); ++i)
        for (size_t b = bandOf(segments[i].a.y); b <= bandOf(segments[i].b.y); ++b)
            members[b].push_back(i);
    auto cross = [](const LayoutPoint &o, const LayoutPoint &p, const LayoutPoint &q) {
        return (p.x - o.x) * (q.y - o.y) - (p.y - o.y) * (q.x - o.x);
    };
    size_t crossings = 0;
    for (size_t b = 0; b < bands; ++b) {
        const std::vector<size_t> &m = members[b];
        for (size_t i = 0; i < m.size(); ++i)
            for (size_t j = i + 1; j < m.size(); ++j) {
                const Segment &s = segments[m[i]], &t = segments[m[j]];
                if (s.edge == t.edge || s.b.y < t.a.y || t.b.y < s.a.y)
                    continue;
                const double d1 = cross(s.a, s.b, t.a), d2 = cross(s.a, s.b, t.b);
                const double d3 = cross(t.a, t.b, s.a), d4 = cross(t.a, t.b, s.b);
                if (!(((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) &&
                      ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))))
                    continue;
                const double u = d1 / (d1 - d2); // where on t the lines meet
                const double y = t.a.y + u * (t.b.y - t.a.y);
                if (bandOf(y) == b)
                    ++crossings;
            }
    }
    return crossings;
}

double totalEdgeLength(const EdgeRoutes &routes)
{
    double length = 0;
    for (const auto &route : routes)
        for (size_t k = 0; k + 1 < route.size(); ++k)
            length += std::hypot(route[k + 1].x - route[k].x, route[k + 1].y - route[k].y);
    return length;
}

} // namespace silica
