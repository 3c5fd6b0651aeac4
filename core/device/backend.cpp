#include "core/device/backend.h"

namespace silica::device {

SupportAnalysis DeviceBackend::analyzeSupport(const Model &model, const DeviceProfile &profile,
                                              const AnalysisOptions &options) const
{
    return analyzeSupportFromProfile(model, profile, options);
}

Partition DeviceBackend::compile(const Model &model, const SupportAnalysis &support,
                                 const DeviceProfile &profile) const
{
    return partitionFromSupport(model, support, profile, profile.multipleSegments);
}

Expected<Estimate> DeviceBackend::estimate(const Model &model, const Partition &partition,
                                           const DeviceProfile &profile, const EstimateOptions &) const
{
    return rooflineEstimate(model, partition, profile);
}

Expected<DeviceReport> analyzeOnDevice(const Model &model, const DevicePtr &device,
                                       const AnalysisOptions &analysis, const EstimateOptions &estimate)
{
    DeviceReport r;
    r.device = device;
    r.support = device->analyzeSupport(model, analysis);
    r.partition = device->compile(model, r.support);
    Expected<Estimate> e = device->estimate(model, r.partition, estimate);
    if (!e)
        return e.error();
    r.estimate = std::move(*e);
    return r;
}

} // namespace silica::device
