// Test support: the smallest WebM container that says its own length (an EBML header with DocType "webm", then a
// Segment whose Info holds TimecodeScale and Duration; Matroska, RFC 9559 §5.1). No frames: the server reads the
// container, never decodes. Used by the unit and integration tests of video lengths.

/** An EBML element: its ID bytes, its size as an 8-byte variable-size integer (RFC 8794 §4), its data. */
function element(id: number[], data: Uint8Array): Uint8Array {
  const size = new Uint8Array(8);
  size[0] = 0x01;
  new DataView(size.buffer).setUint32(4, data.byteLength);
  return new Uint8Array([...id, ...size, ...data]);
}

function uint32(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n);
  return b;
}

function float64(x: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, x);
  return b;
}

/**
 * A WebM of `seconds` (Duration in the Segment Info, at the usual 1 ms TimecodeScale), or with no Duration at all
 * (`null`: as a browser's MediaRecorder writes it, live), followed by `padding` bytes of an EBML Void element.
 */
export function webmBytes(seconds: number | null, padding = 2_000): Uint8Array<ArrayBuffer> {
  const header = element(
    [0x1a, 0x45, 0xdf, 0xa3],
    new Uint8Array([
      ...element([0x42, 0x86], uint32(1)), // EBMLVersion
      ...element([0x42, 0x82], new TextEncoder().encode("webm")), // DocType
      ...element([0x42, 0x87], uint32(4)), // DocTypeVersion
      ...element([0x42, 0x85], uint32(2)), // DocTypeReadVersion
    ]),
  );
  const info = element(
    [0x15, 0x49, 0xa9, 0x66],
    new Uint8Array([
      ...element([0x2a, 0xd7, 0xb1], uint32(1_000_000)), // TimecodeScale: 1 ms
      ...(seconds === null ? [] : element([0x44, 0x89], float64(seconds * 1_000))), // Duration, in TimecodeScale
    ]),
  );
  const voidElement = element([0xec], new Uint8Array(padding));
  return new Uint8Array([...header, ...element([0x18, 0x53, 0x80, 0x67], new Uint8Array([...info, ...voidElement]))]);
}
