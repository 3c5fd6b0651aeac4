#include "app/cli/inspect_report.h"

#include "core/graph/graph_index.h"
#include "core/graph/name_scope.h"
#include "core/graph/statistics.h"

#include <QJsonArray>
#include <QStringList>

#include <algorithm>

namespace silica {

namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

QJsonArray shapeJson(const ValueType &t)
{
    QJsonArray shape;
    for (const Dim &d : t.dims) {
        if (d.isKnown())
            shape.append(static_cast<qint64>(d.value));
        else if (!d.param.empty())
            shape.append(qs(d.param));
        else
            shape.append(QJsonValue::Null);
    }
    return shape;
}

QJsonObject valueJson(const std::string &name, const ValueType &t)
{
    QJsonObject o;
    o[QStringLiteral("name")] = qs(name);
    o[QStringLiteral("type")] = qs(t.isTensor() ? dataTypeName(t.elemType) : t.toString());
    if (t.isTensor() && t.hasShape)
        o[QStringLiteral("shape")] = shapeJson(t);
    else
        o[QStringLiteral("shape")] = QJsonValue::Null;
    return o;
}

QString domainName(const std::string &d)
{
    return isDefaultDomain(d) ? QStringLiteral("ai.onnx") : qs(d);
}

// Graph inputs that are not initializers (IR < 4 models list weights as inputs too).
std::vector<const ValueInfo *> realInputs(const Graph &g)
{
    std::vector<const ValueInfo *> out;
    const GraphIndex &idx = g.index();
    for (const ValueInfo &v : g.inputs)
        if (!idx.initializer(v.name))
            out.push_back(&v);
    return out;
}

QString padRight(const QString &s, int width)
{
    return s.size() >= width ? s + QLatin1Char(' ') : s.leftJustified(width);
}

} // namespace

QJsonObject inspectJson(const Model &model, const std::vector<std::string> &warnings)
{
    const Graph &g = *model.graph;
    const GraphIndex &idx = g.index();
    const ModelStats stats = modelStatistics(model);
    const ScopeTree scopes = ScopeTree::build(g);

    QJsonObject root;
    root[QStringLiteral("file")] = qs(model.sourcePath);
    root[QStringLiteral("ir_version")] = static_cast<qint64>(model.irVersion);
    QJsonObject producer;
    producer[QStringLiteral("name")] = qs(model.producerName);
    producer[QStringLiteral("version")] = qs(model.producerVersion);
    root[QStringLiteral("producer")] = producer;
    QJsonArray opsets;
    for (const OpsetImport &o : model.opsets) {
        QJsonObject e;
        e[QStringLiteral("domain")] = domainName(o.domain);
        e[QStringLiteral("version")] = static_cast<qint64>(o.version);
        opsets.append(e);
    }
    root[QStringLiteral("opsets")] = opsets;
    QJsonArray inputs, outputs;
    for (const ValueInfo *v : realInputs(g))
        inputs.append(valueJson(v->name, idx.typeOf(v->name)));
    for (const ValueInfo &v : g.outputs)
        outputs.append(valueJson(v.name, idx.typeOf(v.name)));
    root[QStringLiteral("inputs")] = inputs;
    root[QStringLiteral("outputs")] = outputs;
    root[QStringLiteral("node_count")] = static_cast<qint64>(stats.nodeCount);
    QJsonObject histogram;
    for (const auto &kv : stats.opHistogram)
        histogram[qs(kv.first)] = kv.second;
    root[QStringLiteral("op_histogram")] = histogram;
    root[QStringLiteral("parameters")] = static_cast<qint64>(stats.params);
    root[QStringLiteral("parameter_bytes")] = static_cast<qint64>(stats.paramBytes);
    root[QStringLiteral("macs")] = static_cast<qint64>(stats.macs);
    root[QStringLiteral("flops")] = static_cast<qint64>(stats.flops);
    root[QStringLiteral("statistics_exact")] = stats.exact;
    QJsonArray warn;
    for (const std::string &w : warnings)
        warn.append(qs(w));
    root[QStringLiteral("warnings")] = warn;

    QJsonArray nodes;
    for (size_t i = 0; i < g.nodes.size(); ++i) {
        const Node &n = *g.nodes[i];
        const NodeStats &s = stats.nodes[i];
        QJsonObject o;
        o[QStringLiteral("id")] = static_cast<qint64>(n.id);
        o[QStringLiteral("name")] = qs(n.name);
        o[QStringLiteral("op")] = qs(n.opType);
        o[QStringLiteral("domain")] = domainName(n.domain);
        QJsonArray ins, outs;
        for (const std::string &in : n.inputs)
            ins.append(qs(in));
        for (const std::string &out : n.outputs)
            outs.append(valueJson(out, idx.typeOf(out)));
        o[QStringLiteral("inputs")] = ins;
        o[QStringLiteral("outputs")] = outs;
        o[QStringLiteral("params")] = static_cast<qint64>(s.params);
        o[QStringLiteral("macs")] = static_cast<qint64>(s.macs);
        o[QStringLiteral("flops")] = static_cast<qint64>(s.flops);
        o[QStringLiteral("input_bytes")] = static_cast<qint64>(s.inputBytes);
        o[QStringLiteral("output_bytes")] = static_cast<qint64>(s.outputBytes);
        o[QStringLiteral("scope")] =
            qs(scopes.scopes()[static_cast<size_t>(scopes.scopeOf(n.id))].path);
        nodes.append(o);
    }
    root[QStringLiteral("nodes")] = nodes;
    return root;
}

