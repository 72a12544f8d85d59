import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Ctx } from '../context.js';
import * as repo from './cluster.repository.js';
import { nodeState } from './nodes.js';
import { readFilesMarks, writeFilesMark } from './shared-files.repository.js';

/**
 * Several nodes keep stored files (attachments, raw mail, documents) in one directory they all mount: a file one
 * node stored must be there for the node that serves it next. Each node proves what it sees: at start it writes a
 * random token to `<filesDir>/.nodes/<node id>` and the same token to its row in the database; a node that finds
 * another live node's token in the database but not in its own files directory does not share that directory.
 */
export interface FilesMark {
  token: string;
  /** The directory as the marking node names it (another node may mount it elsewhere; shown, not compared). */
  filesDir: string;
  markedAt: string;
}

/** What this node sees of another live node's mark. */
export type FilesMarkState = 'same' | 'missing' | 'different' | 'unmarked';

export interface FilesDirView {
  nodeId: string;
  state: FilesMarkState;
  /** Where that node says its files are (unmarked: unknown). */
  filesDir: string | null;
}

export const markFile = (filesDir: string, nodeId: string) => join(filesDir, '.nodes', nodeId);

/** Compares the token a node stored in the database with what this node reads from the file of the same name. */
export function compareMark(stored: FilesMark | null, found: string | null): FilesMarkState {
  if (!stored) return 'unmarked';
  if (found === null) return 'missing';
  return found.trim() === stored.token ? 'same' : 'different';
}

function parseMark(value: string | undefined): FilesMark | null {
  if (!value) return null;
  try {
    const mark = JSON.parse(value) as Partial<FilesMark>;
    return typeof mark.token === 'string' && typeof mark.filesDir === 'string' && typeof mark.markedAt === 'string'
      ? (mark as FilesMark)
      : null;
  } catch {
    return null;
  }
}

/** Writes this node's mark: the file first (a token in the database always names a file that was written). */
export async function markFilesDir(ctx: Ctx): Promise<FilesMark> {
  const mark: FilesMark = {
    token: randomBytes(16).toString('hex'),
    filesDir: ctx.filesDir,
    markedAt: ctx.clock.now().toISOString(),
  };
  const file = markFile(ctx.filesDir, ctx.nodeId);
  await mkdir(join(ctx.filesDir, '.nodes'), { recursive: true, mode: 0o700 });
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temp, `${mark.token}\n`, { mode: 0o600 });
  await rename(temp, file);
  await writeFilesMark(ctx.db, ctx.nodeId, JSON.stringify(mark));
  return mark;
}

/** Every live node's mark as this node's files directory shows it (this node's own included when it is live). */
export async function filesDirViews(ctx: Ctx, liveMs: number): Promise<FilesDirView[]> {
  const now = ctx.clock.now().getTime();
  const live = (await repo.nodes(ctx.db)).filter((n) => nodeState(n, now, liveMs) === 'live').map((n) => n.node_id);
  const marks = await readFilesMarks(ctx.db, live);
  const views: FilesDirView[] = [];
  for (const nodeId of live.sort()) {
    const stored = parseMark(marks.get(nodeId));
    const found = await readFile(markFile(ctx.filesDir, nodeId), 'utf8').catch(() => null);
    views.push({ nodeId, state: compareMark(stored, found), filesDir: stored?.filesDir ?? null });
  }
  return views;
}

/** One line for a node that does not share this node's files directory (null: it does). */
export function filesDirProblem(view: FilesDirView, filesDir: string): string | null {
  const where = view.filesDir ? ` (it keeps its files in ${view.filesDir})` : '';
  switch (view.state) {
    case 'same':
      return null;
    case 'missing':
      return `node ${view.nodeId} does not share the files directory ${filesDir}: its mark .nodes/${view.nodeId} is not there${where}`;
    case 'different':
      return `node ${view.nodeId} does not share the files directory ${filesDir}: its mark .nodes/${view.nodeId} holds another token — a copy, or a directory another node marked since${where}`;
    case 'unmarked':
      return `node ${view.nodeId} has not marked a files directory (an older version, or it is starting)`;
  }
}

/**
 * At a node's start (PostgreSQL: several nodes): marks the files directory, then names every live node that does not
 * share it. The node that starts last finds a mismatch either way: its mark is missing for the others, theirs for it.
 */
export async function markAndCheckFilesDir(
  ctx: Ctx,
  liveMs: number,
): Promise<{ shared: string[]; problems: string[] }> {
  await markFilesDir(ctx);
  const views = await filesDirViews(ctx, liveMs);
  return {
    shared: views.filter((v) => v.state === 'same').map((v) => v.nodeId),
    problems: views.map((v) => filesDirProblem(v, ctx.filesDir)).filter((p): p is string => p !== null),
  };
}
