#include "core/runtime/constant_node.h"

namespace silica::runtime {

Expected<Tensor> evaluateConstantNode(const Node &node)
{
    auto fail = [&node](const std::string &what) {
        return Status(ErrorCode::InvalidModel, "Constant '" + node.displayName() + "': " + what);
    };
    if (node.attributes.size() != 1)
        return fail("needs exactly one value attribute, has " +
                    std::to_string(node.attributes.size()));
    const Attribute &a = node.attributes[0];
    if (a.name == "value") {
        if (!a.t)
            return fail("attribute 'value' holds no tensor");
        auto t = Tensor::fromGraphTensor(*a.t);
        if (!t)
            return fail(t.error().message());
        return *t;
    }
    if (a.name == "value_float")
        return Tensor::scalar<float>(DataType::Float, a.f);
    if (a.name == "value_int")
        return Tensor::scalar<int64_t>(DataType::Int64, a.i);
    if (a.name == "value_floats")
        return Tensor::fromVector<float>(DataType::Float, {int64_t(a.floats.size())}, a.floats);
    if (a.name == "value_ints")
        return Tensor::fromVector<int64_t>(DataType::Int64, {int64_t(a.ints.size())}, a.ints);
    return Status(ErrorCode::Unsupported, "Constant '" + node.displayName() + "': attribute '" +
                                              a.name +
                                              "' (string or sparse constants) is not supported "
                                              "by the runtime");
}

} // namespace silica::runtime
