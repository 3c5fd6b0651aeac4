#include "views/models/op_category_overlay.h"

#include "views/graph/op_category.h"

#include <QCoreApplication>

#include <iterator>

namespace silica {

namespace {

struct CategoryId
{
    OpCategory category;
    const char *id;
};

// The categories a node of the main graph can have, in legend order (graph inputs and
// outputs are pseudo-nodes with no value).
constexpr CategoryId kNodeCategories[] = {
    {OpCategory::Compute, "compute"},
    {OpCategory::Activation, "activation"},
    {OpCategory::Normalization, "normalization"},
    {OpCategory::Pooling, "pooling"},
    {OpCategory::DataMovement, "data-movement"},
    {OpCategory::Quantization, "quantization"},
    {OpCategory::ControlFlow, "control-flow"},
    {OpCategory::Other, "other"},
};

int indexOf(OpCategory category)
{
    for (size_t i = 0; i < std::size(kNodeCategories); ++i)
        if (kNodeCategories[i].category == category)
            return static_cast<int>(i);
    return static_cast<int>(std::size(kNodeCategories)) - 1;
}

} // namespace

OverlayChannelPtr opCategoryOverlay(const Graph &graph)
{
    auto channel = std::make_shared<OverlayChannel>();
    channel->id = std::string(kOpCategoryOverlayId);
    channel->displayName = QCoreApplication::translate("OpCategory", "Op category").toStdString();
    channel->kind = OverlayKind::Categorical;
    for (const CategoryId &c : kNodeCategories)
        channel->categories.push_back(
            OverlayCategory{c.id, categoryName(c.category).toStdString(), 0,
                            categoryColor(c.category).name().toStdString()});
    channel->values.reserve(graph.nodes.size());
    for (const NodePtr &node : graph.nodes) {
        OverlayValue value;
        value.category = indexOf(opCategory(node->opType));
        channel->values[overlayKey(*node)] = value;
    }
    return channel;
}

} // namespace silica
