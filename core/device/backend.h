#pragma once
// A device backend: one per vendor family (edgetpu, hexagon, tensorrt, cpu), shipped as a Qt
// plugin (plugins/). It adapts the generic engine (analysis.h) to what its compiler does that
// profile data cannot say. A Device is a profile bound to its family's backend.

#include "core/common/progress.h"
#include "core/device/analysis.h"

#include <QDir>
#include <QtPlugin>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace silica::device {

// Per-node wall times of a model run on this machine (core/device/host_timer.h provides one
// on Silica's runtime; the executables pass it in, so plugins need no runtime of their own).
struct HostTiming
{
    std::vector<std::pair<NodeId, double>> nodeMs; // median per node
    double totalMs = 0;                            // median whole run
    int threads = 1;
    int runs = 0;
};
using HostTimer = std::function<Expected<HostTiming>(const Model &, const CancelToken &, ProgressSink &)>;

struct EstimateOptions
{
    // Backends that can measure (the host CPU) do so; false asks for the roofline estimate.
    bool measure = true;
    int repeat = 5;
    CancelToken cancel;
    ProgressSink *progress = nullptr;
    HostTimer hostTimer;
};

class DeviceBackend
{
public:
    virtual ~DeviceBackend() = default;
    virtual std::string family() const = 0;
    // "Edge TPU compiler rules", for the profile panel.
    virtual std::string description() const = 0;

    virtual SupportAnalysis analyzeSupport(const Model &model, const DeviceProfile &profile,
                                           const AnalysisOptions &options) const;
    virtual Partition compile(const Model &model, const SupportAnalysis &support,
                              const DeviceProfile &profile) const;
    virtual Expected<Estimate> estimate(const Model &model, const Partition &partition,
                                        const DeviceProfile &profile, const EstimateOptions &options) const;
};

// A profile with the backend that compiles for it.
class Device
{
public:
    Device(DeviceProfile profile, std::shared_ptr<const DeviceBackend> backend)
        : m_profile(std::move(profile)), m_backend(std::move(backend))
    {
    }
    const DeviceProfile &profile() const { return m_profile; }
    const DeviceBackend &backend() const { return *m_backend; }
    const std::string &id() const { return m_profile.id; }

    SupportAnalysis analyzeSupport(const Model &model, const AnalysisOptions &options = {}) const
    {
        return m_backend->analyzeSupport(model, m_profile, options);
    }
    Partition compile(const Model &model, const SupportAnalysis &support) const
    {
        return m_backend->compile(model, support, m_profile);
    }
    Expected<Estimate> estimate(const Model &model, const Partition &partition,
                                const EstimateOptions &options = {}) const
    {
        return m_backend->estimate(model, partition, m_profile, options);
    }

private:
    DeviceProfile m_profile;
    std::shared_ptr<const DeviceBackend> m_backend;
};
using DevicePtr = std::shared_ptr<const Device>;

// All three steps at once.
struct DeviceReport
{
    DevicePtr device;
    SupportAnalysis support;
    Partition partition;
    Estimate estimate;
};
Expected<DeviceReport> analyzeOnDevice(const Model &model, const DevicePtr &device,
                                       const AnalysisOptions &analysis = {},
                                       const EstimateOptions &estimate = {});

} // namespace silica::device

// What a backend plugin exports: its backend and the profiles it ships (Qt resource paths).
class SilicaDevicePlugin
{
public:
    virtual ~SilicaDevicePlugin() = default;
    virtual std::shared_ptr<const silica::device::DeviceBackend> backend() const = 0;
    virtual std::vector<std::string> profileResources() const = 0;
};

// The profiles a plugin compiles in under :/silica/devices/<family>/.
inline std::vector<std::string> builtInProfiles(const char *family)
{
    std::vector<std::string> files;
    const QDir dir(QStringLiteral(":/silica/devices/") + QLatin1String(family));
    for (const QString &name : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
        files.push_back(dir.filePath(name).toStdString());
    return files;
}

// The plugin side for a backend class with a static `kFamily`: its backend and the profiles
// compiled in under its family. A plugin is then
//   class P : public QObject, public SilicaDevicePluginFor<B>
//   { Q_OBJECT Q_PLUGIN_METADATA(IID SilicaDevicePlugin_iid) Q_INTERFACES(SilicaDevicePlugin) };
template <typename Backend> class SilicaDevicePluginFor : public SilicaDevicePlugin
{
public:
    std::shared_ptr<const silica::device::DeviceBackend> backend() const override
    {
        return std::make_shared<Backend>();
    }
    std::vector<std::string> profileResources() const override { return builtInProfiles(Backend::kFamily); }
};

// The interface id carries its version: a plugin built for another version is refused.
#define SilicaDevicePlugin_iid "org.silica.DeviceBackend/1"
Q_DECLARE_INTERFACE(SilicaDevicePlugin, SilicaDevicePlugin_iid)
