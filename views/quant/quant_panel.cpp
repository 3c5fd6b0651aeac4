#include "views/common/qcustomplot_include.h"

#include "views/quant/quant_panel.h"

#include "core/graph/graph_index.h"
#include "core/graph/tensor_stats.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace silica {

namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

QCustomPlot *makePlot(QWidget *parent)
{
    auto *plot = new QCustomPlot(parent);
    plot->setMinimumHeight(160);
    plot->setNoAntialiasingOnDrag(true);
    return plot;
}

// A number cell that sorts by value (infinite: best).
class NumberItem : public QTableWidgetItem
{
public:
    NumberItem(double v, const QString &text) : QTableWidgetItem(text), m_value(std::isfinite(v) ? v : 1e9)
    {
        setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    }
    bool operator<(const QTableWidgetItem &other) const override
    {
        if (auto *o = dynamic_cast<const NumberItem *>(&other))
            return m_value < o->m_value;
        return QTableWidgetItem::operator<(other);
    }

private:
    double m_value;
};

QTableWidget *makeTable(QWidget *parent, const QStringList &headers)
{
    auto *t = new QTableWidget(parent);
    t->setColumnCount(int(headers.size()));
    t->setHorizontalHeaderLabels(headers);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    t->verticalHeader()->setVisible(false);
    t->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    t->setSortingEnabled(true);
    return t;
}

} // namespace

QString sqnrText(double db)
{
    return std::isfinite(db) ? QStringLiteral("%1 dB").arg(db, 0, 'f', 1) : QObject::tr("no error");
}

