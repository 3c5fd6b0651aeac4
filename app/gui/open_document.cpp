#include "app/gui/open_document.h"

#include <QFileInfo>

namespace silica {

OpenDocument::OpenDocument(ModelPtr model, const QString &path, std::vector<std::string> warnings,
                           QObject *parent)
    : QObject(parent), m_document(std::move(model), path.toStdString()), m_path(path),
      m_warnings(std::move(warnings))
{
}

QString OpenDocument::fileName() const
{
    return QFileInfo(m_path).fileName();
}

uint64_t OpenDocument::commit(ModelPtr model, const QString &description)
{
    const uint64_t id = m_document.commit(std::move(model), description.toStdString())->id;
    emit versionChanged();
    return id;
}

bool OpenDocument::setCurrentVersion(uint64_t versionId)
{
    if (m_document.current()->id == versionId)
        return true;
    if (!m_document.setCurrent(versionId))
        return false;
    emit versionChanged();
    return true;
}

} // namespace silica
