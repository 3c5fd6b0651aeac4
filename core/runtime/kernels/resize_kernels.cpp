// Resize (opsets 10, 11, 13, 18, 19) and the deprecated Upsample (7, 9).
//
// Each resized axis gets a table of taps (input index + weight per output index); nearest
// gathers through the index tables in one pass, linear / cubic apply the tables one axis at a
// time (the N-d interpolation of the spec is their tensor product). The tables come from
// resize_plan.h.

#include "core/runtime/kernels/image_kernels.h"
#include "core/runtime/kernels/kernel_util.h"
#include "core/runtime/kernels/resize_plan.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace silica::runtime {

namespace {

using namespace resize;

template <typename T, typename A> T storeAs(A v)
{
    if constexpr (std::is_integral_v<T>) {
        const double r = std::nearbyint(double(v));
        return T(std::clamp(r, double(std::numeric_limits<T>::lowest()),
                            double(std::numeric_limits<T>::max())));
    } else if constexpr (std::is_same_v<T, A>) {
        return v;
    } else {
        return T(static_cast<float>(v));
    }
}

template <typename A, typename T> A loadAs(T v)
{
    if constexpr (std::is_same_v<T, double>)
        return A(v);
    else
        return A(static_cast<float>(v));
}

// Nearest: one gather through every axis' index table.
template <typename T>
void resizeNearest(const Tensor &x, Tensor &y, const std::vector<AxisTaps> &axes, T extrapolation)
{
    const int rank = x.rank();
    const Shape &outShape = y.shape();
    const std::vector<int64_t> inStrides = stridesOf(x.shape());
    const T *src = x.data<T>();
    T *dst = y.mutableData<T>();
    const int64_t total = y.elementCount();
    if (total == 0)
        return;
    if (rank == 0) {
        dst[0] = src[0];
        return;
    }
    const AxisTaps &last = axes[size_t(rank - 1)];
    const int64_t inner = outShape[size_t(rank - 1)];
    std::vector<int64_t> pos(size_t(rank), 0);
    for (int64_t out = 0; out < total; out += inner) {
        int64_t base = 0;
        bool outside = false;
        for (int a = 0; a + 1 < rank; ++a) {
            const AxisTaps &t = axes[size_t(a)];
            outside = outside || t.outside[size_t(pos[size_t(a)])];
            base += t.index[size_t(pos[size_t(a)])] * inStrides[size_t(a)];
        }
        for (int64_t i = 0; i < inner; ++i)
            dst[out + i] = (outside || last.outside[size_t(i)]) ? extrapolation
                                                                : src[base + last.index[size_t(i)]];
        for (int a = rank - 2; a >= 0; --a) {
            if (++pos[size_t(a)] < outShape[size_t(a)])
                break;
            pos[size_t(a)] = 0;
        }
    }
}

// Linear / cubic along one axis of `shape`: `src` → `dst`, where dst's axis has outLen.
template <typename A>
void resizeAxis(const A *src, A *dst, const Shape &shape, int axis, const AxisTaps &t,
                A extrapolation)
{
    int64_t outer = 1, inner = 1;
    for (int a = 0; a < axis; ++a)
        outer *= shape[size_t(a)];
    for (size_t a = size_t(axis) + 1; a < shape.size(); ++a)
        inner *= shape[a];
    const int64_t inLen = t.inLen, outLen = t.outLen;
    const size_t n = size_t(t.taps);
    parallelFor(outer * outLen, std::max<int64_t>(1, 16384 / std::max<int64_t>(inner, 1)),
                [&](int64_t begin, int64_t end) {
                    for (int64_t job = begin; job < end; ++job) {
                        const int64_t o = job % outLen, p = job / outLen;
                        A *out = dst + (p * outLen + o) * inner;
                        if (t.outside[size_t(o)]) {
                            std::fill(out, out + inner, extrapolation);
                            continue;
                        }
                        const A *in = src + p * inLen * inner;
                        const int64_t *idx = t.index.data() + size_t(o) * n;
                        const double *w = t.weight.data() + size_t(o) * n;
                        if (inner == 1) {
                            A acc = 0;
                            for (size_t k = 0; k < n; ++k)
                                acc += A(w[k]) * in[idx[k]];
                            out[0] = acc;
                            continue;
                        }
                        std::fill(out, out + inner, A(0));
                        for (size_t k = 0; k < n; ++k) {
                            if (w[k] == 0.0)
                                continue;
                            const A wk = A(w[k]);
                            const A *row = in + idx[k] * inner;
                            for (int64_t i = 0; i < inner; ++i)
                                out[i] += wk * row[i];
                        }
                    }
                });
}

template <typename T>
Status resizeInterpolated(const Tensor &x, Tensor &y, const std::vector<AxisTaps> &axes,
                          float extrapolation)
{
    using A = std::conditional_t<std::is_same_v<T, double>, double, float>;
    const int rank = x.rank();
    Shape shape = x.shape();
    std::vector<A> current(size_t(x.elementCount()));
    const T *src = x.data<T>();
    for (size_t i = 0; i < current.size(); ++i)
        current[i] = loadAs<A>(src[i]);
    // Shrinking axes first keeps the intermediate tensors small.
    std::vector<int> order;
    for (int a = 0; a < rank; ++a)
        if (!axes[size_t(a)].identity)
            order.push_back(a);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        return double(axes[size_t(a)].outLen) /
                   double(std::max<int64_t>(1, axes[size_t(a)].inLen)) <
               double(axes[size_t(b)].outLen) / double(std::max<int64_t>(1, axes[size_t(b)].inLen));
    });
    std::vector<A> next;
    for (int a : order) {
        Shape outShape = shape;
        outShape[size_t(a)] = axes[size_t(a)].outLen;
        next.assign(size_t(elementCount(outShape)), A(0));
        resizeAxis<A>(current.data(), next.data(), shape, a, axes[size_t(a)], A(extrapolation));
        current.swap(next);
        shape = outShape;
    }
    T *dst = y.mutableData<T>();
    for (size_t i = 0; i < current.size(); ++i)
        dst[i] = storeAs<T, A>(current[i]);
    return Status::ok();
}

