#pragma once
// Draws scoped node names ("/layer4/layer4.0/conv2/Conv") elided at the front, so the part
// that tells nodes apart stays in view in narrow list columns.

#include <QStyledItemDelegate>

namespace silica {

class ScopedNameDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};

} // namespace silica
