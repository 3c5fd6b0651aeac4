#include "core/runtime/profiler.h"

#include <algorithm>

namespace silica::runtime {

double medianOf(std::vector<double> values)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

namespace {

class TimingObserver final : public RunObserver
{
public:
    std::vector<std::vector<double>> samples; // per planned node, ms per run
    std::vector<const std::vector<const Node *> *> groups;
    void nodeFinished(const NodeEvent &event) override
    {
        const size_t i = size_t(event.index);
        if (samples.size() <= i) {
            samples.resize(i + 1);
            groups.resize(i + 1);
        }
        samples[i].push_back(std::chrono::duration<double, std::milli>(event.duration).count());
        groups[i] = &event.nodes;
    }
};

} // namespace

Expected<ProfileResult> profileSession(InferenceSession &session, const NamedTensors &feeds,
                                       const ProfileOptions &options, const CancelToken &cancel,
                                       ProgressSink &progress)
{
    ProfileResult result;
    result.threads = session.options().threads;
    const int warmup = std::max(0, options.warmup), repeat = std::max(1, options.repeat);
    RunOptions run;
    run.cancel = &cancel;
    for (int i = 0; i < warmup; ++i) {
        auto r = session.run(feeds, run);
        if (!r)
            return r.status();
        progress.report(double(i + 1) / double(warmup + repeat), "warm-up");
    }
    TimingObserver observer;
    run.observer = &observer;
    for (int i = 0; i < repeat; ++i) {
        auto r = session.run(feeds, run);
        if (!r)
            return r.status();
        result.runsMs.push_back(std::chrono::duration<double, std::milli>(r->duration).count());
        if (i + 1 == repeat)
            result.lastRun = std::move(*r);
        progress.report(double(warmup + i + 1) / double(warmup + repeat), "timed runs");
    }
    result.runs = repeat;
    result.medianMs = medianOf(result.runsMs);
    double total = 0;
    for (size_t i = 0; i < observer.samples.size(); ++i) {
        NodeTiming t;
        if (observer.groups[i])
            for (const Node *n : *observer.groups[i]) {
                t.nodes.push_back(n->displayName());
                t.nodeIds.push_back(n->id);
                t.opType += (t.opType.empty() ? "" : "+") + n->opType;
            }
        t.medianMs = medianOf(observer.samples[i]);
        total += t.medianMs;
        result.nodes.push_back(std::move(t));
    }
    for (NodeTiming &t : result.nodes)
        t.share = total > 0 ? t.medianMs / total : 0;
    return result;
}

} // namespace silica::runtime
