#pragma once
// Status and Expected<T>: how the core reports anything a user can cause (bad files, bad
// graphs, cancelled jobs). Exceptions never cross the core API or a thread boundary.

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace silica {

enum class ErrorCode
{
    Ok = 0,
    InvalidArgument, // the caller passed something unusable
    NotFound,        // a file, node or tensor that does not exist
    ParseError,      // not ONNX, truncated or corrupt protobuf
    InvalidModel,    // structurally broken graph: cycle, dangling reference, bad attribute
    Unsupported,     // valid, but newer or wider than what Silica understands
    IoError,         // the operating system refused a read or write
    Cancelled,       // the user cancelled a long job
    Internal,        // a bug in Silica; the message says where
};

const char *errorCodeName(ErrorCode code);

class Status
{
public:
    Status() = default;
    Status(ErrorCode code, std::string message) : m_code(code), m_message(std::move(message)) {}

    static Status ok() { return {}; }

    bool isOk() const { return m_code == ErrorCode::Ok; }
    explicit operator bool() const { return isOk(); }
    ErrorCode code() const { return m_code; }
    const std::string &message() const { return m_message; }

    // "<code>: <message>" for logs and the CLI.
    std::string toString() const;

private:
    ErrorCode m_code = ErrorCode::Ok;
    std::string m_message;
};

// A value or the Status that explains why there is none.
template <typename T> class Expected
{
public:
    Expected(T value) : m_state(std::move(value)) {}
    Expected(Status error) : m_state(std::move(error)) {}
    Expected(ErrorCode code, std::string message) : m_state(Status(code, std::move(message))) {}

    bool hasValue() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return hasValue(); }

    T &value() & { return std::get<T>(m_state); }
    const T &value() const & { return std::get<T>(m_state); }
    T &&value() && { return std::get<T>(std::move(m_state)); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }

    Status status() const { return hasValue() ? Status() : std::get<Status>(m_state); }
    const Status &error() const { return std::get<Status>(m_state); }

private:
    std::variant<T, Status> m_state;
};

} // namespace silica
