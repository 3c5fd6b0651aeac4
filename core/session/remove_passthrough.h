#pragma once
// The first real edit: remove Identity and inference-mode Dropout nodes (PyTorch exports carry
// dozens), then nodes whose results nothing uses, then initializers nothing reads. Model
// inputs and outputs keep their names.

#include "core/common/status.h"
#include "core/graph/model.h"

#include <string>

namespace silica {

struct PassthroughCleanup
{
    ModelPtr model; // the new version (the base itself when nothing was removed)
    int identities = 0;
    int dropouts = 0;
    int deadNodes = 0;
    int unusedInitializers = 0;

    int removedNodes() const { return identities + dropouts + deadNodes; }
    // "Removed 3 Identity, 2 Dropout and 1 dead node"
    std::string summary() const;
};

PassthroughCleanup removePassthroughAndDeadNodes(const ModelPtr &model);

} // namespace silica
