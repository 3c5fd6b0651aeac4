#include "core/graph/shape_inference.h"

#include "core/common/isolated_call.h"
#include "core/graph/onnx_proto.h"

#include <onnx/checker.h>
#include <onnx/shape_inference/implementation.h>

#include <cstring>
#include <unordered_set>

namespace silica {

namespace {

// The ONNX release whose checker and schemas Debian 12 ships (libonnx 1.12).
constexpr int64_t kCheckerMaxIr = 8;
constexpr int64_t kCheckerMaxOpset = 17;
constexpr int64_t kCheckerMaxMlOpset = 3;

// Child → parent message: u32 warning count, (u32 length + bytes) per warning, then the
// inferred GraphProto bytes (empty when inference failed).
std::string encodeOutcome(const std::vector<std::string> &warnings, const std::string &graph)
{
    std::string out;
    auto put32 = [&out](uint32_t v) { out.append(reinterpret_cast<const char *>(&v), 4); };
    put32(static_cast<uint32_t>(warnings.size()));
    for (const std::string &w : warnings) {
        put32(static_cast<uint32_t>(w.size()));
        out += w;
    }
    out += graph;
    return out;
}

bool decodeOutcome(const std::string &in, std::vector<std::string> &warnings, std::string &graph)
{
    size_t pos = 0;
    auto get32 = [&](uint32_t &v) {
        if (pos + 4 > in.size())
            return false;
        std::memcpy(&v, in.data() + pos, 4);
        pos += 4;
        return true;
    };
    uint32_t count = 0;
    if (!get32(count))
        return false;
    for (uint32_t i = 0; i < count; ++i) {
        uint32_t len = 0;
        if (!get32(len) || pos + len > in.size())
            return false;
        warnings.push_back(in.substr(pos, len));
        pos += len;
    }
    graph = in.substr(pos);
    return true;
}

GraphPtr attachInferred(const GraphPtr &graph, const onnx::GraphProto &proto)
{
    auto copy = std::make_shared<Graph>(*graph);
    std::unordered_set<std::string> typed;
    for (const auto *list : {&graph->inputs, &graph->outputs, &graph->valueInfos})
        for (const ValueInfo &v : *list)
            if (v.type.kind == ValueType::Kind::Other || (v.type.isTensor() && v.type.hasShape))
                typed.insert(v.name);
    for (const TensorPtr &t : graph->initializers)
        typed.insert(t->name);
    copy->inferred.clear();
    auto take = [&](const onnx::ValueInfoProto &v) {
        if (v.has_type() && !typed.count(v.name())) {
            typed.insert(v.name());
            copy->inferred.push_back({v.name(), onnxproto::importType(v.type()), {}, {}});
        }
    };
    for (const auto &v : proto.value_info())
        take(v);
    for (const auto &v : proto.output())
        take(v);

    // Nodes were exported in order, attributes in order: walk both to reach the subgraphs.
    for (size_t i = 0; i < copy->nodes.size() && static_cast<int>(i) < proto.node_size(); ++i) {
        const NodePtr &node = copy->nodes[i];
        if (node->subgraphs().empty())
            continue;
        auto newNode = std::make_shared<Node>(*node);
        const auto &np = proto.node(static_cast<int>(i));
        for (size_t a = 0;
             a < newNode->attributes.size() && static_cast<int>(a) < np.attribute_size(); ++a) {
            Attribute &attr = newNode->attributes[a];
            const auto &ap = np.attribute(static_cast<int>(a));
            if (attr.type == AttributeType::Graph && attr.g)
                attr.g = attachInferred(attr.g, ap.g());
            else if (attr.type == AttributeType::Graphs)
                for (size_t k = 0; k < attr.graphs.size() && static_cast<int>(k) < ap.graphs_size();
                     ++k)
                    attr.graphs[k] = attachInferred(attr.graphs[k], ap.graphs(static_cast<int>(k)));
        }
        copy->nodes[i] = std::move(newNode);
    }
    return copy;
}

// libonnx builds its schema registry and per-op tables lazily; do that once in this process so
// every isolated child inherits it instead of rebuilding it.
void warmUpOnnx()
{
    static const bool done = [] {
        onnx::ModelProto m;
        m.set_ir_version(8);
        auto *op = m.add_opset_import();
        op->set_version(17);
        auto *g = m.mutable_graph();
        auto *n = g->add_node();
        n->set_op_type("Relu");
        n->add_input("x");
        n->add_output("y");
        auto *in = g->add_input();
        in->set_name("x");
        in->mutable_type()->mutable_tensor_type()->set_elem_type(1);
        g->add_output()->set_name("y");
        try {
            onnx::checker::check_model(m);
            onnx::shape_inference::InferShapes(m);
        } catch (const std::exception &) {
        }
        return true;
    }();
    (void)done;
}

} // namespace

bool checkerApplies(const Model &model, std::string *reason)
{
    auto fail = [reason](std::string why) {
        if (reason)
            *reason = std::move(why);
        return false;
    };
    if (model.irVersion > kCheckerMaxIr)
        return fail("the model has IR version " + std::to_string(model.irVersion) +
                    " and ONNX 1.12's checker knows IR versions up to " +
                    std::to_string(kCheckerMaxIr));
    for (const OpsetImport &o : model.opsets) {
        if (isDefaultDomain(o.domain) && o.version > kCheckerMaxOpset)
            return fail("the model uses opset ai.onnx " + std::to_string(o.version) +
                        " and ONNX 1.12's checker knows opsets up to " +
                        std::to_string(kCheckerMaxOpset));
        if (o.domain == "ai.onnx.ml" && o.version > kCheckerMaxMlOpset)
            return fail("the model uses opset ai.onnx.ml " + std::to_string(o.version) +
                        " and ONNX 1.12's checker knows up to " +
                        std::to_string(kCheckerMaxMlOpset));
    }
    return true;
}

Model checkAndInferShapes(const Model &model, const OnnxCheckOptions &options,
                          std::vector<std::string> &warnings, const CancelToken &cancel)
{
    Model result = model;
    if (!model.graph)
        return result;
    onnx::ModelProto proto;
    onnxproto::ExportContext ctx;
    ctx.mode = onnxproto::WeightMode::TypesOnly;
    onnxproto::exportModel(model, &proto, ctx);

    std::string reason;
    const bool runChecker = options.runChecker && checkerApplies(model, &reason);
    if (options.runChecker && !runChecker) {
        warnings.push_back("ONNX checker skipped: " + reason +
                           ". The model was opened anyway; Silica's own structural checks passed.");
    }
    if (!runChecker && !options.inferShapes)
        return result;

    // The work libonnx does; in a child process when isolated (see isolated_call.h).
    auto work = [&proto, runChecker, &options]() {
        std::vector<std::string> found;
        if (runChecker) {
            try {
                onnx::checker::check_model(proto);
            } catch (const std::exception &e) {
                found.push_back(std::string("ONNX checker: ") + e.what());
            }
        }
        bool inferred = false;
        if (options.inferShapes) {
            try {
                onnx::ShapeInferenceOptions sio(false, 0, true);
                onnx::shape_inference::InferShapes(proto, onnx::OpSchemaRegistry::Instance(), sio);
                inferred = true;
            } catch (const std::exception &e) {
                found.push_back(std::string("shape inference stopped: ") + e.what() +
                                "; shapes shown are the ones the file declares");
            }
        }
        return encodeOutcome(found, inferred ? proto.graph().SerializeAsString() : std::string());
    };

    std::string outcome;
    if (options.isolate) {
        warmUpOnnx();
        auto isolated = runIsolated(work, options.timeoutMs, cancel);
        if (!isolated) {
            if (isolated.error().code() == ErrorCode::Cancelled)
                return result;
            warnings.push_back("ONNX checker and shape inference " + isolated.error().message() +
                               " on this model (a libonnx problem with malformed graphs); the "
                               "model opened with the shapes its file declares");
            return result;
        }
        outcome = std::move(isolated).value();
    } else {
        outcome = work();
    }
    std::string graphBytes;
    if (!decodeOutcome(outcome, warnings, graphBytes)) {
        warnings.push_back("ONNX shape inference returned unreadable results; shapes shown are "
                           "the ones the file declares");
        return result;
    }
    if (!graphBytes.empty()) {
        onnx::GraphProto inferredGraph;
        if (inferredGraph.ParseFromString(graphBytes))
            result.graph = attachInferred(model.graph, inferredGraph);
    }
    return result;
}

} // namespace silica
