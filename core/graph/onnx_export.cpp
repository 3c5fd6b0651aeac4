#include "core/graph/onnx_export.h"

#include "core/common/atomic_file.h"
#include "core/graph/onnx_proto.h"

#include <climits>
#include <functional>
#include <unordered_set>

namespace silica {

namespace {

class FileDataSink : public onnxproto::ExternalDataSink
{
public:
    FileDataSink(AtomicFileWriter &writer, std::string location)
        : m_writer(writer), m_location(std::move(location))
    {
    }
    Expected<uint64_t> append(const uint8_t *data, uint64_t size) override
    {
        // 64-byte alignment lets a reader map tensors directly with vector loads.
        static const char zeros[64] = {};
        const uint64_t pad = (64 - m_writer.bytesWritten() % 64) % 64;
        Status s = m_writer.write(zeros, pad);
        if (!s)
            return s;
        const uint64_t offset = m_writer.bytesWritten();
        s = m_writer.write(data, size);
        if (!s)
            return s;
        return offset;
    }
    std::string location() const override { return m_location; }

private:
    AtomicFileWriter &m_writer;
    std::string m_location;
};

// Visits every tensor of a graph: initializers and attribute tensors, subgraphs included.
// Stops early and returns false when `visit` does.
bool forEachTensor(const Graph &g, const std::function<bool(const Tensor &)> &visit)
{
    for (const TensorPtr &t : g.initializers)
        if (!visit(*t))
            return false;
    for (const NodePtr &n : g.nodes) {
        for (const Attribute &a : n->attributes) {
            if (a.t && !visit(*a.t))
                return false;
            for (const TensorPtr &t : a.tensors)
                if (!visit(*t))
                    return false;
        }
        for (const GraphPtr &sub : n->subgraphs())
            if (!forEachTensor(*sub, visit))
                return false;
    }
    return true;
}

// Whether the tensor bytes alone would push a serialized model past protobuf's 2 GiB limit
// (64 MiB kept free for the graph itself).
bool exceedsProtobufLimit(const Graph &g)
{
    uint64_t total = 0;
    forEachTensor(g, [&total](const Tensor &t) {
        total += t.bytes.size;
        return true;
    });
    return total > static_cast<uint64_t>(INT_MAX) - (64u << 20);
}

std::string baseName(const std::string &path)
{
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string dirName(const std::string &path)
{
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
}

// Every file the model's tensors still point into must be as it was at load.
Status verifyWeightSources(const Graph &g)
{
    std::unordered_set<const ByteBuffer *> seen;
    Status result;
    forEachTensor(g, [&](const Tensor &t) {
        if (t.bytes.buffer && seen.insert(t.bytes.buffer.get()).second)
            result = t.bytes.buffer->verifyUnchanged();
        return result.isOk();
    });
    return result;
}

bool hasExternalData(const Graph &g)
{
    return !forEachTensor(g, [](const Tensor &t) { return t.externalLocation.empty(); });
}

} // namespace

SaveOptions defaultSaveOptions(const Model &model)
{
    SaveOptions options;
    options.externalData =
        model.graph && (hasExternalData(*model.graph) || exceedsProtobufLimit(*model.graph));
    return options;
}

Expected<std::string> serializeModel(const Model &model)
{
    if (model.graph && exceedsProtobufLimit(*model.graph))
        return Status(ErrorCode::Unsupported,
                      "the model's weights exceed the 2 GiB protobuf limit; save them as "
                      "external data");
    onnx::ModelProto proto;
    onnxproto::ExportContext ctx;
    onnxproto::exportModel(model, &proto, ctx);
    std::string bytes;
    if (!proto.SerializeToString(&bytes))
        return Status(ErrorCode::Internal, "protobuf serialization failed");
    return bytes;
}

Status saveModel(const Model &model, const std::string &path, const SaveOptions &options)
{
    if (path.empty())
        return Status(ErrorCode::InvalidArgument, "no output file name given");
    if (model.graph)
        if (Status s = verifyWeightSources(*model.graph); !s)
            return Status(s.code(), "cannot write '" + path + "': " + s.message());
    onnx::ModelProto proto;
    onnxproto::ExportContext ctx;
    AtomicFileWriter dataWriter;
    std::unique_ptr<FileDataSink> sink;
    if (options.externalData) {
        const std::string location =
            options.externalFileName.empty() ? baseName(path) + ".data" : options.externalFileName;
        if (location.find('/') != std::string::npos || location == "." || location == "..")
            return Status(ErrorCode::InvalidArgument,
                          "external data file name '" + location +
                              "' must be a plain file name (it is stored next to the model)");
        Status s = dataWriter.open(dirName(path) + location);
        if (!s)
            return s;
        sink = std::make_unique<FileDataSink>(dataWriter, location);
        ctx.mode = onnxproto::WeightMode::External;
        ctx.externalThreshold = options.externalThreshold;
        ctx.sink = sink.get();
    } else if (model.graph && exceedsProtobufLimit(*model.graph)) {
        return Status(ErrorCode::Unsupported,
                      "cannot write '" + path +
                          "' with inline weights: they exceed protobuf's 2 GiB limit. Save with "
                          "external data (silica-cli convert --external-data)");
    }
    onnxproto::exportModel(model, &proto, ctx);
    if (!ctx.error)
        return Status(ctx.error.code(), "cannot write '" + path + "': " + ctx.error.message());

    std::string bytes;
    if (!proto.SerializeToString(&bytes))
        return Status(ErrorCode::Internal, "protobuf serialization of '" + path + "' failed");
    proto.Clear();
    AtomicFileWriter writer;
    Status s = writer.open(path);
    if (!s)
        return s;
    s = writer.write(bytes.data(), bytes.size());
    if (!s)
        return s;
    // Both files are complete on disk before either replaces an old one; then the data file
    // goes first, so a model file never points at data that is not there yet.
    const bool withData = options.externalData && dataWriter.bytesWritten() > 0;
    if (!withData)
        dataWriter.abandon(); // nothing was large enough: no empty data file
    if (withData && !(s = dataWriter.finish()))
        return s;
    if (!(s = writer.finish()))
        return s;
    if (withData && !(s = dataWriter.publish()))
        return s;
    return writer.publish();
}

} // namespace silica
