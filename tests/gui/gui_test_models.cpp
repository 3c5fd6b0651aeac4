#include "gui_test_models.h"

#include "core/graph/graph_builder.h"
#include "core/graph/onnx_export.h"
#include "core/graph/onnx_import.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

namespace silica::guitest {

Model passthroughCnn()
{
    std::vector<float> w(36);
    for (size_t i = 0; i < w.size(); ++i)
        w[i] = i % 3 == 0 ? 0.0f : static_cast<float>(i);
    GraphBuilder b("passthrough_cnn");
    b.input("x", DataType::Float, {1, 1, 8, 8});
    b.initializer("W", {4, 1, 3, 3}, w);
    b.initializer("B", {4}, {0.5f, -0.5f, 1.0f, -1.0f});
    b.node("Conv", {"x", "W", "B"}, {"c"}, "/features/conv/Conv")
        .ints("kernel_shape", {3, 3})
        .ints("pads", {1, 1, 1, 1});
    b.node("Identity", {"c"}, {"c_id"}, "/features/Identity");
    b.node("Relu", {"c_id"}, {"r"}, "/features/relu/Relu");
    b.node("Dropout", {"r"}, {"d"}, "/features/dropout/Dropout");
    b.node("Flatten", {"d"}, {"y"}, "/Flatten").i("axis", 1);
    b.node("Sigmoid", {"c"}, {"unused"}, "/head/Sigmoid");
    b.output("y", DataType::Float, {1, 256});
    return b.build();
}

ModelPtr loadedPassthroughCnn()
{
    auto bytes = serializeModel(passthroughCnn());
    if (!bytes)
        return nullptr;
    auto loaded = loadModelFromMemory(reinterpret_cast<const uint8_t *>(bytes->data()),
                                      bytes->size(), "passthrough_cnn", "");
    return loaded ? loaded->model : nullptr;
}

bool writePassthroughCnn(const QString &path)
{
    return saveModel(passthroughCnn(), QFile::encodeName(path).toStdString()).isOk();
}

QString sampleOrTestModel()
{
    const QString sample =
        QStringLiteral(SILICA_SOURCE_DIR) + QStringLiteral("/resources/samples/kws_swish.onnx");
    if (QFileInfo::exists(sample))
        return sample;
    return QStringLiteral("/usr/share/libonnx-testdata/data/node/"
                          "test_conv_with_strides_padding/model.onnx");
}

QString passthroughCnnIn(const QString &dir)
{
    const QString path = QDir(dir).filePath(QStringLiteral("passthrough_cnn.onnx"));
    if (!QFile::exists(path) && !writePassthroughCnn(path))
        return {};
    return path;
}

void isolateSettings(const QString &suiteName)
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("SilicaTest"));
    QCoreApplication::setApplicationName(suiteName);
    QSettings().clear();
}

} // namespace silica::guitest
