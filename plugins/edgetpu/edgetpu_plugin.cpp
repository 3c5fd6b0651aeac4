// Coral Edge TPU: the Edge TPU compiler's behaviour on top of the profile's op list. By
// default it maps ops into one Edge TPU subgraph only up to the first op it cannot map; that op
// and every op after it run on the CPU ("More than one subgraph is not supported"). Its log
// counts ops per type and status and the parameter bytes cached on chip or streamed.
// Sources: google-coral/edgetpu#461 (one subgraph), #211 (the log's memory lines), Axis
// ARTPEC-7 optimization tips; see DEVICES.md §1.5.

#include "core/device/backend.h"
#include "core/device/tensor_facts.h"
#include "core/graph/graph_index.h"

#include <QObject>

#include <map>

namespace silica::device {
namespace {

// The TFLite names the compiler's log uses for the ONNX ops it maps.
std::string tfliteName(const Node &node, OpClass opClass)
{
    static const std::map<std::string, std::string> names = {
        {"Conv", "CONV_2D"},         {"QLinearConv", "CONV_2D"},      {"QLinearMatMul", "FULLY_CONNECTED"},
        {"Gemm", "FULLY_CONNECTED"},     {"MatMul", "FULLY_CONNECTED"},
        {"Add", "ADD"},              {"Sub", "SUB"},                  {"Mul", "MUL"},
        {"Max", "MAXIMUM"},          {"Min", "MINIMUM"},              {"Sigmoid", "LOGISTIC"},
        {"Tanh", "TANH"},            {"Relu", "RELU"},                {"Clip", "RELU6"},
        {"AveragePool", "AVERAGE_POOL_2D"}, {"MaxPool", "MAX_POOL_2D"}, {"GlobalAveragePool", "MEAN"},
        {"ReduceMean", "MEAN"},      {"Concat", "CONCATENATION"},     {"Reshape", "RESHAPE"},
        {"Flatten", "RESHAPE"},      {"Softmax", "SOFTMAX"},          {"Pad", "PAD"},
        {"Resize", "RESIZE_BILINEAR"}, {"Slice", "STRIDED_SLICE"},    {"Split", "SPLIT"},
        {"Squeeze", "SQUEEZE"},      {"Unsqueeze", "EXPAND_DIMS"},    {"QuantizeLinear", "QUANTIZE"},
        {"DequantizeLinear", "DEQUANTIZE"}, {"PRelu", "PRELU"},       {"LSTM", "LSTM"},
        {"SpaceToDepth", "SPACE_TO_DEPTH"}, {"ReduceMax", "REDUCE_MAX"}, {"ReduceMin", "REDUCE_MIN"},
        {"LpNormalization", "L2_NORMALIZATION"}, {"Transpose", "TRANSPOSE"}, {"HardSwish", "HARD_SWISH"},
    };
    if (opClass == OpClass::Depthwise)
        return "DEPTHWISE_CONV_2D";
    auto it = names.find(node.opType);
    if (it != names.end() && isDefaultDomain(node.domain))
        return it->second;
    return node.opType; // custom ops keep their name, as the compiler prints custom op codes
}

class EdgeTpuBackend : public DeviceBackend
{
public:
    static constexpr const char *kFamily = "edgetpu";
    std::string family() const override { return kFamily; }
    std::string description() const override
    {
        return "Edge TPU compiler rules: full-integer ops from its op list, static shapes, one Edge "
               "TPU subgraph up to the first unsupported op";
    }

    Partition compile(const Model &model, const SupportAnalysis &support, const DeviceProfile &profile) const override
    {
        Partition p = partitionFromSupport(model, support, profile, profile.multipleSegments);
        const GraphIndex &index = model.graph->index();
        const TensorFacts &facts = *p.facts;
        std::map<std::pair<std::string, std::string>, int> table; // (op, status) → count
        size_t mapped = 0, cpu = 0;
        double cached = 0, streamed = 0;
        for (NodePlacement &n : p.nodes) {
            if (n.placement == Placement::Folded)
                continue;
            const Node *node = index.node(n.id);
            std::string status;
            switch (n.placement) {
            case Placement::Accelerator: {
                status = "Mapped to Edge TPU";
                ++mapped;
                const double bytes = double(facts.weightElements(*node)) * weightBytes(n.precision);
                (cached + bytes <= profile.onChipBytes.value ? cached : streamed) += bytes;
                break;
            }
            case Placement::Stranded:
                status = "More than one subgraph is not supported";
                n.reason = status + " (" + n.reason + ")";
                ++cpu;
                break;
            default:
                status = n.reason.find("works on") != std::string::npos ||
                                 n.reason.find("op on a device that runs only") != std::string::npos
                             ? "Operation is working on an unsupported data type"
                         : n.reason.find("rank") != std::string::npos
                             ? "Tensor has unsupported rank (up to 3 innermost dimensions mapped)"
                             : "Operation not supported";
                ++cpu;
                break;
            }
            ++table[{tfliteName(*node, n.opClass), status}];
        }
        auto mib = [](double b) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%.2fMiB", b / 1048576.0);
            return std::string(buf);
        };
        p.log.push_back("Edge TPU Compiler rules (estimated by Silica from the published behaviour)");
        p.log.push_back("Number of Edge TPU subgraphs: " + std::to_string(p.acceleratorSegments()));
        p.log.push_back("Total number of operations: " + std::to_string(mapped + cpu));
        p.log.push_back("Number of operations that will run on Edge TPU: " + std::to_string(mapped));
        p.log.push_back("Number of operations that will run on CPU: " + std::to_string(cpu));
        p.log.push_back("On-chip memory used for caching model parameters: " + mib(cached));
        p.log.push_back("Off-chip memory used for streaming uncached model parameters: " + mib(streamed));
        p.log.push_back("Operator                       Count      Status");
        for (const auto &[key, count] : table) {
            char line[256];
            std::snprintf(line, sizeof line, "%-30s %-10d %s", key.first.c_str(), count, key.second.c_str());
            p.log.push_back(line);
        }
        return p;
    }
};

} // namespace
} // namespace silica::device

class EdgeTpuPlugin : public QObject, public SilicaDevicePluginFor<silica::device::EdgeTpuBackend>
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID SilicaDevicePlugin_iid FILE "edgetpu.json")
    Q_INTERFACES(SilicaDevicePlugin)
};

#include "edgetpu_plugin.moc"
