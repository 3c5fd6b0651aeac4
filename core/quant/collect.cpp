#include "core/quant/collect.h"

#include "core/runtime/session.h"

namespace silica::quant {

namespace {

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
        it->second.add(tensor.data<float>(), size_t(tensor.elementCount()));
    }

private:
    CollectedHistograms &m_out;
    size_t m_bins;
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
    progress.report(1, "done");
    for (const auto &[name, h] : out.values)
        if (h.nonFinite() > 0)
            out.warnings.push_back("'" + name + "' had " + std::to_string(h.nonFinite()) +
                                   " NaN or infinite values; they are left out of its range");
    return out;
}

} // namespace silica::quant
