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

// Post-ops for a fused node: an optional residual sum (when `hasSum`), then its activation.
// Returns false when the node asks for an activation oneDNN cannot apply.
bool fusedPostOps(const Node &node, bool hasSum, dnnl::post_ops &ops);

// Applies the fused activation of `node` (if any) to `count` floats in place, for kernels
// that do not run on oneDNN.
void applyFusedActivation(const Node &node, float *data, int64_t count);

} // namespace silica::runtime
