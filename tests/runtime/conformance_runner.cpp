#include "conformance_runner.h"

#include "core/graph/onnx_import.h"
#include "core/runtime/session.h"
#include "core/runtime/tensor_io.h"

#include <QDir>

#include <cmath>
#include <set>

namespace silica::testing {

using runtime::Tensor;

bool isOutOfScopeOp(const std::string &domain, const std::string &opType)
{
    if (domain == "ai.onnx.preview.training")
        return true;
    static const std::set<std::string> kOps = {
        // sequence and optional types
        "SequenceAt", "SequenceConstruct", "SequenceEmpty", "SequenceErase", "SequenceInsert",
        "SequenceLength", "SequenceMap", "SplitToSequence", "ConcatFromSequence", "Optional",
        "OptionalGetElement", "OptionalHasElement",
        // strings
        "StringNormalizer", "StringConcat", "StringSplit", "RegexFullMatch", "TfIdfVectorizer",
    };
    return kOps.count(opType) > 0;
}

namespace {

bool usesStrings(const Graph &graph)
{
    for (const ValueInfo &v : graph.inputs)
        if (v.type.elemType == DataType::String || v.type.kind == ValueType::Kind::Other)
            return true;
    for (const ValueInfo &v : graph.outputs)
        if (v.type.elemType == DataType::String || v.type.kind == ValueType::Kind::Other)
            return true;
    return false;
}

void collectOps(const Graph &graph, std::set<std::pair<std::string, std::string>> &ops)
{
    for (const NodePtr &n : graph.nodes) {
        ops.insert({n->domain, n->opType});
        for (const GraphPtr &g : n->subgraphs())
            collectOps(*g, ops);
    }
}

// numpy.testing.assert_allclose as ONNX's backend tests use it (rtol 1e-3, atol 1e-7), with a
// little more absolute slack for values computed through float32 reductions.
std::string compare(const Tensor &got, const Tensor &want, const std::string &name)
{
    if (got.dataType() != want.dataType())
        return name + ": element type " + dataTypeName(got.dataType()) + ", expected " +
               dataTypeName(want.dataType());
    if (got.shape() != want.shape())
        return name + ": shape " + runtime::shapeString(got.shape()) + ", expected " +
               runtime::shapeString(want.shape());
    const bool exact = !(want.dataType() == DataType::Float || want.dataType() == DataType::Double ||
                         want.dataType() == DataType::Float16 ||
                         want.dataType() == DataType::BFloat16);
    if (exact) {
        const std::vector<int64_t> a = got.toInt64s(), b = want.toInt64s();
        for (size_t i = 0; i < a.size(); ++i)
            if (a[i] != b[i])
                return name + "[" + std::to_string(i) + "] = " + std::to_string(a[i]) +
                       ", expected " + std::to_string(b[i]);
        return {};
    }
    const std::vector<double> a = got.toDoubles(), b = want.toDoubles();
    const double rtol = want.dataType() == DataType::BFloat16 ? 1e-2 : 1e-3;
    const double atol = want.dataType() == DataType::Float16 ? 1e-3 : 1e-5;
    for (size_t i = 0; i < a.size(); ++i) {
        if (std::isnan(b[i]) && std::isnan(a[i]))
            continue;
        if (std::isinf(b[i]) && a[i] == b[i])
            continue;
        if (!(std::fabs(a[i] - b[i]) <= atol + rtol * std::fabs(b[i])))
            return name + "[" + std::to_string(i) + "] = " + std::to_string(a[i]) +
                   ", expected " + std::to_string(b[i]);
    }
    return {};
}

// The ONNX 1.12 test data stores bfloat16 tensors with data_type UINT16 (same bits); take them
// as the type the model declares.
Tensor asDeclared(const Tensor &t, const ValueType &declared)
{
    if (declared.elemType == DataType::BFloat16 && t.dataType() == DataType::Uint16)
        return Tensor::wrap(DataType::BFloat16, t.shape(), t.storage(), t.byteOffset());
    return t;
}

} // namespace

ConformanceResult runConformanceTest(const std::string &testDir)
{
    using Outcome = ConformanceResult::Outcome;
    ConformanceResult result;
    LoadOptions options;
    options.runChecker = false;
    options.inferShapes = false;
    auto loaded = loadModel(testDir + "/model.onnx", options);
    if (!loaded) {
        result.outcome = Outcome::Failed;
        result.message = "load: " + loaded.error().message();
        return result;
    }
    const ModelPtr model = loaded->model;
    std::set<std::pair<std::string, std::string>> ops;
    collectOps(*model->graph, ops);
    for (const auto &[domain, op] : ops)
        if (isOutOfScopeOp(domain, op)) {
            result.outOfScope = true;
            result.message = "out of scope: " + op;
            return result;
        }
    if (usesStrings(*model->graph)) {
        result.outOfScope = true;
        result.message = "out of scope: string / sequence / optional values";
        return result;
    }
    const auto unsupported = runtime::GraphPlan::findUnsupported(*model);
    if (!unsupported.empty()) {
        for (const auto &op : unsupported)
            result.ops.push_back(op.opType);
        result.message = "no kernel: " + result.ops.front();
        return result;
    }
    auto session = runtime::InferenceSession::create(model);
    if (!session) {
        result.outcome = Outcome::Failed;
        result.message = "create: " + session.error().message();
        return result;
    }
    const QDir dir(QString::fromStdString(testDir));
    const QStringList sets = dir.entryList({QStringLiteral("test_data_set_*")}, QDir::Dirs, QDir::Name);
    if (sets.isEmpty()) {
        result.message = "no test data";
        return result;
    }
    for (const QString &set : sets) {
        const std::string setDir = testDir + "/" + set.toStdString();
        runtime::NamedTensors feeds;
        const auto &inputs = (*session)->inputs();
        for (size_t i = 0; i < inputs.size(); ++i) {
            const std::string file = setDir + "/input_" + std::to_string(i) + ".pb";
            if (!QFile::exists(QString::fromStdString(file)))
                break; // optional trailing inputs
            auto t = runtime::loadTensorProto(file);
            if (!t) {
                result.outOfScope = true;
                result.message = "input " + std::to_string(i) + " is not a tensor: " +
                                 t.error().message();
                return result;
            }
            feeds.emplace_back(inputs[i].name, asDeclared(*t, inputs[i].type));
        }
        auto run = (*session)->run(feeds);
        if (!run) {
            result.outcome = Outcome::Failed;
            result.message = set.toStdString() + ": " + run.error().message();
            return result;
        }
        for (size_t o = 0; o < run->outputs.size(); ++o) {
            const std::string file = setDir + "/output_" + std::to_string(o) + ".pb";
            auto want = runtime::loadTensorProto(file);
            if (!want) {
                result.outOfScope = true;
                result.message = "output " + std::to_string(o) + " is not a tensor";
                return result;
            }
            const std::string diff = compare(run->outputs[o].second,
                                             asDeclared(*want, model->graph->outputs[o].type),
                                             run->outputs[o].first);
            if (!diff.empty()) {
                result.outcome = Outcome::Failed;
                result.message = set.toStdString() + ": " + diff;
                return result;
            }
        }
    }
    result.outcome = Outcome::Passed;
    return result;
}

} // namespace silica::testing
