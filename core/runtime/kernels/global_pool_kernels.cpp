#include "core/runtime/kernels/kernel_util.h"
