// LSTM, GRU and RNN (ai.onnx opsets 1-14+): forward, reverse and bidirectional, per-batch
// sequence_lens, initial states, LSTM peepholes and input_forget, GRU linear_before_reset,
// custom activations, clip and the batch-major layout of opset 14.
//
// One direction runs as: a single GEMM of all time steps against W (plus the biases), then per
// step a GEMM of the hidden state against R and the elementwise gate math. Arithmetic is in
// float for float / float16 / bfloat16 and in double for double.

#include "core/runtime/kernels/kernel_util.h"
#include "core/runtime/kernels/recurrent_activation.h"

#include <Eigen/Dense>

#include <algorithm>

namespace silica::runtime {

namespace {

using ActKind = RecurrentActivation::Kind;

enum class Cell
{
    Rnn,
    Gru,
    Lstm
};

int gateCount(Cell cell)
{
    return cell == Cell::Lstm ? 4 : cell == Cell::Gru ? 3 : 1;
}

struct RecurrentConfig
{
    Cell cell = Cell::Rnn;
    bool reverse = false;    // direction == "reverse"
    int directions = 1;      // 2 for "bidirectional"
    int64_t hiddenSize = -1; // -1: take it from R
    bool clip = false;
    float clipValue = 0.0f;
    bool batchMajor = false; // layout == 1
    bool linearBeforeReset = false;
    bool inputForget = false;
    std::vector<RecurrentActivation> activations; // per direction, gate functions in order
};

template <typename A>
using RowMajor = Eigen::Matrix<A, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
template <typename A> using MatMap = Eigen::Map<RowMajor<A>>;
template <typename A> using ConstMatMap = Eigen::Map<const RowMajor<A>>;

template <typename A, typename T> A toAcc(T v)
{
    if constexpr (std::is_same_v<T, double>)
        return A(v);
    else
        return A(static_cast<float>(v));
}

// The tensor's elements as A: the tensor's own memory when it already holds A, else a
// converted copy in `scratch`.
template <typename T, typename A> const A *elementsAs(const Tensor &t, std::vector<A> &scratch)
{
    if constexpr (std::is_same_v<T, A>) {
        (void)scratch;
        return t.data<A>();
    } else {
        const T *src = t.data<T>();
        scratch.resize(size_t(t.elementCount()));
        for (size_t i = 0; i < scratch.size(); ++i)
            scratch[i] = toAcc<A>(src[i]);
        return scratch.data();
    }
}

// Everything one direction needs, already offset to that direction.
template <typename A> struct DirectionInputs
{
    const A *w = nullptr;  // [G*H, I]
    const A *r = nullptr;  // [G*H, H]
    const A *wb = nullptr; // [G*H] or null
    const A *rb = nullptr; // [G*H] or null
    const A *p = nullptr;  // [3*H] or null (LSTM peepholes i, o, f)
    const RecurrentActivation *act = nullptr;
};

template <typename A> struct RecurrentRun
{
    const RecurrentConfig &cfg;
    int64_t seqLen, batch, inputSize, hidden;
    const A *x;                          // [seq, batch, I], time-major
    const std::vector<int64_t> &lengths; // per batch entry
};

// Runs one direction. `h` / `c` hold the initial state and receive the final one; `y` is
// [seq, batch, H] (padding steps set to zero), or null.
template <typename A>
void runDirection(const RecurrentRun<A> &run, const DirectionInputs<A> &in, A *h, A *c, A *y)
{
    const RecurrentConfig &cfg = run.cfg;
    const int64_t S = run.seqLen, B = run.batch, I = run.inputSize, H = run.hidden;
    const int64_t G = gateCount(cfg.cell);
    const int64_t GH = G * H;

    // All time steps against W at once, with the biases that are plain additions.
    RowMajor<A> xw(S * B, GH);
    xw.noalias() = ConstMatMap<A>(run.x, S * B, I) * ConstMatMap<A>(in.w, GH, I).transpose();
    std::vector<A> bias(size_t(GH), A(0));
    for (int64_t j = 0; j < GH; ++j) {
        if (in.wb)
            bias[size_t(j)] += in.wb[j];
        // GRU keeps Rbh apart when linear_before_reset: it is scaled by the reset gate.
        const bool rbInside = cfg.cell == Cell::Gru && cfg.linearBeforeReset && j >= 2 * H;
        if (in.rb && !rbInside)
            bias[size_t(j)] += in.rb[j];
    }
    xw.rowwise() += Eigen::Map<const Eigen::Matrix<A, 1, Eigen::Dynamic>>(bias.data(), GH);

    // The recurrent GEMM covers every gate except GRU's h gate without linear_before_reset,
    // which multiplies (r ⊙ Ht-1) instead.
    const int64_t recurrentRows = (cfg.cell == Cell::Gru && !cfg.linearBeforeReset) ? 2 * H : GH;
    const ConstMatMap<A> r(in.r, GH, H);
    MatMap<A> hMat(h, B, H);
    RowMajor<A> hr(B, recurrentRows); // Ht-1 * R^T for this step
    RowMajor<A> resetH, resetProduct; // GRU without linear_before_reset: r ⊙ Ht-1, times Rh^T

    const RecurrentActivation &f = in.act[0];
    const RecurrentActivation g = G > 1 ? in.act[1] : RecurrentActivation{};
    const RecurrentActivation hAct = cfg.cell == Cell::Lstm ? in.act[2] : RecurrentActivation{};
    const A clipValue = A(cfg.clipValue);
    // ONNX: clip "is applied to the input of activations".
    auto clip = [&](A v) { return cfg.clip ? std::clamp(v, -clipValue, clipValue) : v; };

    for (int64_t step = 0; step < S; ++step) {
        const int64_t t = cfg.reverse ? S - 1 - step : step;
        hr.noalias() = hMat * r.topRows(recurrentRows).transpose();
        if (cfg.cell == Cell::Gru && !cfg.linearBeforeReset) {
            resetH.resize(B, H);
            for (int64_t b = 0; b < B; ++b)
                for (int64_t k = 0; k < H; ++k)
                    resetH(b, k) = f(clip(xw(t * B + b, H + k) + hr(b, H + k))) * hMat(b, k);
            resetProduct.noalias() = resetH * r.bottomRows(H).transpose();
        }
        for (int64_t b = 0; b < B; ++b) {
            A *yRow = y ? y + (t * B + b) * H : nullptr;
            if (t >= run.lengths[size_t(b)]) {
                if (yRow)
                    std::fill(yRow, yRow + H, A(0));
                continue;
            }
            const A *xg = xw.data() + (t * B + b) * GH;
            const A *hg = hr.data() + b * recurrentRows;
            A *hRow = h + b * H;
            switch (cfg.cell) {
            case Cell::Rnn:
                for (int64_t k = 0; k < H; ++k)
                    hRow[k] = f(clip(xg[k] + hg[k]));
                break;
            case Cell::Gru:
                for (int64_t k = 0; k < H; ++k) {
                    const A z = f(clip(xg[k] + hg[k]));
                    A candidate;
                    if (cfg.linearBeforeReset) {
                        const A reset = f(clip(xg[H + k] + hg[H + k]));
                        const A rh = hg[2 * H + k] + (in.rb ? in.rb[2 * H + k] : A(0));
                        candidate = g(clip(xg[2 * H + k] + reset * rh));
                    } else {
                        candidate = g(clip(xg[2 * H + k] + resetProduct(b, k)));
                    }
                    hRow[k] = (A(1) - z) * candidate + z * hRow[k];
                }
                break;
            case Cell::Lstm: {
                A *cRow = c + b * H;
                for (int64_t k = 0; k < H; ++k) {
                    const A cPrev = cRow[k];
                    A iPre = xg[k] + hg[k], oPre = xg[H + k] + hg[H + k];
                    A fPre = xg[2 * H + k] + hg[2 * H + k];
                    if (in.p) {
                        iPre += in.p[k] * cPrev;
                        fPre += in.p[2 * H + k] * cPrev;
                    }
                    const A iGate = f(clip(iPre));
                    const A fGate = cfg.inputForget ? A(1) - iGate : f(clip(fPre));
                    const A cand = g(clip(xg[3 * H + k] + hg[3 * H + k]));
                    const A cNew = fGate * cPrev + iGate * cand;
                    if (in.p)
                        oPre += in.p[H + k] * cNew;
                    const A oGate = f(clip(oPre));
                    cRow[k] = cNew;
                    hRow[k] = oGate * hAct(cNew);
                }
                break;
            }
            }
            if (yRow)
                std::copy(hRow, hRow + H, yRow);
        }
    }
}

class RecurrentKernel final : public Kernel
{
public:
    explicit RecurrentKernel(RecurrentConfig cfg) : m_cfg(std::move(cfg)) {}