class ResizeKernel final : public Kernel
{
public:
    explicit ResizeKernel(ResizeConfig cfg) : m_cfg(std::move(cfg)) {}
    Status compute(KernelContext &ctx) override;

private:
    ResizeConfig m_cfg;
};

Status ResizeKernel::compute(KernelContext &ctx)
{
    auto xIn = ctx.requiredInput(0);
    if (!xIn)
        return xIn.status();
    const Tensor &x = **xIn;
    const int rank = x.rank();

    // Which axes the scales / sizes / roi lists address.
    std::vector<int> axes;
    if (m_cfg.axes.empty()) {
        for (int a = 0; a < rank; ++a)
            axes.push_back(a);
    } else {
        std::vector<bool> seen(size_t(rank), false);
        for (int64_t a : m_cfg.axes) {
            auto axis = normalizeAxis(a, rank, ctx);
            if (!axis)
                return axis.status();
            if (seen[size_t(*axis)])
                return ctx.error("axes lists axis " + std::to_string(*axis) + " twice");
            seen[size_t(*axis)] = true;
            axes.push_back(*axis);
        }
    }
    const size_t n = axes.size();

    std::vector<double> scales, sizes, roi;
    if (m_cfg.upsampleOp) {
        if (!m_cfg.scaleAttribute.empty())
            scales.assign(m_cfg.scaleAttribute.begin(), m_cfg.scaleAttribute.end());
        else if (const Tensor *s = ctx.input(1))
            scales = s->toDoubles();
    } else {
        if (const Tensor *r = ctx.input(1))
            roi = r->toDoubles();
        if (const Tensor *s = ctx.input(2))
            scales = s->toDoubles();
        if (const Tensor *s = ctx.input(3))
            sizes = s->toDoubles();
    }
    if (!sizes.empty() && !scales.empty())
        return ctx.error("only one of scales and sizes may be given");
    if (sizes.empty() && scales.empty())
        return ctx.error("one of scales and sizes must be given");
    if (!sizes.empty() && sizes.size() != n)
        return ctx.error("sizes has " + std::to_string(sizes.size()) + " values, expected " +
                         std::to_string(n));
    if (!scales.empty() && scales.size() != n)
        return ctx.error("scales has " + std::to_string(scales.size()) + " values, expected " +
                         std::to_string(n));
    const bool cropping = m_cfg.coord == Coord::TfCropAndResize;
    if (cropping && roi.size() != 2 * n)
        return ctx.error("tf_crop_and_resize needs roi with " + std::to_string(2 * n) +
                         " values, got " + std::to_string(roi.size()));

    // Per tensor axis: scale, output length, roi.
    std::vector<double> axisScale(size_t(rank), 1.0), roiStart(size_t(rank), 0.0),
        roiEnd(size_t(rank), 1.0);
    Shape outShape = x.shape();
    if (!sizes.empty()) {
        for (size_t i = 0; i < n; ++i) {
            const int a = axes[i];
            if (sizes[i] < 0 || sizes[i] > double(int64_t(1) << 40))
                return ctx.error("sizes value " + std::to_string(int64_t(sizes[i])) +
                                 " is not usable");
            if (x.dim(a) == 0 && sizes[i] != 0)
                return ctx.error("cannot resize an empty axis " + std::to_string(a));
            axisScale[size_t(a)] = x.dim(a) == 0 ? 1.0 : sizes[i] / double(x.dim(a));
            outShape[size_t(a)] = int64_t(sizes[i]);
        }
        if (m_cfg.aspect != AspectPolicy::Stretch) {
            double scale = m_cfg.aspect == AspectPolicy::NotLarger
                               ? std::numeric_limits<double>::infinity()
                               : 0.0;
            for (int a : axes)
                scale = m_cfg.aspect == AspectPolicy::NotLarger
                            ? std::min(scale, axisScale[size_t(a)])
                            : std::max(scale, axisScale[size_t(a)]);
            for (int a : axes) {
                axisScale[size_t(a)] = scale;
                // Round half up, as the reference does.
                const double length = scale * double(x.dim(a)) + 0.5;
                if (length > double(int64_t(1) << 40))
                    return ctx.error("keep_aspect_ratio_policy makes axis " + std::to_string(a) +
                                     " too long");
                outShape[size_t(a)] = int64_t(length);
            }
        }
    } else {
        for (size_t i = 0; i < n; ++i) {
            const int a = axes[i];
            if (!(scales[i] > 0.0) || !std::isfinite(scales[i]))
                return ctx.error("scales must be positive, got " + std::to_string(scales[i]));
            axisScale[size_t(a)] = scales[i];
            const double length = std::floor(double(x.dim(a)) * scales[i]);
            if (length > double(int64_t(1) << 40))
                return ctx.error("scale " + std::to_string(scales[i]) + " makes axis " +
                                 std::to_string(a) + " too long");
            outShape[size_t(a)] = int64_t(length);
        }
    }
    if (cropping)
        for (size_t i = 0; i < n; ++i) {
            roiStart[size_t(axes[i])] = roi[i];
            roiEnd[size_t(axes[i])] = roi[n + i];
        }
    double outElements = 1.0;
    for (int a = 0; a < rank; ++a)
        outElements *= double(outShape[size_t(a)]);
    if (outElements > double(int64_t(1) << 31))
        return ctx.error("output shape " + shapeString(outShape) + " is too large");

    std::vector<AxisTaps> taps;
    for (int a = 0; a < rank; ++a)
        taps.push_back(planAxis(m_cfg, x.dim(a), outShape[size_t(a)], axisScale[size_t(a)],
                                roiStart[size_t(a)], roiEnd[size_t(a)]));
    Tensor &y = ctx.allocateOutput(0, x.dataType(), outShape);
    if (y.elementCount() == 0)
        return Status::ok();
    if (m_cfg.interp == Interp::Nearest)
        return dispatchAll(x.dataType(), ctx, [&](auto tag) -> Status {
            using T = decltype(tag);
            resizeNearest<T>(x, y, taps, storeAs<T, double>(double(m_cfg.extrapolation)));
            return Status::ok();
        });
    return dispatchNumeric(x.dataType(), ctx, [&](auto tag) -> Status {
        using T = decltype(tag);
        return resizeInterpolated<T>(x, y, taps, m_cfg.extrapolation);
    });
}

