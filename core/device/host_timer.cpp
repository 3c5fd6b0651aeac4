#include "core/device/host_timer.h"

#include "core/runtime/profiler.h"
#include "core/runtime/random_inputs.h"
#include "core/runtime/session.h"

namespace silica::device {

HostTimer runtimeHostTimer(int repeat, int threads)
{
    return [repeat, threads](const Model &model, const CancelToken &cancel,
                             ProgressSink &progress) -> Expected<HostTiming> {
        runtime::SessionOptions options;
        if (threads > 0)
            options.threads = threads;
        auto session = runtime::InferenceSession::create(std::make_shared<const Model>(model), options);
        if (!session)
            return session.error();
        auto feeds = runtime::randomInputs((*session)->inputs(), 1);
        if (!feeds)
            return feeds.error();
        runtime::ProfileOptions profile;
        profile.warmup = 1;
        profile.repeat = std::max(1, repeat);
        auto result = runtime::profileSession(**session, *feeds, profile, cancel, progress);
        if (!result)
            return result.error();
        HostTiming timing;
        timing.totalMs = result->medianMs;
        timing.threads = result->threads;
        timing.runs = result->runs;
        for (const runtime::NodeTiming &n : result->nodes) {
            // A fused group's time goes to its nodes in equal parts.
            const double share = n.nodeIds.empty() ? 0 : n.medianMs / double(n.nodeIds.size());
            for (NodeId id : n.nodeIds)
                timing.nodeMs.emplace_back(id, share);
        }
        return timing;
    };
}

namespace {

class ShapeRecorder : public runtime::RunObserver
{
public:
    bool wantsOutputs() const override { return true; }
    void nodeFinished(const runtime::NodeEvent &event) override
    {
        for (const auto &[name, tensor] : event.outputs)
            shapes[name] = std::vector<int64_t>(tensor.shape().begin(), tensor.shape().end());
    }
    ShapeMap shapes;
};

} // namespace

ShapeProbe runtimeShapeProbe()
{
    return [](const Model &model, const CancelToken &cancel) -> Expected<ShapeMap> {
        runtime::SessionOptions options;
        options.fuse = false; // every node's own outputs
        auto session = runtime::InferenceSession::create(std::make_shared<const Model>(model), options);
        if (!session)
            return session.error();
        auto feeds = runtime::randomInputs((*session)->inputs(), 1);
        if (!feeds)
            return feeds.error();
        ShapeRecorder recorder;
        runtime::RunOptions run;
        run.cancel = &cancel;
        run.observer = &recorder;
        auto result = (*session)->run(*feeds, run);
        if (!result)
            return result.error();
        return std::move(recorder.shapes);
    };
}

} // namespace silica::device
