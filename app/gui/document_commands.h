#pragma once
// Undo commands. An edit is computed by a core function into a new graph version; the command
// only moves the document between the version before and the one after, so undo and redo are
// instant and never copy weights.

#include "app/gui/open_document.h"

#include <QCoreApplication>
#include <QPointer>
#include <QUndoCommand>

namespace silica {

class ChangeGraphVersion : public QUndoCommand
{
public:
    ChangeGraphVersion(OpenDocument *document, uint64_t before, uint64_t after,
                       const QString &text);

    void undo() override;
    void redo() override;

    uint64_t before() const { return m_before; }
    uint64_t after() const { return m_after; }

private:
    QPointer<OpenDocument> m_document;
    uint64_t m_before;
    uint64_t m_after;
};

// "Remove Identity/Dropout and dead nodes": commits the cleaned version to `document` and
// returns the command that undoes it, or nullptr when there was nothing to remove. `summary`
// receives the user-facing outcome either way.
class RemovePassthroughNodes
{
    Q_DECLARE_TR_FUNCTIONS(RemovePassthroughNodes)
public:
    static ChangeGraphVersion *apply(OpenDocument &document, QString &summary);
};

} // namespace silica
