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
    screenshot.setFlags(QCommandLineOption::HiddenFromHelp);
    QCommandLineOption select(QStringLiteral("select"),
                              QStringLiteral("Select the node with this name first."),
                              QStringLiteral("node"));
    select.setFlags(QCommandLineOption::HiddenFromHelp);
    QCommandLineOption fit(QStringLiteral("fit"), QStringLiteral("Fit the graph into the window."));
    fit.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(screenshot);
    parser.addOption(select);
    parser.addOption(fit);
    parser.process(app);

    silica::MainWindow window;
    if (parser.isSet(screenshot))
        window.screenshotAfterLoad(parser.value(screenshot), parser.value(select),
                                   parser.isSet(fit));
    window.show();
    const QStringList models = parser.positionalArguments();
    const QString path = models.isEmpty() ? silica::bundledSamplePath() : models.first();
    if (!path.isEmpty())
        window.openFile(path);
    return app.exec();
}
