#pragma once
// The activation functions LSTM, GRU and RNN accept by name in their `activations` attribute,
// with the alpha / beta each one takes.

#include "core/graph/model.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace silica::runtime {

struct RecurrentActivation
{
    enum class Kind
    {
        Relu,
        Tanh,
        Sigmoid,
        Affine,
        LeakyRelu,
        ThresholdedRelu,
        ScaledTanh,
        HardSigmoid,
        Elu,
        Softsign,
        Softplus,
    };
    Kind kind = Kind::Tanh;
    float alpha = 0.0f;
    float beta = 0.0f;

    template <typename A> A operator()(A x) const
    {
        const A a = A(alpha), b = A(beta);
        switch (kind) {
        case Kind::Relu:
            return std::max(x, A(0));
        case Kind::Tanh:
            return std::tanh(x);
        case Kind::Sigmoid:
            return A(1) / (A(1) + std::exp(-x));
        case Kind::Affine:
            return a * x + b;
        case Kind::LeakyRelu:
            return x >= A(0) ? x : a * x;
        case Kind::ThresholdedRelu:
            return x >= a ? x : A(0);
        case Kind::ScaledTanh:
            return a * std::tanh(b * x);
        case Kind::HardSigmoid:
            return std::min(A(1), std::max(A(0), a * x + b));
        case Kind::Elu:
            return x >= A(0) ? x : a * (std::exp(x) - A(1));
        case Kind::Softsign:
            return x / (A(1) + std::abs(x));
        case Kind::Softplus:
            return x > A(20) ? x : std::log1p(std::exp(x));
        }
        return x;
    }
};

// Reads `activations` / `activation_alpha` / `activation_beta` of a recurrent node, or uses
// `defaults` (one per gate function) when the attribute is absent. A list for one direction is
// reused for both directions of a bidirectional node. Returns an empty list and sets `error`
// for an unknown name or a wrong count.
std::vector<RecurrentActivation>
parseRecurrentActivations(const Node &node, const std::vector<RecurrentActivation::Kind> &defaults,
                          int directions, std::string &error);

} // namespace silica::runtime
