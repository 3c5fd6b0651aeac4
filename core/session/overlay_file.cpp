#include "core/session/overlay_file.h"

#include "core/common/json_path.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>
#include <unordered_set>

namespace silica {

namespace {

// Far beyond any per-node table (a 100k-node model with a reason per node is a few MiB);
// larger files are almost certainly the wrong file.
constexpr qint64 kMaxFileBytes = 256ll * 1024 * 1024;
constexpr int kFormatVersion = 1;
constexpr size_t kUnknownExamples = 3;

std::string utf8(const QString &s)
{
    return s.toStdString();
}

using json::element;
using json::member;
using json::typeName;

std::string inQuotes(const std::string &s)
{
    return '"' + s + '"';
}

class OverlayParser
{
public:
    OverlayParser(std::string fileName, const Graph *graph) : m_file(std::move(fileName))
    {
        if (!graph)
            return;
        m_checkNodes = true;
        for (const NodePtr &node : graph->nodes)
            m_nodeKeys.insert(overlayKey(*node));
    }

    Expected<LoadedOverlay> parse(std::string_view json)
    {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(
            QByteArray::fromRawData(json.data(), static_cast<qsizetype>(json.size())), &error);
        if (error.error != QJsonParseError::NoError)
            return Status(ErrorCode::ParseError,
                          "'" + m_file + "' is not valid JSON: " + utf8(error.errorString()) +
                              " at " + silica::json::lineColumn(json, error.offset) +
                              ". Overlay files are JSON objects; see README \"Overlay files\".");
        if (!doc.isObject())
            return fail("", std::string("expected an object at the top, got ") +
                                (doc.isArray() ? "an array" : "nothing"));
        const QJsonObject root = doc.object();

        if (root.contains(QLatin1String("silica_overlay"))) {
            const QJsonValue v = root.value(QLatin1String("silica_overlay"));
            if (!v.isDouble() || v.toDouble() != std::floor(v.toDouble()))
                return fail("silica_overlay",
                            std::string("expected the format version (1), got ") + typeName(v));
            if (v.toInt() > kFormatVersion)
                return Status(ErrorCode::Unsupported,
                              "'" + m_file + "': silica_overlay: format version " +
                                  std::to_string(v.toInt()) +
                                  " is newer than this Silica reads (1); update Silica");
        }

        LoadedOverlay result;
        std::set<std::string> ids;
        auto take = [&](const QJsonObject &object, const std::string &path) -> Status {
            Expected<OverlayChannel> channel = parseChannel(object, path, result);
            if (!channel)
                return channel.error();
            if (!ids.insert(channel->id).second)
                return fail(member(path, QStringLiteral("id")),
                            "channel id " + inQuotes(channel->id) + " is used twice in this file");
            result.channels.push_back(std::make_shared<const OverlayChannel>(std::move(*channel)));
            return Status::ok();
        };

        if (root.contains(QLatin1String("channels"))) {
            const QJsonValue list = root.value(QLatin1String("channels"));
            if (!list.isArray())
                return fail("channels", std::string("expected an array of channel objects, got ") +
                                            typeName(list));
            const QJsonArray array = list.toArray();
            if (array.isEmpty())
                return fail("channels", "the list is empty; add at least one channel");
            for (qsizetype i = 0; i < array.size(); ++i) {
                const std::string path = element("channels", i);
                if (!array[i].isObject())
                    return fail(path, std::string("expected a channel object, got ") +
                                          typeName(array[i]));
                if (Status s = take(array[i].toObject(), path); !s)
                    return s;
            }
        } else if (Status s = take(root, ""); !s) {
            return s;
        }
        return result;
    }

private:
    Status fail(const std::string &path, const std::string &what) const
    {
        return Status(ErrorCode::ParseError,
                      "'" + m_file + "': " + (path.empty() ? std::string() : path + ": ") + what);
    }

    // A string member; `required` members that are missing fail, optional ones give "".
    Expected<std::string> stringMember(const QJsonObject &o, const char *key,
                                       const std::string &path, bool required) const
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined()) {
            if (required)
                return fail(path, std::string("missing \"") + key + "\"");
            return std::string();
        }
        if (!v.isString())
            return fail(member(path, QLatin1String(key)),
                        std::string("expected a string, got ") + typeName(v));
        return utf8(v.toString());
    }

