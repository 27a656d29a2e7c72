// The stand-in's storage: each file's bytes under `<dataDir>/files/<key>` and one index (`<dataDir>/index.json`)
// with what UploadThing keeps about it, rewritten on every change so a restarted stand-in still serves its files.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

export type TAcl = "public-read" | "private";
export type TDisposition = "inline" | "attachment";

export type TStoredFile = {
  key: string;
  name: string;
  size: number;
  /** The type the uploader declared and the presigned URL signed; served as Content-Type. */
  type: string;
  customId: string | null;
  acl: TAcl;
  contentDisposition: TDisposition;
  /** md5 hex of the bytes, what UploadThing reports as `fileHash`. */
  fileHash: string;
  /** ms since the epoch. */
  uploadedAt: number;
  /** The file route that asked for the upload; absent for UTApi.uploadFiles. */
  slug?: string;
};

export class FileStore {
  private readonly files = new Map<string, TStoredFile>();
  private readonly dir: string;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly dataDir: string) {
    this.dir = join(dataDir, "files");
    mkdirSync(this.dir, { recursive: true });
    try {
      const saved = JSON.parse(readFileSync(join(dataDir, "index.json"), "utf8")) as TStoredFile[];
      for (const f of saved) this.files.set(f.key, f);
    } catch {
      // No index yet: an empty store.
    }
  }

  get(key: string): TStoredFile | undefined {
    return this.files.get(key);
  }

  byCustomId(customId: string): TStoredFile | undefined {
    for (const f of this.files.values()) if (f.customId === customId) return f;
    return undefined;
  }

  /** Oldest first, as UploadThing lists them. */
  list(): TStoredFile[] {
    return [...this.files.values()].sort((a, b) => a.uploadedAt - b.uploadedAt);
  }

  async put(meta: Omit<TStoredFile, "fileHash" | "uploadedAt">, bytes: Uint8Array, now: number): Promise<TStoredFile> {
    const file: TStoredFile = { ...meta, fileHash: createHash("md5").update(bytes).digest("hex"), uploadedAt: now };
    const tmp = join(this.dir, `${meta.key}.part`);
    await writeFile(tmp, bytes);
    await rename(tmp, join(this.dir, meta.key));
    this.files.set(file.key, file);
    await this.saveIndex();
    return file;
  }

  read(key: string): Promise<Buffer> {
    return readFile(join(this.dir, key));
  }

  async update(key: string, change: Partial<Pick<TStoredFile, "name" | "acl">>): Promise<boolean> {
    const f = this.files.get(key);
    if (!f) return false;
    this.files.set(key, { ...f, ...change });
    await this.saveIndex();
    return true;
  }

  async delete(key: string): Promise<boolean> {
    if (!this.files.delete(key)) return false;
    await rm(join(this.dir, key), { force: true });
    await this.saveIndex();
    return true;
  }

  /** Writes are chained so two changes never interleave their index files. */
  private saveIndex(): Promise<void> {
    const next = this.writing.then(async () => {
      const tmp = join(this.dataDir, "index.json.part");
      await writeFile(tmp, JSON.stringify(this.list()));
      await rename(tmp, join(this.dataDir, "index.json"));
    });
    this.writing = next.catch(() => undefined);
    return next;
  }
}
