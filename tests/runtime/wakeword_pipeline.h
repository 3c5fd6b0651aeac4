#pragma once
// openWakeWord's streaming keyword-spotting pipeline: 16 kHz int16 audio → melspectrogram model
// → embedding model (Google's speech_embedding) → a keyword head such as alexa_v0.1, framed
// exactly as the openwakeword package does (openwakeword/utils.py AudioFeatures, model.py
// Model.predict / predict_clip, dscripka/openWakeWord).
//
// The three models run through a caller-supplied StageRunner, so the same framing drives
// Silica's runtime or a peer engine and their scores can be compared.

#include "core/runtime/tensor.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace silica::wakeword {

enum class Stage
{
    Melspectrogram, // float[1, samples] (int16 values, unscaled) → float[1, 1, frames, 32]
    Embedding,      // float[batch, 76, 32, 1] → float[batch, 1, 1, 96]
    Head,           // float[1, 16, 96] → float[1, 1], the keyword score
};
const char *stageName(Stage stage);

// Runs the model of `stage` on its one input and returns its first output.
using StageRunner =
    std::function<Expected<runtime::Tensor>(Stage stage, const runtime::Tensor &input)>;

constexpr int kSampleRate = 16000;
constexpr int kChunkSamples = 1280;     // 80 ms: one score per chunk
constexpr int kMelHopSamples = 160;     // 10 ms per mel frame
constexpr int kMelContextSamples = 480; // 3 hops of the previous chunk re-read for continuity
constexpr int kMelBins = 32;
constexpr int kEmbeddingWindow = 76; // mel frames per embedding (775 ms)
constexpr int kEmbeddingStep = 8;    // mel frames per chunk
constexpr int kEmbeddingSize = 96;
constexpr int kHeadFrames = 16;       // embeddings per head input (1.28 s)
constexpr int kSilentPredictions = 5; // openWakeWord reports 0 for the first five chunks

// openWakeWord's fixed rescaling of the ONNX melspectrogram, to match the TensorFlow features
// speech_embedding was trained on.
inline float melTransform(float x)
{
    return x / 10.0f + 2.0f;
}

// Scores a stream of audio chunk by chunk, keeping openWakeWord's buffers.
class WakewordStream
{
public:
    explicit WakewordStream(StageRunner run, int headFrames = kHeadFrames);

    // openWakeWord starts its embedding history with the embeddings of 4 s of random int16
    // noise in [-1000, 1000); here the noise is seeded so that two engines start alike.
    Status prime(uint32_t seed);
    // One chunk of exactly kChunkSamples samples → the head's score.
    Expected<float> push(const int16_t *chunk);

    // Mel frames of a whole clip, transformed ([frames × kMelBins], row-major).
    Expected<std::vector<float>> melFrames(const int16_t *samples, size_t count) const;
    // Embeddings of every full 76-frame window of `mel`, stepping 8 frames, in one batch.
    Expected<std::vector<float>> embedWindows(const std::vector<float> &mel) const;

private:
    StageRunner m_run;
    int m_headFrames;
    std::vector<int16_t> m_audio;  // the last samples (enough for one chunk plus context)
    std::vector<float> m_mel;      // mel frames, rows of kMelBins
    std::vector<float> m_features; // embeddings, rows of kEmbeddingSize
    int m_predictions = 0;
};

// Model.predict_clip: 1 s of silence before and after, then one score per whole chunk.
Expected<std::vector<float>> scoreClip(const StageRunner &run, const std::vector<int16_t> &audio,
                                       uint32_t seed = 0, int headFrames = kHeadFrames);

} // namespace silica::wakeword
