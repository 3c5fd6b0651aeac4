#include "core/common/status.h"

namespace silica {

const char *errorCodeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::Ok:
        return "ok";
    case ErrorCode::InvalidArgument:
        return "invalid argument";
    case ErrorCode::NotFound:
        return "not found";
    case ErrorCode::ParseError:
        return "parse error";
    case ErrorCode::InvalidModel:
        return "invalid model";
    case ErrorCode::Unsupported:
        return "unsupported";
    case ErrorCode::IoError:
        return "i/o error";
    case ErrorCode::Cancelled:
        return "cancelled";
    case ErrorCode::Internal:
        return "internal error";
    }
    return "unknown";
}

std::string Status::toString() const
{
    if (isOk())
        return "ok";
    return std::string(errorCodeName(m_code)) + ": " + m_message;
}

} // namespace silica