QuantPanel::QuantPanel(QWidget *parent)
    : QWidget(parent), m_tabs(new QTabWidget(this)), m_status(new QLabel(this)), m_summary(new QTextBrowser(this)),
      m_nodes(makeTable(this, {tr("Node"), tr("Op"), tr("Injected"), tr("Inherited"), tr("Output"), tr("Cosine"),
                               tr("Max-abs")})),
      m_depth(makePlot(this)), m_histogram(makePlot(this)), m_weights(makePlot(this)),
      m_sensitivity(makeTable(this, {tr("Node"), tr("Op"), tr("Gain in float"), tr("Quantized alone")})),
      m_keepCount(new QSpinBox(this)), m_keepPreview(new QLabel(this)),
      m_quantize(new QPushButton(tr("Quantize…"), this)), m_sensButton(new QPushButton(tr("Run Sensitivity"), this)),
      m_preview(new QPushButton(tr("Preview"), this)), m_apply(new QPushButton(tr("Apply"), this)),
      m_save(new QPushButton(tr("Save Quantized Model…"), this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_status);
    layout->addWidget(m_tabs);
    m_status->setWordWrap(true);
    m_status->setContentsMargins(6, 2, 6, 2);

    auto *summaryPage = new QWidget(this);
    auto *summaryLayout = new QVBoxLayout(summaryPage);
    summaryLayout->setContentsMargins(0, 0, 0, 0);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_quantize);
    buttons->addWidget(m_save);
    buttons->addStretch();
    summaryLayout->addLayout(buttons);
    summaryLayout->addWidget(m_summary);
    m_tabs->addTab(summaryPage, tr("Summary"));
    m_tabs->addTab(m_nodes, tr("Nodes"));
    m_tabs->addTab(m_depth, tr("Depth"));
    m_tabs->addTab(m_histogram, tr("Histogram"));
    m_tabs->addTab(m_weights, tr("Weights"));
    auto *sensPage = new QWidget(this);
    auto *sensLayout = new QVBoxLayout(sensPage);
    sensLayout->setContentsMargins(0, 0, 0, 0);
    auto *sensButtons = new QHBoxLayout;
    sensButtons->addWidget(m_sensButton);
    sensButtons->addWidget(new QLabel(tr("Keep the worst"), this));
    m_keepCount->setRange(1, 999);
    m_keepCount->setValue(3);
    m_keepCount->setSuffix(tr(" node(s) in float"));
    sensButtons->addWidget(m_keepCount);
    sensButtons->addWidget(m_preview);
    sensButtons->addWidget(m_apply);
    sensButtons->addStretch();
    sensLayout->addLayout(sensButtons);
    m_keepPreview->setWordWrap(true);
    sensLayout->addWidget(m_keepPreview);
    sensLayout->addWidget(m_sensitivity);
    m_tabs->addTab(sensPage, tr("Sensitivity"));
    m_quantize->setToolTip(tr("Choose calibration data and settings, quantize and measure the error (Ctrl+Shift+Q)"));
    m_sensButton->setToolTip(tr("Quantize each node alone, and leave each node alone in float, and rank what it "
                                "does to the model's output"));
    m_preview->setToolTip(tr("Output error (and estimated latency on the chosen device) with the worst nodes kept "
                             "in float, before applying"));

    connect(m_quantize, &QPushButton::clicked, this, &QuantPanel::quantizeRequested);
    connect(m_save, &QPushButton::clicked, this, &QuantPanel::saveRequested);
    connect(m_sensButton, &QPushButton::clicked, this, &QuantPanel::sensitivityRequested);
    connect(m_preview, &QPushButton::clicked, this, [this] { emit keepPreviewRequested(m_keepCount->value()); });
    connect(m_apply, &QPushButton::clicked, this, [this] { emit keepApplyRequested(m_keepCount->value()); });
    for (QTableWidget *t : {m_nodes, m_sensitivity})
        connect(t, &QTableWidget::cellClicked, this, [this, t](int row, int) {
            if (QTableWidgetItem *item = t->item(row, 0))
                emit nodeActivated(NodeId(item->data(Qt::UserRole).toULongLong()));
        });
    m_nodes->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_nodes, &QWidget::customContextMenuRequested, this, [this](const QPoint &at) {
        QTableWidgetItem *item = m_nodes->itemAt(at);
        if (!item || !m_outcome || m_outcome->fp16)
            return;
        QTableWidgetItem *first = m_nodes->item(item->row(), 0);
        const NodeId id = NodeId(first->data(Qt::UserRole).toULongLong());
        QMenu menu(this);
        menu.addAction(tr("Keep '%1' in Float").arg(first->text()), this,
                       [this, id] { emit precisionRequested(id, QStringLiteral("fp32")); });
        menu.addAction(tr("Quantize '%1' with 16-bit Activations").arg(first->text()), this,
                       [this, id] { emit precisionRequested(id, QStringLiteral("int16")); });
        menu.addAction(tr("Back to the Default Precision"), this,
                       [this, id] { emit precisionRequested(id, QString()); });
        menu.exec(m_nodes->viewport()->mapToGlobal(at));
    });
    connect(m_depth, &QCustomPlot::plottableClick, this, [this](QCPAbstractPlottable *p, int index, QMouseEvent *) {
        auto *graph = qobject_cast<QCPGraph *>(p);
        if (!graph || !m_outcome || index < 0 || index >= graph->dataCount())
            return;
        const double depth = graph->data()->at(index)->key, value = graph->data()->at(index)->value;
        const bool injected = graph == m_depth->graph(1);
        const quant::NodeError *best = nullptr;
        double bestDistance = 1e300;
        for (const quant::NodeError &e : m_outcome->report.nodes) {
            const double v = injected ? e.injected.sqnrDb() : e.total.sqnrDb();
            const double d = std::fabs(e.depth - depth) * 1000 + std::fabs(v - value);
            if (e.depth == int(depth) && std::isfinite(v) && d < bestDistance) {
                bestDistance = d;
                best = &e;
            }
        }
        if (best)
            emit nodeActivated(best->node);
    });
    m_depth->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom | QCP::iSelectPlottables);
    clear(tr("Quantize the model (Quantize → Quantize…) to see where quantization error comes from."));
}

