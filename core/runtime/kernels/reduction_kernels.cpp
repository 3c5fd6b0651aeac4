#include "core/runtime/kernels/kernel_util.h"

namespace silica::runtime {

void registerReductionKernels(KernelRegistry &registry)
{
    (void)registry;
}

} // namespace silica::runtime
