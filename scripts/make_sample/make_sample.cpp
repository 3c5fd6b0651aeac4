// Generates Silica's bundled sample model, resources/samples/kws_swish.onnx: a small
// keyword-spotting CNN in the shape PyTorch exports it — unfused BatchNorms, Swish-β
// activations written as x·sigmoid(β·x) with a learnable β, a Transpose on the input, and the
// Identity / Dropout nodes exports carry. Weights are deterministic pseudo-random values, so the
// file is byte-for-byte reproducible (tests/graph/tst_sample_model.cpp checks that).
//
// usage: silica-make-sample OUT.onnx

#include "core/graph/graph_builder.h"
#include "core/graph/onnx_export.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

using namespace silica;

namespace {

// Park–Miller minimal standard generator: tiny, portable, reproducible everywhere.
class Random
{
public:
    explicit Random(uint32_t seed) : m_state(seed ? seed : 1) {}
    double uniform() // (0, 1)
    {
        m_state = static_cast<uint32_t>((static_cast<uint64_t>(m_state) * 48271u) % 2147483647u);
        return static_cast<double>(m_state) / 2147483647.0;
    }
    float normal(float stddev) // Box–Muller
    {
        const double u1 = uniform(), u2 = uniform();
        return static_cast<float>(std::sqrt(-2.0 * std::log(u1)) *
                                  std::cos(6.283185307179586 * u2) * stddev);
    }

private:
    uint32_t m_state;
};

class SampleBuilder
{
public:
    SampleBuilder() : m_b("kws_swish_cnn", 17), m_rng(20261129) {}

    GraphBuilder &builder() { return m_b; }

    std::vector<float> heNormal(size_t count, int fanIn)
    {
        std::vector<float> v(count);
        const float stddev = std::sqrt(2.0f / static_cast<float>(fanIn));
        for (float &x : v)
            x = m_rng.normal(stddev);
        return v;
    }

    // Conv (+ no bias: PyTorch exports conv-before-BN without bias) → BatchNormalization.
    std::string convBn(const std::string &scope, const std::string &in, int cin, int cout, int k,
                       int stride, int group)
    {
        const std::string w = scope + ".conv.weight";
        m_b.initializer(
            w, {cout, cin / group, k, k},
            heNormal(static_cast<size_t>(cout * (cin / group) * k * k), cin / group * k * k));
        const std::string conv = "/" + slash(scope) + "/conv/Conv_output_0";
        const int pad = k / 2;
        m_b.node("Conv", {in, w}, {conv}, "/" + slash(scope) + "/conv/Conv")
            .ints("dilations", {1, 1})
            .i("group", group)
            .ints("kernel_shape", {k, k})
            .ints("pads", {pad, pad, pad, pad})
            .ints("strides", {stride, stride});
        std::vector<float> gamma(static_cast<size_t>(cout)), beta(gamma.size()), mean(gamma.size()),
            var(gamma.size());
        for (size_t c = 0; c < gamma.size(); ++c) {
            gamma[c] = 1.0f + m_rng.normal(0.1f);
            beta[c] = m_rng.normal(0.05f);
            mean[c] = m_rng.normal(0.1f);
            var[c] = 0.5f + static_cast<float>(m_rng.uniform());
        }
        const std::string bn = scope + ".bn";
        m_b.initializer(bn + ".weight", {cout}, gamma);
        m_b.initializer(bn + ".bias", {cout}, beta);
        m_b.initializer(bn + ".running_mean", {cout}, mean);
        m_b.initializer(bn + ".running_var", {cout}, var);
        const std::string out = "/" + slash(scope) + "/bn/BatchNormalization_output_0";
        m_b.node("BatchNormalization",
                 {conv, bn + ".weight", bn + ".bias", bn + ".running_mean", bn + ".running_var"},
                 {out}, "/" + slash(scope) + "/bn/BatchNormalization")
            .f("epsilon", 1e-5f)
            .f("momentum", 0.9f);
        return out;
    }

    // Swish-β: x · sigmoid(β · x), β a learnable scalar (as torch exports `x * torch.sigmoid(
    // self.beta * x)`).
    std::string swishBeta(const std::string &scope, const std::string &in, float beta)
    {
        const std::string b = scope + ".act.beta";
        m_b.initializer(b, {1}, {beta});
        const std::string s = "/" + slash(scope) + "/act";
        m_b.node("Mul", {b, in}, {s + "/Mul_output_0"}, s + "/Mul");
        m_b.node("Sigmoid", {s + "/Mul_output_0"}, {s + "/Sigmoid_output_0"}, s + "/Sigmoid");
        m_b.node("Mul", {in, s + "/Sigmoid_output_0"}, {s + "/Mul_1_output_0"}, s + "/Mul_1");
        return s + "/Mul_1_output_0";
    }

