#include "views/common/qcustomplot_include.h" // first: see there

#include "views/device/profile_panel.h"

#include "core/graph/graph_index.h"

#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace silica {

using namespace device;

namespace {

constexpr int kLayerBars = 20;

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

QColor placementColor(Placement p, bool root = false)
{
    if (root)
        return QColor(0x8e, 0x00, 0x00);
    switch (p) {
    case Placement::Accelerator:
        return QColor(0x4c, 0xaf, 0x50);
    case Placement::Stranded:
        return QColor(0xff, 0xb3, 0x00);
    case Placement::Cpu:
        return QColor(0xe5, 0x39, 0x35);
    case Placement::Folded:
        break;
    }
    return QColor(0xcf, 0xd8, 0xdc);
}

QString number(double v, int precision = 3)
{
    return QString::number(v, 'g', precision);
}

QString bytesText(double b)
{
    if (b >= 1048576)
        return QStringLiteral("%1 MiB").arg(b / 1048576.0, 0, 'f', 2);
    if (b >= 1024)
        return QStringLiteral("%1 KiB").arg(b / 1024.0, 0, 'f', 1);
    return QStringLiteral("%1 B").arg(b, 0, 'f', 0);
}

QCustomPlot *makePlot(QWidget *parent)
{
    auto *plot = new QCustomPlot(parent);
    plot->setMinimumHeight(160);
    plot->setNoAntialiasingOnDrag(true);
    return plot;
}

} // namespace

