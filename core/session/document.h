#pragma once
// A document holds immutable graph versions. An edit produces a new version that shares every
// unchanged node and all unchanged weight bytes with its base; undo and redo move between
// versions. Background jobs hold the version they started from, so a result always says which
// graph it describes and stale results can be dropped.

#include "core/graph/model.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace silica {

struct GraphVersion
{
    uint64_t id = 0; // unique within the document, increasing
    ModelPtr model;
    std::string description; // the edit that produced it ("Remove 12 Identity nodes"); "" = opened
};
using VersionPtr = std::shared_ptr<const GraphVersion>;

class Document
{
public:
    Document(ModelPtr model, std::string path);

    const std::string &path() const { return m_path; }
    VersionPtr current() const { return m_history[m_current]; }
    ModelPtr model() const { return current()->model; }

    // Makes `model` the new current version after the current one; versions that could have
    // been redone are dropped.
    VersionPtr commit(ModelPtr model, std::string description);

    bool canUndo() const { return m_current > 0; }
    bool canRedo() const { return m_current + 1 < m_history.size(); }
    VersionPtr undo();
    VersionPtr redo();
    // Moves to a version that is still in the history (for an undo stack that owns the order).
    bool setCurrent(uint64_t versionId);

    const std::vector<VersionPtr> &history() const { return m_history; }
    size_t currentIndex() const { return m_current; }

private:
    std::string m_path;
    std::vector<VersionPtr> m_history;
    size_t m_current = 0;
    uint64_t m_nextId = 1;
};

} // namespace silica
