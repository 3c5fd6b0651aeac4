// Einsum (opset 12): parses the equation into labels, then folds the operands left to right.
// Each step first sums away labels no later step needs (and takes diagonals of repeated
// labels), then contracts two operands as a batched matrix product (Eigen), so the
// matmul-shaped equations run at GEMM speed.

#include "core/runtime/kernels/shape_family.h"

#include <Eigen/Dense>

#include <algorithm>
#include <new>
#include <stdexcept>

namespace silica::runtime {

namespace {

// Labels 0-25 are a-z, 26-51 A-Z; ellipsis dims follow, numbered left to right over the
// broadcast ellipsis (so dims of different inputs align from the right).
constexpr int kLetters = 52;

int letterLabel(char c)
{
    if (c >= 'a' && c <= 'z')
        return c - 'a';
    if (c >= 'A' && c <= 'Z')
        return 26 + (c - 'A');
    return -1;
}

struct Term
{
    std::vector<int> letters;
    int ellipsisAt = -1; // index into `letters` where "..." stands, -1 without one
};

Expected<Term> parseTerm(const std::string &text, const KernelContext &ctx)
{
    Term term;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text.compare(i, 3, "...") == 0 && term.ellipsisAt < 0) {
            term.ellipsisAt = int(term.letters.size());
            i += 2;
            continue;
        }
        const int label = letterLabel(text[i]);
        if (label < 0)
            return ctx.error("unexpected '" + std::string(1, text[i]) + "' in equation term '" +
                             text + "'");
        term.letters.push_back(label);
    }
    return term;
}

std::vector<int> expandTerm(const Term &term, int ellipsisRank, int maxEllipsis)
{
    std::vector<int> labels = term.letters;
    if (term.ellipsisAt >= 0) {
        std::vector<int> dims;
        for (int j = 0; j < ellipsisRank; ++j)
            dims.push_back(kLetters + maxEllipsis - ellipsisRank + j);
        labels.insert(labels.begin() + term.ellipsisAt, dims.begin(), dims.end());
    }
    return labels;
}

struct EinsumPlan
{
    std::vector<std::vector<int>> inputs; // a label per input axis
    std::vector<int> output;
    std::vector<int64_t> sizes; // per label; a dim of 1 broadcasts against it
};

Expected<EinsumPlan> planEinsum(const KernelContext &ctx, const std::vector<const Tensor *> &in)
{
    std::string eq;
    for (char c : ctx.node().stringAttribute("equation", ""))
        if (c != ' ')
            eq += c;
    const size_t arrow = eq.find("->");
    const std::string lhs = eq.substr(0, arrow);
    std::vector<Term> terms;
    for (size_t from = 0;;) {
        const size_t comma = lhs.find(',', from);
        auto term = parseTerm(lhs.substr(from, comma - from), ctx);
        if (!term)
            return term.error();
        terms.push_back(std::move(*term));
        if (comma == std::string::npos)
            break;
        from = comma + 1;
    }
    if (terms.size() != in.size())
        return ctx.error("equation '" + eq + "' has " + std::to_string(terms.size()) +
                         " terms for " + std::to_string(in.size()) + " inputs");
    std::vector<int> ellipsisRanks;
    int maxEllipsis = 0;
    for (size_t t = 0; t < terms.size(); ++t) {
        const int extra = in[t]->rank() - int(terms[t].letters.size());
        if (extra < 0 || (extra > 0 && terms[t].ellipsisAt < 0))
            return ctx.error("term " + std::to_string(t) + " of '" + eq +
                             "' does not match input " + in[t]->describe());
        ellipsisRanks.push_back(extra);
        maxEllipsis = std::max(maxEllipsis, extra);
    }
    EinsumPlan plan;
    plan.sizes.assign(size_t(kLetters + maxEllipsis), -1);
    std::vector<int> uses(plan.sizes.size(), 0);
    for (size_t t = 0; t < terms.size(); ++t) {
        plan.inputs.push_back(expandTerm(terms[t], ellipsisRanks[t], maxEllipsis));
        std::vector<int64_t> own(plan.sizes.size(), -1);
        for (size_t a = 0; a < plan.inputs[t].size(); ++a) {
            const int label = plan.inputs[t][a];
            const int64_t dim = in[t]->dim(int(a));
            ++uses[size_t(label)];
            // Repeated labels in one term take a diagonal: their dims must agree.
            if (own[size_t(label)] >= 0 && own[size_t(label)] != dim)
                return ctx.error("repeated label in term " + std::to_string(t) +
                                 " spans dims of different sizes");
            own[size_t(label)] = dim;
            int64_t &size = plan.sizes[size_t(label)];
            if (size < 0 || size == 1)
                size = dim;
            else if (dim != size && dim != 1)
                return ctx.error("equation '" + eq + "': a label has sizes " +
                                 std::to_string(size) + " and " + std::to_string(dim));
        }
    }
    if (arrow == std::string::npos) {
        // Implicit output: the ellipsis dims, then labels used once in ASCII order.
        for (int j = 0; j < maxEllipsis; ++j)
            plan.output.push_back(kLetters + j);
        for (int l = 26; l < kLetters; ++l)
            if (uses[size_t(l)] == 1)
                plan.output.push_back(l);
        for (int l = 0; l < 26; ++l)
            if (uses[size_t(l)] == 1)
                plan.output.push_back(l);
        return plan;
    }
    auto out = parseTerm(eq.substr(arrow + 2), ctx);
    if (!out)
        return out.error();
    plan.output = expandTerm(*out, out->ellipsisAt >= 0 ? maxEllipsis : 0, maxEllipsis);
    std::vector<bool> seen(plan.sizes.size(), false);
    for (int label : plan.output) {
        if (uses[size_t(label)] == 0 || seen[size_t(label)])
            return ctx.error("output of '" + eq + "' repeats a label or names one no input has");
        seen[size_t(label)] = true;
    }
    return plan;
}

