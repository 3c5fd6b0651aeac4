#include "core/common/progress.h"

namespace silica {

namespace {
class NullProgress : public ProgressSink
{
public:
    void report(double, const std::string &) override {}
};
} // namespace

ProgressSink &ProgressSink::none()
{
    static NullProgress sink;
    return sink;
}

} // namespace silica
