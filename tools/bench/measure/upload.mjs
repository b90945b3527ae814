// A 45 MB video upload: upload_video with a file_path, on a fresh server process, timed from
// the request to its answer (read, check, multipart POST to the simulator, answer), with the
// growth of the process's peak RSS (VmHWM after minus before) — how many copies of the file
// the server holds at once. Against it: curl sending the same file to the same endpoint as a
// multipart form (its own time_total), the floor of what the simulator accepts.
//
// The file is an MP4 the server's and the simulator's checks accept: ftyp, a moov whose mvhd
// states 10 s and whose tkhd states 1280x720 (the fields media sniffing reads; see
// tests/support/media_bytes.h), then an mdat of zeros up to the size.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { StdioPeer } from '../lib/stdio_peer.mjs';
import { memory } from '../lib/proc_stats.mjs';
import { API_KEY } from '../lib/simulator.mjs';

export const UPLOAD_PATH = '/openapi/v2/media/upload';

function box(type, payload) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + payload.length, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, payload]);
}

export function writeTestVideo(path, bytes) {
  const u32 = (v) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(v);
    return b;
  };
  const mvhd = Buffer.concat([Buffer.alloc(12), u32(1000), u32(10_000), Buffer.alloc(80)]); // 10 s
  const tkhd = Buffer.concat([Buffer.alloc(76), u32(1280 << 16), u32(720 << 16)]);
  const head = Buffer.concat([
    box('ftyp', Buffer.concat([Buffer.from('isom'), u32(0), Buffer.from('isom')])),
    box('moov', Buffer.concat([box('mvhd', mvhd), box('trak', box('tkhd', tkhd))])),
  ]);
  const mdatSize = bytes - head.length;
  const fd = openSync(path, 'w');
  writeSync(fd, head);
  writeSync(fd, Buffer.concat([u32(mdatSize), Buffer.from('mdat')]));
  const zeros = Buffer.alloc(1 << 20);
  for (let left = mdatSize - 8; left > 0; left -= zeros.length) writeSync(fd, zeros, 0, Math.min(left, zeros.length));
  closeSync(fd);
}

export async function uploadThroughServer(spec, file, bytes) {
  const peer = new StdioPeer(spec);
  try {
    await peer.initialize(30_000);
    const before = memory(peer.pid).hwm;
    const a = await peer.request('tools/call', { name: 'upload_video', arguments: { file_path: file } }, 300_000);
    if (a.result.isError) throw new Error(`upload_video failed: ${JSON.stringify(a.result.content)}`);
    const after = memory(peer.pid).hwm;
    return { upload_hwm_growth_mib: after - before, upload_mb_s: bytes / 1e6 / ((a.at - a.sentAt) / 1000) };
  } finally {
    await peer.close();
  }
}

export function uploadWithCurl(simUrl, file, bytes) {
  const args = ['-sS', '-H', `API-KEY: ${API_KEY}`, '-H', `Ai-trace-id: ${randomUUID()}`];
  args.push('-F', `file=@${file};type=video/mp4`, '-w', '\n%{time_total}', simUrl + UPLOAD_PATH);
  return new Promise((resolve, reject) => {
    const curl = spawn('curl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    curl.stdout.setEncoding('utf8').on('data', (t) => (out += t));
    curl.stderr.setEncoding('utf8').on('data', (t) => (err += t));
    curl.on('error', reject);
    curl.on('close', (code) => {
      const nl = out.lastIndexOf('\n');
      const body = out.slice(0, nl);
      const seconds = Number(out.slice(nl + 1));
      let ok = false;
      try {
        ok = JSON.parse(body).ErrCode === 0;
      } catch {}
      if (code !== 0 || !ok) reject(new Error(`curl upload failed (${code}): ${err || body}`));
      else resolve({ upload_mb_s: bytes / 1e6 / seconds });
    });
  });
}