QString inspectText(const Model &model, const std::vector<std::string> &warnings)
{
    const Graph &g = *model.graph;
    const GraphIndex &idx = g.index();
    const ModelStats stats = modelStatistics(model);
    QString out;
    auto line = [&out](const QString &s) { out += s + QLatin1Char('\n'); };

    line(QStringLiteral("Model:       %1").arg(qs(model.sourcePath)));
    line(QStringLiteral("IR version:  %1").arg(model.irVersion));
    QStringList opsetList;
    for (const OpsetImport &o : model.opsets)
        opsetList << QStringLiteral("%1 %2").arg(domainName(o.domain)).arg(o.version);
    line(QStringLiteral("Opsets:      %1").arg(opsetList.join(QStringLiteral(", "))));
    line(QStringLiteral("Producer:    %1 %2")
             .arg(qs(model.producerName), qs(model.producerVersion))
             .trimmed());
    for (const std::string &w : warnings)
        line(QStringLiteral("Warning:     %1").arg(qs(w)));
    line({});
    line(QStringLiteral("Inputs:"));
    for (const ValueInfo *v : realInputs(g))
        line(QStringLiteral("  %1 %2").arg(padRight(qs(v->name), 24),
                                           qs(idx.typeOf(v->name).toString())));
    line(QStringLiteral("Outputs:"));
    for (const ValueInfo &v : g.outputs)
        line(QStringLiteral("  %1 %2").arg(padRight(qs(v.name), 24),
                                           qs(idx.typeOf(v.name).toString())));
    line({});
    line(QStringLiteral("Nodes:       %1").arg(stats.nodeCount));
    line(QStringLiteral("Parameters:  %1 (%2)")
             .arg(qs(formatCount(stats.params)), qs(formatBytes(stats.paramBytes))));
    line(QStringLiteral("MACs:        %1%2")
             .arg(qs(formatCount(stats.macs)),
                  stats.exact
                      ? QString()
                      : QStringLiteral(" (some shapes symbolic or unknown: counted as 1)")));
    line(QStringLiteral("FLOPs:       %1").arg(qs(formatCount(stats.flops))));
    line({});
    line(QStringLiteral("Op types:"));
    std::vector<std::pair<std::string, int>> hist(stats.opHistogram.begin(),
                                                  stats.opHistogram.end());
    std::stable_sort(hist.begin(), hist.end(),
                     [](const auto &a, const auto &b) { return a.second > b.second; });
    for (const auto &kv : hist)
        line(QStringLiteral("  %1 %2").arg(padRight(qs(kv.first), 24)).arg(kv.second, 6));
    line({});
    int nameWidth = 12;
    for (const NodePtr &n : g.nodes)
        nameWidth = std::max(nameWidth, static_cast<int>(n->displayName().size()) + 2);
    nameWidth = std::min(nameWidth, 72);
    line(padRight(QStringLiteral("Name"), nameWidth) + padRight(QStringLiteral("Op"), 20) +
         padRight(QStringLiteral("Output shapes"), 32) + padRight(QStringLiteral("Params"), 10) +
         QStringLiteral("MACs"));
    for (size_t i = 0; i < g.nodes.size(); ++i) {
        const Node &n = *g.nodes[i];
        QStringList shapes;
        for (const std::string &o : n.outputs)
            shapes << qs(idx.typeOf(o).shapeString());
        line(padRight(qs(n.displayName()), nameWidth) + padRight(qs(n.opType), 20) +
             padRight(shapes.join(QLatin1Char(' ')), 32) +
             padRight(qs(formatCount(stats.nodes[i].params)), 10) +
             qs(formatCount(stats.nodes[i].macs)));
    }
    return out;
}

} // namespace silica
