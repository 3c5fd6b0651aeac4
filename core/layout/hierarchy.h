#pragma once
// Groups of a model's picture that the canvas collapses and expands: the name scopes exporters
// write (PyTorch "/layer1/layer1.0/conv1/Conv", TensorFlow "block_1/conv/Conv2D"), or, where
// names carry no scopes, the blocks between the points every path passes through (a residual
// block, an inception block), numbered in order and bundled by sixteens on long models.
//
// A collapsed group is one box standing for all it holds; only what is visible is laid out.
// Expanding a group in place (expandInPlace) lays out its contents and opens room for them
// without re-arranging the rest: everything keeps its position relative to its neighbours.

#include "core/graph/model.h"
#include "core/layout/layered_layout.h"
#include "core/layout/model_layout.h"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace silica {

struct BoxGroup
{
    std::string name;          // "layer1.0", "block 12"
    std::string path;          // "layer1/layer1.0"
    int parent = -1;           // -1 for top-level groups
    std::vector<int> children; // group indices
    std::vector<int> boxes;    // picture boxes directly in this group
    size_t totalBoxes = 0;     // in this group and below
};

class BoxHierarchy
{
public:
    // From name scopes; from blocks between cut points when the names have none.
    static BoxHierarchy build(const Graph &graph, const ModelPicture &picture);

    const std::vector<BoxGroup> &groups() const { return m_groups; }
    const std::vector<int> &topLevel() const { return m_top; }
    // The innermost group a box sits in, -1 for none.
    int groupOf(int box) const { return m_groupOf[size_t(box)]; }
    bool fromScopes() const { return m_fromScopes; }
    // Groups to open with: breadth-first from the top while at most `budget` items are visible
    // (a model that fits is shown whole; ResNet-50's stages open, its blocks stay closed).
    std::set<int> defaultExpanded(size_t budget = 300) const;
    std::set<int> allGroups() const;

private:
    std::vector<BoxGroup> m_groups;
    std::vector<int> m_top;
    std::vector<int> m_groupOf;
    bool m_fromScopes = false;
};

// What the canvas shows for a set of expanded groups: visible items (a box, or a collapsed
// group standing for its contents) and the links between them, merged per pair.
struct VisibleItem
{
    int box = -1;   // a picture box, or
    int group = -1; // a collapsed group
};

struct CollapsedPicture
{
    std::vector<VisibleItem> items;
    std::vector<std::pair<int, int>> links; // item indices, one per pair, ordered
    std::vector<int> itemOfBox;             // per picture box
};

CollapsedPicture collapse(const ModelPicture &picture, const BoxHierarchy &hierarchy,
                          const std::set<int> &expanded);

// Box sizes for the collapsed picture: boxes as layoutGraphOf sizes them, collapsed groups a
// little larger (name and node count).
LayoutGraph layoutGraphOf(const CollapsedPicture &view, const ModelPicture &picture,
                          const BoxHierarchy &hierarchy, const LabelMetrics &metrics);

// Opens room for `grownItem` to become `newWidth` × `newHeight` without re-arranging anything
// else: items below it move down by the extra height, items beside it in its rows move
// outwards by half the extra width; routes follow their ends. Returns the moved layout.
LayoutResult expandInPlace(const LayoutGraph &graph, const LayoutResult &layout, int grownItem,
                           double newWidth, double newHeight);

// What the canvas draws for a set of expanded groups: the collapsed picture, its box sizes and
// their positions.
struct PictureLayout
{
    std::set<int> expanded;
    CollapsedPicture view;
    LayoutGraph graph;
    LayoutResult layout;
};

// The collapsed picture for `expanded`, laid out afresh.
PictureLayout layoutPicture(const ModelPicture &picture, const BoxHierarchy &hierarchy,
                            const std::set<int> &expanded, const LabelMetrics &metrics,
                            const LayoutOptions &options);

// `before` with its collapsed group `group` opened where it stands: the group's contents are
// laid out on their own, between one entry point per outside item feeding them (on the top
// side) and one exit per outside item they feed (on the bottom side); expandInPlace opens room
// for them; edges into and out of the group follow their old routes to the group's side, then
// the inner routes. Everything outside keeps its position relative to its neighbours. Empty
// when `group` is not drawn as a collapsed item of `before`.
std::optional<PictureLayout> openInPlace(const ModelPicture &picture, const BoxHierarchy &hierarchy,
                                         const PictureLayout &before, int group,
                                         const LabelMetrics &metrics, const LayoutOptions &options);

} // namespace silica
