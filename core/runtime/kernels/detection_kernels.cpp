// RoiAlign (opsets 10, 16) and NonMaxSuppression (opsets 10, 11): the detection-head ops.

#include "core/runtime/kernels/image_kernels.h"
#include "core/runtime/kernels/kernel_util.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <queue>

namespace silica::runtime {

namespace {

// ---- RoiAlign --------------------------------------------------------------------------

struct RoiAlignConfig
{
    bool maxMode = false;
    int64_t outH = 1, outW = 1;
    int64_t samplingRatio = 0;
    float spatialScale = 1.0f;
    bool halfPixel = true; // opset 16 default; opset 10 behaves as "output_half_pixel"
};

// One bilinear sample: four pixel offsets in the plane and their weights.
struct Sample
{
    int64_t pos[4] = {0, 0, 0, 0};
    double w[4] = {0, 0, 0, 0};
};

// Follows the ONNX reference (onnx/reference/ops/op_roi_align.py, itself a port of the
// Caffe2 / ORT kernel): samples beyond one pixel outside the map count as zero, and max mode
// takes the largest weighted corner, not the largest interpolated value.
Sample bilinearSample(double y, double x, int64_t height, int64_t width)
{
    Sample s;
    if (y < -1.0 || y > double(height) || x < -1.0 || x > double(width))
        return s;
    y = std::max(y, 0.0);
    x = std::max(x, 0.0);
    int64_t yLow = int64_t(y), xLow = int64_t(x), yHigh, xHigh;
    if (yLow >= height - 1) {
        yHigh = yLow = height - 1;
        y = double(yLow);
    } else {
        yHigh = yLow + 1;
    }
    if (xLow >= width - 1) {
        xHigh = xLow = width - 1;
        x = double(xLow);
    } else {
        xHigh = xLow + 1;
    }
    const double ly = y - double(yLow), lx = x - double(xLow);
    const double hy = 1.0 - ly, hx = 1.0 - lx;
    s.pos[0] = yLow * width + xLow;
    s.pos[1] = yLow * width + xHigh;
    s.pos[2] = yHigh * width + xLow;
    s.pos[3] = yHigh * width + xHigh;
    s.w[0] = hy * hx;
    s.w[1] = hy * lx;
    s.w[2] = ly * hx;
    s.w[3] = ly * lx;
    return s;
}

template <typename T> double asDouble(T v)
{
    if constexpr (std::is_same_v<T, double>)
        return v;
    else
        return double(static_cast<float>(v));
}

class RoiAlignKernel final : public Kernel
{
public:
    explicit RoiAlignKernel(RoiAlignConfig cfg) : m_cfg(cfg) {}

    Status compute(KernelContext &ctx) override
    {
        const Tensor *X = ctx.input(0), *rois = ctx.input(1), *batchIndices = ctx.input(2);
        if (!X || !rois || !batchIndices)
            return ctx.error("inputs X, rois and batch_indices are required");
        if (X->rank() != 4)
            return ctx.error("X must be [N,C,H,W], got " + X->describe());
        if (rois->rank() != 2 || rois->dim(1) != 4)
            return ctx.error("rois must be [num_rois,4], got " + rois->describe());
        if (batchIndices->rank() != 1 || batchIndices->dim(0) != rois->dim(0))
            return ctx.error("batch_indices must be [" + std::to_string(rois->dim(0)) + "], got " +
                             batchIndices->describe());
        if (rois->dataType() != X->dataType())
            return ctx.error("rois must have X's element type");
        if (rois->dim(0) > 0 && X->dim(1) > 0 && (X->dim(2) == 0 || X->dim(3) == 0))
            return ctx.error("X has an empty spatial dimension: " + X->describe());
        for (double v : rois->toDoubles())
            if (!std::isfinite(v))
                return ctx.error("rois must be finite");
        const std::vector<int64_t> batch = batchIndices->toInt64s();
        for (int64_t b : batch)
            if (b < 0 || b >= X->dim(0))
                return ctx.error("batch index " + std::to_string(b) + " is outside [0, " +
                                 std::to_string(X->dim(0)) + ")");
        Tensor &Y =
            ctx.allocateOutput(0, X->dataType(), {rois->dim(0), X->dim(1), m_cfg.outH, m_cfg.outW});
        return dispatchFloat(X->dataType(), ctx, [&](auto tag) -> Status {
            using T = decltype(tag);
            if (!run<T>(*X, *rois, batch, Y))
                return ctx.error("an ROI needs more than 2^22 samples; set sampling_ratio");
            return Status::ok();
        });
    }

private:
    // False when an ROI would need an unreasonable number of samples.
    template <typename T>
    bool run(const Tensor &X, const Tensor &rois, const std::vector<int64_t> &batch,
             Tensor &Y) const;

