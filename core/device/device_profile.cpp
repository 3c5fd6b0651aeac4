#include "core/device/device_profile.h"

#include "core/common/json_path.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <cmath>
#include <set>

namespace silica::device {

const char *precisionName(Precision p)
{
    switch (p) {
    case Precision::Int8:
        return "int8";
    case Precision::Int16:
        return "int16";
    case Precision::Fp16:
        return "fp16";
    case Precision::Fp32:
        return "fp32";
    }
    return "?";
}

std::optional<Precision> precisionFromName(std::string_view name)
{
    for (Precision p : {Precision::Int8, Precision::Int16, Precision::Fp16, Precision::Fp32})
        if (name == precisionName(p))
            return p;
    return std::nullopt;
}

int activationBytes(Precision p)
{
    switch (p) {
    case Precision::Int8:
        return 1;
    case Precision::Int16:
    case Precision::Fp16:
        return 2;
    case Precision::Fp32:
        return 4;
    }
    return 4;
}

int weightBytes(Precision p)
{
    switch (p) {
    case Precision::Int8:
    case Precision::Int16: // A16W8: 8-bit weights
        return 1;
    case Precision::Fp16:
        return 2;
    case Precision::Fp32:
        return 4;
    }
    return 4;
}

const char *tagName(Figure::Tag tag)
{
    switch (tag) {
    case Figure::Tag::Source:
        return "src";
    case Figure::Tag::Derived:
        return "derived";
    case Figure::Tag::Calibrated:
        return "calibrated";
    case Figure::Tag::Unconfirmed:
        return "unconfirmed";
    }
    return "?";
}

const char *opClassName(OpClass c)
{
    static const char *const names[kOpClassCount] = {"conv",        "depthwise", "dense",
                                                     "elementwise", "pool",      "other"};
    return names[static_cast<int>(c)];
}

std::vector<Precision> DeviceProfile::precisions() const
{
    std::vector<Precision> out;
    for (const auto &entry : peakOps)
        out.push_back(entry.first);
    return out;
}

std::vector<std::pair<std::string, const Figure *>> DeviceProfile::figures() const
{
    std::vector<std::pair<std::string, const Figure *>> out;
    for (const auto &[p, f] : peakOps)
        out.emplace_back(std::string("precisions.") + precisionName(p) + ".peak_ops", &f);
    out.emplace_back("memory.bandwidth", &memoryBandwidth);
    out.emplace_back("memory.on_chip_bytes", &onChipBytes);
    if (weightsStreamFromHost)
        out.emplace_back("memory.stream_bandwidth", &streamBandwidth);
    out.emplace_back("host_link.bandwidth", &linkBandwidth);
    out.emplace_back("host_link.latency", &linkLatency);
    out.emplace_back("overheads.per_inference", &perInference);
    out.emplace_back("overheads.per_segment", &perSegment);
    out.emplace_back("overheads.per_node", &perNode);
    out.emplace_back("power.active", &activePower);
    out.emplace_back("power.idle", &idlePower);
    for (int c = 0; c < kOpClassCount; ++c)
        out.emplace_back(std::string("efficiency.") + opClassName(OpClass(c)), &efficiency[c]);
    out.emplace_back("host.peak_ops", &host.peakOps);
    out.emplace_back("host.efficiency", &host.efficiency);
    out.emplace_back("host.bandwidth", &host.bandwidth);
    out.emplace_back("host.per_node", &host.perNode);
    out.emplace_back("host.power", &host.power);
    if (maxRank)
        out.emplace_back("support.max_rank", &*maxRank);
    if (innermostDims)
        out.emplace_back("support.innermost_dims", &*innermostDims);
    return out;
}

namespace {

using json::element;
using json::member;
using json::typeName;

struct CheckInfo
{
    const char *name;
    OpRule::Check check;
    // Parameters the check needs besides "check", "reason" and "when".
    const char *params[2];
};

const CheckInfo kChecks[] = {
    {"attr_max", OpRule::Check::AttrMax, {"attr", "value"}},
    {"attr_equal", OpRule::Check::AttrEqual, {"attr", "value"}},
    {"attr_uniform", OpRule::Check::AttrUniform, {"attr", nullptr}},
    {"attr_string", OpRule::Check::AttrString, {"attr", "values"}},
    {"kernel_max", OpRule::Check::KernelMax, {"value", nullptr}},
    {"kernel_equal", OpRule::Check::KernelEqual, {"value", nullptr}},
    {"constant_input", OpRule::Check::ConstantInput, {"input", nullptr}},
    {"axis_not_batch", OpRule::Check::AxisNotBatch, {"attr", nullptr}},
    {"non_unit_dims_max", OpRule::Check::NonUnitDimsMax, {"value", nullptr}},
    {"elements_max", OpRule::Check::ElementsMax, {"value", nullptr}},
    {"output_spatial_max", OpRule::Check::OutputSpatialMax, {"value", nullptr}},
    {"input_count_max", OpRule::Check::InputCountMax, {"value", nullptr}},
};

// Reads one profile; the first problem found is kept and everything after it is skipped.
class ProfileReader
{
public:
    explicit ProfileReader(std::string file) : m_file(std::move(file)) {}

