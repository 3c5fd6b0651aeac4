// Layout invariants on many graphs: model-like DAGs of every size, random DAGs, graphs with
// cycles. Every node is placed, boxes never overlap, edges run downwards (except the ones that
// close a cycle), edge ends sit on the boxes' bottom and top sides, the result is the same on
// every run, the crossing count agrees with a brute-force count, and the main chain of a
// residual network runs straight down.

#include "core/layout/layered_layout.h"
#include "core/layout/synthetic_graphs.h"

#include <QTest>

#include <cmath>
#include <random>
#include <set>

using namespace silica;

namespace {

LayoutGraph randomDag(int n, int extraEdges, unsigned seed, bool cycles)
{
    std::mt19937 rng(seed);
    LayoutGraph g;
    for (int i = 0; i < n; ++i) {
        g.widths.push_back(40 + double(rng() % 120));
        g.heights.push_back(20 + double(rng() % 30));
    }
    std::set<std::pair<int, int>> seen;
    for (int i = 1; i < n; ++i) { // a spanning tree keeps it connected
        const int from = int(rng() % unsigned(i));
        g.edges.emplace_back(from, i);
        seen.insert({from, i});
    }
    for (int k = 0; k < extraEdges; ++k) {
        int a = int(rng() % unsigned(n)), b = int(rng() % unsigned(n));
        if (a == b)
            continue;
        if (!cycles && a > b)
            std::swap(a, b);
        if (seen.insert({a, b}).second)
            g.edges.emplace_back(a, b);
    }
    return g;
}

bool overlaps(const LayoutGraph &g, const LayoutResult &r, size_t a, size_t b)
{
    const double dx = std::abs(r.centers[a].x - r.centers[b].x);
    const double dy = std::abs(r.centers[a].y - r.centers[b].y);
    return dx < (g.widths[a] + g.widths[b]) / 2 - 1e-6 &&
           dy < (g.heights[a] + g.heights[b]) / 2 - 1e-6;
}

// Checks everything a layout must satisfy; returns a description of the first violation.
QString violation(const LayoutGraph &g, const LayoutResult &r, bool acyclic)
{
    const size_t n = g.widths.size();
    if (r.centers.size() != n || r.ranks.size() != n || r.routes.size() != g.edges.size())
        return QStringLiteral("result sizes do not match the graph");
    for (size_t v = 0; v < n; ++v)
        if (!std::isfinite(r.centers[v].x) || !std::isfinite(r.centers[v].y))
            return QStringLiteral("node %1 is not placed").arg(v);
    // Boxes: same rank means same row, so overlaps are checked between rank neighbours.
    std::vector<std::vector<size_t>> byRank;
    for (size_t v = 0; v < n; ++v) {
        if (size_t(r.ranks[v]) >= byRank.size())
            byRank.resize(size_t(r.ranks[v]) + 1);
        byRank[size_t(r.ranks[v])].push_back(v);
    }
    for (auto &row : byRank) {
        std::sort(row.begin(), row.end(),
                  [&](size_t a, size_t b) { return r.centers[a].x < r.centers[b].x; });
        for (size_t i = 1; i < row.size(); ++i)
            if (overlaps(g, r, row[i - 1], row[i]))
                return QStringLiteral("nodes %1 and %2 overlap").arg(row[i - 1]).arg(row[i]);
    }
    for (size_t e = 0; e < g.edges.size(); ++e) {
        const auto [from, to] = g.edges[e];
        const auto &route = r.routes[e];
        if (route.size() < 2)
            return QStringLiteral("edge %1 has no route").arg(e);
        if (acyclic && r.ranks[size_t(from)] >= r.ranks[size_t(to)])
            return QStringLiteral("edge %1 (%2 → %3) does not go down").arg(e).arg(from).arg(to);
        const LayoutPoint &c = r.centers[size_t(from)];
        const LayoutPoint &t = r.centers[size_t(to)];
        if (std::abs(route.front().y - (c.y + g.heights[size_t(from)] / 2)) > 1e-6 ||
            std::abs(route.front().x - c.x) > g.widths[size_t(from)] / 2)
            return QStringLiteral("edge %1 does not leave from its source's bottom side").arg(e);
        if (std::abs(route.back().y - (t.y - g.heights[size_t(to)] / 2)) > 1e-6 ||
            std::abs(route.back().x - t.x) > g.widths[size_t(to)] / 2)
            return QStringLiteral("edge %1 does not enter its target's top side").arg(e);
        if (acyclic)
            for (size_t k = 1; k < route.size(); ++k)
                if (route[k].y <= route[k - 1].y)
                    return QStringLiteral("edge %1 turns upwards").arg(e);
    }
    return {};
}

size_t bruteForceCrossings(const EdgeRoutes &routes)
{
    auto cross = [](const LayoutPoint &o, const LayoutPoint &p, const LayoutPoint &q) {
        return (p.x - o.x) * (q.y - o.y) - (p.y - o.y) * (q.x - o.x);
    };
    size_t c = 0;
    for (size_t a = 0; a < routes.size(); ++a)
        for (size_t b = a + 1; b < routes.size(); ++b)
            for (size_t i = 0; i + 1 < routes[a].size(); ++i)
                for (size_t j = 0; j + 1 < routes[b].size(); ++j) {
                    const auto &p = routes[a][i], &q = routes[a][i + 1];
                    const auto &s = routes[b][j], &t = routes[b][j + 1];
                    const double d1 = cross(p, q, s), d2 = cross(p, q, t);
                    const double d3 = cross(s, t, p), d4 = cross(s, t, q);
                    if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) &&
                        ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)))
                        ++c;
                }
    return c;
}

} // namespace

