// Float16 models on the float32 kernels: Conv, ConvTranspose, MatMul and Gemm take float16
// tensors by converting the inputs to float32, running the float32 kernel and rounding the
// result back to float16 (round to nearest even). Accumulation is in float32, as GPUs and
// ONNX Runtime's CPU fallback do for float16.

#include "core/runtime/half.h"
#include "core/runtime/kernels/kernel_util.h"
#include "core/runtime/kernels/proxy_context.h"

#include <cstring>

namespace silica::runtime {

namespace {

class HalfAsFloat final : public Kernel
{
public:
    explicit HalfAsFloat(std::unique_ptr<Kernel> base) : m_base(std::move(base)) {}
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
                continue;
            }
            converted[i] = Tensor::wrap(DataType::Float, t->shape(),
                                        ctx.scratch(size_t(t->elementCount()) * sizeof(float)));
            // A packed weight may be a misaligned view of the file: read bytes, not Halfs.
            const auto *src = static_cast<const uint8_t *>(t->raw());
            float *dst = converted[i].mutableData<float>();
            parallelFor(t->elementCount(), 1 << 16, [&](int64_t begin, int64_t end) {
                for (int64_t k = begin; k < end; ++k) {
                    uint16_t bits;
                    std::memcpy(&bits, src + 2 * k, 2);
                    dst[k] = halfBitsToFloat(bits);
                }
            });
            inputs[i] = &converted[i];
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
};

} // namespace

void registerHalfPrecisionKernels(KernelRegistry &registry)
{
    for (const char *op : {"Conv", "ConvTranspose", "MatMul", "Gemm"})
        registry.wrap(op, [](KernelFactory base) -> KernelFactory {
            return [base](const KernelInfo &info) -> Expected<std::unique_ptr<Kernel>> {
                auto k = base(info);
                if (!k)
                    return k;
                return std::unique_ptr<Kernel>(std::make_unique<HalfAsFloat>(std::move(*k)));
            };
        });
}

} // namespace silica::runtime
