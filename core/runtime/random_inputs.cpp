#include "core/runtime/random_inputs.h"

#include "core/runtime/half.h"

#include <random>

namespace silica::runtime {

Expected<std::vector<std::pair<std::string, Tensor>>>
randomInputs(const std::vector<ValueInfo> &inputs, uint64_t seed,
             const std::map<std::string, int64_t> &dims)
{
    std::vector<std::pair<std::string, Tensor>> feeds;
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
    for (const ValueInfo &in : inputs) {
        if (in.type.kind != ValueType::Kind::Tensor)
            return Status(ErrorCode::Unsupported,
                          "input '" + in.name + "' is " + in.type.toString() +
                              "; random data is only made for tensors");
        if (!in.type.hasShape)
            return Status(ErrorCode::InvalidArgument,
                          "input '" + in.name + "' declares no shape; feed it from a file");
        Shape shape;
        for (const Dim &d : in.type.dims) {
            if (d.isKnown()) {
                shape.push_back(d.value);
                continue;
            }
            auto it = dims.find(d.param);
            shape.push_back(it != dims.end() ? it->second : 1);
        }
        Tensor t = Tensor::allocate(in.type.elemType, shape);
        const int64_t n = t.elementCount();
        switch (in.type.elemType) {
        case DataType::Float:
            for (int64_t i = 0; i < n; ++i)
                t.mutableData<float>()[i] = uniform(rng);
            break;
        case DataType::Double:
            for (int64_t i = 0; i < n; ++i)
                t.mutableData<double>()[i] = uniform(rng);
            break;
        case DataType::Float16:
            for (int64_t i = 0; i < n; ++i)
                t.mutableData<Half>()[i] = Half(uniform(rng));
            break;
        case DataType::Int64:
            for (int64_t i = 0; i < n; ++i)
                t.mutableData<int64_t>()[i] = int64_t(rng() % 8);
            break;
        case DataType::Int32:
            for (int64_t i = 0; i < n; ++i)
                t.mutableData<int32_t>()[i] = int32_t(rng() % 8);
            break;
        case DataType::Uint8:
            for (int64_t i = 0; i < n; ++i)
                t.mutableData<uint8_t>()[i] = uint8_t(rng() % 256);
            break;
        case DataType::Int8:
            for (int64_t i = 0; i < n; ++i)
                t.mutableData<int8_t>()[i] = int8_t(int(rng() % 256) - 128);
            break;
        case DataType::Bool:
            for (int64_t i = 0; i < n; ++i)
                t.mutableData<bool>()[i] = (rng() & 1) != 0;
            break;
        default:
            return Status(ErrorCode::Unsupported, "input '" + in.name + "' has element type " +
                                                      dataTypeName(in.type.elemType) +
                                                      "; random data is not made for it");
        }
        feeds.emplace_back(in.name, std::move(t));
    }
    return feeds;
}

} // namespace silica::runtime
