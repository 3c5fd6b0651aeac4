#include "views/graph/op_category.h"

#include <QCoreApplication>

#include <algorithm>
#include <array>

namespace silica {

namespace {

template <size_t N> bool contains(const std::array<std::string_view, N> &ops, std::string_view op)
{
    return std::find(ops.begin(), ops.end(), op) != ops.end();
}

constexpr std::array<std::string_view, 12> kCompute = {
    "Conv",          "ConvTranspose", "ConvInteger", "QLinearConv", "MatMul",      "MatMulInteger",
    "QLinearMatMul", "Gemm",          "Einsum",      "FusedConv",   "FusedMatMul", "QGemm"};
constexpr std::array<std::string_view, 22> kActivation = {
    "Relu",     "LeakyRelu", "PRelu",      "Sigmoid", "HardSigmoid",
    "Tanh",     "Elu",       "Selu",       "Celu",    "Gelu",
    "FastGelu", "HardSwish", "Swish",      "Mish",    "Softplus",
    "Softsign", "Softmax",   "LogSoftmax", "Clip",    "ThresholdedRelu",
    "Erf",      "QuickGelu"};
constexpr std::array<std::string_view, 9> kNormalization = {"BatchNormalization",
                                                            "InstanceNormalization",
                                                            "LayerNormalization",
                                                            "GroupNormalization",
                                                            "LpNormalization",
                                                            "MeanVarianceNormalization",
                                                            "LRN",
                                                            "SkipLayerNormalization",
                                                            "RMSNormalization"};
constexpr std::array<std::string_view, 10> kPooling = {
    "MaxPool",      "AveragePool", "GlobalAveragePool", "GlobalMaxPool", "LpPool",
    "GlobalLpPool", "MaxRoiPool",  "RoiAlign",          "MaxUnpool",     "QLinearAveragePool"};
constexpr std::array<std::string_view, 28> kDataMovement = {
    "Reshape",      "Transpose",    "Concat",          "Split",
    "Slice",        "Gather",       "GatherND",        "GatherElements",
    "Squeeze",      "Unsqueeze",    "Flatten",         "Expand",
    "Tile",         "Pad",          "Resize",          "Upsample",
    "DepthToSpace", "SpaceToDepth", "Identity",        "Shape",
    "Size",         "ScatterND",    "ScatterElements", "Scatter",
    "Dropout",      "Constant",     "ConstantOfShape", "Where"};
constexpr std::array<std::string_view, 6> kQuantization = {
    "QuantizeLinear", "DequantizeLinear", "DynamicQuantizeLinear",
    "Cast",           "CastLike",         "QLinearAdd"};
constexpr std::array<std::string_view, 5> kControlFlow = {"If", "Loop", "Scan", "SequenceMap",
                                                          "Optional"};

} // namespace

OpCategory opCategory(std::string_view op)
{
    if (contains(kCompute, op))
        return OpCategory::Compute;
    if (contains(kActivation, op))
        return OpCategory::Activation;
    if (contains(kNormalization, op))
        return OpCategory::Normalization;
    if (contains(kPooling, op))
        return OpCategory::Pooling;
    if (contains(kDataMovement, op))
        return OpCategory::DataMovement;
    if (contains(kQuantization, op))
        return OpCategory::Quantization;
    if (contains(kControlFlow, op))
        return OpCategory::ControlFlow;
    return OpCategory::Other;
}

QColor categoryColor(OpCategory category)
{
    // Light fills so black labels stay readable; hues follow the usual convention of graph
    // viewers (compute blue, activations red, normalization green, data movement grey).
    switch (category) {
    case OpCategory::Compute:
        return QColor(0x8e, 0xb8, 0xe8);
    case OpCategory::Activation:
        return QColor(0xf0, 0xa0, 0x9a);
    case OpCategory::Normalization:
        return QColor(0x9f, 0xd8, 0x9c);
    case OpCategory::Pooling:
        return QColor(0xb9, 0xa6, 0xe0);
    case OpCategory::DataMovement:
        return QColor(0xd4, 0xd4, 0xd4);
    case OpCategory::Quantization:
        return QColor(0xf5, 0xcf, 0x7a);
    case OpCategory::ControlFlow:
        return QColor(0x7f, 0xd3, 0xd0);
    case OpCategory::Other:
        return QColor(0xee, 0xe6, 0xd2);
    case OpCategory::GraphInput:
    case OpCategory::GraphOutput:
        return QColor(0x55, 0x5d, 0x66);
    }
    return Qt::lightGray;
}

QString categoryName(OpCategory category)
{
    switch (category) {
    case OpCategory::Compute:
        return QCoreApplication::translate("OpCategory", "Convolution / matrix multiply");
    case OpCategory::Activation:
        return QCoreApplication::translate("OpCategory", "Activation");
    case OpCategory::Normalization:
        return QCoreApplication::translate("OpCategory", "Normalization");
    case OpCategory::Pooling:
        return QCoreApplication::translate("OpCategory", "Pooling");
    case OpCategory::DataMovement:
        return QCoreApplication::translate("OpCategory", "Data movement");
    case OpCategory::Quantization:
        return QCoreApplication::translate("OpCategory", "Quantization");
    case OpCategory::ControlFlow:
        return QCoreApplication::translate("OpCategory", "Control flow");
    case OpCategory::Other:
        return QCoreApplication::translate("OpCategory", "Other");
    case OpCategory::GraphInput:
        return QCoreApplication::translate("OpCategory", "Graph input");
    case OpCategory::GraphOutput:
        return QCoreApplication::translate("OpCategory", "Graph output");
    }
    return {};
}

} // namespace silica
