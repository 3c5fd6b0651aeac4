#include "views/models/node_tool_tip.h"

#include "core/graph/graph_index.h"
#include "views/graph/op_category.h"

#include <QCoreApplication>

namespace silica {

namespace {

// Concat and Sum can have hundreds of inputs; the inspector lists them all.
constexpr size_t kMaxListed = 8;

QString html(const std::string &s)
{
    return QString::fromStdString(s).toHtmlEscaped();
}

QString valueRows(const GraphIndex &index, const std::vector<std::string> &values,
                  const QString &heading)
{
    QString rows;
    size_t listed = 0, present = 0;
    for (const std::string &name : values) {
        if (name.empty())
            continue;
        ++present;
        if (listed == kMaxListed)
            continue;
        ++listed;
        QString type = html(index.typeOf(name).toString());
        if (type.isEmpty())
            type = QCoreApplication::translate("NodeToolTip", "unknown type");
        if (index.weight(name))
            type = QCoreApplication::translate("NodeToolTip", "%1 (weight)").arg(type);
        rows += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td></tr>")
                    .arg(listed == 1 ? heading : QString(), html(name), type);
    }
    if (present > listed)
        rows += QStringLiteral("<tr><td></td><td colspan=2><i>%1</i></td></tr>")
                    .arg(QCoreApplication::translate("NodeToolTip", "… and %1 more")
                             .arg(present - listed));
    return rows;
}

} // namespace

QString nodeToolTip(const Graph &graph, const Node &node, const OverlayPalette &overlay)
{
    const GraphIndex &index = graph.index();
    QString tip =
        QStringLiteral("<b>%1</b> <i>%2</i>")
            .arg(html(node.opType), categoryName(opCategory(node.opType)).toHtmlEscaped());
    if (!node.name.empty())
        tip += QStringLiteral("<br>%1").arg(html(node.name));
    tip += QStringLiteral("<table cellspacing=0 cellpadding=1>") +
           valueRows(index, node.inputs, QCoreApplication::translate("NodeToolTip", "Inputs")) +
           valueRows(index, node.outputs, QCoreApplication::translate("NodeToolTip", "Outputs")) +
           QStringLiteral("</table>");
    if (!overlay.isNull()) {
        const OverlayValue *value = overlay.channel()->value(node);
        const QString shown =
            value ? overlay.formatValue(value).toHtmlEscaped()
                  : QStringLiteral("<i>%1</i>")
                        .arg(QCoreApplication::translate("NodeToolTip", "no value"));
        tip += QStringLiteral("<hr><b>%1:</b> %2").arg(overlay.title().toHtmlEscaped(), shown);
        if (value && !value->reason.empty())
            tip += QStringLiteral("<br>%1").arg(html(value->reason));
    }
    return tip;
}

} // namespace silica
