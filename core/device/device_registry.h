#pragma once
// The devices Silica knows: backend plugins found on disk (QPluginLoader), the profiles they
// ship, and the profiles users drop into their profile folders. A plugin or profile that
// cannot be used is skipped with a message saying why.

#include "core/device/backend.h"

#include <map>
#include <string>
#include <vector>

namespace silica::device {

class DeviceRegistry
{
public:
    // Loads plugins from `pluginDirs` (each file that is a Silica device plugin), then their
    // built-in profiles, then *.json profiles from `profileDirs` (later ones override earlier
    // ones with the same id, with a note).
    void load(const std::vector<std::string> &pluginDirs, const std::vector<std::string> &profileDirs);
    // For tests and embedders: a backend without a plugin file.
    void addBackend(std::shared_ptr<const DeviceBackend> backend);
    // Adds one profile; its backend family must be loaded.
    Status addProfile(DeviceProfile profile);

    const std::vector<DevicePtr> &devices() const { return m_devices; }
    DevicePtr find(const std::string &id) const;
    std::vector<std::string> families() const;
    // What went wrong while loading (skipped plugins and profiles) and notes (overrides).
    const std::vector<std::string> &problems() const { return m_problems; }
    const std::vector<std::string> &notes() const { return m_notes; }

    // Where plugins are looked for: SILICA_PLUGIN_PATH, then next to the executable (build
    // tree and installed layouts).
    static std::vector<std::string> defaultPluginDirs();
    // The user's profile folder (created on demand) and SILICA_DEVICE_PATH entries.
    static std::vector<std::string> defaultProfileDirs();
    static std::string userProfileDir();

private:
    void loadProfileFile(const std::string &path, const std::string &text);

    std::map<std::string, std::shared_ptr<const DeviceBackend>> m_backends;
    std::vector<DevicePtr> m_devices;
    std::vector<std::string> m_problems;
    std::vector<std::string> m_notes;
};

} // namespace silica::device
