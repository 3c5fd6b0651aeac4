// The image family: GridSample here; Resize / Upsample in resize_kernels.cpp; RoiAlign and
// NonMaxSuppression in detection_kernels.cpp.

#include "core/runtime/kernels/image_kernels.h"
#include "core/runtime/kernels/kernel_util.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace silica::runtime {

namespace {

enum class SampleMode
{
    Linear,
    Nearest,
    Cubic
};
enum class Padding
{
    Zeros,
    Border,
    Reflection
};

struct GridSampleConfig
{
    SampleMode mode = SampleMode::Linear;
    Padding padding = Padding::Zeros;
    bool alignCorners = false;
};

// Reflects x into [low, high] by bouncing off the borders (PyTorch's reflect_coordinates,
// which the ONNX reference follows).
double reflect(double x, double low, double high)
{
    const double range = high - low;
    if (range <= 0.0)
        return low;
    if (x < low) {
        const double dx = low - x;
        const double n = std::floor(dx / range);
        const double r = dx - n * range;
        return std::fmod(n, 2.0) == 0.0 ? low + r : high - r;
    }
    if (x > high) {
        const double dx = x - high;
        const double n = std::floor(dx / range);
        const double r = dx - n * range;
        return std::fmod(n, 2.0) == 0.0 ? high - r : low + r;
    }
    return x;
}

// Keys' cubic convolution weights with A = -0.75 (PyTorch's bicubic grid_sample).
void cubicWeights(double t, double w[4])
{
    const double a = -0.75;
    auto near = [a](double x) { return ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0; };
    auto far = [a](double x) { return ((a * x - 5.0 * a) * x + 8.0 * a) * x - 4.0 * a; };
    w[0] = far(t + 1.0);
    w[1] = near(t);
    w[2] = near(1.0 - t);
    w[3] = far(2.0 - t);
}

class GridSampleKernel final : public Kernel
{
public:
    explicit GridSampleKernel(GridSampleConfig cfg) : m_cfg(cfg) {}

    Status compute(KernelContext &ctx) override
    {
        auto x = ctx.requiredInput(0);
        if (!x)
            return x.status();
        auto grid = ctx.requiredInput(1);
        if (!grid)
            return grid.status();
        const Tensor &X = **x, &G = **grid;
        if (X.rank() != 4 || G.rank() != 4 || G.dim(3) != 2 || G.dim(0) != X.dim(0))
            return ctx.error("expects X [N,C,H,W] and grid [N,H_out,W_out,2], got " + X.describe() +
                                 " and " + G.describe(),
                             ErrorCode::Unsupported);
        if (G.dataType() != X.dataType())
            return ctx.error("grid must have X's element type");
        Tensor &Y = ctx.allocateOutput(0, X.dataType(), {X.dim(0), X.dim(1), G.dim(1), G.dim(2)});
        if (X.dim(2) == 0 || X.dim(3) == 0) { // nothing to sample: every point is padding
            std::memset(Y.mutableRaw(), 0, Y.byteSize());
            return Status::ok();
        }
        return dispatchFloat(X.dataType(), ctx, [&](auto tag) -> Status {
            using T = decltype(tag);
            run<T>(X, G, Y);
            return Status::ok();
        });
    }

private:
    template <typename T> void run(const Tensor &X, const Tensor &G, Tensor &Y) const;

