// NumPy .npy files (format versions 1.0-3.0, little-endian, C order) as ONNX Runtime tensors'
// (type, dims, data). The format: https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html

import fs from 'node:fs';
import path from 'node:path';

// npy descr (without byte order) → ONNX Runtime tensor type and typed array.
const kTypes = {
  f4: ['float32', Float32Array],
  f8: ['float64', Float64Array],
  f2: ['float16', Uint16Array], // raw IEEE half bits
  i8: ['int64', BigInt64Array],
  i4: ['int32', Int32Array],
  i2: ['int16', Int16Array],
  i1: ['int8', Int8Array],
  u8: ['uint64', BigUint64Array],
  u4: ['uint32', Uint32Array],
  u2: ['uint16', Uint16Array],
  u1: ['uint8', Uint8Array],
  b1: ['bool', Uint8Array],
};

const kMagic = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]); // "\x93NUMPY"

export class NpyError extends Error {}

function field(header, key, file) {
  const m = header.match(new RegExp(`['"]${key}['"]\\s*:\\s*('[^']*'|"[^"]*"|True|False|\\([^)]*\\))`));
  if (!m) throw new NpyError(`${file}: .npy header has no '${key}' (${header.trim()})`);
  return m[1];
}

// → {type, dims, data} with `data` a fresh, aligned typed array.
export function readNpy(file) {
  let bytes;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new NpyError(`cannot read ${file}: ${e.message}`);
  }
  if (bytes.length < 10 || !bytes.subarray(0, 6).equals(kMagic))
    throw new NpyError(`${file}: not a .npy file (bad magic)`);
  const major = bytes[6];
  let headerLen, headerStart;
  if (major === 1) {
    headerLen = bytes.readUInt16LE(8);
    headerStart = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new NpyError(`${file}: truncated .npy header`);
    headerLen = bytes.readUInt32LE(8);
    headerStart = 12;
  } else {
    throw new NpyError(`${file}: unsupported .npy format version ${major}`);
  }
  if (headerStart + headerLen > bytes.length) throw new NpyError(`${file}: truncated .npy header`);
  const header = bytes.subarray(headerStart, headerStart + headerLen).toString(major === 3 ? 'utf8' : 'latin1');

  const descr = field(header, 'descr', file).slice(1, -1);
  const order = descr[0];
  const code = '<|='.includes(order) ? descr.slice(1) : descr;
  const entry = kTypes[code];
  if (!entry) throw new NpyError(`${file}: element type '${descr}' is not supported (use float32, float64, int64, int32, uint8, int8 or bool)`);
  if (order === '>' && entry[1].BYTES_PER_ELEMENT > 1)
    throw new NpyError(`${file}: big-endian data ('${descr}') is not supported; save it little-endian`);
  if (field(header, 'fortran_order', file) !== 'False')
    throw new NpyError(`${file}: Fortran-order arrays are not supported; save a C-order array`);
  const shapeText = field(header, 'shape', file).slice(1, -1);
  const dims = shapeText.split(',').map((s) => s.trim()).filter((s) => s.length > 0).map(Number);
  if (dims.some((d) => !Number.isInteger(d) || d < 0)) throw new NpyError(`${file}: bad shape (${shapeText})`);

  const [type, ArrayType] = entry;
  const count = dims.reduce((a, b) => a * b, 1);
  const byteLength = count * ArrayType.BYTES_PER_ELEMENT;
  const dataStart = headerStart + headerLen;
  if (bytes.length - dataStart < byteLength)
    throw new NpyError(`${file}: holds ${bytes.length - dataStart} data bytes, shape (${dims}) of ${type} needs ${byteLength}`);
  // Copy into a buffer of its own: the file's data offset need not be aligned for the type.
  const copy = new Uint8Array(byteLength);
  copy.set(bytes.subarray(dataStart, dataStart + byteLength));
  return { type, dims, data: new ArrayType(copy.buffer) };
}

// `data` is the typed array ONNX Runtime hands back for `type`.
export function writeNpy(file, type, dims, data) {
  const code = Object.keys(kTypes).find((k) => kTypes[k][0] === type);
  if (!code) throw new NpyError(`cannot write ${file}: element type ${type} has no .npy spelling`);
  const descr = (kTypes[code][1].BYTES_PER_ELEMENT === 1 ? '|' : '<') + code;
  const shape = dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  // Pad with spaces and end with '\n' so the data starts on a 64-byte boundary, as NumPy does.
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const prefix = Buffer.alloc(10);
  kMagic.copy(prefix, 0);
  prefix[6] = 1;
  prefix[7] = 0;
  prefix.writeUInt16LE(header.length, 8);
  const body = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, Buffer.concat([prefix, Buffer.from(header, 'latin1'), body]));
  fs.renameSync(tmp, file);
}
