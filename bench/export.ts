// The CSV export over real HTTP: one download read to the end as it arrives (the server's stream
// paced by a reader that keeps nothing), its rows a second, and the process's resident memory
// sampled all the while. The server runs in this process (as the rest of the bench's), so the peak
// is the server's, plus a client that holds one chunk at a time.
import http from 'node:http';

export interface ExportFigures {
  name: string;
  rows: number;
  megabytes: number;
  seconds: number;
  rowsPerSecond: number;
  /** Resident set size just before the download, and its highest sample during it (MiB). */
  rssBeforeMiB: number;
  rssPeakMiB: number;
}

const MiB = 1024 * 1024;
const round = (n: number) => Math.round(n * 100) / 100;

/** Downloads `url` once, counting its records (CRLF-ended lines less the header: bench data holds no line breaks). */
export async function exportDownload(
  name: string,
  url: string,
  headers: Record<string, string>,
): Promise<ExportFigures> {
  globalThis.gc?.();
  const rssBefore = process.memoryUsage.rss();
  let peak = rssBefore;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 10);
  const started = performance.now();
  try {
    const { lines, bytes } = await new Promise<{ lines: number; bytes: number }>((resolve, reject) => {
      http
        .get(url, { headers }, (res) => {
          if (res.statusCode !== 200) {
            reject(new Error(`${url} → ${res.statusCode}`));
            res.resume();
            return;
          }
          let lines = 0;
          let bytes = 0;
          res.on('data', (chunk: Buffer) => {
            bytes += chunk.length;
            for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
            peak = Math.max(peak, process.memoryUsage.rss());
          });
          res.on('end', () => resolve({ lines, bytes }));
          res.on('error', reject);
        })
        .on('error', reject);
    });
    const seconds = (performance.now() - started) / 1000;
    const rows = lines - 1;
    return {
      name,
      rows,
      megabytes: round(bytes / 1e6),
      seconds: round(seconds),
      rowsPerSecond: Math.round(rows / seconds),
      rssBeforeMiB: round(rssBefore / MiB),
      rssPeakMiB: round(peak / MiB),
    };
  } finally {
    clearInterval(sampler);
  }
}
