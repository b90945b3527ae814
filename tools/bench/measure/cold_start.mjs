// Cold start: from just before the spawn to the arrival of the initialize answer, and to the
// arrival of the tools/list answer sent right after notifications/initialized — what a host
// waits before it can show the server's tools. The initialize line is written at once; the
// pipe holds it until the server reads. Each spawn ends with stdin closed and the exit awaited.
import { StdioPeer } from '../lib/stdio_peer.mjs';

export async function coldStart(spec) {
  const peer = new StdioPeer(spec);
  try {
    const init = await peer.initialize(30_000);
    const list = await peer.request('tools/list', undefined, 30_000);
    return { start_init_ms: init.at - peer.spawnedAt, start_list_ms: list.at - peer.spawnedAt };
  } finally {
    await peer.close();
  }
}
