// IR → onnx.ModelProto.

#include "core/graph/onnx_proto.h"

namespace silica::onnxproto {

namespace {

void restoreUnknown(const std::string &bytes, google::protobuf::Message *m)
{
    if (!bytes.empty())
        m->GetReflection()->MutableUnknownFields(m)->ParseFromString(bytes);
}

void exportDims(const std::vector<Dim> &dims, onnx::TensorShapeProto *shape)
{
    for (const Dim &d : dims) {
        auto *dp = shape->add_dim();
        if (d.hasValue)
            dp->set_dim_value(d.value);
        else if (!d.param.empty())
            dp->set_dim_param(d.param);
        if (!d.denotation.empty())
            dp->set_denotation(d.denotation);
    }
}

void exportValueInfo(const ValueInfo &v, onnx::ValueInfoProto *p)
{
    p->set_name(v.name);
    if (!v.docString.empty())
        p->set_doc_string(v.docString);
    restoreUnknown(v.unknownFields, p);
    if (v.type.kind != ValueType::Kind::None)
        exportType(v.type, p->mutable_type());
}

void exportAttribute(const Attribute &a, onnx::AttributeProto *p, ExportContext &ctx)
{
    p->set_name(a.name);
    if (!a.docString.empty())
        p->set_doc_string(a.docString);
    if (!a.refAttrName.empty())
        p->set_ref_attr_name(a.refAttrName);
    if (a.type != AttributeType::Undefined)
        p->set_type(static_cast<onnx::AttributeProto_AttributeType>(a.type));
    switch (a.type) {
    case AttributeType::Float:
        p->set_f(a.f);
        break;
    case AttributeType::Int:
        p->set_i(a.i);
        break;
    case AttributeType::String:
        p->set_s(a.s);
        break;
    case AttributeType::Tensor:
        if (a.t)
            exportTensor(*a.t, p->mutable_t(), ctx);
        break;
    case AttributeType::Graph:
        if (a.g)
            exportGraph(*a.g, p->mutable_g(), ctx);
        break;
    case AttributeType::Floats:
        p->mutable_floats()->Add(a.floats.begin(), a.floats.end());
        break;
    case AttributeType::Ints:
        p->mutable_ints()->Add(a.ints.begin(), a.ints.end());
        break;
    case AttributeType::Strings:
        for (const std::string &s : a.strings)
            p->add_strings(s);
        break;
    case AttributeType::Tensors:
        for (const TensorPtr &t : a.tensors)
            exportTensor(*t, p->add_tensors(), ctx);
        break;
    case AttributeType::Graphs:
        for (const GraphPtr &g : a.graphs)
            exportGraph(*g, p->add_graphs(), ctx);
        break;
    case AttributeType::SparseTensor:
        if (!a.opaque.empty())
            p->mutable_sparse_tensor()->ParseFromString(a.opaque.front());
        break;
    case AttributeType::SparseTensors:
        for (const std::string &s : a.opaque)
            p->add_sparse_tensors()->ParseFromString(s);
        break;
    case AttributeType::TypeProto:
        if (!a.opaque.empty())
            p->mutable_tp()->ParseFromString(a.opaque.front());
        break;
    case AttributeType::TypeProtos:
        for (const std::string &s : a.opaque)
            p->add_type_protos()->ParseFromString(s);
        break;
    case AttributeType::Undefined:
        break;
    }
}

void exportNode(const Node &n, onnx::NodeProto *p, ExportContext &ctx)
{
    if (!n.name.empty())
        p->set_name(n.name);
    p->set_op_type(n.opType);
    if (!n.domain.empty())
        p->set_domain(n.domain);
    if (!n.docString.empty())
        p->set_doc_string(n.docString);
    for (const std::string &i : n.inputs)
        p->add_input(i);
    for (const std::string &o : n.outputs)
        p->add_output(o);
    for (const Attribute &a : n.attributes)
        exportAttribute(a, p->add_attribute(), ctx);
    restoreUnknown(n.unknownFields, p);
}

} // namespace

void exportType(const ValueType &type, onnx::TypeProto *p)
{
    if (type.kind == ValueType::Kind::Other) {
        p->ParseFromString(type.opaque);
        return;
    }
    if (!type.denotation.empty())
        p->set_denotation(type.denotation);
    if (type.kind == ValueType::Kind::SparseTensor) {
        auto *st = p->mutable_sparse_tensor_type();
        st->set_elem_type(static_cast<int32_t>(type.elemType));
        if (type.hasShape)
            exportDims(type.dims, st->mutable_shape());
        return;
    }
    if (type.kind == ValueType::Kind::Tensor) {
        auto *tt = p->mutable_tensor_type();
        tt->set_elem_type(static_cast<int32_t>(type.elemType));
        if (type.hasShape)
            exportDims(type.dims, tt->mutable_shape());
    }
}

void exportTensor(const Tensor &t, onnx::TensorProto *p, ExportContext &ctx)
{
    if (!t.name.empty())
        p->set_name(t.name);
    if (!t.docString.empty())
        p->set_doc_string(t.docString);
    p->set_data_type(static_cast<int32_t>(t.dataType));
    restoreUnknown(t.unknownFields, p);
    p->mutable_dims()->Add(t.dims.begin(), t.dims.end());
    if (t.dataType == DataType::String) {
        for (const std::string &s : t.strings)
            p->add_string_data(s);
        return;
    }
    if (ctx.mode == WeightMode::TypesOnly && t.bytes.size > ctx.typesOnlyLimit) {
        // Weights stored in Constant nodes (paddle2onnx does this): keep type and dims, drop
        // the bytes. Marked as external data at "." so the checker accepts a tensor without
        // inline data; shape inference never reads external data.
        p->set_data_location(onnx::TensorProto::EXTERNAL);
        auto *kv = p->add_external_data();
        kv->set_key("location");
        kv->set_value(".");
        return;
    }
    if (ctx.mode == WeightMode::External && ctx.sink && t.bytes.size >= ctx.externalThreshold) {
        auto offset = ctx.sink->append(t.bytes.data(), t.bytes.size);
        if (!offset) {
            if (ctx.error.isOk())
                ctx.error = offset.error();
            return;
        }
        p->set_data_location(onnx::TensorProto::EXTERNAL);
        auto add = [p](const char *key, const std::string &value) {
            auto *kv = p->add_external_data();
            kv->set_key(key);
            kv->set_value(value);
        };
        add("location", ctx.sink->location());
        add("offset", std::to_string(offset.value()));
        add("length", std::to_string(t.bytes.size));
        return;
    }
    p->set_raw_data(t.bytes.data(), t.bytes.size);
}

void exportGraph(const Graph &g, onnx::GraphProto *p, ExportContext &ctx)
{
    if (!g.name.empty())
        p->set_name(g.name);
    if (!g.docString.empty())
        p->set_doc_string(g.docString);
    ++ctx.graphDepth;
    for (const NodePtr &n : g.nodes)
        exportNode(*n, p->add_node(), ctx);
    --ctx.graphDepth;
    for (const ValueInfo &v : g.inputs)
        exportValueInfo(v, p->add_input());
    for (const TensorPtr &t : g.initializers) {
        // Only in the main graph: a body's inputs are its signature (If/Loop/Scan check them).
        if (ctx.mode == WeightMode::TypesOnly && ctx.graphDepth == 0 &&
            t->dataType != DataType::String && t->bytes.size > ctx.typesOnlyLimit) {
            // Shape inference and the checker only need the type: declare it as an input.
            bool declared = false;
            for (const ValueInfo &v : g.inputs)
                declared = declared || v.name == t->name;
            if (!declared)
                exportValueInfo({t->name, ValueType::tensor(t->dataType, t->dims), {}, {}},
                                p->add_input());
            continue;
        }
        exportTensor(*t, p->add_initializer(), ctx);
    }
    for (const ValueInfo &v : g.outputs)
        exportValueInfo(v, p->add_output());
    for (const ValueInfo &v : g.valueInfos)
        exportValueInfo(v, p->add_value_info());
    for (const std::string &s : g.sparseInitializers)
        p->add_sparse_initializer()->ParseFromString(s);
    for (const std::string &q : g.quantizationAnnotations)
        p->add_quantization_annotation()->ParseFromString(q);
    restoreUnknown(g.unknownFields, p);
}

void exportModel(const Model &m, onnx::ModelProto *p, ExportContext &ctx)
{
    p->set_ir_version(m.irVersion);
    for (const OpsetImport &o : m.opsets) {
        auto *op = p->add_opset_import();
        op->set_domain(o.domain);
        op->set_version(o.version);
    }
    if (!m.producerName.empty())
        p->set_producer_name(m.producerName);
    if (!m.producerVersion.empty())
        p->set_producer_version(m.producerVersion);
    if (!m.domain.empty())
        p->set_domain(m.domain);
    if (m.modelVersion)
        p->set_model_version(m.modelVersion);
    if (!m.docString.empty())
        p->set_doc_string(m.docString);
    for (const StringPair &kv : m.metadata) {
        auto *e = p->add_metadata_props();
        e->set_key(kv.key);
        e->set_value(kv.value);
    }
    if (m.graph)
        exportGraph(*m.graph, p->mutable_graph(), ctx);
    for (const FunctionDef &f : m.functions)
        p->add_functions()->ParseFromString(f.serialized);
    for (const std::string &t : m.trainingInfo)
        p->add_training_info()->ParseFromString(t);
    restoreUnknown(m.unknownFields, p);
}

} // namespace silica::onnxproto
