#include "wakeword_pipeline.h"

#include <algorithm>
#include <random>
#include <string>
#include <utility>

namespace silica::wakeword {

using runtime::Tensor;

namespace {

// openWakeWord's buffer limits: ~10 s of mel frames (97 per second) and ~10 s of embeddings.
constexpr size_t kMaxMelFrames = 10 * 97;
constexpr size_t kMaxFeatureFrames = 120;
constexpr int kPrimeSamples = 4 * kSampleRate;

void keepLastRows(std::vector<float> &rows, size_t width, size_t maxRows)
{
    if (rows.size() > maxRows * width)
        rows.erase(rows.begin(), rows.end() - std::ptrdiff_t(maxRows * width));
}

Status stageError(Stage stage, const std::string &what)
{
    return Status(ErrorCode::InvalidModel, std::string(stageName(stage)) + " model: " + what);
}

} // namespace

const char *stageName(Stage stage)
{
    switch (stage) {
    case Stage::Melspectrogram:
        return "melspectrogram";
    case Stage::Embedding:
        return "embedding";
    case Stage::Head:
        return "keyword head";
    }
    return "?";
}

WakewordStream::WakewordStream(StageRunner run, int headFrames)
    : m_run(std::move(run)), m_headFrames(headFrames),
      // The mel history starts as 76 frames of ones, so the first chunk already has a window.
      m_mel(size_t(kEmbeddingWindow) * kMelBins, 1.0f)
{
}

Expected<std::vector<float>> WakewordStream::melFrames(const int16_t *samples, size_t count) const
{
    // The model takes the int16 sample values as float32, unscaled.
    Tensor input = Tensor::allocate(DataType::Float, {1, int64_t(count)});
    std::transform(samples, samples + count, input.mutableData<float>(),
                   [](int16_t s) { return float(s); });
    auto output = m_run(Stage::Melspectrogram, input);
    if (!output)
        return output.error();
    if (output->dataType() != DataType::Float || output->elementCount() % kMelBins != 0)
        return stageError(Stage::Melspectrogram,
                          "output " + output->describe() + " is not float frames of 32 mel bins");
    const float *p = output->data<float>();
    std::vector<float> mel(size_t(output->elementCount()));
    std::transform(p, p + mel.size(), mel.begin(), melTransform);
    return mel;
}

Expected<std::vector<float>> WakewordStream::embedWindows(const std::vector<float> &mel) const
{
    const int64_t frames = int64_t(mel.size()) / kMelBins;
    const int64_t windows =
        frames < kEmbeddingWindow ? 0 : (frames - kEmbeddingWindow) / kEmbeddingStep + 1;
    if (windows == 0)
        return std::vector<float>();
    Tensor batch = Tensor::allocate(DataType::Float, {windows, kEmbeddingWindow, kMelBins, 1});
    const size_t windowFloats = size_t(kEmbeddingWindow) * kMelBins;
    for (int64_t w = 0; w < windows; ++w) {
        const float *from = mel.data() + size_t(w) * kEmbeddingStep * kMelBins;
        std::copy(from, from + windowFloats, batch.mutableData<float>() + size_t(w) * windowFloats);
    }
    auto output = m_run(Stage::Embedding, batch);
    if (!output)
        return output.error();
    if (output->dataType() != DataType::Float || output->elementCount() != windows * kEmbeddingSize)
        return stageError(Stage::Embedding, "output " + output->describe() + " for " +
                                                std::to_string(windows) +
                                                " windows; expected 96 floats each");
    const float *p = output->data<float>();
    return std::vector<float>(p, p + output->elementCount());
}

Status WakewordStream::prime(uint32_t seed)
{
    std::mt19937 gen(seed);
    std::vector<int16_t> noise(kPrimeSamples);
    for (int16_t &s : noise)
        s = int16_t(-1000 + int(gen() % 2000));
    auto mel = melFrames(noise.data(), noise.size());
    if (!mel)
        return mel.error();
    auto features = embedWindows(*mel);
    if (!features)
        return features.error();
    m_features = std::move(*features);
    return Status::ok();
}

Expected<float> WakewordStream::push(const int16_t *chunk)
{
    if (m_features.size() < size_t(m_headFrames) * kEmbeddingSize)
        return Status(ErrorCode::InvalidArgument,
                      "wake-word stream: call prime() before the first chunk");

    // Mel frames of the new chunk, computed over the chunk plus three hops of the previous one
    // so that the frames join up (8 frames per chunk; 5 for the very first).
    m_audio.insert(m_audio.end(), chunk, chunk + kChunkSamples);
    const size_t keep = kChunkSamples + kMelContextSamples;
    if (m_audio.size() > keep)
        m_audio.erase(m_audio.begin(), m_audio.end() - std::ptrdiff_t(keep));
    auto mel = melFrames(m_audio.data(), m_audio.size());
    if (!mel)
        return mel.error();
    m_mel.insert(m_mel.end(), mel->begin(), mel->end());
    keepLastRows(m_mel, kMelBins, kMaxMelFrames);

    // One embedding of the latest 76 frames.
    const std::vector<float> window(m_mel.end() - kEmbeddingWindow * kMelBins, m_mel.end());
    auto embedding = embedWindows(window);
    if (!embedding)
        return embedding.error();
    m_features.insert(m_features.end(), embedding->begin(), embedding->end());
    keepLastRows(m_features, kEmbeddingSize, kMaxFeatureFrames);

    // The head scores the latest 16 embeddings.
    Tensor input = Tensor::allocate(DataType::Float, {1, m_headFrames, kEmbeddingSize});
    std::copy(m_features.end() - m_headFrames * kEmbeddingSize, m_features.end(),
              input.mutableData<float>());
    auto output = m_run(Stage::Head, input);
    if (!output)
        return output.error();
    if (output->dataType() != DataType::Float || output->elementCount() < 1)
        return stageError(Stage::Head, "output " + output->describe() + " is not a float score");
    const float score = output->data<float>()[0];
    return m_predictions++ < kSilentPredictions ? 0.0f : score;
}

Expected<std::vector<float>> scoreClip(const StageRunner &run, const std::vector<int16_t> &audio,
                                       uint32_t seed, int headFrames)
{
    std::vector<int16_t> padded(size_t(kSampleRate), 0);
    padded.insert(padded.end(), audio.begin(), audio.end());
    padded.insert(padded.end(), size_t(kSampleRate), 0);

    WakewordStream stream(run, headFrames);
    if (Status s = stream.prime(seed); !s)
        return s;
    std::vector<float> scores;
    for (size_t i = 0; i + kChunkSamples < padded.size(); i += kChunkSamples) {
        auto score = stream.push(padded.data() + i);
        if (!score)
            return score.error();
        scores.push_back(*score);
    }
    return scores;
}

} // namespace silica::wakeword
