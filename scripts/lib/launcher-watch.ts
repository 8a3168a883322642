// `kill -9` of `npm start` must not leave the server behind: the processes that launched us (npm, its
// shell, tsx) are watched, and when one disappears this process stops itself as on Ctrl+C.
import { readFileSync } from "node:fs";

/** Process names of the launch chain: npm ("npm start", "npm exec ..."), its script shell, tsx's node. */
const LAUNCHER = /^(?:npm\b.*|node|sh|dash|tsx)$/;

interface ProcInfo {
  readonly comm: string;
  readonly ppid: number;
  readonly zombie: boolean;
}

function procInfo(pid: number): ProcInfo | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // "pid (comm) state ppid ...": comm may contain spaces and parentheses, so read after the last ")".
    const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const comm = readFileSync(`/proc/${pid}/comm`, "utf8").trim();
    return { comm, ppid: Number(ppid), zombie: state === "Z" || state === "X" };
  } catch {
    return null;
  }
}

/** Our launchers, nearest first, up to and including npm itself (Linux; empty where /proc is missing). */
export function launcherChain(startPid = process.ppid): number[] {
  const chain: number[] = [];
  let pid = startPid;
  while (pid > 1 && chain.length < 6) {
    const info = procInfo(pid);
    if (!info || !LAUNCHER.test(info.comm)) break;
    chain.push(pid);
    if (info.comm.startsWith("npm")) break;
    pid = info.ppid;
  }
  return chain;
}

const gone = (pid: number) => {
  const info = procInfo(pid);
  return info === null || info.zombie;
};

/**
 * Calls `onGone` once when any launcher of this process dies (checked every `intervalMs`). Without
 * /proc (macOS), falls back to noticing that our own parent changed.
 */
export function watchLaunchers(onGone: (pid: number) => void, intervalMs = 1000): () => void {
  const chain = launcherChain();
  const parent = process.ppid;
  const timer = setInterval(() => {
    const dead = chain.find(gone) ?? (process.ppid !== parent ? parent : undefined);
    if (dead === undefined) return;
    clearInterval(timer);
    onGone(dead);
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
