#include "core/runtime/kernels/kernel_util.h"

namespace silica::runtime {

void registerRecurrentKernels(KernelRegistry &registry)
{
    (void)registry;
}

} // namespace silica::runtime
