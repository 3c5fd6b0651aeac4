#include "core/runtime/kernels/fft.h"

#include <algorithm>
#include <cmath>

namespace silica::runtime {

namespace {

using Complex = std::complex<double>;
constexpr double kPi = 3.14159265358979323846;

std::vector<Complex> twiddleTable(int64_t n)
{
    std::vector<Complex> t(size_t(std::max<int64_t>(n, 1)));
    for (int64_t k = 0; k < n; ++k)
        t[size_t(k)] = std::polar(1.0, -2.0 * kPi * double(k) / double(n));
    return t;
}

// In-place iterative radix-2 forward FFT; `tw` is the twiddle table for exactly n points.
void radix2Forward(Complex *a, int64_t n, const std::vector<Complex> &tw)
{
    for (int64_t i = 1, j = 0; i < n; ++i) {
        int64_t bit = n >> 1;
        for (; j & bit; bit >>= 1)
            j ^= bit;
        j ^= bit;
        if (i < j)
            std::swap(a[i], a[j]);
    }
    for (int64_t len = 2; len <= n; len <<= 1) {
        const int64_t half = len / 2, step = n / len;
        for (int64_t i = 0; i < n; i += len)
            for (int64_t j = 0; j < half; ++j) {
                const Complex u = a[i + j];
                const Complex v = a[i + j + half] * tw[size_t(j * step)];
                a[i + j] = u + v;
                a[i + j + half] = u - v;
            }
    }
}

bool isPowerOfTwo(int64_t n)
{
    return n > 0 && (n & (n - 1)) == 0;
}

} // namespace

FftPlan::FftPlan(int64_t length) : m_length(length)
{
    m_powerOfTwo = isPowerOfTwo(length);
    m_direct = !m_powerOfTwo && length <= 64;
    if (m_powerOfTwo || m_direct) {
        m_twiddles = twiddleTable(length);
        return;
    }
    m_padded = 1;
    while (m_padded < 2 * length - 1)
        m_padded <<= 1;
    m_paddedTwiddles = twiddleTable(m_padded);
    m_chirp.resize(size_t(length));
    for (int64_t n = 0; n < length; ++n) {
        // n² mod 2N keeps the angle small, so the chirp stays exact for long signals.
        const int64_t sq = (n * n) % (2 * length);
        m_chirp[size_t(n)] = std::polar(1.0, -kPi * double(sq) / double(length));
    }
    m_chirpSpectrum.assign(size_t(m_padded), Complex(0.0, 0.0));
    m_chirpSpectrum[0] = std::conj(m_chirp[0]);
    for (int64_t n = 1; n < length; ++n) {
        m_chirpSpectrum[size_t(n)] = std::conj(m_chirp[size_t(n)]);
        m_chirpSpectrum[size_t(m_padded - n)] = std::conj(m_chirp[size_t(n)]);
    }
    radix2Forward(m_chirpSpectrum.data(), m_padded, m_paddedTwiddles);
}

void FftPlan::transform(Complex *data, bool inverse, std::vector<Complex> &scratch) const
{
    const int64_t n = m_length;
    if (n <= 1)
        return;
    // The inverse transform is the conjugate of the forward transform of the conjugate.
    if (inverse)
        for (int64_t i = 0; i < n; ++i)
            data[i] = std::conj(data[i]);
    if (m_powerOfTwo) {
        radix2Forward(data, n, m_twiddles);
    } else if (m_direct) {
        scratch.assign(size_t(n), Complex(0.0, 0.0));
        for (int64_t k = 0; k < n; ++k) {
            Complex sum(0.0, 0.0);
            for (int64_t j = 0; j < n; ++j)
                sum += data[j] * m_twiddles[size_t((k * j) % n)];
            scratch[size_t(k)] = sum;
        }
        std::copy(scratch.begin(), scratch.end(), data);
    } else {
        // Bluestein: X[k] = c[k] · (a ⊛ conj(c))[k] with a[n] = x[n] c[n].
        scratch.assign(size_t(m_padded), Complex(0.0, 0.0));
        for (int64_t i = 0; i < n; ++i)
            scratch[size_t(i)] = data[i] * m_chirp[size_t(i)];
        radix2Forward(scratch.data(), m_padded, m_paddedTwiddles);
        for (int64_t i = 0; i < m_padded; ++i)
            scratch[size_t(i)] = std::conj(scratch[size_t(i)] * m_chirpSpectrum[size_t(i)]);
        radix2Forward(scratch.data(), m_padded, m_paddedTwiddles); // inverse via conjugation
        const double scale = 1.0 / double(m_padded);
        for (int64_t k = 0; k < n; ++k)
            data[k] = std::conj(scratch[size_t(k)]) * scale * m_chirp[size_t(k)];
    }
    if (inverse)
        for (int64_t i = 0; i < n; ++i)
            data[i] = std::conj(data[i]);
}

} // namespace silica::runtime
