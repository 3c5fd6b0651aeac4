#include "core/runtime/kernels/shape_family.h"

#include <algorithm>
#include <cstring>

#if defined(__AVX2__)
#include <immintrin.h>
#endif

namespace silica::runtime {

namespace {

// Work per thread chunk: below this a copy runs inline, as thread start-up costs more.
constexpr int64_t kChunkBytes = 64 * 1024;
// Side of the square tiles a transposing copy walks, so both the rows it reads and the rows
// it writes stay in L1.
constexpr int64_t kTile = 32;

// A view with size-1 axes dropped and axes merged wherever the source is contiguous across
// them (dst is always contiguous, so any adjacent pair may merge on that side).
struct View
{
    Shape shape;
    std::vector<int64_t> strides;
};

View simplify(const Shape &shape, const std::vector<int64_t> &strides)
{
    View v;
    for (size_t i = 0; i < shape.size(); ++i) {
        if (shape[i] == 1)
            continue;
        if (!v.shape.empty() && v.strides.back() == strides[i] * shape[i]) {
            v.shape.back() *= shape[i];
            v.strides.back() = strides[i];
            continue;
        }
        v.shape.push_back(shape[i]);
        v.strides.push_back(strides[i]);
    }
    return v;
}

// Walks the multi-indices of `shape` in row-major order from a flat position, tracking the
// matching source and destination offsets.
class Odometer
{
public:
    Odometer(const Shape &shape, const std::vector<int64_t> &src, const std::vector<int64_t> &dst,
             int64_t first)
        : m_shape(shape), m_src(src), m_dst(dst), m_index(shape.size(), 0)
    {
        for (size_t axis = shape.size(); axis-- > 0;) {
            m_index[axis] = first % shape[axis];
            first /= shape[axis];
            m_srcOffset += m_index[axis] * src[axis];
            m_dstOffset += m_index[axis] * dst[axis];
        }
    }
    int64_t src() const { return m_srcOffset; }
    int64_t dst() const { return m_dstOffset; }
    void next()
    {
        for (size_t axis = m_shape.size(); axis-- > 0;) {
            if (++m_index[axis] < m_shape[axis]) {
                m_srcOffset += m_src[axis];
                m_dstOffset += m_dst[axis];
                return;
            }
            m_srcOffset -= m_src[axis] * (m_shape[axis] - 1);
            m_dstOffset -= m_dst[axis] * (m_shape[axis] - 1);
            m_index[axis] = 0;
        }
    }

private:
    const Shape &m_shape;
    const std::vector<int64_t> &m_src;
    const std::vector<int64_t> &m_dst;
    std::vector<int64_t> m_index;
    int64_t m_srcOffset = 0;
    int64_t m_dstOffset = 0;
};

#if defined(__AVX2__)
// Transposes an 8x8 block of 32-bit elements: row k of the source (8 values at s + k * sl)
// becomes column k of the destination (rows at d + m * dp). Shuffles only, so any 4-byte
// type passes through bit-exact.
inline void transpose8x8(const float *s, int64_t sl, float *d, int64_t dp)
{
    __m256 r[8], t[8];
    for (int k = 0; k < 8; ++k)
        r[k] = _mm256_loadu_ps(s + k * sl);
    for (int k = 0; k < 4; ++k) {
        t[2 * k] = _mm256_unpacklo_ps(r[2 * k], r[2 * k + 1]);
        t[2 * k + 1] = _mm256_unpackhi_ps(r[2 * k], r[2 * k + 1]);
    }
    // t0 = a0 b0 a1 b1 | a4 b4 a5 b5 ; pairs of rows interleaved, then quads.
    r[0] = _mm256_shuffle_ps(t[0], t[2], _MM_SHUFFLE(1, 0, 1, 0));
    r[1] = _mm256_shuffle_ps(t[0], t[2], _MM_SHUFFLE(3, 2, 3, 2));
    r[2] = _mm256_shuffle_ps(t[1], t[3], _MM_SHUFFLE(1, 0, 1, 0));
    r[3] = _mm256_shuffle_ps(t[1], t[3], _MM_SHUFFLE(3, 2, 3, 2));
    r[4] = _mm256_shuffle_ps(t[4], t[6], _MM_SHUFFLE(1, 0, 1, 0));
    r[5] = _mm256_shuffle_ps(t[4], t[6], _MM_SHUFFLE(3, 2, 3, 2));
    r[6] = _mm256_shuffle_ps(t[5], t[7], _MM_SHUFFLE(1, 0, 1, 0));
    r[7] = _mm256_shuffle_ps(t[5], t[7], _MM_SHUFFLE(3, 2, 3, 2));
    for (int k = 0; k < 4; ++k) {
        _mm256_storeu_ps(d + k * dp, _mm256_permute2f128_ps(r[k], r[k + 4], 0x20));
        _mm256_storeu_ps(d + (k + 4) * dp, _mm256_permute2f128_ps(r[k], r[k + 4], 0x31));
    }
}
#endif

// Rows (the last axis) either contiguous in the source (memcpy) or strided (element loop).
template <typename E> void copyRows(const unsigned char *src, const View &v, unsigned char *dst)
{
    constexpr int64_t es = int64_t(sizeof(E));
    const size_t rank = v.shape.size();
    const int64_t rowLength = v.shape[rank - 1];
    const int64_t rowStride = v.strides[rank - 1];
    const Shape outer(v.shape.begin(), v.shape.end() - 1);
    const std::vector<int64_t> outerSrc(v.strides.begin(), v.strides.end() - 1);
    const std::vector<int64_t> outerDst = stridesOf(outer); // in rows
    const int64_t rows = elementCount(outer);
    const int64_t rowBytes = rowLength * es;
    parallelFor(rows, std::max<int64_t>(1, kChunkBytes / rowBytes),
                [&](int64_t begin, int64_t end) {
                    Odometer at(outer, outerSrc, outerDst, begin);
                    for (int64_t row = begin; row < end; ++row, at.next()) {
                        const unsigned char *s = src + at.src() * es;
                        unsigned char *d = dst + row * rowBytes;
                        if (rowStride == 1) {
                            std::memcpy(d, s, size_t(rowBytes));
                        } else {
                            for (int64_t j = 0; j < rowLength; ++j)
                                copyElement<E>(d + j * es, s + j * rowStride * es);
                        }
                    }
                });
}

// d[i * dp + j] = s[i + j * sl] for i < ni, j0 <= j < j0 + nj (element units).
template <typename E>
void copyTile(const unsigned char *s, int64_t sl, unsigned char *d, int64_t dp, int64_t ni,
              int64_t nj, int64_t j0)
{
    constexpr int64_t es = int64_t(sizeof(E));
    int64_t iFast = 0, jFast = 0;
#if defined(__AVX2__)
    if constexpr (sizeof(E) == 4) {
        iFast = ni / 8 * 8;
        jFast = nj / 8 * 8;
        for (int64_t i = 0; i < iFast; i += 8)
            for (int64_t j = j0; j < j0 + jFast; j += 8)
                transpose8x8(reinterpret_cast<const float *>(s + (i + j * sl) * es), sl,
                             reinterpret_cast<float *>(d + (i * dp + j) * es), dp);
    }
#endif
    for (int64_t i = 0; i < ni; ++i)
        for (int64_t j = (i < iFast ? j0 + jFast : j0); j < j0 + nj; ++j)
            copyElement<E>(d + (i * dp + j) * es, s + (i + j * sl) * es);
}

// A transposing copy: axis `p` is contiguous in the source, the last axis in dst. Walks
// kTile x kTile tiles of (p, last) for each index of the remaining axes.
template <typename E>
void copyTiled(const unsigned char *src, const View &v, size_t p, unsigned char *dst)
{
    constexpr int64_t es = int64_t(sizeof(E));
    const size_t rank = v.shape.size();
    const std::vector<int64_t> dstStrides = stridesOf(v.shape);
    const int64_t np = v.shape[p], nl = v.shape[rank - 1];
    const int64_t dp = dstStrides[p], sl = v.strides[rank - 1];
    Shape outer;
    std::vector<int64_t> outerSrc, outerDst;
    for (size_t a = 0; a + 1 < rank; ++a)
        if (a != p) {
            outer.push_back(v.shape[a]);
            outerSrc.push_back(v.strides[a]);
            outerDst.push_back(dstStrides[a]);
        }
    const int64_t tilesP = (np + kTile - 1) / kTile;
    const int64_t units = elementCount(outer) * tilesP;
    const int64_t unitBytes = std::min(np, kTile) * nl * es;
    parallelFor(units, std::max<int64_t>(1, kChunkBytes / unitBytes),
                [&](int64_t begin, int64_t end) {
                    for (int64_t unit = begin; unit < end; ++unit) {
                        const Odometer at(outer, outerSrc, outerDst, unit / tilesP);
                        const int64_t i0 = (unit % tilesP) * kTile, i1 = std::min(np, i0 + kTile);
                        const unsigned char *s = src + at.src() * es;
                        unsigned char *d = dst + at.dst() * es;
                        for (int64_t j0 = 0; j0 < nl; j0 += kTile)
                            copyTile<E>(s + i0 * es, sl, d + i0 * dp * es, dp, i1 - i0,
                                        std::min(nl, j0 + kTile) - j0, j0);
                    }
                });
}

template <typename E> void copyView(const unsigned char *src, const View &v, unsigned char *dst)
{
    const size_t rank = v.shape.size();
    if (v.strides[rank - 1] != 1) {
        // A strided last axis: when another axis is contiguous in the source, tiling turns
        // the strided reads into cache-line reads.
        for (size_t p = rank - 1; p-- > 0;)
            if (v.strides[p] == 1) {
                copyTiled<E>(src, v, p, dst);
                return;
            }
    }
    copyRows<E>(src, v, dst);
}

} // namespace

void copyStrided(const void *src, int64_t srcOffset, const Shape &shape,
                 const std::vector<int64_t> &strides, void *dst, size_t elemBytes)
{
    if (elementCount(shape) <= 0)
        return;
    const auto *s = static_cast<const unsigned char *>(src) + srcOffset * int64_t(elemBytes);
    auto *d = static_cast<unsigned char *>(dst);
    const View v = simplify(shape, strides);
    if (v.shape.empty()) { // a single element
        std::memcpy(d, s, elemBytes);
        return;
    }
    if (v.shape.size() == 1 && v.strides[0] == 1) {
        parallelCopy(d, s, size_t(v.shape[0]) * elemBytes);
        return;
    }
    dispatchElementSize(elemBytes, [&](auto tag) { copyView<decltype(tag)>(s, v, d); });
}

void parallelCopy(void *dst, const void *src, size_t bytes)
{
    constexpr int64_t kCopyChunk = 1 << 20;
    const int64_t n = int64_t(bytes);
    if (n <= kCopyChunk) {
        if (n > 0)
            std::memcpy(dst, src, bytes);
        return;
    }
    auto *d = static_cast<unsigned char *>(dst);
    const auto *s = static_cast<const unsigned char *>(src);
    parallelFor((n + kCopyChunk - 1) / kCopyChunk, 1, [&](int64_t begin, int64_t end) {
        const int64_t from = begin * kCopyChunk, to = std::min(n, end * kCopyChunk);
        std::memcpy(d + from, s + from, size_t(to - from));
    });
}

} // namespace silica::runtime
