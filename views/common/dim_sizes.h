#pragma once
// Sizes for a model's symbolic dimensions as the user types them: "width=320, batch=1".

#include <QString>

#include <cstdint>
#include <map>
#include <string>

namespace silica {

// False (and `dims` unspecified) when a part is not NAME=N with N ≥ 1; "" gives no sizes.
bool parseDimSizes(const QString &text, std::map<std::string, int64_t> &dims);
QString dimSizesText(const std::map<std::string, int64_t> &dims);

} // namespace silica
