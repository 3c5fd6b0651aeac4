// Transpose and the depth/space shuffles, which are transposes of a 6-D view of NCHW data.

#include "core/runtime/kernels/shape_family.h"

#include <algorithm>
#include <string>

namespace silica::runtime {

namespace {

// The permutation of a Transpose node for an input of `rank` (default: reversed axes), or
// a message saying what is wrong with it.
std::string permutation(const Node &node, int rank, std::vector<int64_t> &perm)
{
    perm = node.intsAttribute("perm");
    if (node.attribute("perm") == nullptr)
        for (int a = rank; a-- > 0;)
            perm.push_back(a);
    if (int(perm.size()) != rank)
        return "perm " + shapeString(perm) + " does not match rank " + std::to_string(rank);
    std::vector<bool> seen(size_t(rank), false);
    for (int64_t p : perm) {
        if (p < 0 || p >= rank || seen[size_t(p)])
            return "perm " + shapeString(perm) + " is not a permutation";
        seen[size_t(p)] = true;
    }
    return {};
}

// The transposed tensor: a view when only size-1 axes move (the element order is kept),
// else a copy into `allocate(shape)`.
template <typename Allocate>
Tensor transposed(const Tensor &x, const std::vector<int64_t> &perm, size_t elemBytes,
                  Allocate &&allocate)
{
    const std::vector<int64_t> inStrides = stridesOf(x.shape());
    Shape shape(perm.size());
    std::vector<int64_t> strides(perm.size());
    std::vector<int64_t> movedAxes; // the order of the axes that are not 1
    for (size_t i = 0; i < perm.size(); ++i) {
        shape[i] = x.shape()[size_t(perm[i])];
        strides[i] = inStrides[size_t(perm[i])];
        if (shape[i] != 1)
            movedAxes.push_back(perm[i]);
    }
    if (std::is_sorted(movedAxes.begin(), movedAxes.end()))
        return x.reshaped(std::move(shape));
    Tensor out = allocate(shape);
    copyStrided(x.raw(), 0, shape, strides, out.mutableRaw(), elemBytes);
    return out;
}

Status transpose(KernelContext &ctx)
{
    auto in = ctx.requiredInput(0);
    if (!in)
        return in.error();
    const Tensor &x = **in;
    auto es = elementBytes(x, ctx);
    if (!es)
        return es.error();
    std::vector<int64_t> perm;
    const std::string problem = permutation(ctx.node(), x.rank(), perm);
    if (!problem.empty())
        return ctx.error(problem);
    ctx.setOutput(0, transposed(x, perm, *es, [&](const Shape &shape) {
                      return ctx.allocateOutput(0, x.dataType(), shape);
                  }));
    return Status::ok();
}

// Exported models often transpose weights in the graph (MatMul by Wᵀ): with a constant
// input the transpose happens once, here, and every run hands out the result.
Expected<std::unique_ptr<Kernel>> makeTranspose(const KernelInfo &info)
{
    const Tensor *constant = info.constantInput(0);
    const int bits = constant ? dataTypeBits(constant->dataType()) : 0;
    if (!constant || bits <= 0 || bits % 8 != 0)
        return lambdaKernel(transpose)(info);
    std::vector<int64_t> perm;
    const std::string problem = permutation(info.node, constant->rank(), perm);
    if (!problem.empty())
        return info.error(problem);
    const Tensor result = transposed(*constant, perm, size_t(bits / 8), [&](const Shape &shape) {
        return Tensor::allocate(constant->dataType(), shape);
    });
    return lambdaKernel([result](KernelContext &ctx) {
        ctx.setOutput(0, result);
        return Status::ok();
    })(info);
}

// Checks the NCHW input and block size shared by DepthToSpace and SpaceToDepth.
Expected<int64_t> blockSize(const Tensor &x, const KernelContext &ctx)
{
    if (x.rank() != 4)
        return ctx.error("input must be 4-D NCHW, not " + x.describe());
    const int64_t b = ctx.node().intAttribute("blocksize", 0);
    int64_t square = 0, channels = 0;
    if (b <= 0 || __builtin_mul_overflow(b, b, &square) ||
        __builtin_mul_overflow(square, x.dim(1), &channels))
        return ctx.error("blocksize " + std::to_string(b) + " is invalid for " + x.describe());
    return b;
}

Status depthToSpace(KernelContext &ctx)
{
    auto in = ctx.requiredInput(0);
    if (!in)
        return in.error();
    const Tensor &x = **in;
    auto es = elementBytes(x, ctx);
    if (!es)
        return es.error();
    auto b = blockSize(x, ctx);
    if (!b)
        return b.error();
    const int64_t n = x.dim(0), c = x.dim(1), h = x.dim(2), w = x.dim(3), bs = *b;
    if (c % (bs * bs) != 0)
        return ctx.error("channels " + std::to_string(c) + " are not divisible by blocksize² " +
                         std::to_string(bs * bs));
    const int64_t oc = c / (bs * bs);
    const std::string mode = ctx.node().stringAttribute("mode", "DCR");
    // The channel index splits as (b1, b2, oc) in DCR mode and as (oc, b1, b2) in CRD mode
    // (ONNX DepthToSpace-11); the output walks [n, oc, h, b1, w, b2].
    int64_t sb1, sb2, soc;
    if (mode == "DCR") {
        sb1 = bs * oc * h * w;
        sb2 = oc * h * w;
        soc = h * w;
    } else if (mode == "CRD") {
        soc = bs * bs * h * w;
        sb1 = bs * h * w;
        sb2 = h * w;
    } else {
        return ctx.error("unknown mode '" + mode + "'");
    }
    Tensor &out = ctx.allocateOutput(0, x.dataType(), {n, oc, h * bs, w * bs});
    copyStrided(x.raw(), 0, {n, oc, h, bs, w, bs}, {c * h * w, soc, w, sb1, 1, sb2},
                out.mutableRaw(), *es);
    return Status::ok();
}

Status spaceToDepth(KernelContext &ctx)
{
    auto in = ctx.requiredInput(0);
    if (!in)
        return in.error();
    const Tensor &x = **in;
    auto es = elementBytes(x, ctx);
    if (!es)
        return es.error();
    auto b = blockSize(x, ctx);
    if (!b)
        return b.error();
    const int64_t n = x.dim(0), c = x.dim(1), h = x.dim(2), w = x.dim(3), bs = *b;
    if (h % bs != 0 || w % bs != 0)
        return ctx.error("spatial size " + shapeString({h, w}) + " is not divisible by blocksize " +
                         std::to_string(bs));
    const int64_t oh = h / bs, ow = w / bs;
    // Input viewed as [n, c, oh, b1, ow, b2]; output channels are (b1, b2, c).
    Tensor &out = ctx.allocateOutput(0, x.dataType(), {n, c * bs * bs, oh, ow});
    copyStrided(x.raw(), 0, {n, bs, bs, c, oh, ow}, {c * h * w, w, 1, h * w, bs * w, bs},
                out.mutableRaw(), *es);
    return Status::ok();
}

} // namespace

void registerTransposeKernels(KernelRegistry &registry)
{
    registry.add("Transpose", 1, makeTranspose);
    registry.add("DepthToSpace", 1, lambdaKernel(depthToSpace));
    registry.add("SpaceToDepth", 1, lambdaKernel(spaceToDepth));
}

} // namespace silica::runtime
