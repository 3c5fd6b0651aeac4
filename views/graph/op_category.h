#pragma once
// The op-category colouring of the graph canvas: what kind of work a node does, at a glance.

#include <QColor>
#include <QString>

#include <string_view>

namespace silica {

enum class OpCategory
{
    Compute,    // Conv, MatMul, Gemm and their quantized forms: where the MACs are
    Activation, // Relu, Sigmoid, Swish spellings, Softmax…
    Normalization,
    Pooling,
    DataMovement, // Reshape, Transpose, Concat, Slice, Gather…
    Quantization, // QuantizeLinear, DequantizeLinear, Cast…
    ControlFlow,  // If, Loop, Scan
    Other,
    GraphInput, // pseudo-nodes for the model interface
    GraphOutput,
};

OpCategory opCategory(std::string_view opType);

// Fill colour of a node box; text on it is dark and readable.
QColor categoryColor(OpCategory category);
// For the legend and tooltips.
QString categoryName(OpCategory category);

} // namespace silica
