#include "views/common/dim_sizes.h"

#include <QStringList>

namespace silica {

bool parseDimSizes(const QString &text, std::map<std::string, int64_t> &dims)
{
    dims.clear();
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QStringList kv = part.split(QLatin1Char('='));
        bool ok = kv.size() == 2 && !kv[0].trimmed().isEmpty();
        const qlonglong n = ok ? kv[1].trimmed().toLongLong(&ok) : 0;
        if (!ok || n < 1)
            return false;
        dims[kv[0].trimmed().toStdString()] = n;
    }
    return true;
}

QString dimSizesText(const std::map<std::string, int64_t> &dims)
{
    QStringList parts;
    for (const auto &[name, n] : dims)
        parts << QString::fromStdString(name) + QLatin1Char('=') + QString::number(n);
    return parts.join(QStringLiteral(", "));
}

} // namespace silica
