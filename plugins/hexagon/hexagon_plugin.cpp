// Qualcomm Hexagon HTP through QNN: ops from the profile's QNN op list at int8 (A8W8), int16
// (A16W8) or, from v69 on, fp16; mapping resumes after a CPU op, so a model can split into
// several HTP segments, each switch paying the FastRPC round trip (DEVICES.md §3, §5).

#include "core/device/backend.h"

#include <QObject>

namespace silica::device {
namespace {

class HexagonBackend : public DeviceBackend
{
public:
    static constexpr const char *kFamily = "hexagon";
    std::string family() const override { return kFamily; }
    std::string description() const override
    {
        return "QNN HTP rules: quantized (A8W8, A16W8) or fp16 ops from the QNN op list, static "
               "shapes, several HTP segments with CPU ops between them";
    }

    Partition compile(const Model &model, const SupportAnalysis &support, const DeviceProfile &profile) const override
    {
        Partition p = partitionFromSupport(model, support, profile, profile.multipleSegments);
        const int htp = p.acceleratorSegments();
        p.log.push_back("QNN HTP partitioning (estimated by Silica from the published op list)");
        p.log.push_back("HTP segments: " + std::to_string(htp));
        p.log.push_back("Ops on the HTP: " + std::to_string(p.count(Placement::Accelerator)) +
                        ", on the CPU: " + std::to_string(p.count(Placement::Cpu)));
        if (htp > 1)
            p.banners.push_back("The model splits into " + std::to_string(htp) +
                                " HTP segments; every switch to the CPU and back costs a round trip. "
                                "AI Hub measured 58.7 ms instead of 0.82 ms for MobileNet-v2 with 105 of 420 "
                                "layers on the CPU (DEVICES.md §3.4).");
        return p;
    }
};

} // namespace
} // namespace silica::device

class HexagonPlugin : public QObject, public SilicaDevicePluginFor<silica::device::HexagonBackend>
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID SilicaDevicePlugin_iid FILE "hexagon.json")
    Q_INTERFACES(SilicaDevicePlugin)
};

#include "hexagon_plugin.moc"