void QuantPanel::clear(const QString &message)
{
    m_outcome.reset();
    m_sens.reset();
    m_status->setText(message);
    m_summary->clear();
    m_nodes->setRowCount(0);
    m_sensitivity->setRowCount(0);
    m_keepPreview->clear();
    for (QCustomPlot *p : {m_depth, m_histogram, m_weights}) {
        p->clearPlottables();
        p->clearItems();
        p->replot();
    }
    m_save->setEnabled(false);
    m_sensButton->setEnabled(false);
    m_preview->setEnabled(false);
    m_apply->setEnabled(false);
}

void QuantPanel::setBusy(const QString &message)
{
    m_status->setText(message);
}

QString QuantPanel::summaryText() const
{
    return m_summary->toPlainText();
}

void QuantPanel::setOutcome(std::shared_ptr<const QuantOutcome> outcome)
{
    m_outcome = std::move(outcome);
    m_sens.reset();
    m_sensitivity->setRowCount(0);
    m_keepPreview->clear();
    if (!m_outcome)
        return;
    m_status->setText(tr("%1 on %2").arg(m_outcome->label, m_outcome->description));
    m_save->setEnabled(true);
    m_sensButton->setEnabled(!m_outcome->fp16 && m_outcome->ranges != nullptr);
    m_preview->setEnabled(false);
    m_apply->setEnabled(false);
    fillSummary();
    fillNodes();
    fillDepth();
}

void QuantPanel::fillSummary()
{
    const quant::ErrorReport &r = m_outcome->report;
    QString html = QStringLiteral("<h3>%1</h3><p>%2</p>").arg(m_outcome->label.toHtmlEscaped(),
                                                                 tr("Calibrated on %1; error measured over %n sample(s) "
                                                                    "against the float model.",
                                                                    nullptr, int(r.samples))
                                                                     .arg(m_outcome->description.toHtmlEscaped()));
    html += QStringLiteral("<table cellpadding=3><tr><th align=left>%1</th><th>%2</th><th>%3</th><th>%4</th><th>%5</th></tr>")
                .arg(tr("Output"), tr("SQNR"), tr("Cosine"), tr("Max-abs"), tr("Top-1 agreement"));
    for (const quant::OutputError &o : r.outputs)
        html += QStringLiteral("<tr><td>%1</td><td align=right>%2</td><td align=right>%3</td><td align=right>%4</td>"
                               "<td align=right>%5</td></tr>")
                    .arg(qs(o.name).toHtmlEscaped(), sqnrText(o.stats.sqnrDb()))
                    .arg(o.stats.cosine(), 0, 'f', 4)
                    .arg(o.stats.maxAbs, 0, 'g', 4)
                    .arg(o.top1Rows ? QStringLiteral("%1 %").arg(100.0 * double(o.top1Agree) / double(o.top1Rows), 0,
                                                                 'f', 1)
                                    : QStringLiteral("—"));
    html += QStringLiteral("</table>");
    const std::vector<const quant::NodeError *> worst = r.worstInjected(5);
    if (!worst.empty()) {
        html += QStringLiteral("<p><b>%1</b></p><ol>").arg(tr("Nodes that inject the most error"));
        for (size_t i = 0; i < worst.size(); ++i)
            html += QStringLiteral("<li>%1 (%2): %3 injected, %4 at its output</li>")
                        .arg(qs(worst[i]->name).toHtmlEscaped(), qs(worst[i]->opType), sqnrText(worst[i]->injected.sqnrDb()),
                             sqnrText(worst[i]->total.sqnrDb()));
        html += QStringLiteral("</ol>");
    }
    if (!m_outcome->warnings.isEmpty()) {
        html += QStringLiteral("<p><b>%1</b></p><ul>").arg(tr("Warnings"));
        for (const QString &w : m_outcome->warnings)
            html += QStringLiteral("<li>%1</li>").arg(w.toHtmlEscaped());
        html += QStringLiteral("</ul>");
    }
    m_summary->setHtml(html);
}

