#include "core/runtime/kernels/kernel_util.h"

namespace silica::runtime {

void registerActivationKernels(KernelRegistry &registry)
{
    (void)registry;
}

} // namespace silica::runtime
