#pragma once
// Runs a model on the host CPU. Build once (kernels pick their algorithms and pre-pack
// weights), run many times. Observers see every node as it finishes: its wall time and, when
// asked, its outputs (for calibration and quantization error).

#include "core/common/progress.h"
#include "core/runtime/graph_plan.h"

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace silica::runtime {

class BufferPool;

using NamedTensors = std::vector<std::pair<std::string, Tensor>>;

struct SessionOptions
{
    int threads = 0; // 0 = all cores
    // Fold and fuse nodes for speed. Observers then see a fused group as one event; turn it
    // off to capture every node's output.
    bool fuse = true;
};

// One node (or fused group) finished.
struct NodeEvent
{
    int index = 0;                          // position in the run order
    const std::vector<const Node *> &nodes; // the model's nodes it ran, main node first
    std::chrono::nanoseconds duration{0};
    // The outputs by value name (only when the observer wants them). The tensors may be kept.
    const NamedTensors &outputs;
};

class RunObserver
{
public:
    virtual ~RunObserver() = default;
    virtual bool wantsOutputs() const { return false; }
    // Whether outputs may come in the layout the kernel wrote (channels-last, nChw8c, nChw16c)
    // instead of as a plain copy: for observers that do not need NCHW order, or read the layouts.
    virtual bool acceptsLayouts() const { return false; }
    virtual void nodeFinished(const NodeEvent &event) = 0;
};

enum class FiniteCheck
{
    Off,
    Warn,  // note the first node that produced NaN / Inf from finite inputs
    Error, // stop there with an error
};

struct RunOptions
{
    const CancelToken *cancel = nullptr;
    ProgressSink *progress = nullptr;
    RunObserver *observer = nullptr;
    FiniteCheck finiteCheck = FiniteCheck::Off;
};

struct RunResult
{
    NamedTensors outputs; // in graph output order
    std::chrono::nanoseconds duration{0};
    std::string finiteWarning; // set under FiniteCheck::Warn when a node produced NaN / Inf
};

class InferenceSession
{
public:
    // Fails with ErrorCode::Unsupported listing every op the runtime lacks.
    static Expected<std::shared_ptr<InferenceSession>> create(ModelPtr model,
                                                              const SessionOptions &options = {});
    ~InferenceSession();

    const Model &model() const { return *m_model; }
    const SessionOptions &options() const { return m_options; }
    // The graph inputs a caller must feed (initializer-backed inputs excluded).
    const std::vector<ValueInfo> &inputs() const { return m_inputs; }
    const std::vector<ValueInfo> &outputs() const { return m_model->graph->outputs; }
    const GraphPlan &plan() const { return *m_plan; }
    // Activation memory the session keeps for its next run (recycled buffers).
    size_t pooledBytes() const;

    // Checks feeds against the declared inputs (names, element types, static dims, symbolic
    // dims bound consistently) and runs. One run at a time per session (runs are serialised).
    Expected<RunResult> run(const NamedTensors &feeds, const RunOptions &options = {});

private:
    InferenceSession() = default;
    Status checkFeeds(const NamedTensors &feeds) const;

    ModelPtr m_model;
    SessionOptions m_options;
    std::shared_ptr<const GraphPlan> m_plan;
    std::vector<ValueInfo> m_inputs;
    std::shared_ptr<BufferPool> m_pool;
    std::mutex m_runMutex;
};

// Number of threads "all cores" means here.
int defaultThreadCount();

} // namespace silica::runtime
