#pragma once
// Conversion between onnx.ModelProto and the IR. Internal to core/graph: callers use
// onnx_import.h / onnx_export.h.

#include "core/common/progress.h"
#include "core/common/status.h"
#include "core/graph/model.h"

#include <onnx/onnx_pb.h>

#include <cstdio>
#include <functional>
#include <map>
#include <optional>

namespace silica::onnxproto {

struct ImportContext
{
    std::string modelPath; // for messages
    std::string baseDir;   // external data locations are relative to this
    std::map<std::string, std::shared_ptr<const MappedFile>> externalFiles;
    NodeId nextId = 0;
    const CancelToken *cancel = nullptr;
    std::function<void(size_t)> onNode; // called per imported node (progress)
    // Raw data removed from the main graph's initializers by buildModelSkeleton, by index.
    std::vector<std::optional<ByteSlice>> mainGraphRawData;
    bool inMainGraph = true; // true until the main graph's initializers are imported
};

ValueType importType(const onnx::TypeProto &proto);
// Takes raw_data out of `proto` (no copy) when it can.
// `rawData`: bytes for a tensor whose raw_data was moved out of the parsed message.
Expected<TensorPtr> importTensor(onnx::TensorProto &proto, ImportContext &ctx,
                                 const std::string &where, const ByteSlice *rawData = nullptr);
Expected<GraphPtr> importGraph(onnx::GraphProto &proto, ImportContext &ctx);
Expected<Model> importModel(onnx::ModelProto &proto, ImportContext &ctx);

enum class WeightMode
{
    Inline,    // every tensor's bytes in raw_data
    External,  // tensors of at least externalThreshold bytes go to the external data file
    TypesOnly, // large initializers become typed graph inputs without data (for shape inference
               // and the checker, which never need weight values)
};

// Appends tensor bytes to the external data file as they are exported.
class ExternalDataSink
{
public:
    virtual ~ExternalDataSink() = default;
    // Returns the offset the bytes were written at, or an error.
    virtual Expected<uint64_t> append(const uint8_t *data, uint64_t size) = 0;
    virtual std::string location() const = 0; // file name relative to the model
};

struct ExportContext
{
    WeightMode mode = WeightMode::Inline;
    uint64_t externalThreshold = 1024;
    uint64_t typesOnlyLimit = 4096;
    ExternalDataSink *sink = nullptr;
    int graphDepth = 0; // 0 while exporting the main graph
    Status error;       // first failure while writing external data
};

void exportType(const ValueType &type, onnx::TypeProto *proto);
void exportTensor(const Tensor &tensor, onnx::TensorProto *proto, ExportContext &ctx);
void exportGraph(const Graph &graph, onnx::GraphProto *proto, ExportContext &ctx);
void exportModel(const Model &model, onnx::ModelProto *proto, ExportContext &ctx);

} // namespace silica::onnxproto
