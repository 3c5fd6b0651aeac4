#pragma once
// The File → Open Recent list, kept in QSettings, newest first, at most ten entries.

#include <QStringList>

namespace silica {

class RecentFiles
{
public:
    static constexpr int kMaxEntries = 10;

    QStringList files() const;
    // Moves `path` to the top (adding it if new) and drops the oldest beyond kMaxEntries.
    void add(const QString &path);
    void remove(const QString &path);
    void clear();

private:
    void store(const QStringList &files);
};

} // namespace silica
