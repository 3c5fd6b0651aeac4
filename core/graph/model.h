#pragma once
// Silica's graph IR: an editable, shareable form of an ONNX model.
//
// A Model is a value; its Graph, Nodes and Tensors are held through shared_ptr<const …> so a
// new graph version shares everything it did not change (see core/session). Nodes carry stable
// ids that survive edits. Everything the IR does not model (model-local functions, training
// info, sparse initializers, non-tensor types) is kept verbatim as serialized protobuf bytes,
// so a load → save round trip loses nothing.

#include "core/graph/byte_buffer.h"
#include "core/graph/data_type.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace silica {

using NodeId = uint32_t;
constexpr NodeId kInvalidNodeId = 0xffffffffu;

class GraphIndex;
struct Graph;
using GraphPtr = std::shared_ptr<const Graph>;

struct StringPair
{
    std::string key;
    std::string value;
    bool operator==(const StringPair &o) const { return key == o.key && value == o.value; }
};

// One dimension of a tensor shape: a number, a symbolic name ("batch"), or unknown.
struct Dim
{
    int64_t value = -1;    // the dim_value when hasValue
    bool hasValue = false; // kept apart from `value` so even invalid negatives round-trip
    std::string param;     // symbolic name when not known
    std::string denotation;

    bool isKnown() const { return hasValue && value >= 0; }
    bool operator==(const Dim &o) const
    {
        return value == o.value && hasValue == o.hasValue && param == o.param &&
               denotation == o.denotation;
    }
};

struct ValueType
{
    enum class Kind
    {
        None,
        Tensor,
        SparseTensor,
        Other
    };
    Kind kind = Kind::None;
    DataType elemType = DataType::Undefined;
    bool hasShape = false;
    std::vector<Dim> dims;
    std::string denotation;
    std::string opaque; // serialized onnx.TypeProto for sequence / map / optional types

    bool isTensor() const { return kind == Kind::Tensor || kind == Kind::SparseTensor; }
    // All dims known: the concrete shape. Otherwise nullopt.
    std::optional<std::vector<int64_t>> staticShape() const;
    // "float[1,3,224,224]", "float[N,3]", "float[?]" (rank unknown), "sequence<…>".
    std::string toString() const;
    // "[1,3,224,224]" or "" when there is no shape.
    std::string shapeString() const;
    bool operator==(const ValueType &o) const;

    static ValueType tensor(DataType elem, const std::vector<int64_t> &shape);
};

// `unknownFields` below: protobuf fields newer than the ONNX release Silica builds against
// (IR 10's node `overload` and `metadata_props`, …), serialized as read, written back on save.

struct ValueInfo
{
    std::string name;
    ValueType type;
    std::string docString;
    std::string unknownFields;
};

// An initializer or constant tensor. Numeric data is raw little-endian bytes in `bytes`, a slice
// of a shared buffer (the parsed file or a memory-mapped external data file).
struct Tensor
{
    std::string name;
    DataType dataType = DataType::Undefined;
    std::vector<int64_t> dims;
    std::string docString;
    ByteSlice bytes;
    std::vector<std::string> strings; // only for DataType::String
    std::string externalLocation;     // external data file it was read from, if any
    std::string unknownFields;

    uint64_t elementCount() const;
    // The bytes this tensor's elements need (dims × element size).
    uint64_t expectedByteSize() const { return dataTypeBytes(dataType, elementCount()); }
};
using TensorPtr = std::shared_ptr<const Tensor>;

// Numbered as onnx.AttributeProto.AttributeType.
enum class AttributeType : int32_t
{
    Undefined = 0,
    Float = 1,
    Int = 2,
    String = 3,
    Tensor = 4,
    Graph = 5,
    Floats = 6,
    Ints = 7,
    Strings = 8,
    Tensors = 9,
    Graphs = 10,
    SparseTensor = 11,
    SparseTensors = 12,
    TypeProto = 13,
    TypeProtos = 14,
};

struct Attribute
{
    std::string name;
    AttributeType type = AttributeType::Undefined;
    std::string docString;
    std::string refAttrName; // set inside function bodies

    float f = 0.0f;
    int64_t i = 0;
    std::string s;
    TensorPtr t;
    GraphPtr g;
    std::vector<float> floats;
    std::vector<int64_t> ints;
    std::vector<std::string> strings;
    std::vector<TensorPtr> tensors;
    std::vector<GraphPtr> graphs;
    std::vector<std::string> opaque; // serialized SparseTensorProto / TypeProto values

