/**
 * A live status line per stage on a terminal (stderr), nothing otherwise:
 * cron logs stay clean and stdout stays for results.
 */
export interface Progress {
  start(label: string): void;
  end(label: string, status: string, detail?: string): void;
  stop(): void;
}

export const noProgress: Progress = { start() {}, end() {}, stop() {} };

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return noProgress;
  let timer: NodeJS.Timeout | undefined;
  let current: { label: string; t0: number } | undefined;
  let frame = 0;
  const draw = () => {
    if (!current) return;
    const s = ((Date.now() - current.t0) / 1000).toFixed(1);
    stream.write(`\r\x1b[2K${FRAMES[frame++ % FRAMES.length]} ${current.label} ${s}s`);
  };
  return {
    start(label) {
      current = { label, t0: Date.now() };
      draw();
      timer ??= setInterval(draw, 100);
      timer.unref();
    },
    end(label, status, detail) {
      const ms = current ? Date.now() - current.t0 : 0;
      const mark = status === 'failed' ? '✗' : status === 'cached' ? '·' : '✓';
      stream.write(
        `\r\x1b[2K${mark} ${label} ${status}${detail ? ` ${detail}` : ''} (${(ms / 1000).toFixed(1)}s)\n`,
      );
      current = undefined;
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      if (current) stream.write('\r\x1b[2K');
    },
  };
}
