#pragma once
// Calibration data: the samples a model is run on to see its value ranges. A source is read
// one sample at a time, so memory stays flat however large the dataset is.
//
//   a folder (or list) of images  PNG / JPEG / BMP, resized (shorter side, then a centre crop,
//                                 or stretched), in NCHW or NHWC, RGB or BGR, scaled and
//                                 normalised by mean / std per channel;
//   .npy / .pb tensors            one file per sample for a single-input model, or one
//                                 sub-folder per sample holding <input name>.npy|.pb;
//   WAV audio                     16-bit PCM or float, mono (channels are averaged), cut into
//                                 windows of the input's length (no resampling: the file's
//                                 rate must be the model's);
//   random                        seeded uniform data, the last resort: error figures from it
//                                 mean little, and the source says so.
// Every problem names the file and what is wrong (unreadable, wrong shape, empty folder).

#include "core/common/status.h"
#include "core/runtime/tensor.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace silica::quant {

using Sample = std::vector<std::pair<std::string, runtime::Tensor>>; // by input name

struct ImageOptions
{
    enum class Resize
    {
        ShorterSideThenCrop, // keep the aspect ratio, crop the centre
        Stretch,
    };
    Resize resize = Resize::ShorterSideThenCrop;
    bool channelsLast = false; // NHWC instead of NCHW (from the input's shape when it says)
    bool bgr = false;
    double scale = 1.0 / 255; // applied first: 8-bit values to [0, 1]
    double mean[3] = {0.485, 0.456, 0.406};
    double std[3] = {0.229, 0.224, 0.225};
};

struct CalibrationDataOptions
{
    ImageOptions image;
    std::map<std::string, int64_t> dims; // sizes of symbolic input dimensions (others 1)
    size_t randomSamples = 16;           // for the random source
    uint64_t seed = 1;
    size_t maxSamples = 0; // 0: all
};

class CalibrationSource
{
public:
    virtual ~CalibrationSource() = default;
    virtual size_t count() const = 0;
    virtual Expected<Sample> sample(size_t index) const = 0;
    // "64 images from calib/ (224×224, NCHW, RGB, ImageNet mean/std)"
    virtual std::string description() const = 0;
    // What the user should know (random data, skipped files).
    const std::vector<std::string> &warnings() const { return m_warnings; }

protected:
    std::vector<std::string> m_warnings;
};

// From files or folders (`paths`), for a model with these `inputs` (initializer-backed inputs
// excluded). An empty list, or the single word "random", gives random data.
Expected<std::unique_ptr<CalibrationSource>> openCalibrationSource(const std::vector<std::string> &paths,
                                                                   const std::vector<ValueInfo> &inputs,
                                                                   const CalibrationDataOptions &options);

// A 16-bit PCM or 32-bit float WAV file as mono samples in [-1, 1], with its rate.
struct Audio
{
    int rate = 0;
    std::vector<float> samples;
};
Expected<Audio> readWav(const std::string &path);

} // namespace silica::quant