ProfilePanel::ProfilePanel(QWidget *parent)
    : QWidget(parent), m_tabs(new QTabWidget(this)), m_status(new QLabel(this)), m_rate(new QDoubleSpinBox(this)),
      m_summary(new QTextBrowser(this)), m_timeline(makePlot(this)), m_layers(makePlot(this)),
      m_roofline(makePlot(this)), m_compare(new QTableWidget(this)),
      m_compareButton(new QPushButton(tr("Compare All Devices"), this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto *top = new QHBoxLayout;
    m_status->setWordWrap(true);
    top->addWidget(m_status, 1);
    top->addWidget(new QLabel(tr("Rate:"), this));
    m_rate->setRange(0.01, 10000);
    m_rate->setDecimals(2);
    m_rate->setValue(30);
    m_rate->setSuffix(tr(" inferences/s"));
    m_rate->setToolTip(tr("Inference rate for the average power figure"));
    top->addWidget(m_rate);
    layout->addLayout(top);
    layout->addWidget(m_tabs, 1);

    m_summary->setOpenLinks(false);
    m_tabs->addTab(m_summary, tr("Summary"));
    m_tabs->addTab(m_timeline, tr("Timeline"));
    m_tabs->addTab(m_layers, tr("Layers"));
    m_tabs->addTab(m_roofline, tr("Roofline"));
    auto *compare = new QWidget(this);
    auto *compareLayout = new QVBoxLayout(compare);
    compareLayout->setContentsMargins(0, 0, 0, 0);
    compareLayout->addWidget(m_compareButton, 0, Qt::AlignLeft);
    compareLayout->addWidget(m_compare, 1);
    m_compare->setColumnCount(8);
    m_compare->setHorizontalHeaderLabels({tr("Device"), tr("Precision"), tr("Latency (ms)"), tr("Source"),
                                          tr("Energy (mJ)"), tr("Average W at the rate"), tr("Ops on device (%)"),
                                          tr("Segments")});
    m_compare->horizontalHeader()->setStretchLastSection(true);
    m_compare->verticalHeader()->hide();
    m_compare->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_compare->setSortingEnabled(true);
    m_tabs->addTab(compare, tr("Compare"));

    connect(m_compareButton, &QPushButton::clicked, this, &ProfilePanel::compareRequested);
    connect(m_rate, &QDoubleSpinBox::valueChanged, this, [this] {
        fillSummary();
        if (!m_compareReports.empty())
            setComparison(m_compareReports, {});
    });
    connect(m_layers, &QCustomPlot::plottableClick, this, [this](QCPAbstractPlottable *p, int index, QMouseEvent *) {
        auto *bars = qobject_cast<QCPBars *>(p);
        if (!bars || index < 0 || index >= bars->dataCount())
            return;
        const int key = int(std::lround(bars->data()->at(index)->key));
        if (key >= 0 && size_t(key) < m_layerNodes.size())
            emit nodeActivated(m_layerNodes[size_t(key)]);
    });
    clear(tr("Choose a device in the toolbar to see where the model runs and how fast."));
}

double ProfilePanel::rateHz() const
{
    return m_rate->value();
}

QString ProfilePanel::summaryText() const
{
    return m_summary->toPlainText();
}

void ProfilePanel::clear(const QString &message)
{
    m_model.reset();
    m_report.reset();
    m_status->setText(message);
    m_summary->clear();
    for (QCustomPlot *p : {m_timeline, m_layers, m_roofline}) {
        p->clearPlottables();
        p->clearItems();
        p->replot();
    }
}

void ProfilePanel::setBusy(const QString &text)
{
    m_status->setText(text);
}

void ProfilePanel::setReport(ModelPtr model, std::shared_ptr<const DeviceReport> report)
{
    if (!model || !report) {
        clear(tr("No analysis."));
        return;
    }
    m_model = std::move(model);
    m_report = std::move(report);
    const DeviceProfile &p = m_report->device->profile();
    m_status->setText(tr("%1 at %2: %3 ms per inference (%4)")
                          .arg(qs(p.name), QLatin1String(precisionName(m_report->support.precision)),
                               number(m_report->estimate.totalMs, 4),
                               m_report->estimate.measured ? tr("measured") : tr("estimate")));
    fillSummary();
    fillTimeline();
    fillLayers();
    fillRoofline();
}

void ProfilePanel::fillSummary()
{
    if (!m_report)
        return;
    const DeviceReport &r = *m_report;
    const DeviceProfile &p = r.device->profile();
    const Estimate &e = r.estimate;
    QString html;
    for (const std::string &b : r.partition.banners)
        html += QStringLiteral("<p style='background:#fff3cd;padding:4px'>%1</p>").arg(qs(b).toHtmlEscaped());
    html += QStringLiteral("<h3>%1</h3><p>%2<br>%3</p>")
                .arg(qs(p.name).toHtmlEscaped(), qs(p.description).toHtmlEscaped(),
                     qs(r.device->backend().description()).toHtmlEscaped());
    html += QStringLiteral("<table cellspacing=2>");
    auto row = [&](const QString &k, const QString &v) {
        html += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>").arg(k, v);
    };
    row(tr("Latency"), tr("%1 ms (%2)").arg(number(e.totalMs, 4), e.measured ? tr("measured") : tr("estimate")));
    row(tr("On the device"), tr("%1 ms; on the CPU %2 ms; transfers %3 ms; overheads %4 ms")
                                 .arg(number(e.acceleratorMs), number(e.cpuMs), number(e.transferMs),
                                      number(e.overheadMs)));
    row(tr("Nodes"), tr("%1% of the working nodes on the device, in %2 segment(s); %3 on the CPU, %4 stranded")
                         .arg(number(100 * e.acceleratorOpShare, 3))
                         .arg(r.partition.acceleratorSegments())
                         .arg(r.partition.count(Placement::Cpu))
                         .arg(r.partition.count(Placement::Stranded)));
    if (p.weightsStreamFromHost)
        row(tr("Parameters"), tr("%1 cached on chip, %2 streamed every inference")
                                  .arg(bytesText(double(e.onChipWeightBytes)), bytesText(double(e.streamedWeightBytes))));
    const PowerAtRate power = powerAtRate(e, p, rateHz());
    row(tr("Energy"), tr("%1 mJ per inference").arg(number(e.energyMj)));
    row(tr("Average power"), tr("%1 W at %2 inferences/s (busy %3%)%4")
                                 .arg(number(power.averageW), number(rateHz()), number(100 * power.dutyCycle, 3),
                                      power.saturated ? tr(": saturated, one inference takes longer than the period")
                                                      : QString()));
    html += QStringLiteral("</table>");
    for (const std::string &n : e.notes)
        html += QStringLiteral("<p><i>%1</i></p>").arg(qs(n).toHtmlEscaped());

    if (!r.estimate.segments.empty()) {
        html += QStringLiteral("<h4>%1</h4><table cellspacing=2><tr><th>#</th><th>%2</th><th>%3</th><th>%4</th>"
                               "<th>%5</th></tr>")
                    .arg(tr("Segments"), tr("runs on"), tr("nodes"), tr("time (ms)"), tr("tensors coming in"));
        for (const SegmentCost &s : r.estimate.segments) {
            QStringList incoming;
            for (const Crossing &x : r.partition.crossings)
                if (x.toSegment == s.segment || (x.toSegment < 0 && x.fromSegment == s.segment))
                    incoming << QStringLiteral("%1%2 (%3, %4 ms)")
                                    .arg(x.toSegment < 0 ? tr("out: ") : QString(), qs(x.value).toHtmlEscaped(),
                                         bytesText(double(x.bytes)), number(transferMs(x, p)));
            html += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4 + %5 %6</td><td>%7</td></tr>")
                        .arg(s.segment)
                        .arg(s.accelerator ? qs(p.name).toHtmlEscaped() : tr("CPU"))
                        .arg(r.partition.segments[size_t(s.segment)].nodes.size())
                        .arg(number(s.computeMs), number(s.transferMs + s.overheadMs), tr("transfers"),
                             incoming.join(QStringLiteral(", ")));
        }
        html += QStringLiteral("</table>");
    }
    html += QStringLiteral("<h4>%1</h4><table cellspacing=2>").arg(tr("Device figures"));
    for (const auto &[field, f] : p.figures())
        html += QStringLiteral("<tr><td>%1</td><td>%2%3</td><td><small>%4 (%5)</small></td></tr>")
                    .arg(qs(field), number(f->value, 4),
                         f->unconfirmed() ? QStringLiteral(" <b style='color:#b00'>[unconfirmed]</b>") : QString(),
                         qs(f->source).toHtmlEscaped(), QLatin1String(tagName(f->tag)));
    html += QStringLiteral("</table>");
    if (!r.partition.log.empty()) {
        html += QStringLiteral("<h4>%1</h4><pre>").arg(tr("Compiler"));
        for (const std::string &l : r.partition.log)
            html += qs(l).toHtmlEscaped() + QLatin1Char('\n');
        html += QStringLiteral("</pre>");
    }
    m_summary->setHtml(html);
}

void ProfilePanel::fillTimeline()
{
    QCustomPlot *plot = m_timeline;
    plot->clearPlottables();
    plot->clearItems();
    const DeviceReport &r = *m_report;
    // Lane 1: the device; lane 0: the host CPU.
    double end = 0;
    for (const SegmentCost &s : r.estimate.segments) {
        const double lane = s.accelerator ? 1 : 0;
        const double t0 = s.startMs, t1 = t0 + s.transferMs + s.overheadMs, t2 = s.endMs();
        end = std::max(end, t2);
        auto box = [&](double a, double b, const QColor &color, Qt::BrushStyle style) {
            if (b <= a)
                return;
            auto *rect = new QCPItemRect(plot);
            rect->topLeft->setCoords(a, lane + 0.35);
            rect->bottomRight->setCoords(b, lane - 0.35);
            rect->setBrush(QBrush(color, style));
            rect->setPen(QPen(color.darker(130)));
        };
        box(t0, t1, QColor(0x90, 0xa4, 0xae), Qt::BDiagPattern);
        box(t1, t2, s.accelerator ? placementColor(Placement::Accelerator) : placementColor(Placement::Cpu),
            Qt::SolidPattern);
        auto *label = new QCPItemText(plot);
        label->position->setCoords((t0 + t2) / 2, lane);
        label->setText(QStringLiteral("#%1").arg(s.segment));
        label->setClipToAxisRect(true);
    }
    QSharedPointer<QCPAxisTickerText> lanes(new QCPAxisTickerText);
    lanes->addTick(0, tr("CPU"));
    lanes->addTick(1, qs(r.device->profile().name));
    plot->yAxis->setTicker(lanes);
    plot->yAxis->setRange(-0.6, 1.6);
    plot->xAxis->setLabel(tr("time (ms); hatched: transfers and overheads"));
    plot->xAxis->setRange(0, std::max(end, r.estimate.totalMs) * 1.02 + 1e-6);
    plot->replot();
}

void ProfilePanel::fillLayers()
{
    QCustomPlot *plot = m_layers;
    plot->clearPlottables();
    plot->clearItems();
    m_layerNodes.clear();
    const DeviceReport &r = *m_report;
    const GraphIndex &index = m_model->graph->index();
    std::vector<size_t> order;
    for (size_t i = 0; i < r.estimate.nodes.size(); ++i)
        if (r.estimate.nodes[i].placement != Placement::Folded)
            order.push_back(i);
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return r.estimate.nodes[a].ms > r.estimate.nodes[b].ms; });
    // As many bars as have room for a readable label.
    const int room = plot->height() > 0 ? std::clamp(plot->height() / 14, 5, kLayerBars) : kLayerBars;
    if (order.size() > size_t(room))
        order.resize(size_t(room));
    QSharedPointer<QCPAxisTickerText> names(new QCPAxisTickerText);
    std::map<int, QCPBars *> bars; // per placement colour
    for (size_t k = 0; k < order.size(); ++k) {
        const NodeCost &c = r.estimate.nodes[order[k]];
        const NodePlacement &p = r.partition.nodes[order[k]];
        const double key = double(order.size() - 1 - k); // slowest on top
        const int colour = p.rootCause ? 4 : int(p.placement);
        QCPBars *&b = bars[colour];
        if (!b) {
            b = new QCPBars(plot->yAxis, plot->xAxis);
            b->setBrush(placementColor(p.placement, p.rootCause));
            b->setPen(Qt::NoPen);
            b->setWidth(0.7);
        }
        b->addData(key, c.ms);
        const Node *node = index.node(c.id);
        QString name = node ? qs(node->displayName()) : QString();
        if (name.size() > 32)
            name = QChar(0x2026) + name.right(31);
        names->addTick(key, name);
        m_layerNodes.resize(order.size());
        m_layerNodes[size_t(key)] = c.id;
    }
    plot->yAxis->setTicker(names);
    plot->yAxis->setTickLabelFont(QFont(font().family(), 7));
    plot->yAxis->setRange(-0.6, double(order.size()) - 0.4);
    plot->xAxis->setLabel(tr("latency (ms); green on the device, red CPU fallback, amber stranded"));
    double top = 0;
    for (size_t i : order)
        top = std::max(top, r.estimate.nodes[i].ms);
    plot->xAxis->setRange(0, top * 1.05 + 1e-9);
    plot->replot();
}

