#include "core/runtime/session.h"

#include "core/graph/graph_index.h"
#include "core/runtime/buffer_pool.h"
#include "core/runtime/executor.h"

#include <algorithm>
#include <map>
#include <set>
#include <thread>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace silica::runtime {

int defaultThreadCount()
{
    const unsigned n = std::thread::hardware_concurrency();
    return n == 0 ? 1 : int(n);
}

InferenceSession::~InferenceSession() = default;

Expected<std::shared_ptr<InferenceSession>> InferenceSession::create(ModelPtr model,
                                                                     const SessionOptions &options)
{
    if (!model || !model->graph)
        return Status(ErrorCode::InvalidArgument, "no model to run");
    const std::vector<UnsupportedOp> unsupported = GraphPlan::findUnsupported(*model);
    if (!unsupported.empty()) {
        std::string message = "the runtime cannot run " +
                              (model->sourcePath.empty() ? std::string("this model")
                                                         : "'" + model->sourcePath + "'") +
                              ": it has no kernel for";
        for (const UnsupportedOp &op : unsupported)
            message += "\n  " + (op.domain.empty() ? std::string() : op.domain + ".") +
                       op.opType + " (opset " + std::to_string(op.opsetVersion) + ", " +
                       std::to_string(op.nodes.size()) + " node" +
                       (op.nodes.size() == 1 ? "" : "s") + ", e.g. '" + op.nodes.front() + "')";
        return Status(ErrorCode::Unsupported, message);
    }
    std::shared_ptr<InferenceSession> session(new InferenceSession());
    session->m_model = model;
    session->m_options = options;
    if (session->m_options.threads <= 0)
        session->m_options.threads = defaultThreadCount();
    PlanOptions planOptions;
    planOptions.fuse = options.fuse;
#ifdef _OPENMP
    omp_set_num_threads(session->m_options.threads);
#endif
    auto plan = GraphPlan::compile(*model, model->graph, planOptions);
    if (!plan)
        return plan.status();
    session->m_plan = std::move(*plan);
    session->m_inputs = model->graph->index().fedInputs();
    session->m_pool = BufferPool::create();
    return session;
}

size_t InferenceSession::pooledBytes() const
{
    return m_pool->pooledBytes();
}

Status InferenceSession::checkFeeds(const NamedTensors &feeds) const
{
    std::map<std::string, const Tensor *> byName;
    std::set<std::string> known;
    for (const ValueInfo &in : m_model->graph->inputs)
        known.insert(in.name);
    for (const auto &[name, tensor] : feeds) {
        if (!known.count(name))
            return Status(ErrorCode::InvalidArgument,
                          "the model has no input named '" + name + "'; its inputs are" +
                              [this] {
                                  std::string s;
                                  for (const ValueInfo &in : m_inputs)
                                      s += " '" + in.name + "'";
                                  return s;
                              }());
        if (!tensor.isValid())
            return Status(ErrorCode::InvalidArgument, "input '" + name + "' holds no tensor");
        const std::string &fed = name; // a structured binding cannot be captured in C++17
        if (std::none_of(m_inputs.begin(), m_inputs.end(),
                         [&fed](const ValueInfo &in) { return in.name == fed; }))
            return Status(ErrorCode::InvalidArgument,
                          "input '" + name + "' is also a weight of the model (an initializer of "
                          "the same name); the runtime uses the weight and cannot take a feed "
                          "for it");
        byName[name] = &tensor;
    }
    std::map<std::string, int64_t> symbols;
    for (const ValueInfo &in : m_inputs) {
        auto it = byName.find(in.name);
        if (it == byName.end())
            return Status(ErrorCode::InvalidArgument,
                          "input '" + in.name + "' (" + in.type.toString() +
                              ") is missing; feed it (e.g. --input " + in.name +
                              "=FILE.npy, or --random)");
        const Tensor &t = *it->second;
        const ValueType &type = in.type;
        if (type.kind != ValueType::Kind::Tensor)
            continue;
        if (type.elemType != DataType::Undefined && type.elemType != t.dataType())
            return Status(ErrorCode::InvalidArgument,
                          "input '" + in.name + "' must be " + dataTypeName(type.elemType) +
                              ", got " + t.describe());
        if (!type.hasShape)
            continue;
        if (type.dims.size() != t.shape().size())
            return Status(ErrorCode::InvalidArgument,
                          "input '" + in.name + "' must have rank " +
                              std::to_string(type.dims.size()) + " " + type.toString() +
                              ", got " + t.describe());
        for (size_t d = 0; d < type.dims.size(); ++d) {
            const Dim &dim = type.dims[d];
            const int64_t got = t.shape()[d];
            if (dim.isKnown() && dim.value != got)
                return Status(ErrorCode::InvalidArgument,
                              "input '" + in.name + "' must be " + type.toString() + ", got " +
                                  t.describe() + " (dimension " + std::to_string(d) + ")");
            if (!dim.isKnown() && !dim.param.empty()) {
                auto [bound, fresh] = symbols.emplace(dim.param, got);
                if (!fresh && bound->second != got)
                    return Status(ErrorCode::InvalidArgument,
                                  "input '" + in.name + "' has " + dim.param + " = " +
                                      std::to_string(got) + ", but another input set " +
                                      dim.param + " = " + std::to_string(bound->second));
            }
        }
    }
    return Status::ok();
}

Expected<RunResult> InferenceSession::run(const NamedTensors &feeds, const RunOptions &options)
{
    Status fed = checkFeeds(feeds);
    if (!fed)
        return fed;
    std::lock_guard<std::mutex> lock(m_runMutex);
#ifdef _OPENMP
    omp_set_num_threads(m_options.threads);
#endif
    const GraphPlan &plan = *m_plan;
    std::vector<Tensor> slots(plan.slotCount());
    for (const auto &[name, tensor] : feeds)
        slots[size_t(plan.slotOf(name))] = tensor;
    ExecState state{*m_pool, m_options.threads, options, {}};
    const auto start = std::chrono::steady_clock::now();
    Status status = executePlan(plan, slots, state, true);
    if (!status)
        return status;
    RunResult result;
    result.duration = std::chrono::steady_clock::now() - start;
    result.finiteWarning = std::move(state.finiteWarning);
    const auto &outs = m_model->graph->outputs;
    for (size_t i = 0; i < outs.size(); ++i)
        result.outputs.emplace_back(outs[i].name, slots[size_t(plan.outputSlots()[i])]);
    return result;
}

} // namespace silica::runtime
