#pragma once
// The image family's files register through registerImageKernels (image_kernels.cpp).

#include "core/runtime/kernel.h"

namespace silica::runtime {

void registerResizeKernels(KernelRegistry &registry);    // Resize, Upsample
void registerDetectionKernels(KernelRegistry &registry); // RoiAlign, NonMaxSuppression

} // namespace silica::runtime
