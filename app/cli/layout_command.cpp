#include "app/cli/layout_command.h"

#include "app/cli/cli.h"
#include "core/graph/onnx_import.h"
#include "core/layout/hierarchy.h"
#include "core/layout/layered_layout.h"
#include "core/layout/model_layout.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

namespace silica {

const char *const kLayoutUsage =
    "  layout MODEL [--expand-all] [--json]       the canvas's layout, headless: node count,\n"
    "                                           layout time, edge crossings and length\n";

int layoutCommand(const std::vector<std::string> &args, std::string &out, std::string &err)
{
    std::string model;
    bool expandAll = false, json = false;
    for (const std::string &a : args) {
        if (a == "--expand-all") {
            expandAll = true;
        } else if (a == "--json") {
            json = true;
        } else if (!a.empty() && a[0] == '-') {
            err += "silica-cli layout: unknown option '" + a + "'\n\nusage:\n" + kLayoutUsage;
            return CliUsage;
        } else if (model.empty()) {
            model = a;
        } else {
            err += "silica-cli layout: unexpected argument '" + a + "'\n\nusage:\n" + kLayoutUsage;
            return CliUsage;
        }
    }
    if (model.empty()) {
        err += "silica-cli layout: no model file given\n\nusage:\n" + std::string(kLayoutUsage);
        return CliUsage;
    }
    LoadOptions options;
    options.runChecker = false;
    auto loaded = loadModel(model, options);
    if (!loaded) {
        err += "silica-cli: " + loaded.error().message() + "\n";
        return CliBadInput;
    }
    QElapsedTimer timer;
    timer.start();
    const ModelPicture picture = modelPicture(*loaded->model->graph);
    const BoxHierarchy hierarchy = BoxHierarchy::build(*loaded->model->graph, picture);
    const std::set<int> expanded = expandAll ? hierarchy.allGroups() : hierarchy.defaultExpanded();
    const CollapsedPicture view = collapse(picture, hierarchy, expanded);
    const LayoutGraph lg = layoutGraphOf(view, picture, hierarchy, estimatedLabelMetrics());
    const double prepareSeconds = double(timer.nsecsElapsed()) / 1e9;
    timer.restart();
    const LayoutResult layout = layeredLayout(lg, canvasLayoutOptions());
    const double layoutSeconds = double(timer.nsecsElapsed()) / 1e9;
    const size_t crossings = countCrossings(layout.routes);
    const double length = totalEdgeLength(layout.routes);
    size_t collapsed = 0;
    for (const VisibleItem &item : view.items)
        collapsed += item.group >= 0 ? 1 : 0;
    if (json) {
        QJsonObject o;
        o[QStringLiteral("model")] = QString::fromStdString(model);
        o[QStringLiteral("nodes")] = qint64(picture.boxes.size());
        o[QStringLiteral("links")] = qint64(picture.links.size());
        o[QStringLiteral("groups")] = qint64(hierarchy.groups().size());
        o[QStringLiteral("groups_from")] = hierarchy.fromScopes() ? QStringLiteral("scopes") : QStringLiteral("blocks");
        o[QStringLiteral("visible_items")] = qint64(view.items.size());
        o[QStringLiteral("collapsed_groups")] = qint64(collapsed);
        o[QStringLiteral("prepare_s")] = prepareSeconds;
        o[QStringLiteral("layout_s")] = layoutSeconds;
        o[QStringLiteral("crossings")] = qint64(crossings);
        o[QStringLiteral("edge_length")] = length;
        o[QStringLiteral("width")] = layout.width;
        o[QStringLiteral("height")] = layout.height;
        out += QJsonDocument(o).toJson(QJsonDocument::Indented).toStdString();
        return CliOk;
    }
    char line[512];
    std::snprintf(line, sizeof line,
                  "%s: %zu nodes (inputs and outputs included), %zu links, %zu groups (from %s)\n"
                  "laid out %zu items (%zu collapsed groups) in %.4f s (+ %.4f s to prepare)\n"
                  "%zu edge crossings, total edge length %.0f px, %.0f × %.0f px\n",
                  model.c_str(), picture.boxes.size(), picture.links.size(), hierarchy.groups().size(),
                  hierarchy.fromScopes() ? "name scopes" : "blocks", view.items.size(), collapsed,
                  layoutSeconds, prepareSeconds, crossings, length, layout.width, layout.height);
    out += line;
    return CliOk;
}

} // namespace silica