    Expected<DeviceProfile> read(std::string_view text)
    {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(
            QByteArray::fromRawData(text.data(), static_cast<qsizetype>(text.size())), &error);
        if (error.error != QJsonParseError::NoError)
            return Status(ErrorCode::ParseError,
                          "device profile '" + m_file + "' is not valid JSON: " +
                              error.errorString().toStdString() + " at " +
                              json::lineColumn(text, error.offset));
        if (!doc.isObject())
            return Status(ErrorCode::ParseError,
                          "device profile '" + m_file + "': expected a JSON object at the top");
        readProfile(doc.object());
        if (!m_error.isOk())
            return m_error;
        return std::move(m_profile);
    }

private:
    void fail(const std::string &path, const std::string &what)
    {
        if (m_error.isOk())
            m_error = Status(ErrorCode::ParseError, "device profile '" + m_file + "': " +
                                                        (path.empty() ? "" : path + ": ") + what);
    }
    bool failed() const { return !m_error.isOk(); }

    void onlyKnown(const QJsonObject &o, const std::string &path, std::initializer_list<const char *> keys)
    {
        for (auto it = o.begin(); it != o.end(); ++it) {
            bool known = it.key().startsWith(QLatin1Char('_')); // "_comment"
            for (const char *k : keys)
                known = known || it.key() == QLatin1String(k);
            if (!known) {
                std::string list;
                for (const char *k : keys)
                    list += std::string(list.empty() ? "" : ", ") + k;
                fail(member(path, it.key()), "unknown field (expected one of: " + list + ")");
                return;
            }
        }
    }

    QJsonValue required(const QJsonObject &o, const char *key, const std::string &path)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined())
            fail(path, std::string("missing \"") + key + "\"");
        return v;
    }

    QJsonObject object(const QJsonValue &v, const std::string &path, const char *what)
    {
        if (!v.isObject()) {
            fail(path, std::string("expected ") + what + ", got " + typeName(v));
            return {};
        }
        return v.toObject();
    }

    std::string string(const QJsonObject &o, const char *key, const std::string &path, bool isRequired)
    {
        const QJsonValue v = isRequired ? required(o, key, path) : o.value(QLatin1String(key));
        if (v.isUndefined() || failed())
            return {};
        if (!v.isString()) {
            fail(member(path, QLatin1String(key)), std::string("expected a string, got ") + typeName(v));
            return {};
        }
        return v.toString().toStdString();
    }

