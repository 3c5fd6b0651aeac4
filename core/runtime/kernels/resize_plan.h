#pragma once
// Resize's per-axis sampling plan: for every output index of an axis, the input indices it
// reads and their weights, from the op's mode, coordinate transformation, rounding and
// antialias attributes (resize_kernels.cpp applies it).

#include <cstdint>
#include <vector>

namespace silica::runtime::resize {

enum class Interp
{
    Nearest,
    Linear,
    Cubic
};
enum class Coord
{
    HalfPixel,
    HalfPixelSymmetric,
    PytorchHalfPixel,
    AlignCorners,
    Asymmetric,
    TfHalfPixelForNN,
    TfCropAndResize
};
enum class Rounding
{
    RoundPreferFloor,
    RoundPreferCeil,
    Floor,
    Ceil,
    Legacy // Upsample and Resize-10: floor when enlarging, ceil when shrinking (as ORT)
};
enum class AspectPolicy
{
    Stretch,
    NotLarger,
    NotSmaller
};

struct ResizeConfig
{
    bool upsampleOp = false;           // Upsample, or Resize-10: X and scales only
    std::vector<float> scaleAttribute; // Upsample-7
    Interp interp = Interp::Nearest;
    Coord coord = Coord::HalfPixel;
    Rounding rounding = Rounding::RoundPreferFloor;
    double cubicA = -0.75;
    bool excludeOutside = false;
    float extrapolation = 0.0f;
    bool antialias = false;
    std::vector<int64_t> axes; // empty: all
    AspectPolicy aspect = AspectPolicy::Stretch;
};

// One axis: for each output index, `taps` input indices (already clamped) and weights.
struct AxisTaps
{
    int64_t inLen = 0, outLen = 0;
    int taps = 1;
    std::vector<int64_t> index;   // outLen × taps
    std::vector<double> weight;   // outLen × taps
    std::vector<uint8_t> outside; // tf_crop_and_resize: sample falls outside the input
    bool identity = false;
};

// The taps of one axis resized from `inLen` to `outLen` with `scale`; roiStart / roiEnd are
// used by tf_crop_and_resize only.
AxisTaps planAxis(const ResizeConfig &cfg, int64_t inLen, int64_t outLen, double scale,
                  double roiStart, double roiEnd);

} // namespace silica::runtime::resize
