#include "core/runtime/plan_fusion.h"

#include "core/graph/graph_index.h"

#include <cfloat>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

namespace silica::runtime {

std::vector<FusedGroup> singleNodeGroups(const std::vector<const Node *> &order)
{
    std::vector<FusedGroup> groups;
    groups.reserve(order.size());
    for (const Node *node : order)
        groups.push_back(FusedGroup{node, {node}});
    return groups;
}

namespace {

bool isOp(const Node *node, const char *opType)
{
    return node && isDefaultDomain(node->domain) && node->opType == opType;
}

Attribute floatAttr(const char *name, float value)
{
    Attribute a;
    a.name = name;
    a.type = AttributeType::Float;
    a.f = value;
    return a;
}

class Fuser
{
public:
    Fuser(const Graph &graph, const std::vector<const Node *> &order, ConstantTable &constants,
          const Model &model)
        : m_index(graph.index()), m_constants(constants), m_model(model)
    {
        for (size_t i = 0; i < order.size(); ++i)
            m_position[order[i]] = i;
    }

    // The only node reading `value`, when nothing else (graph output, subgraph) does.
    const Node *soleConsumer(const std::string &value) const
    {
        if (m_index.isGraphOutput(value))
            return nullptr;
        const std::vector<NodeId> &consumers = m_index.consumers(value);
        if (consumers.size() != 1)
            return nullptr;
        const Node *n = m_index.node(consumers[0]);
        if (!n || !m_position.count(n) || m_absorbed.count(n))
            return nullptr;
        // Read once, as a direct input (not from inside a subgraph).
        int uses = 0;
        for (const std::string &in : n->inputs)
            uses += in == value;
        return uses == 1 && n->subgraphs().empty() ? n : nullptr;
    }

    bool isFloatConstant(const std::string &name) const
    {
        return !name.empty() && m_constants.contains(name) &&
               m_constants.dataType(name) == DataType::Float;
    }
    // Reads the values: only for small tensors (activation bounds).
    const Tensor *floatConstant(const std::string &name) const
    {
        return isFloatConstant(name) ? m_constants.value(name) : nullptr;
    }

    // BatchNormalization in inference form whose parameters are constants of `channels`
    // values each: the Conv kernel folds it into its packed weights (see conv_kernels.cpp).
    bool foldableBatchNorm(const Node &bn, int64_t channels) const
    {
        if (bn.outputs.size() > 1 && !bn.outputs[1].empty())
            return false;
        if (bn.intAttribute("training_mode", 0) != 0 || bn.inputs.size() < 5)
            return false;
        for (size_t i = 1; i < 5; ++i)
            if (!isFloatConstant(bn.inputs[i]) || elementCount(m_constants.shape(bn.inputs[i])) != channels)
                return false;
        return true;
    }

    // Activation `act` after a Conv / Gemm: sets the fused attributes; false if unsupported.
    bool activation(const Node &act, Node &fused) const
    {
        auto set = [&fused](const std::string &type, float alpha, float beta) {
            Attribute a;
            a.name = kFusedActivation;
            a.type = AttributeType::String;
            a.s = type;
            fused.attributes.push_back(a);
            fused.attributes.push_back(floatAttr(kFusedAlpha, alpha));
            fused.attributes.push_back(floatAttr(kFusedBeta, beta));
            return true;
        };
        if (!isDefaultDomain(act.domain) || act.outputs.size() != 1)
            return false;
        const std::string &op = act.opType;
        if (op == "Relu" || op == "Sigmoid" || op == "HardSwish" || op == "Tanh")
            return set(op, 0, 0);
        if (op == "LeakyRelu")
            return set(op, act.floatAttribute("alpha", 0.01f), 0);
        if (op == "HardSigmoid")
            return set(op, act.floatAttribute("alpha", 0.2f), act.floatAttribute("beta", 0.5f));
        if (op == "Clip") {
            if (m_model.opsetVersion(act.domain) < 11)
                return set(op, act.floatAttribute("min", -FLT_MAX), act.floatAttribute("max", FLT_MAX));
            float lo = -FLT_MAX, hi = FLT_MAX;
            for (size_t i = 1; i < act.inputs.size() && i < 3; ++i) {
                if (act.inputs[i].empty())
                    continue;
                const Tensor *t = floatConstant(act.inputs[i]);
                if (!t || t->elementCount() != 1)
                    return false;
                (i == 1 ? lo : hi) = t->data<float>()[0];
            }
            return set(op, lo, hi);
        }
        return false;
    }

    // y → Sigmoid → Mul(y, ·): Swish / SiLU written out (EfficientNet, PP-OCR). Returns the Mul.
    const Node *swishAfter(const std::string &value) const
    {
        if (m_index.isGraphOutput(value))
            return nullptr;
        const std::vector<NodeId> &consumers = m_index.consumers(value);
        if (consumers.size() != 2)
            return nullptr;
        const Node *a = m_index.node(consumers[0]), *b = m_index.node(consumers[1]);
        if (isOp(b, "Sigmoid"))
            std::swap(a, b);
        if (!isOp(a, "Sigmoid") || !isOp(b, "Mul") || !m_position.count(a) || !m_position.count(b) ||
            m_absorbed.count(a) || m_absorbed.count(b))
            return nullptr;
        if (soleConsumer(a->outputs[0]) != b)
            return nullptr;
        const bool matches = (b->inputs[0] == value && b->inputs[1] == a->outputs[0]) ||
                             (b->inputs[1] == value && b->inputs[0] == a->outputs[0]);
        return matches ? b : nullptr;
    }

