#pragma once
// CPUs: the machine Silica runs on, where latency is measured with Silica's own runtime (per
// node, median of several runs), and other CPUs (a Raspberry Pi 4), estimated from their
// profile. Everything runs on a CPU: no partitioning, no transfers. The cpu plugin exports this
// backend with its profiles; the registry also uses it directly when no cpu plugin is found, so
// one backend always exists.

#include "core/device/backend.h"

namespace silica::device {

class CpuBackend : public DeviceBackend
{
public:
    static constexpr const char *kFamily = "cpu";
    std::string family() const override { return kFamily; }
    std::string description() const override;
    Partition compile(const Model &model, const SupportAnalysis &support, const DeviceProfile &profile) const override;
    Expected<Estimate> estimate(const Model &model, const Partition &partition,
                                const DeviceProfile &profile,
                                const EstimateOptions &options) const override;
};

// "This computer", measured, with placeholder figures: the profile used when the cpu plugin
// and its profiles are missing.
DeviceProfile fallbackHostProfile();

} // namespace silica::device
