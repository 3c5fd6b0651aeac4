// The canvas as a user meets it: time from File → Open to the first painted picture, and the
// frame time of panning and zooming, with the real main window (run under Xvfb, or with
// QT_QPA_PLATFORM=offscreen). Models: ResNet-50 (scripts/fetch_models.sh) and a synthetic
// model-like ONNX graph of 10,000 nodes (core/layout/synthetic_graphs.h turned into Relu / Add
// / Sum ops with scoped names), written to a temporary file first.
//
// usage: bench_canvas [--nodes 10000] [--frames 60] [--write-synthetic FILE.onnx]
//   --write-synthetic writes the synthetic model and exits (for screenshots).
// Prints each figure beside its target (open ≤ 0.5 s for ResNet-50, ≤ 2 s for 10,000 nodes;
// ≤ 16 ms per frame) and the ratio to it.

#include "app/gui/main_window.h"
#include "core/graph/graph_builder.h"
#include "core/graph/onnx_export.h"
#include "core/layout/synthetic_graphs.h"
#include "views/graph/graph_view.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace silica;

namespace {

// Counts paints of a widget.
class PaintWatch : public QObject
{
public:
    int paints = 0;
    bool eventFilter(QObject *, QEvent *e) override
    {
        if (e->type() == QEvent::Paint)
            ++paints;
        return false;
    }
};

// The synthetic DAG as an ONNX model: one input, Relu for chain nodes, Add / Sum where paths
// join, names scoped "/stage{s}/block{b}/…" as exporters write them.
Model syntheticModel(int nodes)
{
    const LayoutGraph g = modelLikeDag(nodes, 1);
    std::vector<std::vector<int>> inputs(g.widths.size());
    for (const auto &[from, to] : g.edges)
        inputs[size_t(to)].push_back(from);
    GraphBuilder b;
    b.input("x", DataType::Float, {1, 16, 8, 8});
    for (size_t v = 0; v < g.widths.size(); ++v) {
        std::vector<std::string> in;
        for (int u : inputs[v])
            in.push_back("v" + std::to_string(u));
        if (in.empty())
            in.push_back("x");
        const char *op = in.size() == 1 ? "Relu" : in.size() == 2 ? "Add" : "Sum";
        const std::string name = "/stage" + std::to_string(v / 2000) + "/block" +
                                 std::to_string(v / 40) + "/" + op + "_" + std::to_string(v);
        b.node(op, in, {"v" + std::to_string(v)}, name);
    }
    b.output("v" + std::to_string(g.widths.size() - 1), DataType::Float, {1, 16, 8, 8});
    return b.build();
}

// Opens `path` and returns the seconds until the canvas has painted the model (-1 on failure).
double openToFirstPaint(MainWindow &window, const QString &path)
{
    PaintWatch watch;
    QWidget *viewport = window.graphView()->viewport();
    viewport->installEventFilter(&watch);
    QEventLoop loop;
    bool opened = false, failed = false;
    auto c1 = QObject::connect(&window, &MainWindow::modelOpened, [&] { opened = true; });
    auto c2 = QObject::connect(&window, &MainWindow::openFailed, [&] {
        failed = true;
        loop.quit();
    });
    QTimer poll;
    int paintsAtOpen = -1;
    QElapsedTimer timer;
    double seconds = -1;
    QObject::connect(&poll, &QTimer::timeout, [&] {
        if (opened && paintsAtOpen < 0) {
            paintsAtOpen = watch.paints;
            viewport->update();
        }
        if (opened && watch.paints > paintsAtOpen && paintsAtOpen >= 0) {
            seconds = double(timer.nsecsElapsed()) / 1e9;
            loop.quit();
        }
        if (timer.elapsed() > 120000)
            loop.quit();
    });
    timer.start();
    window.openFile(path);
    poll.start(0);
    loop.exec();
    QObject::disconnect(c1);
    QObject::disconnect(c2);
    viewport->removeEventFilter(&watch);
    return failed ? -1 : seconds;
}

struct FrameTimes
{
    double mean = 0, p95 = 0;
};

// Pans across the graph and zooms in and out, repainting synchronously each step.
FrameTimes frameTimes(GraphView &view, int frames)
{
    std::vector<double> ms;
    QScrollBar *v = view.verticalScrollBar();
    QScrollBar *h = view.horizontalScrollBar();
    for (int i = 0; i < frames; ++i) {
        QElapsedTimer t;
        t.start();
        switch (i % 4) {
        case 0:
            v->setValue(v->value() + std::max(1, v->maximum() / frames));
            break;
        case 1:
            h->setValue(h->value() + (i % 8 == 1 ? 120 : -120));
            break;
        case 2:
            view.zoomOut();
            break;
        case 3:
            view.zoomIn();
            break;
        }
        view.viewport()->repaint();
        ms.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    std::sort(ms.begin(), ms.end());
    FrameTimes f;
    for (double x : ms)
        f.mean += x / double(ms.size());
    f.p95 = ms[std::min(ms.size() - 1, size_t(double(ms.size()) * 0.95))];
    return f;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    int nodes = 10000, frames = 60;
    QString writeOnly;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == QLatin1String("--nodes"))
            nodes = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--frames"))
            frames = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--write-synthetic"))
            writeOnly = args[i + 1];
    }
    if (!writeOnly.isEmpty()) {
        const Status s = saveModel(syntheticModel(nodes), writeOnly.toStdString());
        if (!s)
            std::fprintf(stderr, "%s\n", s.message().c_str());
        return s ? 0 : 1;
    }
    QTemporaryDir dir;
    const QString synthetic = dir.filePath(QStringLiteral("synthetic.onnx"));
    if (Status s = saveModel(syntheticModel(nodes), synthetic.toStdString()); !s) {
        std::fprintf(stderr, "cannot write the synthetic model: %s\n", s.message().c_str());
        return 1;
    }
    const QString resnet =
        QDir::homePath() + QStringLiteral("/.cache/silica/models/torch/resnet50.onnx");

