#include "core/graph/model_compare.h"

#include <cstring>

namespace silica {

namespace {

std::string graphDifference(const Graph &a, const Graph &b, const std::string &where);

std::string tensorDifference(const Tensor &a, const Tensor &b, const std::string &where)
{
    const std::string w = where + " tensor '" + a.name + "'";
    if (a.name != b.name)
        return where + ": tensor name '" + a.name + "' vs '" + b.name + "'";
    if (a.dataType != b.dataType)
        return w + ": data type " + dataTypeName(a.dataType) + " vs " + dataTypeName(b.dataType);
    if (a.dims != b.dims)
        return w + ": dims differ";
    if (a.docString != b.docString || a.unknownFields != b.unknownFields)
        return w + ": doc string or newer fields differ";
    if (a.strings != b.strings)
        return w + ": string data differs";
    if (a.bytes.size != b.bytes.size)
        return w + ": " + std::to_string(a.bytes.size) + " vs " + std::to_string(b.bytes.size) +
               " bytes";
    if (a.bytes.size && std::memcmp(a.bytes.data(), b.bytes.data(), a.bytes.size) != 0)
        return w + ": bytes differ";
    return {};
}

std::string valueInfosDifference(const std::vector<ValueInfo> &a, const std::vector<ValueInfo> &b,
                                 const std::string &what)
{
    if (a.size() != b.size())
        return what + ": " + std::to_string(a.size()) + " vs " + std::to_string(b.size()) +
               " entries";
    for (size_t i = 0; i < a.size(); ++i) {
        if (a[i].name != b[i].name)
            return what + " #" + std::to_string(i) + ": '" + a[i].name + "' vs '" + b[i].name + "'";
        if (!(a[i].type == b[i].type))
            return what + " '" + a[i].name + "': type " + a[i].type.toString() + " vs " +
                   b[i].type.toString();
        if (a[i].docString != b[i].docString || a[i].unknownFields != b[i].unknownFields)
            return what + " '" + a[i].name + "': doc string or newer fields differ";
    }
    return {};
}

std::string attributeDifference(const Attribute &a, const Attribute &b, const std::string &where)
{
    const std::string w = where + " attribute '" + a.name + "'";
    if (a.name != b.name || a.type != b.type || a.refAttrName != b.refAttrName ||
        a.docString != b.docString)
        return w + ": name, type or reference differs";
    // Compare bit patterns so NaN attributes still compare equal to themselves.
    if (std::memcmp(&a.f, &b.f, sizeof a.f) != 0 || a.i != b.i || a.s != b.s)
        return w + ": value " + a.valueString() + " vs " + b.valueString();
    if (a.floats.size() != b.floats.size() ||
        (!a.floats.empty() &&
         std::memcmp(a.floats.data(), b.floats.data(), a.floats.size() * sizeof(float)) != 0))
        return w + ": floats differ";
    if (a.ints != b.ints || a.strings != b.strings || a.opaque != b.opaque)
        return w + ": values differ";
    if (bool(a.t) != bool(b.t) || a.tensors.size() != b.tensors.size() || bool(a.g) != bool(b.g) ||
        a.graphs.size() != b.graphs.size())
        return w + ": tensor or graph value differs";
    if (a.t)
        if (auto d = tensorDifference(*a.t, *b.t, w); !d.empty())
            return d;
    for (size_t i = 0; i < a.tensors.size(); ++i)
        if (auto d = tensorDifference(*a.tensors[i], *b.tensors[i], w); !d.empty())
            return d;
    if (a.g)
        if (auto d = graphDifference(*a.g, *b.g, w); !d.empty())
            return d;
    for (size_t i = 0; i < a.graphs.size(); ++i)
        if (auto d = graphDifference(*a.graphs[i], *b.graphs[i], w); !d.empty())
            return d;
    return {};
}

std::string graphDifference(const Graph &a, const Graph &b, const std::string &where)
{
    const std::string w = where + " graph '" + a.name + "'";
    if (a.name != b.name)
        return where + ": graph name '" + a.name + "' vs '" + b.name + "'";
    if (a.docString != b.docString || a.unknownFields != b.unknownFields)
        return w + ": doc string or newer fields differ";
    if (auto d = valueInfosDifference(a.inputs, b.inputs, w + " inputs"); !d.empty())
        return d;
    if (auto d = valueInfosDifference(a.outputs, b.outputs, w + " outputs"); !d.empty())
        return d;
    if (auto d = valueInfosDifference(a.valueInfos, b.valueInfos, w + " value_info"); !d.empty())
        return d;
    if (a.initializers.size() != b.initializers.size())
        return w + ": " + std::to_string(a.initializers.size()) + " vs " +
               std::to_string(b.initializers.size()) + " initializers";
    for (size_t i = 0; i < a.initializers.size(); ++i)
        if (auto d = tensorDifference(*a.initializers[i], *b.initializers[i], w); !d.empty())
            return d;
    if (a.sparseInitializers != b.sparseInitializers)
        return w + ": sparse initializers differ";
    if (a.quantizationAnnotations != b.quantizationAnnotations)
        return w + ": quantization annotations differ";
    if (a.nodes.size() != b.nodes.size())
        return w + ": " + std::to_string(a.nodes.size()) + " vs " + std::to_string(b.nodes.size()) +
               " nodes";
    for (size_t i = 0; i < a.nodes.size(); ++i) {
        const Node &x = *a.nodes[i];
        const Node &y = *b.nodes[i];
        const std::string nw = w + " node #" + std::to_string(i) + " '" + x.displayName() + "'";
        if (x.name != y.name || x.opType != y.opType || x.domain != y.domain)
            return nw + ": name, op type or domain differs ('" + y.name + "' " + y.opType + ")";
        if (x.docString != y.docString || x.unknownFields != y.unknownFields)
            return nw + ": doc string or newer fields (overload, metadata) differ";
        if (x.inputs != y.inputs || x.outputs != y.outputs)
            return nw + ": inputs or outputs differ";
        if (x.attributes.size() != y.attributes.size())
            return nw + ": attribute count differs";
        for (size_t k = 0; k < x.attributes.size(); ++k)
            if (auto d = attributeDifference(x.attributes[k], y.attributes[k], nw); !d.empty())
                return d;
    }
    return {};
}

} // namespace

std::string modelDifference(const Model &a, const Model &b)
{
    if (a.irVersion != b.irVersion)
        return "IR version " + std::to_string(a.irVersion) + " vs " + std::to_string(b.irVersion);
    if (!(a.opsets == b.opsets))
        return "opset imports differ";
    if (a.producerName != b.producerName || a.producerVersion != b.producerVersion)
        return "producer differs";
    if (a.domain != b.domain || a.modelVersion != b.modelVersion)
        return "model domain or version differs";
    if (a.docString != b.docString || a.unknownFields != b.unknownFields)
        return "model doc string or newer fields differ";
    if (!(a.metadata == b.metadata))
        return "metadata differs";
    if (a.functions.size() != b.functions.size())
        return "function count differs";
    for (size_t i = 0; i < a.functions.size(); ++i)
        if (a.functions[i].serialized != b.functions[i].serialized)
            return "function '" + a.functions[i].name + "' differs";
    if (a.trainingInfo != b.trainingInfo)
        return "training info differs";
    if (bool(a.graph) != bool(b.graph))
        return "one model has no graph";
    return a.graph ? graphDifference(*a.graph, *b.graph, "main") : std::string();
}

} // namespace silica
