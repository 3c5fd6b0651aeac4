#pragma once
// The overlays of the open document and which one the canvas shows. The built-in op-category
// channel is rebuilt for every graph version; channels from overlay files (keyed by node name)
// stay across edits and are dropped when another model is opened. Channels an analysis
// computed for one graph version (OverlayChannel::graphVersion) are dropped when another
// version is shown, and refused when they arrive for a version no longer shown. Files load in
// the background, with progress in the status bar.

#include "core/session/overlay.h"
#include "views/models/overlay_palette.h"

#include <QFuture>
#include <QList>
#include <QObject>
#include <QStringList>

namespace silica {

class ProgressSurface;

class DocumentOverlays : public QObject
{
    Q_OBJECT
public:
    explicit DocumentOverlays(ProgressSurface *surface, QObject *parent = nullptr);
    ~DocumentOverlays() override;

    // Another model: only the built-in channels, op category active.
    void reset(ModelPtr model, uint64_t versionId);
    // A new version of the same model: built-in channels follow it.
    void setModel(ModelPtr model, uint64_t versionId);
    ModelPtr model() const { return m_model; }
    uint64_t versionId() const { return m_version; }

    // Adds (or replaces, by id) a channel an analysis computed, optionally making it active.
    // False when it was computed for a graph version that is no longer shown.
    bool put(OverlayChannelPtr channel, bool activate);

    const OverlaySet &channels() const { return m_channels; }
    QStringList ids() const;
    QStringList names() const;
    QString activeId() const { return m_active; }
    // False (and nothing changes) for an unknown id.
    bool setActive(const QString &id);
    // The active channel's colours for the current version.
    OverlayPalette palette() const;

    // Reads an overlay file in the background; its channels are added (replacing any with the
    // same id) and the first becomes active.
    void loadFile(const QString &path);
    bool isLoading() const;

signals:
    // The set of channels or the active one changed: recolour, refill the legend and lists.
    void changed();
    void fileLoaded(const QString &path, const QStringList &warnings);
    void fileFailed(const QString &path, const QString &message);

private:
    ProgressSurface *m_surface;
    ModelPtr m_model;
    uint64_t m_version = 0;
    OverlaySet m_channels;
    QString m_active;
    QList<QFuture<void>> m_loads;
    quint64 m_generation = 0; // counts reset(): loads started for an older model are dropped
};

} // namespace silica
