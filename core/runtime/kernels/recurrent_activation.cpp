#include "core/runtime/kernels/recurrent_activation.h"

#include <algorithm>
#include <cctype>

namespace silica::runtime {

namespace {

using ActKind = RecurrentActivation::Kind;

std::string lowerCase(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char ch) { return char(std::tolower(ch)); });
    return s;
}

} // namespace

std::vector<RecurrentActivation>
parseRecurrentActivations(const Node &node, const std::vector<RecurrentActivation::Kind> &defaults,
                          int directions, std::string &error)
{
    std::vector<RecurrentActivation> out;
    const Attribute *names = node.attribute("activations");
    if (!names || names->strings.empty()) {
        for (int d = 0; d < directions; ++d)
            for (ActKind kind : defaults)
                out.push_back({kind, 0.0f, 0.0f});
        return out;
    }
    std::vector<std::string> list = names->strings;
    const size_t perDirection = defaults.size();
    if (list.size() == perDirection && directions == 2)
        list.insert(list.end(), names->strings.begin(), names->strings.end());
    if (list.size() != perDirection * size_t(directions)) {
        error = "activations lists " + std::to_string(names->strings.size()) +
                " functions, expected " + std::to_string(perDirection * size_t(directions));
        return {};
    }
    // Alphas and betas are consumed in order only by the functions that take them; missing
    // ones take the defaults of the matching ONNX operators (LeakyRelu 0.01, HardSigmoid
    // 0.2 / 0.5, Elu 1, ThresholdedRelu 1, Affine 1 / 0, ScaledTanh 1 / 1).
    std::vector<float> alphas, betas;
    if (const Attribute *a = node.attribute("activation_alpha"))
        alphas = a->floats;
    if (const Attribute *b = node.attribute("activation_beta"))
        betas = b->floats;
    size_t nextAlpha = 0, nextBeta = 0;
    auto take = [](const std::vector<float> &v, size_t &next, float fallback) {
        return next < v.size() ? v[next++] : fallback;
    };
    struct Known
    {
        const char *name;
        ActKind kind;
        bool usesAlpha, usesBeta;
        float alpha, beta;
    };
    static const Known kKnown[] = {
        {"relu", ActKind::Relu, false, false, 0, 0},
        {"tanh", ActKind::Tanh, false, false, 0, 0},
        {"sigmoid", ActKind::Sigmoid, false, false, 0, 0},
        {"affine", ActKind::Affine, true, true, 1.0f, 0.0f},
        {"leakyrelu", ActKind::LeakyRelu, true, false, 0.01f, 0},
        {"thresholdedrelu", ActKind::ThresholdedRelu, true, false, 1.0f, 0},
        {"scaledtanh", ActKind::ScaledTanh, true, true, 1.0f, 1.0f},
        {"hardsigmoid", ActKind::HardSigmoid, true, true, 0.2f, 0.5f},
        {"elu", ActKind::Elu, true, false, 1.0f, 0},
        {"softsign", ActKind::Softsign, false, false, 0, 0},
        {"softplus", ActKind::Softplus, false, false, 0, 0},
    };
    for (const std::string &name : list) {
        const std::string lower = lowerCase(name);
        const Known *known = nullptr;
        for (const Known &k : kKnown)
            if (lower == k.name)
                known = &k;
        if (!known) {
            error = "unknown activation function '" + name + "'";
            return {};
        }
        RecurrentActivation act{known->kind, known->alpha, known->beta};
        if (known->usesAlpha)
            act.alpha = take(alphas, nextAlpha, known->alpha);
        if (known->usesBeta)
            act.beta = take(betas, nextBeta, known->beta);
        out.push_back(act);
    }
    return out;
}

} // namespace silica::runtime
