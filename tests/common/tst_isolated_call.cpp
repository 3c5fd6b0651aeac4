// Third-party code run in a child process: its crash or hang becomes an error value.

#include "core/common/isolated_call.h"

#include <QElapsedTimer>
#include <QtTest>

#include <csignal>
#include <thread>

using namespace silica;

class TestIsolatedCall : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void returnsTheChildsBytes()
    {
        const std::string big(1 << 20, 'x'); // larger than a pipe buffer
        auto r = runIsolated([&big] { return big + "!"; }, 10000, CancelToken());
        QVERIFY2(r.hasValue(), r.status().toString().c_str());
        QCOMPARE(r->size(), big.size() + 1);
        QCOMPARE(r->back(), '!');
    }

    void turnsACrashIntoAnError()
    {
        auto r = runIsolated(
            []() -> std::string {
                std::raise(SIGSEGV);
                return {};
            },
            10000, CancelToken());
        QVERIFY(!r.hasValue());
        QCOMPARE(r.error().code(), ErrorCode::Internal);
        QVERIFY2(QString::fromStdString(r.error().message()).contains(QStringLiteral("signal 11")),
                 r.error().message().c_str());
    }

    void stopsAHangAtTheTimeout()
    {
        QElapsedTimer t;
        t.start();
        auto r = runIsolated(
            []() -> std::string {
                std::this_thread::sleep_for(std::chrono::seconds(60));
                return {};
            },
            300, CancelToken());
        QVERIFY(!r.hasValue());
        QCOMPARE(r.error().code(), ErrorCode::Unsupported);
        QVERIFY(t.elapsed() < 5000);
    }

    void stopsWhenCancelled()
    {
        CancelToken cancel;
        std::thread canceller([cancel] {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            cancel.cancel();
        });
        auto r = runIsolated(
            []() -> std::string {
                std::this_thread::sleep_for(std::chrono::seconds(60));
                return {};
            },
            60000, cancel);
        canceller.join();
        QVERIFY(!r.hasValue());
        QCOMPARE(r.error().code(), ErrorCode::Cancelled);
    }
};

QTEST_GUILESS_MAIN(TestIsolatedCall)
#include "tst_isolated_call.moc"