    std::vector<FusedGroup> run(const std::vector<const Node *> &order, std::deque<Node> &storage)
    {
        std::unordered_set<const Node *> &absorbed = m_absorbed;
        std::unordered_map<const Node *, FusedGroup> groupAtLast; // keyed by the group's last node
        for (const Node *node : order) {
            if (absorbed.count(node))
                continue;
            const bool conv = isOp(node, "Conv");
            // Gemm applies a fused activation in float32 only: fuse when its weights say so.
            const bool gemm = isOp(node, "Gemm") && node->inputs.size() > 1 &&
                              isFloatConstant(node->inputs[1]);
            if ((!conv && !gemm) || node->outputs.size() != 1)
                continue;
            FusedGroup group;
            group.nodes.push_back(node);
            Node fused = *node;
            std::string out = node->outputs[0];
            const Node *last = node;

            if (conv) {
                const std::string w = node->inputs.size() > 1 ? node->inputs[1] : "";
                const bool hasBias = node->inputs.size() > 2 && !node->inputs[2].empty();
                const bool constBias =
                    !hasBias || (isFloatConstant(node->inputs[2]) &&
                                 m_constants.shape(node->inputs[2]).size() == 1);
                const Shape wShape = m_constants.shape(w);
                const Node *bn = soleConsumer(out);
                fused.inputs.resize(kConvFusedInputs);
                if (isFloatConstant(w) && constBias && isOp(bn, "BatchNormalization") &&
                    bn->inputs[0] == out && wShape.size() >= 3 && foldableBatchNorm(*bn, wShape[0]) &&
                    (!hasBias || m_constants.shape(node->inputs[2])[0] == wShape[0])) {
                    for (size_t i = 1; i < 5; ++i)
                        fused.inputs[kConvBnScale + i - 1] = bn->inputs[i];
                    fused.attributes.push_back(floatAttr(kFusedBnEpsilon, bn->floatAttribute("epsilon", 1e-5f)));
                    group.nodes.push_back(bn);
                    out = bn->outputs[0];
                    last = bn;
                }
                // Residual Add: the other operand becomes the sum post-op's accumulator.
                const Node *add = soleConsumer(out);
                if (isOp(add, "Add") && add->inputs.size() == 2) {
                    const std::string &other = add->inputs[0] == out ? add->inputs[1] : add->inputs[0];
                    if (!m_constants.contains(other)) {
                        fused.inputs[kConvResidual] = other;
                        Attribute sum;
                        sum.name = "silica.fused_sum";
                        sum.type = AttributeType::Int;
                        sum.i = 1;
                        fused.attributes.push_back(sum);
                        group.nodes.push_back(add);
                        out = add->outputs[0];
                        last = add;
                    }
                }
            }
            if (const Node *act = soleConsumer(out); act && act->inputs[0] == out && activation(*act, fused)) {
                group.nodes.push_back(act);
                out = act->outputs[0];
                last = act;
            } else if (const Node *mul = swishAfter(out)) {
                Attribute a;
                a.name = kFusedActivation;
                a.type = AttributeType::String;
                a.s = "Swish";
                fused.attributes.push_back(a);
                fused.attributes.push_back(floatAttr(kFusedAlpha, 1.0f));
                fused.attributes.push_back(floatAttr(kFusedBeta, 0.0f));
                const Node *sigmoid = m_index.producer(mul->inputs[0] == out ? mul->inputs[1] : mul->inputs[0]);
                group.nodes.push_back(sigmoid);
                group.nodes.push_back(mul);
                out = mul->outputs[0];
                last = m_position[sigmoid] > m_position[mul] ? sigmoid : mul;
            }
            if (group.nodes.size() == 1)
                continue;
            fused.outputs = {out};
            storage.push_back(std::move(fused));
            group.node = &storage.back();
            for (const Node *n : group.nodes)
                absorbed.insert(n);
            groupAtLast[last] = std::move(group);
        }

        std::vector<FusedGroup> groups;
        for (const Node *node : order) {
            auto it = groupAtLast.find(node);
            if (it != groupAtLast.end())
                groups.push_back(std::move(it->second)); // runs where its last member ran
            else if (!absorbed.count(node))
                groups.push_back(FusedGroup{node, {node}});
        }
        return groups;
    }

private:
    const GraphIndex &m_index;
    ConstantTable &m_constants;
    const Model &m_model;
    std::unordered_map<const Node *, size_t> m_position;
    std::unordered_set<const Node *> m_absorbed;
};

} // namespace

std::vector<FusedGroup> planFusion(const Graph &graph, const std::vector<const Node *> &order,
                                   ConstantTable &constants, const Model &model,
                                   std::deque<Node> &storage)
{
    Fuser fuser(graph, order, constants, model);
    return fuser.run(order, storage);
}

} // namespace silica::runtime
