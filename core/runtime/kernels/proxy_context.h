#pragma once
// A KernelContext that hands a wrapped kernel substituted inputs (views in another shape,
// converted copies) and captures its first output; everything else goes to the real context.

#include "core/runtime/kernel.h"

#include <vector>

namespace silica::runtime {

// Presents substituted inputs to a wrapped kernel and captures its first output.
class ProxyContext final : public KernelContext
{
public:
    ProxyContext(KernelContext &outer, std::vector<const Tensor *> inputs)
        : m_outer(outer), m_inputs(std::move(inputs))
    {
    }
    const Node &node() const override { return m_outer.node(); }
    int opsetVersion() const override { return m_outer.opsetVersion(); }
    size_t inputCount() const override { return m_inputs.size(); }
    const Tensor *input(size_t index) const override
    {
        return index < m_inputs.size() ? m_inputs[index] : nullptr;
    }
    size_t outputCount() const override { return 1; }
    bool wantsOutput(size_t index) const override { return index == 0; }
    Tensor &allocateOutput(size_t, DataType type, const Shape &shape) override
    {
        m_output = Tensor::wrap(type, shape, m_outer.scratch(size_t(dataTypeBytes(type, uint64_t(elementCount(shape))))));
        return m_output;
    }
    Tensor &setOutput(size_t, Tensor tensor) override
    {
        m_output = std::move(tensor);
        return m_output;
    }
    Tensor &allocateOutputInLayout(size_t, const Shape &shape, Layout layout) override
    {
        m_output = Tensor::wrapInLayout(shape, layout, m_outer.scratch(layoutByteSize(shape, layout)));
        return m_output;
    }
    std::shared_ptr<Storage> scratch(size_t bytes) override { return m_outer.scratch(bytes); }
    int threadCount() const override { return m_outer.threadCount(); }
    const CancelToken *cancelToken() const override { return m_outer.cancelToken(); }
    SubgraphRunner &subgraphs() override { return m_outer.subgraphs(); }

    Tensor m_output;

private:
    KernelContext &m_outer;
    std::vector<const Tensor *> m_inputs;
};

} // namespace silica::runtime
