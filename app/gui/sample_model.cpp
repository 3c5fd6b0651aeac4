#include "app/gui/sample_model.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace silica {

QString bundledSamplePath()
{
    const QString file = QStringLiteral("kws_swish.onnx");
    QStringList candidates;
    const QDir appDir(QCoreApplication::applicationDirPath());
    candidates << appDir.filePath(QStringLiteral("../share/silica/samples/") + file)
               << appDir.filePath(QStringLiteral("samples/") + file);
    const QString shared = QStandardPaths::locate(QStandardPaths::GenericDataLocation,
                                                  QStringLiteral("silica/samples/") + file);
    if (!shared.isEmpty())
        candidates << shared;
#ifdef SILICA_SAMPLE_SOURCE_DIR
    candidates << QDir(QStringLiteral(SILICA_SAMPLE_SOURCE_DIR)).filePath(file);
#endif
    for (const QString &c : candidates)
        if (QFileInfo(c).isFile())
            return QFileInfo(c).canonicalFilePath();
    return {};
}

} // namespace silica