    Expected<OverlayChannel> parseChannel(const QJsonObject &o, const std::string &path,
                                          LoadedOverlay &result) const
    {
        OverlayChannel c;
        c.source = m_file;
        Expected<std::string> id = stringMember(o, "id", path, true);
        if (!id)
            return id.error();
        if (id->empty())
            return fail(member(path, QStringLiteral("id")), "must not be empty");
        if (*id == kOpCategoryOverlayId)
            return fail(member(path, QStringLiteral("id")),
                        inQuotes(*id) + " is the built-in channel; choose another id");
        c.id = *id;
        Expected<std::string> name = stringMember(o, "name", path, false);
        if (!name)
            return name.error();
        c.displayName = name->empty() ? c.id : *name;

        Expected<std::string> kind = stringMember(o, "kind", path, true);
        if (!kind)
            return kind.error();
        if (*kind == "continuous") {
            c.kind = OverlayKind::Continuous;
        } else if (*kind == "categorical") {
            c.kind = OverlayKind::Categorical;
        } else {
            return fail(member(path, QStringLiteral("kind")),
                        "expected \"categorical\" or \"continuous\", got " + inQuotes(*kind));
        }

        const QJsonValue values = o.value(QLatin1String("values"));
        const std::string valuesPath = member(path, QStringLiteral("values"));
        if (values.isUndefined())
            return fail(path, "missing \"values\" (an object from node name to value)");
        if (!values.isObject())
            return fail(valuesPath,
                        std::string("expected an object from node name to value, got ") +
                            typeName(values));

        Status s = c.kind == OverlayKind::Continuous
                       ? parseScale(o, path, c)
                       : parseCategories(o, values.toObject(), path, c);
        if (!s)
            return s;

        std::vector<std::string> unknown;
        size_t unknownCount = 0;
        const QJsonObject table = values.toObject();
        for (auto it = table.begin(); it != table.end(); ++it) {
            const std::string key = utf8(it.key());
            const std::string at = member(valuesPath, it.key());
            if (it.value().isNull())
                continue; // "no value", as if the key were not there
            Expected<OverlayValue> v = c.kind == OverlayKind::Continuous
                                           ? parseNumber(it.value(), at)
                                           : parseCategory(it.value(), at, c);
            if (!v)
                return v.error();
            if (m_checkNodes && !m_nodeKeys.count(key)) {
                if (unknown.size() < kUnknownExamples)
                    unknown.push_back(inQuotes(key));
                ++unknownCount;
                continue;
            }
            c.values.emplace(key, std::move(*v));
        }
        if (unknownCount > 0) {
            std::string examples;
            for (const std::string &u : unknown)
                examples += (examples.empty() ? "" : ", ") + u;
            result.warnings.push_back(
                "'" + m_file + "': channel " + inQuotes(c.id) + ": " +
                std::to_string(unknownCount) + " of " + std::to_string(table.size()) +
                " values name nodes that are not in the model (" + examples +
                (unknownCount > unknown.size() ? ", …" : "") + "); they are ignored");
            result.unknownNodeValues += unknownCount;
        }
        return c;
    }

    Status parseScale(const QJsonObject &o, const std::string &path, OverlayChannel &c) const
    {
        Expected<std::string> unit = stringMember(o, "unit", path, false);
        if (!unit)
            return unit.error();
        c.unit = *unit;
        Expected<std::string> worse = stringMember(o, "worse", path, true);
        if (!worse)
            return Status(worse.error().code(),
                          worse.error().message() +
                              ": say which values are bad, \"higher\" (latency, error) or "
                              "\"lower\" (SNR, throughput)");
        if (*worse == "higher")
            c.worse = WorseDirection::Higher;
        else if (*worse == "lower")
            c.worse = WorseDirection::Lower;
        else
            return fail(member(path, QStringLiteral("worse")),
                        "expected \"higher\" or \"lower\", got " + inQuotes(*worse));
        if (o.contains(QLatin1String("categories")))
            return fail(member(path, QStringLiteral("categories")),
                        "only categorical channels have categories");
        return Status::ok();
    }

