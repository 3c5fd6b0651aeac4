#include "core/runtime/executor.h"

#include "core/runtime/half.h"
#include "core/runtime/layout.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <new>

namespace silica::runtime {

namespace {

// Index of the first non-finite element, or -1.
int64_t firstNonFinite(const Tensor &t)
{
    const int64_t n = t.elementCount();
    auto scan = [n](const auto *p) -> int64_t {
        for (int64_t i = 0; i < n; ++i)
            if (!std::isfinite(float(p[i])))
                return i;
        return -1;
    };
    switch (t.dataType()) {
    case DataType::Float: return scan(t.data<float>());
    case DataType::Double: return scan(t.data<double>());
    case DataType::Float16: return scan(t.data<Half>());
    case DataType::BFloat16: return scan(t.data<BFloat16>());
    default: return -1;
    }
}

class Frame final : public KernelContext, public SubgraphRunner
{
public:
    Frame(const GraphPlan &plan, std::vector<Tensor> &slots, ExecState &state)
        : m_plan(plan), m_slots(slots), m_state(state)
    {
    }

    void bind(const PlannedNode &node) { m_node = &node; }

    const Node &node() const override { return *m_node->node; }
    int opsetVersion() const override { return m_node->opsetVersion; }
    size_t inputCount() const override { return m_node->inputs.size(); }
    const Tensor *input(size_t index) const override
    {
        if (index >= m_node->inputs.size() || m_node->inputs[index] < 0)
            return nullptr;
        const Tensor &t = m_slots[size_t(m_node->inputs[index])];
        return t.isValid() ? &t : nullptr;
    }
    size_t outputCount() const override { return m_node->outputs.size(); }
    bool wantsOutput(size_t index) const override
    {
        return index < m_node->outputs.size() && m_node->outputs[index] >= 0;
    }
    Tensor &allocateOutput(size_t index, DataType type, const Shape &shape) override
    {
        Tensor &slot = outputSlot(index);
        const size_t bytes = size_t(dataTypeBytes(type, uint64_t(elementCount(shape))));
        slot = Tensor::wrap(type, shape, m_state.pool.acquire(bytes));
        return slot;
    }
    Tensor &setOutput(size_t index, Tensor tensor) override
    {
        Tensor &slot = outputSlot(index);
        slot = std::move(tensor);
        return slot;
    }
    bool mayOverwriteInput(size_t index) const override
    {
        if (index >= m_node->inputs.size() || m_node->inputs[index] < 0)
            return false;
        const int slot = m_node->inputs[index];
        if (m_plan.isConstantSlot(slot) ||
            std::count(m_node->inputs.begin(), m_node->inputs.end(), slot) != 1 ||
            std::find(m_node->release.begin(), m_node->release.end(), slot) == m_node->release.end())
            return false;
        const std::shared_ptr<Storage> &storage = m_slots[size_t(slot)].storage();
        return storage && storage.use_count() == 1 && !storage->isReadOnly();
    }
    Tensor &allocateOutputInLayout(size_t index, const Shape &shape, Layout layout) override
    {
        Tensor &slot = outputSlot(index);
        slot = Tensor::wrapInLayout(shape, layout, m_state.pool.acquire(layoutByteSize(shape, layout)));
        return slot;
    }
    std::shared_ptr<Storage> scratch(size_t bytes) override
    {
        m_scratch.push_back(m_state.pool.acquire(bytes));
        return m_scratch.back();
    }
    // Scratch goes back to the pool once the kernel is done (unless it became an output).
    void recycleScratch() { m_scratch.clear(); }
    int threadCount() const override { return m_state.threads; }
    const CancelToken *cancelToken() const override { return m_state.options.cancel; }
    SubgraphRunner &subgraphs() override { return *this; }

    Expected<std::vector<Tensor>> run(const GraphPlan &sub,
                                      const std::vector<Tensor> &inputs) override
    {
        if (inputs.size() != sub.inputSlots().size())
            return error("subgraph '" + sub.graph().name + "' takes " +
                         std::to_string(sub.inputSlots().size()) + " inputs, got " +
                         std::to_string(inputs.size()));
        std::vector<Tensor> slots(sub.slotCount());
        for (size_t i = 0; i < inputs.size(); ++i)
            slots[size_t(sub.inputSlots()[i])] = inputs[i];
        for (int outer : sub.outerSlots()) {
            const int mine = m_plan.slotOf(sub.slotName(outer));
            if (mine < 0 || !m_slots[size_t(mine)].isValid())
                return error("subgraph reads '" + sub.slotName(outer) +
                             "', which is not available in the enclosing graph");
            slots[size_t(outer)] = m_slots[size_t(mine)];
        }
        // Kernels of a plan carry state; a nested frame of the same node runs after this one.
        const PlannedNode *saved = m_node;
        Status status = executePlan(sub, slots, m_state, false);
        m_node = saved;
        if (!status)
            return status;
        std::vector<Tensor> outputs;
        for (int slot : sub.outputSlots()) // copies: a body may return one value twice
            outputs.push_back(slots[size_t(slot)]);
        return outputs;
    }

private:
    Tensor &outputSlot(size_t index)
    {
        static thread_local Tensor sink; // an omitted output: written and dropped
        if (index >= m_node->outputs.size() || m_node->outputs[index] < 0) {
            sink = Tensor();
            return sink;
        }
        return m_slots[size_t(m_node->outputs[index])];
    }

