// CPUs: the machine Silica runs on, where latency is measured with Silica's own runtime (per
// node, median of several runs), and other CPUs (a Raspberry Pi 4), estimated from their
// profile. Everything runs on a CPU: no partitioning, no transfers.

#include "core/device/backend.h"

#include <QObject>

#include <unordered_map>

namespace silica::device {
namespace {

class CpuBackend : public DeviceBackend
{
public:
    static constexpr const char *kFamily = "cpu";
    std::string family() const override { return kFamily; }
    std::string description() const override
    {
        return "CPU: every op runs; the host is measured with Silica's runtime, other CPUs estimated";
    }

    Expected<Estimate> estimate(const Model &model, const Partition &partition, const DeviceProfile &profile,
                                const EstimateOptions &options) const override
    {
        Estimate e = rooflineEstimate(model, partition, profile);
        if (!profile.measuredOnHost || !options.measure)
            return e;
        if (!options.hostTimer) {
            e.notes.push_back("Not measured: this program has no runtime to time the model with.");
            return e;
        }
        // Not ProgressSink::none(): it lives in silica_common, which the executables loading
        // this plugin need not carry (silica_enable_device_plugins exports silica_device only).
        struct NoProgress : ProgressSink
        {
            void report(double, const std::string &) override {}
        } noProgress;
        Expected<HostTiming> timing =
            options.hostTimer(model, options.cancel, options.progress ? *options.progress : noProgress);
        if (!timing) {
            if (timing.error().code() == ErrorCode::Cancelled)
                return timing.error();
            e.notes.push_back("Not measured (" + timing.error().message() + "); the figures are estimates.");
            return e;
        }
        std::unordered_map<NodeId, double> ms(timing->nodeMs.begin(), timing->nodeMs.end());
        e.measured = true;
        e.acceleratorMs = 0;
        e.energyMj = 0;
        for (NodeCost &c : e.nodes) {
            auto it = ms.find(c.id);
            if (c.placement == Placement::Folded || it == ms.end()) {
                c.ms = 0;
                continue;
            }
            c.ms = it->second;
            c.energyMj = c.ms * profile.activePower.value;
            e.acceleratorMs += c.ms;
            e.energyMj += c.energyMj;
        }
        for (SegmentCost &s : e.segments) {
            s.computeMs = 0;
            for (NodeId id : partition.segments[size_t(s.segment)].nodes)
                if (const NodeCost *c = e.forNode(id))
                    s.computeMs += c->ms;
        }
        e.totalMs = timing->totalMs;
        e.notes.clear();
        e.notes.push_back("Measured on this machine with Silica's runtime: median of " + std::to_string(timing->runs) +
                          " runs on " + std::to_string(timing->threads) + " thread(s), random inputs.");
        return e;
    }
};

} // namespace
} // namespace silica::device

class CpuPlugin : public QObject, public SilicaDevicePluginFor<silica::device::CpuBackend>
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID SilicaDevicePlugin_iid)
    Q_INTERFACES(SilicaDevicePlugin)
};

#include "cpu_plugin.moc"