    std::string relu(const std::string &scope, const std::string &in)
    {
        const std::string out = "/" + slash(scope) + "/relu/Relu_output_0";
        m_b.node("Relu", {in}, {out}, "/" + slash(scope) + "/relu/Relu");
        return out;
    }

    // Depthwise-separable block: dw 3×3 → BN → Swish-β → pw 1×1 → BN → ReLU.
    std::string separable(const std::string &scope, const std::string &in, int cin, int cout,
                          int stride, float beta)
    {
        std::string x = convBn(scope + ".dw", in, cin, cin, 3, stride, cin);
        x = swishBeta(scope + ".dw", x, beta);
        x = convBn(scope + ".pw", x, cin, cout, 1, 1, 1);
        return relu(scope, x);
    }

    static std::string slash(std::string scope)
    {
        for (char &c : scope)
            if (c == '.')
                c = '/';
        return scope;
    }

private:
    GraphBuilder m_b;
    Random m_rng;
};

} // namespace

int main(int argc, char **argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s OUT.onnx\n", argv[0]);
        return 1;
    }
    SampleBuilder s;
    GraphBuilder &b = s.builder();
    b.producer("silica-make-sample", "1");
    b.docString("Keyword-spotting CNN sample for Silica: 49 MFCC frames x 40 coefficients in, "
                "12 keyword scores out. Contains Swish-beta activations, unfused BatchNorms, a "
                "Transpose and export leftovers (Identity, Dropout).");
    b.metadata("task", "keyword spotting");
    b.metadata("labels", "silence,unknown,yes,no,up,down,left,right,on,off,stop,go");
    b.input("mfcc", DataType::Float, {1, 49, 40});

    // [1, frames, coeffs] → [1, 1, coeffs, frames]: the Transpose exporters leave on inputs.
    b.node("Transpose", {"mfcc"}, {"/Transpose_output_0"}, "/Transpose").ints("perm", {0, 2, 1});
    b.initializer(GraphBuilder::int64Tensor("/Constant_output_0", {1}, {1}));
    b.node("Unsqueeze", {"/Transpose_output_0", "/Constant_output_0"}, {"/Unsqueeze_output_0"},
           "/Unsqueeze");

    std::string x = s.convBn("features.stem", "/Unsqueeze_output_0", 1, 16, 3, 1, 1);
    x = s.swishBeta("features.stem", x, 1.0f);
    x = s.separable("features.block1", x, 16, 32, 2, 1.25f);
    x = s.separable("features.block2", x, 32, 64, 2, 0.85f);
    const std::string skip = x;
    x = s.separable("features.block3", x, 64, 64, 1, 1.1f);
    b.node("Add", {skip, x}, {"/features/block3/Add_output_0"}, "/features/block3/Add");
    b.node("Identity", {"/features/block3/Add_output_0"}, {"/features/Identity_output_0"},
           "/features/Identity");

    b.node("GlobalAveragePool", {"/features/Identity_output_0"},
           {"/pool/GlobalAveragePool_output_0"}, "/pool/GlobalAveragePool");
    b.node("Flatten", {"/pool/GlobalAveragePool_output_0"}, {"/Flatten_output_0"}, "/Flatten")
        .i("axis", 1);
    b.node("Dropout", {"/Flatten_output_0"}, {"/classifier/dropout/Dropout_output_0"},
           "/classifier/dropout/Dropout");
    b.initializer("classifier.fc.weight", {12, 64}, s.heNormal(12 * 64, 64));
    b.initializer("classifier.fc.bias", {12}, std::vector<float>(12, 0.0f));
    b.node("Gemm",
           {"/classifier/dropout/Dropout_output_0", "classifier.fc.weight", "classifier.fc.bias"},
           {"logits"}, "/classifier/fc/Gemm")
        .f("alpha", 1.0f)
        .f("beta", 1.0f)
        .i("transB", 1);
    b.node("Softmax", {"logits"}, {"scores"}, "/Softmax").i("axis", 1);
    b.output("scores", DataType::Float, {1, 12});

    Status s2 = saveModel(b.build(), argv[1]);
    if (!s2) {
        std::fprintf(stderr, "silica-make-sample: %s\n", s2.message().c_str());
        return 2;
    }
    return 0;
}
