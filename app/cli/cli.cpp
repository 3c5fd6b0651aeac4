#include "app/cli/cli.h"

#include "app/cli/device_commands.h"
#include "app/cli/inspect_report.h"
#include "app/cli/quantize_command.h"
#include "app/cli/layout_command.h"
#include "app/cli/run_command.h"
#include "core/graph/onnx_export.h"
#include "core/graph/onnx_import.h"
#include "core/session/remove_passthrough.h"

#include <QJsonDocument>

namespace silica {

namespace {

const char *kUsage =
    "usage: silica-cli <command> [options]\n"
    "\n"
    "commands:\n"
    "  inspect MODEL [--json]                       summary, statistics and per-node table\n"
    "  convert MODEL -o OUT.onnx [--external-data]  re-save through Silica's IR\n"
    "  clean MODEL -o OUT.onnx [--external-data]    remove Identity/Dropout and dead nodes\n"
    "%RUN%"
    "%LAYOUT%"
    "%DEVICE%"
    "%QUANTIZE%"
    "  help                                         this text\n"
    "  --version                                    print the version\n"
    "\n"
    "exit codes: 0 ok, 1 usage error, 2 bad input, 3 internal error\n";

int fail(std::string &err, const Status &s)
{
    err += "silica-cli: " + s.message() + "\n";
    switch (s.code()) {
    case ErrorCode::Internal:
        return CliInternal;
    case ErrorCode::InvalidArgument:
        return CliUsage;
    default:
        return CliBadInput;
    }
}

std::string usageText()
{
    std::string text = kUsage;
    text.replace(text.find("%RUN%"), 5, kRunUsage);
    text.replace(text.find("%LAYOUT%"), 8, kLayoutUsage);
    text.replace(text.find("%DEVICE%"), 8, kDeviceUsage);
    text.replace(text.find("%QUANTIZE%"), 10, kQuantizeUsage);
    return text;
}

int usage(std::string &err, const std::string &problem)
{
    err += "silica-cli: " + problem + "\n\n" + usageText();
    return CliUsage;
}

struct Parsed
{
    std::string model;
    std::string output;
    bool json = false;
    bool externalData = false;
};

bool parseArgs(const std::vector<std::string> &args, size_t from, Parsed &p, std::string &problem,
               bool allowOutput, bool allowJson)
{
    for (size_t i = from; i < args.size(); ++i) {
        const std::string &a = args[i];
        if (allowJson && a == "--json") {
            p.json = true;
        } else if (allowOutput && a == "--external-data") {
            p.externalData = true;
        } else if (allowOutput && (a == "-o" || a == "--output")) {
            if (i + 1 >= args.size()) {
                problem = a + " needs a file name";
                return false;
            }
            p.output = args[++i];
        } else if (!a.empty() && a[0] == '-') {
            problem = "unknown option '" + a + "'";
            return false;
        } else if (p.model.empty()) {
            p.model = a;
        } else {
            problem = "unexpected argument '" + a + "'";
            return false;
        }
    }
    if (p.model.empty()) {
        problem = "no model file given";
        return false;
    }
    if (allowOutput && p.output.empty()) {
        problem = "no output file given (-o OUT.onnx)";
        return false;
    }
    return true;
}

int save(const Model &model, const Parsed &p, std::string &out, std::string &err)
{
    SaveOptions options;
    options.externalData = p.externalData;
    Status s = saveModel(model, p.output, options);
    if (!s)
        return fail(err, s);
    out += "wrote " + p.output + (p.externalData ? " (+ " + p.output + ".data)" : "") + "\n";
    return CliOk;
}

} // namespace

int runCli(const std::vector<std::string> &args, std::string &out, std::string &err)
{
    if (args.size() < 2)
        return usage(err, "no command given");
    const std::string &command = args[1];
    if (command == "help" || command == "--help" || command == "-h") {
        out += usageText();
        return CliOk;
    }
    if (command == "--version") {
        out += "silica-cli " SILICA_VERSION "\n";
        return CliOk;
    }
    if (command == "run")
        return runModelCommand(std::vector<std::string>(args.begin() + 2, args.end()), out, err);
    if (command == "quantize")
        return quantizeCommand(std::vector<std::string>(args.begin() + 2, args.end()), out, err);
    if (command == "devices")
        return devicesCommand(std::vector<std::string>(args.begin() + 2, args.end()), out, err);
    if (command == "profile")
        return profileCommand(std::vector<std::string>(args.begin() + 2, args.end()), out, err);
    if (command == "layout")
        return layoutCommand(std::vector<std::string>(args.begin() + 2, args.end()), out, err);
    Parsed p;
    std::string problem;
    if (command == "inspect") {
        if (!parseArgs(args, 2, p, problem, false, true))
            return usage(err, problem);
        auto loaded = loadModel(p.model);
        if (!loaded)
            return fail(err, loaded.error());
        if (p.json) {
            out += QJsonDocument(inspectJson(*loaded->model, loaded->warnings))
                       .toJson(QJsonDocument::Indented)
                       .toStdString();
        } else {
            out += inspectText(*loaded->model, loaded->warnings).toStdString();
        }
        return CliOk;
    }
    if (command == "convert" || command == "clean") {
        if (!parseArgs(args, 2, p, problem, true, false))
            return usage(err, problem);
        LoadOptions options;
        options.inferShapes = false; // a pure re-save needs no shapes
        options.runChecker = false;
        auto loaded = loadModel(p.model, options);
        if (!loaded)
            return fail(err, loaded.error());
        for (const std::string &w : loaded->warnings)
            err += "warning: " + w + "\n";
        ModelPtr model = loaded->model;
        if (command == "clean") {
            const PassthroughCleanup cleanup = removePassthroughAndDeadNodes(model);
            out += cleanup.summary() + "\n";
            model = cleanup.model;
        }
        return save(*model, p, out, err);
    }
    return usage(err, "unknown command '" + command + "'");
}

} // namespace silica
