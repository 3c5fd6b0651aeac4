#pragma once
// A layered (Sugiyama-style) layout for directed acyclic graphs, top to bottom: longest-path
// ranking, dummy nodes for long edges, barycenter crossing reduction, and coordinate
// assignment that pulls each node under its neighbours so chains run straight down.
// Pure geometry: callers map graph nodes to indices and sizes.

#include <cstddef>
#include <utility>
#include <vector>

namespace silica {

struct LayoutPoint
{
    double x = 0;
    double y = 0;
};

struct LayoutGraph
{
    std::vector<double> widths; // one per node
    std::vector<double> heights;
    std::vector<std::pair<int, int>> edges; // (from, to) node indices
    // Optional: the nodes real data flows from (graph inputs). Everything not downstream of an
    // anchor — Constant nodes and the Cast/Reshape chains on them, Identity on a weight — is
    // computed from weights alone and is placed just above where it is used. Without anchors
    // only the sources themselves move down.
    std::vector<int> anchors;
    // Optional: nodes put on the bottom rank, below everything else (the exits of an opened
    // group, so edges leaving it run down to its lower side).
    std::vector<int> sinks;
};

struct LayoutOptions
{
    double rankGap = 40;     // vertical space between ranks
    double nodeGap = 24;     // horizontal space between neighbouring nodes
    double edgeGap = 10;     // horizontal space next to a long edge passing through a rank
    int orderingSweeps = 12; // barycenter passes (down + up counts as two), best kept
    int placementSweeps = 6; // coordinate relaxation passes
};

struct LayoutResult
{
    std::vector<LayoutPoint> centers;             // per node
    std::vector<int> ranks;                       // per node
    std::vector<std::vector<LayoutPoint>> routes; // per edge: polyline from source to target
    double width = 0;
    double height = 0;
};

LayoutResult layeredLayout(const LayoutGraph &graph, const LayoutOptions &options = {});

// Layout quality figures over edge routes taken as polylines (the same measure for any layout
// engine's routes, so the benchmark can compare with its peers): the number of proper
// crossings between segments of different edges (touching at shared end points does not
// count), and the summed length of all routes.
using EdgeRoutes = std::vector<std::vector<LayoutPoint>>;
size_t countCrossings(const EdgeRoutes &routes);
double totalEdgeLength(const EdgeRoutes &routes);
inline size_t countCrossings(const LayoutGraph &, const LayoutResult &layout)
{
    return countCrossings(layout.routes);
}

} // namespace silica
