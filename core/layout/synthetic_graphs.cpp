#include "core/layout/synthetic_graphs.h"

#include <algorithm>
#include <vector>

namespace silica {

namespace {

// xorshift32: the same sequence everywhere, unlike std:: distributions.
struct Random
{
    uint32_t state;
    uint32_t next()
    {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        return state;
    }
    int below(int n) { return int(next() % uint32_t(n)); }
};

} // namespace

LayoutGraph modelLikeDag(int nodeCount, uint32_t seed)
{
    LayoutGraph g;
    Random rng{seed ? seed : 1};
    auto add = [&]() {
        g.widths.push_back(80.0 + rng.below(9) * 10.0); // op boxes of 80–160 px
        g.heights.push_back(36.0);
        return int(g.widths.size()) - 1;
    };
    auto link = [&](int from, int to) { g.edges.emplace_back(from, to); };
    if (nodeCount <= 0)
        return g;
    int prev = add();
    g.anchors.push_back(prev);
    auto room = [&]() { return nodeCount - int(g.widths.size()); };
    auto chainFrom = [&](int from, int length) {
        for (int i = 0; i < length; ++i) {
            const int v = add();
            link(from, v);
            from = v;
        }
        return from;
    };
    std::vector<int> history; // main-chain nodes, for long skips (U-Net, FPN, attention masks)
    while (room() > 0) {
        history.push_back(prev);
        const int kind = rng.below(10);
        if (kind < 5 && room() >= 4) { // residual block
            const int body = std::min(2 + rng.below(3), room() - 2);
            const int start = prev;
            const int last = chainFrom(start, body);
            int skip = start;
            if (rng.below(4) == 0 && room() >= 2) // projection on the skip path
                skip = chainFrom(start, 1);
            const int sum = add();
            link(last, sum);
            link(skip, sum);
            // Now and then a value from much earlier joins too (a decoder reading its encoder,
            // a mask every layer reads): the long edges layouts must route across blocks.
            if (rng.below(8) == 0 && history.size() > 4) {
                const size_t back = 2 + size_t(rng.below(std::min<int>(30, int(history.size()) - 2)));
                link(history[history.size() - back], sum);
            }
            prev = sum;
        } else if (kind < 7 && room() >= 5) { // branches joined by a Concat
            const int branches = 2 + rng.below(2);
            std::vector<int> ends;
            for (int b = 0; b < branches && room() > 1; ++b)
                ends.push_back(chainFrom(prev, std::min(1 + rng.below(3), room() - 1)));
            const int concat = add();
            for (int e : ends)
                link(e, concat);
            prev = concat;
        } else {
            prev = chainFrom(prev, 1);
        }
    }
    return g;
}

} // namespace silica
