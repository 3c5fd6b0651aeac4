#include "core/device/device_registry.h"

#include "core/device/cpu_backend.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QPluginLoader>
#include <QStandardPaths>

#include <algorithm>

namespace silica::device {

void DeviceRegistry::addBackend(std::shared_ptr<const DeviceBackend> backend)
{
    const std::string family = backend->family();
    m_backends[family] = std::move(backend);
}

Status DeviceRegistry::addProfile(DeviceProfile profile)
{
    auto backend = m_backends.find(profile.backend);
    if (backend == m_backends.end()) {
        std::string known;
        for (const auto &entry : m_backends)
            known += (known.empty() ? "" : ", ") + entry.first;
        return Status(ErrorCode::NotFound,
                      "device profile '" + profile.file + "': backend: \"" + profile.backend +
                          "\" is not an installed backend (installed: " + (known.empty() ? "none" : known) + ")");
    }
    auto device = std::make_shared<const Device>(std::move(profile), backend->second);
    auto same = std::find_if(m_devices.begin(), m_devices.end(),
                             [&](const DevicePtr &d) { return d->id() == device->id(); });
    if (same != m_devices.end()) {
        m_notes.push_back("device '" + device->id() + "' from '" + device->profile().file + "' replaces the one from '" +
                          (*same)->profile().file + "'");
        *same = std::move(device);
    } else {
        m_devices.push_back(std::move(device));
    }
    return Status::ok();
}

void DeviceRegistry::loadProfileFile(const std::string &path, const std::string &text)
{
    Expected<DeviceProfile> profile = parseDeviceProfile(text, path);
    if (!profile) {
        m_problems.push_back(profile.error().message() + " — skipped");
        return;
    }
    if (Status s = addProfile(std::move(*profile)); !s)
        m_problems.push_back(s.message() + " — skipped");
}

void DeviceRegistry::load(const std::vector<std::string> &pluginDirs, const std::vector<std::string> &profileDirs)
{
    std::vector<std::string> builtIn;
    for (const std::string &dir : pluginDirs) {
        const QDir d(QString::fromStdString(dir));
        if (!d.exists())
            continue;
        for (const QFileInfo &file : d.entryInfoList(QDir::Files, QDir::Name)) {
            if (!QLibrary::isLibrary(file.fileName()))
                continue;
            QPluginLoader loader(file.absoluteFilePath());
            // Plugins resolve the engine from the executable: fail here, not at a first call.
            loader.setLoadHints(QLibrary::ResolveAllSymbolsHint);
            const QJsonObject meta = loader.metaData();
            const QString iid = meta.value(QLatin1String("IID")).toString();
            if (iid != QLatin1String(SilicaDevicePlugin_iid)) {
                if (iid.startsWith(QLatin1String("org.silica.DeviceBackend/")))
                    m_problems.push_back("device plugin '" + file.absoluteFilePath().toStdString() + "' implements " +
                                         iid.toStdString() + ", not " + SilicaDevicePlugin_iid +
                                         " as this Silica needs — skipped (rebuild it with this version)");
                continue; // otherwise some other kind of plugin
            }
            QObject *instance = loader.instance();
            auto *plugin = qobject_cast<SilicaDevicePlugin *>(instance);
            if (!plugin) {
                m_problems.push_back("device plugin '" + file.absoluteFilePath().toStdString() +
                                     "' could not be loaded: " + loader.errorString().toStdString() + " — skipped");
                continue;
            }
            std::shared_ptr<const DeviceBackend> backend = plugin->backend();
            if (m_backends.count(backend->family())) {
                m_notes.push_back("device plugin '" + file.absoluteFilePath().toStdString() + "' repeats family '" +
                                  backend->family() + "' — the first one found is used");
                continue;
            }
            addBackend(backend);
            for (const std::string &resource : plugin->profileResources())
                builtIn.push_back(resource);
        }
    }
    if (!m_backends.count(CpuBackend::kFamily)) {
        // One backend always exists: this computer's CPU, measured.
        addBackend(std::make_shared<CpuBackend>());
        addProfile(fallbackHostProfile());
        m_notes.push_back("no cpu device plugin found: using the built-in CPU backend with placeholder figures");
    }
    for (const std::string &resource : builtIn) {
        QFile f(QString::fromStdString(resource));
        if (!f.open(QIODevice::ReadOnly)) {
            m_problems.push_back("built-in device profile '" + resource + "' is missing — skipped");
            continue;
        }
        loadProfileFile(resource, f.readAll().toStdString());
    }
    // Accelerators first, CPUs last; otherwise in the order found.
    std::stable_sort(m_devices.begin(), m_devices.end(), [](const DevicePtr &a, const DevicePtr &b) {
        return (a->profile().backend == "cpu") < (b->profile().backend == "cpu");
    });
    for (const std::string &dir : profileDirs) {
        const QDir d(QString::fromStdString(dir));
        if (!d.exists())
            continue;
        for (const QFileInfo &file : d.entryInfoList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
            QFile f(file.absoluteFilePath());
            if (!f.open(QIODevice::ReadOnly) || f.size() > 16 * 1024 * 1024) {
                m_problems.push_back("device profile '" + file.absoluteFilePath().toStdString() +
                                     "' cannot be read (or is over 16 MiB) — skipped");
                continue;
            }
            loadProfileFile(file.absoluteFilePath().toStdString(), f.readAll().toStdString());
        }
    }
}

DevicePtr DeviceRegistry::find(const std::string &id) const
{
    for (const DevicePtr &d : m_devices)
        if (d->id() == id)
            return d;
    return nullptr;
}

std::vector<std::string> DeviceRegistry::families() const
{
    std::vector<std::string> out;
    for (const auto &entry : m_backends)
        out.push_back(entry.first);
    return out;
}

std::vector<std::string> DeviceRegistry::defaultPluginDirs()
{
    std::vector<std::string> dirs;
    const QByteArray env = qgetenv("SILICA_PLUGIN_PATH");
    for (const QByteArray &part : env.split(':'))
        if (!part.isEmpty())
            dirs.push_back(part.toStdString());
    if (QCoreApplication::instance()) {
        const QDir app(QCoreApplication::applicationDirPath());
        // Build tree: build/app/silica-cli, build/app/gui/silica, build/tests/…, build/bench/…;
        // installed: bin/silica with lib/silica/devices.
        for (const char *rel : {"../plugins/devices", "../../plugins/devices", "plugins/devices",
                                "../lib/silica/devices", "../../../plugins/devices"})
            dirs.push_back(QDir::cleanPath(app.absoluteFilePath(QLatin1String(rel))).toStdString());
    }
    std::sort(dirs.begin(), dirs.end());
    dirs.erase(std::unique(dirs.begin(), dirs.end()), dirs.end());
    return dirs;
}

std::string DeviceRegistry::userProfileDir()
{
    const QString base = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    return QDir(base).absoluteFilePath(QStringLiteral("silica/devices")).toStdString();
}

std::vector<std::string> DeviceRegistry::defaultProfileDirs()
{
    std::vector<std::string> dirs{userProfileDir()};
    const QByteArray env = qgetenv("SILICA_DEVICE_PATH");
    for (const QByteArray &part : env.split(':'))
        if (!part.isEmpty())
            dirs.push_back(part.toStdString());
    return dirs;
}

} // namespace silica::device
