// File I/O for the CLI: reading sources as text with clear errors, and writing atomically.

import { closeSync, fsyncSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CliError, describeIoError } from './errors';

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Reads a source file as UTF-8 text; a binary or non-UTF-8 file is a CliError naming it. */
export function readSourceFile(path: string, shownAs: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new CliError(`${shownAs}: cannot read: ${describeIoError(error)}`);
  }
  return decodeSourceText(bytes, shownAs);
}

/**
 * A source file's bytes as text: UTF-8, a leading byte order mark dropped. Bytes that are not
 * UTF-8, or NUL bytes (a binary file), are a CliError naming the file. The fuzz tests decode
 * their random bytes through this very function.
 */
export function decodeSourceText(bytes: Uint8Array, shownAs: string): string {
  if (bytes.includes(0)) throw new CliError(`${shownAs}: not a text file (it contains NUL bytes)`);
  try {
    return decoder.decode(bytes);
  } catch {
    throw new CliError(`${shownAs}: not valid UTF-8 text`);
  }
}

/**
 * Writes through a temporary file in the same folder and renames it over the target, keeping
 * the target's mode. `content` may come in pieces, each written as it is made.
 */
export function writeFileAtomic(path: string, content: string | Iterable<string>): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  let mode: number | undefined;
  try {
    mode = statSync(path).mode & 0o7777;
  } catch {
    mode = undefined;
  }
  try {
    const fd = openSync(temporary, 'w', mode ?? 0o644);
    try {
      if (typeof content === 'string') writeSync(fd, content);
      else {
        let block = '';
        for (const piece of content) {
          block += piece;
          if (block.length >= 65_536) {
            writeSync(fd, block);
            block = '';
          }
        }
        if (block) writeSync(fd, block);
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // nothing to clean up
    }
    throw new CliError(`${path}: cannot write: ${describeIoError(error)}`);
  }
}
