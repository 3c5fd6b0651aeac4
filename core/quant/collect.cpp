#include "core/quant/collect.h"

#include "core/runtime/layout.h"
#include "core/runtime/parallel.h"
#include "core/runtime/session.h"

#include <algorithm>
#include <cmath>

namespace silica::quant {

namespace {

// Σ of the finite values (in SIMD lanes).
double finiteSum(const float *p, int64_t n)
{
    double s = 0;
#pragma omp simd reduction(+ : s)
    for (int64_t i = 0; i < n; ++i)
        s += p[i] - p[i] == 0 ? double(p[i]) : 0.0;
    return s;
}

// Adds to `sums` the finite values of each channel of an [outer, channels, inner] tensor stored
// as outer × (channels / group) blocks of inner positions × `group` consecutive channels (group
// 1: plain; channels: channels-last; 8 or 16: nChw8c / nChw16c).
void addChannelSums(const float *x, int64_t outer, int64_t channels, int64_t inner, int64_t group,
                    std::vector<double> &sums)
{
    const int64_t blocks = outer * (channels / group);
    std::vector<double> partial(size_t(blocks * group), 0.0);
    runtime::parallelFor(blocks, std::max<int64_t>(1, (1 << 16) / (inner * group)), [&](int64_t begin, int64_t end) {
        for (int64_t b = begin; b < end; ++b) {
            double *out = partial.data() + b * group;
            const float *block = x + b * inner * group;
            if (group == 1) {
                out[0] = finiteSum(block, inner);
                continue;
            }
            for (int64_t p = 0; p < inner; ++p) {
                const float *row = block + p * group;
#pragma omp simd
                for (int64_t j = 0; j < group; ++j)
                    out[j] += row[j] - row[j] == 0 ? double(row[j]) : 0.0;
            }
        }
    });
    for (int64_t b = 0; b < blocks; ++b)
        for (int64_t j = 0; j < group; ++j)
            sums[size_t((b % (channels / group)) * group + j)] += partial[size_t(b * group + j)];
}

class HistogramObserver : public runtime::RunObserver
{
public:
    HistogramObserver(CollectedHistograms &out, size_t bins) : m_out(out), m_bins(bins) {}
    bool wantsOutputs() const override { return true; }
    void nodeFinished(const runtime::NodeEvent &event) override
    {
        for (const auto &[name, tensor] : event.outputs)
            add(name, tensor);
    }
    // Histograms do not depend on element order, and channel sums read the layouts: tensors
    // stay as the kernels wrote them (no plain copy of every output).
    bool acceptsLayouts() const override { return true; }

    void add(const std::string &name, const runtime::Tensor &value)
    {
        if (value.dataType() != DataType::Float)
            return;
        // Channels per run of consecutive elements: 1 when plain (rows of one channel), C when
        // channels-last, the block for nChw8c / nChw16c. A blocked tensor whose channels do not
        // fill its last block has padding in its storage: that one is made plain.
        runtime::Tensor tensor = value;
        int64_t group = 1;
        if (!tensor.isPlain()) {
            const int64_t channels = tensor.rank() >= 2 ? tensor.dim(1) : 1;
            const runtime::Layout layout = tensor.layout();
            group = layout == runtime::Layout::ChannelsLast ? channels
                    : layout == runtime::Layout::Blocked8   ? 8
                                                            : 16;
            if (channels % group != 0) {
                runtime::Tensor plain = runtime::Tensor::allocate(DataType::Float, tensor.shape());
                runtime::toPlain(tensor, plain.mutableData<float>());
                tensor = plain;
                group = 1;
            }
        }
        auto it = m_out.values.find(name);
        if (it == m_out.values.end())
            it = m_out.values.emplace(name, TensorHistogram(m_bins)).first;
        it->second.add(tensor.data<float>(), size_t(tensor.elementCount()), runtime::parallelFor);
        const auto &shape = tensor.shape();
        if (shape.size() < 2 || shape.size() > 5 || shape[1] < 1 || tensor.elementCount() == 0)
            return;
        const int64_t channels = shape[1], outer = shape[0], inner = tensor.elementCount() / (outer * channels);
        auto &[sums, count] = m_sums[name];
        if (sums.empty())
            sums.assign(size_t(channels), 0.0);
        else if (sums.size() != size_t(channels))
            return; // the channel count changed between samples: the first one's stands
        addChannelSums(tensor.data<float>(), outer, channels, inner, group, sums);
        count += uint64_t(outer * inner);
    }
    void finish()
    {
        for (auto &[name, entry] : m_sums) {
            std::vector<double> means = entry.first;
            for (double &m : means)
                m /= double(std::max<uint64_t>(entry.second, 1));
            m_out.channelMeans[name] = std::move(means);
        }
    }

private:
    CollectedHistograms &m_out;
    size_t m_bins;
    std::map<std::string, std::pair<std::vector<double>, uint64_t>> m_sums; // per channel, and values per channel
};

} // namespace

Expected<CollectedHistograms> collectHistograms(const Model &model, const CalibrationSource &source,
                                                const CollectOptions &options, const CancelToken &cancel,
                                                ProgressSink &progress)
{
    runtime::SessionOptions sessionOptions;
    sessionOptions.threads = options.threads;
    sessionOptions.fuse = false; // every node's own output
    auto session = runtime::InferenceSession::create(std::make_shared<const Model>(model), sessionOptions);
    if (!session)
        return session.error();
    CollectedHistograms out;
    out.warnings = source.warnings();
    HistogramObserver observer(out, options.bins);
    const size_t total = source.count();
    if (total == 0)
        return Status(ErrorCode::InvalidArgument, "the calibration data has no samples");
    for (size_t i = 0; i < total; ++i) {
        if (cancel.isCancelled())
            return Status(ErrorCode::Cancelled, "calibration cancelled");
        progress.report(double(i) / double(total), "sample " + std::to_string(i + 1) + " of " + std::to_string(total));
        Expected<Sample> sample = source.sample(i);
        if (!sample)
            return sample.error();
        for (const auto &[name, tensor] : *sample)
            observer.add(name, tensor);
        runtime::RunOptions run;
        run.cancel = &cancel;
        run.observer = &observer;
        auto result = (*session)->run(runtime::NamedTensors(sample->begin(), sample->end()), run);
        if (!result)
            return Status(result.error().code(), "calibration sample " + std::to_string(i + 1) + ": " +
                                                     result.error().message());
        ++out.samples;
    }
    observer.finish();
    progress.report(1, "done");
    for (const auto &[name, h] : out.values)
        if (h.nonFinite() > 0)
            out.warnings.push_back("'" + name + "' had " + std::to_string(h.nonFinite()) +
                                   " NaN or infinite values; they are left out of its range");
    return out;
}

} // namespace silica::quant
