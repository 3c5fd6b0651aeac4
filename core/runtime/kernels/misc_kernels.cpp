// Ops that fit no other family: Det, and the random generators (RandomUniform, RandomNormal,
// their *Like forms, Bernoulli, Multinomial).
//
// Random ops draw from a 64-bit Mersenne Twister kept by the kernel, seeded from the `seed`
// attribute when present (so a session reproduces its own sequence run after run) and from
// std::random_device otherwise. The streams cannot match numpy's generator, which the ONNX
// conformance data was drawn with.

#include "core/runtime/kernels/kernel_util.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <mutex>
#include <optional>
#include <random>

namespace silica::runtime {

namespace {

// ---- Det ---------------------------------------------------------------------------------

// LU decomposition with partial pivoting, in double.
double determinant(std::vector<double> &a, int64_t n)
{
    double det = 1.0;
    for (int64_t col = 0; col < n; ++col) {
        int64_t pivot = col;
        for (int64_t r = col + 1; r < n; ++r)
            if (std::abs(a[size_t(r * n + col)]) > std::abs(a[size_t(pivot * n + col)]))
                pivot = r;
        if (a[size_t(pivot * n + col)] == 0.0)
            return 0.0;
        if (pivot != col) {
            for (int64_t k = 0; k < n; ++k)
                std::swap(a[size_t(col * n + k)], a[size_t(pivot * n + k)]);
            det = -det;
        }
        const double p = a[size_t(col * n + col)];
        det *= p;
        for (int64_t r = col + 1; r < n; ++r) {
            const double factor = a[size_t(r * n + col)] / p;
            if (factor == 0.0)
                continue;
            for (int64_t k = col + 1; k < n; ++k)
                a[size_t(r * n + k)] -= factor * a[size_t(col * n + k)];
        }
    }
    return det;
}

Status det(KernelContext &ctx)
{
    auto in = ctx.requiredInput(0);
    if (!in)
        return in.status();
    const Tensor &x = **in;
    if (x.rank() < 2 || x.dim(x.rank() - 1) != x.dim(x.rank() - 2))
        return ctx.error("input must be [..., M, M], got " + x.describe());
    const int64_t n = x.dim(x.rank() - 1);
    const Shape outShape(x.shape().begin(), x.shape().end() - 2);
    Tensor &y = ctx.allocateOutput(0, x.dataType(), outShape);
    const int64_t count = y.elementCount();
    const std::vector<double> values = x.toDoubles();
    std::vector<double> dets(static_cast<size_t>(count));
    parallelFor(count, 64, [&](int64_t begin, int64_t end) {
        std::vector<double> m(static_cast<size_t>(n * n));
        for (int64_t i = begin; i < end; ++i) {
            std::copy(values.begin() + i * n * n, values.begin() + (i + 1) * n * n, m.begin());
            dets[size_t(i)] = determinant(m, n);
        }
    });
    return dispatchFloat(x.dataType(), ctx, [&](auto tag) -> Status {
        using T = decltype(tag);
        T *d = y.mutableData<T>();
        for (int64_t i = 0; i < count; ++i) {
            if constexpr (std::is_same_v<T, double>)
                d[i] = dets[size_t(i)];
            else
                d[i] = T(float(dets[size_t(i)]));
        }
        return Status::ok();
    });
}

// ---- Random ------------------------------------------------------------------------------

enum class Distribution
{
    Uniform,
    Normal,
    Bernoulli,
    Multinomial
};

struct RandomConfig
{
    Distribution distribution = Distribution::Uniform;
    bool like = false;                   // shape (and default type) from input 0
    DataType type = DataType::Undefined; // Undefined: input 0's type
    Shape shape;                         // RandomUniform / RandomNormal
    double a = 0.0, b = 1.0;             // low / high, or mean / scale
    int64_t sampleSize = 1;              // Multinomial
};

template <typename T> void storeNumber(T *dst, double v)
{
    if constexpr (std::is_same_v<T, double> || std::is_integral_v<T>)
        *dst = T(v);
    else
        *dst = T(float(v));
}

class RandomKernel final : public Kernel
{
public:
    RandomKernel(RandomConfig cfg, std::optional<float> seed) : m_cfg(std::move(cfg))
    {
        if (seed) {
            uint32_t bits;
            std::memcpy(&bits, &*seed, sizeof bits);
            std::seed_seq seq{bits};
            m_engine.seed(seq);
        } else {
            std::random_device device;
            std::seed_seq seq{device(), device(), device(), device()};
            m_engine.seed(seq);
        }
    }