    const GraphPlan &m_plan;
    std::vector<Tensor> &m_slots;
    ExecState &m_state;
    const PlannedNode *m_node = nullptr;
    std::vector<std::shared_ptr<Storage>> m_scratch;
};

std::string nodeLabel(const Node &node)
{
    return node.opType + " '" + node.displayName() + "'";
}

} // namespace

Tensor plainCopy(const Tensor &t, BufferPool &pool)
{
    if (t.isPlain())
        return t;
    if (sameBytesAsPlain(t))
        return Tensor::wrap(DataType::Float, t.shape(), t.storage(), t.byteOffset());
    Tensor plain = Tensor::wrap(DataType::Float, t.shape(),
                                pool.acquire(size_t(t.elementCount()) * sizeof(float)));
    toPlain(t, plain.mutableData<float>());
    return plain;
}

namespace {

// Readers that cannot take a blocked tensor get a plain one; it replaces the slot's value so
// later readers reuse the conversion.
void makePlain(Tensor &slot, BufferPool &pool)
{
    if (slot.isPlain())
        return;
    slot = plainCopy(slot, pool); // the blocked buffer returns to the pool if nobody holds it
}

} // namespace

Status executePlan(const GraphPlan &plan, std::vector<Tensor> &slots, ExecState &state,
                   bool observe)
{
    for (const auto &[slot, tensor] : plan.constants())
        if (!slots[size_t(slot)].isValid())
            slots[size_t(slot)] = tensor;

    Frame frame(plan, slots, state);
    std::vector<PlannedNode> &nodes = plan.mutableNodes();
    RunObserver *observer = observe ? state.options.observer : nullptr;
    const bool wantOutputs = observer && observer->wantsOutputs();
    const bool anyLayout = wantOutputs && observer->acceptsLayouts();
    const FiniteCheck finite = state.options.finiteCheck;
    ProgressSink *progress = observe ? state.options.progress : nullptr;
    NamedTensors outputs;
    const size_t progressStep = std::max<size_t>(1, nodes.size() / 100);

    for (size_t i = 0; i < nodes.size(); ++i) {
        PlannedNode &node = nodes[i];
        if (state.options.cancel && state.options.cancel->isCancelled())
            return Status(ErrorCode::Cancelled, "the run was cancelled");
        frame.bind(node);
        const auto start = std::chrono::steady_clock::now(); // layout conversions count too
        for (size_t in = 0; in < node.inputs.size(); ++in)
            if (node.inputs[in] >= 0 && !node.kernel->acceptsBlocked(in))
                makePlain(slots[size_t(node.inputs[in])], state.pool);
        for (int s : node.outerInputs)
            makePlain(slots[size_t(s)], state.pool);
        Status status;
        try {
            status = node.kernel->compute(frame);
        } catch (const std::bad_alloc &) {
            status = Status(ErrorCode::InvalidArgument,
                            nodeLabel(*node.node) + ": out of memory (the tensors this node "
                                                    "would create are too large)");
        } catch (const std::exception &e) {
            status = Status(ErrorCode::Internal, nodeLabel(*node.node) + ": " + e.what());
        }
        frame.recycleScratch();
        const auto end = std::chrono::steady_clock::now();
        if (!status)
            return status;
        for (size_t o = 0; o < node.outputs.size(); ++o)
            if (node.outputs[o] >= 0 && !slots[size_t(node.outputs[o])].isValid())
                return Status(ErrorCode::Internal, nodeLabel(*node.node) + ": kernel produced no output " +
                                                       std::to_string(o));

        if (finite != FiniteCheck::Off && (finite == FiniteCheck::Error || state.finiteWarning.empty())) {
            // Weights are not scanned (packed ones may not even be resident any more): the
            // check is about values computed at run time.
            bool inputsFinite = true;
            for (int s : node.inputs)
                if (s >= 0 && !plan.isConstantSlot(s) && slots[size_t(s)].isValid() &&
                    firstNonFinite(plainCopy(slots[size_t(s)], state.pool)) >= 0)
                    inputsFinite = false;
            if (inputsFinite)
                for (size_t o = 0; o < node.outputs.size(); ++o) {
                    if (node.outputs[o] < 0)
                        continue;
                    const Tensor t = plainCopy(slots[size_t(node.outputs[o])], state.pool);
                    const int64_t at = firstNonFinite(t);
                    if (at < 0)
                        continue;
                    const std::string message =
                        nodeLabel(*node.node) + " produced a non-finite value (NaN or Inf) in '" +
                        plan.slotName(node.outputs[o]) + "' " + t.describe() + " at element " +
                        std::to_string(at) + " from finite inputs";
                    if (finite == FiniteCheck::Error)
                        return Status(ErrorCode::InvalidArgument, message);
                    state.finiteWarning = message;
                    break;
                }
        }

        if (observer) {
            outputs.clear();
            if (wantOutputs)
                for (size_t o = 0; o < node.outputs.size(); ++o)
                    if (node.outputs[o] >= 0) {
                        const Tensor &value = slots[size_t(node.outputs[o])];
                        outputs.emplace_back(plan.slotName(node.outputs[o]),
                                             anyLayout ? value : plainCopy(value, state.pool));
                    }
            observer->nodeFinished(NodeEvent{int(i), node.nodes, end - start, outputs});
            outputs.clear();
        }
        for (int s : node.release) // pooled buffers return to the pool with their last reference
            slots[size_t(s)] = Tensor();
        if (progress && (i % progressStep == 0 || i + 1 == nodes.size()))
            progress->report(double(i + 1) / double(nodes.size()), node.node->opType);
    }
    for (int s : plan.outputSlots())
        makePlain(slots[size_t(s)], state.pool);
    return Status::ok();
}

} // namespace silica::runtime
