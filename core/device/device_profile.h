#pragma once
// A device profile: what a target chip runs and how fast, as data (resources/devices/README.md
// documents the JSON). Every number carries its source, so the app can say where an estimate
// comes from and mark the values nobody has confirmed.

#include "core/common/status.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace silica::device {

// 8-bit activations and weights; 16-bit activations with 8-bit weights; half; single.
enum class Precision
{
    Int8,
    Int16,
    Fp16,
    Fp32,
};

const char *precisionName(Precision p); // "int8", …
std::optional<Precision> precisionFromName(std::string_view name);
// Bytes per activation element and per weight element at this precision.
int activationBytes(Precision p);
int weightBytes(Precision p);

// A number and where it comes from.
struct Figure
{
    enum class Tag
    {
        Source,      // stated by the source
        Derived,     // arithmetic from sourced figures
        Calibrated,  // fitted to published measurements
        Unconfirmed, // a placeholder
    };
    double value = 0;
    std::string source;
    Tag tag = Tag::Source;

    bool unconfirmed() const { return tag == Tag::Unconfirmed; }
};
const char *tagName(Figure::Tag tag);

// The classes of work a node falls in, each with its own efficiency.
enum class OpClass
{
    Conv,        // regular and grouped convolutions
    Depthwise,   // one filter per channel
    Dense,       // MatMul, Gemm
    Elementwise, // activations, arithmetic, normalization
    Pool,        // pooling and reductions
    Other,       // data movement and everything else
};
inline constexpr int kOpClassCount = 6;
const char *opClassName(OpClass c);

// One check an op must pass on a device (see the README's table of checks).
struct OpRule
{
    enum class Check
    {
        AttrMax,
        AttrEqual,
        AttrUniform,
        AttrString,
        KernelMax,
        KernelEqual,
        ConstantInput,
        AxisNotBatch,
        NonUnitDimsMax,
        ElementsMax,
        OutputSpatialMax,
        InputCountMax,
    };
    enum class When
    {
        Always,
        Depthwise,
        Grouped,
        Regular,
    };
    Check check = Check::AttrMax;
    std::string attr;
    double value = 0;
    std::vector<std::string> values;
    int input = 0;
    When when = When::Always;
    std::string reason;
};

struct OpSupport
{
    std::vector<Precision> precisions; // empty: every precision of the device
    std::vector<OpRule> rules;
    std::string source;
};

struct HostSpec
{
    std::string name;
    Figure peakOps;    // fp32 ops/s
    Figure efficiency; // fraction of peak
    Figure bandwidth;  // B/s
    Figure perNode;    // s
    Figure power;      // W while running fallback ops
};

struct DeviceProfile
{
    std::string id;
    std::string name;
    std::string vendor;
    std::string description;
    std::string backend; // plugin family: edgetpu, hexagon, tensorrt, cpu
    std::string file;    // where it was loaded from ("" when built in code)
    // The device is the machine Silica runs on: latency is measured with Silica's runtime.
    bool measuredOnHost = false;

    std::map<Precision, Figure> peakOps; // ops/s per precision the device runs
    Precision defaultPrecision = Precision::Fp32;

    Figure memoryBandwidth;
    Figure onChipBytes;
    bool weightsStreamFromHost = false;
    Figure streamBandwidth;

    Figure linkBandwidth;
    Figure linkLatency;
    Figure perInference;
    Figure perSegment;
    Figure perNode;
    Figure activePower;
    Figure idlePower;
    Figure efficiency[kOpClassCount];

    HostSpec host;

    std::string opList; // "the Edge TPU op list"
    std::optional<Figure> maxRank;
    std::optional<Figure> innermostDims;
    bool staticShapes = false;
    std::string supportSource;
    std::map<std::string, OpSupport> ops; // by ONNX op type (default domain)
    // Ops whose entry (listed or not) rests on a source that could not be confirmed: reasons
    // about them say so.
    std::vector<std::string> unconfirmedOps;

    bool multipleSegments = true;
    std::string partitioningSource;

    bool supportsPrecision(Precision p) const { return peakOps.count(p) > 0; }
    std::vector<Precision> precisions() const;
    const Figure &efficiencyOf(OpClass c) const { return efficiency[static_cast<int>(c)]; }
    // Every figure with its field name ("memory.bandwidth"), for the profile panel.
    std::vector<std::pair<std::string, const Figure *>> figures() const;
};

// Reads a profile from JSON text. Errors name the file, the field ("precisions.int8.peak_ops")
// and what was expected there.
Expected<DeviceProfile> parseDeviceProfile(std::string_view json, const std::string &fileName);
Expected<DeviceProfile> loadDeviceProfile(const std::string &path);

} // namespace silica::device
