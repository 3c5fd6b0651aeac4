#include "core/quant/error_analysis.h"

#include "core/graph/graph_index.h"
#include "core/graph/graph_validation.h"
#include "core/runtime/half.h"
#include "core/runtime/layout.h"
#include "core/runtime/parallel.h"
#include "core/runtime/session.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <unordered_map>
#include <unordered_set>

namespace silica::quant {

void ErrorStats::add(const float *ref, const float *testValues, size_t n)
{
    // Values where either side is not finite count for nothing. The sums are split across
    // SIMD lanes (reassociated, which statistics tolerate).
    double s = 0, e = 0, d = 0, t = 0;
    float m = 0;
    uint64_t finite = 0;
#pragma omp simd reduction(+ : s, e, d, t, finite) reduction(max : m)
    for (size_t i = 0; i < n; ++i) {
        const float a = ref[i], b = testValues[i];
        const bool ok = (a - a == 0) && (b - b == 0);
        const double x = ok ? double(a) : 0.0, y = ok ? double(b) : 0.0, diff = x - y;
        s += x * x;
        e += diff * diff;
        d += x * y;
        t += y * y;
        m = std::max(m, float(std::fabs(diff)));
        finite += ok ? 1 : 0;
    }
    signal += s;
    noise += e;
    dot += d;
    test += t;
    maxAbs = std::max(maxAbs, double(m));
    count += finite;
}

void ErrorStats::merge(const ErrorStats &o)
{
    signal += o.signal;
    noise += o.noise;
    dot += o.dot;
    test += o.test;
    maxAbs = std::max(maxAbs, o.maxAbs);
    count += o.count;
}

double ErrorStats::sqnrDb() const
{
    if (noise <= 0)
        return std::numeric_limits<double>::infinity();
    if (signal <= 0)
        return 0;
    return 10 * std::log10(signal / noise);
}

double ErrorStats::cosine() const
{
    if (signal <= 0 && test <= 0)
        return 1;
    if (signal <= 0 || test <= 0)
        return 0;
    return dot / std::sqrt(signal * test);
}

const NodeError *ErrorReport::find(const std::string &nodeName) const
{
    for (const NodeError &n : nodes)
        if (n.name == nodeName)
            return &n;
    return nullptr;
}

std::vector<const NodeError *> ErrorReport::worstInjected(size_t count) const
{
    std::vector<const NodeError *> worst;
    for (const NodeError &n : nodes)
        if (n.quantized && !n.injected.empty())
            worst.push_back(&n);
    std::stable_sort(worst.begin(), worst.end(),
                     [](const NodeError *a, const NodeError *b) { return a->injected.sqnrDb() < b->injected.sqnrDb(); });
    if (worst.size() > count)
        worst.resize(count);
    return worst;
}

runtime::Tensor comparable(const runtime::Tensor &t)
{
    if (t.dataType() == DataType::Float16) {
        runtime::Tensor out = runtime::Tensor::allocate(DataType::Float, t.shape());
        const uint16_t *h = t.data<uint16_t>();
        float *f = out.mutableData<float>();
        for (int64_t i = 0; i < t.elementCount(); ++i)
            f[i] = runtime::halfBitsToFloat(h[i]);
        return out;
    }
    if (t.isPlain())
        return t;
    runtime::Tensor out = runtime::Tensor::allocate(DataType::Float, t.shape());
    runtime::toPlain(t, out.mutableData<float>());
    return out;
}

namespace {

using Values = std::unordered_map<std::string, runtime::Tensor>;

// Keeps every value a run computes.
class KeepValues : public runtime::RunObserver
{
public:
    explicit KeepValues(Values &out) : m_out(out) {}
    bool wantsOutputs() const override { return true; }
    void nodeFinished(const runtime::NodeEvent &event) override
    {
        for (const auto &[name, tensor] : event.outputs)
            m_out[name] = comparable(tensor);
    }

private:
    Values &m_out;
};

bool sameFloatShape(const runtime::Tensor &a, const runtime::Tensor &b)
{
    return a.dataType() == DataType::Float && b.dataType() == DataType::Float && a.shape() == b.shape();
}

void compare(ErrorStats &stats, const runtime::Tensor &ref, const runtime::Tensor &test)
{
    if (!sameFloatShape(ref, test))
        return;
    // Fixed chunks merged in order, so the sums do not depend on the thread count.
    constexpr int64_t kChunk = 1 << 16;
    const int64_t n = ref.elementCount(), chunks = (n + kChunk - 1) / kChunk;
    const float *a = ref.data<float>(), *b = test.data<float>();
    if (chunks <= 1) {
        stats.add(a, b, size_t(n));
        return;
    }
    std::vector<ErrorStats> parts(static_cast<size_t>(chunks));
    runtime::parallelFor(chunks, 1, [&](int64_t begin, int64_t end) {
        for (int64_t c = begin; c < end; ++c) {
            const int64_t from = c * kChunk;
            parts[size_t(c)].add(a + from, b + from, size_t(std::min(kChunk, n - from)));
        }
    });
    for (const ErrorStats &part : parts)
        stats.merge(part);
}

} // namespace

void addOutputSample(OutputError &o, const runtime::Tensor &reference, const runtime::Tensor &tested)
{
    const runtime::Tensor ref = comparable(reference), test = comparable(tested);
    if (!sameFloatShape(ref, test))
        return;
    compare(o.stats, ref, test);
    // Classifier-like outputs: does the arg-max of each row agree?
    const auto &shape = ref.shape();
    if (shape.empty() || shape.back() < 2)
        return;
    const int64_t classes = shape.back(), rows = ref.elementCount() / classes;
    const float *a = ref.data<float>(), *b = test.data<float>();
    for (int64_t r = 0; r < rows; ++r) {
        const float *x = a + r * classes, *y = b + r * classes;
        o.top1Agree += (std::max_element(x, x + classes) - x) == (std::max_element(y, y + classes) - y);
        ++o.top1Rows;
    }
}

std::string jsonNumber(double v)
{
    if (!std::isfinite(v))
        return "null";
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

std::string jsonString(const std::string &s)
{
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else {
            out += c;
        }
    }
    out += '"';
    return out;
}

namespace {

// A piece of a model run on its own: some nodes, fed by named values, computing one value.
struct Piece
{
    std::vector<std::string> inputs; // fed from a value map
    std::string output;
    std::vector<NodePtr> nodes;
    std::vector<TensorPtr> initializers;
    std::shared_ptr<runtime::InferenceSession> session; // built on first use
    bool failed = false;
};

// The session for `piece`, declared from the types and shapes of this sample's feeds.
runtime::InferenceSession *pieceSession(Piece &piece, const Model &model, const Values &feeds, int threads,
                                        std::vector<std::string> &warnings, const std::string &what)
{
    if (piece.session || piece.failed)
        return piece.session.get();
    auto graph = std::make_shared<Graph>();
    graph->name = "piece";
    graph->nodes = piece.nodes;
    graph->initializers = piece.initializers;
    for (const std::string &in : piece.inputs) {
        const runtime::Tensor &t = feeds.at(in);
        ValueInfo vi;
        vi.name = in;
        vi.type.kind = ValueType::Kind::Tensor;
        vi.type.elemType = t.dataType();
        graph->inputs.push_back(vi);
    }
    ValueInfo out;
    out.name = piece.output;
    out.type.kind = ValueType::Kind::Tensor;
    out.type.elemType = DataType::Float;
    graph->outputs.push_back(out);
    Model m = model;
    m.graph = graph;
    runtime::SessionOptions options;
    options.threads = threads;
    auto session = runtime::InferenceSession::create(std::make_shared<const Model>(std::move(m)), options);
    if (!session) {
        piece.failed = true;
        warnings.push_back(what + ": " + session.error().message());
        return nullptr;
    }
    piece.session = *session;
    return piece.session.get();
}

// Runs `piece` on values from `feeds`; an empty tensor when it cannot.
runtime::Tensor runPiece(Piece &piece, const Model &model, const Values &feeds, int threads,
                         std::vector<std::string> &warnings, const std::string &what)
{
    for (const std::string &in : piece.inputs)
        if (!feeds.count(in))
            return {};
    runtime::InferenceSession *session = pieceSession(piece, model, feeds, threads, warnings, what);
    if (!session)
        return {};
    runtime::NamedTensors named;
    for (const std::string &in : piece.inputs)
        named.emplace_back(in, feeds.at(in));
    auto result = session->run(named);
    if (!result || result->outputs.empty()) {
        piece.failed = true;
        if (!result)
            warnings.push_back(what + ": " + result.error().message());
        return {};
    }
    return comparable(result->outputs.front().second);
}

struct NodePlan
{
    size_t report = 0; // index into ErrorReport::nodes
    Piece quantized;   // the QDQ model's version of the node, fed with float values
    Piece original;    // the float node, fed with the QDQ model's values
};

class Analysis
{
public:
    Analysis(const Model &floatModel, const Model &qdqModel, const ErrorAnalysisOptions &options)
        : m_float(floatModel), m_qdq(qdqModel), m_options(options)
    {
    }

