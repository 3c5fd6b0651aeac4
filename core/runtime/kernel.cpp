#include "core/runtime/kernel.h"

#include <algorithm>

namespace silica::runtime {

namespace {
std::string nodeLabel(const Node &node)
{
    std::string label = node.opType;
    if (!node.domain.empty() && node.domain != "ai.onnx")
        label = node.domain + "." + label;
    return label + " '" + node.displayName() + "'";
}

class LambdaKernel final : public Kernel
{
public:
    explicit LambdaKernel(std::function<Status(KernelContext &)> fn) : m_fn(std::move(fn)) {}
    Status compute(KernelContext &ctx) override { return m_fn(ctx); }

private:
    std::function<Status(KernelContext &)> m_fn;
};
} // namespace

Status KernelInfo::error(const std::string &message, ErrorCode code) const
{
    return Status(code, nodeLabel(node) + ": " + message);
}

Status KernelContext::error(const std::string &message, ErrorCode code) const
{
    return Status(code, nodeLabel(node()) + ": " + message);
}

Expected<const Tensor *> KernelContext::requiredInput(size_t index) const
{
    if (const Tensor *t = input(index))
        return t;
    return error("required input " + std::to_string(index) + " is missing");
}

KernelFactory lambdaKernel(std::function<Status(KernelContext &)> fn)
{
    return [fn = std::move(fn)](const KernelInfo &) -> Expected<std::unique_ptr<Kernel>> {
        return std::unique_ptr<Kernel>(std::make_unique<LambdaKernel>(fn));
    };
}

static bool sameDomain(std::string_view a, std::string_view b)
{
    return isDefaultDomain(a) ? isDefaultDomain(b) : a == b;
}

void KernelRegistry::add(std::string_view opType, int sinceVersion, KernelFactory factory,
                         int untilVersion, std::string_view domain)
{
    m_entries.push_back({std::string(domain), std::string(opType), sinceVersion, untilVersion,
                         std::move(factory)});
}

const KernelFactory *KernelRegistry::find(std::string_view domain, std::string_view opType,
                                          int opsetVersion) const
{
    for (const Entry &e : m_entries)
        if (e.opType == opType && sameDomain(e.domain, domain) && opsetVersion >= e.since &&
            opsetVersion <= e.until)
            return &e.factory;
    return nullptr;
}

void KernelRegistry::wrap(std::string_view opType,
                          const std::function<KernelFactory(KernelFactory)> &wrap)
{
    for (Entry &e : m_entries)
        if (e.opType == opType && isDefaultDomain(e.domain))
            e.factory = wrap(std::move(e.factory));
}

bool KernelRegistry::knowsOp(std::string_view domain, std::string_view opType) const
{
    for (const Entry &e : m_entries)
        if (e.opType == opType && sameDomain(e.domain, domain))
            return true;
    return false;
}

std::vector<std::string> KernelRegistry::opTypes(std::string_view domain) const
{
    std::vector<std::string> out;
    for (const Entry &e : m_entries)
        if (sameDomain(e.domain, domain) &&
            std::find(out.begin(), out.end(), e.opType) == out.end())
            out.push_back(e.opType);
    std::sort(out.begin(), out.end());
    return out;
}

const KernelRegistry &KernelRegistry::builtin()
{
    static const KernelRegistry registry = [] {
        KernelRegistry r;
        registerConvKernels(r);
        registerMatMulKernels(r);
        registerQuantKernels(r);
        registerElementwiseKernels(r);
        registerActivationKernels(r);
        registerShapeKernels(r);
        registerReductionKernels(r);
        registerNormKernels(r);
        registerPoolKernels(r);
        registerControlFlowKernels(r);
        registerRecurrentKernels(r);
        registerImageKernels(r);
        registerSignalKernels(r);
        registerMiscKernels(r);
        registerBlockedLayoutKernels(r);
        registerHalfPrecisionKernels(r);
        return r;
    }();
    return registry;
}

} // namespace silica::runtime
