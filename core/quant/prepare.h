#pragma once
// Preparing a float model for quantization, as converters do before they quantize: a
// BatchNormalization right after a convolution is folded into the convolution's weights and
// bias (W' = W·γ/√(σ²+ε) per output channel, b' = (b − μ)·γ/√(σ²+ε) + β), so the quantized
// model has one rounding step where the float one had two ops. The new convolution keeps the
// old one's id (what the user saw) and the BatchNormalization's output name.

#include "core/common/status.h"
#include "core/graph/model.h"

namespace silica::quant {

struct PreparedModel
{
    Model model;
    size_t foldedBatchNorms = 0;
};

Expected<PreparedModel> foldBatchNorms(const Model &model);

// Identity nodes that only pass an initializer on (PyTorch exports put them on shared
// parameters) removed: their readers read the initializer, so a Conv's bias or a Mul's constant
// behind one counts as a weight, not as an activation to quantize. The count removed in `removed`.
Model bypassWeightIdentities(const Model &model, size_t *removed = nullptr);

// The same model declared at a newer ai.onnx opset (QuantizeLinear needs 10, per-channel 13,
// 16-bit 21). Ops whose inputs or meaning changed on the way are rewritten: attributes that
// became inputs (Slice 10, TopK 10, Clip 11, Pad 11, Squeeze / Unsqueeze / ReduceSum / Split 13 (Split gets num_outputs at 18),
// the other Reduce ops 18), Softmax / LogSoftmax / Hardmax before 13 as Flatten → op → Reshape.
// Ops that cannot be carried over (Upsample, Resize-10, GroupNormalization before 21, subgraph
// bodies) are named in the error. The IR version is raised to match.
Expected<Model> raiseOpset(const Model &model, int64_t opset);

} // namespace silica::quant
