#pragma once
// The inspection report `silica-cli inspect` prints (text or JSON) and the desktop app prints
// when started without a display. The JSON form is stable; README "JSON output" documents it.

#include "core/graph/model.h"

#include <QJsonObject>
#include <QString>

#include <string>
#include <vector>

namespace silica {

QJsonObject inspectJson(const Model &model, const std::vector<std::string> &warnings);
QString inspectText(const Model &model, const std::vector<std::string> &warnings);

} // namespace silica