KernelFactory resizeFactory(bool upsampleOp)
{
    return [upsampleOp](const KernelInfo &info) -> Expected<std::unique_ptr<Kernel>> {
        const Node &node = info.node;
        const int opset = info.opsetVersion;
        ResizeConfig cfg;
        // Upsample and Resize-10 take (X, scales) and map coordinates asymmetrically.
        const bool legacy = upsampleOp || opset < 11;
        cfg.upsampleOp = legacy;
        if (upsampleOp && opset < 9) {
            const Attribute *s = node.attribute("scales");
            if (!s || s->floats.empty())
                return info.error("Upsample-7 needs the scales attribute");
            cfg.scaleAttribute = s->floats;
        }
        const std::string mode = node.stringAttribute("mode", "nearest");
        if (mode == "nearest")
            cfg.interp = Interp::Nearest;
        else if (mode == "linear" || mode == "bilinear")
            cfg.interp = Interp::Linear;
        else if (mode == "cubic" && !legacy)
            cfg.interp = Interp::Cubic;
        else
            return info.error("mode '" + mode + "' is not supported");
        if (legacy) {
            cfg.coord = Coord::Asymmetric;
            cfg.rounding = Rounding::Legacy;
        } else {
            static const std::pair<const char *, Coord> kCoords[] = {
                {"half_pixel", Coord::HalfPixel},
                {"half_pixel_symmetric", Coord::HalfPixelSymmetric},
                {"pytorch_half_pixel", Coord::PytorchHalfPixel},
                {"align_corners", Coord::AlignCorners},
                {"asymmetric", Coord::Asymmetric},
                {"tf_half_pixel_for_nn", Coord::TfHalfPixelForNN},
                {"tf_crop_and_resize", Coord::TfCropAndResize},
            };
            const std::string coord =
                node.stringAttribute("coordinate_transformation_mode", "half_pixel");
            bool found = false;
            for (const auto &[name, value] : kCoords)
                if (coord == name) {
                    cfg.coord = value;
                    found = true;
                }
            if (!found)
                return info.error("coordinate_transformation_mode '" + coord +
                                  "' is not supported");
            static const std::pair<const char *, Rounding> kRoundings[] = {
                {"round_prefer_floor", Rounding::RoundPreferFloor},
                {"round_prefer_ceil", Rounding::RoundPreferCeil},
                {"floor", Rounding::Floor},
                {"ceil", Rounding::Ceil},
            };
            const std::string rounding = node.stringAttribute("nearest_mode", "round_prefer_floor");
            found = false;
            for (const auto &[name, value] : kRoundings)
                if (rounding == name) {
                    cfg.rounding = value;
                    found = true;
                }
            if (!found)
                return info.error("nearest_mode '" + rounding + "' is not supported");
            cfg.cubicA = node.floatAttribute("cubic_coeff_a", -0.75f);
            cfg.excludeOutside = node.intAttribute("exclude_outside", 0) != 0;
            cfg.extrapolation = node.floatAttribute("extrapolation_value", 0.0f);
            cfg.antialias = node.intAttribute("antialias", 0) != 0 && cfg.interp != Interp::Nearest;
            cfg.axes = node.intsAttribute("axes");
            const std::string policy = node.stringAttribute("keep_aspect_ratio_policy", "stretch");
            if (policy == "not_larger")
                cfg.aspect = AspectPolicy::NotLarger;
            else if (policy == "not_smaller")
                cfg.aspect = AspectPolicy::NotSmaller;
            else if (policy != "stretch")
                return info.error("keep_aspect_ratio_policy '" + policy + "' is not supported");
        }
        return std::unique_ptr<Kernel>(std::make_unique<ResizeKernel>(std::move(cfg)));
    };
}

} // namespace

void registerResizeKernels(KernelRegistry &registry)
{
    registry.add("Resize", 10, resizeFactory(false));
    registry.add("Upsample", 7, resizeFactory(true), 9);
}

} // namespace silica::runtime
