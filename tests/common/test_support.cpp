#include "tests/common/test_support.h"

#include "core/graph/graph_builder.h"
#include "core/graph/onnx_export.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>

namespace silica::test {

QString onnxTestDataDir()
{
    const QByteArray env = qgetenv("SILICA_ONNX_TESTDATA");
    return env.isEmpty() ? QStringLiteral("/usr/share/libonnx-testdata/data")
                         : QString::fromLocal8Bit(env);
}

QStringList onnxTestModels()
{
    QStringList models;
    QDirIterator it(onnxTestDataDir(), {QStringLiteral("model.onnx")}, QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext())
        models << it.next();
    models.sort();
    return models;
}

QString realModelDir()
{
    const QByteArray env = qgetenv("SILICA_MODEL_DIR");
    const QString dir = env.isEmpty() ? QDir::homePath() + QStringLiteral("/.cache/silica/models")
                                      : QString::fromLocal8Bit(env);
    return QDir(dir).exists() ? dir : QString();
}

bool writeFile(const QString &path, const std::string &bytes)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return f.write(bytes.data(), static_cast<qint64>(bytes.size())) ==
           static_cast<qint64>(bytes.size());
}

bool writeModel(const QString &path, const Model &model)
{
    auto bytes = serializeModel(model);
    return bytes && writeFile(path, bytes.value());
}

Model smallCnn()
{
    GraphBuilder b("small_cnn");
    b.input("x", DataType::Float, {1, 3, 8, 8});
    std::vector<float> w(4 * 3 * 3 * 3);
    for (size_t i = 0; i < w.size(); ++i)
        w[i] = static_cast<float>(i % 7) * 0.1f - 0.3f;
    b.initializer("conv.w", {4, 3, 3, 3}, w);
    b.initializer("conv.b", {4}, {0.1f, 0.2f, 0.3f, 0.4f});
    b.initializer("fc.w", {10, 256}, std::vector<float>(2560, 0.01f));
    b.initializer("fc.b", {10}, std::vector<float>(10, 0.0f));
    b.initializer("unused", {3}, {1, 2, 3});
    b.node("Conv", {"x", "conv.w", "conv.b"}, {"c"}, "/features/conv/Conv")
        .ints("kernel_shape", {3, 3})
        .ints("pads", {1, 1, 1, 1});
    b.node("Relu", {"c"}, {"r"}, "/features/relu/Relu");
    b.node("Identity", {"r"}, {"r_id"}, "/features/Identity");
    b.node("Dropout", {"r_id"}, {"d"}, "/head/dropout/Dropout");
    b.node("Flatten", {"d"}, {"f"}, "/head/Flatten");
    b.node("Gemm", {"f", "fc.w", "fc.b"}, {"logits"}, "/head/fc/Gemm").i("transB", 1);
    b.node("Sigmoid", {"r"}, {"dead"}, "/side/Sigmoid");
    b.output("logits", DataType::Float, {1, 10});
    b.producer("silica-tests", "1");
    b.docString("small test model");
    b.metadata("purpose", "tests");
    return b.build();
}

} // namespace silica::test