    // Short human form: "3", "[1,1]", "'same'", "<tensor float[64]>", "<graph then_branch>".
    std::string valueString() const;
};

struct Node
{
    NodeId id = kInvalidNodeId;
    std::string name;
    std::string opType;
    std::string domain; // "" is the default ai.onnx domain
    std::string docString;
    std::vector<std::string> inputs; // "" marks an omitted optional input
    std::vector<std::string> outputs;
    std::vector<Attribute> attributes;
    std::string unknownFields;

    const Attribute *attribute(std::string_view attrName) const;
    int64_t intAttribute(std::string_view attrName, int64_t fallback) const;
    float floatAttribute(std::string_view attrName, float fallback) const;
    std::string stringAttribute(std::string_view attrName, const std::string &fallback) const;
    std::vector<int64_t> intsAttribute(std::string_view attrName) const;
    // Subgraphs held by Graph / Graphs attributes (If, Loop, Scan bodies).
    std::vector<GraphPtr> subgraphs() const;
    // "name" if set, otherwise "OpType#id", for messages and labels.
    std::string displayName() const;
};
using NodePtr = std::shared_ptr<const Node>;

// Lazily built GraphIndex; copying a Graph never copies the cache (the copy is a new version).
class GraphIndexCache
{
public:
    GraphIndexCache() = default;
    GraphIndexCache(const GraphIndexCache &) {}
    GraphIndexCache &operator=(const GraphIndexCache &) { return *this; }
    std::shared_ptr<const GraphIndex> get(const Graph &graph) const;
    void reset() { std::atomic_store(&m_index, std::shared_ptr<const GraphIndex>()); }

private:
    mutable std::shared_ptr<const GraphIndex> m_index;
};

struct Graph
{
    std::string name;
    std::string docString;
    std::vector<NodePtr> nodes; // in file order; use topologicalOrder() for execution order
    std::vector<ValueInfo> inputs;
    std::vector<ValueInfo> outputs;
    std::vector<ValueInfo> valueInfos;
    std::vector<TensorPtr> initializers;
    std::vector<std::string> sparseInitializers;      // serialized SparseTensorProto
    std::vector<std::string> sparseInitializerNames;  // the values they define, same order
    std::vector<std::string> quantizationAnnotations; // serialized TensorAnnotation
    std::string unknownFields;
    // Types found by shape inference for values the file does not declare. Derived data: never
    // saved, so a round trip writes back exactly what was read.
    std::vector<ValueInfo> inferred;

    // Producer / consumer links, lookups by id and name. Built on first use; a Graph must not
    // be changed after index() was called on it (edit a copy instead).
    const GraphIndex &index() const;
    // Drop the cached index after mutating a graph that was already indexed.
    void invalidateIndex() { m_index.reset(); }

private:
    GraphIndexCache m_index;
};

struct OpsetImport
{
    std::string domain;
    int64_t version = 0;
    bool operator==(const OpsetImport &o) const
    {
        return domain == o.domain && version == o.version;
    }
};

// A model-local function, kept verbatim; its (domain, name) make ops in that domain known.
struct FunctionDef
{
    std::string domain;
    std::string name;
    std::string serialized; // onnx.FunctionProto
};

struct Model
{
    int64_t irVersion = 0;
    std::vector<OpsetImport> opsets;
    std::string producerName;
    std::string producerVersion;
    std::string domain;
    int64_t modelVersion = 0;
    std::string docString;
    std::vector<StringPair> metadata;
    GraphPtr graph;
    std::vector<FunctionDef> functions;
    std::vector<std::string> trainingInfo; // serialized TrainingInfoProto
    std::string unknownFields;
    NodeId nextNodeId = 0;  // ids below this are taken (in all subgraphs too)
    std::string sourcePath; // file it was loaded from; "" when built in memory

    // The imported opset version of `domain` ("" and "ai.onnx" are the same), or 0.
    int64_t opsetVersion(std::string_view domain) const;
};
using ModelPtr = std::shared_ptr<const Model>;

// "" and "ai.onnx" name the same domain.
inline bool isDefaultDomain(std::string_view domain)
{
    return domain.empty() || domain == "ai.onnx";
}

} // namespace silica
