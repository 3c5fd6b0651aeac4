#include "core/device/host_timer.h"

#include "core/runtime/profiler.h"
#include "core/runtime/random_inputs.h"
#include "core/runtime/session.h"

namespace silica::device {

namespace {

// A session on `model` and seeded random feeds for it.
struct Prepared
{
    std::shared_ptr<runtime::InferenceSession> session;
    runtime::NamedTensors feeds;
};

Expected<Prepared> prepare(const Model &model, const runtime::SessionOptions &options,
                           const std::map<std::string, int64_t> &dims)
{
    auto session = runtime::InferenceSession::create(std::make_shared<const Model>(model), options);
    if (!session)
        return session.error();
    auto feeds = runtime::randomInputs((*session)->inputs(), 1, dims);
    if (!feeds)
        return feeds.error();
    return Prepared{std::move(*session), std::move(*feeds)};
}

} // namespace

HostTimer runtimeHostTimer(int repeat, int threads, std::map<std::string, int64_t> dims)
{
    return [repeat, threads, dims](const Model &model, const CancelToken &cancel,
                             ProgressSink &progress) -> Expected<HostTiming> {
        runtime::SessionOptions options;
        if (threads > 0)
            options.threads = threads;
        Expected<Prepared> prepared = prepare(model, options, dims);
        if (!prepared)
            return prepared.error();
        runtime::ProfileOptions profile;
        profile.warmup = 1;
        profile.repeat = std::max(1, repeat);
        auto result = runtime::profileSession(*prepared->session, prepared->feeds, profile, cancel, progress);
        if (!result)
            return result.error();
        HostTiming timing;
        timing.totalMs = result->medianMs;
        timing.threads = result->threads;
        timing.runs = result->runs;
        for (const runtime::NodeTiming &n : result->nodes) {
            // A fused group's time goes to its main node (the first); the rest ran inside it.
            for (size_t k = 0; k < n.nodeIds.size(); ++k)
                timing.nodeMs.emplace_back(n.nodeIds[k], k == 0 ? n.medianMs : 0.0);
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

ShapeProbe runtimeShapeProbe(std::map<std::string, int64_t> dims)
{
    return [dims](const Model &model, const CancelToken &cancel) -> Expected<ShapeMap> {
        runtime::SessionOptions options;
        options.fuse = false; // every node's own outputs
        Expected<Prepared> prepared = prepare(model, options, dims);
        if (!prepared)
            return prepared.error();
        ShapeRecorder recorder;
        runtime::RunOptions run;
        run.cancel = &cancel;
        run.observer = &recorder;
        auto result = prepared->session->run(prepared->feeds, run);
        if (!result)
            return result.error();
        return std::move(recorder.shapes);
    };
}

} // namespace silica::device
