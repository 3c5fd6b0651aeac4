// libFuzzer entry point for the model loader: any byte string must give a model or a clear
// error, never a crash, a hang or a sanitizer report. Built as a fuzzer with clang
// (-DSILICA_BUILD_FUZZERS=ON) and, always, into tst_fuzz_corpus, which replays the saved corpus.

#include "core/graph/model_compare.h"
#include "core/graph/onnx_export.h"
#include "core/graph/onnx_import.h"
#include "core/graph/statistics.h"
#include "core/session/remove_passthrough.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace silica;
    // The zero-copy path (see onnx_skeleton.h) on every tensor, against plain protobuf parsing:
    // both must accept the same inputs and build the same model.
    LoadOptions zeroCopy;
    zeroCopy.zeroCopyMinBytes = 1;
    LoadOptions plain;
    plain.zeroCopyMinBytes = 0;
    plain.runChecker = plain.inferShapes = false;
    auto loaded = loadModelFromMemory(data, size, "fuzz-input.onnx", "", zeroCopy);
    auto reference = loadModelFromMemory(data, size, "fuzz-input.onnx", "", plain);
    if (loaded.hasValue() != reference.hasValue())
        __builtin_trap();
    if (loaded && !modelDifference(*loaded->model, *reference->model).empty())
        __builtin_trap();
    if (!loaded) {
        // Every failure carries a message that names the input.
        if (loaded.error().message().find("fuzz-input.onnx") == std::string::npos &&
            loaded.error().code() != ErrorCode::Cancelled)
            __builtin_trap();
        return 0;
    }
    // Whatever loads must also survive the rest of the read-only pipeline.
    const ModelStats stats = modelStatistics(*loaded->model);
    (void)stats;
    auto bytes = serializeModel(*loaded->model);
    (void)bytes;
    const PassthroughCleanup cleanup = removePassthroughAndDeadNodes(loaded->model);
    (void)cleanup;
    return 0;
}
