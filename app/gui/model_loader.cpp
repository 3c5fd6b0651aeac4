#include "app/gui/model_loader.h"

#include "views/progress/progress_surface.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QPromise>
#include <QtConcurrent>

namespace silica {

namespace {

// The steps loadModel reports, so lupdate sees them and the surface shows them translated.
[[maybe_unused]] const char *const kLoadSteps[] = {
    QT_TRANSLATE_NOOP("silica::ModelLoader", "Reading file"),
    QT_TRANSLATE_NOOP("silica::ModelLoader", "Parsing protobuf"),
    QT_TRANSLATE_NOOP("silica::ModelLoader", "Building graph"),
    QT_TRANSLATE_NOOP("silica::ModelLoader", "Validating graph"),
    QT_TRANSLATE_NOOP("silica::ModelLoader", "Inferring shapes"),
    QT_TRANSLATE_NOOP("silica::ModelLoader", "Loaded"),
};

} // namespace

ModelLoader::ModelLoader(ProgressSurface *surface, QObject *parent)
    : QObject(parent), m_surface(surface)
{
}

ModelLoader::~ModelLoader()
{
    cancel();
    m_future.waitForFinished();
}

void ModelLoader::cancel()
{
    m_token.cancel();
    m_future.cancel();
}

void ModelLoader::load(const QString &path)
{
    cancel();
    m_token = CancelToken();
    const quint64 generation = ++m_generation;
    m_loading = true;

    const std::string file = QFile::encodeName(path).toStdString();
    const CancelToken token = m_token;
    m_future = QtConcurrent::run([file, token](QPromise<Result> &promise) {
        promise.setProgressRange(0, 1000);
        CallbackProgress progress([&promise](double fraction, const std::string &step) {
            promise.setProgressValueAndText(
                static_cast<int>(fraction * 1000),
                QCoreApplication::translate("silica::ModelLoader", step.c_str()));
        });
        promise.addResult(loadModel(file, LoadOptions(), token, progress));
    });

    auto *watcher = new QFutureWatcher<Result>(this);
    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    connect(watcher, &QFutureWatcherBase::finished, this, [=] {
        watcher->deleteLater();
        if (generation != m_generation)
            return; // a newer load replaced this one
        m_loading = false;
        const QFuture<Result> future = watcher->future();
        if (future.isCanceled() || future.resultCount() == 0) {
            emit cancelled(path);
            return;
        }
        const Result result = future.result();
        if (result)
            emit loaded(path, result.value(), timer->elapsed());
        else if (result.error().code() == ErrorCode::Cancelled)
            emit cancelled(path);
        else
            emit failed(path, QString::fromStdString(result.error().message()));
    });
    watcher->setFuture(m_future);
    if (m_surface)
        m_surface->addTask(m_future, tr("Opening %1").arg(QFileInfo(path).fileName()),
                           [token] { token.cancel(); });
}

} // namespace silica
