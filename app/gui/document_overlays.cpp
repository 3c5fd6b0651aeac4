#include "app/gui/document_overlays.h"

#include "core/session/overlay_file.h"
#include "views/models/op_category_overlay.h"
#include "views/progress/progress_surface.h"

#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QtConcurrent>

#include <algorithm>

namespace silica {

DocumentOverlays::DocumentOverlays(ProgressSurface *surface, QObject *parent)
    : QObject(parent), m_surface(surface)
{
}

DocumentOverlays::~DocumentOverlays()
{
    for (QFuture<void> &f : m_loads)
        f.waitForFinished();
}

bool DocumentOverlays::isLoading() const
{
    return std::any_of(m_loads.begin(), m_loads.end(),
                       [](const QFuture<void> &f) { return f.isRunning(); });
}

void DocumentOverlays::reset(ModelPtr model, uint64_t versionId)
{
    ++m_generation; // a file still loading was meant for the previous model
    m_channels.clear();
    m_active = QString::fromLatin1(kOpCategoryOverlayId.data(), kOpCategoryOverlayId.size());
    setModel(std::move(model), versionId);
}

void DocumentOverlays::setModel(ModelPtr model, uint64_t versionId)
{
    m_model = std::move(model);
    m_version = versionId;
    if (m_model && m_model->graph) {
        OverlaySet rebuilt;
        rebuilt.put(opCategoryOverlay(*m_model->graph));
        for (const OverlayChannelPtr &c : m_channels.channels())
            if (c->id != kOpCategoryOverlayId &&
                (c->graphVersion == 0 || c->graphVersion == m_version))
                rebuilt.put(c);
        m_channels = std::move(rebuilt);
    } else {
        m_channels.clear();
    }
    if (!m_channels.find(m_active.toStdString()))
        m_active = QString::fromLatin1(kOpCategoryOverlayId.data(), kOpCategoryOverlayId.size());
    emit changed();
}

bool DocumentOverlays::put(OverlayChannelPtr channel, bool activate)
{
    if (!channel || !m_model || channel->id == kOpCategoryOverlayId ||
        (channel->graphVersion != 0 && channel->graphVersion != m_version))
        return false;
    const QString id = QString::fromStdString(channel->id);
    m_channels.put(std::move(channel));
    if (activate)
        m_active = id;
    emit changed();
    return true;
}

QStringList DocumentOverlays::ids() const
{
    QStringList ids;
    for (const OverlayChannelPtr &c : m_channels.channels())
        ids << QString::fromStdString(c->id);
    return ids;
}

QStringList DocumentOverlays::names() const
{
    QStringList names;
    for (const OverlayChannelPtr &c : m_channels.channels())
        names << QString::fromStdString(c->displayName);
    return names;
}

bool DocumentOverlays::setActive(const QString &id)
{
    if (!m_channels.find(id.toStdString()))
        return false;
    if (id != m_active) {
        m_active = id;
        emit changed();
    }
    return true;
}

OverlayPalette DocumentOverlays::palette() const
{
    OverlayChannelPtr channel = m_channels.find(m_active.toStdString());
    if (!channel || !m_model)
        return OverlayPalette();
    return OverlayPalette(std::move(channel), m_model->graph.get());
}

void DocumentOverlays::loadFile(const QString &path)
{
    const ModelPtr model = m_model;
    const std::string file = QFile::encodeName(path).toStdString();
    const quint64 generation = m_generation;
    auto future = QtConcurrent::run(
        [model, file] { return loadOverlayFile(file, model ? model->graph.get() : nullptr); });
    m_loads.removeIf([](const QFuture<void> &f) { return f.isFinished(); });
    m_loads.append(QFuture<void>(future));
    auto *watcher = new QFutureWatcher<Expected<LoadedOverlay>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [=] {
        watcher->deleteLater();
        if (generation != m_generation)
            return; // another model was opened meanwhile
        const Expected<LoadedOverlay> result = watcher->result();
        if (!result) {
            emit fileFailed(path, QString::fromStdString(result.error().message()));
            return;
        }
        for (const OverlayChannelPtr &c : result->channels)
            m_channels.put(c);
        if (!result->channels.empty())
            m_active = QString::fromStdString(result->channels.front()->id);
        QStringList warnings;
        for (const std::string &w : result->warnings)
            warnings << QString::fromStdString(w);
        emit changed();
        emit fileLoaded(path, warnings);
    });
    watcher->setFuture(future);
    if (m_surface)
        m_surface->addTask(future, tr("Loading overlay %1").arg(QFileInfo(path).fileName()));
}

} // namespace silica
