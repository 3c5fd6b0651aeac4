#pragma once
// Find (Ctrl+F): nodes by name, op type or regular expression, searched as you type. Enter in
// the text field jumps to the next result (Shift+Enter: previous); Enter or a double-click in
// the list jumps to that one. An invalid regular expression says what is wrong instead of
// listing anything.

#include "core/graph/model.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QModelIndex;
class QTreeView;

namespace silica {

class NodeSearchModel;

class FindPanel : public QWidget
{
    Q_OBJECT
public:
    // The order of the mode combo box.
    enum Mode
    {
        NameMode = 0,
        OpTypeMode,
        RegexMode
    };

    explicit FindPanel(QWidget *parent = nullptr);

    void setModel(ModelPtr model);
    // Puts the cursor in the text field with its text selected.
    void focusSearch();
    // Jumps to the result `delta` rows from the current one (wrapping around).
    void jump(int delta);

    NodeSearchModel *model() const { return m_model; }
    QLineEdit *lineEdit() const { return m_text; }
    QComboBox *modeBox() const { return m_mode; }
    QCheckBox *caseBox() const { return m_case; }
    QTreeView *resultView() const { return m_results; }
    QLabel *statusLabel() const { return m_status; }

signals:
    void nodeActivated(silica::NodeId id);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void search();
    void activate(const QModelIndex &index);

    NodeSearchModel *m_model;
    QLineEdit *m_text;
    QComboBox *m_mode;
    QCheckBox *m_case;
    QLabel *m_status;
    QTreeView *m_results;
};

} // namespace silica