    Status parseCategories(const QJsonObject &o, const QJsonObject &values, const std::string &path,
                           OverlayChannel &c) const
    {
        const std::string listPath = member(path, QStringLiteral("categories"));
        const QJsonValue list = o.value(QLatin1String("categories"));
        if (list.isUndefined()) {
            // Without a list, the categories are the distinct values, in name order.
            std::set<std::string> seen;
            for (auto it = values.begin(); it != values.end(); ++it) {
                const QJsonValue v = it.value();
                const QJsonValue id =
                    v.isObject() ? v.toObject().value(QLatin1String("category")) : v;
                if (id.isString())
                    seen.insert(utf8(id.toString()));
            }
            for (const std::string &id : seen)
                c.categories.push_back(OverlayCategory{id, id, 0, {}});
            return Status::ok();
        }
        if (!list.isArray())
            return fail(listPath, std::string("expected an array of category objects, got ") +
                                      typeName(list));
        const QJsonArray array = list.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            const std::string at = element(listPath, i);
            if (!array[i].isObject())
                return fail(at, std::string("expected an object with \"id\", got ") +
                                    typeName(array[i]));
            const QJsonObject co = array[i].toObject();
            OverlayCategory category;
            Expected<std::string> id = stringMember(co, "id", at, true);
            if (!id)
                return id.error();
            if (id->empty())
                return fail(member(at, QStringLiteral("id")), "must not be empty");
            if (c.categoryIndex(*id) >= 0)
                return fail(member(at, QStringLiteral("id")),
                            "category " + inQuotes(*id) + " is listed twice");
            category.id = *id;
            Expected<std::string> label = stringMember(co, "label", at, false);
            if (!label)
                return label.error();
            category.label = label->empty() ? category.id : *label;
            Expected<std::string> color = stringMember(co, "color", at, false);
            if (!color)
                return color.error();
            if (!color->empty() && !isHexColor(*color))
                return fail(member(at, QStringLiteral("color")),
                            "expected a colour as \"#rrggbb\", got " + inQuotes(*color));
            category.color = *color;
            if (co.contains(QLatin1String("severity"))) {
                const QJsonValue sv = co.value(QLatin1String("severity"));
                const double d = sv.toDouble();
                if (!sv.isDouble() || d != std::floor(d) || std::abs(d) > 1000)
                    return fail(member(at, QStringLiteral("severity")),
                                std::string("expected a whole number (0 neutral, higher is "
                                            "worse), got ") +
                                    (sv.isDouble() ? std::to_string(d) : typeName(sv)));
                category.severity = static_cast<int>(d);
            }
            c.categories.push_back(std::move(category));
        }
        if (c.categories.empty())
            return fail(listPath, "the list is empty; list the categories values may use");
        return Status::ok();
    }

    Expected<OverlayValue> parseNumber(const QJsonValue &v, const std::string &at) const
    {
        OverlayValue value;
        QJsonValue number = v;
        if (v.isObject()) {
            const QJsonObject o = v.toObject();
            number = o.value(QLatin1String("value"));
            if (number.isUndefined())
                return fail(at, "missing \"value\"");
            Expected<std::string> reason = stringMember(o, "reason", at, false);
            if (!reason)
                return reason.error();
            value.reason = *reason;
        }
        if (!number.isDouble())
            return fail(v.isObject() ? member(at, QStringLiteral("value")) : at,
                        std::string("expected a number, got ") + typeName(number));
        value.number = number.toDouble();
        if (!std::isfinite(value.number))
            return fail(at, "the number is out of range");
        return value;
    }

    Expected<OverlayValue> parseCategory(const QJsonValue &v, const std::string &at,
                                         const OverlayChannel &c) const
    {
        OverlayValue value;
        QJsonValue id = v;
        if (v.isObject()) {
            const QJsonObject o = v.toObject();
            id = o.value(QLatin1String("category"));
            if (id.isUndefined())
                return fail(at, "missing \"category\"");
            Expected<std::string> reason = stringMember(o, "reason", at, false);
            if (!reason)
                return reason.error();
            value.reason = *reason;
        }
        if (!id.isString())
            return fail(v.isObject() ? member(at, QStringLiteral("category")) : at,
                        std::string("expected a category id (a string), got ") + typeName(id));
        value.category = c.categoryIndex(utf8(id.toString()));
        if (value.category < 0) {
            std::string known;
            for (const OverlayCategory &category : c.categories)
                known += (known.empty() ? "" : ", ") + inQuotes(category.id);
            return fail(at, "unknown category " + inQuotes(utf8(id.toString())) +
                                "; the channel's categories are " + known);
        }
        return value;
    }

    static bool isHexColor(const std::string &s)
    {
        return s.size() == 7 && s[0] == '#' && std::all_of(s.begin() + 1, s.end(), [](char ch) {
                   return std::isxdigit(static_cast<unsigned char>(ch));
               });
    }

    std::string m_file;
    bool m_checkNodes = false;
    std::unordered_set<std::string> m_nodeKeys;
};

} // namespace

Expected<LoadedOverlay> parseOverlay(std::string_view json, const std::string &fileName,
                                     const Graph *graph)
{
    return OverlayParser(fileName, graph).parse(json);
}

Expected<LoadedOverlay> loadOverlayFile(const std::string &path, const Graph *graph)
{
    QFile file(QFile::decodeName(QByteArray::fromStdString(path)));
    if (!file.open(QIODevice::ReadOnly))
        return Status(file.exists() ? ErrorCode::IoError : ErrorCode::NotFound,
                      "cannot read overlay file '" + path + "': " + utf8(file.errorString()));
    if (file.size() > kMaxFileBytes)
        return Status(ErrorCode::InvalidArgument,
                      "'" + path + "' is " + std::to_string(file.size() >> 20) +
                          " MiB; overlay files are per-node tables of at most 256 MiB. Is it "
                          "the right file?");
    const QByteArray bytes = file.readAll();
    if (file.error() != QFileDevice::NoError)
        return Status(ErrorCode::IoError,
                      "cannot read overlay file '" + path + "': " + utf8(file.errorString()));
    return parseOverlay(std::string_view(bytes.constData(), static_cast<size_t>(bytes.size())),
                        path, graph);
}

} // namespace silica