    bool boolean(const QJsonObject &o, const char *key, const std::string &path, bool fallback)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined())
            return fallback;
        if (!v.isBool()) {
            fail(member(path, QLatin1String(key)), std::string("expected true or false, got ") + typeName(v));
            return fallback;
        }
        return v.toBool();
    }

    double number(const QJsonValue &v, const std::string &path)
    {
        if (!v.isDouble()) {
            fail(path, std::string("expected a number, got ") + typeName(v));
            return 0;
        }
        return v.toDouble();
    }

    // {"value": number, "source": string, "tag": "src" | …}
    Figure figure(const QJsonObject &o, const char *key, const std::string &path, bool isRequired,
                  double lo = 0, double hi = 1e300)
    {
        Figure f;
        const std::string at = member(path, QLatin1String(key));
        const QJsonValue v = isRequired ? required(o, key, path) : o.value(QLatin1String(key));
        if (v.isUndefined() || failed())
            return f;
        if (!v.isObject()) {
            fail(at, std::string("expected a figure {\"value\": number, \"source\": string}, got ") +
                         typeName(v));
            return f;
        }
        const QJsonObject fo = v.toObject();
        onlyKnown(fo, at, {"value", "source", "tag"});
        f.value = number(required(fo, "value", at), member(at, QStringLiteral("value")));
        if (!failed() && (!std::isfinite(f.value) || f.value < lo || f.value > hi))
            fail(member(at, QStringLiteral("value")),
                 "expected a value between " + shortNumber(lo) + " and " + shortNumber(hi) +
                     ", got " + shortNumber(f.value));
        f.source = string(fo, "source", at, true);
        if (!failed() && f.source.empty())
            fail(member(at, QStringLiteral("source")), "must say where the number comes from");
        const std::string tag = string(fo, "tag", at, false);
        if (tag.empty() || tag == "src")
            f.tag = Figure::Tag::Source;
        else if (tag == "derived")
            f.tag = Figure::Tag::Derived;
        else if (tag == "calibrated")
            f.tag = Figure::Tag::Calibrated;
        else if (tag == "unconfirmed")
            f.tag = Figure::Tag::Unconfirmed;
        else
            fail(member(at, QStringLiteral("tag")),
                 "expected \"src\", \"derived\", \"calibrated\" or \"unconfirmed\", got \"" + tag + "\"");
        return f;
    }

    static std::string shortNumber(double v)
    {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%g", v);
        return buf;
    }

    Precision precision(const QString &name, const std::string &path)
    {
        const auto p = precisionFromName(name.toStdString());
        if (!p)
            fail(path, "expected a precision (int8, int16, fp16, fp32), got \"" + name.toStdString() + "\"");
        return p.value_or(Precision::Fp32);
    }

    void readProfile(const QJsonObject &root)
    {
        DeviceProfile &p = m_profile;
        p.file = m_file;
        onlyKnown(root, "", {"schema", "id", "name", "vendor", "description", "backend", "precisions",
                             "default_precision", "memory", "host_link", "overheads", "power",
                             "efficiency", "host", "support", "partitioning", "measured"});
        const QJsonValue schema = required(root, "schema", "");
        if (!failed() && (!schema.isDouble() || schema.toDouble() != 1))
            fail("schema", std::string("expected 1 (the format this Silica reads), got ") +
                               (schema.isDouble() ? shortNumber(schema.toDouble()) : typeName(schema)));
        p.id = string(root, "id", "", true);
        static const QRegularExpression idPattern(QStringLiteral("^[a-z0-9][a-z0-9-]*$"));
        if (!failed() && !idPattern.match(QString::fromStdString(p.id)).hasMatch())
            fail("id", "expected lower-case letters, digits and '-', got \"" + p.id + "\"");
        p.name = string(root, "name", "", true);
        p.vendor = string(root, "vendor", "", false);
        p.description = string(root, "description", "", false);
        p.backend = string(root, "backend", "", true);
        p.measuredOnHost = boolean(root, "measured", "", false);

        const QJsonObject precisions = object(required(root, "precisions", ""), "precisions",
                                              "an object of precision → {\"peak_ops\": figure}");
        for (auto it = precisions.begin(); it != precisions.end() && !failed(); ++it) {
            const std::string path = member("precisions", it.key());
            const Precision pr = precision(it.key(), path);
            const QJsonObject entry = object(it.value(), path, "an object {\"peak_ops\": figure}");
            onlyKnown(entry, path, {"peak_ops"});
            p.peakOps[pr] = figure(entry, "peak_ops", path, true, 1);
        }
        if (!failed() && p.peakOps.empty())
            fail("precisions", "lists no precision; the device must run at least one");
        const std::string def = string(root, "default_precision", "", true);
        if (!failed()) {
            p.defaultPrecision = precision(QString::fromStdString(def), "default_precision");
            if (!failed() && !p.supportsPrecision(p.defaultPrecision))
                fail("default_precision", "\"" + def + "\" is not one of the device's precisions");
        }

        const QJsonObject memory = object(required(root, "memory", ""), "memory", "an object");
        onlyKnown(memory, "memory", {"bandwidth", "on_chip_bytes", "weights_stream_from_host", "stream_bandwidth"});
        p.memoryBandwidth = figure(memory, "bandwidth", "memory", true, 1);
        p.onChipBytes = figure(memory, "on_chip_bytes", "memory", true);
        p.weightsStreamFromHost = boolean(memory, "weights_stream_from_host", "memory", false);
        p.streamBandwidth = figure(memory, "stream_bandwidth", "memory", p.weightsStreamFromHost, 1);

        const QJsonObject link = object(required(root, "host_link", ""), "host_link", "an object");
        onlyKnown(link, "host_link", {"bandwidth", "latency"});
        p.linkBandwidth = figure(link, "bandwidth", "host_link", true, 1);
        p.linkLatency = figure(link, "latency", "host_link", true, 0, 10);

        const QJsonObject overheads = object(required(root, "overheads", ""), "overheads", "an object");
        onlyKnown(overheads, "overheads", {"per_inference", "per_segment", "per_node"});
        p.perInference = figure(overheads, "per_inference", "overheads", true, 0, 10);
        p.perSegment = figure(overheads, "per_segment", "overheads", true, 0, 10);
        p.perNode = figure(overheads, "per_node", "overheads", true, 0, 10);

        const QJsonObject power = object(required(root, "power", ""), "power", "an object");
        onlyKnown(power, "power", {"active", "idle"});
        p.activePower = figure(power, "active", "power", true, 0, 1e4);
        p.idlePower = figure(power, "idle", "power", true, 0, 1e4);

        const QJsonObject efficiency = object(required(root, "efficiency", ""), "efficiency", "an object");
        onlyKnown(efficiency, "efficiency", {"conv", "depthwise", "dense", "elementwise", "pool", "other"});
        for (int c = 0; c < kOpClassCount; ++c)
            p.efficiency[c] = figure(efficiency, opClassName(OpClass(c)), "efficiency", true, 1e-6, 1);

        const QJsonObject host = object(required(root, "host", ""), "host", "an object");
        onlyKnown(host, "host", {"name", "peak_ops", "efficiency", "bandwidth", "per_node", "power"});
        p.host.name = string(host, "name", "host", true);
        p.host.peakOps = figure(host, "peak_ops", "host", true, 1);
        p.host.efficiency = figure(host, "efficiency", "host", true, 1e-6, 1);
        p.host.bandwidth = figure(host, "bandwidth", "host", true, 1);
        p.host.perNode = figure(host, "per_node", "host", true, 0, 10);
        p.host.power = figure(host, "power", "host", true, 0, 1e4);

        readSupport(object(required(root, "support", ""), "support", "an object"));

        const QJsonObject partitioning =
            object(required(root, "partitioning", ""), "partitioning", "an object");
        onlyKnown(partitioning, "partitioning", {"multiple_segments", "source"});
        p.multipleSegments = boolean(partitioning, "multiple_segments", "partitioning", true);
        p.partitioningSource = string(partitioning, "source", "partitioning", false);
    }

    void readSupport(const QJsonObject &s)
    {
        DeviceProfile &p = m_profile;
        if (failed())
            return;
        onlyKnown(s, "support",
                  {"op_list", "max_rank", "innermost_dims", "static_shapes", "source", "ops", "unconfirmed_ops"});
        p.opList = string(s, "op_list", "support", true);
        if (s.contains(QLatin1String("max_rank")))
            p.maxRank = figure(s, "max_rank", "support", true, 1, 64);
        if (s.contains(QLatin1String("innermost_dims")))
            p.innermostDims = figure(s, "innermost_dims", "support", true, 1, 64);
        p.staticShapes = boolean(s, "static_shapes", "support", false);
        p.supportSource = string(s, "source", "support", false);
        if (s.contains(QLatin1String("unconfirmed_ops"))) {
            const QJsonValue list = s.value(QLatin1String("unconfirmed_ops"));
            if (!list.isArray())
                fail("support.unconfirmed_ops", std::string("expected an array of op types, got ") + typeName(list));
            const QJsonArray array = list.toArray();
            for (qsizetype i = 0; i < array.size() && !failed(); ++i) {
                if (!array[i].isString())
                    fail(element("support.unconfirmed_ops", i),
                         std::string("expected an op type (a string), got ") + typeName(array[i]));
                else
                    p.unconfirmedOps.push_back(array[i].toString().toStdString());
            }
        }
        const QJsonObject ops = object(required(s, "ops", "support"), "support.ops",
                                       "an object of ONNX op type → entry");
        for (auto it = ops.begin(); it != ops.end() && !failed(); ++it) {
            const std::string path = member("support.ops", it.key());
            const QJsonObject entry = object(it.value(), path, "an op entry object (may be {})");
            onlyKnown(entry, path, {"precisions", "rules", "source"});
            OpSupport op;
            op.source = string(entry, "source", path, false);
            if (entry.contains(QLatin1String("precisions"))) {
                const QJsonValue list = entry.value(QLatin1String("precisions"));
                const std::string at = member(path, QStringLiteral("precisions"));
                if (!list.isArray())
                    fail(at, std::string("expected an array of precisions, got ") + typeName(list));
                const QJsonArray array = list.toArray();
                for (qsizetype i = 0; i < array.size() && !failed(); ++i) {
                    if (!array[i].isString()) {
                        fail(element(at, i), std::string("expected a precision name, got ") + typeName(array[i]));
                        break;
                    }
                    const Precision pr = precision(array[i].toString(), element(at, i));
                    if (!failed() && !p.supportsPrecision(pr))
                        fail(element(at, i), std::string("\"") + precisionName(pr) +
                                                 "\" is not one of the device's precisions");
                    op.precisions.push_back(pr);
                }
            }
            if (entry.contains(QLatin1String("rules"))) {
                const QJsonValue list = entry.value(QLatin1String("rules"));
                const std::string at = member(path, QStringLiteral("rules"));
                if (!list.isArray())
                    fail(at, std::string("expected an array of rule objects, got ") + typeName(list));
                const QJsonArray array = list.toArray();
                for (qsizetype i = 0; i < array.size() && !failed(); ++i)
                    op.rules.push_back(rule(array[i], element(at, i)));
            }
            p.ops[it.key().toStdString()] = std::move(op);
        }
    }

    OpRule rule(const QJsonValue &v, const std::string &path)
    {
        OpRule r;
        const QJsonObject o = object(v, path, "a rule object {\"check\": …, \"reason\": …}");
        if (failed())
            return r;
        const std::string check = string(o, "check", path, true);
        const CheckInfo *info = nullptr;
        for (const CheckInfo &c : kChecks)
            if (check == c.name)
                info = &c;
        if (!info && !failed()) {
            std::string list;
            for (const CheckInfo &c : kChecks)
                list += std::string(list.empty() ? "" : ", ") + c.name;
            fail(member(path, QStringLiteral("check")), "unknown check \"" + check + "\" (known: " + list + ")");
        }
        if (failed())
            return r;
        r.check = info->check;
        std::initializer_list<const char *> allowed = {"check", "reason", "when", "attr", "value", "values", "input"};
        onlyKnown(o, path, allowed);
        for (const char *param : info->params) {
            if (!param)
                continue;
            const std::string at = member(path, QLatin1String(param));
            const QJsonValue pv = required(o, param, path);
            if (failed())
                return r;
            if (std::string(param) == "attr") {
                r.attr = string(o, "attr", path, true);
            } else if (std::string(param) == "value") {
                r.value = number(pv, at);
            } else if (std::string(param) == "input") {
                r.input = static_cast<int>(number(pv, at));
                if (!failed() && (r.input < 0 || r.input != number(pv, at)))
                    fail(at, "expected an input index (0, 1, …)");
            } else if (std::string(param) == "values") {
                if (!pv.isArray()) {
                    fail(at, std::string("expected an array of strings, got ") + typeName(pv));
                    return r;
                }
                const QJsonArray values = pv.toArray();
                for (qsizetype i = 0; i < values.size(); ++i) {
                    if (!values[i].isString()) {
                        fail(element(at, i), std::string("expected a string, got ") + typeName(values[i]));
                        return r;
                    }
                    r.values.push_back(values[i].toString().toStdString());
                }
            }
        }
        r.reason = string(o, "reason", path, true);
        const std::string when = string(o, "when", path, false);
        if (when.empty())
            r.when = OpRule::When::Always;
        else if (when == "depthwise")
            r.when = OpRule::When::Depthwise;
        else if (when == "grouped")
            r.when = OpRule::When::Grouped;
        else if (when == "regular")
            r.when = OpRule::When::Regular;
        else
            fail(member(path, QStringLiteral("when")),
                 "expected \"depthwise\", \"grouped\" or \"regular\", got \"" + when + "\"");
        return r;
    }

    std::string m_file;
    Status m_error;
    DeviceProfile m_profile;
};

} // namespace

Expected<DeviceProfile> parseDeviceProfile(std::string_view json, const std::string &fileName)
{
    return ProfileReader(fileName).read(json);
}

Expected<DeviceProfile> loadDeviceProfile(const std::string &path)
{
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly))
        return Status(ErrorCode::IoError, "cannot read device profile '" + path + "': " +
                                              file.errorString().toStdString());
    if (file.size() > 16 * 1024 * 1024)
        return Status(ErrorCode::ParseError, "device profile '" + path + "' is over 16 MiB; not a profile");
    const QByteArray bytes = file.readAll();
    return parseDeviceProfile(std::string_view(bytes.constData(), size_t(bytes.size())), path);
}

} // namespace silica::device