    Expected<ErrorReport> run(const CalibrationSource &source, const CancelToken &cancel, ProgressSink &progress)
    {
        if (!m_float.graph || !m_qdq.graph)
            return Status(ErrorCode::InvalidArgument, "error analysis needs both the float and the quantized model");
        runtime::SessionOptions sessionOptions;
        sessionOptions.threads = m_options.threads;
        sessionOptions.fuse = false; // every node's own output
        auto floatSession =
            runtime::InferenceSession::create(std::make_shared<const Model>(m_float), sessionOptions);
        if (!floatSession)
            return Status(floatSession.error().code(), "the float model: " + floatSession.error().message());
        auto qdqSession = runtime::InferenceSession::create(std::make_shared<const Model>(m_qdq), sessionOptions);
        if (!qdqSession)
            return Status(qdqSession.error().code(), "the quantized model: " + qdqSession.error().message());
        if (Status s = plan(); !s)
            return s;
        const size_t total = m_options.maxSamples ? std::min(m_options.maxSamples, source.count()) : source.count();
        if (total == 0)
            return Status(ErrorCode::InvalidArgument, "the calibration data has no samples");
        for (size_t i = 0; i < total; ++i) {
            if (cancel.isCancelled())
                return Status(ErrorCode::Cancelled, "error analysis cancelled");
            progress.report(double(i) / double(total),
                            "error analysis: sample " + std::to_string(i + 1) + " of " + std::to_string(total));
            Expected<Sample> sample = source.sample(i);
            if (!sample)
                return sample.error();
            Values floatValues, qdqValues;
            if (Status s = runAll(**floatSession, *sample, floatValues, cancel); !s)
                return Status(s.code(), "the float model on sample " + std::to_string(i + 1) + ": " + s.message());
            if (Status s = runAll(**qdqSession, *sample, qdqValues, cancel); !s)
                return Status(s.code(), "the quantized model on sample " + std::to_string(i + 1) + ": " + s.message());
            measure(floatValues, qdqValues);
            ++m_report.samples;
        }
        progress.report(1, "done");
        // Values the runtime computed once as constants (shape arithmetic) have no error.
        m_report.nodes.erase(std::remove_if(m_report.nodes.begin(), m_report.nodes.end(),
                                            [](const NodeError &e) { return e.total.empty(); }),
                             m_report.nodes.end());
        return std::move(m_report);
    }

private:
    static Status runAll(runtime::InferenceSession &session, const Sample &sample, Values &values,
                         const CancelToken &cancel)
    {
        for (const auto &[slot, tensor] : session.plan().constants())
            values[session.plan().slotName(slot)] = tensor;
        for (const auto &[name, tensor] : sample)
            values[name] = tensor;
        KeepValues keep(values);
        runtime::RunOptions run;
        run.cancel = &cancel;
        run.observer = &keep;
        auto result = session.run(runtime::NamedTensors(sample.begin(), sample.end()), run);
        if (!result)
            return result.error();
        for (const auto &[name, tensor] : result->outputs)
            values[name] = comparable(tensor);
        return Status();
    }

