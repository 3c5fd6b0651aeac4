#include "core/graph/model.h"

#include "core/graph/graph_index.h"

#include <sstream>

namespace silica {

std::optional<std::vector<int64_t>> ValueType::staticShape() const
{
    if (!isTensor() || !hasShape)
        return std::nullopt;
    std::vector<int64_t> shape;
    shape.reserve(dims.size());
    for (const Dim &d : dims) {
        if (!d.isKnown())
            return std::nullopt;
        shape.push_back(d.value);
    }
    return shape;
}

std::string ValueType::shapeString() const
{
    if (!isTensor())
        return {};
    if (!hasShape)
        return "[?]";
    std::string s = "[";
    for (size_t i = 0; i < dims.size(); ++i) {
        if (i)
            s += ',';
        if (dims[i].isKnown())
            s += std::to_string(dims[i].value);
        else if (!dims[i].param.empty())
            s += dims[i].param;
        else
            s += '?';
    }
    return s + ']';
}

std::string ValueType::toString() const
{
    switch (kind) {
    case Kind::None:
        return "?";
    case Kind::Tensor:
        return dataTypeName(elemType) + shapeString();
    case Kind::SparseTensor:
        return "sparse " + dataTypeName(elemType) + shapeString();
    case Kind::Other:
        return "non-tensor";
    }
    return "?";
}

bool ValueType::operator==(const ValueType &o) const
{
    return kind == o.kind && elemType == o.elemType && hasShape == o.hasShape && dims == o.dims &&
           denotation == o.denotation && opaque == o.opaque;
}

ValueType ValueType::tensor(DataType elem, const std::vector<int64_t> &shape)
{
    ValueType t;
    t.kind = Kind::Tensor;
    t.elemType = elem;
    t.hasShape = true;
    t.dims.reserve(shape.size());
    for (int64_t d : shape) {
        Dim dim;
        dim.value = d;
        dim.hasValue = true;
        t.dims.push_back(dim);
    }
    return t;
}

uint64_t Tensor::elementCount() const
{
    uint64_t n = 1;
    for (int64_t d : dims)
        n *= d > 0 ? static_cast<uint64_t>(d) : 0;
    return n;
}

namespace {
template <typename T> std::string listString(const std::vector<T> &values)
{
    std::ostringstream os;
    os << '[';
    const size_t shown = std::min<size_t>(values.size(), 16);
    for (size_t i = 0; i < shown; ++i)
        os << (i ? "," : "") << values[i];
    if (shown < values.size())
        os << ",… (" << values.size() << ")";
    os << ']';
    return os.str();
}

std::string tensorString(const TensorPtr &t)
{
    if (!t)
        return "<tensor>";
    return "<tensor " + ValueType::tensor(t->dataType, t->dims).toString() + ">";
}
} // namespace

std::string Attribute::valueString() const
{
    switch (type) {
    case AttributeType::Float: {
        std::ostringstream os;
        os << f;
        return os.str();
    }
    case AttributeType::Int:
        return std::to_string(i);
    case AttributeType::String:
        return "'" + s + "'";
    case AttributeType::Tensor:
        return tensorString(t);
    case AttributeType::Graph:
        return "<graph " + (g ? g->name : std::string()) + ">";
    case AttributeType::Floats:
        return listString(floats);
    case AttributeType::Ints:
        return listString(ints);
    case AttributeType::Strings: {
        std::vector<std::string> quoted;
        for (const std::string &x : strings)
            quoted.push_back("'" + x + "'");
        return listString(quoted);
    }
    case AttributeType::Tensors:
        return "<" + std::to_string(tensors.size()) + " tensors>";
    case AttributeType::Graphs:
        return "<" + std::to_string(graphs.size()) + " graphs>";
    case AttributeType::SparseTensor:
    case AttributeType::SparseTensors:
        return "<sparse tensor>";
    case AttributeType::TypeProto:
    case AttributeType::TypeProtos:
        return "<type>";
    case AttributeType::Undefined:
        break;
    }
    return refAttrName.empty() ? "?" : "@" + refAttrName;
}

const Attribute *Node::attribute(std::string_view attrName) const
{
    for (const Attribute &a : attributes)
        if (a.name == attrName)
            return &a;
    return nullptr;
}

int64_t Node::intAttribute(std::string_view attrName, int64_t fallback) const
{
    const Attribute *a = attribute(attrName);
    return a && a->type == AttributeType::Int ? a->i : fallback;
}

float Node::floatAttribute(std::string_view attrName, float fallback) const
{
    const Attribute *a = attribute(attrName);
    return a && a->type == AttributeType::Float ? a->f : fallback;
}

std::string Node::stringAttribute(std::string_view attrName, const std::string &fallback) const
{
    const Attribute *a = attribute(attrName);
    return a && a->type == AttributeType::String ? a->s : fallback;
}

std::vector<int64_t> Node::intsAttribute(std::string_view attrName) const
{
    const Attribute *a = attribute(attrName);
    return a && a->type == AttributeType::Ints ? a->ints : std::vector<int64_t>();
}

std::vector<GraphPtr> Node::subgraphs() const
{
    std::vector<GraphPtr> result;
    for (const Attribute &a : attributes) {
        if (a.type == AttributeType::Graph && a.g)
            result.push_back(a.g);
        else if (a.type == AttributeType::Graphs)
            for (const GraphPtr &g : a.graphs)
                if (g)
                    result.push_back(g);
    }
    return result;
}

std::string Node::displayName() const
{
    if (!name.empty())
        return name;
    return opType + "#" + std::to_string(id);
}

std::shared_ptr<const GraphIndex> GraphIndexCache::get(const Graph &graph) const
{
    auto index = std::atomic_load(&m_index);
    if (!index) {
        auto built = std::make_shared<const GraphIndex>(graph);
        std::shared_ptr<const GraphIndex> expected;
        if (std::atomic_compare_exchange_strong(&m_index, &expected, built))
            index = built;
        else
            index = expected; // another thread won the race; use its index
    }
    return index;
}

const GraphIndex &Graph::index() const
{
    return *m_index.get(*this);
}

int64_t Model::opsetVersion(std::string_view d) const
{
    const bool wantDefault = isDefaultDomain(d);
    for (const OpsetImport &o : opsets)
        if (wantDefault ? isDefaultDomain(o.domain) : o.domain == d)
            return o.version;
    return 0;
}

} // namespace silica
