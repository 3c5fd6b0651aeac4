// Float16 models on the float32 kernels: Conv, ConvTranspose, MatMul and Gemm take float16
// tensors by converting the inputs to float32, running the float32 kernel and rounding the
// result back to float16 (round to nearest even). Accumulation is in float32, as GPUs and
// ONNX Runtime's CPU fallback do for float16. Constant float16 inputs (weights, biases) are
// converted once, when the node is compiled, and the float32 kernel sees them as float32
// constants: it packs them once as it would a float32 model's.

#include "core/runtime/half.h"
#include "core/runtime/kernels/kernel_util.h"
#include "core/runtime/kernels/proxy_context.h"

#include <cstring>
#include <map>

namespace silica::runtime {

namespace {

// Float16 bytes to float32; a packed weight may be a misaligned view of the file, so the
// source is read as bytes, not Halfs.
void halfToFloat(const Tensor &t, float *dst)
{
    const auto *src = static_cast<const uint8_t *>(t.raw());
    parallelFor(t.elementCount(), 1 << 16, [&](int64_t begin, int64_t end) {
        for (int64_t k = begin; k < end; ++k) {
            uint16_t bits;
            std::memcpy(&bits, src + 2 * k, 2);
            dst[k] = halfBitsToFloat(bits);
        }
    });
}

Tensor floatCopyOf(const Tensor &half)
{
    Tensor t = Tensor::zeros(DataType::Float, half.shape());
    halfToFloat(half, t.mutableData<float>());
    return t;
}

// The node's float16 constants as float32, by value name (shared by the wrapper and the
// KernelInfo handed to the float32 kernel).
using ConvertedConstants = std::map<std::string, Tensor>;

class HalfAsFloat final : public Kernel
{
public:
    HalfAsFloat(std::unique_ptr<Kernel> base, std::vector<Tensor> constants)
        : m_base(std::move(base)), m_constants(std::move(constants))
    {
    }
    // Float32 models behave exactly as without the wrapper.
    bool acceptsBlocked(size_t index) const override { return m_base->acceptsBlocked(index); }
    bool packsInput(size_t index) const override { return m_base->packsInput(index); }
    Status compute(KernelContext &ctx) override
    {
        bool half = false;
        for (size_t i = 0; i < ctx.inputCount(); ++i)
            half = half || (ctx.input(i) && ctx.input(i)->dataType() == DataType::Float16);
        if (!half)
            return m_base->compute(ctx);
        std::vector<Tensor> converted(ctx.inputCount());
        std::vector<const Tensor *> inputs(ctx.inputCount(), nullptr);
        for (size_t i = 0; i < ctx.inputCount(); ++i) {
            const Tensor *t = ctx.input(i);
            if (!t || t->dataType() != DataType::Float16) {
                inputs[i] = t;
            } else if (i < m_constants.size() && m_constants[i].isValid()) {
                inputs[i] = &m_constants[i]; // converted once
            } else {
                converted[i] = Tensor::wrap(DataType::Float, t->shape(),
                                            ctx.scratch(size_t(t->elementCount()) * sizeof(float)));
                halfToFloat(*t, converted[i].mutableData<float>());
                inputs[i] = &converted[i];
            }
        }
        ProxyContext proxy(ctx, inputs);
        Status s = m_base->compute(proxy);
        if (!s)
            return s;
        const Tensor result = plainOf(ctx, proxy.m_output); // a convolution may keep its layout
        if (result.dataType() != DataType::Float)
            return ctx.error("expected a float result, got " + result.describe(), ErrorCode::Internal);
        Tensor &out = ctx.allocateOutput(0, DataType::Float16, result.shape());
        const float *src = result.data<float>();
        Half *dst = out.mutableData<Half>();
        parallelFor(result.elementCount(), 1 << 16, [&](int64_t begin, int64_t end) {
            for (int64_t k = begin; k < end; ++k)
                dst[k] = Half(src[k]);
        });
        return Status::ok();
    }

private:
    std::unique_ptr<Kernel> m_base;
    std::vector<Tensor> m_constants; // per input: its float32 copy when a float16 constant
};

} // namespace

void registerHalfPrecisionKernels(KernelRegistry &registry)
{
    for (const char *op : {"Conv", "ConvTranspose", "MatMul", "Gemm"})
        registry.wrap(op, [](KernelFactory base) -> KernelFactory {
            return [base](const KernelInfo &info) -> Expected<std::unique_ptr<Kernel>> {
                auto converted = std::make_shared<ConvertedConstants>();
                KernelInfo floatInfo = info;
                floatInfo.constantValue = [original = info.constantValue,
                                           converted](const std::string &value) -> const Tensor * {
                    const Tensor *t = original(value);
                    if (!t || t->dataType() != DataType::Float16)
                        return t;
                    auto it = converted->find(value);
                    if (it == converted->end())
                        it = converted->emplace(value, floatCopyOf(*t)).first;
                    return &it->second;
                };
                auto k = base(floatInfo);
                if (!k)
                    return k;
                std::vector<Tensor> constants(info.node.inputs.size());
                // Only float16 constants are read here: asking for any other constant would
                // make a copy of weights the float32 kernel may only pack.
                for (size_t i = 0; i < constants.size(); ++i) {
                    if (!info.isConstantInput(i) ||
                        info.declaredType(info.node.inputs[i]).elemType != DataType::Float16)
                        continue;
                    if (floatInfo.constantInput(i) && converted->count(info.node.inputs[i]))
                        constants[i] = converted->at(info.node.inputs[i]);
                }
                return std::unique_ptr<Kernel>(
                    std::make_unique<HalfAsFloat>(std::move(*k), std::move(constants)));
            };
        });
}

} // namespace silica::runtime