    Status plan()
    {
        Expected<std::vector<const Node *>> order = topologicalOrder(*m_float.graph);
        if (!order)
            return Status(order.error().code(), "the float model: " + order.error().message());
        const GraphIndex &fi = m_float.graph->index();
        const GraphIndex &qi = m_qdq.graph->index();
        // Values of the float model: the boundary a node's quantized version is cut at.
        std::unordered_set<std::string> original;
        for (const ValueInfo &in : m_float.graph->inputs)
            original.insert(in.name);
        std::unordered_map<std::string, int> depth;
        for (const Node *n : *order) {
            int d = 0;
            for (const std::string &in : n->inputs)
                if (auto it = depth.find(in); it != depth.end())
                    d = std::max(d, it->second);
            for (const std::string &out : n->outputs)
                if (!out.empty()) {
                    original.insert(out);
                    depth[out] = d + 1;
                }
        }
        for (const Node *n : *order) {
            std::string value;
            for (const std::string &out : n->outputs)
                if (!out.empty() && fi.typeOf(out).elemType != DataType::Int64 &&
                    fi.typeOf(out).elemType != DataType::Bool && fi.typeOf(out).elemType != DataType::Int32) {
                    value = out;
                    break;
                }
            if (value.empty() || !qi.producer(value))
                continue;
            NodeError e;
            e.node = n->id;
            e.name = n->name.empty() ? n->displayName() : n->name;
            e.opType = n->opType;
            e.value = value;
            e.depth = depth[value];
            NodePlan p;
            p.report = m_report.nodes.size();
            // The QDQ model's version: walk back from the value to float-model values.
            std::vector<std::string> stack = {value};
            std::unordered_set<std::string> seenValues;
            std::unordered_set<NodeId> seenNodes;
            std::vector<const Node *> region;
            while (!stack.empty()) {
                const std::string v = stack.back();
                stack.pop_back();
                if (v.empty() || !seenValues.insert(v).second)
                    continue;
                if (const Tensor *init = qi.initializer(v)) {
                    p.quantized.initializers.push_back(std::make_shared<Tensor>(*init));
                    continue;
                }
                const Node *producer = qi.producer(v);
                if ((v != value && original.count(v)) || !producer) {
                    p.quantized.inputs.push_back(v);
                    continue;
                }
                if (!seenNodes.insert(producer->id).second)
                    continue;
                region.push_back(producer);
                for (const std::string &in : qi.allInputs(producer->id))
                    stack.push_back(in);
            }
            std::reverse(region.begin(), region.end());
            e.quantized = !(region.size() == 1 && region.front()->opType == n->opType);
            if (e.quantized)
                for (const Node *r : region)
                    p.quantized.nodes.push_back(std::make_shared<Node>(*r));
            p.quantized.output = value;
            // The float node alone.
            p.original.nodes.push_back(std::make_shared<Node>(*n));
            p.original.output = value;
            std::unordered_set<std::string> inputs;
            for (const std::string &in : fi.allInputs(n->id)) {
                if (in.empty() || !inputs.insert(in).second)
                    continue;
                if (const Tensor *init = fi.initializer(in))
                    p.original.initializers.push_back(std::make_shared<Tensor>(*init));
                else
                    p.original.inputs.push_back(in);
            }
            m_report.nodes.push_back(std::move(e));
            m_plans.push_back(std::move(p));
        }
        for (const ValueInfo &out : m_float.graph->outputs) {
            OutputError o;
            o.name = out.name;
            m_report.outputs.push_back(o);
        }
        return Status();
    }