    RoiAlignConfig m_cfg;
};

template <typename T>
bool RoiAlignKernel::run(const Tensor &X, const Tensor &rois, const std::vector<int64_t> &batch,
                         Tensor &Y) const
{
    const int64_t C = X.dim(1), height = X.dim(2), width = X.dim(3);
    const int64_t PH = m_cfg.outH, PW = m_cfg.outW;
    const std::vector<double> box = rois.toDoubles();
    const T *xData = X.data<T>();
    T *yData = Y.mutableData<T>();
    const double scale = m_cfg.spatialScale;
    const double offset = m_cfg.halfPixel ? 0.5 : 0.0;
    std::atomic<bool> tooLarge{false};
    parallelFor(int64_t(batch.size()), 1, [&](int64_t begin, int64_t end) {
        std::vector<Sample> samples;
        for (int64_t r = begin; r < end; ++r) {
            const double x1 = box[size_t(r * 4)] * scale - offset;
            const double y1 = box[size_t(r * 4 + 1)] * scale - offset;
            const double x2 = box[size_t(r * 4 + 2)] * scale - offset;
            const double y2 = box[size_t(r * 4 + 3)] * scale - offset;
            double roiW = x2 - x1, roiH = y2 - y1;
            if (!m_cfg.halfPixel) { // legacy: force malformed ROIs to be 1×1
                roiW = std::max(roiW, 1.0);
                roiH = std::max(roiH, 1.0);
            }
            const double binH = roiH / double(PH), binW = roiW / double(PW);
            // Sample count per bin; capped so a huge ROI cannot explode the work.
            auto gridOf = [&](double extent, int64_t bins) {
                if (m_cfg.samplingRatio > 0)
                    return m_cfg.samplingRatio;
                return int64_t(std::clamp(std::ceil(extent / double(bins)), 0.0, 4096.0));
            };
            const int64_t gridH = gridOf(roiH, PH), gridW = gridOf(roiW, PW);
            if (double(PH) * double(PW) * double(gridH) * double(gridW) > double(1 << 22)) {
                tooLarge = true;
                continue;
            }
            const double count = double(std::max<int64_t>(gridH * gridW, 1));
            samples.clear();
            for (int64_t ph = 0; ph < PH; ++ph)
                for (int64_t pw = 0; pw < PW; ++pw)
                    for (int64_t iy = 0; iy < gridH; ++iy) {
                        const double y =
                            y1 + double(ph) * binH + (double(iy) + 0.5) * binH / double(gridH);
                        for (int64_t ix = 0; ix < gridW; ++ix) {
                            const double x =
                                x1 + double(pw) * binW + (double(ix) + 0.5) * binW / double(gridW);
                            samples.push_back(bilinearSample(y, x, height, width));
                        }
                    }
            const size_t perBin = size_t(gridH * gridW);
            for (int64_t c = 0; c < C; ++c) {
                const T *plane = xData + (batch[size_t(r)] * C + c) * height * width;
                T *out = yData + (r * C + c) * PH * PW;
                for (int64_t bin = 0; bin < PH * PW; ++bin) {
                    const Sample *s = samples.data() + size_t(bin) * perBin;
                    double value = 0.0;
                    for (size_t i = 0; i < perBin; ++i) {
                        double v[4];
                        for (int k = 0; k < 4; ++k)
                            v[k] = s[i].w[k] * asDouble(plane[s[i].pos[k]]);
                        if (!m_cfg.maxMode) {
                            value += v[0] + v[1] + v[2] + v[3];
                        } else {
                            const double m = std::max({v[0], v[1], v[2], v[3]});
                            value = i == 0 ? m : std::max(value, m);
                        }
                    }
                    out[bin] = T(m_cfg.maxMode ? value : value / count);
                }
            }
        }
    });
    return !tooLarge;
}

Expected<std::unique_ptr<Kernel>> makeRoiAlign(const KernelInfo &info)
{
    const Node &node = info.node;
    RoiAlignConfig cfg;
    const std::string mode = node.stringAttribute("mode", "avg");
    if (mode != "avg" && mode != "max")
        return info.error("mode '" + mode + "' is not one of avg, max");
    cfg.maxMode = mode == "max";
    cfg.outH = node.intAttribute("output_height", 1);
    cfg.outW = node.intAttribute("output_width", 1);
    cfg.samplingRatio = node.intAttribute("sampling_ratio", 0);
    cfg.spatialScale = node.floatAttribute("spatial_scale", 1.0f);
    if (cfg.outH <= 0 || cfg.outW <= 0 || cfg.samplingRatio < 0)
        return info.error("output_height, output_width must be positive and sampling_ratio "
                          "not negative");
    const std::string coord =
        node.stringAttribute("coordinate_transformation_mode",
                             info.opsetVersion >= 16 ? "half_pixel" : "output_half_pixel");
    if (coord != "half_pixel" && coord != "output_half_pixel")
        return info.error("coordinate_transformation_mode '" + coord + "' is not supported");
    cfg.halfPixel = coord == "half_pixel";
    return std::unique_ptr<Kernel>(std::make_unique<RoiAlignKernel>(cfg));
}

// ---- NonMaxSuppression ----------------------------------------------------------------

struct Box
{
    float y1, x1, y2, x2; // y1 <= y2, x1 <= x2
};

Box readBox(const float *b, bool centerPoint)
{
    if (centerPoint) { // [x_center, y_center, width, height]
        const float hw = b[2] / 2.0f, hh = b[3] / 2.0f;
        return {b[1] - hh, b[0] - hw, b[1] + hh, b[0] + hw};
    }
    // [y1, x1, y2, x2] with either diagonal pair of corners.
    return {std::min(b[0], b[2]), std::min(b[1], b[3]), std::max(b[0], b[2]), std::max(b[1], b[3])};
}

bool overlapsTooMuch(const Box &a, const Box &b, float threshold)
{
    const float ih = std::min(a.y2, b.y2) - std::max(a.y1, b.y1);
    const float iw = std::min(a.x2, b.x2) - std::max(a.x1, b.x1);
    if (ih <= 0.0f || iw <= 0.0f)
        return false;
    const float inter = ih * iw;
    const float areaA = (a.y2 - a.y1) * (a.x2 - a.x1), areaB = (b.y2 - b.y1) * (b.x2 - b.x1);
    const float uni = areaA + areaB - inter;
    if (areaA <= 0.0f || areaB <= 0.0f || uni <= 0.0f)
        return false;
    return inter / uni > threshold;
}

Status nonMaxSuppression(KernelContext &ctx, bool centerPoint)
{
    const Tensor *boxes = ctx.input(0), *scores = ctx.input(1);
    if (!boxes || !scores)
        return ctx.error("inputs boxes and scores are required");
    if (boxes->dataType() != DataType::Float || scores->dataType() != DataType::Float)
        return ctx.error("boxes and scores must be float", ErrorCode::Unsupported);
    if (boxes->rank() != 3 || boxes->dim(2) != 4)
        return ctx.error("boxes must be [batch,spatial,4], got " + boxes->describe());
    if (scores->rank() != 3 || scores->dim(0) != boxes->dim(0) || scores->dim(2) != boxes->dim(1))
        return ctx.error("scores must be [batch,classes,spatial] matching boxes " +
                         boxes->describe() + ", got " + scores->describe());
    auto scalar = [&](size_t index, double fallback) {
        const Tensor *t = ctx.input(index);
        if (!t || t->elementCount() == 0)
            return fallback;
        return t->toDoubles()[0];
    };
    const double maxPerClassD = scalar(2, 0.0);
    const int64_t maxPerClass = int64_t(std::clamp(maxPerClassD, 0.0, 9.0e18));
    const float iouThreshold = float(scalar(3, 0.0));
    const bool hasScoreThreshold = ctx.input(4) && ctx.input(4)->elementCount() > 0;
    const float scoreThreshold = float(scalar(4, 0.0));
    if (iouThreshold < 0.0f || iouThreshold > 1.0f)
        return ctx.error("iou_threshold must be in [0, 1]");

    const int64_t B = boxes->dim(0), classes = scores->dim(1), spatial = boxes->dim(1);
    const float *boxData = boxes->data<float>();
    const float *scoreData = scores->data<float>();
    std::vector<int64_t> selected; // triples
    struct Candidate
    {
        float score;
        int64_t index;
        // Higher score first; on ties the lower box index first.
        bool operator<(const Candidate &o) const
        {
            return score < o.score || (score == o.score && index > o.index);
        }
    };
    std::vector<Box> kept;
    for (int64_t b = 0; b < B && maxPerClass > 0; ++b) {
        const float *bb = boxData + b * spatial * 4;
        for (int64_t c = 0; c < classes; ++c) {
            const float *sc = scoreData + (b * classes + c) * spatial;
            std::priority_queue<Candidate> queue;
            for (int64_t i = 0; i < spatial; ++i)
                if (!hasScoreThreshold || sc[i] > scoreThreshold)
                    queue.push({sc[i], i});
            kept.clear();
            while (!queue.empty() && int64_t(kept.size()) < maxPerClass) {
                const Candidate next = queue.top();
                queue.pop();
                const Box box = readBox(bb + next.index * 4, centerPoint);
                bool suppressed = false;
                for (const Box &k : kept)
                    if (overlapsTooMuch(k, box, iouThreshold)) {
                        suppressed = true;
                        break;
                    }
                if (suppressed)
                    continue;
                kept.push_back(box);
                selected.insert(selected.end(), {b, c, next.index});
            }
        }
    }
    Tensor &out = ctx.allocateOutput(0, DataType::Int64, {int64_t(selected.size() / 3), 3});
    std::copy(selected.begin(), selected.end(), out.mutableData<int64_t>());
    return Status::ok();
}

Expected<std::unique_ptr<Kernel>> makeNonMaxSuppression(const KernelInfo &info)
{
    const int64_t centerPoint = info.node.intAttribute("center_point_box", 0);
    if (centerPoint != 0 && centerPoint != 1)
        return info.error("center_point_box must be 0 or 1");
    return lambdaKernel([centerPoint](KernelContext &ctx) {
        return nonMaxSuppression(ctx, centerPoint == 1);
    })(info);
}

} // namespace

void registerDetectionKernels(KernelRegistry &registry)
{
    registry.add("RoiAlign", 10, makeRoiAlign);
    registry.add("NonMaxSuppression", 10, makeNonMaxSuppression);
}

} // namespace silica::runtime
