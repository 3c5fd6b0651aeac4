// Signal processing ops of opset 17: DFT (and its opset-20 form with axis as an input), STFT,
// the Hann / Hamming / Blackman windows and MelWeightMatrix. Transforms run in double
// (fft.h) whatever the element type, so float16 signals lose nothing in the sum.

#include "core/runtime/kernels/fft.h"
#include "core/runtime/kernels/kernel_util.h"

#include <algorithm>
#include <cmath>
#include <complex>

namespace silica::runtime {

namespace {

using Complex = std::complex<double>;
constexpr double kPi = 3.14159265358979323846;
// Longest transform / window accepted: bounds the plan's memory for hostile inputs.
constexpr int64_t kMaxLength = int64_t(1) << 28;

template <typename T> double loadDouble(T v)
{
    if constexpr (std::is_same_v<T, double>)
        return v;
    else
        return double(static_cast<float>(v));
}

template <typename T> T storeDouble(double v)
{
    if constexpr (std::is_same_v<T, double> || std::is_integral_v<T>)
        return T(v);
    else
        return T(float(v));
}

// A scalar (or one-element) integer input.
Expected<int64_t> scalarInt(const KernelContext &ctx, size_t index, const char *name)
{
    const Tensor *t = ctx.input(index);
    if (!t || t->elementCount() != 1 ||
        (t->dataType() != DataType::Int32 && t->dataType() != DataType::Int64))
        return ctx.error(std::string(name) + " must be an int32 / int64 scalar");
    return t->toInt64s()[0];
}

// ---- DFT ---------------------------------------------------------------------------------

struct DftConfig
{
    bool inverse = false;
    bool onesided = false;
    bool axisIsInput = false; // opset 20
    int64_t axis = 1;
};

Status dft(KernelContext &ctx, const DftConfig &cfg)
{
    auto in = ctx.requiredInput(0);
    if (!in)
        return in.status();
    const Tensor &x = **in;
    const int rank = x.rank();
    if (rank < 2 || (x.shape().back() != 1 && x.shape().back() != 2))
        return ctx.error("input must end in a dimension of 1 (real) or 2 (complex), got " +
                         x.describe());
    int64_t axis = cfg.axis;
    if (cfg.axisIsInput && ctx.hasInput(2)) {
        auto a = scalarInt(ctx, 2, "axis");
        if (!a)
            return a.status();
        axis = *a;
    }
    if (axis < 0)
        axis += rank;
    if (axis < 0 || axis > rank - 2)
        return ctx.error("axis " + std::to_string(cfg.axis) + " is not a signal axis of " +
                         x.describe());
    const int64_t inLen = x.dim(int(axis));
    int64_t length = inLen;
    if (ctx.hasInput(1)) {
        auto l = scalarInt(ctx, 1, "dft_length");
        if (!l)
            return l.status();
        length = *l;
    }
    if (length <= 0 || length > kMaxLength)
        return ctx.error("dft_length must be in [1, 2^28], got " + std::to_string(length));
    const int64_t outLen = cfg.onesided ? length / 2 + 1 : length;
    Shape outShape = x.shape();
    outShape[size_t(axis)] = outLen;
    outShape.back() = 2;
    Tensor &y = ctx.allocateOutput(0, x.dataType(), outShape);

    const int64_t comps = x.shape().back();
    int64_t outer = 1, inner = 1;
    for (int a = 0; a < axis; ++a)
        outer *= x.dim(a);
    for (int a = int(axis) + 1; a < rank - 1; ++a)
        inner *= x.dim(a);
    const FftPlan plan(length);
    const double scale = cfg.inverse ? 1.0 / double(length) : 1.0;
    return dispatchFloat(x.dataType(), ctx, [&](auto tag) -> Status {
        using T = decltype(tag);
        const T *src = x.data<T>();
        T *dst = y.mutableData<T>();
        parallelFor(outer * inner, 16, [&](int64_t begin, int64_t end) {
            std::vector<Complex> line(static_cast<size_t>(length)), scratch;
            for (int64_t job = begin; job < end; ++job) {
                const int64_t o = job / inner, i = job % inner;
                const T *s = src + (o * inLen * inner + i) * comps;
                for (int64_t n = 0; n < length; ++n) {
                    if (n >= inLen) {
                        line[size_t(n)] = 0.0;
                        continue;
                    }
                    const T *e = s + n * inner * comps;
                    line[size_t(n)] =
                        Complex(loadDouble(e[0]), comps == 2 ? loadDouble(e[1]) : 0.0);
                }
                plan.transform(line.data(), cfg.inverse, scratch);
                T *d = dst + (o * outLen * inner + i) * 2;
                for (int64_t k = 0; k < outLen; ++k) {
                    d[k * inner * 2] = storeDouble<T>(line[size_t(k)].real() * scale);
                    d[k * inner * 2 + 1] = storeDouble<T>(line[size_t(k)].imag() * scale);
                }
            }
        });
        return Status::ok();
    });
}

// ---- STFT --------------------------------------------------------------------------------

Status stft(KernelContext &ctx, bool onesided)
{
    auto in = ctx.requiredInput(0);
    if (!in)
        return in.status();
    const Tensor &signal = **in;
    if (signal.rank() != 3 || (signal.dim(2) != 1 && signal.dim(2) != 2))
        return ctx.error("signal must be [batch, length, 1 or 2], got " + signal.describe());
    auto step = scalarInt(ctx, 1, "frame_step");
    if (!step)
        return step.status();
    if (*step <= 0)
        return ctx.error("frame_step must be positive");
    const Tensor *window = ctx.input(2);
    if (window && window->rank() != 1)
        return ctx.error("window must be 1-D, got " + window->describe());
    int64_t frameLength = window ? window->dim(0) : -1;
    if (ctx.hasInput(3)) {
        auto l = scalarInt(ctx, 3, "frame_length");
        if (!l)
            return l.status();
        if (window && *l != frameLength)
            return ctx.error("frame_length " + std::to_string(*l) +
                             " differs from the window length " + std::to_string(frameLength));
        frameLength = *l;
    }
    if (frameLength <= 0 || frameLength > kMaxLength)
        return ctx.error("needs a window or a frame_length in [1, 2^28]");
    const int64_t B = signal.dim(0), S = signal.dim(1), comps = signal.dim(2);
    if (S < frameLength)
        return ctx.error("the signal (" + std::to_string(S) +
                         " samples) is shorter than one frame (" + std::to_string(frameLength) +
                         ")");
    const int64_t frames = (S - frameLength) / *step + 1;
    const int64_t bins = onesided ? frameLength / 2 + 1 : frameLength;
    const std::vector<double> win =
        window ? window->toDoubles() : std::vector<double>(size_t(frameLength), 1.0);
    Tensor &y = ctx.allocateOutput(0, signal.dataType(), {B, frames, bins, 2});
    const FftPlan plan(frameLength);
    const int64_t hop = *step;
    return dispatchFloat(signal.dataType(), ctx, [&](auto tag) -> Status {
        using T = decltype(tag);
        const T *src = signal.data<T>();
        T *dst = y.mutableData<T>();
        parallelFor(B * frames, 4, [&](int64_t begin, int64_t end) {
            std::vector<Complex> line(static_cast<size_t>(frameLength)), scratch;
            for (int64_t job = begin; job < end; ++job) {
                const int64_t b = job / frames, f = job % frames;
                const T *s = src + (b * S + f * hop) * comps;
                for (int64_t n = 0; n < frameLength; ++n)
                    line[size_t(n)] = Complex(loadDouble(s[n * comps]),
                                              comps == 2 ? loadDouble(s[n * comps + 1]) : 0.0) *
                                      win[size_t(n)];
                plan.transform(line.data(), false, scratch);
                T *d = dst + job * bins * 2;
                for (int64_t k = 0; k < bins; ++k) {
                    d[2 * k] = storeDouble<T>(line[size_t(k)].real());
                    d[2 * k + 1] = storeDouble<T>(line[size_t(k)].imag());
                }
            }
        });
        return Status::ok();
    });
}

// ---- Windows and MelWeightMatrix ---------------------------------------------------------

// Generalised cosine window a0 - a1·cos(2πn/D) + a2·cos(4πn/D), D = N (periodic) or N-1.
struct CosineWindow
{
    double a0, a1, a2;
};

Expected<DataType> outputDataType(const KernelInfo &info)
{
    const auto type = DataType(info.node.intAttribute("output_datatype", int64_t(DataType::Float)));
    switch (type) {
    case DataType::Float:
    case DataType::Double:
    case DataType::Float16:
    case DataType::BFloat16:
    case DataType::Int8:
    case DataType::Uint8:
    case DataType::Int16:
    case DataType::Uint16:
    case DataType::Int32:
    case DataType::Uint32:
    case DataType::Int64:
    case DataType::Uint64:
        return type;
    default:
        return info.error("output_datatype " + dataTypeName(type) + " is not supported");
    }
}

Status storeVector(KernelContext &ctx, DataType type, const Shape &shape,
                   const std::vector<double> &v)
{
    Tensor &out = ctx.allocateOutput(0, type, shape);
    return dispatchNumeric(type, ctx, [&](auto tag) -> Status {
        using T = decltype(tag);
        T *d = out.mutableData<T>();
        for (size_t i = 0; i < v.size(); ++i)
            d[i] = storeDouble<T>(v[i]);
        return Status::ok();
    });
}

KernelFactory windowFactory(CosineWindow w)
{
    return [w](const KernelInfo &info) -> Expected<std::unique_ptr<Kernel>> {
        auto type = outputDataType(info);
        if (!type)
            return type.status();
        const bool periodic = info.node.intAttribute("periodic", 1) != 0;
        const DataType outType = *type;
        return lambdaKernel([w, periodic, outType](KernelContext &ctx) -> Status {
            auto size = scalarInt(ctx, 0, "size");
            if (!size)
                return size.status();
            if (*size < 0 || *size > kMaxLength)
                return ctx.error("window size " + std::to_string(*size) + " is not usable");
            const int64_t n = *size;
            const double denom = periodic ? double(n) : double(n - 1);
            std::vector<double> v(size_t(n), 1.0);
            if (denom > 0)
                for (int64_t i = 0; i < n; ++i) {
                    const double t = 2.0 * kPi * double(i) / denom;
                    v[size_t(i)] = w.a0 - w.a1 * std::cos(t) + w.a2 * std::cos(2.0 * t);
                }
            return storeVector(ctx, outType, {n}, v);
        })(info);
    };
}

// Triangular mel filters as the ONNX reference defines them (onnx/reference/ops/
// op_mel_weight_matrix.py): num_mel_bins + 2 points evenly spaced in mel, mapped to DFT bins
// with floor((dft_length + 1) · f / sample_rate).
Status melWeightMatrix(KernelContext &ctx, DataType outType)
{
    auto melBins = scalarInt(ctx, 0, "num_mel_bins");
    auto dftLength = scalarInt(ctx, 1, "dft_length");
    auto sampleRate = scalarInt(ctx, 2, "sample_rate");
    for (const auto *e : {&melBins, &dftLength, &sampleRate})
        if (!*e)
            return e->status();
    const Tensor *lowT = ctx.input(3), *highT = ctx.input(4);
    if (!lowT || !highT || lowT->elementCount() != 1 || highT->elementCount() != 1)
        return ctx.error("lower_edge_hertz and upper_edge_hertz must be scalars");
    const int64_t mels = *melBins, dft = *dftLength, rate = *sampleRate;
    if (mels <= 0 || dft <= 0 || rate <= 0 || mels > (1 << 20) || dft > (int64_t(1) << 30))
        return ctx.error("num_mel_bins, dft_length and sample_rate must be positive");
    const double low = lowT->toDoubles()[0], high = highT->toDoubles()[0];
    const int64_t spectrogramBins = dft / 2 + 1;
    auto toMel = [](double hz) { return 2595.0 * std::log10(1.0 + hz / 700.0); };
    const double lowMel = toMel(low), highMel = toMel(high);
    // The reference divides by the point count (num_mel_bins + 2), not the interval count.
    const double step = (highMel - lowMel) / double(mels + 2);
    std::vector<int64_t> bin(static_cast<size_t>(mels + 2));
    for (int64_t i = 0; i < mels + 2; ++i) {
        const double hz = 700.0 * (std::pow(10.0, (double(i) * step + lowMel) / 2595.0) - 1.0);
        bin[size_t(i)] = int64_t(std::floor(double(dft + 1) * hz / double(rate)));
    }
    std::vector<double> out(size_t(spectrogramBins * mels), 0.0);
    // Rows outside the spectrogram (edges above the Nyquist frequency) are dropped.
    auto set = [&](int64_t row, int64_t col, double v) {
        if (row >= 0 && row < spectrogramBins)
            out[size_t(row * mels + col)] = v;
    };
    for (int64_t m = 0; m < mels; ++m) {
        const int64_t left = bin[size_t(m)], centre = bin[size_t(m + 1)],
                      right = bin[size_t(m + 2)];
        if (centre == left)
            set(centre, m, 1.0);
        else
            for (int64_t j = std::max<int64_t>(left, 0); j <= std::min(centre, spectrogramBins - 1);
                 ++j)
                set(j, m, double(j - left) / double(centre - left));
        if (right > centre)
            for (int64_t j = std::max<int64_t>(centre, 0); j < std::min(right, spectrogramBins);
                 ++j)
                set(j, m, double(right - j) / double(right - centre));
    }
    return storeVector(ctx, outType, {spectrogramBins, mels}, out);
}

} // namespace

void registerSignalKernels(KernelRegistry &registry)
{
    for (int since : {17, 20}) {
        registry.add(
            "DFT", since,
            [since](const KernelInfo &info) -> Expected<std::unique_ptr<Kernel>> {
                DftConfig cfg;
                cfg.inverse = info.node.intAttribute("inverse", 0) != 0;
                cfg.onesided = info.node.intAttribute("onesided", 0) != 0;
                cfg.axisIsInput = since >= 20;
                cfg.axis = since >= 20 ? -2 : info.node.intAttribute("axis", 1);
                if (cfg.inverse && cfg.onesided)
                    return info.error("onesided output is not defined for the inverse DFT");
                return lambdaKernel([cfg](KernelContext &ctx) { return dft(ctx, cfg); })(info);
            },
            since == 17 ? 19 : 1 << 30);
    }
    registry.add("STFT", 17, [](const KernelInfo &info) {
        const bool onesided = info.node.intAttribute("onesided", 1) != 0;
        return lambdaKernel([onesided](KernelContext &ctx) { return stft(ctx, onesided); })(info);
    });
    // ONNX window definitions (HannWindow, HammingWindow with α = 25/46, BlackmanWindow).
    registry.add("HannWindow", 17, windowFactory({0.5, 0.5, 0.0}));
    registry.add("HammingWindow", 17, windowFactory({25.0 / 46.0, 21.0 / 46.0, 0.0}));
    registry.add("BlackmanWindow", 17, windowFactory({0.42, 0.5, 0.08}));
    registry.add("MelWeightMatrix", 17,
                 [](const KernelInfo &info) -> Expected<std::unique_ptr<Kernel>> {
                     auto type = outputDataType(info);
                     if (!type)
                         return type.status();
                     const DataType outType = *type;
                     return lambdaKernel([outType](KernelContext &ctx) {
                         return melWeightMatrix(ctx, outType);
                     })(info);
                 });
}

} // namespace silica::runtime
