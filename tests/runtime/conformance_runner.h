#pragma once
// Runs one ONNX backend test directory (model.onnx + test_data_set_N/{input,output}_K.pb)
// through the runtime and compares every output.

#include <QString>

#include <string>
#include <vector>

namespace silica::testing {

struct ConformanceResult
{
    enum class Outcome
    {
        Passed,
        Failed,
        Skipped
    };
    Outcome outcome = Outcome::Skipped;
    std::string message;          // why it failed or was skipped
    std::vector<std::string> ops; // op types the test needs that the runtime lacks
    bool outOfScope = false;      // skipped because of training / sequence / optional / string
};

// Ops the runtime leaves out by design (see issue text): training ops, sequence and optional
// types, and string processing.
bool isOutOfScopeOp(const std::string &domain, const std::string &opType);

ConformanceResult runConformanceTest(const std::string &testDir);

} // namespace silica::testing
