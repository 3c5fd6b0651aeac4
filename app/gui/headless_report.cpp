#include "app/gui/headless_report.h"

#include "app/cli/inspect_report.h"
#include "app/gui/sample_model.h"
#include "core/graph/onnx_import.h"

#include <QCoreApplication>
#include <QFile>

namespace silica {

namespace {

constexpr int kBadInput = 2;

} // namespace

bool hasDisplay()
{
    return qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY") ||
           qEnvironmentVariableIsSet("QT_QPA_PLATFORM");
}

int runHeadlessReport(const QStringList &arguments, std::string &out, std::string &err)
{
    QString path;
    for (int i = 0; i < arguments.size(); ++i) {
        const QString &a = arguments[i];
        if (a == QLatin1String("--help") || a == QLatin1String("-h")) {
            out = QCoreApplication::translate(
                      "silica::HeadlessReport",
                      "usage: silica [MODEL]\n\nOpens MODEL (default: the bundled sample) in the "
                      "desktop app. Without a display, prints MODEL's inspection report "
                      "instead.\n")
                      .toStdString();
            return 0;
        }
        if (a == QLatin1String("--version") || a == QLatin1String("-v")) {
            out = "silica " + QCoreApplication::applicationVersion().toStdString() + "\n";
            return 0;
        }
        if (a == QLatin1String("--screenshot") || a == QLatin1String("--select")) {
            ++i; // GUI-only options and their values
            continue;
        }
        if (a.startsWith(QLatin1Char('-')))
            continue;
        path = a;
        break;
    }
    if (path.isEmpty())
        path = bundledSamplePath();
    if (path.isEmpty()) {
        err = QCoreApplication::translate("silica::HeadlessReport",
                                          "silica: no model given and the sample model "
                                          "kws_swish.onnx was not found\n")
                  .toStdString();
        return kBadInput;
    }
    auto loaded = loadModel(QFile::encodeName(path).toStdString());
    if (!loaded) {
        err = "silica: " + loaded.error().message() + "\n";
        return kBadInput;
    }
    out = inspectText(*loaded->model, loaded->warnings).toStdString();
    return 0;
}

} // namespace silica
