#include "app/cli/run_command.h"

#include "app/cli/cli.h"
#include "core/graph/onnx_import.h"
#include "core/runtime/profiler.h"
#include "core/runtime/random_inputs.h"
#include "core/runtime/tensor_io.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace silica {

using namespace runtime;

const char *const kRunUsage =
    "  run MODEL [--input NAME=FILE.npy|.pb ...] [--random] [--seed N] [--dim NAME=N ...]\n"
    "      [--threads N] [--repeat N] [--warmup N] [--profile] [--output-dir DIR]\n"
    "      [--dump-dir DIR] [--strict-finite] [--json]\n"
    "                                           run on the host CPU with Silica's runtime\n";

namespace {

struct RunArgs
{
    std::string model;
    std::vector<std::pair<std::string, std::string>> inputs;
    std::map<std::string, int64_t> dims;
    bool random = false;
    uint64_t seed = 1;
    int threads = 0;
    int repeat = 1;
    int warmup = -1; // default: 1 when repeating or profiling, else 0
    bool profile = false;
    bool json = false;
    bool strictFinite = false; // NaN / Inf from finite inputs is an error, not a warning
    std::string outputDir, dumpDir;
};

int exitFor(const Status &s)
{
    return s.code() == ErrorCode::Internal ? CliInternal : CliBadInput;
}

bool parseInt(const std::string &text, int64_t &value)
{
    try {
        size_t used = 0;
        value = std::stoll(text, &used);
        return used == text.size();
    } catch (...) {
        return false;
    }
}

std::string parse(const std::vector<std::string> &args, RunArgs &r)
{
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string &a = args[i];
        auto next = [&](std::string &value) {
            if (i + 1 >= args.size())
                return false;
            value = args[++i];
            return true;
        };
        std::string v;
        int64_t n = 0;
        if (a == "--random") {
            r.random = true;
        } else if (a == "--profile") {
            r.profile = true;
        } else if (a == "--json") {
            r.json = true;
        } else if (a == "--strict-finite") {
            r.strictFinite = true;
        } else if (a == "--input" || a == "--dim") {
            if (!next(v) || v.find('=') == std::string::npos || v.front() == '=')
                return a + " needs NAME=" + (a == "--input" ? "FILE" : "N");
            const std::string name = v.substr(0, v.find('=')), value = v.substr(v.find('=') + 1);
            if (a == "--input") {
                r.inputs.emplace_back(name, value);
            } else {
                if (!parseInt(value, n) || n < 0)
                    return "--dim " + v + ": the size must be a non-negative integer";
                r.dims[name] = n;
            }
        } else if (a == "--threads" || a == "--repeat" || a == "--warmup" || a == "--seed") {
            if (!next(v) || !parseInt(v, n) || n < 0 || (a != "--warmup" && a != "--seed" && n == 0))
                return a + " needs a " + (a == "--warmup" || a == "--seed" ? "non-negative" : "positive") +
                       " integer";
            if (a == "--threads")
                r.threads = int(n);
            else if (a == "--repeat")
                r.repeat = int(n);
            else if (a == "--warmup")
                r.warmup = int(n);
            else
                r.seed = uint64_t(n);
        } else if (a == "--output-dir" || a == "--dump-dir") {
            if (!next(v))
                return a + " needs a folder";
            (a == "--output-dir" ? r.outputDir : r.dumpDir) = v;
        } else if (!a.empty() && a[0] == '-') {
            return "unknown option '" + a + "'";
        } else if (r.model.empty()) {
            r.model = a;
        } else {
            return "unexpected argument '" + a + "'";
        }
    }
    if (r.model.empty())
        return "no model file given";
    return {};
}

Status ensureDir(const std::string &dir)
{
    if (!QDir().mkpath(QString::fromStdString(dir)))
        return Status(ErrorCode::IoError, "cannot create the folder '" + dir + "'");
    return Status::ok();
}

// `DIR/<safe name>.npy`, with "_2", "_3", … added when two value names map to one file name
// ("a/b" and "a:b").
std::string uniqueFile(const std::string &dir, const std::string &valueName,
                       std::map<std::string, int> &used)
{
    const std::string base = safeFileName(valueName);
    const int n = ++used[base];
    return dir + "/" + base + (n == 1 ? "" : "_" + std::to_string(n)) + ".npy";
}

