#include "core/session/document.h"

namespace silica {

Document::Document(ModelPtr model, std::string path) : m_path(std::move(path))
{
    auto v = std::make_shared<GraphVersion>();
    v->id = m_nextId++;
    v->model = std::move(model);
    m_history.push_back(std::move(v));
}

VersionPtr Document::commit(ModelPtr model, std::string description)
{
    m_history.resize(m_current + 1);
    auto v = std::make_shared<GraphVersion>();
    v->id = m_nextId++;
    v->model = std::move(model);
    v->description = std::move(description);
    m_history.push_back(std::move(v));
    m_current = m_history.size() - 1;
    return m_history.back();
}

VersionPtr Document::undo()
{
    if (canUndo())
        --m_current;
    return current();
}

VersionPtr Document::redo()
{
    if (canRedo())
        ++m_current;
    return current();
}

bool Document::setCurrent(uint64_t versionId)
{
    for (size_t i = 0; i < m_history.size(); ++i) {
        if (m_history[i]->id == versionId) {
            m_current = i;
            return true;
        }
    }
    return false;
}

} // namespace silica
