#include "core/runtime/layout.h"

#include "core/runtime/kernels/kernel_util.h"

#include <cstring>

namespace silica::runtime {

using tag = dnnl::memory::format_tag;

dnnl::memory::format_tag dnnlTag(Layout layout)
{
    switch (layout) {
    case Layout::Plain: return tag::nchw;
    case Layout::ChannelsLast: return tag::nhwc;
    case Layout::Blocked8: return tag::nChw8c;
    case Layout::Blocked16: return tag::nChw16c;
    }
    return tag::nchw;
}

bool layoutOf(const dnnl::memory::desc &md, const Shape &shape, Layout &layout)
{
    if (shape.size() != 4)
        return false;
    const dnnl::memory::dims dims(shape.begin(), shape.end());
    for (Layout l : {Layout::Plain, Layout::ChannelsLast, Layout::Blocked16, Layout::Blocked8})
        if (md == dnnl::memory::desc(dims, dnnl::memory::data_type::f32, dnnlTag(l))) {
            layout = l;
            return true;
        }
    return false;
}

bool sameBytesAsPlain(const Tensor &t)
{
    return t.layout() == Layout::Plain ||
           (t.layout() == Layout::ChannelsLast && t.rank() == 4 && t.dim(2) * t.dim(3) == 1);
}

namespace {

struct Geometry
{
    int64_t n, c, hw, block, blocks;
};

Geometry geometryOf(const Tensor &t)
{
    Geometry g{t.dim(0), t.dim(1), 1, t.layout() == Layout::Blocked8 ? 8 : 16, 0};
    for (int i = 2; i < t.rank(); ++i)
        g.hw *= t.dim(i);
    g.blocks = (g.c + g.block - 1) / g.block;
    return g;
}

// dst[c][p] = src[p][c] for one image: plain ↔ channels-last is a transpose of C × HW.
void transpose(const float *src, float *dst, int64_t rows, int64_t cols)
{
    constexpr int64_t tile = 32;
    for (int64_t r0 = 0; r0 < rows; r0 += tile)
        for (int64_t c0 = 0; c0 < cols; c0 += tile)
            for (int64_t r = r0; r < std::min(rows, r0 + tile); ++r)
                for (int64_t c = c0; c < std::min(cols, c0 + tile); ++c)
                    dst[c * rows + r] = src[r * cols + c];
}

} // namespace

void toPlain(const Tensor &src, float *dst)
{
    const float *s = src.data<float>();
    if (sameBytesAsPlain(src)) {
        std::memcpy(dst, s, size_t(src.elementCount()) * sizeof(float));
        return;
    }
    const Geometry g = geometryOf(src);
    if (src.layout() == Layout::ChannelsLast) {
        parallelFor(g.n, 1, [&](int64_t begin, int64_t end) {
            for (int64_t n = begin; n < end; ++n)
                transpose(s + n * g.hw * g.c, dst + n * g.hw * g.c, g.hw, g.c);
        });
        return;
    }
    const int64_t b = g.block;
    parallelFor(g.n * g.blocks, 1, [&](int64_t begin, int64_t end) {
        for (int64_t nb = begin; nb < end; ++nb) {
            const int64_t n = nb / g.blocks, cb = nb % g.blocks;
            const float *in = s + nb * g.hw * b;
            const int64_t channels = std::min(b, g.c - cb * b);
            for (int64_t c = 0; c < channels; ++c) {
                float *out = dst + (n * g.c + cb * b + c) * g.hw;
                for (int64_t p = 0; p < g.hw; ++p)
                    out[p] = in[p * b + c];
            }
        }
    });
}

void fromPlain(const float *src, Tensor &dst)
{
    float *o = dst.mutableData<float>();
    if (sameBytesAsPlain(dst)) {
        std::memcpy(o, src, size_t(dst.elementCount()) * sizeof(float));
        return;
    }
    const Geometry g = geometryOf(dst);
    if (dst.layout() == Layout::ChannelsLast) {
        parallelFor(g.n, 1, [&](int64_t begin, int64_t end) {
            for (int64_t n = begin; n < end; ++n)
                transpose(src + n * g.hw * g.c, o + n * g.hw * g.c, g.c, g.hw);
        });
        return;
    }
    const int64_t b = g.block;
    parallelFor(g.n * g.blocks, 1, [&](int64_t begin, int64_t end) {
        for (int64_t nb = begin; nb < end; ++nb) {
            const int64_t n = nb / g.blocks, cb = nb % g.blocks;
            float *out = o + nb * g.hw * b;
            const int64_t channels = std::min(b, g.c - cb * b);
            if (channels < b)
                std::memset(out, 0, size_t(g.hw * b) * sizeof(float));
            for (int64_t c = 0; c < channels; ++c) {
                const float *in = src + (n * g.c + cb * b + c) * g.hw;
                for (int64_t p = 0; p < g.hw; ++p)
                    out[p * b + c] = in[p];
            }
        }
    });
}

} // namespace silica::runtime