class TestLayeredLayout : public QObject
{
    Q_OBJECT
private slots:
    void modelLikeGraphs_data();
    void modelLikeGraphs();
    void randomGraphs();
    void graphsWithCycles();
    void isDeterministic();
    void crossingCountMatchesBruteForce();
    void residualChainRunsStraight();
    void emptyAndTinyGraphs();
    void sinksGoToTheBottomRank();
};

void TestLayeredLayout::modelLikeGraphs_data()
{
    QTest::addColumn<int>("nodes");
    QTest::addColumn<unsigned>("seed");
    for (int n : {1, 2, 5, 17, 100, 1000, 5000})
        for (unsigned seed : {1u, 7u, 42u})
            QTest::addRow("%d nodes, seed %u", n, seed) << n << seed;
}

void TestLayeredLayout::modelLikeGraphs()
{
    QFETCH(int, nodes);
    QFETCH(unsigned, seed);
    const LayoutGraph g = modelLikeDag(nodes, seed);
    QCOMPARE(int(g.widths.size()), nodes);
    const LayoutResult r = layeredLayout(g);
    const QString problem = violation(g, r, true);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestLayeredLayout::randomGraphs()
{
    for (unsigned seed = 1; seed <= 40; ++seed) {
        const LayoutGraph g = randomDag(5 + int(seed * 7 % 200), int(seed * 3 % 150), seed, false);
        const LayoutResult r = layeredLayout(g);
        const QString problem = violation(g, r, true);
        QVERIFY2(problem.isEmpty(),
                 qPrintable(QStringLiteral("seed %1: %2").arg(seed).arg(problem)));
    }
}

void TestLayeredLayout::graphsWithCycles()
{
    // Loops and recurrent graphs: cycles are broken for ranking, every node is still placed
    // without overlaps and every edge still has a route between the right boxes.
    for (unsigned seed = 1; seed <= 20; ++seed) {
        const LayoutGraph g = randomDag(10 + int(seed * 5 % 80), 30, seed, true);
        const LayoutResult r = layeredLayout(g);
        const QString problem = violation(g, r, false);
        QVERIFY2(problem.isEmpty(),
                 qPrintable(QStringLiteral("seed %1: %2").arg(seed).arg(problem)));
    }
}

void TestLayeredLayout::isDeterministic()
{
    const LayoutGraph g = modelLikeDag(3000, 9);
    const LayoutResult a = layeredLayout(g), b = layeredLayout(g);
    for (size_t v = 0; v < g.widths.size(); ++v) {
        QCOMPARE(a.centers[v].x, b.centers[v].x);
        QCOMPARE(a.centers[v].y, b.centers[v].y);
    }
    QCOMPARE(a.routes.size(), b.routes.size());
    for (size_t e = 0; e < a.routes.size(); ++e)
        QCOMPARE(a.routes[e].size(), b.routes[e].size());
}

void TestLayeredLayout::crossingCountMatchesBruteForce()
{
    for (unsigned seed = 1; seed <= 10; ++seed) {
        const LayoutGraph g = randomDag(40, 40, seed, false);
        const LayoutResult r = layeredLayout(g);
        QCOMPARE(countCrossings(r.routes), bruteForceCrossings(r.routes));
    }
    // A hand-made X: two edges whose ends swap sides cross once.
    const EdgeRoutes x{{{0, 0}, {10, 10}}, {{10, 0}, {0, 10}}, {{20, 0}, {20, 10}}};
    QCOMPARE(countCrossings(x), size_t(1));
    QCOMPARE(totalEdgeLength(x), 2 * std::sqrt(200.0) + 10);
}

void TestLayeredLayout::residualChainRunsStraight()
{
    // x → a → b → add, x → add (a residual block) three times: the chain x, a, b, add, … keeps
    // one x; the skip edges run beside it.
    LayoutGraph g;
    auto node = [&](double w) {
        g.widths.push_back(w);
        g.heights.push_back(30);
        return int(g.widths.size()) - 1;
    };
    int prev = node(100);
    std::vector<int> chain{prev};
    for (int block = 0; block < 3; ++block) {
        const int a = node(120), b = node(90), add = node(60);
        g.edges.insert(g.edges.end(), {{prev, a}, {a, b}, {b, add}, {prev, add}});
        chain.insert(chain.end(), {a, b, add});
        prev = add;
    }
    const LayoutResult r = layeredLayout(g);
    for (int v : chain) // straight to well under a pixel
        QVERIFY2(std::abs(r.centers[size_t(v)].x - r.centers[size_t(chain[0])].x) < 0.1,
                 qPrintable(QStringLiteral("node %1 at x %2, the chain at %3")
                                .arg(v)
                                .arg(r.centers[size_t(v)].x)
                                .arg(r.centers[size_t(chain[0])].x)));
    QCOMPARE(countCrossings(r.routes), size_t(0));
}

void TestLayeredLayout::emptyAndTinyGraphs()
{
    QVERIFY(layeredLayout(LayoutGraph{}).centers.empty());
    LayoutGraph one;
    one.widths = {50};
    one.heights = {20};
    const LayoutResult r = layeredLayout(one);
    QCOMPARE(r.centers.size(), size_t(1));
    QCOMPARE(r.width, 50.0);
    LayoutGraph selfLoop = one;
    selfLoop.edges = {{0, 0}};
    QCOMPARE(layeredLayout(selfLoop).routes.size(), size_t(1));
}

void TestLayeredLayout::sinksGoToTheBottomRank()
{
    // a → b → c → d, and a → e: e would sit on rank 1; as a declared sink it goes below d.
    LayoutGraph g;
    g.widths.assign(5, 40);
    g.heights.assign(5, 20);
    g.edges = {{0, 1}, {1, 2}, {2, 3}, {0, 4}};
    QCOMPARE(layeredLayout(g).ranks[4], 1);
    g.sinks = {4};
    const LayoutResult r = layeredLayout(g);
    QCOMPARE(r.ranks[4], 4);
    QVERIFY(r.centers[4].y > r.centers[3].y);
    QCOMPARE(r.routes[3].size(), size_t(5)); // through a bend on each rank passed
}

QTEST_GUILESS_MAIN(TestLayeredLayout)
#include "tst_layered_layout.moc"
