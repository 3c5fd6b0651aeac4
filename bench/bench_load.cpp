// Opening a model: Silica's loader (parse + IR + validation + checker + shape inference)
// against the ONNX reference implementation doing the same work (python3-onnx: onnx.load,
// checker.check_model, shape_inference.infer_shapes), measured in the same run.
//
// usage: bench_load [MODEL.onnx] [REPEATS]
//   default model: ResNet-50 from scripts/fetch_models.sh, else the bundled sample.
// Prints the median wall time of each, the ratio, and Silica's peak resident memory against
// the file size (weights are held once, so the ratio stays close to 1).

#include "core/graph/onnx_import.h"
#include "core/graph/statistics.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>

#include <algorithm>
#include <cstdio>
#include <sys/resource.h>
#include <vector>

namespace {

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

long peakRssKiB()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

// Runs the reference loader `repeats` times in one Python process; returns per-run seconds.
std::vector<double> peerTimes(const QString &model, int repeats, QString &why)
{
    const QString script = QStringLiteral("import sys, time\n"
                                          "import onnx, onnx.checker, onnx.shape_inference\n"
                                          "p, n = sys.argv[1], int(sys.argv[2])\n"
                                          "for _ in range(n):\n"
                                          "    t = time.perf_counter()\n"
                                          "    m = onnx.load(p)\n"
                                          "    onnx.checker.check_model(m)\n"
                                          "    m = onnx.shape_inference.infer_shapes(m)\n"
                                          "    print(time.perf_counter() - t, flush=True)\n");
    QProcess py;
    py.start(QStringLiteral("/usr/bin/python3"),
             {QStringLiteral("-c"), script, model, QString::number(repeats)});
    if (!py.waitForFinished(600000) || py.exitCode() != 0) {
        why = QString::fromUtf8(py.readAllStandardError()).trimmed().section(QLatin1Char('\n'), -1);
        if (why.isEmpty())
            why = QStringLiteral("python3 did not run");
        return {};
    }
    std::vector<double> times;
    for (const QByteArray &line : py.readAllStandardOutput().split('\n'))
        if (!line.trimmed().isEmpty())
            times.push_back(line.toDouble());
    return times;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QString model = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QString();
    const int repeats = argc > 2 ? std::max(1, atoi(argv[2])) : 5;
    if (model.isEmpty()) {
        const QString cached =
            QDir::homePath() + QStringLiteral("/.cache/silica/models/torch/resnet50.onnx");
        model = QFileInfo::exists(cached)
                    ? cached
                    : QStringLiteral(SILICA_SOURCE_DIR "/resources/samples/kws_swish.onnx");
    }
    const qint64 fileSize = QFileInfo(model).size();
    std::printf("model: %s (%.1f MiB)\n", qPrintable(model), fileSize / 1048576.0);

    const long rssBefore = peakRssKiB();
    std::vector<double> ours;
    silica::ModelPtr keep;
    for (int i = 0; i < repeats; ++i) {
        QElapsedTimer t;
        t.start();
        auto loaded = silica::loadModel(model.toStdString());
        if (!loaded) {
            std::fprintf(stderr, "%s\n", loaded.error().message().c_str());
            return 2;
        }
        ours.push_back(t.nsecsElapsed() / 1e9);
        keep = loaded->model; // hold one model while the next loads, as an app would
    }
    const long rssGrowth = peakRssKiB() - rssBefore;
    const silica::ModelStats stats = silica::modelStatistics(*keep);
    std::printf("nodes: %llu  parameters: %s\n", static_cast<unsigned long long>(stats.nodeCount),
                silica::formatCount(stats.params).c_str());
    std::printf("silica load+check+infer: median %.1f ms over %d runs\n", median(ours) * 1e3,
                repeats);
    std::printf("silica peak RSS growth: %.1f MiB = %.2f x file size (two models alive)\n",
                rssGrowth / 1024.0, rssGrowth * 1024.0 / std::max<qint64>(1, fileSize));

    QString why;
    const std::vector<double> peer = peerTimes(model, repeats, why);
    if (peer.empty()) {
        std::printf("peer (python3-onnx 1.12) not measured: %s\n", qPrintable(why));
        return 0;
    }
    std::printf("peer onnx.load+check_model+infer_shapes: median %.1f ms over %d runs\n",
                median(peer) * 1e3, static_cast<int>(peer.size()));
    std::printf("ratio peer/silica: %.2fx\n", median(peer) / median(ours));
    return 0;
}
