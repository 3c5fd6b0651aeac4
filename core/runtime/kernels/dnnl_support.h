#pragma once
// Shared oneDNN plumbing for the Conv / MatMul / Gemm kernels: one CPU engine, a stream per
// thread, and post-ops (fused activations and residual sums) built from the attributes the
// planner puts on fused nodes (plan_fusion.h).

#include "core/runtime/kernel.h"

#include <oneapi/dnnl/dnnl.hpp>

namespace silica::runtime {

dnnl::engine &dnnlEngine();
dnnl::stream &dnnlStream();

dnnl::memory::dims toDims(const Shape &shape);

// True when the CPU runs oneDNN's AVX-512 kernels. There, 2-D convolutions on large planes
// keep activations in nChw16c: the 1×1 and depthwise kernels are as fast or faster in it than
// in channels-last, and the Winograd 3×3 kernel (about 1.5× faster than direct on ResNet's
// early 3×3 layers, measured here) takes nothing else (conv_kernels.cpp has the rule).
// Elsewhere oneDNN's own choice (nChw8c on AVX2) stands.
bool preferChannelBlocks16();

// Whether oneDNN's int8 kernels sum exactly on this CPU. With VNNI (vpdpbusd) products are
// added in int32. Without it they go through vpmaddubsw, whose int16 pair sums saturate, and
// oneDNN halves s8 weights to avoid that ("Nuances of int8 computations" in its guide).
bool exactInt8Isa();

// Post-ops for a fused node: an optional residual sum (when `hasSum`), then its activation
// (unless `withActivation` is false: the kernel applies it itself). Returns false when the
// node asks for an activation oneDNN cannot apply.
bool fusedPostOps(const Node &node, bool hasSum, dnnl::post_ops &ops, bool withActivation = true);

// Applies the fused activation of `node` (if any) to `count` floats in place, for kernels
// that do not run on oneDNN.
void applyFusedActivation(const Node &node, float *data, int64_t count);

} // namespace silica::runtime