void QuantPanel::fillNodes()
{
    m_nodes->setSortingEnabled(false);
    m_nodes->setRowCount(0);
    const quant::ErrorReport &r = m_outcome->report;
    m_nodes->setRowCount(int(r.nodes.size()));
    for (int row = 0; row < int(r.nodes.size()); ++row) {
        const quant::NodeError &e = r.nodes[size_t(row)];
        auto *name = new QTableWidgetItem(qs(e.name));
        name->setData(Qt::UserRole, qulonglong(e.node));
        name->setToolTip(qs(e.name));
        m_nodes->setItem(row, 0, name);
        m_nodes->setItem(row, 1, new QTableWidgetItem(qs(e.opType)));
        const double inj = e.injected.empty() ? INFINITY : e.injected.sqnrDb();
        const double inh = e.inherited.empty() ? INFINITY : e.inherited.sqnrDb();
        m_nodes->setItem(row, 2, new NumberItem(inj, e.injected.empty() ? QStringLiteral("—") : sqnrText(inj)));
        m_nodes->setItem(row, 3, new NumberItem(inh, e.inherited.empty() ? QStringLiteral("—") : sqnrText(inh)));
        m_nodes->setItem(row, 4, new NumberItem(e.total.sqnrDb(), sqnrText(e.total.sqnrDb())));
        m_nodes->setItem(row, 5, new NumberItem(e.total.cosine(), QString::number(e.total.cosine(), 'f', 4)));
        m_nodes->setItem(row, 6, new NumberItem(e.total.maxAbs, QString::number(e.total.maxAbs, 'g', 4)));
    }
    m_nodes->setSortingEnabled(true);
    m_nodes->sortItems(2, Qt::AscendingOrder);
    m_nodes->resizeColumnsToContents();
    m_nodes->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
}

void QuantPanel::fillDepth()
{
    QCustomPlot *plot = m_depth;
    plot->clearPlottables();
    plot->clearItems();
    QVector<double> dt, vt, di, vi;
    std::vector<const quant::NodeError *> byDepth;
    for (const quant::NodeError &e : m_outcome->report.nodes)
        byDepth.push_back(&e);
    std::stable_sort(byDepth.begin(), byDepth.end(), [](auto *a, auto *b) { return a->depth < b->depth; });
    for (const quant::NodeError *e : byDepth) {
        if (std::isfinite(e->total.sqnrDb())) {
            dt << e->depth;
            vt << e->total.sqnrDb();
        }
        if (e->quantized && !e->injected.empty() && std::isfinite(e->injected.sqnrDb())) {
            di << e->depth;
            vi << e->injected.sqnrDb();
        }
    }
    QCPGraph *total = plot->addGraph();
    total->setName(tr("output SQNR (all error up to the node)"));
    total->setData(dt, vt, true);
    total->setPen(QPen(QColor(0x1f, 0x77, 0xb4), 1.5));
    total->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 4));
    QCPGraph *injected = plot->addGraph();
    injected->setName(tr("injected by the node alone"));
    injected->setData(di, vi, true);
    injected->setLineStyle(QCPGraph::lsNone);
    injected->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDiamond, QColor(0xd6, 0x27, 0x28), 6));
    for (const quant::OutputError &o : m_outcome->report.outputs)
        if (std::isfinite(o.stats.sqnrDb())) {
            auto *line = new QCPItemStraightLine(plot);
            line->point1->setCoords(0, o.stats.sqnrDb());
            line->point2->setCoords(1, o.stats.sqnrDb());
            line->setPen(QPen(Qt::gray, 1, Qt::DashLine));
        }
    plot->legend->setVisible(true);
    plot->xAxis->setLabel(tr("depth (nodes from the input); click a point to select its node"));
    plot->yAxis->setLabel(tr("SQNR (dB), higher is better; dashed: model output"));
    plot->rescaleAxes();
    plot->yAxis->setRangeLower(std::min(0.0, plot->yAxis->range().lower));
    plot->replot();
}

