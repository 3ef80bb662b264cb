// A minimal protobuf wire-format reader, enough to check server responses
// (google.rpc.Status, Export*ServiceResponse) independently of any SDK code.

// Decodes one message into a map: field number -> array of values. VARINT
// values are BigInt, I64/I32 values are the raw little-endian bytes (Buffer),
// LEN values are Buffers. Throws on malformed input.
export function decodeFields(bytes) {
  const buf = Buffer.from(bytes);
  const fields = new Map();
  let pos = 0;
  const varint = () => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (pos >= buf.length) throw new Error('truncated varint');
      const b = buf[pos++];
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 63n) throw new Error('varint too long');
    }
  };
  const take = (n) => {
    if (pos + n > buf.length) throw new Error('truncated field');
    const out = buf.subarray(pos, pos + n);
    pos += n;
    return out;
  };
  while (pos < buf.length) {
    const key = varint();
    const field = Number(key >> 3n);
    const wire = Number(key & 7n);
    let value;
    if (wire === 0) value = varint();
    else if (wire === 1) value = take(8);
    else if (wire === 2) value = take(Number(varint()));
    else if (wire === 5) value = take(4);
    else throw new Error(`unsupported wire type ${wire}`);
    if (field === 0) throw new Error('field number 0');
    if (!fields.has(field)) fields.set(field, []);
    fields.get(field).push(value);
  }
  return fields;
}

// Decodes google.rpc.Status bytes into {code, message, details: [{typeUrl,
// value}]}.
export function decodeRpcStatus(bytes) {
  const f = decodeFields(bytes);
  const last = (n) => (f.has(n) ? f.get(n)[f.get(n).length - 1] : undefined);
  return {
    code: last(1) === undefined ? 0 : Number(BigInt.asIntN(32, last(1))),
    message: last(2) === undefined ? '' : last(2).toString('utf8'),
    details: (f.get(3) ?? []).map((d) => {
      const df = decodeFields(d);
      return {
        typeUrl: df.has(1) ? df.get(1)[0].toString('utf8') : '',
        value: df.has(2) ? df.get(2)[0] : Buffer.alloc(0),
      };
    }),
  };
}

// Decodes an Export{Trace,Logs,Metrics}ServiceResponse into
// {partialSuccess: null | {rejected: Number, errorMessage}}.
export function decodeExportResponse(bytes) {
  const f = decodeFields(bytes);
  if (!f.has(1)) return { partialSuccess: null };
  const ps = decodeFields(f.get(1)[f.get(1).length - 1]);
  return {
    partialSuccess: {
      rejected: ps.has(1) ? Number(ps.get(1)[0]) : 0,
      errorMessage: ps.has(2) ? ps.get(2)[0].toString('utf8') : '',
    },
  };
}
