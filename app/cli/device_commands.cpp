#include "app/cli/device_commands.h"

#include "app/cli/cli.h"
#include "core/device/device_registry.h"
#include "core/device/host_timer.h"
#include "core/graph/graph_index.h"
#include "core/graph/onnx_import.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <map>
#include <cstdio>
#include <cstdlib>

namespace silica {

using namespace device;

const char *const kDeviceUsage =
    "  devices [--profiles DIR] [--json]         installed device profiles and where to add more\n"
    "  profile MODEL (--device ID | --all-devices) [--precision P] [--rate HZ] [--dim NAME=N ...]\n"
    "      [--profiles DIR] [--no-measure] [--json]  support, partition, latency and energy per device\n";

namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

std::string format(const char *fmt, double v)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, fmt, v);
    return buf;
}

// False (with a message) when a folder given with --profiles is not a folder.
bool loadRegistry(DeviceRegistry &registry, const std::vector<std::string> &extraDirs, std::string &err)
{
    for (const std::string &dir : extraDirs)
        if (!QFileInfo(QString::fromStdString(dir)).isDir()) {
            err += "silica-cli: --profiles: '" + dir + "' is not a folder of device profiles\n";
            return false;
        }
    std::vector<std::string> profileDirs = DeviceRegistry::defaultProfileDirs();
    profileDirs.insert(profileDirs.end(), extraDirs.begin(), extraDirs.end());
    registry.load(DeviceRegistry::defaultPluginDirs(), profileDirs);
    for (const std::string &p : registry.problems())
        err += "silica-cli: warning: " + p + "\n";
    for (const std::string &n : registry.notes())
        err += "silica-cli: note: " + n + "\n";
    return true;
}

std::string figureText(const Figure &f, const char *fmt)
{
    return format(fmt, f.value) + (f.unconfirmed() ? " [unconfirmed]" : "");
}

} // namespace

int devicesCommand(const std::vector<std::string> &args, std::string &out, std::string &err)
{
    bool json = false;
    std::vector<std::string> dirs;
    for (size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--json") {
            json = true;
        } else if (args[i] == "--profiles" && i + 1 < args.size()) {
            dirs.push_back(args[++i]);
        } else {
            err += "silica-cli devices: unexpected argument '" + args[i] + "'\n\nusage:\n" + kDeviceUsage;
            return CliUsage;
        }
    }
    DeviceRegistry registry;
    if (!loadRegistry(registry, dirs, err))
        return CliBadInput;
    if (json) {
        QJsonArray list;
        for (const DevicePtr &d : registry.devices()) {
            const DeviceProfile &p = d->profile();
            QJsonObject o;
            o[QStringLiteral("id")] = qs(p.id);
            o[QStringLiteral("name")] = qs(p.name);
            o[QStringLiteral("vendor")] = qs(p.vendor);
            o[QStringLiteral("backend")] = qs(p.backend);
            QJsonArray precisions;
            for (Precision pr : p.precisions())
                precisions.append(QLatin1String(precisionName(pr)));
            o[QStringLiteral("precisions")] = precisions;
            o[QStringLiteral("default_precision")] = QLatin1String(precisionName(p.defaultPrecision));
            o[QStringLiteral("file")] = qs(p.file);
            o[QStringLiteral("measured")] = p.measuredOnHost;
            list.append(o);
        }
        QJsonObject root;
        root[QStringLiteral("devices")] = list;
        root[QStringLiteral("user_profile_dir")] = qs(DeviceRegistry::userProfileDir());
        QJsonArray problems;
        for (const std::string &p : registry.problems())
            problems.append(qs(p));
        root[QStringLiteral("problems")] = problems;
        out += QJsonDocument(root).toJson(QJsonDocument::Indented).toStdString();
        return CliOk;
    }
    if (registry.devices().empty())
        out += "No device profiles installed (no device plugins found; set SILICA_PLUGIN_PATH).\n";
    for (const DevicePtr &d : registry.devices()) {
        const DeviceProfile &p = d->profile();
        std::string precisions;
        for (Precision pr : p.precisions())
            precisions += std::string(precisions.empty() ? "" : ", ") + precisionName(pr) + " " +
                          figureText(p.peakOps.at(pr), "%.3g") + " ops/s";
        out += p.id + "  " + p.name + "\n";
        out += "    backend " + p.backend + " (" + d->backend().description() + ")\n";
        out += "    precisions: " + precisions + "; analysed at " + precisionName(p.defaultPrecision) + " by default\n";
        out += "    on-chip " + figureText(p.onChipBytes, "%.4g") + " B, memory " +
               figureText(p.memoryBandwidth, "%.3g") + " B/s" + (p.measuredOnHost ? "; measured on this machine" : "") + "\n";
        out += "    from " + p.file + "\n";
    }
    out += "\nAdd or override profiles by dropping JSON files into " + DeviceRegistry::userProfileDir() +
           " (format: resources/devices/README.md in the source tree).\n";
    return CliOk;
}

