#pragma once
// The kernel interface: one Kernel object per node, created once when a session is built
// (where it may pre-pack weights and cache oneDNN primitives) and run many times.
//
// Adding an op: write a factory `Expected<std::unique_ptr<Kernel>> make(const KernelInfo &)`
// and register it in the family's `register…Kernels(KernelRegistry &)` function (see
// kernel_registry.cpp for the list of families).

#include "core/common/progress.h"
#include "core/common/status.h"
#include "core/runtime/tensor.h"

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace silica::runtime {

class GraphPlan;
class KernelContext;

// Runs a compiled subgraph (If / Loop / Scan bodies). Outer-scope values resolve to the
// frame that runs the kernel.
class SubgraphRunner
{
public:
    virtual ~SubgraphRunner() = default;
    // `inputs` in the order of the subgraph's formal inputs; returns its outputs in order.
    virtual Expected<std::vector<Tensor>> run(const GraphPlan &plan,
                                              const std::vector<Tensor> &inputs) = 0;
};

// What a kernel factory sees of its node.
struct KernelInfo
{
    const Node &node;
    int opsetVersion = 0; // imported version of the node's domain
    // The value of an input when it is an initializer or Constant output (weights, shape
    // arguments): lets kernels pre-pack. nullptr for values only known at run time. The
    // pointer is valid during the factory call only; keep a copy (Tensor copies are cheap).
    std::function<const Tensor *(const std::string &value)> constantValue;
    // Whether a value is a constant, without converting it (cheap; for weights a kernel only
    // packs, see Kernel::packsInput).
    std::function<bool(const std::string &value)> isConstant;
    // Compiles a Graph attribute into a plan (control-flow ops).
    std::function<Expected<std::shared_ptr<const GraphPlan>>(const GraphPtr &)> compileSubgraph;
    // Declared type of a value (graph input, value_info, inferred), Kind::None if unknown.
    std::function<ValueType(const std::string &value)> declaredType;

    const Tensor *constantInput(size_t index) const
    {
        if (index >= node.inputs.size() || node.inputs[index].empty())
            return nullptr;
        return constantValue(node.inputs[index]);
    }
    bool hasInput(size_t index) const
    {
        return index < node.inputs.size() && !node.inputs[index].empty();
    }
    bool isConstantInput(size_t index) const
    {
        return hasInput(index) && isConstant(node.inputs[index]);
    }
    // An error about this node: "Conv 'conv1': <message>".
    Status error(const std::string &message, ErrorCode code = ErrorCode::InvalidModel) const;
};

class Kernel
{
public:
    virtual ~Kernel() = default;
    virtual Status compute(KernelContext &ctx) = 0;
    // Whether input `index` may arrive in a non-plain Layout. Otherwise the executor hands
    // the kernel a plain copy.
    virtual bool acceptsBlocked(size_t index) const
    {
        (void)index;
        return false;
    }
    // Whether the kernel reads constant input `index` only to pack it (with memcpy, at its
    // first run). Such a weight is handed over without a copy, possibly misaligned.
    virtual bool packsInput(size_t index) const
    {
        (void)index;
        return false;
    }
};

using KernelFactory = std::function<Expected<std::unique_ptr<Kernel>>(const KernelInfo &)>;

// A kernel from a lambda, for simple stateless ops:
//   registry.add("Relu", 6, lambdaKernel([](KernelContext &ctx) { … }));
KernelFactory lambdaKernel(std::function<Status(KernelContext &)> fn);

class KernelContext
{
public:
    virtual ~KernelContext() = default;

    virtual const Node &node() const = 0;
    virtual int opsetVersion() const = 0;

    // Number of inputs the node lists (omitted optional inputs included).
    virtual size_t inputCount() const = 0;
    // nullptr when the input is omitted ("") or absent.
    virtual const Tensor *input(size_t index) const = 0;
    bool hasInput(size_t index) const { return input(index) != nullptr; }
    // The input, or an error status naming the node when it is missing.
    Expected<const Tensor *> requiredInput(size_t index) const;

    virtual size_t outputCount() const = 0;
    // Whether the node's output at `index` is used (listed and not "").
    virtual bool wantsOutput(size_t index) const = 0;
    // Fresh storage for an output, recycled from dead activations where possible.
    virtual Tensor &allocateOutput(size_t index, DataType type, const Shape &shape) = 0;
    // Sets an output to an existing tensor (a view of an input, a constant).
    virtual Tensor &setOutput(size_t index, Tensor tensor) = 0;
    // Whether the kernel may write its output into input `index`'s storage: this node is the
    // input's last reader, nothing else holds the storage, and it is not a weight.
    virtual bool mayOverwriteInput(size_t index) const
    {
        (void)index;
        return false;
    }
    // A float [N,C,H,W] output in a non-plain layout (see Layout), recycled storage.
    virtual Tensor &allocateOutputInLayout(size_t index, const Shape &shape, Layout layout) = 0;
    // Recycled storage of at least `bytes` (scratch for a kernel, or a converted input).
    virtual std::shared_ptr<Storage> scratch(size_t bytes) = 0;

    // Threads a kernel may use (OpenMP parallel regions honour this already).
    virtual int threadCount() const = 0;
    virtual const CancelToken *cancelToken() const = 0;
    virtual SubgraphRunner &subgraphs() = 0;

    // An error naming the node: "Conv 'conv1': <message>".
    Status error(const std::string &message, ErrorCode code = ErrorCode::InvalidArgument) const;
};

// Op type + domain + opset range → factory.
class KernelRegistry
{
public:
    // The registry with every built-in kernel.
    static const KernelRegistry &builtin();

    // Registers `factory` for opset versions [sinceVersion, untilVersion] of op `opType` in
    // `domain` ("" = ai.onnx).
    void add(std::string_view opType, int sinceVersion, KernelFactory factory,
             int untilVersion = 1 << 30, std::string_view domain = {});

    const KernelFactory *find(std::string_view domain, std::string_view opType,
                              int opsetVersion) const;
    // Replaces every registered factory of `opType` (default domain) by wrap(factory).
    void wrap(std::string_view opType, const std::function<KernelFactory(KernelFactory)> &wrap);
    // Whether any version of the op is known (to tell "unknown op" from "unsupported version").
    bool knowsOp(std::string_view domain, std::string_view opType) const;
    std::vector<std::string> opTypes(std::string_view domain = {}) const;

private:
    struct Entry
    {
        std::string domain;
        std::string opType;
        int since = 1;
        int until = 1 << 30;
        KernelFactory factory;
    };
    std::vector<Entry> m_entries;
};

// Kernel families, one file each under core/runtime/kernels/.
void registerConvKernels(KernelRegistry &registry);        // Conv, ConvTranspose (oneDNN)
void registerMatMulKernels(KernelRegistry &registry);      // MatMul, Gemm (oneDNN)
void registerQuantKernels(KernelRegistry &registry);       // Q/DQ, QLinear*, *Integer
void registerElementwiseKernels(KernelRegistry &registry); // unary/binary math, logic
void registerActivationKernels(KernelRegistry &registry);  // Relu, Sigmoid, HardSwish, …
void registerShapeKernels(KernelRegistry &registry);       // Reshape, Concat, Slice, Gather …
void registerReductionKernels(KernelRegistry &registry);   // Reduce*, ArgMax, Softmax …
void registerNormKernels(KernelRegistry &registry);        // BatchNorm, LayerNorm, LRN …
void registerPoolKernels(KernelRegistry &registry);        // MaxPool, AveragePool, Global*
void registerControlFlowKernels(KernelRegistry &registry); // If, Loop, Scan
void registerRecurrentKernels(KernelRegistry &registry);   // LSTM, GRU, RNN
void registerImageKernels(KernelRegistry &registry);       // Resize, GridSample, RoiAlign, NMS
void registerSignalKernels(KernelRegistry &registry);      // DFT, STFT, windows, MelWeightMatrix
void registerMiscKernels(KernelRegistry &registry);        // everything else
// Registered last: wraps element-wise and pooling kernels so they also take blocked inputs,
// and the float32-only compute kernels so they also take float16.
void registerBlockedLayoutKernels(KernelRegistry &registry);
void registerHalfPrecisionKernels(KernelRegistry &registry);

} // namespace silica::runtime
