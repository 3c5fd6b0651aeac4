#include "core/quant/collect.h"

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
    void add(const std::string &name, const runtime::Tensor &tensor)
    {
        if (tensor.dataType() != DataType::Float || !tensor.isPlain())
            return;
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
        const float *x = tensor.data<float>();
        std::vector<double> rowSums(size_t(outer * channels), 0.0);
        runtime::parallelFor(outer * channels, std::max<int64_t>(1, (1 << 16) / inner),
                             [&](int64_t begin, int64_t end) {
                                 for (int64_t row = begin; row < end; ++row)
                                     rowSums[size_t(row)] = finiteSum(x + row * inner, inner);
                             });
        for (int64_t row = 0; row < outer * channels; ++row)
            sums[size_t(row % channels)] += rowSums[size_t(row)];
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
