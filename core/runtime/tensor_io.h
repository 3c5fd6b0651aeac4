#pragma once
// Tensors on disk: NumPy .npy (read and write) and serialized onnx.TensorProto .pb (read and
// write), as used by `silica-cli run --input/--output-dir` and the ONNX test data.

#include "core/runtime/tensor.h"

#include <string>

namespace silica::runtime {

// By extension: ".npy" or ".pb". Errors name the file and what is wrong with it.
Expected<Tensor> loadTensorFile(const std::string &path);
Expected<Tensor> loadNpy(const std::string &path);
Expected<Tensor> loadTensorProto(const std::string &path);

// Written to a temporary file and renamed.
Status saveNpy(const std::string &path, const Tensor &tensor);

// "conv1/out:0" → "conv1_out_0": characters outside [A-Za-z0-9_.-] become '_'.
std::string safeFileName(const std::string &valueName);

} // namespace silica::runtime
