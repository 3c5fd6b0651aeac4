#pragma once
// Shared by the test suites: where test data lives and how to write small models.

#include "core/graph/model.h"

#include <QString>
#include <QStringList>

#include <string>

namespace silica::test {

// Debian's libonnx-testdata (installed by scripts/setup.sh).
QString onnxTestDataDir();
// Every model.onnx below onnxTestDataDir(), sorted.
QStringList onnxTestModels();
// Real models fetched by scripts/fetch_models.sh ("" when not fetched).
QString realModelDir();

// Writes raw bytes to `path`; returns false on failure.
bool writeFile(const QString &path, const std::string &bytes);
// Serializes `model` (inline weights) to `path`.
bool writeModel(const QString &path, const Model &model);

// A small Conv → Relu → Identity → Dropout → Gemm model used by several suites.
Model smallCnn();

} // namespace silica::test
