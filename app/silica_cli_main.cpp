#include "app/cli/cli.h"

#include <QCoreApplication>
#include <QLoggingCategory>

#include <cstdio>
#include <string>
#include <vector>

int main(int argc, char **argv)
{
    // For the executable's folder (device plugins are found next to it) and Qt's file APIs.
    QCoreApplication app(argc, argv);
    // Image decoders' remarks about colour profiles in calibration photos are noise here.
    QLoggingCategory::setFilterRules(QStringLiteral("qt.gui.imageio.warning=false"));
    std::vector<std::string> args(argv, argv + argc);
    std::string out, err;
    const int code = silica::runCli(args, out, err);
    std::fwrite(out.data(), 1, out.size(), stdout);
    std::fwrite(err.data(), 1, err.size(), stderr);
    return code;
}
