#pragma once
// The model the window shows: a core Document (immutable graph versions) plus what the app
// needs around it, and a signal the views follow whenever the current version changes.

#include "core/session/document.h"

#include <QObject>
#include <QString>

#include <string>
#include <vector>

namespace silica {

class OpenDocument : public QObject
{
    Q_OBJECT
public:
    OpenDocument(ModelPtr model, const QString &path, std::vector<std::string> warnings,
                 QObject *parent = nullptr);

    const Document &document() const { return m_document; }
    ModelPtr model() const { return m_document.model(); }
    VersionPtr current() const { return m_document.current(); }
    const std::vector<std::string> &loadWarnings() const { return m_warnings; }

    // The file it was opened from or last saved to.
    QString path() const { return m_path; }
    QString fileName() const;
    void setPath(const QString &path) { m_path = path; }

    // Adds `model` as the new current version; returns its id.
    uint64_t commit(ModelPtr model, const QString &description);
    // Moves to a version still in the history (undo / redo); false if it is gone.
    bool setCurrentVersion(uint64_t versionId);

signals:
    void versionChanged();

private:
    Document m_document;
    QString m_path;
    std::vector<std::string> m_warnings;
};

} // namespace silica