    MainWindow window;
    window.resize(1600, 1000);
    window.show();
    QApplication::processEvents();
    std::printf("Canvas, real main window (%s platform)\n\n",
                qPrintable(QApplication::platformName()));
    std::printf("%-34s %10s %10s %8s\n", "figure", "measured", "target", "ratio");
    auto row = [](const char *what, double value, double target, const char *unit) {
        std::printf("%-34s %8.3f %s %8.3f %s %8.2f\n", what, value, unit, target, unit,
                    value / target);
    };
    if (QFile::exists(resnet)) {
        const double s = openToFirstPaint(window, resnet);
        row("ResNet-50: open to first paint", s, 0.5, "s ");
        const FrameTimes f = frameTimes(*window.graphView(), frames);
        row("ResNet-50: frame, mean", f.mean, 16, "ms");
        row("ResNet-50: frame, 95th percentile", f.p95, 16, "ms");
    } else {
        std::printf("ResNet-50 skipped: %s not found (scripts/fetch_models.sh)\n",
                    qPrintable(resnet));
    }
    const double s = openToFirstPaint(window, synthetic);
    const QString label = QStringLiteral("%1 nodes: open to first paint").arg(nodes);
    row(qPrintable(label), s, 2.0, "s ");
    window.graphView()->fitToWindow();
    const FrameTimes fit = frameTimes(*window.graphView(), frames);
    row("whole graph in view: frame, mean", fit.mean, 16, "ms");
    row("whole graph in view: frame, p95", fit.p95, 16, "ms");
    for (int i = 0; i < 12; ++i)
        window.graphView()->zoomIn();
    const FrameTimes close = frameTimes(*window.graphView(), frames);
    row("close up (text): frame, mean", close.mean, 16, "ms");
    row("close up (text): frame, p95", close.p95, 16, "ms");
    std::printf("(opened with %d nodes drawn and %d groups collapsed)\n",
                window.graphView()->drawnNodeCount(), window.graphView()->collapsedGroupCount());
    {
        // A group in the middle of the model, opened in place as a double-click does.
        const std::vector<int> closed = window.graphView()->collapsedGroups();
        if (!closed.empty()) {
            const int group = closed[closed.size() / 2];
            QElapsedTimer one;
            one.start();
            window.graphView()->expandGroup(group);
            QApplication::processEvents();
            row("expand one group in place", double(one.nsecsElapsed()) / 1e9, 0.1, "s ");
        }
    }
    QElapsedTimer expand;
    expand.start();
    window.graphView()->expandAllGroups();
    QApplication::processEvents();
    row("expand all groups (relayout, redraw)", double(expand.nsecsElapsed()) / 1e9, 2.0, "s ");
    window.graphView()->fitToWindow();
    const FrameTimes all = frameTimes(*window.graphView(), frames);
    row("all expanded, whole graph: mean", all.mean, 16, "ms");
    row("all expanded, whole graph: p95", all.p95, 16, "ms");
    for (int i = 0; i < 8; ++i)
        window.graphView()->zoomIn();
    const FrameTimes mid = frameTimes(*window.graphView(), frames);
    row("all expanded, mid zoom: mean", mid.mean, 16, "ms");
    row("all expanded, mid zoom: p95", mid.p95, 16, "ms");
    for (int i = 0; i < 8; ++i)
        window.graphView()->zoomIn();
    const FrameTimes near = frameTimes(*window.graphView(), frames);
    row("all expanded, close up: mean", near.mean, 16, "ms");
    row("all expanded, close up: p95", near.p95, 16, "ms");
    std::printf("\ndrawn nodes: %d\n", window.graphView()->drawnNodeCount());
    return 0;
}
