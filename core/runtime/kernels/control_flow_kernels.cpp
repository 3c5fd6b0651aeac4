// If, Loop and Scan: their bodies are compiled once into plans and run in a nested frame that
// sees the enclosing graph's values (outer scope).

#include "core/runtime/graph_plan.h"
#include "core/runtime/kernels/kernel_util.h"

#include <cstring>

namespace silica::runtime {

namespace {

using PlanPtr = std::shared_ptr<const GraphPlan>;

Expected<PlanPtr> compileBody(const KernelInfo &info, const char *name)
{
    const Attribute *a = info.node.attribute(name);
    if (!a || !a->g)
        return info.error(std::string("graph attribute '") + name + "' is missing");
    return info.compileSubgraph(a->g);
}

bool truthy(const Tensor &t)
{
    const std::vector<int64_t> v = t.toInt64s();
    return !v.empty() && v[0] != 0;
}

// Slice `index` along `axis` (the axis removed).
Tensor sliceAlong(const Tensor &t, int axis, int64_t index)
{
    Shape shape = t.shape();
    const int64_t len = shape[size_t(axis)];
    shape.erase(shape.begin() + axis);
    Tensor out = Tensor::allocate(t.dataType(), shape);
    const size_t elem = size_t(dataTypeBits(t.dataType()) / 8);
    int64_t outer = 1, inner = 1;
    for (int d = 0; d < axis; ++d)
        outer *= t.dim(d);
    for (int d = axis + 1; d < t.rank(); ++d)
        inner *= t.dim(d);
    const auto *src = static_cast<const uint8_t *>(t.raw());
    auto *dst = static_cast<uint8_t *>(out.mutableRaw());
    for (int64_t o = 0; o < outer; ++o)
        std::memcpy(dst + size_t(o * inner) * elem, src + size_t((o * len + index) * inner) * elem,
                    size_t(inner) * elem);
    return out;
}

// Stacks equally shaped slices along a new `axis`.
Expected<Tensor> stackAlong(const std::vector<Tensor> &slices, int axis, const KernelContext &ctx)
{
    const Tensor &first = slices.front();
    for (const Tensor &s : slices)
        if (s.shape() != first.shape() || s.dataType() != first.dataType())
            return ctx.error("iterations produced differently shaped scan outputs: " +
                             first.describe() + " and " + s.describe());
    Shape shape = first.shape();
    shape.insert(shape.begin() + axis, int64_t(slices.size()));
    Tensor out = Tensor::allocate(first.dataType(), shape);
    const size_t elem = size_t(dataTypeBits(first.dataType()) / 8);
    int64_t outer = 1, inner = 1;
    for (int d = 0; d < axis; ++d)
        outer *= first.dim(d);
    for (int d = axis; d < first.rank(); ++d)
        inner *= first.dim(d);
    auto *dst = static_cast<uint8_t *>(out.mutableRaw());
    const int64_t n = int64_t(slices.size());
    for (int64_t i = 0; i < n; ++i) {
        const auto *src = static_cast<const uint8_t *>(slices[size_t(i)].raw());
        for (int64_t o = 0; o < outer; ++o)
            std::memcpy(dst + size_t((o * n + i) * inner) * elem, src + size_t(o * inner) * elem,
                        size_t(inner) * elem);
    }
    return out;
}

class IfKernel final : public Kernel
{
public:
    PlanPtr thenPlan, elsePlan;
    Status compute(KernelContext &ctx) override
    {
        auto cond = ctx.requiredInput(0);
        if (!cond)
            return cond.status();
        if ((*cond)->elementCount() != 1)
            return ctx.error("the condition must hold one value, got " + (*cond)->describe());
        auto outs = ctx.subgraphs().run(truthy(**cond) ? *thenPlan : *elsePlan, {});
        if (!outs)
            return outs.status();
        if (outs->size() != ctx.outputCount())
            return ctx.error("the branch returns " + std::to_string(outs->size()) +
                             " values, the node has " + std::to_string(ctx.outputCount()) + " outputs");
        for (size_t i = 0; i < outs->size(); ++i)
            ctx.setOutput(i, std::move((*outs)[i]));
        return Status::ok();
    }
};

class LoopKernel final : public Kernel
{
public:
    PlanPtr body;
    // The body's declared scan outputs (element type, per-iteration shape): what an empty
    // scan output of a loop that ran zero times is made of.
    std::vector<ValueType> scanTypes;
    Status compute(KernelContext &ctx) override
    {
        const Tensor *maxTrip = ctx.input(0);
        const Tensor *condIn = ctx.input(1);
        const size_t carried = ctx.inputCount() >= 2 ? ctx.inputCount() - 2 : 0;
        const size_t bodyOutputs = body->outputSlots().size();
        if (bodyOutputs < 1 + carried)
            return ctx.error("the body has " + std::to_string(bodyOutputs) + " outputs; it needs " +
                             std::to_string(1 + carried) + " (condition + loop-carried values)");
        const size_t scanCount = bodyOutputs - 1 - carried;
        const int64_t limit = maxTrip ? maxTrip->toInt64s().at(0) : INT64_MAX;
        bool cond = condIn ? truthy(*condIn) : true;
        std::vector<Tensor> values;
        for (size_t i = 0; i < carried; ++i) {
            const Tensor *v = ctx.input(2 + i);
            if (!v)
                return ctx.error("loop-carried input " + std::to_string(i) + " is missing");
            values.push_back(*v);
        }
        std::vector<std::vector<Tensor>> scans(scanCount);
        for (int64_t i = 0; i < limit && cond; ++i) {
            if (ctx.cancelToken() && ctx.cancelToken()->isCancelled())
                return Status(ErrorCode::Cancelled, "the run was cancelled");
            std::vector<Tensor> inputs{Tensor::scalar<int64_t>(DataType::Int64, i),
                                       Tensor::scalar<bool>(DataType::Bool, cond)};
            inputs.insert(inputs.end(), values.begin(), values.end());
            auto outs = ctx.subgraphs().run(*body, inputs);
            if (!outs)
                return outs.status();
            cond = truthy((*outs)[0]);
            for (size_t v = 0; v < carried; ++v)
                values[v] = (*outs)[1 + v];
            for (size_t s = 0; s < scanCount; ++s)
                scans[s].push_back((*outs)[1 + carried + s]);
        }
        for (size_t v = 0; v < carried; ++v)
            ctx.setOutput(v, values[v]);
        for (size_t s = 0; s < scanCount; ++s) {
            if (scans[s].empty()) {
                // Zero iterations: [0, per-iteration dims…] of the declared type; dims the
                // body leaves symbolic count as 0 too (the result is empty either way).
                const ValueType *t = s < scanTypes.size() ? &scanTypes[s] : nullptr;
                const bool typed = t && t->isTensor() && t->elemType != DataType::Undefined;
                Shape shape{0};
                if (typed && t->hasShape)
                    for (const Dim &d : t->dims)
                        shape.push_back(d.isKnown() ? d.value : 0);
                ctx.allocateOutput(carried + s, typed ? t->elemType : DataType::Float, shape);
                continue;
            }
            auto stacked = stackAlong(scans[s], 0, ctx);
            if (!stacked)
                return stacked.status();
            ctx.setOutput(carried + s, *stacked);
        }
        return Status::ok();
    }
};

class ScanKernel final : public Kernel
{
public:
    PlanPtr body;
    int opset = 9;
    Status compute(KernelContext &ctx) override
    {
        const Node &node = ctx.node();
        const int64_t scanInputs = node.intAttribute("num_scan_inputs", 0);
        // Opset 8 has a leading optional sequence_lens input and a batch axis 0.
        const size_t first = opset < 9 ? 1 : 0;
        if (opset < 9 && ctx.input(0))
            return ctx.error("sequence_lens is not supported", ErrorCode::Unsupported);
        const size_t total = ctx.inputCount() - first;
        if (scanInputs <= 0 || size_t(scanInputs) > total)
            return ctx.error("num_scan_inputs is " + std::to_string(scanInputs) + " for " +
                             std::to_string(total) + " inputs");
        const size_t states = total - size_t(scanInputs);
        std::vector<Tensor> in;
        for (size_t i = 0; i < total; ++i) {
            const Tensor *t = ctx.input(first + i);
            if (!t)
                return ctx.error("input " + std::to_string(first + i) + " is missing");
            in.push_back(*t);
        }
        if (opset >= 9)
            return scanOnce(ctx, in, states, /*outputOffset*/ 0, nullptr);
        // Opset 8: run every batch entry on its own and stack the results along axis 0.
        const int64_t batch = in[0].dim(0);
        std::vector<std::vector<Tensor>> perBatch(ctx.outputCount());
        for (int64_t b = 0; b < batch; ++b) {
            std::vector<Tensor> slice;
            for (const Tensor &t : in)
                slice.push_back(sliceAlong(t, 0, b));
            std::vector<Tensor> outs;
            Status s = scanOnce(ctx, slice, states, 0, &outs);
            if (!s)
                return s;
            for (size_t o = 0; o < outs.size(); ++o)
                perBatch[o].push_back(outs[o]);
        }
        for (size_t o = 0; o < perBatch.size(); ++o) {
            auto stacked = stackAlong(perBatch[o], 0, ctx);
            if (!stacked)
                return stacked.status();
            ctx.setOutput(o, *stacked);
        }
        return Status::ok();
    }

private:
    Status scanOnce(KernelContext &ctx, const std::vector<Tensor> &in, size_t states, size_t,
                    std::vector<Tensor> *collect)
    {
        const Node &node = ctx.node();
        const size_t scanInputs = in.size() - states;
        const bool v8 = opset < 9;
        std::vector<int64_t> inAxes = v8 ? std::vector<int64_t>() : node.intsAttribute("scan_input_axes");
        std::vector<int64_t> inDirs = node.intsAttribute(v8 ? "directions" : "scan_input_directions");
        inAxes.resize(scanInputs, 0);
        inDirs.resize(scanInputs, 0);
        const size_t bodyOutputs = body->outputSlots().size();
        if (bodyOutputs < states)
            return ctx.error("the body returns fewer values than there are state variables");
        const size_t scanOutputs = bodyOutputs - states;
        std::vector<int64_t> outAxes = v8 ? std::vector<int64_t>() : node.intsAttribute("scan_output_axes");
        std::vector<int64_t> outDirs = v8 ? std::vector<int64_t>() : node.intsAttribute("scan_output_directions");
        outAxes.resize(scanOutputs, 0);
        outDirs.resize(scanOutputs, 0);
        int64_t length = -1;
        std::vector<int> axes;
        for (size_t s = 0; s < scanInputs; ++s) {
            const Tensor &t = in[states + s];
            auto axis = normalizeAxis(inAxes[s], t.rank(), ctx);
            if (!axis)
                return axis.status();
            axes.push_back(*axis);
            if (length >= 0 && t.dim(*axis) != length)
                return ctx.error("scan inputs have different lengths");
            length = t.dim(*axis);
        }
        std::vector<Tensor> stateValues(in.begin(), in.begin() + long(states));
        std::vector<std::vector<Tensor>> outSlices(scanOutputs);
        for (int64_t i = 0; i < length; ++i) {
            std::vector<Tensor> bodyIn = stateValues;
            for (size_t s = 0; s < scanInputs; ++s)
                bodyIn.push_back(sliceAlong(in[states + s], axes[s], inDirs[s] ? length - 1 - i : i));
            auto outs = ctx.subgraphs().run(*body, bodyIn);
            if (!outs)
                return outs.status();
            for (size_t v = 0; v < states; ++v)
                stateValues[v] = (*outs)[v];
            for (size_t s = 0; s < scanOutputs; ++s)
                outSlices[s].push_back((*outs)[states + s]);
        }
        std::vector<Tensor> results = stateValues;
        for (size_t s = 0; s < scanOutputs; ++s) {
            if (outDirs[s])
                std::reverse(outSlices[s].begin(), outSlices[s].end());
            if (outSlices[s].empty())
                return ctx.error("a scan over zero elements has no output shape", ErrorCode::Unsupported);
            auto axis = normalizeAxis(outAxes[s], outSlices[s][0].rank() + 1, ctx);
            if (!axis)
                return axis.status();
            auto stacked = stackAlong(outSlices[s], *axis, ctx);
            if (!stacked)
                return stacked.status();
            results.push_back(*stacked);
        }
        if (collect) {
            *collect = std::move(results);
            return Status::ok();
        }
        for (size_t o = 0; o < results.size(); ++o)
            ctx.setOutput(o, results[o]);
        return Status::ok();
    }
};

} // namespace

void registerControlFlowKernels(KernelRegistry &registry)
{
    registry.add("If", 1, [](const KernelInfo &info) -> Expected<std::unique_ptr<Kernel>> {
        auto k = std::make_unique<IfKernel>();
        auto thenPlan = compileBody(info, "then_branch");
        auto elsePlan = compileBody(info, "else_branch");
        if (!thenPlan || !elsePlan)
            return !thenPlan ? thenPlan.status() : elsePlan.status();
        k->thenPlan = *thenPlan;
        k->elsePlan = *elsePlan;
        return std::unique_ptr<Kernel>(std::move(k));
    });
    registry.add("Loop", 1, [](const KernelInfo &info) -> Expected<std::unique_ptr<Kernel>> {
        auto k = std::make_unique<LoopKernel>();
        auto body = compileBody(info, "body");
        if (!body)
            return body.status();
        k->body = *body;
        // Body outputs: condition, loop-carried values (one per input after the first two),
        // then the scan outputs.
        const Graph &graph = *info.node.attribute("body")->g;
        const size_t carried = info.node.inputs.size() >= 2 ? info.node.inputs.size() - 2 : 0;
        for (size_t i = 1 + carried; i < graph.outputs.size(); ++i)
            k->scanTypes.push_back(graph.outputs[i].type);
        return std::unique_ptr<Kernel>(std::move(k));
    });
    registry.add("Scan", 8, [](const KernelInfo &info) -> Expected<std::unique_ptr<Kernel>> {
        auto k = std::make_unique<ScanKernel>();
        auto body = compileBody(info, "body");
        if (!body)
            return body.status();
        k->body = *body;
        k->opset = info.opsetVersion;
        return std::unique_ptr<Kernel>(std::move(k));
    });
}

} // namespace silica::runtime
