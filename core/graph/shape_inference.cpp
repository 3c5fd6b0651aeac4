#include "core/graph/shape_inference.h"

#include "core/graph/onnx_proto.h"

#include <onnx/checker.h>
#include <onnx/shape_inference/implementation.h>

#include <unordered_set>

namespace silica {

namespace {

// The ONNX release whose checker and schemas Debian 12 ships (libonnx 1.12).
constexpr int64_t kCheckerMaxIr = 8;
constexpr int64_t kCheckerMaxOpset = 17;
constexpr int64_t kCheckerMaxMlOpset = 3;

GraphPtr attachInferred(const GraphPtr &graph, const onnx::GraphProto &proto)
{
    auto copy = std::make_shared<Graph>(*graph);
    std::unordered_set<std::string> typed;
    for (const auto *list : {&graph->inputs, &graph->outputs, &graph->valueInfos})
        for (const ValueInfo &v : *list)
            if (v.type.kind != ValueType::Kind::None)
                typed.insert(v.name);
    for (const TensorPtr &t : graph->initializers)
        typed.insert(t->name);
    copy->inferred.clear();
    auto take = [&](const onnx::ValueInfoProto &v) {
        if (v.has_type() && !typed.count(v.name())) {
            typed.insert(v.name());
            copy->inferred.push_back({v.name(), onnxproto::importType(v.type()), {}});
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
        for (size_t a = 0; a < newNode->attributes.size() && static_cast<int>(a) < np.attribute_size();
             ++a) {
            Attribute &attr = newNode->attributes[a];
            const auto &ap = np.attribute(static_cast<int>(a));
            if (attr.type == AttributeType::Graph && attr.g)
                attr.g = attachInferred(attr.g, ap.g());
            else if (attr.type == AttributeType::Graphs)
                for (size_t k = 0; k < attr.graphs.size() && static_cast<int>(k) < ap.graphs_size(); ++k)
                    attr.graphs[k] = attachInferred(attr.graphs[k], ap.graphs(static_cast<int>(k)));
        }
        copy->nodes[i] = std::move(newNode);
    }
    return copy;
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
                        " and ONNX 1.12's checker knows up to " + std::to_string(kCheckerMaxMlOpset));
    }
    return true;
}

Model checkAndInferShapes(const Model &model, const OnnxCheckOptions &options,
                          std::vector<std::string> &warnings)
{
    Model result = model;
    if (!model.graph)
        return result;
    onnx::ModelProto proto;
    onnxproto::ExportContext ctx;
    ctx.mode = onnxproto::WeightMode::TypesOnly;
    onnxproto::exportModel(model, &proto, ctx);

    if (options.runChecker) {
        std::string reason;
        if (!checkerApplies(model, &reason)) {
            warnings.push_back("ONNX checker skipped: " + reason +
                               ". The model was opened anyway; Silica's own structural checks "
                               "passed.");
        } else {
            try {
                onnx::checker::check_model(proto);
            } catch (const std::exception &e) {
                warnings.push_back(std::string("ONNX checker: ") + e.what());
            }
        }
    }
    if (options.inferShapes) {
        try {
            onnx::ShapeInferenceOptions sio(false, 0, true);
            onnx::shape_inference::InferShapes(proto, onnx::OpSchemaRegistry::Instance(), sio);
            result.graph = attachInferred(model.graph, proto.graph());
        } catch (const std::exception &e) {
            warnings.push_back(std::string("shape inference stopped: ") + e.what() +
                               "; shapes shown are the ones the file declares");
        }
    }
    return result;
}

} // namespace silica
