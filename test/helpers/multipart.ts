/** One part of a multipart body: a field (`value`) or a file (`filename` + `data`). */
export interface Part {
  name: string;
  value?: string;
  filename?: string;
  data?: Buffer;
}

/** A multipart/form-data body as a browser sends it, and its content type. */
export function multipart(parts: Part[]): { body: Buffer; type: string } {
  const boundary = '----tfboundary' + Math.random().toString(16).slice(2);
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition =
      p.filename === undefined
        ? `form-data; name="${p.name}"`
        : `form-data; name="${p.name}"; filename="${p.filename}"`;
    const type = p.filename === undefined ? '' : '\r\nContent-Type: application/octet-stream';
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}${type}\r\n\r\n`),
      p.data ?? Buffer.from(p.value ?? ''),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), type: `multipart/form-data; boundary=${boundary}` };
}