void ProfilePanel::fillRoofline()
{
    QCustomPlot *plot = m_roofline;
    plot->clearPlottables();
    plot->clearItems();
    const DeviceReport &r = *m_report;
    const DeviceProfile &p = r.device->profile();
    QVector<double> x, y, xc, yc;
    double lo = 1e300, hi = 0;
    for (const NodeCost &c : r.estimate.nodes) {
        if (c.placement == Placement::Folded || c.ms <= 0 || c.ops <= 0)
            continue;
        // The bytes the memory term counts: cached weights stay on chip.
        const double bytes = double(c.activationBytes) +
                             double(p.weightsStreamFromHost ? c.streamedWeightBytes : c.weightBytes);
        if (bytes <= 0)
            continue;
        const double intensity = c.ops / bytes;
        const double attained = c.ops / (c.ms * 1e-3);
        (c.placement == Placement::Accelerator ? x : xc).push_back(intensity);
        (c.placement == Placement::Accelerator ? y : yc).push_back(attained);
        lo = std::min(lo, intensity);
        hi = std::max(hi, intensity);
    }
    for (QCPAxis *axis : {plot->xAxis, plot->yAxis}) {
        axis->setScaleType(QCPAxis::stLogarithmic);
        axis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    }
    if (x.isEmpty() && xc.isEmpty()) {
        plot->replot();
        return;
    }
    lo = std::max(lo / 2, 1e-3);
    hi = hi * 2;
    const double peak = p.peakOps.count(r.support.precision) ? p.peakOps.at(r.support.precision).value
                                                               : p.peakOps.at(p.defaultPrecision).value;
    const double bw = p.memoryBandwidth.value;
    QCPGraph *roof = plot->addGraph();
    const double ridge = peak / bw;
    QVector<double> rx{lo, std::clamp(ridge, lo, hi), hi};
    QVector<double> ry;
    for (double v : rx)
        ry << std::min(peak, bw * v);
    roof->setData(rx, ry);
    roof->setPen(QPen(Qt::darkGray, 2));
    roof->setName(tr("roofline (peak %1 ops/s, %2 B/s)").arg(number(peak), number(bw)));
    auto scatter = [&](const QVector<double> &xs, const QVector<double> &ys, const QColor &color, const QString &name) {
        if (xs.isEmpty())
            return;
        QCPGraph *g = plot->addGraph();
        g->setLineStyle(QCPGraph::lsNone);
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, color, 5));
        g->setData(xs, ys, true);
        g->setName(name);
    };
    scatter(x, y, placementColor(Placement::Accelerator), tr("nodes on the device"));
    scatter(xc, yc, placementColor(Placement::Cpu), tr("nodes on the CPU"));
    plot->xAxis->setLabel(tr("operations per byte"));
    plot->yAxis->setLabel(tr("attained operations per second"));
    plot->legend->setVisible(true);
    plot->legend->setFont(QFont(font().family(), 7));
    plot->rescaleAxes();
    plot->yAxis->setRangeUpper(peak * 2);
    plot->replot();
}

