// ConvTranspose as one GEMM per group (weightsᵀ × input → columns) and a col2im scatter-add.
// Handles every padding form ONNX allows (output_padding, output_shape, auto_pad), including
// ones oneDNN's deconvolution would reject (negative effective end padding).

#include "core/runtime/kernels/dnnl_support.h"
#include "core/runtime/kernels/kernel_util.h"

#include <cstring>

namespace silica::runtime {

namespace {

Status convTranspose(KernelContext &ctx)
{
    auto x = ctx.requiredInput(0);
    auto w = ctx.requiredInput(1);
    if (!x || !w)
        return !x ? x.status() : w.status();
    const Tensor &X = **x, &W = **w;
    const Tensor *B = ctx.input(2);
    if (X.dataType() != DataType::Float || W.dataType() != DataType::Float)
        return ctx.error("only float32 is supported (got " + X.describe() + ")", ErrorCode::Unsupported);
    const int spatial = X.rank() - 2;
    if (spatial < 1 || W.rank() != X.rank())
        return ctx.error("input " + X.describe() + " and weights " + W.describe() + " do not fit");
    const Node &node = ctx.node();
    const int64_t group = node.intAttribute("group", 1);
    const int64_t N = X.dim(0), C = X.dim(1);
    if (group <= 0 || C % group != 0 || W.dim(0) != C)
        return ctx.error("weights " + W.describe() + " do not match " + std::to_string(C) +
                         " input channels in " + std::to_string(group) + " groups");
    const int64_t Mg = W.dim(1), M = Mg * group, Cg = C / group;
    if (B && B->elementCount() != M)
        return ctx.error("bias " + B->describe() + " must have " + std::to_string(M) + " elements");

    auto attr = [&](const char *name, int64_t fallback) {
        std::vector<int64_t> v = node.intsAttribute(name);
        if (v.empty())
            v.assign(size_t(spatial), fallback);
        return v;
    };
    std::vector<int64_t> kernel(W.shape().begin() + 2, W.shape().end());
    const std::vector<int64_t> strides = attr("strides", 1), dil = attr("dilations", 1),
                               outPad = attr("output_padding", 0);
    std::vector<int64_t> pads = node.intsAttribute("pads");
    if (pads.empty())
        pads.assign(size_t(2 * spatial), 0);
    const std::vector<int64_t> outputShape = node.intsAttribute("output_shape");
    const std::string autoPad = node.stringAttribute("auto_pad", "NOTSET");
    if (strides.size() != size_t(spatial) || dil.size() != size_t(spatial) ||
        outPad.size() != size_t(spatial) || pads.size() != size_t(2 * spatial))
        return ctx.error("strides, dilations, output_padding or pads do not match " +
                         std::to_string(spatial) + " spatial dimensions");

    std::vector<int64_t> in(X.shape().begin() + 2, X.shape().end()), out(static_cast<size_t>(spatial));
    std::vector<int64_t> padBegin(static_cast<size_t>(spatial));
    for (int i = 0; i < spatial; ++i) {
        const size_t s = size_t(i);
        const int64_t extent = (kernel[s] - 1) * dil[s] + 1;
        const int64_t full = strides[s] * (in[s] - 1) + outPad[s] + extent;
        if (!outputShape.empty() || autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
            // ONNX ConvTranspose: total_padding = full - output_shape, split by auto_pad.
            int64_t target = in[s] * strides[s];
            if (!outputShape.empty())
                target = outputShape[outputShape.size() - size_t(spatial) + s];
            // The spec's formulas use floor division (total may be negative: the output
            // then extends past the last input contribution and is zero there).
            const int64_t total = full - target;
            const int64_t half = total >= 0 ? total / 2 : -((-total + 1) / 2);
            padBegin[s] = autoPad == "SAME_UPPER" ? half : total - half;
            out[s] = target;
        } else {
            padBegin[s] = autoPad == "VALID" ? 0 : pads[s];
            const int64_t padEnd = autoPad == "VALID" ? 0 : pads[s + size_t(spatial)];
            out[s] = full - padBegin[s] - padEnd;
        }
        if (out[s] <= 0)
            return ctx.error("the output would be empty");
    }
    Shape outShape{N, M};
    outShape.insert(outShape.end(), out.begin(), out.end());
    Tensor &Y = ctx.allocateOutput(0, DataType::Float, outShape);
    float *y = Y.mutableData<float>();

    int64_t inSize = 1, outSize = 1, kSize = 1;
    for (int i = 0; i < spatial; ++i) {
        inSize *= in[size_t(i)];
        outSize *= out[size_t(i)];
        kSize *= kernel[size_t(i)];
    }
    std::vector<float> cols(size_t(Mg * kSize * inSize));
    const float *xd = X.data<float>(), *wd = W.data<float>();
    std::vector<int64_t> kpos(static_cast<size_t>(spatial)), ipos(static_cast<size_t>(spatial));
    for (int64_t n = 0; n < N; ++n) {
        for (int64_t g = 0; g < group; ++g) {
            const float *xg = xd + (n * C + g * Cg) * inSize;
            const float *wg = wd + g * Cg * Mg * kSize;
            dnnl::sgemm('T', 'N', Mg * kSize, inSize, Cg, 1.0f, wg, Mg * kSize, xg, inSize, 0.0f,
                        cols.data(), inSize);
            float *yg = y + (n * M + g * Mg) * outSize;
            std::memset(yg, 0, size_t(Mg * outSize) * sizeof(float));
            // col2im: row (m, kpos) of `cols` adds to output positions ipos·stride − pad + kpos·dil.
            for (int64_t m = 0; m < Mg; ++m) {
                float *ym = yg + m * outSize;
                for (int64_t k = 0; k < kSize; ++k) {
                    int64_t rem = k;
                    for (int i = spatial - 1; i >= 0; --i) {
                        kpos[size_t(i)] = rem % kernel[size_t(i)];
                        rem /= kernel[size_t(i)];
                    }
                    const float *row = cols.data() + (m * kSize + k) * inSize;
                    for (int64_t p = 0; p < inSize; ++p) {
                        int64_t r = p, offset = 0;
                        bool inside = true;
                        for (int i = spatial - 1; i >= 0; --i) {
                            const size_t s = size_t(i);
                            ipos[s] = r % in[s];
                            r /= in[s];
                        }
                        int64_t scale = 1;
                        for (int i = spatial - 1; i >= 0 && inside; --i) {
                            const size_t s = size_t(i);
                            const int64_t o = ipos[s] * strides[s] - padBegin[s] + kpos[s] * dil[s];
                            if (o < 0 || o >= out[s])
                                inside = false;
                            offset += o * scale;
                            scale *= out[s];
                        }
                        if (inside)
                            ym[offset] += row[p];
                    }
                }
            }
        }
    }
    if (B) {
        const float *b = B->data<float>();
        for (int64_t n = 0; n < N; ++n)
            for (int64_t m = 0; m < M; ++m) {
                float *ym = y + (n * M + m) * outSize;
                for (int64_t p = 0; p < outSize; ++p)
                    ym[p] += b[m];
            }
    }
    applyFusedActivation(node, y, Y.elementCount());
    return Status::ok();
}

} // namespace

void registerConvTransposeKernels(KernelRegistry &registry)
{
    registry.add("ConvTranspose", 1, lambdaKernel(convTranspose));
}

} // namespace silica::runtime
