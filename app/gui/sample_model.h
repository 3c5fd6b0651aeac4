#pragma once
// The sample model the app opens when started without a file.

#include <QString>

namespace silica {

// The bundled sample (kws_swish.onnx): next to an installed app (<prefix>/share/silica/
// samples), in the data directories, or in the source tree the app was built from.
// "" when none of them has it.
QString bundledSamplePath();

} // namespace silica
