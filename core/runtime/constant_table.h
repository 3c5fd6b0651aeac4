#pragma once
// The constant values of a graph while it is compiled: initializers (and Identity aliases of
// them) as the model holds them, converted to runtime tensors only when something reads their
// values. Weights that a kernel only packs are never copied (see Kernel::packsInput).

#include "core/runtime/tensor.h"

#include <string>
#include <unordered_map>
#include <vector>

namespace silica::runtime {

class ConstantTable
{
public:
    void addWeight(const std::string &name, TensorPtr tensor) { m_weights[name] = std::move(tensor); }
    void addValue(const std::string &name, Tensor value) { m_values[name] = std::move(value); }
    // `alias` names the same constant as `name`.
    void addAlias(const std::string &alias, const std::string &name);

    bool contains(const std::string &name) const;
    DataType dataType(const std::string &name) const;
    Shape shape(const std::string &name) const;
    // The value as a runtime tensor (converted on first use, aligned for its element type).
    // nullptr for names that are not constants or cannot be held (sub-byte types).
    const Tensor *value(const std::string &name);
    // The bytes without any copy; they may be misaligned for the element type, so read them
    // with memcpy (packing kernels do).
    Expected<Tensor> packedView(const std::string &name) const;
    // The value for a plan: the converted tensor, with the conversion's error if any.
    Expected<Tensor> planValue(const std::string &name);

    std::vector<std::string> names() const;

private:
    std::unordered_map<std::string, TensorPtr> m_weights;
    std::unordered_map<std::string, Tensor> m_values;
};

} // namespace silica::runtime