namespace {

struct ProfileArgs
{
    std::string model;
    std::vector<std::string> devices;
    bool all = false;
    bool json = false;
    bool measure = true;
    std::optional<Precision> precision;
    double rate = 0;
    std::vector<std::string> dirs;
    std::map<std::string, int64_t> dims;
};

QJsonObject reportJson(const Model &model, const DeviceReport &r, double rate)
{
    const GraphIndex &index = model.graph->index();
    const DeviceProfile &p = r.device->profile();
    QJsonObject o;
    o[QStringLiteral("device")] = qs(p.id);
    o[QStringLiteral("name")] = qs(p.name);
    o[QStringLiteral("precision")] = QLatin1String(precisionName(r.support.precision));
    o[QStringLiteral("measured")] = r.estimate.measured;
    QJsonArray banners, notes, log;
    for (const std::string &b : r.partition.banners)
        banners.append(qs(b));
    for (const std::string &n : r.estimate.notes)
        notes.append(qs(n));
    for (const std::string &l : r.partition.log)
        log.append(qs(l));
    o[QStringLiteral("banners")] = banners;
    o[QStringLiteral("notes")] = notes;
    o[QStringLiteral("compiler_log")] = log;
    QJsonArray nodes;
    for (size_t i = 0; i < r.partition.nodes.size(); ++i) {
        const NodePlacement &np = r.partition.nodes[i];
        const NodeCost &c = r.estimate.nodes[i];
        const Node *node = index.node(np.id);
        QJsonObject n;
        n[QStringLiteral("name")] = qs(node ? node->displayName() : std::string());
        n[QStringLiteral("op")] = qs(node ? node->opType : std::string());
        n[QStringLiteral("placement")] = QLatin1String(placementName(np.placement));
        n[QStringLiteral("reason")] = qs(np.reason);
        if (np.rootCause)
            n[QStringLiteral("root_cause")] = true;
        n[QStringLiteral("precision")] = QLatin1String(precisionName(np.precision));
        n[QStringLiteral("segment")] = np.segment;
        n[QStringLiteral("latency_ms")] = c.ms;
        n[QStringLiteral("bound")] = QLatin1String(boundName(c.bound));
        n[QStringLiteral("weight_bytes")] = qint64(c.weightBytes);
        n[QStringLiteral("streamed_weight_bytes")] = qint64(c.streamedWeightBytes);
        n[QStringLiteral("activation_bytes")] = qint64(c.activationBytes);
        n[QStringLiteral("memory_fit")] = c.memoryFit;
        n[QStringLiteral("energy_mj")] = c.energyMj;
        nodes.append(n);
    }
    o[QStringLiteral("nodes")] = nodes;
    QJsonArray segments;
    for (const SegmentCost &s : r.estimate.segments) {
        QJsonObject so;
        so[QStringLiteral("index")] = s.segment;
        so[QStringLiteral("device")] = s.accelerator ? QStringLiteral("accelerator") : QStringLiteral("cpu");
        so[QStringLiteral("nodes")] = qint64(r.partition.segments[size_t(s.segment)].nodes.size());
        so[QStringLiteral("start_ms")] = s.startMs;
        so[QStringLiteral("transfer_ms")] = s.transferMs;
        so[QStringLiteral("transfer_bytes")] = qint64(s.transferBytes);
        so[QStringLiteral("overhead_ms")] = s.overheadMs;
        so[QStringLiteral("compute_ms")] = s.computeMs;
        segments.append(so);
    }
    o[QStringLiteral("segments")] = segments;
    QJsonArray crossings;
    for (const Crossing &x : r.partition.crossings) {
        QJsonObject xo;
        xo[QStringLiteral("value")] = qs(x.value);
        xo[QStringLiteral("from_segment")] = x.fromSegment;
        xo[QStringLiteral("to_segment")] = x.toSegment;
        xo[QStringLiteral("bytes")] = qint64(x.bytes);
        xo[QStringLiteral("transfer_ms")] = transferMs(x, p);
        crossings.append(xo);
    }
    o[QStringLiteral("crossings")] = crossings;
    QJsonObject totals;
    totals[QStringLiteral("latency_ms")] = r.estimate.totalMs;
    totals[QStringLiteral("accelerator_ms")] = r.estimate.acceleratorMs;
    totals[QStringLiteral("cpu_ms")] = r.estimate.cpuMs;
    totals[QStringLiteral("transfer_ms")] = r.estimate.transferMs;
    totals[QStringLiteral("overhead_ms")] = r.estimate.overheadMs;
    totals[QStringLiteral("accelerator_share")] = r.estimate.acceleratorOpShare;
    totals[QStringLiteral("accelerator_segments")] = r.partition.acceleratorSegments();
    totals[QStringLiteral("on_chip_weight_bytes")] = qint64(r.estimate.onChipWeightBytes);
    totals[QStringLiteral("streamed_weight_bytes")] = qint64(r.estimate.streamedWeightBytes);
    o[QStringLiteral("totals")] = totals;
    QJsonObject energy;
    energy[QStringLiteral("per_inference_mj")] = r.estimate.energyMj;
    if (rate > 0) {
        const PowerAtRate pw = powerAtRate(r.estimate, p, rate);
        energy[QStringLiteral("rate_hz")] = rate;
        energy[QStringLiteral("average_w")] = pw.averageW;
        energy[QStringLiteral("duty_cycle")] = pw.dutyCycle;
        energy[QStringLiteral("saturated")] = pw.saturated;
    }
    o[QStringLiteral("energy")] = energy;
    return o;
}

std::string reportText(const Model &model, const DeviceReport &r, double rate)
{
    const GraphIndex &index = model.graph->index();
    const DeviceProfile &p = r.device->profile();
    std::string s = "== " + p.name + " (" + p.id + ") at " + precisionName(r.support.precision) +
                    (r.estimate.measured ? ", measured ==\n" : ", estimate ==\n");
    for (const std::string &b : r.partition.banners)
        s += "! " + b + "\n";
    for (const std::string &l : r.partition.log)
        s += "  " + l + "\n";
    char line[512];
    std::snprintf(line, sizeof line, "%-44s %-18s %-11s %9s %-8s %s\n", "node", "op", "placement", "ms", "bound",
                  "reason");
    s += line;
    for (size_t i = 0; i < r.partition.nodes.size(); ++i) {
        const NodePlacement &np = r.partition.nodes[i];
        if (np.placement == Placement::Folded)
            continue;
        const NodeCost &c = r.estimate.nodes[i];
        const Node *node = index.node(np.id);
        std::string name = node ? node->displayName() : "?";
        if (name.size() > 44)
            name = "…" + name.substr(name.size() - 42);
        std::snprintf(line, sizeof line, "%-44s %-18s %-11s %9.4f %-8s %s%s\n", name.c_str(),
                      node ? node->opType.substr(0, 18).c_str() : "", placementName(np.placement), c.ms,
                      boundName(c.bound), np.rootCause ? "[root cause] " : "", np.reason.c_str());
        s += line;
    }
    s += "segments:\n";
    for (const SegmentCost &sc : r.estimate.segments) {
        std::snprintf(line, sizeof line, "  #%d %-11s %4zu nodes  start %8.3f ms  transfer %7.3f ms (%llu B)  compute %8.3f ms\n",
                      sc.segment, sc.accelerator ? "accelerator" : "cpu",
                      r.partition.segments[size_t(sc.segment)].nodes.size(), sc.startMs, sc.transferMs,
                      static_cast<unsigned long long>(sc.transferBytes), sc.computeMs);
        s += line;
    }
    std::snprintf(line, sizeof line,
                  "total %.3f ms (accelerator %.3f, cpu %.3f, transfers %.3f, overheads %.3f); %.0f%% of ops on the "
                  "accelerator in %d segment(s); energy %.3f mJ per inference\n",
                  r.estimate.totalMs, r.estimate.acceleratorMs, r.estimate.cpuMs, r.estimate.transferMs,
                  r.estimate.overheadMs, 100 * r.estimate.acceleratorOpShare, r.partition.acceleratorSegments(),
                  r.estimate.energyMj);
    s += line;
    if (rate > 0) {
        const PowerAtRate pw = powerAtRate(r.estimate, p, rate);
        std::snprintf(line, sizeof line, "at %.4g inferences/s: average %.4g W, busy %.1f%%%s\n", rate, pw.averageW,
                      100 * pw.dutyCycle, pw.saturated ? " (saturated: one inference takes longer than the period)" : "");
        s += line;
    }
    for (const std::string &n : r.estimate.notes)
        s += "note: " + n + "\n";
    return s + "\n";
}

} // namespace

