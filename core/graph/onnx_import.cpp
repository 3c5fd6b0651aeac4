#include "core/graph/onnx_import.h"

#include "core/graph/graph_validation.h"
#include "core/graph/onnx_proto.h"
#include "core/graph/onnx_skeleton.h"
#include "core/graph/shape_inference.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <climits>
#include <cstring>

namespace silica {

namespace {

// A better message than "parse error" for the files people most often open by mistake.
std::string guessOtherFormat(const uint8_t *data, uint64_t size)
{
    if (size >= 8 && std::memcmp(data + 4, "TFL3", 4) == 0)
        return " It looks like a TensorFlow Lite model (.tflite), not ONNX.";
    if (size >= 4 && std::memcmp(data, "PK\x03\x04", 4) == 0)
        return " It looks like a zip archive (a PyTorch checkpoint?), not ONNX; export the model "
               "with torch.onnx.export first.";
    if (size >= 4 && std::memcmp(data, "\x89HDF", 4) == 0)
        return " It looks like an HDF5 (Keras) file, not ONNX.";
    if (size >= 1 && (data[0] == '{' || data[0] == '<' || data[0] == '#'))
        return " It looks like a text file, not a binary ONNX model.";
    return "";
}

std::string parentDir(const std::string &path)
{
    const auto slash = path.find_last_of('/');
    if (slash == std::string::npos)
        return ".";
    if (slash == 0)
        return "/";
    return path.substr(0, slash);
}

// Loads from a buffer that stays alive as long as the model needs it: large initializers
// become slices of it instead of copies.
Expected<LoadedModel> loadFromBuffer(const std::shared_ptr<const ByteBuffer> &file,
                                     const std::string &displayName, const std::string &baseDir,
                                     const LoadOptions &options, const CancelToken &cancel,
                                     ProgressSink &progress)
{
    const uint8_t *data = file->data();
    const uint64_t size = file->size();
    if (size == 0)
        return Status(ErrorCode::ParseError, displayName + ": the file is empty");
    if (size > static_cast<uint64_t>(INT_MAX))
        return Status(ErrorCode::Unsupported,
                      displayName + ": the file is larger than 2 GiB; protobuf cannot hold it. "
                                    "Save the weights as external data (silica-cli convert "
                                    "--external-data) with the tool that wrote it");
    progress.report(0.05, "Parsing protobuf");
    onnx::ModelProto proto;
    std::optional<ModelSkeleton> skeleton;
    if (options.zeroCopyMinBytes > 0)
        skeleton = buildModelSkeleton(file, options.zeroCopyMinBytes);
    {
        const uint8_t *parseData =
            skeleton ? reinterpret_cast<const uint8_t *>(skeleton->bytes.data()) : data;
        const uint64_t parseSize = skeleton ? skeleton->bytes.size() : size;
        google::protobuf::io::ArrayInputStream stream(parseData, static_cast<int>(parseSize));
        google::protobuf::io::CodedInputStream coded(&stream);
        coded.SetTotalBytesLimit(INT_MAX);
        coded.SetRecursionLimit(1000);
        if (!proto.ParseFromCodedStream(&coded) || !coded.ConsumedEntireMessage())
            return Status(ErrorCode::ParseError,
                          displayName +
                              ": not a valid ONNX file (the protobuf is truncated or "
                              "corrupt)." +
                              guessOtherFormat(data, size));
    }
    if (proto.ir_version() == 0 && !proto.has_graph())
        return Status(ErrorCode::ParseError,
                      displayName + ": not an ONNX model (no IR version and no graph)." +
                          guessOtherFormat(data, size));
    if (cancel.isCancelled())
        return Status(ErrorCode::Cancelled, "loading " + displayName + " cancelled");

    progress.report(0.3, "Building graph");
    onnxproto::ImportContext ctx;
    ctx.modelPath = displayName;
    ctx.baseDir = baseDir;
    ctx.cancel = &cancel;
    if (skeleton)
        ctx.mainGraphRawData = std::move(skeleton->rawData);
    const size_t total = static_cast<size_t>(std::max(1, proto.graph().node_size()));
    ctx.onNode = [&progress, total](size_t done) {
        if (done % 256 == 0)
            progress.report(0.3 + 0.3 * static_cast<double>(std::min(done, total)) / total,
                            "Building graph");
    };
    // Version checks come before the import so a too-new model fails with the right reason.
    {
        Model header;
        header.irVersion = proto.ir_version();
        for (const auto &o : proto.opset_import())
            header.opsets.push_back({o.domain(), o.version()});
        if (header.irVersion > kNewestIrVersion || header.irVersion <= 0) {
            header.graph = std::make_shared<Graph>();
            Status s = validateModel(header, displayName);
            if (!s)
                return s;
        }
    }
    auto imported = onnxproto::importModel(proto, ctx);
    if (!imported)
        return imported.error();
    Model model = std::move(imported).value();
    proto.Clear();

    progress.report(0.6, "Validating graph");
    if (cancel.isCancelled())
        return Status(ErrorCode::Cancelled, "loading " + displayName + " cancelled");
    Status valid = validateModel(model, displayName);
    if (!valid)
        return valid;

    LoadedModel result;
    if (options.runChecker || options.inferShapes) {
        progress.report(0.7, "Inferring shapes");
        OnnxCheckOptions check;
        check.runChecker = options.runChecker;
        check.inferShapes = options.inferShapes;
        check.isolate = options.isolateOnnx;
        // Generous: ResNet-50 takes ~50 ms; very large graphs get a second per 2,000 nodes.
        check.timeoutMs =
            60000 + static_cast<int>(std::min<size_t>(model.graph->nodes.size() / 2, 600000));
        model = checkAndInferShapes(model, check, result.warnings, cancel);
    }
    if (cancel.isCancelled())
        return Status(ErrorCode::Cancelled, "loading " + displayName + " cancelled");
    result.model = std::make_shared<const Model>(std::move(model));
    progress.report(1.0, "Loaded");
    return result;
}

} // namespace

Expected<LoadedModel> loadModelFromMemory(const uint8_t *data, uint64_t size,
                                          const std::string &displayName,
                                          const std::string &baseDir, const LoadOptions &options,
                                          const CancelToken &cancel, ProgressSink &progress)
{
    // The caller's bytes may not outlive the model: keep one copy that the model owns.
    auto buffer = std::make_shared<StringBuffer>(
        std::string(reinterpret_cast<const char *>(data), static_cast<size_t>(size)));
    return loadFromBuffer(buffer, displayName, baseDir, options, cancel, progress);
}

Expected<LoadedModel> loadModel(const std::string &path, const LoadOptions &options,
                                const CancelToken &cancel, ProgressSink &progress)
{
    progress.report(0.0, "Reading file");
    if (options.mapFile) {
        auto mapped = MappedFile::open(path);
        if (!mapped)
            return mapped.error();
        return loadFromBuffer(mapped.value(), path, parentDir(path), options, cancel, progress);
    }
    auto file = BlockBuffer::readFile(path);
    if (!file)
        return file.error();
    return loadFromBuffer(file.value(), path, parentDir(path), options, cancel, progress);
}

} // namespace silica