    Status compute(KernelContext &ctx) override
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        switch (m_cfg.distribution) {
        case Distribution::Uniform:
        case Distribution::Normal:
            return fill(ctx);
        case Distribution::Bernoulli:
            return bernoulli(ctx);
        case Distribution::Multinomial:
            return multinomial(ctx);
        }
        return Status::ok();
    }

private:
    // Uniform in [0, 1) from the top 53 bits.
    double uniform() { return double(m_engine() >> 11) * 0x1.0p-53; }
    double normal()
    {
        // Box-Muller; 1 - u keeps the logarithm finite.
        const double u1 = 1.0 - uniform(), u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * 3.14159265358979323846 * u2);
    }

    Status fill(KernelContext &ctx)
    {
        Shape shape = m_cfg.shape;
        DataType type = m_cfg.type;
        if (m_cfg.like) {
            auto in = ctx.requiredInput(0);
            if (!in)
                return in.status();
            shape = (*in)->shape();
            if (type == DataType::Undefined)
                type = (*in)->dataType();
        }
        if (type == DataType::Undefined)
            type = DataType::Float;
        Tensor &out = ctx.allocateOutput(0, type, shape);
        return dispatchFloat(type, ctx, [&](auto tag) -> Status {
            using T = decltype(tag);
            T *d = out.mutableData<T>();
            for (int64_t i = 0; i < out.elementCount(); ++i) {
                const double v = m_cfg.distribution == Distribution::Uniform
                                     ? m_cfg.a + (m_cfg.b - m_cfg.a) * uniform()
                                     : m_cfg.a + m_cfg.b * normal();
                storeNumber(d + i, v);
            }
            return Status::ok();
        });
    }

    Status bernoulli(KernelContext &ctx)
    {
        auto in = ctx.requiredInput(0);
        if (!in)
            return in.status();
        const Tensor &p = **in;
        if (p.dataType() != DataType::Float && p.dataType() != DataType::Double &&
            p.dataType() != DataType::Float16 && p.dataType() != DataType::BFloat16)
            return ctx.error("probabilities must be a float type, got " + p.describe());
        const DataType type = m_cfg.type == DataType::Undefined ? p.dataType() : m_cfg.type;
        const std::vector<double> prob = p.toDoubles();
        Tensor &out = ctx.allocateOutput(0, type, p.shape());
        return dispatchAll(type, ctx, [&](auto tag) -> Status {
            using T = decltype(tag);
            T *d = out.mutableData<T>();
            for (size_t i = 0; i < prob.size(); ++i)
                storeNumber(d + i, uniform() < prob[i] ? 1.0 : 0.0);
            return Status::ok();
        });
    }

