#include "core/graph/onnx_skeleton.h"

namespace silica {

namespace {

// Field numbers from onnx.proto.
constexpr uint32_t kModelGraph = 7;
constexpr uint32_t kGraphInitializer = 5;
constexpr uint32_t kTensorRawData = 9;
constexpr uint32_t kWireVarint = 0, kWire64 = 1, kWireLen = 2, kWire32 = 5;

struct Reader
{
    const uint8_t *p;
    const uint8_t *end;

    bool varint(uint64_t &v)
    {
        v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (p >= end)
                return false;
            const uint8_t b = *p++;
            v |= static_cast<uint64_t>(b & 0x7f) << shift;
            if (!(b & 0x80))
                return true;
        }
        return false;
    }

    // Reads one field header and the extent of its value; `value` is where the value starts
    // (after the length prefix for LEN fields), `next` where the following field starts.
    bool field(uint32_t &number, uint32_t &wire, const uint8_t *&value, const uint8_t *&next)
    {
        uint64_t tag;
        if (!varint(tag) || tag >> 3 == 0 || tag >> 3 > 0x1fffffff)
            return false;
        number = static_cast<uint32_t>(tag >> 3);
        wire = static_cast<uint32_t>(tag & 7);
        uint64_t skip = 0;
        switch (wire) {
        case kWireVarint: {
            uint64_t ignored;
            value = p;
            if (!varint(ignored))
                return false;
            next = p;
            return true;
        }
        case kWire64:
            skip = 8;
            break;
        case kWire32:
            skip = 4;
            break;
        case kWireLen:
            if (!varint(skip))
                return false;
            break;
        default:
            return false; // groups (3, 4) and invalid types: leave them to protobuf
        }
        if (skip > static_cast<uint64_t>(end - p))
            return false;
        value = p;
        p += skip;
        next = p;
        return true;
    }
};

void putVarint(std::string &out, uint64_t v)
{
    while (v >= 0x80) {
        out.push_back(static_cast<char>((v & 0x7f) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
}

void putLenField(std::string &out, uint32_t number, const std::string &payload)
{
    putVarint(out, (static_cast<uint64_t>(number) << 3) | kWireLen);
    putVarint(out, payload.size());
    out += payload;
}

// Whether any main-graph initializer carries a raw_data payload of at least `minBytes`: a
// read-only pass, so models that keep their weights elsewhere (Constant nodes, external data)
// are not copied for nothing.
bool hasLargeRawData(const uint8_t *data, uint64_t size, uint64_t minBytes)
{
    Reader model{data, data + size};
    while (model.p < model.end) {
        uint32_t number, wire;
        const uint8_t *value, *next;
        if (!model.field(number, wire, value, next))
            return false;
        if (number != kModelGraph || wire != kWireLen)
            continue;
        Reader g{value, next};
        while (g.p < g.end) {
            uint32_t gn, gw;
            const uint8_t *gv, *gnext;
            if (!g.field(gn, gw, gv, gnext))
                return false;
            if (gn != kGraphInitializer || gw != kWireLen)
                continue;
            Reader t{gv, gnext};
            while (t.p < t.end) {
                uint32_t tn, tw;
                const uint8_t *tv, *tnext;
                if (!t.field(tn, tw, tv, tnext))
                    return false;
                if (tn == kTensorRawData && tw == kWireLen &&
                    static_cast<uint64_t>(tnext - tv) >= minBytes)
                    return true;
            }
        }
    }
    return false;
}

} // namespace

std::optional<ModelSkeleton> buildModelSkeleton(const std::shared_ptr<const ByteBuffer> &file,
                                                uint64_t minBytes)
{
    const uint8_t *base = file->data();
    if (!hasLargeRawData(base, file->size(), minBytes))
        return std::nullopt;
    Reader model{base, base + file->size()};
    ModelSkeleton skeleton;
    skeleton.bytes.reserve(1 << 16);
    bool sawGraph = false;
    bool strippedAny = false;
    while (model.p < model.end) {
        const uint8_t *start = model.p;
        uint32_t number, wire;
        const uint8_t *value, *next;
        if (!model.field(number, wire, value, next))
            return std::nullopt;
        if (number != kModelGraph || wire != kWireLen) {
            skeleton.bytes.append(reinterpret_cast<const char *>(start), next - start);
            continue;
        }
        if (sawGraph)
            return std::nullopt; // protobuf would merge repeated graph fields
        sawGraph = true;

        std::string graph;
        graph.reserve(1 << 16);
        Reader g{value, next};
        while (g.p < g.end) {
            const uint8_t *fieldStart = g.p;
            uint32_t gn, gw;
            const uint8_t *gv, *gnext;
            if (!g.field(gn, gw, gv, gnext))
                return std::nullopt;
            if (gn != kGraphInitializer || gw != kWireLen) {
                graph.append(reinterpret_cast<const char *>(fieldStart), gnext - fieldStart);
                continue;
            }
            std::string tensor;
            std::optional<ByteSlice> raw;
            Reader t{gv, gnext};
            while (t.p < t.end) {
                const uint8_t *tStart = t.p;
                uint32_t tn, tw;
                const uint8_t *tv, *tnext;
                if (!t.field(tn, tw, tv, tnext))
                    return std::nullopt;
                const uint64_t len = static_cast<uint64_t>(tnext - tv);
                if (tn == kTensorRawData && tw == kWireLen) {
                    if (raw)
                        return std::nullopt; // two raw_data fields: protobuf keeps the last
                    if (len >= minBytes) {
                        raw = ByteSlice{file, static_cast<uint64_t>(tv - base), len};
                        continue;
                    }
                }
                tensor.append(reinterpret_cast<const char *>(tStart), tnext - tStart);
            }
            if (raw) {
                strippedAny = true;
                putLenField(graph, kGraphInitializer, tensor);
            } else {
                graph.append(reinterpret_cast<const char *>(fieldStart), gnext - fieldStart);
            }
            skeleton.rawData.push_back(raw);
        }
        putLenField(skeleton.bytes, kModelGraph, graph);
    }
    if (!strippedAny)
        return std::nullopt; // nothing to gain: parse the file itself
    return skeleton;
}

} // namespace silica
