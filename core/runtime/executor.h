#pragma once
// Runs a GraphPlan over a frame of slots. Internal to the runtime: callers use
// InferenceSession.

#include "core/runtime/buffer_pool.h"
#include "core/runtime/graph_plan.h"
#include "core/runtime/session.h"

namespace silica::runtime {

struct ExecState
{
    BufferPool &pool;
    int threads = 1;
    const RunOptions &options;
    std::string finiteWarning;
};

// `t` itself when plain, else a plain copy (storage from `pool`).
Tensor plainCopy(const Tensor &t, BufferPool &pool);

// `slots` must hold the plan's inputs and outer-scope values; constants are filled here.
// `observe`: report nodes to the observer and progress (top level only).
Status executePlan(const GraphPlan &plan, std::vector<Tensor> &slots, ExecState &state,
                   bool observe);

} // namespace silica::runtime
