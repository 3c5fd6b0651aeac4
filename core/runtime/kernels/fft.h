#pragma once
// A complex FFT of any length, in double: radix-2 for powers of two, Bluestein's chirp-z
// (through a power-of-two FFT) for other lengths above a few dozen points, the direct sum
// below that. A plan is read-only once built, so threads may share one.

#include <complex>
#include <cstdint>
#include <vector>

namespace silica::runtime {

class FftPlan
{
public:
    explicit FftPlan(int64_t length);

    int64_t length() const { return m_length; }
    // In place over `length()` points: X[k] = sum x[n] e^(∓2πikn/N), the minus sign forward.
    // No 1/N scaling. `scratch` is caller-owned so threads can reuse their own.
    void transform(std::complex<double> *data, bool inverse,
                   std::vector<std::complex<double>> &scratch) const;

private:
    int64_t m_length = 0;
    bool m_powerOfTwo = false;
    bool m_direct = false;
    std::vector<std::complex<double>> m_twiddles; // e^(-2πik/N), direct sums and radix-2
    // Bluestein: chirp w[n] = e^(-πin²/N) and the FFT of its padded conjugate.
    int64_t m_padded = 0;
    std::vector<std::complex<double>> m_chirp;
    std::vector<std::complex<double>> m_chirpSpectrum;
    std::vector<std::complex<double>> m_paddedTwiddles;
};

} // namespace silica::runtime
