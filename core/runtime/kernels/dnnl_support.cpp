#include "core/runtime/kernels/dnnl_support.h"

#include "core/runtime/plan_fusion.h"

#include <algorithm>
#include <cmath>

namespace silica::runtime {

dnnl::engine &dnnlEngine()
{
    static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
    return engine;
}

dnnl::stream &dnnlStream()
{
    thread_local dnnl::stream stream(dnnlEngine());
    return stream;
}

namespace {

dnnl::cpu_isa effectiveIsa()
{
    static const dnnl::cpu_isa isa = dnnl::get_effective_cpu_isa();
    return isa;
}

} // namespace

bool preferChannelBlocks16()
{
    switch (effectiveIsa()) {
    case dnnl::cpu_isa::avx512_core:
    case dnnl::cpu_isa::avx512_core_vnni:
    case dnnl::cpu_isa::avx512_core_bf16:
    case dnnl::cpu_isa::avx512_core_amx:
        return true;
    default:
        return false;
    }
}

bool exactInt8Isa()
{
    const dnnl::cpu_isa isa = effectiveIsa();
    return isa == dnnl::cpu_isa::avx2_vnni ||
           (preferChannelBlocks16() && isa != dnnl::cpu_isa::avx512_core);
}

dnnl::memory::dims toDims(const Shape &shape)
{
    return dnnl::memory::dims(shape.begin(), shape.end());
}

bool fusedPostOps(const Node &node, bool hasSum, dnnl::post_ops &ops, bool withActivation)
{
    using dnnl::algorithm;
    if (hasSum)
        ops.append_sum(1.0f);
    const std::string act = node.stringAttribute(kFusedActivation, "");
    const float alpha = node.floatAttribute(kFusedAlpha, 0.0f);
    const float beta = node.floatAttribute(kFusedBeta, 0.0f);
    if (act.empty() || !withActivation)
        return true;
    if (act == "Relu")
        ops.append_eltwise(1.0f, algorithm::eltwise_relu, 0.0f, 0.0f);
    else if (act == "LeakyRelu")
        ops.append_eltwise(1.0f, algorithm::eltwise_relu, alpha, 0.0f);
    else if (act == "Clip")
        ops.append_eltwise(1.0f, algorithm::eltwise_clip_v2, alpha, beta);
    else if (act == "Sigmoid")
        ops.append_eltwise(1.0f, algorithm::eltwise_logistic, 0.0f, 0.0f);
    else if (act == "Swish") // x * sigmoid(alpha x)
        ops.append_eltwise(1.0f, algorithm::eltwise_swish, alpha, 0.0f);
    else if (act == "HardSwish")
        ops.append_eltwise(1.0f, algorithm::eltwise_hardswish, 0.0f, 0.0f);
    else if (act == "HardSigmoid") { // max(0, min(1, alpha x + beta))
        ops.append_eltwise(1.0f, algorithm::eltwise_linear, alpha, beta);
        ops.append_eltwise(1.0f, algorithm::eltwise_clip_v2, 0.0f, 1.0f);
    } else if (act == "Tanh")
        ops.append_eltwise(1.0f, algorithm::eltwise_tanh, 0.0f, 0.0f);
    else
        return false;
    return true;
}

void applyFusedActivation(const Node &node, float *data, int64_t count)
{
    const std::string act = node.stringAttribute(kFusedActivation, "");
    if (act.empty())
        return;
    const float alpha = node.floatAttribute(kFusedAlpha, 0.0f);
    const float beta = node.floatAttribute(kFusedBeta, 0.0f);
    auto each = [&](auto fn) {
        for (int64_t i = 0; i < count; ++i)
            data[i] = fn(data[i]);
    };
    if (act == "Relu")
        each([](float x) { return x > 0.0f ? x : 0.0f; });
    else if (act == "LeakyRelu")
        each([alpha](float x) { return x > 0.0f ? x : alpha * x; });
    else if (act == "Clip")
        each([alpha, beta](float x) { return std::min(std::max(x, alpha), beta); });
    else if (act == "Sigmoid")
        each([](float x) { return 1.0f / (1.0f + std::exp(-x)); });
    else if (act == "Swish")
        each([alpha](float x) { return x / (1.0f + std::exp(-alpha * x)); });
    else if (act == "HardSwish")
        each([](float x) { return x * std::min(std::max(x / 6.0f + 0.5f, 0.0f), 1.0f); });
    else if (act == "HardSigmoid")
        each([alpha, beta](float x) { return std::min(std::max(alpha * x + beta, 0.0f), 1.0f); });
    else if (act == "Tanh")
        each([](float x) { return std::tanh(x); });
}

} // namespace silica::runtime
