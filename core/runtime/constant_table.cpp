#include "core/runtime/constant_table.h"

namespace silica::runtime {

void ConstantTable::addAlias(const std::string &alias, const std::string &name)
{
    if (auto w = m_weights.find(name); w != m_weights.end())
        m_weights[alias] = w->second;
    else if (auto v = m_values.find(name); v != m_values.end())
        m_values[alias] = v->second;
}

bool ConstantTable::contains(const std::string &name) const
{
    return m_values.count(name) > 0 || m_weights.count(name) > 0;
}

DataType ConstantTable::dataType(const std::string &name) const
{
    if (auto v = m_values.find(name); v != m_values.end())
        return v->second.dataType();
    if (auto w = m_weights.find(name); w != m_weights.end())
        return w->second->dataType;
    return DataType::Undefined;
}

Shape ConstantTable::shape(const std::string &name) const
{
    if (auto v = m_values.find(name); v != m_values.end())
        return v->second.shape();
    if (auto w = m_weights.find(name); w != m_weights.end())
        return Shape(w->second->dims.begin(), w->second->dims.end());
    return {};
}

Expected<Tensor> ConstantTable::planValue(const std::string &name)
{
    if (auto v = m_values.find(name); v != m_values.end())
        return v->second;
    auto w = m_weights.find(name);
    if (w == m_weights.end())
        return Status(ErrorCode::Internal, "'" + name + "' is not a constant");
    auto t = Tensor::fromGraphTensor(*w->second);
    if (!t)
        return Status(t.error().code(), "initializer: " + t.error().message());
    m_values[name] = *t;
    return *t;
}

const Tensor *ConstantTable::value(const std::string &name)
{
    if (!contains(name))
        return nullptr;
    auto t = planValue(name);
    return t ? &m_values[name] : nullptr;
}

Expected<Tensor> ConstantTable::packedView(const std::string &name) const
{
    if (auto v = m_values.find(name); v != m_values.end())
        return v->second;
    auto w = m_weights.find(name);
    if (w == m_weights.end())
        return Status(ErrorCode::Internal, "'" + name + "' is not a constant");
    return Tensor::viewOfGraphTensor(*w->second);
}

std::vector<std::string> ConstantTable::names() const
{
    std::vector<std::string> out;
    for (const auto &[name, t] : m_values)
        out.push_back(name);
    for (const auto &[name, t] : m_weights)
        if (!m_values.count(name))
            out.push_back(name);
    return out;
}

} // namespace silica::runtime
