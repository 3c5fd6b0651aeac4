#pragma once
// What a device does with a model, in three steps a backend can each refine:
//   analyzeSupport  which nodes the device can run, at which precision, and why not;
//   compile         where each node runs: the segments, and the tensors that cross between
//                   the device and the host;
//   estimate        the time (roofline: compute at the precision's peak × efficiency against
//                   bytes moved / bandwidth, plus overheads and transfers) and energy. Bytes
//                   moved are the weights (none when cached on chip, at the streaming rate when
//                   streamed from the host) and the activations that do not fit on chip.
// Plain functions of (model, profile, options); the GUI runs them in the background.

#include "core/device/device_profile.h"
#include "core/graph/model.h"

#include "core/common/progress.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <unordered_map>
#include <string>
#include <vector>

namespace silica::device {

class TensorFacts;

// Value shapes seen in one run of the model (main graph), for values static shape inference
// leaves unknown; core/device/host_timer.h provides one on Silica's runtime.
using ShapeMap = std::unordered_map<std::string, std::vector<int64_t>>;
using ShapeProbe = std::function<Expected<ShapeMap>(const Model &, const CancelToken &)>;

struct AnalysisOptions
{
    // The precision to analyse a float model at; the profile's default when unset or when
    // the device does not run it.
    std::optional<Precision> precision;
    // Sizes for the model's symbolic dimensions ("batch" → 1, "width" → 320); unnamed ones
    // are taken as 1. A compiler for a static-shape device needs them fixed.
    std::map<std::string, int64_t> dims;
    // Asked when some value's shape is not known statically or depends on a symbolic
    // dimension (its runner must use the same `dims`).
    ShapeProbe shapeProbe;
    CancelToken cancel;
};

struct NodeSupport
{
    NodeId id = kInvalidNodeId;
    bool supported = false;
    // Needs no work at run time: constants, shape arithmetic on static shapes, Identity,
    // Quantize/Dequantize pairs absorbed into the quantized ops around them.
    bool folded = false;
    std::string reason; // why not supported, or why folded
    Precision precision = Precision::Fp32;
    OpClass opClass = OpClass::Other;
};

struct SupportAnalysis
{
    std::string deviceId;
    Precision precision = Precision::Fp32; // what float ops are analysed as
    bool quantizedGraph = false;           // the model has QDQ or QLinear ops
    std::vector<std::string> banners;      // what the user must know about this analysis
    std::vector<NodeSupport> nodes;        // main graph, in execution order
    std::shared_ptr<const ShapeMap> observedShapes; // from the shape probe, when it ran
    std::map<std::string, int64_t> dims;             // the symbolic dimension sizes used
    // The value facts (types, shapes, constants) the analysis used; the next steps read them
    // instead of working them out again.
    std::shared_ptr<const TensorFacts> facts;

    const NodeSupport *forNode(NodeId id) const;
};

enum class Placement
{
    Accelerator, // runs on the device
    Cpu,         // falls back to the host CPU: not supported
    Stranded,    // supported, but on the CPU because of the partitioning rule
    Folded,      // no run-time work
};
const char *placementName(Placement p); // "accelerator", "cpu", "stranded", "folded"

struct NodePlacement
{
    NodeId id = kInvalidNodeId;
    Placement placement = Placement::Cpu;
    std::string reason;
    bool rootCause = false; // the unsupported node that strands the ones after it
    int segment = -1;       // index into Partition::segments; -1 when folded
    Precision precision = Precision::Fp32;
    OpClass opClass = OpClass::Other;
};

// A tensor that moves between the host and the device.
struct Crossing
{
    std::string value;
    int fromSegment = -1; // -1: the host side (graph inputs)
    int toSegment = -1;   // -1: the host side (graph outputs)
    uint64_t bytes = 0;
};

struct Segment
{
    int index = 0;
    bool accelerator = false;
    std::vector<NodeId> nodes; // execution order
};

struct Partition
{
    std::string deviceId;
    Precision precision = Precision::Fp32;
    std::vector<NodePlacement> nodes; // execution order
    std::vector<Segment> segments;    // execution order
    std::vector<Crossing> crossings;
    std::vector<std::string> banners;
    std::vector<std::string> log; // what the vendor's compiler would print, where known
    std::shared_ptr<const ShapeMap> observedShapes;
    std::map<std::string, int64_t> dims;
    std::shared_ptr<const TensorFacts> facts; // from the support analysis

    const NodePlacement *forNode(NodeId id) const;
    int acceleratorSegments() const;
    size_t count(Placement p) const;
};

enum class Bound
{
    Compute,
    Memory,
    Overhead, // fixed per-node costs dominate (tiny ops)
    None,     // folded
};
const char *boundName(Bound b);

struct NodeCost
{
    NodeId id = kInvalidNodeId;
    Placement placement = Placement::Folded;
    double ms = 0;
    double computeMs = 0;
    double memoryMs = 0;
    double overheadMs = 0;
    Bound bound = Bound::None;
    double ops = 0;
    uint64_t weightBytes = 0;         // at the node's precision
    uint64_t streamedWeightBytes = 0; // weights not cached on chip, streamed every inference
    uint64_t activationBytes = 0;     // read and written
    double memoryFit = 0;             // (weights + activations) / on-chip bytes; > 1 does not fit
    double energyMj = 0;
};

struct SegmentCost
{
    int segment = 0;
    bool accelerator = false;
    double startMs = 0;
    double computeMs = 0;  // its nodes
    double transferMs = 0; // tensors coming in
    double overheadMs = 0;
    uint64_t transferBytes = 0;

    double endMs() const { return startMs + transferMs + overheadMs + computeMs; }
};

struct Estimate
{
    std::string deviceId;
    bool measured = false; // timed by running the model (host CPU), not estimated
    std::vector<NodeCost> nodes; // execution order
    std::vector<SegmentCost> segments;
    double totalMs = 0;
    double acceleratorMs = 0;
    double cpuMs = 0;
    double transferMs = 0;
    double overheadMs = 0;
    double energyMj = 0;
    uint64_t onChipWeightBytes = 0;
    uint64_t streamedWeightBytes = 0;
    double acceleratorOpShare = 0; // of the nodes that do work, the fraction on the device
    std::vector<std::string> notes;

    const NodeCost *forNode(NodeId id) const;
};

// Support from the profile's data: op list, rules, precisions, ranks and static shapes.
SupportAnalysis analyzeSupportFromProfile(const Model &model, const DeviceProfile &profile,
                                          const AnalysisOptions &options);

// Places supported nodes on the device and the rest on the CPU. With `multipleSegments`
// mapping resumes after every CPU node; without, everything after the first unsupported node
// (in execution order) runs on the CPU, that node marked as the root cause.
Partition partitionFromSupport(const Model &model, const SupportAnalysis &support,
                               const DeviceProfile &profile, bool multipleSegments);

// The roofline estimate of a partition.
Estimate rooflineEstimate(const Model &model, const Partition &partition, const DeviceProfile &profile);

// Average power when inferring at `rateHz`: energy per inference × rate, plus idle power for
// the rest of the time.
struct PowerAtRate
{
    double rateHz = 0;
    double averageW = 0;
    double dutyCycle = 0; // busy fraction
    bool saturated = false; // the rate is higher than one inference at a time allows
};
PowerAtRate powerAtRate(const Estimate &estimate, const DeviceProfile &profile, double rateHz);

// The time one crossing tensor takes over the host link (bytes / bandwidth + latency).
double transferMs(const Crossing &crossing, const DeviceProfile &profile);

} // namespace silica::device
