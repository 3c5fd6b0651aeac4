#include "core/runtime/kernels/kernel_util.h"

namespace silica::runtime {

void registerElementwiseKernels(KernelRegistry &registry)
{
    (void)registry;
}

} // namespace silica::runtime
