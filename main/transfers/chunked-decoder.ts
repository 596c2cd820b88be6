/** Decodes `Transfer-Encoding: chunked` bodies (S3 error answers can come this way). */
export class ChunkedDecoder {
  done = false;
  private size = -1;
  private line = '';
  private trailer = false;

  push(input: Buffer, deliver: (slice: Buffer) => void | Promise<void>): void | Promise<void> {
    let offset = 0;
    let pending: void | Promise<void> = undefined;
    while (offset < input.length && !this.done) {
      if (this.size < 0 || this.trailer) {
        const newline = input.indexOf(10, offset);
        const end = newline < 0 ? input.length : newline + 1;
        this.line += input.toString('latin1', offset, end);
        offset = end;
        if (newline < 0) break;
        const text = this.line.trim();
        this.line = '';
        if (this.trailer) {
          if (text === '') this.done = true;
          continue;
        }
        this.size = parseInt(text, 16);
        if (this.size === 0) this.trailer = true;
        continue;
      }
      if (this.size > 0) {
        const take = Math.min(this.size, input.length - offset);
        pending = deliver(input.subarray(offset, offset + take)) ?? pending;
        this.size -= take;
        offset += take;
        continue;
      }
      // The CRLF after a chunk's data.
      const newline = input.indexOf(10, offset);
      if (newline < 0) break;
      offset = newline + 1;
      this.size = -1;
    }
    return pending;
  }
}