int profileCommand(const std::vector<std::string> &args, std::string &out, std::string &err)
{
    ProfileArgs a;
    auto bad = [&](const std::string &what) {
        err += "silica-cli profile: " + what + "\n\nusage:\n" + kDeviceUsage;
        return CliUsage;
    };
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string &x = args[i];
        const bool hasValue = i + 1 < args.size();
        if (x == "--json") {
            a.json = true;
        } else if (x == "--all-devices") {
            a.all = true;
        } else if (x == "--no-measure") {
            a.measure = false;
        } else if (x == "--device" && hasValue) {
            a.devices.push_back(args[++i]);
        } else if (x == "--profiles" && hasValue) {
            a.dirs.push_back(args[++i]);
        } else if (x == "--precision" && hasValue) {
            a.precision = precisionFromName(args[++i]);
            if (!a.precision)
                return bad("--precision takes int8, int16, fp16 or fp32, not '" + args[i] + "'");
        } else if (x == "--dim" && hasValue) {
            const std::string d = args[++i];
            const size_t eq = d.find('=');
            char *end = nullptr;
            const long long n = eq == std::string::npos ? 0 : std::strtoll(d.c_str() + eq + 1, &end, 10);
            if (eq == std::string::npos || eq == 0 || !end || *end || n < 1)
                return bad("--dim takes NAME=N with N ≥ 1 (a symbolic dimension of the model), not '" + d + "'");
            a.dims[d.substr(0, eq)] = n;
        } else if (x == "--rate" && hasValue) {
            char *end = nullptr;
            a.rate = std::strtod(args[++i].c_str(), &end);
            if (!end || *end || !(a.rate > 0) || !std::isfinite(a.rate))
                return bad("--rate takes inferences per second (a positive number), not '" + args[i] + "'");
        } else if (!x.empty() && x[0] == '-') {
            return bad("unknown option '" + x + "'");
        } else if (a.model.empty()) {
            a.model = x;
        } else {
            return bad("unexpected argument '" + x + "'");
        }
    }
    if (a.model.empty())
        return bad("no model file given");
    if (a.devices.empty() && !a.all)
        return bad("say which device: --device ID (see 'silica-cli devices') or --all-devices");

    if (a.all && !a.devices.empty())
        return bad("give --device or --all-devices, not both");
    DeviceRegistry registry;
    if (!loadRegistry(registry, a.dirs, err))
        return CliBadInput;
    std::vector<DevicePtr> devices;
    if (a.all) {
        devices = registry.devices();
    } else {
        for (const std::string &id : a.devices) {
            DevicePtr d = registry.find(id);
            if (!d) {
                std::string known;
                for (const DevicePtr &k : registry.devices())
                    known += (known.empty() ? "" : ", ") + k->id();
                err += "silica-cli profile: no device '" + id + "' (installed: " + (known.empty() ? "none" : known) +
                       ")\n";
                return CliUsage;
            }
            devices.push_back(d);
        }
    }
    if (devices.empty()) {
        err += "silica-cli profile: no device profiles installed (no device plugins found)\n";
        return CliBadInput;
    }
    LoadOptions loadOptions;
    loadOptions.runChecker = false;
    auto loaded = loadModel(a.model, loadOptions);
    if (!loaded) {
        err += "silica-cli: " + loaded.error().message() + "\n";
        return CliBadInput;
    }
    const Model &model = *loaded->model;
    AnalysisOptions analysis;
    analysis.precision = a.precision;
    analysis.dims = a.dims;
    analysis.shapeProbe = runtimeShapeProbe(a.dims);
    EstimateOptions estimate;
    estimate.measure = a.measure;
    estimate.hostTimer = runtimeHostTimer(5, 0, a.dims);

    QJsonArray reports;
    std::string comparison;
    for (const DevicePtr &d : devices) {
        Expected<DeviceReport> r = analyzeOnDevice(model, d, analysis, estimate);
        if (!r) {
            err += "silica-cli profile: " + d->id() + ": " + r.error().message() + "\n";
            return CliBadInput;
        }
        if (a.json)
            reports.append(reportJson(model, *r, a.rate));
        else
            out += reportText(model, *r, a.rate);
        char line[256];
        std::snprintf(line, sizeof line, "%-22s %12.3f %10s %12.3f %9.0f%% %9d", d->id().c_str(), r->estimate.totalMs,
                      r->estimate.measured ? "measured" : "estimate", r->estimate.energyMj,
                      100 * r->estimate.acceleratorOpShare, r->partition.acceleratorSegments());
        comparison += line;
        if (a.rate > 0) {
            const PowerAtRate pw = powerAtRate(r->estimate, d->profile(), a.rate);
            std::snprintf(line, sizeof line, " %12.4g%s", pw.averageW, pw.saturated ? " (saturated)" : "");
            comparison += line;
        }
        comparison += "\n";
    }
    if (a.json) {
        QJsonObject root;
        root[QStringLiteral("model")] = qs(a.model);
        root[QStringLiteral("devices")] = reports;
        out += QJsonDocument(root).toJson(QJsonDocument::Indented).toStdString();
    } else if (devices.size() > 1) {
        out += "device                 latency (ms)     source  energy (mJ)  on device  segments";
        if (a.rate > 0)
            out += format("  avg W @ %g/s", a.rate);
        out += "\n" + comparison;
    }
    return CliOk;
}

} // namespace silica
