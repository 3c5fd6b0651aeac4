#include "core/session/quant_overlays.h"

#include "core/graph/graph_index.h"

#include <cmath>
#include <cstdio>

namespace silica {

namespace {

std::string db(double v)
{
    if (!std::isfinite(v))
        return "no error";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f dB", v);
    return buf;
}

std::string describe(const quant::NodeError &e)
{
    char buf[160];
    std::snprintf(buf, sizeof buf, "; cosine %.4f; max-abs %.3g", e.total.cosine(), e.total.maxAbs);
    std::string s = "output SQNR " + db(e.total.sqnrDb()) + buf;
    if (!e.injected.empty())
        s += "; injected " + db(e.injected.sqnrDb());
    if (!e.inherited.empty())
        s += ", inherited " + db(e.inherited.sqnrDb());
    if (!e.quantized)
        s += " (not quantized itself)";
    return s;
}

} // namespace

std::vector<OverlayChannelPtr> quantOverlays(const Model &model, const quant::ErrorReport &report,
                                             const std::string &label, uint64_t graphVersion)
{
    auto total = std::make_shared<OverlayChannel>();
    total->id = std::string(kQuantTotalOverlayId);
    total->displayName = "Quantization error (" + label + ", output SQNR)";
    total->kind = OverlayKind::Continuous;
    total->unit = "dB";
    total->worse = WorseDirection::Lower;
    total->graphVersion = graphVersion;
    auto injected = std::make_shared<OverlayChannel>(*total);
    injected->id = std::string(kQuantInjectedOverlayId);
    injected->displayName = "Injected quantization error (" + label + ", SQNR)";
    if (!model.graph)
        return {total, injected};
    const GraphIndex &index = model.graph->index();
    for (const quant::NodeError &e : report.nodes) {
        std::vector<const Node *> targets;
        if (const Node *n = index.node(e.node); n && n->opType == e.opType)
            targets.push_back(n);
        // The node that writes the value in the document: a BatchNormalization folded into
        // this convolution.
        if (const Node *p = index.producer(e.value); p && (targets.empty() || p != targets.front()))
            targets.push_back(p);
        for (const Node *n : targets) {
            const std::string reason = n->opType == e.opType ? describe(e)
                                                              : "folded into " + e.name + " before quantizing: " + describe(e);
            // No error at all (nothing quantized up to here) shows as no value.
            if (std::isfinite(e.total.sqnrDb())) {
                OverlayValue t;
                t.number = e.total.sqnrDb();
                t.reason = reason;
                total->values[overlayKey(*n)] = t;
            }
            if (!e.injected.empty() && std::isfinite(e.injected.sqnrDb())) {
                OverlayValue i;
                i.number = e.injected.sqnrDb();
                i.reason = reason;
                injected->values[overlayKey(*n)] = i;
            }
        }
    }
    return {total, injected};
}

} // namespace silica