    GridSampleConfig m_cfg;
};

template <typename T> void GridSampleKernel::run(const Tensor &X, const Tensor &G, Tensor &Y) const
{
    using A = std::conditional_t<std::is_same_v<T, double>, double, float>;
    const int64_t N = X.dim(0), C = X.dim(1), H = X.dim(2), W = X.dim(3);
    const int64_t points = G.dim(1) * G.dim(2);
    const T *xData = X.data<T>();
    const T *gData = G.data<T>();
    T *yData = Y.mutableData<T>();
    const bool align = m_cfg.alignCorners;
    // Borders of the valid coordinate range: pixel centres with align_corners, edges without.
    const double xMin = align ? 0.0 : -0.5, xMax = align ? double(W) - 1.0 : double(W) - 0.5;
    const double yMin = align ? 0.0 : -0.5, yMax = align ? double(H) - 1.0 : double(H) - 0.5;
    const int taps = m_cfg.mode == SampleMode::Cubic ? 4 : m_cfg.mode == SampleMode::Linear ? 2 : 1;

    // In the element type, as PyTorch does: a float grid value that lands exactly on .5 must
    // round the same way under nearest.
    auto unnormalize = [align](A n, int64_t len) {
        return double(align ? (n + A(1)) / A(2) * A(len - 1) : ((n + A(1)) * A(len) - A(1)) / A(2));
    };
    auto fixCoordinate = [&](double v, int64_t len, double low, double high) {
        if (v >= low && v <= high)
            return v;
        if (m_cfg.padding == Padding::Border)
            return std::clamp(v, 0.0, double(len - 1));
        if (m_cfg.padding == Padding::Reflection)
            return reflect(v, low, high);
        return v;
    };
    // Index of tap i along an axis after padding, or -1 for a zero.
    auto tapIndex = [&](int64_t i, int64_t len, double low, double high) -> int64_t {
        if (i >= 0 && i < len)
            return i;
        switch (m_cfg.padding) {
        case Padding::Zeros:
            return -1;
        case Padding::Border:
            return std::clamp<int64_t>(i, 0, len - 1);
        case Padding::Reflection:
            return std::clamp<int64_t>(int64_t(reflect(double(i), low, high)), 0, len - 1);
        }
        return -1;
    };

    std::vector<int64_t> xIdx(static_cast<size_t>(points * taps)), yIdx(size_t(points * taps));
    std::vector<A> xW(static_cast<size_t>(points * taps)), yW(size_t(points * taps));
    for (int64_t n = 0; n < N; ++n) {
        for (int64_t p = 0; p < points; ++p) {
            const A gx = static_cast<A>(gData[(n * points + p) * 2]);
            const A gy = static_cast<A>(gData[(n * points + p) * 2 + 1]);
            double px = unnormalize(gx, W), py = unnormalize(gy, H);
            if (m_cfg.mode == SampleMode::Nearest) {
                // PyTorch's 2-D nearest rounds half to even (std::nearbyint).
                px = std::nearbyint(px);
                py = std::nearbyint(py);
            }
            px = fixCoordinate(px, W, xMin, xMax);
            py = fixCoordinate(py, H, yMin, yMax);
            const size_t at = size_t(p * taps);
            if (!std::isfinite(px) || !std::isfinite(py)) {
                for (int k = 0; k < taps; ++k) {
                    xIdx[at + size_t(k)] = yIdx[at + size_t(k)] = -1;
                    xW[at + size_t(k)] = yW[at + size_t(k)] = 0;
                }
                continue;
            }
            // Keep far-away coordinates in a range where the integer conversion is defined.
            px = std::clamp(px, -4.0 - double(W), 4.0 + 2.0 * double(W));
            py = std::clamp(py, -4.0 - double(H), 4.0 + 2.0 * double(H));
            if (m_cfg.mode == SampleMode::Nearest) {
                xIdx[at] = tapIndex(int64_t(px), W, xMin, xMax);
                yIdx[at] = tapIndex(int64_t(py), H, yMin, yMax);
                xW[at] = yW[at] = 1;
                continue;
            }
            const double fx = std::floor(px), fy = std::floor(py);
            double wx[4], wy[4];
            if (m_cfg.mode == SampleMode::Linear) {
                wx[0] = 1.0 - (px - fx);
                wx[1] = px - fx;
                wy[0] = 1.0 - (py - fy);
                wy[1] = py - fy;
            } else {
                cubicWeights(px - fx, wx);
                cubicWeights(py - fy, wy);
            }
            const int64_t first = m_cfg.mode == SampleMode::Cubic ? -1 : 0;
            for (int k = 0; k < taps; ++k) {
                xIdx[at + size_t(k)] = tapIndex(int64_t(fx) + first + k, W, xMin, xMax);
                yIdx[at + size_t(k)] = tapIndex(int64_t(fy) + first + k, H, yMin, yMax);
                xW[at + size_t(k)] = A(wx[k]);
                yW[at + size_t(k)] = A(wy[k]);
            }
        }
        parallelFor(C, 1, [&](int64_t cBegin, int64_t cEnd) {
            for (int64_t c = cBegin; c < cEnd; ++c) {
                const T *plane = xData + (n * C + c) * H * W;
                T *out = yData + (n * C + c) * points;
                for (int64_t p = 0; p < points; ++p) {
                    const size_t at = size_t(p * taps);
                    A acc = 0;
                    for (int i = 0; i < taps; ++i) {
                        const int64_t yi = yIdx[at + size_t(i)];
                        if (yi < 0)
                            continue;
                        A row = 0;
                        for (int j = 0; j < taps; ++j) {
                            const int64_t xi = xIdx[at + size_t(j)];
                            if (xi >= 0)
                                row += xW[at + size_t(j)] * static_cast<A>(plane[yi * W + xi]);
                        }
                        acc += yW[at + size_t(i)] * row;
                    }
                    out[p] = T(acc);
                }
            }
        });
    }
}

Expected<std::unique_ptr<Kernel>> makeGridSample(const KernelInfo &info)
{
    GridSampleConfig cfg;
    const std::string mode =
        info.node.stringAttribute("mode", info.opsetVersion >= 20 ? "linear" : "bilinear");
    // Opset 20 renamed bilinear / bicubic to linear / cubic.
    if (mode == "bilinear" || mode == "linear")
        cfg.mode = SampleMode::Linear;
    else if (mode == "nearest")
        cfg.mode = SampleMode::Nearest;
    else if (mode == "bicubic" || mode == "cubic")
        cfg.mode = SampleMode::Cubic;
    else
        return info.error("mode '" + mode + "' is not supported");
    const std::string padding = info.node.stringAttribute("padding_mode", "zeros");
    if (padding == "zeros")
        cfg.padding = Padding::Zeros;
    else if (padding == "border")
        cfg.padding = Padding::Border;
    else if (padding == "reflection")
        cfg.padding = Padding::Reflection;
    else
        return info.error("padding_mode '" + padding + "' is not supported");
    cfg.alignCorners = info.node.intAttribute("align_corners", 0) != 0;
    return std::unique_ptr<Kernel>(std::make_unique<GridSampleKernel>(cfg));
}

} // namespace

void registerImageKernels(KernelRegistry &registry)
{
    registerResizeKernels(registry);
    registerDetectionKernels(registry);
    registry.add("GridSample", 16, makeGridSample);
}

} // namespace silica::runtime
