// Graph layout speed and quality: Silica's layered layout against @dagrejs/dagre (Netron's
// layout) and elkjs (layered), on the same model-like DAGs (core/layout/synthetic_graphs.h:
// a main chain with residual and branch blocks), measured in the same run.
//
// usage: bench_layout [--sizes 1000,5000,10000,50000] [--peer-max 5000] [--seed 1]
//   Peers run out of process (bench/layout/layout_peer.mjs; scripts/fetch_layout_peers.sh
//   installs them) on sizes up to --peer-max: dagre needs seconds at 5,000 nodes and grows
//   faster than linearly. Quality is measured the same way for every engine on the routes it
//   returns: proper edge crossings and total edge length (core/layout/layered_layout.h).

#include "core/layout/layered_layout.h"
#include "core/layout/synthetic_graphs.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstdio>
#include <optional>
#include <vector>

using namespace silica;

namespace {

struct Figures
{
    double seconds = 0;
    size_t crossings = 0;
    double length = 0;
};

bool writeGraph(const LayoutGraph &g, const QString &file)
{
    QJsonArray nodes, edges;
    for (size_t i = 0; i < g.widths.size(); ++i)
        nodes.append(QJsonObject{{QStringLiteral("w"), g.widths[i]}, {QStringLiteral("h"), g.heights[i]}});
    for (const auto &[a, b] : g.edges)
        edges.append(QJsonArray{a, b});
    QFile f(file);
    return f.open(QIODevice::WriteOnly) &&
           f.write(QJsonDocument(QJsonObject{{QStringLiteral("nodes"), nodes}, {QStringLiteral("edges"), edges}}).toJson(QJsonDocument::Compact)) > 0;
}

// Runs one peer engine; nullopt (with the reason in `why`) when it is missing or fails.
std::optional<Figures> runPeer(const QString &engine, const QString &graphFile, const QString &outFile,
                               QString &why)
{
    QProcess node;
    // dagre recurses as deep as the graph is long: give V8 the whole 8 MiB main-thread stack.
    node.start(QStringLiteral("node"), {QStringLiteral("--stack-size=7800"),
                                        QStringLiteral(SILICA_SOURCE_DIR "/bench/layout/layout_peer.mjs"),
                                        engine, graphFile, outFile});
    if (!node.waitForFinished(30 * 60 * 1000) || node.exitStatus() != QProcess::NormalExit ||
        node.exitCode() != 0) {
        why = QString::fromUtf8(node.readAllStandardError()).trimmed();
        if (why.isEmpty())
            why = QStringLiteral("node did not run (is it installed?)");
        return std::nullopt;
    }
    QFile f(outFile);
    if (!f.open(QIODevice::ReadOnly)) {
        why = QStringLiteral("no result from ") + engine;
        return std::nullopt;
    }
    const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
    EdgeRoutes routes;
    for (const QJsonValue &r : o.value(QStringLiteral("routes")).toArray()) {
        std::vector<LayoutPoint> route;
        for (const QJsonValue &p : r.toArray())
            route.push_back({p.toArray().at(0).toDouble(), p.toArray().at(1).toDouble()});
        routes.push_back(std::move(route));
    }
    return Figures{o.value(QStringLiteral("seconds")).toDouble(), countCrossings(routes), totalEdgeLength(routes)};
}

Figures runSilica(const LayoutGraph &g, int repeats)
{
    std::vector<double> times;
    LayoutResult r;
    for (int i = 0; i < repeats; ++i) {
        QElapsedTimer t;
        t.start();
        r = layeredLayout(g);
        times.push_back(double(t.nsecsElapsed()) / 1e9);
    }
    std::sort(times.begin(), times.end());
    return Figures{times[times.size() / 2], countCrossings(r.routes), totalEdgeLength(r.routes)};
}

QString ratio(double a, double b) { return b > 0 ? QString::number(a / b, 'f', 2) : QStringLiteral("-"); }

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    std::vector<int> sizes{1000, 5000, 10000, 50000};
    int peerMax = 5000;
    uint32_t seed = 1;
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--sizes") && i + 1 < args.size()) {
            sizes.clear();
            for (const QString &s : args[++i].split(QLatin1Char(',')))
                sizes.push_back(s.toInt());
        } else if (args[i] == QLatin1String("--peer-max") && i + 1 < args.size()) {
            peerMax = args[++i].toInt();
        } else if (args[i] == QLatin1String("--seed") && i + 1 < args.size()) {
            seed = args[++i].toUInt();
        } else {
            std::fprintf(stderr, "usage: bench_layout [--sizes N,N,…] [--peer-max N] [--seed N]\n");
            return 2;
        }
    }
    QTemporaryDir dir;
    std::printf("Layered layout of model-like DAGs (chain + residual and branch blocks), seed %u\n", seed);
    std::printf("Anchors measured earlier on 5,000 nodes: graphviz dot 12.5 s, dagre 7.6 s, elkjs 4.9 s\n\n");
    std::printf("%7s %6s %-7s %10s %11s %10s %14s %9s %9s\n", "nodes", "edges", "engine", "layout s",
                "µs/node", "crossings", "edge length", "time/Sil", "len/Sil");
    for (int n : sizes) {
        const LayoutGraph g = modelLikeDag(n, seed);
        const Figures ours = runSilica(g, n <= 10000 ? 5 : 3);
        auto row = [&](const char *engine, const Figures &f) {
            std::printf("%7d %6zu %-7s %10.3f %11.1f %10zu %14.0f %9s %9s\n", n, g.edges.size(), engine,
                        f.seconds, f.seconds * 1e6 / n, f.crossings, f.length,
                        qPrintable(ratio(f.seconds, ours.seconds)), qPrintable(ratio(f.length, ours.length)));
        };
        row("silica", ours);
        if (n > peerMax)
            continue;
        const QString graphFile = dir.filePath(QStringLiteral("graph_%1.json").arg(n));
        if (!writeGraph(g, graphFile)) {
            std::fprintf(stderr, "cannot write %s\n", qPrintable(graphFile));
            continue;
        }
        for (const char *engine : {"dagre", "elk"}) {
            QString why;
            auto f = runPeer(QString::fromLatin1(engine), graphFile, dir.filePath(QStringLiteral("out.json")), why);
            if (f)
                row(engine, *f);
            else
                std::printf("%7d %6zu %-7s skipped: %s\n", n, g.edges.size(), engine, qPrintable(why.left(160)));
        }
    }
    return 0;
}
