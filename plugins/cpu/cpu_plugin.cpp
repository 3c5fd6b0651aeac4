// The cpu plugin: the CPU backend (core/device/cpu_backend.h) with the CPU profiles.

#include "core/device/cpu_backend.h"

#include <QObject>

class CpuPlugin : public QObject, public SilicaDevicePluginFor<silica::device::CpuBackend>
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID SilicaDevicePlugin_iid FILE "cpu.json")
    Q_INTERFACES(SilicaDevicePlugin)
};

#include "cpu_plugin.moc"
