#include "core/runtime/kernels/shape_family.h"

namespace silica::runtime {

void registerEinsumKernels(KernelRegistry &registry)
{
    (void)registry;
}

} // namespace silica::runtime
