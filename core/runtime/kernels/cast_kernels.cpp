// Cast, CastLike, Identity and inference-mode Dropout. Registered from
// registerElementwiseKernels.
#pragma GCC optimize("no-trapping-math") // see elementwise_loops.h

#include "core/runtime/kernels/elementwise_loops.h"

#include <map>

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

// Dropout at inference is the identity with an all-true mask. Training mode (Dropout-12's
// training_mode input) with a non-zero ratio draws random masks, which a reproducible
// inference runtime does not do. The mask is bool from Dropout-10 on, the input's type before.
Status computeDropout(KernelContext &ctx)
{
    Expected<const Tensor *> x = ctx.requiredInput(0);
    if (!x)
        return x.status();
    const Tensor &in = **x;
    if (ctx.opsetVersion() >= 12) {
        const Tensor *training = ctx.input(2);
        const Tensor *ratio = ctx.input(1);
        const bool train = training && training->elementCount() > 0 && scalarValue(*training) != 0;
        const double r = ratio && ratio->elementCount() > 0 ? scalarValue(*ratio) : 0.5;
        if (train && r != 0.0)
            return ctx.error("training mode (random dropout) is not supported",
                             ErrorCode::Unsupported);
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

} // namespace

void registerCastKernels(KernelRegistry &registry)
{
    registry.add("Cast", 1, makeCast);
    registry.add("CastLike", 15, lambdaKernel(computeCastLike));
    registry.add("Identity", 1, lambdaKernel(computeIdentity));
    registry.add("Dropout", 1, lambdaKernel(computeDropout));
}

} // namespace silica::runtime
