#include "core/runtime/constant_fold.h"

#include "core/runtime/kernel.h"

namespace silica::runtime {

namespace {

// Weight preparation an exporter or Silica's quantizer leaves in a graph.
bool isFoldableOp(const std::string &opType)
{
    return opType == "DequantizeLinear" || opType == "Cast" || opType == "Transpose";
}

class NoSubgraphs final : public SubgraphRunner
{
public:
    Expected<std::vector<Tensor>> run(const GraphPlan &, const std::vector<Tensor> &) override
    {
        return Status(ErrorCode::Internal, "no subgraphs while folding constants");
    }
};

// A context over constant inputs whose outputs get storage of their own.
class FoldContext final : public KernelContext
{
public:
    FoldContext(const Node &node, int opset, std::vector<const Tensor *> inputs)
        : m_node(node), m_opset(opset), m_inputs(std::move(inputs)), m_outputs(node.outputs.size())
    {
    }
    const Node &node() const override { return m_node; }
    int opsetVersion() const override { return m_opset; }
    size_t inputCount() const override { return m_inputs.size(); }
    const Tensor *input(size_t index) const override
    {
        return index < m_inputs.size() ? m_inputs[index] : nullptr;
    }
    size_t outputCount() const override { return m_outputs.size(); }
    bool wantsOutput(size_t index) const override
    {
        return index < m_node.outputs.size() && !m_node.outputs[index].empty();
    }
    Tensor &allocateOutput(size_t index, DataType type, const Shape &shape) override
    {
        return m_outputs.at(index) = Tensor::allocate(type, shape);
    }
    Tensor &setOutput(size_t index, Tensor tensor) override
    {
        return m_outputs.at(index) = std::move(tensor);
    }
    Tensor &allocateOutputInLayout(size_t index, const Shape &shape, Layout layout) override
    {
        return m_outputs.at(index) = Tensor::allocateInLayout(shape, layout);
    }
    std::shared_ptr<Storage> scratch(size_t bytes) override { return Storage::allocate(bytes); }
    int threadCount() const override { return 1; }
    const CancelToken *cancelToken() const override { return nullptr; }
    SubgraphRunner &subgraphs() override { return m_subgraphs; }

    std::vector<Tensor> takeOutputs() { return std::move(m_outputs); }

private:
    const Node &m_node;
    int m_opset;
    std::vector<const Tensor *> m_inputs;
    std::vector<Tensor> m_outputs;
    NoSubgraphs m_subgraphs;
};

} // namespace

bool foldableAtPlanTime(const Node &node)
{
    return isDefaultDomain(node.domain) && isFoldableOp(node.opType) && node.subgraphs().empty();
}

Expected<std::vector<Tensor>> evaluateOnConstants(const Node &node, int opsetVersion,
                                                  ConstantTable &constants)
{
    std::vector<const Tensor *> inputs;
    for (const std::string &name : node.inputs) {
        if (name.empty()) {
            inputs.push_back(nullptr);
            continue;
        }
        const Tensor *value = constants.value(name);
        if (!value)
            return Status(ErrorCode::Internal, "'" + name + "' is not a constant");
        inputs.push_back(value);
    }
    const KernelFactory *factory =
        KernelRegistry::builtin().find(node.domain, node.opType, opsetVersion);
    if (!factory)
        return Status(ErrorCode::Unsupported, "no kernel for " + node.opType);
    KernelInfo info{node, opsetVersion,
                    [&constants](const std::string &name) { return constants.value(name); },
                    {}, {}, {}};
    info.isConstant = [&constants](const std::string &name) { return constants.contains(name); };
    info.declaredType = [](const std::string &) { return ValueType(); };
    auto kernel = (*factory)(info);
    if (!kernel)
        return kernel.status();
    FoldContext ctx(node, opsetVersion, std::move(inputs));
    if (Status status = (*kernel)->compute(ctx); !status)
        return status;
    std::vector<Tensor> outputs = ctx.takeOutputs();
    for (size_t i = 0; i < outputs.size(); ++i)
        if (ctx.wantsOutput(i) && (!outputs[i].isValid() || !outputs[i].isPlain()))
            return Status(ErrorCode::Internal, node.opType + " left an output unset or blocked");
    return outputs;
}

} // namespace silica::runtime
