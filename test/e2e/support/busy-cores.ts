import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';

/**
 * A machine whose cores are all busy with other work: one child process spinning per core,
 * at normal priority, so the browser under test competes for every core as on a loaded laptop.
 */
export class BusyCores {
  private children: ChildProcess[] = [];

  start(count = availableParallelism()): void {
    if (this.children.length > 0) return;
    // Never left spinning behind a test runner that exits early.
    process.once('exit', () => this.stop());
    for (let i = 0; i < count; i++) {
      const child = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
      child.on('error', (err) => console.warn(`busy process failed: ${err.message}`));
      this.children.push(child);
    }
  }

  stop(): void {
    for (const child of this.children.splice(0)) child.kill('SIGKILL');
  }
}