    Status compute(KernelContext &ctx) override
    {
        auto x = ctx.requiredInput(0);
        if (!x)
            return x.status();
        switch ((*x)->dataType()) {
        case DataType::Float:
            return run<float, float>(ctx);
        case DataType::Double:
            return run<double, double>(ctx);
        case DataType::Float16:
            return run<Half, float>(ctx);
        case DataType::BFloat16:
            return run<BFloat16, float>(ctx);
        default:
            return ctx.error("element type " + dataTypeName((*x)->dataType()) + " is not supported",
                             ErrorCode::Unsupported);
        }
    }

private:
    template <typename T, typename A> Status run(KernelContext &ctx);

    RecurrentConfig m_cfg;
};

template <typename T, typename A> Status RecurrentKernel::run(KernelContext &ctx)
{
    const RecurrentConfig &cfg = m_cfg;
    const Tensor &X = *ctx.input(0);
    const Tensor *W = ctx.input(1), *R = ctx.input(2);
    if (!W || !R)
        return ctx.error("inputs W and R are required");
    const Tensor *Bt = ctx.input(3), *seqLens = ctx.input(4), *initH = ctx.input(5);
    const Tensor *initC = cfg.cell == Cell::Lstm ? ctx.input(6) : nullptr;
    const Tensor *P = cfg.cell == Cell::Lstm ? ctx.input(7) : nullptr;
    for (const Tensor *t : {W, R, Bt, initH, initC, P})
        if (t && t->dataType() != X.dataType())
            return ctx.error("all float inputs must share X's element type " +
                             dataTypeName(X.dataType()));

    if (X.rank() != 3)
        return ctx.error("X must be 3-D, got " + X.describe());
    const int64_t D = cfg.directions, G = gateCount(cfg.cell);
    const int64_t S = cfg.batchMajor ? X.dim(1) : X.dim(0);
    const int64_t B = cfg.batchMajor ? X.dim(0) : X.dim(1);
    const int64_t I = X.dim(2);
    if (R->rank() != 3)
        return ctx.error("R must be 3-D, got " + R->describe());
    const int64_t H = cfg.hiddenSize > 0 ? cfg.hiddenSize : R->dim(2);
    const Shape wantW{D, G * H, I}, wantR{D, G * H, H};
    if (W->shape() != wantW)
        return ctx.error("W must have shape " + shapeString(wantW) + ", got " + W->describe());
    if (R->shape() != wantR)
        return ctx.error("R must have shape " + shapeString(wantR) + ", got " + R->describe());
    if (Bt && Bt->shape() != Shape{D, 2 * G * H})
        return ctx.error("B must have shape " + shapeString({D, 2 * G * H}) + ", got " +
                         Bt->describe());
    if (P && P->shape() != Shape{D, 3 * H})
        return ctx.error("P must have shape " + shapeString({D, 3 * H}) + ", got " + P->describe());
    const Shape stateShape = cfg.batchMajor ? Shape{B, D, H} : Shape{D, B, H};
    if (initH && initH->shape() != stateShape)
        return ctx.error("initial_h must have shape " + shapeString(stateShape) + ", got " +
                         initH->describe());
    if (initC && initC->shape() != stateShape)
        return ctx.error("initial_c must have shape " + shapeString(stateShape) + ", got " +
                         initC->describe());

    std::vector<int64_t> lengths(size_t(B), S);
    if (seqLens) {
        if (seqLens->elementCount() != B ||
            (seqLens->dataType() != DataType::Int32 && seqLens->dataType() != DataType::Int64))
            return ctx.error("sequence_lens must be int32[" + std::to_string(B) + "], got " +
                             seqLens->describe());
        lengths = seqLens->toInt64s();
        for (int64_t len : lengths)
            if (len < 0 || len > S)
                return ctx.error("sequence_lens value " + std::to_string(len) + " is outside [0, " +
                                 std::to_string(S) + "]");
    }

    // Time-major X in A.
    std::vector<A> xScratch;
    const A *x;
    if (!cfg.batchMajor) {
        x = elementsAs<T, A>(X, xScratch);
    } else {
        xScratch.resize(size_t(S * B * I));
        const T *src = X.data<T>();
        for (int64_t b = 0; b < B; ++b)
            for (int64_t t = 0; t < S; ++t)
                for (int64_t k = 0; k < I; ++k)
                    xScratch[size_t((t * B + b) * I + k)] = toAcc<A>(src[(b * S + t) * I + k]);
        x = xScratch.data();
    }
    std::vector<A> wS, rS, bS, pS;
    const A *w = elementsAs<T, A>(*W, wS);
    const A *r = elementsAs<T, A>(*R, rS);
    const A *bias = Bt ? elementsAs<T, A>(*Bt, bS) : nullptr;
    const A *p = P ? elementsAs<T, A>(*P, pS) : nullptr;

    // States as [D, B, H] in A, whatever the layout.
    auto loadState = [&](const Tensor *t) {
        std::vector<A> out(size_t(D * B * H), A(0));
        if (!t)
            return out;
        const T *src = t->data<T>();
        for (int64_t d = 0; d < D; ++d)
            for (int64_t b = 0; b < B; ++b)
                for (int64_t k = 0; k < H; ++k) {
                    const int64_t from = cfg.batchMajor ? (b * D + d) * H + k : (d * B + b) * H + k;
                    out[size_t((d * B + b) * H + k)] = toAcc<A>(src[from]);
                }
        return out;
    };
    std::vector<A> hState = loadState(initH), cState = loadState(initC);

    const bool wantY = ctx.wantsOutput(0);
    std::vector<A> yDir(wantY ? size_t(D * S * B * H) : 0);
    const int64_t GH = G * H;
    for (int64_t d = 0; d < D; ++d) {
        DirectionInputs<A> in;
        in.w = w + d * GH * I;
        in.r = r + d * GH * H;
        in.wb = bias ? bias + d * 2 * GH : nullptr;
        in.rb = bias ? bias + d * 2 * GH + GH : nullptr;
        in.p = p ? p + d * 3 * H : nullptr;
        const size_t perDirection = cfg.activations.size() / size_t(D);
        in.act = cfg.activations.data() + size_t(d) * perDirection;
        RecurrentConfig dirCfg = cfg;
        dirCfg.reverse = cfg.reverse || d == 1;
        const RecurrentRun<A> dirRun{dirCfg, S, B, I, H, x, lengths};
        runDirection<A>(dirRun, in, hState.data() + d * B * H,
                        cfg.cell == Cell::Lstm ? cState.data() + d * B * H : nullptr,
                        wantY ? yDir.data() + d * S * B * H : nullptr);
    }

    auto store = [](A v) {
        if constexpr (std::is_same_v<T, A>)
            return v;
        else
            return T(float(v));
    };
    if (wantY) {
        const Shape yShape = cfg.batchMajor ? Shape{B, S, D, H} : Shape{S, D, B, H};
        T *out = ctx.allocateOutput(0, X.dataType(), yShape).template mutableData<T>();
        for (int64_t d = 0; d < D; ++d)
            for (int64_t t = 0; t < S; ++t)
                for (int64_t b = 0; b < B; ++b) {
                    const A *src = yDir.data() + ((d * S + t) * B + b) * H;
                    const int64_t to =
                        cfg.batchMajor ? ((b * S + t) * D + d) * H : ((t * D + d) * B + b) * H;
                    for (int64_t k = 0; k < H; ++k)
                        out[to + k] = store(src[k]);
                }
    }
    auto storeState = [&](size_t index, const std::vector<A> &state) {
        if (!ctx.wantsOutput(index))
            return;
        T *out = ctx.allocateOutput(index, X.dataType(), stateShape).template mutableData<T>();
        for (int64_t d = 0; d < D; ++d)
            for (int64_t b = 0; b < B; ++b)
                for (int64_t k = 0; k < H; ++k) {
                    const int64_t to = cfg.batchMajor ? (b * D + d) * H + k : (d * B + b) * H + k;
                    out[to] = store(state[size_t((d * B + b) * H + k)]);
                }
    };
    storeState(1, hState);
    if (cfg.cell == Cell::Lstm)
        storeState(2, cState);
    return Status::ok();
}

KernelFactory recurrentFactory(Cell cell)
{
    return [cell](const KernelInfo &info) -> Expected<std::unique_ptr<Kernel>> {
        const Node &node = info.node;
        RecurrentConfig cfg;
        cfg.cell = cell;
        const std::string direction = node.stringAttribute("direction", "forward");
        if (direction == "bidirectional")
            cfg.directions = 2;
        else if (direction == "reverse")
            cfg.reverse = true;
        else if (direction != "forward")
            return info.error("direction '" + direction +
                              "' is not one of forward, reverse, bidirectional");
        cfg.hiddenSize = node.intAttribute("hidden_size", -1);
        if (const Attribute *a = node.attribute("clip")) {
            cfg.clip = true;
            cfg.clipValue = a->f;
            if (!(a->f > 0.0f))
                return info.error("clip must be positive");
        }
        cfg.batchMajor = node.intAttribute("layout", 0) == 1;
        cfg.linearBeforeReset = node.intAttribute("linear_before_reset", 0) != 0;
        cfg.inputForget = node.intAttribute("input_forget", 0) != 0;

        std::vector<ActKind> defaults;
        switch (cell) {
        case Cell::Rnn:
            defaults = {ActKind::Tanh};
            break;
        case Cell::Gru:
            defaults = {ActKind::Sigmoid, ActKind::Tanh};
            break;
        case Cell::Lstm:
            defaults = {ActKind::Sigmoid, ActKind::Tanh, ActKind::Tanh};
            break;
        }
        std::string error;
        cfg.activations = parseRecurrentActivations(node, defaults, cfg.directions, error);
        if (!error.empty())
            return info.error(error);
        return std::unique_ptr<Kernel>(std::make_unique<RecurrentKernel>(std::move(cfg)));
    };
}

} // namespace

void registerRecurrentKernels(KernelRegistry &registry)
{
    registry.add("RNN", 1, recurrentFactory(Cell::Rnn));
    registry.add("GRU", 1, recurrentFactory(Cell::Gru));
    registry.add("LSTM", 1, recurrentFactory(Cell::Lstm));
}

} // namespace silica::runtime
