#pragma once
// Opens models off the UI thread: loadModel runs on the thread pool, its progress and a cancel
// button appear in the progress surface, and the result comes back on the UI thread. A new
// load cancels the previous one, whose result is then dropped.

#include "core/common/progress.h"
#include "core/graph/onnx_import.h"

#include <QFuture>
#include <QObject>
#include <QString>

namespace silica {

class ProgressSurface;

class ModelLoader : public QObject
{
    Q_OBJECT
public:
    explicit ModelLoader(ProgressSurface *surface, QObject *parent = nullptr);
    // Cancels a running load and waits for it.
    ~ModelLoader() override;

    void load(const QString &path);
    void cancel();
    bool isLoading() const { return m_loading; }

signals:
    void loaded(const QString &path, const silica::LoadedModel &model, qint64 milliseconds);
    void failed(const QString &path, const QString &message);
    void cancelled(const QString &path);

private:
    using Result = Expected<LoadedModel>;

    ProgressSurface *m_surface;
    QFuture<Result> m_future;
    CancelToken m_token;
    quint64 m_generation = 0;
    bool m_loading = false;
};

} // namespace silica
