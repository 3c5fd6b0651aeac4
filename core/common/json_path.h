#pragma once
// Helpers for reading user-written JSON files with messages that say where a problem is:
// key paths like channels[0].values["/conv1/Conv"], the JSON type found, and the line and
// column of a syntax error.

#include <QJsonValue>
#include <QString>

#include <string>
#include <string_view>

namespace silica::json {

// "a number", "a string", "an object", …
const char *typeName(const QJsonValue &value);
// path.key, or path["odd key"] when the key is not a plain identifier.
std::string member(const std::string &path, const QString &key);
// path[i]
std::string element(const std::string &path, qsizetype index);
// "line 3, column 14" for a byte offset into `text`.
std::string lineColumn(std::string_view text, int offset);

} // namespace silica::json
