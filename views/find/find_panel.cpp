#include "views/find/find_panel.h"

#include "views/models/node_search_model.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

namespace silica {

FindPanel::FindPanel(QWidget *parent)
    : QWidget(parent), m_model(new NodeSearchModel(this)), m_text(new QLineEdit(this)),
      m_mode(new QComboBox(this)), m_case(new QCheckBox(tr("Match case"), this)),
      m_status(new QLabel(this)), m_results(new QTreeView(this))
{
    m_text->setObjectName(QStringLiteral("findText"));
    m_text->setClearButtonEnabled(true);
    m_text->installEventFilter(this);
    m_mode->setObjectName(QStringLiteral("findMode"));
    m_mode->addItem(tr("Name contains"));
    m_mode->addItem(tr("Op type"));
    m_mode->addItem(tr("Regular expression"));
    m_mode->setToolTip(tr("What the text is matched against"));
    m_case->setObjectName(QStringLiteral("findCase"));
    m_status->setObjectName(QStringLiteral("findStatus"));
    m_status->setWordWrap(true);
    m_status->setMargin(2);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_results->setObjectName(QStringLiteral("findResults"));
    m_results->setModel(m_model);
    m_results->setRootIsDecorated(false);
    m_results->setUniformRowHeights(true);
    m_results->setAlternatingRowColors(true);
    m_results->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_results->setSelectionMode(QAbstractItemView::SingleSelection);
    m_results->setEditTriggers(QAbstractItemView::NoEditTriggers);
    // Both ends of a scoped name matter here: the block it is in and what it is.
    m_results->setTextElideMode(Qt::ElideMiddle);
    m_results->header()->setStretchLastSection(false);
    m_results->header()->setSectionResizeMode(NodeSearchModel::NodeColumn, QHeaderView::Stretch);
    m_results->header()->setSectionResizeMode(NodeSearchModel::OpColumn, QHeaderView::Interactive);

    auto *options = new QHBoxLayout;
    options->addWidget(m_mode, 1);
    options->addWidget(m_case);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    layout->addWidget(m_text);
    layout->addLayout(options);
    layout->addWidget(m_status);
    layout->addWidget(m_results, 1);

    connect(m_text, &QLineEdit::textChanged, this, &FindPanel::search);
    connect(m_mode, &QComboBox::currentIndexChanged, this, &FindPanel::search);
    connect(m_case, &QCheckBox::toggled, this, &FindPanel::search);
    connect(m_results, &QAbstractItemView::activated, this, &FindPanel::activate);
    connect(m_results, &QAbstractItemView::doubleClicked, this, &FindPanel::activate);
    search();
}

void FindPanel::setModel(ModelPtr model)
{
    m_model->setModel(std::move(model));
    search();
}

void FindPanel::focusSearch()
{
    m_text->setFocus(Qt::ShortcutFocusReason);
    m_text->selectAll();
}

void FindPanel::search()
{
    static const QStringList placeholders = {
        tr("Part of a node name, e.g. layer3"),
        tr("An op type, e.g. Conv"),
        tr("A regular expression over node names, e.g. ^/layer[12]/.*Conv$"),
    };
    m_text->setPlaceholderText(placeholders.value(m_mode->currentIndex()));
    NodeQuery query;
    query.text = m_text->text().toStdString();
    query.match = m_mode->currentIndex() == OpTypeMode  ? NodeMatch::OpType
                  : m_mode->currentIndex() == RegexMode ? NodeMatch::Regex
                                                        : NodeMatch::NameContains;
    query.caseSensitive = m_case->isChecked();
    m_model->setQuery(query);
    // Long op types are elided rather than pushing the names out of view.
    m_results->resizeColumnToContents(NodeSearchModel::OpColumn);
    m_results->setColumnWidth(NodeSearchModel::OpColumn,
                              std::min(m_results->columnWidth(NodeSearchModel::OpColumn), 110));
    m_status->setText(m_model->statusText());
    m_status->setStyleSheet(m_model->hasError() ? QStringLiteral("color: #c62828;")
                                                : QStringLiteral("color: #6b7280;"));
    m_status->setVisible(!m_status->text().isEmpty());
}

void FindPanel::jump(int delta)
{
    const int n = m_model->rowCount();
    if (n == 0)
        return;
    const QModelIndex current = m_results->currentIndex();
    const int row =
        current.isValid() ? ((current.row() + delta) % n + n) % n : (delta >= 0 ? 0 : n - 1);
    const QModelIndex index = m_model->index(row, 0);
    m_results->setCurrentIndex(index);
    m_results->scrollTo(index);
    activate(index);
}

void FindPanel::activate(const QModelIndex &index)
{
    const NodeId id = m_model->nodeAt(index.row());
    if (id != kInvalidNodeId)
        emit nodeActivated(id);
}

bool FindPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_text && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            jump(key->modifiers() & Qt::ShiftModifier ? -1 : 1);
            return true;
        }
        if (key->key() == Qt::Key_Down && m_model->rowCount() > 0) {
            m_results->setFocus();
            if (!m_results->currentIndex().isValid())
                m_results->setCurrentIndex(m_model->index(0, 0));
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace silica
