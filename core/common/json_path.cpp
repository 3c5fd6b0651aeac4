#include "core/common/json_path.h"

#include <algorithm>
#include <cctype>

namespace silica::json {

const char *typeName(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null:
        return "null";
    case QJsonValue::Bool:
        return "true/false";
    case QJsonValue::Double:
        return "a number";
    case QJsonValue::String:
        return "a string";
    case QJsonValue::Array:
        return "an array";
    case QJsonValue::Object:
        return "an object";
    case QJsonValue::Undefined:
        break;
    }
    return "nothing";
}

std::string member(const std::string &path, const QString &key)
{
    const std::string k = key.toStdString();
    const bool plain = !k.empty() && std::all_of(k.begin(), k.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    });
    if (plain)
        return path.empty() ? k : path + '.' + k;
    return path + "[\"" + k + "\"]";
}

std::string element(const std::string &path, qsizetype i)
{
    return path + '[' + std::to_string(i) + ']';
}

std::string lineColumn(std::string_view text, int offset)
{
    int line = 1, column = 1;
    for (int i = 0; i < offset && i < static_cast<int>(text.size()); ++i) {
        if (text[static_cast<size_t>(i)] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

} // namespace silica::json