template <typename A> struct Operand
{
    std::vector<int> labels; // one per axis; after reduceTo() each label appears once
    Shape dims;
    std::vector<A> data;
};

bool has(const std::vector<int> &labels, int label)
{
    return std::find(labels.begin(), labels.end(), label) != labels.end();
}

// Takes diagonals of repeated labels and sums away the labels `keep` does not list.
template <typename A> Operand<A> reduceTo(Operand<A> op, const std::vector<bool> &keep)
{
    std::vector<int> labels;
    Shape dims;
    std::vector<int64_t> strides;
    const std::vector<int64_t> own = stridesOf(op.dims);
    for (size_t a = 0; a < op.labels.size(); ++a) {
        const auto it = std::find(labels.begin(), labels.end(), op.labels[a]);
        if (it != labels.end()) {
            strides[size_t(it - labels.begin())] += own[a];
            continue;
        }
        labels.push_back(op.labels[a]);
        dims.push_back(op.dims[a]);
        strides.push_back(own[a]);
    }
    const bool allKept =
        std::all_of(labels.begin(), labels.end(), [&](int l) { return keep[size_t(l)]; });
    if (allKept && labels.size() == op.labels.size())
        return op;
    Operand<A> out;
    Shape viewShape;
    std::vector<int64_t> viewStrides;
    int64_t reduced = 1;
    for (int pass = 0; pass < 2; ++pass) // kept axes first, then the ones summed away
        for (size_t i = 0; i < labels.size(); ++i)
            if (keep[size_t(labels[i])] == (pass == 0)) {
                viewShape.push_back(dims[i]);
                viewStrides.push_back(strides[i]);
                if (pass == 0) {
                    out.labels.push_back(labels[i]);
                    out.dims.push_back(dims[i]);
                } else {
                    reduced *= dims[i];
                }
            }
    std::vector<A> view(static_cast<size_t>(elementCount(viewShape)));
    copyStrided(op.data.data(), 0, viewShape, viewStrides, view.data(), sizeof(A));
    const int64_t n = elementCount(out.dims);
    out.data.assign(static_cast<size_t>(n), A(0));
    for (int64_t i = 0; i < n; ++i) {
        A sum = A(0);
        for (int64_t j = 0; j < reduced; ++j)
            sum += view[size_t(i * reduced + j)];
        out.data[size_t(i)] = sum;
    }
    return out;
}

// The operand's elements in label order `order`, each label at its full size (a dim of 1
// repeats).
template <typename A>
std::vector<A> pack(const Operand<A> &op, const std::vector<int> &order,
                    const std::vector<int64_t> &sizes)
{
    const std::vector<int64_t> own = stridesOf(op.dims);
    Shape shape;
    std::vector<int64_t> strides;
    for (int label : order) {
        const size_t a =
            size_t(std::find(op.labels.begin(), op.labels.end(), label) - op.labels.begin());
        shape.push_back(sizes[size_t(label)]);
        strides.push_back(a < op.labels.size() && op.dims[a] != 1 ? own[a] : 0);
    }
    std::vector<A> out(static_cast<size_t>(elementCount(shape)));
    copyStrided(op.data.data(), 0, shape, strides, out.data(), sizeof(A));
    return out;
}