    void measure(const Values &floatValues, const Values &qdqValues)
    {
        for (NodePlan &p : m_plans) {
            NodeError &e = m_report.nodes[p.report];
            auto ref = floatValues.find(e.value);
            auto test = qdqValues.find(e.value);
            if (ref == floatValues.end() || ref->second.dataType() != DataType::Float)
                continue;
            if (test != qdqValues.end())
                compare(e.total, ref->second, test->second);
            if (!m_options.split)
                continue;
            if (!e.quantized) {
                compare(e.injected, ref->second, ref->second); // the same float computation
            } else {
                const runtime::Tensor out = runPiece(p.quantized, m_qdq, floatValues, m_options.threads,
                                                     m_report.warnings, "'" + e.name + "' (quantized, alone)");
                compare(e.injected, ref->second, out);
            }
            bool upstreamError = false;
            for (const std::string &in : p.original.inputs)
                if (auto a = floatValues.find(in), b = qdqValues.find(in);
                    a != floatValues.end() && b != qdqValues.end() && a->second.dataType() == DataType::Float &&
                    sameFloatShape(a->second, b->second) &&
                    std::memcmp(a->second.raw(), b->second.raw(), a->second.byteSize()) != 0)
                    upstreamError = true;
            if (!upstreamError) {
                compare(e.inherited, ref->second, ref->second);
            } else {
                Values feeds;
                for (const std::string &in : p.original.inputs) {
                    auto q = qdqValues.find(in);
                    if (q != qdqValues.end())
                        feeds[in] = q->second;
                    else if (auto f = floatValues.find(in); f != floatValues.end())
                        feeds[in] = f->second;
                }
                const runtime::Tensor out = runPiece(p.original, m_float, feeds, m_options.threads, m_report.warnings,
                                                     "'" + e.name + "' (float, on quantized inputs)");
                compare(e.inherited, ref->second, out);
            }
        }
        for (OutputError &o : m_report.outputs) {
            auto ref = floatValues.find(o.name), test = qdqValues.find(o.name);
            if (ref != floatValues.end() && test != qdqValues.end())
                addOutputSample(o, ref->second, test->second);
        }
    }

private:
    const Model &m_float;
    const Model &m_qdq;
    ErrorAnalysisOptions m_options;
    std::vector<NodePlan> m_plans;
    ErrorReport m_report;
};

void appendStats(std::string &out, const ErrorStats &s)
{
    out += "\"sqnr_db\": ";
    out += jsonNumber(s.sqnrDb());
    out += ", \"cosine\": ";
    out += jsonNumber(s.cosine());
    out += ", \"max_abs\": ";
    out += jsonNumber(s.maxAbs);
}

} // namespace

Expected<ErrorReport> analyseError(const Model &floatModel, const Model &qdqModel, const CalibrationSource &source,
                                   const ErrorAnalysisOptions &options, const CancelToken &cancel,
                                   ProgressSink &progress)
{
    return Analysis(floatModel, qdqModel, options).run(source, cancel, progress);
}

Expected<std::vector<OutputError>> compareOutputs(const Model &floatModel, const Model &testModel,
                                                  const CalibrationSource &source, size_t maxSamples,
                                                  const CancelToken &cancel, int threads)
{
    runtime::SessionOptions options;
    options.threads = threads;
    auto a = runtime::InferenceSession::create(std::make_shared<const Model>(floatModel), options);
    if (!a)
        return a.error();
    auto b = runtime::InferenceSession::create(std::make_shared<const Model>(testModel), options);
    if (!b)
        return b.error();
    std::vector<OutputError> outputs;
    for (const ValueInfo &o : floatModel.graph->outputs) {
        OutputError e;
        e.name = o.name;
        outputs.push_back(e);
    }
    const size_t total = maxSamples ? std::min(maxSamples, source.count()) : source.count();
    for (size_t i = 0; i < total; ++i) {
        if (cancel.isCancelled())
            return Status(ErrorCode::Cancelled, "cancelled");
        Expected<Sample> sample = source.sample(i);
        if (!sample)
            return sample.error();
        runtime::RunOptions run;
        run.cancel = &cancel;
        auto x = (*a)->run(runtime::NamedTensors(sample->begin(), sample->end()), run);
        if (!x)
            return x.error();
        auto y = (*b)->run(runtime::NamedTensors(sample->begin(), sample->end()), run);
        if (!y)
            return y.error();
        for (size_t o = 0; o < outputs.size() && o < x->outputs.size() && o < y->outputs.size(); ++o)
            addOutputSample(outputs[o], x->outputs[o].second, y->outputs[o].second);
    }
    return outputs;
}

std::string errorReportJson(const ErrorReport &report, const std::string &extraFields)
{
    std::string out = "{\n  \"samples\": " + std::to_string(report.samples) + ",\n";
    if (!extraFields.empty())
        out += extraFields + ",\n";
    out += "  \"outputs\": {";
    for (size_t i = 0; i < report.outputs.size(); ++i) {
        const OutputError &o = report.outputs[i];
        out += i ? ",\n    " : "\n    ";
        out += jsonString(o.name);
        out += ": {";
        appendStats(out, o.stats);
        if (o.top1Rows) {
            out += ", \"top1_agreement\": ";
            out += jsonNumber(double(o.top1Agree) / double(o.top1Rows));
        }
        out += "}";
    }
    out += "\n  },\n  \"nodes\": {";
    for (size_t i = 0; i < report.nodes.size(); ++i) {
        const NodeError &n = report.nodes[i];
        out += i ? ",\n    " : "\n    ";
        out += jsonString(n.name);
        out += ": {\"op\": ";
        out += jsonString(n.opType);
        out += ", \"value\": ";
        out += jsonString(n.value);
        out += ", \"depth\": " + std::to_string(n.depth) + ", \"quantized\": " + (n.quantized ? "true" : "false") + ", ";
        appendStats(out, n.total);
        if (!n.injected.empty()) {
            out += ", \"injected\": {";
            appendStats(out, n.injected);
            out += "}";
        }
        if (!n.inherited.empty()) {
            out += ", \"inherited\": {";
            appendStats(out, n.inherited);
            out += "}";
        }
        out += "}";
    }
    out += "\n  },\n  \"warnings\": [";
    for (size_t i = 0; i < report.warnings.size(); ++i) {
        out += i ? ", " : "";
        out += jsonString(report.warnings[i]);
    }
    out += "]\n}\n";
    return out;
}

} // namespace silica::quant