    Status multinomial(KernelContext &ctx)
    {
        auto in = ctx.requiredInput(0);
        if (!in)
            return in.status();
        const Tensor &logits = **in;
        if (logits.rank() != 2)
            return ctx.error("input must be [batch_size, class_size], got " + logits.describe());
        const int64_t batch = logits.dim(0), classes = logits.dim(1);
        if (classes <= 0)
            return ctx.error("class_size must be positive");
        const std::vector<double> x = logits.toDoubles();
        const DataType type = m_cfg.type == DataType::Undefined ? DataType::Int32 : m_cfg.type;
        Tensor &out = ctx.allocateOutput(0, type, {batch, m_cfg.sampleSize});
        std::vector<int64_t> picks(static_cast<size_t>(batch * m_cfg.sampleSize));
        std::vector<double> cumulative(static_cast<size_t>(classes));
        for (int64_t b = 0; b < batch; ++b) {
            // The input holds unnormalised log-probabilities: sample from softmax(x).
            const double *row = x.data() + b * classes;
            double top = row[0];
            for (int64_t c = 1; c < classes; ++c)
                top = std::max(top, row[c]);
            double total = 0.0;
            for (int64_t c = 0; c < classes; ++c) {
                total += std::exp(row[c] - top);
                cumulative[size_t(c)] = total;
            }
            for (int64_t s = 0; s < m_cfg.sampleSize; ++s) {
                const double target = uniform() * total;
                const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), target);
                picks[size_t(b * m_cfg.sampleSize + s)] =
                    std::min<int64_t>(int64_t(it - cumulative.begin()), classes - 1);
            }
        }
        if (type == DataType::Int64)
            std::copy(picks.begin(), picks.end(), out.mutableData<int64_t>());
        else
            for (size_t i = 0; i < picks.size(); ++i)
                out.mutableData<int32_t>()[i] = int32_t(picks[i]);
        return Status::ok();
    }

    RandomConfig m_cfg;
    std::mt19937_64 m_engine;
    std::mutex m_mutex;
};

KernelFactory randomFactory(Distribution distribution, bool like)
{
    return [distribution, like](const KernelInfo &info) -> Expected<std::unique_ptr<Kernel>> {
        const Node &node = info.node;
        RandomConfig cfg;
        cfg.distribution = distribution;
        cfg.like = like;
        if (const Attribute *dtype = node.attribute("dtype"))
            cfg.type = DataType(dtype->i);
        const bool floatOutput =
            distribution == Distribution::Uniform || distribution == Distribution::Normal;
        if (floatOutput && cfg.type != DataType::Undefined && cfg.type != DataType::Float &&
            cfg.type != DataType::Double && cfg.type != DataType::Float16 &&
            cfg.type != DataType::BFloat16)
            return info.error("dtype " + dataTypeName(cfg.type) + " is not a float type");
        if (floatOutput && !like) {
            const Attribute *shape = node.attribute("shape");
            if (!shape)
                return info.error("the shape attribute is required");
            cfg.shape = shape->ints;
            for (int64_t d : cfg.shape)
                if (d < 0)
                    return info.error("shape " + shapeString(cfg.shape) +
                                      " has a negative dimension");
        }
        if (distribution == Distribution::Uniform) {
            cfg.a = node.floatAttribute("low", 0.0f);
            cfg.b = node.floatAttribute("high", 1.0f);
        } else if (distribution == Distribution::Normal) {
            cfg.a = node.floatAttribute("mean", 0.0f);
            cfg.b = node.floatAttribute("scale", 1.0f);
        } else if (distribution == Distribution::Multinomial) {
            cfg.sampleSize = node.intAttribute("sample_size", 1);
            if (cfg.sampleSize < 0)
                return info.error("sample_size must not be negative");
            if (cfg.type != DataType::Undefined && cfg.type != DataType::Int32 &&
                cfg.type != DataType::Int64)
                return info.error("dtype must be int32 or int64");
        }
        std::optional<float> seed;
        if (const Attribute *s = node.attribute("seed"))
            seed = s->f;
        return std::unique_ptr<Kernel>(std::make_unique<RandomKernel>(std::move(cfg), seed));
    };
}

} // namespace

void registerMiscKernels(KernelRegistry &registry)
{
    registry.add("Det", 11, lambdaKernel(det));
    registry.add("RandomUniform", 1, randomFactory(Distribution::Uniform, false));
    registry.add("RandomNormal", 1, randomFactory(Distribution::Normal, false));
    registry.add("RandomUniformLike", 1, randomFactory(Distribution::Uniform, true));
    registry.add("RandomNormalLike", 1, randomFactory(Distribution::Normal, true));
    registry.add("Bernoulli", 15, randomFactory(Distribution::Bernoulli, false));
    registry.add("Multinomial", 7, randomFactory(Distribution::Multinomial, false));
}

} // namespace silica::runtime