void QuantPanel::setSensitivity(std::shared_ptr<const quant::SensitivityReport> report)
{
    m_sens = std::move(report);
    m_sensitivity->setSortingEnabled(false);
    m_sensitivity->setRowCount(0);
    if (!m_sens)
        return;
    m_sensitivity->setRowCount(int(m_sens->nodes.size()));
    for (int row = 0; row < int(m_sens->nodes.size()); ++row) {
        const quant::NodeSensitivity &s = m_sens->nodes[size_t(row)];
        auto *name = new QTableWidgetItem(qs(s.name));
        name->setData(Qt::UserRole, qulonglong(s.node));
        m_sensitivity->setItem(row, 0, name);
        m_sensitivity->setItem(row, 1, new QTableWidgetItem(qs(s.opType)));
        m_sensitivity->setItem(row, 2, new NumberItem(-s.gainDb, QStringLiteral("%1 dB").arg(s.gainDb, 0, 'f', 2)));
        m_sensitivity->setItem(row, 3, new NumberItem(s.aloneSqnrDb, sqnrText(s.aloneSqnrDb)));
    }
    m_sensitivity->setSortingEnabled(true);
    m_sensitivity->resizeColumnsToContents();
    m_sensitivity->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_keepPreview->setText(tr("Fully quantized: output SQNR %1 over %n sample(s).", nullptr, int(m_sens->samples))
                               .arg(sqnrText(m_sens->fullSqnrDb)));
    m_preview->setEnabled(!m_sens->nodes.empty());
    m_apply->setEnabled(!m_sens->nodes.empty());
}

void QuantPanel::setKeepPreview(const QString &text)
{
    m_keepPreview->setText(text);
}

