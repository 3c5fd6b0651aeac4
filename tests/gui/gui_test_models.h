#pragma once
// Small models for the GUI suites, built in code so each test knows exactly what to expect.

#include "core/graph/model.h"

#include <QString>

namespace silica::guitest {

// x[1,1,8,8] → Conv(W[4,1,3,3], B[4], pads 1) → Identity → Relu → Dropout → Flatten → y[1,256],
// plus a Sigmoid on the Conv output that nothing reads (a dead node). Six nodes; W holds
// 0, 1, …, 35 with every third element zero.
Model passthroughCnn();

// passthroughCnn() loaded through the ONNX importer (so shape inference ran).
ModelPtr loadedPassthroughCnn();

// Writes passthroughCnn() to `path`; false on failure.
bool writePassthroughCnn(const QString &path);

// passthroughCnn() written once into `dir` ("passthrough_cnn.onnx"); empty on failure.
QString passthroughCnnIn(const QString &dir);

// Settings and standard paths of a test run, apart from the user's: test mode, an organization
// and application name of the suite's own, cleared.
void isolateSettings(const QString &suiteName);

// The sample the app opens by default, or a conformance model with a Conv while the sample
// is not there yet.
QString sampleOrTestModel();

} // namespace silica::guitest
