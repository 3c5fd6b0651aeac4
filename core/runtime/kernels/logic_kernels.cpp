// Comparisons (Equal, Greater, Less, GreaterOrEqual, LessOrEqual), boolean logic (And, Or, Xor,
// Not), BitShift and Where. Registered from registerElementwiseKernels.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("no-trapping-math") // see elementwise_loops.h
#endif

#include "core/runtime/kernels/elementwise_loops.h"

namespace silica::runtime {

namespace {

struct EqualOp
{
    template <typename C> bool operator()(C a, C b) const { return a == b; }
};
struct GreaterOp
{
    template <typename C> bool operator()(C a, C b) const { return a > b; }
};
struct GreaterOrEqualOp
{
    template <typename C> bool operator()(C a, C b) const { return a >= b; }
};
struct LessOp
{
    template <typename C> bool operator()(C a, C b) const { return a < b; }
};
struct LessOrEqualOp
{
    template <typename C> bool operator()(C a, C b) const { return a <= b; }
};

// Bitwise forms of the boolean ops: no short-circuit branch, so the loops vectorize.
struct AndOp
{
    bool operator()(bool a, bool b) const { return a & b; }
};
struct OrOp
{
    bool operator()(bool a, bool b) const { return a | b; }
};
struct XorOp
{
    bool operator()(bool a, bool b) const { return a != b; }
};

template <typename Op> KernelFactory comparisonKernel(bool boolsToo)
{
    return lambdaKernel([boolsToo](KernelContext &ctx) -> Status {
        Expected<BinaryOperands> ops = binaryOperands(ctx);
        if (!ops)
            return ops.status();
        auto run = [&](auto tag) {
            using T = decltype(tag);
            Tensor &out = ctx.allocateOutput(0, DataType::Bool, ops->outShape);
            binaryLoop<T, T, bool>(*ops->a, ops->b, out, Op{});
            return Status::ok();
        };
        const DataType type = ops->a->dataType();
        return boolsToo ? dispatchAll(type, ctx, run) : dispatchNumeric(type, ctx, run);
    });
}

template <typename Op> KernelFactory logicalKernel()
{
    return lambdaKernel([](KernelContext &ctx) -> Status {
        Expected<BinaryOperands> ops = binaryOperands(ctx);
        if (!ops)
            return ops.status();
        if (ops->a->dataType() != DataType::Bool)
            return ctx.error("expects bool inputs, got " + dataTypeName(ops->a->dataType()),
                             ErrorCode::Unsupported);
        Tensor &out = ctx.allocateOutput(0, DataType::Bool, ops->outShape);
        binaryLoop<bool, bool, bool>(*ops->a, ops->b, out, Op{});
        return Status::ok();
    });
}

Status computeNot(KernelContext &ctx)
{
    Expected<const Tensor *> x = ctx.requiredInput(0);
    if (!x)
        return x.status();
    if ((*x)->dataType() != DataType::Bool)
        return ctx.error("expects a bool input, got " + dataTypeName((*x)->dataType()),
                         ErrorCode::Unsupported);
    Tensor &out = ctx.allocateOutput(0, DataType::Bool, (*x)->shape());
    unaryLoop<bool, bool>(**x, out, [](bool v) { return !v; });
    return Status::ok();
}

// BitShift-11 on unsigned types; shifting by the bit width or more gives 0 (undefined in C++).
struct ShiftOp
{
    bool left = true;
    template <typename C> C operator()(C a, C b) const
    {
        if (b >= C(sizeof(C) * 8))
            return C(0);
        return left ? C(a << b) : C(a >> b);
    }
};

Status computeBitShift(KernelContext &ctx, bool left)
{
    Expected<BinaryOperands> ops = binaryOperands(ctx);
    if (!ops)
        return ops.status();
    auto run = [&](auto tag) {
        using T = decltype(tag);
        Tensor &out = ctx.allocateOutput(0, ops->a->dataType(), ops->outShape);
        binaryLoop<T, T, T>(*ops->a, ops->b, out, ShiftOp{left});
        return Status::ok();
    };
    switch (ops->a->dataType()) {
    case DataType::Uint8: return run(uint8_t{});
    case DataType::Uint16: return run(uint16_t{});
    case DataType::Uint32: return run(uint32_t{});
    case DataType::Uint64: return run(uint64_t{});
    default:
        return ctx.error("BitShift needs unsigned integers, got " +
                             dataTypeName(ops->a->dataType()),
                         ErrorCode::Unsupported);
    }
}

Status computeWhere(KernelContext &ctx)
{
    const Tensor *inputs[3] = {};
    for (size_t i = 0; i < 3; ++i) {
        Expected<const Tensor *> t = ctx.requiredInput(i);
        if (!t)
            return t.status();
        inputs[i] = *t;
    }
    const Tensor &cond = *inputs[0], &x = *inputs[1], &y = *inputs[2];
    if (cond.dataType() != DataType::Bool)
        return ctx.error("condition must be bool, got " + dataTypeName(cond.dataType()));
    if (x.dataType() != y.dataType())
        return ctx.error("X and Y types " + dataTypeName(x.dataType()) + " and " +
                         dataTypeName(y.dataType()) + " differ");
    Expected<Shape> outShape = broadcastOutputShape(ctx, {&cond.shape(), &x.shape(), &y.shape()});
    if (!outShape)
        return outShape.status();
    return dispatchAll(x.dataType(), ctx, [&](auto tag) {
        using T = decltype(tag);
        Tensor &out = ctx.allocateOutput(0, x.dataType(), *outShape);
        ternaryLoop<bool, T, T, T>(cond, x, y, out, [](bool c, auto a, auto b) { return c ? a : b; });
        return Status::ok();
    });
}

} // namespace

void registerLogicKernels(KernelRegistry &registry)
{
    registry.add("Equal", 1, comparisonKernel<EqualOp>(true));
    registry.add("Greater", 1, comparisonKernel<GreaterOp>(false));
    registry.add("Less", 1, comparisonKernel<LessOp>(false));
    registry.add("GreaterOrEqual", 12, comparisonKernel<GreaterOrEqualOp>(false));
    registry.add("LessOrEqual", 12, comparisonKernel<LessOrEqualOp>(false));
    registry.add("And", 1, logicalKernel<AndOp>());
    registry.add("Or", 1, logicalKernel<OrOp>());
    registry.add("Xor", 1, logicalKernel<XorOp>());
    registry.add("Not", 1, lambdaKernel(computeNot));
    registry.add("BitShift", 11, [](const KernelInfo &info) -> Expected<std::unique_ptr<Kernel>> {
        const std::string direction = info.node.stringAttribute("direction", "");
        if (direction != "LEFT" && direction != "RIGHT")
            return info.error("direction must be \"LEFT\" or \"RIGHT\", got \"" + direction + "\"");
        const bool left = direction == "LEFT";
        return lambdaKernel([left](KernelContext &ctx) { return computeBitShift(ctx, left); })(info);
    });
    registry.add("Where", 9, lambdaKernel(computeWhere));
}

} // namespace silica::runtime