// Writes every node's outputs as they are computed (no fusion, so every value exists).
class DumpObserver final : public RunObserver
{
public:
    explicit DumpObserver(std::string dir) : m_dir(std::move(dir)) {}
    bool wantsOutputs() const override { return true; }
    void nodeFinished(const NodeEvent &event) override
    {
        for (const auto &[name, tensor] : event.outputs) {
            if (!m_status)
                return;
            m_status = saveNpy(uniqueFile(m_dir, name, m_used), tensor);
            ++m_written;
        }
    }
    Status status() const { return m_status; }
    int written() const { return m_written; }

private:
    std::string m_dir;
    std::map<std::string, int> m_used;
    Status m_status;
    int m_written = 0;
};

struct Summary
{
    double min = 0, max = 0, mean = 0;
};

Summary summarize(const runtime::Tensor &t)
{
    Summary s;
    const std::vector<double> v = t.toDoubles();
    if (v.empty())
        return s;
    s.min = *std::min_element(v.begin(), v.end());
    s.max = *std::max_element(v.begin(), v.end());
    double sum = 0;
    for (double x : v)
        sum += x;
    s.mean = sum / double(v.size());
    return s;
}

std::string fixed(double v, int digits)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

std::string general(double v)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

} // namespace

int runModelCommand(const std::vector<std::string> &args, std::string &out, std::string &err)
{
    RunArgs r;
    const std::string problem = parse(args, r);
    if (!problem.empty()) {
        err += "silica-cli run: " + problem + "\n\nusage:\n" + kRunUsage;
        return CliUsage;
    }
    LoadOptions loadOptions;
    loadOptions.runChecker = false;
    loadOptions.inferShapes = false;
    loadOptions.mapFile = true; // packed weights replace the file's in memory (see LoadOptions)
    auto loaded = loadModel(r.model, loadOptions);
    if (!loaded) {
        err += "silica-cli: " + loaded.error().message() + "\n";
        return exitFor(loaded.error());
    }
    SessionOptions options;
    options.threads = r.threads;
    options.fuse = r.dumpDir.empty(); // a dump needs every node's own output
    auto session = InferenceSession::create(loaded->model, options);
    if (!session) {
        err += "silica-cli: " + session.error().message() + "\n";
        return exitFor(session.error());
    }
    InferenceSession &s = **session;

    NamedTensors feeds;
    for (const auto &[name, file] : r.inputs) {
        auto t = loadTensorFile(file);
        if (!t) {
            err += "silica-cli: input '" + name + "': " + t.error().message() + "\n";
            return CliBadInput;
        }
        feeds.emplace_back(name, *t);
    }
    if (r.random) {
        std::vector<ValueInfo> missing;
        for (const ValueInfo &in : s.inputs())
            if (std::none_of(feeds.begin(), feeds.end(),
                             [&in](const auto &f) { return f.first == in.name; }))
                missing.push_back(in);
        auto random = randomInputs(missing, r.seed, r.dims);
        if (!random) {
            err += "silica-cli: " + random.error().message() + "\n";
            return CliBadInput;
        }
        for (auto &f : *random)
            feeds.push_back(std::move(f));
    }

    for (const std::string &dir : {r.outputDir, r.dumpDir})
        if (!dir.empty()) {
            Status made = ensureDir(dir);
            if (!made) {
                err += "silica-cli: " + made.message() + "\n";
                return CliBadInput;
            }
        }

    ProfileOptions profileOptions;
    profileOptions.repeat = r.repeat;
    profileOptions.warmup = r.warmup >= 0 ? r.warmup : (r.repeat > 1 || r.profile ? 1 : 0);
    ProfileResult result;
    std::string finiteWarning;
    if (!r.dumpDir.empty()) {
        DumpObserver dump(r.dumpDir);
        RunOptions runOptions;
        runOptions.observer = &dump;
        runOptions.finiteCheck = FiniteCheck::Warn;
        auto run = s.run(feeds, runOptions);
        if (!run) {
            err += "silica-cli: " + run.error().message() + "\n";
            return exitFor(run.error());
        }
        if (!dump.status()) {
            err += "silica-cli: " + dump.status().message() + "\n";
            return CliBadInput;
        }
        finiteWarning = run->finiteWarning;
        err += "wrote " + std::to_string(dump.written()) + " tensors to " + r.dumpDir + "\n";
    }
    {
        // The first run checks for NaN / Inf so the user learns which node produced them.
        RunOptions check;
        check.finiteCheck = r.strictFinite ? FiniteCheck::Error : FiniteCheck::Warn;
        auto first = s.run(feeds, check);
        if (!first) {
            err += "silica-cli: " + first.error().message() + "\n";
            return exitFor(first.error());
        }
        if (finiteWarning.empty())
            finiteWarning = first->finiteWarning;
    }
    auto profiled = profileSession(s, feeds, profileOptions);
    if (!profiled) {
        err += "silica-cli: " + profiled.error().message() + "\n";
        return exitFor(profiled.error());
    }
    result = std::move(*profiled);
    if (!finiteWarning.empty())
        err += "warning: " + finiteWarning + "\n";

    std::vector<std::string> written;
    std::map<std::string, int> usedNames;
    for (const auto &[name, tensor] : result.lastRun.outputs) {
        if (r.outputDir.empty())
            break;
        const std::string file = uniqueFile(r.outputDir, name, usedNames);
        Status saved = saveNpy(file, tensor);
        if (!saved) {
            err += "silica-cli: " + saved.message() + "\n";
            return CliBadInput;
        }
        written.push_back(file);
    }

    std::vector<const NodeTiming *> byCost;
    for (const NodeTiming &t : result.nodes)
        byCost.push_back(&t);
    std::stable_sort(byCost.begin(), byCost.end(),
                     [](const NodeTiming *a, const NodeTiming *b) { return a->medianMs > b->medianMs; });

    if (r.json) {
        QJsonObject root;
        root[QStringLiteral("model")] = QString::fromStdString(r.model);
        root[QStringLiteral("threads")] = result.threads;
        root[QStringLiteral("repeat")] = result.runs;
        root[QStringLiteral("median_ms")] = result.medianMs;
        QJsonArray runs;
        for (double ms : result.runsMs)
            runs.append(ms);
        root[QStringLiteral("runs_ms")] = runs;
        QJsonArray outputs;
        for (size_t i = 0; i < result.lastRun.outputs.size(); ++i) {
            const auto &[name, tensor] = result.lastRun.outputs[i];
            QJsonObject o;
            o[QStringLiteral("name")] = QString::fromStdString(name);
            o[QStringLiteral("type")] = QString::fromStdString(dataTypeName(tensor.dataType()));
            QJsonArray shape;
            for (int64_t d : tensor.shape())
                shape.append(qint64(d));
            o[QStringLiteral("shape")] = shape;
            const Summary sum = summarize(tensor);
            o[QStringLiteral("min")] = sum.min;
            o[QStringLiteral("max")] = sum.max;
            o[QStringLiteral("mean")] = sum.mean;
            if (i < written.size())
                o[QStringLiteral("file")] = QString::fromStdString(written[i]);
            outputs.append(o);
        }
        root[QStringLiteral("outputs")] = outputs;
        if (r.profile) {
            QJsonArray nodes;
            for (const NodeTiming *t : byCost) {
                QJsonObject n;
                QJsonArray names;
                for (const std::string &name : t->nodes)
                    names.append(QString::fromStdString(name));
                n[QStringLiteral("nodes")] = names;
                n[QStringLiteral("op")] = QString::fromStdString(t->opType);
                n[QStringLiteral("median_ms")] = t->medianMs;
                n[QStringLiteral("share")] = t->share;
                nodes.append(n);
            }
            root[QStringLiteral("profile")] = nodes;
        }
        if (!finiteWarning.empty())
            root[QStringLiteral("warning")] = QString::fromStdString(finiteWarning);
        out += QJsonDocument(root).toJson(QJsonDocument::Indented).toStdString();
        return CliOk;
    }

    out += "ran " + r.model + " on " + std::to_string(result.threads) + " thread" +
           (result.threads == 1 ? "" : "s") + ": median " + fixed(result.medianMs, 3) + " ms over " +
           std::to_string(result.runs) + " run" + (result.runs == 1 ? "" : "s") + "\n\noutputs:\n";
    for (size_t i = 0; i < result.lastRun.outputs.size(); ++i) {
        const auto &[name, tensor] = result.lastRun.outputs[i];
        const Summary sum = summarize(tensor);
        out += "  " + name + "  " + tensor.describe() + "  min " + general(sum.min) + "  max " +
               general(sum.max) + "  mean " + general(sum.mean) +
               (i < written.size() ? "  → " + written[i] : "") + "\n";
    }
    if (r.profile) {
        out += "\nper-node latency (median of " + std::to_string(result.runs) + ", sorted by cost):\n";
        out += "      ms   share  op                  node\n";
        for (const NodeTiming *t : byCost) {
            std::string names;
            for (const std::string &n : t->nodes)
                names += (names.empty() ? "" : ", ") + n;
            char line[96];
            std::snprintf(line, sizeof line, "%8.3f  %5.1f%%  %-18s  ", t->medianMs, 100.0 * t->share,
                          t->opType.c_str());
            out += line + names + "\n";
        }
    }
    return CliOk;
}

} // namespace silica
