// Cast, CastLike, Identity and inference-mode Dropout. Registered from
// registerElementwiseKernels.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("no-trapping-math") // see elementwise_loops.h
#endif

#include "core/runtime/kernels/elementwise_loops.h"

#include <map>
#include <optional>
#include <random>

namespace silica::runtime {

namespace {

Status castTensor(KernelContext &ctx, const Tensor &in, DataType to)
{
    if (in.dataType() == DataType::String || to == DataType::String)
        return ctx.error("casts from or to string are not supported", ErrorCode::Unsupported);
    if (to == in.dataType()) {
        ctx.setOutput(0, in);
        return Status::ok();
    }
    return dispatchAll(in.dataType(), ctx, [&](auto fromTag) {
        using From = decltype(fromTag);
        return dispatchAll(to, ctx, [&](auto toTag) {
            using To = decltype(toTag);
            Tensor &out = ctx.allocateOutput(0, to, in.shape());
            const From *src = in.data<From>();
            To *dst = out.mutableData<To>();
            parallelFor(in.elementCount(), kElementGrain, [&](int64_t begin, int64_t end) {
                for (int64_t i = begin; i < end; ++i)
                    dst[i] = convertValue<To>(src[i]);
            });
            return Status::ok();
        });
    });
}

// Cast-1 names the target type as a string ("FLOAT"), later versions by number.
Expected<DataType> castTarget(const KernelInfo &info)
{
    const Attribute *to = info.node.attribute("to");
    if (!to)
        return info.error("attribute 'to' is missing");
    if (to->type == AttributeType::Int) {
        if (!isKnownDataType(int32_t(to->i)))
            return info.error("unknown target type " + std::to_string(to->i));
        return DataType(to->i);
    }
    static const std::map<std::string, DataType> kNames = {
        {"FLOAT", DataType::Float},   {"UINT8", DataType::Uint8},     {"INT8", DataType::Int8},
        {"UINT16", DataType::Uint16}, {"INT16", DataType::Int16},     {"INT32", DataType::Int32},
        {"INT64", DataType::Int64},   {"STRING", DataType::String},   {"BOOL", DataType::Bool},
        {"FLOAT16", DataType::Float16}, {"DOUBLE", DataType::Double}, {"UINT32", DataType::Uint32},
        {"UINT64", DataType::Uint64}, {"BFLOAT16", DataType::BFloat16}};
    const auto it = kNames.find(to->s);
    if (to->type != AttributeType::String || it == kNames.end())
        return info.error("unknown target type '" + to->s + "'");
    return it->second;
}

Expected<std::unique_ptr<Kernel>> makeCast(const KernelInfo &info)
{
    Expected<DataType> to = castTarget(info);
    if (!to)
        return to.status();
    const DataType target = *to;
    return lambdaKernel([target](KernelContext &ctx) -> Status {
        Expected<const Tensor *> x = ctx.requiredInput(0);
        if (!x)
            return x.status();
        return castTensor(ctx, **x, target);
    })(info);
}

Status computeCastLike(KernelContext &ctx)
{
    Expected<const Tensor *> x = ctx.requiredInput(0);
    if (!x)
        return x.status();
    Expected<const Tensor *> like = ctx.requiredInput(1);
    if (!like)
        return like.status();
    return castTensor(ctx, **x, (*like)->dataType());
}

Status computeIdentity(KernelContext &ctx)
{
    Expected<const Tensor *> x = ctx.requiredInput(0);
    if (!x)
        return x.status();
    ctx.setOutput(0, **x);
    return Status::ok();
}

// Dropout-12+ in training mode: mask = U(0,1) >= ratio, y = x·mask / (1 - ratio). With the
// `seed` attribute the uniforms are numpy's legacy RandomState draws (MT19937 seeded as
// numpy.random.seed(seed), 53-bit doubles from two 32-bit words), the stream ONNX's reference
// implementation and backend tests use; without it the seed is random, as the spec allows.
template <typename T>
void trainingDropout(const Tensor &in, double ratio, uint32_t seed, Tensor &out, Tensor *mask)
{
    using C = ComputeType<T>;
    std::mt19937 bits(seed);
    const C scale = C(1.0 / (1.0 - ratio));
    const T *x = in.data<T>();
    T *y = out.mutableData<T>();
    bool *m = mask ? mask->mutableData<bool>() : nullptr;
    for (int64_t i = 0, n = in.elementCount(); i < n; ++i) {
        const uint32_t a = bits() >> 5, b = bits() >> 6;
        const double u = (a * 67108864.0 + b) / 9007199254740992.0;
        const bool keep = u >= ratio;
        y[i] = T(keep ? C(x[i]) * scale : C(0));
        if (m)
            m[i] = keep;
    }
}

// Dropout at inference is the identity with an all-true mask (bool from Dropout-10 on, the
// input's type before).
Status computeDropout(KernelContext &ctx, std::optional<uint32_t> seed)
{
    Expected<const Tensor *> x = ctx.requiredInput(0);
    if (!x)
        return x.status();
    const Tensor &in = **x;
    const Tensor *training = ctx.opsetVersion() >= 12 ? ctx.input(2) : nullptr;
    const Tensor *ratioInput = ctx.opsetVersion() >= 12 ? ctx.input(1) : nullptr;
    const double ratio = ratioInput && ratioInput->elementCount() > 0
                             ? scalarValue(*ratioInput)
                             : double(ctx.node().floatAttribute("ratio", 0.5f));
    if (training && training->elementCount() > 0 && scalarValue(*training) != 0 && ratio != 0) {
        if (!(ratio > 0 && ratio < 1))
            return ctx.error("ratio " + std::to_string(ratio) + " is outside [0, 1)");
        const uint32_t s = seed ? *seed : std::random_device{}();
        return dispatchFloat(in.dataType(), ctx, [&](auto tag) {
            using T = decltype(tag);
            Tensor &out = ctx.allocateOutput(0, in.dataType(), in.shape());
            Tensor *mask = ctx.wantsOutput(1)
                               ? &ctx.allocateOutput(1, DataType::Bool, in.shape())
                               : nullptr;
            trainingDropout<T>(in, ratio, s, out, mask);
            return Status::ok();
        });
    }
    ctx.setOutput(0, in);
    if (!ctx.wantsOutput(1))
        return Status::ok();
    const DataType maskType = ctx.opsetVersion() >= 10 ? DataType::Bool : in.dataType();
    return dispatchAll(maskType, ctx, [&](auto tag) {
        using T = decltype(tag);
        Tensor &mask = ctx.allocateOutput(1, maskType, in.shape());
        T *m = mask.mutableData<T>();
        const T one = convertValue<T>(true);
        for (int64_t i = 0, n = mask.elementCount(); i < n; ++i)
            m[i] = one;
        return Status::ok();
    });
}

Expected<std::unique_ptr<Kernel>> makeDropout(const KernelInfo &info)
{
    std::optional<uint32_t> seed;
    if (const Attribute *a = info.node.attribute("seed"); a && a->type == AttributeType::Int)
        seed = uint32_t(a->i);
    return lambdaKernel([seed](KernelContext &ctx) { return computeDropout(ctx, seed); })(info);
}

} // namespace

void registerCastKernels(KernelRegistry &registry)
{
    registry.add("Cast", 1, makeCast);
    registry.add("CastLike", 15, lambdaKernel(computeCastLike));
    registry.add("Identity", 1, lambdaKernel(computeIdentity));
    registry.add("Dropout", 1, makeDropout);
}

} // namespace silica::runtime
