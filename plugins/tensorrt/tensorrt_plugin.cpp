// NVIDIA TensorRT on the Jetson Nano (JetPack 4.6, TensorRT 8.2): fp32 or fp16 (Maxwell has no
// fast int8), ops the TensorRT 8.2 ONNX parser reads, which stops at opset 13; unsupported
// ops fall back to the CPU between TensorRT engines (ONNX Runtime's TensorRT provider).

#include "core/device/backend.h"

#include <QObject>

namespace silica::device {
namespace {

constexpr int64_t kParserOpsetCeiling = 13;

class TensorRtBackend : public DeviceBackend
{
public:
    static constexpr const char *kFamily = "tensorrt";
    std::string family() const override { return kFamily; }
    std::string description() const override
    {
        return "TensorRT 8.2 rules: fp32 / fp16 ops the ONNX parser reads (opset ≤ 13), engines "
               "split around unsupported ops";
    }

    SupportAnalysis analyzeSupport(const Model &model, const DeviceProfile &profile,
                                   const AnalysisOptions &options) const override
    {
        SupportAnalysis s = analyzeSupportFromProfile(model, profile, options);
        const int64_t opset = model.opsetVersion("");
        if (opset > kParserOpsetCeiling)
            s.banners.push_back("The model uses opset " + std::to_string(opset) +
                                "; TensorRT 8.2's ONNX parser reads opsets up to " +
                                std::to_string(kParserOpsetCeiling) +
                                ". Export at opset 13 for the Jetson Nano (JetPack 4.6).");
        return s;
    }

    Partition compile(const Model &model, const SupportAnalysis &support, const DeviceProfile &profile) const override
    {
        Partition p = partitionFromSupport(model, support, profile, profile.multipleSegments);
        p.log.push_back("TensorRT engines (estimated by Silica): " + std::to_string(p.acceleratorSegments()));
        p.log.push_back("Layers in engines: " + std::to_string(p.count(Placement::Accelerator)) +
                        ", on the CPU: " + std::to_string(p.count(Placement::Cpu)));
        return p;
    }
};

} // namespace
} // namespace silica::device

class TensorRtPlugin : public QObject, public SilicaDevicePluginFor<silica::device::TensorRtBackend>
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID SilicaDevicePlugin_iid FILE "tensorrt.json")
    Q_INTERFACES(SilicaDevicePlugin)
};

#include "tensorrt_plugin.moc"
