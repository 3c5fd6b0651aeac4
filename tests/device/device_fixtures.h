#pragma once
// Shared by the device suites: a small valid profile as JSON with round numbers (every suite
// changes the one field it is about), and declared types for the values of hand-built graphs
// (the analyses read shapes from the graph, and GraphBuilder declares only inputs and outputs).

#include "core/device/device_profile.h"
#include "core/graph/graph_builder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

#include <string>
#include <vector>

namespace silica::test {

inline QJsonObject figureJson(double value, const char *tag = "src")
{
    return QJsonObject{{QStringLiteral("value"), value},
                       {QStringLiteral("source"), QStringLiteral("tests")},
                       {QStringLiteral("tag"), QLatin1String(tag)}};
}

// "Test NPU": int8 at 1e12 ops/s, conv efficiency 0.5, 1e10 B/s memory, a 1e8 B/s host link
// with 0.1 ms latency, 1 ms / 0.2 ms / 10 µs overheads, 2 W active, 0.5 W idle; its host CPU
// does 1e10 ops/s at efficiency 0.5 and 1e9 B/s with 20 µs per node at 10 W. No ops.
inline QJsonObject minimalProfileJson()
{
    auto fig = [](double v) { return figureJson(v); };
    QJsonObject efficiency{
        {QStringLiteral("conv"), fig(0.5)},  {QStringLiteral("depthwise"), fig(0.25)},
        {QStringLiteral("dense"), fig(0.4)}, {QStringLiteral("elementwise"), fig(0.1)},
        {QStringLiteral("pool"), fig(0.2)},  {QStringLiteral("other"), fig(0.05)}};
    return QJsonObject{
        {QStringLiteral("schema"), 1},
        {QStringLiteral("id"), QStringLiteral("test-npu")},
        {QStringLiteral("name"), QStringLiteral("Test NPU")},
        {QStringLiteral("vendor"), QStringLiteral("Silica tests")},
        {QStringLiteral("backend"), QStringLiteral("test")},
        {QStringLiteral("precisions"),
         QJsonObject{
             {QStringLiteral("int8"), QJsonObject{{QStringLiteral("peak_ops"), fig(1e12)}}}}},
        {QStringLiteral("default_precision"), QStringLiteral("int8")},
        {QStringLiteral("memory"), QJsonObject{{QStringLiteral("bandwidth"), fig(1e10)},
                                               {QStringLiteral("on_chip_bytes"), fig(1e6)}}},
        {QStringLiteral("host_link"), QJsonObject{{QStringLiteral("bandwidth"), fig(1e8)},
                                                  {QStringLiteral("latency"), fig(1e-4)}}},
        {QStringLiteral("overheads"), QJsonObject{{QStringLiteral("per_inference"), fig(1e-3)},
                                                  {QStringLiteral("per_segment"), fig(2e-4)},
                                                  {QStringLiteral("per_node"), fig(1e-5)}}},
        {QStringLiteral("power"),
         QJsonObject{{QStringLiteral("active"), fig(2)}, {QStringLiteral("idle"), fig(0.5)}}},
        {QStringLiteral("efficiency"), efficiency},
        {QStringLiteral("host"), QJsonObject{{QStringLiteral("name"), QStringLiteral("Test host")},
                                             {QStringLiteral("peak_ops"), fig(1e10)},
                                             {QStringLiteral("efficiency"), fig(0.5)},
                                             {QStringLiteral("bandwidth"), fig(1e9)},
                                             {QStringLiteral("per_node"), fig(2e-5)},
                                             {QStringLiteral("power"), fig(10)}}},
        {QStringLiteral("support"),
         QJsonObject{{QStringLiteral("op_list"), QStringLiteral("the test op list")},
                     {QStringLiteral("ops"), QJsonObject()}}},
        {QStringLiteral("partitioning"), QJsonObject{{QStringLiteral("multiple_segments"), true}}},
    };
}

// Sets (or with an undefined value removes) the member at a dotted path ("memory.bandwidth").
inline void setPath(QJsonObject &o, const QString &path, const QJsonValue &value)
{
    const qsizetype dot = path.indexOf(QLatin1Char('.'));
    if (dot < 0) {
        if (value.isUndefined())
            o.remove(path);
        else
            o[path] = value;
        return;
    }
    const QString key = path.left(dot);
    QJsonObject child = o.value(key).toObject();
    setPath(child, path.mid(dot + 1), value);
    o[key] = child;
}

inline QJsonObject parseObject(const char *json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(json), &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("fixture JSON: %s", qPrintable(error.errorString()));
    return doc.object();
}

inline std::string toText(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Indented).toStdString();
}

// The profile, through the real parser; a fixture that does not parse stops the suite.
inline device::DeviceProfile profileFrom(const QJsonObject &o)
{
    Expected<device::DeviceProfile> p = device::parseDeviceProfile(toText(o), "fixture.json");
    if (!p)
        qFatal("fixture profile: %s", p.error().message().c_str());
    return *p;
}

// The minimal profile with `opsJson` as support.ops, plus dotted-path changes.
inline device::DeviceProfile
profileWithOps(const char *opsJson, const std::vector<std::pair<QString, QJsonValue>> &changes = {})
{
    QJsonObject o = minimalProfileJson();
    setPath(o, QStringLiteral("support.ops"), parseObject(opsJson));
    for (const auto &[path, value] : changes)
        setPath(o, path, value);
    return profileFrom(o);
}

struct Declared
{
    std::string name;
    DataType type = DataType::Float;
    std::vector<int64_t> dims;
};

// Declares the types of intermediate values, as shape inference would.
inline Model declare(Model model, const std::vector<Declared> &values)
{
    auto graph = std::make_shared<Graph>(*model.graph);
    for (const Declared &d : values)
        graph->valueInfos.push_back({d.name, ValueType::tensor(d.type, d.dims), {}, {}});
    model.graph = graph;
    return model;
}

// An all-zero initializer of any element type (int8 weights, uint8 zero points).
inline TensorPtr zeroTensor(const std::string &name, DataType type, std::vector<int64_t> dims)
{
    auto t = std::make_shared<Tensor>();
    t->name = name;
    t->dataType = type;
    t->dims = std::move(dims);
    t->bytes = ByteSlice::fromString(std::string(size_t(t->expectedByteSize()), '\0'));
    return t;
}

// A node of the main graph by name.
inline const Node *nodeNamed(const Model &model, const std::string &name)
{
    for (const NodePtr &n : model.graph->nodes)
        if (n->name == name)
            return n.get();
    qFatal("no node '%s' in the fixture", name.c_str());
    return nullptr;
}

inline NodeId idOf(const Model &model, const std::string &name)
{
    return nodeNamed(model, name)->id;
}

} // namespace silica::test
