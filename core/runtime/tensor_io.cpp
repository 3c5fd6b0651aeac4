#include "core/runtime/tensor_io.h"

#include "core/common/atomic_file.h"
#include "core/graph/onnx_proto.h"

#include <cstring>
#include <fstream>
#include <sstream>

namespace silica::runtime {

namespace {

Expected<std::string> readAll(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return Status(ErrorCode::IoError, "cannot open '" + path + "': " + std::strerror(errno));
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

bool endsWith(const std::string &s, const std::string &suffix)
{
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

struct NpyType
{
    const char *descr;
    DataType type;
};
// Little-endian descriptors ('|' for single bytes).
const NpyType kNpyTypes[] = {
    {"<f4", DataType::Float},  {"<f8", DataType::Double}, {"<f2", DataType::Float16},
    {"|i1", DataType::Int8},   {"|u1", DataType::Uint8},  {"<i2", DataType::Int16},
    {"<u2", DataType::Uint16}, {"<i4", DataType::Int32},  {"<u4", DataType::Uint32},
    {"<i8", DataType::Int64},  {"<u8", DataType::Uint64}, {"|b1", DataType::Bool},
};

// Value of `key` in the .npy header dict: "'descr': '<f4'" → "<f4"; "(1, 3)" for shape.
std::string headerField(const std::string &header, const std::string &key)
{
    const size_t k = header.find("'" + key + "'");
    if (k == std::string::npos)
        return {};
    size_t p = header.find(':', k);
    if (p == std::string::npos)
        return {};
    ++p;
    while (p < header.size() && header[p] == ' ')
        ++p;
    if (p >= header.size())
        return {};
    if (header[p] == '\'') {
        const size_t end = header.find('\'', p + 1);
        return end == std::string::npos ? std::string() : header.substr(p + 1, end - p - 1);
    }
    if (header[p] == '(') {
        const size_t end = header.find(')', p);
        return end == std::string::npos ? std::string() : header.substr(p, end - p + 1);
    }
    size_t end = p;
    while (end < header.size() && header[end] != ',' && header[end] != '}')
        ++end;
    return header.substr(p, end - p);
}

} // namespace

Expected<Tensor> loadNpy(const std::string &path)
{
    auto bytes = readAll(path);
    if (!bytes)
        return bytes.status();
    const std::string &b = *bytes;
    auto bad = [&path](const std::string &what) {
        return Status(ErrorCode::ParseError, "'" + path + "' is not a usable .npy file: " + what);
    };
    if (b.size() < 10 || b.compare(0, 6, "\x93NUMPY") != 0)
        return bad("the magic string \\x93NUMPY is missing");
    const int major = uint8_t(b[6]);
    size_t headerLen = 0, offset = 0;
    if (major == 1) {
        headerLen = uint8_t(b[8]) | (size_t(uint8_t(b[9])) << 8);
        offset = 10;
    } else if (major == 2 || major == 3) {
        if (b.size() < 12)
            return bad("truncated header");
        headerLen = uint8_t(b[8]) | (size_t(uint8_t(b[9])) << 8) |
                    (size_t(uint8_t(b[10])) << 16) | (size_t(uint8_t(b[11])) << 24);
        offset = 12;
    } else {
        return bad("format version " + std::to_string(major) + " is unknown");
    }
    if (offset + headerLen > b.size())
        return bad("truncated header");
    const std::string header = b.substr(offset, headerLen);
    const std::string descr = headerField(header, "descr");
    const std::string order = headerField(header, "fortran_order");
    const std::string shapeText = headerField(header, "shape");
    if (order.find("True") != std::string::npos)
        return bad("Fortran-ordered arrays are not supported; save with np.ascontiguousarray");
    DataType type = DataType::Undefined;
    for (const NpyType &t : kNpyTypes) {
        std::string alt = t.descr;
        if (alt[0] == '<')
            alt[0] = '|';
        if (descr == t.descr || descr == alt ||
            (t.descr[0] == '|' && descr == std::string("<") + (t.descr + 1)))
            type = t.type;
    }
    if (type == DataType::Undefined)
        return bad("element type '" + descr + "' is not supported (use little-endian numbers)");
    if (shapeText.empty())
        return bad("no shape in the header");
    Shape shape;
    {
        std::string digits;
        for (char c : shapeText) {
            if (c >= '0' && c <= '9') {
                digits += c;
                if (digits.size() > 15)
                    return bad("a dimension in its header is impossibly large");
            } else if (!digits.empty()) {
                shape.push_back(std::stoll(digits));
                digits.clear();
            }
        }
    }
    uint64_t count = 1;
    for (int64_t d : shape)
        if (d < 0 || __builtin_mul_overflow(count, uint64_t(d), &count) || count > (uint64_t(1) << 40))
            return bad("the shape in its header is impossibly large");
    const size_t dataOffset = offset + headerLen;
    const uint64_t need = dataTypeBytes(type, count);
    if (b.size() - dataOffset < need)
        return bad("holds " + std::to_string(b.size() - dataOffset) + " data bytes, its header " +
                   dataTypeName(type) + shapeString(shape) + " needs " + std::to_string(need));
    Tensor t = Tensor::allocate(type, shape);
    if (need)
        std::memcpy(t.mutableRaw(), b.data() + dataOffset, size_t(need));
    return t;
}

Expected<Tensor> loadTensorProto(const std::string &path)
{
    auto bytes = readAll(path);
    if (!bytes)
        return bytes.status();
    onnx::TensorProto proto;
    if (!proto.ParseFromString(*bytes))
        return Status(ErrorCode::ParseError,
                      "'" + path + "' is not a serialized onnx.TensorProto");
    onnxproto::ImportContext ctx;
    ctx.modelPath = path;
    auto graphTensor = onnxproto::importTensor(proto, ctx, path);
    if (!graphTensor)
        return graphTensor.status();
    if ((*graphTensor)->dataType == DataType::String)
        return Status(ErrorCode::Unsupported,
                      "'" + path + "' holds strings, which the runtime does not run");
    auto t = Tensor::fromGraphTensor(**graphTensor);
    if (!t)
        return Status(t.error().code(), "'" + path + "': " + t.error().message());
    return *t;
}

Expected<Tensor> loadTensorFile(const std::string &path)
{
    if (endsWith(path, ".npy"))
        return loadNpy(path);
    if (endsWith(path, ".pb"))
        return loadTensorProto(path);
    return Status(ErrorCode::InvalidArgument,
                  "'" + path + "': use a .npy file or a serialized TensorProto (.pb)");
}

Status saveNpy(const std::string &path, const Tensor &tensor)
{
    const char *descr = nullptr;
    for (const NpyType &t : kNpyTypes)
        if (t.type == tensor.dataType())
            descr = t.descr;
    if (!descr)
        return Status(ErrorCode::Unsupported, "cannot write " + tensor.describe() + " to '" + path +
                                                  "': .npy has no such element type");
    std::string shape = "(";
    for (size_t i = 0; i < tensor.shape().size(); ++i)
        shape += std::to_string(tensor.shape()[i]) + (tensor.shape().size() == 1 ? "," : i + 1 < tensor.shape().size() ? ", " : "");
    shape += ")";
    std::string header = std::string("{'descr': '") + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
    // Pad so the data starts on a 64-byte boundary, header ends with '\n' (format 1.0).
    const size_t total = ((10 + header.size() + 1 + 63) / 64) * 64;
    header.append(total - 10 - header.size() - 1, ' ');
    header += '\n';
    std::string prefix = "\x93NUMPY";
    prefix += char(1);
    prefix += char(0);
    prefix += char(header.size() & 0xff);
    prefix += char((header.size() >> 8) & 0xff);
    AtomicFileWriter writer;
    Status s = writer.open(path);
    if (s)
        s = writer.write(prefix.data(), prefix.size());
    if (s)
        s = writer.write(header.data(), header.size());
    if (s && tensor.byteSize())
        s = writer.write(tensor.raw(), tensor.byteSize());
    if (s)
        s = writer.commit();
    return s;
}

std::string safeFileName(const std::string &valueName)
{
    std::string out = valueName;
    for (char &c : out)
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.' || c == '-'))
            c = '_';
    if (out.empty() || out == "." || out == "..")
        out = "_" + out;
    return out;
}

} // namespace silica::runtime
