#include "app/gui/headless_report.h"
#include "app/gui/language.h"
#include "app/gui/main_window.h"
#include "app/gui/sample_model.h"

#include <QApplication>
#include <QCommandLineParser>

#include <cstdio>

#include <spdlog/cfg/env.h>

namespace {

void describeApplication()
{
    QCoreApplication::setOrganizationName(QStringLiteral("Silica"));
    QCoreApplication::setApplicationName(QStringLiteral("Silica"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SILICA_VERSION));
}

} // namespace

int main(int argc, char **argv)
{
    spdlog::cfg::load_env_levels(); // SPDLOG_LEVEL=debug shows drawing and load timings
    if (!silica::hasDisplay()) {
        QCoreApplication app(argc, argv);
        describeApplication();
        silica::installTranslators(app);
        std::string out, err;
        const int code = silica::runHeadlessReport(app.arguments().mid(1), out, err);
        std::fwrite(out.data(), 1, out.size(), stdout);
        std::fwrite(err.data(), 1, err.size(), stderr);
        return code;
    }

    QApplication app(argc, argv);
    describeApplication();
    silica::installTranslators(app);

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "Silica: deploy ONNX neural networks to edge accelerators."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
        QStringLiteral("model"),
        QCoreApplication::translate("main", "The ONNX model to open (default: the sample)."));
    QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                  QStringLiteral("Save a picture of the window and quit."),
                                  QStringLiteral("file"));
    QCommandLineOption select(QStringLiteral("select"),
                              QStringLiteral("Select the node with this name first."),
                              QStringLiteral("node"));
    QCommandLineOption fit(QStringLiteral("fit"), QStringLiteral("Fit the graph into the window."));
    QCommandLineOption overlayFile(QStringLiteral("overlay-file"),
                                   QStringLiteral("Load this overlay file first."),
                                   QStringLiteral("json"));
    QCommandLineOption overlay(QStringLiteral("overlay"),
                               QStringLiteral("Show the overlay with this id."),
                               QStringLiteral("id"));
    QCommandLineOption find(QStringLiteral("find"), QStringLiteral("Open Find with this text."),
                            QStringLiteral("text"));
    QCommandLineOption bottlenecks(QStringLiteral("bottlenecks"),
                                   QStringLiteral("Press F8 this many times."),
                                   QStringLiteral("count"));
    QCommandLineOption exportView(QStringLiteral("export-view"),
                                  QStringLiteral("Also export the view to this PNG or SVG file."),
                                  QStringLiteral("file"));
    QCommandLineOption device(QStringLiteral("device"), QStringLiteral("Analyse on this device first."),
                              QStringLiteral("id"));
    QCommandLineOption deviceTab(QStringLiteral("device-tab"),
                                 QStringLiteral("Show this tab of the device profile dock."), QStringLiteral("tab"));
    QCommandLineOption deviceDims(QStringLiteral("device-dims"),
                                  QStringLiteral("Sizes of symbolic dimensions for the device analysis."),
                                  QStringLiteral("NAME=N,…"));
    QCommandLineOption quantize(QStringLiteral("quantize"),
                                QStringLiteral("Quantize on this calibration data (or 'random') first."),
                                QStringLiteral("path"));
    QCommandLineOption quantTab(QStringLiteral("quant-tab"), QStringLiteral("Show this tab of the quantization dock."),
                                QStringLiteral("tab"));
    // For docs and visual checks only.
    for (QCommandLineOption *o : {&screenshot, &select, &fit, &overlayFile, &overlay, &find, &bottlenecks,
                                  &exportView, &device, &deviceTab, &deviceDims, &quantize, &quantTab}) {
        o->setFlags(QCommandLineOption::HiddenFromHelp);
        parser.addOption(*o);
    }
    parser.process(app);

    silica::MainWindow window;
    if (parser.isSet(screenshot)) {
        silica::MainWindow::ScreenshotOptions options;
        options.file = parser.value(screenshot);
        options.node = parser.value(select);
        options.fit = parser.isSet(fit);
        options.overlayFile = parser.value(overlayFile);
        options.overlay = parser.value(overlay);
        options.find = parser.value(find);
        options.bottlenecks = parser.value(bottlenecks).toInt();
        options.exportFile = parser.value(exportView);
        options.device = parser.value(device);
        options.deviceTab = parser.value(deviceTab);
        options.deviceDims = parser.value(deviceDims);
        options.quantize = parser.value(quantize);
        options.quantTab = parser.value(quantTab);
        window.screenshotAfterLoad(options);
    }
    window.show();
    const QStringList models = parser.positionalArguments();
    const QString path = models.isEmpty() ? silica::bundledSamplePath() : models.first();
    if (!path.isEmpty())
        window.openFile(path);
    return app.exec();
}
