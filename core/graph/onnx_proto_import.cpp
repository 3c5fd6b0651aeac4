// onnx.ModelProto → IR.

#include "core/graph/onnx_proto.h"

#include <cstring>
#include <limits>

namespace silica::onnxproto {

namespace {

std::string unknownOf(const google::protobuf::Message &m)
{
    std::string bytes;
    if (!m.GetReflection()->GetUnknownFields(m).empty())
        m.GetReflection()->GetUnknownFields(m).SerializeToString(&bytes);
    return bytes;
}

std::string quoted(const std::string &s)
{
    return "'" + s + "'";
}

// Typed repeated fields → packed little-endian bytes of `type`.
template <typename Src, typename Dst>
std::string packAs(const google::protobuf::RepeatedField<Src> &values)
{
    std::string bytes(values.size() * sizeof(Dst), '\0');
    for (int i = 0; i < values.size(); ++i) {
        const Dst v = static_cast<Dst>(values.Get(i));
        std::memcpy(&bytes[static_cast<size_t>(i) * sizeof(Dst)], &v, sizeof(Dst));
    }
    return bytes;
}

// 4-bit types: ONNX packs two elements per int32_data entry's low byte.
std::string packNibbles(const google::protobuf::RepeatedField<int32_t> &values)
{
    std::string bytes(static_cast<size_t>(values.size()), '\0');
    for (int i = 0; i < values.size(); ++i)
        bytes[static_cast<size_t>(i)] = static_cast<char>(values.Get(i) & 0xff);
    return bytes;
}

Expected<std::string> typedFieldBytes(const onnx::TensorProto &p, DataType type)
{
    switch (type) {
    case DataType::Float:
    case DataType::Complex64:
        return packAs<float, float>(p.float_data());
    case DataType::Double:
    case DataType::Complex128:
        return packAs<double, double>(p.double_data());
    case DataType::Int64:
        return packAs<int64_t, int64_t>(p.int64_data());
    case DataType::Uint32:
        return packAs<uint64_t, uint32_t>(p.uint64_data());
    case DataType::Uint64:
        return packAs<uint64_t, uint64_t>(p.uint64_data());
    case DataType::Int32:
        return packAs<int32_t, int32_t>(p.int32_data());
    case DataType::Int16:
        return packAs<int32_t, int16_t>(p.int32_data());
    case DataType::Uint16:
    case DataType::Float16:
    case DataType::BFloat16:
        return packAs<int32_t, uint16_t>(p.int32_data());
    case DataType::Int8:
        return packAs<int32_t, int8_t>(p.int32_data());
    case DataType::Uint8:
    case DataType::Bool:
    case DataType::Float8E4M3FN:
    case DataType::Float8E4M3FNUZ:
    case DataType::Float8E5M2:
    case DataType::Float8E5M2FNUZ:
        return packAs<int32_t, uint8_t>(p.int32_data());
    case DataType::Uint4:
    case DataType::Int4:
    case DataType::Float4E2M1:
        return packNibbles(p.int32_data());
    case DataType::String:
    case DataType::Undefined:
        break;
    }
    return Status(ErrorCode::InvalidModel, "no numeric data field for " + dataTypeName(type));
}

bool isSafeRelativePath(const std::string &location)
{
    if (location.empty() || location[0] == '/')
        return false;
    size_t start = 0;
    while (start <= location.size()) {
        size_t end = location.find('/', start);
        if (end == std::string::npos)
            end = location.size();
        if (location.compare(start, end - start, "..") == 0 && end - start == 2)
            return false;
        start = end + 1;
    }
    return true;
}

Status importExternalData(const onnx::TensorProto &p, Tensor &t, ImportContext &ctx,
                          const std::string &where)
{
    std::string location;
    uint64_t offset = 0;
    bool hasLength = false;
    uint64_t length = 0;
    // Plain decimal digits only: std::stoull would accept "-5" and wrap around.
    auto number = [](const std::string &text, uint64_t &out) {
        if (text.empty() || text.size() > 19)
            return false;
        out = 0;
        for (char c : text) {
            if (c < '0' || c > '9')
                return false;
            out = out * 10 + static_cast<uint64_t>(c - '0');
        }
        return true;
    };
    for (const auto &entry : p.external_data()) {
        bool ok = true;
        if (entry.key() == "location") {
            location = entry.value();
        } else if (entry.key() == "offset") {
            ok = number(entry.value(), offset);
        } else if (entry.key() == "length") {
            ok = number(entry.value(), length);
            hasLength = true;
        }
        if (!ok)
            return Status(ErrorCode::InvalidModel,
                          where + ": external data field " + quoted(entry.key()) +
                              " is not a byte count (" + quoted(entry.value()) + ")");
    }
    if (location.empty())
        return Status(ErrorCode::InvalidModel,
                      where + ": stored as external data but names no 'location'");
    if (!isSafeRelativePath(location))
        return Status(ErrorCode::InvalidModel,
                      where + ": external data location " + quoted(location) +
                          " must be a relative path inside the model's folder");
    auto it = ctx.externalFiles.find(location);
    if (it == ctx.externalFiles.end()) {
        const std::string path = ctx.baseDir.empty() ? location : ctx.baseDir + "/" + location;
        auto file = MappedFile::open(path);
        if (!file)
            return Status(file.error().code() == ErrorCode::NotFound ? ErrorCode::NotFound
                                                                     : ErrorCode::IoError,
                          where + ": external data file " + quoted(location) +
                              " is missing or unreadable (" + file.error().message() +
                              "); keep it next to the model file");
        it = ctx.externalFiles.emplace(location, std::move(file).value()).first;
    }
    const auto &file = it->second;
    const uint64_t fileSize = file->size();
    if (!hasLength)
        length = offset <= fileSize ? fileSize - offset : 0;
    if (offset > fileSize || length > fileSize - offset)
        return Status(ErrorCode::InvalidModel,
                      where + ": external data file " + quoted(location) + " is too short (" +
                          std::to_string(fileSize) + " bytes; the tensor needs " +
                          std::to_string(length) + " bytes at offset " + std::to_string(offset) +
                          "); the file is truncated or belongs to another model");
    t.bytes.buffer = file;
    t.bytes.offset = offset;
    t.bytes.size = length;
    t.externalLocation = location;
    return Status::ok();
}

Expected<Attribute> importAttribute(onnx::AttributeProto &p, ImportContext &ctx,
                                    const std::string &where)
{
    Attribute a;
    a.name = p.name();
    a.docString = p.doc_string();
    a.refAttrName = p.ref_attr_name();
    int type = p.type();
    if (type == 0) { // IR < 2 models may omit the type: infer it from the field that is set
        if (p.has_f())
            type = onnx::AttributeProto::FLOAT;
        else if (p.has_i())
            type = onnx::AttributeProto::INT;
        else if (p.has_s())
            type = onnx::AttributeProto::STRING;
        else if (p.has_t())
            type = onnx::AttributeProto::TENSOR;
        else if (p.has_g())
            type = onnx::AttributeProto::GRAPH;
        else if (p.floats_size())
            type = onnx::AttributeProto::FLOATS;
        else if (p.ints_size())
            type = onnx::AttributeProto::INTS;
        else if (p.strings_size())
            type = onnx::AttributeProto::STRINGS;
        else if (p.tensors_size())
            type = onnx::AttributeProto::TENSORS;
        else if (p.graphs_size())
            type = onnx::AttributeProto::GRAPHS;
    }
    const std::string attrWhere = where + ", attribute " + quoted(a.name);
    a.type = static_cast<AttributeType>(type);
    switch (a.type) {
    case AttributeType::Float:
        a.f = p.f();
        break;
    case AttributeType::Int:
        a.i = p.i();
        break;
    case AttributeType::String:
        a.s = p.s();
        break;
    case AttributeType::Tensor: {
        auto t = importTensor(*p.mutable_t(), ctx, attrWhere);
        if (!t)
            return t.error();
        a.t = std::move(t).value();
        break;
    }
    case AttributeType::Graph: {
        auto g = importGraph(*p.mutable_g(), ctx);
        if (!g)
            return g.error();
        a.g = std::move(g).value();
        break;
    }
    case AttributeType::Floats:
        a.floats.assign(p.floats().begin(), p.floats().end());
        break;
    case AttributeType::Ints:
        a.ints.assign(p.ints().begin(), p.ints().end());
        break;
    case AttributeType::Strings:
        a.strings.assign(p.strings().begin(), p.strings().end());
        break;
    case AttributeType::Tensors:
        for (auto &tp : *p.mutable_tensors()) {
            auto t = importTensor(tp, ctx, attrWhere);
            if (!t)
                return t.error();
            a.tensors.push_back(std::move(t).value());
        }
        break;
    case AttributeType::Graphs:
        for (auto &gp : *p.mutable_graphs()) {
            auto g = importGraph(gp, ctx);
            if (!g)
                return g.error();
            a.graphs.push_back(std::move(g).value());
        }
        break;
    case AttributeType::SparseTensor:
        a.opaque.push_back(p.sparse_tensor().SerializeAsString());
        break;
    case AttributeType::SparseTensors:
        for (const auto &s : p.sparse_tensors())
            a.opaque.push_back(s.SerializeAsString());
        break;
    case AttributeType::TypeProto:
        a.opaque.push_back(p.tp().SerializeAsString());
        break;
    case AttributeType::TypeProtos:
        for (const auto &tp : p.type_protos())
            a.opaque.push_back(tp.SerializeAsString());
        break;
    case AttributeType::Undefined:
        if (a.refAttrName.empty())
            return Status(ErrorCode::InvalidModel, attrWhere + " has no value");
        break;
    default:
        return Status(ErrorCode::InvalidModel,
                      attrWhere + " has unknown type " + std::to_string(type));
    }
    return a;
}

ValueInfo importValueInfo(const onnx::ValueInfoProto &p)
{
    ValueInfo v;
    v.name = p.name();
    v.docString = p.doc_string();
    v.unknownFields = unknownOf(p);
    if (p.has_type())
        v.type = importType(p.type());
    return v;
}

} // namespace

ValueType importType(const onnx::TypeProto &proto)
{
    ValueType t;
    t.denotation = proto.denotation();
    int32_t elemType = 0;
    const onnx::TensorShapeProto *shape = nullptr;
    if (proto.has_tensor_type()) {
        t.kind = ValueType::Kind::Tensor;
        elemType = proto.tensor_type().elem_type();
        if (proto.tensor_type().has_shape())
            shape = &proto.tensor_type().shape();
    } else if (proto.has_sparse_tensor_type()) {
        t.kind = ValueType::Kind::SparseTensor;
        elemType = proto.sparse_tensor_type().elem_type();
        if (proto.sparse_tensor_type().has_shape())
            shape = &proto.sparse_tensor_type().shape();
    } else if (proto.value_case() != onnx::TypeProto::VALUE_NOT_SET) {
        t.kind = ValueType::Kind::Other; // sequence / map / optional: kept verbatim
        t.opaque = proto.SerializeAsString();
        return t;
    } else {
        return t;
    }
    t.elemType = static_cast<DataType>(elemType);
    if (shape) {
        t.hasShape = true;
        t.dims.reserve(static_cast<size_t>(shape->dim_size()));
        for (const auto &d : shape->dim()) {
            Dim dim;
            if (d.has_dim_value()) {
                dim.value = d.dim_value();
                dim.hasValue = true;
            } else if (d.has_dim_param())
                dim.param = d.dim_param();
            dim.denotation = d.denotation();
            t.dims.push_back(std::move(dim));
        }
    }
    return t;
}

Expected<TensorPtr> importTensor(onnx::TensorProto &p, ImportContext &ctx, const std::string &where,
                                 const ByteSlice *rawData)
{
    auto t = std::make_shared<Tensor>();
    t->name = p.name();
    t->docString = p.doc_string();
    t->unknownFields = unknownOf(p);
    const std::string tensorWhere =
        t->name.empty() ? where + ": tensor" : where + ": tensor " + quoted(t->name);
    if (!isKnownDataType(p.data_type()))
        return Status(ErrorCode::InvalidModel,
                      tensorWhere + " has unknown data type " + std::to_string(p.data_type()));
    t->dataType = static_cast<DataType>(p.data_type());
    t->dims.assign(p.dims().begin(), p.dims().end());
    uint64_t count = 1;
    for (int64_t d : t->dims) {
        if (d < 0)
            return Status(ErrorCode::InvalidModel,
                          tensorWhere + " has a negative dimension (" + std::to_string(d) + ")");
        if (d != 0 && count > std::numeric_limits<uint64_t>::max() / static_cast<uint64_t>(d))
            return Status(ErrorCode::InvalidModel, tensorWhere + " has an impossible size");
        count *= static_cast<uint64_t>(d);
    }
    if (count > std::numeric_limits<uint64_t>::max() / 128)
        return Status(ErrorCode::InvalidModel, tensorWhere + " has an impossible size");

    if (t->dataType == DataType::String) {
        t->strings.assign(p.string_data().begin(), p.string_data().end());
        if (t->strings.size() != count)
            return Status(ErrorCode::InvalidModel,
                          tensorWhere + " declares " + std::to_string(count) +
                              " strings but holds " + std::to_string(t->strings.size()));
        return TensorPtr(std::move(t));
    }

    if (p.data_location() == onnx::TensorProto::EXTERNAL) {
        Status s = importExternalData(p, *t, ctx, tensorWhere);
        if (!s)
            return s;
    } else if (rawData && !p.has_raw_data()) {
        t->bytes = *rawData; // a slice of the mapped model file: no copy
    } else if (p.has_raw_data()) {
        std::string bytes;
        bytes.swap(*p.mutable_raw_data()); // take the parsed bytes, no copy
        t->bytes = ByteSlice::fromString(std::move(bytes));
    } else {
        auto bytes = typedFieldBytes(p, t->dataType);
        if (!bytes)
            return Status(ErrorCode::InvalidModel, tensorWhere + ": " + bytes.error().message());
        t->bytes = ByteSlice::fromString(std::move(bytes).value());
    }

    const uint64_t expected = t->expectedByteSize();
    if (t->bytes.size != expected) {
        return Status(ErrorCode::InvalidModel,
                      tensorWhere + " declares " +
                          ValueType::tensor(t->dataType, t->dims).toString() + " (" +
                          std::to_string(expected) + " bytes) but holds " +
                          std::to_string(t->bytes.size) + " bytes");
    }
    return TensorPtr(std::move(t));
}

Expected<GraphPtr> importGraph(onnx::GraphProto &p, ImportContext &ctx)
{
    auto g = std::make_shared<Graph>();
    g->name = p.name();
    g->docString = p.doc_string();
    g->unknownFields = unknownOf(p);
    const std::string graphWhere =
        ctx.modelPath + (g->name.empty() ? std::string(", graph") : ", graph " + quoted(g->name));

    for (const auto &v : p.input())
        g->inputs.push_back(importValueInfo(v));
    for (const auto &v : p.output())
        g->outputs.push_back(importValueInfo(v));
    for (const auto &v : p.value_info())
        g->valueInfos.push_back(importValueInfo(v));
    g->initializers.reserve(static_cast<size_t>(p.initializer_size()));
    const bool mainGraph = ctx.inMainGraph;
    ctx.inMainGraph = false;
    for (int i = 0; i < p.initializer_size(); ++i) {
        if (ctx.cancel && ctx.cancel->isCancelled())
            return Status(ErrorCode::Cancelled, "loading cancelled");
        const ByteSlice *raw = nullptr;
        if (mainGraph && static_cast<size_t>(i) < ctx.mainGraphRawData.size() &&
            ctx.mainGraphRawData[static_cast<size_t>(i)])
            raw = &*ctx.mainGraphRawData[static_cast<size_t>(i)];
        auto t = importTensor(*p.mutable_initializer(i), ctx, graphWhere + ", initializer", raw);
        if (!t)
            return t.error();
        g->initializers.push_back(std::move(t).value());
    }
    for (const auto &s : p.sparse_initializer()) {
        g->sparseInitializers.push_back(s.SerializeAsString());
        g->sparseInitializerNames.push_back(s.values().name());
    }
    for (const auto &q : p.quantization_annotation())
        g->quantizationAnnotations.push_back(q.SerializeAsString());

    g->nodes.reserve(static_cast<size_t>(p.node_size()));
    for (auto &np : *p.mutable_node()) {
        if (ctx.cancel && ctx.cancel->isCancelled())
            return Status(ErrorCode::Cancelled, "loading cancelled");
        auto n = std::make_shared<Node>();
        n->id = ctx.nextId++;
        n->name = np.name();
        n->opType = np.op_type();
        n->domain = np.domain();
        n->docString = np.doc_string();
        n->unknownFields = unknownOf(np);
        n->inputs.assign(np.input().begin(), np.input().end());
        n->outputs.assign(np.output().begin(), np.output().end());
        const std::string nodeWhere = graphWhere + ", node " + quoted(n->displayName()) + " (" +
                                      (n->opType.empty() ? std::string("no op type") : n->opType) +
                                      ")";
        if (n->opType.empty())
            return Status(ErrorCode::InvalidModel, nodeWhere + " has no op_type");
        n->attributes.reserve(static_cast<size_t>(np.attribute_size()));
        for (auto &ap : *np.mutable_attribute()) {
            auto a = importAttribute(ap, ctx, nodeWhere);
            if (!a)
                return a.error();
            n->attributes.push_back(std::move(a).value());
        }
        g->nodes.push_back(std::move(n));
        if (ctx.onNode)
            ctx.onNode(g->nodes.size());
    }
    return GraphPtr(std::move(g));
}

Expected<Model> importModel(onnx::ModelProto &p, ImportContext &ctx)
{
    Model m;
    m.irVersion = p.ir_version();
    for (const auto &o : p.opset_import())
        m.opsets.push_back({o.domain(), o.version()});
    m.producerName = p.producer_name();
    m.producerVersion = p.producer_version();
    m.domain = p.domain();
    m.modelVersion = p.model_version();
    m.docString = p.doc_string();
    m.unknownFields = unknownOf(p);
    for (const auto &kv : p.metadata_props())
        m.metadata.push_back({kv.key(), kv.value()});
    for (const auto &f : p.functions())
        m.functions.push_back({f.domain(), f.name(), f.SerializeAsString()});
    for (const auto &t : p.training_info())
        m.trainingInfo.push_back(t.SerializeAsString());
    auto g = importGraph(*p.mutable_graph(), ctx);
    if (!g)
        return g.error();
    m.graph = std::move(g).value();
    m.nextNodeId = ctx.nextId;
    m.sourcePath = ctx.modelPath;
    return m;
}

} // namespace silica::onnxproto