void QuantPanel::showNode(NodeId id)
{
    for (QCustomPlot *p : {m_histogram, m_weights}) {
        p->clearPlottables();
        p->clearItems();
    }
    if (!m_outcome || !m_outcome->floatModel) {
        m_histogram->replot();
        m_weights->replot();
        return;
    }
    const Model &model = *m_outcome->floatModel;
    const GraphIndex &index = model.graph->index();
    const Node *node = index.node(id);
    const quant::NodeError *error = nullptr;
    for (const quant::NodeError &e : m_outcome->report.nodes)
        if (e.node == id)
            error = &e;
    // The histogram of the node's output, with the clipping range calibration chose.
    std::string value = error ? error->value : (node && !node->outputs.empty() ? node->outputs.front() : std::string());
    const quant::TensorHistogram *h = nullptr;
    if (m_outcome->ranges)
        if (auto it = m_outcome->ranges->values.find(value); it != m_outcome->ranges->values.end() && !it->second.empty())
            h = &it->second;
    if (h) {
        QVector<double> keys, counts;
        const auto &bins = h->counts();
        for (size_t i = 0; i < bins.size(); ++i) {
            const double c = h->binCenter(i);
            if (c < h->min() - h->binWidth() || c > h->max() + h->binWidth())
                continue;
            keys << c;
            counts << double(bins[i]);
        }
        auto *bars = new QCPBars(m_histogram->xAxis, m_histogram->yAxis);
        bars->setData(keys, counts, true);
        bars->setWidth(h->binWidth());
        bars->setPen(Qt::NoPen);
        bars->setBrush(QColor(0x1f, 0x77, 0xb4));
        const quant::CalibratedRange range = quant::calibratedRange(*h, m_outcome->calibration);
        for (double x : {range.lo, range.hi}) {
            auto *line = new QCPItemStraightLine(m_histogram);
            line->point1->setCoords(x, 0);
            line->point2->setCoords(x, 1);
            line->setPen(QPen(QColor(0xd6, 0x27, 0x28), 1.5, Qt::DashLine));
        }
        m_histogram->yAxis->setScaleType(QCPAxis::stLogarithmic);
        m_histogram->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
        m_histogram->xAxis->setLabel(tr("'%1' float values over the calibration data; dashed: the clipping range "
                                        "[%2, %3] (%4)")
                                         .arg(qs(value))
                                         .arg(range.lo, 0, 'g', 4)
                                         .arg(range.hi, 0, 'g', 4)
                                         .arg(QString::fromLatin1(quant::methodName(m_outcome->calibration.method))));
        m_histogram->yAxis->setLabel(tr("count (log)"));
        m_histogram->rescaleAxes();
        m_histogram->xAxis->setRange(std::min(h->min(), range.lo) - h->binWidth(),
                                     std::max(h->max(), range.hi) + h->binWidth());
        m_histogram->yAxis->setRangeLower(0.8);
    } else {
        m_histogram->xAxis->setLabel(node ? tr("No calibration histogram for '%1'").arg(qs(value))
                                          : tr("Select a node to see its values"));
    }
    m_histogram->replot();

    // The per-output-channel ranges of a Conv / Gemm weight.
    const Tensor *w = node && (node->opType == "Conv" || node->opType == "Gemm" || node->opType == "MatMul" ||
                               node->opType == "ConvTranspose") &&
                              node->inputs.size() > 1
                          ? index.weight(node->inputs[1])
                          : nullptr;
    if (w && w->dims.size() >= 2) {
        Expected<std::vector<double>> values = tensorValues(*w, w->elementCount());
        if (values) {
            int axis = 0;
            if (node->opType == "Gemm")
                axis = node->intAttribute("transB", 0) ? 0 : 1;
            else if (node->opType == "MatMul" || node->opType == "ConvTranspose")
                axis = 1;
            const int64_t channels = w->dims[size_t(axis)];
            int64_t inner = 1;
            for (size_t d = size_t(axis) + 1; d < w->dims.size(); ++d)
                inner *= w->dims[d];
            QVector<double> keys, lo(int(channels), 0.0), hi(int(channels), 0.0);
            for (size_t i = 0; i < values->size(); ++i) {
                const int c = int((int64_t(i) / inner) % channels);
                lo[c] = std::min(lo[c], (*values)[i]);
                hi[c] = std::max(hi[c], (*values)[i]);
            }
            for (int c = 0; c < channels; ++c)
                keys << c;
            auto *maxBars = new QCPBars(m_weights->xAxis, m_weights->yAxis);
            maxBars->setData(keys, hi, true);
            maxBars->setName(tr("max"));
            maxBars->setPen(Qt::NoPen);
            maxBars->setBrush(QColor(0x1f, 0x77, 0xb4));
            auto *minBars = new QCPBars(m_weights->xAxis, m_weights->yAxis);
            minBars->setData(keys, lo, true);
            minBars->setName(tr("min"));
            minBars->setPen(Qt::NoPen);
            minBars->setBrush(QColor(0xff, 0x7f, 0x0e));
            const double spread = *std::max_element(hi.begin(), hi.end()) - *std::min_element(lo.begin(), lo.end());
            m_weights->xAxis->setLabel(tr("output channel of '%1' (%2 channels); one scale per channel keeps small "
                                          "channels precise")
                                           .arg(qs(node->name.empty() ? node->displayName() : node->name))
                                           .arg(channels));
            m_weights->yAxis->setLabel(tr("weight range (whole tensor spans %1)").arg(spread, 0, 'g', 3));
            m_weights->rescaleAxes();
        }
    } else {
        m_weights->xAxis->setLabel(node ? tr("'%1' has no weight to show").arg(qs(node->displayName()))
                                        : tr("Select a Conv or Gemm to see its per-channel weight ranges"));
    }
    m_weights->replot();
}

} // namespace silica
