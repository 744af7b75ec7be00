/** Saving exports (CSV, PNG) through the browser's download. */

/** Offers `content` as a file download (CSV or a data: URL image). */
export function download(filename: string, content: Blob | string): void {
  const url = typeof content === 'string' ? content : URL.createObjectURL(content);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = filename;
  anchor.click();
  if (typeof content !== 'string') setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Offers a pcap file's bytes as a download. */
export function downloadPcap(filename: string, bytes: Uint8Array<ArrayBuffer>): void {
  download(filename, new Blob([bytes], { type: 'application/vnd.tcpdump.pcap' }));
}
