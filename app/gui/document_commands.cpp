#include "app/gui/document_commands.h"

#include "core/session/remove_passthrough.h"

namespace silica {

ChangeGraphVersion::ChangeGraphVersion(OpenDocument *document, uint64_t before, uint64_t after,
                                       const QString &text)
    : m_document(document), m_before(before), m_after(after)
{
    setText(text);
}

void ChangeGraphVersion::undo()
{
    if (m_document)
        m_document->setCurrentVersion(m_before);
}

void ChangeGraphVersion::redo()
{
    // The first redo (QUndoStack::push) finds the document already at `after`: a no-op.
    if (m_document)
        m_document->setCurrentVersion(m_after);
}

ChangeGraphVersion *RemovePassthroughNodes::apply(OpenDocument &document, QString &summary)
{
    const PassthroughCleanup cleanup = removePassthroughAndDeadNodes(document.model());
    if (cleanup.removedNodes() == 0 && cleanup.unusedInitializers == 0) {
        summary = tr("Nothing to remove: no Identity, inference Dropout or dead nodes.");
        return nullptr;
    }
    const QString text = tr("Remove %1 Identity, %2 Dropout and %3 dead nodes")
                             .arg(cleanup.identities)
                             .arg(cleanup.dropouts)
                             .arg(cleanup.deadNodes);
    summary = tr("Removed %1 Identity, %2 Dropout and %3 dead nodes, %4 unused initializers")
                  .arg(cleanup.identities)
                  .arg(cleanup.dropouts)
                  .arg(cleanup.deadNodes)
                  .arg(cleanup.unusedInitializers);
    const uint64_t before = document.current()->id;
    const uint64_t after =
        document.commit(cleanup.model, QString::fromStdString(cleanup.summary()));
    return new ChangeGraphVersion(&document, before, after, text);
}

} // namespace silica