// Contracts two operands whose labels are unique: labels in both are batch dims when
// `keep` lists them and summed otherwise; the rest become the rows and columns of a GEMM.
template <typename A>
Operand<A> contract(const Operand<A> &a, const Operand<A> &b, const std::vector<bool> &keep,
                    const std::vector<int64_t> &sizes)
{
    std::vector<int> batch, m, k, n;
    for (int l : a.labels)
        (has(b.labels, l) ? (keep[size_t(l)] ? batch : k) : m).push_back(l);
    for (int l : b.labels)
        if (!has(a.labels, l))
            n.push_back(l);
    auto concat = [](std::vector<int> x, const std::vector<int> &y, const std::vector<int> &z) {
        x.insert(x.end(), y.begin(), y.end());
        x.insert(x.end(), z.begin(), z.end());
        return x;
    };
    auto count = [&](const std::vector<int> &labels) {
        int64_t c = 1;
        for (int l : labels)
            c *= sizes[size_t(l)];
        return c;
    };
    const std::vector<A> pa = pack(a, concat(batch, m, k), sizes);
    const std::vector<A> pb = pack(b, concat(batch, k, n), sizes);
    const int64_t nb = count(batch), nm = count(m), nk = count(k), nn = count(n);
    Operand<A> out;
    out.labels = concat(batch, m, n);
    for (int l : out.labels)
        out.dims.push_back(sizes[size_t(l)]);
    out.data.assign(static_cast<size_t>(nb * nm * nn), A(0));
    if (nk == 0 || out.data.empty())
        return out;
    using Matrix = Eigen::Matrix<A, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    const int64_t flops = nm * nn * nk;
    parallelFor(nb, std::max<int64_t>(1, (1 << 16) / flops), [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i) {
            Eigen::Map<const Matrix> ma(pa.data() + i * nm * nk, nm, nk);
            Eigen::Map<const Matrix> mb(pb.data() + i * nk * nn, nk, nn);
            Eigen::Map<Matrix> mc(out.data.data() + i * nm * nn, nm, nn);
            mc.noalias() = ma * mb;
        }
    });
    return out;
}

template <typename T, typename A>
Status runEinsum(KernelContext &ctx, const EinsumPlan &plan, const std::vector<const Tensor *> &in)
{
    std::vector<Operand<A>> ops;
    for (size_t t = 0; t < in.size(); ++t) {
        Operand<A> op;
        op.labels = plan.inputs[t];
        op.dims = in[t]->shape();
        const T *v = in[t]->data<T>();
        op.data.resize(size_t(in[t]->elementCount()));
        for (size_t i = 0; i < op.data.size(); ++i)
            op.data[i] = A(v[i]);
        ops.push_back(std::move(op));
    }
    // needed[i]: labels the output or operands after i use.
    std::vector<std::vector<bool>> needed(in.size(), std::vector<bool>(plan.sizes.size(), false));
    for (size_t i = in.size(); i-- > 0;) {
        if (i + 1 < in.size()) {
            needed[i] = needed[i + 1];
            for (int l : ops[i + 1].labels)
                needed[i][size_t(l)] = true;
        } else {
            for (int l : plan.output)
                needed[i][size_t(l)] = true;
        }
    }
    auto withLabels = [](std::vector<bool> keep, const std::vector<int> &labels) {
        for (int l : labels)
            keep[size_t(l)] = true;
        return keep;
    };
    Operand<A> acc = reduceTo(std::move(ops[0]), withLabels(needed[0], {}));
    for (size_t i = 1; i < ops.size(); ++i) {
        Operand<A> next = reduceTo(std::move(ops[i]), withLabels(needed[i], acc.labels));
        acc = reduceTo(std::move(acc), withLabels(needed[i], next.labels));
        acc = contract(acc, next, needed[i], plan.sizes);
    }
    acc = reduceTo(std::move(acc), needed.back());
    Shape outShape;
    for (int l : plan.output)
        outShape.push_back(plan.sizes[size_t(l)]);
    const std::vector<A> result = pack(acc, plan.output, plan.sizes);
    auto allocated = allocateComputed(ctx, 0, in[0]->dataType(), outShape);
    if (!allocated)
        return allocated.error();
    T *out = (*allocated)->template mutableData<T>();
    for (size_t i = 0; i < result.size(); ++i)
        out[i] = T(result[i]);
    return Status::ok();
}

Status einsum(KernelContext &ctx)
{
    std::vector<const Tensor *> in;
    for (size_t i = 0; i < ctx.inputCount(); ++i) {
        if (!ctx.hasInput(i))
            return ctx.error("input " + std::to_string(i) + " is missing");
        in.push_back(ctx.input(i));
        if (in.back()->dataType() != in[0]->dataType())
            return ctx.error("inputs differ in element type");
    }
    if (in.empty())
        return ctx.error("Einsum needs at least one input");
    auto plan = planEinsum(ctx, in);
    if (!plan)
        return plan.error();
    // Intermediate products can be far larger than any input (an outer product): running out
    // of memory is reported, not thrown.
    try {
        return dispatchNumeric(in[0]->dataType(), ctx, [&](auto tag) -> Status {
            using T = decltype(tag);
            if constexpr (std::is_same_v<T, double>)
                return runEinsum<T, double>(ctx, *plan, in);
            else if constexpr (isFloatLike<T>)
                return runEinsum<T, float>(ctx, *plan, in);
            else
                return runEinsum<T, int64_t>(ctx, *plan, in);
        });
    } catch (const std::bad_alloc &) {
        return ctx.error("out of memory for the intermediate products of this equation");
    } catch (const std::length_error &) {
        return ctx.error("the intermediate products of this equation are too large");
    }
}

} // namespace

void registerEinsumKernels(KernelRegistry &registry)
{
    registry.add("Einsum", 12, lambdaKernel(einsum));
}

} // namespace silica::runtime