void ProfilePanel::setComparison(const std::vector<std::shared_ptr<const DeviceReport>> &reports,
                                 const QStringList &failures)
{
    m_compareReports = reports;
    m_compare->setSortingEnabled(false);
    m_compare->setRowCount(int(reports.size() + size_t(failures.size())));
    auto numberItem = [](double v, int precision) {
        auto *item = new QTableWidgetItem;
        item->setData(Qt::DisplayRole, QString::number(v, 'f', precision).toDouble());
        return item;
    };
    for (int i = 0; i < int(reports.size()); ++i) {
        const DeviceReport &r = *reports[size_t(i)];
        const PowerAtRate power = powerAtRate(r.estimate, r.device->profile(), rateHz());
        m_compare->setItem(i, 0, new QTableWidgetItem(qs(r.device->profile().name)));
        m_compare->setItem(i, 1, new QTableWidgetItem(QString::fromLatin1(precisionName(r.support.precision)).toUpper()));
        m_compare->setItem(i, 2, numberItem(r.estimate.totalMs, 3));
        m_compare->setItem(i, 3, new QTableWidgetItem(r.estimate.measured ? tr("measured") : tr("estimate")));
        m_compare->setItem(i, 4, numberItem(r.estimate.energyMj, 3));
        m_compare->setItem(i, 5, numberItem(power.averageW, 4));
        if (power.saturated)
            m_compare->item(i, 5)->setToolTip(tr("Saturated: one inference takes longer than the period"));
        m_compare->setItem(i, 6, numberItem(100 * r.estimate.acceleratorOpShare, 0));
        m_compare->setItem(i, 7, numberItem(r.partition.acceleratorSegments(), 0));
    }
    for (int k = 0; k < failures.size(); ++k) {
        const int row = int(reports.size()) + k;
        auto *item = new QTableWidgetItem(failures[k]);
        item->setForeground(QColor(0xb0, 0x00, 0x20));
        m_compare->setItem(row, 0, item);
        for (int c = 1; c < m_compare->columnCount(); ++c)
            m_compare->setItem(row, c, new QTableWidgetItem);
    }
    m_compare->setSortingEnabled(true);
    m_compare->resizeColumnsToContents();
}

} // namespace silica
